"""``params.compute`` for many scenarios of one structure: the structure once, the numbers per run.

``params.compute`` spends most of its time finding the decision columns (one Python step per
potential) and reading single cells of pandas tables. In a batch the columns rarely change:
they depend only on the plan years, the boards and actions (their order, each action's category
and start window), which (board, action) pairs have ``pot > 0`` and the protected areas.
``ParamCache`` finds them once and then computes every number of ``Params`` with whole-array
numpy steps, in the same order of operations as ``params.compute`` (so the arrays are the same
to the last bit; ``tests/test_fastpath.py`` holds them to it):

- ``g[b,t] = pshare[b]*wage[t] + (1-pshare[b])*price[t] + volume[b,t]``, ``cum`` its running
  product of ``1+g``, ``base = cost0 * cum``;
- ``frame[:,t]`` = explicit where given, else ``frame0`` (first year) or
  ``frame[:,t-1] * (1 + uprate[:,t])``, one year at a time over all boards at once;
- ``effect`` (with each action's realisation, MODEL.md section 9), ``oneoff``, ``dep``, ``cost``
  of every column as in ``params._coefficients``, and
  ``w[b,a] = weight[a] * board_weight[b] * category_weight[cat(a)] * action_weight[a]``.

``params(inputs)`` returns ``None`` when ``inputs`` has another structure: the caller then uses
``params.compute``.
"""

from __future__ import annotations

import numpy as np

from optimizer.params import (
    POT_EPS,
    Params,
    _ramp_row,
    committed_numbers,
    compute,
    rebound_cost,
)
from optimizer.scenario.inputs import Inputs


