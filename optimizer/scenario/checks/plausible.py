"""Plausible ranges: a rate far outside what any Swedish region plans with is a typo until the
user says otherwise (``plausible_ranges: false``).

Each rate below (a share per year: 0.03 is 3 %) must lie in its range, as a number or as each
value of a ``{year: rate}`` mapping; a value outside is a problem naming the key, the value and
the range; so is each cell of a table column in ``PLAUSIBLE_CELLS`` (``cost_per_fte``).
``--set economy.revenue.growth=3`` (300 %, meant as 3 %) and ``cash_interest: 10``
(1 000 %: borrowing at 3 % to earn it lowered the harm from 4 975 to 3 693) are refused so.
A scenario that means a value outside (a deliberate stress value) says
``plausible_ranges: false`` (or ``--set plausible_ranges=false``): the ranges are then not checked. Values the ordinary checks refuse
(not a number, out of the model's own bounds) are theirs to report, not repeated here.
"""

from __future__ import annotations

from optimizer.scenario.checks.core import Ctx
from optimizer.scenario.tables import Table
from optimizer.scenario.values import as_number, is_blank

# key path -> (least, most, what it is); the example's values lie well inside
PLAUSIBLE: dict[tuple[str, ...], tuple[float, float, str]] = {
    ("drivers", "wage"): (-0.05, 0.15, "yearly wage growth"),
    ("drivers", "price"): (-0.05, 0.15, "yearly price growth"),
    ("economy", "revenue", "growth"): (-0.10, 0.15, "yearly revenue growth"),
    ("economy", "revenue", "real_growth"): (-0.10, 0.10, "yearly real revenue growth"),
    ("economy", "revenue", "tax", "growth"): (-0.10, 0.15, "yearly growth of tax revenue"),
    ("economy", "revenue", "tax", "real_growth"): (-0.10, 0.10, "yearly real growth of tax revenue"),
    ("economy", "revenue", "grants", "growth"): (-0.10, 0.15, "yearly growth of general grants"),
    ("limits", "liquidity", "interest"): (0.0, 0.15, "yearly interest on loans"),
    ("limits", "liquidity", "cash_interest"): (0.0, 0.15, "yearly interest on cash"),
}
# (table, column) -> (least, most, what it is): each row's cell
PLAUSIBLE_CELLS: dict[tuple[str, str], tuple[float, float, str]] = {
    # 1e-9 made staff counts of 1e8 whose rows HiGHS met only to 1e-6 relative
    ("boards", "cost_per_fte"): (0.05, 5.0, "cost per årsarbetare in MSEK (0.72: 720 000 kr)"),
}
STRESS = "for a deliberate stress value set plausible_ranges: false"


def check_plausible(ctx: Ctx) -> None:
    """Record a problem for every rate outside its plausible range, unless
    ``plausible_ranges: false``."""
    checked = ctx.get("plausible_ranges")
    if checked is not None and not isinstance(checked, bool):
        ctx.bad(
            ("plausible_ranges",),
            checked,
            "true or false (false: accept values outside the plausible ranges)",
        )
        return
    if checked is False:
        return
    for path, (least, most, what) in PLAUSIBLE.items():
        raw = ctx.get(*path)
        items = raw.items() if isinstance(raw, dict) else [(None, raw)]
        for year, value in items:
            number = as_number(value)
            if number is None or least <= number <= most:
                continue
            where = path if year is None else (*path, year)
            ctx.bad(
                where,
                value,
                f"a plausible {what} in [{least:g}, {most:g}] (a share: 0.03 is 3 %); {STRESS}",
            )
    for (name, column), (least, most, what) in PLAUSIBLE_CELLS.items():
        table = ctx.get(name)
        if not isinstance(table, Table) or column not in table.columns:
            continue
        for row in table.rows:
            raw = row.values.get(column)
            number = None if is_blank(raw) else as_number(raw)
            if number is not None and not least <= number <= most:
                ctx.bad_cell(
                    row, column, raw, f"a plausible {what} in [{least:g}, {most:g}]; {STRESS}"
                )
