"""Charts for the reports (matplotlib, Agg: no display needed).

``frontier_chart``: the trade-off frontier of ``optimizer.frontier``. Top: the least impact
(impact-years) against the swept requirement (MSEK), through every solved value, with the grid
points marked (a cross where the point needs a shortfall), the current value and the limit met
without shortfall as dotted lines, and the kinks as diamonds; the kinks with the largest change
of slope are labelled with the action that becomes marginal there. Bottom: the slope, i.e. the
requirement's dual (impact per MSEK), a step that rises at each kink.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

LABELLED_KINKS = 8  # kinks labelled by name; the others are only marked


def frontier_chart(frontier, stem: Path) -> list[Path]:
    """Draw ``frontier`` (an ``optimizer.frontier.Frontier``) to ``<stem>.png`` and ``.svg``."""
    import matplotlib  # start-up time

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure  # start-up time

    points: pd.DataFrame = frontier.points
    curve: pd.DataFrame = frontier.curve
    kinks: pd.DataFrame = frontier.kinks
    req = frontier.requirement
    fig = Figure(figsize=(9.0, 6.5), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.3])
    ok = curve["status"].isin(["optimal", "shortfall"])
    top.plot(curve.loc[ok, "value"], curve.loc[ok, "impact"], color="#1f4e79", lw=1.6, zorder=2)
    met = points["shortfall"].fillna(np.inf) <= 1e-6
    top.plot(
        points.loc[met, "value"], points.loc[met, "impact"], "o", color="#1f4e79", ms=5, zorder=3
    )
    if (~met).any():
        top.plot(
            points.loc[~met, "value"],
            points.loc[~met, "impact"],
            "x",
            color="#c00000",
            ms=7,
            label="needs a shortfall",
            zorder=3,
        )
    if len(kinks):
        top.plot(kinks["value"], kinks["impact"], "D", color="#e07b00", ms=4, zorder=4)
        _label_kinks(top, kinks)
    for value, text in ((frontier.current, "current"), (frontier.reach, "limit")):
        if value is not None and np.isfinite(value):
            for ax in (top, bottom):
                ax.axvline(value, color="grey", ls=":", lw=1)
            top.annotate(
                f"{text} ",
                (value, 0.02),
                xycoords=("data", "axes fraction"),
                rotation=90,
                ha="right",
                va="bottom",
                fontsize=7,
                color="grey",
            )
    top.set_ylabel("least impact (impact-years)")
    top.set_title(f"Least impact against {req.text}", loc="left")
    top.grid(alpha=0.3)
    if (~met).any():
        top.legend(loc="upper left")
    _dual_steps(bottom, curve, points)
    bottom.set_ylabel("dual (impact per MSEK)")
    unit = "frame" if req.family == "frame" else req.family
    bottom.set_xlabel(f"{req.text}: {unit} value (MSEK)")
    bottom.grid(alpha=0.3)
    if len(points) and points["value"].iloc[-1] < points["value"].iloc[0]:
        top.invert_xaxis()  # the sweep reads left to right (a frame is tightened downwards)
    stem = Path(stem)
    written = []
    for ext in ("png", "svg"):
        path = stem.with_suffix(f".{ext}")
        meta = {"Date": None} if ext == "svg" else {}
        with matplotlib.rc_context({"svg.hashsalt": "balansplan"}):
            fig.savefig(path, format=ext, dpi=130, metadata=meta)
        written.append(path)
    return written


def _label_kinks(ax, kinks: pd.DataFrame) -> None:
    """Label one kink per stretch of the range: of ``LABELLED_KINKS`` equal stretches, in each
    the kink with the largest rise in slope (so labels spread along the curve)."""
    named = kinks[kinks["action"].astype(str) != ""].assign(
        jump=(kinks["dual_after"] - kinks["dual_before"]).abs()
    )
    if named.empty:
        return
    lo, hi = float(named["value"].min()), float(named["value"].max())
    edges = np.linspace(lo, hi, LABELLED_KINKS + 1)
    bins = np.clip(np.searchsorted(edges, named["value"], side="right") - 1, 0, LABELLED_KINKS - 1)
    chosen = named.assign(bin=bins).sort_values("jump").groupby("bin").tail(1)
    for n, (_, row) in enumerate(chosen.sort_values("value").iterrows()):
        ax.annotate(
            f"→ {row['action']}",
            (row["value"], row["impact"]),
            xytext=(-8, 18 + 11 * (n % 3)),
            textcoords="offset points",
            ha="right",
            fontsize=7,
            arrowprops={"arrowstyle": "-", "color": "#e07b00", "lw": 0.6},
        )


def _dual_steps(ax, curve: pd.DataFrame, points: pd.DataFrame) -> None:
    """The slope of each stretch between solved values (the dual), as a step line."""
    clean = curve[curve["shortfall"].fillna(np.inf) <= 1e-6]
    values, impact = clean["value"].to_numpy(float), clean["impact"].to_numpy(float)
    if len(values) >= 2:
        width = np.diff(values)
        keep = np.abs(width) > 0
        slope = np.abs(np.diff(impact)[keep] / width[keep])
        starts = values[:-1][keep]
        ax.step(
            np.append(starts, values[-1]),
            np.append(slope, slope[-1:]),
            where="post",
            color="#1f4e79",
            lw=1.2,
        )
    ax.plot(points["value"], points["dual"], "o", color="#1f4e79", ms=3)


def tornado_chart(table: pd.DataFrame, centre: float, stem: Path) -> list[Path]:
    """The tornado of a Monte Carlo sweep (``optimizer.batch.summary.tornado_table``) to
    ``<stem>.png`` and ``.svg``: per uncertain input, largest swing on top, a bar from ``centre``
    (the mean impact) to ``low`` (mean impact with the input at or below its P10, blue) and one
    to ``high`` (at or above its P90, orange)."""
    import matplotlib  # start-up time

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure  # start-up time

    rows = table.dropna(subset=["low", "high"]).iloc[::-1]  # largest swing on top
    fig = Figure(figsize=(8.0, 1.2 + 0.45 * max(len(rows), 1)), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))
    ax.barh(y, rows["low"].to_numpy(float) - centre, left=centre, color="#4c72b0", height=0.6)
    ax.barh(y, rows["high"].to_numpy(float) - centre, left=centre, color="#dd8452", height=0.6)
    ax.axvline(centre, color="black", lw=0.8)
    ax.set_yticks(y, list(rows["input"]))
    ax.set_xlabel("impact: input at its P10 (blue) and P90 (orange)")
    ax.set_title("What moves the impact most", loc="left")
    written = []
    for ext in ("png", "svg"):
        path = Path(stem).with_suffix(f".{ext}")
        meta = {"Date": None} if ext == "svg" else {}
        with matplotlib.rc_context({"svg.hashsalt": "balansplan"}):
            fig.savefig(path, format=ext, dpi=130, metadata=meta)
        written.append(path)
    return written
