"""Validation: one test per bad-input rule, all problems at once, and a hand-checked valid load.

Each bad-input test asserts the message names the file, the row or key, and the value.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
import yaml

import optimizer.scenario.load as scenario
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario

DATA = Path(__file__).parent / "data"


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A copy of ``tests/data/minimal`` to edit (and the test priority sets)."""
    shutil.copytree(DATA / "minimal", tmp_path / "minimal")
    shutil.copytree(DATA / "priorities", tmp_path / "priorities")
    monkeypatch.setattr(scenario, "SCENARIOS_DIR", tmp_path)
    return tmp_path / "minimal"


def edit_yaml(folder: Path, path: tuple, value: object) -> None:
    """Set (or, for ``...``, delete) one key of the copy's scenario.yaml."""
    file = folder / "scenario.yaml"
    data = yaml.safe_load(file.read_text())
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {})
    if value is ...:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    file.write_text(yaml.safe_dump(data, sort_keys=False))


def only_problem(folder: Path):
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    assert len(err.value.problems) == 1, err.value
    return err.value.problems[0]


def all_problems(folder: Path) -> list:
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    return err.value.problems


# --- the valid scenario --------------------------------------------------------------------


def test_minimal_scenario_loads_to_hand_checked_inputs(folder):
    inputs = load_scenario(folder)
    assert (inputs.name, inputs.base_year, inputs.first, inputs.last) == (
        "Minimal",
        2024,
        2025,
        2027,
    )
    # revenue: 1000 * 1.02 = 1020; 2026 carries growth 0.02 forward: 1040.4; 2027: * 1.05
    assert inputs.revenue == pytest.approx({2025: 1020.0, 2026: 1040.4, 2027: 1092.42})
    assert inputs.grants == {2025: 10.0, 2026: 10.0, 2027: 10.0}
    assert inputs.financial == {2025: -5.0, 2026: -5.0, 2027: -1.0}  # 2026 carried forward
    assert inputs.central == {2025: 0.0, 2026: 0.0, 2027: 0.0}
    assert inputs.wage == {2025: 0.04, 2026: 0.04, 2027: 0.04}
    assert inputs.volume[("CARE", 2026)] == 0.01 and inputs.volume[("ADM", 2027)] == 0.0
    assert inputs.index_effects is True
    boards = inputs.boards
    assert list(boards.index) == ["CARE", "ADM"] and boards.index.name == "id"
    assert list(boards.columns) == ["name", "cost0", "pshare", "frame0", "uprate", "uprate_index"]
    assert boards.loc["ADM", "name"] == "ADM"  # name defaults to the id
    assert boards.loc["ADM", "frame0"] == 101.0  # from frames.csv's first plan year
    assert math.isnan(boards.loc["CARE", "uprate"]) and boards.loc["CARE", "uprate_index"]
    assert boards.loc["ADM", "uprate"] == 0.02 and not boards.loc["ADM", "uprate_index"]
    assert inputs.frames == {("ADM", 2025): 101.0, ("ADM", 2027): 105.0}
    staff = inputs.actions.loc["staff"]
    assert staff["name"] == "staff" and staff["ramp"] == (1.0,)
    assert (staff["oneoff"], staff["capex"], staff["life"]) == (0.0, 0.0, 1)
    assert (staff["earliest"], staff["latest"], staff["weight"]) == (2025, 2027, 2.0)
    assert inputs.actions.loc["digital", "ramp"] == (0.5, 1.0)
    assert inputs.actions.loc["digital", "life"] == 3
    assert list(inputs.potentials.itertuples(index=False, name=None)) == [
        ("CARE", "digital", 30.0), ("CARE", "staff", 20.0), ("ADM", "staff", 5.0)
    ]  # fmt: skip
    assert inputs.result_targets == {2025: -10.0, 2027: 20.0}  # given years only
    assert inputs.balance_opening == -50.0
    assert inputs.adjustments == {2025: 10.0, 2026: 0.0, 2027: 0.0}
    assert inputs.milestones == {2027: 0.0}
    assert (inputs.pace, inputs.cost_freeze, inputs.investment_room) == ({}, (), {})
    assert inputs.liquidity is None and inputs.category_targets == {}
    assert inputs.priorities.name == "none" and inputs.priorities.board_weights == {}
    assert inputs.objective == "min_impact"
    assert inputs.shortfall_weights == dict.fromkeys(
        ["frame", "result", "milestone", "category", "cash", "deadline", "no_deficit", "attrition"],
        1.0,
    )


