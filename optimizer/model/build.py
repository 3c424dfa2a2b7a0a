"""The table of contents of the model: one ``define_*`` call per family, in docs/model.md's order."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.model import constraints as c
from optimizer.model.constraints_law import define_law
from optimizer.model.financial import define_financial
from optimizer.model.lp import LinearProgram
from optimizer.model.objective import define_objectives
from optimizer.model.variables import Columns, define_variables
from optimizer.params import Params, compute
from optimizer.scenario.inputs import Inputs


@dataclass(frozen=True)
class Model:
    """An assembled model: the inputs, their derived arrays, the LP and its column families."""

    inputs: Inputs
    params: Params
    lp: LinearProgram
    columns: Columns


def build(inputs: Inputs, params: Params | None = None) -> Model:
    """Assemble the LP of ``inputs`` (sections 3 to 6 of docs/model.md)."""
    p = params if params is not None else compute(inputs)
    lp = LinearProgram()
    v = define_variables(lp, p, inputs)
    c.define_cost(lp, p, v)
    c.define_frame(lp, p, v)
    c.define_result(lp, p, inputs, v)
    c.define_milestone(lp, p, inputs, v)
    define_law(lp, p, inputs, v)
    c.define_potential(lp, p, v)
    c.define_pace(lp, p, inputs, v)
    c.define_freeze(lp, p, inputs, v)
    c.define_category(lp, p, inputs, v)
    c.define_invest(lp, p, inputs, v)
    c.define_floor(lp, p, inputs, v)
    c.define_liquidity(lp, p, inputs, v)
    c.define_max_share(lp, p, inputs, v)
    define_financial(lp, p, inputs, v)  # section 9, after the rows that hold R[t]
    define_objectives(lp, p, inputs, v)
    return Model(inputs, p, lp, v)
