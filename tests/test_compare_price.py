"""The comparison's "What does the priority cost?": in money and decisions, by name, computed
by hand from two hand-made plans."""

from __future__ import annotations

import pandas as pd
import pytest

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
    assert said == [  # B's digi (digitalisation, 20 a year in 2026) leaves
        "Frame Styrelse | B 2026 is not met: 512.5 against 500.0, 12.5 MSEK short.",
        "Against the reference, savings in 2026 move between boards: Styrelse | B -20.0 MSEK/yr.",
        "Between kinds of action: Digitalisation -20.0 MSEK/yr.",
        "Actions that leave the plan: Digital (Styrelse | B, 20.0 MSEK/yr).",
    ]
    assert priority_price(cv, "Balanced") == []  # the reference has no price


def test_the_box_opens_the_swedish_comparison() -> None:
    base, care = two_plans()
    html = render_compare_html({"Balanced": base, "care": care}, "sv")
    assert html.index("Vad kostar prioriteringen? Skydda") < html.index("Nyckeltal")
    assert EVIL not in html
    assert "Åtgärder som utgår: Digital (Styrelse | B, 20,0 mnkr/år)." in html


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [(5.0, -20.0, ["B", "A"]), (-5.0, 20.0, ["B", "A"]), (-25.0, 20.0, ["A", "B"])],
)
def test_boards_that_carry_more_come_first(a: float, b: float, order: list[str]) -> None:
    """A plan that moves ``a`` onto A and ``b`` onto B in 2026 lists the larger change first,
    whatever its sign (A and B in their names: ``Styrelse | B`` is B)."""
    base = make_results()
    other = make_results()
    other.summary["priorities"] = "other"
    boards = other.tables["boards"]
    boards.loc[(boards["board"] == "A") & (boards["year"] == 2026), "effect"] += a
    boards.loc[(boards["board"] == "B") & (boards["year"] == 2026), "effect"] += b
    cv = CompareView({"ref": base, "other": other}, Labels("en"))
    shift = priority_price(cv, cv.names[1])[1]
    names = {"A": cv.ref.board("A"), "B": cv.ref.board("B")}
    positions = [shift.index(names[k]) for k in order]
    assert positions == sorted(positions), shift
    assert f"{names['A']} {a:+.1f} MSEK/yr" in shift and f"{names['B']} {b:+.1f} MSEK/yr" in shift


def test_staff_moved_in_full_time_equivalents() -> None:
    """staff.csv's fte_change in the last year, run minus reference, per board: A -10.5 - 2.0
    = -12.5 (fewer staff); B 3.0 - 0.0 = +3.0; the larger change first."""
    base, other = make_results(), make_results()
    other.summary["priorities"] = "other"
    base.tables["staff"] = pd.DataFrame(
        {"board": ["A", "A", "B"], "year": [2025, 2026, 2026], "fte_change": [-1.0, 2.0, 0.0]}
    )
    other.tables["staff"] = pd.DataFrame(
        {"board": ["A", "A"], "year": [2025, 2026], "fte_change": [-30.0, -10.5]}
    )
    other.tables["staff"] = pd.concat(
        [other.tables["staff"], pd.DataFrame({"board": ["B"], "year": [2026], "fte_change": [3.0]})]
    )
    cv = CompareView({"ref": base, "other": other}, Labels("sv"))
    said = priority_price(cv, cv.names[1])
    staff = [t for t in said if t.startswith("Personalen")]
    a, b = cv.ref.board("A"), cv.ref.board("B")
    assert staff == [
        f"Personalen 2026 jämfört med referensen, i årsarbetare: {a} -12,5 och {b} +3,0."
    ]
