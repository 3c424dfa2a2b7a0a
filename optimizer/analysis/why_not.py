"""``why_not.csv``: why a (board, action) pair with a potential is not used to the full.

One row per pair with ``pot[b,a] > 0`` that is protected, cannot start within the plan years,
or has ``amount = sum_s x[b,a,s]`` below ``pot[b,a]`` (and the full pairs whose start years
were cut, see ``potential_reached``), in the order of potentials.csv. One reason per row, the
first that holds in this order (notation of ``optimizer.sensitivity``: column ``j`` of the
pair, savings ``s_j``, effective weight ``w_j``, reduced cost ``rc_j = d_j / s_j``, both in
weight units; docs/model.md-signed duals; a dual counts as non-zero above 1e-7):

1. ``protected``: the priority set protects it; ``detail``: ``board``, ``category`` or ``action``.
2. ``no_effect``: its realisation is 0 (MODEL.md section 9): every MSEK decided delivers nothing,
   so no start year or weight would make it pay; ``detail``: ``realisation 0``.
3. ``outside_window``: no start year ``earliest..latest`` lies in the plan years, or none of its
   starts has any effect within them; ``detail``: ``starts E..L, plan F..L``.
4. ``min_size``: its minimum size (MODEL.md section 9) left it out: the plan's take-or-leave
   decision for it is "leave" (the duals are the LP's with that decision fixed, so no weight
   at which it would enter is given); ``detail``: ``M MSEK/yr or nothing: not taken``.
5. ``potential_reached``: ``amount = pot`` (within 1e-6 relative), listed only where its start
   years were cut (``earliest`` after the first plan year or ``latest`` before the last): full,
   but only from those years; ``detail``: ``starts E..L``.
6. ``pace_limited``: for some start ``j`` the pace row ``pace[b,s]`` of its start year binds
   and would be the only obstacle: ``rc_j - pace_dual / s_j < 0`` (without the pace limit the
   start would pay its way); ``detail``: those rows, ``pace[b,s]`` joined by ``; ``.
7. ``not_needed``: either the pair is used in part (``0 < amount < pot``: it is the marginal
   action, the requirement it serves is met exactly, and more would only add impact; ``detail``
   ``marginal``), or nothing it could help carries a price: every cost row ``cost[b,t]`` of its
   board in the years it has effect (through which frame, result, milestone, freeze and cash
   requirements price a saving) and every target ``category[c,t]`` of its category in those
   years has dual 0 (``detail`` ``nothing binds``).
8. ``displaced_by``: another pair of the same board is used in part (the marginal action, so
   the board's binding requirement is met by it) and is cheaper (lower weight); ``detail``:
   that action, the dearest such if several (the first it would replace).
9. ``too_costly``: otherwise; ``detail``: the weight it would need to enter,
   ``max_j (w_j - rc_j)`` (6 significant digits).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.analysis.marginals import Marginals
from optimizer.results.core import COLUMNS

DUAL_TOL = 1e-7  # HiGHS's dual feasibility tolerance: smaller duals are 0
AMOUNT_TOL = 1e-6  # relative: amount within this of pot is the full potential


def why_not_table(m: Marginals) -> pd.DataFrame:
    """The ``why_not`` table of a solved plan (module docstring)."""
    inp, p = m.model.inputs, m.model.params
    protected = {(b, a): reason for b, a, _c, _pot, reason in p.protected}
    pair_of = {(p.boards[b], p.actions[a]): q for q, (b, a, _pot) in enumerate(p.pairs)}
    status = _pair_status(m)
    by_board = _partial_pairs_by_board(m.model.params, status)
    not_taken = _not_taken(m.model)
    rows = []
    for board, action, pot in inp.potentials[["board", "action", "pot"]].itertuples(index=False):
        if pot <= 0:
            continue
        q = pair_of.get((board, action))
        amount = 0.0 if q is None else status[q][0]
        if (board, action) in protected:
            found = ("protected", protected[(board, action)])
        elif float(inp.core.realisation.get(action, 1.0)) <= 0.0:
            found = ("no_effect", "realisation 0")
        elif q is None:
            found = ("outside_window", _window_text(m, action, with_plan=True))
        elif not_taken.get((board, action)):
            found = ("min_size", f"{inp.core.min_size[action]:g} MSEK/yr or nothing: not taken")
        else:
            found = _reason(m, q, status, by_board)
        if found is not None:
            rows.append((board, action, amount, float(pot), *found))
    return pd.DataFrame(rows, columns=COLUMNS["why_not"])


def _not_taken(model) -> dict[tuple[str, str], bool]:
    """Pairs whose take-or-leave decision (minimum sizes) is fixed at "leave" in ``model``."""
    takes = model.lp.cols.get("take", {})
    if not takes:
        return {}
    _, ub, _, _ = model.lp.bounds()
    return {key: bool(ub[col] <= 0.5) for key, col in takes.items()}


def _pair_status(m: Marginals) -> list[tuple[float, float, bool]]:
    """Per pair: ``(amount, weight, used in part)``."""
    p = m.model.params
    out = []
    for q, (_b, _a, pot) in enumerate(p.pairs):
        cols = p.pair_cols[q]
        amount = float(m.amount[cols].sum())
        weights = m.weight[cols][~np.isnan(m.weight[cols])]
        weight = float(weights[0]) if len(weights) else float(p.weight[cols[0]])
        partial = amount > AMOUNT_TOL * max(1.0, pot) and not _full(amount, pot)
        out.append((amount, weight, partial))
    return out


def _full(amount: float, pot: float) -> bool:
    return amount >= pot - AMOUNT_TOL * max(1.0, pot)


def _reason(
    m: Marginals, q: int, status: list, by_board: dict[int, list[int]]
) -> tuple[str, str] | None:
    """The first reason of the module docstring's order 5..9 for pair ``q`` (None: full, uncut)."""
    p, years = m.model.params, [int(t) for t in m.model.params.years]
    b, a, pot = p.pairs[q]
    board, action = p.boards[b], p.actions[a]
    amount, weight, partial = status[q]
    cols = p.pair_cols[q]
    if _full(amount, pot):
        lo, hi = years[p.col_start[cols].min()], years[p.col_start[cols].max()]
        cut = lo > years[0] or hi < years[-1]
        return ("potential_reached", _window_text(m, action)) if cut else None
    live = cols[m.savings[cols] > 0.0]
    if len(live) == 0:
        return "outside_window", _window_text(m, action, with_plan=True)
    blocked = _pace_blocks(m, board, live)
    if blocked:
        return "pace_limited", "; ".join(f"pace[{board},{t}]" for t in blocked)
    if partial:
        return "not_needed", "marginal"
    if not _helps_priced(m, b, a, live):
        return "not_needed", "nothing binds"
    rival = _cheaper_marginal(m, q, status, by_board)
    if rival is not None:
        return "displaced_by", rival
    need = float(np.max(m.weight[live] - m.rc[live]))
    return "too_costly", f"{need:.6g}"


