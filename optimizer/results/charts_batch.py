"""Charts of a batch of runs (matplotlib), in English or Swedish.

- ``fan_chart`` (Monte Carlo): the savings needed per year, P10 to P90 as a band and P50 as a
  line, from ``quantiles.csv`` (``figure, p10, p50, p90`` with figures ``savings_<year>``);
- ``grid_chart`` (a grid sweep): the savings needed in the last plan year against the first
  swept input, one line per value of the second (if any); a run without a plan is left out.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from optimizer.results.chart_text import Text, save
from optimizer.results.charts import _figure
from optimizer.results.palette import PALETTE


def fan_chart(quantiles: pd.DataFrame, stem: Path, lang: str = "en") -> list:
    """P10-P90 band and P50 line of ``savings_<year>`` per year."""
    t = Text(lang)
    rows = quantiles[quantiles["figure"].astype(str).str.startswith("savings_")].copy()
    rows["year"] = rows["figure"].str.removeprefix("savings_").astype(int)
    rows = rows.sort_values("year")
    fig = _figure((8.0, 4.6))
    ax = fig.subplots()
    ax.fill_between(rows["year"], rows["p10"], rows["p90"], color=PALETTE[0], alpha=0.25,
                    label=t("fan_band"))  # fmt: skip
    ax.plot(rows["year"], rows["p50"], "o-", color=PALETTE[0], label=t("median"))
    for r in rows.itertuples():
        ax.annotate(t.num(r.p50), (r.year, r.p50), xytext=(0, 8), textcoords="offset points",
                    ha="center")  # fmt: skip
    ax.set_xticks(list(rows["year"]), [str(y) for y in rows["year"]])
    ax.set_xlabel(t("year"))
    ax.set_ylabel(t("unit_year"))
    ax.yaxis.set_major_formatter(t.formatter())
    ax.set_title(t("fan_title"), loc="left")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    return save(fig, stem)


def grid_chart(runs: pd.DataFrame, inputs: list[str], stem: Path, lang: str = "en") -> list:
    """Savings needed in the last plan year against ``inputs[0]``, a line per ``inputs[1]``."""
    t = Text(lang)
    years = sorted(
        int(c.removeprefix("savings_")) for c in runs.columns if c.startswith("savings_")
    )
    if not years or not inputs:
        return []
    last, figure = years[-1], f"savings_{years[-1]}"
    solved = runs[runs["status"].isin(("optimal", "shortfall"))].dropna(subset=[figure])
    x = inputs[0]
    solved = solved[pd.to_numeric(solved[x], errors="coerce").notna()]
    fig = _figure((8.0, 4.6))
    ax = fig.subplots()
    groups = [(None, solved)] if len(inputs) < 2 else list(solved.groupby(inputs[1]))
    for i, (value, group) in enumerate(groups):
        group = group.sort_values(x)
        label = (
            None if value is None else f"{t.input_name(inputs[1])} = {t.value(inputs[1], value)}"
        )
        ax.plot(group[x].astype(float), group[figure], "o-", color=PALETTE[i % len(PALETTE)],
                label=label)  # fmt: skip
        if label:
            end = group.iloc[-1]
            ax.annotate(f" {t.value(inputs[1], value)}", (float(end[x]), end[figure]), va="center",
                        color=PALETTE[i % len(PALETTE)])  # fmt: skip
    ax.set_xlabel(t.input_name(x))
    from matplotlib.ticker import FuncFormatter  # start-up time

    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: t.value(x, v)))
    ax.set_ylabel(t("grid_y", year=last, unit=t("unit")))
    ax.yaxis.set_major_formatter(t.formatter())
    ax.set_title(t("grid_title", year=last), loc="left")
    ax.grid(alpha=0.3)
    if len(groups) > 1:
        ax.legend(loc="best", frameon=False)
    return save(fig, stem)
