"""Risk measures of a shortfall across futures (``--risk``), as linear programs.

With ``f_i`` the shortfall of future ``i`` (a linear function of its columns) and ``p_i`` its
probability:

- ``expected``: ``sum_i p_i f_i``;
- ``worst``: ``max_i f_i`` = ``min eta`` s.t. ``f_i <= eta`` (one column, ``N`` rows);
- ``cvar:ALPHA`` (``0 <= ALPHA < 1``): the mean of the worst ``1 - ALPHA`` of the futures
  (Rockafellar-Uryasev) = ``min eta + sum_i p_i s_i / (1 - ALPHA)`` s.t.
  ``f_i - eta - s_i <= 0``, ``s_i >= 0`` (``N + 1`` columns, ``N`` rows). ``cvar:0`` is the
  expected value; as ``ALPHA`` nears 1 it nears the worst case.

``measure`` gives the same numbers for given shortfalls (no solver): every value the stages
reach is one a plan's futures can be measured by afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KINDS = ("expected", "worst", "cvar")


class RiskError(ValueError):
    """A ``--risk`` text that is not one of the measures."""


@dataclass(frozen=True)
class Risk:
    kind: str
    alpha: float = 0.0

    @classmethod
    def parse(cls, text: str) -> Risk:
        """``expected``, ``worst`` or ``cvar:ALPHA`` with ``0 <= ALPHA < 1``."""
        word, _, rest = text.strip().partition(":")
        if word in ("expected", "worst") and not rest:
            return cls(word)
        if word == "cvar":
            try:
                alpha = float(rest)
            except ValueError:
                alpha = float("nan")
            if 0.0 <= alpha < 1.0:
                return cls("cvar", alpha)
        raise RiskError(
            f"--risk {text!r}: expected expected, worst or cvar:ALPHA with 0 <= ALPHA < 1"
        )

    def __str__(self) -> str:
        return f"cvar:{self.alpha:g}" if self.kind == "cvar" else self.kind

    def columns(self, n: int) -> int:
        """How many auxiliary columns one measured tier of ``n`` futures needs."""
        return {"expected": 0, "worst": 1, "cvar": n + 1}[self.kind]

    def aux_lb(self, n: int) -> np.ndarray:
        return {
            "expected": np.zeros(0),
            "worst": np.array([-np.inf]),
            "cvar": np.concatenate([[-np.inf], np.zeros(n)]),
        }[self.kind]

    def aux_ub(self, n: int) -> np.ndarray:
        return np.full(self.columns(n), np.inf)

    def rows(self, tiers, prob: np.ndarray, at_row: int, at_col: int, total: int):
        """The rows and cost vector that measure ``tiers`` (``[(cols, values, const)]`` per
        future): ``(rows, cols, vals, lb, ub, cost over total columns, constant)``."""
        cost = np.zeros(total)
        empty = np.zeros(0, dtype=np.int64)
        if self.kind == "expected":
            const = 0.0
            for p, (cols, values, c) in zip(prob, tiers, strict=True):
                np.add.at(cost, cols, p * values)
                const += p * c
            return empty, empty, np.zeros(0), np.zeros(0), np.zeros(0), cost, const
        n = len(tiers)
        eta = at_col
        rows, cols, vals = [], [], []
        for i, (c_cols, c_values, _) in enumerate(tiers):
            extra_cols = [eta] if self.kind == "worst" else [eta, eta + 1 + i]
            rows.append(np.full(len(c_cols) + len(extra_cols), at_row + i))
            cols.append(np.concatenate([c_cols, extra_cols]))
            vals.append(np.concatenate([c_values, -np.ones(len(extra_cols))]))
        ub = np.array([-c for _, _, c in tiers])
        cost[eta] = 1.0
        if self.kind == "cvar":
            cost[eta + 1 : eta + 1 + n] = prob / (1.0 - self.alpha)
        return (
            np.concatenate(rows),
            np.concatenate(cols).astype(np.int64),
            np.concatenate(vals),
            np.full(n, -np.inf),
            ub,
            cost,
            0.0,
        )

    def measure(self, values: np.ndarray, prob: np.ndarray | None = None) -> float:
        """The measure of given per-future ``values`` (module doc)."""
        values = np.asarray(values, dtype=float)
        prob = np.full(len(values), 1.0 / len(values)) if prob is None else np.asarray(prob)
        if self.kind == "expected":
            return float(prob @ values)
        if self.kind == "worst":
            return float(values.max())
        # the minimum over eta is reached at one of the values
        excess = np.maximum(values[None, :] - values[:, None], 0.0) @ prob
        return float(np.min(values + excess / (1.0 - self.alpha)))
