"""The Excel workbook of a comparison: the plans side by side, then the comparison's tables.

Accepts what ``view.compare.runs_of`` accepts: an ``optimizer.compare.Comparison`` (its tables
and its runs' ``Results``), a mapping ``{name: Results}`` or a list of ``Results``. Without a ``Comparison`` the tables are built by ``compare.compare_results`` from
the runs (the reference first), under the names given.

The first sheet has one column per plan: status (loudly), priorities, the harm score and its
change against the reference (``value[run] - value[reference]``), the shortfall, savings per
year and their change, the largest share of a board, result and balance in the last year, the
binding requirements, and the actions entering and leaving against the reference. Then the
actions by plan (where the full results are known) and one sheet per comparison table.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.analysis.compare import Comparison, compare_results
from optimizer.report.excel.charts import print_ready
from optimizer.report.excel.columns import (
    ACTION,
    BOARD,
    CATEGORY,
    COMPARE_SHEETS,
    board_action_pairs,
    compare_columns,
)
from optimizer.report.excel.sheets import (
    COUNT,
    MSEK,
    SHARE,
    Col,
    fit_widths,
    header,
    put,
    save_atomically,
    table_sheet,
)
from optimizer.report.excel.workbook import NOTE_FONT, STATUS_FILL, TITLE_FONT
from optimizer.report.view.blocks import changes_shown
from optimizer.report.view.compare import CompareView
from optimizer.report.view.price import priority_price
from optimizer.report.words.labels import Labels


def compare_workbook(comparison: object, L: Labels) -> Workbook:
    """The comparison's workbook (not yet saved)."""
    cv = CompareView(comparison, L)
    tables = comparison_tables(comparison, cv)
    years = [int(y) for y in cv.years] or sorted(
        {int(c.split("_")[-1]) for c in tables["summary"].columns if c.startswith("savings_")}
    )
    wb = Workbook()
    names = dict(cv.ref.s.get("names") or {})  # boards and actions by name, not id
    names["overrides"] = {  # every run's overrides by their labels
        o: label
        for _, r in cv.runs
        for o, label in (r.summary.get("names") or {}).get("overrides", {}).items()
    }
    plans_sheet(wb.active, cv, tables, years, L)
    by_plan = actions_by_plan(cv)
    if by_plan is not None:
        cols = [BOARD, ACTION, CATEGORY] + [
            Col(n, f"{n} (MSEK/yr)", f"{n} (mnkr/år)", MSEK) for n in cv.names
        ]
        lead = L("cmp_actions_lead")
        table_sheet(wb, L("cmp_by_plan"), by_plan, cols, L, names, lead=lead)
    for name, titles in COMPARE_SHEETS.items():
        frame = tables.get(name)
        if frame is not None:
            table_sheet(wb, titles[L.lang == "sv"], frame, compare_columns(name, years), L, names)
    wb.properties.creator = "balansplan"
    wb.properties.title = L("compare_title")
    print_ready(wb)
    return wb


def comparison_tables(comparison: object, cv: CompareView) -> dict[str, pd.DataFrame]:
    """The ``Comparison`` tables: the object's own, or built from the runs under their names."""
    if isinstance(comparison, Comparison):  # its runs by the names the reader sees
        shown = cv.shown
        tables = {
            name: frame.assign(run=frame["run"].map(lambda r: shown.get(r, r)))
            if "run" in frame
            else frame
            for name, frame in comparison.tables.items()
        }
        return _labelled(tables, cv)
    runs = sorted(cv.runs, key=lambda nr: nr[0] != cv.reference)  # the reference first
    built = compare_results([(n, n, r) for n, r in runs])
    rename = dict(zip(built.meta["runs"], [n for n, _ in runs], strict=True))
    out = {}
    for name, frame in built.tables.items():
        out[name] = frame.assign(run=frame["run"].map(rename)) if "run" in frame else frame
    return _labelled(out, cv)


def _labelled(tables: dict[str, pd.DataFrame], cv: CompareView) -> dict[str, pd.DataFrame]:
    """The summary's priority sets by their labels in the reader's language."""
    summary = tables.get("summary")
    if summary is not None and {"run", "priorities"} <= set(summary.columns):
        shown = {n: v.priorities() for n, v in cv.views.items()}
        tables["summary"] = summary.assign(
            priorities=[
                shown.get(r, p) for r, p in zip(summary["run"], summary["priorities"], strict=True)
            ]
        )
    return tables


