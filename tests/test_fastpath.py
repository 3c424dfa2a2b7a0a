"""The fast path agrees with a fresh standard ``solve`` on every kind of change.

Each run of one ``FastSolver`` (one HiGHS model, changed in place, re-solved warm) is held to a
fresh ``solve(inputs)`` of the same scenario: identical status, objective within 1e-7 relative,
and the held rows gone afterwards (HiGHS holds the base rows again). The grids move between
``optimal`` and ``shortfall`` and back, change numbers only (bounds, costs, coefficients), the
sparsity pattern (an investment appearing) and the structure (a potential dropping to 0).
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pytest

from optimizer.analysis.pipeline import solve
from optimizer.batch.fastpath.params import ParamCache
from optimizer.batch.fastpath.solver import FastSolver, RunOutcome
from optimizer.model import build
from optimizer.params import compute
from optimizer.scenario.inputs import Liquidity, Priorities
from optimizer.scenario.load import load_scenario
from tests.factory import make_inputs

REL = 1e-7


def small(**changes):
    """Two boards, three actions, three years: every requirement present, easily short."""
    args = {
        "first": 2025,
        "last": 2027,
        "boards": [
            {"id": "B1", "cost0": 100.0, "pshare": 0.6, "frame0": 101.0, "uprate": "index"},
            {"id": "B2", "cost0": 60.0, "pshare": 0.3, "frame0": 61.0, "uprate": 0.01},
        ],
        "actions": [
            {"id": "a", "category": "efficiency", "ramp": (0.5, 1.0), "oneoff": 0.1},
            {"id": "b", "category": "hired_staff", "weight": 1.5},
            {
                "id": "c",
                "category": "structural",
                "capex": 0.5,
                "life": 3,
                "weight": 2.0,
                "earliest": 2026,
            },
        ],
        "potentials": [
            ("B1", "a", 6.0),
            ("B1", "b", 4.0),
            ("B1", "c", 5.0),
            ("B2", "a", 3.0),
            ("B2", "b", 2.0),
            ("B2", "c", 3.0),
        ],
        "revenue": 166.0,
        "wage": 0.03,
        "price": 0.02,
        "result_targets": {2025: 0.0, 2026: 1.0, 2027: 4.0},
        "milestones": {2027: 4.0},
        "category_targets": {("hired_staff", 2026): 2.0},
        "pace": {"B1": 0.08},
        "investment_room": {2026: 5.0, 2027: 5.0},
    }
    args.update(changes)
    return make_inputs(**args)


def agree(fast: FastSolver, inputs, strict: bool = False) -> RunOutcome:
    """Run ``inputs`` on the fast path and assert it matches a fresh standard solve."""
    got = fast.run(inputs)
    want = solve(inputs, strict=strict, verify=False).summary
    assert got.status == want["status"], (got.message, want)
    if want["objective"] is None:
        assert np.isnan(got.objective)
    else:
        assert abs(got.objective - want["objective"]) <= REL * max(1.0, abs(want["objective"]))
    assert fast.num_rows == build(inputs).lp.num_rows  # the hold rows are gone after the run
    return got


def run_grid(base, variants, strict: bool = False) -> tuple[FastSolver, list[str]]:
    fast = FastSolver(base, strict=strict)
    return fast, [agree(fast, inputs, strict).status for inputs in variants]


# --- the small model: one grid per kind of change ---------------------------------------------

TARGETS = [{2025: 0.0, 2026: 1.0, 2027: v} for v in (0.0, 8.0, 16.0, 20.0, 30.0, 8.0, 4.0)]

GRIDS = {
    "result targets": [small(result_targets=t) for t in TARGETS],
    "milestones": [small(milestones={2027: v}) for v in (0.0, 10.0, 40.0, 80.0, 10.0)],
    "frame0": [
        small(boards=[{"id": "B1", "cost0": 100.0, "pshare": 0.6, "frame0": f, "uprate": "index"},
                      {"id": "B2", "cost0": 60.0, "pshare": 0.3, "frame0": 61.0, "uprate": 0.01}])
        for f in (101.0, 99.0, 90.0, 80.0, 101.0)
    ],
    "explicit frames": [
        small(frames={("B2", 2026): f, ("B1", 2027): g})
        for f, g in ((62.0, 104.0), (58.0, 100.0), (50.0, 95.0), (62.0, 104.0))
    ],
    "wage growth": [small(wage=w) for w in (0.0, 0.03, 0.06, 0.12, 0.2, 0.03)],
    "price growth": [small(price=p) for p in (0.0, 0.05, 0.15, 0.02)],
    "revenue": [small(revenue={2025: 166.0, 2026: r, 2027: r + 1}) for r in (170, 160, 150, 166)],
    "action weight": [
        small(actions=[
            {"id": "a", "category": "efficiency", "ramp": (0.5, 1.0), "oneoff": 0.1, "weight": w},
            {"id": "b", "category": "hired_staff", "weight": 1.5},
            {"id": "c", "category": "structural", "capex": 0.5, "life": 3, "weight": 2.0,
             "earliest": 2026},
        ])
        for w in (1.0, 3.0, 0.2, 1.0)
    ],
    "priority weights": [
        small(priorities=Priorities(board_weights={"B1": bw}, category_weights={"hired_staff": cw}))
        for bw, cw in ((1.0, 1.0), (2.0, 1.0), (1.0, 0.3), (0.5, 2.0))
    ],
    "potentials": [
        small(potentials=[("B1", "a", p), ("B1", "b", 4.0), ("B1", "c", 5.0),
                          ("B2", "a", 3.0), ("B2", "b", q), ("B2", "c", 3.0)])
        for p, q in ((6.0, 2.0), (1.0, 2.0), (6.0, 0.5), (20.0, 8.0), (6.0, 2.0))
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(GRIDS))
def test_small_grid_agrees_with_fresh_solve(kind):
    _, statuses = run_grid(small(), GRIDS[kind])
    assert set(statuses) <= {"optimal", "shortfall"}


def test_small_grids_move_from_optimal_to_shortfall_and_back():
    for kind in ("result targets", "milestones", "frame0", "wage growth"):
        _, statuses = run_grid(small(), GRIDS[kind])
        first_short = statuses.index("shortfall")
        assert statuses[0] == "optimal" and "optimal" in statuses[first_short:], kind


@pytest.mark.parametrize("milestone", [0.0, 80.0, 200.0])  # optimal, then two shortfalls
@pytest.mark.parametrize("objective", ["min_impact", "min_max_share"])
def test_stage_one_first_gives_the_same_answer(milestone, objective):
    """``run_stages(elastic_first=True)`` (the fast path's order after a shortfall) on the
    standard back end, which settles nothing in advance: the same status, objective and plan
    as the strict-first order (min_max_share always goes strict first)."""
    from optimizer.solver.backends import make_backend
    from optimizer.solver.stages import run_stages

    model = build(small(milestones={2027: milestone}, objective=objective))
    got = [
        run_stages(model, make_backend(model.lp, "highs"), False, 0.0, None, first)
        for first in (False, True)
    ]
    assert got[0].status == got[1].status
    assert abs(got[0].objective - got[1].objective) <= REL * max(1.0, abs(got[0].objective))
    assert np.allclose(got[0].plan.x, got[1].plan.x, atol=1e-6)


@pytest.mark.parametrize("objective", ["min_savings", "min_max_share"])
def test_other_objectives_agree(objective):
    grid = [small(objective=objective, result_targets=t) for t in TARGETS]
    _, statuses = run_grid(small(objective=objective), grid)
    assert {"optimal", "shortfall"} <= set(statuses)


def test_liquidity_and_floors_agree():
    liquidity = Liquidity(50.0, 20.0, 10.0, 40.0, {}, {})
    grid = [
        small(liquidity=Liquidity(50.0, m, 10.0, cap, {}, {}), priorities=Priorities(floors=f))
        for m, cap, f in (
            (20.0, 40.0, {}),
            (45.0, 40.0, {}),
            (80.0, 10.0, {}),
            (20.0, 40.0, {("B1", 2026): 100.0}),  # a floor: another row, built in full
            (20.0, 40.0, {("B1", 2026): 103.5}),
            (20.0, 40.0, {("B1", 2026): 100.0}),
        )
    ]
    fast, statuses = run_grid(small(liquidity=liquidity), grid)
    assert {"optimal", "shortfall"} <= set(statuses)
    assert fast.rebuilds == 1 and fast.assemblies == 1  # then the floor's numbers only


def test_strict_and_infeasible_runs_agree_and_recover():
    grid = [small(result_targets=t) for t in TARGETS]
    _, statuses = run_grid(small(), grid, strict=True)
    assert "infeasible" in statuses and statuses[-1] == "optimal"
    # a hard limit (the cost freeze) cannot be met at high wage growth, elastic or not
    freeze = [small(cost_freeze=(2026,), wage=w) for w in (0.0, 0.2, 0.0)]
    _, statuses = run_grid(small(cost_freeze=(2026,)), freeze)
    assert statuses == ["optimal", "infeasible", "optimal"]


# --- the example scenario ---------------------------------------------------------------------

EXAMPLE_SETS = [
    [],
    ["drivers.wage=0.04"],
    ["drivers.wage=0.045"],  # the frames can no longer be held
    ["drivers.wage=0.05"],
    ["drivers.wage=0.035"],
    ["drivers.price=0.03"],
    ["economy.revenue.tax.growth=0.02"],
    ["economy.revenue.tax.growth=0.035"],
    ["targets.result.2027=250"],
    ["targets.result.2027=400"],
    ["balance.milestones.2027=-300"],
    ["balance.milestones.2030=200"],
    ["boards.HSN.frame0=5500"],
    ["frames.RUN.2026=230"],
    ["boards.HSN.cost0=5700"],
    ["boards.KTN.pshare=0.2"],  # few coefficients change
    ["actions.hyr-min.weight=2"],
    ["priorities.board_weights.HSN=1.5"],
    ["potentials.HSN.hyr-min=100"],
    ["actions.eff-inkop.capex=2"],  # new entries: another sparsity pattern
    [],
    ["potentials.HSN.hyr-min=0"],  # a column less: another structure
    [],
]


def _shape(sets: list[str]) -> tuple[int, int]:
    """Rows and columns of the scenario's LP: its structure."""
    lp = build(load_scenario(use=["version-1"], sets=sets)).lp
    return lp.num_rows, lp.num_cols


@pytest.fixture(scope="module")
def example_runs():
    # version 1's example (the grid's keys, milestones included, are version 1's; it has none
    # of section 9's rows, whose runs the fast path hands to the standard path)
    fast = FastSolver(load_scenario(use=["version-1"]))
    out = []
    for sets in EXAMPLE_SETS:
        inputs = load_scenario(use=["version-1"], sets=sets)
        got = fast.run(inputs)
        want = solve(inputs, verify=False).summary
        out.append((sets, got, want, fast.num_rows == build(inputs).lp.num_rows))
    return fast, out


def test_example_grid_agrees_with_fresh_solve(example_runs):
    _, out = example_runs
    for sets, got, want, base_rows_held in out:
        assert got.status == want["status"], sets
        assert abs(got.objective - want["objective"]) <= REL * abs(want["objective"]), sets
        assert abs(got.impact - want["impact"]) <= REL * abs(want["impact"]), sets
        assert base_rows_held, sets  # the hold rows are gone after the run
    statuses = [got.status for _, got, _, _ in out]
    assert statuses[0] == "optimal" and statuses[2] == "shortfall" and statuses[4] == "optimal"


def test_example_grid_uses_every_update_path(example_runs):
    fast, _ = example_runs
    counts = fast.counts
    assert counts["coefficients"] > 0  # single entries (KTN's growth, the new investment)
    assert counts["reloads"] > 0  # most entries at once (wage growth): one passModel
    assert counts["assemblies"] >= 2  # the new pattern and the dropped column were built in full
    # bounded work, whatever HiGHS's pivoting: a whole new model only where the structure (rows,
    # columns) of consecutive runs differs (to the smaller structure and back: 2 here)
    shapes = [_shape(sets) for sets in EXAMPLE_SETS]
    changes = sum(a != b for a, b in zip(shapes, shapes[1:], strict=False))
    assert changes == 2 and 1 <= fast.rebuilds <= changes


def test_example_summary_numbers_match(example_runs):
    _, out = example_runs
    for sets, got, want, _ in out:
        assert abs(got.total_shortfall - want["total_shortfall"]) <= 1e-6 * max(
            1.0, want["total_shortfall"]
        ), sets
        total = sum(want["savings_by_year"].values())
        for year, value in want["savings_by_year"].items():  # the same plan, year by year
            assert abs(got.savings_by_year[year] - value) <= 1e-6 * max(1.0, total), sets


def test_the_tiebreak_is_mostly_settled_within_stage_two(example_runs):
    """Stage 2 solved with ``c + eps * t`` is already the tie-break's answer in most runs.

    The plans still equal the standard path's (``test_example_summary_numbers_match``), which
    solves the tie-break on its own every time.
    """
    fast, out = example_runs
    counts = fast.counts
    solved = sum(got.status in ("optimal", "shortfall") for _, got, _, _ in out)
    assert counts["settled"] + counts["ties"] + counts["suboptimal"] == solved
    # what the user relies on, whatever HiGHS's pivoting: the same plans as the standard path
    # (test_example_summary_numbers_match) and bounded work: never more HiGHS solves than the
    # standard path's three stages a run (the settling only ever saves solves)
    assert counts["settled"] >= 1 and counts["solves"] <= 3 * len(out)


def test_section_9_runs_stay_on_the_fast_path():
    """The example with interest, groups, the tax lever, attrition, realisation and minimum
    sizes: solved warm on the fast path (no hand-off), as a fresh solve() answers it."""
    inputs = load_scenario(sets=["drivers.wage=0.04", "actions.hyr-min.realisation=0.7"])
    fast = FastSolver(load_scenario())
    got = fast.run(inputs)
    want = solve(inputs, verify=False).summary
    assert fast.counts["assemblies"] == 0 and fast.counts["solves"] >= 1
    assert got.status == want["status"]
    assert abs(got.impact - want["impact"]) <= REL * abs(want["impact"])


def test_detail_returns_the_full_results():
    inputs = load_scenario(use=["version-1"], sets=["drivers.wage=0.045"])
    fast = FastSolver(load_scenario(use=["version-1"]))
    got = fast.run(inputs, detail=True)
    want = solve(inputs, verify=False)
    assert got.results is not None
    assert got.results.summary["status"] == want.summary["status"] == "shortfall"
    assert set(got.results.tables) == set(want.tables)
    assert abs(got.objective - want.summary["objective"]) <= REL * want.summary["objective"]
    short = got.results.tables["shortfall"]["shortfall"].sum()
    assert abs(short - want.tables["shortfall"]["shortfall"].sum()) <= 1e-6
    assert fast.run(inputs).results is None  # headline numbers only without detail


# --- the parts the fast path is made of -------------------------------------------------------


def _same_params(a, b) -> None:
    for f in fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, np.ndarray):
            assert x.dtype == y.dtype and np.array_equal(x, y), f.name
        else:
            assert x == y, f.name


