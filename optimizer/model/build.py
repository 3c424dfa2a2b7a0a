"""The table of contents of the model: every family of ``model/assembly.py`` in docs/model.md's
order, each laid out once and filled with its numbers."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.model.assembly import SECTION_5, SECTION_9, Assembly, add_family, structure_key
from optimizer.model.financial import define_financial_columns
from optimizer.model.lp import LinearProgram
from optimizer.model.objective import objective_layout, objective_numbers
from optimizer.model.variables import Columns, define_variables
from optimizer.params import Params, compute
from optimizer.scenario.inputs import Inputs


@dataclass(frozen=True)
class Model:
    """An assembled model: the inputs, their derived arrays, the LP and its column families;
    ``assembly`` re-computes the LP's numbers for another scenario of its structure."""

    inputs: Inputs
    params: Params
    lp: LinearProgram
    columns: Columns
    assembly: Assembly | None = None


def build(inputs: Inputs, params: Params | None = None) -> Model:
    """Assemble the LP of ``inputs`` (sections 3 to 6 and 9 of docs/model.md)."""
    p = params if params is not None else compute(inputs)
    lp = LinearProgram()
    v = define_variables(lp, p, inputs)
    blocks = []
    for group in (SECTION_5, SECTION_9):
        if group is SECTION_9:
            define_financial_columns(lp, p, inputs)  # section 9, after the rows that hold R[t]
        for family in group:
            layout = family.layout(lp, p, inputs, v)
            if layout is not None:
                numbers = family.numbers(p, inputs, layout)
                blocks.append(add_family(lp, family, layout, numbers))
    layout = objective_layout(lp, v)
    lp.objectives = objective_numbers(p, inputs, layout)
    return Model(inputs, p, lp, v, Assembly(lp, v, blocks, layout, structure_key(inputs)))
