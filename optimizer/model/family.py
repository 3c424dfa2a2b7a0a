"""A row family in two parts: its structure (``layout``) and its numbers (``numbers``).

Every family of docs/model.md is one ``RowFamily``: ``layout(lp, p, inputs, v)`` finds its
keys and the (row, column) of every entry, once, from the structure of the scenario (which
columns exist, which targets are given), never from a value; ``numbers(p, inputs, layout)``
computes every coefficient, row bound and column bound with whole-array steps. ``model.build``
runs both; the batch fast path keeps the layouts of one build (``model.assembly.Assembly``) and
runs only ``numbers`` for each scenario. So each family's numbers are written once, and a
family cannot be built without its re-assembly.

A layout's entries are a superset of the nonzeros: an entry whose number is 0 in a scenario
(an effect not yet started, a ramp at 0) stays in the layout and is dropped where the matrix is
made (``LinearProgram.add_rows``, ``LinearProgram.csr``), so that the same layout serves every
scenario of one structure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from optimizer.model.lp import INF


@dataclass
class Layout:
    """The structure of one family's rows.

    ``local[i]``: entry ``i``'s row within the family (``0..len(keys)-1``), or, where
    ``absolute``, a row of the LP itself (entries into other families' rows, e.g. section 9's
    ``X[t]``); ``col[i]``: its column; ``at``: the positions ``numbers`` reads its values from.
    """

    keys: list[tuple]
    local: np.ndarray
    col: np.ndarray
    at: dict = field(default_factory=dict)
    absolute: bool = False


@dataclass
class Numbers:
    """One family's numbers for one scenario: a value per layout entry, the rows' bounds, and
    any column bounds the family decides (``(columns, lb, ub)``)."""

    values: np.ndarray
    lb: np.ndarray | float = -INF
    ub: np.ndarray | float = INF
    col_bounds: tuple[np.ndarray, np.ndarray | float, np.ndarray | float] | None = None


@dataclass(frozen=True)
class RowFamily:
    """A family's name (its rows' family in ``LinearProgram``), its layout and its numbers."""

    name: str
    layout: Callable[..., Layout | None]
    numbers: Callable[..., Numbers]


def cat(parts: list) -> np.ndarray:
    """``np.concatenate`` that gives an empty float array for no parts."""
    return np.concatenate(parts) if parts else np.zeros(0)


def ints(parts: list) -> np.ndarray:
    """``cat`` as int64 (row and column indices)."""
    return cat(parts).astype(np.int64)
