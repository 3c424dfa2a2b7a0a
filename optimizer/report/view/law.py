"""The law's reconciliation of the result, the balanskravsutredning (``reconciliation.csv``,
per plan year): items as rows and years as columns, as in a Swedish annual report. Shown only
where the results have the table. (The shortfall by tier, ``summary.json``'s
``shortfall_by_tier``, is in the status line: ``view/tiers.py``.)
"""

from __future__ import annotations

from optimizer.report.view.blocks import Table
from optimizer.report.words.codes import RECONCILIATION


def reconciliation(view) -> Table | None:
    """The balanskravsutredning: items as rows, years as columns (``None`` without the table)."""
    table = view.r.tables.get("reconciliation")
    if table is None or table.empty:
        return None
    L, lang = view.L, int(view.L.lang == "sv")
    table = table.sort_values("year")
    rows, tones = [], []
    for column, words in RECONCILIATION.items():
        if column not in table:
            continue
        values = [float(v) for v in table[column]]
        rows.append([words[lang], *[L.num(v) for v in values]])
        bad = column in ("deficit_left", "new_deficit")
        tones.append(["", *["bad" if bad and v > 0.05 else "" for v in values]])
    head = [L("year"), *[L.year(y) for y in table["year"]]]
    return Table(head, rows, [False] + [True] * len(table), tones)
