"""The independent evaluator: re-check a solve from its output tables and the ``Inputs`` alone.

Nothing here touches the LP, ``params.py`` or ``model/``: every number is recomputed from
docs/model.md's formulas by ``evaluate.plan.recompute`` (maths in its docstring), from the plan
``x[b,a,s]`` in ``results.actions``, and compared with the tables; then every row of docs/model.md
section 5 is checked with the reported slacks, and the summary against the recomputed plan.

An equality holds when ``|got - expected| <= tol*max(1, |expected|)``; an inequality row is
violated when its left side passes its bound ``rhs`` by more than ``tol*max(1, |rhs|)``
(``evaluate.check.Checker``). The large families (plan rows, table cells, frame, potential
and pace rows) are checked as whole arrays and reported key by key in table order, so the
work is linear in the size of the tables.

Check names: cell comparisons are ``<table>.<column>`` (``effects.effect``, ``boards.cost``,
``region.balance``, ``summary.impact``, ...), with ``<table>.missing_row``, ``<table>.extra_row``
and ``<table>.duplicate_row``; plan rows give ``unknown``, ``amount``, ``pair``, ``start_window``,
``protected``, ``weight``, ``action_category``; the rows of docs/model.md use their family
name (``frame``, ``result``, ``milestone``, ``potential``, ``pace``, ``freeze``, ``category``,
``invest``, ``floor``, ``cash``, ``loans``, ``loan_cap``, ``min_cash``); the own tables give
``shortfall_table`` and ``protected_table``; the status gives ``summary.status`` and ``strict``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer.results.core import COLUMNS, Results
from optimizer.results.evaluate import financial as fin
from optimizer.results.evaluate.check import (
    Check,
    Checker,
    EvaluationError,
    Violation,
    compare,
    nums,
)
from optimizer.results.evaluate.committed import (
    committed_amounts,
    committed_effects,
    split_committed,
)
from optimizer.results.evaluate.law import check_law, check_ledger
from optimizer.results.evaluate.liquidity import check_liquidity
from optimizer.results.evaluate.plan import Recomputed, key_str, recompute, tables_for_plan
from optimizer.scenario.inputs import Inputs

__all__ = [
    "EvaluationError",
    "Recomputed",
    "Violation",
    "evaluate",
    "recompute",
    "tables_for_plan",
    "verify",
]


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
    """Every violation of docs/model.md in ``results``, recomputed from ``inputs``.

    An ``infeasible`` result has no plan and gives ``[]``; so does a ``time_limit`` result
    without one (no ``boards`` rows).
    """
    status = results.status
    boards_rep = _table(results, "boards")
    if status == "infeasible" or (status == "time_limit" and boards_rep.empty):
        return []
    chk = Checker(tol)
    actions, tax_rows = fin.split_tax(_table(results, "actions"))  # section 9's lever apart
    actions, committed_rows = split_committed(actions)  # (v3) fixed, checked apart
    liquidity = _table(results, "liquidity")
    ex = fin.extras(inputs, tax_rows, liquidity)
    rec = fin.with_extras(recompute(inputs, actions), inputs, ex)
    expected = tables_for_plan(inputs, actions, rec)
    check_committed_rows(chk, inputs, rec, committed_rows, results.summary)
    fin.expected_tables(expected, inputs, ex)
    _check_plan_rows(chk, inputs, actions)
    attrition = fin.check_all(chk, inputs, rec, actions, tax_rows, results.summary,
                              _table(results, "staff"))  # fmt: skip
    compare(chk, "effects", _table(results, "effects"), expected["effects"], ["effect"])
    compare(chk, "boards", boards_rep, expected["boards"], list(COLUMNS["boards"][2:9]))
    _check_frame_adjustments(chk, inputs, expected["boards"], results)
    region_cols = ["revenue", "grants", "financial", "central", "cost", "result", "target"]
    region_cols += ["balance", "milestone", *fin.region_columns(results.tables.get("region"))]
    compare(chk, "region", _table(results, "region"), expected["region"], region_cols)
    slacks = _Slacks.read(inputs, results, attrition)
    _check_rows(chk, inputs, rec, slacks)
    check_liquidity(chk, inputs, rec, liquidity)
    _check_shortfall_table(chk, inputs, rec, slacks, _table(results, "shortfall"))
    recon = results.tables.get("reconciliation")
    check_law(chk, inputs, dict(rec.result.items()), slacks.law, recon)
    check_ledger(chk, inputs, dict(rec.result.items()), results.tables.get("ledger"),
                 results.summary)  # fmt: skip
    if "protected" in results.tables:
        _check_protected(chk, inputs, _table(results, "protected"))
    _check_summary(chk, inputs, rec, results.summary, slacks, ex)
    return chk.found


def _check_frame_adjustments(
    chk: Checker, inputs: Inputs, boards: pd.DataFrame, results: Results
) -> None:
    """(v3) ``frames.adjustment = max(0, frame - C)`` in a decided year (0 in a proposed one),
    from the recomputed boards table, and ``summary.frame_adjustments`` lists them."""
    frames = results.tables.get("frames")
    if frames is None or frames.empty or "adjustment" not in frames.columns:
        return
    want = boards[["board", "year"]].copy()
    decided = want["year"] <= inputs.decided_through
    want["adjustment"] = np.where(decided, (boards["frame"] - boards["cost"]).clip(lower=0), 0.0)
    compare(chk, "frames", frames, want, ["adjustment"])
    listed = {(d["board"], int(d["year"])): d["msek"]
              for d in results.summary.get("frame_adjustments") or []}  # fmt: skip
    for r in want[want["adjustment"] >= 0.5].itertuples():
        chk.eq("summary.frame_adjustments", (r.board, int(r.year)), r.adjustment,
               listed.get((r.board, int(r.year)), float("nan")))  # fmt: skip


def verify(inputs: Inputs, results: Results, tol: float = 1e-6) -> None:
    """Raise :class:`EvaluationError` listing every violation that :func:`evaluate` finds."""
    found = evaluate(inputs, results, tol)
    if found:
        raise EvaluationError(found)


def _actions(inputs: Inputs) -> pd.DataFrame:
    return inputs.actions.set_axis(inputs.actions.index.map(key_str))


def _check_plan_rows(chk: Checker, inputs: Inputs, actions: pd.DataFrame) -> None:
    """Each action row: known ids, ``amount >= 0``, ``pot[b,a] > 0``, start in
    ``earliest..latest`` and the plan, not protected, ``weight = w[b,a]``, its category."""
    if actions.empty:
        return
    acts = _actions(inputs)
    prio = inputs.priorities
    board, action = actions["board"].to_numpy(object), actions["action"].to_numpy(object)
    start = actions["start_year"].to_numpy(np.int64)
    amount = nums(actions["amount"])
    keys = list(zip(board, action, start.tolist(), strict=True))
    at = acts.index.get_indexer(action)
    known = (at >= 0) & pd.Series(board).isin(set(inputs.boards.index.map(key_str))).to_numpy()
    rows = np.flatnonzero(known)
    act = acts.iloc[at[rows]]
    cat = act["category"].astype(str).to_numpy(object)
    lo = np.maximum(act["earliest"].to_numpy(np.int64), inputs.first)
    hi = np.minimum(act["latest"].to_numpy(np.int64), inputs.last)
    s = start[rows]
    pots = _potentials(inputs)
    pot = np.array([pots.get((board[i], action[i]), 0.0) for i in rows], dtype=float)
    found = zip(board[rows], action[rows], cat, act["weight"].astype(float), strict=True)
    protected, weight = [], []
    for b, a, c, w in found:
        protected.append(prio.is_protected(b, a, c))
        weight.append(prio.weight(b, a, c, w))

    n = len(keys)

    def spread(values: object, fill: float = np.nan) -> np.ndarray:
        """Values of the known rows placed at their positions among all ``n`` rows."""
        full = np.full(n, fill)
        full[rows] = values
        return full

    def on_known(check: str, failed: object, expected: object, got: object) -> Check:
        """A check of the known rows only (never failed on an unknown one)."""
        return Check(check, spread(expected), spread(got), spread(failed, 0.0).astype(bool))

    zero = np.zeros(len(rows))
    ge_amount = chk.ge_all("amount", amount[rows], 0.0)
    weights = chk.eq_all("weight", np.array(weight, dtype=float), nums(actions["weight"])[rows])
    repeated = actions.duplicated(["board", "action", "start_year"]).to_numpy()
    wrong_cat = actions["category"].to_numpy(object)[rows] != cat
    checks = [
        Check("actions.duplicate_row", np.zeros(n), amount, repeated),
        Check("unknown", np.zeros(n), amount, ~known),
        on_known("amount", ge_amount.failed, ge_amount.expected, ge_amount.got),
        on_known("pair", pot <= 0.0, zero, amount[rows]),
        on_known("start_window", (s < lo) | (s > hi), np.where(s < lo, lo, hi), s),
        on_known("protected", protected, zero, amount[rows]),
        on_known("weight", weights.failed, weights.expected, weights.got),
        on_known("action_category", wrong_cat, np.nan, np.nan),
    ]
    chk.report(keys, checks)


def _potentials(inputs: Inputs) -> dict[tuple[str, str], float]:
    """``pot[b,a]`` less the pair's committed amounts (MODEL.md 10.3)."""
    rows = inputs.potentials[["board", "action", "pot"]].to_numpy()
    used = committed_amounts(inputs)
    return {
        (key_str(b), key_str(a)): float(p) - used.get((key_str(b), key_str(a)), 0.0)
        for b, a, p in rows
    }


