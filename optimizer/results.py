"""``Results``: the tidy tables of one solve, and writing/reading a results folder.

The columns are the contract of MODEL.md section 8, plus three tables of our own
(``shortfall``, ``liquidity``, ``protected``). Writing is atomic: the files go to a temporary
sibling folder that is renamed into place.

Table definitions (notation of MODEL.md sections 2-4; x[b,a,s] is the full annual effect of
action a in board b started in year s):

Notation from MODEL.md sections 2-4. Variables x[b,a,s] (full annual effect of action a in board b
started in year s). `Results.summary` is a dict; `Results.tables[name]` (also `results.<name>`) a DataFrame.

- `actions`: board, action, category, start_year, amount (= x[b,a,s], rows with amount > 1e-6 only),
  weight (= w[b,a] after the priority set: base weight * board_weights[b] * category_weights[cat] *
  action_weights[a]), reduced_cost (in weight units: how much w[b,a] must fall before this start
  enters; 0 for amounts in the plan).
- `effects`: board, action, year, effect = E_a[b,t] = sum over start years s<=t of
  ramp[a][t-s] * idx[b,s,t] * x[b,a,s] (ramp's last value repeats; idx[b,s,t] = prod_{k=s+1..t}(1+g[b,k]),
  1 when t = s or when index_effects is false). One row per (board, action) that has any amount, per plan year.
- `boards`: board, year, baseline (base[b,t]), effect (E[b,t]), oneoff (O[b,t] = sum_a oneoff[a]*x[b,a,t]),
  depreciation (D[b,t] = sum_a sum_{s<t<=s+life[a]} capex[a]/life[a]*x[b,a,s]), cost (C = baseline - effect + oneoff + depreciation),
  frame (frame[b,t]), margin (= frame - cost), overrun (uf[b,t] >= 0, the elastic slack; cost - overrun <= frame), frame_dual. One row per board per plan year.
- `region`: year, revenue, grants, financial, central, cost (sum_b C[b,t]), result (R[t] = revenue + grants + financial - central - cost),
  target (NaN where no target), shortfall (ur[t]; result + shortfall >= target), result_dual, balance (Bal[t] = bal0 + sum_{k<=t}(R[k] + adj[k])),
  milestone (NaN where none), milestone_dual. One row per plan year.
- `duals`: constraint (family name of MODEL.md section 5: frame, result, milestone, potential, pace, freeze, category, invest, floor, cash, loans),
  board, action, category, year (empty/NaN where the row has no such key), dual (MODEL.md sign: the fall in the objective per MSEK by which the
  row is loosened; >= 0 for a binding inequality), slack (distance of the row's left side from its bound, >= 0 when satisfied; includes the
  elastic slack variable's help), binding (bool).
- `shortfall`: requirement (frame, result, milestone, category, cash), board, category, year, target, value (the level reached without the elastic slack), shortfall (> 1e-6 only).
- `liquidity`: year, cash, loans, borrowing (dl[t]), min_cash, shortfall (uk[t]); empty without liquidity.
- `protected`: board, action, category, pot, reason (board|category|action) for pairs with pot > 0 that the priority set protects.
- `summary`: status (optimal | shortfall | infeasible | time_limit), objective (the chosen objective's value), impact (sum_{b,a,t} w[b,a]*E_a[b,t]),
  total_shortfall (sum of all elastic slacks uf+ur+um+uc+uk, MSEK, unweighted), savings_by_year {year: sum_b E[b,t]} (keys may be str after a JSON round trip),
  scenario, overrides, solver {name, version}, seconds, inputs_sha256, tool_version, objective_name, strict (bool).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

COLUMNS: dict[str, list[str]] = {
    "actions": ["board", "action", "category", "start_year", "amount", "weight", "reduced_cost"],
    "effects": ["board", "action", "year", "effect"],
    "boards": [
        "board", "year", "baseline", "effect", "oneoff", "depreciation", "cost", "frame",
        "margin", "overrun", "frame_dual",
    ],
    "region": [
        "year", "revenue", "grants", "financial", "central", "cost", "result", "target",
        "shortfall", "result_dual", "balance", "milestone", "milestone_dual",
    ],
    "duals": ["constraint", "board", "action", "category", "year", "dual", "slack", "binding"],
    "shortfall": ["requirement", "board", "category", "year", "target", "value", "shortfall"],
    "liquidity": ["year", "cash", "loans", "borrowing", "min_cash", "shortfall"],
    "protected": ["board", "action", "category", "pot", "reason"],
}
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
        target = Path(directory)
        if target.exists() and not force:
            raise ResultsDirExists(str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            for name in TABLES:
                frame = self.tables.get(name, pd.DataFrame(columns=COLUMNS[name]))
                frame.to_csv(tmp / f"{name}.csv", index=False, float_format="%.10g")
            with open(tmp / "summary.json", "w", encoding="utf-8") as fh:
                json.dump(self.summary, fh, indent=2, ensure_ascii=False, default=_json_default)
                fh.write("\n")
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


def _json_default(value: object) -> object:
    """Make numpy scalars JSON-serialisable."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
