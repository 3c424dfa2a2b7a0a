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

from dataclasses import dataclass, field
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


@dataclass(frozen=True, eq=False)
class Structure:
    """What the decision columns are made of, found once with Python steps.

    It depends only on the plan years, the boards and actions (their order, each action's
    category and start window), which (board, action) pairs have ``pot > 0``, the protected
    areas and the committed actions that use a pair up. ``numbers(inputs, structure)`` turns it
    into every array of ``Params`` with whole-array steps; the batch's ``ParamCache`` keeps one
    for every scenario that shares it. It also remembers the last ramps, effect and cost rows it
    was asked for, reused while what they are made of is equal.
    """

    years: np.ndarray  # (nT,) plan years
    boards: list[str]
    actions: list[str]
    categories: list[str]  # category of each action
    col_board: np.ndarray  # (nX,) board index
    col_action: np.ndarray  # (nX,) action index
    col_start: np.ndarray  # (nX,) start-year index
    col_pair: np.ndarray  # (nX,) index into the pairs
    pair_board: np.ndarray  # (nP,) board index of each pair
    pair_action: np.ndarray  # (nP,) action index of each pair
    pair_row: np.ndarray  # (nP,) its row in ``inputs.potentials`` (its pot is read per run)
    protected: list[tuple[str, str, str, str]]  # (board, action, category, reason)
    protected_row: np.ndarray  # row of each protected pair in ``inputs.potentials``
    lag: np.ndarray  # (nX, nT) ``t - s``: years since the column's start
    memo: dict = field(default_factory=dict, repr=False)  # name -> _Last

    def last(self, name: str) -> _Last:
        """The remembered last result called ``name``."""
        return self.memo.setdefault(name, _Last())


def compute(inputs: Inputs) -> Params:
    """Compute every derived array of ``inputs`` once: ``numbers(inputs, structure(inputs))``."""
    return numbers(inputs, structure(inputs))


def structure(inputs: Inputs) -> Structure:
    """The decision columns: unprotected (board, action) pairs with pot > 0, times start years.

    Pair ``p`` with start window ``lo..hi`` gives ``hi-lo+1`` consecutive columns, one per start.
    A pair's ``pot`` is what its committed actions leave (``pot - sum of committed amounts``);
    a pair they use up has no columns.
    """
    years = np.array(inputs.years)
    boards = list(inputs.boards.index)
    acts = inputs.actions
    actions = list(acts.index)
    board_pos = {b: i for i, b in enumerate(boards)}
    action_pos = {a: i for i, a in enumerate(actions)}
    category = dict(zip(actions, acts["category"].tolist(), strict=True))
    earliest = dict(zip(actions, acts["earliest"].tolist(), strict=True))
    latest = dict(zip(actions, acts["latest"].tolist(), strict=True))
    open_ = has_columns(inputs).tolist()
    first, last = int(years[0]), int(years[-1])
    pair_lo, pair_n, pair_b, pair_a, pair_row = [], [], [], [], []
    protected: list[tuple[str, str, str, str]] = []
    protected_row: list[int] = []
    prio = inputs.priorities
    rows = inputs.potentials[["board", "action", "pot"]].itertuples(index=False)
    for row, (b, a, pot) in enumerate(rows):
        if pot <= 0:
            continue
        cat = category[a]
        if prio.is_protected(b, a, cat):
            protected.append((b, a, cat, _protection_reason(prio, b, a, cat)))
            protected_row.append(row)
            continue
        lo = max(int(earliest[a]), first)
        hi = min(int(latest[a]), last)
        if lo > hi or not open_[row]:
            continue
        pair_b.append(board_pos[b])
        pair_a.append(action_pos[a])
        pair_row.append(row)
        pair_lo.append(lo - first)
        pair_n.append(hi - lo + 1)
    as_int = {"dtype": np.int64}
    n = np.array(pair_n, **as_int)
    col_pair = np.repeat(np.arange(len(pair_n), **as_int), n)
    offset = np.arange(len(col_pair), **as_int) - np.repeat(np.cumsum(n) - n, n)
    pair_board, pair_action = np.array(pair_b, **as_int), np.array(pair_a, **as_int)
    col_start = np.array(pair_lo, **as_int)[col_pair] + offset
    return Structure(
        years=years,
        boards=boards,
        actions=actions,
        categories=[category[a] for a in actions],
        col_board=pair_board[col_pair],
        col_action=pair_action[col_pair],
        col_start=col_start,
        col_pair=col_pair,
        pair_board=pair_board,
        pair_action=pair_action,
        pair_row=np.array(pair_row, **as_int),
        protected=protected,
        protected_row=np.array(protected_row, **as_int),
        lag=np.arange(len(years))[None, :] - col_start[:, None],
    )


POT_EPS = 1e-9  # a pair with less potential left than this has no columns


