"""Bounds on every number: magnitudes, horizon, compounded paths; the same in every path.

docs/robustness.md, promise 1: a number no economy can have is a clear input error (exit 2),
never a solver's "optimal" or a traceback, in ``solve`` and in every run of a sweep or batch,
with the fast path and the standard path agreeing on each run's status.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.batch.grid import parse_grid
from optimizer.batch.plan import scenario_plan, sweep_plan
from optimizer.batch.runner import Options, run_plan
from optimizer.cli import main
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.load import load_scenario
from optimizer.scenario.values import MAX_MAGNITUDE, as_int, as_number

DATA = Path(__file__).parent / "data"


@pytest.fixture
def minimal(tmp_path) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", folder)
    return folder


@pytest.mark.parametrize(
    "raw",
    [10**401, -(10**401), "9" * 401, "1e400", "-1e400", "1e20", 1e20, 1e308, float("inf"),
     "nan", "5_580", "５５８０", "٥٥٨٠", "1_0.5", True, "0x10", "1e5.5", "", " "],
)  # fmt: skip
def test_as_number_refuses_what_no_economy_holds_and_never_raises(raw):
    assert as_number(raw) is None


@pytest.mark.parametrize("raw, expected", [("5580", 5580.0), (" -1.5e3 ", -1500.0), (".5", 0.5),
                                           (MAX_MAGNITUDE, MAX_MAGNITUDE), (7, 7.0)])  # fmt: skip
def test_as_number_reads_plain_ascii_numbers(raw, expected):
    assert as_number(raw) == expected


@pytest.mark.parametrize("raw", ["٢٠٢٥", "２０２５", "²", 10**401, "9" * 401, "2_025"])
def test_as_int_refuses_non_ascii_and_huge_integers(raw):
    assert as_int(raw) is None


@pytest.mark.parametrize(
    "text, key",
    [
        ("boards.HSN.cost0=1e20", "boards.HSN.cost0"),
        ("economy.revenue.tax.base=1e308", "economy.revenue.tax.base"),
        ("drivers.wage=1e300", "drivers.wage"),
        ("limits.pace=1e308", "limits.pace"),
        ("economy.revenue.tax.growth=1e306", "economy.revenue.tax.growth"),
        ("economy.grants=-1e308", "economy.grants"),
        (f"economy.revenue.grants.base={'9' * 401}", "economy.revenue.grants.base"),
    ],
)
def test_an_absurd_magnitude_is_an_input_error_naming_the_key(text, key):
    with pytest.raises(InputError) as err:
        load_scenario("rjh-2025-2030", sets=[text])
    (problem,) = err.value.problems
    assert problem.where == key
    assert f"magnitude at most {MAX_MAGNITUDE:g}" in problem.expected
    assert len(str(problem)) < 600  # a 401-digit value is shortened in the message


@pytest.mark.parametrize(
    "text, where, expected",
    [
        ("years.last=100000", "years.last", "a year in 1900..2200"),
        ("years.last=100000000", "years.last", "a year in 1900..2200"),
        ("years.last=2100", "years.last", "at most 50 plan years"),
        ("drivers.volume.HSN=-1", "row 2", "a cost index"),
        ("drivers.wage=1", "row", "a cost index"),
        ("boards.HSN.frame0=-5", "boards.HSN.frame0", "a number >= 0"),
        ('"²"=3', '"²"', "one of the keys"),
        ("drivers.wage.²=3", "drivers.wage.²", "a plan year"),
        ('economy.revenue.tax.base="5_580"', "economy.revenue.tax.base", "a number"),
    ],
)
def test_horizon_compounding_and_odd_keys_are_input_errors(text, where, expected):
    # wage 1 (100 % a year) is implausible too: plausible_ranges: false lets the compounding guard speak
    sets = [text, "years.last=2070", "plausible_ranges=false"] if text == "drivers.wage=1" else [text]
    with pytest.raises(InputError) as err:
        load_scenario("rjh-2025-2030", sets=sets)
    assert any(where in p.where and expected in p.expected for p in err.value.problems), [
        str(p) for p in err.value.problems
    ]


def test_negative_frames_in_a_table_are_refused(minimal):
    text = (minimal / "frames.csv").read_text().splitlines()
    lines = [text[0]] + [line.rsplit(",", 1)[0] + ",-3" for line in text[1:]]
    (minimal / "frames.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert any(p.file.endswith("frames.csv") and ">= 0" in p.expected for p in err.value.problems)


@pytest.mark.parametrize(
    "spec", ["boards.HSN.cost0=5580,1e20,1e308", "drivers.wage=1e400,0.03",
             "drivers.wage=0:1e-400:1e-401", "drivers.wage=1e-30,0.03"],
)  # fmt: skip
def test_a_grid_value_beyond_the_bounds_is_refused_at_parse(spec):
    found = parse_grid(spec)
    assert isinstance(found, Problem) and "magnitude at most" in found.expected


def test_sweep_with_an_absurd_cost_exits_2_not_optimal(tmp_path):
    out = tmp_path / "sw"
    result = CliRunner().invoke(
        main,
        ["sweep", "--grid", "boards.HSN.cost0=5580,1e20,1e308", "-j", "1", "-q", "--out", out],
    )
    assert result.exit_code == 2, result.output
    assert "magnitude at most" in result.output and not out.exists()


@pytest.mark.parametrize("price", ["-1", "-0.9999"])
def test_fast_and_standard_paths_report_the_same_status_on_the_edge(minimal, price):
    """Wages and prices falling to -1 drive a board's cost index to (about) zero, and every
    indexation ``cum[t]/cum[s]`` to 0/0: an error run in both paths, never a number."""
    grid = ["drivers.wage=0.04,-1,0.03"]
    statuses = {}
    for fast in (True, False):
        plan = sweep_plan(minimal, grid, sets=[f"drivers.price={price}", "plausible_ranges=false"])
        runs = run_plan(plan, Options(jobs=1, fast=fast)).runs
        statuses[fast] = list(runs["status"])
        assert statuses[fast][1] == "error" and "cost index" in runs["message"][1]
        assert statuses[fast][0] != "error" and statuses[fast][2] != "error"
    assert statuses[True] == statuses[False]


def test_batch_with_one_absurd_scenario_is_one_error_run(minimal, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(minimal, bad)
    yaml_text = (bad / "scenario.yaml").read_text().replace("grants: 10", f"grants: {'9' * 401}")
    (bad / "scenario.yaml").write_text(yaml_text)
    runs = run_plan(scenario_plan([str(minimal), str(bad)]), Options(jobs=1)).runs
    assert runs["status"][0] != "error"
    assert runs["status"][1] == "error" and "economy.grants" in runs["message"][1]
