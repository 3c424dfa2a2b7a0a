"""Excel input: template -> load_scenario gives the same Inputs (and plan); errors name the
sheet, row and column; the template command."""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.analysis.pipeline import solve
from optimizer.cli import main
from optimizer.report.excel.template import write_template
from optimizer.scenario.files import load_file
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import EXAMPLE, SCENARIOS_DIR, load_scenario
from optimizer.scenario.tables import Table
from optimizer.scenario.values import as_number

MINIMAL = Path(__file__).parent / "data" / "minimal"


@pytest.fixture(scope="module")
def example_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_template(tmp_path_factory.mktemp("wb") / "model.xlsx", EXAMPLE)


def same_inputs(a, b) -> None:
    """Every ``Inputs`` field equal but where it was read from (and so the same hash)."""
    for f in fields(a):
        if f.name in ("source", "overrides", "override_labels", "sets"):  # where it was read from
            continue
        x, y = getattr(a, f.name), getattr(b, f.name)
        if isinstance(x, pd.DataFrame):
            pd.testing.assert_frame_equal(x, y)
        else:
            assert x == y, f.name
    assert a.inputs_sha256 == b.inputs_sha256


def test_example_round_trip_gives_the_identical_plan(example_book: Path) -> None:
    from_book, from_yaml = load_scenario(example_book), load_scenario(EXAMPLE)
    same_inputs(from_book, from_yaml)
    assert from_book.source == str(example_book)
    plan_book, plan_yaml = solve(from_book), solve(from_yaml)
    assert plan_book.status == plan_yaml.status == "optimal"
    pd.testing.assert_frame_equal(plan_book.actions, plan_yaml.actions, rtol=0, atol=1e-9)
    assert plan_book.summary["impact"] == pytest.approx(plan_yaml.summary["impact"], abs=1e-9)
    assert plan_book.summary["inputs_sha256"] == plan_yaml.summary["inputs_sha256"]


@pytest.mark.parametrize(
    "use", [["high-wages"], ["strict-2027", "protect-care"], ["cost-freeze"], ["equal-burden"]]
)
def test_overrides_and_priority_sets_apply_to_a_workbook_as_to_yaml(example_book, use) -> None:
    same_inputs(load_scenario(example_book, use=use), load_scenario(EXAMPLE, use=use))


def test_sets_and_priorities_argument_on_a_workbook(example_book: Path) -> None:
    sets = ["boards.HSN.cost0=5000", "priorities.board_weights.HSN=3", "drivers.wage.2027=0.05"]
    same_inputs(load_scenario(example_book, sets=sets), load_scenario(EXAMPLE, sets=sets))
    a = load_scenario(example_book, priorities="protect-regional-development")
    same_inputs(a, load_scenario(EXAMPLE, priorities="protect-regional-development"))


def test_template_from_a_composed_scenario(tmp_path: Path) -> None:
    use, sets = ["equal-burden", "high-wages"], ["drivers.price=0.03"]
    book = write_template(tmp_path / "m.xlsx", EXAMPLE, use=use, sets=sets)
    from_book = load_scenario(book)
    same_inputs(from_book, load_scenario(EXAMPLE, use=use, sets=sets))
    assert from_book.objective == "min_max_share" and from_book.priorities.name == "Equal burden"
    book = write_template(tmp_path / "c.xlsx", EXAMPLE, priorities="protect-care")
    assert load_scenario(book).priorities.protected_categories == {
        "HSN": ("structural", "collaboration"),
        "GNF": ("collaboration",),
    }


def test_minimal_scenario_with_table_edits_round_trips(tmp_path: Path) -> None:
    book = write_template(tmp_path / "m.xlsx", MINIMAL)
    for use in ([], ["cheap-care", "more-digital"], ["protect-care"]):
        same_inputs(load_scenario(book, use=use), load_scenario(MINIMAL, use=use))


