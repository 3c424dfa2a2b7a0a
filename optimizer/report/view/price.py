"""The comparison's "What does the priority cost?" box: a priority set's price in money and
decisions, against the reference plan, never in the harm score.

For each plan other than the reference, in plain sentences:

- the requirements it breaks and by how much (``shortfall.csv``: requirement, target, reached,
  MSEK missing), or that it meets every requirement;
- the savings it moves between boards in the last plan year: ``E_run[b,last] - E_ref[b,last]``
  per board, largest changes first (boards whose change rounds to 0,0 are left out);
- the actions that enter (used here, not in the reference) and leave (used in the reference,
  not here), by name, with their full effect (MSEK/yr, all start years summed; an action below
  0,05 MSEK/yr counts as not used).
"""

from __future__ import annotations

from optimizer.report.view.compare import CompareView

TOL = 0.05  # MSEK: a change below this is not a change a reader sees
LISTED = 6  # actions named per list before "and N more"


def _totals(cv: CompareView, name: str) -> dict[tuple[str, str], float]:
    actions = cv.views[name].r.tables.get("actions")
    if actions is None or actions.empty:
        return {}
    summed = actions.groupby(["board", "action"])["amount"].sum()
    return {k: float(v) for k, v in summed.items() if v >= TOL}


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
    mine, theirs = view.savings_matrix("board"), ref.savings_matrix("board")
    boards = list(dict.fromkeys([*theirs.index, *mine.index]))
    shifts = []
    for b in boards:
        a = float(mine[last].get(b, 0.0)) if len(mine) else 0.0
        r = float(theirs[last].get(b, 0.0)) if len(theirs) else 0.0
        if abs(a - r) >= TOL:
            shifts.append((a - r, b))
    shifts.sort(key=lambda x: -abs(x[0]))
    if shifts:
        items = [f"{view.board(b)} {'+' if d > 0 else ''}{L.money(d)}" for d, b in shifts]
        out.append(L("price_shift", year=last, items=L.join(items)))
    here, there = _totals(cv, name), _totals(cv, cv.reference)
    for key, pool, other in (("price_enter", here, there), ("price_leave", there, here)):
        moved = sorted(((v, k) for k, v in pool.items() if k not in other), reverse=True)
        if not moved:
            continue
        items = [
            f"{view.action(a)} ({view.board(b)}, {L.num(v)} {L('unit_year')})"
            for v, (b, a) in moved
        ]
        if len(items) > LISTED:
            items = items[:LISTED] + [L("and_more", n=len(items) - LISTED)]
        out.append(L(key, items="; ".join(items)))
    return out
