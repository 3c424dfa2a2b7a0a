"""Validation of the tables: boards, actions, potentials, frames (docs/scenarios.md).

Column defaults: ``name`` the id, ``pshare`` 0, ``frame0`` none (then a frames entry for the
first plan year is needed), ``uprate`` 0 (``index``: the frame follows the board's cost
growth), ``volume`` 0, ``ramp`` ``[1.0]``, ``oneoff`` 0, ``capex`` 0, ``life`` 1, ``earliest``
the first plan year, ``latest`` the last, ``weight`` 1. Columns named ``description``,
``comment`` or ``note`` are free text and ignored; any other unknown column is an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimizer.scenario.checks.core import Ctx, Years, describe_number, expected_number
from optimizer.scenario.financial_core import ramp_end
from optimizer.scenario.inputs import Problem
from optimizer.scenario.tables import Row, Table
from optimizer.scenario.values import as_int, as_number, as_ramp, as_text, is_blank

FREE_TEXT = ("description", "comment", "note")
COLUMNS = {
    "boards": (
        "id", "name", "cost0", "pshare", "frame0", "uprate", "volume", "fte0", "cost_per_fte",
    ),
    "actions": (
        "id", "name", "category", "ramp", "oneoff", "capex", "life", "earliest", "latest",
        "weight", "realisation", "staff_share", "min_size", "rebound", "rebound_years",
    ),
    "potentials": ("board", "action", "pot"),
    "frames": ("board", "year", "frame"),
}  # fmt: skip
REQUIRED = {
    "boards": ("id", "cost0"),
    "actions": ("id", "category"),
    "potentials": ("board", "action", "pot"),
    "frames": ("board", "year", "frame"),
}
BOARD_FRAME = ["name", "cost0", "pshare", "frame0", "uprate", "uprate_index"]
ACTION_FRAME = [
    "name", "category", "ramp", "oneoff", "capex", "life", "earliest", "latest", "weight",
]  # fmt: skip
RAMP_TEXT = "a ramp: shares in [0, 1] separated by ';' (e.g. 0.5;1.0)"


@dataclass
class CheckedTables:
    """The valid rows of each table (by id), the explicit frames and the boards' volume column.

    ``boards_frame()``/``actions_frame()``/``potentials_frame()`` give the tables as ``Inputs``
    holds them; call them only when no problem was found.
    """

    boards: dict[str, dict]
    actions: dict[str, dict]
    potentials: list[tuple[str, str, float]]
    frames: dict[tuple[str, int], float]
    volume: dict[str, float] = field(default_factory=dict)
    board_rows: dict[str, Row] = field(default_factory=dict)  # where each board was written

    @property
    def categories(self) -> set[str]:
        """The categories that some (valid) action has."""
        return {a["category"] for a in self.actions.values() if a["category"]}

    def boards_frame(self) -> pd.DataFrame:
        types = dict.fromkeys(["cost0", "pshare", "frame0", "uprate"], float)
        return _frame(self.boards, BOARD_FRAME, {**types, "uprate_index": bool})

    def actions_frame(self) -> pd.DataFrame:
        types = dict.fromkeys(["oneoff", "capex", "weight"], float)
        return _frame(
            self.actions, ACTION_FRAME, {**types, "life": int, "earliest": int, "latest": int}
        )

    def potentials_frame(self) -> pd.DataFrame:
        boards, actions, pots = zip(*self.potentials, strict=True) if self.potentials else ((),) * 3
        data = {"board": list(boards), "action": list(actions), "pot": np.array(pots, dtype=float)}
        return pd.DataFrame(data)


def _frame(rows: dict[str, dict], columns: list[str], types: dict) -> pd.DataFrame:
    """The rows (by id) as a frame indexed by ``id``: typed columns as numpy arrays, the text
    columns as lists for pandas to type (what ``DataFrame.from_dict(orient="index")`` and
    ``astype(types)`` give, several times faster: batch runs build these once a run)."""
    ids = list(rows)
    data = {
        c: np.array([rows[i][c] for i in ids], dtype=types[c])
        if c in types
        else [rows[i][c] for i in ids]
        for c in columns
    }
    return pd.DataFrame(data, index=pd.Index(ids, name="id"), columns=columns)


def check_tables(ctx: Ctx, years: Years) -> CheckedTables:
    """Check every table; references are checked against the ids that are themselves valid."""
    boards, volume, rows = check_boards(ctx, years)
    actions = check_actions(ctx, years)
    potentials = check_potentials(ctx, list(boards), list(actions))
    frames = check_frames(ctx, years, list(boards))
    check_board_frames(ctx, years, boards, rows, frames)
    return CheckedTables(boards, actions, potentials, frames, volume, rows)


def table(ctx: Ctx, name: str, required: bool) -> Table | None:
    """The table ``name`` with its header checked: required columns present, no unknown ones."""
    found = ctx.get(name)
    if not isinstance(found, Table):
        if found is None and required:
            ctx.bad((name,), None, f"a {name} table (a CSV path or a list of records)")
        return None
    if not found.rows:
        if required:
            ctx.problems.append(Problem(found.file, name, "no rows", "at least one row"))
        return found
    for column in REQUIRED[name]:
        if column not in found.columns:
            ctx.problems.append(
                Problem(found.file, f"{name} columns", found.columns, f"a column '{column}'")
            )
    known = COLUMNS[name]
    for column in found.columns:
        if column not in known and column not in FREE_TEXT:
            expected = f"one of the columns {', '.join(known)}"
            edited = [r for r in found.rows if column in r.cells]  # set by an override/--set
            file, where = edited[0].cells[column] if edited else (found.file, f"{name} columns")
            ctx.problems.append(Problem(file, where, column, expected))
    return found


def cell_number(
    ctx: Ctx,
    t: Table,
    row: Row,
    column: str,
    default: float | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float | None:
    """A numeric cell; blank gives ``default`` (a problem where the column is required)."""
    raw = row.values.get(column)
    if is_blank(raw):
        if column in REQUIRED[t.name] and column in t.columns:
            ctx.bad_cell(row, column, raw, describe_number(minimum, maximum))
        return default
    number = as_number(raw)
    if (
        number is None
        or (minimum is not None and number < minimum)
        or (maximum is not None and number > maximum)
    ):
        ctx.bad_cell(row, column, raw, expected_number(raw, minimum, maximum))
        return None
    return number


def cell_year(ctx: Ctx, row: Row, column: str, years: Years, default: int | None) -> int | None:
    """A plan-year cell (an integer, also as a string of digits); blank gives ``default``."""
    raw = row.values.get(column)
    if is_blank(raw):
        if default is None:
            ctx.bad_cell(row, column, raw, f"a plan year {years}")
        return default
    year = as_int(raw)
    if year is None or not years.first <= year <= years.last:
        ctx.bad_cell(row, column, raw, f"a plan year {years}")
        return None
    return year


def cell_id(ctx: Ctx, row: Row, column: str, seen: dict[str, str], what: str) -> str | None:
    """A unique non-empty id; ``seen`` maps each id to where it first was."""
    raw = row.values.get(column)
    ident = as_text(raw)
    if ident is None:
        ctx.bad_cell(row, column, raw, f"a {what} id (not empty)")
        return None
    if ident in seen:
        ctx.bad_cell(row, column, ident, f"a unique {what} id (already at {seen[ident]})")
        return None
    seen[ident] = row.where
    return ident


def check_boards(ctx: Ctx, years: Years) -> tuple[dict, dict[str, float], dict[str, Row]]:
    """``boards``: unique ids, ``cost0 >= 0``, ``pshare`` in [0, 1], ``uprate`` a number or
    ``index``, ``volume`` and ``uprate`` above -1, ``frame0`` a number or blank."""
    t = table(ctx, "boards", required=True)
    boards: dict[str, dict] = {}
    volume: dict[str, float] = {}
    rows: dict[str, Row] = {}
    seen: dict[str, str] = {}
    for row in t.rows if t else []:
        board = cell_id(ctx, row, "id", seen, "board")
        uprate, is_index = check_uprate(ctx, row)
        values = {
            "name": as_text(row.values.get("name")),
            "cost0": cell_number(ctx, t, row, "cost0", minimum=0),
            "pshare": cell_number(ctx, t, row, "pshare", 0.0, minimum=0, maximum=1),
            "frame0": cell_number(ctx, t, row, "frame0", None, minimum=0),
            "uprate": uprate,
            "uprate_index": is_index,
        }
        vol = cell_number(ctx, t, row, "volume", 0.0, minimum=-1)
        if board is None:
            continue
        values["name"] = values["name"] or board
        boards[board], rows[board], volume[board] = values, row, vol or 0.0
    return boards, volume, rows


def check_uprate(ctx: Ctx, row: Row) -> tuple[float | None, bool]:
    """``uprate``: the frame's yearly uprating, a number >= -1 (default 0), or ``index``
    (NaN, and the flag: the frame follows the board's cost growth ``g[b,t]``)."""
    raw = row.values.get("uprate")
    if is_blank(raw):
        return 0.0, False
    if isinstance(raw, str) and raw.strip().lower() == "index":
        return math.nan, True
    number = as_number(raw)
    if number is None or number < -1:
        ctx.bad_cell(row, "uprate", raw, "a number >= -1, or index")
        return None, False
    return number, False


def check_actions(ctx: Ctx, years: Years) -> dict[str, dict]:
    """``actions``: unique ids, a category, a ramp in [0, 1], ``oneoff/capex/weight >= 0``,
    ``life`` an integer >= 1, ``earliest <= latest`` both plan years."""
    t = table(ctx, "actions", required=True)
    actions: dict[str, dict] = {}
    seen: dict[str, str] = {}
    for row in t.rows if t else []:
        action = cell_id(ctx, row, "id", seen, "action")
        category = as_text(row.values.get("category"))
        if category is None and "category" in t.columns:
            ctx.bad_cell(row, "category", row.values.get("category"), "a category (not empty)")
        values = {
            "name": as_text(row.values.get("name")),
            "category": category,
            "ramp": check_ramp(ctx, row),
            "oneoff": cell_number(ctx, t, row, "oneoff", 0.0, minimum=0),
            "capex": cell_number(ctx, t, row, "capex", 0.0, minimum=0),
            "life": check_life(ctx, row),
            "earliest": cell_year(ctx, row, "earliest", years, years.first),
            "latest": cell_year(ctx, row, "latest", years, years.last),
            "weight": cell_number(ctx, t, row, "weight", 1.0, minimum=0),
        }
        early, late = values["earliest"], values["latest"]
        if early is not None and late is not None and early > late:
            ctx.bad_cell(row, "earliest", early, f"a year <= latest ({late})")
        values["rebound"] = check_rebound(ctx, t, row, values["ramp"])
        if action is not None:
            values["name"] = values["name"] or action
            actions[action] = values
    return actions


def check_ramp(ctx: Ctx, row: Row) -> tuple[float, ...] | None:
    """``ramp``: shares of full effect by year after start, each in [0, 1]; default ``(1.0,)``.

    A ramp that never reaches 1 is allowed (an action that never gives its full effect).
    """
    raw = row.values.get("ramp")
    if is_blank(raw):
        return (1.0,)
    ramp = as_ramp(raw)
    if ramp is None or any(not 0.0 <= r <= 1.0 for r in ramp):
        ctx.bad_cell(row, "ramp", raw, RAMP_TEXT)
        return None
    return ramp


def check_rebound(
    ctx: Ctx, t: Table, row: Row, ramp: tuple[float, ...] | None
) -> tuple[float, int]:
    """(v3) ``rebound`` (>= 0, default 0: the share of the full effect that returns as cost once
    the ramp ends) and ``rebound_years`` (an integer >= 1, default 1: its spread); a rebound
    needs a ramp that ends (its last value 0)."""
    share = cell_number(ctx, t, row, "rebound", 0.0, minimum=0, maximum=10) or 0.0
    raw = row.values.get("rebound_years")
    spread = 1 if is_blank(raw) else as_int(raw)
    if spread is None or spread < 1:
        ctx.bad_cell(row, "rebound_years", raw, "an integer >= 1 (years the rebound is spread)")
        spread = 1
    if share > 0 and ramp is not None and ramp_end(ramp) is None:
        ctx.bad_cell(row, "rebound", row.values.get("rebound"),
                     "0 for a ramp that never ends (a rebound comes once the ramp ends: "
                     "end the ramp with 0, e.g. 1.0;0)")  # fmt: skip
        share = 0.0
    return share, spread


def check_life(ctx: Ctx, row: Row) -> int | None:
    """``life``: depreciation years, an integer >= 1 (default 1)."""
    raw = row.values.get("life")
    if is_blank(raw):
        return 1
    life = as_int(raw)
    if life is None or life < 1:
        ctx.bad_cell(row, "life", raw, "an integer >= 1 (years of depreciation)")
        return None
    return life


def _reference(ctx: Ctx, row: Row, column: str, known: list[str], what: str) -> str | None:
    """A reference to a known id; with no valid ids at all (a table already reported as
    missing or empty) only emptiness is checked, so one mistake gives one message."""
    raw = row.values.get(column)
    ident = as_text(raw)
    if ident is None or (known and ident not in known):
        ctx.bad_cell(row, column, raw, f"a known {what} id ({', '.join(known)})")
        return None
    return ident


def check_potentials(
    ctx: Ctx, boards: list[str], actions: list[str]
) -> list[tuple[str, str, float]]:
    """``potentials``: known board and action, ``pot >= 0``, each pair once."""
    t = table(ctx, "potentials", required=True)
    rows: list[tuple[str, str, float]] = []
    seen: dict[tuple[str, str], str] = {}
    for row in t.rows if t else []:
        board = _reference(ctx, row, "board", boards, "board")
        action = _reference(ctx, row, "action", actions, "action")
        pot = cell_number(ctx, t, row, "pot", minimum=0)
        if board is None or action is None or pot is None:
            continue
        if _once(ctx, row, (board, action), seen):
            rows.append((board, action, pot))
    return rows


def check_frames(ctx: Ctx, years: Years, boards: list[str]) -> dict[tuple[str, int], float]:
    """``frames`` (optional): known board, plan year, a number; each (board, year) once."""
    t = table(ctx, "frames", required=False)
    frames: dict[tuple[str, int], float] = {}
    seen: dict[tuple[str, int], str] = {}
    for row in t.rows if t else []:
        board = _reference(ctx, row, "board", boards, "board")
        year = cell_year(ctx, row, "year", years, None)
        frame = cell_number(ctx, t, row, "frame", minimum=0)
        if board is None or year is None or frame is None:
            continue
        if _once(ctx, row, (board, year), seen):
            frames[(board, year)] = frame
    return frames


def check_board_frames(
    ctx: Ctx, years: Years, boards: dict, rows: dict[str, Row], frames: dict
) -> None:
    """Every board has a frame: ``frame0``, or a frames entry for the first plan year (which
    then also becomes its ``frame0``)."""
    for board, values in boards.items():
        if values["frame0"] is not None:
            continue
        explicit = frames.get((board, years.first))
        if explicit is not None:
            values["frame0"] = explicit
            continue
        raw = rows[board].values.get("frame0")
        if is_blank(raw):
            expected = (
                f"a frame0, or a frames entry for {board} in {years.first} "
                "(a board without a frame)"
            )
            ctx.bad_cell(rows[board], "frame0", raw, expected)


def _once(ctx: Ctx, row, key: tuple, seen: dict) -> bool:
    """True the first time ``key`` (a board and an action or a year) is seen; a repeat is one
    problem naming the row where the pair stood first."""
    if key in seen:
        pair = ",".join(str(k) for k in key)
        ctx.bad_cell(row, None, pair, f"each pair once (already at {seen[key]})")
        return False
    seen[key] = row.where
    return True