def has_columns(inputs: Inputs) -> np.ndarray:
    """Per ``inputs.potentials`` row: ``pot > 0`` with more than ``POT_EPS`` left after the
    pair's committed actions, the pots that can give columns (part of the structure)."""
    pot = floats(inputs.potentials, "pot")
    return (pot > 0) & (_left(inputs, pot) > POT_EPS)


def _left(inputs: Inputs, pot: np.ndarray) -> np.ndarray:
    """Each potentials row's ``pot`` less its pair's committed amounts (MODEL.md 10.3)."""
    used: dict[tuple[str, str], float] = {}
    for c in inputs.committed:
        used[(c.board, c.action)] = used.get((c.board, c.action), 0.0) + c.amount
    if not used:
        return pot
    pots = inputs.potentials
    keys = zip(column(pots, "board"), column(pots, "action"), strict=True)
    return pot - np.array([used.get((b, a), 0.0) for b, a in keys])


def _protection_reason(prio, board: str, action: str, category: str) -> str:
    """Which rule of the priority set protects the pair: ``board``, ``category`` or ``action``."""
    if board in prio.protected_boards:
        return "board"
    if category in prio.protected_categories.get(board, ()):
        return "category"
    return "action"


def numbers(inputs: Inputs, st: Structure) -> Params:
    """Every number of ``Params`` (formulas in the module docstring) for ``inputs`` whose
    decision columns are ``st``, with whole-array numpy steps; the one place they are computed."""
    years = [int(t) for t in st.years]
    nB, nT = len(st.boards), len(years)
    bt = inputs.boards
    wage = np.array([inputs.wage[t] for t in years])
    price = np.array([inputs.price[t] for t in years])
    vol = inputs.volume
    volume = np.array([[vol.get((b, t), 0.0) for t in years] for b in st.boards])
    pshare = floats(bt, "pshare")[:, None]
    g = pshare * wage[None, :] + (1.0 - pshare) * price[None, :] + volume.reshape(nB, nT)
    cum = np.cumprod(1.0 + g, axis=1)
    cost0 = floats(bt, "cost0")
    base = cost0[:, None] * cum
    committed = None
    pot = floats(inputs.potentials, "pot")
    left = _left(inputs, pot)[st.pair_row]
    if inputs.committed:
        committed = committed_numbers(inputs, st.boards, cum)
        base = base + committed.by_board(nB)
    net_revenue = np.array(
        [
            inputs.revenue[t] + inputs.grants[t] + inputs.financial[t] - inputs.central[t]
            for t in years
        ]
    )
    pairs = list(zip(st.pair_board.tolist(), st.pair_action.tolist(), left.tolist(), strict=True))
    protected = [
        (b, a, c, float(p), reason)
        for (b, a, c, reason), p in zip(st.protected, pot[st.protected_row].tolist(), strict=True)
    ]
    return Params(
        years=st.years,
        boards=st.boards,
        actions=st.actions,
        categories=st.categories,
        cost0=cost0,
        g=g,
        base=base,
        frame=_frames(inputs, st, g),
        net_revenue=net_revenue,
        **_coefficients(inputs, st, cum),
        pairs=pairs,
        protected=protected,
        tail_years=float(inputs.tail_years),
        decided=st.years <= inputs.decided_through,
        committed=committed,
    )


def _frames(inputs: Inputs, st: Structure, g: np.ndarray) -> np.ndarray:
    """``frame[b,t]``: explicit where given, else ``frame0`` (first year) or the previous
    year's frame uprated, one year at a time over every board."""
    bt = inputs.boards
    nB, nT = g.shape
    given = np.full((nB, nT), np.nan)
    has = np.zeros((nB, nT), dtype=bool)
    pos_b = {b: i for i, b in enumerate(st.boards)}
    pos_t = {int(t): k for k, t in enumerate(st.years)}
    for (b, t), value in inputs.frames.items():
        if b in pos_b and t in pos_t:
            given[pos_b[b], pos_t[t]] = value
            has[pos_b[b], pos_t[t]] = True
    indexed = np.asarray(column(bt, "uprate_index"), dtype=bool)
    uprate = floats(bt, "uprate")
    frame = np.empty((nB, nT))
    frame[:, 0] = np.where(has[:, 0], given[:, 0], floats(bt, "frame0"))
    for k in range(1, nT):
        up = np.where(indexed, g[:, k], uprate)
        frame[:, k] = np.where(has[:, k], given[:, k], frame[:, k - 1] * (1.0 + up))
    return frame