def check_committed_rows(
    chk: Checker, inputs: Inputs, rec: Recomputed, rows: pd.DataFrame, summary: dict
) -> None:
    """``actions.csv``'s committed rows are the scenario's, in order: amount and expected; and
    ``summary.committed_impact`` is their harm."""
    want = inputs.committed
    chk.eq("actions.committed_rows", "count", float(len(want)), float(len(rows)))
    for c, got in zip(want, rows.itertuples(index=False), strict=False):
        key = (c.board, c.action, c.start)
        chk.eq("actions.committed", key, c.amount, float(got.amount))
        chk.eq("actions.committed_expected", key, c.amount * c.realisation, float(got.expected))
    if want:
        _, _, harm = committed_effects(inputs, rec.boards, rec.growth.to_numpy())
        chk.eq("summary.committed_impact", "committed_impact", harm, summary.get("committed_impact"))


@dataclass(frozen=True)
class _Slacks:
    """The reported elastic slacks: ``uf[b,t]``, ``ur[t]``, ``um[y]``, ``uc[c,t]``, ``uk[t]``."""

    frame: dict[tuple[str, int], float]
    result: dict[int, float]
    milestone: dict[int, float]
    category: dict[tuple[str, int], float]
    cash: dict[int, float]
    cash_level: dict[int, float]  # the reported cash[t], the cash row's value
    law: dict[tuple[str, int], float]  # (v2) (no_deficit | deadline, year) -> the reported slack
    weights: dict[str, float]
    attrition: dict  # section 9: {(board, year): (beyond, limit, reduction)} from staff.csv

    @classmethod
    def read(cls, inputs: Inputs, results: Results, attrition: dict) -> _Slacks:
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
            law={
                (req, int(t)): float(v)
                for req, t, v in zip(short["requirement"], short["year"], short["shortfall"],
                                     strict=True)
                if req in ("no_deficit", "deadline")
            },  # fmt: skip
            weights=dict(inputs.shortfall_weights),
            attrition=attrition,
        )

    def total(self) -> float:
        """``sum (uf + ur + um + uc + uk + ud + ul)`` over the kinds of a positive weight,
        unweighted (a row of weight 0 is informational: never a shortfall): MSEK only (v3)."""
        return self.total_with_fte() - self.fte()

    def fte(self) -> float:
        """``sum us``: staff beyond attrition (section 9), in årsarbetare (0 at weight 0)."""
        if self.weights.get("attrition", 1.0) <= 0:
            return 0.0
        return float(sum(v[0] for v in self.attrition.values()))

    def total_with_fte(self) -> float:
        """Every slack of a positive weight, MSEK and årsarbetare (the version-2 sum)."""
        parts = {
            "frame": self.frame, "result": self.result, "milestone": self.milestone,
            "category": self.category, "cash": self.cash,
        }  # fmt: skip
        total = sum(sum(p.values()) for k, p in parts.items() if self.weights.get(k, 1.0) > 0)
        beyond = sum(v[0] for v in self.attrition.values())
        if self.weights.get("attrition", 1.0) <= 0:
            beyond = 0.0
        return float(total + sum(self.law.values()) + beyond)


