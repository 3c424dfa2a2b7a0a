"""Recompute every derived number of a plan from ``Inputs`` alone (the evaluator's own path).

Deliberately independent of ``params.py`` and ``model/``: plain loops over the plan rows,
straight from MODEL.md sections 2 and 4 (notation there; ``x[b,a,s]`` is ``amount``):

- ``g[b,t] = pshare[b]*wage[t] + (1-pshare[b])*price[t] + volume[b,t]``
- ``base[b,base] = cost0[b]``, ``base[b,t] = base[b,t-1]*(1+g[b,t])``
- ``frame[b,t]``: explicit where given; else ``frame0[b]`` in the first year and
  ``frame[b,t-1]*(1+uprate[b,t])`` after, ``uprate[b,t] = g[b,t]`` where ``uprate_index``
- ``idx[b,s,t] = prod_{k=s+1..t}(1+g[b,k])``, 1 when ``t = s`` or ``index_effects`` is false
- ``E_a[b,t] = sum_{s<=t} ramp[a][min(t-s, len-1)]*idx[b,s,t]*x[b,a,s]``, ``E = sum_a E_a``
- ``O[b,t] = sum_a oneoff[a]*x[b,a,t]``;
  ``D[b,t] = sum_a sum_{s<t<=s+life[a]} capex[a]/life[a]*x[b,a,s]``
- ``C = base - E + O + D``; ``R[t] = rev + grants + fin - central - sum_b C[b,t]``
- ``Bal[t] = bal0 + sum_{k<=t}(R[k] + adj[k])``
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer.inputs import Inputs

SHORTFALL_MIN = 1e-6  # the shortfall table lists slacks above this


def key_str(value: object) -> str:
    """An id as text; ``""`` for a missing key (NaN/None, as after a CSV round trip)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


@dataclass(frozen=True)
class Recomputed:
    """The derived numbers of one plan. Frames are indexed by board with plan years as columns."""

    years: list[int]
    boards: list[str]
    plan: pd.DataFrame  # board, action, category, start_year, amount (known ids, start in T)
    growth: pd.DataFrame  # g[b,t]
    baseline: pd.DataFrame  # base[b,t]
    frame: pd.DataFrame  # frame[b,t]
    effect_by_action: dict[tuple[str, str], pd.Series]  # E_a[b,t] by (b, a)
    effect: pd.DataFrame  # E[b,t]
    oneoff: pd.DataFrame  # O[b,t]
    depreciation: pd.DataFrame  # D[b,t]
    cost: pd.DataFrame  # C[b,t]
    started: pd.DataFrame  # sum_a x[b,a,t] (the pace row's left side)
    capex_paid: pd.Series  # sum_{b,a} capex[a]*x[b,a,t]
    result: pd.Series  # R[t]
    balance: pd.Series  # Bal[t]
    categories: dict[str, str]  # action -> category

    def category_effect(self, category: str, year: int) -> float:
        """``sum_{b, a in c} E_a[b,t]``."""
        return float(
            sum(
                s[year]
                for (_, a), s in self.effect_by_action.items()
                if self.categories.get(a) == category
            )
        )

    def impact(self, inputs: Inputs) -> float:
        """``sum_{b,a,t} w[b,a]*E_a[b,t]`` with ``w`` from the priority set."""
        acts = inputs.actions.set_axis(inputs.actions.index.map(key_str))
        total = 0.0
        for (b, a), series in self.effect_by_action.items():
            act = acts.loc[a]
            w = inputs.priorities.weight(b, a, str(act["category"]), float(act["weight"]))
            total += w * float(series.sum())
        return total

    def max_share(self, inputs: Inputs) -> float:
        """``max E[b,last]/base[b,last]`` over unprotected boards (0 with none)."""
        last = self.years[-1]
        shares = [
            self.effect.at[b, last] / self.baseline.at[b, last]
            for b in self.boards
            if b not in inputs.priorities.protected_boards and self.baseline.at[b, last] != 0
        ]
        return float(max(shares, default=0.0))