def _pace_blocks(m: Marginals, board: str, cols: np.ndarray) -> list[int]:
    """Start years whose binding pace row alone keeps a start of ``cols`` out (or small)."""
    years = [int(t) for t in m.model.params.years]
    blocked = []
    for j in cols:
        t = years[m.model.params.col_start[j]]
        price = m.dual("pace", (board, t))
        tol = DUAL_TOL * max(1.0, abs(float(m.weight[j])))
        if price > DUAL_TOL and m.rc[j] - price / m.savings[j] < -tol and t not in blocked:
            blocked.append(t)
    return sorted(blocked)


def _helps_priced(m: Marginals, b: int, a: int, cols: np.ndarray) -> bool:
    """True where a cost row of board ``b`` or a category target of action ``a``'s category
    carries a price in a year where one of ``cols`` has effect.

    The cost row ``C[b,t] - sum_j cost[j,t] x_j = base[b,t]`` is an equality whose
    docs/model.md-signed dual is the rise in the objective per MSEK of cost, so a saving there is
    priced at ``-row_dual`` (positive where any requirement on the board's cost binds).
    """
    p = m.model.params
    years = [int(t) for t in p.years]
    active = np.nonzero((p.effect[cols] > 0.0).any(axis=0))[0]
    category = p.categories[a]
    for k in active:
        t = years[k]
        if -m.dual("cost", (p.boards[b], t)) > DUAL_TOL:
            return True
        if m.dual("category", (category, t)) > DUAL_TOL:
            return True
    return False


def _cheaper_marginal(
    m: Marginals, q: int, status: list, by_board: dict[int, list[int]]
) -> str | None:
    """The dearest pair of the same board that is used in part and is cheaper than pair ``q``."""
    p = m.model.params
    b, _a, _pot = p.pairs[q]
    weight = status[q][1]
    best, best_weight = None, -np.inf
    for r in by_board.get(b, ()):
        ra = p.pairs[r][1]
        rweight = status[r][1]
        if r == q:
            continue
        if rweight < weight - DUAL_TOL * max(1.0, abs(weight)) and rweight > best_weight:
            best, best_weight = p.actions[ra], rweight
    return best


def _partial_pairs_by_board(p, status: list) -> dict[int, list[int]]:
    """The pairs used in part, grouped by board."""
    groups: dict[int, list[int]] = {}
    for r, (rb, _ra, _pot) in enumerate(p.pairs):
        if status[r][2]:
            groups.setdefault(rb, []).append(r)
    return groups


def _window_text(m: Marginals, action: str, with_plan: bool = False) -> str:
    """``starts E..L`` (the action's own start years), with ``, plan F..L`` if asked."""
    inp = m.model.inputs
    row = inp.actions.loc[action]
    text = f"starts {int(row['earliest'])}..{int(row['latest'])}"
    return f"{text}, plan {inp.first}..{inp.last}" if with_plan else text
