"""``Results``: the tidy tables of one solve, and writing/reading a results folder.

The columns are the contract of MODEL.md section 8, plus three tables of our own
(``shortfall``, ``liquidity``, ``protected``). Writing is atomic: the files go to a temporary
sibling folder that is renamed into place.

Tables (notation of MODEL.md sections 2-4; ``x[b,a,s]`` is the full annual effect of action
``a`` in board ``b`` started in year ``s``); ``Results.tables[name]`` or ``results.<name>``:

- ``actions``: board, action, category, start_year, amount (``x[b,a,s]``, rows above 1e-6),
  weight (``w[b,a]`` after the priority set), reduced_cost (in weight units: how much
  ``w[b,a]`` must fall before this start enters; 0 for amounts in the plan).
- ``effects``: board, action, year, effect ``E_a[b,t] = sum_{s<=t} ramp[a][t-s] * idx[b,s,t]
  * x[b,a,s]``; one row per used (board, action) per plan year.
- ``boards``: board, year, baseline ``base[b,t]``, effect ``E``, oneoff ``O``, depreciation
  ``D``, cost ``C = base - E + O + D``, frame, margin ``frame - C``, overrun (the slack ``uf``,
  ``C - uf <= frame``), frame_dual.
- ``region``: year, revenue, grants, financial, central, cost ``sum_b C``, result ``R``, target
  (NaN where none), shortfall ``ur``, result_dual, balance ``Bal``, milestone (NaN where none),
  milestone_dual.
- ``duals``: constraint (the family of MODEL.md section 5), board, action, category, year (empty
  where the row has no such key), dual (the fall in the objective per MSEK by which the row is
  loosened; >= 0 for a binding inequality), slack (distance from the bound, the elastic slack's
  help included), binding.
- ``shortfall``: requirement (frame, result, milestone, category, cash), board, category, year,
  target, value (reached without the slack), shortfall (rows above 1e-6 only).
- ``liquidity``: year, cash, loans, borrowing ``dl``, min_cash, shortfall ``uk`` (empty without
  liquidity).
- ``reconciliation`` (v2, with the law's balance keys; ``optimizer/balance_law.py``): the
  balanskravsutredning per plan year by the law's rule, from the plan's results.
- ``frames`` (v2): board, year, frame, status (decided or proposed), current (the frame
  ``frame0``/``uprate`` would give), change (frame - current).
- ``protected``: board, action, category, pot, reason (board, category or action): the pairs
  with a potential that the priority set protects.
- ``ranging`` (``optimizer/analysis/sensitivity.py``; docs/sensitivity.md): kind ``rhs`` (one row per
  requirement row: frame, result, milestone, potential, pace, freeze, category, invest, floor,
  cash, min_cash) or ``weight`` (one row per unprotected (board, action) pair with columns);
  constraint (the family, or ``weight``), board, action, category, year; value (the requirement
  in the user's units, or the objective weight ``w[b,a]``); lower, upper (the range of that
  value over which the row's dual, resp. the plan, stays valid; NaN without HiGHS ranging);
  dual (rhs: as in ``duals``; weight: ``d objective / d(-w) = sum_t E_a[b,t]``, MSEK-years);
  degenerate (the dual, resp. the plan, is not unique: the range is zero-wide on one side;
  empty without HiGHS ranging).
- ``why_not`` (``optimizer/analysis/sensitivity.py``): board, action, amount (``sum_s x[b,a,s]``),
  potential (``pot[b,a]``), reason (protected, outside_window, potential_reached,
  pace_limited, not_needed, displaced_by, too_costly; one per row, by the precedence in
  docs/sensitivity.md), detail (text; ``too_costly``: the weight at which it would enter).

``summary``: status (optimal, shortfall, infeasible, time_limit), objective (the chosen
objective's value), impact (``sum w[b,a] * E_a[b,t]``, plus ``tail_years`` times the last
year's), total_shortfall (sum of the shortfall table: rows with a positive weight, MSEK),
shortfall_by_tier {law, targets, frames} and shortfall_tier (v2: the first tier that falls short), savings_by_year, scenario, overrides, priorities, objective_name, strict, solver {name,
version}, seconds, inputs_sha256, tool_version; names {boards: {id: name}, actions: {id: name}}
(display names for the reports); conflict (infeasible only).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

COLUMNS: dict[str, list[str]] = {
    "actions": ["board", "action", "category", "start_year", "amount", "weight", "reduced_cost"],
    "effects": ["board", "action", "year", "effect"],
    "boards": [
        "board",
        "year",
        "baseline",
        "effect",
        "oneoff",
        "depreciation",
        "cost",
        "frame",
        "margin",
        "overrun",
        "frame_dual",
    ],
    "region": [
        "year",
        "revenue",
        "grants",
        "financial",
        "central",
        "cost",
        "result",
        "target",
        "shortfall",
        "result_dual",
        "balance",
        "milestone",
        "milestone_dual",
    ],
    "duals": ["constraint", "board", "action", "category", "year", "dual", "slack", "binding"],
    "shortfall": ["requirement", "board", "category", "year", "target", "value", "shortfall"],
    "liquidity": ["year", "cash", "loans", "borrowing", "min_cash", "shortfall"],
    "protected": ["board", "action", "category", "pot", "reason"],
    "ranging": [
        "kind",
        "constraint",
        "board",
        "action",
        "category",
        "year",
        "value",
        "lower",
        "upper",
        "dual",
        "degenerate",
    ],
    "why_not": ["board", "action", "amount", "potential", "reason", "detail"],
    "reconciliation": [
        "year", "result", "gains", "adjustments", "bkr", "exempt_used", "new_deficit",
        "restored", "deficit_left", "deficit_due", "deadline", "surplus_after_restoration",
    ],
    "frames": ["board", "year", "frame", "status", "current", "change"],
}  # fmt: skip
TABLES = tuple(COLUMNS)


class ResultsDirExists(Exception):
    """The output folder exists and ``force`` was not given."""


@dataclass
class Results:
    """The outcome of one solve: ``summary`` (MODEL.md section 8) and one DataFrame per table."""

    summary: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    @property
    def status(self) -> str:
        return str(self.summary.get("status", ""))

    def write(self, directory: str | os.PathLike, force: bool = False) -> Path:
        """Write ``summary.json`` and one CSV per table into ``directory``, atomically.

        An existing ``directory`` is refused unless ``force``; with ``force`` it is replaced
        only after the new folder is complete.
        """

        def fill(tmp: Path) -> None:
            for name in TABLES:
                frame = self.tables.get(name, pd.DataFrame(columns=COLUMNS[name]))
                frame.to_csv(tmp / f"{name}.csv", index=False, float_format="%.10g")
            with open(tmp / "summary.json", "w", encoding="utf-8") as fh:
                json.dump(self.summary, fh, indent=2, ensure_ascii=False, default=_json_default)
                fh.write("\n")

        return write_atomically(directory, force, fill)

    @classmethod
    def read(cls, directory: str | os.PathLike) -> Results:
        """Read a results folder written by :meth:`write`."""
        folder = Path(directory)
        with open(folder / "summary.json", encoding="utf-8") as fh:
            summary = json.load(fh)
        tables = {}
        for name in TABLES:
            path = folder / f"{name}.csv"
            if path.exists():
                tables[name] = pd.read_csv(path, keep_default_na=True)
        return cls(summary=summary, tables=tables)


def write_atomically(
    directory: str | os.PathLike, force: bool, fill: Callable[[Path], None]
) -> Path:
    """Let ``fill`` write into a temporary sibling folder, then rename it to ``directory``.

    An existing ``directory`` is refused (``ResultsDirExists``) unless ``force``; then it is
    replaced only after the new folder is complete. Nothing half-written is ever left.
    """
    target = Path(directory)
    if target.exists() and not force:
        raise ResultsDirExists(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)  # mkdtemp makes it private; a results folder is not
        fill(tmp)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
            tmp.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def _json_default(value: object) -> object:
    """Make numpy scalars JSON-serialisable."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
