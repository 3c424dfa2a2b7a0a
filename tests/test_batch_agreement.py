"""The batch fast path and a fresh ``solve()`` give the same answers on the example.

Random Monte Carlo samples of the shipped example (every key of its ``uncertainty:`` block
moving), runs where a minimum size binds (taken without branching, and taken only after branch
and bound), and runs that fall short: the same status and every figure a batch stores
(objective, impact, total shortfall, the first tier short) to 1e-6, relative to the figure;
savings per year to 1e-5 of the plan's total savings. The standard path holds each stage's
optimum with a tolerance of ``1e-10 |v| + 1e-9`` (``solver/stages.py``), which its tie-break
may spend where the objective has ties: a few 1e-7 of objective can move a year's savings by up
to 6e-3 MSEK on the example (1.7e-6 of the plan's 3 359 MSEK), while the fast path settles the
tie-break exactly at its vertex (``fastpath/lexi.py``). Both plans are optimal within the hold.

Also the two samples of ``sweep --use no-financial-core --samples 300 --seed 1`` that ended
"stage ended error" and "infeasible" (runs 286 and 233, their sampled values written out): HiGHS
ended a solve wrongly, and the back ends now solve such a stage again cold
(``backends.solve_again_cold``).
"""

from __future__ import annotations

import math
import time

import pytest

from optimizer.analysis.pipeline import solve
from optimizer.batch.fastpath.solver import FastSolver
from optimizer.batch.plan import montecarlo_plan
from optimizer.batch.standard import StandardSolver
from optimizer.model import build
from optimizer.model.pulp_model import to_pulp
from optimizer.scenario.load import compose_inputs, load_scenario
from optimizer.solver.mip import BRANCHED
from optimizer.solver.stages import run_stages

REL = 1e-6
SAVINGS_REL = 1e-5  # of the plan's total savings (module doc)


def _agree(got, want) -> None:
    assert got.status == want.status, (got.message, want.message)
    assert got.shortfall_tier == want.shortfall_tier
    for name in ("objective", "impact", "total_shortfall"):
        a, b = getattr(got, name), getattr(want, name)
        if math.isnan(b):
            assert math.isnan(a), name
        else:
            assert abs(a - b) <= REL * max(1.0, abs(b)), (name, a, b)
    assert got.savings_by_year.keys() == want.savings_by_year.keys()
    total = max(1.0, sum(abs(v) for v in want.savings_by_year.values()))
    for year, value in want.savings_by_year.items():
        assert abs(got.savings_by_year[year] - value) <= SAVINGS_REL * total, (year, value)


def _samples(n: int, seed: int, use=()):
    plan = montecarlo_plan(None, n, seed, use=use)
    base = plan.base_inputs[0]
    runs = [compose_inputs(plan.bases[0], plan.groups[0].sets + r.sets) for r in plan.runs]
    return base, runs, plan.keys


def test_monte_carlo_samples_agree_with_fresh_solves():
    base, runs, keys = _samples(12, 7)
    assert len(keys) == 5  # wage, price, real growth, HSN's cost0, hyr-min's realisation
    fast, standard = FastSolver(base), StandardSolver(base)
    for inputs in runs:
        _agree(fast.run(inputs), standard.run(inputs))
    assert fast.counts["assemblies"] == 0  # every run re-assembled, none built or handed off


MIN_SIZES = [
    ["actions.str-lokaler.weight=0.2"],  # taken twice, the relaxation already respects it
    ["actions.kopt-hemtag.weight=0.3"],  # taken once, the relaxation already respects it
    ["actions.str-lokaler.weight=0.3", "actions.str-lokaler.min_size=15"],  # needs branching
    ["actions.str-lokaler.weight=0.2", "actions.str-lokaler.min_size=25"],  # needs branching
]


def test_minimum_sizes_binding_or_not_agree_and_say_which_runs_branched():
    base = load_scenario()
    fast, standard = FastSolver(base), StandardSolver(base)
    branched = []
    for sets in MIN_SIZES:
        inputs = load_scenario(sets=sets)
        before = fast.counts["branched"]
        got, want = fast.run(inputs), standard.run(inputs)
        _agree(got, want)
        assert got.message == want.message == (BRANCHED if fast.counts["branched"] > before else "")
        mip = solve(inputs, verify=False).summary["mip"]
        assert mip["taken"] >= 1
        branched.append(mip["branched"])
        assert (fast.counts["branched"] > before) == mip["branched"]
    assert branched == [False, False, True, True]