def _check_rows(chk: Checker, inputs: Inputs, rec: Recomputed, sl: _Slacks) -> None:
    """The rows of docs/model.md with the reported slacks (each slack >= 0)."""
    years, boards = rec.years, rec.boards
    decided = [t for t in years if t <= inputs.decided_through]
    cells = [(b, t) for b in boards for t in decided]
    uf = nums([sl.frame.get(key, 0.0) for key in cells])
    at = [k for k, t in enumerate(years) if t in decided]
    cost = rec.cost.to_numpy()[:, at].ravel()
    chk.report(
        cells,
        [
            chk.ge_all("frame", uf, 0.0, ("overrun>=0",)),
            chk.le_all("frame", cost - uf, rec.frame.to_numpy()[:, at].ravel()),
        ],
    )
    for t in years:
        ur = sl.result.get(t, 0.0)
        if t in inputs.result_targets:
            chk.ge("result", (t, "shortfall>=0"), ur, 0.0)
            chk.ge("result", t, rec.result[t] + ur, inputs.result_targets[t])
        else:
            chk.eq("result", (t, "no target"), 0.0, ur)
    for y, um in sl.milestone.items():
        chk.ge("milestone", (y, "shortfall>=0"), um, 0.0)
    on = {k for k, w in inputs.shortfall_weights.items() if w > 0}  # weight 0: informational
    for y, mile in inputs.milestones.items():
        if "milestone" not in on:
            break
        bal = rec.balance.get(y, float("nan"))
        chk.ge("milestone", y, bal + sl.milestone.get(y, 0.0), mile)
    planned = rec.plan.groupby(["board", "action"])["amount"].sum()
    pots = _potentials(inputs)
    bound = [pots.get(key, 0.0) for key in planned.index]
    chk.report(list(planned.index), [chk.le_all("potential", planned.to_numpy(float), bound)])
    row = {b: i for i, b in enumerate(boards)}
    paced = [(b, share) for b, share in inputs.pace.items() if b in row]
    at = [row[b] for b, _ in paced]
    share = np.array([s for _, s in paced], dtype=float)[:, None]
    limit = share * rec.baseline.to_numpy()[at]
    chk.report(
        [(b, t) for b, _ in paced for t in years],
        [chk.le_all("pace", rec.started.to_numpy()[at].ravel(), limit.ravel())],
    )
    total0 = float(inputs.boards["cost0"].sum())
    for t in (t for t in inputs.cost_freeze if t in years):
        chk.le("freeze", t, rec.cost[t].sum(), total0)
    for (c, t), target in inputs.category_targets.items():
        if "category" not in on:
            break
        uc = sl.category.get((c, t), 0.0)
        chk.ge("category", (c, t, "shortfall>=0"), uc, 0.0)
        chk.ge("category", (c, t), rec.category_effect(c, t) + uc, target)
    for t, room in inputs.investment_room.items():
        chk.le("invest", t, rec.capex_paid.get(t, 0.0), room)
    col = {t: k for k, t in enumerate(years)}
    cost_bt = rec.cost.to_numpy()
    for (b, t), floor in inputs.priorities.floors.items():
        if b in row and t in col:
            chk.ge("floor", (b, t), cost_bt[row[b], col[t]], floor)