def _plan(inputs: Inputs, actions: pd.DataFrame) -> pd.DataFrame:
    """The usable plan rows: known board and action, start year in the plan."""
    boards = set(inputs.boards.index.map(key_str))
    acts = set(inputs.actions.index.map(key_str))
    plan = pd.DataFrame(
        {
            "board": actions["board"].map(key_str),
            "action": actions["action"].map(key_str),
            "start_year": pd.to_numeric(actions["start_year"], errors="coerce"),
            "amount": pd.to_numeric(actions["amount"], errors="coerce").fillna(0.0),
        }
    )
    keep = (
        plan["board"].isin(boards)
        & plan["action"].isin(acts)
        & plan["start_year"].between(inputs.first, inputs.last)
    )
    plan = plan[keep].astype({"start_year": int}).reset_index(drop=True)
    return plan


def _frames(inputs: Inputs, boards: list[str], growth: pd.DataFrame) -> pd.DataFrame:
    """``frame[b,t]`` from ``inputs.frames`` or ``frame0``/``uprate``."""
    explicit = {(key_str(b), int(t)): float(v) for (b, t), v in inputs.frames.items()}
    rows = inputs.boards.set_axis(boards)
    frame = pd.DataFrame(0.0, index=boards, columns=inputs.years)
    for b in boards:
        prev = float(rows.at[b, "frame0"])
        for t in inputs.years:
            if (b, t) in explicit:
                value = explicit[(b, t)]
            elif t == inputs.first:
                value = float(rows.at[b, "frame0"])
            else:
                index = bool(rows.at[b, "uprate_index"])
                up = growth.at[b, t] if index else float(rows.at[b, "uprate"])
                value = prev * (1.0 + up)
            frame.at[b, t] = prev = value
    return frame


def recompute(inputs: Inputs, actions: pd.DataFrame) -> Recomputed:
    """All derived numbers of the plan ``actions`` (columns board, action, start_year, amount)."""
    years = inputs.years
    boards = [key_str(b) for b in inputs.boards.index]
    brd = inputs.boards.set_axis(boards)
    acts = inputs.actions.set_axis(inputs.actions.index.map(key_str))
    volume = {(key_str(b), int(t)): float(v) for (b, t), v in inputs.volume.items()}
    growth = pd.DataFrame(0.0, index=boards, columns=years)
    for b in boards:
        p = float(brd.at[b, "pshare"])
        for t in years:
            g = p * inputs.wage[t] + (1 - p) * inputs.price[t] + volume.get((b, t), 0.0)
            growth.at[b, t] = g
    baseline = pd.DataFrame(0.0, index=boards, columns=years)
    prev = brd["cost0"].astype(float)
    for t in years:
        prev = prev * (1.0 + growth[t])
        baseline[t] = prev

    def idx(b: str, s: int, t: int) -> float:
        if not inputs.index_effects:
            return 1.0
        return float(np.prod([1.0 + growth.at[b, k] for k in range(s + 1, t + 1)]))

    plan = _plan(inputs, actions)
    zeros = pd.DataFrame(0.0, index=boards, columns=years)
    oneoff, dep, started = zeros.copy(), zeros.copy(), zeros.copy()
    capex_paid = pd.Series(0.0, index=years)
    by_action: dict[tuple[str, str], pd.Series] = {}
    for r in plan.itertuples(index=False):
        b, a, s, x = r.board, r.action, int(r.start_year), float(r.amount)
        act = acts.loc[a]
        ramp, life, capex = tuple(act["ramp"]), int(act["life"]), float(act["capex"])
        series = by_action.setdefault((b, a), pd.Series(0.0, index=years))
        for t in years:
            if t >= s:
                series[t] += ramp[min(t - s, len(ramp) - 1)] * idx(b, s, t) * x
            if s < t <= s + life:
                dep.at[b, t] += capex / life * x
        oneoff.at[b, s] += float(act["oneoff"]) * x
        started.at[b, s] += x
        capex_paid[s] += capex * x
    effect = zeros.copy()
    for (b, _), series in by_action.items():
        effect.loc[b] += series
    cost = baseline - effect + oneoff + dep
    income = {t: inputs.revenue[t] + inputs.grants[t] + inputs.financial[t] for t in years}
    result = pd.Series({t: income[t] - inputs.central[t] - float(cost[t].sum()) for t in years})
    adj = pd.Series({t: inputs.adjustments.get(t, 0.0) for t in years})
    balance = inputs.balance_opening + (result + adj).cumsum()
    return Recomputed(
        years=years, boards=boards, plan=plan, growth=growth, baseline=baseline,
        frame=_frames(inputs, boards, growth), effect_by_action=by_action, effect=effect,
        oneoff=oneoff, depreciation=dep, cost=cost, started=started, capex_paid=capex_paid,
        result=result, balance=balance, categories=acts["category"].astype(str).to_dict(),
    )  # fmt: skip


