"""The numbers the linear program needs, computed once and vectorised (numpy).

Notation of docs/model.md, with ``t`` the plan-year position ``0..nT-1``:

- cost growth ``g[b,t] = pshare[b]*wage[t] + (1-pshare[b])*price[t] + volume[b,t]``;
- cumulative growth ``cum[b,t] = prod_{k<=t} (1+g[b,k])`` and baseline ``base[b,t] = cost0[b]*cum[b,t]``;
- indexation ``idx[b,s,t] = cum[b,t]/cum[b,s]`` (1 when ``index_effects`` is false);
- frames ``frame[b,first]`` = explicit or ``frame0[b]``, then explicit or
  ``frame[b,t-1]*(1+uprate[b,t])`` with ``uprate[b,t] = g[b,t]`` for ``uprate: index``.

One column ``j`` per decision variable ``x[b,a,s]`` (unprotected pair with ``pot > 0``, start
``s`` in ``earliest..latest``), with its coefficient rows over the plan years:

- ``effect[j,t] = real[a] * ramp[a][t-s] * idx[b,s,t]`` for ``t >= s`` (ramp's last value
  repeats), else 0; ``real[a]`` the action's realisation (MODEL.md section 9, default 1): the
  effect a decided MSEK delivers, while one-off costs and investments are paid on the decision;
- ``oneoff[j,t] = oneoff[a]`` for ``t = s``;
- ``dep[j,t] = capex[a]/life[a]`` for ``s < t <= s+life[a]``;
- ``cost[j,t] = -effect[j,t] + oneoff[j,t] + dep[j,t]``: what one MSEK of ``x`` adds to ``C[b,t]``;
- ``horizon[j] = sum_t effect[j,t] + tail_years * effect[j,last]`` (v2: an effect still running
  at the end keeps hurting ``tail_years`` more years; 0 is version 1);
- ``impact[j] = w[b,a] * horizon[j]`` (impact-years, the ``min_impact`` cost), ``horizon[j]``
  the ``min_savings`` cost, and ``savings[j] = sum_t effect[j,t]`` (the plan years only).
- ``decided[t]``: the frame of plan year ``t`` is decided (``t <= frames_decided_through``);
  later frames are proposed by the plan and have no ``frame`` row.

Committed actions (MODEL.md 10.3, ``committed_numbers``) are fixed: their cost increment is
part of ``base`` (the cost without new decisions), their amount comes off the pair's ``pot``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from optimizer.scenario.financial_core import ramp_end
from optimizer.scenario.inputs import Inputs


@dataclass(frozen=True)
class CommittedNumbers:
    """The numbers of the committed actions (rows ``k``; MODEL.md 10.3), all fixed.

    With ``s`` the start, ``base`` the base year, ``idx[base,t] = cum[b,t]`` (1 without
    ``index_effects``) and ``idx[s,t] = idx[s,base]*idx[base,t]`` for ``s <= base`` (``idx[s,base]``
    the row's ``index_to_base``), else ``cum[b,t]/cum[b,s]``; ``ramp[k] = 0`` for ``k < 0``:

    - ``effect[k,t] = amount*real*ramp[t-s]*idx[s,t]``: what the action delivers in plan year
      ``t`` (its harm ``w*(sum_t effect + tail_years*effect[last])`` is ``harm[k]``);
    - its cost row ``c(t) = -effect(t) + oneoff*amount*[t=s] + capex/life*amount*[s<t<=s+life]``,
      known also in the base year;
    - ``cost[k,t] = c(t) - c(base)*idx[base,t]``: what it adds to ``C[b,t]`` over the base
      year's outcome (``cost0`` already holds ``c(base)``, and the baseline grows it). For the
      effect this is ``amount*real*(ramp[t-s] - ramp[base-s])*idx[s,t]`` (MODEL.md 10.3); for a
      start in a plan year ``c(base) = 0`` and the whole ramp, one-off and depreciation count.
    """

    board: np.ndarray  # (nK,) board index
    action: np.ndarray  # (nK,) action index
    start: np.ndarray  # (nK,) start year
    amount: np.ndarray  # (nK,) decided full annual effect
    realisation: np.ndarray  # (nK,)
    weight: np.ndarray  # (nK,) w[b,a]
    effect: np.ndarray  # (nK, nT)
    cost: np.ndarray  # (nK, nT)
    harm: np.ndarray  # (nK,)
    pairs: list[tuple[str, str]]  # (board, action) of each row

    def by_board(self, nB: int) -> np.ndarray:
        """``sum_k cost[k,t]`` per board: the committed increment of ``C[b,t]``."""
        out = np.zeros((nB, self.cost.shape[1]))
        np.add.at(out, self.board, self.cost)
        return out

    def used_potential(self) -> dict[tuple[str, str], float]:
        """``sum_k amount[k]`` per (board, action): what the pair's new decisions cannot use."""
        used: dict[tuple[str, str], float] = {}
        for pair, amount in zip(self.pairs, self.amount.tolist(), strict=True):
            used[pair] = used.get(pair, 0.0) + amount
        return used


@dataclass(frozen=True)
class Params:
    """Derived arrays of one scenario (boards ``b``, actions ``a``, plan years ``t``, columns ``j``)."""

    years: np.ndarray
    boards: list[str]
    actions: list[str]
    categories: list[str]  # category of each action
    cost0: np.ndarray  # (nB,)
    g: np.ndarray  # (nB, nT)
    base: np.ndarray  # (nB, nT) cost0*cum + the committed actions' increment (10.3)
    frame: np.ndarray  # (nB, nT)
    net_revenue: np.ndarray  # (nT,) rev + grants + fin - central
    # decision columns
    col_board: np.ndarray  # (nX,) board index
    col_action: np.ndarray  # (nX,) action index
    col_start: np.ndarray  # (nX,) start-year index
    col_pair: np.ndarray  # (nX,) index into ``pairs``
    weight: np.ndarray  # (nX,) w[b,a]
    capex: np.ndarray  # (nX,) capex[a]
    effect: np.ndarray  # (nX, nT)
    cost: np.ndarray  # (nX, nT)
    dep: np.ndarray  # (nX, nT)
    pairs: list[tuple[int, int, float]]  # (board, action, pot) of unprotected pairs with pot > 0
    protected: list[tuple[str, str, str, float, str]]  # (board, action, category, pot, reason)
    tail_years: float = 0.0
    decided: np.ndarray | None = None  # (nT,) bool; None: every year decided
    committed: CommittedNumbers | None = None  # (v3) actions decided in earlier rounds

    @cached_property
    def pairs_pot(self) -> dict[tuple[str, str], float]:
        """``pot[b,a]`` of every pair with columns, by ``(board, action)`` id."""
        return {(self.boards[b], self.actions[a]): pot for b, a, pot in self.pairs}

    @cached_property
    def pair_cols(self) -> list[np.ndarray]:
        """The columns of each pair (``col_pair == q``), found with one sort, not one scan of
        every column per pair (ranging and why-not read them for every pair)."""
        order = np.argsort(self.col_pair, kind="stable")
        bounds = np.searchsorted(self.col_pair[order], np.arange(len(self.pairs) + 1))
        return [order[a:b] for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)]

    @property
    def horizon(self) -> np.ndarray:
        """``sum_t effect[j,t] + tail_years * effect[j,last]``: impact-years per unit weight."""
        years = self.effect.sum(axis=1)
        if self.tail_years and self.effect.shape[1]:
            years = years + self.tail_years * self.effect[:, -1]
        return years

    @property
    def impact(self) -> np.ndarray:
        """Objective coefficient of ``min_impact``: ``w[b,a] * horizon[j]``."""
        return self.weight * self.horizon

    @property
    def decided_mask(self) -> np.ndarray:
        """``decided[t]`` for every plan year (all True where no year is proposed)."""
        if self.decided is None:
            return np.ones(len(self.years), dtype=bool)
        return self.decided

    @property
    def savings(self) -> np.ndarray:
        """Objective coefficient of ``min_savings``: ``sum_t effect[j,t]``."""
        return self.effect.sum(axis=1)