def test_limits_targets_and_liquidity_expand_as_documented(folder):
    edit_yaml(folder, ("years",), {"base": "2024", "first": "2025", "last": "2027"})
    edit_yaml(folder, ("limits",), {
        "pace": {"CARE": 0.02},
        "cost_freeze": [2026, "2025"],
        "investment": {2026: 40},
        "liquidity": {"opening_cash": 300, "min_cash": 100, "opening_loans": 50,
                      "loan_cap": 500, "investments": {2025: 35}},
    })  # fmt: skip
    edit_yaml(folder, ("targets", "categories"), {"hired_staff": {2027: 8}})
    edit_yaml(folder, ("drivers", "volume"), {"ADM": {2026: 0.03}, "CARE": 0.02})
    edit_yaml(folder, ("shortfall_weights",), {"cash": 10})
    inputs = load_scenario(folder)
    assert inputs.first == 2025  # years as strings of digits are accepted
    assert inputs.pace == {"CARE": 0.02}
    assert inputs.cost_freeze == (2025, 2026)
    assert inputs.investment_room == {2026: 40.0}
    assert inputs.liquidity.investments == {2025: 35.0, 2026: 0.0, 2027: 0.0}
    assert inputs.liquidity.depreciation == {2025: 0.0, 2026: 0.0, 2027: 0.0}
    assert inputs.liquidity.loan_cap == 500.0
    assert inputs.category_targets == {("hired_staff", 2027): 8.0}
    # ADM: its column (0) before the first given year, then 0.03 carried forward
    assert [inputs.volume[("ADM", t)] for t in (2025, 2026, 2027)] == [0.0, 0.03, 0.03]
    assert [inputs.volume[("CARE", t)] for t in (2025, 2026, 2027)] == [0.02, 0.02, 0.02]
    assert inputs.shortfall_weights["cash"] == 10.0 and inputs.shortfall_weights["frame"] == 1.0


def test_a_scalar_pace_applies_to_every_board_and_protected_pairs_may_have_potential(folder):
    edit_yaml(folder, ("limits",), {"pace": 0.05})
    edit_yaml(
        folder,
        ("priorities",),
        {"protected": {"actions": [["CARE", "staff"]], "categories": ["digitalisation"]}},
    )
    inputs = load_scenario(folder)
    assert inputs.pace == {"CARE": 0.05, "ADM": 0.05}
    assert inputs.priorities.protected_actions == (("CARE", "staff"),)
    assert inputs.priorities.protected_categories == {
        "CARE": ("digitalisation",),
        "ADM": ("digitalisation",),
    }


# --- scenario.yaml rules: (key path, bad value, where the message points, the value named) ----

