"""Version 2's outputs in the reports (MODEL.md section 8): proposed frames, the
balanskravsutredning, staff and the shortfall by tier, shown where the results have them and
left out (without error) where they do not."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from optimizer.report.excel.workbook import write_report
from optimizer.report.html.plan import render_html
from optimizer.report.markdown import render_markdown
from optimizer.report.words.labels import NBSP
from optimizer.results.core import Results
from tests.test_report_html import make_results
from tests.test_report_numbers import parsed


def with_v2() -> Results:
    """Frames decided for 2025, proposed for 2026 (A 9 300 against 9 450 by today's rule: -150);
    a reconciliation with the 2025 deficit left; staff in A; 12.5 MSEK short on the frames."""
    r = make_results("shortfall", 12.5)
    r.tables["frames"] = pd.DataFrame(
        {
            "board": ["A", "A", "B", "B"],
            "year": [2025, 2026, 2025, 2026],
            "frame": [9000.0, 9300.0, 510.0, 500.0],
            "status": ["decided", "proposed", "decided", "proposed"],
            "current": [9000.0, 9450.0, 510.0, 520.0],
            "change": [0.0, -150.0, 0.0, -20.0],
        }
    )
    r.tables["reconciliation"] = pd.DataFrame(
        {
            "year": [2025, 2026],
            "result": [300.0, 334.5],
            "gains": [0.0, 0.0],
            "adjustments": [0.0, 0.0],
            "bkr": [300.0, 334.5],
            "exempt_used": [0.0, 0.0],
            "new_deficit": [0.0, 0.0],
            "restored": [300.0, 334.5],
            "deficit_left": [700.0, 365.5],
            "deficit_due": [0.0, 0.0],
            "deadline": [2027, 2027],
            "surplus_after_restoration": [0.0, 0.0],
        }
    )
    r.tables["staff"] = pd.DataFrame(
        {"board": ["A", "A"], "year": [2025, 2026], "fte_change": [-12.0, -20.5]}
    )
    r.summary["shortfall_by_tier"] = {"law": 0.0, "targets": 0.0, "frames": 12.5}
    return r


def test_proposed_frames_are_marked_with_their_change() -> None:
    html = render_html(with_v2())
    text = parsed(html).of("frames")
    assert "Frames: decided and proposed" in text
    assert "9,300.0" in text and "−150.0" in text and "Proposed change 2026" in text
    assert html.count('class="num proposed"') == 2  # A and B in 2026, not 2025


def test_the_balanskravsutredning_in_order_and_in_swedish() -> None:
    text = parsed(render_html(with_v2(), "sv")).of("reconciliation")
    order = ["Årets resultat", "Årets balanskravsresultat", "Underskott kvar att återställa"]
    assert [text.index(w) for w in order] == sorted(text.index(w) for w in order)
    assert "365,5" in text and "Överskott efter återställande" in text


def test_staff_and_the_shortfall_by_tier() -> None:
    page = parsed(render_html(with_v2()))
    assert "Total −12.0 −20.5" in page.of("staff")
    status = render_html(with_v2()).split('role="status">')[1].split("</div>")[0]
    assert "The law is met; the targets are met; the frames of Styrelse | B are overrun" in status


def test_older_results_show_none_of_it() -> None:
    html = render_html(make_results())
    for key in ("frames", "reconciliation", "staff"):
        assert f'data-key="{key}"' not in html
    assert "Missing by tier" not in html


def test_markdown_and_excel_carry_them(tmp_path: Path) -> None:
    md = render_markdown(with_v2(), "sv")
    assert "## Balanskravsutredning" in md and "## Ramar: beslutade och föreslagna" in md
    assert "Lagen uppfylls; målen uppfylls; ramarna uppfylls inte (12 mnkr)." in md
    wb = openpyxl.load_workbook(write_report(with_v2(), tmp_path / "r.xlsx", lang="sv"))
    assert {"Ramar", "Balanskravsutredning", "Personal"} <= set(wb.sheetnames)
    frames = [[c.value for c in row] for row in wb["Ramar"].iter_rows(min_row=2)]
    assert frames[1][:6] == [
        'Board <script>alert("x")</script>',
        2026,
        9300,
        "Föreslagen",
        9450,
        -150,
    ]


def test_the_deficit_card_from_the_balanskravsutredning() -> None:
    card = parsed(render_html(with_v2(), "sv")).of("deficit")
    assert (
        card
        == f"Underskott kvar att återställa vid utgången av 2026 366{NBSP}mnkr underskott kvar att återställa"
    )
