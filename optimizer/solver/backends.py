"""Solver back ends for the solve stages: HiGHS (default) and any other PuLP solver by name.

``HighsBackend`` hands the model's CSR arrays to highspy once (``passModel``; PuLP is not
involved) and then works on that ``Highs`` object directly: later stages change costs, bounds
and rows and re-solve warm from the last basis, and the true model status, ranging and the
irreducible infeasible subset come from HiGHS itself. ``PulpBackend`` builds the PuLP model and
re-solves through PuLP (CBC, GLPK, any solver PuLP drives); PuLP also writes ``--write-model``.

Sign convention of ``Stage.row_dual``: ``y = d(objective)/d(row bound)`` of a minimisation
(HiGHS's own). Each back end normalises its solver's signs to it; ``solve.py`` turns it into
docs/model.md's "fall per MSEK loosened".
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import sys
import sysconfig
import time
import warnings
from dataclasses import dataclass

import numpy as np
import pulp

from optimizer.model.lp import LinearProgram
from optimizer.model.pulp_model import PulpModel, to_pulp

ALIASES = {"highs": "HiGHS", "cbc": "COIN_CMD", "glpk": "GLPK_CMD", "highs_cmd": "HiGHS_CMD"}
# PuLP's bundled CBC (PULP_CBC_CMD) is deprecated and gone in PuLP 4: never used, not listed
DEPRECATED = {"PULP_CBC_CMD"}
GET_CBC = (
    "no cbc program found on PATH or beside this Python; install the OS package "
    "(apt install coinor-cbc, brew install cbc) or pip install 'pulp[cbc]'"
)


class SolverUnavailable(Exception):
    """The named solver is unknown or not installed."""


@dataclass
class Stage:
    """The outcome of one LP solve: status, primal values, duals and objective."""

    status: str  # optimal | infeasible | unbounded | time_limit | error
    x: np.ndarray
    row_value: np.ndarray
    row_dual: np.ndarray
    col_dual: np.ndarray
    objective: float
    detail: str = ""
    settled: int = 0  # how many of the later stages' objectives (``then``) it already minimises


class Backend:
    """The operations the solve stages need; see ``HighsBackend`` and ``PulpBackend``."""

    name: str = ""
    version: str = ""

    def set_col_bounds(self, cols: np.ndarray, lb: float, ub: float) -> None: ...
    def add_row(
        self, name: str, cols: np.ndarray, vals: np.ndarray, lb: float, ub: float
    ) -> None: ...
    def run(
        self, cost: np.ndarray, time_limit: float | None, then: list[np.ndarray] | None = None
    ) -> Stage:
        """Minimise ``cost``. ``then``: the objectives of the stages the caller runs next, in
        order; a back end may settle some of them in the same solve (``Stage.settled``)."""


def make_backend(lp: LinearProgram, solver: str, threads: int = 1) -> Backend:
    """The back end for ``solver``: ``highs`` (the default) straight from ``lp``'s arrays;
    ``cbc`` or any PuLP solver name through the PuLP model of ``lp``."""
    key = ALIASES.get(solver.lower(), solver)
    if key == "HiGHS":
        return HighsBackend(lp, threads)
    if key == "COIN_CMD":
        path = cbc_path()
        if path is None:
            raise SolverUnavailable(f"solver {solver!r}: {GET_CBC}")
        return PulpBackend(to_pulp(lp), pulp.COIN_CMD(msg=False, path=path))
    if key in DEPRECATED:
        raise SolverUnavailable(f"solver {solver!r} is deprecated in PuLP; give --solver cbc")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            instance = pulp.getSolver(key, msg=False)
    except Exception as exc:  # PuLP raises PulpSolverError for unknown names
        known = ", ".join(sorted(ALIASES)) + ", or one of " + ", ".join(solver_names())
        raise SolverUnavailable(f"unknown solver {solver!r}; expected {known}") from exc
    if not instance.available():
        avail = ", ".join(solver_names(available=True))
        raise SolverUnavailable(f"solver {solver!r} is not installed here; available: {avail}")
    return PulpBackend(to_pulp(lp), instance)


def solver_names(available: bool = False) -> list[str]:
    """PuLP's solver names, each once, in PuLP's order, without the deprecated ones (PuLP 3.3
    lists some solvers twice, e.g. ``XPRESS`` for two interfaces)."""
    names = pulp.listSolvers(onlyAvailable=available)
    return [name for name in dict.fromkeys(names) if name not in DEPRECATED]


def cbc_path() -> str | None:
    """The ``cbc`` program: on ``PATH``, or in this interpreter's scripts folder (where
    ``pip install 'pulp[cbc]'`` puts it, also when the venv is not activated); else ``None``."""
    found = shutil.which("cbc")
    if found:
        return found
    scripts = sysconfig.get_path("scripts")
    return shutil.which("cbc", path=scripts) if scripts else None


class HighsBackend(Backend):
    """HiGHS through highspy: the model is passed once, every stage re-solves warm.

    From a ``LinearProgram`` (the standard route) the model is handed over with ``passModel``
    of its CSR arrays (``highs_model``): our column ``j`` is HiGHS column ``j``. From a
    ``PulpModel`` PuLP builds it (``buildSolverModel``), with HiGHS's own column order.
    """

    def __init__(self, model: LinearProgram | PulpModel, threads: int = 1):
        import highspy  # start-up time

        self._hs = highspy
        if isinstance(model, LinearProgram):
            with _silenced_stdout():  # HiGHS prints a banner when the first Highs() is made
                self.highs = highspy.Highs()
            self.highs.setOptionValue("output_flag", False)
            self.highs.setOptionValue("threads", int(threads))
            if self.highs.passModel(highs_model(model)) == highspy.HighsStatus.kError:
                raise RuntimeError("HiGHS rejected the model (passModel)")
            self.perm = np.arange(model.num_cols, dtype=np.int32)
            self.num_rows, self.num_cols = model.num_rows, model.num_cols
        else:
            solver = pulp.HiGHS(msg=False, threads=threads)
            with _silenced_stdout():
                solver.createAndConfigureSolver(model.problem)
            solver.buildSolverModel(model.problem)
            self.highs = model.problem.solverModel
            # our column j sits at HiGHS column perm[j]; rows keep our order
            self.perm = np.array([v.index for v in model.variables], dtype=np.int32)
            self.num_rows = len(model.constraints)
            self.num_cols = len(model.variables)
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("random_seed", 0)
        self.name = "highs"
        self.version = self.highs.version()
        self.primal_warm = False  # the last basis is primal feasible for the next run

    def set_col_bounds(self, cols: np.ndarray, lb: float, ub: float) -> None:
        n = len(cols)
        if n:
            idx = self.perm[np.asarray(cols)]
            self.highs.changeColsBounds(n, idx, np.full(n, float(lb)), np.full(n, float(ub)))
            self.primal_warm = False

    def add_row(self, name: str, cols: np.ndarray, vals: np.ndarray, lb: float, ub: float) -> None:
        idx = self.perm[np.asarray(cols, dtype=np.int64)]
        self.highs.addRow(float(lb), float(ub), len(idx), idx, np.asarray(vals, dtype=float))
        self.num_rows += 1

    def set_row_upper(self, row: int, ub: float) -> None:
        """Move row ``row``'s upper bound (a hold row loosened by ``solver.stages``)."""
        lb = float(self.highs.getLp().row_lower_[row])
        self.highs.changeRowBounds(int(row), lb, float(ub))
        self.primal_warm = False

    def run(
        self, cost: np.ndarray, time_limit: float | None, then: list[np.ndarray] | None = None
    ) -> Stage:
        h = self.highs
        permuted = np.zeros(self.num_cols)
        permuted[self.perm] = cost
        h.changeColsCost(self.num_cols, np.arange(self.num_cols, dtype=np.int32), permuted)
        h.setOptionValue("time_limit", float(time_limit) if time_limit else math.inf)
        # After an optimal run, a new cost vector or a hold row satisfied by the current point
        # keeps the basis primal feasible: primal simplex re-optimises in a few iterations,
        # where dual simplex would start over (measured: 229 vs 8 525 iterations).
        feasible = self.primal_warm  # the current point satisfies every row: not infeasible
        if feasible:
            run_from_feasible(h)
        else:
            h.setOptionValue("simplex_strategy", 1)
            run_highs(h)
        status = _highs_status(self._hs, h.getModelStatus())
        if ended_wrongly(status, feasible):
            h.setOptionValue("simplex_strategy", 1)
            solve_again_cold(
                h, lambda: ended_wrongly(_highs_status(self._hs, h.getModelStatus()), feasible)
            )
            status = _highs_status(self._hs, h.getModelStatus())
        self.primal_warm = status == "optimal"
        sol = h.getSolution()
        x = (
            np.array(sol.col_value)[self.perm]
            if sol.value_valid
            else np.full(self.num_cols, np.nan)
        )
        duals_ok = sol.dual_valid and status == "optimal"
        nan_rows = np.full(self.num_rows, np.nan)
        return Stage(
            status=status,
            x=x,
            row_value=np.array(sol.row_value) if sol.value_valid else nan_rows,
            row_dual=np.array(sol.row_dual) if duals_ok else nan_rows,
            col_dual=np.array(sol.col_dual)[self.perm]
            if duals_ok
            else np.full(self.num_cols, np.nan),
            objective=float(h.getInfo().objective_function_value),
            detail=h.modelStatusToString(h.getModelStatus()),
        )

    def ranging(self) -> dict[str, np.ndarray] | None:
        """HiGHS sensitivity ranging at the current basis, in our column and row order.

        ``cost_up/cost_dn``: the column's cost range over which the plan stays optimal;
        ``row_up/row_dn``: the row bound's range over which the duals stay valid; ``*_obj``:
        the objective at those ends. None when HiGHS gives no valid ranging.
        """
        status, rng = self.highs.getRanging()
        if status != self._hs.HighsStatus.kOk or not rng.valid:
            return None
        n, m = self.num_cols, self.num_rows
        out = {}
        for name, rec, size, order in (
            ("cost_up", rng.col_cost_up, n, self.perm),
            ("cost_dn", rng.col_cost_dn, n, self.perm),
            ("row_up", rng.row_bound_up, m, None),
            ("row_dn", rng.row_bound_dn, m, None),
        ):
            for field_name, values in (("", rec.value_), ("_obj", rec.objective_)):
                arr = np.array(values, dtype=float)[:size]
                out[name + field_name] = arr[order] if order is not None else arr
        return out

    def conflict(self) -> tuple[list[int], list[int]]:
        """An irreducible infeasible subset: ``(rows, our columns)`` whose bounds conflict."""
        h = self.highs
        h.setOptionValue("iis_strategy", 4)
        status, iis = h.getIis()
        if status != self._hs.HighsStatus.kOk or not iis.valid_:
            return [], []
        inverse = np.empty(self.num_cols, dtype=np.int64)
        inverse[self.perm] = np.arange(self.num_cols)
        cols = [
            int(inverse[c]) for c, b in zip(iis.col_index_, iis.col_bound_, strict=True) if b != 1
        ]
        return [int(r) for r in iis.row_index_], cols


