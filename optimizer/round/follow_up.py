"""``follow-up``: the plan against what happened in its closed years (MODEL.md 10.3).

Tables (numbers from ``closed.py``; deviation = realised - planned, so a negative effect
deviation is a saving delivered short of plan and a positive cost deviation a cost above it):

- ``follow_up.csv``: ``board, action, start_year, year, planned, realised, deviation`` per plan
  row (decision or committed action) and closed year, the effects in MSEK;
- ``follow_up_boards.csv``: per board and closed year the cost, planned and realised, and
  ``deviation_pct`` (of the planned cost);
- ``follow_up_region.csv``: per closed year the balanskravsresultat planned and realised;
- ``follow_up_deadlines.csv``: each deficit after the closed years by the plan and by the
  outcome (``ledger.py``): what is left, its deadline, the decision it rests on, and the extra
  to restore by that deadline because of the deviation (``extra = left realised - left
  planned``); a deficit the outcome creates has nothing planned.

The bridge of each closed year: the planned result, one step per board (``-(cost deviation)``,
a cost above plan lowers the result), ``other`` (what the outcome's ``result`` holds beyond
the boards' costs: revenue, financial items, central costs), the realised result.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from optimizer.results.csv_safe import write_csv
from optimizer.results.folder import write_folder
from optimizer.round.closed import Closed, close
from optimizer.round.ledger import roll_ledger
from optimizer.round.outcomes import Outcomes
from optimizer.round.plan import Plan

COLUMNS = ["board", "action", "start_year", "year", "planned", "realised", "deviation"]
TOL = 1e-9


@dataclass(frozen=True)
class FollowUp:
    """The follow-up of one plan: its tables, its bridges, and what it is of."""

    actions: pd.DataFrame
    boards: pd.DataFrame
    region: pd.DataFrame
    deadlines: pd.DataFrame
    summary: dict

    def bridge(self, year: int) -> list[tuple[str, float, str]]:
        """``(label, value, kind)``: planned result, a step per board, other, realised."""
        region = self.region.set_index("year")
        planned, realised = float(region.at[year, "planned"]), float(region.at[year, "realised"])
        steps = [("planned", planned, "start")]
        boards = self.boards[self.boards["year"] == year]
        for r in boards.itertuples():
            if abs(r.deviation) > TOL:
                steps.append((r.board, -float(r.deviation), "step"))
        other = realised - planned + float(boards["deviation"].sum())
        if abs(other) > 1e-6:
            steps.append(("other", other, "step"))
        return steps + [("realised", realised, "end")]

    def write(
        self, directory: str | Path, force: bool = False, extra: Callable[[Path], None] | None = None
    ) -> Path:
        """The follow-up folder: the four CSV tables and ``summary.json`` (and what ``extra``
        writes: the reports), atomically."""

        def fill(tmp: Path) -> None:
            if extra is not None:
                extra(tmp)
            write_csv(self.actions, tmp / "follow_up.csv")
            write_csv(self.boards, tmp / "follow_up_boards.csv")
            write_csv(self.region, tmp / "follow_up_region.csv")
            write_csv(self.deadlines, tmp / "follow_up_deadlines.csv")
            with open(tmp / "summary.json", "w", encoding="utf-8") as fh:
                json.dump(self.summary, fh, indent=2, ensure_ascii=False)

        return write_folder(directory, force, fill, kind="follow-up")


def follow_up(plan: Plan, outcomes: Outcomes) -> FollowUp:
    """The follow-up of ``plan`` after ``outcomes`` (module doc)."""
    closed = close(plan, outcomes)
    actions = closed.actions[COLUMNS].reset_index(drop=True)
    boards = closed.boards.copy()
    boards["deviation_pct"] = boards["deviation"] / boards["planned"].where(boards["planned"] != 0)
    deadlines = _deadlines(plan, outcomes, closed)
    summary = {
        "scenario": plan.results.summary.get("scenario"),
        "names": plan.results.summary.get("names", {}),
        "plan": str(plan.folder),
        "outcomes": str(outcomes.file),
        "closed_years": list(outcomes.years),
        "result_planned": float(closed.region["planned"].sum()),
        "result_realised": float(closed.region["realised"].sum()),
        "effect_planned": float(actions["planned"].sum()),
        "effect_realised": float(actions["realised"].sum()),
    }
    return FollowUp(actions, boards.drop(columns="given"), closed.region.drop(columns="given"),
                    deadlines, summary)  # fmt: skip


def _deadlines(plan: Plan, outcomes: Outcomes, closed: Closed) -> pd.DataFrame:
    """Each deficit after the closed years, by the plan and by the outcome."""
    columns = ["deficit_year", "restore_by", "decision", "left_planned", "left_realised", "extra"]
    if not plan.inputs.balance_law:
        return pd.DataFrame(columns=columns)
    first = outcomes.last + 1
    decided = {t: (o.restore_by, o.decision) for t, o in outcomes.years.items()}
    planned = dict(zip(closed.region["year"], closed.region["planned"], strict=True))
    realised = dict(zip(closed.region["year"], closed.region["realised"], strict=True))
    by_plan = roll_ledger(plan.inputs, planned, decided, first)
    by_outcome = roll_ledger(plan.inputs, realised, decided, first)
    rows: dict[tuple[int, int], list] = {}
    for d in by_plan:
        rows[(d.year, d.overdue or d.restore_by)] = [d.decision, d.amount, 0.0]
    for d in by_outcome:
        key = (d.year, d.overdue or d.restore_by)
        rows.setdefault(key, [d.decision, 0.0, 0.0])[2] = d.amount
    for year, _, by in plan.inputs.deficits:  # restored in full by both: shown with 0 left
        rows.setdefault((year, by), [plan.inputs.decisions.get(year), 0.0, 0.0])
    records = [
        (year, by, decision or "", left_p, left_r, left_r - left_p)
        for (year, by), (decision, left_p, left_r) in sorted(rows.items())
    ]
    return pd.DataFrame(records, columns=columns)