def tables_for_plan(
    inputs: Inputs, actions: pd.DataFrame, rec: Recomputed | None = None
) -> dict[str, pd.DataFrame]:
    """The ``effects``, ``boards``, ``region`` and ``shortfall`` tables a plan implies.

    The slacks are the least ones the plan needs: ``overrun = max(0, C - frame)``,
    ``shortfall = max(0, target - R)``, milestone ``max(0, mile - Bal)``, category
    ``max(0, ctarget - sum E_a)``; duals are NaN. Cash rows need the borrowing and are left out.
    """
    rec = rec or recompute(inputs, actions)
    years = rec.years
    effects = [
        {"board": b, "action": a, "year": t, "effect": float(s[t])}
        for (b, a), s in rec.effect_by_action.items()
        for t in years
    ]
    boards = []
    for b in rec.boards:
        for t in years:
            cost, frame = rec.cost.at[b, t], rec.frame.at[b, t]
            boards.append(
                {
                    "board": b, "year": t, "baseline": rec.baseline.at[b, t],
                    "effect": rec.effect.at[b, t], "oneoff": rec.oneoff.at[b, t],
                    "depreciation": rec.depreciation.at[b, t], "cost": cost, "frame": frame,
                    "margin": frame - cost, "overrun": max(0.0, cost - frame),
                    "frame_dual": np.nan,
                }
            )  # fmt: skip
    region, short = [], []
    for t in years:
        target = inputs.result_targets.get(t, np.nan)
        ur = max(0.0, target - rec.result[t]) if t in inputs.result_targets else 0.0
        region.append(
            {
                "year": t, "revenue": inputs.revenue[t], "grants": inputs.grants[t],
                "financial": inputs.financial[t], "central": inputs.central[t],
                "cost": float(rec.cost[t].sum()), "result": rec.result[t], "target": target,
                "shortfall": ur, "result_dual": np.nan, "balance": rec.balance[t],
                "milestone": inputs.milestones.get(t, np.nan), "milestone_dual": np.nan,
            }
        )  # fmt: skip
    for row in boards:
        short.append(("frame", row["board"], "", row["year"], row["frame"], row["cost"]))
    for t in years:
        if t in inputs.result_targets:
            short.append(("result", "", "", t, inputs.result_targets[t], rec.result[t]))
    for y, mile in inputs.milestones.items():
        short.append(("milestone", "", "", y, mile, rec.balance.get(y, np.nan)))
    for (c, t), target in inputs.category_targets.items():
        short.append(("category", "", c, t, target, rec.category_effect(c, t)))
    rows = []
    for req, b, c, t, target, value in short:
        gap = value - target if req == "frame" else target - value
        if gap > SHORTFALL_MIN:
            rows.append((req, b, c, t, target, value, gap))
    columns = ["requirement", "board", "category", "year", "target", "value", "shortfall"]
    return {
        "effects": pd.DataFrame(effects, columns=["board", "action", "year", "effect"]),
        "boards": pd.DataFrame(boards),
        "region": pd.DataFrame(region),
        "shortfall": pd.DataFrame(rows, columns=columns),
    }