def _check_shortfall_table(
    chk: Checker, inputs: Inputs, rec: Recomputed, sl: _Slacks, short: pd.DataFrame
) -> None:
    """Its rows agree with the slacks in boards/region/liquidity: ``shortfall`` the slack,
    ``target`` the row's bound and ``value`` the level reached without the slack."""
    row = {b: i for i, b in enumerate(rec.boards)}
    col = {t: k for k, t in enumerate(rec.years)}
    frame, cost = rec.frame.to_numpy(), rec.cost.to_numpy()
    want: dict[tuple, tuple[float, float, float]] = {}
    on = {k for k, w in inputs.shortfall_weights.items() if w > 0}
    for (b, t), uf in sl.frame.items():
        if b in row and t in col and t <= inputs.decided_through and "frame" in on:
            i, k = row[b], col[t]
            want[("frame", b, "", t)] = (uf, frame[i, k], cost[i, k])
    for t, ur in sl.result.items():
        if t in inputs.result_targets and "result" in on:
            want[("result", "", "", t)] = (ur, inputs.result_targets[t], rec.result.get(t))
    for y, um in sl.milestone.items():
        if "milestone" in on:
            balance = rec.balance.get(y)
            want[("milestone", "", "", y)] = (um, inputs.milestones.get(y, np.nan), balance)
    for (c, t), uc in sl.category.items():
        if "category" in on:
            target = inputs.category_targets.get((c, t), np.nan)
            want[("category", "", c, t)] = (uc, target, rec.category_effect(c, t))
    if inputs.liquidity is not None and "cash" in on:
        for t, uk in sl.cash.items():
            level = sl.cash_level.get(t, np.nan)
            want[("cash", "", "", t)] = (uk, inputs.liquidity.min_cash, level)
    got: dict[tuple, dict] = {}
    for found in short.to_dict("records"):
        key = (found["requirement"], found["board"], found["category"], int(found["year"]))
        if key in got:
            chk.add("shortfall_table", (*key, "duplicate"), float("nan"), found["shortfall"])
        got[key] = found
    for key, (slack, target, value) in want.items():
        if key not in got:
            if abs(slack) > chk.tol:
                chk.add("shortfall_table", (*key, "missing"), slack, 0.0)
            continue
        found = got[key]
        chk.eq("shortfall_table", (*key, "shortfall"), slack, found["shortfall"])
        chk.eq("shortfall_table", (*key, "target"), target, found["target"])
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            chk.eq("shortfall_table", (*key, "value"), value, found["value"])
    for (b, t), (beyond, limit, reduction) in sl.attrition.items():
        if beyond > 0 and "attrition" in on:  # a weight of 0: informational, never a row
            want_row = ("attrition", b, "", t)
            if want_row in got:
                found = got[want_row]
                chk.eq("shortfall_table", (*want_row, "shortfall"), beyond, found["shortfall"])
                chk.eq("shortfall_table", (*want_row, "target"), limit, found["target"])
                chk.eq("shortfall_table", (*want_row, "value"), reduction, found["value"])
                want[want_row] = (beyond, limit, reduction)
            elif beyond > chk.tol:
                chk.add("shortfall_table", (*want_row, "missing"), beyond, 0.0)
    for key in set(got) - set(want):
        if key[0] in ("no_deficit", "deadline") and key[0] in on:
            continue  # checked with their rows (evaluate_law)
        chk.add("shortfall_table", (*key, "extra"), 0.0, got[key]["shortfall"])