class ParamCache:
    """The column structure of one scenario and a fast ``compute`` for scenarios sharing it."""

    def __init__(self, inputs: Inputs, params: Params | None = None):
        p = params if params is not None else compute(inputs)
        self.signature = _Signature(inputs)
        self.boards = p.boards
        self.actions = p.actions
        self.categories = p.categories
        self.years = p.years
        self.year_list = [int(t) for t in p.years]
        self.category_list = list(column(inputs.actions, "category"))
        self._ramps = _Last()  # the ramps array, rebuilt only when the ramp column changes
        self.col_board, self.col_action = p.col_board, p.col_action
        self.col_start, self.col_pair = p.col_start, p.col_pair
        pot_row = {
            (b, a): i
            for i, (b, a) in enumerate(
                zip(inputs.potentials["board"], inputs.potentials["action"], strict=True)
            )
        }
        # the potentials row of each pair and each protected pair: their pots are read per run
        self.pair_board = np.array([b for b, _, _ in p.pairs], dtype=np.int64)
        self.pair_action = np.array([a for _, a, _ in p.pairs], dtype=np.int64)
        self.pair_row = np.array(
            [pot_row[(p.boards[b], p.actions[a])] for b, a, _ in p.pairs], dtype=np.int64
        )
        self.protected = list(p.protected)  # names and reasons; their pots are read per run
        self.protected_row = [pot_row[(b, a)] for b, a, *_ in p.protected]
        nT = len(p.years)
        t = np.arange(nT)[None, :]
        self.lag = t - self.col_start[:, None]
        self.started = self.lag >= 0
        self.first_year = self.lag == 0
        self.ramp_lag = np.clip(self.lag, 0, nT - 1)
        self.board_years = (self.col_board[:, None], t)
        self.board_start = (self.col_board, self.col_start)
        self._effect, self._cost = _Last(), _Last()

    def matches(self, inputs: Inputs) -> bool:
        """True when ``inputs`` has the decision columns of the cached scenario."""
        return self.signature.matches(inputs)

    def params(self, inputs: Inputs) -> Params | None:
        """``params.compute(inputs)`` when ``inputs`` shares the cached structure, else ``None``."""
        if not self.matches(inputs):
            return None
        years = self.year_list
        nB, nT = len(self.boards), len(years)
        bt = inputs.boards
        wage = np.array([inputs.wage[t] for t in years])
        price = np.array([inputs.price[t] for t in years])
        vol = inputs.volume
        volume = np.array([[vol.get((b, t), 0.0) for t in years] for b in self.boards])
        pshare = _floats(bt, "pshare")[:, None]
        g = pshare * wage[None, :] + (1.0 - pshare) * price[None, :] + volume.reshape(nB, nT)
        cum = np.cumprod(1.0 + g, axis=1)
        cost0 = _floats(bt, "cost0")
        committed = committed_numbers(inputs, self.boards, cum)  # (10.3) params' own function
        net_revenue = np.array(
            [
                inputs.revenue[t] + inputs.grants[t] + inputs.financial[t] - inputs.central[t]
                for t in years
            ]
        )
        pot = _floats(inputs.potentials, "pot")
        left = _left(inputs, pot, committed.used_potential())
        pairs = list(
            zip(
                self.pair_board.tolist(),
                self.pair_action.tolist(),
                left[self.pair_row].tolist(),
                strict=True,
            )
        )
        protected = [
            (b, a, c, float(pot[r]), reason)
            for (b, a, c, _, reason), r in zip(self.protected, self.protected_row, strict=True)
        ]
        return Params(
            years=self.years,
            boards=self.boards,
            actions=self.actions,
            categories=self.categories,
            cost0=cost0,
            g=g,
            base=cost0[:, None] * cum + committed.by_board(nB),
            frame=_frames(inputs, years, g),
            net_revenue=net_revenue,
            **self._coefficients(inputs, cum, nT),
            pairs=pairs,
            protected=protected,
            tail_years=float(inputs.tail_years),
            decided=self.years <= inputs.decided_through,
            committed=committed if inputs.committed else None,
        )

    def _coefficients(self, inputs: Inputs, cum: np.ndarray, nT: int) -> dict:
        """Every column's coefficient rows (``params._coefficients``, vectorised weights).

        ``effect`` and ``cost`` are kept from the previous run when what they are made of
        (ramps, growth, one-offs, investments) did not change.
        """
        acts = inputs.actions
        ja = self.col_action
        ramps = self._ramps.get((tuple(column(acts, "ramp")),), lambda r: _ramps(r, nT))
        indexed = bool(inputs.index_effects)
        realisation = inputs.core.realisation
        real = np.array([realisation.get(a, 1.0) for a in self.actions])
        effect = self._effect.get((ramps, cum if indexed else None, real), self._make_effect)
        per_action = (
            _floats(acts, "oneoff"),
            _floats(acts, "capex"),
            np.asarray(column(acts, "life"), dtype=np.int64),
        )
        cost, capex, dep = self._cost.get((effect, *per_action), self._make_cost)
        if inputs.core.rebound:  # (v3) temporary measures that come back: params.rebound_cost
            idx = cum[self.board_years] / cum[self.board_start][:, None] if indexed else 1.0
            cost = cost + rebound_cost(inputs, ja, self.lag, idx)
        weight = _pair_weights(
            inputs, self.boards, self.actions, self.category_list, self.pair_board, self.pair_action
        )
        return {
            "col_board": self.col_board,
            "col_action": ja,
            "col_start": self.col_start,
            "col_pair": self.col_pair,
            "weight": weight[self.col_pair] if len(weight) else np.zeros(0),
            "capex": capex,
            "effect": effect,
            "cost": cost,
            "dep": dep,
        }

    def _make_effect(
        self, ramps: np.ndarray, cum: np.ndarray | None, real: np.ndarray
    ) -> np.ndarray:
        """``effect[j,t] = ramp[a][t-s] * idx[b,s,t] * real[a]`` for ``t >= s`` (``idx = 1``
        unindexed; ``real`` the action's realisation, MODEL.md section 9)."""
        ramp = ramps[self.col_action[:, None], self.ramp_lag]
        idx = 1.0 if cum is None else cum[self.board_years] / cum[self.board_start][:, None]
        return np.where(self.started, ramp * idx, 0.0) * real[self.col_action][:, None]

    def _make_cost(self, effect, oneoff, capex, life) -> tuple[np.ndarray, ...]:
        """``cost = -effect + oneoff + dep`` with ``dep = capex/life`` for ``s < t <= s+life``."""
        ja = self.col_action
        oneoff = oneoff[ja][:, None] * self.first_year
        capex, life = capex[ja], life[ja]
        dep = np.where((self.lag >= 1) & (self.lag <= life[:, None]), (capex / life)[:, None], 0.0)
        return -effect + oneoff + dep, capex, dep


class _Last:
    """The result of the last call, reused while its arguments (arrays) are equal."""

    def __init__(self):
        self.args: tuple | None = None
        self.value = None

    def get(self, args: tuple, make):
        same = self.args is not None and all(
            a is b or (a is not None and b is not None and _same(a, b))
            for a, b in zip(args, self.args, strict=True)
        )
        if not same:
            self.args, self.value = args, make(*args)
        return self.value


class _Signature:
    """What decides the decision columns: years, boards, actions' windows, pairs, protection."""

    ACTION_COLUMNS = ("category", "earliest", "latest")

    def __init__(self, inputs: Inputs):
        self.years = (inputs.first, inputs.last)
        self.boards = inputs.boards.index
        self.actions_table = inputs.actions
        acts, pots = inputs.actions, inputs.potentials
        self.actions = [acts.index] + [column(acts, c) for c in self.ACTION_COLUMNS]
        self.potentials_table = pots
        self.pairs = (column(pots, "board"), column(pots, "action"))
        self.positive = _has_columns(inputs)
        self.protection = _protection(inputs)

    def matches(self, inputs: Inputs) -> bool:
        """True when ``inputs`` gives the same decision columns (same tables, same order)."""
        return (
            (inputs.first, inputs.last) == self.years
            and inputs.boards.index.equals(self.boards)
            and self._same_actions(inputs.actions)
            and self._same_pairs(inputs)
            and _protection(inputs) == self.protection
        )

    def _same_actions(self, acts) -> bool:
        if acts is self.actions_table:
            return True
        if not acts.index.equals(self.actions[0]):
            return False
        mine = [column(acts, c) for c in self.ACTION_COLUMNS]
        return all(_same(a, b) for a, b in zip(mine, self.actions[1:], strict=True))

    def _same_pairs(self, inputs: Inputs) -> bool:
        pots = inputs.potentials
        if pots is not self.potentials_table and not (
            _same(column(pots, "board"), self.pairs[0])
            and _same(column(pots, "action"), self.pairs[1])
        ):
            return False
        return np.array_equal(_has_columns(inputs), self.positive)


