"""Section 9 in the reports: the staff change per board and year, the tax rate, the MIP note.

- ``staff_table``: one row per board with staff data, one column per plan year: the change in
  årsarbetare (``staff.csv`` ``fte_change``; negative is fewer), marked ``bad`` where the year's
  reduction goes beyond attrition (what would need notices), with the base year's ``fte0``;
- ``notes``: sentences for the head of the report: the tax rate in words (``summary.tax_rate``)
  and, for a MIP, that duals and ranging are from the LP with the integer decisions fixed.
"""

from __future__ import annotations

import pandas as pd

from optimizer.report.labels import Labels
from optimizer.report.view import Table

WORDS: dict[str, tuple[str, str]] = {
    "sec_staff": ("Staff (årsarbetare)", "Personal (årsarbetare)"),
    "sec_staff_lead": (
        "Change in årsarbetare against the base year (negative is fewer). Red: that year's "
        "reduction goes beyond attrition, so part of it would need notices.",
        "Förändring i årsarbetare mot basåret (negativt är färre). Rött: årets minskning går "
        "utöver den naturliga avgången, så en del skulle kräva uppsägningar.",
    ),
    "fte0": ("Base year", "Basår"),
    "tax": ("Tax rate: {text}", "Skattesats: {text}"),
    "mip": (
        "Minimum sizes make this a MIP ({n} take-or-leave decisions, {taken} taken): the prices "
        "(duals), ranges and reasons are from the LP with the integer decisions fixed.",
        "Minsta storlekar gör detta till ett blandat heltalsproblem ({n} ta-eller-lämna-beslut, "
        "{taken} tagna): priserna (dualvärdena), intervallen och skälen kommer från LP-problemet "
        "med heltalsbesluten fixerade.",
    ),
}


def word(L: Labels, key: str, **fields: object) -> str:
    """A label of this module in the report's language."""
    text = WORDS[key][int(L.lang == "sv")]
    return text.format(**fields) if fields else text


def staff_table(results, L: Labels, board_name) -> Table:
    """The staff change per board (rows) and plan year (columns); empty without staff data."""
    frame = results.tables.get("staff")
    if frame is None or frame.empty:
        return Table([], [], [])
    years = sorted({int(t) for t in frame["year"]})
    rows, tones = [], []
    for board, part in frame.groupby("board", sort=False):
        by_year = part.set_index(part["year"].astype(int))
        fte0 = by_year["fte"].iloc[0] - by_year["fte_change"].iloc[0]
        rows.append(
            [board_name(str(board)), "" if pd.isna(fte0) else L.num(fte0, 0)]
            + [L.num(by_year.at[t, "fte_change"]) for t in years]
        )
        tones.append(
            ["", ""] + ["bad" if by_year.at[t, "beyond_attrition"] > 1e-6 else "" for t in years]
        )
    head = [L("board"), word(L, "fte0")] + [L.year(t) for t in years]
    return Table(head, rows, [False] + [True] * (len(years) + 1), tones)


def notes(summary: dict, L: Labels) -> list[str]:
    """The tax rate in words and the MIP note, where they apply."""
    out = []
    tax = summary.get("tax_rate")
    if tax:
        out.append(word(L, "tax", text=tax["text"]))
    mip = summary.get("mip")
    if mip:
        out.append(word(L, "mip", n=mip["integer_decisions"], taken=mip.get("taken", 0)))
    return out
