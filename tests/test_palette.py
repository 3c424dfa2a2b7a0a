"""The charts' palette can be read by everyone (optimizer/results/palette.py states the measures).

- every colour at least 3:1 against the white background (WCAG 2 contrast of relative luminances);
- neighbouring colours (also the last and the first, as the palette repeats) at least ``ΔE*ab``
  20 apart after a deuteranopia simulation (Machado et al. 2009, severity 1.0; CIE76 distance);
- the SVG charts and the matplotlib charts use this palette.
"""

from __future__ import annotations

import pytest

from optimizer.report.svg import charts as svg
from optimizer.results import palette


def test_contrast_formula_on_known_pairs() -> None:
    assert palette.contrast("#000000") == pytest.approx(21.0)
    assert palette.contrast("#FFFFFF") == pytest.approx(1.0)
    assert palette.contrast("#767676") == pytest.approx(4.54, abs=0.01)  # the WCAG AA grey


def test_simulation_merges_what_red_green_blind_readers_merge() -> None:
    """The measure is not vacuous: pure red and green, far apart for most readers, come close."""
    normal = palette.lab(palette._rgb("#D62728"))  # noqa: SLF001
    assert palette.deuteranopia_distance("#2CA02C", "#D62728") < 0.5 * sum(
        abs(a - b)
        for a, b in zip(normal, palette.lab(palette._rgb("#2CA02C")), strict=True)  # noqa: SLF001
    )
    assert palette.deuteranopia_distance("#0072B2", "#0072B2") == 0.0


@pytest.mark.parametrize("colour", [*palette.PALETTE, palette.BAD, palette.MILESTONE])
def test_every_colour_has_3_to_1_contrast_on_white(colour: str) -> None:
    assert palette.contrast(colour) >= palette.MIN_CONTRAST, colour


def test_neighbours_stay_apart_under_deuteranopia() -> None:
    colours = list(palette.PALETTE)
    for a, b in zip(colours, colours[1:] + colours[:1], strict=True):
        assert palette.deuteranopia_distance(a, b) >= palette.MIN_DISTANCE, (a, b)


def test_the_old_palette_would_fail() -> None:
    """Tableau 10, the palette before: four colours below 3:1, which the test above catches."""
    old = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7")
    assert sum(palette.contrast(c) < palette.MIN_CONTRAST for c in old) >= 4


def test_charts_use_the_palette() -> None:
    assert svg.PALETTE == palette.PALETTE
    charts = pytest.importorskip("optimizer.results.charts")
    assert tuple(charts.PALETTE) == palette.PALETTE
