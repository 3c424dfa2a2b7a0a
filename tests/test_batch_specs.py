"""Batch specs without solving: --grid parsing, snake order, uncertainty checks and draws."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from optimizer.batch.grid import cartesian, parse_grid, parse_grids, snake_order
from optimizer.batch.sampling import draw, similar_order, uncertainty_of, value_text
from optimizer.scenario.checks.uncertainty import Distribution, Uncertainty
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.load import load_scenario, read_base

DATA = Path(__file__).parent / "data"


def test_range_includes_stop_and_steps_exactly():
    axis = parse_grid("drivers.wage.2027=0.03:0.05:0.005")
    assert axis.key == "drivers.wage.2027"
    assert axis.values == (0.03, 0.035, 0.04, 0.045, 0.05)  # not 0.045000000000000005
    assert parse_grid("x.y=1:2:0.3").values == (1.0, 1.3, 1.6, 1.9)  # STOP not reached
    assert parse_grid("x.y=5:1:-2").values == (5.0, 3.0, 1.0)
    assert parse_grid("boards.HSN.cost0=5000,5100.5,-3").texts == ("5000", "5100.5", "-3")
    assert parse_grid("x.y=1e3,2").texts == ("1000", "2")


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("drivers.wage", "key.path=START:STOP:STEP"),
        ("drivers..wage=1,2", "without empty parts"),
        ("overrides.a=1,2", "outside extends"),
        ("drivers.wage=0.03,abc", "a number"),
        ("drivers.wage=0.03:0.05", "START:STOP:STEP with three numbers"),
        ("drivers.wage=0.03:0.05:0", "STEP other than 0"),
        ("drivers.wage=0.05:0.03:0.01", "towards STOP"),
        ("drivers.wage=1,1", "without repeats"),
        ("drivers.wage=nan,1", "a number"),
    ],
)
def test_bad_grid_specs_name_the_spec_and_what_was_expected(spec, expected):
    problem = parse_grid(spec)
    assert isinstance(problem, Problem)
    assert problem.file == "--grid" and problem.where == spec
    assert expected in problem.expected


def test_parse_grids_reports_every_problem_and_repeated_keys():
    with pytest.raises(InputError) as err:
        parse_grids(["a.b=1,2", "a.b=3,4", "c=x"])
    assert len(err.value.problems) == 2
    assert "each key in one --grid only" in str(err.value)


def test_cartesian_order_has_the_last_grid_fastest():
    axes = parse_grids(["a=1,2", "b=10,20,30"])
    assert cartesian(axes) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]


@pytest.mark.parametrize("shape", [(3,), (2, 3), (3, 2, 4), (1, 5, 2)])
def test_snake_order_visits_every_point_once_moving_one_step_in_one_key(shape):
    order = snake_order(shape)
    assert sorted(order) == list(range(int(np.prod(shape))))
    points = [np.unravel_index(i, shape) for i in order]
    for a, b in zip(points, points[1:], strict=False):
        assert sum(abs(int(x) - int(y)) for x, y in zip(a, b, strict=True)) == 1


def _uncertain(tmp_path: Path, block: str) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", folder)
    with open(folder / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write("uncertainty:\n" + block)
    return folder


GOOD = """\
  drivers.wage: {dist: normal, mean: 0.04, sd: 0.005}
  economy.revenue.growth: {dist: triangular, low: 0.0, mode: 0.02, high: 0.03}
  boards.CARE.cost0: {dist: uniform, low: 780, high: 820}
  drivers.price: {dist: lognormal, mean: 0.02, sigma: 0.2}
  correlation:
    - [drivers.wage, drivers.price, 0.6]
