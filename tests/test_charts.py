"""The matplotlib charts: language, decimal commas, names instead of ids, text kept as text in
SVG, the tornado's P10/P90 input values, the fan and grid charts."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from optimizer.analysis.frontier.output import Frontier
from optimizer.analysis.frontier.sweep import Requirement
from optimizer.results.charts import frontier_chart, tornado_chart
from optimizer.results.charts_batch import fan_chart, grid_chart

NAMES = {"boards": {"HSN": "Hälso- och sjukvårdsnämnden"}, "actions": {"kopt-x": "Köpt vård X"}}


def svg_text(path: Path) -> str:
    return " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8")))


def small_frontier() -> Frontier:
    values = [-500.0, -450.0, -400.0]
    points = pd.DataFrame(
        {
            "point": [0, 1, 2],
            "requirement": "balance:2027",
            "value": values,
            "impact": [4000.0, 4125.5, 4400.0],
            "shortfall": [0.0, 0.0, 12.5],
            "dual": [2.5, 3.5, 5.5],
            "marginal_action": ["", "", ""],
            "status": ["optimal", "optimal", "shortfall"],
        }
    )
    kinks = pd.DataFrame(
        {
            "requirement": ["balance:2027"],
            "value": [-460.0],
            "impact": [4100.0],
            "dual_before": [2.5],
            "dual_after": [3.5],
            "action": ["HSN kopt-x"],
            "kind": ["kink"],
        }
    )
    curve = points[["value", "impact", "shortfall", "status"]]
    req = Requirement("balance:2027", "balance", 2027)
    return Frontier(req, points, kinks, curve, -500.0, -420.0, names=NAMES, lang="sv")


def test_frontier_in_swedish_with_names_and_text_kept(tmp_path: Path) -> None:
    frontier = small_frontier()
    png, svg = frontier_chart(frontier, tmp_path / "f", "sv", NAMES)
    assert png.stat().st_size > 1000
    text = svg_text(svg)
    assert "Lägsta skadepoäng mot det ackumulerade balanskravsresultatet vid utgången av 2027" in text
    assert "Köpt vård X (Hälso- och sjukvårdsnämnden)" in text  # a kink by name
    assert "kopt-x" not in text and "HSN" not in text
    assert "(mnkr)" in text and "MSEK" not in text
    assert re.search(r"\d,\d", text)  # a decimal comma on the price axis
    assert "krav ej uppfyllt" in text  # the point that needs a shortfall, drawn
    assert "impact" not in text.lower()


def test_frontier_in_english(tmp_path: Path) -> None:
    _, svg = frontier_chart(small_frontier(), tmp_path / "f", "en", NAMES)
    text = svg_text(svg)
    assert "Least harm score against the accumulated balance result at the end of 2027" in text
    assert "(MSEK)" in text


def test_tornado_shows_input_values_at_p10_and_p90(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "input": ["drivers.wage", "boards.HSN.cost0"],
            "spearman": [0.9, 0.3],
            "low": [1300.0, 1400.0],
            "high": [1500.0, 1450.0],
            "swing": [200.0, 50.0],
            "p10": [0.031, 5540.0],
            "p90": [0.039, 5620.0],
        }
    )
    _, svg = tornado_chart(table, 1420.0, tmp_path / "t", "sv", 2030, NAMES)
    text = svg_text(svg)
    assert "Lönerevision" in text and "Hälso- och sjukvårdsnämnden: kostnad" in text
    assert "3,1\u00a0%" in text and "3,9\u00a0%" in text and "5\u00a0540\u00a0mnkr" in text
    assert "Besparingsbehov 2030 (mnkr/år)" in text
    assert "drivers.wage" not in text


def test_fan_and_grid_charts(tmp_path: Path) -> None:
    quantiles = pd.DataFrame(
        {
            "figure": ["impact", "savings_2025", "savings_2026"],
            "p10": [1.0, 200.0, 600.0],
            "p50": [2.0, 250.0, 650.0],
            "p90": [3.0, 300.0, 700.0],
        }
    )
    _, svg = fan_chart(quantiles, tmp_path / "fan", "sv")
    text = svg_text(svg)
    assert "P10 till P90" in text and "650" in text and "2026" in text
    runs = pd.DataFrame(
        {
            "status": ["optimal"] * 4,
            "drivers.wage": [0.03, 0.04, 0.03, 0.04],
            "drivers.price": [0.01, 0.01, 0.03, 0.03],
            "savings_2026": [1000.0, 1100.0, 1200.0, 1300.0],
        }
    )
    _, svg = grid_chart(runs, ["drivers.wage", "drivers.price"], tmp_path / "grid", "sv")
    text = svg_text(svg)
    assert "Lönerevision" in text and "Prisökning = 1,0\u00a0%" in text and "4,0\u00a0%" in text


def test_tornado_names_growth_and_realisation_in_words_and_units(tmp_path: Path) -> None:
    """A real growth rate of -0.0081 prints -0,81 %, not '0 mnkr'; a realisation of 0.68 prints
    68 %; both named in Swedish (the action by its name), never by their keys."""
    table = pd.DataFrame(
        {
            "input": ["economy.revenue.tax.real_growth", "actions.hyr-min.realisation"],
            "spearman": [-0.8, -0.4],
            "low": [1300.0, 1380.0],
            "high": [1500.0, 1440.0],
            "swing": [200.0, 60.0],
            "p10": [-0.0081, 0.68],
            "p90": [0.0102, 0.93],
        }
    )
    names = {**NAMES, "actions": {"hyr-min": "Minskad inhyrd bemanning"}}
    _, svg = tornado_chart(table, 1420.0, tmp_path / "t", "sv", 2030, names)
    text = svg_text(svg)
    assert "Skatteintäkternas reala tillväxt" in text
    assert "Minskad inhyrd bemanning: utfall" in text
    assert "\u22120,81\u00a0%" in text and "1,0\u00a0%" in text  # two decimals below 1 %
    assert "68\u00a0%" in text and "93\u00a0%" in text
    assert "economy." not in text and "actions." not in text and "0\u00a0mnkr" not in text
