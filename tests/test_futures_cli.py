"""``balansplan stress`` and ``balansplan robust`` on the example: files, words, bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from tests.test_futures import lex_nonnegative


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("plan") / "res"
    assert invoke("solve", "--out", out).exit_code == 0
    return out


def test_stress_writes_its_tables_and_report(plan, tmp_path):
    out = tmp_path / "st"
    result = invoke("stress", plan, "--samples", 12, "--seed", 3, "--out", out, "--report",
                    "html", "--lang", "sv")  # fmt: skip
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out / "stress.csv")
    assert {"probability", "mean_shortfall", "p90_shortfall", "unit"} <= set(table.columns)
    assert table["probability"].between(0, 1).all()
    assert set(table["unit"]) == {"MSEK", "FTE"}  # attrition in årsarbetare
    assert (table.loc[table["unit"] == "FTE", "requirement"] == "attrition").all()
    years = pd.read_csv(out / "years.csv")
    assert (years["result_p10"] <= years["result_p50"] + 1e-9).all()
    assert (years["result_p50"] <= years["result_p90"] + 1e-9).all()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["samples"] == 12
    page = (out / "report.html").read_text()
    assert 'lang="sv"' in page and "<svg" in page and "lagens lägsta" in page
    assert len(pd.read_csv(out / "futures.csv")) == 12


def test_stress_refuses_a_plan_of_other_inputs(plan):
    result = invoke("stress", plan, "--samples", 2, "--use", "high-wages")
    assert result.exit_code == 2
    assert "inputs_sha256" in result.output


def test_stress_needs_a_results_folder(tmp_path):
    result = invoke("stress", tmp_path, "--samples", 2)
    assert result.exit_code == 2
    assert "not a results folder" in result.output


def test_robust_writes_actions_and_values(tmp_path):
    out = tmp_path / "rb"
    result = invoke("robust", "--samples", 6, "--seed", 1, "--commit", 2, "--risk",
                    "cvar:0.8", "--out", out, "--report", "html")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Commit now" in result.output
    actions = pd.read_csv(out / "actions.csv")
    assert actions["start_year"].max() <= 2026
    summary = json.loads((out / "summary.json").read_text())
    assert summary["risk"] == "cvar:0.8" and summary["committed_through"] == 2026
    assert lex_nonnegative(list(summary["evpi"].values()))
    assert lex_nonnegative(list(summary["vss"].values()))
    deadlines = pd.read_csv(out / "deadlines.csv")
    assert {"probability_robust", "probability_forecast"} <= set(deadlines.columns)
    assert "<h1>" in (out / "report.html").read_text()


@pytest.mark.parametrize(
    "args, words",
    [
        (("--risk", "cvar:2"), "cvar:ALPHA"),
        (("--risk", "median"), "expected, worst"),
        (("--commit", "9"), "--commit 9"),
        (("--report", "html"), "needs --out"),
    ],
)
def test_robust_bad_options(args, words):
    base = {"--commit": "1", "--risk": "expected"}
    options = dict(zip(args[::2], args[1::2], strict=True))
    merged = [*(x for k, v in (base | options).items() for x in (k, v))]
    result = invoke("robust", "--samples", 2, *merged)
    assert result.exit_code == 2
    assert words in result.output
