"""Every row family in build order, and the re-assembly of a built LP's numbers.

``ROW_FAMILIES`` is the one list of the model's row families (``model/family.py``: a layout
and the numbers of each). ``model.build`` lays each out and fills its numbers; ``Assembly``
keeps the layouts of one build (its keys, registries and the matrix's (row, column) entries)
and, for another scenario of the same structure (``structure_key``), runs only the families'
``numbers`` and ``objective_numbers``: the same functions, so the same numbers to the last bit.

The structure of a scenario: its decision columns (``Params``: the batch's ``ParamCache``
compares them) and ``structure_key``: everything a layout reads from the inputs (which targets,
limits and years exist, the objective, section 9's levers and groups). A scenario with another
key is built afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.model import constraints, constraints_law, financial
from optimizer.model.family import Layout, Numbers, RowFamily
from optimizer.model.lp import LinearProgram
from optimizer.model.objective import objective_numbers
from optimizer.params import Params
from optimizer.scenario.inputs import Inputs

SECTION_5 = constraints.FAMILIES + constraints_law.FAMILIES + constraints.LATER_FAMILIES
SECTION_9 = financial.FAMILIES  # after section 9's columns (``define_financial_columns``)
ROW_FAMILIES: tuple[RowFamily, ...] = SECTION_5 + SECTION_9


def structure_key(inputs: Inputs) -> tuple:
    """What decides the rows and columns beyond the decision columns: every key, year or
    switch a layout (or ``define_variables``) reads from ``inputs``; never a value."""
    prio, core = inputs.priorities, inputs.core
    law = inputs.balance_law
    return (
        tuple(sorted(inputs.result_targets)),
        tuple(sorted(inputs.milestones)),
        tuple(sorted(inputs.category_targets)),
        tuple(sorted(inputs.pace)),
        tuple(inputs.cost_freeze),
        tuple(sorted(inputs.investment_room)),
        tuple(sorted(prio.floors)),
        tuple(prio.protected_boards),
        inputs.liquidity is None,
        inputs.objective,
        law,
        tuple(inputs.deadline_years) if law else (),
        tuple(sorted(t for t, e in inputs.exempt.items() if e > 0)) if law else (),
        tuple(sorted(inputs.restored_exemptions().items())) if law else (),
        inputs.decided_through,
        (core.has_tax, (core.tax.earliest, core.tax.reversible) if core.has_tax else None),
        core.has_interest,
        tuple((g.name, g.board, tuple(g.actions)) for g in core.groups),
        tuple(sorted(core.attrition)),
        tuple(sorted(a for a, size in core.min_size.items() if size > 0)),
    )


@dataclass
class Block:
    """One family's layout in a built LP: its first row and its entries' place in the matrix."""

    family: RowFamily
    layout: Layout
    start: int


def add_family(lp: LinearProgram, family: RowFamily, layout: Layout, numbers: Numbers) -> Block:
    """Enter one family's rows (or entries into other rows) and column bounds into ``lp``."""
    start = lp.num_rows
    if numbers.col_bounds is not None:
        set_col_bounds(lp.col_lb, lp.col_ub, numbers.col_bounds)
    if layout.absolute:
        keep = numbers.values != 0.0
        lp.entries.append((layout.local[keep], layout.col[keep], numbers.values[keep]))
    else:
        lp.add_rows(family.name, layout.keys, numbers.lb, numbers.ub, layout.local, layout.col,
                    numbers.values)  # fmt: skip
    return Block(family, layout, start)


def set_col_bounds(col_lb, col_ub, bounds) -> None:
    """Write ``(columns, lb, ub)`` into the bounds: flat arrays, or ``LinearProgram``'s parts."""
    cols, lb, ub = bounds
    if isinstance(col_lb, np.ndarray):
        col_lb[cols], col_ub[cols] = lb, ub
        return
    offsets = np.cumsum([0] + [len(part) for part in col_lb])
    for part, (a, b) in enumerate(zip(offsets[:-1], offsets[1:], strict=True)):
        mine = (cols >= a) & (cols < b)
        if mine.any():
            col_lb[part][cols[mine] - a] = lb if np.isscalar(lb) else np.asarray(lb)[mine]
            col_ub[part][cols[mine] - a] = ub if np.isscalar(ub) else np.asarray(ub)[mine]


class Assembly:
    """The structure of one built LP; ``lp(inputs, p)`` gives another scenario's LP."""

    def __init__(
        self, lp: LinearProgram, columns, blocks: list[Block], objectives: dict, key: tuple
    ):
        self.template = lp
        self.columns = columns  # the ``Columns`` of the built model (the same for every scenario)
        self.blocks = blocks
        self.objective_layout = objectives
        self.key = key
        self.bounds = lp.bounds()
        rows, cols = [], []
        for block in blocks:
            layout = block.layout
            rows.append(layout.local if layout.absolute else layout.local + block.start)
            cols.append(layout.col)
        self.entry_row = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, np.int64)
        self.entry_col = np.concatenate(cols).astype(np.int64) if cols else np.zeros(0, np.int64)

    def fits(self, inputs: Inputs) -> bool:
        """True when ``inputs`` has this LP's structure (given the same decision columns)."""
        return structure_key(inputs) == self.key

    def lp(self, inputs: Inputs, p: Params) -> LinearProgram:
        """The LP of ``inputs`` (``p`` its ``Params``, with this LP's decision columns): every
        family's ``numbers`` on the kept layouts; entries that are 0 stay (``csr`` drops them)."""
        t = self.template
        col_lb, col_ub, row_lb, row_ub = (a.copy() for a in self.bounds)
        values = []
        for block in self.blocks:
            numbers = block.family.numbers(p, inputs, block.layout)
            values.append(numbers.values)
            if numbers.col_bounds is not None:
                set_col_bounds(col_lb, col_ub, numbers.col_bounds)
            if not block.layout.absolute:
                rows = slice(block.start, block.start + len(block.layout.keys))
                row_lb[rows], row_ub[rows] = numbers.lb, numbers.ub
        return LinearProgram(
            col_family=t.col_family,
            col_key=t.col_key,
            col_lb=[col_lb],
            col_ub=[col_ub],
            row_family=t.row_family,
            row_key=t.row_key,
            row_lb=[row_lb],
            row_ub=[row_ub],
            entries=[(self.entry_row, self.entry_col, np.concatenate(values))],
            cols=t.cols,
            rows=t.rows,
            objectives=objective_numbers(p, inputs, self.objective_layout),
            integer=t.integer,
        )