def _left(inputs: Inputs, pot: np.ndarray, used: dict[tuple[str, str], float]) -> np.ndarray:
    """Each potentials row's ``pot`` less its pair's committed amounts (MODEL.md 10.3)."""
    if not used:
        return pot
    keys = zip(column(inputs.potentials, "board"), column(inputs.potentials, "action"), strict=True)
    return pot - np.array([used.get((b, a), 0.0) for b, a in keys])


def _has_columns(inputs: Inputs) -> np.ndarray:
    """Per potentials row: a pair that can have columns, ``pot > 0`` with potential left after
    its committed actions (``params._columns``)."""
    pot = _floats(inputs.potentials, "pot")
    used: dict[tuple[str, str], float] = {}
    for c in inputs.committed:
        used[(c.board, c.action)] = used.get((c.board, c.action), 0.0) + c.amount
    return (pot > 0) & (_left(inputs, pot, used) > POT_EPS)


def _protection(inputs: Inputs) -> tuple:
    prio = inputs.priorities
    return (
        tuple(prio.protected_boards),
        tuple(sorted((b, tuple(c)) for b, c in prio.protected_categories.items())),
        tuple(prio.protected_actions),
    )


def _frames(inputs: Inputs, years: list[int], g: np.ndarray) -> np.ndarray:
    """``frame[b,t]`` of ``params._frames``, one year at a time over every board."""
    bt = inputs.boards
    boards = list(bt.index)
    nB, nT = len(boards), len(years)
    given = np.full((nB, nT), np.nan)
    has = np.zeros((nB, nT), dtype=bool)
    pos_b = {b: i for i, b in enumerate(boards)}
    pos_t = {t: k for k, t in enumerate(years)}
    for (b, t), value in inputs.frames.items():
        if b in pos_b and t in pos_t:
            given[pos_b[b], pos_t[t]] = value
            has[pos_b[b], pos_t[t]] = True
    indexed = np.asarray(column(bt, "uprate_index"), dtype=bool)
    uprate = _floats(bt, "uprate")
    frame = np.empty((nB, nT))
    frame[:, 0] = np.where(has[:, 0], given[:, 0], _floats(bt, "frame0"))
    for k in range(1, nT):
        up = np.where(indexed, g[:, k], uprate)
        frame[:, k] = np.where(has[:, k], given[:, k], frame[:, k - 1] * (1.0 + up))
    return frame


def _pair_weights(
    inputs: Inputs,
    boards: list[str],
    actions: list[str],
    categories: list[str],
    pair_board: np.ndarray,
    pair_action: np.ndarray,
) -> np.ndarray:
    """``w[b,a]`` of every pair, multiplied in ``Priorities.weight``'s order.

    ``actions`` and ``categories``: each action's name and category (the signature holds them
    equal to the cached ones).
    """
    prio, acts = inputs.priorities, inputs.actions
    base = _floats(acts, "weight")
    board_w = np.array([prio.board_weights.get(b, 1.0) for b in boards], dtype=float)
    category_w = np.array([prio.category_weights.get(c, 1.0) for c in categories], dtype=float)
    action_w = np.array([prio.action_weights.get(a, 1.0) for a in actions], dtype=float)
    return base[pair_action] * board_w[pair_board] * category_w[pair_action] * action_w[pair_action]


def column(table, name: str):
    """One column's values (a numpy or pandas array) without making a ``Series``.

    ``DataFrame._get_column_array`` is ~20 times faster than ``table[name]``; another pandas
    without it falls back to the public way.
    """
    try:
        return table._get_column_array(table.columns.get_loc(name))
    except (AttributeError, TypeError):
        return table[name].array


def _floats(table, name: str) -> np.ndarray:
    """A column as a float array (``table[name].to_numpy(float)``)."""
    return np.asarray(column(table, name), dtype=float)


def _same(a, b) -> bool:
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


def _ramps(ramp, nT: int) -> np.ndarray:
    """``ramps[a, k]``: each action's ramp over ``nT`` years (``params._ramp_row``)."""
    return np.array([_ramp_row(r, nT) for r in ramp]).reshape(len(ramp), nT)