def test_relaxation_without_branching_is_the_mips_answer(monkeypatch):
    """Where the relaxation respects every minimum size, forcing branch and bound (as before)
    gives the same plan: the relaxation's plan is the MIP's optimum (docs/model.md)."""
    import optimizer.solver.mip as mip

    inputs = load_scenario(sets=MIN_SIZES[0])
    settled = solve(inputs, verify=False)
    monkeypatch.setattr(mip, "taken", lambda *args, **kwargs: None)
    branched = solve(inputs, verify=False)
    assert not settled.summary["mip"]["branched"] and branched.summary["mip"]["branched"]
    a, b = settled.summary, branched.summary
    assert a["mip"]["taken"] == b["mip"]["taken"]
    assert abs(a["objective"] - b["objective"]) <= REL * abs(b["objective"])
    actions = ["board", "action", "start_year"]
    x = settled.tables["actions"].set_index(actions)["amount"]
    y = branched.tables["actions"].set_index(actions)["amount"]
    assert set(x.index) == set(y.index)
    assert (x - y.reindex(x.index)).abs().max() <= 1e-6 * x.abs().sum()


def test_shortfall_runs_agree():
    base = load_scenario()
    fast, standard = FastSolver(base), StandardSolver(base)
    for use in (
        ["no-tax-increase", "high-wages", "low-tax-growth"],
        ["no-tax-increase", "no-digital-investment", "strict-2027"],
    ):
        inputs = load_scenario(use=use)
        want = standard.run(inputs)
        assert want.status == "shortfall"
        _agree(fast.run(inputs), want)


# runs 233 and 286 of ``sweep --use no-financial-core --samples 300 --seed 1`` (the example's
# uncertainty block of 2026-12-07), their five sampled keys
FAILED_SAMPLES = {
    233: ["drivers.wage=0.043073209197409576", "drivers.price=0.023579070430175816",
          "economy.revenue.tax.real_growth=0.005252339070863742",
          "boards.HSN.cost0=5606.6660686272435", "actions.hyr-min.realisation=0.7575294489669672"],
    286: ["drivers.wage=0.03018964069482075", "drivers.price=0.017159224798400242",
          "economy.revenue.tax.real_growth=-0.00319328386993125",
          "boards.HSN.cost0=5543.498469725567", "actions.hyr-min.realisation=0.8333381449064072"],
}  # fmt: skip


@pytest.mark.parametrize("run_id", sorted(FAILED_SAMPLES))
def test_no_financial_core_monte_carlo_runs_that_failed_are_solved(run_id):
    """``sweep --use no-financial-core --samples 300 --seed 1``: run 233 ended "infeasible" (a
    false infeasible after a hold row), run 286 "stage ended error (Unknown)" (HiGHS after an
    infeasible presolved LP), both on the HiGHS model PuLP built. Both have a plan that falls
    short, on both paths and on that route. (Since the revenue came in two parts, issue 17,
    these values no longer trip HiGHS; the retry itself is held by the two tests below and by
    ``test_solvers.py``.)"""
    import optimizer.solver.backends as backends

    base = load_scenario(use=["no-financial-core"])
    inputs = load_scenario(use=["no-financial-core"], sets=FAILED_SAMPLES[run_id])
    want = StandardSolver(base).run(inputs)
    assert want.status == "shortfall", want.message
    _agree(FastSolver(base).run(inputs), want)
    model = build(inputs)
    backend = backends.HighsBackend(to_pulp(model.lp))
    got = run_stages(model, backend, False, time.perf_counter(), None)
    assert got.status == "shortfall"
    assert abs(got.objective - want.objective) <= 1e-6 * want.objective


def test_a_false_infeasible_after_a_hold_is_solved_again(monkeypatch):
    """Run 233's failure, forced: HiGHS calls the stage after a hold row infeasible, though the
    previous optimum satisfies every row (the hold included). The back end solves it again
    cold (``backends.solve_again_cold``) and the answer is the untroubled one."""
    import optimizer.solver.backends as backends

    inputs = load_scenario(use=["no-financial-core"])
    want = solve(inputs, verify=False).summary
    real, calls = backends._highs_status, []

    def false_infeasible_once(hs, status):
        calls.append(status)
        return "infeasible" if len(calls) == 2 else real(hs, status)  # the run after a hold

    monkeypatch.setattr(backends, "_highs_status", false_infeasible_once)
    retried = []
    cold = backends.solve_again_cold
    monkeypatch.setattr(
        backends, "solve_again_cold", lambda h, wrong: (retried.append(1), cold(h, wrong))
    )
    got = solve(inputs, verify=False).summary
    assert retried and got["status"] == want["status"] == "optimal"
    assert abs(got["objective"] - want["objective"]) <= REL * want["objective"]


def test_a_run_highs_ends_unknown_warm_and_cold_without_presolve_is_answered():
    """``bench_batch --quick``'s detailed 40x15x6 coarse grid, run 20 after runs 0-19 on one
    solver: a warm stage ended "Unknown", and so did a cold solve without presolve; the cold
    solve with presolve answers it (``backends.solve_again_cold`` tries both)."""
    from benchmarks.batch_models import COARSE, variants

    base, runs = variants({"kind": "detailed", "size": (40, 15, 6), "grid": (6, 5), "step": COARSE})
    fast = FastSolver(base)
    for inputs in runs[:20]:
        assert fast.run(inputs).status in ("optimal", "shortfall")
    _agree(fast.run(runs[20]), StandardSolver(base).run(runs[20]))
