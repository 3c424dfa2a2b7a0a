"""Turn the stages' solution into the tidy ``Results`` tables (docs/model.md, "Outputs").

Derived numbers (effects, costs, results, balances) are computed from the plan ``x`` and the
parameters, not read from the LP's auxiliary columns, so they are exact for the plan reported.
Duals follow docs/model.md's sign: the fall in the stage-2 objective per MSEK by which a row is
loosened (``-y`` for a ``<=`` row, ``+y`` for a ``>=`` row, ``-y`` per MSEK of right-hand side
for an equality), so a binding requirement has a non-negative dual.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from optimizer.model import Model
from optimizer.model.constraints import committed_in
from optimizer.model.financial import INTERNAL_ROWS
from optimizer.model.keys import key_columns
from optimizer.results import financial as fin
from optimizer.results.core import COLUMNS, Results
from optimizer.results.law_tables import (
    UNIT_OF,
    by_tier,
    frame_adjustments,
    frames_table,
    law_rows,
    ledger_summary,
    ledger_table,
    reconciliation_table,
    weighted,
)
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import scenario_file
from optimizer.version import __version__

NEW, COMMITTED = "new", "committed"  # actions.csv's status (MODEL.md 10.3)
TINY = 1e-9  # below this an amount or a dual is solver noise and reported as 0


def normalised_duals(lp, row_dual: np.ndarray) -> np.ndarray:
    """Row duals in docs/model.md's sign from HiGHS's ``y = d obj / d bound`` (one per LP row).

    ``-y`` for a ``<=`` row and an equality (per MSEK of right-hand side), ``+y`` for a ``>=``
    row: the fall in the objective per MSEK by which the row is loosened. Noise below ``TINY``
    is 0. Rows the stages added after the model (``hold_*``) are dropped.
    """
    _, _, lb, ub = lp.bounds()
    y = np.asarray(row_dual)[: lp.num_rows]
    sign = np.where(np.isinf(ub) & ~np.isinf(lb), 1.0, -1.0)  # +y only for a ">=" row
    out = sign * y
    return np.where(np.abs(out) < TINY, 0.0, out)


def tabulate(model: Model, outcome, backend, strict: bool, seconds: float) -> Results:
    """Build every table and the summary of one solve."""
    inp = model.inputs
    summary = {
        "status": outcome.status,
        "objective": None,
        "impact": None,
        "total_shortfall": None,
        "savings_by_year": {},
        "scenario": inp.name,
        "scenario_file": scenario_path(inp.source),  # (v3) where roll and follow-up find it
        "overrides": list(inp.overrides),
        "sets": list(inp.sets),
        "priorities": inp.priorities.name,
        "objective_name": inp.objective,
        "strict": strict,
        "solver": {"name": backend.name, "version": backend.version},
        "seconds": round(seconds, 4),
        "inputs_sha256": inp.inputs_sha256,
        "tool_version": __version__,
        "names": {  # display names for reports (which read Results only)
            "boards": {str(k): str(v) for k, v in inp.boards["name"].items() if v == v},
            "actions": {str(k): str(v) for k, v in inp.actions["name"].items() if v == v},
            "priorities": dict(inp.priorities.label),  # {sv, en}: the set's name in each language
            # an overlap group by its actions: {group: [action, ...]} (named by the actions' names)
            "groups": {str(g.name): list(g.actions) for g in inp.core.groups},
            # the applied overrides' labels: {override: {sv, en}}
            "overrides": {n: dict(label) for n, label in inp.override_labels.items()},
        },
    }
    tables = {"protected": _protected(model)}
    if outcome.conflict:
        summary["conflict"] = outcome.conflict
    if outcome.relaxation is not None:
        summary["relaxation"] = outcome.relaxation
    if outcome.detail:
        summary["detail"] = outcome.detail
    if outcome.plan is None:
        return Results(summary, tables)
    plan = _Plan(model, plan_x(outcome), outcome.duals)
    tables.update(plan.tables())
    summary.update(plan.summary(tables["shortfall"]))
    summary["frame_adjustments"] = frame_adjustments(tables["frames"])
    return Results(summary, tables)


def scenario_path(source: str) -> str | None:
    """The absolute path of the scenario file that ``source`` names (``None`` for inputs built
    in memory, or a source no longer there)."""
    if not source:
        return None
    try:
        return str(scenario_file(source)[0].resolve())
    except InputError:
        return None


@dataclass(frozen=True)
class Figures:
    """A plan's derived numbers without a solve's duals (stress and robust plans, per future)."""

    results: dict[int, float]  # R[t]
    shortfall: pd.DataFrame  # the shortfall table (requirement, board, category, year, ...)
    reconciliation: pd.DataFrame  # the law's balance by year (deficit_left, ...)
    ledger: pd.DataFrame  # the law's ledger by deficit and year (left, status, ...)
    actions: pd.DataFrame  # actions.csv's rows (reduced costs NaN: no duals)
    impact: float
    savings_by_year: dict[int, float]


def plan_figures(model: Model, x: np.ndarray) -> Figures:
    """The numbers of the plan ``x`` (every column of ``model.lp``) as a solve reports them,
    from the same functions (``_Plan``); duals and reduced costs are NaN."""
    stub = SimpleNamespace(
        row_dual=np.full(model.lp.num_rows, np.nan), col_dual=np.full(model.lp.num_cols, np.nan)
    )
    plan = _Plan(model, np.where(np.abs(x) < TINY, 0.0, x), stub)
    shortfall = plan._shortfall()
    summary = plan.summary(shortfall)
    return Figures(
        plan.results_by_year,
        shortfall,
        reconciliation_table(model.inputs, plan.results_by_year),
        ledger_table(model.inputs, plan.results_by_year),
        plan._actions(),
        summary["impact"],
        summary["savings_by_year"],
    )


def plan_x(outcome) -> np.ndarray:
    """The plan's column values with solver noise below ``TINY`` set to 0."""
    return np.where(np.abs(outcome.plan.x) < TINY, 0.0, outcome.plan.x)


