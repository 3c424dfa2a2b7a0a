"""The outputs of version 2 of the model (MODEL.md sections 6, 8 and 9), where a council member
looks for them. Each is shown only where its table is in the results, so reports of older
results still work:

- the frames (``frames.csv``: board, year, frame, status ``decided``/``proposed``, current,
  change): the frames the plan proposes for the years not yet decided, against what the
  current rule (``frame0``/``uprate``) would give;
- the balanskravsutredning (``reconciliation.csv``, per plan year): the law's reconciliation
  of the result, items as rows and years as columns, as in a Swedish annual report;
- staff (``staff.csv``: board, year, fte_change, in årsarbetare);
(The shortfall by tier, ``summary.json``'s ``shortfall_by_tier``, is in the status line:
``report/tiers.py``.)
"""

from __future__ import annotations

from optimizer.report.view_base import Table

# reconciliation.csv column: (English, Swedish)
RECONCILIATION: dict[str, tuple[str, str]] = {
    "result": ("Result for the year", "Årets resultat"),
    "gains": ("less realised gains", "Avgår realisationsvinster"),
    "adjustments": ("adjustments", "Justeringar"),
    "bkr": ("Balance requirement result", "Årets balanskravsresultat"),
    "exempt_used": ("of which exempt (synnerliga skäl)", "varav synnerliga skäl"),
    "new_deficit": ("New deficit to restore", "Nytt underskott att återställa"),
    "restored": ("Deficit restored", "Återställt underskott"),
    "deficit_left": ("Deficit left to restore", "Underskott kvar att återställa"),
    "deficit_due": ("of which due this year", "varav att återställa i år"),
    "surplus_after_restoration": ("Surplus after restoration", "Överskott efter återställande"),
}
WORDS: dict[str, tuple[str, str]] = {
    "frames_title": ("Frames: decided and proposed", "Ramar: beslutade och föreslagna"),
    "frames_lead": (
        "The frames of the years not yet decided are proposed by the plan (marked); the change is "
        "against what today's rule for the frames would give.",
        "Ramarna för de år som inte är beslutade föreslås av planen (markerade); förändringen är "
        "mot vad dagens regel för ramarna skulle ge.",
    ),
    "proposed_change": ("Proposed change {year}", "Föreslagen förändring {year}"),
    "reconciliation_title": ("Balance requirement reconciliation", "Balanskravsutredning"),
    "reconciliation_lead": (
        "The law's reconciliation of the result (kommunallagen): deficits are restored oldest "
        "first, within their deadline.",
        "Lagens avstämning av resultatet (kommunallagen): underskott återställs äldst först, "
        "inom sin tidsfrist.",
    ),
    "staff_title": ("Staff: change in full-time equivalents", "Personal: förändring i årsarbetare"),
    "staff_lead": (
        "The change in staff the plan's actions mean, per board and year (årsarbetare).",
        "Den förändring i personal som planens åtgärder innebär, per nämnd och år (årsarbetare).",
    ),
}


def _w(view, key: str) -> str:
    return WORDS[key][view.L.lang == "sv"]


def frames(view) -> tuple[Table, str] | None:
    """Board x year frames, proposed ones marked, and a last column with the proposed change in
    the last year; ``None`` without ``frames.csv`` or without a proposed frame."""
    table = view.r.tables.get("frames")
    if table is None or table.empty or not (table["status"] == "proposed").any():
        return None
    L = view.L
    years = sorted(int(y) for y in table["year"].unique())
    last = years[-1]
    rows, tones = [], []
    for board, group in table.groupby("board", sort=False):
        by_year = group.set_index("year")
        row, tone = [view.board(board)], [""]
        for y in years:
            hit = by_year.loc[y] if y in by_year.index else None
            row.append("" if hit is None else L.num(hit["frame"]))
            tone.append("proposed" if hit is not None and hit["status"] == "proposed" else "")
        change = by_year["change"].get(last) if "change" in by_year else None
        row.append(L.num(change) if change is not None and change == change else "")
        tone.append("")
        rows.append(row)
        tones.append(tone)
    head = [L("board"), *[str(y) for y in years], _w(view, "proposed_change").format(year=last)]
    return Table(head, rows, [False] + [True] * (len(years) + 1), tones), _w(view, "frames_lead")


def reconciliation(view) -> Table | None:
    """The balanskravsutredning: items as rows, years as columns (``None`` without the table)."""
    table = view.r.tables.get("reconciliation")
    if table is None or table.empty:
        return None
    L, lang = view.L, view.L.lang == "sv"
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


def staff(view) -> Table | None:
    """Board x year change in årsarbetare, a total row (``None`` without ``staff.csv``)."""
    table = view.r.tables.get("staff")
    if table is None or table.empty:
        return None
    L = view.L
    wide = table.pivot_table(index="board", columns="year", values="fte_change", aggfunc="sum")
    wide = wide.fillna(0.0)
    wide = wide[wide.abs().sum(axis=1) > 0.05]
    rows = [[view.board(b), *[L.num(v) for v in wide.loc[b]]] for b in wide.index]
    if len(wide):
        rows.append([L("total"), *[L.num(v) for v in wide.sum()]])
    head = [L("board"), *[str(int(y)) for y in wide.columns]]
    return Table(head, rows, [False] + [True] * len(wide.columns))


def titles(view) -> dict[str, str]:
    return {k: _w(view, k) for k in ("frames_title", "reconciliation_title", "staff_title")} | {
        "reconciliation_lead": _w(view, "reconciliation_lead"),
        "staff_lead": _w(view, "staff_lead"),
    }


__all__ = ["frames", "reconciliation", "staff", "titles"]