def test_the_workbook_composes_the_same_raw_scenario_as_yaml(example_book: Path) -> None:
    """Every key but the tables equal; the tables hold the same cells (numbers as numbers)."""
    book = load_file(example_book, "m.xlsx", SCENARIOS_DIR / "priorities")
    yaml = load_file(EXAMPLE / "scenario.yaml", "s.yaml", SCENARIOS_DIR / "priorities")
    tables = ("boards", "frames", "actions", "potentials", "priorities")
    assert {k: v for k, v in book.data.items() if k not in (*tables, "groups")} == {
        k: v for k, v in yaml.data.items() if k not in (*tables, "groups")
    }
    # groups (section 9) travel as one scenario row of records: the same cells
    assert [r.values for r in book.data["groups"].rows] == [
        r.values for r in yaml.data["groups"].rows
    ]
    assert {n: o.fragment for n, o in book.overrides.items()} == {
        n: o.fragment for n, o in yaml.overrides.items()
    }
    for name in tables[:-1]:
        a, b = book.data[name], yaml.data[name]
        assert isinstance(a, Table) and a.columns == b.columns and a.file == f"m.xlsx[{name}]"
        for ra, rb in zip(a.rows, b.rows, strict=True):  # CSV cells are texts: "1.0" is 1
            assert ra.values.keys() == rb.values.keys()
            for key, text in rb.values.items():
                number, value = as_number(text), ra.values[key]
                assert (as_number(value) == number) if number is not None else value == text
    assert book.data["boards"].rows[0].where == "row 4"  # the Excel row under the help rows


def edited(src: Path, dst: Path, **cells: object) -> Path:
    """A copy of ``src`` with ``sheet__A1=value`` cells set."""
    wb = openpyxl.load_workbook(src)
    for key, value in cells.items():
        sheet, ref = key.split("__")
        wb[sheet][ref] = value
    wb.save(dst)
    return dst


def problems_of(path: Path) -> list:
    with pytest.raises(InputError) as err:
        load_scenario(path)
    return err.value.problems


def test_text_in_a_number_column_names_sheet_row_and_column(example_book, tmp_path) -> None:
    bad = edited(example_book, tmp_path / "bad.xlsx", boards__C5="abc")  # RS's cost0
    [problem] = problems_of(bad)
    assert problem.file == f"{bad}[boards]"
    assert problem.where == "row 5, column cost0" and problem.value == "abc"
    assert "a number" in problem.expected
    done = CliRunner().invoke(main, ["solve", str(bad)])
    assert done.exit_code == 2 and "[boards], row 5, column cost0: got 'abc'" in done.output
    assert "Traceback" not in done.output


def test_scenario_and_priorities_sheet_errors(example_book, tmp_path) -> None:
    bad = edited(
        example_book,
        tmp_path / "bad.xlsx",
        scenario__B9="fast",  # economy.revenue.tax.real_growth
        priorities__F8=-1,  # HSN's board weight (after name, description, label_sv, label_en)
        priorities__B14="XXX",  # the first protected action's board
    )
    found = {(p.file.rsplit("[", 1)[1], p.where, p.value) for p in problems_of(bad)}
    assert found == {
        ("scenario]", "row 9 (economy.revenue.tax.real_growth), column value", "fast"),
        ("priorities]", "row 8 (priorities.board_weights.HSN), column value", -1),
        ("priorities]", "row 14 (priorities.protected.actions.0.0), column board", "XXX"),
    }


def test_reading_problems_come_together(example_book, tmp_path) -> None:
    bad = edited(
        example_book,
        tmp_path / "bad.xlsx",
        actions__Z9="stray",
        potentials__C6="=1+2",  # a formula without a saved result
        priorities__A7="board_weigth",
        scenario__B22="[1, 2",
        scenario__A70="drivers.wage",  # twice
        scenario__B70=0.04,
    )
    found = {(p.file.rsplit("[", 1)[1], p.where) for p in problems_of(bad)}
    assert found == {
        ("actions]", "row 9, column Z"),
        ("potentials]", "row 6, column pot"),
        ("priorities]", "row 7, column setting"),
        ("scenario]", "row 22 (economy.financial.2026), column value"),
        ("scenario]", "row 70, column key"),
    }


