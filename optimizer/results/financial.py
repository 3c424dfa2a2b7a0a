"""Section 9 in the tables of one solve: the tax lever's own rows, interest and tax revenue.

- ``actions``: ``expected = amount * realisation[a]`` of every action row; one row per start
  year with ``z[s] > 0``: board ``region``, action ``tax_rate``, category ``tax``, amount and
  expected ``z[s]`` (öre), weight (the lever's harm per MSEK-year), reduced_cost (per
  MSEK-year, as for an action);
- ``effects``: board ``region``, action ``tax_rate``, one row per plan year, effect
  ``per_ore[t] * sum_{s<=t} z[s]`` (MSEK of added revenue);
- ``region``: ``interest`` (the net interest of section 9, also inside ``financial``) and
  ``tax_revenue`` (also inside ``result``);
- ``summary.tax_rate``: ``{ore, by_year, in_force, text}``, e.g. "the tax rises by 12 öre from
  2026"; ``in_force`` (v3) öre, MSEK and kronor per inhabitant by year;
- ``staff``: the staff change per board and year, and what goes beyond attrition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.model import Model
from optimizer.model.financial import tax_harm, tax_horizon, tax_revenue_matrix
from optimizer.model.staff import staff_matrix
from optimizer.results.core import COLUMNS
from optimizer.scenario.financial_core import TAX_ACTION, TAX_BOARD

TINY = 1e-9
TAX_CATEGORY = "tax"


def realisation(model: Model) -> np.ndarray:
    """``real[a]`` per action (1 where not given): ``expected = amount * real[a]``."""
    real = model.inputs.core.realisation
    return np.array([real.get(a, 1.0) for a in model.params.actions], dtype=float)


def _cols(model: Model, family: str) -> np.ndarray:
    return np.array(list(model.lp.cols.get(family, {}).values()), dtype=np.int64)


def tax_ore(model: Model, x: np.ndarray) -> np.ndarray:
    """``z[s]`` per start of the lever (öre), solver noise cleaned."""
    z = x[_cols(model, "tax")] if len(_cols(model, "tax")) else np.zeros(0)
    return np.where(np.abs(z) < TINY, 0.0, z)


def tax_revenue(model: Model, x: np.ndarray) -> np.ndarray:
    """``per_ore[t] * sum_{s<=t} z[s]`` per plan year (0 where the lever is off)."""
    z = tax_ore(model, x)
    if len(z) == 0:
        return np.zeros(len(model.params.years))
    return z @ tax_revenue_matrix(model.params, model.inputs)


def net_interest(model: Model, x: np.ndarray) -> np.ndarray:
    """``interest[t]`` (signed; 0 where no rate is given)."""
    cols = _cols(model, "interest")
    return x[cols] if len(cols) else np.zeros(len(model.params.years))


def result_terms(model: Model, x: np.ndarray) -> np.ndarray:
    """``X[t]``: what section 9 adds to the result (tax revenue and net interest)."""
    return tax_revenue(model, x) + net_interest(model, x)


def tax_horizon_msek(model: Model, x: np.ndarray) -> float:
    """The lever's MSEK-years (with the tail years): its part of ``min_savings``."""
    z = tax_ore(model, x)
    return float(z @ tax_horizon(model.params, model.inputs)) if len(z) else 0.0


def tax_impact(model: Model, x: np.ndarray) -> float:
    """The lever's harm: ``weight * sum_t tax revenue[t]``."""
    z = tax_ore(model, x)
    return float(z @ tax_harm(model.params, model.inputs)) if len(z) else 0.0


def tax_actions(model: Model, x: np.ndarray, col_dual: np.ndarray) -> list[dict]:
    """The lever's rows of ``actions.csv`` (see the module doc)."""
    z = tax_ore(model, x)
    if len(z) == 0:
        return []
    cols = _cols(model, "tax")
    per_year = tax_horizon(model.params, model.inputs)
    rc = col_dual[cols] / np.maximum(per_year, TINY)
    years = list(model.lp.cols["tax"])
    return [
        {
            "board": TAX_BOARD,
            "action": TAX_ACTION,
            "category": TAX_CATEGORY,
            "start_year": int(years[i][0]),
            "amount": float(z[i]),
            "weight": model.inputs.core.tax.weight,
            "reduced_cost": 0.0 if abs(rc[i]) < 1e-9 else float(rc[i]),
            "expected": float(z[i]),
        }
        for i in range(len(z))
        if abs(z[i]) > TINY
    ]


def tax_effects(model: Model, x: np.ndarray) -> list[tuple]:
    """The lever's rows of ``effects.csv`` (none where no öre is raised)."""
    if np.abs(tax_ore(model, x)).sum() <= TINY:
        return []
    revenue = tax_revenue(model, x)
    years = [int(t) for t in model.params.years]
    return [(TAX_BOARD, TAX_ACTION, t, float(revenue[k])) for k, t in enumerate(years)]


