"""No output a spreadsheet or a Markdown viewer would execute: CSV cells and Markdown text.

docs/robustness.md, promise 5.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.report.markdown import md_escape
from optimizer.results.core import Results
from optimizer.results.csv_safe import RISKY, read_csv, write_csv

MINIMAL = Path(__file__).parent / "data" / "minimal"
EVIL_ID = "=1+2"
EVIL_NAME = "[x](javascript:alert(1))"


@pytest.fixture
def evil(tmp_path) -> Path:
    """The minimal scenario with an action id a spreadsheet would run and a linking name."""
    folder = tmp_path / "evil"
    shutil.copytree(MINIMAL, folder)
    for name in ("actions.csv", "potentials.csv"):
        text = (folder / name).read_text().replace("digital,Digital care", f"digital,{EVIL_NAME}")
        (folder / name).write_text(text.replace("digital", f'"{EVIL_ID}"'))
    board = (folder / "boards.csv").read_text().replace("Care board", "@SUM(A1:A9)")
    (folder / "boards.csv").write_text(board)
    yaml_text = (
        (folder / "scenario.yaml").read_text().replace("name: Minimal", f"name: '{EVIL_NAME}'")
    )
    (folder / "scenario.yaml").write_text(yaml_text)
    return folder


def _cells(path: Path) -> list[str]:
    with open(path, newline="", encoding="utf-8") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_every_csv_of_a_results_folder_is_inert_and_reads_back_exactly(evil, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(evil), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.csv"))
    assert len(files) >= 10
    seen = 0
    for file in files:
        for cell in _cells(file):
            assert not cell.startswith(RISKY) or _is_number(cell), (file.name, cell)
            seen += cell == "'" + EVIL_ID
    assert seen >= 3  # actions, effects, duals, ... hold the id, neutralised
    back = Results.read(out)
    assert EVIL_ID in set(back.tables["why_not"]["action"]) | set(back.tables["ranging"]["action"])


def test_the_markdown_report_shows_a_link_as_text(evil, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["solve", str(evil), "--out", str(out), "-q", "--report", "md"]
    )
    assert result.exit_code == 0, result.output
    text = (out / "report.md").read_text()
    assert "](javascript:" not in text.replace("\\](javascript:", "")
    assert EVIL_NAME not in text and md_escape(EVIL_NAME) in text  # shown, as text


@pytest.mark.parametrize(
    "value", [EVIL_ID, "+1", "-x", "@A1", "\tx", "'=already", "'", "plain", "", "a=b"]
)
def test_write_then_read_restores_every_text(tmp_path, value):
    frame = pd.DataFrame({"text": [value, "ok"], "number": [-1.5, 2.0], value or "c": [1, 2]})
    write_csv(frame, tmp_path / "t.csv")
    cells = _cells(tmp_path / "t.csv")
    assert not any(c.startswith(RISKY) and not _is_number(c) for c in cells)
    back = read_csv(tmp_path / "t.csv", keep_default_na=False)
    assert list(back["text"]) == [value, "ok"] and list(back["number"]) == [-1.5, 2.0]
    assert list(back.columns)[2] == (value or "c")


@pytest.mark.parametrize(
    "text, forbidden",
    [
        (EVIL_NAME, "[x](javascript:"),
        ("![img](http://x/y.png)", "![img]("),
        ("<script>alert(1)</script>", "<script>"),
        ("a|b", "a|b"),
        ("**bold**", "**bold**"),
        ("`code`", "`code`"),
        ("line\n# heading", "\n#"),
    ],
)
def test_md_escape_leaves_no_markup(text, forbidden):
    assert forbidden not in md_escape(text)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
