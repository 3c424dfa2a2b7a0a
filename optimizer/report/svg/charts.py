"""Charts as inline SVG, written by hand: no script, no font or file from outside.

Two chart kinds cover the reports:

- ``column_chart``: categories along x (years, or plans), with bars (stacked or side by side),
  lines through the category centres, and markers (targets, milestones). The y axis spans
  ``[min(0, data), max(0, data)]`` widened to round ticks, so zero is always drawn.
- ``bar_list``: horizontal bars, one per labelled row, for prices of requirements.

Every text is escaped; numbers are formatted by the caller's ``fmt``. The SVG scales to its
container (``viewBox`` and ``width=100%``) and carries a ``<title>`` for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from optimizer.results import palette

PALETTE = palette.PALETTE
INK, GRID, MUTED = "#222", "#d9d9d9", "#666"
Fmt = Callable[[float], str]


def color(i: int) -> str:
    """The ``i``-th colour of the palette (it repeats after ten)."""
    return PALETTE[i % len(PALETTE)]


@dataclass(frozen=True)
class Series:
    """One named row of values, one per category; NaN = nothing drawn there."""

    name: str
    values: Sequence[float]
    color: str = PALETTE[0]
    dashed: bool = False
    shape: str = "tick"  # markers: tick (a short bar across the column) or diamond


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]``: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        hi, lo = (lo + 1.0, lo - 1.0) if math.isfinite(lo) else (1.0, 0.0)
    raw = (hi - lo) / max(n, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step + 1e-9) * step
    ticks = [round(first, 10)]
    while ticks[-1] < hi - step * 1e-9 or len(ticks) < 2:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _finite(values: Sequence[float]) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def _legend(items: list[tuple[str, str, str]], width: float, top: float) -> tuple[str, float]:
    """Swatches in rows across ``width``; returns the SVG and the height used."""
    parts, x, y, row_h = [], 0.0, top, 18.0
    for name, colour, kind in items:
        w = 34 + 7.4 * len(name)
        if x > 0 and x + w > width:
            x, y = 0.0, y + row_h
        if kind == "line":
            swatch = f'<line x1="{x:.1f}" y1="{y + 6:.1f}" x2="{x + 16:.1f}" y2="{y + 6:.1f}" stroke="{colour}" stroke-width="3"/>'
        elif kind == "diamond":
            swatch = f'<path d="M{x + 8:.1f} {y:.1f}l6 6l-6 6l-6 -6z" fill="{colour}"/>'
        elif kind == "marker":
            swatch = f'<rect x="{x:.1f}" y="{y + 4:.1f}" width="16" height="4" fill="{colour}"/>'
        else:
            swatch = (
                f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" rx="2" fill="{colour}"/>'
            )
        parts.append(swatch)
        parts.append(f'<text x="{x + 20:.1f}" y="{y + 11:.1f}">{escape(name)}</text>')
        x += w
    return "".join(parts), (y - top + row_h if items else 0.0)


def legend_of(
    bars: Sequence[Series] = (), lines: Sequence[Series] = (), markers: Sequence[Series] = ()
) -> list[tuple[str, str, str]]:
    """``(name, colour, kind)`` of each series with a value to draw: kind bar, line, diamond or
    marker (a series of only missing values, e.g. milestones a scenario does not have, is not
    listed)."""
    items = [(s.name, s.color, "bar") for s in bars if _finite(s.values)]
    items += [(s.name, s.color, "line") for s in lines if _finite(s.values)]
    items += [
        (s.name, s.color, "diamond" if s.shape == "diamond" else "marker")
        for s in markers
        if _finite(s.values)
    ]
    return items


def legend_html(items: list[tuple[str, str, str]]) -> str:
    """A chart's legend as HTML (it wraps and keeps its size on a phone): a swatch and a name."""
    shapes = {"bar": "sw-bar", "line": "sw-line", "diamond": "sw-diamond", "marker": "sw-marker"}
    return (
        '<ul class="legend">'
        + "".join(
            f'<li><span class="{shapes[kind]}" style="--c:{colour}"></span>{escape(name)}</li>'
            for name, colour, kind in items
        )
        + "</ul>"
    )