@pytest.mark.parametrize(
    "changes",
    [
        {"wage": 0.07},
        {"frames": {("B2", 2026): 55.0}},
        {"priorities": Priorities(board_weights={"B2": 3.0}, action_weights={"c": 0.5})},
        {"potentials": [("B1", "a", 2.0), ("B1", "b", 4.0), ("B1", "c", 5.0),
                        ("B2", "a", 3.0), ("B2", "b", 2.0), ("B2", "c", 9.0)]},
        {"index_effects": False},
        {"liquidity": Liquidity(50.0, 20.0, 10.0, 40.0, {2026: 3.0}, {2027: 1.0})},
    ],
)  # fmt: skip
def test_cached_params_and_lp_equal_a_full_build(changes):
    base = small(**({"liquidity": changes["liquidity"]} if "liquidity" in changes else {}))
    inputs = small(**changes)
    cache = ParamCache(base)
    params = cache.params(inputs)
    _same_params(params, compute(inputs))
    assembly = build(base).assembly
    assert assembly.fits(inputs)
    made, built = assembly.lp(inputs, params), build(inputs).lp
    assert all(np.array_equal(a, b) for a, b in zip(made.bounds(), built.bounds(), strict=True))
    assert all(np.array_equal(a, b) for a, b in zip(made.csr(), built.csr(), strict=True))
    for name in built.objectives:
        assert np.array_equal(made.cost_vector(name), built.cost_vector(name)), name
    assert made.row_key == built.row_key and made.col_key == built.col_key


