"""Excel reports: safe text cells (no formula can be injected), numbers with formats and units,
languages, the comparison workbook, atomic writing, and the CLI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.analysis.compare import compare_results
from optimizer.cli import main
from optimizer.report import check_format, render, render_compare
from optimizer.report.excel.compare import write_compare
from optimizer.report.excel.workbook import write_report
from optimizer.results.core import Results
from tests.test_report_html import make_results

BOARD = '=HYPERLINK("http://x")'
ACTION = "@SUM(A1)"
BOARD_NAME = "-1+1"
SCENARIO = "+cmd|' /C calc'!A0"


def evil_results(status: str = "optimal", shortfall: float = 0.0) -> Results:
    """``make_results`` (boards A, B; 2025-2026; savings 1 000 and 1 254.5, baseline 10 500 and
    11 020) with board A called ``=HYPERLINK(...)``, action ``evil`` called ``@SUM(A1)``, board
    B's name ``-1+1`` and the scenario ``+cmd...``."""
    r = make_results(status, shortfall)
    for frame in r.tables.values():
        if "board" in frame.columns:
            frame["board"] = frame["board"].replace({"A": BOARD})
        if "action" in frame.columns:
            frame["action"] = frame["action"].replace({"evil": ACTION})
    r.summary["scenario"] = SCENARIO
    r.summary["names"] = {"boards": {BOARD: BOARD, "B": BOARD_NAME}, "actions": {ACTION: ACTION}}
    return r


def cells(path: Path) -> list:
    wb = openpyxl.load_workbook(path)  # formulas kept as formulas, not evaluated
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def test_no_text_becomes_a_formula(tmp_path: Path) -> None:
    path = write_report(evil_results(), tmp_path / "r.xlsx")
    found = cells(path)
    assert found and not [c.coordinate for c in found if c.data_type == "f"]
    for text in (BOARD, ACTION, BOARD_NAME):
        hits = [c for c in found if c.value == text]
        assert hits, text
        assert all(c.data_type == "s" and c.quotePrefix for c in hits)
    assert any(SCENARIO in str(c.value) for c in found)  # in the title, as text


def test_compare_workbook_has_no_formula_either(tmp_path: Path) -> None:
    a, b = evil_results(), evil_results()
    b.summary["priorities"] = "=1+1"
    path = write_compare({"ref": a, "=1+1": b}, tmp_path / "c.xlsx")
    found = cells(path)
    assert not [c for c in found if c.data_type == "f"]
    assert [c for c in found if c.value == "=1+1" and c.data_type == "s"]


def test_tables_are_numbers_with_units_formats_and_frozen_headers(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_report(evil_results(), tmp_path / "r.xlsx"))
    assert wb.sheetnames[0] == "Summary"
    ws = wb["Actions"]
    head = [c.value for c in ws[1]]
    assert "Full effect (MSEK/yr)" in head and "Board" in head and "Harm weight" in head
    amount = head.index("Full effect (MSEK/yr)") + 1
    values = [ws.cell(row=r, column=amount) for r in range(2, 5)]
    assert [c.value for c in values] == [1000, 200, 20]
    assert all(c.number_format == "#,##0.0" for c in values)
    start = ws.cell(row=2, column=head.index("Start year") + 1)
    assert start.value == 2025 and start.number_format == "0"  # a year, no separator
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.cell(row=2, column=head.index("Kind of action") + 1).value == "Hired staff"
    assert ws.column_dimensions["A"].width >= 8
    duals = wb["Prices"]
    assert [c.value for c in duals[2]][:2] == ["Frame", BOARD]
    assert "Yes" in [c.value for c in duals[2]]