def test_not_a_workbook_and_missing_sheets(tmp_path: Path, example_book: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello")
    [problem] = problems_of(fake)
    assert problem.expected == "an Excel workbook (.xlsx)"
    wb = openpyxl.load_workbook(example_book)
    del wb["boards"]
    wb.save(tmp_path / "no.xlsx")
    [problem] = problems_of(tmp_path / "no.xlsx")
    assert problem.where == "sheet boards" and problem.value == "missing"


def test_help_rows_and_units_are_optional(example_book: Path, tmp_path: Path) -> None:
    """Without the help rows, with units after the names and a comment column: the same."""
    wb = openpyxl.load_workbook(example_book)
    for ws in wb.worksheets[1:]:
        ws.delete_rows(1, 2)
    wb["boards"]["C1"] = "cost0 (MSEK)"
    wb["actions"]["N1"] = "comment"
    wb["actions"]["N2"] = "=not a formula: a text"
    wb["actions"]["N2"].data_type = "s"
    wb.save(tmp_path / "plain.xlsx")
    same_inputs(load_scenario(tmp_path / "plain.xlsx"), load_scenario(EXAMPLE))


def test_names_that_look_like_formulas_stay_text(tmp_path: Path) -> None:
    folder = shutil.copytree(MINIMAL, tmp_path / "s")
    boards = (folder / "boards.csv").read_text().splitlines()
    first = boards[1].split(",")
    first[1] = '"=HYPERLINK(""http://x"")"'
    (folder / "boards.csv").write_text("\n".join([boards[0], ",".join(first), *boards[2:]]))
    book = write_template(tmp_path / "m.xlsx", folder)
    wb = openpyxl.load_workbook(book)
    cell = wb["boards"]["B4"]
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"
    same_inputs(load_scenario(book), load_scenario(folder))


def test_blank_template(tmp_path: Path) -> None:
    book = write_template(tmp_path / "blank.xlsx", lang="sv")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == [
        "Läs mig", "scenario", "boards", "frames", "actions", "potentials", "priorities",
    ]  # fmt: skip
    boards = wb["boards"]
    head = [c.value for c in boards[3]]
    head_v1 = ["id", "name", "cost0", "pshare", "frame0", "uprate", "volume"]
    assert head == [*head_v1, "fte0", "cost_per_fte"]  # section 9's staff columns last
    assert "mnkr" in boards["C2"].value and boards.freeze_panes == "A4"
    keys = [c.value for c in wb["scenario"]["A"][3:]]
    assert "years.first" in keys and "economy.revenue.growth" in keys
    [problem] = problems_of(book)
    assert problem.where == "years"


def test_cli_template(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "m.xlsx"
    done = runner.invoke(
        main, ["template", str(out), "--from", str(EXAMPLE), "--use", "high-wages"]
    )
    assert done.exit_code == 0, done.output
    assert load_scenario(out).wage == load_scenario(EXAMPLE, use=["high-wages"]).wage
    assert runner.invoke(main, ["template", str(out)]).exit_code == 2  # exists
    assert runner.invoke(main, ["template", str(out), "--force"]).exit_code == 0  # blank now
    assert runner.invoke(main, ["template", str(tmp_path / "x.csv")]).exit_code == 2
    assert runner.invoke(main, ["template", str(tmp_path / "y.xlsx"), "--use", "a"]).exit_code == 2
    bad = runner.invoke(main, ["template", str(tmp_path / "z.xlsx"), "--from", "nowhere"])
    assert bad.exit_code == 2 and not (tmp_path / "z.xlsx").exists()
    ok = runner.invoke(main, ["template", str(out), "--force", "--from", str(EXAMPLE)])
    assert ok.exit_code == 0
    valid = runner.invoke(main, ["validate", str(out)])
    assert valid.exit_code == 0 and "valid. 8 boards" in valid.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.xlsx"]


def test_an_overrides_label_round_trips_through_the_workbook(example_book: Path) -> None:
    """``overrides.high-wages.label.sv`` rows carry the label; read back it names the override."""
    labels = load_scenario(example_book, use=["high-wages"]).override_labels
    assert labels == load_scenario(EXAMPLE, use=["high-wages"]).override_labels
    assert labels == {"high-wages": {"sv": "Högre löner", "en": "Higher wages"}}