class _Plan:
    """The plan ``x`` with the derived arrays every table needs."""

    def __init__(self, model: Model, x: np.ndarray, duals):
        self.model, self.x, self.stage = model, x, duals
        p, v = model.params, model.columns
        self.p, self.v = p, v
        self.years = [int(t) for t in p.years]
        self.amount = x[v.x]
        nB, nT = len(p.boards), len(self.years)
        self.effect = self.amount[:, None] * p.effect  # (nX, nT)
        self.E = np.zeros((nB, nT))
        np.add.at(self.E, p.col_board, self.effect)
        self.O = np.zeros((nB, nT))
        oneoff = p.cost + p.effect - p.dep
        np.add.at(self.O, p.col_board, self.amount[:, None] * oneoff)
        self.D = np.zeros((nB, nT))
        np.add.at(self.D, p.col_board, self.amount[:, None] * p.dep)
        self.C = p.base - self.E + self.O + self.D
        self.interest = fin.net_interest(model, x)  # section 9 (0 without it)
        self.tax_revenue = fin.tax_revenue(model, x)
        self.R = p.net_revenue - self.C.sum(axis=0) + self.interest + self.tax_revenue
        adj = np.array([model.inputs.adjustments.get(t, 0.0) for t in self.years])
        self.balance = model.inputs.balance_opening + np.cumsum(self.R + adj)
        if model.inputs.balance_law:  # (v2) the law's net position (surplus - deficit left)
            law = reconciliation_table(model.inputs, self.results_by_year)
            self.balance = (law["surplus_after_restoration"] - law["deficit_left"]).to_numpy()
        self.row_dual = self._normalised_duals()
        self.staff = fin.staff_table(model, x)  # section 9 (empty without staff data)

    def value(self, family: str, key: tuple) -> float:
        """The value of column ``family[key]`` (0 where it does not exist), cleaned of noise."""
        col = self.model.lp.cols.get(family, {}).get(key)
        return 0.0 if col is None else float(max(self.x[col], 0.0))

    def dual(self, family: str, key: tuple) -> float:
        row = self.model.lp.rows.get(family, {}).get(key)
        return float("nan") if row is None else float(self.row_dual[row])

    def _normalised_duals(self) -> np.ndarray:
        return normalised_duals(self.model.lp, self.stage.row_dual)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "actions": self._actions(),
            "effects": self._effects(),
            "boards": self._boards(),
            "region": self._region(),
            "duals": self._duals(),
            "shortfall": self._shortfall(),
            "liquidity": self._liquidity(),
            "reconciliation": reconciliation_table(self.model.inputs, self.results_by_year),
            "ledger": ledger_table(self.model.inputs, self.results_by_year),
            "frames": frames_table(
                self.p.boards, self.years, self.C, self.p.frame, self.p.decided_mask
            ),
            "staff": self.staff,
        }

    @property
    def results_by_year(self) -> dict[int, float]:
        """``{year: R[t]}``."""
        return {t: float(self.R[k]) for k, t in enumerate(self.years)}

    def summary(self, shortfall: pd.DataFrame) -> dict:
        p = self.p
        impact = float(self.amount @ p.impact) + fin.tax_impact(self.model, self.x)
        msek = shortfall["requirement"].astype(str).map(lambda r: UNIT_OF.get(r, "MSEK")) == "MSEK"
        total = float(shortfall.loc[msek, "shortfall"].sum())  # (v3) MSEK only: no årsarbetare
        objective = {
            "min_impact": impact,
            "min_savings": float(
                self.amount @ p.horizon + fin.tax_horizon_msek(self.model, self.x)
            ),
            "min_max_share": float(self.value("z", ("max_share",))),
        }[self.model.inputs.objective]
        out = {
            "objective": objective,
            "impact": impact,
            "total_shortfall": total,
            **by_tier(self.model.inputs, shortfall),
            **ledger_summary(self.model.inputs, self.results_by_year),
            "savings_by_year": {t: float(self.E[:, k].sum()) for k, t in enumerate(self.years)},
        }
        tax = fin.tax_summary(self.model, self.x)
        if tax is not None:
            out["tax_rate"] = tax
        com = p.committed
        if com is not None and len(com.amount):  # (v3) fixed: apart from ``impact``
            out["committed_impact"] = float(com.harm.sum())
            out["committed_savings_by_year"] = {
                t: float(com.effect[:, k].sum()) for k, t in enumerate(self.years)
            }
        return out

    def _actions(self) -> pd.DataFrame:
        p, stage = self.p, self.stage
        keep = np.nonzero(self.amount > TINY)[0]
        rc = stage.col_dual[self.v.x] / np.maximum(p.horizon, TINY)
        rc = np.where(np.abs(rc) < 1e-9, 0.0, rc)
        frame = pd.DataFrame(
            {
                "board": [p.boards[b] for b in p.col_board[keep]],
                "action": [p.actions[a] for a in p.col_action[keep]],
                "category": [p.categories[a] for a in p.col_action[keep]],
                "start_year": [self.years[s] for s in p.col_start[keep]],
                "amount": self.amount[keep],
                "weight": p.weight[keep],
                "reduced_cost": rc[keep],
                "expected": self.amount[keep] * fin.realisation(self.model)[p.col_action[keep]],
                "status": NEW,
            },
            columns=COLUMNS["actions"],
        )
        parts = [frame, _committed_actions(p, self.years)]
        tax = fin.tax_actions(self.model, self.x, stage.col_dual)
        if tax:
            parts.append(pd.DataFrame(tax, columns=COLUMNS["actions"]).assign(status=NEW))
        parts = [part for part in parts if len(part)]
        return pd.concat(parts, ignore_index=True) if parts else frame

    def _effects(self) -> pd.DataFrame:
        p = self.p
        used = sorted({int(p.col_pair[j]) for j in np.nonzero(self.amount > TINY)[0]})
        pair_effect = np.zeros((len(p.pairs), len(self.years)))
        np.add.at(pair_effect, p.col_pair, self.effect)
        rows = [
            (p.boards[p.pairs[q][0]], p.actions[p.pairs[q][1]], t, pair_effect[q, k])
            for q in used
            for k, t in enumerate(self.years)
        ]
        rows += fin.tax_effects(self.model, self.x)
        return pd.DataFrame(rows, columns=COLUMNS["effects"])

    def _boards(self) -> pd.DataFrame:
        """A decided year's frame and its overrun ``max(0, C - frame)`` (the value, also for an
        informational row); a proposed year's frame is the plan's ``C`` (no row, no dual)."""
        p = self.p
        decided = p.decided_mask
        rows = []
        for b, board in enumerate(p.boards):
            for k, t in enumerate(self.years):
                frame = p.frame[b, k] if decided[k] else self.C[b, k]
                rows.append(
                    (
                        board,
                        t,
                        p.base[b, k],
                        self.E[b, k],
                        self.O[b, k],
                        self.D[b, k],
                        self.C[b, k],
                        frame,
                        frame - self.C[b, k],
                        max(0.0, self.C[b, k] - frame),
                        self.dual("frame", (board, t)),
                    )
                )
        return pd.DataFrame(rows, columns=COLUMNS["boards"])

    def _region(self) -> pd.DataFrame:
        inp = self.model.inputs
        rows = []
        for k, t in enumerate(self.years):
            rows.append(
                (
                    t,
                    inp.revenue[t],
                    inp.grants[t],
                    inp.financial[t] + self.interest[k],
                    inp.central[t],
                    self.C[:, k].sum(),
                    self.R[k],
                    inp.result_targets.get(t, np.nan),
                    max(0.0, inp.result_targets[t] - self.R[k]) if t in inp.result_targets else 0.0,
                    self.dual("result", (t,)),
                    self.balance[k],
                    inp.milestones.get(t, np.nan),
                    self.dual("milestone", (t,)),
                    self.interest[k],
                    self.tax_revenue[k],
                )
            )
        return pd.DataFrame(rows, columns=COLUMNS["region"])

    def _duals(self) -> pd.DataFrame:
        lp = self.model.lp
        _, _, lb, ub = lp.bounds()
        activity = self.stage.row_value[: lp.num_rows]
        slack = np.where(np.isinf(ub), activity - lb, np.where(np.isinf(lb), ub - activity, 0.0))
        slack = np.where(np.abs(slack) < 1e-9, 0.0, slack)
        scale = np.maximum(1.0, np.abs(np.where(np.isinf(ub), lb, ub)))
        records = []
        for r, (family, key) in enumerate(zip(lp.row_family, lp.row_key, strict=True)):
            if family == "cost" or family in INTERNAL_ROWS:
                continue
            record = key_columns(family, key)
            if family == "potential":
                record["category"] = self.p.categories[self.p.actions.index(key[1])]
            record.update(
                constraint=family,
                dual=self.row_dual[r],
                slack=slack[r],
                binding=bool(slack[r] <= 1e-6 * scale[r]),
            )
            records.append(record)
        return pd.DataFrame(records, columns=COLUMNS["duals"])

    def _shortfall(self) -> pd.DataFrame:
        """Every row of a positive weight that the plan misses, by how much (the value from the
        plan's numbers: ``max(0, C - frame)``, ``max(0, target - R)``, ...); a row with weight 0
        is informational and never listed (docs/model.md)."""
        inp, p = self.model.inputs, self.p
        rows = []
        decided = p.decided_mask
        if weighted(inp, "frame"):
            for b, board in enumerate(p.boards):
                for k, t in enumerate(self.years):
                    if decided[k]:
                        frame, cost = p.frame[b, k], self.C[b, k]
                        rows.append(("frame", board, None, t, frame, cost, cost - frame))
        for k, t in enumerate(self.years):
            if t in inp.result_targets and weighted(inp, "result"):
                target = inp.result_targets[t]
                rows.append(("result", None, None, t, target, self.R[k], target - self.R[k]))
            if t in inp.milestones and weighted(inp, "milestone"):
                mile = inp.milestones[t]
                bal = self.balance[k]
                rows.append(("milestone", None, None, t, mile, bal, mile - bal))
        if weighted(inp, "category"):
            for (c, t), target in sorted(inp.category_targets.items()):
                k = self.years.index(t)
                in_c = np.array([p.categories[a] == c for a in p.col_action], dtype=bool)
                reached = float(self.effect[in_c, k].sum()) + committed_in(p, c, t)
                rows.append(("category", None, c, t, target, reached, target - reached))
        if inp.liquidity is not None and weighted(inp, "cash"):
            for t in self.years:
                level = self._raw("cash", (t,))
                min_cash = inp.liquidity.min_cash
                rows.append(("cash", None, None, t, min_cash, level, min_cash - level))
        rows += [r for r in law_rows(inp, self.results_by_year) if weighted(inp, r[0])]
        if weighted(inp, "attrition"):  # section 9: staff beyond attrition
            rows += fin.attrition_shortfall(self.staff)
        frame = pd.DataFrame(rows, columns=COLUMNS["shortfall"])
        return frame[frame["shortfall"] > 1e-6].reset_index(drop=True)

    def _liquidity(self) -> pd.DataFrame:
        liq = self.model.inputs.liquidity
        if liq is None:
            return pd.DataFrame(columns=COLUMNS["liquidity"])
        rows = [
            (
                t,
                self._raw("cash", (t,)),
                self._raw("loans", (t,)),
                self._raw("dl", (t,)),
                liq.min_cash,
                max(0.0, liq.min_cash - self._raw("cash", (t,))),
            )
            for t in self.years
        ]
        return pd.DataFrame(rows, columns=COLUMNS["liquidity"])

    def _raw(self, family: str, key: tuple) -> float:
        return float(self.x[self.model.lp.cols[family][key]])


def _committed_actions(p, years: list[int]) -> pd.DataFrame:
    """``actions.csv``'s rows of the committed actions (MODEL.md 10.3): status ``committed``,
    ``amount`` the decided amount, ``expected = amount * realisation``, no reduced cost."""
    com = p.committed
    if com is None or not len(com.amount):
        return pd.DataFrame(columns=COLUMNS["actions"])
    return pd.DataFrame(
        {
            "board": [b for b, _ in com.pairs],
            "action": [a for _, a in com.pairs],
            "category": [p.categories[a] for a in com.action],
            "start_year": com.start,
            "amount": com.amount,
            "weight": com.weight,
            "reduced_cost": np.nan,
            "expected": com.amount * com.realisation,
            "status": COMMITTED,
        },
        columns=COLUMNS["actions"],
    )


def _protected(model: Model) -> pd.DataFrame:
    return pd.DataFrame(model.params.protected, columns=COLUMNS["protected"])
