"""Summaries of a batch's runs: the status table, and the Monte Carlo summary with its tornado.

Monte Carlo (over the runs that found a plan, status ``optimal`` or ``shortfall``):

- ``p_shortfall``: the share of those runs with status ``shortfall``;
- quantiles P10, P50, P90 (``numpy.quantile``, linear) of ``impact``, ``total_shortfall`` and
  ``savings_<year>`` (the savings the plan needs in each year);
- the tornado: for each uncertain input ``x``, the Spearman rank correlation of ``x`` with
  ``impact``; ``low`` the mean impact of the runs with ``x`` at or below its P10, ``high`` the
  mean impact with ``x`` at or above its P90, and ``swing = high - low``. Sorted by
  ``|swing|``, largest first: the inputs that move the impact most come first.
"""

from __future__ import annotations

import math
import os

import numpy as np
import pandas as pd

STATUSES = ("optimal", "shortfall", "infeasible", "time_limit", "error")
SOLVED = ("optimal", "shortfall")
QUANTILES = (0.1, 0.5, 0.9)


def status_table(runs: pd.DataFrame) -> pd.DataFrame:
    """``status, runs``: every status (those of ``STATUSES`` always, zero or not)."""
    counts = runs["status"].value_counts()
    names = list(STATUSES) + sorted(set(counts.index) - set(STATUSES))
    return pd.DataFrame({"status": names, "runs": [int(counts.get(s, 0)) for s in names]})


def quantile_table(runs: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """``figure, p10, p50, p90`` for impact, total_shortfall and savings per year (solved runs)."""
    solved = runs[runs["status"].isin(SOLVED)]
    figures = ["impact", "total_shortfall"] + [f"savings_{t}" for t in years]
    rows = []
    for figure in figures:
        values = solved[figure].dropna().to_numpy(dtype=float)
        qs = np.quantile(values, QUANTILES) if len(values) else [math.nan] * len(QUANTILES)
        rows.append([figure, *(float(q) for q in qs)])
    return pd.DataFrame(rows, columns=["figure", "p10", "p50", "p90"])


def tornado_table(runs: pd.DataFrame, keys: list[str], figure: str = "impact") -> pd.DataFrame:
    """``input, spearman, low, high, swing, p10, p90`` for each uncertain input (module
    docstring); ``p10``/``p90`` are the input's own quantiles, the values the chart shows."""
    solved = runs[runs["status"].isin(SOLVED)].dropna(subset=[figure])
    y = solved[figure].to_numpy(dtype=float)
    rows = []
    for key in keys:
        x = solved[key].to_numpy(dtype=float)
        if len(x) < 2:
            rows.append([key, math.nan, math.nan, math.nan, math.nan, math.nan, math.nan])
            continue
        p10, p90 = np.quantile(x, [0.1, 0.9])
        low = float(y[x <= p10].mean())
        high = float(y[x >= p90].mean())
        rows.append([key, spearman(x, y), low, high, high - low, float(p10), float(p90)])
    columns = ["input", "spearman", "low", "high", "swing", "p10", "p90"]
    table = pd.DataFrame(rows, columns=columns)
    order = np.argsort(-np.nan_to_num(table["swing"].abs().to_numpy(), nan=-1.0), kind="stable")
    return table.iloc[order].reset_index(drop=True)


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's rank correlation (average ranks for ties); NaN where either is constant."""
    rx = pd.Series(x).rank().to_numpy()
    ry = pd.Series(y).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return math.nan
    return float(np.corrcoef(rx, ry)[0, 1])


def montecarlo_summary(runs: pd.DataFrame, keys: list[str], years: list[int], seed) -> dict:
    """The Monte Carlo summary as a JSON-able mapping (module docstring)."""
    solved = runs["status"].isin(SOLVED)
    n_solved = int(solved.sum())
    shortfall = int((runs["status"] == "shortfall").sum())
    return {
        "samples": len(runs),
        "seed": seed,
        "solved": n_solved,
        "p_shortfall": shortfall / n_solved if n_solved else math.nan,
        "quantiles": quantile_table(runs, years).to_dict(orient="records"),
        "tornado": tornado_table(runs, keys).to_dict(orient="records"),
    }


def _fmt(value: float, digits: int = 1) -> str:
    return (
        "-"
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
        else f"{value:,.{digits}f}"  # the terminal's English format: 1,234.5
    )


def render_status(table: pd.DataFrame) -> str:
    """The status table as text."""
    lines = ["status        runs"]
    lines += [f"{row.status:<12} {row.runs:>5}" for row in table.itertuples()]
    lines.append(f"{'total':<12} {int(table['runs'].sum()):>5}")
    return "\n".join(lines)


def render_montecarlo(summary: dict) -> str:
    """The Monte Carlo summary as text: P(shortfall), quantiles, tornado."""
    p = summary["p_shortfall"]
    lines = [
        f"Monte Carlo: {summary['samples']} samples (seed {summary['seed']}), "
        f"{summary['solved']} with a plan",
        f"P(shortfall) = {_fmt(100 * p, 1)} %",
        "",
        f"{'figure':<18} {'P10':>10} {'P50':>10} {'P90':>10}   unit",
    ]
    for q in summary["quantiles"]:  # the harm score is no sum of money
        unit = "weighted MSEK-years" if q["figure"] == "impact" else "MSEK"
        lines.append(
            f"{q['figure']:<18} {_fmt(q['p10']):>10} {_fmt(q['p50']):>10} {_fmt(q['p90']):>10}"
            f"   {unit}"
        )
    lines += ["", "What moves the impact most (tornado):"]
    lines.append(f"{'input':<28} {'spearman':>9} {'low':>10} {'high':>10} {'swing':>10}")
    for t in summary["tornado"]:
        lines.append(
            f"{t['input']:<28} {_fmt(t['spearman'], 2):>9} {_fmt(t['low']):>10} "
            f"{_fmt(t['high']):>10} {_fmt(t['swing']):>10}"
        )
    return "\n".join(lines)


def render_outcome(outcome, out: str | None, max_rows: int = 40) -> str:
    """What ``sweep``/``batch`` print: the counts and speed, the runs (if few and no ``--out``),
    the status table, the Monte Carlo summary, the first error messages, the files written."""
    rate = outcome.computed / outcome.seconds if outcome.seconds > 0 else math.nan
    lines = [
        f"{len(outcome.runs)} runs: {outcome.computed} solved now, {outcome.skipped} stored "
        f"before; {outcome.seconds:.2f} s ({_fmt(rate, 0)} runs/s), {outcome.solver} solver, "
        f"{outcome.executor}",
        "",
    ]
    runs = outcome.runs
    if out is None and 0 < len(runs) <= max_rows and "montecarlo" not in outcome.summary:
        shown = [c for c in runs.columns if not c.startswith("savings_") and c != "message"]
        lines += [runs[shown].to_string(index=False, float_format=lambda v: f"{v:.6g}"), ""]
    lines.append(render_status(outcome.status))
    if "montecarlo" in outcome.summary:
        lines += ["", render_montecarlo(outcome.summary["montecarlo"])]
    errors = runs[runs["status"] == "error"]
    if len(errors):
        lines += ["", "Errors (first 5):"]
        lines += [f"  run {r.run_id}: {r.message}" for r in errors.head(5).itertuples()]
    if out is not None:
        names = ", ".join(p.name for p in outcome.written)
        lines += [
            "",
            f"Written to {os.path.join(os.path.normpath(out), '')}: {names}, store.sqlite",
        ]
    return "\n".join(lines)
