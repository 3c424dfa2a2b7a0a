"""HTML and Markdown reports from hand-made ``Results`` (no solver): content, escaping, languages."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.report import check_format, render, render_compare
from optimizer.report.html.plan import render_html
from optimizer.report.markdown import md_escape, render_markdown
from optimizer.report.svg.charts import nice_ticks
from optimizer.report.words.labels import MINUS, NBSP, Labels
from optimizer.results.core import Results

EVIL = '<script>alert("x")</script>'


def make_results(status: str = "optimal", shortfall: float = 0.0) -> Results:
    """Two boards A, B over 2025-2026. A saves 1 000 then 1 234.5 (baseline 10 000 and 10 500);
    B saves 0 then 20 (baseline 500 and 520): savings 1 000 and 1 254.5, share in 2026
    1 254.5 / 11 020 = 11.38 %."""
    years = [2025, 2026]
    boards = pd.DataFrame(
        {
            "board": ["A", "A", "B", "B"],
            "year": years * 2,
            "baseline": [10000.0, 10500.0, 500.0, 520.0],
            "effect": [1000.0, 1234.5, 0.0, 20.0],
            "oneoff": 0.0,
            "depreciation": 0.0,
            "cost": [9000.0, 9265.5, 500.0, 500.0 + shortfall],
            "frame": [9000.0, 9300.0, 510.0, 500.0],
            "margin": [0.0, 34.5, 10.0, -shortfall],
            "overrun": [0.0, 0.0, 0.0, shortfall],
            "frame_dual": [1.5, 0.0, 0.0, 0.0],
        }
    )
    region = pd.DataFrame(
        {
            "year": years,
            "revenue": [9800.0, 10100.0],
            "grants": 0.0,
            "financial": 0.0,
            "central": 0.0,
            "cost": [9500.0, 9765.5],
            "result": [300.0, 334.5],
            "target": [250.0, math.nan],
            "shortfall": 0.0,
            "result_dual": 0.0,
            "balance": [-700.0, -365.5],
            "milestone": [math.nan, -400.0],
            "milestone_dual": [math.nan, 0.75],
        }
    )
    actions = pd.DataFrame(
        {
            "board": ["A", "A", "B"],
            "action": ["evil", "digi", "digi"],
            "category": ["hired_staff", "digitalisation", "digitalisation"],
            "start_year": [2025, 2026, 2026],
            "amount": [1000.0, 200.0, 20.0],
            "weight": [0.5, 1.0, 1.0],
            "reduced_cost": 0.0,
        }
    )
    effects = pd.DataFrame(
        {
            "board": ["A", "A", "A", "A", "B", "B"],
            "action": ["evil", "evil", "digi", "digi", "digi", "digi"],
            "year": [2025, 2026] * 3,
            "effect": [1000.0, 1034.5, 0.0, 200.0, 0.0, 20.0],
        }
    )
    duals = pd.DataFrame(
        {
            "constraint": ["frame", "milestone", "potential", "pace"],
            "board": ["A", None, "A", "B"],
            "action": [None, None, "evil", None],
            "category": [None, None, "hired_staff", None],
            "year": [2025, 2026, None, 2026],
            "dual": [1.5, 0.75, 2.25, 0.0],
            "slack": [0.0, 0.0, 0.0, 3.0],
            "binding": [True, True, True, False],
        }
    )
    short = pd.DataFrame(
        columns=["requirement", "board", "category", "year", "target", "value", "shortfall"]
    )
    if shortfall:
        short.loc[0] = ["frame", "B", None, 2026, 500.0, 500.0 + shortfall, shortfall]
    protected = pd.DataFrame(
        {
            "board": ["B"],
            "action": ["evil"],
            "category": ["hired_staff"],
            "pot": [7.0],
            "reason": ["board"],
        }
    )
    summary = {
        "status": status,
        "objective": 2269.0,
        "impact": 2269.0,
        "total_shortfall": shortfall,
        "savings_by_year": {"2025": 1000.0, "2026": 1254.5},
        "scenario": f"Region {EVIL}",
        "overrides": ["high&wages"],
        "priorities": "Balanced",
        "objective_name": "min_impact",
        "solver": {"name": "highs", "version": "1"},
        "tool_version": "0.1.0",
        "inputs_sha256": "abc",
        "names": {
            "boards": {"A": f"Board {EVIL}", "B": "Styrelse | B"},
            "actions": {"evil": EVIL, "digi": "Digital"},
        },
    }
    tables = {
        "boards": boards,
        "region": region,
        "actions": actions,
        "effects": effects,
        "duals": duals,
        "shortfall": short,
        "protected": protected,
        "liquidity": pd.DataFrame(
            columns=["year", "cash", "loans", "borrowing", "min_cash", "shortfall"]
        ),
    }
    return Results(summary, tables)


def text_of(html: str) -> str:
    """The visible text, roughly: tags removed, entities for & < > " decoded."""
    plain = re.sub(r"[ \n\t]+", " ", re.sub(r"<[^>]+>", " ", html))
    return (
        plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def test_labels_format_numbers_in_each_language() -> None:
    assert Labels("en").num(1234.5) == "1,234.5"
    assert Labels("sv").num(1234.5) == "1 234,5"
    assert Labels("sv").money(1234.5) == "1 234,5 mnkr"
    assert Labels("en").money(-1234.6, 0) == "-1,235 MSEK"
    assert Labels("sv", html=True).num(-1234567.25, 2) == f"{MINUS}1{NBSP}234{NBSP}567,25"
    assert Labels("en").num(-0.04) == "0.0"  # no "-0.0"
    assert Labels("en").num(float("nan")) == "" and Labels("en").num(None) == ""
    assert Labels("sv").percent(0.1138, 1) == "11,4 %"
    assert Labels("sv")("board") == "Nämnd" and Labels("sv")("action") == "Åtgärd"
    assert Labels("sv").category("hired_staff") == "Inhyrd bemanning"
    assert Labels("sv").category("my_own") == "my_own"
    with pytest.raises(ValueError):
        Labels("de")


@pytest.mark.parametrize(
    ("lo", "hi"), [(-999.9, 1489.9), (0.0, 1382.4), (-230.0, 856.0), (0.0, 3.57), (5.0, 5.0)]
)
def test_nice_ticks_cover_the_range(lo: float, hi: float) -> None:
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi and len(ticks) >= 2
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


def test_html_is_self_contained_and_escapes_user_text() -> None:
    html = render_html(make_results())
    assert html.startswith("<!DOCTYPE html>")
    for forbidden in ("http://", "https://", "<script", "<link", "@import", "url(", "src="):
        assert forbidden not in html.lower(), forbidden
    assert EVIL not in html and "&lt;script&gt;" in html
    assert "high&amp;wages" in html
    # the bridge of the one deadline year (2026), result, balance, savings by board and by
    # kind, prices of requirements and of potentials: each drawn wide and narrow (a phone)
    assert html.count("<svg") == 14 and html.count('class="chart-narrow"') == 7
    assert "@media print" in html


def test_html_headline_numbers_by_hand() -> None:
    text = text_of(render_html(make_results()))
    assert "Every requirement is met" in text
    assert f"1,254{NBSP}MSEK" in text  # yearly savings by 2026 (rounded to whole MSEK)
    assert f"11.4{NBSP}%" in text  # 1 254.5 / 11 020
    assert f"Result 2025 300{NBSP}MSEK target 250{NBSP}MSEK" in text
    assert f"{MINUS}366{NBSP}MSEK milestone {MINUS}400{NBSP}MSEK" in text
    assert "2,269" in text  # harm score
    assert f"Frame Board {EVIL} 2025" in text and "Balance milestone 2026" in text
    assert "Pace of change" not in text  # not binding
    assert "Board <script>" in text  # board's name from the summary, escaped in the HTML


def test_html_swedish_labels_and_number_format() -> None:
    text = text_of(render_html(make_results(), lang="sv"))
    assert f"1{NBSP}254{NBSP}mnkr" in text
    assert f"1{NBSP}234,5" in text  # A's savings in 2026
    for word in (
        "Nämnd",
        "Åtgärd",
        "Resultat",
        "Delmål",
        f"Budgetram Board {EVIL} 2025",
        "Inhyrd bemanning",
    ):
        assert word in text, word
    assert "MSEK" not in text


def test_html_shortfall_is_loud() -> None:
    html = render_html(make_results("shortfall", shortfall=12.5))
    assert 'class="banner bad"' in html
    text = text_of(html)
    assert f"SHORTFALL: no plan meets every requirement (short by 12.5{NBSP}MSEK)" in text
    assert "Requirements that are not met" in text
    assert re.search(r'<td class="num bad" data-label="Shortfall">12\.5</td>', html)


def test_html_without_a_plan_shows_status_and_conflict() -> None:
    results = Results(
        {
            "status": "infeasible",
            "scenario": "X",
            "conflict": [{"requirement": "frame", "board": "A", "year": 2025, "value": 3.0}],
        },
        {},
    )
    text = text_of(render_html(results))
    assert "INFEASIBLE" in text and "Frame A 2025" in text and "No plan to show." in text
    assert "INFEASIBLE" in render_markdown(results)


def test_markdown_has_the_same_numbers_as_tables() -> None:
    md = render_markdown(make_results(), lang="sv")
    assert "| Nämnd |" in md and "|---|" in md
    assert "1 234,5" in md and "1 254 mnkr" in md
    assert "Styrelse \\| B" in md  # a pipe in a name cannot break the table
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert md_escape("a|b\nc") == "a\\|b c"


def test_compare_side_by_side_with_changes_against_the_reference(tmp_path: Path) -> None:
    base, other = make_results(), make_results()
    other.summary = {**other.summary, "impact": 2369.0, "priorities": "Protect"}
    other.tables["actions"] = other.actions.iloc[:2]
    path = render_compare({"Balanced": base, "Protect": other}, "html", tmp_path / "c.html")
    text = text_of(path.read_text(encoding="utf-8"))
    assert "Balanced" in text and "Protect" in text
    assert "2,369 (+100)" in text  # harm score against the reference
    assert 'class="num gone"' in path.read_text(encoding="utf-8")  # B's digi leaves
    md = render_compare([base, other], "md", tmp_path / "c.md").read_text(encoding="utf-8")
    assert "| Harm score | 2,269 | 2,369 (+100) |" in md


def test_compare_from_a_comparison_of_tables(tmp_path: Path) -> None:
    import optimizer.analysis.compare as compare
    other = make_results()
    other.summary = {**other.summary, "priorities": "Protect"}
    other.tables["actions"] = other.actions.iloc[:2]
    other.tables["effects"] = other.effects.iloc[:4]
    comparison = compare.compare_results([("a", "a", make_results()), ("b", "b", other)])
    html = render_compare(comparison, "html", tmp_path / "c.html").read_text(encoding="utf-8")
    assert html.count("<svg") >= 4 and EVIL not in html
    assert "Protect" in text_of(html)


def test_render_writes_atomically_and_refuses_unknown_formats(tmp_path: Path) -> None:
    path = render(make_results(), "md", tmp_path / "sub" / "r.md", lang="en")
    assert path.read_text(encoding="utf-8").startswith("# Savings plan")
    assert [p.name for p in path.parent.iterdir()] == ["r.md"]  # no temporary left behind
    with pytest.raises(ValueError):
        check_format("pdf")


def test_cli_report_writes_html_and_markdown(tmp_path: Path) -> None:
    run_dir = make_results().write(tmp_path / "run")
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(run_dir)])
    assert result.exit_code == 0, result.output
    assert (run_dir / "report.html").read_text(encoding="utf-8").count("<svg") == 14
    out = tmp_path / "r.md"
    result = runner.invoke(
        main, ["report", str(run_dir), "--format", "md", "--lang", "sv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "| Nämnd |" in out.read_text(encoding="utf-8")


def test_cli_report_bad_folder_and_bad_format_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "not a results folder" in result.output
    result = runner.invoke(main, ["report", str(tmp_path / "nothing"), "--format", "xlsx"])
    assert result.exit_code == 2 and "not a results folder" in result.output
    assert not (tmp_path / "nothing").exists()
    run_dir = make_results().write(tmp_path / "run")
    result = runner.invoke(main, ["report", str(run_dir), "--format", "pdf"])
    assert result.exit_code == 2 and "pdf" in result.output
    assert sorted(p.name for p in run_dir.iterdir()) == sorted(
        p.name for p in make_results().write(tmp_path / "again").iterdir()
    )
    with pytest.raises(ValueError, match="expected one of html, md, xlsx"):
        check_format("pdf")


def test_cli_solve_writes_a_report_into_out(tmp_path: Path) -> None:
    scenario = tmp_path / "tiny.yaml"
    scenario.write_text(
        "name: Tiny\nyears: {base: 2024, first: 2025, last: 2025}\n"
        "economy: {revenue: 100, grants: 0, financial: 0, central: 0}\n"
        "drivers: {wage: 0.0, price: 0.0}\nboards: [{id: B, cost0: 100, frame0: 90}]\n"
        "actions: [{id: a, category: efficiency, weight: 1}]\n"
        "potentials: [{board: B, action: a, pot: 20}]\ntargets: {result: {2025: 0}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["solve", str(scenario), "--out", str(out), "--report", "html", "--lang", "sv"]
    )
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'lang="sv"' in html and "Alla krav uppfylls" in html
