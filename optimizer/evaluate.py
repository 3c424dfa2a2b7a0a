"""The independent evaluator: re-check a solve from its output tables and the ``Inputs`` alone.

Nothing here touches the LP, ``params.py`` or ``model/``: every number is recomputed from
MODEL.md's formulas by ``evaluate_plan.recompute`` (maths in its docstring), from the plan
``x[b,a,s]`` in ``results.actions``, and compared with the tables; then every row of MODEL.md
section 5 is checked with the reported slacks, and the summary against the recomputed plan.

An equality holds when ``|got - expected| <= tol*max(1, |expected|)``; an inequality row is
violated when its left side passes its bound ``rhs`` by more than ``tol*max(1, |rhs|)``.

Check names: cell comparisons are ``<table>.<column>`` (``effects.effect``, ``boards.cost``,
``region.balance``, ``summary.impact``, ...), with ``<table>.missing_row``, ``<table>.extra_row``
and ``<table>.duplicate_row``; plan rows give ``unknown``, ``amount``, ``pair``, ``start_window``,
``protected``, ``weight``, ``action_category``; the rows of MODEL.md section 5 use their family
name (``frame``, ``result``, ``milestone``, ``potential``, ``pace``, ``freeze``, ``category``,
``invest``, ``floor``, ``cash``, ``loans``, ``loan_cap``, ``min_cash``); the own tables give
``shortfall_table`` and ``protected_table``; the status gives ``summary.status`` and ``strict``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from optimizer.evaluate_plan import Recomputed, key_str, recompute, tables_for_plan
from optimizer.inputs import Inputs
from optimizer.results import COLUMNS, Results

__all__ = [
    "EvaluationError",
    "Recomputed",
    "Violation",
    "evaluate",
    "recompute",
    "tables_for_plan",
    "verify",
]


@dataclass(frozen=True)
class Violation:
    """One failed check: which (``check``), where (the row's key), and the two numbers."""

    check: str
    where: str
    expected: float
    got: float

    def __str__(self) -> str:
        return f"{self.check}[{self.where}]: expected {self.expected:.10g}, got {self.got:.10g}"


class EvaluationError(Exception):
    """A solve's tables disagree with the model: carries every :class:`Violation` found."""

    def __init__(self, violations: list[Violation]):
        self.violations = list(violations)
        shown = "\n".join(str(v) for v in self.violations[:30])
        more = len(self.violations) - 30
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.violations)} violation(s) of the model:\n{shown}{tail}")


@dataclass
class _Checker:
    """Collects violations; ``eq``, ``le`` and ``ge`` apply the relative tolerance."""

    tol: float
    found: list[Violation] = field(default_factory=list)

    def add(self, check: str, where: object, expected: float, got: float) -> None:
        self.found.append(Violation(check, _where(where), float(expected), float(got)))

    def eq(self, check: str, where: object, expected: float, got: float) -> None:
        """Equal within ``tol*max(1, |expected|)``; two NaNs are equal, one NaN is not."""
        e, g = _num(expected), _num(got)
        if math.isnan(e) and math.isnan(g):
            return
        if math.isnan(e) or math.isnan(g) or abs(g - e) > self.tol * max(1.0, abs(e)):
            self.add(check, where, e, g)

    def le(self, check: str, where: object, lhs: float, rhs: float) -> None:
        """The row ``lhs <= rhs`` (reported as expected = rhs, got = lhs)."""
        lhs, rhs = _num(lhs), _num(rhs)
        if math.isnan(lhs) or lhs - rhs > self.tol * max(1.0, abs(rhs)):
            self.add(check, where, rhs, lhs)

    def ge(self, check: str, where: object, lhs: float, rhs: float) -> None:
        """The row ``lhs >= rhs`` (reported as expected = rhs, got = lhs)."""
        lhs, rhs = _num(lhs), _num(rhs)
        if math.isnan(lhs) or rhs - lhs > self.tol * max(1.0, abs(rhs)):
            self.add(check, where, rhs, lhs)


