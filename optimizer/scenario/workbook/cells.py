"""What a workbook read is made of: the cells' origins, the book of sheets, a cell's clean value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from optimizer.scenario.tables import Origin, Table


@dataclass(frozen=True)
class CellOrigin(Origin):
    """A value written in one cell: messages name its row, key path and column."""

    row: int = 0
    column: str = ""

    def where(self, path: tuple) -> str:
        key = ".".join(str(p) for p in path)
        return f"row {self.row}" + (f" ({key})" if key else "") + f", column {self.column}"


@dataclass
class Book:
    """A workbook read: the scenario keys, tables, priority set, overrides, cell origins."""

    data: dict = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    priorities: dict | None = None
    overrides: dict[str, dict] = field(default_factory=dict)
    origins: dict[tuple, Origin] = field(default_factory=dict)


def clean(value: object) -> object:
    """A cell's value as a CSV reader would see it: text stripped, an empty cell ``""``, a whole
    float an int (``2025.0`` -> ``2025``); numbers and booleans stay what they are."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value
