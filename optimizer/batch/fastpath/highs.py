"""One HiGHS model kept across runs: pass it once, change only what changed, re-solve warm.

``WarmHighs`` is a ``HighsBackend`` (``solve.run_stages`` drives it through ``set_col_bounds``,
``add_row`` and ``run``; ranging and the conflict come from ``HighsBackend``) built straight from
a ``LinearProgram``'s arrays with ``passModel`` instead of through PuLP, so our column ``j`` is
HiGHS column ``j`` and rows keep our order.

It mirrors what HiGHS holds (column costs and bounds, row bounds, the matrix values in the CSR
order of ``LinearProgram.csr``) and hands HiGHS only the differences:

- ``update(lp)``: changed column bounds (``changeColsBounds``), row bounds
  (``changeRowsBounds``) and matrix entries (``changeCoeff``; an entry that became 0 is set to 0,
  which removes it). When more than ``RELOAD_SHARE`` of the entries changed, one ``passModel``
  of the whole LP is cheaper than that many single calls; the cached bases (below) survive it.
- ``run(cost)``: changed costs only (``changeColsCost``).
- Where to start each stage. A stage right after a hold row (``sum c_j x_j <= v* + tol``) starts
  from the basis the previous stage ended with: that optimum satisfies the hold, so the basis is
  primal feasible and the primal simplex only walks the optimal face (measured on the detailed
  model: the tie-break in 200-300 iterations instead of 2,500-9,000 with the dual simplex; and
  without HiGHS's bound perturbation, ``solver.backends.run_from_feasible``, in 20-60). The first
  stage and the elastic one start from the basis the same stage (strict: every slack at 0; or
  elastic) ended with in the previous run (``setBasis``), with HiGHS's default simplex.
- ``run(cost, then=[c2, ...])`` (a stage told the objectives of the stages after it): solves
  ``cost`` perturbed by them and tests the vertex with ``fastpath.lexi.levels``; the stages it
  already settles need no solve of their own (counted as ``settled`` when it settles at least
  one; ``ties`` when none; ``suboptimal`` when the perturbation cost ``cost`` itself). Not with ``detail``: duals and ranging are read at a basis
  optimal for ``c`` alone. A warm stage that ends
  in HiGHS's ``Unknown``/error status, or infeasible right after a hold row (which the previous
  optimum satisfies), is solved once more from scratch without presolve
  (``backends.solve_again_cold``; counted as ``retries``), so a bad starting basis never costs a
  run its answer. (Capping a warm stage's
  iterations at a cold solve's count and then starting cold was tried and dropped: on the
  detailed model's hard corners the scenario's own cold solve took 2-4 times the base's, so the
  cap threw away warm solves that were on their way.)
- ``finish()`` deletes the hold rows a run added (``deleteRows``): the next run starts from the
  base structure.
"""

from __future__ import annotations

import math
import time

import numpy as np

from optimizer.batch.fastpath.lexi import levels, perturbed
from optimizer.model.lp import LinearProgram
from optimizer.model.variables import slack_columns
from optimizer.solver.backends import (
    HighsBackend,
    Stage,
    _highs_status,
    _silenced_stdout,
    ended_wrongly,
    run_from_feasible,
    run_highs,
    solve_again_cold,
)

RELOAD_SHARE = 0.15  # re-pass the whole model when more than this share of entries changed
EMPTY = np.zeros(0)


