"""Issue 21, items 5, 6, 8 and 10: caps with clear messages, an ambiguous decimal comma refused,
no traceback for the inputs of the attack run, and a damaged results folder refused on read.

Each case exited with a traceback, ran on without a word, or read a damaged folder as whole
before (the issue's list); each is now one message and exit status 2 (or 1 for a full disk).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.batch.grid import parse_grid
from optimizer.cli import main
from optimizer.scenario.inputs import Problem

MINIMAL = Path(__file__).parent / "data" / "minimal"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def no_traceback(run) -> None:
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception


@pytest.mark.parametrize(
    "args, expected",
    [
        (["sweep", MINIMAL, "--samples", "10000000"], "1<=x<=1000000"),
        (["sweep", MINIMAL, "--samples", "2", "--seed", "-1"], "--seed"),
        (["frontier", MINIMAL, "result:2026", "--points", "1000000"], "2<=x<=1000"),
        (["frontier", MINIMAL, "result:2026", "--from", "nan"], "not a finite number"),
        (["alternatives", MINIMAL, "--count", "1000000"], "1<=x<=100"),
        (["solve", MINIMAL, "--time-limit", "nan"], "not a finite number"),
        (["sweep", MINIMAL, "--grid", "drivers.wage=0,03"], "decimal point (0.03)"),
    ],
)
def test_caps_and_bad_numbers_are_refused_with_a_message(args, expected):
    run = invoke(*args)
    no_traceback(run)
    assert run.exit_code == 2, run.output
    assert expected in run.output


def test_a_decimal_comma_is_refused_but_a_list_is_a_list():
    assert isinstance(parse_grid("economy.revenue.growth=0,03"), Problem)
    assert isinstance(parse_grid("drivers.wage=1,05"), Problem)
    assert parse_grid("drivers.wage=0, 3").texts == ("0", "3")
    assert parse_grid("drivers.wage=0.01,0.03").texts == ("0.01", "0.03")
    assert parse_grid("boards.B1.cost0=100,200").texts == ("100", "200")


def test_jobs_beyond_the_cores_says_so_and_uses_the_cores(tmp_path, monkeypatch):
    import optimizer.batch.executors as executors

    monkeypatch.setattr(executors, "default_jobs", lambda: 2)
    run = invoke(
        "sweep", MINIMAL, "--grid", "drivers.wage=0.03,0.04", "-j", "1000", "-q",
        "--out", tmp_path / "b",
    )  # fmt: skip
    no_traceback(run)
    assert run.exit_code == 0, run.output
    assert "--jobs 1000: this process may use 2 core(s); running 2" in run.output
    assert "1000 processes" not in run.output


def test_a_name_too_long_for_the_system_is_exit_2(tmp_path):
    run = invoke("solve", MINIMAL, "-q", "--out", tmp_path / ("a" * 300))
    no_traceback(run)
    assert run.exit_code == 2
    assert "File name too long" in run.output


def test_a_full_disk_on_stdout_is_one_message(tmp_path):
    """``solve > /dev/full``: the echo's ENOSPC ends in one line on stderr and exit 1."""
    import subprocess
    import sys

    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full here")
    with open(full, "w") as out:
        done = subprocess.run(
            [sys.executable, "-m", "optimizer", "solve", str(MINIMAL)],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "No space left on device" in done.stderr


@pytest.fixture(scope="module")
def rundir(tmp_path_factory):
    out = tmp_path_factory.mktemp("damaged") / "run"
    assert invoke("solve", MINIMAL, "--out", out, "-q").exit_code == 0
    return out


def _edit_summary(folder: Path, key: str, value) -> None:
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    summary[key] = value
    (folder / "summary.json").write_text(json.dumps(summary), encoding="utf-8")


def _cut(folder: Path) -> None:
    data = (folder / "boards.csv").read_bytes()
    (folder / "boards.csv").write_bytes(data[: len(data) // 2])


def _abc(folder: Path) -> None:
    lines = (folder / "region.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[1].split(",")
    cells[1] = "abc"  # revenue
    lines[1] = ",".join(cells)
    (folder / "region.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _extra(folder: Path) -> None:
    lines = (folder / "region.csv").read_text(encoding="utf-8").splitlines()
    lines = [line + (",extra" if k == 0 else ",1") for k, line in enumerate(lines)]
    (folder / "region.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


DAMAGE = {
    "a list for a number": (lambda f: _edit_summary(f, "impact", [1, 2]), "impact: got [1, 2]"),
    "1e308": (lambda f: _edit_summary(f, "total_shortfall", 1e308), "total_shortfall"),
    "cut mid-row": (_cut, "boards.csv: cut short"),
    "abc for a number": (_abc, "line 2, column revenue: got 'abc'"),
    "a table lost": (lambda f: (f / "actions.csv").unlink(), "actions.csv: missing"),
    "an extra column": (_extra, "unexpected column 'extra'"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("command", ["report", "explain"])
def test_a_damaged_results_folder_is_refused_naming_what(rundir, tmp_path, damage, command):
    folder = tmp_path / "copy"
    shutil.copytree(rundir, folder)
    edit, expected = DAMAGE[damage]
    edit(folder)
    args = [command, folder] + (["--format", "md", "--out", "-"] if command == "report" else [])
    run = invoke(*args)
    no_traceback(run)
    assert run.exit_code == 2, run.output
    assert expected in run.output


def test_a_newer_tool_version_is_named(rundir, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(rundir, folder)
    _edit_summary(folder, "tool_version", "99.0.0")
    run = invoke("explain", folder)
    assert run.exit_code == 0
    assert "written by balansplan 99.0.0, newer than this" in run.output
