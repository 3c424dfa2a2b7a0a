"""Charts for the reports (matplotlib, Agg: no display needed), in English or Swedish.

``frontier_chart``: the trade-off frontier of ``optimizer.analysis.frontier``. Top: the least
harm score against the swept requirement (MSEK), through every solved value, with the grid
points marked, the current value and the value met in full as dotted lines with horizontal
labels, and the kinks as numbered diamonds; the numbers are explained beside the plot (the
action, by name, that becomes marginal there), so labels never overlap. Where points need a
requirement left unmet, what is missing (MSEK) is drawn against a second axis. Bottom: the
slope, i.e. the requirement's price (harm score per MSEK), a step that rises at each kink.

``tornado_chart`` (Monte Carlo): per uncertain input, a bar from the mean of a figure (the
savings needed in the last plan year, MSEK) to its mean with the input at or below its P10 and
at or above its P90, the input's P10 and P90 values written beside the bars.

Colours are ``results.palette.PALETTE`` (3:1 on white, apart under deuteranopia); text is at
least ``chart_text.MIN_FONT`` points and stays text in SVG.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.results.chart_text import MIN_FONT, Text, save
from optimizer.results.palette import BAD, PALETTE

LABELLED_KINKS = 8  # kinks numbered and explained; the others are only marked
BLUE, ORANGE, GREEN = PALETTE[0], PALETTE[1], PALETTE[2]


def _figure(size: tuple[float, float]):
    import matplotlib  # start-up time

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure  # start-up time

    matplotlib.rcParams["font.size"] = max(matplotlib.rcParams["font.size"], MIN_FONT)
    return Figure(figsize=size, layout="constrained")


def requirement_words(req, t: Text, names: dict | None = None) -> str:
    """``balance:2027`` -> ``the accumulated balance at the end of 2027`` (or in Swedish)."""
    boards = (names or {}).get("boards") or {}
    if req.family == "frame":
        return t("req_frame", year=req.year, board=boards.get(req.board, req.board))
    key = {"balance": "req_balance", "deadline": "req_deadline"}.get(req.kind, "req_result")
    return t(key, year=req.year)


def frontier_chart(frontier, stem: Path, lang: str = "en", names: dict | None = None) -> list:
    """Draw ``frontier`` (an ``analysis.frontier.Frontier``) to ``<stem>.png`` and ``.svg``."""
    t = Text(lang)
    names = names or getattr(frontier, "names", None) or {}
    points: pd.DataFrame = frontier.points
    curve: pd.DataFrame = frontier.curve
    kinks: pd.DataFrame = frontier.kinks
    words = requirement_words(frontier.requirement, t, names)
    fig = _figure((11.0, 6.8))
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.3])
    ok = curve["status"].isin(["optimal", "shortfall"])
    top.plot(curve.loc[ok, "value"], curve.loc[ok, "impact"], color=BLUE, lw=1.6, zorder=2)
    met = points["shortfall"].fillna(np.inf) <= 1e-6
    top.plot(points.loc[met, "value"], points.loc[met, "impact"], "o", color=BLUE, ms=5, zorder=3)
    handles = []
    if (~met).any():  # the points that need a requirement left unmet, and by how much
        short = points.loc[~met & points["shortfall"].notna()]
        top.plot(short["value"], short["impact"], "x", color=BAD, ms=7, zorder=3)
        twin = top.twinx()
        (line,) = twin.plot(
            short["value"], short["shortfall"], "x--", color=BAD, lw=1, label=t("needs_shortfall")
        )
        twin.set_ylabel(f"{t('shortfall_axis')} ({t('unit')})", color=BAD)
        twin.yaxis.set_major_formatter(t.formatter())
        handles.append(line)
    if len(kinks):
        top.plot(kinks["value"], kinks["impact"], "D", color=ORANGE, ms=4, zorder=4)
        handles += _number_kinks(top, kinks, t, names)
    for value, key, where in ((frontier.current, "current", 0.98), (frontier.reach, "limit", 0.90)):
        if value is not None and np.isfinite(value):
            for ax in (top, bottom):
                ax.axvline(value, color="#6B6B6B", ls=":", lw=1)
            top.annotate(
                f" {t(key)}",
                (value, where),
                xycoords=("data", "axes fraction"),
                ha="left",
                va="top",
                color="#4D4D4D",
            )
    top.set_ylabel(t("harm"))
    top.set_title(t("frontier_title", req=words), loc="left")
    top.grid(alpha=0.3)
    top.yaxis.set_major_formatter(t.formatter())
    if handles:
        top.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    _dual_steps(bottom, curve, points)
    bottom.set_ylabel(t("harm_per"))
    bottom.set_xlabel(f"{words[:1].upper()}{words[1:]} ({t('unit')})")
    bottom.grid(alpha=0.3)
    bottom.xaxis.set_major_formatter(t.formatter())
    bottom.yaxis.set_major_formatter(t.formatter(1))
    if len(points) and points["value"].iloc[-1] < points["value"].iloc[0]:
        top.invert_xaxis()  # the sweep reads left to right (a frame is tightened downwards)
    return save(fig, stem)


def _number_kinks(ax, kinks: pd.DataFrame, t: Text, names: dict) -> list:
    """Number one kink per stretch of the range (of ``LABELLED_KINKS`` equal stretches, in each
    the kink with the largest rise in slope) and return legend entries ``n  action name``."""
    from matplotlib.lines import Line2D  # start-up time

    named = kinks[kinks["action"].astype(str) != ""].assign(
        jump=(kinks["dual_after"] - kinks["dual_before"]).abs()
    )
    if named.empty:
        return []
    lo, hi = float(named["value"].min()), float(named["value"].max())
    edges = np.linspace(lo, hi, LABELLED_KINKS + 1)
    bins = np.clip(np.searchsorted(edges, named["value"], side="right") - 1, 0, LABELLED_KINKS - 1)
    chosen = named.assign(bin=bins).sort_values("jump").groupby("bin").tail(1)
    handles = [Line2D([], [], ls="none", label=t("kinks"))]
    for n, (_, row) in enumerate(chosen.sort_values("value").iterrows(), start=1):
        ax.annotate(
            str(n),
            (row["value"], row["impact"]),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontweight="bold",
            color=ORANGE,
        )
        name = kink_name(str(row["action"]), names)
        handles.append(
            Line2D([], [], ls="none", marker=f"${n}$", color=ORANGE, label=_wrap(name, 38))
        )
    return handles


def kink_name(text: str, names: dict) -> str:
    """A kink's marginal action, ``HSN kopt-remiss`` (board and action ids), by name:
    ``Skärpt remissprövning ... (Hälso- och sjukvårdsnämnden)``; unknown ids as written."""
    boards = (names or {}).get("boards") or {}
    actions = (names or {}).get("actions") or {}
    board, _, action = text.partition(" ")
    if action and (board in boards or action in actions):
        return f"{actions.get(action, action)} ({boards.get(board, board)})"
    return actions.get(text, text)


def _wrap(text: str, n: int) -> str:
    words, lines = text.split(), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + 1 + len(w) > n:
            lines.append(w)
        else:
            lines[-1] = f"{lines[-1]} {w}".strip()
    return "\n".join(lines)


def _dual_steps(ax, curve: pd.DataFrame, points: pd.DataFrame) -> None:
    """The slope of each stretch between solved values (the price), as a step line."""
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
            color=BLUE,
            lw=1.2,
        )
    ax.plot(points["value"], points["dual"], "o", color=BLUE, ms=3)


def tornado_chart(
    table: pd.DataFrame,
    centre: float,
    stem: Path,
    lang: str = "en",
    year: int | None = None,
    names: dict | None = None,
) -> list:
    """The tornado (``batch.summary.tornado_table``, with ``p10``/``p90`` of each input) to
    ``<stem>.png`` and ``.svg``, largest swing on top; ``centre`` is the figure's mean."""
    t = Text(lang)
    rows = table.dropna(subset=["low", "high"]).iloc[::-1]  # largest swing on top
    fig = _figure((9.5, 1.6 + 0.55 * max(len(rows), 1)))
    ax = fig.subplots()
    y = np.arange(len(rows))
    low, high = rows["low"].to_numpy(float), rows["high"].to_numpy(float)
    ax.barh(y, low - centre, left=centre, color=BLUE, height=0.6, label=t("p10"))
    ax.barh(y, high - centre, left=centre, color=ORANGE, height=0.6, label=t("p90"))
    ax.axvline(centre, color="black", lw=0.8)
    boards = (names or {}).get("boards") or {}
    actions = (names or {}).get("actions") or {}
    ax.set_yticks(y, [t.input_name(k, boards, actions) for k in rows["input"]])
    for i, r in enumerate(rows.itertuples()):
        for end, q in ((r.low, getattr(r, "p10", None)), (r.high, getattr(r, "p90", None))):
            if q is not None and q == q:
                ax.annotate(
                    f" {t.value(r.input, q)} ",
                    (end, i),
                    ha="left" if end >= centre else "right",
                    va="center",
                )
    shown = "" if year is None else year
    ax.set_xlabel(t("tornado_axis", year=shown, unit=t("unit")))
    ax.set_title(t("tornado_title", year=shown), loc="left")
    ax.xaxis.set_major_formatter(t.formatter())
    ax.margins(x=0.25)
    ax.legend(loc="lower right", frameon=False)
    return save(fig, stem)
