"""(v2) Bad input in version 2's keys: one clear message naming file, key, value and what
was expected; and the CLI exits 2 without a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cli import main
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario

DATA = Path(__file__).resolve().parent / "data"
LAW = {
    "deficits": [{"year": 2023, "amount": -30, "restore_by": 2026}],
    "exempt": {2025: 10},
    "restore_within": 3,
}


@pytest.fixture()
def folder(tmp_path) -> Path:
    shutil.copytree(DATA / "minimal", tmp_path / "minimal")
    return tmp_path / "minimal"


def edit(folder: Path, **keys) -> None:
    file = folder / "scenario.yaml"
    data = yaml.safe_load(file.read_text())
    data.update(keys)
    file.write_text(yaml.safe_dump(data, sort_keys=False))


def problems(folder: Path) -> list:
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    return err.value.problems


def test_the_law_keys_load(folder):
    edit(folder, balance=LAW, frames_decided_through=2026, tail_years=2,
         requirements=[["law", "targets"], "frames"],
         targets={"result": {2025: -10, 2027: 20}, "result_share": {2027: 0.05}})  # fmt: skip
    inp = load_scenario(folder)
    assert inp.balance_law and inp.deficits == ((2023, -30.0, 2026),)
    assert inp.balance_opening == -30.0 and inp.exempt == {2025: 10.0}
    assert inp.decided_through == 2026 and inp.tail_years == 2.0
    assert inp.requirements == (("law", "targets"), ("frames",))
    # 5 % of revenue 2027 is larger than the 20 given: the larger counts
    assert inp.result_targets[2027] == pytest.approx(max(20.0, 0.05 * inp.revenue[2027]))
    assert inp.result_targets[2025] == -10.0


# fmt: off
CASES = [
    ("deficit amount positive", {"balance": {"deficits": [{"year": 2023, "amount": 5,
     "restore_by": 2026}]}}, "balance.deficits.0.amount", 5),
    ("deficit year in the plan", {"balance": {"deficits": [{"year": 2025, "amount": -5,
     "restore_by": 2026}]}}, "balance.deficits.0.year", 2025),
    ("deficit restored before the plan", {"balance": {"deficits": [{"year": 2023,
     "amount": -5, "restore_by": 2024}]}}, "balance.deficits.0.restore_by", 2024),
    ("deficits not a list", {"balance": {"deficits": {"year": 2023}}}, "balance.deficits",
     {"year": 2023}),
    ("deficit unknown key", {"balance": {"deficits": [{"year": 2023, "amount": -5,
     "restore_by": 2026, "due": 1}]}}, "balance.deficits.0.due", "due"),
    ("opening beside deficits", {"balance": {"opening": -5, "deficits": [{"year": 2023,
     "amount": -5, "restore_by": 2026}]}}, "balance.opening", -5),
    ("milestones beside the law", {"balance": {"exempt": {2025: 1}, "milestones": {2027: 0}}},
     "balance.milestones", {2027: 0}),
    ("exempt negative", {"balance": {"exempt": {2025: -1}}}, "balance.exempt.2025", -1),
    ("restore_within fraction", {"balance": {"restore_within": 1.5}},
     "balance.restore_within", 1.5),
    ("result share above 1", {"targets": {"result_share": {2026: 2}}},
     "targets.result_share.2026", 2),
    ("requirements twice", {"requirements": ["law", "law", "frames"]}, "requirements",
     ["law", "law", "frames"]),
    ("requirements unknown tier", {"requirements": ["law", "targets", "budget"]},
     "requirements.2", "budget"),
    ("tail_years negative", {"tail_years": -1}, "tail_years", -1),
    ("frames decided before the base", {"frames_decided_through": 2020},
     "frames_decided_through", 2020),
    ("shortfall kind of the law", {"shortfall_weights": {"deadlines": 1}},
     "shortfall_weights.deadlines", "deadlines"),
]
# fmt: on


@pytest.mark.parametrize(("keys", "where", "named"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_bad_v2_key(folder, keys, where, named):
    data = yaml.safe_load((folder / "scenario.yaml").read_text())
    if "balance" in keys:
        data["balance"] = keys["balance"]  # the block replaced, not merged
        keys = {k: v for k, v in keys.items() if k != "balance"}
    data.update(keys)
    (folder / "scenario.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    found = problems(folder)
    assert len(found) == 1, found
    problem = found[0]
    assert problem.file.endswith("scenario.yaml")
    assert problem.where == where
    assert problem.value == named
    assert problem.expected


def test_the_cli_exits_2_naming_the_key(folder):
    edit(folder, requirements=["law", "frames"])
    result = CliRunner().invoke(main, ["solve", str(folder)])
    assert result.exit_code == 2
    assert "requirements" in result.output and "Traceback" not in result.output


def test_frontier_deadline_needs_a_deadline_year(tmp_path):
    out = tmp_path / "none"
    result = CliRunner().invoke(main, ["frontier", "--x", "deadline:2028", "--out", str(out)])
    assert result.exit_code == 2
    assert "2027, 2030" in result.output and not out.exists()


def test_frontier_balance_on_a_law_scenario_asks_for_deadline(tmp_path):
    out = tmp_path / "none"
    result = CliRunner().invoke(main, ["frontier", "--x", "balance:2027", "--out", str(out)])
    assert result.exit_code == 2
    assert "deadline:<year>" in result.output and not out.exists()
