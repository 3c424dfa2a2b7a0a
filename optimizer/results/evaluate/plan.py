"""Recompute every derived number of a plan from ``Inputs`` alone (the evaluator's own path).

Deliberately independent of ``params.py`` and ``model/``: whole-array numpy steps over the
plan rows, straight from docs/model.md (notation there; ``x[b,a,s]`` is ``amount``):

- ``g[b,t] = pshare[b]*wage[t] + (1-pshare[b])*price[t] + volume[b,t]``
- ``base[b,base] = cost0[b]``, ``base[b,t] = base[b,t-1]*(1+g[b,t])``
- ``frame[b,t]``: explicit where given; else ``frame0[b]`` in the first year and
  ``frame[b,t-1]*(1+uprate[b,t])`` after, ``uprate[b,t] = g[b,t]`` where ``uprate_index``
- ``idx[b,s,t] = prod_{k=s+1..t}(1+g[b,k])``, 1 when ``t = s`` or ``index_effects`` is false
  (built lag by lag: ``idx[b,s,s+d] = idx[b,s,s+d-1]*(1+g[b,s+d])``, no division)
- ``E_a[b,t] = sum_{s<=t} real[a]*ramp[a][min(t-s, len-1)]*idx[b,s,t]*x[b,a,s]``, ``E = sum_a
  E_a`` (``real[a]`` the realisation, MODEL.md section 9, default 1; one-offs and capex on ``x``)
- ``O[b,t] = sum_a oneoff[a]*x[b,a,t]`` plus (v3) the rebound of a temporary measure,
  ``rebound[a] * x[b,a,s] * idx[b,s,t] / rebound_years[a]`` in the years from its ramp's end;
  ``D[b,t] = sum_a sum_{s<t<=s+life[a]} capex[a]/life[a]*x[b,a,s]``
- (v3) ``base`` also holds the committed actions' increment (``evaluate/committed.py``)
- ``C = base - E + O + D``; ``R[t] = rev + grants + fin - central - sum_b C[b,t]``
- ``Bal[t] = bal0 + sum_{k<=t}(R[k] + adj[k])``; (v2, with the law's balance keys) the law's net
  position ``surplus_after_restoration[t] - deficit_left[t]`` (``balance_law.reconciliation``)

The work is linear in the plan rows times the plan years (one row of ``nT`` numbers each).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer.results.balance_law import Rules, reconciliation
from optimizer.results.evaluate.committed import committed_effects
from optimizer.scenario.inputs import Inputs

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
    plan: pd.DataFrame  # board, action, start_year, amount (known ids, start in T)
    growth: pd.DataFrame  # g[b,t]
    baseline: pd.DataFrame  # base[b,t]
    frame: pd.DataFrame  # frame[b,t]
    pair_effect: pd.DataFrame  # E_a[b,t]: index (board, action) in plan order, columns years
    effect: pd.DataFrame  # E[b,t]
    oneoff: pd.DataFrame  # O[b,t]
    depreciation: pd.DataFrame  # D[b,t]
    cost: pd.DataFrame  # C[b,t]
    started: pd.DataFrame  # sum_a x[b,a,t] (the pace row's left side)
    capex_paid: pd.Series  # sum_{b,a} capex[a]*x[b,a,t]
    result: pd.Series  # R[t]
    balance: pd.Series  # Bal[t]
    categories: dict[str, str]  # action -> category
    category_effects: pd.DataFrame  # sum_{b, a in c} E_a[b,t]: index category, columns years

    def category_effect(self, category: str, year: int) -> float:
        """``sum_{b, a in c} E_a[b,t]`` (0 for a category without a planned action)."""
        table = self.category_effects
        if category not in table.index or year not in table.columns:
            return 0.0
        return float(table.at[category, year])

    def pair_weights(self, inputs: Inputs) -> np.ndarray:
        """``w[b,a]`` of each row of ``pair_effect``, from the priority set."""
        acts = _actions(inputs)
        weight = acts["weight"].astype(float).to_dict()
        prio = inputs.priorities
        return np.array(
            [prio.weight(b, a, self.categories[a], weight[a]) for b, a in self.pair_effect.index],
            dtype=float,
        )

    def impact(self, inputs: Inputs) -> float:
        """``sum_{b,a} w[b,a]*(sum_t E_a[b,t] + tail_years*E_a[b,last])``, ``w`` from the
        priority set (v2: an effect running at the end hurts ``tail_years`` more years)."""
        return float(np.dot(self.pair_weights(inputs), self.horizon(inputs)))

    def horizon(self, inputs: Inputs) -> np.ndarray:
        """``sum_t E_a[b,t] + tail_years*E_a[b,last]`` per planned pair (MSEK-years)."""
        effect = self.pair_effect.to_numpy()
        totals = effect.sum(axis=1)
        if inputs.tail_years and effect.shape[1]:
            totals = totals + inputs.tail_years * effect[:, -1]
        return totals

    def max_share(self, inputs: Inputs) -> float:
        """``max E[b,last]/base[b,last]`` over unprotected boards (0 with none)."""
        last = self.years[-1]
        effect, base = self.effect[last], self.baseline[last]
        keep = ~effect.index.isin(list(inputs.priorities.protected_boards)) & (base != 0)
        shares = (effect[keep] / base[keep]).to_numpy()
        return float(shares.max()) if len(shares) else 0.0


def _actions(inputs: Inputs) -> pd.DataFrame:
    """``inputs.actions`` with its ids as text."""
    return inputs.actions.set_axis(inputs.actions.index.map(key_str))


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


def _growth(inputs: Inputs, boards: list[str], brd: pd.DataFrame) -> np.ndarray:
    """``g[b,t]`` as an ``(nB, nT)`` array."""
    years = inputs.years
    pos_b = {b: i for i, b in enumerate(boards)}
    pos_t = {t: k for k, t in enumerate(years)}
    volume = np.zeros((len(boards), len(years)))
    for (b, t), v in inputs.volume.items():
        i, k = pos_b.get(key_str(b)), pos_t.get(int(t))
        if i is not None and k is not None:
            volume[i, k] = float(v)
    p = brd["pshare"].to_numpy(float)[:, None]
    wage = np.array([inputs.wage[t] for t in years], dtype=float)[None, :]
    price = np.array([inputs.price[t] for t in years], dtype=float)[None, :]
    return p * wage + (1 - p) * price + volume


def _frames(inputs: Inputs, boards: list[str], brd: pd.DataFrame, g: np.ndarray) -> np.ndarray:
    """``frame[b,t]`` from ``inputs.frames`` or ``frame0``/``uprate``, year by year."""
    years = inputs.years
    pos_b = {b: i for i, b in enumerate(boards)}
    pos_t = {t: k for k, t in enumerate(years)}
    explicit = np.full((len(boards), len(years)), np.nan)
    given = np.zeros(explicit.shape, dtype=bool)
    for (b, t), v in inputs.frames.items():
        i, k = pos_b.get(key_str(b)), pos_t.get(int(t))
        if i is not None and k is not None:
            explicit[i, k], given[i, k] = float(v), True
    indexed = brd["uprate_index"].astype(bool).to_numpy()
    fixed = brd["uprate"].to_numpy(float)
    frame = np.empty(explicit.shape)
    prev = brd["frame0"].to_numpy(float)
    for k in range(len(years)):
        uprated = prev if k == 0 else prev * (1.0 + np.where(indexed, g[:, k], fixed))
        frame[:, k] = prev = np.where(given[:, k], explicit[:, k], uprated)
    return frame


def _indexation(g: np.ndarray, on: bool) -> np.ndarray:
    """``idx[b,s,t]`` as an ``(nB, nT, nT)`` array (0 where ``t < s``)."""
    nB, nT = g.shape
    idx = np.zeros((nB, nT, nT))
    s = np.arange(nT)
    idx[:, s, s] = 1.0
    for d in range(1, nT):
        s = np.arange(nT - d)
        step = (1.0 + g[:, s + d]) if on else 1.0
        idx[:, s, s + d] = idx[:, s, s + d - 1] * step
    return idx


def _rebound_rows(inputs: Inputs, acts: pd.DataFrame, ja, lag, idx, x) -> np.ndarray:
    """(v3) ``rebound[a] * x * idx / years[a]`` in the ``years[a]`` years from the first lag
    ``k`` with ``ramp[a][j] = 0`` for every ``j >= k`` (counted from the ramp's own values)."""
    out = np.zeros(lag.shape)
    for r, a in enumerate(acts.index[ja]):
        if a not in inputs.core.rebound:
            continue
        share, years = inputs.core.rebound[a]
        ramp = [float(v) for v in acts.loc[a, "ramp"]]
        end = next(k for k in range(len(ramp) + 1) if all(v == 0 for v in ramp[k:]))
        window = (lag[r] >= end) & (lag[r] < end + years)
        out[r] = np.where(window, share * x[r] * idx[r] / years, 0.0)
    return out


def _ramps(acts: pd.DataFrame, nT: int) -> np.ndarray:
    """``ramp[a][min(k, len-1)]`` for ``k = 0..nT-1``, one row per action."""
    rows = np.zeros((len(acts), nT))
    for i, ramp in enumerate(acts["ramp"]):
        values = [float(v) for v in tuple(ramp)[:nT]]
        if values:
            rows[i] = values + [values[-1]] * (nT - len(values))
    return rows


def recompute(inputs: Inputs, actions: pd.DataFrame) -> Recomputed:
    """All derived numbers of the plan ``actions`` (columns board, action, start_year, amount)."""
    years = inputs.years
    nT = len(years)
    boards = [key_str(b) for b in inputs.boards.index]
    brd = inputs.boards.set_axis(boards)
    acts = _actions(inputs)
    g = _growth(inputs, boards, brd)
    baseline = brd["cost0"].to_numpy(float)[:, None] * np.cumprod(1.0 + g, axis=1)
    fixed, committed_by_category, _ = committed_effects(inputs, boards, g)
    baseline = baseline + fixed  # (v3) the committed actions' increment (MODEL.md 10.3)

    plan = _plan(inputs, actions)
    jb = pd.Index(boards).get_indexer(plan["board"])
    ja = pd.Index(acts.index).get_indexer(plan["action"])
    js = plan["start_year"].to_numpy(np.int64) - inputs.first
    x = plan["amount"].to_numpy(float)
    lag = np.arange(nT)[None, :] - js[:, None]  # t - s, one row per plan row
    lag_at = np.clip(lag, 0, nT - 1)
    ramp = _ramps(acts, nT)[ja[:, None], lag_at]
    idx = _indexation(g, inputs.index_effects)[jb[:, None], js[:, None], np.arange(nT)[None, :]]
    real = np.array([inputs.core.realisation.get(a, 1.0) for a in acts.index])[ja]
    rows_e = np.where(lag >= 0, ramp * idx, 0.0) * (real * x)[:, None]  # delivered (section 9)
    life = acts["life"].to_numpy(np.int64)[ja]
    capex = acts["capex"].to_numpy(float)[ja]
    with np.errstate(divide="ignore", invalid="ignore"):
        rows_d = np.where((lag >= 1) & (lag <= life[:, None]), (capex / life * x)[:, None], 0.0)
    rows_o = acts["oneoff"].to_numpy(float)[ja][:, None] * x[:, None] * (lag == 0)
    rows_o = rows_o + _rebound_rows(inputs, acts, ja, lag, idx, x)

    pair_codes, pairs = pd.MultiIndex.from_arrays([plan["board"], plan["action"]]).factorize()
    pair_e = np.zeros((len(pairs), nT))
    np.add.at(pair_e, pair_codes, rows_e)
    nB = len(boards)
    effect, oneoff, dep, started = (np.zeros((nB, nT)) for _ in range(4))
    np.add.at(effect, jb, rows_e)
    np.add.at(oneoff, jb, rows_o)
    np.add.at(dep, jb, rows_d)
    np.add.at(started, (jb, js), x)
    capex_paid = np.bincount(js, weights=capex * x, minlength=nT)
    cost = baseline - effect + oneoff + dep
    income = np.array([inputs.revenue[t] + inputs.grants[t] + inputs.financial[t] for t in years])
    central = np.array([inputs.central[t] for t in years])
    result = pd.Series(income - central - cost.sum(axis=0), index=years)
    balance = balance_of(inputs, result)

    categories = acts["category"].astype(str).to_dict()
    pair_effect = pd.DataFrame(pair_e, index=pairs, columns=years)
    if len(pairs):
        pair_effect.index.names = ["board", "action"]
    pair_cats = [categories[a] for _, a in pairs]
    by_cat = pair_effect.groupby(pair_cats).sum() if len(pairs) else pd.DataFrame(columns=years)
    for category, delivered in committed_by_category.items():  # committed effects count too
        if category not in by_cat.index:
            by_cat.loc[category] = 0.0
        by_cat.loc[category] = by_cat.loc[category].to_numpy(float) + delivered

    def table(values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=boards, columns=years)

    return Recomputed(
        years=years, boards=boards, plan=plan, growth=table(g), baseline=table(baseline),
        frame=table(_frames(inputs, boards, brd, g)), pair_effect=pair_effect,
        effect=table(effect), oneoff=table(oneoff), depreciation=table(dep), cost=table(cost),
        started=table(started), capex_paid=pd.Series(capex_paid, index=years), result=result,
        balance=balance, categories=categories, category_effects=by_cat,
    )  # fmt: skip


def balance_of(inputs: Inputs, result: pd.Series) -> pd.Series:
    """``Bal[t] = bal0 + sum_{k<=t}(R[k] + adj[k])``; (v2, the law's keys) the law's net
    position: surplus after restoration - deficit left."""
    adj = pd.Series({t: inputs.adjustments.get(t, 0.0) for t in result.index}, dtype=float)
    balance = inputs.balance_opening + (result + adj).cumsum()
    if inputs.balance_law:
        law = reconciliation(Rules.of(inputs), dict(result.items()))
        net = law["surplus_after_restoration"] - law["deficit_left"]
        balance = pd.Series(net.to_numpy(float), index=result.index)
    return balance


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
    nT, nB, nP = len(years), len(rec.boards), len(rec.pair_effect)
    pairs = rec.pair_effect.index
    effects = pd.DataFrame(
        {
            "board": np.repeat(np.array([b for b, _ in pairs], dtype=object), nT),
            "action": np.repeat(np.array([a for _, a in pairs], dtype=object), nT),
            "year": np.tile(np.array(years, dtype=np.int64), nP),
            "effect": rec.pair_effect.to_numpy(float).ravel(),
        }
    )
    cost, frame = rec.cost.to_numpy(), rec.frame.to_numpy()
    decided = np.array([t <= inputs.decided_through for t in years], dtype=bool)
    frame = np.where(decided[None, :], frame, cost)  # a proposed frame is the plan's cost
    boards = pd.DataFrame(
        {
            "board": np.repeat(np.array(rec.boards, dtype=object), nT),
            "year": np.tile(np.array(years, dtype=np.int64), nB),
            "baseline": rec.baseline.to_numpy().ravel(),
            "effect": rec.effect.to_numpy().ravel(),
            "oneoff": rec.oneoff.to_numpy().ravel(),
            "depreciation": rec.depreciation.to_numpy().ravel(),
            "cost": cost.ravel(),
            "frame": frame.ravel(),
            "margin": (frame - cost).ravel(),
            "overrun": np.maximum(0.0, cost - frame).ravel(),
            "frame_dual": np.nan,
        }
    )
    region = []
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
    weighted = {k for k, w in inputs.shortfall_weights.items() if w > 0}
    over_b, over_t = np.nonzero(cost - frame > SHORTFALL_MIN)
    rows = [
        ("frame", rec.boards[i], "", years[k], frame[i, k], cost[i, k], cost[i, k] - frame[i, k])
        for i, k in zip(over_b, over_t, strict=True)
        if "frame" in weighted
    ]
    targets = inputs.result_targets
    short = [("result", "", "", t, targets[t], rec.result[t]) for t in years if t in targets]
    for y, mile in inputs.milestones.items():
        short.append(("milestone", "", "", y, mile, rec.balance.get(y, np.nan)))
    for (c, t), target in inputs.category_targets.items():
        short.append(("category", "", c, t, target, rec.category_effect(c, t)))
    for req, b, c, t, target, value in short:
        if target - value > SHORTFALL_MIN and req in weighted:
            rows.append((req, b, c, t, target, value, target - value))
    columns = ["requirement", "board", "category", "year", "target", "value", "shortfall"]
    return {
        "effects": effects,
        "boards": boards,
        "region": pd.DataFrame(region),
        "shortfall": pd.DataFrame(rows, columns=columns),
    }
