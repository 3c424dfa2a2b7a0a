"""The rows ``explain`` speaks about, read from ``Results`` tables (numbers only, no words).

- ``prices``: every requirement row with its dual ``y`` (the fall in the objective per MSEK by
  which the row is loosened, docs/model.md, "Outputs") and, from ``ranging.csv`` (kind ``rhs``), the
  range ``[lower, upper]`` of its right-hand side over which ``y`` holds; from ``duals.csv``
  (binding rows, no range) where ``ranging`` is absent.
- ``potentials``: ``pot[b,a]`` from ranging (rhs of ``potential``), else ``why_not.potential``,
  else ``sum_s x[b,a,s] + slack`` of the potential row in ``duals.csv``.
- ``weights``: ``w[b,a]`` from ranging (kind ``weight``), else ``actions.weight``.
- ``range_ends``: the finite ends of the ranges of binding rows (``|y| > 0``) and of weights,
  with their relative distance ``|end - value| / |value|`` (absolute where ``value`` is 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from optimizer.results.core import Results, new_actions

TINY = 1e-9  # a dual or a distance below this is zero
KEY_FIELDS = ("board", "action", "category", "year")

# Requirement families described by what tightening costs, with the direction of tightening;
# every other family (limits: potential, pace, investment room) by what raising it saves.
TIGHTEN = {
    "frame": "lower",
    "freeze": "lower",
    "result": "raise",
    "milestone": "raise",
    "category": "raise",
    "floor": "raise",
    "min_cash": "raise",
    "deadline": "raise",
}
LIMITS = ("potential", "pace", "invest")
PER_YEAR = ("potential", "pace")  # right-hand sides in MSEK a year of full effect
STAFF = ("attrition",)  # right-hand sides in årsarbetare (section 9): priced apart from MSEK


def clean(value: object) -> object:
    """None for a missing cell (NaN, None, ''); an int for a whole float (years from CSV)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    return value


def to_float(value: object) -> float:
    """``float(value)``, NaN where it is not a number."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def truthy(value: object) -> bool:
    """A boolean cell read back from CSV (True, 'True', 1, ...)."""
    return clean(value) is not None and str(value).strip().lower() in ("true", "1", "1.0", "yes")


def row_key(row: pd.Series) -> dict:
    """The non-empty ``board, action, category, year`` of a row."""
    return {f: clean(row.get(f)) for f in KEY_FIELDS if clean(row.get(f)) is not None}


def key_text(family: str, key: dict) -> str:
    """``frame HSN 2026``: a row's family and key, as a tag for its sentence."""
    present = [key[f] for f in KEY_FIELDS if f in key and not pd.isna(key[f])]
    return " ".join([family] + [str(v) for v in present])


@dataclass
class Price:
    """One requirement row: family, key, dual and (where ranging is known) its range."""

    family: str
    key: dict
    dual: float
    value: float = math.nan
    lower: float = math.nan
    upper: float = math.nan
    degenerate: bool = False
    table: str = "duals.csv"

    @property
    def direction(self) -> str:
        """``lower`` or ``raise``: the move of the right-hand side a sentence describes."""
        return TIGHTEN.get(self.family, "raise")

    @property
    def reach(self) -> float:
        """How far the right-hand side may move in ``direction`` at this price (NaN: unknown)."""
        return self.value - self.lower if self.direction == "lower" else self.upper - self.value

    @property
    def not_unique(self) -> bool:
        """Flagged degenerate, or the range ends at the value in the direction described."""
        reach = self.reach
        return self.degenerate or (
            not math.isnan(reach) and reach <= TINY * max(1.0, abs(self.value))
        )