class PulpBackend(Backend):
    """Any PuLP solver: each stage sets the objective and re-solves through PuLP."""

    def __init__(self, model: PulpModel, solver: pulp.LpSolver):
        self.model = model
        self.solver = solver
        self.name = type(solver).__name__
        self.version = str(getattr(solver, "version", lambda: "")() or pulp.__version__)

    def set_col_bounds(self, cols: np.ndarray, lb: float, ub: float) -> None:
        for c in np.asarray(cols).tolist():
            var = self.model.variables[c]
            var.lowBound, var.upBound = _finite(lb), _finite(ub)

    def add_row(self, name: str, cols: np.ndarray, vals: np.ndarray, lb: float, ub: float) -> None:
        self.model.add_row(name, np.asarray(cols).tolist(), np.asarray(vals).tolist(), lb, ub)

    def run(
        self, cost: np.ndarray, time_limit: float | None, then: list[np.ndarray] | None = None
    ) -> Stage:
        self.model.set_objective(cost)
        self.solver.timeLimit = time_limit
        started = time.perf_counter()
        try:
            self.model.problem.solve(self.solver)
        except pulp.PulpSolverError as exc:
            return _failed(self.model, "error", str(exc))
        status = _pulp_status(self.model.problem, time_limit, time.perf_counter() - started)
        if status not in ("optimal", "time_limit"):
            return _failed(self.model, status, pulp.LpStatus[self.model.problem.status])
        x = np.array(
            [v.varValue if v.varValue is not None else np.nan for v in self.model.variables]
        )
        # PuLP reports CBC's pi and dj as d(objective)/d(rhs) of the minimisation: HiGHS's convention
        pi = np.array([c.pi if c.pi is not None else np.nan for c in self.model.constraints])
        dj = np.array([v.dj if v.dj is not None else np.nan for v in self.model.variables])
        objective = float(pulp.value(self.model.problem.objective) or 0.0)
        return Stage(status, x, _row_activity(self.model), pi, dj, objective)