# fmt: off
YAML_CASES = [
    ("unknown top-level key", ("colour",), "red", "colour", "colour"),
    ("years first > last", ("years",), {"first": 2025, "last": 2023}, "years.last", 2023),
    ("base not first - 1", ("years", "base"), 2020, "years.base", 2020),
    ("non-integer year", ("years", "first"), "2025.5", "years.first", "2025.5"),
    ("per-year outside plan", ("economy", "grants"), {2025: 1, 2031: 2}, "economy.grants.2031", 2031),
    ("carry needs first year", ("drivers", "wage"), {2026: 0.05}, "drivers.wage", {2026: 0.05}),
    ("non-number", ("economy", "grants"), "lots", "economy.grants", "lots"),
    ("revenue missing a year", ("economy", "revenue"), {2025: 1, 2026: 2}, "economy.revenue",
     {2025: 1, 2026: 2}),
    ("revenue missing", ("economy", "revenue"), ..., "economy.revenue", None),
    ("revenue unknown key", ("economy", "revenue", "rate"), 0.1, "economy.revenue.rate", "rate"),
    ("unknown economy key", ("economy", "tax"), 5, "economy.tax", "tax"),
    ("index_effects not bool", ("index_effects",), "yes", "index_effects", "yes"),
    ("objective", ("objective",), "max_fun", "objective", "max_fun"),
    ("shortfall kind", ("shortfall_weights",), {"frames": 1}, "shortfall_weights.frames", "frames"),
    ("shortfall weight < 0", ("shortfall_weights",), {"cash": -1}, "shortfall_weights.cash", -1),
    ("result target outside plan", ("targets", "result"), {2030: 1}, "targets.result.2030", 2030),
    ("category nobody has", ("targets", "categories"), {"magic": {2026: 1}},
     "targets.categories.magic", "magic"),
    ("milestone before the first year", ("balance", "milestones"), {2024: 0},
     "balance.milestones.2024", 2024),
    ("pace negative", ("limits",), {"pace": -0.1}, "limits.pace", -0.1),
    ("pace unknown board", ("limits",), {"pace": {"XX": 0.1}}, "limits.pace.XX", "XX"),
    ("investment negative", ("limits",), {"investment": {2025: -1}}, "limits.investment.2025", -1),
    ("cost freeze outside plan", ("limits",), {"cost_freeze": [2025, 2031]},
     "limits.cost_freeze.1", 2031),
    ("liquidity missing a key", ("limits",),
     {"liquidity": {"opening_cash": 1, "min_cash": 0, "loan_cap": 5}},
     "limits.liquidity.opening_loans", None),
    ("loan cap negative", ("limits",),
     {"liquidity": {"opening_cash": 1, "min_cash": 0, "opening_loans": 0, "loan_cap": -5}},
     "limits.liquidity.loan_cap", -5),
    ("volume unknown board", ("drivers", "volume"), {"XX": 0.1}, "drivers.volume.XX", "XX"),
    ("priority unknown key", ("priorities",), {"weights": {}}, "priorities.weights", "weights"),
    ("priority unknown board", ("priorities",), {"board_weights": {"XX": 2}},
     "priorities.board_weights.XX", "XX"),
    ("priority negative weight", ("priorities",), {"category_weights": {"hired_staff": -1}},
     "priorities.category_weights.hired_staff", -1),
    ("priority unknown action", ("priorities",), {"action_weights": {"zap": 1}},
     "priorities.action_weights.zap", "zap"),
    ("protected unknown category", ("priorities",), {"protected": {"categories": {"CARE": ["x"]}}},
     "priorities.protected.categories.CARE.0", "x"),
    ("protected unknown pair", ("priorities",), {"protected": {"actions": [["CARE", "zap"]]}},
     "priorities.protected.actions.0.1", "zap"),
    ("floor outside plan", ("priorities",), {"floors": {"CARE": {2035: 1}}},
     "priorities.floors.CARE.2035", 2035),
]
# fmt: on


@pytest.mark.parametrize(
    ("path", "value", "where", "named"), [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES]
)
def test_bad_scenario_key(folder, path, value, where, named):
    edit_yaml(folder, path, value)
    problem = only_problem(folder)
    assert problem.file.endswith("scenario.yaml")
    assert problem.where == where
    assert problem.value == named
    assert problem.expected


def test_problem_in_a_priority_set_file_names_that_file(folder):
    (folder.parent / "priorities" / "bad.yaml").write_text("board_weights: {CARE: -2}\n")
    edit_yaml(folder, ("priorities",), "bad")
    problem = only_problem(folder)
    assert problem.file.endswith("bad.yaml")
    assert (problem.where, problem.value) == ("board_weights.CARE", -2)


# --- table rules: (file, its new text, the row named, the column named, the value named) ------

BOARDS = "id,name,cost0,pshare,frame0,uprate,volume\n"
DIGITAL = "digital,Digital care,digitalisation,0.5;1.0,0.2,1,3,2025,2027,1\n"
ACTIONS = "id,name,category,ramp,oneoff,capex,life,earliest,latest,weight\n" + DIGITAL
CARE = "CARE,Care,800,0.6,820,index,0.01\n"

