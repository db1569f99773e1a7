"""The ``log`` import, recording each line in ``LINES``."""

from enum import Enum


class Level(Enum):
    TRACE = 0
    DEBUG = 1
    INFO = 2
    WARN = 3
    ERROR = 4


LINES: list[tuple[Level, str]] = []


def log(level: Level, message: str) -> None:
    LINES.append((level, message))