def plans_sheet(ws: Worksheet, cv: CompareView, tables: dict, years: list[int], L: Labels):
    """One column per plan: the headline numbers and the price of each priority."""
    ws.title = "Jämförelse" if L.lang == "sv" else "Comparison"
    scenario = str(cv.ref.s.get("scenario", ""))
    put(ws, 1, 1, f"{L('compare_title')}: {scenario}").font = TITLE_FONT
    put(ws, 2, 1, L("cmp_lead", ref=cv.reference)).font = NOTE_FONT
    head_row = 4
    header(
        ws,
        head_row,
        [""] + [f"{n} ({L('reference')})" if n == cv.reference else n for n in cv.names],
    )
    summary = tables["summary"].set_index("run") if "run" in tables["summary"] else pd.DataFrame()
    row = head_row + 1

    def line(label: str, values: list, fmt: str | None = None, tones=None, bold=False) -> None:
        nonlocal row
        put(ws, row, 1, label, bold=bold)
        for j, value in enumerate(values):
            put(ws, row, j + 2, value, fmt, tones[j] if tones else "")
        row += 1

    def column(key: str) -> list:
        if key not in summary.columns:
            return [None] * len(cv.names)
        return [summary[key].get(n) if n in summary.index else None for n in cv.names]

    statuses = [cv.views[n].status_brief() for n in cv.names]
    tones = [cv.views[n].status()[1] for n in cv.names]
    line(L("status"), statuses, tones=tones, bold=True)
    for j, tone in enumerate(tones):
        cell = ws.cell(row=row - 1, column=j + 2)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=STATUS_FILL.get(tone, "5F6368"))
    said = ["\n".join(priority_price(cv, n)) or None for n in cv.names]
    if any(said):  # what each priority costs, in money and decisions
        line(L("price_title", name="").rstrip(" ?") + "?", said, bold=True)
        for j in range(len(cv.names)):
            cell = ws.cell(row=row - 1, column=j + 2)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row - 1].height = 15 * max(
            (len(t or "") // 40 + (t or "").count("\n") + 1) for t in said
        )
    line(L("priorities"), column("priorities"))
    line(L("overrides"), [", ".join(changes_shown(cv.views[n].s, L.lang)) for n in cv.names])
    extra = L("cmp_change")
    line(f"{L('shortfall')} ({L('unit')})", column("total_shortfall"), MSEK)
    line(f"{L('shortfall')}, {extra}", column("extra_shortfall"), MSEK)
    for y in years:
        line(f"{L('sec_savings_year')} {y} ({L('unit')})", column(f"savings_{y}"), MSEK, bold=True)
    for y in years:
        line(f"{L('sec_savings_year')} {y}, {extra}", column(f"extra_savings_{y}"), MSEK)
    if years:
        line(L("cmp_largest", year=years[-1]), column("largest_share"), SHARE)
        line(
            L("cmp_largest_board"),
            [cv.ref.board(b) if b else b for b in column("largest_share_board")],
        )
        region = tables.get("region")
        for key in ("result", "balance"):
            values = [_region_at(region, n, years[-1], key) for n in cv.names]
            line(f"{L(key)} {years[-1]} ({L('unit')})", values, MSEK)
    binding = [float(len(cv.views[n].prices(False, top=10**9)[0])) for n in cv.names]
    line(L("binding_count"), binding, COUNT)
    line(L("cmp_entering"), column("actions_entering"), COUNT)
    line(L("cmp_leaving"), column("actions_leaving"), COUNT)
    names = cv.ref.s.get("names") or {}
    line(L("cmp_entering"), [board_action_pairs(L, names, v) for v in column("entering")])
    line(L("cmp_leaving"), [board_action_pairs(L, names, v) for v in column("leaving")])
    row += 1  # the appendix: the harm score compares plans of one priority set only
    line(L("sec_appendix"), [L("cmp_harm_lead")], bold=True)
    line(L("impact"), column("impact"), MSEK, bold=True)
    line(f"{L('impact')}, {extra}", column("extra_impact"), MSEK)
    fit_widths(ws, header_row=head_row)
    ws.column_dimensions["A"].width = 44
    ws.freeze_panes = ws.cell(row=head_row + 1, column=2)
    ws.sheet_view.showGridLines = False


def actions_by_plan(cv: CompareView) -> pd.DataFrame | None:
    """Total full effect per (board, action, category) by plan (MSEK/yr); ``None`` where the
    runs' actions are not known (a comparison rebuilt from its tables)."""
    parts = []
    for n, r in cv.runs:
        actions = r.tables.get("actions")
        if actions is None:
            return None
        if actions.empty:
            continue
        sums = actions.groupby(["board", "action", "category"])["amount"].sum()
        parts.append(sums.rename(n))
    if not parts:
        return None
    wide = pd.concat(parts, axis=1).reindex(columns=cv.names)
    wide = wide.where(wide.abs() > 1e-6)
    return wide.reset_index().sort_values(["board", "action"]).reset_index(drop=True)


def _region_at(region: pd.DataFrame | None, run: str, year: int, key: str) -> float | None:
    if region is None or region.empty or key not in region:
        return None
    hit = region[(region["run"] == run) & (region["year"] == year)][key]
    value = float(hit.iloc[0]) if len(hit) else math.nan
    return None if math.isnan(value) else value


def write_compare(comparison: object, path: str | os.PathLike, lang: str = "en") -> Path:
    """Write the workbook of a comparison (see ``compare_workbook``); returns the path."""
    return save_atomically(compare_workbook(comparison, Labels(lang)), path)
