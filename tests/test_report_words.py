"""Reports in the reader's words: names instead of ids, and no English word or code in Swedish.

Every report of the example (HTML, Markdown and Excel of a plan, of a plan that misses a
requirement, and of a comparison of two priority sets; the frontier chart) is rendered with
``--lang sv``, its visible text taken out (HTML without tags and styles, every cell and sheet
name of a workbook, the ``<text>`` of an SVG chart) and searched for:

- the id of any board or action the scenario gives a name (``HSN``, ``hyr-min``, ...);
- ``FORBIDDEN_SV``: the English words and internal codes that leaked into Swedish reports before
  (statuses, objective and category codes, priority set names, why-not details, the words
  for a missed requirement that mean a negative result in Swedish public finance).

- the English words of ``docs/glossary.md`` (its terms' English column and its "Never on a
  Swedish page" list), so the list grows with the glossary;
- a number written with a decimal point (``888.7``) rather than a decimal comma;
- a term the glossary marks *never alone* without the word that says which figure it is.

The scenario's name is not searched: it is the user's words. Overrides and priority sets have
Swedish labels of their own, so their names are searched like ids.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from optimizer import load_scenario, solve
from optimizer.analysis.compare import compare
from optimizer.analysis.frontier import frontier
from optimizer.report import render, render_compare
from optimizer.results.charts import frontier_chart

FORBIDDEN_SV = (
    # statuses and codes of summary.json / why_not.csv
    "optimal", "shortfall", "infeasible", "time_limit", "min_impact", "min_savings",
    "min_max_share", "marginal", "starts", "too_costly", "not_needed", "pace_limited",
    "potential_reached", "displaced_by", "outside_window", "no_effect",
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


GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"


def glossary() -> tuple[list[str], list[str]]:
    """``(English words forbidden in Swedish, terms never alone)`` from ``docs/glossary.md``."""
    english, alone = [], []
    text = GLOSSARY.read_text(encoding="utf-8")
    terms, never = text.split("## Never on a Swedish page")
    for line in terms.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("Svenska", "---"):
            continue
        if "*never alone*" in cells[0]:
            alone.append(cells[0].split("(")[0].strip())
        if cells[1] and cells[1] != cells[0]:  # Potential, Scenario: the same in both
            english.append(cells[1].split(" (")[0])
    for line in never.splitlines():
        if line.startswith("- "):
            english += [w.strip() for w in line[2:].split(",")]
    return english, alone


def decimal_points(text: str) -> list[str]:
    """Numbers written with a decimal point (``888.7``); a version ``1.16.0`` is not one."""
    return re.findall(r"(?<![\w.])\d[\d ,]*\.\d+(?![\w.])", text)


def visible_html(text: str) -> str:
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def visible_xlsx(path: Path) -> str:
    """Sheet names and text cells (numbers are numbers in a workbook: Excel formats them)."""
    wb = openpyxl.load_workbook(path)
    cells = [
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
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
    ids = [*names["boards"], *names["actions"], *hard]  # overrides have Swedish labels
    user = [str(base.summary["scenario"])]  # the user's own words
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
    # as `balansplan compare` hands it over: a Comparison of priority sets, under overrides
    comparison = compare(priorities=["balanced", "protect-care"], use=["high-wages"])
    for fmt in ("html", "md", "xlsx"):
        path = render_compare(comparison, fmt, tmp_path / f"sets.{fmt}", lang="sv")
        text = path.read_text(encoding="utf-8") if fmt != "xlsx" else visible_xlsx(path)
        out[f"sets.{fmt}"] = visible_html(text) if fmt == "html" else text
    return out


def test_swedish_reports_show_names_and_no_english(example, tmp_path: Path) -> None:
    _, _, _, ids, user = example
    english, alone = glossary()
    forbidden = [*FORBIDDEN_SV, *english]
    for name, text in reports(example, tmp_path).items():
        for words in user:
            text = text.replace(words, " ")
        assert found_in(text, ids) == [], f"{name}: ids shown where names exist"
        assert found_in(text, forbidden) == [], f"{name}: English or codes in Swedish"
        assert decimal_points(text) == [], f"{name}: a decimal point in Swedish"
        if not name.endswith(".html"):  # no chart: no line to point at
            assert "svarta linjen" not in text, f"{name}: a line of a chart it does not have"
        for term in alone:
            bare = re.findall(r"(?<![\w-])" + term + r"(?![\w-])", text)  # capitalised: a label
            assert bare == [], f"{name}: {term} alone"


def test_the_frontier_chart_in_swedish(example, tmp_path: Path) -> None:
    base, _, _, ids, _ = example
    inputs = load_scenario()
    result = frontier(inputs, "deadline:2027", 3, None, None)
    _, svg = frontier_chart(result, tmp_path / "f", "sv", base.summary["names"])
    text = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text(encoding="utf-8")))
    assert found_in(text, ids) == []
    assert found_in(text, list(FORBIDDEN_SV)) == []


def test_the_forbidden_words_are_found_where_they_are() -> None:
    """The search is not vacuous: it finds an id, a code, a glossary word and a decimal point
    where they stand, and reads the glossary's terms."""
    assert found_in("Potential HSN hyr-min", ["HSN", "hyr-min", "hyr"]) == ["HSN", "hyr-min"]
    assert found_in("UNDERSKOTT: ingen plan", list(FORBIDDEN_SV)) == ["UNDERSKOTT"]
    english, alone = glossary()
    assert {"attrition", "Balance", "Accumulated balance result", "Frame"} <= set(english)
    assert alone == ["Balanskravsresultat"]
    assert found_in("attrition Kollektivtrafiknämnden 2026", english) == ["attrition"]
    assert decimal_points("888.7 mnkr, 1 234,5 mnkr, balansplan 0.1.0") == ["888.7"]


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


