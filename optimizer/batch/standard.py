"""The standard solve behind the fast path's interface: ``balansplan sweep --no-fast``.

``StandardSolver(base).run(inputs)`` builds the model of ``inputs`` afresh and runs
``optimizer.solve`` (every stage, no warm start across runs), so it gives the reference
answer that ``optimizer/batch/fastpath/solver.py``'s ``FastSolver`` must agree with. Same interface:
``run(inputs, detail) -> RunOutcome``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from optimizer.analysis.pipeline import solve
from optimizer.results.core import Results
from optimizer.scenario.inputs import Inputs
from optimizer.solver.mip import BRANCHED
from optimizer.solver.stages import SolverFailure


@dataclass
class RunOutcome:
    """One run's answer: status (optimal, shortfall, infeasible, time_limit, error) and figures."""

    status: str
    objective: float = math.nan
    impact: float = math.nan
    total_shortfall: float = math.nan
    savings_by_year: dict[int, float] = field(default_factory=dict)
    results: Results | None = None
    message: str = ""
    shortfall_tier: str = ""  # (v2) the first tier, in the order of requirements, short ("")


def _number(value: object) -> float:
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


class StandardSolver:
    """Solve each run with ``optimizer.solve`` (HiGHS, single-threaded, not verified)."""

    def __init__(self, base: Inputs, *, threads: int = 1, time_limit: float | None = None):
        self.base = base
        self.threads = threads
        self.time_limit = time_limit

    def run(self, inputs: Inputs, detail: bool = False) -> RunOutcome:
        """Solve ``inputs``; a solver failure is status ``error`` with its message."""

        try:
            results = solve(inputs, time_limit=self.time_limit, verify=False, sensitivity=detail)
        except SolverFailure as exc:
            return RunOutcome("error", message=str(exc))
        s = results.summary
        return RunOutcome(
            status=str(s.get("status")),
            objective=_number(s.get("objective")),
            impact=_number(s.get("impact")),
            total_shortfall=_number(s.get("total_shortfall")),
            savings_by_year={int(t): float(v) for t, v in (s.get("savings_by_year") or {}).items()},
            results=results if detail else None,
            message=_message(results),
            shortfall_tier=str(s.get("shortfall_tier") or ""),
        )


def _message(results: Results) -> str:
    """A short note: for a run without a plan the conflicting requirements (if known); for a
    run whose minimum sizes needed branch and bound, that (``solver.mip.BRANCHED``)."""
    if (results.summary.get("mip") or {}).get("branched"):
        return BRANCHED
    conflict = results.summary.get("conflict") or []
    if results.status != "infeasible" or not conflict:
        return ""
    parts = [
        " ".join(str(v) for k, v in record.items() if k != "value" and v is not None)
        for record in conflict[:5]
    ]
    return "conflicting requirements: " + "; ".join(parts)