def _num(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _where(key: object) -> str:
    if isinstance(key, tuple):
        return ",".join(str(k) for k in key)
    return str(key)


def _table(results: Results, name: str) -> pd.DataFrame:
    """A results table with key columns normalised (ids str, years int), empty where absent."""
    frame = results.tables.get(name)
    if frame is None:
        return pd.DataFrame(columns=COLUMNS[name])
    frame = frame.copy()
    for col in ("board", "action", "category", "requirement", "constraint", "reason"):
        if col in frame.columns:
            frame[col] = frame[col].map(key_str)
    for col in ("year", "start_year"):
        if col in frame.columns and len(frame):
            frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(-1).astype(int)
    return frame


def evaluate(inputs: Inputs, results: Results, tol: float = 1e-6) -> list[Violation]:
    """Every violation of MODEL.md sections 4-6 in ``results``, recomputed from ``inputs``.

    An ``infeasible`` result has no plan and gives ``[]``; so does a ``time_limit`` result
    without one (no ``boards`` rows).
    """
    status = results.status
    boards_rep = _table(results, "boards")
    if status == "infeasible" or (status == "time_limit" and boards_rep.empty):
        return []
    chk = _Checker(tol)
    actions = _table(results, "actions")
    rec = recompute(inputs, actions)
    expected = tables_for_plan(inputs, actions, rec)
    _check_plan_rows(chk, inputs, actions)
    _compare(chk, "effects", _table(results, "effects"), expected["effects"], ["effect"])
    _compare(chk, "boards", boards_rep, expected["boards"], list(COLUMNS["boards"][2:9]))
    region_cols = ["revenue", "grants", "financial", "central", "cost", "result", "target"]
    region_cols += ["balance", "milestone"]
    _compare(chk, "region", _table(results, "region"), expected["region"], region_cols)
    slacks = _Slacks.read(inputs, results)
    _check_rows(chk, inputs, rec, slacks)
    _check_liquidity(chk, inputs, rec, _table(results, "liquidity"))
    _check_shortfall_table(chk, inputs, rec, slacks, _table(results, "shortfall"))
    if "protected" in results.tables:
        _check_protected(chk, inputs, _table(results, "protected"))
    _check_summary(chk, inputs, rec, results.summary, slacks)
    return chk.found


def verify(inputs: Inputs, results: Results, tol: float = 1e-6) -> None:
    """Raise :class:`EvaluationError` listing every violation that :func:`evaluate` finds."""
    found = evaluate(inputs, results, tol)
    if found:
        raise EvaluationError(found)


def _check_plan_rows(chk: _Checker, inputs: Inputs, actions: pd.DataFrame) -> None:
    """Each action row: known ids, ``amount >= 0``, ``pot[b,a] > 0``, start in
    ``earliest..latest`` and the plan, not protected, ``weight = w[b,a]``, its category."""
    acts = inputs.actions.set_axis(inputs.actions.index.map(key_str))
    boards = set(inputs.boards.index.map(key_str))
    pot = _potentials(inputs)
    prio = inputs.priorities
    seen = actions.duplicated(["board", "action", "start_year"], keep="first")
    for i, r in enumerate(actions.itertuples(index=False)):
        key = (r.board, r.action, r.start_year)
        if seen.iloc[i]:
            chk.add("actions.duplicate_row", key, 0.0, r.amount)
        if r.board not in boards or r.action not in acts.index:
            chk.add("unknown", key, 0.0, r.amount)
            continue
        act = acts.loc[r.action]
        chk.ge("amount", key, r.amount, 0.0)
        if pot.get((r.board, r.action), 0.0) <= 0.0:
            chk.add("pair", key, 0.0, r.amount)
        lo, hi = max(int(act.earliest), inputs.first), min(int(act.latest), inputs.last)
        if not lo <= r.start_year <= hi:
            chk.add("start_window", key, lo if r.start_year < lo else hi, r.start_year)
        if prio.is_protected(r.board, r.action, str(act.category)):
            chk.add("protected", key, 0.0, r.amount)
        w = prio.weight(r.board, r.action, str(act.category), float(act.weight))
        chk.eq("weight", key, w, r.weight)
        if key_str(r.category) != str(act.category):
            chk.add("action_category", key, float("nan"), float("nan"))


def _potentials(inputs: Inputs) -> dict[tuple[str, str], float]:
    rows = inputs.potentials[["board", "action", "pot"]].to_numpy()
    return {(key_str(b), key_str(a)): float(p) for b, a, p in rows}


def _compare(
    chk: _Checker, name: str, got: pd.DataFrame, want: pd.DataFrame, columns: list[str]
) -> None:
    """Cell-by-cell: every expected row present, no extra row with a non-zero value."""
    keys = [c for c in ("board", "action", "year") if c in want.columns]
    got_ix = got.set_index(keys)
    want_ix = want.set_index(keys)
    for key in got_ix.index[got_ix.index.duplicated()].unique():
        chk.add(f"{name}.duplicate_row", key, float("nan"), float("nan"))
    got_ix = got_ix[~got_ix.index.duplicated()]
    for key, row in want_ix.iterrows():
        if key not in got_ix.index:
            chk.add(f"{name}.missing_row", key, row[columns[0]], float("nan"))
            continue
        for col in columns:
            chk.eq(f"{name}.{col}", key, row[col], got_ix.at[key, col])
    for key in got_ix.index.difference(want_ix.index):
        values = pd.to_numeric(got_ix.loc[key, columns], errors="coerce").fillna(0.0)
        if (values.abs() > chk.tol).any():
            chk.add(f"{name}.extra_row", key, 0.0, float(values.abs().max()))


@dataclass(frozen=True)
class _Slacks:
    """The reported elastic slacks: ``uf[b,t]``, ``ur[t]``, ``um[y]``, ``uc[c,t]``, ``uk[t]``."""

    frame: dict[tuple[str, int], float]
    result: dict[int, float]
    milestone: dict[int, float]
    category: dict[tuple[str, int], float]
    cash: dict[int, float]
    cash_level: dict[int, float]  # the reported cash[t], the cash row's value

    @classmethod
    def read(cls, inputs: Inputs, results: Results) -> _Slacks:
        boards, region = _table(results, "boards"), _table(results, "region")
        short, liq = _table(results, "shortfall"), _table(results, "liquidity")

        def summed(req: str, key: list[str]) -> dict:
            rows = short[short["requirement"] == req]
            return rows.groupby(key)["shortfall"].sum().to_dict() if len(rows) else {}

        keys = list(zip(boards["board"], boards["year"], strict=True))
        cash = dict(zip(liq["year"], liq["shortfall"].fillna(0.0), strict=True))
        if inputs.liquidity is None or liq.empty:
            cash = summed("cash", ["year"])
        return cls(
            frame=dict(zip(keys, boards["overrun"].fillna(0.0), strict=True)),
            result=dict(zip(region["year"], region["shortfall"].fillna(0.0), strict=True)),
            milestone=summed("milestone", ["year"]),
            category=summed("category", ["category", "year"]),
            cash=cash,
            cash_level=dict(zip(liq["year"], liq["cash"], strict=True)),
        )

    def total(self) -> float:
        """``sum (uf + ur + um + uc + uk)``, unweighted."""
        parts = (self.frame, self.result, self.milestone, self.category, self.cash)
        return float(sum(sum(p.values()) for p in parts))


def _check_rows(chk: _Checker, inputs: Inputs, rec: Recomputed, sl: _Slacks) -> None:
    """The rows of MODEL.md section 5 with the reported slacks (each slack >= 0)."""
    years, boards = rec.years, rec.boards
    for b in boards:
        for t in years:
            uf = sl.frame.get((b, t), 0.0)
            chk.ge("frame", (b, t, "overrun>=0"), uf, 0.0)
            chk.le("frame", (b, t), rec.cost.at[b, t] - uf, rec.frame.at[b, t])
    for t in years:
        ur = sl.result.get(t, 0.0)
        if t in inputs.result_targets:
            chk.ge("result", (t, "shortfall>=0"), ur, 0.0)
            chk.ge("result", t, rec.result[t] + ur, inputs.result_targets[t])
        else:
            chk.eq("result", (t, "no target"), 0.0, ur)
    for y, um in sl.milestone.items():
        chk.ge("milestone", (y, "shortfall>=0"), um, 0.0)
    for y, mile in inputs.milestones.items():
        bal = rec.balance.get(y, float("nan"))
        chk.ge("milestone", y, bal + sl.milestone.get(y, 0.0), mile)
    x = rec.plan
    pots = _potentials(inputs)
    for (b, a), amount in x.groupby(["board", "action"])["amount"].sum().items():
        chk.le("potential", (b, a), amount, pots.get((b, a), 0.0))
    for b, share in inputs.pace.items():
        for t in years:
            chk.le("pace", (b, t), rec.started.at[b, t], share * rec.baseline.at[b, t])
    total0 = float(inputs.boards["cost0"].sum())
    for t in (t for t in inputs.cost_freeze if t in years):
        chk.le("freeze", t, rec.cost[t].sum(), total0)
    for (c, t), target in inputs.category_targets.items():
        uc = sl.category.get((c, t), 0.0)
        chk.ge("category", (c, t, "shortfall>=0"), uc, 0.0)
        chk.ge("category", (c, t), rec.category_effect(c, t) + uc, target)
    for t, room in inputs.investment_room.items():
        chk.le("invest", t, rec.capex_paid.get(t, 0.0), room)
    for (b, t), floor in inputs.priorities.floors.items():
        if b in boards and t in years:
            chk.ge("floor", (b, t), rec.cost.at[b, t], floor)


def _check_liquidity(chk: _Checker, inputs: Inputs, rec: Recomputed, liq: pd.DataFrame) -> None:
    """``cash[t] = cash[t-1] + R + dep0 + sum_b D - inv0 - sum capex*x[.,.,t] + dl``,
    ``loans[t] = loans[t-1] + dl``, ``0 <= loans <= loan_cap``, ``cash + uk >= min_cash``;
    the path is rebuilt from the opening values and the reported borrowing ``dl``."""
    lq = inputs.liquidity
    if lq is None:
        for key, row in liq.set_index("year").iterrows():
            chk.add("liquidity.extra_row", key, 0.0, _num(row.get("cash")))
        return
    rep = liq.drop_duplicates("year").set_index("year")
    cash, loans = lq.opening_cash, lq.opening_loans
    for t in rec.years:
        if t not in rep.index:
            chk.add("liquidity.missing_row", t, float("nan"), float("nan"))
            return
        row = rep.loc[t]
        dl, uk = _num(row["borrowing"]), _num(row["shortfall"])
        uk = 0.0 if math.isnan(uk) else uk
        inflow = rec.result[t] + lq.depreciation.get(t, 0.0) + rec.depreciation[t].sum()
        cash += inflow - lq.investments.get(t, 0.0) - rec.capex_paid.get(t, 0.0) + dl
        loans += dl
        chk.eq("cash", t, cash, row["cash"])
        chk.eq("loans", t, loans, row["loans"])
        chk.ge("loan_cap", (t, "loans>=0"), row["loans"], 0.0)
        chk.le("loan_cap", t, row["loans"], lq.loan_cap)
        chk.eq("liquidity.min_cash", t, lq.min_cash, row["min_cash"])
        chk.ge("min_cash", (t, "shortfall>=0"), uk, 0.0)
        chk.ge("min_cash", t, _num(row["cash"]) + uk, lq.min_cash)


def _check_shortfall_table(
    chk: _Checker, inputs: Inputs, rec: Recomputed, sl: _Slacks, short: pd.DataFrame
) -> None:
    """Its rows agree with the slacks in boards/region/liquidity: ``shortfall`` the slack,
    ``target`` the row's bound and ``value`` the level reached without the slack."""
    want: dict[tuple, tuple[float, float, float]] = {}
    for (b, t), uf in sl.frame.items():
        if b in rec.boards and t in rec.years:
            want[("frame", b, "", t)] = (uf, rec.frame.at[b, t], rec.cost.at[b, t])
    for t, ur in sl.result.items():
        if t in inputs.result_targets:
            want[("result", "", "", t)] = (ur, inputs.result_targets[t], rec.result.get(t))
    for y, um in sl.milestone.items():
        want[("milestone", "", "", y)] = (um, inputs.milestones.get(y, np.nan), rec.balance.get(y))
    for (c, t), uc in sl.category.items():
        target = inputs.category_targets.get((c, t), np.nan)
        want[("category", "", c, t)] = (uc, target, rec.category_effect(c, t))
    if inputs.liquidity is not None:
        for t, uk in sl.cash.items():
            level = sl.cash_level.get(t, np.nan)
            want[("cash", "", "", t)] = (uk, inputs.liquidity.min_cash, level)
    got: dict[tuple, pd.Series] = {}
    for _, row in short.iterrows():
        key = (row["requirement"], row["board"], row["category"], int(row["year"]))
        if key in got:
            chk.add("shortfall_table", (*key, "duplicate"), float("nan"), row["shortfall"])
        got[key] = row
    for key, (slack, target, value) in want.items():
        if key not in got:
            if abs(slack) > chk.tol:
                chk.add("shortfall_table", (*key, "missing"), slack, 0.0)
            continue
        row = got[key]
        chk.eq("shortfall_table", (*key, "shortfall"), slack, row["shortfall"])
        chk.eq("shortfall_table", (*key, "target"), target, row["target"])
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            chk.eq("shortfall_table", (*key, "value"), value, row["value"])
    for key in set(got) - set(want):
        chk.add("shortfall_table", (*key, "extra"), 0.0, got[key]["shortfall"])


def _check_protected(chk: _Checker, inputs: Inputs, table: pd.DataFrame) -> None:
    """The ``protected`` table lists exactly the pairs with ``pot > 0`` that are protected."""
    cats = inputs.actions["category"].set_axis(inputs.actions.index.map(key_str))
    prio = inputs.priorities
    want = {
        (b, a): p
        for (b, a), p in _potentials(inputs).items()
        if p > 0 and a in cats.index and prio.is_protected(b, a, str(cats[a]))
    }
    got = {(r.board, r.action): r.pot for r in table.itertuples(index=False)}
    for key in set(want) | set(got):
        chk.eq("protected_table", key, want.get(key, np.nan), got.get(key, np.nan))


def _check_summary(
    chk: _Checker, inputs: Inputs, rec: Recomputed, summary: dict, sl: _Slacks
) -> None:
    """``impact``, ``savings_by_year``, ``total_shortfall``, ``objective`` and the status."""
    chk.eq("summary.impact", "impact", rec.impact(inputs), summary.get("impact"))
    savings = {int(k): v for k, v in (summary.get("savings_by_year") or {}).items()}
    for t in rec.years:
        chk.eq("summary.savings_by_year", t, rec.effect[t].sum(), savings.get(t))
    total = sl.total()
    chk.eq("summary.total_shortfall", "total_shortfall", total, summary.get("total_shortfall"))
    objective = {
        "min_impact": rec.impact(inputs),
        "min_savings": float(rec.effect.to_numpy().sum()),
        "min_max_share": rec.max_share(inputs),
    }.get(inputs.objective, float("nan"))
    chk.eq("summary.objective", inputs.objective, objective, summary.get("objective"))
    status = summary.get("status")
    if status == "optimal" and total > chk.tol:
        chk.add("summary.status", "optimal needs no shortfall", 0.0, total)
    elif status == "shortfall" and total <= chk.tol:
        chk.add("summary.status", "shortfall needs a shortfall", chk.tol, total)
    elif status not in ("optimal", "shortfall", "time_limit"):
        chk.add("summary.status", str(status), float("nan"), float("nan"))
    if summary.get("strict") and total > chk.tol:
        chk.add("strict", "no slack in a strict solve", 0.0, total)
