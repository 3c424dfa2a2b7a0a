"""The comparison's "What does the priority cost?": in money and decisions, by name, computed
by hand from two hand-made plans."""

from __future__ import annotations

from optimizer.report.html.compare import render_compare_html
from optimizer.report.view.compare import CompareView
from optimizer.report.view.price import priority_price
from optimizer.report.words.labels import Labels
from tests.test_report_html import EVIL, make_results


def two_plans():
    """The reference saves 1 234.5 (A) and 20 (B) in 2026. "Care" keeps B's frame 12.5 short,
    drops B's digi (20 in 2026) and its name is labelled in both languages."""
    base = make_results()
    care = make_results("shortfall", 12.5)
    care.summary["priorities"] = "care"
    care.summary["names"] = {
        **care.summary["names"],
        "priorities": {"sv": "Skydda", "en": "Protect"},
    }
    care.tables["actions"] = care.actions.iloc[:2]
    care.tables["boards"].loc[3, "effect"] = 0.0
    return base, care


def test_the_price_in_words_by_hand() -> None:
    base, care = two_plans()
    cv = CompareView({"Balanced": base, "care": care}, Labels("en"))
    assert cv.names == ["Balanced", "Protect"]  # the label, not the code "care"
    said = priority_price(cv, "Protect")
    assert said == [
        "Frame Styrelse | B 2026 is not met: 512.5 against 500.0, 12.5 MSEK short.",
        "Savings in 2026 move between boards against the reference: Styrelse | B -20.0 MSEK.",
        "Actions that leave the plan: Digital (Styrelse | B, 20.0 MSEK/yr).",
    ]
    assert priority_price(cv, "Balanced") == []  # the reference has no price


def test_the_box_opens_the_swedish_comparison() -> None:
    base, care = two_plans()
    html = render_compare_html({"Balanced": base, "care": care}, "sv")
    assert html.index("Vad kostar prioriteringen? Skydda") < html.index("Nyckeltal")
    assert EVIL not in html
    assert "Åtgärder som utgår: Digital (Styrelse | B, 20,0 mnkr/år)." in html