def summary_rows(path: Path) -> dict[str, list]:
    """The summary sheet's rows by their first cell (the first row where one repeats)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    rows: dict[str, list] = {}
    for row in ws.iter_rows():
        if row[0].value is not None:
            rows.setdefault(str(row[0].value), [c.value for c in row[1:]])
    return rows


def test_summary_headline_numbers_are_hand_computed(tmp_path: Path) -> None:
    rows = summary_rows(write_report(evil_results(), tmp_path / "r.xlsx"))
    assert rows["Yearly savings by 2026"][0] == pytest.approx(1254.5)
    assert "11.4 %" in rows["Yearly savings by 2026"][1]  # 1 254.5 / 11 020
    assert rows["Harm score"][0] == 2269.0
    assert rows["Result 2025"][:3] == [300.0, "Target", 250.0]
    assert rows["Accumulated balance result, end of 2026"][:3] == [-365.5, "Milestone", -400.0]
    assert rows["2026"][:2] == [1254.5, pytest.approx(1254.5 / 11020)]  # savings per year
    assert rows["Total"][:2] == [1000.0, 1254.5]  # savings by board, summed
    assert rows["Every requirement is met"] == [None] * len(rows["Every requirement is met"])


def test_shortfall_is_loud_and_swedish_labels(tmp_path: Path) -> None:
    path = write_report(evil_results("shortfall", 12.5), tmp_path / "r.xlsx", lang="sv")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Sammanfattning", "Åtgärder", "Effekter"]
    status = wb.worksheets[0]["A4"]
    assert status.value.startswith("KRAV EJ UPPFYLLT") and "12,5 mnkr" in status.value
    assert status.fill.fgColor.rgb.endswith("B3261E") and status.font.bold
    rows = summary_rows(path)
    assert rows["Saknas för att uppfylla kraven"][0] == 12.5
    assert "Full effekt (mnkr/år)" in [c.value for c in wb["Åtgärder"][1]]
    assert "Ram (mnkr)" in [c.value for c in wb["Nämnder"][1]]
    assert "Nej" in [c.value for c in wb["Priser på krav"]["H"]]


def test_infeasible_without_plan_writes_a_short_summary(tmp_path: Path) -> None:
    r = Results({"status": "infeasible", "scenario": "x", "conflict": [{"requirement": "frame"}]})
    rows = summary_rows(write_report(r, tmp_path / "r.xlsx"))
    assert "INFEASIBLE: the requirements cannot all be met" in rows
    assert "Frame" in rows and "No plan to show." in rows


def test_written_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")
    write_report(evil_results(), path)
    assert path.read_bytes()[:2] == b"PK" and sorted(tmp_path.iterdir()) == [path]

    def broken(self, filename):
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError):
        write_report(evil_results(), path)
    assert path.read_bytes()[:2] == b"PK" and sorted(tmp_path.iterdir()) == [path]


def test_compare_workbook_side_by_side(tmp_path: Path) -> None:
    a, b = make_results(), make_results()
    b.summary.update(impact=2500.0, priorities="Protect care")
    b.tables["boards"].loc[3, "effect"] = 30.0  # B saves 30 instead of 20 in 2026
    b.summary["savings_by_year"] = {"2025": 1000.0, "2026": 1264.5}
    b.tables["actions"].loc[2, "amount"] = 30.0
    path = render_compare({"Balanced": a, "Protect care": b}, "xlsx", tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:3] == ["Comparison", "Actions by plan", "Plans"]
    ws = wb["Comparison"]
    assert [c.value for c in ws[4]] == [None, "Balanced (reference)", "Protect care"]
    rows = {r[0].value: [c.value for c in r[1:]] for r in ws.iter_rows(min_row=5) if r[0].value}
    assert rows["Status"] == ["All met", "All met"]
    assert rows["Harm score"] == [2269.0, 2500.0]
    assert rows["Harm score, change"] == [0, 231.0]
    assert rows["Savings per year 2026, change"] == [0, 10.0]
    changed = wb["Actions changed"]
    row = [c.value for c in changed[2]][:7]
    assert row == ["Protect care", "Styrelse | B", "Digital", "Digitalisation", 20, 30, 10]
    by_plan = {r[1].value: [c.value for c in r] for r in wb["Actions by plan"].iter_rows(min_row=3)}
    assert by_plan["Digital"][3:] in ([200, 200], [20, 30])  # names, not ids


def test_compare_from_a_comparison_object(tmp_path: Path) -> None:
    """A ``Comparison`` is reported through its runs' own results (no rebuilding from its
    tables); one without them is refused with a message, not a half-empty workbook."""
    comparison = compare_results([("a", "a", make_results()), ("b", "b", make_results())])
    wb = openpyxl.load_workbook(write_compare(comparison, tmp_path / "c.xlsx", lang="sv"))
    assert wb.sheetnames[0] == "Jämförelse"
    assert {"Planer", "Åtgärder per plan"} <= set(wb.sheetnames)
    plans = wb["Planer"]
    assert [c.value for c in plans[1]][:2] == ["Plan", "Referens"]
    comparison.results = {}
    with pytest.raises(TypeError, match="without its runs' results"):
        write_compare(comparison, tmp_path / "d.xlsx", lang="sv")
    assert not (tmp_path / "d.xlsx").exists()


def test_cli_report_xlsx(tmp_path: Path) -> None:
    check_format("xlsx")
    check_format("xlsx", compare=True)
    run = evil_results().write(tmp_path / "run")
    done = CliRunner().invoke(main, ["report", str(run), "--format", "xlsx", "--lang", "sv"])
    assert done.exit_code == 0, done.output
    wb = openpyxl.load_workbook(run / "report.xlsx")
    assert wb.sheetnames[0] == "Sammanfattning"
    # read back from CSV: the same numbers
    ws = wb["Åtgärder"]
    assert isinstance(ws["G2"].value, int | float)
    assert render(Results.read(run), "xlsx", tmp_path / "again.xlsx").exists()
    assert pd.read_csv(run / "actions.csv")["board"].iloc[0] == "'" + BOARD  # inert in a sheet
    assert Results.read(run).tables["actions"]["board"].iloc[0] == BOARD  # read back exactly


def test_summary_sheet_for_people_and_print(tmp_path: Path) -> None:
    """Years are numbers, sentences wrap, native charts on the summary, every sheet on A4
    fitted to its width with the header row repeated."""
    import zipfile

    path = write_report(make_results(), tmp_path / "r.xlsx", lang="sv")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    years = [c for row in ws.iter_rows() for c in row if c.value in (2025, 2026)]
    assert years and all(isinstance(c.value, int) for c in years)
    assert all(c.number_format in ("0", "General") for c in years)  # never "2 025"
    assert not [c for row in ws.iter_rows() for c in row if c.value in ("2025", "2026")]
    sentence = next(c for row in ws.iter_rows() for c in row if str(c.value).startswith("Planen"))
    assert sentence.alignment.wrap_text
    assert "Från resultatet utan nya åtgärder till resultatet med planen 2026" in [
        c.value for row in ws.iter_rows() for c in row
    ]
    for sheet in wb.worksheets:
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1
    assert wb["Åtgärder"].print_title_rows == "$1:$1"
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2  # savings per year; result against target
