"""The ``server`` export's protocol; the glue's class subclasses it."""

from typing import Protocol


class Server(Protocol):
    pass