"""


def test_the_loader_accepts_an_uncertainty_block_without_changing_the_inputs(tmp_path):
    plain = load_scenario(DATA / "minimal")
    folder = _uncertain(tmp_path, GOOD)
    assert load_scenario(folder).inputs_sha256 == plain.inputs_sha256
    unc = uncertainty_of(read_base(folder))
    assert unc.keys == [
        "drivers.wage",
        "economy.revenue.growth",
        "boards.CARE.cost0",
        "drivers.price",
    ]
    assert unc.correlation[0, 3] == unc.correlation[3, 0] == 0.6


@pytest.mark.parametrize(
    "block, where, expected",
    [
        ("  drivers.wage: {dist: normal, mean: 0.04, sd: 0}\n", "drivers.wage.sd", "> 0"),
        ("  drivers.wage: {dist: gauss, mean: 0.04}\n", "drivers.wage.dist", "one of normal"),
        ("  drivers.wage: {dist: uniform, low: 0.05, high: 0.01}\n", "drivers.wage.high", "> low"),
        (
            "  drivers.wage: {dist: triangular, low: 0, mode: 0.5, high: 0.1}\n",
            "drivers.wage.mode",
            "in [low, high]",
        ),
        ("  drivers.wage: {dist: lognormal, mean: -1, sigma: 0.1}\n", "drivers.wage.mean", "> 0"),
        ("  drivers.wage: {dist: normal, mean: x, sd: 1}\n", "drivers.wage.mean", "a number"),
        (
            "  drivers.wage: {dist: normal, mean: 0, sd: 1, sigma: 2}\n",
            "drivers.wage.sigma",
            "keys",
        ),
        (
            "  a.b: {dist: normal, mean: 0, sd: 1}\n  correlation: [[a.b, c.d, 0.5]]\n",
            "correlation.0",
            "an uncertain key",
        ),
        (
            "  a.b: {dist: normal, mean: 0, sd: 1}\n  c.d: {dist: normal, mean: 0, sd: 1}\n"
            "  correlation: [[a.b, c.d, 1.0]]\n",
            "correlation.0",
            "strictly between",
        ),
        (
            "  a: {dist: normal, mean: 0, sd: 1}\n  b: {dist: normal, mean: 0, sd: 1}\n"
            "  c: {dist: normal, mean: 0, sd: 1}\n"
            "  correlation: [[a, b, 0.9], [b, c, 0.9], [a, c, -0.9]]\n",
            "uncertainty.correlation",
            "positive definite",
        ),
    ],
)
def test_bad_distributions_are_one_clear_problem_each(tmp_path, block, where, expected):
    folder = _uncertain(tmp_path, block)
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    (problem,) = err.value.problems
    assert problem.file.endswith("scenario.yaml")
    assert problem.where.endswith(where)
    assert expected in problem.expected


def _spec(*dists: Distribution, rho: float = 0.0) -> Uncertainty:
    matrix = np.eye(len(dists))
    if len(dists) == 2:
        matrix[0, 1] = matrix[1, 0] = rho
    return Uncertainty(tuple(dists), matrix)


def test_draws_are_reproducible_by_seed_and_have_the_asked_for_moments():
    spec = _spec(
        Distribution("n", "normal", {"mean": 2.0, "sd": 0.5}),
        Distribution("l", "lognormal", {"mean": 3.0, "sigma": 0.25}),
        rho=0.7,
    )
    x = draw(spec, 40_000, seed=7)
    assert np.array_equal(x, draw(spec, 40_000, seed=7))
    assert not np.array_equal(x, draw(spec, 40_000, seed=8))
    assert abs(x[:, 0].mean() - 2.0) < 0.01 and abs(x[:, 0].std() - 0.5) < 0.01
    assert abs(x[:, 1].mean() - 3.0) < 0.02  # the mean of the value, not of its log
    assert abs(np.log(x[:, 1]).std() - 0.25) < 0.005
    assert abs(np.corrcoef(x[:, 0], np.log(x[:, 1]))[0, 1] - 0.7) < 0.01  # copula scores


def test_uniform_and_triangular_draws_stay_in_range_with_the_right_mean():
    spec = _spec(
        Distribution("u", "uniform", {"low": 10.0, "high": 20.0}),
        Distribution("t", "triangular", {"low": 0.0, "mode": 3.0, "high": 6.0 + 3.0}),
    )
    x = draw(spec, 40_000, seed=1)
    assert x[:, 0].min() >= 10 and x[:, 0].max() <= 20 and abs(x[:, 0].mean() - 15) < 0.05
    assert x[:, 1].min() >= 0 and x[:, 1].max() <= 9
    assert abs(x[:, 1].mean() - (0 + 3 + 9) / 3) < 0.03  # (low + mode + high) / 3
    assert abs(np.median(x[:, 1]) - (9 - np.sqrt(9 * 6 / 2))) < 0.05  # F^-1(1/2), mode < mid


@pytest.mark.parametrize("value", [1e-05, 0.035, -2.5e-07, 1e16, 5000.0, 0.1 + 0.2])
def test_value_texts_read_back_as_the_same_float(value):
    assert yaml.safe_load(value_text(value)) == value


def test_similar_order_is_a_permutation_that_keeps_neighbours_close():
    rng = np.random.default_rng(0)
    values = rng.random((500, 2))
    order = similar_order(values)
    assert sorted(order.tolist()) == list(range(500))
    step = np.linalg.norm(np.diff(values[order], axis=0), axis=1).mean()
    random_step = np.linalg.norm(np.diff(values, axis=0), axis=1).mean()
    assert step < random_step / 3
