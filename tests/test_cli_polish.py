"""The command line as a newcomer meets it: defaults, help texts, messages, colour, --solver cbc."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.cli.common import folder_text
from tests.test_cli import TINY, run


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.fixture()
def rundir(tiny: Path, tmp_path: Path) -> Path:
    out = tmp_path / "run"
    assert run("solve", tiny, "--out", out).exit_code == 0
    return out


def test_validate_without_argument_checks_the_example() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "rjh-2025-2030: valid. 8 boards" in result.output


def test_sweep_says_what_to_give() -> None:
    neither = run("sweep")
    assert neither.exit_code == 2
    assert "give what to vary: --grid (one or more) or --samples N" in neither.output
    assert "not both" not in neither.output
    both = run("sweep", "--grid", "drivers.wage=0.01,0.02", "--samples", "3")
    assert both.exit_code == 2 and "not both" in both.output
    help_text = " ".join(run("sweep", "--help").output.split())
    assert "--grid KEY.PATH=START:STOP:STEP|V1,V2,... Values of one scenario key" in help_text


def test_explain_help_names_its_argument_as_its_usage_does() -> None:
    text = run("explain", "--help").output
    assert "[SCENARIO|RESULTS_DIR]" in text and "SOURCE" not in text
    assert "RESULTS_DIR" in text.split("Options:")[0].split("\n", 2)[2]


def test_report_to_stdout_and_never_a_file_named_dash(rundir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(rundir), "--format", "md", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# ") and "Report written" not in result.output
    assert not Path("-").exists() and not (rundir / "-").exists()
    xlsx = run("report", rundir, "--format", "xlsx", "--out", "-")
    assert xlsx.exit_code == 2 and "needs a file" in xlsx.output


def test_report_refuses_to_overwrite_without_force(rundir: Path) -> None:
    assert run("report", rundir).exit_code == 0
    before = (rundir / "report.html").read_bytes()
    again = run("report", rundir, "--lang", "sv")
    assert again.exit_code == 2 and "give --force" in again.output
    assert (rundir / "report.html").read_bytes() == before
    assert run("report", rundir, "--lang", "sv", "--force").exit_code == 0
    assert (rundir / "report.html").read_bytes() != before


def test_plain_solve_says_nothing_was_written(tiny: Path, tmp_path: Path) -> None:
    plain = run("solve", tiny)
    assert "Nothing was written: give --out DIR" in plain.output
    written = run("solve", tiny, "--out", tmp_path / "o")
    assert "Nothing was written" not in written.output
    assert f"Results written to {tmp_path / 'o'}/" in written.output


@pytest.mark.parametrize("given", ["mc", "mc/", "mc//", "./mc/"])
def test_a_folder_is_shown_with_one_slash(given: str) -> None:
    assert folder_text(given) == "mc/"


def test_unknown_solver_lists_each_name_once(tiny: Path) -> None:
    result = run("solve", tiny, "--solver", "nope")
    assert result.exit_code == 2
    names = result.output.split("or one of", 1)[1].replace("\n", " ").split(",")
    names = [n.strip() for n in names if n.strip()]
    assert len(names) == len(set(names)) and "PULP_CBC_CMD" not in names


def test_cbc_without_a_cbc_program_says_how_to_get_one(tiny: Path, monkeypatch) -> None:
    from optimizer.solver import backends

    monkeypatch.setattr(backends, "cbc_path", lambda: None)
    result = run("solve", tiny, "--solver", "cbc")
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "no cbc program found" in text and "pip install 'pulp[cbc]'" in text
    assert "coinor-cbc" in text


def test_colour_on_a_terminal_plain_when_piped_or_no_color(tiny: Path, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = CliRunner().invoke(main, ["solve", str(tiny)], color=True)
    assert "\x1b[32m\x1b[1mStatus: OPTIMAL" in coloured.output
    piped = CliRunner().invoke(main, ["solve", str(tiny)])
    assert "\x1b[" not in piped.output and "Status: OPTIMAL" in piped.output
    monkeypatch.setenv("NO_COLOR", "1")
    no_color = CliRunner().invoke(main, ["solve", str(tiny)], color=True)
    assert "\x1b[" not in no_color.output


def test_headline_measure_has_one_name_and_format(tiny: Path, rundir: Path) -> None:
    solved = run("solve", tiny).output
    assert "Harm score: 18 weighted MSEK-years" in solved
    english = run("explain", rundir).output
    assert "Harm score: 18 weighted MSEK-years" in english
    swedish = run("explain", rundir, "--lang", "sv").output
    assert "Skadepoäng: 18 viktade mnkr-år" in swedish
    md = CliRunner().invoke(main, ["report", str(rundir), "--format", "md", "--out", "-"])
    assert "Harm score" in md.output
