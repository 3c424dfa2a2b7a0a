"""Trade-off frontier: the least impact as one requirement is swept (epsilon-constraint).

For a requirement ``r`` (a milestone ``Bal[y] >= v``, a result target ``R[t] >= v`` or a frame
``C[b,t] <= v``) the frontier is ``phi(v) = min impact`` of the elastic lexicographic solve with
that requirement fixed at ``v`` and every other input unchanged. Where no shortfall is needed,
``phi`` is the value function of a linear program in one right-hand side: piecewise linear and
convex, with slope ``dphi/dv = y``, the requirement row's dual. Its kinks are where the slope
changes: the action that adjusts at the margin (the marginal action) has run into a limit and a
dearer one takes over.

Method: the model is built once and handed to HiGHS once; each point only changes the row's
bound and re-solves warm (``solve.rerun_stages``). Kinks between grid points are located exactly
by the sandwich method: the tangents at two neighbouring points (value ``phi``, slope ``y``)
cross at ``v*``; one more solve at ``v*`` either lies on both tangents (then ``v*`` is the only
kink in between, by convexity) or splits the interval in two to search again.

The marginal action of a stretch between two solved values is the (board, action) that delivers
most of the requirement's change between them: ``|sum_s d_j * (x_j(b) - x_j(a))|`` over its
start years ``j``, with ``d_j`` what one MSEK of ``x_j`` adds to the requirement's row (through
``C[b,t]``). A grid point's is that of the stretch that starts there (towards ``--to``), the last
point's that of the stretch before it; a kink is labelled by the action of the stretch after it.

The parts: ``frontier.sweep`` (the requirement, the model and its warm re-solves),
``frontier.kinks`` (the kink search and the tables), ``frontier.output`` (``Frontier``: writing
the tables and the chart, the terminal view); ``frontier`` below chooses the range and runs them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from optimizer.analysis.frontier.kinks import IMPACT_TOL, MAX_EXTRA_SOLVES, assemble, sandwich
from optimizer.analysis.frontier.output import KINK_COLUMNS, POINT_COLUMNS, Frontier
from optimizer.analysis.frontier.sweep import TOL, Requirement, Sweep, parse_requirement
from optimizer.model.keys import requirement_value
from optimizer.scenario.inputs import Inputs

__all__ = [
    "IMPACT_TOL",
    "KINK_COLUMNS",
    "MAX_EXTRA_SOLVES",
    "POINT_COLUMNS",
    "SPAN_SHARE",
    "TOL",
    "Frontier",
    "Requirement",
    "frontier",
    "parse_requirement",
]

SPAN_SHARE = 0.05  # fallback span: 5 % of the baseline cost the requirement concerns


def frontier(
    inputs: Inputs,
    spec: str,
    points: int = 11,
    start: float | None = None,
    stop: float | None = None,
    progress: Callable[[], object] | None = None,
) -> Frontier:
    """Sweep requirement ``spec`` over ``points`` values from ``start`` to ``stop``;
    ``progress()`` is called once per grid point solved.

    Default range: from the current value (for an added milestone or result target: the level the
    optimum reaches without it) to ``reach``, the tightest value met with no shortfall anywhere;
    where that is no tighter than the current value (or none exists), a span of 5 % of the
    baseline cost the requirement concerns, in the tightening direction.
    """
    if points < 2:
        raise ValueError(f"points: got {points}, expected at least 2")
    req = parse_requirement(spec, inputs)
    sweep = Sweep(inputs, req)
    notes: list[str] = []
    if req.given(inputs):
        current = requirement_value(sweep.model, req.family, req.key)
    else:
        current = sweep.reached()
        notes.append(f"{req.text} added; the optimum reaches {current:.2f} without it")
    reach = sweep.reach()
    tighter = 1.0 if req.sense == ">=" else -1.0
    start = current if start is None else float(start)
    if stop is None:
        if reach is not None and tighter * (reach - start) > TOL * max(1.0, abs(start)):
            stop = reach
            notes.append(f"range: {start:.2f} to {reach:.2f}, the limit met without shortfall")
        else:
            span = max(SPAN_SHARE * req.scale(sweep.model), 1.0)
            stop = start + tighter * span
            why = "none" if reach is None else f"{reach:.2f}"
            notes.append(
                f"range: {start:.2f} to {stop:.2f} (5 % of the baseline cost), as the limit "
                f"met without shortfall is {why}"
            )
    grid = np.linspace(start, float(stop), points)
    solved = {}
    for v in grid:
        solved[float(v)] = sweep.solve(float(v))
        if progress is not None:
            progress()
    if not sandwich(sweep, solved, grid):
        notes.append(f"kink search stopped after {MAX_EXTRA_SOLVES} extra solves: some approximate")
    return assemble(req, grid, solved, current, reach, notes, sweep.label_of)