def _check_protected(chk: Checker, inputs: Inputs, table: pd.DataFrame) -> None:
    """The ``protected`` table lists exactly the pairs with ``pot > 0`` that are protected."""
    cats = _actions(inputs)["category"].astype(str).to_dict()
    prio = inputs.priorities
    want = {
        (b, a): p
        for (b, a), p in _potentials(inputs).items()
        if p > 0 and a in cats and prio.is_protected(b, a, cats[a])
    }
    got = dict(
        zip(zip(table["board"], table["action"], strict=True), table["potential"], strict=True)
    )
    for key in set(want) | set(got):
        chk.eq("protected_table", key, want.get(key, np.nan), got.get(key, np.nan))


def _check_summary(
    chk: Checker, inputs: Inputs, rec: Recomputed, summary: dict, sl: _Slacks, ex: fin.Extras
) -> None:
    """``impact``, ``savings_by_year``, ``total_shortfall``, ``objective`` and the status
    (``impact`` and ``min_savings`` include the tax lever's harm and revenue, section 9)."""
    impact = rec.impact(inputs) + ex.harm(inputs)
    chk.eq("summary.impact", "impact", impact, summary.get("impact"))
    savings = {int(k): v for k, v in (summary.get("savings_by_year") or {}).items()}
    by_year = rec.effect.sum(axis=0)
    for t in rec.years:
        chk.eq("summary.savings_by_year", t, by_year[t], savings.get(t))
    total = sl.total()
    chk.eq("summary.total_shortfall", "total_shortfall", total, summary.get("total_shortfall"))
    units = summary.get("shortfall_by_unit")
    if units is not None:  # (v3) MSEK and årsarbetare apart
        chk.eq("summary.shortfall_by_unit", "MSEK", total, units.get("MSEK"))
        chk.eq("summary.shortfall_by_unit", "FTE", sl.fte(), units.get("FTE"))
    objective = {
        "min_impact": impact,
        "min_savings": float(rec.horizon(inputs).sum() + ex.tax_horizon(inputs)),
        "min_max_share": rec.max_share(inputs),
    }.get(inputs.objective, float("nan"))
    chk.eq("summary.objective", inputs.objective, objective, summary.get("objective"))
    status = summary.get("status")
    every = sl.total_with_fte()  # a shortfall in either unit
    if status == "optimal" and every > chk.tol:
        chk.add("summary.status", "optimal needs no shortfall", 0.0, every)
    elif status == "shortfall" and every <= chk.tol:
        chk.add("summary.status", "shortfall needs a shortfall", chk.tol, every)
    elif status not in ("optimal", "shortfall", "time_limit"):
        chk.add("summary.status", str(status), float("nan"), float("nan"))
    if summary.get("strict") and every > chk.tol:
        chk.add("strict", "no slack in a strict solve", 0.0, every)