def _coefficients(inputs: Inputs, st: Structure, cum: np.ndarray) -> dict:
    """Every column's coefficient rows: effect, cost, depreciation, weight, capex.

    ``effect`` and ``cost`` are kept from the structure's previous call when what they are made
    of (ramps, growth, realisation, one-offs, investments) did not change.
    """
    acts = inputs.actions
    nT = cum.shape[1]
    ramps = st.last("ramps").get((tuple(column(acts, "ramp")),), lambda r: _ramps(r, nT))
    real = np.array([inputs.core.realisation.get(a, 1.0) for a in st.actions])
    indexed = cum if inputs.index_effects else None
    effect = st.last("effect").get((ramps, indexed, real), lambda *a: _effect(st, *a))
    per_action = (
        floats(acts, "oneoff"),
        floats(acts, "capex"),
        np.asarray(column(acts, "life"), dtype=np.int64),
    )
    cost, capex, dep = st.last("cost").get((effect, *per_action), lambda *a: _cost(st, *a))
    if inputs.core.rebound:  # (v3) temporary measures that come back
        cost = cost + rebound_cost(inputs, st.col_action, st.lag, _indexation(st, indexed))
    weight = _pair_weights(inputs, st)
    return {
        "col_board": st.col_board,
        "col_action": st.col_action,
        "col_start": st.col_start,
        "col_pair": st.col_pair,
        "weight": weight[st.col_pair] if len(weight) else np.zeros(0),
        "capex": capex,
        "effect": effect,
        "cost": cost,
        "dep": dep,
    }


def _effect(st: Structure, ramps: np.ndarray, cum: np.ndarray | None, real: np.ndarray):
    """``effect[j,t] = ramp[a][t-s] * idx[b,s,t] * real[a]`` for ``t >= s``, else 0
    (``idx = 1`` unindexed; ``real`` the action's realisation, MODEL.md section 9)."""
    nT = st.lag.shape[1]
    ja = st.col_action
    ramp = ramps[ja[:, None], np.clip(st.lag, 0, nT - 1)]
    return np.where(st.lag >= 0, ramp * _indexation(st, cum), 0.0) * real[ja][:, None]


def _indexation(st: Structure, cum: np.ndarray | None):
    """``idx[b,s,t] = cum[b,t]/cum[b,s]`` of every column (1 when effects are not indexed)."""
    if cum is None:
        return 1.0
    jb, nT = st.col_board, st.lag.shape[1]
    return cum[jb[:, None], np.arange(nT)[None, :]] / cum[jb, st.col_start][:, None]


def _cost(st: Structure, effect, oneoff, capex, life) -> tuple[np.ndarray, ...]:
    """``cost = -effect + oneoff + dep`` with ``oneoff`` at ``t = s`` and ``dep = capex/life``
    for ``s < t <= s+life``; returns ``(cost, capex[j], dep)``."""
    ja, lag = st.col_action, st.lag
    oneoff = oneoff[ja][:, None] * (lag == 0)
    capex, life = capex[ja], life[ja]
    dep = np.where((lag >= 1) & (lag <= life[:, None]), (capex / life)[:, None], 0.0)
    return -effect + oneoff + dep, capex, dep


def _pair_weights(inputs: Inputs, st: Structure) -> np.ndarray:
    """``w[b,a]`` of every pair, multiplied in ``Priorities.weight``'s order."""
    prio = inputs.priorities
    base = floats(inputs.actions, "weight")
    board_w = np.array([prio.board_weights.get(b, 1.0) for b in st.boards], dtype=float)
    category_w = np.array([prio.category_weights.get(c, 1.0) for c in st.categories], dtype=float)
    action_w = np.array([prio.action_weights.get(a, 1.0) for a in st.actions], dtype=float)
    pb, pa = st.pair_board, st.pair_action
    return base[pa] * board_w[pb] * category_w[pa] * action_w[pa]


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


def _ramps(ramp, nT: int) -> np.ndarray:
    """``ramps[a, k]``: each action's ramp over ``nT`` years."""
    return np.array([_ramp_row(r, nT) for r in ramp]).reshape(len(ramp), nT)


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


class _Last:
    """The result of the last call, reused while its arguments (arrays) are equal."""

    def __init__(self):
        self.args: tuple | None = None
        self.value = None

    def get(self, args: tuple, make):
        same = self.args is not None and all(
            a is b or (a is not None and b is not None and same_values(a, b))
            for a, b in zip(args, self.args, strict=True)
        )
        if not same:
            self.args, self.value = args, make(*args)
        return self.value


def column(table, name: str):
    """One column's values (a numpy or pandas array) without making a ``Series``.

    ``DataFrame._get_column_array`` is ~20 times faster than ``table[name]``; another pandas
    without it falls back to the public way.
    """
    try:
        return table._get_column_array(table.columns.get_loc(name))
    except (AttributeError, TypeError):
        return table[name].array


def floats(table, name: str) -> np.ndarray:
    """A column as a float array (``table[name].to_numpy(float)``)."""
    return np.asarray(column(table, name), dtype=float)


def same_values(a, b) -> bool:
    """Equal arrays: same kind, dtype, length and values (``Series.equals`` without the index)."""
    if a is b:
        return True
    if isinstance(a, tuple) or isinstance(b, tuple):
        try:
            return type(a) is type(b) and bool(a == b)
        except ValueError:  # elements that do not compare to one truth value
            return False
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        return list(a) == list(b) if a.dtype == object else bool(np.all(a == b))
    return type(a) is type(b) and bool(a.equals(b))
