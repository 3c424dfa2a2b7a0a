"""What the stress and robust pages share: words in Swedish and English, numbers as the reader
writes them, the page around a body, a fan chart of the result against the law's minimum."""

from __future__ import annotations

import math
from html import escape

from optimizer.report.svg.charts import INK, MUTED, color, nice_ticks
from optimizer.report.words.labels import Labels

CSS = (
    "body{font-family:system-ui,sans-serif;color:#222;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.45}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;"
    "border-bottom:1px solid #ddd;text-align:left}td.n,th.n{text-align:right;"
    "font-variant-numeric:tabular-nums}.lead{font-size:1.1rem}.bad{color:#b00020}"
    ".good{color:#1b7f3b}svg{max-width:100%;height:auto}"
)


def num(value: float, lang: str, digits: int = 1) -> str:
    """The reports' number format of ``lang`` in HTML (``Labels.num``: ``1,234.5`` en, ``1 234,5``
    sv with a real minus); ``–`` for NaN (a quantile that no future gave)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return Labels(lang, html=True).num(value, digits)


def amount(value: float, lang: str) -> str:
    """A shortfall with one decimal; a positive one below 0.05 as ``< 0.1`` (not ``0.0``)."""
    if 0.0 < value < 0.05:
        return "<\u00a0" + num(0.1, lang)
    return num(value, lang)


def pct(share: float, lang: str) -> str:
    """A probability as a percentage (``79 %``)."""
    digits = 1 if 0.0 < share < 0.01 else 0  # 0.5 %, not a 0 % that is not nothing
    return f"{num(100.0 * share, lang, digits)}\u00a0%"


def page(title: str, lang: str, body: str) -> str:
    """A complete HTML document (``body`` already escaped)."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def table(head: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> str:
    """An HTML table of escaped texts; columns in ``numeric`` right-aligned."""
    cls = lambda i: ' class="n"' if i in numeric else ""  # noqa: E731
    top = "".join(f"<th{cls(i)}>{escape(h)}</th>" for i, h in enumerate(head))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(r)) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def fan_svg(years, p10, p50, p90, lines: list[tuple[str, list[float], str]], title: str,
            lang: str) -> str:  # fmt: skip
    """P10-P90 band and P50 line by year, with extra dashed ``lines`` (name, values, colour)."""
    width, height, left, right, top, bottom = 640, 300, 64, 16, 16, 64
    values = [v for v in [*p10, *p90, *(x for _, vs, _ in lines for x in vs)] if v == v]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    lo, hi = ticks[0], ticks[-1]
    n = len(years)
    x = lambda k: left + (width - left - right) * (k + 0.5) / n  # noqa: E731
    y = lambda v: top + (height - top - bottom) * (hi - v) / ((hi - lo) or 1.0)  # noqa: E731
    parts = []
    for t in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" '
                     f'stroke="#d9d9d9"/><text x="{left - 6}" y="{y(t) + 4:.1f}" '
                     f'text-anchor="end" font-size="11" fill="{MUTED}">{num(t, lang, 0)}</text>')  # fmt: skip
    band = [f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(p90)]
    band += [f"{x(k):.1f},{y(v):.1f}" for k, v in reversed(list(enumerate(p10)))]
    parts.append(f'<polygon points="{" ".join(band)}" fill="{color(0)}" fill-opacity="0.22"/>')
    mid = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(p50))
    parts.append(f'<polyline points="{mid}" fill="none" stroke="{color(0)}" stroke-width="2"/>')
    for k, v in enumerate(p50):
        parts.append(f'<text x="{x(k):.1f}" y="{y(v) - 6:.1f}" text-anchor="middle" '
                     f'font-size="11" fill="{INK}">{num(v, lang, 0)}</text>')  # fmt: skip
    for name, vs, col in lines:
        pts = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in enumerate(vs) if v == v)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{col}" stroke-width="1.5" '
                     f'stroke-dasharray="5,4"><title>{escape(name)}</title></polyline>')  # fmt: skip
    for k, t in enumerate(years):
        parts.append(f'<text x="{x(k):.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                     f'font-size="11" fill="{INK}">{t}</text>')  # fmt: skip
    legend = [("P10–P90", color(0)), ("P50", color(0))] + [(n, c) for n, _, c in lines]
    lx = left
    for name, col in legend:
        parts.append(f'<rect x="{lx}" y="{height - 24}" width="12" height="12" fill="{col}"/>'
                     f'<text x="{lx + 16}" y="{height - 14}" font-size="11" fill="{INK}">'
                     f"{escape(name)}</text>")  # fmt: skip
        lx += 24 + 7 * len(name)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img"><title>{escape(title)}</title>{"".join(parts)}</svg>'
    )
