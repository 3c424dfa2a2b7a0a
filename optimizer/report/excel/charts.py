"""Native Excel charts and print settings for the workbooks (openpyxl).

- ``savings_chart``: a column chart of the savings per year, from the summary sheet's own
  table (so it follows the numbers when a planner edits them);
- ``result_chart``: the result per year as columns against the target as a line;
- (the bridge stays a table: Excel's stacked bars cannot float a step across zero, so a
  waterfall drawn from them would be wrong where the result turns from deficit to surplus);
- ``print_ready``: every sheet on A4, fitted to the page width (landscape where it is wide),
  a table sheet's header row repeated on each printed page, centred horizontally.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from optimizer.results.palette import PALETTE

WIDE = 8  # columns beyond which a sheet prints in landscape


def _colour(series, colour: str) -> None:
    series.graphicalProperties.solidFill = colour.lstrip("#")
    series.graphicalProperties.line.solidFill = colour.lstrip("#")


def savings_chart(ws: Worksheet, first: int, last: int, title: str, unit: str, anchor: str):
    """Columns of B``first``:B``last`` over the years in A (the header row is ``first - 1``)."""
    chart = BarChart()
    chart.title, chart.y_axis.title, chart.legend = title, unit, None
    data = Reference(ws, min_col=2, min_row=first - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    _colour(chart.series[0], PALETTE[0])
    chart.height, chart.width = 7, 14
    ws.add_chart(chart, anchor)


def result_chart(ws: Worksheet, first: int, last: int, title: str, unit: str, anchor: str):
    """The result (column B) as columns, the target (column C) as a line, by year (A)."""
    bars = BarChart()
    bars.title, bars.y_axis.title = title, unit
    bars.add_data(Reference(ws, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    _colour(bars.series[0], PALETTE[0])
    line = LineChart()
    line.add_data(Reference(ws, min_col=3, min_row=first - 1, max_row=last), titles_from_data=True)
    _colour(line.series[0], "#222222")
    bars += line
    bars.height, bars.width = 7, 14
    ws.add_chart(bars, anchor)


def print_ready(wb: Workbook) -> None:
    """A4, fitted to the page width, header rows repeated (module docstring)."""
    for ws in wb.worksheets:
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if ws.max_column > WIDE else "portrait"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        if ws.freeze_panes and ws.freeze_panes.startswith("A") and ws.freeze_panes != "A1":
            header_row = int(ws.freeze_panes[1:]) - 1
            ws.print_title_rows = f"{header_row}:{header_row}"