class WarmHighs(HighsBackend):
    """A ``HighsBackend`` over one ``Highs`` object that outlives the runs (see module doc)."""

    def __init__(self, lp: LinearProgram, threads: int = 1, counts: dict | None = None):
        import highspy  # start-up time

        self._hs = highspy
        with _silenced_stdout():  # HiGHS prints a banner when the first Highs() is made
            self.highs = highspy.Highs()
        h = self.highs
        h.setOptionValue("output_flag", False)
        h.setOptionValue("random_seed", 0)
        h.setOptionValue("threads", int(threads))
        self.strategy = _option(h, "simplex_strategy")  # HiGHS's default
        self.held = False  # a hold row was added since the last solve
        self.name = "highs"
        self.version = h.version()
        self.detail = True
        self.counts = counts if counts is not None else {}
        names = ("reloads", "coefficients", "bounds", "solves", "retries", "stalls")
        for name in names + ("settled", "ties", "suboptimal"):
            self.counts.setdefault(name, 0)
        self.load(lp)

    # --- the model -------------------------------------------------------------------------

    def load(self, lp: LinearProgram) -> None:
        """Pass ``lp`` to HiGHS (every cost 0); forget the cached bases."""
        self.col_lb, self.col_ub, self.row_lb, self.row_ub = (a.copy() for a in lp.bounds())
        self.num_cols, self.num_rows = lp.num_cols, lp.num_rows
        self.base_rows = lp.num_rows
        self.perm = np.arange(self.num_cols, dtype=np.int32)
        self.col_family, self.col_key = list(lp.col_family), list(lp.col_key)
        self.row_family, self.row_key = list(lp.row_family), list(lp.row_key)
        self.cost = np.zeros(self.num_cols)
        self.slacks = slack_columns(lp)
        self.extra: list[tuple] = []  # the rows a run added: (columns, values, lb, ub)
        self._pattern(lp)
        self._pass()
        self.bases: dict[str, object] = {}  # "strict" / "elastic" -> its final basis, last run

    def same_structure(self, lp: LinearProgram) -> bool:
        """True when ``lp`` has the held model's columns and rows (families and keys, in order)."""
        return (
            lp.num_cols == self.num_cols
            and lp.num_rows == self.base_rows
            and lp.col_family == self.col_family
            and lp.row_family == self.row_family
            and lp.col_key == self.col_key
            and lp.row_key == self.row_key
        )

    def update(self, lp: LinearProgram) -> None:
        """Change HiGHS's bounds and matrix to ``lp``'s (same structure; see ``same_structure``)."""
        col_lb, col_ub, row_lb, row_ub = lp.bounds()
        self._set_cols(np.arange(self.num_cols), col_lb, col_ub)
        changed = np.nonzero((row_lb != self.row_lb) | (row_ub != self.row_ub))[0]
        if len(changed):
            self.highs.changeRowsBounds(
                len(changed), changed.astype(np.int32), row_lb[changed], row_ub[changed]
            )
            self.row_lb[changed], self.row_ub[changed] = row_lb[changed], row_ub[changed]
            self.counts["bounds"] += len(changed)
        r, c, v = _entries(lp)
        if _same(r, self.entry_row) and _same(c, self.entry_col):
            before, self.values = self.values, _reduce(v, self.order, self.first)
            self._apply(self.value_row, self.value_col, before, self.values)
            return
        # another sparsity pattern (an entry became 0 or stopped being 0): diff over the union
        n = max(self.num_cols, 1)
        old_key, old_values = self.value_row * n + self.value_col, self.values
        self._pattern(lp)
        new_key = self.value_row * n + self.value_col
        union = np.union1d(old_key, new_key)
        before, after = np.zeros(len(union)), np.zeros(len(union))
        before[np.searchsorted(union, old_key)] = old_values
        after[np.searchsorted(union, new_key)] = self.values
        self._apply(union // n, union % n, before, after)

    def _pattern(self, lp: LinearProgram) -> None:
        """Cache the entry arrays of ``lp`` and how they reduce to its CSR values."""
        r, c, v = _entries(lp)
        key = r * max(self.num_cols, 1) + c
        order = np.argsort(key, kind="stable")
        _, first = np.unique(key[order], return_index=True)
        self.entry_row, self.entry_col = r, c
        self.order, self.first = order, first
        self.value_row = r[order][first]
        self.value_col = c[order][first]
        self.values = _reduce(v, order, first)

    def _apply(
        self, rows: np.ndarray, cols: np.ndarray, before: np.ndarray, after: np.ndarray
    ) -> None:
        """Change the entries where ``after`` differs from ``before`` (HiGHS holds ``before``).

        The mirror already holds ``after``; when many entries changed, re-pass the whole model.
        """
        changed = np.nonzero(before != after)[0]
        if len(changed) > RELOAD_SHARE * max(len(self.values), 1):
            self._pass()
            self.counts["reloads"] += 1
            return
        for i, j, value in zip(
            rows[changed].tolist(), cols[changed].tolist(), after[changed].tolist(), strict=True
        ):
            self.highs.changeCoeff(i, j, value)
        self.counts["coefficients"] += len(changed)

    def _pass(self) -> None:
        """``passModel`` of the mirrored arrays (the CSR matrix without its zero entries)."""
        hs = self._hs
        keep = self.values != 0.0
        rows = self.value_row[keep]
        model = hs.HighsLp()
        model.num_col_, model.num_row_ = self.num_cols, self.base_rows
        model.col_cost_, model.col_lower_, model.col_upper_ = self.cost, self.col_lb, self.col_ub
        model.row_lower_, model.row_upper_ = self.row_lb, self.row_ub
        matrix = model.a_matrix_
        matrix.format_ = hs.MatrixFormat.kRowwise
        matrix.num_col_, matrix.num_row_ = self.num_cols, self.base_rows
        matrix.start_ = np.searchsorted(rows, np.arange(self.base_rows + 1)).astype(np.int32)
        matrix.index_ = self.value_col[keep].astype(np.int32)
        matrix.value_ = self.values[keep]
        status = self.highs.passModel(model)
        if status == hs.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the model (passModel)")
        self.num_rows = self.base_rows

    def _set_cols(self, cols: np.ndarray, lb: np.ndarray, ub: np.ndarray) -> None:
        """Change the bounds of those of ``cols`` whose bounds differ."""
        changed = np.nonzero((lb != self.col_lb[cols]) | (ub != self.col_ub[cols]))[0]
        if len(changed):
            idx = cols[changed]
            self.highs.changeColsBounds(len(idx), idx.astype(np.int32), lb[changed], ub[changed])
            self.col_lb[idx], self.col_ub[idx] = lb[changed], ub[changed]
            self.counts["bounds"] += len(idx)

    # --- one run of the stages -------------------------------------------------------------

    def begin(self, detail: bool) -> None:
        """Start a run; ``detail`` asks for duals and ranging (and stage 2 solved for ``c`` alone)."""
        self.detail = detail
        self.held = False
        self.extra = []

    def finish(self) -> None:
        """Delete the rows the run added (the holds): back to the base structure."""
        extra = self.num_rows - self.base_rows
        if extra > 0:
            idx = np.arange(self.base_rows, self.num_rows, dtype=np.int32)
            self.highs.deleteRows(extra, idx)
            self.num_rows = self.base_rows
        self.extra = []

    def set_col_bounds(self, cols: np.ndarray, lb: float, ub: float) -> None:
        cols = np.asarray(cols, dtype=np.int64)
        n = len(cols)
        if n:
            self._set_cols(cols, np.full(n, float(lb)), np.full(n, float(ub)))

    def add_row(self, name: str, cols: np.ndarray, vals: np.ndarray, lb: float, ub: float) -> None:
        super().add_row(name, cols, vals, lb, ub)
        self.extra.append((np.asarray(cols, np.int64), np.asarray(vals, float), lb, ub))
        self.held = True

    def set_row_upper(self, row: int, ub: float) -> None:
        super().set_row_upper(row, ub)
        if row >= self.base_rows:  # a hold row: its mirror too
            cols, vals, lb, _ = self.extra[row - self.base_rows]
            self.extra[row - self.base_rows] = (cols, vals, lb, float(ub))

    def _matrix(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The (row, column, value) entries of every row HiGHS holds (the holds last)."""
        if not self.extra:
            return self.value_row, self.value_col, self.values
        rows = [self.value_row] + [
            np.full(len(c), self.base_rows + k) for k, (c, *_) in enumerate(self.extra)
        ]
        cols = [self.value_col] + [c for c, *_ in self.extra]
        vals = [self.values] + [v for _, v, *_ in self.extra]
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)

    def _bounds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Column and row bounds as HiGHS holds them (the holds' rows last)."""
        row_lb = np.concatenate([self.row_lb, [lb for *_, lb, _ in self.extra]])
        row_ub = np.concatenate([self.row_ub, [ub for *_, ub in self.extra]])
        return self.col_lb, self.col_ub, row_lb, row_ub

    def run(
        self, cost: np.ndarray, time_limit: float | None, then: list[np.ndarray] | None = None
    ) -> Stage:
        """Minimise ``cost``, warm; with ``then`` (and no detail) settle the later stages too.

        ``then``: the objectives of the stages that follow, in order. Solves ``cost`` perturbed
        by them and tests the vertex (``fastpath.lexi.levels``): ``Stage.settled`` is how many
        of them it already minimises in turn (their solves are skipped); a vertex not optimal
        for ``cost`` itself is solved again with ``cost`` alone, from there.
        """
        if not then or self.detail:
            return self._run(cost, time_limit)
        started = time.perf_counter()
        stage = self._run(perturbed([cost, *then]), time_limit)
        if stage.status != "optimal":
            return stage
        rows = np.asarray(self.highs.getSolution().row_value)
        found = levels(self.highs, self._matrix(), self._bounds(), (stage.x, rows), [cost, *then])
        self.counts["suboptimal" if found < 0 else "settled" if found else "ties"] += 1
        if found < 0:
            self.held = True  # the vertex is feasible: primal simplex from it
            if time_limit:
                time_limit = max(float(time_limit) - (time.perf_counter() - started), 1e-3)
            return self._run(cost, time_limit)
        stage.objective = float(np.sum(cost * stage.x))
        stage.settled = found
        return stage

    def _run(self, cost: np.ndarray, time_limit: float | None) -> Stage:
        """One HiGHS solve with objective ``cost``, warm (where from: see the module doc)."""
        h = self.highs
        changed = np.nonzero(cost != self.cost)[0]
        if len(changed):
            h.changeColsCost(len(changed), changed.astype(np.int32), cost[changed])
            self.cost = np.array(cost, dtype=float)
        after_hold, self.held = self.held, False
        key = None
        if not after_hold and self.num_rows == self.base_rows:  # elastic: every slack free
            key = "elastic" if np.isinf(self.col_ub[self.slacks]).all() else "strict"
        warm = after_hold or key in self.bases
        started = time.perf_counter()
        h.setOptionValue("time_limit", float(time_limit) if time_limit else math.inf)
        if after_hold:
            self.counts["stalls"] += run_from_feasible(h)
            h.setOptionValue("simplex_strategy", self.strategy)
        else:
            if warm:
                h.setBasis(self.bases[key])
            run_highs(h)

        def wrong() -> bool:  # HiGHS lost its way ("Unknown"), or called a point that
            # satisfies every row, the new hold included, infeasible
            return ended_wrongly(_highs_status(self._hs, h.getModelStatus()), after_hold)

        if wrong():  # once more from scratch (``solve_again_cold``)
            if time_limit:
                left = max(float(time_limit) - (time.perf_counter() - started), 1e-3)
                h.setOptionValue("time_limit", left)
            h.setOptionValue("simplex_strategy", self.strategy)
            solve_again_cold(h, wrong)
            self.counts["retries"] += 1
        if key is not None and (basis := h.getBasis()).valid:
            self.bases[key] = basis
        self.counts["solves"] += 1
        status = _highs_status(self._hs, h.getModelStatus())
        sol = h.getSolution()
        n, m = self.num_cols, self.num_rows
        x = np.array(sol.col_value) if sol.value_valid else np.full(n, np.nan)
        stage = Stage(
            status=status,
            x=x,
            row_value=EMPTY,
            row_dual=EMPTY,
            col_dual=EMPTY,
            objective=float(h.getObjectiveValue()),  # info.objective_function_value
            detail=h.modelStatusToString(h.getModelStatus()),
        )
        if self.detail:
            duals_ok = sol.dual_valid and status == "optimal"
            stage.row_value = np.array(sol.row_value) if sol.value_valid else np.full(m, np.nan)
            stage.row_dual = np.array(sol.row_dual) if duals_ok else np.full(m, np.nan)
            stage.col_dual = np.array(sol.col_dual) if duals_ok else np.full(n, np.nan)
        return stage

    def ranging(self) -> dict[str, np.ndarray] | None:
        """HiGHS ranging, only when the run asks for detail (it costs a pass over the basis)."""
        return super().ranging() if self.detail else None

    def conflict(self) -> tuple[list[int], list[int]]:
        """The irreducible infeasible subset, only when the run asks for detail."""
        return super().conflict() if self.detail else ([], [])


def _option(h, name: str) -> int:
    """An integer option's value (highspy 1.16 returns ``(status, value)``)."""
    value = h.getOptionValue(name)
    return int(value[1] if isinstance(value, tuple) else value)


def _entries(lp: LinearProgram) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The matrix entries of ``lp`` in assembly order (row, column, value; duplicates kept)."""
    if not lp.entries:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    if len(lp.entries) == 1:  # (``Assembly``'s LPs) the arrays as they are, not copies
        r, c, v = lp.entries[0]
        return np.asarray(r, np.int64), np.asarray(c, np.int64), np.asarray(v, float)
    r = np.concatenate([e[0] for e in lp.entries]).astype(np.int64)
    c = np.concatenate([e[1] for e in lp.entries]).astype(np.int64)
    v = np.concatenate([e[2] for e in lp.entries]).astype(float)
    return r, c, v


def _reduce(v: np.ndarray, order: np.ndarray, first: np.ndarray) -> np.ndarray:
    """The CSR values: entries sorted by (row, column), duplicates summed (``lp.csr``)."""
    v = v[order]
    return np.add.reduceat(v, first) if len(first) < len(v) else v


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal arrays; the same array object (a template's entries, run after run) without a pass."""
    return a is b or np.array_equal(a, b)
