"""``balansplan stress``: a plan's decisions held fixed in ``N`` sampled futures (MODEL.md 10.4).

Every decision of the plan (actions ``x[b,a,s]``, the tax lever ``tax[s]``, the take-or-leave
decisions of minimum sizes) is fixed; what is left in each future is what follows from them:
costs, revenue, interest and the law's balance, and the financing (loans and cash) by the
plan's own rules: the model's stages with the decisions fixed, i.e. the least shortfall tier by
tier, then the least loans. The futures are independent, so they are stacked in chunks of at
most ``CHUNK`` (``stacked.py``; one LP per chunk, each future its own block) and every number
of a future is read from its plan by the solve's own functions (``outcomes.py``).

Outputs (``tables``): per requirement the probability that it fails, the mean and 90th
percentile shortfall in its own unit (``stress.csv``); per year the result and the deficit
left as P10/P50/P90 against the law's minimum (``years.csv``); per future its inputs, its
shortfall by tier and its results (``futures.csv``); the tornado of the nearest deadline that
fails in some future (``tornado.csv``); per deficit of the law's ledger the probability it is
overdue at its decided deadline and what is left then (``ledger.csv``): for each uncertain key its rank correlation with that
deadline's shortfall and the probability of failing with the key at or below its P10 and at or
above its P90.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from optimizer.batch.futures.draw import Futures
from optimizer.batch.futures.outcomes import FAIL, Outcomes, law_minimum, ledger_table
from optimizer.batch.futures.plans import decisions_fixed
from optimizer.batch.futures.risk import Risk
from optimizer.batch.futures.stacked import DECISIONS, Roles, solve_futures
from optimizer.batch.summary import spearman
from optimizer.model import Model
from optimizer.results.core import Results, new_actions
from optimizer.scenario.financial_core import TAX_BOARD
from optimizer.scenario.inputs import InputError, Problem

CHUNK = 100  # futures per stacked LP


def results_x(model: Model, results: Results, source: str) -> np.ndarray:
    """The plan of a results folder as ``model``'s column vector (its decisions; 0 elsewhere).

    Each row of ``actions.csv`` (but those of status ``committed``, decided in an earlier round
    and part of every future's costs, MODEL.md 10.3) must be a decision of the scenario: ``InputError`` naming the
    row otherwise; committed actions (MODEL.md 10.3) are no decision of the plan (the scenario
    holds them, fixed) and are skipped. The take-or-leave decisions follow from the amounts
    (``plans.take_fixed``).
    """
    lp = model.lp
    x = np.zeros(lp.num_cols)
    actions = new_actions(results.actions)
    for i, row in enumerate(actions.itertuples(index=False), start=2):
        if getattr(row, "status", "new") == "committed":  # decided earlier: in every future
            continue
        year = int(row.start_year)
        if str(row.board) == TAX_BOARD:
            col = lp.cols.get("tax", {}).get((year,))
        else:
            col = lp.cols.get("x", {}).get((str(row.board), str(row.action), year))
        if col is None:
            where = f"row {i}: {row.board}, {row.action}, {year}"
            expected = "a decision of the scenario (is RESULTS from this scenario?)"
            raise InputError(Problem(f"{source}/actions.csv", where, row.amount, expected))
        x[col] += float(row.amount)
    for (b, a), col in lp.cols.get("take", {}).items():
        cols = [c for (bb, aa, _), c in lp.cols["x"].items() if (bb, aa) == (b, a)]
        x[col] = 1.0 if x[cols].sum() > FAIL else 0.0
    return x


def fixed_roles(model: Model, x: np.ndarray) -> Roles:
    """Every decision of ``x`` fixed (the stress test's roles)."""
    return Roles(fixed=decisions_fixed(model, x))


def evaluate(models: list[Model], roles: Roles) -> Outcomes:
    """The plan held in ``models``: one stacked LP (the recourse: financing), then the figures."""
    solution = solve_futures(models, roles, Risk("expected"))
    return Outcomes.of(models, solution.x)


def _evaluate_chunk(args) -> Outcomes:
    models, roles = args
    return evaluate(models, roles)


def evaluate_all(futures: Futures, roles: Roles, jobs: int = 1) -> Outcomes:
    """Every future in chunks of ``CHUNK`` (``jobs`` local processes), joined in order."""
    chunks = [list(range(i, min(i + CHUNK, futures.n))) for i in range(0, futures.n, CHUNK)]
    work = [([futures.models[i] for i in ids], roles) for ids in chunks]
    if jobs > 1 and len(work) > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        with ProcessPoolExecutor(min(jobs, len(work)), context) as pool:
            parts = list(pool.map(_evaluate_chunk, work))
    else:
        parts = [_evaluate_chunk(w) for w in work]
    first = parts[0]
    return Outcomes(
        first.requirements,
        first.years,
        np.vstack([p.shortfall for p in parts]),
        np.vstack([p.result for p in parts]),
        np.vstack([p.deficit_left for p in parts]),
        np.concatenate([p.impact for p in parts]),
        [book for p in parts for book in p.deficits],
    )


@dataclass
class Stress:
    """The stress test's tables and summary (module doc)."""

    requirements: pd.DataFrame
    years: pd.DataFrame
    futures: pd.DataFrame
    tornado: pd.DataFrame
    ledger: pd.DataFrame
    summary: dict


def requirement_table(out: Outcomes, forecast: Outcomes | None = None) -> pd.DataFrame:
    """``stress.csv``: per requirement the probability it fails, mean and P90 shortfall."""
    fails = out.failed()
    rows = []
    for r, req in enumerate(out.requirements):
        values = out.shortfall[:, r]
        rows.append(
            {
                "requirement": req.requirement,
                "tier": req.tier,
                "board": req.board,
                "category": req.category,
                "year": req.year,
                "unit": req.unit,
                "probability": float(fails[:, r].mean()),
                "mean_shortfall": float(values.mean()),
                "p90_shortfall": float(np.quantile(values, 0.9)),
                "forecast_shortfall": float(forecast.shortfall[0, r]) if forecast else np.nan,
            }
        )
    return pd.DataFrame(rows)


def year_table(out: Outcomes, law_min: list[float], forecast: Outcomes | None) -> pd.DataFrame:
    """``years.csv``: the result and the deficit left by year, P10/P50/P90."""
    q = (0.1, 0.5, 0.9)
    res = np.quantile(out.result, q, axis=0)
    left = np.quantile(out.deficit_left, q, axis=0)
    frame = pd.DataFrame({"year": out.years})
    for k, name in enumerate(("p10", "p50", "p90")):
        frame[f"result_{name}"] = res[k]
    frame["law_minimum"] = law_min
    frame["forecast_result"] = forecast.result[0] if forecast else np.nan
    for k, name in enumerate(("p10", "p50", "p90")):
        frame[f"deficit_left_{name}"] = left[k]
    return frame


def nearest_deadline(out: Outcomes) -> int | None:
    """The column of the earliest deadline that fails in some future (else the earliest)."""
    cols = sorted(out.columns_of("deadline"), key=lambda r: out.requirements[r].year)
    failing = [r for r in cols if out.failed()[:, r].any()]
    return (failing or cols or [None])[0]


def tornado(out: Outcomes, futures: Futures, column: int | None) -> pd.DataFrame:
    """For each uncertain key: rank correlation with the deadline's shortfall and the
    probability it fails with the key at or below its P10 (``p_fail_low``) and at or above its
    P90 (``p_fail_high``); the largest ``swing = |high - low|`` first."""
    names = ["key", "spearman", "p10", "p90", "p_fail_low", "p_fail_high", "swing"]
    if column is None or not futures.keys:
        return pd.DataFrame(columns=names)
    short = out.shortfall[:, column]
    fail = short > FAIL
    rows = []
    for k, key in enumerate(futures.keys):
        v = futures.values[:, k]
        p10, p90 = np.quantile(v, [0.1, 0.9])
        low, high = float(fail[v <= p10].mean()), float(fail[v >= p90].mean())
        rho = spearman(v, short) if short.std() > 0 else 0.0
        rows.append([key, rho, p10, p90, low, high, abs(high - low)])
    frame = pd.DataFrame(rows, columns=names)
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def future_table(out: Outcomes, futures: Futures) -> pd.DataFrame:
    """``futures.csv``: per future its inputs, MSEK shortfall by tier, result by year."""
    frame = pd.DataFrame({"future": np.arange(futures.n)})
    for k, key in enumerate(futures.keys):
        frame[key] = futures.values[:, k]
    for tier, values in out.by_tier().items():
        frame[f"shortfall_{tier}"] = values
    for k, t in enumerate(out.years):
        frame[f"result_{t}"] = out.result[:, k]
    return frame


def stress(
    futures: Futures, forecast: Model, x: np.ndarray, jobs: int = 1
) -> Stress:
    """Hold the plan ``x`` (``forecast``'s columns) fixed in every future (module doc)."""
    roles = fixed_roles(forecast, x)
    out = evaluate_all(futures, roles, jobs)
    base = evaluate([forecast], roles)
    column = nearest_deadline(out)
    reqs = requirement_table(out, base)
    law = reqs[reqs["tier"] == "law"]
    summary = {
        "samples": futures.n,
        "seed": futures.seed,
        "keys": futures.keys,
        "decisions": sum(1 for (f, _), v in roles.fixed.items() if f in DECISIONS[:2] and v > FAIL),
        "p_law_fails": float(out.failed()[:, law.index].any(axis=1).mean()) if len(law) else 0.0,
        "p_any_fails": float(out.failed().any(axis=1).mean()),
        "nearest_deadline": None if column is None else out.requirements[column].year,
        "p_nearest_deadline": None if column is None else float(out.failed()[:, column].mean()),
    }
    return Stress(
        reqs,
        year_table(out, law_minimum(forecast), base),
        future_table(out, futures),
        tornado(out, futures, column),
        ledger_table(out),
        summary,
    )
