"""The frames (MODEL.md sections 8 and 9, ``frames.csv``: board, year, frame, status
``decided``/``proposed``, current, change): the frames the plan proposes for the years not yet
decided, against what the current rule (``frame0``/``uprate``) would give. Shown only where the
results have the table, so reports of older results still work.
"""

from __future__ import annotations

from optimizer.report.view.blocks import Table


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
    head = [L("board"), *[str(y) for y in years], L("proposed_change", year=last)]
    return Table(head, rows, [False] + [True] * (len(years) + 1), tones), L("frames_lead")