def test_another_structure_is_not_assembled_from_the_template():
    base = small()
    assembly = build(base).assembly
    cache = ParamCache(base)
    other = small(result_targets={2026: 1.0})  # one result row less
    assert not assembly.fits(other)
    dropped = small(potentials=[("B1", "a", 6.0), ("B1", "b", 0.0)])  # other columns
    assert cache.params(dropped) is None


def test_a_failing_run_is_an_error_and_the_next_run_recovers(monkeypatch):
    import optimizer.batch.fastpath.solver as fastpath
    from optimizer.solver.stages import SolverFailure

    fast = FastSolver(small())

    def broken(*args, **kwargs):
        raise SolverFailure("highs: stage ended error (test)")

    with monkeypatch.context() as m:
        m.setattr(fastpath, "run_stages", broken)
        failed = fast.run(small(wage=0.05))
    assert failed.status == "error" and "stage ended error" in failed.message
    assert np.isnan(failed.objective)
    agree(fast, small(wage=0.05))


def test_reset_gives_the_answers_of_a_new_solver_to_the_last_bit():
    runs = [
        small(wage=w, result_targets=t) for w, t in zip((0.05, 0.0, 0.1), TARGETS, strict=False)
    ]
    new = FastSolver(small())
    fresh = [new.run(r) for r in runs]
    used = FastSolver(small())
    for r in GRIDS["milestones"]:
        used.run(r)
    used.reset()
    again = [used.run(r) for r in runs]
    for a, b in zip(fresh, again, strict=True):
        assert (a.status, a.objective, a.impact, a.total_shortfall) == (
            b.status,
            b.objective,
            b.impact,
            b.total_shortfall,
        )
        assert a.savings_by_year == b.savings_by_year