def compute(inputs: Inputs) -> Params:
    """Compute every derived array of ``inputs`` once."""
    years = np.array(inputs.years)
    boards = list(inputs.boards.index)
    nB = len(boards)
    bt = inputs.boards
    wage = np.array([inputs.wage[t] for t in years])
    price = np.array([inputs.price[t] for t in years])
    volume = np.array([[inputs.volume.get((b, t), 0.0) for t in years] for b in boards])
    pshare = bt["pshare"].to_numpy(float)[:, None]
    g = pshare * wage[None, :] + (1.0 - pshare) * price[None, :] + volume.reshape(nB, len(years))
    cum = np.cumprod(1.0 + g, axis=1)
    cost0 = bt["cost0"].to_numpy(float)
    committed = committed_numbers(inputs, boards, cum)
    base = cost0[:, None] * cum + committed.by_board(len(boards))
    frame = _frames(inputs, boards, years, g)
    net_revenue = np.array(
        [
            inputs.revenue[t] + inputs.grants[t] + inputs.financial[t] - inputs.central[t]
            for t in years
        ]
    )
    cols = _columns(inputs, boards, years, committed.used_potential())
    return Params(
        years=years,
        boards=boards,
        actions=list(inputs.actions.index),
        categories=list(inputs.actions["category"]),
        cost0=cost0,
        g=g,
        base=base,
        frame=frame,
        net_revenue=net_revenue,
        **_coefficients(inputs, cols, cum, len(years)),
        pairs=cols["pairs"],
        protected=cols["protected"],
        tail_years=float(inputs.tail_years),
        decided=years <= inputs.decided_through,
        committed=committed if inputs.committed else None,
    )


