"""The Excel sheets of version 2's outputs (MODEL.md section 8), written where the results have
them: ``frames.csv`` (decided and proposed frames), ``reconciliation.csv`` (the
balanskravsutredning) and ``staff.csv`` (årsarbetare). ``columns.RESULT_COLUMNS`` adds them."""

from __future__ import annotations

from optimizer.report.excel.sheets import MSEK, YEAR, Col, year
from optimizer.report.words.labels import Labels

FRAME_STATUS = {"decided": ("Decided", "Beslutad"), "proposed": ("Proposed", "Föreslagen")}


def _status(L: Labels, _names, value):
    pair = FRAME_STATUS.get(str(value))
    return pair[L.lang == "sv"] if pair else value


def v2_columns(board: Col, year_col: Col) -> dict[str, list[Col]]:
    """The columns of each v2 sheet; ``board`` and ``year_col`` are columns.py's own."""
    return {
        "frames": [
            board,
            year_col,
            Col("frame", "Frame (MSEK)", "Ram (mnkr)", MSEK),
            Col("status", "Decided or proposed", "Beslutad eller föreslagen", show=_status),
            Col("current", "By today's rule (MSEK)", "Enligt dagens regel (mnkr)", MSEK),
            Col("change", "Change (MSEK)", "Förändring (mnkr)", MSEK),
        ],
        "reconciliation": [
            year_col,
            Col("result", "Result for the year (MSEK)", "Årets resultat (mnkr)", MSEK),
            Col("gains", "Realised gains (MSEK)", "Realisationsvinster (mnkr)", MSEK),
            Col("adjustments", "Adjustments (MSEK)", "Justeringar (mnkr)", MSEK),
            Col("bkr", "Balance requirement result (MSEK)", "Årets balanskravsresultat (mnkr)", MSEK),
            Col("exempt_used", "Exempt, synnerliga skäl (MSEK)", "Synnerliga skäl (mnkr)", MSEK),
            Col("new_deficit", "New deficit (MSEK)", "Nytt underskott (mnkr)", MSEK),
            Col("restored", "Restored (MSEK)", "Återställt (mnkr)", MSEK),
            Col("deficit_left", "Deficit left (MSEK)", "Underskott kvar (mnkr)", MSEK),
            Col("deficit_due", "Due this year (MSEK)", "Att återställa i år (mnkr)", MSEK),
            Col("deadline", "Restore by", "Återställs senast", YEAR, year),
            Col(
                "surplus_after_restoration",
                "Surplus after restoration (MSEK)",
                "Överskott efter återställande (mnkr)",
                MSEK,
            ),
        ],
        "staff": [
            board,
            year_col,
            Col("fte_change", "Change in staff (FTE)", "Förändring (årsarbetare)", "#,##0.0"),
        ],
    }


V2_SHEETS: dict[str, tuple[str, str]] = {
    "frames": ("Frames", "Ramar"),
    "reconciliation": ("Balance requirement", "Balanskravsutredning"),
    "staff": ("Staff", "Personal"),
}
