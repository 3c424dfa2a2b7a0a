"""The follow-up report as an Excel workbook (MODEL.md 10.3): the first sheet the deviation
bridge of each closed year, then costs by board, the actions and the deadlines, one sheet each,
with the headings in the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from optimizer.report.view.blocks import Table
from optimizer.report.view.follow_up import FollowUpView
from optimizer.round.follow_up import FollowUp


def _sheet(
    wb: Workbook, title: str, tables: list[Table], lang: str, first: bool = False
) -> None:
    ws = wb.active if first else wb.create_sheet()
    ws.title = re.sub(r"[\[\]:*?/\\]", "", title).strip()[:31]  # what Excel allows
    for table in tables:
        ws.append(table.columns)
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([_value(v, n, lang) for v, n in zip(row, table.numeric, strict=True)])
        ws.append([])
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))


def _value(text: str, numeric: bool, lang: str):
    """A number cell as a number (the view writes it for reading: thousands separated, a
    decimal comma in Swedish, a typographic minus); a percentage stays text."""
    if not numeric or not text or "%" in text:
        return text
    plain = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-")
    plain = plain.replace(",", ".") if lang == "sv" else plain.replace(",", "")
    try:
        return float(plain)
    except ValueError:
        return text


def write_follow_up_xlsx(f: FollowUp, path: str | Path, lang: str = "en") -> None:
    """Write the workbook to ``path``."""
    view = FollowUpView(f, lang)
    L = view.L
    wb = Workbook()
    bridges = [view.bridge_table(t) for t in view.years]
    _sheet(wb, L("fu_bridge", year="").strip(), bridges, lang, first=True)
    _sheet(wb, L("fu_boards"), [view.boards()], lang)
    _sheet(wb, L("fu_actions"), [view.actions()], lang)
    _sheet(wb, L("fu_deadlines"), [view.deadlines()], lang)
    wb.save(path)
