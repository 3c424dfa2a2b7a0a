"""The closed years: the plan against what happened (MODEL.md 10.3), shared by ``follow-up``
and ``roll``.

For each plan row ``r`` (a decision or a committed action), closed year ``t`` and the outcome's
share ``q[b,a,t]`` (default 1):

- planned effect ``e[r,t]`` (the plan's numbers), realised ``q * e[r,t]``, deviation
  ``realised - planned`` (negative: delivered short of plan);
- a board's realised cost: the outcome's ``costs`` where given, else the planned cost plus the
  effect it did not deliver: ``C[b,t] + sum_r (1 - q) e[r,t]``;
- the realised balanskravsresultat: the outcome's ``result`` where given, else the planned
  ``BKR[t] = R[t] - gains[t] + adj[t]`` less the cost above plan ``sum_b (realised - planned)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from optimizer.round.outcomes import Outcomes
from optimizer.round.plan import Plan


@dataclass(frozen=True)
class Closed:
    """The closed years, planned and realised."""

    years: list[int]
    actions: pd.DataFrame  # board, action, start_year, status, year, planned, realised, deviation
    boards: pd.DataFrame  # board, year, planned, realised, deviation, given (cost from the file)
    region: pd.DataFrame  # year, planned, realised, deviation (BKR), given (result from the file)


def close(plan: Plan, outcomes: Outcomes) -> Closed:
    """The planned and realised numbers of every closed year (formulas in the module doc)."""
    years = list(outcomes.years)
    pos = {t: k for k, t in enumerate(plan.years)}
    records = []
    for r, row in enumerate(plan.rows.itertuples(index=False)):
        for t in years:
            planned = float(plan.effect[r, pos[t]])
            if abs(planned) < 1e-12:
                continue
            realised = planned * outcomes.share(row.board, row.action, t)
            records.append((row.board, row.action, int(row.start_year), row.status, t,
                            planned, realised, realised - planned))  # fmt: skip
    actions = pd.DataFrame(
        records,
        columns=["board", "action", "start_year", "status", "year", "planned", "realised",
                 "deviation"],
    )  # fmt: skip
    undelivered = actions.groupby(["board", "year"])["deviation"].sum()
    cost = plan.planned("boards", "cost")
    board_rows = []
    for b in plan.params.boards:
        for t in years:
            planned = float(cost.at[b, t])
            given = outcomes.years[t].costs.get(b)
            realised = given if given is not None else planned - undelivered.get((b, t), 0.0)
            board_rows.append((b, t, planned, realised, realised - planned, given is not None))
    boards = pd.DataFrame(
        board_rows, columns=["board", "year", "planned", "realised", "deviation", "given"]
    )
    inputs = plan.inputs
    result = plan.results.region.set_index("year")["result"]
    region_rows = []
    for t in years:
        bkr = float(result[t]) - inputs.gains.get(t, 0.0) + inputs.adjustments.get(t, 0.0)
        given = outcomes.years[t].result
        over = float(boards.loc[boards["year"] == t, "deviation"].sum())
        realised = given if given is not None else bkr - over
        region_rows.append((t, bkr, realised, realised - bkr, given is not None))
    region = pd.DataFrame(
        region_rows, columns=["year", "planned", "realised", "deviation", "given"]
    )
    return Closed(years, actions, boards, region)
