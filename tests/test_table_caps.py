"""Tables and workbooks are read within caps: size, rows, columns; the messages stay one screen.

docs/robustness.md, promise 1. The memory-heavy cases run in a child process under
``resource.setrlimit(RLIMIT_AS)``, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import optimizer.scenario.tables as tables
import optimizer.scenario.workbook.read as workbook_read
from optimizer.cli import main
from optimizer.report.excel.template import write_template
from optimizer.scenario.inputs import MAX_SHOWN_PROBLEMS, InputError
from optimizer.scenario.load import EXAMPLE, load_scenario

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = Path(__file__).parent / "data" / "minimal"
BOUNDED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from optimizer.scenario.load import load_scenario
from optimizer.scenario.inputs import InputError
try:
    inputs = load_scenario(sys.argv[1])
except InputError as err:
    print("InputError", err.lines()[0])
else:
    print("loaded", len(inputs.boards))
"""


@pytest.fixture
def minimal(tmp_path) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(MINIMAL, folder)
    return folder


def _bounded_load(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", BOUNDED, str(path)], capture_output=True, text=True, timeout=120,
        cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_workbook_with_one_formatted_cell_at_xfd1048576_loads_within_bounds(tmp_path):
    book = write_template(tmp_path / "model.xlsx", EXAMPLE)
    wb = openpyxl.load_workbook(book)
    corner = wb["boards"].cell(row=1048576, column=16384)
    corner.font = openpyxl.styles.Font(bold=True)
    wb.save(book)
    assert book.stat().st_size < 100_000
    assert _bounded_load(book).startswith("loaded 8")


def test_a_sheet_beyond_the_row_cap_is_one_problem(tmp_path, monkeypatch):
    book = write_template(tmp_path / "model.xlsx", EXAMPLE)
    monkeypatch.setattr(workbook_read, "MAX_ROWS", 5)
    with pytest.raises(InputError) as err:
        load_scenario(book)
    (problem,) = err.value.problems
    assert problem.file.endswith("model.xlsx[scenario]") or "[" in problem.file
    assert "at most 5 rows" in problem.expected


def test_a_huge_csv_is_refused_by_size_before_it_is_read(minimal):
    with open(minimal / "potentials.csv", "r+b") as fh:
        fh.truncate(tables.MAX_BYTES + 1)  # sparse: no disk, no time
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert any("at most" in p.expected and "bytes" in p.expected for p in err.value.problems)


def test_a_csv_beyond_the_row_cap_is_one_problem(minimal, monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 10)
    lines = ["board,action,pot"] + [f"CARE,digital,{i}" for i in range(50)]
    (minimal / "potentials.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    (problem,) = err.value.problems
    assert problem.where == "row 12" and "at most 10 rows" in problem.expected


def test_duplicate_rows_by_the_thousand_give_one_screen_of_messages(minimal):
    lines = ["board,action,pot"] + ["CARE,digital,30"] * 5000
    (minimal / "potentials.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert len(err.value.problems) == 4999
    shown = err.value.lines()
    assert len(shown) == MAX_SHOWN_PROBLEMS + 1 and shown[-1] == "... and 4979 more problems"
    result = CliRunner().invoke(main, ["validate", str(minimal)])
    assert result.exit_code == 2 and len(result.output.splitlines()) == MAX_SHOWN_PROBLEMS + 2
    assert "4999 problem(s)" in result.output


def test_a_csv_with_too_many_columns_is_one_problem(minimal):
    header = ",".join(f"c{i}" for i in range(tables.MAX_COLUMNS + 1))
    (minimal / "frames.csv").write_text(header + "\n")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert [p.expected for p in err.value.problems] == [f"at most {tables.MAX_COLUMNS} columns"]


def test_a_line_longer_than_the_csv_field_limit_is_a_problem(minimal):
    (minimal / "potentials.csv").write_text('board,action,pot\nCARE,"' + "x" * 200_000 + '",1\n')
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert any(p.expected == "valid CSV" for p in err.value.problems)