def _frames(inputs: Inputs, boards: list[str], years: np.ndarray, g: np.ndarray) -> np.ndarray:
    """``frame[b,t]``: explicit where given, else the previous year's frame uprated."""
    frame = np.empty((len(boards), len(years)))
    for i, b in enumerate(boards):
        row = inputs.boards.loc[b]
        for k, t in enumerate(years):
            explicit = inputs.frames.get((b, int(t)))
            if explicit is not None:
                frame[i, k] = explicit
            elif k == 0:
                frame[i, k] = row["frame0"]
            else:
                uprate = g[i, k] if row["uprate_index"] else row["uprate"]
                frame[i, k] = frame[i, k - 1] * (1.0 + uprate)
    return frame


def _columns(
    inputs: Inputs, boards: list[str], years: np.ndarray, used: dict[tuple[str, str], float]
) -> dict:
    """The decision columns: unprotected (board, action) pairs with pot > 0, times start years.

    Pair ``p`` with start window ``lo..hi`` gives ``hi-lo+1`` consecutive columns, one per start.
    A pair's ``pot`` is what its committed actions leave (``pot - sum of committed amounts``);
    a pair they use up has no columns.
    """
    board_pos = {b: i for i, b in enumerate(boards)}
    action_pos = {a: i for i, a in enumerate(inputs.actions.index)}
    acts = inputs.actions
    category = dict(zip(acts.index, acts["category"].tolist(), strict=True))
    earliest = dict(zip(acts.index, acts["earliest"].tolist(), strict=True))
    latest = dict(zip(acts.index, acts["latest"].tolist(), strict=True))
    first, last = int(years[0]), int(years[-1])
    pair_lo, pair_n = [], []
    pairs: list[tuple[int, int, float]] = []
    protected: list[tuple[str, str, str, float, str]] = []
    prio = inputs.priorities
    for b, a, pot in inputs.potentials[["board", "action", "pot"]].itertuples(index=False):
        if pot <= 0:
            continue
        cat = category[a]
        if prio.is_protected(b, a, cat):
            protected.append((b, a, cat, float(pot), _protection_reason(prio, b, a, cat)))
            continue
        lo = max(int(earliest[a]), first)
        hi = min(int(latest[a]), last)
        left = float(pot) - used.get((b, a), 0.0)
        if lo > hi or left <= POT_EPS:
            continue
        pairs.append((board_pos[b], action_pos[a], left))
        pair_lo.append(lo - first)
        pair_n.append(hi - lo + 1)
    as_int = {"dtype": np.int64}
    n = np.array(pair_n, **as_int)
    col_pair = np.repeat(np.arange(len(pairs), **as_int), n)
    offset = np.arange(len(col_pair), **as_int) - np.repeat(np.cumsum(n) - n, n)
    pair_board = np.array([p[0] for p in pairs], **as_int)
    pair_action = np.array([p[1] for p in pairs], **as_int)
    return {
        "col_board": pair_board[col_pair],
        "col_action": pair_action[col_pair],
        "col_start": np.array(pair_lo, **as_int)[col_pair] + offset,
        "col_pair": col_pair,
        "pairs": pairs,
        "protected": protected,
    }


