"""csv_stats: a toolhost tool written in Python, summarising a CSV table given
as text, with the standard library's ``csv`` and ``statistics``.

Build it into a component (``dist/csv_stats.wasm``) from this folder::

    toolhost build

and put the ``.wasm`` in the host's tools folder. The module itself knows
nothing of WebAssembly (the builder adds the glue), so its tests import it
with plain CPython. Every import is at the top of the module:
componentize-py resolves imports when it builds the component, not while a
request runs.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import statistics
from dataclasses import dataclass
from typing import Annotated, Literal

from toolhost import Context, InvalidInput, tool

#: The most rows read, so that one call's time and memory stay bounded.
MAX_ROWS = 100_000


@dataclass
class ColumnSummary:
    """What one column holds.

    Attributes:
        name: The column's header (or its number, from 1, without a header).
        kind: ``number`` when every filled-in cell is a number, else ``text``.
        filled: How many cells are not empty.
        distinct: How many different values the filled-in cells have.
        mean: The mean, for numbers.
        median: The median, for numbers.
        stdev: The sample standard deviation, for two numbers or more.
        minimum: The smallest number.
        maximum: The largest number.
        most_common: The most common value, for text.
    """

    name: str
    kind: Literal["number", "text"]
    filled: int
    distinct: int
    mean: float | None = None
    median: float | None = None
    stdev: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    most_common: str | None = None


@dataclass
class TableSummary:
    """A CSV table in numbers: its size and each column's summary."""

    rows: int
    columns: list[ColumnSummary]


@tool(title="CSV statistics", read_only=True, idempotent=True, open_world=False)
def csv_stats(
    csv_text: Annotated[str, "The table, as CSV text."],
    ctx: Context,
    *,
    delimiter: Annotated[str, "The character between cells."] = ",",
    header: Annotated[bool, "Whether the first row names the columns."] = True,
) -> TableSummary:
    """Summarises a CSV table: for each column, whether it holds numbers or
    text, how many cells are filled in, and its mean, median, spread and
    range (numbers) or most common value (text)."""
    if len(delimiter) != 1:
        raise InvalidInput(f"the delimiter is one character, not {delimiter!r}")
    rows = list(_rows(csv_text, delimiter))
    if not rows:
        raise InvalidInput("the table is empty")
    names = rows.pop(0) if header else [str(n) for n in range(1, len(rows[0]) + 1)]
    width = max([len(names), *(len(row) for row in rows)])
    names += [str(n) for n in range(len(names) + 1, width + 1)]
    columns = []
    for index, name in enumerate(names):
        cells = [row[index].strip() for row in rows if index < len(row) and row[index].strip()]
        columns.append(_summary(name, cells))
        ctx.progress(index + 1, width, f"column {name}")
    return TableSummary(len(rows), columns)


def _rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        rows = [row for row in itertools.islice(reader, MAX_ROWS + 1) if row]
    except csv.Error as error:
        raise InvalidInput(f"this is not CSV: {error}") from error
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"the table has more than {MAX_ROWS} rows")
    return rows


def _summary(name: str, cells: list[str]) -> ColumnSummary:
    numbers = _numbers(cells)
    if numbers is None:
        most_common = statistics.mode(cells) if cells else None
        return ColumnSummary(name, "text", len(cells), len(set(cells)), most_common=most_common)
    return ColumnSummary(
        name,
        "number",
        len(numbers),
        len(set(numbers)),
        mean=statistics.fmean(numbers) if numbers else None,
        median=float(statistics.median(numbers)) if numbers else None,
        stdev=statistics.stdev(numbers) if len(numbers) > 1 else None,
        minimum=min(numbers, default=None),
        maximum=max(numbers, default=None),
    )


def _numbers(cells: list[str]) -> list[float] | None:
    """The cells as numbers, or None when any is not a (finite) number."""
    try:
        numbers = [float(cell) for cell in cells]
    except ValueError:
        return None
    return numbers if all(math.isfinite(n) for n in numbers) else None
