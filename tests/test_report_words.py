"""Reports in the reader's words: names instead of ids, and no English word or code in Swedish.

Every report of the example (HTML, Markdown and Excel of a plan, of a plan that misses a
requirement, and of a comparison of two priority sets; the frontier chart) is rendered with
``--lang sv``, its visible text taken out (HTML without tags and styles, every cell and sheet
name of a workbook, the ``<text>`` of an SVG chart) and searched for:

- the id of any board or action the scenario gives a name (``HSN``, ``hyr-min``, ...);
- ``FORBIDDEN_SV``: the English words and internal codes that leaked into Swedish reports before
  (statuses, objective and category codes, priority set names, why-not details, the words
  for a missed requirement that mean a negative result in Swedish public finance).

Names the user wrote (the scenario's and its overrides' names) are not searched: they are the
user's words.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from optimizer import load_scenario, solve
from optimizer.analysis.frontier import frontier
from optimizer.report import render, render_compare
from optimizer.results.charts import frontier_chart

FORBIDDEN_SV = (
    # statuses and codes of summary.json / why_not.csv
    "optimal", "shortfall", "infeasible", "time_limit", "min_impact", "min_savings",
    "min_max_share", "marginal", "starts", "too_costly", "not_needed", "pace_limited",
    "potential_reached", "displaced_by", "outside_window",
    # category codes
    "hired_staff", "purchased_care", "digitalisation", "efficiency", "structural",
    "collaboration", "revenue",
    # priority sets by their English names
    "Balanced", "Protect care", "Equal burden",
    # English words of the reports
    "MSEK", "impact", "harm", "frame", "milestone", "Shortfall", "Board", "Action",
    "Yes", "No", "True", "False", "nan", "None", "tax", "rises", "unchanged",
    # a missed requirement is not an "underskott" (a negative result); old names of the harm
    # score (one name: Skadepoäng, "viktade mnkr-år")
    "UNDERSKOTT", "SAKNAS", "Underskott (mnkr)", "impact-years", "mnkr-år viktade",
)  # fmt: skip


def visible_html(text: str) -> str:
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def visible_xlsx(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    cells = [
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    ]
    return "\n".join([ws.title for ws in wb] + cells)


def found_in(text: str, words: list[str]) -> list[str]:
    """The ``words`` that occur in ``text`` as whole words (ids with hyphens included)."""
    return sorted(
        {w for w in words if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)}
    )


@pytest.fixture(scope="module")
def example():
    base = solve(load_scenario())
    hard = ["high-wages", "low-tax-growth", "no-tax-increase"]  # a shortfall since the tax lever
    short = solve(load_scenario(use=hard))
    assert short.status == "shortfall"
    care = solve(load_scenario(priorities="protect-care"))
    names = base.summary["names"]
    ids = [*names["boards"], *names["actions"]]
    user = [str(base.summary["scenario"]), *hard]  # the user's own words
    return base, short, care, ids, user


def reports(example, tmp_path: Path) -> dict[str, str]:
    base, short, care, _, _ = example
    out = {}
    for label, results in (("plan", base), ("shortfall", short)):
        for fmt in ("html", "md", "xlsx"):
            path = render(results, fmt, tmp_path / f"{label}.{fmt}", lang="sv")
            text = path.read_text(encoding="utf-8") if fmt != "xlsx" else visible_xlsx(path)
            out[f"{label}.{fmt}"] = visible_html(text) if fmt == "html" else text
    for fmt in ("html", "md", "xlsx"):
        path = render_compare([base, care], fmt, tmp_path / f"compare.{fmt}", lang="sv")
        text = path.read_text(encoding="utf-8") if fmt != "xlsx" else visible_xlsx(path)
        out[f"compare.{fmt}"] = visible_html(text) if fmt == "html" else text
    return out


def test_swedish_reports_show_names_and_no_english(example, tmp_path: Path) -> None:
    _, _, _, ids, user = example
    for name, text in reports(example, tmp_path).items():
        for words in user:
            text = text.replace(words, " ")
        assert found_in(text, ids) == [], f"{name}: ids shown where names exist"
        assert found_in(text, list(FORBIDDEN_SV)) == [], f"{name}: English or codes in Swedish"


def test_the_frontier_chart_in_swedish(example, tmp_path: Path) -> None:
    base, _, _, ids, _ = example
    inputs = load_scenario()
    result = frontier(inputs, "deadline:2027", 3, None, None)
    _, svg = frontier_chart(result, tmp_path / "f", "sv", base.summary["names"])
    text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8")))
    assert found_in(text, ids) == []
    assert found_in(text, list(FORBIDDEN_SV)) == []


def test_the_forbidden_words_are_found_where_they_are() -> None:
    """The search is not vacuous: it finds an id and a code where they stand."""
    assert found_in("Potential HSN hyr-min", ["HSN", "hyr-min", "hyr"]) == ["HSN", "hyr-min"]
    assert found_in("UNDERSKOTT: ingen plan", list(FORBIDDEN_SV)) == ["UNDERSKOTT"]


def test_english_reports_show_names_too(example, tmp_path: Path) -> None:
    base, short, _, ids, user = example
    for label, results in (("plan", base), ("shortfall", short)):
        for fmt in ("html", "md", "xlsx"):
            path = render(results, fmt, tmp_path / f"{label}-en.{fmt}", lang="en")
            text = path.read_text(encoding="utf-8") if fmt != "xlsx" else visible_xlsx(path)
            text = visible_html(text) if fmt == "html" else text
            for words in user:
                text = text.replace(words, " ")
            assert found_in(text, ids) == [], f"{label}.{fmt}: ids shown where names exist"


def test_the_tax_lever_in_the_readers_words():
    """The tax rate is said in the report's language, with a decimal comma in Swedish."""
    from optimizer.report.view.notes import notes
    from optimizer.report.words.labels import Labels

    once = {"tax_rate": {"ore": 12.5, "by_year": {"2026": 12.5}}}
    steps = {"tax_rate": {"ore": 30.4, "by_year": {"2026": 20.0, "2027": 10.4}}}
    same = {"tax_rate": {"ore": 0.0, "by_year": {}}}
    assert notes(once, Labels("sv")) == ["Skattesatsen höjs med 12,5 öre från 2026."]
    assert notes(steps, Labels("sv")) == [
        "Skattesatsen höjs med 30,4 öre (20 öre från 2026, 10,4 öre från 2027)."
    ]
    assert notes(same, Labels("sv")) == ["Skattesatsen är oförändrad."]
    assert notes(once, Labels("en")) == ["The tax rises by 12.5 öre from 2026."]
