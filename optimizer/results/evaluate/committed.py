"""The committed actions (MODEL.md 10.3), recomputed from ``Inputs`` alone, year by year.

Independent of ``params.py`` on purpose: plain loops over the rows and years, straight from the
contract. With ``s`` the start, ``base`` the base year, ``G[b,t] = prod_{k=first..t}(1+g[b,k])``
(1 without ``index_effects``) and ``ramp[k] = 0`` for ``k < 0``:

- ``idx[s,t] = index_to_base * G[b,t]`` for ``s <= base``, else ``G[b,t]/G[b,s]``;
- delivered ``e(t) = amount*real*ramp[t-s]*idx[s,t]`` in every plan year (the harm is
  ``w[b,a]*(sum_t e(t) + tail_years*e(last))``; the category targets count it);
- the increment of ``C[b,t]``: ``-amount*real*(ramp[t-s] - ramp[base-s])*idx[s,t]`` plus the
  one-off (``oneoff*amount`` in year ``s``) and depreciation (``capex/life*amount`` in
  ``s < t <= s+life``) less their base-year values grown like the effect (``* G[b,t]``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.scenario.inputs import Inputs

COMMITTED = "committed"


def split_committed(actions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(the plan's new rows, the committed rows)`` of ``actions.csv``."""
    if "status" not in actions.columns:
        return actions, actions.iloc[0:0]
    is_committed = (actions["status"].astype(str) == COMMITTED).to_numpy()
    return (
        actions[~is_committed].reset_index(drop=True),
        actions[is_committed].reset_index(drop=True),
    )


def _ramp(ramp: tuple, k: int) -> float:
    if k < 0:
        return 0.0
    values = [float(v) for v in ramp]
    return values[min(k, len(values) - 1)]


def _fixed(act: pd.Series, amount: float, start: int, year: int) -> float:
    lag = year - start
    life = int(act["life"])
    oneoff = float(act["oneoff"]) * amount if lag == 0 else 0.0
    dep = float(act["capex"]) / life * amount if 1 <= lag <= life else 0.0
    return oneoff + dep


def committed_effects(
    inputs: Inputs, boards: list[str], g: np.ndarray
) -> tuple[np.ndarray, dict[str, np.ndarray], float]:
    """``(increment of C[b,t] (nB, nT), delivered effect by category (nT,), total harm)``."""
    years = inputs.years
    nT = len(years)
    increment = np.zeros((len(boards), nT))
    by_category: dict[str, np.ndarray] = {}
    harm = 0.0
    for c in inputs.committed:
        b = boards.index(c.board)
        act = inputs.actions.loc[c.action]
        grow, level = [], 1.0
        for k in range(nT):
            level *= (1.0 + g[b, k]) if inputs.index_effects else 1.0
            grow.append(level)
        delivered = np.zeros(nT)
        for k, t in enumerate(years):
            if c.start <= inputs.base_year:
                idx = c.index_to_base * grow[k]
            else:
                idx = grow[k] / grow[c.start - inputs.first]
            ramp = _ramp(act["ramp"], t - c.start)
            delivered[k] = c.amount * c.realisation * ramp * idx
            step = ramp - _ramp(act["ramp"], inputs.base_year - c.start)
            fixed = _fixed(act, c.amount, c.start, t)
            fixed -= _fixed(act, c.amount, c.start, inputs.base_year) * grow[k]
            increment[b, k] += -c.amount * c.realisation * step * idx + fixed
        category = str(act["category"])
        by_category[category] = by_category.get(category, np.zeros(nT)) + delivered
        w = inputs.priorities.weight(c.board, c.action, category, float(act["weight"]))
        harm += w * (delivered.sum() + inputs.tail_years * delivered[-1])
    return increment, by_category, harm


def committed_amounts(inputs: Inputs) -> dict[tuple[str, str], float]:
    """The committed amount per (board, action): what the pair's new decisions cannot use."""
    used: dict[tuple[str, str], float] = {}
    for c in inputs.committed:
        used[(c.board, c.action)] = used.get((c.board, c.action), 0.0) + c.amount
    return used