def prices(results: Results) -> list[Price]:
    """Every requirement row with its dual and range (ranging), or the binding rows (duals)."""
    ranging = results.tables.get("ranging")
    if ranging is not None:
        rows = ranging[ranging["kind"].astype(str) == "rhs"]
        return [
            Price(
                str(row["constraint"]),
                row_key(row),
                to_float(row["dual"]),
                to_float(row["value"]),
                to_float(row["lower"]),
                to_float(row["upper"]),
                truthy(row.get("degenerate")),
                "ranging.csv",
            )
            for _, row in rows.iterrows()
        ]
    duals = results.tables.get("duals")
    if duals is None:
        return []
    rows = duals[duals["binding"].map(truthy)]
    return [
        Price(str(r["constraint"]), row_key(r), to_float(r["dual"])) for _, r in rows.iterrows()
    ]


def binding_keys(results: Results) -> set[str] | None:
    """``key_text`` of every row ``duals.csv`` calls binding (None without that table)."""
    duals = results.tables.get("duals")
    if duals is None:
        return None
    rows = duals[duals["binding"].map(truthy)]
    return {key_text(str(r["constraint"]), row_key(r)) for _, r in rows.iterrows()}


def potentials(results: Results) -> dict[tuple[str, str], float]:
    """``pot[b,a]`` for as many pairs as the tables tell (see the module docstring)."""
    pots: dict[tuple[str, str], float] = {}
    ranging, why_not = results.tables.get("ranging"), results.tables.get("why_not")
    if ranging is not None:
        rows = ranging[
            (ranging["kind"].astype(str) == "rhs")
            & (ranging["constraint"].astype(str) == "potential")
        ]
        pots.update({(r.board, r.action): float(r.value) for r in rows.itertuples()})
    if why_not is not None:
        for r in why_not.itertuples():
            pots.setdefault((r.board, r.action), float(r.potential))
    duals = results.tables.get("duals")
    if duals is not None and "actions" in results.tables:
        used = new_actions(results.actions).groupby(["board", "action"])["amount"].sum()
        for r in duals[duals["constraint"].astype(str) == "potential"].itertuples():
            if (r.board, r.action) in used.index:
                pots.setdefault((r.board, r.action), float(used[(r.board, r.action)] + r.slack))
    return pots


def weights(results: Results) -> dict[tuple[str, str], float]:
    """``w[b,a]`` now, from ranging (kind weight) or the actions table."""
    out: dict[tuple[str, str], float] = {}
    ranging = results.tables.get("ranging")
    if ranging is not None:
        rows = ranging[ranging["kind"].astype(str) == "weight"]
        out.update({(r.board, r.action): float(r.value) for r in rows.itertuples()})
    if "actions" in results.tables:
        for r in results.actions.itertuples():
            out.setdefault((r.board, r.action), float(r.weight))
    return out


@dataclass
class RangeEnd:
    """A finite end of a range: ``kind`` rhs or weight, its row, ``value`` now, ``end``."""

    relative: float
    kind: str
    family: str
    key: dict
    value: float
    end: float


def range_ends(ranging: pd.DataFrame) -> tuple[list[RangeEnd], bool]:
    """The finite range ends of binding rows and weights, nearest first.

    Returns the ends and whether any end at distance 0 (a degenerate row) was left out.
    """
    ends: list[RangeEnd] = []
    skipped = False
    for _, row in ranging.iterrows():
        kind = str(row["kind"])
        if kind not in ("rhs", "weight") or (kind == "rhs" and abs(to_float(row["dual"])) <= TINY):
            continue
        value = to_float(row["value"])
        family = str(clean(row.get("constraint")) or kind)
        for end in (to_float(row["lower"]), to_float(row["upper"])):
            if math.isnan(value) or math.isnan(end) or math.isinf(end):
                continue
            distance = abs(end - value)
            if distance <= TINY * max(1.0, abs(value)):
                skipped = True
                continue
            relative = distance / abs(value) if abs(value) > TINY else distance
            ends.append(RangeEnd(relative, kind, family, row_key(row), value, end))
    ends.sort(key=lambda e: (e.relative, e.kind, key_text(e.family, e.key), e.end))
    return ends, skipped
