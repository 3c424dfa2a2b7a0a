"""Writing an input workbook: ``balansplan template OUT.xlsx [--from SCENARIO] [--use ...]``.

Without a scenario the workbook is a blank form (the sheets, their columns and the main
scenario keys with explanations). From a scenario it holds that scenario as composed (after
``use``, the ``priorities`` argument and ``sets``, in ``load_scenario``'s order), so that
``load_scenario`` of the workbook gives the same ``Inputs``:

- ``scenario``: every key as one row per leaf key path (a list or an empty mapping as YAML
  text, ``[2025, 2026]``), the scenario's ``name`` always, and every named override as
  ``overrides.NAME.key.path`` rows;
- ``boards``, ``frames``, ``actions``, ``potentials``: the tables' rows as written (numbers as
  numbers, a ramp as ``0.5;1.0``);
- ``priorities``: the composed priority set, one row per weight, protection and floor.

Each sheet has a help sentence in its first row and a help text per column in the second; the
header is the third row. Texts are written as string cells, never formulas. Written atomically.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from optimizer.report.excel.sheets import save_atomically
from optimizer.report.words.template_help import (
    COLUMN_HELP,
    FREE_TEXT_HELP,
    KEY_HELP,
    SETTING_HELP,
    SHEET_HELP,
    WORDS,
)
from optimizer.scenario.checks.core import TOP_KEYS
from optimizer.scenario.checks.tables import COLUMNS
from optimizer.scenario.compose import Composed, finish_priorities
from optimizer.scenario.files import load_file
from optimizer.scenario.load import (
    SCENARIOS_DIR,
    apply_priorities_argument,
    load_scenario,
    scenario_file,
)
from optimizer.scenario.overrides import apply_sets, apply_use
from optimizer.scenario.tables import TABLE_NAMES, Table

NUMERIC = {
    "cost0", "pshare", "frame0", "uprate", "volume", "oneoff", "capex", "life", "earliest",
    "latest", "weight", "pot", "year", "frame",
}  # fmt: skip
PRIORITY_COLUMNS = ("setting", "board", "category", "action", "year", "value", "note")
BLANK_KEYS = (
    "name", "description", "years.first", "years.last", "economy.revenue.base",
    "economy.revenue.growth", "economy.grants", "economy.financial", "economy.central",
    "drivers.wage", "drivers.price", "index_effects", "targets.result",
    "targets.result_share", "balance.deficits", "balance.exempt", "balance.restore_within",
    "frames_decided_through", "requirements", "tail_years", "limits.pace", "priorities",
    "objective",
)  # fmt: skip
RISKY = ("=", "+", "-", "@", "\t", "\r")
_INT = re.compile(r"[+-]?\d+")
HELP_FONT = Font(italic=True, color="5F6368")
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")


def write_template(
    out: str | os.PathLike,
    source: str | os.PathLike | None = None,
    use: Sequence[str] = (),
    sets: Sequence[str] = (),
    priorities: str | None = None,
    lang: str = "en",
) -> Path:
    """Write the input workbook to ``out`` (atomically): blank, or holding ``source``.

    ``source`` is checked first (``load_scenario``), so a workbook is only written from a
    valid scenario; ``InputError`` otherwise. ``use``, ``sets`` and ``priorities`` need a
    ``source`` (``ValueError``).
    """
    if source is None and (use or sets or priorities is not None):
        raise ValueError("use, sets and priorities need a scenario to start from")
    comp, name = (None, "") if source is None else compose(source, use, sets, priorities)
    wb = template_workbook(comp, name, lang, str(source) if source is not None else "")
    return save_atomically(wb, out)


def compose(source, use: Sequence[str], sets: Sequence[str], priorities) -> tuple[Composed, str]:
    """The composed scenario (stages 1-4 of ``load_scenario``) and its checked name."""

    inputs = load_scenario(source, use=use, sets=sets, priorities=priorities)
    file, shown, _ = scenario_file(source)
    comp = load_file(file, shown, SCENARIOS_DIR / "priorities")
    apply_use(comp, list(use))
    if priorities is not None:
        apply_priorities_argument(comp, priorities)
    apply_sets(comp, list(sets))
    finish_priorities(comp)
    if isinstance(comp.data.get("priorities"), dict):
        comp.data["priorities"].setdefault("name", inputs.priorities.name)
    return comp, inputs.name


def template_workbook(comp: Composed | None, name: str, lang: str, source: str = "") -> Workbook:
    """The workbook of ``comp`` (``None``: a blank form), help texts in ``lang``."""
    i = int(lang == "sv")
    wb = Workbook()
    wb.properties.creator = "balansplan"  # results.folder.is_our_file: --force may replace it
    readme(wb.active, i, source)
    data = comp.data if comp is not None else {}
    sheet = _sheet(wb, "scenario", ["key", "value", "explanation"], i)
    for r, (key, value) in enumerate(scenario_rows(comp, name), start=4):
        for j, v in enumerate((key, value, key_help(key, i))):
            _put(sheet, r, j + 1, v)
    for table_name in TABLE_NAMES:
        table = data.get(table_name)
        columns = table.columns if isinstance(table, Table) else list(COLUMNS[table_name])
        ws = _sheet(wb, table_name, columns, i)
        for r, row in enumerate(table.rows if isinstance(table, Table) else [], start=4):
            for j, column in enumerate(columns):
                _put(ws, r, j + 1, table_cell(row.values.get(column), column))
    ws = _sheet(wb, "priorities", list(PRIORITY_COLUMNS), i)
    found = data.get("priorities")
    for r, values in enumerate(priority_rows(found if isinstance(found, dict) else {}), start=4):
        values = values + [SETTING_HELP[values[0]][i]]
        for j, v in enumerate(values):
            _put(ws, r, j + 1, v)
    for ws in wb.worksheets[1:]:
        _widths(ws)
    return wb


def readme(ws, i: int, source: str) -> None:
    """The first sheet: what to do, and every sheet's columns with their meaning and unit."""
    ws.title = WORDS["readme"][i]
    _put(ws, 1, 1, WORDS["title"][i]).font = Font(bold=True, size=14)
    lines = [WORDS["intro"][i], "  balansplan validate model.xlsx", "  balansplan solve model.xlsx"]
    lines += [WORDS["keep"][i]] + ([f"{WORDS['from'][i]}: {source}"] if source else [])
    for r, line in enumerate(lines, start=2):
        _put(ws, r, 1, line)
    r = len(lines) + 3
    for j, word in enumerate(("sheet", "column", "meaning")):
        _head(_put(ws, r, j + 1, WORDS[word][i]))
    for sheet in ("scenario", *TABLE_NAMES, "priorities"):
        r += 1
        _put(ws, r, 1, sheet).font = Font(bold=True)
        _put(ws, r, 3, SHEET_HELP[sheet][i])
        columns = COLUMNS.get(sheet) or (
            ("key", "value", "explanation") if sheet == "scenario" else PRIORITY_COLUMNS
        )
        for column in columns:
            r += 1
            _put(ws, r, 2, column)
            _put(ws, r, 3, COLUMN_HELP.get((sheet, column), FREE_TEXT_HELP)[i])
    r += 2
    for setting, pair in SETTING_HELP.items():
        _put(ws, r, 2, setting)
        _put(ws, r, 3, pair[i])
        r += 1
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 20
    ws.column_dimensions["C"].width = 100


