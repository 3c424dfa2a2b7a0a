"""The comparison's "What does the priority cost?" box: a priority set's price in money and
decisions, against the reference plan, never in the harm score. The law and the targets fix how much is saved; a priority changes
who carries it, so the box says that in kronor and staff, board by board (the harm score is in
the report's appendix only).

For each plan other than the reference, in plain sentences:

- the requirements it breaks and by how much (``shortfall.csv``: requirement, target, reached,
  MSEK missing), or that it meets every requirement;
- what it moves between boards in the last plan year, in MSEK a year:
  ``E_run[b,last] - E_ref[b,last]`` per board, largest changes first (a change below
  ``TOL`` is left out); the same between categories (kinds of action);
- what it moves in staff in the last plan year, in årsarbetare: ``fte_change_run[b,last] -
  fte_change_ref[b,last]`` per board (``staff.csv``; negative: fewer staff than the reference);
- the actions that enter (used here, not in the reference), are used more or less (the change
  of their full effect), and leave (used in the reference, not here), by name, with their full
  effect (MSEK/yr, all start years summed; an action below 0,05 MSEK/yr counts as not used).
"""

from __future__ import annotations

import pandas as pd

from optimizer.report.view.compare import CompareView

TOL = 0.05  # MSEK: a change below this is not a change a reader sees
STAFF_TOL = 0.05  # årsarbetare: likewise
LISTED = 6  # actions named per list before "and N more"


def _totals(cv: CompareView, name: str) -> dict[tuple[str, str], float]:
    actions = cv.views[name].r.tables.get("actions")
    if actions is None or actions.empty:
        return {}
    summed = actions.groupby(["board", "action"])["amount"].sum()
    return {k: float(v) for k, v in summed.items() if v >= TOL}


def _staff(view) -> pd.DataFrame:
    """Board x year staff change in årsarbetare (``staff.csv``), empty without the table."""
    staff = view.r.tables.get("staff")
    if staff is None or staff.empty:
        return pd.DataFrame()
    return staff.pivot_table(index="board", columns="year", values="fte_change", aggfunc="sum")


def _moved(
    mine: pd.DataFrame, theirs: pd.DataFrame, year: int, tol: float
) -> list[tuple[float, str]]:
    """``[(mine - theirs, row), ...]`` in ``year``, largest change first; below ``tol`` left out."""
    rows = list(dict.fromkeys([*theirs.index, *mine.index]))
    out = []
    for k in rows:
        a = float(mine[year].get(k, 0.0)) if year in mine else 0.0
        r = float(theirs[year].get(k, 0.0)) if year in theirs else 0.0
        if abs(a - r) >= tol:
            out.append((a - r, k))
    return sorted(out, key=lambda x: (-abs(x[0]), str(x[1])))


def _signed(L, value: float) -> str:
    """``+31,6`` / ``-4,4``: a change with its sign, in the language's number format."""
    return ("+" if value > 0 else "") + L.num(value)


def priority_price(cv: CompareView, name: str) -> list[str]:
    """The sentences of the box for plan ``name`` (empty for the reference)."""
    if name == cv.reference or not cv.views[name].has_plan or not cv.ref.has_plan:
        return []
    L, view, ref = cv.L, cv.views[name], cv.ref
    out = []
    short = view.shortfall()
    if short.empty:
        out.append(L("price_meets"))
    for row in short.rows:
        out.append(L("price_breaks", requirement=row[0], target=row[1], value=row[2], gap=row[3]))
    last = cv.years[-1]
    for by, key, shown in (
        ("board", "price_shift", view.board),
        ("category", "price_shift_kind", L.category),
    ):
        moved = _moved(view.savings_matrix(by), ref.savings_matrix(by), last, TOL)
        if moved:
            items = [f"{shown(k)} {_signed(L, d)} {L('unit_year')}" for d, k in moved]
            out.append(L(key, year=last, items=L.join(items)))
    staff = _moved(_staff(view), _staff(ref), last, STAFF_TOL)
    if staff:
        items = [f"{view.board(b)} {_signed(L, d)}" for d, b in staff]
        out.append(L("price_staff", year=last, items=L.join(items)))
    here, there = _totals(cv, name), _totals(cv, cv.reference)
    both = {k: here[k] - there[k] for k in here.keys() & there.keys()}
    lists = (
        ("price_enter", [(v, k) for k, v in here.items() if k not in there], False),
        ("price_more", [(d, k) for k, d in both.items() if d >= TOL], True),
        ("price_less", [(d, k) for k, d in both.items() if d <= -TOL], True),
        ("price_leave", [(v, k) for k, v in there.items() if k not in here], False),
    )
    for key, moved, signed in lists:
        if not moved:
            continue
        moved.sort(key=lambda x: (-abs(x[0]), x[1]))
        items = [
            f"{view.action(a)} ({view.board(b)}, "
            f"{_signed(L, v) if signed else L.num(v)} {L('unit_year')})"
            for v, (b, a) in moved
        ]
        if len(items) > LISTED:
            items = items[:LISTED] + [L("and_more", n=len(items) - LISTED)]
        out.append(L(key, items="; ".join(items)))
    return out
