"""One formulation for every path: each row family's numbers, re-assembled, equal a full build.

``model.build`` lays every family of ``model.assembly.ROW_FAMILIES`` out once and fills its
numbers; the batch fast path keeps the layouts (``Assembly``) and runs only the families'
``numbers`` for each scenario. These tests walk every family: each must appear in one of the
walk's scenarios, and, with every number of the scenario moved (the example's uncertain keys
and many more), the re-assembled LP must equal a fresh build's to the last bit. A family added
to ``model/`` outside the registry (rows ``Assembly`` does not know), or whose layout reads a
number, fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from optimizer.batch.fastpath.params import ParamCache
from optimizer.batch.fastpath.solver import FastSolver
from optimizer.model import build
from optimizer.model.assembly import ROW_FAMILIES
from optimizer.params import compute
from optimizer.scenario.load import load_scenario

# every number a layout must not depend on, moved (the example's uncertain keys among them)
MOVES = [
    "drivers.wage=0.041",
    "drivers.price=0.027",
    "economy.revenue.tax.real_growth=-0.004",
    "economy.revenue.tax.wage_elasticity=0.7",
    "economy.grants=131",
    "boards.HSN.cost0=5611",
    "boards.HSN.fte0=5100",
    "boards.HSN.cost_per_fte=0.71",
    "actions.hyr-min.realisation=0.63",
    "actions.hyr-min.staff_share=0.5",
    "actions.str-lokaler.min_size=12",
    "potentials.HSN.str-lokaler=25",
    "frames.HSN.2026=5800",
    "targets.result.2026=-10",
    "targets.categories.hired_staff.2026=70",
    "limits.pace=0.08",
    "limits.investment.2026=50",
    "limits.attrition.HSN=0.05",
    "limits.liquidity.interest=0.04",
    "limits.liquidity.cash_interest=0.02",
    "limits.liquidity.loan_cap=650",
    "limits.liquidity.min_cash=120",
    "economy.tax_rate.per_ore=4.1",
    "economy.tax_rate.weight=2.0",
    "economy.tax_rate.max_ore=40",
    "balance.exempt.2025=200",
    "groups.HSN-inhyrd.pot=170",
    "shortfall_weights.frame=0.5",
    "tail_years=4",
]
FLOOR = ["priorities.floors.HSN.2027=5000"]
WALK = [  # (use, sets of the base, sets moved): together every row family
    ([], FLOOR, MOVES + ["priorities.floors.HSN.2027=4900"]),
    (["cost-freeze", "version-1"], ["objective=min_max_share"],
     ["drivers.wage=0.04", "boards.HSN.cost0=5611", "balance.milestones.2027=-450",
      "limits.liquidity.loan_cap=650", "tail_years=2"]),
    ([], ["economy.tax_rate.min_ore=-10"],  # (v3) a rise may be reversed: tax_level, tax_cap
     ["economy.tax_rate.max_ore=40", "drivers.wage=0.04", "economy.tax_rate.weight=2.0"]),
]  # fmt: skip


def _same_lp(made, built) -> None:
    assert made.row_key == built.row_key and made.col_key == built.col_key
    assert made.row_family == built.row_family and made.col_family == built.col_family
    assert sorted(made.integer) == sorted(built.integer)
    for a, b in zip(made.bounds(), built.bounds(), strict=True):
        assert np.array_equal(a, b)
    for a, b in zip(made.csr(), built.csr(), strict=True):
        assert np.array_equal(a, b)
    assert set(made.objectives) == set(built.objectives)
    for name in built.objectives:
        assert np.array_equal(made.cost_vector(name), built.cost_vector(name)), name


@pytest.mark.parametrize("use,base_sets,moved", WALK)
def test_every_family_is_re_assembled_as_build_makes_it(use, base_sets, moved):
    base = load_scenario(use=use, sets=base_sets)
    inputs = load_scenario(use=use, sets=base_sets + moved)
    model = build(base)
    params = ParamCache(base, model.params).params(inputs)
    assert params is not None and model.assembly.fits(inputs)
    fresh = build(inputs)
    made = model.assembly.lp(inputs, params)
    _same_lp(made, fresh.lp)
    # the moves did move the numbers (else the comparison would prove nothing)
    assert not np.array_equal(made.bounds()[3], model.lp.bounds()[3])
    assert not np.array_equal(made.csr()[2], model.lp.csr()[2])


def test_the_walk_covers_every_row_family():
    """Each family of the registry has rows in some scenario of the walk, and every row of a
    built LP belongs to a family of the registry (none added beside it)."""
    names = {family.name for family in ROW_FAMILIES}
    seen: set[str] = set()
    for use, base_sets, _ in WALK:
        lp = build(load_scenario(use=use, sets=base_sets)).lp
        assert set(lp.row_family) <= names
        seen |= set(lp.row_family)
    entries_only = {"result_terms"}  # entries in other families' rows (section 9's X[t])
    assert names - entries_only <= seen, names - entries_only - seen


def test_rows_are_added_only_through_the_registry():
    """``add_rows`` is called by ``model/assembly.py`` alone: a family written beside the
    registry would have no batch re-assembly."""
    root = Path(__file__).parent.parent / "optimizer"
    callers = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add_rows":
                callers.append(path.relative_to(root).as_posix())
    assert set(callers) == {"model/assembly.py"}


def test_cached_params_know_realisation():
    base = load_scenario()
    inputs = load_scenario(sets=["actions.hyr-min.realisation=0.6"])
    got = ParamCache(base).params(inputs)
    assert np.array_equal(got.effect, compute(inputs).effect)


def test_the_example_runs_every_uncertain_key_on_the_fast_path():
    """Every key of the example's ``uncertainty:`` moved at once: no build, no hand-off."""
    base = load_scenario()
    keys = ["drivers.wage=0.039", "drivers.price=0.024", "economy.revenue.tax.real_growth=0.004",
            "boards.HSN.cost0=5560", "actions.hyr-min.realisation=0.7"]  # fmt: skip
    fast = FastSolver(base)
    out = fast.run(load_scenario(sets=keys))
    assert out.status == "optimal"
    assert fast.counts["assemblies"] == 0 and fast.counts["rebuilds"] == 0


def _entry(lp, family: str, key: tuple, col_family: str, col_key: tuple) -> float:
    start, index, value = lp.csr()
    row, col = lp.rows[family][key], lp.cols[col_family][col_key]
    cols = index[start[row] : start[row + 1]]
    return float(value[start[row] : start[row + 1]][cols == col].sum())


def test_a_due_exemption_brings_its_years_tax_and_interest_into_the_deadline_row():
    """(v3) 2025's exemption restored by 2028: from 2028 the ``deadline`` row holds BKR[2025]
    in full, so 2025's net interest (part of R[2025]) enters it with +1, as it enters
    ``no_deficit[2025]``; ``deadline[2027]`` holds ``zx[2025]`` instead, without it."""
    lp = build(load_scenario(sets=["balance.exempt.2025={amount: 230, restore_by: 2028}"])).lp
    assert _entry(lp, "no_deficit", (2025,), "interest", (2025,)) == 1.0
    assert _entry(lp, "deadline", (2028,), "interest", (2025,)) == 1.0
    assert _entry(lp, "deadline", (2028,), "zx", (2025,)) == 0.0
    assert _entry(lp, "deadline", (2027,), "interest", (2025,)) == 0.0
    assert _entry(lp, "deadline", (2027,), "zx", (2025,)) == 1.0
    assert _entry(lp, "deadline", (2027,), "interest", (2026,)) == 1.0
