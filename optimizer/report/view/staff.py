"""Staff (``staff.csv``: board, year, fte_change): the change in årsarbetare the plan's actions
mean, per board and year. Shown only where the results have the table."""

from __future__ import annotations

from optimizer.report.view.blocks import Table


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
