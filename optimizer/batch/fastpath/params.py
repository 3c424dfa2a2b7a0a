"""The decision columns of one scenario, kept for every scenario of a batch that shares them.

``params.compute(inputs)`` is ``params.numbers(inputs, params.structure(inputs))``: the
structure (the decision columns, found with one Python step per potential) depends only on the
plan years, the boards and actions (their order, each action's category and start window),
which (board, action) pairs have ``pot > 0`` (and potential left after their committed
actions, MODEL.md 10.3) and the protected areas. In a batch it rarely
changes, so ``ParamCache`` finds it once and calls ``params.numbers`` for each run: every number
is computed there, none here. ``ParamCache.params(inputs)`` returns ``None`` when ``inputs`` has
another structure: the caller then uses ``params.compute``.
"""

from __future__ import annotations

import numpy as np

from optimizer.params import (
    Params,
    Structure,
    column,
    has_columns,
    numbers,
    same_values,
    structure,
)
from optimizer.scenario.inputs import Inputs


class ParamCache:
    """The column structure of one scenario and ``params.numbers`` for scenarios sharing it."""

    def __init__(self, inputs: Inputs, params: Params | None = None):
        """``params``: the scenario's ``Params`` if already computed (its columns are checked to
        be the structure's)."""
        self.signature = _Signature(inputs)
        self.structure: Structure = structure(inputs)
        if params is not None:
            assert np.array_equal(params.col_pair, self.structure.col_pair)

    def matches(self, inputs: Inputs) -> bool:
        """True when ``inputs`` has the decision columns of the cached scenario."""
        return self.signature.matches(inputs)

    def params(self, inputs: Inputs) -> Params | None:
        """``params.compute(inputs)`` when ``inputs`` shares the cached structure, else ``None``."""
        if not self.matches(inputs):
            return None
        return numbers(inputs, self.structure)


class _Signature:
    """What decides the decision columns: years, boards, actions' windows, pairs, protection."""

    ACTION_COLUMNS = ("category", "earliest", "latest")

    def __init__(self, inputs: Inputs):
        self.years = (inputs.first, inputs.last)
        self.boards = inputs.boards.index
        self.actions_table = inputs.actions
        acts, pots = inputs.actions, inputs.potentials
        self.actions = [acts.index, *(column(acts, c) for c in self.ACTION_COLUMNS)]
        self.potentials_table = pots
        self.pairs = (column(pots, "board"), column(pots, "action"))
        self.positive = has_columns(inputs)  # pot > 0 and left after committed actions
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
        return all(same_values(a, b) for a, b in zip(mine, self.actions[1:], strict=True))

    def _same_pairs(self, inputs: Inputs) -> bool:
        pots = inputs.potentials
        if pots is not self.potentials_table and not (
            same_values(column(pots, "board"), self.pairs[0])
            and same_values(column(pots, "action"), self.pairs[1])
        ):
            return False
        return np.array_equal(has_columns(inputs), self.positive)


def _protection(inputs: Inputs) -> tuple:
    prio = inputs.priorities
    return (
        tuple(prio.protected_boards),
        tuple(sorted((b, tuple(c)) for b, c in prio.protected_categories.items())),
        tuple(prio.protected_actions),
    )
