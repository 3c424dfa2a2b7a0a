"""``explain``: the plain-language account, checked sentence by sentence in both languages.

Most tests build ``Results`` by hand (no solver): known duals and ranges give exact numbers,
worked out in the comment above each assertion. ``X = 10 * dual`` is the price of 10 MSEK,
``Y`` the reach of the range in the direction described (``upper - value`` upwards,
``value - lower`` downwards). One end-to-end test solves a tiny case.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.report.explain.core import explain
from optimizer.report.words.phrases import CATEGORIES, NAMES, TEXT, num, pct
from optimizer.results.core import Results

INF = math.inf
RANGING = "kind constraint board action category year value lower upper dual degenerate".split()


def _summary(status: str = "optimal", total: float = 0.0) -> dict:
    return {
        "status": status,
        "objective": 999.0,  # not the harm score: explain must show "impact"
        "impact": 1234.5,
        "total_shortfall": total,
        "savings_by_year": {"2026": 100.0, "2027": 1250.25},
        "scenario": "Test",
        "overrides": [],
        "priorities": "Balanced",
        "objective_name": "min_impact",
    }


def _actions() -> pd.DataFrame:
    rows = [
        ("HSN", "a1", "efficiency", 2026, 40.0, 1.0, 0.0),
        ("HSN", "a2", "structural", 2026, 10.0, 2.0, 0.0),
        ("HSN", "a2", "structural", 2027, 5.0, 2.0, 0.0),
        ("RS", "b1", "digitalisation", 2026, 5.0, 0.5, 0.0),
    ]
    cols = ["board", "action", "category", "start_year", "amount", "weight", "reduced_cost"]
    return pd.DataFrame(rows, columns=cols)


def _ranging() -> pd.DataFrame:
    n = None
    rows = [
        # result 2027: dual 1.5 -> X 15; upper 253 - value 203 -> Y +50
        ("rhs", "result", n, n, n, 2027, 203.0, 150.0, 253.0, 1.5, False),
        # frame HSN 2026: dual 2.25 -> X 22.5; value 5560 - lower 5548 -> Y -12
        ("rhs", "frame", "HSN", n, n, 2026, 5560.0, 5548.0, 5600.0, 2.25, False),
        # milestone 2027 degenerate: price not unique, range -500..-480
        ("rhs", "milestone", n, n, n, 2027, -500.0, -500.0, -480.0, 2.4142, True),
        # potential HSN a1: dual 0.8 -> X 8; upper 1274.5 - 40 -> Y +1234.5 (thousands)
        ("rhs", "potential", "HSN", "a1", "efficiency", n, 40.0, 30.0, 1274.5, 0.8, False),
        # potential RS b1: dual 0.3 -> X 3; no upper end
        ("rhs", "potential", "RS", "b1", "digitalisation", n, 5.0, 0.0, INF, 0.3, False),
        # not binding: no sentence
        ("rhs", "frame", "RS", n, n, 2026, 900.0, 880.0, INF, 0.0, False),
        ("rhs", "potential", "HSN", "a2", "structural", n, 30.0, 15.0, INF, 0.0, False),
        # binding at a price 0 that is not unique
        ("rhs", "category", n, n, "hired_staff", 2027, 80.0, 80.0, 95.0, 0.0, True),
        # weights: a2 within 5 % (1.9..2.1), a1 within 25 %, a3 enters at 2.4 (-20 %)
        ("weight", "weight", "HSN", "a1", "efficiency", n, 1.0, 0.0, 1.25, 600.0, False),
        ("weight", "weight", "HSN", "a2", "structural", n, 2.0, 1.9, 2.1, 75.0, False),
        ("weight", "weight", "HSN", "a3", "structural", n, 3.0, 2.4, INF, 0.0, False),
    ]
    return pd.DataFrame(rows, columns=RANGING)


def _why_not() -> pd.DataFrame:
    rows = [
        ("HSN", "a3", 0.0, 25.0, "too_costly", "2.4"),
        ("HSN", "a4", 0.0, 12.0, "displaced_by", "a1"),
        ("RS", "b2", 0.0, 8.0, "not_needed", "nothing binds"),
        ("RS", "b3", 0.0, 1.0, "protected", "board"),
        ("RS", "b4", 0.0, 2.0, "protected", "board"),
        ("RS", "b5", 0.0, 3.0, "protected", "category"),
        ("RS", "b6", 0.0, 4.0, "protected", "action"),
        ("RS", "b7", 1.0, 9.0, "pace_limited", "pace[RS,2026]; pace[RS,2027]"),
        ("HSN", "a5", 6.0, 6.0, "potential_reached", "starts 2027..2027"),
        ("HSN", "a6", 0.0, 3.0, "outside_window", "starts 2028..2029, plan 2026..2027"),
    ]
    return pd.DataFrame(
        rows, columns=["board", "action", "amount", "potential", "reason", "detail"]
    )


def _duals() -> pd.DataFrame:
    n = None
    rows = [
        ("result", n, n, n, 2027, 1.5, 0.0, True),
        ("frame", "HSN", n, n, 2026, 2.25, 0.0, True),
        ("frame", "RS", n, n, 2026, 0.0, 20.0, False),
        ("milestone", n, n, n, 2027, 2.4142, 0.0, True),
        ("potential", "HSN", "a1", "efficiency", n, 0.8, 0.0, True),
        ("potential", "HSN", "a2", "structural", n, 0.0, 15.0, False),
        ("potential", "RS", "b1", "digitalisation", n, 0.3, 0.0, True),
        ("category", n, n, "hired_staff", 2027, 0.0, 0.0, True),
    ]
    cols = ["constraint", "board", "action", "category", "year", "dual", "slack", "binding"]
    return pd.DataFrame(rows, columns=cols)


def _results(ranging: bool = True, why_not: bool = True) -> Results:
    tables = {"actions": _actions(), "duals": _duals()}
    tables["shortfall"] = pd.DataFrame(
        columns=["requirement", "board", "category", "year", "target", "value", "shortfall"]
    )
    if ranging:
        tables["ranging"] = _ranging()
    if why_not:
        tables["why_not"] = _why_not()
    return Results(_summary(), tables)


# --------------------------------------------------------------------------- the phrasebook


def test_both_languages_have_every_phrase():
    assert TEXT["en"].keys() == TEXT["sv"].keys()
    assert NAMES["en"].keys() == NAMES["sv"].keys()
    assert CATEGORIES["en"].keys() == CATEGORIES["sv"].keys()


def test_number_formats():
    assert num(1234567.891, 1, "en") == "1,234,567.9"
    assert num(1234567.891, 1, "sv") == "1 234 567,9"
    assert num(-0.04, 1, "sv") == "0,0"  # no "-0,0"
    assert num(-1234.5, 2, "sv") == "-1 234,50"
    assert pct(-0.0321, "en") == "-3.2%"
    assert pct(0.232, "sv") == "+23,2 %"
    assert pct(0.0000107, "en") == "+0.0011%"  # two significant digits below 1 %


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        explain(_results(), "de")


# --------------------------------------------------------------------------- key sentences


def test_headline_both_languages():
    en, sv = explain(_results(), "en"), explain(_results(), "sv")
    assert "Status: optimal. Every requirement is met." in en
    assert "Harm score: 1,234 weighted MSEK-years (lower is better). The harm score adds up" in en
    assert "999" not in en  # the objective of the fixture is not the harm score
    assert "Savings per year (MSEK): 2026: 100.0, 2027: 1,250.2." in en
    assert "Status: alla krav uppfylls." in sv
    assert "Skadepoäng: 1 234 viktade mnkr-år (lägre är bättre). Skadepoängen summerar" in sv
    assert "Besparingar per år (mnkr): 2026: 100,0; 2027: 1 250,2." in sv


def test_binding_requirement_prices_english():
    text = explain(_results(), "en")
    assert (
        "Raising the 2027 result target by 10 MSEK raises the harm score by 15.0; "
        "this price holds for up to +50.0 MSEK. [ranging.csv: result 2027]"
    ) in text
    assert (
        "Lowering the 2026 frame of HSN by 10 MSEK raises the harm score by 22.5; "
        "this price holds for up to -12.0 MSEK. [ranging.csv: frame HSN 2026]"
    ) in text
    assert (
        "Raising the potential of a1 in HSN by 10 MSEK/yr lowers the harm score by 8.0; "
        "this price holds for up to +1,234.5 MSEK/yr."
    ) in text
    assert (
        "Raising the potential of b1 in RS by 10 MSEK/yr lowers the harm score by 3.0; "
        "this price holds for any increase."
    ) in text
    # ordered by what they cost: frame (22.5) before result (15.0); non-binding rows absent
    assert text.index("the 2026 frame of HSN by") < text.index("the 2027 result target by")
    assert "the 2026 frame of RS" not in text


def test_binding_requirement_prices_swedish():
    text = explain(_results(), "sv")
    assert (
        "Att höja resultatmålet 2027 med 10 mnkr ökar skadepoängen med 15,0; "
        "priset gäller upp till +50,0 mnkr."
    ) in text
    assert (
        "Att sänka ramen 2026 för HSN med 10 mnkr ökar skadepoängen med 22,5; "
        "priset gäller upp till -12,0 mnkr."
    ) in text
    assert (
        "Att höja potentialen för a1 i HSN med 10 mnkr/år minskar skadepoängen med 8,0; "
        "priset gäller upp till +1 234,5 mnkr/år."
    ) in text
    assert "priset gäller för varje höjning." in text


def test_degenerate_price_is_said_to_be_not_unique():
    en, sv = explain(_results(), "en"), explain(_results(), "sv")
    assert (
        "The price of the 2027 balance milestone is not unique (a degenerate solution): the "
        "solver reports 2.41 per MSEK, but other prices are equally valid, and this one holds "
        "only while the requirement stays between -500.0 and -480.0 MSEK."
    ) in en
    assert (
        "Priset för balanskravets delmål 2027 är inte entydigt (degenererad lösning): lösaren "
        "anger 2,41 per mnkr, men andra priser är lika giltiga, och detta gäller bara så länge "
        "kravet ligger mellan -500,0 och -480,0 mnkr."
    ) in sv
    # never the bare price sentence for it
    assert "Raising the 2027 balance milestone by 10 MSEK" not in en
    assert "Att höja balanskravets delmål 2027 med 10 mnkr" not in sv
    # a binding row at a price 0 that is not unique
    assert "These also bind, at a price of 0 that is not unique" in en
    assert "the 2027 target for hired staff" in en
    assert "målet för inhyrd bemanning 2027" in sv


def test_range_ending_at_the_value_counts_as_degenerate():
    # a frame whose range ends at its value downwards has no price for a cut, flag or not
    results = _results()
    ranging = results.ranging
    ranging.loc[ranging["constraint"] == "frame", "lower"] = 5560.0
    text = explain(results, "en")
    assert "The price of the 2026 frame of HSN is not unique" in text
    assert "between 5,560.0 and 5,600.0 MSEK" in text  # both ends of the frame's range


def test_marginal_actions():
    en, sv = explain(_results(), "en"), explain(_results(), "sv")
    # a2: 10 + 5 = 15 of pot 30, reduced cost 0; a1 (40 of 40) and b1 (5 of 5) at potential
    assert "In HSN: a2 (15.0 of 30.0 MSEK/yr). [actions.csv: HSN]" in en
    assert "I HSN: a2 (15,0 av 30,0 mnkr/år)." in sv
    assert "In RS:" not in en


def test_left_out_grouped_by_reason():
    en, sv = explain(_results(), "en"), explain(_results(), "sv")
    assert "Too costly (the weight at which each would enter): [why_not.csv: too_costly]" in en
    assert "- HSN a3 (0.0 of 25.0 MSEK/yr; would enter at a weight of 2.40, now 3.00)" in en
    assert "- HSN a4 (0.0 of 12.0 MSEK/yr; displaced by a1)" in en
    assert "- RS b2 (0.0 of 8.0 MSEK/yr; nothing it could help binds)" in en
    assert "- RS b7 (1.0 of 9.0 MSEK/yr; the pace limit binds in 2026, 2027)" in en
    assert "- HSN a5 (6.0 of 6.0 MSEK/yr; starts 2027–2027)" in en
    assert "- HSN a6 (0.0 of 3.0 MSEK/yr; starts 2028–2029, plan 2026–2027)" in en
    assert "- RS b6 (0.0 of 4.0 MSEK/yr; the action is protected)" in en
    assert "- RS b5 (0.0 of 3.0 MSEK/yr; its kind of action is protected in the board)" in en
    # protected: the 3 with most unused potential (b6, b5, b4), then a count of the rest
    assert en.index("RS b6") < en.index("RS b5") < en.index("RS b4")
    assert "RS b3" not in en
    assert "... and 1 more (see why_not.csv)." in en
    # reasons in a fixed order
    assert en.index("Too costly") < en.index("Displaced") < en.index("Not needed")
    assert en.index("Not needed") < en.index("Held back") < en.index("Used to the full")
    assert en.index("Used to the full") < en.index("No allowed start") < en.index("Protected")
    assert "- HSN a3 (0,0 av 25,0 mnkr/år; skulle komma med vid vikten 2,40, nu 3,00)" in sv
    assert "Skyddade i prioriteringen (rörs aldrig):" in sv
    assert "- RS b4 (0,0 av 2,0 mnkr/år; hela nämnden är skyddad)" in sv
    assert "- RS b7 (1,0 av 9,0 mnkr/år; förändringstakten binder 2026, 2027)" in sv
    assert "- HSN a6 (0,0 av 3,0 mnkr/år; startår 2028–2029, planen 2026–2027)" in sv
    assert "- RS b2 (0,0 av 8,0 mnkr/år; inget krav som den kan hjälpa binder)" in sv
    assert "... och 1 till (se why_not.csv)." in sv


def test_what_would_change_the_plan_first():
    en = explain(_results(), "en", nearest=5)
    sv = explain(_results(), "sv", nearest=5)
    # relative distances: frame 12/5560 = 0.216 %, 40/5560 = 0.719 %, milestone 20/500 = 4 %,
    # weight a2 0.1/2 = 5 % (both ends); the milestone's end at -500 (distance 0) is left out
    lines = [line for line in en.splitlines() if line.startswith("- ") and "ranging.csv" in line]
    assert lines[0].startswith(
        "- Lowering the 2026 frame of HSN from 5,560.0 to 5,548.0 MSEK (-0.22%) changes which "
        "actions are marginal, and so the prices."
    )
    assert lines[1].startswith(
        "- Raising the 2026 frame of HSN from 5,560.0 to 5,600.0 MSEK (+0.72%)"
    )
    assert lines[2].startswith(
        "- Raising the 2027 balance milestone from -500.0 to -480.0 MSEK (+4.0%)"
    )
    assert lines[3].startswith(
        "- Lowering the weight of a2 in HSN from 2.00 to 1.90 (-5.0%) changes the plan: "
        "below that, more of it is used."
    )
    assert "Raising the weight of a2 in HSN from 2.00 to 2.10 (+5.0%)" in lines[4]
    assert "Range ends at the current value, from degenerate rows, are left out" in en
    assert (
        "- Att sänka ramen 2026 för HSN från 5 560,0 till 5 548,0 mnkr (-0,22 %) ändrar vilka "
        "åtgärder som är marginella, och därmed priserna."
    ) in sv
    assert "Att sänka vikten för a2 i HSN från 2,00 till 1,90 (-5,0 %) ändrar planen" in sv


def test_shortfall_wording():
    tables = {"actions": _actions(), "duals": _duals()}
    tables["shortfall"] = pd.DataFrame(
        [
            ("frame", "HSN", None, 2026, 5560.0, 5572.5, 12.5),
            ("result", None, None, 2027, 203.0, 178.0, 25.0),
        ],
        columns=["requirement", "board", "category", "year", "target", "value", "shortfall"],
    )
    results = Results(_summary("shortfall", 37.5), tables)
    en, sv = explain(results, "en"), explain(results, "sv")
    assert "Status: shortfall. No plan meets every requirement; 37.5 MSEK falls short in all." in en
    result = "The 2027 result falls short of its target by 25.0 MSEK (178.0 against 203.0)."
    frame = "HSN overruns its 2026 frame by 12.5 MSEK (cost 5,572.5 against the frame 5,560.0)."
    assert result in en and frame in en
    assert en.index(result) < en.index(frame)  # largest shortfall first
    assert "[shortfall.csv: result 2027]" in en
    assert (
        "Status: krav ej uppfyllt. Ingen plan uppfyller alla krav; totalt saknas 37,5 mnkr." in sv
    )
    assert "Resultatet 2027 understiger målet med 25,0 mnkr (178,0 mot 203,0)." in sv
    assert "HSN överskrider sin ram 2026 med 12,5 mnkr (kostnad 5 572,5 mot ramen 5 560,0)." in sv


def test_infeasible_names_the_conflict_and_stops():
    summary = _summary("infeasible") | {"impact": None, "objective": None}
    summary["conflict"] = [{"requirement": "milestone", "year": 2027, "value": -500.0}]
    results = Results(summary, {})
    en, sv = explain(results, "en"), explain(results, "sv")
    assert "Status: infeasible." in en
    assert "- the 2027 balance milestone: -500.0 MSEK" in en
    assert "- balanskravets delmål 2027: -500,0 mnkr" in sv
    assert "## " not in en  # no sections without a plan


def test_older_results_without_ranging_or_why_not():
    en = explain(_results(ranging=False, why_not=False), "en")
    sv = explain(_results(ranging=False, why_not=False), "sv")
    # prices from duals.csv, without a range clause, and a note saying why
    assert (
        "Lowering the 2026 frame of HSN by 10 MSEK raises the harm score by 22.5. "
        "[duals.csv: frame HSN 2026]"
    ) in en
    assert "(These results hold no ranging.csv" in en
    assert "(These results hold no why_not.csv, so the reasons are not known.)" in en
    assert "solve again to see what would change the plan first" in en
    # the marginal action's potential from the potential row's slack: 15 + 15 = 30
    assert "In HSN: a2 (15.0 of 30.0 MSEK/yr)." in en
    assert "Att sänka ramen 2026 för HSN med 10 mnkr ökar skadepoängen med 22,5." in sv
    assert "(Resultaten saknar why_not.csv" in sv


def test_same_text_after_writing_and_reading_the_folder(tmp_path):
    results = _results()
    folder = Results.read(results.write(tmp_path / "res"))
    assert "ranging" in folder.tables and "why_not" in folder.tables
    assert explain(folder, "sv") == explain(results, "sv")
    assert explain(folder, "en") == explain(results, "en")


# --------------------------------------------------------------------------- the command


def test_cli_on_a_results_folder(tmp_path):
    folder = _results().write(tmp_path / "res")
    runner = CliRunner()
    out = runner.invoke(main, ["explain", str(folder)])
    assert out.exit_code == 0, out.output
    assert "Lowering the 2026 frame of HSN by 10 MSEK" in out.output
    out = runner.invoke(main, ["explain", str(folder), "--lang", "sv"])
    assert out.exit_code == 0, out.output
    assert "Att sänka ramen 2026 för HSN med 10 mnkr" in out.output


def test_cli_usage_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["explain", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "nowhere" in missing.output
    folder = _results().write(tmp_path / "res")
    assert runner.invoke(main, ["explain", str(folder), "--lang", "de"]).exit_code == 2
    mixed = runner.invoke(main, ["explain", str(folder), "--use", "high-wages"])
    assert mixed.exit_code == 2
    assert "not to a results folder" in mixed.output


# --------------------------------------------------------------------------- end to end


def test_end_to_end_on_a_tiny_solve():
    from optimizer.analysis.pipeline import solve
    from tests.factory import make_inputs

    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": 90.0}],
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 1.0},
            {"id": "a2", "category": "structural", "weight": 3.0},
        ],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0)],
    )
    results = solve(inputs)
    assert "ranging" in results.tables and "why_not" in results.tables
    text = explain(results, "en")
    # x1 = pot 6, x2 = 4 (marginal). Frame dual 3 (one MSEK less of a2) -> X = 30; the basis
    # holds while 0 <= x2 = 94 - frame <= 10, i.e. frame in [84, 94]: a cut of up to 6.
    assert (
        "Lowering the 2025 frame of B by 6.0 MSEK raises the harm score by 18.0; beyond -6.0 "
        "MSEK the price changes"  # quoted within its range only: 6 MSEK, not 10
    ) in text
    # pot(a1) dual 3 - 1 = 2 -> X = 20; x2 = 10 - pot(a1) >= 0 -> pot(a1) up to 10: +4
    assert (
        "Raising the potential of a1 in B by 4.0 MSEK/yr lowers the harm score by 8.0; "
        "beyond +4.0 MSEK/yr the price changes"
    ) in text
    assert "In B: a2 (4.0 of 10.0 MSEK/yr)." in text
    sv = explain(results, "sv")
    assert "Skadepoäng: 18 viktade mnkr-år" in sv
    assert (
        "Att sänka ramen 2025 för B med 6,0 mnkr ökar skadepoängen med 18,0; "
        "utöver -6,0 mnkr ändras priset"
    ) in sv


def test_a_degenerate_range_is_told_apart_not_between_0_0_and_0_0():
    """Two ends closer than one decimal are shown with as many decimals as tell them apart."""
    results = _results()
    ranging = results.ranging
    milestone = ranging["constraint"] == "milestone"
    ranging.loc[milestone, ["value", "lower", "upper"]] = [0.004, 0.001, 0.04]
    text = explain(results, "en")
    assert "between 0.0 and 0.0" not in text
    assert "between 0.001 and 0.04 MSEK" in text or "between 0.00 and 0.04 MSEK" in text


def test_an_action_at_realisation_0_delivers_nothing_not_outside_its_window():
    """hyr-min at realisation 0 on the example: its effect is 0 in every start year, so it
    is left out for that (``no_effect``), not for its start years (2025..2030 = the plan's)."""
    from optimizer import load_scenario, solve

    results = solve(load_scenario(sets=["actions.hyr-min.realisation=0"]))
    rows = results.why_not[results.why_not["action"] == "hyr-min"]
    assert len(rows) == 2 and set(rows["reason"]) == {"no_effect"}
    assert set(rows["detail"]) == {"realisation 0"}
    en, sv = explain(results, "en"), explain(results, "sv")
    assert "Deliver nothing (realisation 0), so no start year or weight brings them in:" in en
    group = en[en.index("[why_not.csv: no_effect]") :].splitlines()[1:3]
    assert all(line.startswith("- ") and "Minskad inhyrd bemanning" in line for line in group)
    assert not any("start" in line or "plan" in line for line in group)
    assert "Ger ingen effekt (realiseringsgrad 0), så inget startår eller vikt tar med dem:" in sv
    assert "no_effect]" in sv  # the code is named for the file, as every reason's


@pytest.mark.parametrize(
    ("tier", "verb"), [("law", "falls"), ("targets", "fall"), ("frames", "fall")]
)
def test_status_line_agrees_with_the_tier_short(tier, verb):
    """The terminal's status line: "the law falls short", "the targets fall short"."""
    from optimizer.report.terminal.plan import render

    summary = {
        "status": "shortfall",
        "scenario": "s",
        "total_shortfall": 30.0,
        "shortfall_tier": tier,
        "shortfall_by_tier": {tier: 12.5},
    }
    line = render(Results(summary, {})).splitlines()[1]
    assert f"SHORTFALL: the {tier} {verb} short by 12.5 MSEK (30.0 in all tiers);" in line