def tax_summary(model: Model, x: np.ndarray) -> dict | None:
    """``{ore, by_year, in_force, text}`` where the lever is a decision, else ``None``.

    ``ore`` the change in force at the end, ``by_year`` the steps (öre from that year; v3: a
    negative step reverses a rise), ``in_force`` (v3, MODEL.md 10.2) per plan year ``{ore,
    msek, kr_per_inhabitant}``: the change in force, the tax revenue it brings
    (``per_ore[t] * ore[t]``) and, with ``economy.population``, that in kronor per inhabitant.
    """
    if not model.inputs.core.has_tax:
        return None
    z = tax_ore(model, x)
    years = [int(k[0]) for k in model.lp.cols.get("tax", {})]
    by_year = {t: float(v) for t, v in zip(years, z, strict=True) if abs(v) > TINY}
    revenue = tax_revenue(model, x)
    population = model.inputs.population
    in_force = {}
    for k, t in enumerate(int(y) for y in model.params.years):
        level = float(sum(v for s, v in by_year.items() if s <= t))
        kr = revenue[k] * 1e6 / population[t] if population.get(t) else None
        in_force[t] = {"ore": level, "msek": float(revenue[k]), "kr_per_inhabitant": kr}
    return {"ore": float(z.sum()), "by_year": by_year, "in_force": in_force,
            "text": tax_text(z.sum(), by_year)}  # fmt: skip


def tax_text(ore: float, by_year: dict[int, float]) -> str:
    """The lever in words: "the tax rises by 12 öre from 2026" (or "stays unchanged"); (v3) a
    rise reversed: "the tax rises by 39 öre from 2026 and falls by 39 öre from 2029"."""
    if not by_year or max(abs(v) for v in by_year.values()) <= 0.005:
        return "the tax rate stays unchanged"
    if any(v < 0 for v in by_year.values()):
        steps = " and ".join(
            f"{'rises' if v > 0 else 'falls'} by {_ore(abs(v))} öre from {t}"
            for t, v in sorted(by_year.items())
        )
        return f"the tax {steps}"
    if len(by_year) == 1:
        (year,) = by_year
        return f"the tax rises by {_ore(ore)} öre from {year}"
    steps = ", ".join(f"{_ore(v)} öre from {t}" for t, v in sorted(by_year.items()))
    return f"the tax rises by {_ore(ore)} öre ({steps})"


def _ore(value: float) -> str:
    """Öre with at most one decimal: 12, 12.5."""
    return f"{round(value, 1):g}"


def staff_table(model: Model, x: np.ndarray) -> pd.DataFrame:
    """``staff.csv``: per board with ``cost_per_fte`` and plan year, ``fte_change = -sum_j S[j,t]
    x_j`` (årsarbetare; negative is fewer), ``fte = fte0 + fte_change`` (NaN without ``fte0``),
    ``reduction`` this year (``-(fte_change[t] - fte_change[t-1])``), ``attrition`` (the share
    times ``fte0``; NaN where not limited) and ``beyond_attrition`` (the slack ``us``: what would
    need notices)."""
    p, core = model.params, model.inputs.core
    S = staff_matrix(p, model.inputs)
    amount = x[model.columns.x]
    fewer = np.zeros((len(p.boards), len(p.years)))
    np.add.at(fewer, p.col_board, amount[:, None] * S)
    years = [int(t) for t in p.years]
    us = model.lp.cols.get("us", {})
    rows = []
    for b, board in enumerate(p.boards):
        if board not in core.cost_per_fte:
            continue
        fte0 = core.fte0.get(board, np.nan)
        limit = core.attrition[board] * fte0 if board in core.attrition else np.nan
        for k, t in enumerate(years):
            step = fewer[b, k] - (fewer[b, k - 1] if k else 0.0)
            col = us.get((board, t))
            slack = 0.0 if col is None else max(float(x[col]), 0.0)
            rows.append((board, t, -fewer[b, k], fte0 - fewer[b, k], step, limit, slack))
    return pd.DataFrame(rows, columns=COLUMNS["staff"])


def attrition_shortfall(staff: pd.DataFrame) -> list[tuple]:
    """Shortfall rows ``(attrition, board, None, year, limit, reduction, beyond)``."""
    over = staff[staff["beyond_attrition"] > 0]
    return [
        ("attrition", b, None, int(t), lim, red, slack)
        for b, t, lim, red, slack in over[
            ["board", "year", "attrition", "reduction", "beyond_attrition"]
        ].itertuples(index=False)
    ]