POT_EPS = 1e-9  # a pair with less potential left than this has no columns


def _protection_reason(prio, board: str, action: str, category: str) -> str:
    """Which rule of the priority set protects the pair: ``board``, ``category`` or ``action``."""
    if board in prio.protected_boards:
        return "board"
    if category in prio.protected_categories.get(board, ()):
        return "category"
    return "action"


def _coefficients(inputs: Inputs, cols: dict, cum: np.ndarray, nT: int) -> dict:
    """Vectorised coefficient rows of every column: effect, cost, depreciation, weight, capex."""
    acts = inputs.actions
    jb, ja, js = cols["col_board"], cols["col_action"], cols["col_start"]
    ramps = np.array([_ramp_row(r, nT) for r in acts["ramp"]]).reshape(len(acts), nT)
    t = np.arange(nT)[None, :]
    lag = t - js[:, None]  # years since start
    started = lag >= 0
    ramp = ramps[ja[:, None], np.clip(lag, 0, nT - 1)]
    if inputs.index_effects:
        idx = cum[jb[:, None], t] / cum[jb, js][:, None]
    else:
        idx = 1.0
    realisation = np.array([inputs.core.realisation.get(a, 1.0) for a in acts.index])
    effect = np.where(started, ramp * idx, 0.0) * realisation[ja][:, None]  # delivered (sec. 9)
    rebound = rebound_cost(inputs, ja, lag, idx)
    oneoff = acts["oneoff"].to_numpy(float)[ja][:, None] * (lag == 0)
    capex = acts["capex"].to_numpy(float)[ja]
    life = acts["life"].to_numpy(np.int64)[ja]
    dep = np.where((lag >= 1) & (lag <= life[:, None]), (capex / life)[:, None], 0.0)
    prio = inputs.priorities
    boards = list(inputs.boards.index)
    ids, cats, weights = list(acts.index), acts["category"].tolist(), acts["weight"].tolist()
    pair_weight = np.array(
        [prio.weight(boards[b], ids[a], cats[a], weights[a]) for b, a, _pot in cols["pairs"]],
        dtype=float,
    )
    weight = pair_weight[cols["col_pair"]] if len(pair_weight) else np.zeros(0)
    return {
        "col_board": jb,
        "col_action": ja,
        "col_start": js,
        "col_pair": cols["col_pair"],
        "weight": weight,
        "capex": capex,
        "effect": effect,
        "cost": -effect + oneoff + dep + rebound,
        "dep": dep,
    }