def highs_model(lp: LinearProgram, cost: np.ndarray | None = None, col_bounds=None):
    """``lp`` as a ``highspy.HighsLp`` (row-wise CSR, duplicates summed, zeros dropped), with
    ``cost`` (default 0) and ``col_bounds`` ``(lb, ub)`` (default ``lp``'s); integer columns
    keep their integrality (a MIP)."""
    import highspy  # start-up time

    col_lb, col_ub, row_lb, row_ub = lp.bounds()
    if col_bounds is not None:
        col_lb, col_ub = col_bounds
    start, index, value = lp.csr()
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = lp.num_cols, lp.num_rows
    model.col_cost_ = np.zeros(lp.num_cols) if cost is None else np.asarray(cost, dtype=float)
    model.col_lower_, model.col_upper_ = col_lb, col_ub
    model.row_lower_, model.row_upper_ = row_lb, row_ub
    matrix = model.a_matrix_
    matrix.format_ = highspy.MatrixFormat.kRowwise
    matrix.num_col_, matrix.num_row_ = lp.num_cols, lp.num_rows
    matrix.start_ = start.astype(np.int32)
    matrix.index_ = index.astype(np.int32)
    matrix.value_ = value
    if lp.integer:
        kind = np.full(lp.num_cols, highspy.HighsVarType.kContinuous)
        kind[np.asarray(lp.integer, dtype=np.int64)] = highspy.HighsVarType.kInteger
        model.integrality_ = list(kind)
    return model


