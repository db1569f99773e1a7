"""Stand-in for the bindings componentize-py generates for the world
``server-component`` (``componentize-py -d wit/v0.2 -w server-component
bindings``), so the glue unit-tests under CPython. The names and fields are
the generated ones; ``tests/test_fake_bindings.py`` checks that they still
are whenever componentize-py is installed."""
