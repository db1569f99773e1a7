"""A stand-in for the ``wasi:io/streams`` bindings (see ``wasi_http_types``)."""