# fmt: off
CSV_CASES = [
    ("missing column", "boards.csv", "id,name,pshare,frame0\nCARE,C,0.5,1\nADM,A,0.5,1\n",
     "boards columns", None, ["id", "name", "pshare", "frame0"]),
    ("unknown column", "boards.csv", "id,cots0,cost0,frame0\nCARE,1,800,1\nADM,1,100,1\n",
     "boards columns", None, "cots0"),
    ("duplicate board", "boards.csv", BOARDS + CARE + "ADM,,100,0.5,,0.02,\nCARE,,5,0,5,0,0\n",
     "row 4", "id", "CARE"),
    ("non-number", "boards.csv", BOARDS + CARE + "ADM,,abc,0.5,,0.02,\n", "row 3", "cost0", "abc"),
    ("pshare above 1", "boards.csv", BOARDS + CARE + "ADM,,100,1.5,,0.02,\n", "row 3", "pshare",
     "1.5"),
    ("uprate", "boards.csv", BOARDS + CARE + "ADM,,100,0.5,,fast,\n", "row 3", "uprate", "fast"),
    ("empty boards", "boards.csv", BOARDS, "boards", None, "no rows"),
    ("semicolon file", "potentials.csv", "board;action;pot\nCARE;staff;1\n", "row 1", None,
     "board;action;pot"),
    ("too many values", "potentials.csv", "board,action,pot\nCARE,staff,1,9\n", "row 2", None,
     ["CARE", "staff", "1", "9"]),
    ("duplicate action", "actions.csv", ACTIONS + DIGITAL + "staff,,s,,,,,,,\n", "row 3", "id",
     "digital"),
    ("missing category", "actions.csv", ACTIONS + "staff,,,,,,,,,\n", "row 3", "category", ""),
    ("ramp above 1", "actions.csv", ACTIONS + "staff,,hired_staff,0.5;1.5,,,,,,\n", "row 3", "ramp",
     "0.5;1.5"),
    ("ramp below 0", "actions.csv", ACTIONS + "staff,,hired_staff,-0.1;1,,,,,,\n", "row 3", "ramp",
     "-0.1;1"),
    ("ramp empty", "actions.csv", ACTIONS + "staff,,hired_staff,;,,,,,,\n", "row 3", "ramp", ";"),
    ("ramp non-number", "actions.csv", ACTIONS + "staff,,hired_staff,a;b,,,,,,\n", "row 3", "ramp",
     "a;b"),
    ("oneoff negative", "actions.csv", ACTIONS + "staff,,hired_staff,,-1,,,,,\n", "row 3",
     "oneoff", "-1"),
    ("capex negative", "actions.csv", ACTIONS + "staff,,hired_staff,,,-2,,,,\n", "row 3", "capex",
     "-2"),
    ("life zero", "actions.csv", ACTIONS + "staff,,hired_staff,,,,0,,,\n", "row 3", "life", "0"),
    ("life not integer", "actions.csv", ACTIONS + "staff,,hired_staff,,,,2.5,,,\n", "row 3", "life",
     "2.5"),
    ("earliest > latest", "actions.csv", ACTIONS + "staff,,hired_staff,,,,,2027,2026,\n", "row 3",
     "earliest", 2027),
    ("earliest before plan", "actions.csv", ACTIONS + "staff,,hired_staff,,,,,2024,,\n", "row 3",
     "earliest", "2024"),
    ("latest after plan", "actions.csv", ACTIONS + "staff,,hired_staff,,,,,,2031,\n", "row 3",
     "latest", "2031"),
    ("weight negative", "actions.csv", ACTIONS + "staff,,hired_staff,,,,,,,-1\n", "row 3", "weight",
     "-1"),
    ("potential unknown board", "potentials.csv", "board,action,pot\nXX,staff,1\n", "row 2",
     "board", "XX"),
    ("potential unknown action", "potentials.csv", "board,action,pot\nCARE,zap,1\n", "row 2",
     "action", "zap"),
    ("negative potential", "potentials.csv", "board,action,pot\nCARE,staff,-3\n", "row 2", "pot",
     "-3"),
    ("duplicate pair", "potentials.csv", "board,action,pot\nCARE,staff,1\nCARE,staff,2\n", "row 3",
     None, "CARE,staff"),
    ("empty potentials", "potentials.csv", "board,action,pot\n", "potentials", None, "no rows"),
    ("frame unknown board", "frames.csv", "board,year,frame\nADM,2025,1\nXX,2025,1\n", "row 3",
     "board", "XX"),
    ("frame year outside plan", "frames.csv", "board,year,frame\nADM,2025,1\nADM,2030,1\n",
     "row 3", "year", "2030"),
    ("frame year not integer", "frames.csv", "board,year,frame\nADM,2025,1\nADM,2026.0,1\n",
     "row 3", "year", "2026.0"),
    ("duplicate frame", "frames.csv", "board,year,frame\nADM,2025,1\nADM,2025,2\n", "row 3", None,
     "ADM,2025"),
]
# fmt: on


