"""(v3, MODEL.md 10.1) The law's ledger: statutory and decided deadlines, decisions, an
exempted plan year's deficit restored by its ``restore_by``, ``ledger.csv``,
``summary.deficit_left_at_end`` and the status line that names what rests on a decision.

Hand-solved on the neutral region of tests/test_law.py: board ``B`` with ``cost0`` 100 and
no growth, so with revenue ``K`` the result is ``R = K - 100 + E``.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from optimizer.analysis.pipeline import solve
from optimizer.report.view.tiers import tier_sentence
from optimizer.results.evaluate.verify import evaluate
from optimizer.scenario.financial_core import FinancialCore, TaxRate
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from tests.factory import make_inputs

TOL = 1e-6
DATA = Path(__file__).resolve().parent / "data"
ONE_YEAR = [{"id": "m", "category": "efficiency", "ramp": (1.0, 0.0)}]  # effect in its start year


def exempted(restore_by: int | None):
    """2025-2027, K = 90 (R = -10 + x_t: a one-year measure ``m`` of weight 1, tail 0);
    2025 exempted up to 10 (synnerliga skäl), its deficit due by ``restore_by``."""
    inp = make_inputs(first=2025, last=2027, revenue=90.0, actions=ONE_YEAR,
                      exempt={2025: 10.0}, balance_law=True)  # fmt: skip
    if restore_by is None:
        return replace(inp, decisions={2025: "RF § 1"})
    return replace(inp, exempt_restore_by={2025: restore_by})


def test_an_exempted_deficit_restored_by_its_deadline():
    """no_deficit: x25 >= 0 (R25 + 10 >= 0), x26 >= 10, x27 >= 10; deadline 2027 (2025's
    deficit now due, counted in full): R25 + R26 + R27 >= 0, i.e. x25 + x26 + x27 >= 30.
    Least harm sum x = 30 (impact 30): the 10 exempted in 2025 is restored by 2027. The
    deadline's dual is 1 (one MSEK looser saves one of ``m``). Without ``restore_by`` (never
    restored) only the no_deficit rows hold: impact 20."""
    res = solve(exempted(2027))
    assert res.status == "optimal"
    assert res.summary["impact"] == pytest.approx(30.0, abs=TOL)
    d = res.duals
    assert float(d[(d["constraint"] == "deadline") & (d["year"] == 2027)]["dual"].iloc[0]) == (
        pytest.approx(1.0, abs=TOL)
    )
    book = res.ledger
    mine = book[book["deficit_year"] == 2025].set_index("year")
    assert list(mine.index) == [2025, 2026, 2027]
    assert mine.loc[2025, "amount"] == pytest.approx(10.0, abs=TOL)
    assert int(mine.loc[2025, "statutory_deadline"]) == 2028
    assert int(mine.loc[2025, "decided_deadline"]) == 2027
    assert mine.loc[2027, "left"] == pytest.approx(0.0, abs=TOL)
    assert mine.loc[2027, "status"] == "restored"
    assert mine["restored"].sum() == pytest.approx(10.0, abs=TOL)
    assert res.summary["deficit_left_at_end"] == pytest.approx(0.0, abs=TOL)
    assert res.summary["extended_deadlines"] == []  # 2027 is within 2025 + 3
    assert evaluate(exempted(2027), res) == []
    never = solve(exempted(None))
    assert never.summary["impact"] == pytest.approx(20.0, abs=TOL)
    row = never.ledger.set_index("year").loc[2027]
    assert row["status"] == "exempt" and pd_isna(row["decided_deadline"])
    assert never.summary["extended_deadlines"][0]["decision"] == "RF § 1"
    assert "not restored" in tier_sentence(never.summary, never.shortfall)
    assert evaluate(exempted(None), never) == []


def test_an_exempted_year_counts_its_tax_revenue_once_due():
    """``exempted(2027)`` with the tax lever (1 MSEK per öre, harm 0.1 per MSEK-year, from
    2025): ``z`` öre add ``z`` to each year's result. Rows: x25 + z >= 0, x26 + z >= 10,
    x27 + z >= 10, and deadline 2027 (2025 now counted in full, its tax revenue too):
    x25 + x26 + x27 + T >= 30 with T the tax revenue of 2025-2027. 30 MSEK-years of tax meet
    the deadline at harm 0.1 * 30 = 3 (10 öre from 2025, or 10 from 2026 and 10 more from
    2027: the same harm; any x costs 1 per MSEK). Were 2025's tax revenue left out of the
    deadline, 10 öre from 2025 would count 20: harm 4.5 or more."""
    tax = TaxRate({2025: 1.0, 2026: 1.0, 2027: 1.0}, 100.0, 2025, 0.1)
    inp = replace(exempted(2027), core=FinancialCore(tax=tax))
    res = solve(inp)
    assert res.summary["impact"] == pytest.approx(3.0, abs=TOL)
    in_force = res.summary["tax_rate"]["in_force"]
    assert sum(v["msek"] for v in in_force.values()) == pytest.approx(30.0, abs=TOL)
    assert evaluate(inp, res) == []


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_a_deadline_after_the_plan_is_left_at_the_end_and_said():
    """2025-2026, K = 100 (R = x); opening deficit 2024 -30, restore_by 2030 (decision RF 9):
    no deadline row in the plan and nothing else required, so x = 0 (impact 0), 30 is left at
    the end of 2026 (status open), and the status line says the plan is met on an extended
    deadline (2030 instead of 2027, RF 9) with 30 MSEK left, never "the law is met"."""
    inp = replace(
        make_inputs(first=2025, last=2026, revenue=100.0, deficits=((2024, -30.0, 2030),)),
        decisions={2024: "RF 9"},
    )
    res = solve(inp)
    assert res.summary["impact"] == pytest.approx(0.0, abs=TOL)
    assert res.summary["deficit_left_at_end"] == pytest.approx(30.0, abs=TOL)
    last = res.ledger.set_index("year").loc[2026]
    assert last["status"] == "open" and last["left"] == pytest.approx(30.0, abs=TOL)
    sentence = tier_sentence(res.summary, res.shortfall)
    assert "the law is met" not in sentence
    assert "2024 (by 2030 instead of 2027)" in sentence and "RF 9" in sentence
    assert "30 MSEK of them is left at the end of 2026" in sentence
    assert evaluate(inp, res) == []


def test_an_unmet_deadline_is_overdue_in_the_ledger():
    """2025, K = 100, opening deficit 2023 -10 due 2025 and no measure (potential 0): the
    deadline falls short by 10, the ledger says ``overdue`` with 10 left."""
    inp = make_inputs(first=2025, last=2025, revenue=100.0, deficits=((2023, -10.0, 2025),),
                      potentials=[("B", "a", 0.0)])  # fmt: skip
    res = solve(inp)
    assert res.status == "shortfall"
    row = res.ledger.iloc[0]
    assert row["status"] == "overdue" and row["left"] == pytest.approx(10.0, abs=TOL)
    assert res.summary["deficit_left_at_end"] == pytest.approx(10.0, abs=TOL)


def test_the_evaluator_catches_a_wrong_ledger():
    res = solve(exempted(2027))
    book = res.tables["ledger"].copy()
    book.loc[book["year"] == 2027, "status"] = "open"
    book.loc[book["year"] == 2026, "left"] += 5.0
    res.tables["ledger"] = book
    found = {v.check for v in evaluate(exempted(2027), res)}
    assert {"ledger.status", "ledger.left"} <= found


# -- the scenario keys ------------------------------------------------------------------------


@pytest.fixture()
def folder(tmp_path) -> Path:
    shutil.copytree(DATA / "minimal", tmp_path / "minimal")
    return tmp_path / "minimal"


def with_balance(folder: Path, balance: dict) -> None:
    file = folder / "scenario.yaml"
    data = yaml.safe_load(file.read_text())
    data["balance"] = balance
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_the_keys_load_with_their_defaults(folder):
    with_balance(folder, {
        "deficits": [{"year": 2023, "amount": -30},  # restore_by: the statutory 2026
                     {"year": 2024, "amount": -5, "restore_by": 2029, "decision": "RF § 180"}],
        "exempt": {2025: {"amount": 10, "restore_by": 2028}, 2026: 4},
    })  # fmt: skip
    inp = load_scenario(folder)
    assert inp.deficits == ((2023, -30.0, 2026), (2024, -5.0, 2029))
    assert inp.decisions == {2024: "RF § 180"}
    assert inp.exempt == {2025: 10.0, 2026: 4.0}  # 2026: the version-2 form, never restored
    assert inp.exempt_restore_by == {2025: 2028}


# fmt: off
BAD = [
    ("later deadline without a decision",
     {"deficits": [{"year": 2024, "amount": -5, "restore_by": 2030}]},
     "balance.deficits.0.restore_by", 2030, ("2027", "2030", "decision")),
    ("decision not text", {"deficits": [{"year": 2024, "amount": -5, "decision": 5}]},
     "balance.deficits.0.decision", 5, ("text",)),
    ("exemption never restored without a decision", {"exempt": {2025: {"amount": 10}}},
     "balance.exempt.2025", {"amount": 10}, ("restore_by", "decision")),
    ("exemption restored before its year",
     {"exempt": {2025: {"amount": 10, "restore_by": 2025}}},
     "balance.exempt.2025.restore_by", 2025, ("after 2025",)),
    ("exemption later than statutory without a decision",
     {"exempt": {2025: {"amount": 10, "restore_by": 2030}}},
     "balance.exempt.2025.restore_by", 2030, ("2028", "2030", "decision")),
    ("exemption amount negative", {"exempt": {2025: {"amount": -1, "restore_by": 2026}}},
     "balance.exempt.2025.amount", -1, (">= 0",)),
    ("exemption unknown key", {"exempt": {2025: {"amount": 1, "restore_by": 2026, "by": 1}}},
     "balance.exempt.2025.by", "by", ("restore_by",)),
    ("deficit statutory deadline before the plan", {"deficits": [{"year": 2020, "amount": -5}]},
     "balance.deficits.0.restore_by", "2023 (the statutory 2020 + 3)", ("2025",)),
]
# fmt: on


@pytest.mark.parametrize(("balance", "where", "value", "words"), [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])  # fmt: skip
def test_a_bad_ledger_key_is_one_message(folder, balance, where, value, words):
    with_balance(folder, balance)
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    found = err.value.problems
    assert len(found) == 1, found
    assert found[0].where == where and found[0].value == value
    assert all(w in found[0].expected for w in words), found[0].expected
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(folder / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert where in result.output and not (folder / "out").exists()
