"""The bridge (waterfall) chart of the one-page summary, as inline SVG.

Rows from top to bottom: the start (the result without new actions, a bar from 0), one floating
bar per step (a board's saving, up; costs, down), each starting where the previous ended, and the
end (the result with the plan, a bar from 0). The requirement is a black vertical line. Values are
written at the bars' ends; the x axis carries its unit. Horizontal, so long board names fit on
a phone: a name wraps onto two lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

from optimizer.report.svg.charts import GRID, INK, _svg, nice_ticks
from optimizer.results import palette

ROW = 34.0
LABEL_W = 250.0
WRAP = 34  # characters per label line


def _wrap(text: str, n: int = WRAP) -> list[str]:
    """At most two lines of about ``n`` characters, split at spaces; the rest clipped with …."""
    words, lines = text.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > n:
            if len(lines) == 2:
                lines[-1] = lines[-1][: n - 1] + "…"
                return lines
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def bridge_chart(
    steps: Sequence[tuple[str, float, str]],
    *,
    requirement: float,
    requirement_label: str,
    fmt: Callable[[float], str],
    note: Callable[[float], str],
    title: str,
    unit: str,
    width: float = 860,
) -> str:
    """``steps``: ``(label, value, kind)`` with kind ``start``, ``step`` or ``end``.

    ``fmt`` formats a value, ``note`` adds text after a start or end value (its share of
    revenue); the chart's tooltips give each row's label and value.
    """
    narrow = width < 600  # a phone: each label on its own line above its bar
    label_w = 0.0 if narrow else LABEL_W
    row = ROW + 16 if narrow else ROW
    spans, level = [], 0.0
    for _label, value, kind in steps:
        if kind == "step":
            spans.append((level, level + value))
            level += value
        else:
            spans.append((0.0, value))
            level = value
    every = [v for span in spans for v in span]
    if math.isfinite(requirement):
        every.append(requirement)
    ticks = nice_ticks(min(every + [0.0]), max(every + [0.0]))
    lo, hi = ticks[0], ticks[-1]
    value_w = 120.0 if narrow else 150.0
    plot = width - label_w - value_w - (8.0 if narrow else 0.0)

    def x(v: float) -> float:
        return label_w + (8.0 if narrow else 0.0) + (v - lo) / (hi - lo) * plot

    top = 8.0
    bottom = top + row * len(steps)
    out = []
    for t in ticks:
        stroke = INK if abs(t) < 1e-12 else GRID
        out.append(
            f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{bottom:.1f}" stroke="{stroke}"/>'
        )
        out.append(
            f'<text x="{x(t):.1f}" y="{bottom + 16:.1f}" text-anchor="middle" class="tick">'
            f"{escape(fmt(t))}</text>"
        )
    out.append(
        f'<text x="{x(hi) + 16:.1f}" y="{bottom + 16:.1f}" class="unit">{escape(unit)}</text>'
    )
    for i, ((label, value, kind), (a, b)) in enumerate(zip(steps, spans, strict=True)):
        y = top + i * row
        weight = ' font-weight="700"' if kind != "step" else ""
        if narrow:  # the label above the bar, the width of the chart
            out.append(
                f'<text x="8" y="{y + 13:.1f}"{weight}>{escape(_wrap(label, 56)[0])}'
                f"<title>{escape(label)}</title></text>"
            )
            y += 16
        else:
            lines = _wrap(label)
            first = y + ROW / 2 + 4 - 7 * (len(lines) - 1)
            text = "".join(
                f'<tspan x="{LABEL_W - 8}" y="{first + 14 * k:.1f}">{escape(line)}</tspan>'
                for k, line in enumerate(lines)
            )
            out.append(
                f'<text text-anchor="end"{weight}>{text}<title>{escape(label)}</title></text>'
            )
        colour = (
            palette.PALETTE[0]
            if kind != "step"
            else (palette.PALETTE[2] if value >= 0 else palette.BAD)
        )
        left, right = sorted((x(a), x(b)))
        shown = fmt(value) if kind != "step" else ("+" if value > 0 else "") + fmt(value)
        extra = f" {note(value)}" if kind != "step" and note(value) else ""
        out.append(
            f'<rect x="{left:.1f}" y="{y + 6:.1f}" width="{max(right - left, 1):.1f}" '
            f'height="{ROW - 12:.1f}" fill="{colour}"><title>{escape(label)}: '
            f"{escape(shown + extra)}</title></rect>"
        )
        if i + 1 < len(steps):  # the connector to the next row
            out.append(
                f'<line x1="{x(b):.1f}" x2="{x(b):.1f}" y1="{y + ROW - 6:.1f}" '
                f'y2="{y + row + 6:.1f}" stroke="{INK}" stroke-dasharray="2 2"/>'
            )
        out.append(  # a white halo keeps the value readable over grid and requirement lines
            f'<text x="{right + 6:.1f}" y="{y + ROW / 2 + 4:.1f}"{weight} stroke="#fff" '
            f'stroke-width="4" paint-order="stroke">{escape(shown + extra)}</text>'
        )
    if math.isfinite(requirement):
        rx = x(requirement)
        out.append(
            f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{top - 4}" y2="{bottom + 2:.1f}" '
            f'stroke="{INK}" stroke-width="3"><title>{escape(requirement_label)}: '
            f"{escape(fmt(requirement))}</title></line>"
        )
        out.append(
            f'<text x="{rx:.1f}" y="{bottom + 32:.1f}" text-anchor="middle" font-weight="700">'
            f"{escape(requirement_label)} {escape(fmt(requirement))} {escape(unit)}</text>"
        )
    return _svg(title, width, bottom + 40, "".join(out))
