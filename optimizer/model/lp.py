"""``LinearProgram``: one assembly of the LP as sparse arrays, with a registry of names.

Rows and columns are added by family (``frame``, ``result``, ... for rows; ``x``, ``uf``, ...
for columns), each keyed by a tuple in the user's terms. The registry
``rows[family][key] -> row`` lets reporting find the dual of ``frame[HSN, 2027]`` without
parsing any name. The same arrays feed the PuLP model and a direct HiGHS model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

INF = float("inf")


@dataclass
class LinearProgram:
    """``min c'x  s.t.  row_lb <= A x <= row_ub,  col_lb <= x <= col_ub`` with named families."""

    col_family: list[str] = field(default_factory=list)
    col_key: list[tuple] = field(default_factory=list)
    col_lb: list[np.ndarray] = field(default_factory=list)
    col_ub: list[np.ndarray] = field(default_factory=list)
    row_family: list[str] = field(default_factory=list)
    row_key: list[tuple] = field(default_factory=list)
    row_lb: list[np.ndarray] = field(default_factory=list)
    row_ub: list[np.ndarray] = field(default_factory=list)
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    cols: dict[str, dict[tuple, int]] = field(default_factory=dict)
    rows: dict[str, dict[tuple, int]] = field(default_factory=dict)
    objectives: dict[str, np.ndarray] = field(default_factory=dict)
    integer: list[int] = field(default_factory=list)  # binary columns: a MIP (section 9)

    @property
    def num_cols(self) -> int:
        return len(self.col_family)

    @property
    def num_rows(self) -> int:
        return len(self.row_family)

    def add_cols(
        self, family: str, keys: list[tuple], lb: float = 0.0, ub: float = INF
    ) -> np.ndarray:
        """Add one column per key; returns their indices."""
        start = self.num_cols
        self.col_family.extend([family] * len(keys))
        self.col_key.extend(keys)
        self.col_lb.append(np.full(len(keys), lb, dtype=float))
        self.col_ub.append(np.full(len(keys), ub, dtype=float))
        index = np.arange(start, start + len(keys))
        self.cols.setdefault(family, {}).update(zip(keys, index.tolist(), strict=True))
        return index

    def add_rows(
        self,
        family: str,
        keys: list[tuple],
        lb: np.ndarray | float,
        ub: np.ndarray | float,
        local_row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray,
    ) -> np.ndarray:
        """Add one row per key with entries ``(local_row, col, val)``; zero entries are dropped."""
        start = self.num_rows
        n = len(keys)
        self.row_family.extend([family] * n)
        self.row_key.extend(keys)
        self.row_lb.append(np.broadcast_to(np.asarray(lb, dtype=float), (n,)).copy())
        self.row_ub.append(np.broadcast_to(np.asarray(ub, dtype=float), (n,)).copy())
        local_row = np.asarray(local_row, dtype=np.int64)
        val = np.asarray(val, dtype=float)
        keep = val != 0.0
        self.entries.append((local_row[keep] + start, np.asarray(col)[keep], val[keep]))
        index = np.arange(start, start + n)
        self.rows.setdefault(family, {}).update(zip(keys, index.tolist(), strict=True))
        return index

    def objective(self, name: str, cols: np.ndarray, values: np.ndarray | float) -> None:
        """Add ``values`` to the coefficients of ``cols`` in the named objective vector."""
        vec = self.objectives.setdefault(name, np.zeros(0))
        if len(vec) < self.num_cols:
            vec = np.concatenate([vec, np.zeros(self.num_cols - len(vec))])
        np.add.at(vec, np.asarray(cols, dtype=np.int64), values)
        self.objectives[name] = vec

    def cost_vector(self, name: str) -> np.ndarray:
        """The objective vector ``name`` over every column (zeros where not set)."""
        vec = self.objectives.get(name, np.zeros(0))
        return np.concatenate([vec, np.zeros(self.num_cols - len(vec))])

    def bounds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """``(col_lb, col_ub, row_lb, row_ub)`` as flat arrays."""
        cat = lambda parts: np.concatenate(parts) if parts else np.zeros(0)  # noqa: E731
        return cat(self.col_lb), cat(self.col_ub), cat(self.row_lb), cat(self.row_ub)

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The constraint matrix in compressed sparse row form ``(start, index, value)``.

        Duplicate ``(row, col)`` entries are summed.
        """
        if self.entries:
            r = np.concatenate([e[0] for e in self.entries])
            c = np.concatenate([e[1] for e in self.entries]).astype(np.int64)
            v = np.concatenate([e[2] for e in self.entries])
        else:
            r = c = np.zeros(0, dtype=np.int64)
            v = np.zeros(0)
        key = r * max(self.num_cols, 1) + c
        order = np.argsort(key, kind="stable")
        key, r, c, v = key[order], r[order], c[order], v[order]
        uniq, first = np.unique(key, return_index=True)
        v = np.add.reduceat(v, first) if len(v) else v
        r, c = r[first], c[first]
        keep = v != 0.0
        r, c, v = r[keep], c[keep], v[keep]
        start = np.searchsorted(r, np.arange(self.num_rows + 1))
        return start, c, v

    def col_names(self) -> list[str]:
        """Plain ASCII column names, unique by position (``x12_HSN_digital_2025``)."""
        return [
            _name(f, i, k)
            for i, (f, k) in enumerate(zip(self.col_family, self.col_key, strict=True))
        ]

    def row_names(self) -> list[str]:
        """Plain ASCII row names, unique by position (``frame3_HSN_2027``)."""
        return [
            _name(f, i, k)
            for i, (f, k) in enumerate(zip(self.row_family, self.row_key, strict=True))
        ]


def _name(family: str, index: int, key: tuple) -> str:
    text = "_".join(str(part) for part in key)
    return f"{family}{index}_" + re.sub(r"[^A-Za-z0-9_]", "_", text)[:40]
