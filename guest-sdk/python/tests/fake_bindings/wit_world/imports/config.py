"""The ``config`` import, granting what ``GRANTED`` holds."""

GRANTED: dict[str, str] = {}


def get(name: str) -> str | None:
    return GRANTED.get(name)
