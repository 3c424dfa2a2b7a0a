"""Which overrides a compared run records when ``--priorities`` (or ``--reference``) gives its set.

The tiny scenario of ``test_compare`` (board B, cost0 100; actions a1 weight 1 pot 6, a2 weight
3 pot 6, a3 weight 5 pot 10), with overrides: ``protect`` sets only the priority set
(``protect-a1.yaml``), ``tight`` only the frame (frame0 89, so E >= 11), ``mixed`` both. The
``priorities`` argument replaces the whole set, so an override that sets nothing but
``priorities`` (as a priority set's name in ``--use`` does) no longer applies to such a run.

By hand, with frame0 89: ``Protect a1`` (a1 protected): a2 6 + a3 5, impact 6*3 + 5*5 = 43;
``Double B`` (board weight 2): a1 6 + a2 5, impact 2*(6*1 + 5*3) = 42; savings 11 in both.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from optimizer import compare
from tests.test_compare import TINY, write

OVERRIDES = """\
overrides:
  protect: {priorities: protect-a1.yaml}
  tight: {boards: {B: {frame0: 89}}}
  mixed: {priorities: protect-a1.yaml, boards: {B: {frame0: 89}}}
"""


@pytest.fixture
def scenario(tmp_path) -> Path:
    write(tmp_path / "ref.yaml", "name: Ref\n")
    write(tmp_path / "protect-a1.yaml", "name: Protect a1\nprotected: {actions: [[B, a1]]}\n")
    write(tmp_path / "double-b.yaml", "name: Double B\nboard_weights: {B: 2}\n")
    return write(tmp_path / "over.yaml", TINY + OVERRIDES)


def _runs(comp) -> list[tuple]:
    columns = ["run", "priorities", "overrides", "impact", "savings_2025"]
    return list(comp.summary[columns].itertuples(index=False, name=None))


def test_a_priorities_only_override_is_not_recorded_where_priorities_replace_it(scenario):
    comp = compare(scenario, [str(scenario.parent / "double-b.yaml")], use=["protect", "tight"])
    (ref_label, ref_set, ref_over, ref_imp, ref_sav), (label, name, over, imp, sav) = _runs(comp)
    # the reference is the scenario's own set after --use: protect applies there
    assert (ref_set, ref_over) == ("Protect a1", "protect,tight")
    assert (name, over) == ("Double B", "tight")
    assert (ref_label, label) == ("Protect a1 [protect,tight]", "Double B [tight]")
    assert math.isclose(ref_imp, 43) and math.isclose(imp, 42)
    assert math.isclose(ref_sav, 11) and math.isclose(sav, 11)  # tight applies to both


def test_an_override_that_sets_more_than_priorities_is_still_recorded(scenario):
    comp = compare(scenario, [str(scenario.parent / "double-b.yaml")], use=["mixed"])
    (_, ref_set, ref_over, _, ref_sav), (_, name, over, imp, sav) = _runs(comp)
    assert (ref_set, ref_over) == ("Protect a1", "mixed")
    assert (name, over) == ("Double B", "mixed")  # its frame still applies
    assert math.isclose(imp, 42) and math.isclose(sav, 11) and math.isclose(ref_sav, 11)


def test_with_a_reference_set_no_run_records_the_replaced_override(scenario):
    folder = scenario.parent
    comp = compare(
        scenario,
        [str(folder / "double-b.yaml")],
        use=["protect"],
        reference=str(folder / "ref.yaml"),
    )
    assert [(r[1], r[2]) for r in _runs(comp)] == [("Ref", ""), ("Double B", "")]
    assert comp.meta["runs"] == ["Ref", "Double B"]


def test_a_priority_set_named_in_use_on_the_example():
    """``balansplan compare --use protect-care --priorities equal-burden`` (the reported bug)."""
    comp = compare(None, ["equal-burden"], use=["protect-care"])
    summary = comp.summary.set_index("priorities")
    assert summary.loc["Protect care", "overrides"] == "protect-care"  # the reference
    assert summary.loc["Equal burden", "overrides"] == ""
    assert summary.loc["Equal burden", "objective_name"] == "min_max_share"
