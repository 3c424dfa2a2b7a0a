"""The least relaxation that makes an infeasible (strict) scenario feasible, in the user's terms.

Two independent answers, each a least total in MSEK:

- ``requirements``: free the elastic slacks and minimise ``sum sw*u`` (stage 1 of the default
  solve): "lower the 2027 milestone by 324 MSEK" (a frame, result, milestone, category target
  or least cash, by how much);
- ``potentials``: keep every requirement hard and let only ``potential[b,a]`` rows grow, with
  HiGHS's feasibility relaxation (``min sum_r max(0, activity_r - pot_r)``): "raise potentials
  in HSN by 324 MSEK", summed per board.

Either list is empty where that kind of relaxation cannot make the scenario feasible (for
instance when a hard limit such as a cost freeze is the conflict).
"""

from __future__ import annotations

import numpy as np

from optimizer.model import Model
from optimizer.model.keys import key_columns, requirement_value
from optimizer.model.variables import SLACK_FAMILIES, slack_columns
from optimizer.solver.backends import HighsBackend

TOL = 1e-6


def least_relaxations(model: Model) -> dict[str, list[dict]]:
    """``{"requirements": [...], "potentials": [...]}`` (see the module docstring)."""

    lp = model.lp
    out: dict[str, list[dict]] = {"requirements": [], "potentials": []}
    elastic = HighsBackend(lp)
    stage = elastic.run(lp.cost_vector("shortfall"), None)
    if stage.status == "optimal":
        for col in slack_columns(lp, model.inputs.shortfall_weights):
            amount = float(stage.x[col])
            if amount > TOL:
                family = SLACK_FAMILIES[lp.col_family[col]]
                key = lp.col_key[col]
                record = {"requirement": family}
                record.update({k: v for k, v in key_columns(family, key).items() if v is not None})
                record["value"] = requirement_value(model, family, key)
                record["relax_by"] = amount
                out["requirements"].append(record)

    hard = HighsBackend(lp)
    hard.set_col_bounds(slack_columns(lp, model.inputs.shortfall_weights), 0.0, 0.0)
    penalty = np.full(lp.num_rows, -1.0)  # negative: this row may not be relaxed
    rows = lp.rows.get("potential", {})
    penalty[list(rows.values())] = 1.0
    h = hard.highs
    h.changeColsCost(
        hard.num_cols, np.arange(hard.num_cols, dtype=np.int32), np.zeros(hard.num_cols)
    )
    if (
        rows
        and h.feasibilityRelaxation(-1.0, -1.0, -1.0, None, None, penalty)
        == hard._hs.HighsStatus.kOk
    ):
        activity = np.array(h.getSolution().row_value)
        _, _, _, ub = lp.bounds()
        by_board: dict[str, float] = {}
        for (board, _action), r in rows.items():
            extra = float(activity[r] - ub[r])
            if extra > TOL:
                by_board[board] = by_board.get(board, 0.0) + extra
        out["potentials"] = [{"board": b, "raise_by": v} for b, v in by_board.items()]
    return out


def describe(relaxations: dict[str, list[dict]]) -> list[str]:
    """One English line per way out, e.g. ``lower milestone 2027 (-500) by 324.0 MSEK``."""
    lines = []
    for r in relaxations.get("requirements", []):
        verb = "raise" if r["requirement"] == "frame" else "lower"
        where = " ".join(str(r[k]) for k in ("board", "category", "year") if k in r)
        lines.append(
            f"{verb} {r['requirement']} {where} ({r['value']:g}) by {r['relax_by']:.1f} MSEK"
        )
    pots = relaxations.get("potentials", [])
    if pots:
        lines.append(
            "or raise potentials: "
            + ", ".join(f"in {p['board']} by {p['raise_by']:.1f} MSEK" for p in pots)
        )
    return lines
