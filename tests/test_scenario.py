"""Composition of scenarios: extends, overrides, priority sets, --set, paths, the inputs hash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import optimizer.scenario.load as scenario
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import list_priority_sets, list_scenarios, load_scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """A scenarios folder holding a copy of ``minimal`` and the ``protect`` priority set."""
    shutil.copytree(DATA / "minimal", tmp_path / "minimal")
    shutil.copytree(DATA / "priorities", tmp_path / "priorities")
    monkeypatch.setattr(scenario, "SCENARIOS_DIR", tmp_path)
    return tmp_path


def problems(call) -> list:
    with pytest.raises(InputError) as err:
        call()
    return err.value.problems


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_folder_file_and_name_load_the_same_scenario(root):
    by_folder = load_scenario(root / "minimal")
    by_file = load_scenario(root / "minimal" / "scenario.yaml")
    by_name = load_scenario("minimal")
    assert by_folder.name == "Minimal"
    assert by_folder.inputs_sha256 == by_file.inputs_sha256 == by_name.inputs_sha256
    assert by_folder.source == str(root / "minimal")
    assert by_name.source == "minimal"
    assert by_folder.overrides == ()
    assert by_folder.priorities.name == "none"


def test_missing_scenario_is_an_input_error(root):
    (problem,) = problems(lambda: load_scenario(root / "nowhere"))
    assert "nowhere" in problem.file
    assert "scenario.yaml" in problem.expected


def test_extends_merges_over_the_parent_with_paths_relative_to_each_file(root):
    write(root / "child" / "boards.csv", "id,cost0,frame0\nCARE,900,950\nADM,100,101\n")
    write(
        root / "child" / "scenario.yaml",
        "extends: ../minimal/scenario.yaml\n"
        "name: Child\n"
        "drivers: {wage: 0.03}\n"
        "boards: boards.csv\n"
        "overrides:\n  low-price: {drivers: {price: 0.01}}\n",
    )
    child = load_scenario(root / "child", use=["low-price", "high-wages"])
    assert child.name == "Child"
    assert child.boards.loc["CARE", "cost0"] == 900.0  # the child's own table
    assert list(child.actions.index) == ["digital", "staff"]  # the parent's, next to the parent
    assert child.price == {2025: 0.01, 2026: 0.01, 2027: 0.01}  # the child's override
    assert child.wage[2025] == 0.05  # the parent's override, applied after the child's value
    assert child.overrides == ("low-price", "high-wages")


def test_extends_cycle_is_an_error(root):
    write(root / "a.yaml", "extends: b.yaml\n")
    write(root / "b.yaml", "extends: a.yaml\n")
    (problem,) = problems(lambda: load_scenario(root / "a.yaml"))
    assert problem.where == "extends"
    assert "cycle" in problem.expected


def test_extends_of_a_missing_file_names_it(root):
    write(root / "c.yaml", "extends: ../gone/scenario.yaml\n")
    (problem,) = problems(lambda: load_scenario(root / "c.yaml"))
    assert problem.file.endswith("c.yaml")
    assert problem.value == "../gone/scenario.yaml"


def test_overrides_apply_in_order_and_are_recorded(root):
    base = load_scenario(root / "minimal")
    inputs = load_scenario(root / "minimal", use=["cheap-care", "high-wages", "more-digital"])
    assert inputs.overrides == ("cheap-care", "high-wages", "more-digital")
    assert inputs.wage == {2025: 0.05, 2026: 0.05, 2027: 0.05}
    assert inputs.price == base.price  # a deep merge: drivers.price untouched
    assert inputs.boards.loc["CARE", "cost0"] == 500.0
    assert inputs.boards.loc["CARE", "pshare"] == 0.6  # the rest of the row untouched
    pots = {(r.board, r.action): r.pot for r in inputs.potentials.itertuples()}
    assert pots[("ADM", "digital")] == 40.0  # a new pair is added
    assert len(pots) == 4


def test_use_given_as_one_text_is_split_into_names(root):
    assert load_scenario(root / "minimal", use="high-wages").overrides == ("high-wages",)


def test_conflicting_overrides_name_both_and_the_key(root):
    (problem,) = problems(lambda: load_scenario(root / "minimal", use=["high-wages", "wage-2027"]))
    assert problem.value == "drivers.wage"
    assert "high-wages" in problem.expected and "wage-2027" in problem.expected


def test_unknown_override_lists_known_overrides_and_priority_sets(root):
    (problem,) = problems(lambda: load_scenario(root / "minimal", use=["hig-wages"]))
    assert problem.value == "hig-wages"
    for known in ("high-wages", "cheap-care", "protect-care", "protect"):
        assert known in problem.expected


def test_a_priority_set_name_in_use_means_priorities(root):
    inputs = load_scenario(root / "minimal", use=["protect"])
    assert inputs.overrides == ("protect",)
    assert inputs.priorities.name == "Protect care"  # the set's own name
    assert inputs.priorities.protected_boards == ("CARE",)
    assert inputs.priorities.board_weights == {"CARE": 2.0}


def test_override_adding_to_a_named_priority_set_conflicts_with_using_another(root):
    found = problems(lambda: load_scenario(root / "minimal", use=["protect", "protect-care"]))
    assert found[0].value == "priorities"


def test_priorities_argument_wins_over_the_key(root):
    path = root / "minimal" / "scenario.yaml"
    path.write_text(path.read_text() + "priorities: {name: mine, board_weights: {ADM: 3}}\n")
    assert load_scenario(root / "minimal").priorities.board_weights == {"ADM": 3.0}
    named = load_scenario(root / "minimal", priorities="protect")
    assert named.priorities.name == "Protect care"
    assert named.priorities.board_weights == {"CARE": 2.0}
    inline = load_scenario(root / "minimal", priorities={"action_weights": {"staff": 0.5}})
    assert inline.priorities.name == "inline"
    assert inline.priorities.action_weights == {"staff": 0.5}
    assert inline.priorities.board_weights == {}
    by_path = load_scenario(root / "minimal", priorities=root / "priorities" / "protect.yaml")
    assert by_path.priorities.protected_boards == ("CARE",)


def test_priorities_key_as_a_path_relative_to_the_scenario_file(root):
    write(root / "minimal" / "mine.yaml", "action_weights: {digital: 3}\n")
    path = root / "minimal" / "scenario.yaml"
    path.write_text(path.read_text() + "priorities: mine.yaml\n")
    inputs = load_scenario(root / "minimal")
    assert inputs.priorities.name == "mine"  # no name in the file: its stem
    assert inputs.priorities.action_weights == {"digital": 3.0}


def test_unknown_priority_set_lists_the_known_ones(root):
    (problem,) = problems(lambda: load_scenario(root / "minimal", priorities="protekt"))
    assert problem.value == "protekt"
    assert "protect" in problem.expected


def test_set_applies_scalars_last(root):
    inputs = load_scenario(
        root / "minimal", use=["high-wages"], sets=["drivers.wage=0.045", "balance.opening=-60"]
    )
    assert inputs.wage == {2025: 0.045, 2026: 0.045, 2027: 0.045}
    assert inputs.balance_opening == -60.0
    assert inputs.overrides == ("high-wages",)


def test_set_of_a_year_expands_a_scalar_to_every_plan_year_first(root):
    inputs = load_scenario(root / "minimal", sets=["drivers.wage.2026=0.05"])
    assert inputs.wage == {2025: 0.04, 2026: 0.05, 2027: 0.04}
    inputs = load_scenario(root / "minimal", sets=["targets.result.2026=5"])
    assert inputs.result_targets == {2025: -10.0, 2026: 5.0, 2027: 20.0}
    growth = load_scenario(root / "minimal", sets=["economy.revenue.growth.2026=0.1"])
    assert growth.revenue[2026] == pytest.approx(1000 * 1.02 * 1.1)


def test_set_addresses_table_cells(root):
    inputs = load_scenario(
        root / "minimal",
        sets=["boards.CARE.cost0=5000", "actions.digital.weight=2", "potentials.ADM.digital=7"],
    )
    assert inputs.boards.loc["CARE", "cost0"] == 5000.0
    assert inputs.actions.loc["digital", "weight"] == 2.0
    assert ("ADM", "digital", 7.0) in list(inputs.potentials.itertuples(index=False, name=None))


def test_set_of_an_unknown_row_names_the_set_text(root):
    (problem,) = problems(lambda: load_scenario(root / "minimal", sets=["boards.XX.cost0=1"]))
    assert problem.file == "--set boards.XX.cost0=1"
    assert problem.value == "XX"
    assert "CARE" in problem.expected and "ADM" in problem.expected


def test_set_syntax_errors_are_all_reported(root):
    found = problems(
        lambda: load_scenario(root / "minimal", sets=["drivers.wage", "=1", "a..b=2", "boards.X=1"])
    )
    assert [p.where for p in found] == ["drivers.wage", "=1", "a..b=2", "boards.X=1"]


def test_a_bad_value_from_set_or_override_is_blamed_on_it(root):
    path = root / "minimal" / "scenario.yaml"
    path.write_text(path.read_text() + "  bad-pshare: {boards: {ADM: {pshare: 3}}}\n")
    (problem,) = problems(lambda: load_scenario(root / "minimal", sets=["drivers.price=cheap"]))
    assert (problem.file, problem.where, problem.value) == (
        "--set drivers.price=cheap",
        "drivers.price",
        "cheap",
    )
    (problem,) = problems(lambda: load_scenario(root / "minimal", use=["bad-pshare"]))
    assert problem.file.endswith("scenario.yaml")
    assert problem.where == "overrides.bad-pshare.boards.ADM.pshare"
    assert problem.value == 3


def test_an_override_table_path_is_relative_to_its_file(root):
    write(root / "minimal" / "big.csv", "id,cost0,frame0\nCARE,2000,2100\nADM,100,101\n")
    path = root / "minimal" / "scenario.yaml"
    path.write_text(path.read_text() + "  big: {boards: big.csv}\n")
    assert load_scenario(root / "minimal", use=["big"]).boards.loc["CARE", "cost0"] == 2000.0
    found = problems(lambda: load_scenario(root / "minimal", use=["big", "cheap-care"]))
    assert found[0].value == "boards"  # replacing the table and editing a cell conflict


def test_table_path_may_not_leave_the_scenario_folder(root):
    shutil.copy(root / "minimal" / "boards.csv", root / "outside.csv")
    path = root / "minimal" / "scenario.yaml"
    path.write_text(path.read_text().replace("boards: boards.csv", "boards: ../outside.csv"))
    (problem,) = problems(lambda: load_scenario(root / "minimal"))
    assert problem.file.endswith("scenario.yaml")
    assert (problem.where, problem.value) == ("boards", "../outside.csv")
    assert "inside the folder" in problem.expected


def test_a_symlink_out_of_the_folder_is_refused(root):
    shutil.copy(root / "minimal" / "boards.csv", root / "outside.csv")
    (root / "minimal" / "boards.csv").unlink()
    (root / "minimal" / "boards.csv").symlink_to(root / "outside.csv")
    (problem,) = problems(lambda: load_scenario(root / "minimal"))
    assert problem.value == "boards.csv"


def test_missing_table_file_is_named(root):
    (root / "minimal" / "actions.csv").unlink()
    (problem,) = problems(lambda: load_scenario(root / "minimal"))
    assert problem.file.endswith("actions.csv")


def test_inline_tables_with_list_ramps(root):
    write(
        root / "inline.yaml",
        "years: {first: 2025, last: 2026}\n"
        "economy: {revenue: 100}\n"
        "boards: [{id: B, cost0: 50, frame0: 50}]\n"
        "actions: [{id: a, category: efficiency, ramp: [0.5, 1.0]}, {id: b, category: x,"
        " ramp: '0.2;1'}]\n"
        "potentials: [{board: B, action: a, pot: 3}]\n",
    )
    inputs = load_scenario(root / "inline.yaml")
    assert inputs.name == "inline"
    assert inputs.actions.loc["a", "ramp"] == (0.5, 1.0)
    assert inputs.actions.loc["b", "ramp"] == (0.2, 1.0)
    assert inputs.revenue == {2025: 100.0, 2026: 100.0}


def test_invalid_yaml_names_the_file_and_line(root):
    write(root / "bad.yaml", "name: x\nyears: {first: 2025\nlast: 3\n")
    (problem,) = problems(lambda: load_scenario(root / "bad.yaml"))
    assert problem.file.endswith("bad.yaml")
    assert problem.where.startswith("line ")
    write(root / "list.yaml", "- a\n- b\n")
    (problem,) = problems(lambda: load_scenario(root / "list.yaml"))
    assert problem.value == "list"


def test_hash_is_stable_and_follows_every_number(root):
    first = load_scenario(root / "minimal").inputs_sha256
    assert len(first) == 64
    assert load_scenario(root / "minimal").inputs_sha256 == first
    shutil.copytree(root / "minimal", root / "copy")
    assert load_scenario(root / "copy").inputs_sha256 == first  # the place does not matter
    assert load_scenario(root / "minimal", sets=["drivers.wage=0.05"]).inputs_sha256 != first
    assert load_scenario(root / "minimal", sets=["potentials.CARE.staff=21"]).inputs_sha256 != first
    same_by_override = load_scenario(root / "minimal", use=["high-wages"]).inputs_sha256
    same_by_set = load_scenario(root / "minimal", sets=["drivers.wage=0.05"]).inputs_sha256
    assert same_by_override == same_by_set
    csv = root / "minimal" / "actions.csv"
    csv.write_text(csv.read_text().replace("0.5;1.0", "0.5;0.9"))
    assert load_scenario(root / "minimal").inputs_sha256 != first


def test_list_scenarios_and_priority_sets(root):
    write(root / "broken" / "scenario.yaml", "years: [\n")
    listed = {s["name"]: s for s in list_scenarios()}
    assert set(listed) == {"minimal", "broken"}
    assert listed["minimal"]["description"] == "Two boards, two actions, three years"
    assert listed["minimal"]["overrides"] == [
        "high-wages",
        "wage-2027",
        "cheap-care",
        "more-digital",
        "protect-care",
    ]
    assert listed["minimal"]["path"] == str(root / "minimal")
    assert listed["broken"]["description"].startswith("(invalid")
    assert list_priority_sets() == [
        {
            "name": "protect",
            "path": str(root / "priorities" / "protect.yaml"),
            "description": "Protects the care board",
        }
    ]


def test_default_is_the_example_scenario():
    assert (scenario.EXAMPLE / "scenario.yaml").is_file()
    inputs = load_scenario()
    assert inputs.source == str(scenario.EXAMPLE)
    assert inputs.first <= inputs.last
    assert len(inputs.boards) > 0


def test_set_of_an_unknown_column_is_blamed_on_the_set(root):
    (problem,) = problems(lambda: load_scenario(root / "minimal", sets=["boards.CARE.cots0=5"]))
    assert (problem.file, problem.where, problem.value) == (
        "--set boards.CARE.cots0=5",
        "boards.CARE.cots0",
        "cots0",
    )


def test_frames_cells_can_be_set_and_added(root):
    inputs = load_scenario(root / "minimal", sets=["frames.ADM.2026=103", "frames.CARE.2027=900"])
    assert inputs.frames == {
        ("ADM", 2025): 101.0,
        ("ADM", 2027): 105.0,
        ("ADM", 2026): 103.0,
        ("CARE", 2027): 900.0,
    }


def test_an_override_naming_an_unknown_row_names_the_override(root):
    path = root / "minimal" / "scenario.yaml"
    path.write_text(path.read_text() + "  typo: {actions: {digitl: {weight: 2}}}\n")
    (problem,) = problems(lambda: load_scenario(root / "minimal", use=["typo"]))
    assert problem.file.endswith("scenario.yaml")
    assert (problem.where, problem.value) == ("overrides.typo.actions.digitl", "digitl")
    assert "digital" in problem.expected


def test_set_adjusts_a_priority_set_given_by_name(root):
    inputs = load_scenario(
        root / "minimal", use=["protect"], sets=["priorities.board_weights.ADM=3"]
    )
    assert inputs.priorities.board_weights == {"CARE": 2.0, "ADM": 3.0}
    assert inputs.priorities.protected_boards == ("CARE",)


def test_only_the_overrides_that_still_apply_are_recorded(root):
    """``priorities=`` replaces the whole set: an override setting only ``priorities`` is moot."""
    path = root / "minimal" / "scenario.yaml"
    mixed = "  mixed: {priorities: {board_weights: {ADM: 3}}, drivers: {price: 0.03}}\n"
    path.write_text(path.read_text() + mixed)
    minimal, inline = root / "minimal", {"action_weights": {"staff": 0.5}}
    assert load_scenario(minimal, use=["protect"]).overrides == ("protect",)
    assert load_scenario(minimal, use=["mixed"]).overrides == ("mixed",)
    assert load_scenario(minimal, use=["protect"], priorities=inline).overrides == ()
    both = load_scenario(minimal, use=["protect-care", "high-wages"], priorities="protect")
    assert both.overrides == ("high-wages",)
    alone = load_scenario(minimal, use=["high-wages"], priorities="protect")
    assert both.inputs_sha256 == alone.inputs_sha256  # the list is not hashed
    kept = load_scenario(minimal, use=["mixed", "high-wages"], priorities="protect")
    assert kept.overrides == ("mixed", "high-wages")  # its price still applies
    assert (kept.price[2026], kept.priorities.board_weights) == (0.03, {"CARE": 2.0})
    base = scenario.read_base(minimal, ["protect-care", "mixed"], "protect")
    assert scenario.compose_inputs(base).overrides == ("mixed",)
    replaced = load_scenario(minimal, use=["protect", "high-wages"], sets=["priorities=protect"])
    assert replaced.overrides == ("high-wages",)
    adjusted = load_scenario(minimal, use=["protect"], sets=["priorities.board_weights.ADM=3"])
    assert adjusted.overrides == ("protect",)  # merged onto the set, not replacing it


def test_solve_out_records_only_the_overrides_that_still_apply(tmp_path):
    from click.testing import CliRunner

    from optimizer.cli import main

    for use, expected in [("protect-care,high-wages", ["high-wages"]), ("protect-care", [])]:
        out = tmp_path / use
        args = ["solve", "--use", use, "--priorities", "equal-burden", "--out", str(out)]
        assert CliRunner().invoke(main, args).exit_code == 0
        assert json.loads((out / "summary.json").read_text())["overrides"] == expected
    out = tmp_path / "own"
    assert (
        CliRunner().invoke(main, ["solve", "--use", "protect-care", "--out", str(out)]).exit_code
        == 0
    )
    assert json.loads((out / "summary.json").read_text())["overrides"] == ["protect-care"]
