"""What a plan does in each future: per requirement the shortfall, per year the result and the
deficit left, from the plan's numbers (``results.tabulate.plan_figures``: the same functions
as a solve's tables).

The requirements are the model's requirement rows of a positive weight (each deadline, each
year's no-deficit row, each result target, the frames of decided years, attrition, ...), keyed
``(requirement, board, category, year)`` as the shortfall table is; attrition is in
årsarbetare (FTE), every other in MSEK (MODEL.md section 10.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimizer.model import Model
from optimizer.model.keys import key_columns
from optimizer.model.variables import SLACK_FAMILIES
from optimizer.results.balance_law import Rules
from optimizer.results.tabulate import plan_figures
from optimizer.scenario.inputs import TIER_OF

FAIL = 1e-6  # a shortfall above this is a failure (the shortfall table's threshold)
UNITS = {"attrition": "FTE"}


@dataclass(frozen=True)
class Requirement:
    requirement: str
    board: str | None
    category: str | None
    year: int | None

    @property
    def key(self) -> tuple:
        return (self.requirement, self.board, self.category, self.year)

    @property
    def unit(self) -> str:
        return UNITS.get(self.requirement, "MSEK")

    @property
    def tier(self) -> str:
        return TIER_OF.get(self.requirement, "targets")


def requirements(model: Model) -> list[Requirement]:
    """Every requirement row of a positive weight, in the LP's order."""
    weights = model.inputs.shortfall_weights
    out = []
    for kind in dict.fromkeys(SLACK_FAMILIES.values()):
        if weights.get(kind, 1.0) <= 0:
            continue
        for key in model.lp.rows.get(kind, {}):
            cols = key_columns(kind, key)
            year = cols["year"]
            out.append(
                Requirement(kind, cols["board"], cols["category"], None if year is None else int(year))
            )
    return out


def deficits_at_deadline(ledger: pd.DataFrame) -> dict[tuple, tuple]:
    """Per deficit of the law's ledger (``(deficit_year, part)``) that is to be restored:
    ``(statutory, decided deadline, decision, left at the decided deadline or, when that lies
    after the plan, at its end, whether the deadline falls within the plan)``."""
    out: dict[tuple, tuple] = {}
    if ledger is None or not len(ledger):
        return out
    last = int(ledger["year"].max())
    for (year, part), rows in ledger.groupby(["deficit_year", "part"], sort=True):
        by = rows["decided_deadline"].iloc[0]
        if pd.isna(by):  # not to be restored (an exemption without a deadline)
            continue
        within = int(by) <= last
        at = rows[rows["year"] == (int(by) if within else last)]
        left = float(at["left"].iloc[0]) if len(at) else 0.0
        statutory = int(rows["statutory_deadline"].iloc[0])
        out[(int(year), str(part))] = (statutory, int(by), str(rows["decision"].iloc[0]), left,
                                       within)  # fmt: skip
    return out


@dataclass
class Outcomes:
    """``shortfall[i, r]`` of requirement ``r`` in future ``i``; ``result`` and ``deficit_left``
    ``[i, year]``; ``impact[i]``; ``deficits[i]`` the law's ledger at each deficit's deadline
    (``deficits_at_deadline``)."""

    requirements: list[Requirement]
    years: list[int]
    shortfall: np.ndarray
    result: np.ndarray
    deficit_left: np.ndarray
    impact: np.ndarray
    deficits: list[dict] = field(default_factory=list)

    @classmethod
    def of(cls, models: list[Model], xs: list[np.ndarray]) -> Outcomes:
        reqs = requirements(models[0])
        where = {r.key: i for i, r in enumerate(reqs)}
        years = [int(t) for t in models[0].params.years]
        n = len(models)
        short = np.zeros((n, len(reqs)))
        result = np.zeros((n, len(years)))
        left = np.zeros((n, len(years)))
        impact = np.zeros(n)
        deficits = []
        for i, (model, x) in enumerate(zip(models, xs, strict=True)):
            fig = plan_figures(model, x)
            table = fig.shortfall
            for row in table.itertuples(index=False):
                key = (row.requirement, _text(row.board), _text(row.category), _year(row.year))
                if key in where:
                    short[i, where[key]] = row.shortfall
            result[i] = [fig.results[t] for t in years]
            if len(fig.reconciliation):
                left[i] = fig.reconciliation["deficit_left"].to_numpy(dtype=float)
            impact[i] = fig.impact
            deficits.append(deficits_at_deadline(fig.ledger))
        return cls(reqs, years, short, result, left, impact, deficits)

    def failed(self) -> np.ndarray:
        return self.shortfall > FAIL

    def by_tier(self) -> dict[str, np.ndarray]:
        """Per future the MSEK shortfall of each tier (FTE rows left out: never summed)."""
        out: dict[str, np.ndarray] = {}
        for r, req in enumerate(self.requirements):
            if req.unit != "MSEK":
                continue
            out.setdefault(req.tier, np.zeros(len(self.shortfall)))
            out[req.tier] = out[req.tier] + self.shortfall[:, r]
        return out

    def columns_of(self, requirement: str) -> list[int]:
        return [r for r, req in enumerate(self.requirements) if req.requirement == requirement]


def ledger_table(out: Outcomes) -> pd.DataFrame:
    """Per deficit of the law's ledger in any future (the opening deficits; exempted and new
    deficits where a future has them): its deadlines and decision, the share of the futures in
    which it arises, in which it is overdue (not restored by its decided deadline, within the
    plan), and what is left then (mean and P90 over every future, 0 where it does not arise);
    for a deadline after the plan, what is left at the plan's end."""
    keys = sorted({key for book in out.deficits for key in book})
    n = max(len(out.deficits), 1)
    rows = []
    for key in keys:
        found = [book[key] for book in out.deficits if key in book]
        statutory, by, decision, _, within = found[0]
        left = np.zeros(n)
        left[: len(found)] = [f[3] for f in found]
        rows.append(
            {
                "deficit_year": key[0], "part": key[1], "statutory_deadline": statutory,
                "decided_deadline": by, "decision": decision, "due_within_plan": within,
                "probability_arises": len(found) / n,
                "probability_overdue": float((left > FAIL).mean()) if within else 0.0,
                "mean_left": float(left.mean()), "p90_left": float(np.quantile(left, 0.9)),
            }
        )  # fmt: skip
    return pd.DataFrame(rows)


def law_minimum(model: Model) -> list[float]:
    """The lowest result each plan year the no-deficit row allows: ``BKR + exempt = 0``
    (``Rules.bkr``); NaN without the law's keys."""
    inputs = model.inputs
    years = [int(t) for t in model.params.years]
    if not inputs.balance_law:
        return [float("nan")] * len(years)
    rules = Rules.of(inputs)
    return [0.0 - (rules.bkr(t, 0.0) + rules.exempt.get(t, 0.0)) for t in years]


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return None
    return str(value)


def _year(value) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return int(value)