def scenario_rows(comp: Composed | None, name: str) -> list[tuple[str, object]]:
    """``(key path, value)`` rows: every leaf of the scenario, then the overrides."""
    if comp is None:
        return [(key, None) for key in BLANK_KEYS]
    data = dict(comp.data)
    data["name"] = name
    if isinstance(data.get("groups"), Table):  # section 9's groups: one row, a list of records
        data["groups"] = [
            {k: v for k, v in row.values.items() if v not in (None, "")}
            for row in data["groups"].rows
        ]
    skip = set(TABLE_NAMES) | {"extends", "overrides"}
    if isinstance(data.get("priorities"), dict):
        skip.add("priorities")  # on the priorities sheet
    order = [k for k in TOP_KEYS if k in data] + [k for k in data if k not in TOP_KEYS]
    rows = [row for key in order if key not in skip for row in _leaves(data[key], (key,))]
    for override in comp.overrides.values():  # an override's null removes a key: kept
        labelled = (
            {"label": override.label, **override.fragment} if override.label else override.fragment
        )
        found = _leaves(labelled, ("overrides", override.name))
        rows += [(path, "null" if v is None else v) for path, v in found]
    return [
        (".".join(str(p) for p in path), _scenario_cell(v)) for path, v in rows if v is not None
    ]