@pytest.mark.parametrize(
    ("file", "text", "row", "column", "named"), [c[1:] for c in CSV_CASES],
    ids=[c[0] for c in CSV_CASES],
)  # fmt: skip
def test_bad_table(folder, file, text, row, column, named):
    (folder / file).write_text(text)
    problem = only_problem(folder)
    assert problem.file.endswith(file)
    expected_where = row if column is None else f"{row}, column {column}"
    assert problem.where == expected_where
    assert problem.value == named


def test_board_without_a_frame(folder):
    (folder / "frames.csv").write_text("board,year,frame\nADM,2026,101\n")  # not the first year
    problem = only_problem(folder)
    assert problem.file.endswith("boards.csv")
    assert (problem.where, problem.value) == ("row 3, column frame0", "")
    assert "without a frame" in problem.expected


def test_inline_table_rows_are_named_by_their_key(folder):
    edit_yaml(
        folder,
        ("actions",),
        [{"id": "digital", "category": "d"}, {"id": "staff", "category": "s", "ramp": [0.5, 2]}],
    )
    problem = only_problem(folder)
    assert problem.file.endswith("scenario.yaml")
    assert (problem.where, problem.value) == ("actions row 2, column ramp", [0.5, 2])


def test_several_problems_in_one_file_are_all_reported(folder):
    (folder / "boards.csv").write_text(
        BOARDS + "CARE,Care,lots,0.6,820,index,0.01\nADM,,100,2,,0.02,\nCARE,,1,0,1,0,0\n"
    )
    found = all_problems(folder)
    assert [(p.where, p.value) for p in found] == [
        ("row 2, column cost0", "lots"),
        ("row 3, column pshare", "2"),
        ("row 4, column id", "CARE"),
    ]
    assert all(p.file.endswith("boards.csv") for p in found)


def test_problems_in_several_files_are_reported_together(folder):
    (folder / "potentials.csv").write_text("board,action,pot\nCARE,staff,-1\n")
    edit_yaml(folder, ("objective",), "best")
    edit_yaml(folder, ("economy", "central"), "x")
    found = all_problems(folder)
    named = {(Path(p.file).name, p.where) for p in found}
    assert named == {
        ("potentials.csv", "row 2, column pot"),
        ("scenario.yaml", "objective"),
        ("scenario.yaml", "economy.central"),
    }


def test_messages_read_as_one_line_each(folder):
    (folder / "potentials.csv").write_text("board,action,pot\nCARE,staff,-1\n")
    with pytest.raises(InputError) as err:
        load_scenario(folder)
    text = str(err.value)
    assert "potentials.csv, row 2, column pot: got '-1', expected a number >= 0" in text


def test_an_empty_inline_table_is_one_problem(folder):
    edit_yaml(folder, ("potentials",), [])
    problem = only_problem(folder)
    assert problem.file.endswith("scenario.yaml")
    assert (problem.where, problem.value) == ("potentials", "no rows")


@pytest.mark.parametrize(
    ("label", "where", "named"),
    [
        ("{sv: 12}", "label.sv", 12),
        ("{de: Pflege}", "label.de", "de"),  # an unknown language: the key is named
        ("Skydda vården", "label", "Skydda vården"),
    ],
)
def test_a_bad_priority_set_label_is_named(folder, label, where, named):
    (folder.parent / "priorities" / "lab.yaml").write_text(f"name: Care\nlabel: {label}\n")
    edit_yaml(folder, ("priorities",), "lab")
    problem = only_problem(folder)
    assert problem.file.endswith("lab.yaml")
    assert (problem.where, problem.value) == (where, named)
    assert problem.expected


def test_a_priority_set_label_reaches_the_results(folder):
    from optimizer import load_scenario, solve

    (folder.parent / "priorities" / "lab.yaml").write_text(
        "name: Care\nlabel: {sv: Skydda vården, en: Protect care}\n"
    )
    edit_yaml(folder, ("priorities",), "lab")
    summary = solve(load_scenario(folder / "scenario.yaml")).summary
    assert summary["priorities"] == "Care"
    assert summary["names"]["priorities"] == {"sv": "Skydda vården", "en": "Protect care"}
