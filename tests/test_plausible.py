"""Issue 21, items 6 and 9: plausible ranges with a way to say "I mean it" (``plausible_ranges: false``),
and the inputs the attack run found "accepted without a word" refused with a message.

Before: ``--set economy.revenue.growth=3`` (300 %, meant as 3 %) solved ``optimal``;
``cash_interest 10`` lowered the harm from 4 975 to 3 693 by borrowing at 3 % to earn 1 000 %;
a deficit of amount 0 (documented < 0) and one in year -1000 were taken; ``--out ''`` was
read as no ``--out``.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from optimizer import InputError, load_scenario
from optimizer.cli import main


@pytest.mark.parametrize(
    "key, value",
    [
        ("economy.revenue.tax.growth", "3"),
        ("economy.revenue.tax.real_growth", "-0.5"),
        ("economy.revenue.grants.growth", "3"),
        ("drivers.wage", "0.5"),
        ("drivers.price", "-0.2"),
        ("limits.liquidity.interest", "10"),
        ("limits.liquidity.cash_interest", "10"),
    ],
)
def test_a_rate_outside_its_plausible_range_is_refused_unless_said(key, value):
    with pytest.raises(InputError) as caught:
        load_scenario(sets=[f"{key}={value}"])
    (line,) = caught.value.lines()
    assert key in line and "plausible" in line and "plausible_ranges: false" in line
    meant = load_scenario(sets=[f"{key}={value}", "plausible_ranges=false"])
    assert meant.inputs_sha256 != load_scenario().inputs_sha256


def test_a_rate_per_year_is_checked_year_by_year():
    with pytest.raises(InputError, match=r"drivers\.wage\.2027: got 0\.5"):
        load_scenario(sets=["drivers.wage={2025: 0.03, 2027: 0.5}"])


def test_plausible_ranges_is_true_or_false():
    with pytest.raises(InputError, match="plausible_ranges: got 'yes please'"):
        load_scenario(sets=["plausible_ranges=yes please"])


@pytest.mark.parametrize(
    "deficit, expected",
    [
        ("{year: 2023, amount: 0, restore_by: 2027}", "amount: got 0, expected a number < 0"),
        (
            "{year: -1000, amount: -50, restore_by: 2027}",
            "year: got -1000, expected a year from 2000",
        ),
    ],
)
def test_a_deficit_of_0_or_from_year_minus_1000_is_refused(deficit, expected):
    with pytest.raises(InputError, match=expected):
        load_scenario(sets=[f"balance.deficits=[{deficit}]"])


@pytest.mark.parametrize("command", [["solve", "-q"], ["sweep", "--grid", "drivers.wage=0.03"]])
def test_an_empty_out_is_refused_not_ignored(command):
    run = CliRunner().invoke(main, [*command, "--out", ""])
    assert run.exit_code == 2
    assert "is empty" in run.output


def test_a_cost_per_fte_far_from_any_wage_is_refused_unless_said():
    """1e-9 MSEK (0.001 kr) per årsarbetare made staff counts of 1e8: the solve exited 1."""
    with pytest.raises(InputError, match=r"boards\.HSN\.cost_per_fte: got 1e-09.*plausible"):
        load_scenario(sets=["boards.HSN.cost_per_fte=1e-9"])
    load_scenario(sets=["boards.HSN.cost_per_fte=1e-9", "plausible_ranges=false"])