def test_a_reset_starts_warm_from_the_base_and_answers_as_a_cold_start_does():
    """``reset()`` keeps the base scenario's own bases (the anchor): a chunk's first run
    starts warm from the base. Its answers equal those of a solver without the anchor (whose
    first run is cold) to the objective tolerance."""
    runs = [small(milestones={2027: v}) for v in (0.0, 40.0, 80.0)]
    anchored = FastSolver(small())
    assert anchored.runs == 0 and set(anchored._anchor) == {"strict"}  # the base is optimal
    anchored.run(runs[1])
    anchored.reset()
    assert anchored._warm.bases.keys() == anchored._anchor.keys()
    for inputs in runs:
        anchored.reset()
        cold = FastSolver(small(), anchor=False)
        assert not cold._warm.bases
        a, b = anchored.run(inputs), cold.run(inputs)
        assert a.status == b.status
        assert abs(a.objective - b.objective) <= REL * max(1.0, abs(b.objective))


class _LosesItsWay:
    """A ``Highs`` whose next solve ends in HiGHS's ``Unknown`` status (until ``clearSolver``)."""

    def __init__(self, highs):
        self.inner, self.armed, self.lost = highs, True, False

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def run(self):
        out = self.inner.run()
        self.lost, self.armed = self.armed, False
        return out

    def getModelStatus(self):
        import highspy

        return highspy.HighsModelStatus.kUnknown if self.lost else self.inner.getModelStatus()

    def clearSolver(self):
        self.lost = False
        return self.inner.clearSolver()


def test_a_warm_stage_that_fails_is_solved_again_from_scratch():
    fast = FastSolver(small())
    fast.run(small())  # the first stage's basis is kept for the next run
    fast._warm.highs = _LosesItsWay(fast._warm.highs)
    agree(fast, small(wage=0.05))
    assert fast.counts["retries"] == 1
