"""A stand-in for the ``wasi:http/types`` bindings: only what
``toolhost.wasi_http`` names when it is imported, so the glue imports
natively. The transport itself runs only in a component (tests/python_sdk.rs
calls a built tool against a server on 127.0.0.1); the names here are
checked against componentize-py's in tests/test_fake_bindings.py."""

from dataclasses import dataclass


@dataclass
class Method_Get:
    pass


@dataclass
class Method_Head:
    pass


@dataclass
class Method_Post:
    pass


@dataclass
class Method_Put:
    pass


@dataclass
class Method_Delete:
    pass


@dataclass
class Method_Options:
    pass


@dataclass
class Method_Patch:
    pass
