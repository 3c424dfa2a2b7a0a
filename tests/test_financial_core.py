"""Section 9 of MODEL.md, hand-solved: revenue tied to wages, interest, overlap groups, the tax
lever, realisation. Every expected number is computed by hand in the comment above it.
"""

from __future__ import annotations

import textwrap

import pytest

from optimizer.analysis.pipeline import solve
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario

TOL = 1e-6


def scenario(tmp_path, text: str, **csv: str):
    """Write ``scenario.yaml`` (and CSV files) into ``tmp_path``; return the folder."""
    (tmp_path / "scenario.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    for name, body in csv.items():
        (tmp_path / f"{name}.csv").write_text(textwrap.dedent(body).lstrip(), encoding="utf-8")
    return tmp_path


BASE = """\
name: t
years: {base: 2024, first: 2025, last: 2026}
economy:
  revenue: {base: 1000, real_growth: 0.01, wage_elasticity: 0.5}
drivers: {wage: 0.04}
boards: [{id: B, cost0: 900, frame0: 1000000}]
actions: [{id: a, category: efficiency}]
potentials: [{board: B, action: a, pot: 50}]
"""


# --------------------------------------------------------------------------- revenue


def test_revenue_grows_with_the_wage_sum(tmp_path):
    # growth = 0.01 + 0.5 * 0.04 = 0.03: rev 2025 = 1030, 2026 = 1060.9
    inputs = load_scenario(scenario(tmp_path, BASE))
    assert inputs.revenue[2025] == pytest.approx(1030.0)
    assert inputs.revenue[2026] == pytest.approx(1060.9)
    # a wage of 0.06 moves revenue too: growth 0.04, rev 2026 = 1000 * 1.04^2 = 1081.6
    higher = load_scenario(tmp_path, sets=["drivers.wage=0.06"])
    assert higher.revenue[2026] == pytest.approx(1081.6)


def test_growth_wins_where_given(tmp_path):
    # growth 0.10 given for 2026 only: 2025 follows wages (1030), 2026 = 1030 * 1.1 = 1133
    inputs = load_scenario(scenario(tmp_path, BASE), sets=["economy.revenue.growth.2026=0.1"])
    assert inputs.revenue[2025] == pytest.approx(1030.0)
    assert inputs.revenue[2026] == pytest.approx(1133.0)


def test_revenue_elasticity_must_be_a_number(tmp_path):
    folder = scenario(tmp_path, BASE)
    with pytest.raises(InputError) as err:
        load_scenario(folder, sets=["economy.revenue.wage_elasticity=much"])
    assert "economy.revenue.wage_elasticity" in str(err.value)
    assert "much" in str(err.value)


def test_example_high_wages_moves_both_sides():
    base = load_scenario(None)
    high = load_scenario(None, use=["high-wages"])
    # the example: growth = 0.002 + 0.8 * wage, so +1 point of wages is +0.8 point of revenue
    assert base.revenue[2025] == pytest.approx(6600 * 1.03)
    assert high.revenue[2025] == pytest.approx(6600 * (1.002 + 0.8 * 0.045))
