"""The models a batch benchmark solves: the example's grid and the detailed model's, in serpentine order.

Shared by ``bench_batch.py`` and ``batch_pool.py`` (also called in each worker process).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from benchmarks.generate import detailed
from optimizer.scenario.load import load_scenario

EXAMPLE_WAGES = (0.030, 0.050)  # drivers.wage, the example's 0.035 inside
EXAMPLE_GROWTH = (0.020, 0.035)  # economy.revenue.tax.growth and grants.growth, the example's 0.03 inside
FINE, COARSE = 0.0005, 0.0025  # the detailed grids' steps of wage and revenue growth


def serpentine(rows: list, cols: list) -> list[tuple]:
    """Every ``(row, col)`` pair, each row walked the other way round from the one before."""
    return [(r, c) for i, r in enumerate(rows) for c in (cols if i % 2 == 0 else cols[::-1])]


def variants(spec: dict):
    """``(base, [inputs...])`` of a model spec (also called in each worker process)."""
    if spec["kind"] == "example":
        n_w, n_g = spec["grid"]
        wages = np.round(np.linspace(*EXAMPLE_WAGES, n_w), 4).tolist()
        growth = np.round(np.linspace(*EXAMPLE_GROWTH, n_g), 4).tolist()
        runs = [
            load_scenario(sets=[f"drivers.wage={w}", f"economy.revenue.tax.growth={g}",
                                f"economy.revenue.grants.growth={g}"])  # fmt: skip
            for w, g in serpentine(wages, growth)
        ]
        return load_scenario(), runs
    base = detailed(*spec["size"], seed=0)
    n_w, n_g = spec["grid"]
    steps_w = [spec["step"] * (k - n_w // 2) for k in range(n_w)]
    steps_g = [spec["step"] * (k - n_g // 2) for k in range(n_g)]
    return base, [_vary(base, dw, dg) for dw, dg in serpentine(steps_w, steps_g)]


def _vary(base, dw: float, dg: float):
    """``base`` with wage growth ``+dw`` every year and revenue growing ``dg`` a year faster."""
    years = sorted(base.revenue)
    return replace(
        base,
        wage={t: w + dw for t, w in base.wage.items()},
        revenue={t: base.revenue[t] * (1.0 + dg) ** (k + 1) for k, t in enumerate(years)},
    )