def column_chart(
    categories: Sequence[str],
    bars: Sequence[Series] = (),
    *,
    fmt: Fmt,
    title: str,
    stacked: bool = True,
    lines: Sequence[Series] = (),
    markers: Sequence[Series] = (),
    totals: bool = False,
    width: float = 720,
    plot_height: float = 240,
    unit: str = "",
    legend: bool = True,
) -> str:
    """Bars (stacked: each category's positive parts piled up from 0, negatives down), lines and
    markers over ``categories``; ``totals`` writes each stack's sum above it."""
    n = len(categories)
    stack_hi = [
        sum(max(float(s.values[i]), 0.0) for s in bars if _ok(s.values[i])) for i in range(n)
    ]
    stack_lo = [
        sum(min(float(s.values[i]), 0.0) for s in bars if _ok(s.values[i])) for i in range(n)
    ]
    every = [v for s in (*bars, *lines, *markers) for v in _finite(s.values)]
    if stacked:
        every += stack_hi + stack_lo
    ticks = nice_ticks(min([0.0, *every]), max([0.0, *every]))
    lo, hi = ticks[0], ticks[-1]
    legend_items = legend_of(bars, lines, markers) if legend else []
    left, right = 64.0, 12.0
    legend, legend_h = _legend(legend_items, width - left - right, 0.0)
    top = legend_h + 14.0 + (16.0 if unit else 0.0)
    bottom = top + plot_height
    inner = width - left - right
    band = inner / max(n, 1)

    def y(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * plot_height

    def cx(i: int) -> float:
        return left + band * (i + 0.5)

    out = [f'<g transform="translate({left:.1f},0)" class="legend">{legend}</g>']
    if unit:  # the y axis's unit, above its ticks
        out.append(
            f'<text x="{left - 6}" y="{top - 10:.1f}" text-anchor="end" class="unit">{escape(unit)}</text>'
        )
    for t in ticks:
        stroke = INK if abs(t) < 1e-12 else GRID
        out.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="{stroke}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" class="tick">{escape(fmt(t))}</text>'
        )
    for i, name in enumerate(categories):
        out.append(
            f'<text x="{cx(i):.1f}" y="{bottom + 18:.1f}" text-anchor="middle">{escape(str(name))}</text>'
        )
    out += _bars(bars, n, band, cx, y, stacked, list(categories), fmt)
    if totals and bars:
        for i in range(n):
            top_y = y(stack_hi[i]) - 6
            total = stack_hi[i] + stack_lo[i]
            out.append(
                f'<text x="{cx(i):.1f}" y="{top_y:.1f}" text-anchor="middle" class="total">{escape(fmt(total))}</text>'
            )
    for s in lines:
        pts = [(cx(i), y(float(v))) for i, v in enumerate(s.values) if _ok(v)]
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{s.color}" stroke-width="2.5"{dash}/>'
        )
        out += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{s.color}">'
            f"<title>{escape(_tip(s, i, list(categories), fmt))}</title></circle>"
            for i, (px, py) in zip([i for i, v in enumerate(s.values) if _ok(v)], pts, strict=True)
        ]
    for s in markers:
        for i, v in enumerate(s.values):
            if not _ok(v):
                continue
            px, py = cx(i), y(float(v))
            if s.shape == "diamond":
                out.append(
                    f'<path d="M{px:.1f} {py - 7:.1f}l7 7l-7 7l-7 -7z" fill="{s.color}" stroke="#fff">'
                    f"<title>{escape(_tip(s, i, list(categories), fmt))}</title></path>"
                )
            else:
                half = min(band * 0.42, 40)
                out.append(
                    f'<rect x="{px - half:.1f}" y="{py - 2:.1f}" width="{2 * half:.1f}" height="4" fill="{s.color}">'
                    f"<title>{escape(_tip(s, i, list(categories), fmt))}</title></rect>"
                )
    height = bottom + 28
    return _svg(title, width, height, "".join(out))


def _ok(value: object) -> bool:
    return value is not None and math.isfinite(float(value))  # type: ignore[arg-type]


def _bars(bars, n, band, cx, y, stacked, cats=None, fmt=None) -> list[str]:
    out = []
    if stacked:
        width = min(band * 0.6, 80)
        up, down = [0.0] * n, [0.0] * n
        for s in bars:
            for i, v in enumerate(s.values):
                if not _ok(v) or float(v) == 0.0:
                    continue
                v = float(v)
                base = up[i] if v > 0 else down[i]
                y0, y1 = y(base), y(base + v)
                out.append(
                    _rect(
                        cx(i) - width / 2,
                        min(y0, y1),
                        width,
                        abs(y1 - y0),
                        s,
                        _tip(s, i, cats, fmt),
                    )
                )
                if v > 0:
                    up[i] += v
                else:
                    down[i] += v
        return out
    k = max(len(bars), 1)
    width = min(band * 0.8 / k, 36)
    for j, s in enumerate(bars):
        for i, v in enumerate(s.values):
            if not _ok(v):
                continue
            x = cx(i) - width * k / 2 + j * width
            y0, y1 = y(0.0), y(float(v))
            out.append(_rect(x, min(y0, y1), width - 1, abs(y1 - y0), s, _tip(s, i, cats, fmt)))
    return out


def _tip(s: Series, i: int, cats, fmt) -> str:
    """The tooltip of one value: ``series, category: value`` (year and value, not the name only)."""
    if cats is None or fmt is None:
        return s.name
    return f"{s.name}, {cats[i]}: {fmt(float(s.values[i]))}"


def _rect(x: float, top: float, w: float, h: float, s: Series, tip: str = "") -> str:
    return f'<rect x="{x:.1f}" y="{top:.1f}" width="{w:.1f}" height="{max(h, 0.5):.1f}" fill="{s.color}"><title>{escape(tip or s.name)}</title></rect>'


def bar_list(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    fmt: Fmt,
    title: str,
    bar_color: str = PALETTE[0],
    width: float = 860,
) -> str:
    """One horizontal bar per label, longest first as given; the value at the bar's end. The
    labels take up to 43 % of ``width`` (clipped with … and whole in the tooltip)."""
    row, label_w, value_w = 24.0, min(370.0, 0.43 * width), 60.0
    chars = int(label_w / 7.4)
    top = max([0.0, *_finite(values)]) or 1.0
    span = width - label_w - value_w
    out = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = i * row
        length = max(float(value), 0.0) / top * span if _ok(value) else 0.0
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16:.1f}" text-anchor="end">{escape(_clip(label, chars))}<title>{escape(label)}</title></text>'
        )
        out.append(
            f'<rect x="{label_w}" y="{y + 4:.1f}" width="{max(length, 1):.1f}" height="{row - 8}" rx="2" fill="{bar_color}"/>'
        )
        out.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 16:.1f}">{escape(fmt(value))}</text>'
        )
    return _svg(title, width, max(len(labels), 1) * row + 4, "".join(out))


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _svg(title: str, width: float, height: float, body: str) -> str:
    return (
        f'<svg class="chart" role="img" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )
