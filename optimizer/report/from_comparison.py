"""Per-run ``Results`` rebuilt from an ``optimizer.compare.Comparison``'s tables, for the reports.

A ``Comparison`` holds DataFrames with a ``run`` column (see ``optimizer/analysis/compare/__init__.py``), not the
runs' ``Results``. The reports need only part of each run, so this rebuilds that part:

- ``summary``: status, impact, objective, total_shortfall, savings_by_year, priorities,
  scenario, overrides, objective_name (from ``Comparison.summary``);
- ``region``: year, result, target, shortfall, balance, milestone (from ``region``);
- ``boards``: board, year, effect = savings, baseline = savings / share (NaN where the share is
  0 or missing); frame and margin are unknown (NaN), so the frame-margin section is left out;
- ``duals``: the binding rows (``binding``), each ``binding = True``;
- ``by_category``: category, year, effect (from ``savings_by_category``).

Actions are not rebuilt: ``actions_delta`` (the changes against the reference) is shown as it is.
Where a comparison carries its runs' full ``Results`` (a ``results`` or ``runs`` attribute),
those are used instead and every section is shown.
"""

from __future__ import annotations

import math

import pandas as pd

from optimizer.results.core import Results


def is_comparison_tables(obj: object) -> bool:
    """True for a comparison of DataFrames (``summary`` with a ``run`` column, and ``meta``)."""
    summary = getattr(obj, "summary", None)
    return isinstance(summary, pd.DataFrame) and "run" in summary.columns and hasattr(obj, "meta")


def _part(frame: pd.DataFrame | None, run: str) -> pd.DataFrame:
    if frame is None or frame.empty or "run" not in frame.columns:
        return pd.DataFrame()
    return frame[frame["run"] == run].drop(columns="run").reset_index(drop=True)


def _num(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def results_from_comparison(comparison) -> tuple[list[tuple[str, Results]], str]:
    """``([(label, Results), ...], reference label)``, runs in ``meta["runs"]`` order."""
    meta = comparison.meta or {}
    summary = comparison.summary
    labels = [str(x) for x in meta.get("runs") or list(summary["run"])]
    years = [int(y) for y in meta.get("years") or []]
    runs = []
    for label in labels:
        rows = summary[summary["run"] == label]
        row = rows.iloc[0].to_dict() if len(rows) else {}
        overrides = str(row.get("overrides") or "")
        s = {
            "status": str(row.get("status", "")),
            "objective": _num(row.get("objective")),
            "impact": _num(row.get("impact")),
            "total_shortfall": _num(row.get("total_shortfall")),
            "savings_by_year": {str(y): _num(row.get(f"savings_{y}")) for y in years},
            "scenario": str(row.get("scenario", "")),
            "priorities": str(row.get("priorities", "")),
            "overrides": [o for o in overrides.split(",") if o and o != "nan"],
            "objective_name": str(row.get("objective_name") or "min_impact"),
        }
        region = _part(getattr(comparison, "region", None), label)
        if not region.empty:
            region = region.rename(columns={"result_shortfall": "shortfall"})
        sb = _part(getattr(comparison, "savings_by_board", None), label)
        boards = pd.DataFrame()
        if not sb.empty and s["status"] in ("optimal", "shortfall"):
            share = pd.to_numeric(sb["share"], errors="coerce")
            boards = pd.DataFrame(
                {
                    "board": sb["board"].astype(str),
                    "year": sb["year"].astype(int),
                    "effect": sb["savings"].astype(float),
                    "baseline": (sb["savings"] / share).where(share.abs() > 1e-12),
                    "margin": math.nan,
                }
            )
        duals = _part(getattr(comparison, "binding", None), label)
        if not duals.empty:
            duals = duals.assign(binding=True)
        cats = _part(getattr(comparison, "savings_by_category", None), label)
        tables = {"boards": boards, "region": region, "duals": duals}
        if not cats.empty:
            tables["by_category"] = cats.rename(columns={"savings": "effect"})[
                ["category", "year", "effect"]
            ]
        runs.append((label, Results(s, tables)))
    reference = str(meta.get("reference") or labels[0])
    return runs, reference
