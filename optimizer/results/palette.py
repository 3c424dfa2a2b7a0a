"""The charts' colours, chosen to be read by everyone, and the measures that prove it.

``PALETTE`` is used in order for the series of every chart (HTML, SVG and matplotlib). Two
properties hold, and ``tests/test_palette.py`` checks them:

- contrast: every colour has a WCAG 2 contrast ratio of at least 3:1 against the white
  background, ``(L1 + 0.05) / (L2 + 0.05)`` of the relative luminances
  ``L = 0.2126 R + 0.7152 G + 0.0722 B`` (linearised sRGB);
- colour-blind safety: neighbouring colours (``i`` and ``i + 1``, also the last and the first,
  as the palette repeats) stay at least ``MIN_DISTANCE`` apart for a reader with
  deuteranopia (red-green colour blindness, the most common kind): both colours are passed through
  the simulation matrix of Machado, Oliveira and Fernandes (2009, severity 1.0) on linear RGB,
  then compared as CIE76 colour difference ``ΔE*ab`` (Euclidean distance in CIELAB, D65 white).
  A ``ΔE`` of about 2 is just noticeable; 20 is a clearly different colour.
"""

from __future__ import annotations

import math

# Okabe-Ito and Paul Tol's muted colours, darkened where needed for 3:1 on white
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#882255",  # wine
    "#999933",  # olive
    "#332288",  # indigo
    "#CC6677",  # rose
    "#117733",  # green
    "#AA4499",  # purple
    "#6B6B6B",  # grey
)
BAD = "#B3261E"  # below a target: a dark red, 5.9:1 on white
MILESTONE = "#D55E00"  # milestone diamonds: not the colour of the balance line (PALETTE[0])
MIN_CONTRAST = 3.0
MIN_DISTANCE = 20.0

# Machado et al. (2009), deuteranomaly at severity 1.0, on linear RGB
DEUTERANOPIA = (
    (0.367322, 0.860646, -0.227968),
    (0.280085, 0.672501, 0.047413),
    (-0.011820, 0.042940, 0.968881),
)


def _rgb(colour: str) -> tuple[float, float, float]:
    """Linear sRGB (0..1) of ``#rrggbb``."""
    h = colour.lstrip("#")
    out = []
    for i in (0, 2, 4):
        c = int(h[i : i + 2], 16) / 255
        out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return out[0], out[1], out[2]


def luminance(colour: str) -> float:
    r, g, b = _rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, background: str = "#FFFFFF") -> float:
    """The WCAG 2 contrast ratio of two colours, 1..21."""
    a, b = luminance(colour), luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def deuteranopia(colour: str) -> tuple[float, float, float]:
    """Linear RGB of ``colour`` as a reader with deuteranopia sees it."""
    rgb = _rgb(colour)
    return tuple(  # type: ignore[return-value]
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True))))
        for row in DEUTERANOPIA
    )


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB (D65) of linear RGB."""
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def deuteranopia_distance(a: str, b: str) -> float:
    """CIE76 ``ΔE*ab`` between two colours after the deuteranopia simulation."""
    return math.dist(lab(deuteranopia(a)), lab(deuteranopia(b)))
