"""``ranging.csv``: over what range each requirement's dual, and each weight's plan, holds.

Right-hand sides (``kind = rhs``), one row per requirement row (frame, result, milestone,
potential, pace, freeze, category, invest, floor, cash, min_cash; not the internal ``cost``,
``loans`` and ``max_share`` rows):

- ``value`` is the requirement in the user's units (``model.keys.requirement_value``). The LP
  row's bound ``beta`` differs from it by a known constant where the row moves the known part
  to the right (``result``: ``beta = target[t] - K[t]``; ``milestone``: ``beta = mile[y] - bal0 -
  sum_{k<=y}(K[k] + adj[k])``), so every bound is shifted by ``value - beta``. For ``cash`` (the
  cash-flow equality) ``value`` is the row's own right-hand side, the year's known net cash
  inflow ``K[t] + dep0[t] - inv0[t]`` (plus the opening cash in the first year).
- ``lower..upper``: the range of ``value`` over which ``dual`` stays the marginal price.
  A row with a non-zero dual (and every equality) takes HiGHS's row-bound ranging at the
  stage-2 basis: inside it the basis, hence the dual, stays optimal (it may stay beyond: the
  range is the basis's, a safe inner range). A ``<=`` row with dual 0 keeps it while
  ``beta >= A x`` (its activity), so ``lower = A x``, ``upper = inf`` (mirrored for ``>=``):
  a slack row's price is 0 until the requirement is tightened to where it binds.
- ``degenerate``: the range is zero-wide on one side (``|lower - value| <= 1e-9 max(1,|value|)``
  or likewise for ``upper``). The stage-2 basis is primal degenerate in that direction (e.g. a
  requirement met exactly by a full potential): moving the requirement that way changes the
  basis at once, and the price on that side may differ, so ``dual`` may not be unique. It is
  then a one-sided price, valid only in the direction the range is open; never "the" price.

Weights (``kind = weight``), one row per unprotected (board, action) pair with columns:

- ``value``: the effective weight ``c_j / s_j`` of its columns (``w[b,a]``; 1 under
  ``min_savings``); ``dual``: ``d objective / d(-w) = sum_j s_j x_j = sum_t E_a[b,t]``
  (MSEK-years): within the range the plan is fixed, so the objective moves by exactly this much
  per unit of weight.
- ``lower..upper``: a weight range over which the current plan certainly stays optimal.
  Changing ``w[b,a]`` moves the cost of every column ``j`` of the pair at once, by ``s_j`` per
  unit of weight. HiGHS ranges each column's cost alone; in weight units ``u_j^+ = (cost_up_j -
  c_j) / s_j`` and ``u_j^- = (c_j - cost_dn_j) / s_j``. A non-basic column's cost moves only
  its own reduced cost, a basic column's moves every reduced cost; since the costs that keep a
  basis optimal form a convex set that holds every column's own end point, moving them together
  by ``delta`` keeps it optimal when ``1/delta >= sum_{basic j} 1/u_j + max_{non-basic j}
  1/u_j``. That ``delta`` is the reported distance to each end. It equals the basis's own range
  for a pair with one start year, for a pair not in the plan (all columns non-basic: the least
  ``rc_j``), and where one rival limits all its basic columns; otherwise it is a guaranteed inner
  range. Simply intersecting the columns' own ranges is not safe: it can claim a range the plan
  does not hold over (tests/test_sensitivity.py shows one). And HiGHS ranges a basis: where the
  basis is degenerate the plan can stay optimal beyond the range.
- ``degenerate``: zero-wide on one side: either another plan is exactly as good at this
  weight, or the basis is degenerate and no range can be certified on that side (the plan may
  still hold; re-solve with the weight moved to know).

Without HiGHS ranging (another solver) ``lower`` and ``upper`` are NaN and ``degenerate`` empty.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.analysis.marginals import Marginals
from optimizer.model.keys import key_columns, requirement_value
from optimizer.results.core import COLUMNS

RHS_FAMILIES = (
    "frame",
    "result",
    "milestone",
    "potential",
    "pace",
    "freeze",
    "category",
    "invest",
    "floor",
    "cash",
    "min_cash",
    "deadline",
    "no_deficit",
    "exemption",
    "group",  # MODEL.md section 9
    "tax_max",
    "attrition",
    "min_size",
    "min_size_on",
)
DEGENERATE_TOL = 1e-9  # relative: a side narrower than this is zero-wide
NONBASIC_X = 1e-9  # a stage-2 amount at or below this, with cost_up = inf, is non-basic at 0


def ranging_table(m: Marginals) -> pd.DataFrame:
    """Every ``rhs`` row, then every ``weight`` row (see the module docstring)."""
    records = rhs_records(m) + weight_records(m)
    table = pd.DataFrame(records, columns=COLUMNS["ranging"])
    table["year"] = table["year"].astype("Int64")
    return table


def rhs_records(m: Marginals) -> list[dict]:
    """One record per requirement row, in the LP's row order."""
    lp, p = m.model.lp, m.model.params
    records = []
    for r, (family, key) in enumerate(zip(lp.row_family, lp.row_key, strict=True)):
        if family not in RHS_FAMILIES:
            continue
        lo, hi = float(m.row_lb[r]), float(m.row_ub[r])
        bound = lo if (lo == hi or np.isinf(hi)) else hi
        value = bound if family == "cash" else requirement_value(m.model, family, key)
        lower, upper, degenerate = _row_range(m, r, lo, hi)
        shift = value - bound
        record = key_columns(family, key)
        if family == "potential":
            record["category"] = p.categories[p.actions.index(key[1])]
        record.update(
            kind="rhs",
            constraint=family,
            value=value,
            lower=lower + shift,
            upper=upper + shift,
            dual=float(m.row_dual[r]),
            degenerate=degenerate,
        )
        records.append(record)
    return records


