"""The Excel report of one solve (``write_report``) and of a comparison (``write_compare``).

One workbook (openpyxl): a summary sheet for people (the status loudly, the headline numbers,
savings per year with their share of the boards' costs, the result against its target and the
accumulated balance against the milestones per year, savings by board and by kind of action,
what each binding requirement costs, and where the numbers come from), then one sheet per
results table (``optimizer/results/core.py``) with headers in words and units. Numbers stay
numbers, formatted (``excel/sheets.py``); nothing is a formula, and no text can become one.
The same words as the HTML report (``labels.py``, ``view.py``); the file is written atomically.

Definitions as in ``view.py``: savings in year ``t`` are ``sum_b E[b,t]``, their share is that
over ``sum_b base[b,t]``; a requirement's price is its dual (the fall in the objective per MSEK
by which it is loosened).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.report.excel import charts
from optimizer.report.excel.columns import RESULT_COLUMNS, RESULT_SHEETS
from optimizer.report.excel.sheets import (
    MSEK,
    PRICE,
    SHARE,
    YEAR,
    header,
    put,
    save_atomically,
    table_sheet,
)
from optimizer.report.view import summary
from optimizer.report.view.blocks import changes_shown
from optimizer.report.view.plan import View
from optimizer.report.words.labels import Labels
from optimizer.results.core import Results

SUMMARY = ("Summary", "Sammanfattning")
TITLE_FONT = Font(bold=True, size=16)
SECTION_FONT = Font(bold=True, size=13)
NOTE_FONT = Font(italic=True, color="5F6368")
STATUS_FILL = {"good": "1B7A3D", "bad": "B3261E"}
TOL = 1e-6


def write_report(results: Results, path: str | os.PathLike, lang: str = "en") -> Path:
    """Write the workbook of one solve to ``path`` (atomically); returns the path."""
    L = Labels(lang)
    wb = Workbook()
    summary_sheet(wb.active, results, L)
    names = results.summary.get("names") or {}
    for name, cols in RESULT_COLUMNS.items():
        frame = results.tables.get(name)
        if frame is not None:
            title = RESULT_SHEETS[name][lang == "sv"]
            table_sheet(wb, title, frame, cols, L, names)
    wb.properties.creator = "balansplan"
    wb.properties.title = f"{L('title')}: {results.summary.get('scenario', '')}"
    charts.print_ready(wb)
    return save_atomically(wb, path)


class Sheet:
    """A summary sheet filled from the top: ``row`` is the next free row."""

    def __init__(self, ws: Worksheet):
        self.ws, self.row = ws, 1

    def title(self, text: str) -> None:
        put(self.ws, self.row, 1, text).font = TITLE_FONT
        self.row += 1

    def note(self, text: str, plain: bool = False) -> None:
        """A sentence across the sheet's width (columns A-F), wrapped."""
        if text:
            cell = put(self.ws, self.row, 1, text)
            if not plain:
                cell.font = NOTE_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=6)
            lines = max(1, -(-len(text) // 120))  # about 120 characters a line over A-F
            self.ws.row_dimensions[self.row].height = 15 * lines + 2
            self.row += 1

    def status(self, text: str, tone: str, width: int = 8) -> None:
        """The status in white on green or red across ``width`` columns."""
        self.row += 1
        cell = put(self.ws, self.row, 1, text)
        cell.font = Font(bold=True, size=14, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=STATUS_FILL.get(tone, "5F6368"))
        cell.alignment = Alignment(vertical="center")
        self.ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=width)
        self.ws.row_dimensions[self.row].height = 26
        self.row += 2

    def section(self, text: str, lead: str = "") -> None:
        put(self.ws, self.row, 1, text).font = SECTION_FONT
        self.row += 1
        self.note(lead)

    def table(self, head: list[str] | None, rows: list[list], fmts: list, tones=None) -> None:
        """A header row (unless ``None``), then ``rows`` with formats ``fmts`` by column."""
        if head is not None:
            header(self.ws, self.row, head)
            self.row += 1
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                tone = tones[i][j] if tones else ""
                put(self.ws, self.row, j + 1, value, fmts[j], tone)
            self.row += 1
        self.row += 1


def summary_sheet(ws: Worksheet, results: Results, L: Labels) -> None:
    """The summary: status, headline numbers, the paths by year, savings, prices, about."""
    ws.title = SUMMARY[L.lang == "sv"]
    view, s, sheet = View(results, L), results.summary, Sheet(ws)
    sheet.title(f"{L('title')}: {s.get('scenario', '')}")
    overrides = ", ".join(changes_shown(s, L.lang)) or L("none")
    sheet.note(f"{L('priorities')}: {view.priorities()} · {L('overrides')}: {overrides}")
    text, tone = view.status()
    sheet.status(text, tone)
    if view.conflict():
        sheet.section(L("conflict_title"))
        for line in view.conflict():
            put(ws, sheet.row, 1, line, tone="bad")
            sheet.row += 1
        sheet.row += 1
    if view.has_plan:
        plan_sections(sheet, view, results, L)
    else:
        sheet.note(L("no_plan"))
        sheet.row += 1
    sheet.section(L("sec_about"))
    sheet.table(None, [list(pair) for pair in view.about()], [None, None])
    widths(ws)
    ws.sheet_view.showGridLines = False


def widths(ws: Worksheet, first: int = 58, others: int = 15) -> None:
    """Fixed widths: a wide label column, then narrow number columns (a longer text, such as
    the inputs hash, runs on over the empty cells to its right)."""
    ws.column_dimensions["A"].width = first
    for col in range(2, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(col)].width = others


def plan_sections(sheet: Sheet, view: View, results: Results, L: Labels) -> None:
    region, boards = results.region, results.boards
    sheet.section(L("sec_summary"))
    for text in summary.sentences(view):
        sheet.note(text, plain=True)
    sheet.row += 1
    sheet.section(L("cmp_headline"))
    rows, tones = headline_rows(view, results, L)
    sheet.table(None, rows, [None, MSEK, None, MSEK], tones)
    sheet.note(L("impact_help"))
    sheet.row += 1
    for year in summary.deadline_years(view):
        head, _ = summary.bridge_table(view, summary.bridge(view, year))
        br = summary.bridge(view, year)
        values = [[label, value, value / br.revenue if br.revenue else None]
                  for label, value, _ in br.steps]  # fmt: skip
        if not math.isnan(br.requirement):
            values.append([L("bridge_requirement"), br.requirement, br.requirement / br.revenue])
        sheet.section(L("sec_bridge", year=year), L("bridge_lead_table"))
        sheet.table([head[0], f"{L('result')} ({L('unit')})", head[2]], values, [None, MSEK, SHARE])
    short = results.tables.get("shortfall")
    if short is not None and not short.empty:
        t = view.shortfall()
        sheet.section(L("shortfall_title"), L("shortfall_lead"))
        values = [
            [r[0], *short.iloc[i][["target", "value", "shortfall"]]] for i, r in enumerate(t.rows)
        ]
        sheet.table(
            t.columns, values, [None, MSEK, MSEK, MSEK], [["", "", "", "bad"]] * len(values)
        )
    saved = boards.groupby("year")[["effect", "baseline"]].sum()
    sheet.section(L("sec_savings_year"))
    first = sheet.row + 1
    sheet.table(
        [L("year"), f"{L('sec_savings_year')} ({L('unit')})", L("share_col", year="").strip()],
        [
            [int(y), float(r.effect), r.effect / r.baseline if r.baseline > 0 else None]
            for y, r in saved.iterrows()
        ],
        [YEAR, MSEK, SHARE],
    )
    charts.savings_chart(
        sheet.ws, first, first + len(saved) - 1, L("sec_savings_year"), L("unit"), f"E{first - 1}"
    )
    sheet.row = max(sheet.row, first + 14)
    sheet.section(L("sec_result"), L("sec_result_lead") + " " + L("sec_balance_lead"))
    rows, tones = [], []
    for r in region.itertuples():
        rows.append([int(r.year), r.result, r.target, r.balance, r.milestone])
        tones.append(["", _tone(r.result, r.target), "", _tone(r.balance, r.milestone), ""])
    head = [L("year"), L("result"), L("target"), L("balance"), L("milestone")]
    first = sheet.row + 1
    sheet.table(
        [f"{h} ({L('unit')})" if i else h for i, h in enumerate(head)],
        rows,
        [YEAR] + [MSEK] * 4,
        tones,
    )
    charts.result_chart(
        sheet.ws, first, first + len(rows) - 1, L("sec_result"), L("unit"), f"G{first - 1}"
    )
    sheet.row = max(sheet.row, first + 14)
    for by, title in (("board", "sec_board"), ("category", "sec_category")):
        m = view.savings_matrix(by)
        sheet.section(L(title), L("sec_savings_lead"))
        name = view.board if by == "board" else L.category
        rows = [[name(k), *[float(v) for v in m.loc[k]]] for k in m.index]
        if len(m):
            rows.append([L("total"), *[float(v) for v in m.sum()]])
        head = [L("board") if by == "board" else L("category"), *[int(y) for y in m.columns]]
        sheet.table(head, rows, [None] + [MSEK] * len(m.columns))
    labels, prices, more = view.prices(False)
    sheet.section(L("sec_duals"), L("sec_duals_lead", objective=view.objective_words()))
    if labels:
        sheet.table(
            [L("requirement"), L("price")],
            [list(p) for p in zip(labels, prices, strict=True)],
            [None, PRICE],
        )
        if more:
            sheet.row -= 1
            sheet.note(L("more_rows", n=more))
            sheet.row += 1
    else:
        sheet.note(view.no_prices())
        sheet.row += 1


def headline_rows(view: View, results: Results, L: Labels) -> tuple[list[list], list[list[str]]]:
    """Rows ``[label, value, compared with, its value]`` and their tones."""
    s, region, boards = results.summary, results.region, results.boards
    rows, tones = [], []
    if s.get("total_shortfall"):
        rows.append([L("short_by"), float(s["total_shortfall"]), L("unit"), None])
        tones.append(["bad", "bad", "", ""])
    last = view.years[-1]
    at_last = boards[boards["year"] == last]
    saving, base = float(at_last["effect"].sum()), float(at_last["baseline"].sum())
    share = L("savings_share", share=L.percent(saving / base)) if base > 0 else ""
    rows.append([L("savings_last", year=last), saving, share, None])
    tones.append([""] * 4)
    for value, bound, key, bound_key in (
        ("result", "target", "result_year", "target"),
        ("balance", "milestone", "balance_year", "milestone"),
    ):
        marked = region.dropna(subset=[bound])
        if marked.empty:
            continue
        r = marked.iloc[-1]
        tone = _tone(r[value], r[bound]) or "good"
        label = L(key, year=L.year(r["year"]))
        rows.append([label, float(r[value]), L(bound_key), float(r[bound])])
        tones.append(["", tone, "", ""])
    rows.append([L("impact"), _num(s.get("impact")), L("impact_note"), None])
    tones.append([""] * 4)
    return rows, tones


def _tone(value: float, bound: float) -> str:
    if bound is None or (isinstance(bound, float) and math.isnan(bound)):
        return ""
    return "bad" if value < bound - TOL else ""


def _num(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number
