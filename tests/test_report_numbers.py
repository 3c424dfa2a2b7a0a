"""Every number a reader sees in a report, checked on the element that shows it.

The fixture (``make_results`` of test_report_html, with the objective set apart from the harm
score) is built so that a wrong number cannot pass by accident: the objective (5 000) differs
from the harm score (2 269); the savings of the first year (1 000) differ from the last
(1 254.5); the baseline of the first year (10 500) differs from the last (11 020), so a share
over the wrong year shows 11.9 % instead of 11.4 %; the prices (1.5, 0.75) are unequal, so an
ascending order shows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from optimizer.report.excel.workbook import write_report
from optimizer.report.html.plan import render_html
from optimizer.report.markdown import render_markdown
from optimizer.report.words.labels import MINUS, NBSP
from optimizer.results import palette
from optimizer.results.core import Results
from tests.test_report_html import EVIL, make_results


def results(status: str = "optimal", shortfall: float = 0.0) -> Results:
    r = make_results(status, shortfall)
    r.summary["objective"] = 5000.0  # not the harm score: no report may show it as one
    return r


class Keyed(HTMLParser):
    """The text inside each element with ``data-key`` (nested text included), and the
    ``<title>`` texts of SVG elements in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}
        self.titles: list[tuple[tuple[str, ...], str]] = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        key = dict(attrs).get("data-key")
        if tag in ("br", "meta"):
            return
        self.open.append((tag, key))
        if key:
            self.text.setdefault(key, [])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        while self.open:
            t, _ = self.open.pop()
            if t == tag:
                break
        self._in_title = False

    def handle_data(self, data):
        keys = tuple(k for _, k in self.open if k)
        for k in keys:
            self.text[k].append(data)
        if self._in_title and len(self.open) > 1:
            self.titles.append((keys, data))

    def of(self, key: str) -> str:
        """The text of ``key``, runs of spaces and newlines as one space (NBSP kept)."""
        return re.sub(r"[ \t\n]+", " ", " ".join(self.text[key])).strip()


def parsed(html: str) -> Keyed:
    p = Keyed()
    p.feed(html)
    return p


def test_the_harm_card_shows_the_impact_not_the_objective() -> None:
    page = parsed(render_html(results()))
    assert page.of("impact").startswith("Harm score 2,269 ")
    assert "5,000" not in page.of("impact")


def test_the_savings_card_shows_the_last_year_and_its_share_of_that_years_baseline() -> None:
    card = parsed(render_html(results())).of("savings")
    # 1 254.5 rounds to 1,254 (to even), its share 1 254.5 / 11 020 = 11.38 %
    assert card == f"Yearly savings by 2026 1,254{NBSP}MSEK 11.4{NBSP}% of the boards' costs"


def test_the_result_and_balance_cards() -> None:
    page = parsed(render_html(results()))
    assert page.of("result") == f"Result 2025 300{NBSP}MSEK target 250{NBSP}MSEK"
    assert page.of("balance") == (
        f"Accumulated balance result, end of 2026 {MINUS}366{NBSP}MSEK milestone {MINUS}400{NBSP}MSEK; "
        "deficit still to restore"
    )


def test_prices_are_listed_largest_first() -> None:
    page = parsed(render_html(results()))
    text = page.of("prices")
    assert text.index(f"Frame Board {EVIL} 2025") < text.index("Balance milestone 2026")
    assert "Pace of change" not in text  # a price of 0 is not binding
    assert text.index("1.50") < text.index("0.75")


def test_the_bridge_by_hand() -> None:
    """2026: savings 1 234.5 (A) + 20 (B, under 3 %: other boards), no one-off costs; the result
    with the plan 334.5, without it 334.5 - 1 254.5 = -920; revenue 10 100: -9.1 % and 3.3 %."""
    page = parsed(render_html(results()))
    titles = [t for keys, t in page.titles if "summary" in keys and ": " in t]
    assert titles[:4] == [
        f"Without new actions: {MINUS}920 ({MINUS}9.1{NBSP}%)",
        "Board " + EVIL + ": +1,234",  # 1 234.5 to whole MSEK, to even
        "Other boards: +20",
        "With the plan: 334 (3.3\u00a0%)",
    ]


