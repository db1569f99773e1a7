"""A stand-in for the ``wasi:http/outgoing-handler`` bindings (see
``wasi_http_types``): natively nothing is sent."""