def _row_range(m: Marginals, r: int, lo: float, hi: float) -> tuple[float, float, bool | None]:
    """``(lower, upper, degenerate)`` of row ``r``'s bound, in LP terms."""
    if m.ranging is None:
        return np.nan, np.nan, None
    bound = lo if (lo == hi or np.isinf(hi)) else hi
    if m.row_dual[r] == 0.0 and lo != hi:
        activity = float(m.activity[r])
        if np.isinf(lo):  # a <= row: the price 0 holds while the bound stays above A x
            lower, upper = min(activity, bound), np.inf
        else:  # a >= row: while the bound stays below A x
            lower, upper = -np.inf, max(activity, bound)
    else:
        lower = min(float(m.ranging["row_dn"][r]), bound)
        upper = max(float(m.ranging["row_up"][r]), bound)
    return lower, upper, _zero_sided(bound, lower, upper)


def _zero_sided(value: float, lower: float, upper: float) -> bool:
    tol = DEGENERATE_TOL * max(1.0, abs(value))
    return bool(value - lower <= tol or upper - value <= tol)


def weight_records(m: Marginals) -> list[dict]:
    """One record per unprotected (board, action) pair with columns, in ``Params.pairs`` order."""
    p = m.model.params
    records = []
    for q, (b, a, _pot) in enumerate(p.pairs):
        cols = p.pair_cols[q]
        live = cols[m.savings[cols] > 0.0]
        weights = m.weight[live]
        value = float(weights[0]) if len(live) else float(p.weight[cols[0]])
        lower, upper, degenerate = _weight_range(m, live, value)
        records.append(
            {
                "kind": "weight",
                "constraint": "weight",
                "board": p.boards[b],
                "action": p.actions[a],
                "category": p.categories[a],
                "year": None,
                "value": value,
                "lower": lower,
                "upper": upper,
                "dual": float(m.savings[cols] @ m.amount[cols]),
                "degenerate": degenerate,
            }
        )
    return records


def _weight_range(m: Marginals, cols: np.ndarray, value: float) -> tuple[float, float, bool | None]:
    """``(lower, upper, degenerate)`` of the pair's weight whose columns with savings are ``cols``."""
    if m.ranging is None:
        return np.nan, np.nan, None
    if len(cols) == 0:  # no effect within the plan years: the weight changes nothing
        return -np.inf, np.inf, False
    s = m.savings[cols]
    cost = m.weight[cols] * s
    cost_up = m.ranging["cost_up"][cols]
    cost_dn = m.ranging["cost_dn"][cols]
    up = np.clip((cost_up - cost) / s, 0.0, np.inf)
    dn = np.clip((cost - cost_dn) / s, 0.0, np.inf)
    nonbasic = (m.stage2_x[cols] <= NONBASIC_X) & np.isposinf(cost_up)
    delta_up = combined_step(up[~nonbasic], up[nonbasic])
    delta_dn = combined_step(dn[~nonbasic], dn[nonbasic])
    lower, upper = value - delta_dn, value + delta_up
    return lower, upper, _zero_sided(value, lower, upper)


def combined_step(basic: np.ndarray, nonbasic: np.ndarray) -> float:
    """The step ``delta`` that every column may take together (module docstring).

    ``1/delta = sum_basic 1/u + max_nonbasic 1/u`` with ``1/inf = 0`` and ``1/0 = inf``.
    """
    inv = lambda u: np.divide(1.0, u, out=np.full(len(u), np.inf), where=u > 0)  # noqa: E731
    total = float(inv(basic).sum()) + (float(inv(nonbasic).max()) if len(nonbasic) else 0.0)
    if total == 0.0:
        return np.inf
    return 0.0 if np.isinf(total) else 1.0 / total