def test_the_bridge_subtracts_one_off_costs_and_depreciation() -> None:
    """2026 with A's one-off cost 6 and depreciation 4 (the result with the plan stays 334.5):
    without new actions 334.5 - (1 254.5 - 6 - 4) = -910; the steps A +1 234.5, other boards
    +20 and costs -10 add up to the result with the plan: -910 + 1 254.5 - 10 = 334.5."""
    from optimizer.report.view.plan import View
    from optimizer.report.view.summary import bridge
    from optimizer.report.words.labels import Labels

    r = results()
    boards = r.tables["boards"]
    at = (boards["board"] == "A") & (boards["year"] == 2026)
    boards.loc[at, "oneoff"] = 6.0
    boards.loc[at, "depreciation"] = 4.0
    br = bridge(View(r, Labels("en")), 2026)
    assert [(label, round(v, 6), kind) for label, v, kind in br.steps] == [
        ("Without new actions", -910.0, "start"),
        (f"Board {EVIL}", 1234.5, "step"),
        ("Other boards", 20.0, "step"),
        ("One-off costs and depreciation", -10.0, "step"),
        ("With the plan", 334.5, "end"),
    ]
    assert br.without + sum(v for _, v, k in br.steps if k == "step") == pytest.approx(334.5)
    html = render_html(r)
    titles = [t for keys, t in parsed(html).titles if "summary" in keys and ": " in t]
    assert f"One-off costs and depreciation: {MINUS}10" in titles
    # drawn leftwards in the bad colour, ending where the result with the plan ends (334.5)
    bars = {
        label: (float(x), float(w), fill)
        for x, w, fill, label in re.findall(
            r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" '
            r'fill="([^"]+)"><title>([^:<]+):',
            html.split("</svg>")[0],  # the first chart: the bridge of the last deadline year
        )
    }
    x, w, fill = bars["One-off costs and depreciation"]
    end_x, end_w, _ = bars["With the plan"]
    assert fill == palette.BAD
    assert x == pytest.approx(end_x + end_w, abs=0.15)  # [334.5, 344.5]: left edge at 334.5


def test_the_summary_sentences() -> None:
    text = parsed(render_html(results())).of("summary")
    assert f"The plan must save 1,000{NBSP}MSEK in 2025 and 1,254{NBSP}MSEK in 2026" in text
    assert f"carried by Board {EVIL} 98{NBSP}% and Styrelse | B 2{NBSP}%" in text


def test_the_action_table_one_row_per_action_and_reconciled() -> None:
    r = results()
    r.tables["actions"] = pd.concat(  # the same action started in two years is one row
        [r.actions, r.actions.iloc[[0]].assign(start_year=2026, amount=50.0)], ignore_index=True
    )
    html = render_html(r)
    text = parsed(html).of("actions")
    # the board's name once (first row of its group), the action's once: one row, two starts
    assert text.count(EVIL) == 2 and text.count("2025–2026") == 1
    # A: evil 1 050 then digi 200; B: digi 20; the total 1 270.0 and the headline 1 254.5
    assert text.index("1,050.0") < text.index("200.0") < text.index("20.0")
    assert "Total 1,270.0" in text
    assert f"1,270.0{NBSP}MSEK a year" in text and f"the {NBSP}" not in text
    assert f"1,254.5{NBSP}MSEK of the summary" in text


def test_markdown_shows_the_same_harm_score() -> None:
    md = render_markdown(results())
    assert "2,269" in md and "5,000" not in md


def test_the_workbook_summary_shows_the_impact(tmp_path: Path) -> None:
    path = write_report(results(), tmp_path / "r.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    by_label = {str(r[0].value): [c.value for c in r[1:]] for r in ws.iter_rows() if r[0].value}
    assert by_label["Harm score"][0] == 2269.0
    assert by_label["Yearly savings by 2026"][0] == pytest.approx(1254.5)
    assert "11.4 %" in by_label["Yearly savings by 2026"][1]


SHEETS = {  # results table: English sheet name
    "actions": "Actions",
    "effects": "Effects",
    "boards": "Boards",
    "region": "Region",
    "duals": "Prices",
}


@pytest.mark.parametrize("table", sorted(SHEETS))
def test_the_workbook_equals_the_csv_cell_by_cell(table: str, tmp_path: Path) -> None:
    """Every number of a results table's sheet equals the CSV it came from, row by row; every
    board and action shows as its name."""
    run = results().write(tmp_path / "run")
    frame = pd.read_csv(run / f"{table}.csv")
    names = results().summary["names"]
    ws = openpyxl.load_workbook(write_report(Results.read(run), tmp_path / "r.xlsx"))[SHEETS[table]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert len(rows) == len(frame)
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    numeric = [c for c in numeric if frame[c].dtype != bool]
    for i, record in enumerate(frame.to_dict("records")):
        values = rows[i]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        expected = [record[c] for c in numeric if record[c] == record[c]]
        assert numbers == pytest.approx(expected), (table, i)
        if "board" in record and record["board"] == record["board"]:
            assert names["boards"].get(record["board"], record["board"]) in values
        if "action" in record and record["action"] == record["action"]:
            assert names["actions"].get(record["action"], record["action"]) in values


def test_a_legend_lists_only_series_with_values() -> None:
    from optimizer.report.svg import charts as svg

    nan = float("nan")
    items = svg.legend_of(
        [svg.Series("Result", [1.0, 2.0])], (), [svg.Series("Milestone", [nan, nan])]
    )
    assert items == [("Result", svg.PALETTE[0], "bar")]
    assert "Milestone" not in svg.legend_html(items) and "Result" in svg.legend_html(items)
