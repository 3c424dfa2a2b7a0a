"""``stress`` and ``robust`` (MODEL.md 10.4): identical futures, a hand-made pair, properties."""

from __future__ import annotations

import numpy as np
import pytest

from optimizer import load_scenario
from optimizer.batch.futures.draw import futures_of, same_futures
from optimizer.batch.futures.outcomes import FAIL
from optimizer.batch.futures.plans import forecast_x
from optimizer.batch.futures.risk import Risk
from optimizer.batch.futures.robust import robust
from optimizer.batch.futures.stress import stress
from optimizer.model import build
from optimizer.results.tabulate import plan_figures
from tests.factory import make_inputs

TOL = 1e-6


def lex_nonnegative(values: list[float], tol: float = 1e-6) -> bool:
    """The first component beyond ``tol`` (relative to its size) is positive (or none is)."""
    for v in values:
        if abs(v) > tol * max(1.0, abs(v)):
            return v > 0
    return True


@pytest.fixture(scope="module")
def example():
    return load_scenario()


def test_identical_futures_give_the_deterministic_plan(example):
    """N copies of the forecast: robust is the forecast's plan (impact within 1e-6), VSS = EVPI
    = 0 in every tier."""
    model = build(example)
    futures = same_futures(example, 3)
    out = robust(futures, model, 2, Risk.parse("expected"))
    deterministic = plan_figures(model, forecast_x(model)).impact
    assert out.robust.objective == pytest.approx(deterministic, rel=1e-9, abs=TOL)
    for x in out.robust.x:
        assert plan_figures(model, x).impact == pytest.approx(deterministic, rel=1e-9, abs=TOL)
    summary = out.summary(futures)
    for value in (*summary["vss"].values(), *summary["evpi"].values()):
        assert abs(value) <= TOL * max(1.0, deterministic)
    assert out.robust_out.failed().sum() == 0


def test_stress_of_identical_futures_is_zero_or_one(example):
    """A scenario that falls short of the law: in copies of its own forecast each requirement
    fails always or never, exactly where the plan itself falls short."""
    from optimizer.scenario.load import load_scenario as load

    inputs = load(use=["no-tax-increase", "high-wages", "low-tax-growth"])
    model = build(inputs)
    x = forecast_x(model)
    own = plan_figures(model, x).shortfall
    assert (own["requirement"] == "deadline").any()  # the case falls short of the law
    result = stress(same_futures(inputs, 4), model, x)
    table = result.requirements
    assert set(table["probability"]) <= {0.0, 1.0}
    expected = (table["forecast_shortfall"] > FAIL).astype(float)
    assert (table["probability"] == expected).all()
    assert (table["probability"] > 0).sum() == (own["shortfall"] > FAIL).sum()
    # the law's ledger: a deficit is overdue in every copy exactly where the plan's own ledger
    # says "overdue" in its deadline year
    book = plan_figures(model, x).ledger
    at = book[book["year"] == book["decided_deadline"]]
    overdue = {(int(r.deficit_year), r.part): r.status == "overdue" for r in at.itertuples()}
    assert any(overdue.values())
    got = {(int(r.deficit_year), r.part): r.probability_overdue for r in result.ledger.itertuples()}
    assert {k: got[k] for k in overdue} == {k: float(v) for k, v in overdue.items()}


def two_futures(revenues=(90.0, 70.0)):
    """One board (cost 100), one action (full effect from its start, weight 1), 2025-2026, a
    result target of 0 in 2026, at most 20 started a year (pace 0.2)."""
    return [
        make_inputs(
            first=2025,
            last=2026,
            revenue=rev,
            result_targets={2026: 0.0},
            pace={"B": 0.2},
        )
        for rev in revenues
    ]


def test_two_hand_made_futures():
    """Revenue 90 or 70 (each with probability 1/2), so the 2026 result
    ``R = rev - 100 + x25 + x26`` needs ``x25 + x26 >= 10`` resp. ``>= 30``, with at most 20
    started in 2026. Harm: 2 per MSEK started in 2025 (two years of effect), 1 in 2026.

    Committing 2025 (``--commit 1``): ``x25 = c`` is shared; future 2 needs ``c >= 10`` (its
    2026 start is at most 20). With ``c`` in [10, 30] the expected harm is
    ``2c + (max(0, 10 - c) + 30 - c) / 2 = 1.5c + 15``: least at ``c = 10``, harm 30
    (future 1 adds nothing in 2026, future 2 adds 20).

    The forecast (future 1 alone) starts 10 in 2026 and nothing in 2025: held, future 2
    reaches 20 of its 30 and falls 10 short (expected targets shortfall 5): VSS = (5, ...).
    With foresight, future 1 costs 10 and future 2 ``2*10 + 20 = 40``: expected 25, EVPI = 5.
    """
    inputs = two_futures()
    futures = futures_of(inputs)
    forecast = build(inputs[0])
    out = robust(futures, forecast, 1, Risk.parse("expected"))
    lp = forecast.lp
    x25 = lp.cols["x"][("B", "a", 2025)]
    x26 = lp.cols["x"][("B", "a", 2026)]
    assert [x[x25] for x in out.robust.x] == pytest.approx([10.0, 10.0], abs=1e-7)
    assert [x[x26] for x in out.robust.x] == pytest.approx([0.0, 20.0], abs=1e-7)
    assert out.robust.tiers == pytest.approx([0.0], abs=1e-7)
    assert out.robust.objective == pytest.approx(30.0, abs=1e-6)
    assert out.vss[0] == pytest.approx(5.0, abs=1e-6)
    assert out.evpi == pytest.approx([0.0, 5.0], abs=1e-6)
    actions = out.actions()
    assert actions[["board", "action", "start_year"]].values.tolist() == [["B", "a", 2025]]
    assert actions["amount"].tolist() == pytest.approx([10.0])
    recourse = out.recourse()
    assert recourse[["future", "start_year"]].values.tolist() == [[1, 2026]]
    assert recourse["amount"].tolist() == pytest.approx([20.0])