def _row_activity(model: PulpModel) -> np.ndarray:
    """``sum a_ij x_j`` of each row (without PuLP's constant)."""
    return np.array([(c.value() or 0.0) - c.constant for c in model.constraints])


@contextlib.contextmanager
def _silenced_stdout():
    """Send file descriptor 1 to /dev/null for the duration (C-level output included)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (embedded interpreters)
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _failed(model: PulpModel, status: str, detail: str) -> Stage:
    n, m = len(model.variables), len(model.constraints)
    nan = np.full(n, np.nan)
    return Stage(status, nan, np.full(m, np.nan), np.full(m, np.nan), nan, math.nan, detail)


def run_highs(h) -> None:
    """``h.run()``, once more after resetting HiGHS's global scheduler if it refused to start.

    HiGHS sets up one task scheduler per process, with the thread count of the first solve; a
    later ``Highs`` asking for another count (ours ask for 1; a notebook may have used highspy
    with its default before) fails at once with status ``kError`` and model status ``Not Set``.
    Only then is the scheduler reset (``resetGlobalScheduler``), so concurrent solves that agree
    on the thread count are never disturbed.
    """
    import highspy  # start-up time

    if h.run() == highspy.HighsStatus.kError:
        if h.getModelStatus() == highspy.HighsModelStatus.kNotset:
            highspy.Highs.resetGlobalScheduler(True)
            h.run()


PRIMAL = 4  # HiGHS's simplex_strategy for the primal simplex
NO_LIMIT = 2147483647  # HiGHS's default simplex_iteration_limit


def run_from_feasible(h) -> bool:
    """Primal simplex from HiGHS's current, primal feasible basis, without bound perturbation.

    After a new cost or a hold row that the current vertex satisfies, the primal simplex only
    walks the optimal face: mostly degenerate pivots, which HiGHS's bound perturbation (on by
    default, against stalling) multiplies: measured on the detailed 80x20x8 model's tie-break,
    183 iterations with it and 23 without. In case a walk does stall, it is capped at
    ``2 m + 1000`` iterations, after which the run goes on with the perturbation back on.
    Returns whether the cap was reached. The options are HiGHS's defaults again afterwards.
    """
    h.setOptionValue("simplex_strategy", PRIMAL)
    h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 0.0)
    h.setOptionValue("simplex_iteration_limit", 2 * h.getNumRow() + 1000)
    run_highs(h)
    h.setOptionValue("primal_simplex_bound_perturbation_multiplier", 1.0)
    h.setOptionValue("simplex_iteration_limit", NO_LIMIT)
    capped = h.getModelStatus() == type(h.getModelStatus()).kIterationLimit
    if capped:
        run_highs(h)
    return capped


def ended_wrongly(status: str, feasible: bool) -> bool:
    """HiGHS's ``Unknown`` ("error"), or "infeasible" where the starting point is ``feasible``
    (it satisfies every row: a false alarm); see ``solve_again_cold``."""
    return status == "error" or (status == "infeasible" and feasible)


def solve_again_cold(h, wrong) -> None:
    """Solve once more from scratch, after a solve HiGHS did not finish (``wrong()`` is true of
    the last solve's end): first with its default presolve, then, if that ends wrongly too,
    without presolve.

    Two ways HiGHS ends a solve wrongly, both met in Monte Carlo runs of the example (samples
    that ``solve`` must answer; ``tests/test_batch_agreement.py``): ``Unknown`` after an
    infeasible presolved LP ("Running postsolve on non-optimal solution of reduced LP", then
    the original LP's simplex stops with no status), which a cold solve without presolve
    answers; and ``Infeasible`` from a warm start whose point is feasible (after a hold row that
    the previous optimum satisfies, the primal simplex without bound perturbation), which a
    cold solve answers. A run of the detailed 40x15x6 grid ended ``Unknown`` warm and cold
    without presolve, and is answered cold with it.
    """
    try:
        for presolve in ("choose", "off"):
            h.clearSolver()
            h.setOptionValue("presolve", presolve)
            run_highs(h)
            if not wrong():
                return
    finally:
        h.setOptionValue("presolve", "choose")


def _highs_status(hs, status) -> str:
    ms = hs.HighsModelStatus
    if status == ms.kOptimal:
        return "optimal"
    if status in (ms.kInfeasible,):
        return "infeasible"
    if status in (ms.kUnbounded, ms.kUnboundedOrInfeasible):
        return "unbounded"
    if status in (ms.kTimeLimit, ms.kIterationLimit, ms.kInterrupt):
        return "time_limit"
    return "error"


def _pulp_status(problem: pulp.LpProblem, time_limit: float | None, seconds: float) -> str:
    """PuLP's status, not trusted alone: a solve stopped by a limit is never 'optimal'."""
    if problem.status == pulp.LpStatusOptimal:
        if problem.sol_status == pulp.LpSolutionOptimal:
            return "optimal"
        return "time_limit"
    if problem.status == pulp.LpStatusInfeasible:
        return "infeasible"
    if problem.status == pulp.LpStatusUnbounded:
        return "unbounded"
    if time_limit is not None and seconds >= 0.95 * time_limit:
        return "time_limit"
    return "error"


def _finite(bound: float) -> float | None:
    return None if math.isinf(bound) else float(bound)