def rebound_cost(inputs: Inputs, ja: np.ndarray, lag: np.ndarray, idx) -> np.ndarray:
    """(v3, MODEL.md 10.2) The cost that comes back per MSEK decided: ``rebound * idx /
    rebound_years`` in the ``rebound_years`` years from the ramp's end ``k`` (the first year
    after the start from which the ramp stays 0), ``lag`` counted from the start. A cost (in
    ``cost``, reported with the one-offs), not a negative effect: the harm is unchanged."""
    out = np.zeros(lag.shape)
    if not inputs.core.rebound:
        return out
    share = np.zeros(len(inputs.actions))
    end = np.zeros(len(inputs.actions), dtype=np.int64)
    spread = np.ones(len(inputs.actions), dtype=np.int64)
    for i, (a, ramp) in enumerate(zip(inputs.actions.index, inputs.actions["ramp"], strict=True)):
        if a in inputs.core.rebound:
            share[i], spread[i] = inputs.core.rebound[a]
            end[i] = ramp_end(tuple(ramp)) or 0
    k, n = end[ja][:, None], spread[ja][:, None]
    window = (lag >= k) & (lag < k + n)
    return np.where(window, (share[ja] / spread[ja])[:, None] * idx, 0.0)


def _ramp_row(ramp: tuple[float, ...], nT: int) -> list[float]:
    """``ramp[k]`` for ``k = 0..nT-1``, the last value repeating."""
    values = list(ramp)[:nT]
    return values + [values[-1]] * (nT - len(values))


def committed_numbers(inputs: Inputs, boards: list[str], cum: np.ndarray) -> CommittedNumbers:
    """Every committed action's fixed numbers (formulas in ``CommittedNumbers``)."""
    nT = cum.shape[1]
    acts = inputs.actions
    first, base = inputs.first, inputs.base_year
    rows = inputs.committed
    nK = len(rows)
    effect, cost = np.zeros((nK, nT)), np.zeros((nK, nT))
    harm, weight = np.zeros(nK), np.zeros(nK)
    b_of = {b: i for i, b in enumerate(boards)}
    a_of = {a: i for i, a in enumerate(acts.index)}
    years = np.arange(first, first + nT)
    for k, c in enumerate(rows):
        b, act = b_of[c.board], acts.loc[c.action]
        grow = cum[b] if inputs.index_effects else np.ones(nT)  # idx[base, t]
        if c.start <= base:
            idx = c.index_to_base * grow
            idx_base = c.index_to_base
        else:
            idx = grow / grow[c.start - first]
            idx_base = 0.0  # not started in the base year: c(base) = 0
        ramp = np.array([_ramp_at(act["ramp"], t - c.start) for t in years])
        eff = c.amount * c.realisation * ramp * idx
        row = -eff + _fixed_costs(act, c.amount, c.start, years)
        at_base = -c.amount * c.realisation * _ramp_at(act["ramp"], base - c.start) * idx_base
        at_base += _fixed_costs(act, c.amount, c.start, np.array([base]))[0]
        effect[k], cost[k] = eff, row - at_base * grow
        weight[k] = inputs.priorities.weight(c.board, c.action, act["category"], act["weight"])
        tail = inputs.tail_years * eff[-1] if nT else 0.0
        harm[k] = weight[k] * (eff.sum() + tail)
    return CommittedNumbers(
        board=np.array([b_of[c.board] for c in rows], dtype=np.int64),
        action=np.array([a_of[c.action] for c in rows], dtype=np.int64),
        start=np.array([c.start for c in rows], dtype=np.int64),
        amount=np.array([c.amount for c in rows], dtype=float),
        realisation=np.array([c.realisation for c in rows], dtype=float),
        weight=weight,
        effect=effect,
        cost=cost,
        harm=harm,
        pairs=[(c.board, c.action) for c in rows],
    )


def _ramp_at(ramp: tuple[float, ...], k: int) -> float:
    """``ramp[k]``: 0 before the start (``k < 0``), the last value repeating after the end."""
    return 0.0 if k < 0 else float(ramp[min(k, len(ramp) - 1)])


def _fixed_costs(act, amount: float, start: int, years: np.ndarray) -> np.ndarray:
    """``oneoff*amount*[t=s] + capex/life*amount*[s<t<=s+life]`` in each of ``years``."""
    lag = years - start
    life = int(act["life"])
    oneoff = float(act["oneoff"]) * amount * (lag == 0)
    dep = np.where((lag >= 1) & (lag <= life), float(act["capex"]) / life * amount, 0.0)
    return oneoff + dep