def random_futures(seed: int, n: int = 3):
    """A small scenario with the law (an opening deficit due 2026), a result target, two
    actions of different harm and a pace limit; the futures differ in revenue."""
    rng = np.random.default_rng(seed)
    deficit = float(rng.uniform(0, 40))
    pot_a, pot_b = rng.uniform(5, 30, 2)
    target = float(rng.uniform(-10, 10))
    pace = float(rng.uniform(0.05, 0.3))
    out = []
    for rev in rng.uniform(80, 110, n):
        out.append(
            make_inputs(
                first=2025,
                last=2027,
                revenue=float(rev),
                actions=[
                    {"id": "a", "category": "efficiency", "weight": 1.0},
                    {"id": "b", "category": "efficiency", "weight": 2.5, "ramp": (0.5, 1.0)},
                ],
                potentials=[("B", "a", float(pot_a)), ("B", "b", float(pot_b))],
                result_targets={2027: target},
                pace={"B": pace},
                deficits=((2024, -deficit, 2026),),
                requirements=(("law",), ("targets",), ("frames",)),
                tail_years=1.0,
            )
        )
    return out


@pytest.mark.parametrize("seed", range(6))
def test_properties_on_random_futures(seed: int):
    """VSS >= 0 and EVPI >= 0 (lexicographically); a shorter commitment never raises the
    objective; the largest law shortfall is never higher under worst than under expected; the
    robust plan under worst never has a larger law shortfall than the forecast's plan held."""
    inputs = random_futures(seed)
    futures = futures_of(inputs)
    forecast = build(inputs[0])
    values = {}
    for commit in (0, 1, 2):
        out = robust(futures, forecast, commit, Risk.parse("expected"))
        assert lex_nonnegative(out.vss), out.vss
        assert lex_nonnegative(out.evpi), out.evpi
        values[commit] = out.values(out.robust)
    assert lex_nonnegative([b - a for a, b in zip(values[0], values[1], strict=True)])
    assert lex_nonnegative([b - a for a, b in zip(values[1], values[2], strict=True)])
    law = [r for r, q in enumerate(out.robust_out.requirements) if q.tier == "law"]

    def worst_law(outcomes) -> float:
        return float(outcomes.shortfall[:, law].sum(axis=1).max())

    expected = robust(futures, forecast, 2, Risk.parse("expected"))
    worst = robust(futures, forecast, 2, Risk.parse("worst"))
    assert worst_law(worst.robust_out) <= worst_law(expected.robust_out) + 1e-6
    assert worst_law(worst.robust_out) <= worst_law(worst.held_out) + 1e-6


def test_cvar_lies_between_expected_and_worst():
    """``Risk.measure``: CVaR at 0 is the mean, near 1 the maximum, in between the mean of the
    worst share: values 0, 0, 3, 9 at 0.5 give (3 + 9) / 2 = 6."""
    values = np.array([0.0, 0.0, 3.0, 9.0])
    assert Risk.parse("cvar:0").measure(values) == pytest.approx(3.0)
    assert Risk.parse("cvar:0.5").measure(values) == pytest.approx(6.0)
    assert Risk.parse("worst").measure(values) == 9.0
    assert Risk.parse("expected").measure(values) == 3.0
    with pytest.raises(ValueError, match="cvar:ALPHA"):
        Risk.parse("cvar:1")


def test_the_example_uncertainty_is_centred_on_the_forecast():
    """Each uncertain key of the example has the forecast as its mean: setting the key to its
    distribution's mean (normal: mean; triangular: (low + mode + high) / 3; uniform: the
    midpoint; lognormal: mean) changes nothing in the scenario."""
    from optimizer.batch.sampling import uncertainty_of, value_text
    from optimizer.scenario.load import compose_inputs, read_base

    base = read_base(None)
    forecast = compose_inputs(base).inputs_sha256
    means = {
        "normal": lambda p: p["mean"],
        "lognormal": lambda p: p["mean"],
        "uniform": lambda p: (p["low"] + p["high"]) / 2,
        "triangular": lambda p: (p["low"] + p["mode"] + p["high"]) / 3,
    }
    for dist in uncertainty_of(base).inputs:
        mean = round(means[dist.dist](dist.params), 10)
        moved = compose_inputs(base, [f"{dist.key}={value_text(mean)}"]).inputs_sha256
        assert moved == forecast, f"{dist.key}: mean {mean} is not the forecast"
