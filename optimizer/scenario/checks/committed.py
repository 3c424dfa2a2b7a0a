"""Validation of ``committed`` (MODEL.md section 10.3): actions decided in earlier rounds.

A table (a CSV path or an inline list of records) with the columns
``board, action, start, amount`` and optionally ``realisation`` and ``index_to_base``:

- ``board``, ``action``: known ids, and the pair has a potential row;
- ``start``: a whole year, at most the last plan year (a start before the first plan year is an
  action already running in the base year's outcome);
- ``amount``: the decided full annual effect, ``>= 0`` MSEK/yr; the committed amounts of one
  pair together at most its ``pot`` (new decisions of the pair get ``pot`` less them);
- ``realisation``: the share of ``amount`` delivered, in ``[0, 1.5]`` (an outcome may beat its
  plan); blank takes the action's own realisation (section 9, default 1);
- ``index_to_base``: ``idx[start, base] > 0``, the effect's growth from its start to the base
  year (the drivers of years before the plan are not in the scenario; ``roll`` writes it);
  default 1, and only a start before the base year may give another value.
"""

from __future__ import annotations

from optimizer.scenario.checks.core import Ctx, Years, describe_number
from optimizer.scenario.inputs import Committed
from optimizer.scenario.tables import Row, Table
from optimizer.scenario.values import as_int, as_number, as_text, is_blank

REQUIRED = ("board", "action", "start", "amount")
OPTIONAL = ("realisation", "index_to_base", "note")
MAX_REALISATION = 1.5
INDEX_MIN = 1e-9  # index_to_base is a growth factor: > 0


def check_committed(
    ctx: Ctx,
    years: Years,
    potentials: list[tuple[str, str, float]],
    realisation: dict[str, float],
) -> tuple[Committed, ...]:
    """Every valid row of ``committed`` (all problems recorded in ``ctx``)."""
    t = ctx.get("committed")
    if t is None:
        return ()
    if not isinstance(t, Table):
        ctx.bad(("committed",), t, "a relative CSV path or a list of records")
        return ()
    if not _header(ctx, t):
        return ()
    boards = sorted({b for b, _, _ in potentials})
    pot = {(b, a): p for b, a, p in potentials}
    found: list[Committed] = []
    used: dict[tuple[str, str], float] = {}
    for row in t.rows:
        item = _row(ctx, row, years, pot, boards, realisation)
        if item is None:
            continue
        key = (item.board, item.action)
        used[key] = used.get(key, 0.0) + item.amount
        if used[key] > pot[key] + 1e-9:
            ctx.bad_cell(
                row,
                "amount",
                row.values.get("amount"),
                f"committed amounts of ({item.board}, {item.action}) together at most its "
                f"potential {pot[key]:g} (already {used[key] - item.amount:g} committed)",
            )
            continue
        found.append(item)
    return tuple(found)


def _header(ctx: Ctx, t: Table) -> bool:
    ok = True
    for column in REQUIRED:
        if column not in t.columns:
            ctx.bad(("committed",), t.columns, f"a column '{column}' in {t.file}")
            ok = False
    for column in t.columns:
        if column not in REQUIRED + OPTIONAL:
            ctx.bad(("committed",), column, f"one of the columns {', '.join(REQUIRED + OPTIONAL)}")
            ok = False
    return ok


def _row(
    ctx: Ctx,
    row: Row,
    years: Years,
    pot: dict[tuple[str, str], float],
    boards: list[str],
    realisation: dict[str, float],
) -> Committed | None:
    v = row.values
    board, action = as_text(v.get("board")), as_text(v.get("action"))
    ok = True
    if board is None or board not in boards:
        ctx.bad_cell(row, "board", v.get("board"), f"a board with potentials ({', '.join(boards)})")
        ok = False
    actions = sorted({a for b, a in pot if b == board})
    if ok and (action is None or (board, action) not in pot):
        known = ", ".join(actions)
        ctx.bad_cell(
            row, "action", v.get("action"), f"an action with a potential in {board} ({known})"
        )
        ok = False
    start = as_int(v.get("start"))
    if start is None or start > years.last or start < years.first - 100:
        ctx.bad_cell(
            row, "start", v.get("start"), f"a whole year at most the last plan year {years.last}"
        )
        ok = False
    amount = as_number(v.get("amount"))
    if amount is None or amount < 0:
        ctx.bad_cell(row, "amount", v.get("amount"), describe_number(0, None) + " (MSEK/yr)")
        ok = False
    real = _optional(ctx, row, "realisation", 0.0, MAX_REALISATION)
    index = _optional(ctx, row, "index_to_base", INDEX_MIN, None)
    if real is False or index is False:
        ok = False
    if ok and index is not None and index != 1.0 and start >= years.base:
        ctx.bad_cell(row, "index_to_base", v.get("index_to_base"),
                     f"1 or blank for a start in or after the base year {years.base}")  # fmt: skip
        ok = False
    if not ok:
        return None
    default_real = realisation.get(action, 1.0)
    return Committed(
        board=board,
        action=action,
        start=int(start),
        amount=float(amount),
        realisation=default_real if real is None else float(real),
        index_to_base=1.0 if index is None else float(index),
    )


def _optional(
    ctx: Ctx, row: Row, column: str, minimum: float, maximum: float | None
) -> float | None | bool:
    """The cell as a number in bounds, ``None`` where blank, ``False`` after a problem."""
    raw = row.values.get(column)
    if is_blank(raw):
        return None
    number = as_number(raw)
    if number is None or number < minimum or (maximum is not None and number > maximum):
        expected = "a number > 0" if minimum == INDEX_MIN else describe_number(minimum, maximum)
        ctx.bad_cell(row, column, raw, expected)
        return False
    return number
