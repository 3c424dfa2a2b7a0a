"""Cells and tables of the Excel reports (openpyxl), formatted for people and safe to open.

Safety: every text is written as a string cell (``data_type = "s"``), never as a formula, and a
text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return also gets Excel's
quote prefix, so that editing the cell later does not turn it into one either. The workbook
holds no formula at all. Characters a workbook cannot hold (control characters) are dropped.

Formatting: numbers stay numbers (so they sum and sort) with a number format: MSEK with one
decimal and thousands separators (``#,##0.0``; Excel shows ``1 234,5`` in a Swedish locale),
prices with two, weights with three, shares as percentages, years without separators. Header
rows are bold on grey, frozen, with an autofilter; widths follow the content.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.report.words.labels import Labels

RISKY = ("=", "+", "-", "@", "\t", "\r")
MSEK, PRICE, WEIGHT, SHARE, YEAR, COUNT = "#,##0.0", "#,##0.00", "0.000", "0.0%", "0", "#,##0"
NUM = "#,##0.0##"  # a value in mixed units (MSEK or a weight): up to three decimals
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
FILLS = {
    "bad": PatternFill("solid", fgColor="FCE8E6"),
    "good": PatternFill("solid", fgColor="E6F4EA"),
    "at": PatternFill("solid", fgColor="F1F1F1"),
}
FONTS = {"bad": Font(color="B3261E", bold=True), "good": Font(color="1B7A3D")}
MAX_WIDTH = 60


def plain(value: object) -> object:
    """A value a cell can hold: numpy scalars as Python ones, NaN/None as ``None``, infinities
    as the text ``∞``/``-∞``, texts without illegal characters."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "∞" if value > 0 else "-∞"
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: object,
    fmt: str | None = None,
    tone: str = "",
    bold: bool = False,
):
    """Write one cell: a text always as a string (never a formula), a number with ``fmt``."""
    cell = ws.cell(row=row, column=col)
    value = plain(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would take a leading '=' for a formula
        if value.startswith(RISKY):
            cell.quotePrefix = True
        if value in ("∞", "-∞"):
            cell.alignment = Alignment(horizontal="right")
    elif fmt and isinstance(value, int | float) and not isinstance(value, bool):
        cell.number_format = fmt
    if tone in FILLS:
        cell.fill = FILLS[tone]
    if tone in FONTS or bold:
        font = FONTS.get(tone, Font())
        cell.font = Font(bold=True, color=font.color) if bold else font
    return cell


def header(ws: Worksheet, row: int, labels: Sequence[str], col: int = 1) -> None:
    """A bold header row on grey, wrapped."""
    for j, label in enumerate(labels):
        cell = put(ws, row, col + j, label, bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def fit_widths(ws: Worksheet, minimum: int = 8, header_row: int | None = None) -> None:
    """Column widths from the longest shown value (a header counts up to 30 characters)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or type(cell).__name__ == "MergedCell":
                continue
            if header_row is not None and cell.row < header_row:
                continue  # a lead sentence above the header runs over the columns
            if isinstance(cell.value, float):
                n = len(f"{cell.value:,.2f}")
            else:
                n = max(len(line) for line in str(cell.value).split("\n"))
            if header_row is not None and cell.row == header_row:
                n = min(n, 30)
            widths[cell.column] = max(widths.get(cell.column, 0), n)
    for col, n in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(minimum, min(MAX_WIDTH, n + 2))


@dataclass(frozen=True)
class Col:
    """One column of a table sheet: the results column, its header (en, sv), a number format
    (``None``: text) and how its values are shown (``show(L, view, value) -> value``)."""

    key: str
    en: str
    sv: str
    fmt: str | None = None
    show: Callable | None = None

    def head(self, L: Labels) -> str:
        return self.sv if L.lang == "sv" else self.en


def yes_no(L: Labels, _view, value) -> str:
    truth = str(value).strip().lower() in ("true", "1", "1.0")
    return ("Ja" if truth else "Nej") if L.lang == "sv" else ("Yes" if truth else "No")


def category(L: Labels, _view, value) -> object:
    return L.category(value) if plain(value) is not None else None


def family(L: Labels, _view, value) -> object:
    return L.family(value) if plain(value) is not None else None


def year(_L: Labels, _view, value) -> object:
    value = plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def table_sheet(
    wb: Workbook,
    title: str,
    frame: pd.DataFrame | None,
    cols: Sequence[Col],
    L: Labels,
    view: object = None,
    lead: str = "",
) -> Worksheet:
    """A sheet holding ``frame``'s ``cols`` (those present): header row, values, formats.

    With ``lead`` the first row holds that sentence and the header is the second row. The
    header row is frozen and carries an autofilter.
    """
    ws = wb.create_sheet(title)
    frame = pd.DataFrame() if frame is None else frame
    cols = [c for c in cols if c.key in frame.columns or c.key.startswith("_")]
    top = 1
    if lead:
        put(ws, 1, 1, lead).font = Font(italic=True, color="5F6368")
        top = 2
    header(ws, top, [c.head(L) for c in cols])
    for i, record in enumerate(frame.to_dict("records")):
        for j, c in enumerate(cols):
            value = record.get(c.key)
            if c.show is not None:
                value = c.show(L, view, value if not c.key.startswith("_") else record)
            put(ws, top + 1 + i, j + 1, value, c.fmt)
    ws.freeze_panes = ws.cell(row=top + 1, column=1)
    if cols:
        last = get_column_letter(len(cols))
        ws.auto_filter.ref = f"A{top}:{last}{top + max(len(frame), 1)}"
    fit_widths(ws, header_row=top)
    return ws


def save_atomically(wb: Workbook, path: str | os.PathLike) -> Path:
    """Save ``wb`` to a temporary sibling of ``path`` and rename it into place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".xlsx", dir=target.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
