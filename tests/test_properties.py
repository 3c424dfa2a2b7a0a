"""Property tests of the savings LP on random small scenarios (hypothesis).

Scenarios come from ``tests.factory.make_inputs``: 1-3 boards, 1-4 actions, 1-3 plan years,
random costs, growth, frames, weights, potentials, ramps, one-off and capital costs, and
sometimes a protected pair, a result target or a milestone. Amounts are on coarse grids so
the LPs stay well conditioned.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.analysis.pipeline import solve  # a plain import: an import error fails loudly
from optimizer.results.evaluate.verify import evaluate
from optimizer.scenario.inputs import Priorities
from tests.factory import make_inputs
from tests.independent_lp import independent_optimum

FIRST = 2025
CATEGORIES = ("efficiency", "digitalisation", "purchased_care", "hired_staff", "structural")
RAMPS = ((1.0,), (0.5, 1.0), (0.25, 0.5, 1.0), (0.0, 1.0))
INEQUALITY_FAMILIES = frozenset(
    "frame result milestone potential pace freeze category invest floor".split()
)
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def scenarios(draw) -> dict:
    """Keyword arguments for ``make_inputs`` of one random small scenario."""
    n_years = draw(st.integers(1, 3))
    last = FIRST + n_years - 1
    years = list(range(FIRST, last + 1))
    boards = []
    for i in range(draw(st.integers(1, 3))):
        boards.append(
            {
                "id": f"B{i + 1}",
                "cost0": float(draw(st.integers(5, 20)) * 10),
                "pshare": draw(st.sampled_from([0.0, 0.5, 0.7, 1.0])),
            }
        )
    actions = []
    for j in range(draw(st.integers(1, 4))):
        earliest = draw(st.sampled_from([FIRST, FIRST, *years]))
        latest = draw(st.sampled_from([last, *[t for t in years if t >= earliest]]))
        actions.append(
            {
                "id": f"a{j + 1}",
                "category": draw(st.sampled_from(CATEGORIES)),
                "ramp": draw(st.sampled_from(RAMPS)),
                "oneoff": draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])),
                "capex": draw(st.sampled_from([0.0, 0.0, 0.5, 1.5])),
                "life": draw(st.integers(1, 3)),
                "earliest": earliest,
                "latest": latest,
                "weight": draw(st.sampled_from([0.5, 1.0, 2.0, 3.5])),
            }
        )
    potentials = [
        (b["id"], a["id"], float(draw(st.sampled_from([20, 5, 10, 40, 80, 0]))))
        for b in boards
        for a in actions
    ]
    frames = {}
    for b in boards:
        for t in years:
            if draw(st.booleans()):
                factor = draw(st.sampled_from([0.97, 0.93, 1.0, 1.05]))
                frames[(b["id"], t)] = b["cost0"] * factor
    total = sum(b["cost0"] for b in boards)
    kwargs: dict = {
        "first": FIRST,
        "last": last,
        "boards": boards,
        "actions": actions,
        "potentials": potentials,
        "frames": frames,
        "wage": draw(st.sampled_from([0.0, 0.02, 0.04])),
        "price": draw(st.sampled_from([0.0, 0.01, 0.03])),
        "index_effects": draw(st.booleans()),
        "revenue": total + float(draw(st.integers(-4, 2)) * 5),
    }
    if draw(st.booleans()):
        kwargs["result_targets"] = {
            t: float(draw(st.sampled_from([-10, -5, 0, 5]))) for t in years if draw(st.booleans())
        } or {last: 0.0}
    if draw(st.booleans()):
        kwargs["balance_opening"] = float(draw(st.sampled_from([-30, -10, 0])))
        kwargs["milestones"] = {draw(st.sampled_from(years)): float(draw(st.sampled_from([-5, 0])))}
    protect = draw(st.sampled_from(["none", "pair", "none", "category"]))
    board = draw(st.sampled_from(boards))["id"]
    action = draw(st.sampled_from(actions))
    if protect == "pair":
        kwargs["priorities"] = Priorities(protected_actions=((board, action["id"]),))
    elif protect == "category":
        kwargs["priorities"] = Priorities(protected_categories={board: (action["category"],)})
    return kwargs


def _scale(value: float) -> float:
    return max(1.0, abs(value))


def _lexi_key(res) -> tuple[float, float]:
    return float(res.summary["total_shortfall"]), float(res.summary["impact"])


def _check_solved(res) -> None:
    assert res.status in ("optimal", "shortfall"), res.summary
    shortfall = float(res.summary["total_shortfall"])
    assert shortfall >= -1e-7
    if shortfall > 1e-5:
        assert res.status == "shortfall", res.summary
    elif shortfall < 1e-8:
        assert res.status == "optimal", res.summary


# --------------------------------------------------------------------------- evaluator


@SETTINGS
@given(scenarios())
def test_evaluator_finds_no_violation(kwargs):
    inputs = make_inputs(**kwargs)
    res = solve(inputs)
    _check_solved(res)
    violations = evaluate(inputs, res)
    assert list(violations) == [], violations


# --------------------------------------------------------------------------- protected areas


@SETTINGS
@given(scenarios())
def test_protected_actions_are_never_used(kwargs):
    inputs = make_inputs(**kwargs)
    res = solve(inputs)
    _check_solved(res)
    prio = inputs.priorities
    categories = inputs.actions["category"].to_dict()
    for row in res.actions.itertuples():
        board, action = str(row.board), str(row.action)
        assert not prio.is_protected(board, action, categories[action]), (board, action)
        assert row.amount > 0
    # every protected pair with pot > 0 is listed in the protected table
    listed = {(str(r.board), str(r.action)) for r in res.protected.itertuples()}
    for board, action, pot in inputs.potentials.itertuples(index=False):
        if pot > 0 and prio.is_protected(board, action, categories[action]):
            assert (board, action) in listed
    effects = res.effects
    for board, action in prio.protected_actions:
        mask = (effects["board"].astype(str) == board) & (effects["action"].astype(str) == action)
        assert effects.loc[mask, "effect"].abs().sum() <= 1e-9


# --------------------------------------------------------------------------- monotonicity


@st.composite
def tightenings(draw) -> tuple[dict, dict]:
    """A scenario and a copy with one requirement tightened by ``delta``: a frame lowered, a
    result target or a milestone raised. Where the requirement is absent, the looser scenario
    gets a slack one first, so the two differ only in that one number."""
    loose = draw(scenarios())
    years = list(range(loose["first"], loose["last"] + 1))
    kind = draw(st.sampled_from(["frames", "result_targets", "milestones"]))
    delta = float(draw(st.sampled_from([2, 0.5, 5])))
    year = draw(st.sampled_from(years))
    values = dict(loose.get(kind) or {})
    if kind == "frames":
        board = draw(st.sampled_from(loose["boards"]))
        key: object = (board["id"], year)
        values.setdefault(key, board["cost0"] * draw(st.sampled_from([1.0, 0.97, 1.1])))
        tightened = values[key] - delta
    else:
        key = year
        values.setdefault(key, float(draw(st.sampled_from([-5, 0, -40]))))
        tightened = values[key] + delta
    loose = {**loose, kind: dict(values)}
    values[key] = tightened
    return loose, {**loose, kind: values}


@settings(SETTINGS, max_examples=40)
@given(tightenings())
def test_tightening_never_lowers_shortfall_then_impact(pair):
    loose_kwargs, tight_kwargs = pair
    loose = solve(make_inputs(**loose_kwargs))
    tight = solve(make_inputs(**tight_kwargs))
    _check_solved(loose)
    _check_solved(tight)
    (sf_loose, imp_loose), (sf_tight, imp_tight) = _lexi_key(loose), _lexi_key(tight)
    assert sf_tight >= sf_loose - 1e-6 * _scale(sf_loose)
    if math.isclose(sf_tight, sf_loose, rel_tol=1e-7, abs_tol=1e-6):
        assert imp_tight >= imp_loose - 1e-6 * _scale(imp_loose), (imp_tight, imp_loose)


# --------------------------------------------------------------------------- duals


@SETTINGS
@given(scenarios())
def test_duals_have_the_model_sign_and_vanish_off_binding_rows(kwargs):
    res = solve(make_inputs(**kwargs))
    _check_solved(res)
    duals = res.duals
    assert len(duals) > 0
    for row in duals.itertuples():
        family = str(row.constraint)
        if family not in INEQUALITY_FAMILIES:
            continue
        label = (family, row.board, row.action, row.year, row.dual, row.slack, row.binding)
        assert row.slack >= -1e-6, label
        if bool(row.binding):
            assert row.dual >= -1e-7, label
        else:
            assert abs(row.dual) <= 1e-6, label
        if row.slack > 1e-5:
            # complementary slackness: a row with room to spare has no price
            assert abs(row.dual) <= 1e-6, label
    # the boards and region tables carry the same duals as the duals table
    frame_duals = {
        (str(r.board), int(r.year)): float(r.dual)
        for r in duals.itertuples()
        if str(r.constraint) == "frame"
    }
    for r in res.boards.itertuples():
        key = (str(r.board), int(r.year))
        if key in frame_duals:
            assert math.isclose(r.frame_dual, frame_duals[key], abs_tol=1e-7)


# --------------------------------------------------------------------------- impact bookkeeping


@SETTINGS
@given(scenarios())
def test_impact_equals_weighted_effects(kwargs):
    res = solve(make_inputs(**kwargs))
    _check_solved(res)
    weights = {(str(r.board), str(r.action)): float(r.weight) for r in res.actions.itertuples()}
    total = 0.0
    for r in res.effects.itertuples():
        key = (str(r.board), str(r.action))
        if abs(r.effect) > 1e-9:
            assert key in weights, key
            total += weights[key] * float(r.effect)
    impact = float(res.summary["impact"])
    assert math.isclose(impact, total, rel_tol=1e-6, abs_tol=1e-6), (impact, total)
    # savings_by_year is the year's total effect
    by_year = res.effects.groupby("year")["effect"].sum()
    for year, value in res.summary["savings_by_year"].items():
        expected = float(by_year.get(int(year), 0.0))
        assert math.isclose(float(value), expected, rel_tol=1e-6, abs_tol=1e-6), (year, value)
    if kwargs.get("objective", "min_impact") == "min_impact":
        assert math.isclose(float(res.summary["objective"]), impact, rel_tol=1e-6, abs_tol=1e-6)


# --------------------------------------------------------------------------- elastic vs strict


@SETTINGS
@given(scenarios())
def test_strict_agrees_with_elastic(kwargs):
    inputs = make_inputs(**kwargs)
    elastic = solve(inputs)
    strict = solve(inputs, strict=True)
    _check_solved(elastic)
    if elastic.status == "optimal":
        # no shortfall: the hard model has the same optimum
        assert strict.status == "optimal", strict.summary
        a, b = float(elastic.summary["impact"]), float(strict.summary["impact"])
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6), (a, b)
    else:
        # a least shortfall > 0 means no plan meets every target
        assert strict.status == "infeasible", strict.summary


# --------------------------------------------------------------------------- an independent optimum


@SETTINGS
@given(scenarios())
def test_the_optimum_equals_an_independent_formulation(kwargs):
    """The least shortfall and the least impact equal those of an LP written in the test from
    MODEL.md (``independent_optimum``): an objective that dropped the weights or a year, a row
    written wrong, or a stage that held the wrong value gives another optimum and fails."""
    inputs = make_inputs(**kwargs)
    highs = solve(inputs)
    _check_solved(highs)
    least, impact = independent_optimum(inputs)
    got_s, got_i = float(highs.summary["total_shortfall"]), float(highs.summary["impact"])
    assert math.isclose(got_s, least, rel_tol=1e-6, abs_tol=1e-5), (got_s, least)
    assert math.isclose(got_i, impact, rel_tol=1e-6, abs_tol=1e-5), (got_i, impact)
