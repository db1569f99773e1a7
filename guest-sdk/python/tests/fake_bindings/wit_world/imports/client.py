"""The ``client`` import, recording each call in ``SENT``."""

from dataclasses import dataclass
from enum import Enum
from typing import Any, Union


class LogLevel(Enum):
    DEBUG = 0
    INFO = 1
    NOTICE = 2
    WARNING = 3
    ERROR = 4
    CRITICAL = 5
    ALERT = 6
    EMERGENCY = 7


@dataclass
class LogData_Message:
    value: str


@dataclass
class LogData_Json:
    value: str


LogData = Union[LogData_Message, LogData_Json]

SENT: list[tuple[Any, ...]] = []


def report_progress(progress: float, total: float | None, message: str | None) -> None:
    SENT.append(("progress", progress, total, message))


def log(level: LogLevel, logger: str | None, data: LogData) -> None:
    SENT.append(("log", level, logger, data))
