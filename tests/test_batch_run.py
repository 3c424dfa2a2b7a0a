"""Running batches: each run equals a standard solve, errors stay per run, same bytes each time."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from optimizer.analysis.pipeline import solve
from optimizer.batch.plan import montecarlo_plan, scenario_plan, sweep_plan
from optimizer.batch.runner import LOCK_FILE, Options, run_plan
from optimizer.batch.store import Store, StoreMismatch
from optimizer.batch.summary import quantile_table, status_table, tornado_table
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import compose_inputs, load_scenario, read_base

DATA = Path(__file__).parent / "data"
UNCERTAINTY = """\
uncertainty:
  drivers.wage: {dist: normal, mean: 0.04, sd: 0.01}
  economy.revenue.growth: {dist: triangular, low: 0.0, mode: 0.02, high: 0.03}
  boards.CARE.cost0: {dist: uniform, low: 780, high: 840}
  correlation:
    - [drivers.wage, economy.revenue.growth, 0.5]
"""


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A copy of tests/data/minimal with an uncertainty block."""
    folder = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", folder)
    with open(folder / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write(UNCERTAINTY)
    return folder


def test_compose_inputs_equals_load_scenario(minimal):
    base = read_base(minimal, ["high-wages"])
    sets = ["drivers.wage.2026=0.07", "boards.CARE.cost0=810", "economy.revenue.growth=0.01"]
    direct = load_scenario(minimal, ["high-wages"], sets)
    assert compose_inputs(base, sets).inputs_sha256 == direct.inputs_sha256
    assert (
        compose_inputs(base).inputs_sha256 == load_scenario(minimal, ["high-wages"]).inputs_sha256
    )
    untouched = ["drivers.price=0.03", "targets.result.2026=5"]  # the tables' frames are reused
    reused = compose_inputs(base, untouched)
    assert reused.inputs_sha256 == load_scenario(minimal, ["high-wages"], untouched).inputs_sha256
    assert reused.boards is not base.frames[0] and reused.boards.equals(base.frames[0])
    cells = ["potentials.CARE.digital=25", "actions.staff.weight=3"]  # boards' frame reused
    expected = load_scenario(minimal, ["high-wages"], cells).inputs_sha256
    assert compose_inputs(base, cells).inputs_sha256 == expected != reused.inputs_sha256


@pytest.mark.parametrize("fast", [True, False])
def test_every_sweep_run_equals_a_fresh_standard_solve(minimal, fast):
    grids = ["drivers.wage.2026=0.02:0.10:0.04", "boards.CARE.cost0=700,900"]
    plan = sweep_plan(minimal, grids)
    assert len(plan.runs) == 6
    runs = run_plan(plan, Options(jobs=1, fast=fast)).runs
    assert list(runs["run_id"]) == list(range(6))
    assert list(runs["drivers.wage.2026"]) == [0.02, 0.02, 0.06, 0.06, 0.10, 0.10]
    assert list(runs["boards.CARE.cost0"]) == [700.0, 900.0] * 3
    for row in runs.itertuples(index=False):
        sets = [f"drivers.wage.2026={row[1]}", f"boards.CARE.cost0={row[2]}"]
        reference = solve(load_scenario(minimal, sets=sets), verify=False).summary
        assert row.status == reference["status"]
        assert math.isclose(row.impact, reference["impact"], rel_tol=1e-7, abs_tol=1e-7)
        assert math.isclose(row.total_shortfall, reference["total_shortfall"], abs_tol=1e-6)
        assert math.isclose(row.savings_2027, reference["savings_by_year"][2027], abs_tol=1e-6)
    assert set(runs["status"]) == {"optimal", "shortfall"}  # the grid crosses the boundary


@pytest.mark.parametrize(
    "grid, expected",
    [
        ("drivers.wages.2027=0.01,0.02", "one of the keys wage, price, volume"),
        ("boards.NOPE.cost0=1,2", "a row id of boards"),
        ("drivers.wage.2027=-3:0.05:0.01", "a number >= -1"),
        ("description=1,2", "changes nothing"),
    ],
)
def test_a_bad_grid_key_or_value_is_an_input_error_naming_the_grid(minimal, grid, expected):
    with pytest.raises(InputError) as err:
        sweep_plan(minimal, [grid])
    assert any(expected in p.expected for p in err.value.problems)
    assert all(p.file == f"--grid {grid}" for p in err.value.problems)


def test_a_failing_run_is_status_error_and_the_batch_goes_on(minimal):
    plan = sweep_plan(minimal, ["drivers.wage=0.03,-5,0.05"])  # both ends valid
    runs = run_plan(plan, Options(jobs=1)).runs
    assert list(runs["status"].isin(["optimal", "shortfall"])) == [True, False, True]
    assert runs["status"][1] == "error"
    assert "drivers.wage" in runs["message"][1] and "-5" in runs["message"][1]
    assert math.isnan(runs["impact"][1])


def test_batch_of_scenarios_with_overrides_and_priority_sets(minimal):
    plan = scenario_plan([str(minimal)], ["-", "high-wages", "cheap-care+high-wages", "nope"])
    outcome = run_plan(plan, Options(jobs=1))
    runs = outcome.runs
    assert list(runs["use"]) == ["-", "high-wages", "cheap-care+high-wages", "nope"]
    assert list(runs["status"][:3].isin(["optimal", "shortfall"])) == [True] * 3
    assert runs["status"][3] == "error" and "nope" in runs["message"][3]
    for i, use in enumerate([[], ["high-wages"], ["cheap-care", "high-wages"]]):
        reference = solve(load_scenario(minimal, use), verify=False).summary
        assert math.isclose(runs["impact"][i], reference["impact"], rel_tol=1e-7)
    counts = dict(zip(outcome.status["status"], outcome.status["runs"], strict=True))
    assert counts["error"] == 1 and sum(counts.values()) == 4
    with pytest.raises(InputError):
        scenario_plan([str(minimal / "nowhere")])


def test_same_batch_same_bytes_with_any_number_of_processes(minimal, tmp_path):
    plan = montecarlo_plan(minimal, 60, seed=3)
    files = (
        "runs.parquet",
        "summary.json",
        "quantiles.csv",
        "tornado.csv",
        "tornado.svg",
        "tornado.png",
    )
    found = []
    for jobs, folder in ((1, "one"), (2, "two")):
        out = run_plan(plan, Options(jobs=jobs, out=tmp_path / folder, chunk_size=7))
        assert out.computed == 60
        assert not (tmp_path / folder / LOCK_FILE).exists()  # a finished folder keeps no lock
        found.append({name: (tmp_path / folder / name).read_bytes() for name in files})
    assert found[0] == found[1]
    runs = pd.read_parquet(tmp_path / "one" / "runs.parquet")
    assert list(runs.columns[:4]) == [
        "run_id",
        "drivers.wage",
        "economy.revenue.growth",
        "boards.CARE.cost0",
    ]
    assert {"status", "impact", "total_shortfall", "savings_2025", "savings_2027"} <= set(runs)
    again = montecarlo_plan(minimal, 60, seed=3)
    assert again.columns == plan.columns
    assert montecarlo_plan(minimal, 60, seed=4).columns != plan.columns


def test_resume_solves_only_the_chunks_not_stored(minimal, tmp_path):
    plan = sweep_plan(minimal, ["drivers.wage=0.0:0.1:0.01"])  # 11 runs
    size = 3
    full = run_plan(plan, Options(jobs=1, out=tmp_path / "full", chunk_size=size))
    store = Store(tmp_path / "part", plan.columns, plan.years)
    from optimizer.batch.runner import fingerprint
    from optimizer.batch.worker import Record

    done = store.open(fingerprint(plan, Options(chunk_size=size), size), resume=False)
    assert done == set()
    chunk = plan.chunks(size)[1]
    stored = {r.run_id: r for r in full.runs.itertuples()}
    records = [
        Record(
            i,
            stored[i].status,
            stored[i].objective,
            stored[i].impact,
            stored[i].total_shortfall,
            {t: getattr(stored[i], f"savings_{t}") for t in plan.years},
            shortfall_tier=stored[i].shortfall_tier,
        )
        for i in chunk
    ]
    store.write(1, records)
    store.close()
    with pytest.raises(StoreMismatch):  # an existing store needs --resume
        run_plan(plan, Options(jobs=1, out=tmp_path / "part", chunk_size=size))
    resumed = run_plan(plan, Options(jobs=1, out=tmp_path / "part", chunk_size=size, resume=True))
    assert resumed.skipped == len(chunk) and resumed.computed == 11 - len(chunk)
    assert (tmp_path / "part" / "runs.parquet").read_bytes() == (
        tmp_path / "full" / "runs.parquet"
    ).read_bytes()
    other = sweep_plan(minimal, ["drivers.wage=0.0:0.1:0.02"])
    with pytest.raises(StoreMismatch, match="another batch"):
        run_plan(other, Options(jobs=1, out=tmp_path / "part", chunk_size=size, resume=True))


def test_detail_tables_are_stored_per_run(minimal, tmp_path):
    plan = sweep_plan(minimal, ["drivers.wage=0.03,0.05"])
    run_plan(plan, Options(jobs=1, out=tmp_path / "d", detail=True))
    region = pd.read_parquet(tmp_path / "d" / "region.parquet")
    assert sorted(set(region["run_id"])) == [0, 1]
    assert list(region[region["run_id"] == 0]["year"]) == [2025, 2026, 2027]
    reference = solve(load_scenario(minimal, sets=["drivers.wage=0.05"]), verify=False)
    mine = region[region["run_id"] == 1]["result"].to_numpy()
    assert mine == pytest.approx(reference.region["result"].to_numpy(), rel=1e-7, abs=1e-6)


def test_summary_figures_by_hand():
    runs = pd.DataFrame(
        {
            "x": [float(v) for v in range(1, 11)],
            "flat": [1.0] * 10,
            "status": ["optimal"] * 7 + ["shortfall"] * 2 + ["error"],
            "impact": [2.0 * v for v in range(1, 10)] + [math.nan],
            "total_shortfall": [0.0] * 7 + [1.0, 3.0] + [math.nan],
            "savings_2025": [float(v) for v in range(9)] + [math.nan],
        }
    )
    q = quantile_table(runs, [2025]).set_index("figure")
    assert q.loc["impact", "p50"] == 10.0  # the median of 2, 4, ..., 18
    assert q.loc["impact", "p10"] == pytest.approx(2 + 0.8 * 2)  # linear between 2 and 4
    assert q.loc["total_shortfall", "p90"] == pytest.approx(1.0 + 0.2 * 2)
    t = tornado_table(runs, ["flat", "x"]).set_index("input")
    assert t.loc["x", "spearman"] == pytest.approx(1.0)
    assert t.loc["x", "low"] == 2.0  # x <= P10 of 1..9 = 1.8: x = 1
    assert t.loc["x", "high"] == 18.0  # x >= P90 = 8.2: x = 9
    assert t.loc["x", "swing"] == 16.0
    assert list(t.index) == ["x", "flat"]  # the largest swing first
    assert math.isnan(t.loc["flat", "spearman"])
    counts = status_table(runs).set_index("status")["runs"]
    assert counts.to_dict() == {
        "optimal": 7,
        "shortfall": 2,
        "infeasible": 0,
        "time_limit": 0,
        "error": 1,
    }


def test_a_batch_run_without_sensitivity_gives_the_same_plan_and_duals(minimal):
    """The standard path of a batch (``sensitivity=False``) skips ranging and why-not
    only: the summary and every plan table are those of a full solve."""
    inputs = load_scenario(minimal)
    full = solve(inputs, verify=False)
    lean = solve(inputs, verify=False, sensitivity=False)
    for name in ("ranging", "why_not"):
        assert len(getattr(full, name)) > 0 and len(getattr(lean, name)) == 0
    drop = {"seconds"}
    assert {k: v for k, v in lean.summary.items() if k not in drop} == {
        k: v for k, v in full.summary.items() if k not in drop
    }
    for name in ("actions", "effects", "boards", "region", "duals"):
        pd.testing.assert_frame_equal(lean.tables[name], full.tables[name])


def test_the_monte_carlo_text_gives_each_row_its_unit() -> None:
    """The harm score's quantiles are weighted MSEK-years, the others MSEK; numbers 1,234.5."""
    from optimizer.batch.summary import render_montecarlo

    text = render_montecarlo(
        {
            "samples": 3, "seed": 1, "solved": 3, "p_shortfall": 0.0, "tornado": [],
            "quantiles": [
                {"figure": "impact", "p10": 4000.0, "p50": 4975.25, "p90": 5100.0},
                {"figure": "savings_2030", "p10": 650.0, "p50": 689.2, "p90": 1234.5},
            ],
        }
    )  # fmt: skip
    rows = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert rows["impact"].endswith("weighted MSEK-years") and "4,975.2" in rows["impact"]
    assert rows["savings_2030"].endswith("   MSEK") and "1,234.5" in rows["savings_2030"]
    assert "(MSEK)" not in text