def _leaves(value: object, path: tuple) -> Iterator[tuple[tuple, object]]:
    """Every leaf key path; ``uncertainty``'s keys are dotted keys of their own."""
    if isinstance(value, dict) and value and (len(path) < 2 or path[-2] != "uncertainty"):
        for key, inner in value.items():
            yield from _leaves(inner, path + (key,))
    else:
        yield path, value


def _scenario_cell(value: object) -> object:
    if isinstance(value, list | tuple | dict):
        text = yaml.safe_dump(
            value, default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False
        )
        return text.strip().removesuffix("...").strip()
    return value


def key_help(key: str, i: int) -> str:
    """The explanation of a key path: the longest known prefix without its years."""
    parts = [p for p in key.split(".") if not p.isdigit()]
    if parts and parts[0] == "overrides" and len(parts) > 1:
        return KEY_HELP["overrides"][i].format(name=parts[1])
    for n in range(len(parts), 0, -1):
        pair = KEY_HELP.get(".".join(parts[:n]))
        if pair:
            return pair[i]
    return ""


def table_cell(value: object, column: str) -> object:
    """A table value for its cell: numeric texts of number columns as numbers."""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, str) and column in NUMERIC:
        text = value.strip()
        if _INT.fullmatch(text):
            return int(text)
        try:
            return float(text)
        except ValueError:
            return value
    return value


def priority_rows(found: dict) -> list[list]:
    """``[setting, board, category, action, year, value]`` rows of a priority set."""
    rows = [
        [k, None, None, None, None, found[k]]
        for k in ("name", "description", "objective")
        if k in found
    ]
    label = found.get("label") or {}
    rows += [
        [f"label_{lang}", None, None, None, None, label[lang]]
        for lang in ("sv", "en")
        if lang in label
    ]
    for key, column in (("board_weights", 1), ("category_weights", 2), ("action_weights", 3)):
        for ident, weight in (found.get(key) or {}).items():
            row = [key.removesuffix("s"), None, None, None, None, weight]
            row[column] = str(ident)
            rows.append(row)
    protected = found.get("protected") or {}
    for board in protected.get("boards") or []:
        rows.append(["protected_board", board, None, None, None, None])
    categories = protected.get("categories") or {}
    if isinstance(categories, list):
        rows += [["protected_category", None, c, None, None, None] for c in categories]
    else:
        for board, cats in categories.items():
            cats = [cats] if isinstance(cats, str) else cats
            rows += [["protected_category", board, c, None, None, None] for c in cats]
    for pair in protected.get("actions") or []:
        rows.append(["protected_action", pair[0], None, pair[1], None, None])
    for board, years in (found.get("floors") or {}).items():
        rows += [["floor", board, None, None, y, v] for y, v in years.items()]
    return rows


def _sheet(wb: Workbook, name: str, columns: list[str], i: int):
    """A sheet with its help sentence (row 1), column help (row 2) and header (row 3)."""
    ws = wb.create_sheet(name)
    _put(ws, 1, 1, SHEET_HELP[name][i]).font = HELP_FONT
    for j, column in enumerate(columns):
        cell = _put(ws, 2, j + 1, COLUMN_HELP.get((name, column), FREE_TEXT_HELP)[i])
        cell.font = HELP_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        _head(_put(ws, 3, j + 1, column))
    ws.row_dimensions[2].height = 45
    ws.freeze_panes = "A4"
    return ws


def _head(cell) -> None:
    cell.font = Font(bold=True)
    cell.fill = HEAD_FILL


def _put(ws, row: int, col: int, value: object):
    """Write a cell; a text is always a string cell (never a formula)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(RISKY):
            cell.quotePrefix = True
    return cell


def _widths(ws) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=3):
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), len(str(cell.value)))
    for col, n in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = max(12, min(60, n + 2))