def test_an_override_is_named_by_its_label(tmp_path: Path) -> None:
    """An applied override shows as its label in the reader's language, never as its name."""
    results = solve(load_scenario(use=["high-wages"]))
    assert results.summary["names"]["overrides"] == {
        "high-wages": {"sv": "Högre löner", "en": "Higher wages"}
    }
    sv = visible_html(render(results, "html", tmp_path / "sv.html", lang="sv").read_text("utf-8"))
    en = visible_html(render(results, "html", tmp_path / "en.html", lang="en").read_text("utf-8"))
    assert "Högre löner" in sv and "Higher wages" in en
    assert found_in(sv + en, ["high-wages"]) == []


def test_an_override_label_is_checked(tmp_path: Path) -> None:
    """A label that is not ``{sv: text, en: text}`` is a clear error naming file and key."""
    from optimizer.scenario.inputs import InputError
    from optimizer.scenario.load import EXAMPLE

    bad = tmp_path / "scenario.yaml"
    bad.write_text(
        f"extends: {EXAMPLE / 'scenario.yaml'}\n"
        "overrides:\n  warm:\n    label: {sv: '', de: Warm}\n    drivers: {wage: 0.04}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_scenario(bad, use=["warm"])
    assert "overrides.warm.label" in str(error.value)
    assert "{sv: name, en: name}" in str(error.value)


def test_a_reason_shared_by_every_protected_row_is_said_once(example) -> None:
    """The example protects actions one by one: 'Skyddad genom: just denna åtgärd' once, below
    the table, not on every row; a region without milestones has no empty milestone column."""
    from optimizer.report.view.plan import View
    from optimizer.report.words.labels import Labels

    base = example[0]
    view = View(base, Labels("sv"))
    reasons = set(base.tables["protected"]["reason"])
    table = view.protected()
    if len(reasons) == 1:
        assert "Skyddad genom" not in table.columns and table.more.startswith("Skyddad genom: ")
    else:
        assert "Skyddad genom" in table.columns
    assert base.region["milestone"].isna().all()  # the law's keys: deadlines, no milestones
    assert "Delmål" not in view.region().columns


def test_frames_of_weight_zero_are_said_not_held() -> None:
    """shortfall_weights.frame=0: no shortfall row, but HSN is 10.7 over its 2025 frame; the
    status says the frames are not held (informational), never that they are met."""
    import pandas as pd

    from optimizer.report.view.tiers import tier_sentence

    boards = pd.DataFrame(
        {"board": ["HSN", "PN"], "year": [2025, 2025], "overrun": [10.668693, 0.0]}
    )
    empty = pd.DataFrame(columns=["requirement", "board", "category", "year", "shortfall"])
    en = tier_sentence({}, empty, "en", boards)
    assert "the frames are met" not in en
    assert (
        "the frames are not held (their weight is 0: they only inform): the frames of HSN "
        "are overrun by 11 MSEK in 2025"
        in en
        and "PN" not in en
    )
    sv = tier_sentence({}, empty, "sv", boards)
    assert "ramarna hålls inte (vikt 0, de är bara information; 11 mnkr över)" in sv
    assert tier_sentence({}, empty, "en", boards.assign(overrun=0.0)).endswith("the frames are met")


def test_a_plan_that_falls_short_shows_no_penalty_as_a_price(example, tmp_path: Path) -> None:
    """The shortfall plan's duals are penalty weights (tens of thousands): no price list, a
    sentence saying why, in every medium."""
    from optimizer.report.words.labels import Labels

    short = example[1]
    assert short.tables["duals"]["dual"].max() > 1000  # the penalty, not harm per MSEK
    for fmt in ("html", "md", "xlsx"):
        path = render(short, fmt, tmp_path / f"short.{fmt}", lang="sv")
        text = path.read_text(encoding="utf-8") if fmt != "xlsx" else visible_xlsx(path)
        assert "Inga priser: planen uppfyller inte alla krav" in text, fmt
        for html in (False, True):  # the largest penalty as a price would print it
            largest = Labels("sv", html=html).num(short.tables["duals"]["dual"].max(), 2)
            assert largest not in text, fmt


def test_the_shortfall_table_puts_the_law_first_and_staff_in_its_unit(example) -> None:
    """Rows by tier (the law, the targets, the frames), then year; a staff row says årsarbetare."""
    from optimizer.report.view.plan import View
    from optimizer.report.words.labels import Labels

    short = example[1]
    rows = View(short, Labels("sv")).shortfall().rows
    law = {"Balanskravet", "Återställande"}
    tier = [0 if r[0].split()[0] in law else 2 if r[0].startswith("Budgetram") else 1 for r in rows]
    assert tier == sorted(tier) and {0, 1} <= set(tier)
    assert rows[0][0].startswith(("Balanskravet", "Återställande"))  # the law leads
    staff = [r[0] for r in rows if r[0].startswith("Personalminskning")]
    assert staff and all(r.endswith("(årsarbetare)") for r in staff)


def test_margins_only_for_decided_frames(example) -> None:
    """A proposed frame is the plan's own cost (margin 0 by construction): the margin table has
    the decided years only; with every frame proposed it is left out."""
    from optimizer.report.view.plan import View
    from optimizer.report.words.labels import Labels

    base = example[0]
    frames = base.tables["frames"]
    decided = sorted({int(y) for y in frames.loc[frames["status"] == "decided", "year"]})
    years = sorted({int(y) for y in frames["year"]})
    assert decided and len(decided) < len(years)  # the example proposes the later years
    view = View(base, Labels("sv"))
    assert view.margins().columns[1:] == [str(y) for y in decided]
    base.tables["frames"] = frames.assign(status="proposed")
    try:
        assert not View(base, Labels("sv")).has_margins
    finally:
        base.tables["frames"] = frames
