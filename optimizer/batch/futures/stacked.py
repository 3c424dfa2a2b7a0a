"""One LP over ``N`` futures: the model's LP of each future as a block, stacked, solved by HiGHS.

Future ``i`` brings its own ``model.build`` LP (rows ``A_i x_i`` within ``[lb_i, ub_i]``).
A decision column (families ``x``, ``tax``, ``take``) has one of three roles, given by its key
(``Roles``); every other column (costs, slacks, financing, interest) is the future's own:

- **fixed** at a value ``v``: not a column at all. Its entries move to the bounds,
  ``lb_i - A_i[:, F] v <= A_i[:, ~F] x <= ub_i - A_i[:, F] v``; a row left without a column is
  dropped (it restricted the fixed decisions alone: potential, pace, ...). Its costs are a
  constant of each objective.
- **shared**: one column for every future (non-anticipativity by shared columns: decided now);
- **own**: the future's own column (recourse: decided later, knowing the future).

The stages (``solve``) are the model's lexicographic stages across futures, each tier of
``inputs.requirements`` measured by a risk measure (``risk.py``) over the futures' shortfalls
``f_i = c_tier' x_i`` (the model's own ``shortfall:<tier>`` vectors) and, under ``worst`` or
``cvar``, then by its expected value with the measure held (else a future outside the worst
ones could fall short up to the measure's level at no cost), then the expected
objective ``sum_i p_i c_obj' x_i``, then the expected tie-break (later starts, least loans).
Each stage's optimum is held (``<= v + 1e-10 max(1, |v|) + 1e-9``, as ``solver.stages``) in
the next. The matrix goes to HiGHS once (``passModel``, row-wise from the blocks' CSR); each
stage changes the costs and adds one hold row, and HiGHS re-solves from the last basis.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from optimizer.batch.futures.risk import Risk
from optimizer.model import Model
from optimizer.model.objective import stage_costs
from optimizer.solver.backends import _silenced_stdout, run_from_feasible, run_highs
from optimizer.solver.stages import HOLD_ABS, HOLD_REL

DECISIONS = ("x", "tax", "take")


class StackedInfeasible(Exception):
    """The futures admit no plan with these roles (a hard limit no slack relaxes)."""


def start_year(family: str, key: tuple) -> int | None:
    """The year a decision column starts (``x[b,a,s]``, ``tax[s]``); ``None`` for ``take``."""
    if family == "x":
        return int(key[2])
    if family == "tax":
        return int(key[0])
    return None


@dataclass
class Roles:
    """``fixed[(family, key)] = value`` and the ``shared`` decision keys; the rest are own."""

    fixed: dict[tuple[str, tuple], float] = field(default_factory=dict)
    shared: set[tuple[str, tuple]] = field(default_factory=set)


@dataclass
class Block:
    """Future ``i``'s part: local column -> global column (``-1`` where fixed), fixed values."""

    model: Model
    to_global: np.ndarray
    fixed: np.ndarray  # local values of the fixed columns (nan where not fixed)
    first_row: int
    num_rows: int


@dataclass
class Solution:
    """The stacked stages' outcome: each future's full column vector and the stage values."""

    x: list[np.ndarray]  # per future, in its model's column order (fixed values included)
    tiers: list[float]  # per requirement stage its risk measure (and, unless ``expected``, then
    # the expected shortfall with the measure held: ``[law, law:expected, targets, ...]``)
    objective: float  # the expected objective (``inputs.objective``), fixed decisions included
    seconds: float = 0.0
    size: tuple[int, int] = (0, 0)  # columns, rows of the stacked LP


class Stacked:
    """The stacked LP of ``models`` with ``roles`` (module doc); ``prob[i]`` sums to 1."""

    def __init__(self, models: list[Model], roles: Roles, prob: np.ndarray | None = None):
        if not models:
            raise ValueError("no futures")
        self.models = models
        n = len(models)
        self.prob = np.full(n, 1.0 / n) if prob is None else np.asarray(prob, dtype=float)
        first = models[0].lp
        self.shared_keys = [
            (f, k)
            for f, k in zip(first.col_family, first.col_key, strict=True)
            if (f, k) in roles.shared and (f, k) not in roles.fixed
        ]
        shared_at = {key: i for i, key in enumerate(self.shared_keys)}
        ns = len(self.shared_keys)
        col_lb, col_ub = [np.full(ns, -np.inf)], [np.full(ns, np.inf)]
        rows, cols, vals, row_lb, row_ub = [], [], [], [], []
        self.blocks: list[Block] = []
        num_cols, num_rows = ns, 0
        for model in models:
            lp = model.lp
            clb, cub, rlb, rub = lp.bounds()
            keys = list(zip(lp.col_family, lp.col_key, strict=True))
            fixed = np.array([roles.fixed.get(key, np.nan) for key in keys])
            is_fixed = ~np.isnan(fixed)
            where = np.array([shared_at.get(key, -1) for key in keys], dtype=np.int64)
            own = (where < 0) & ~is_fixed
            to_global = where.copy()
            to_global[own] = num_cols + np.arange(int(own.sum()))
            to_global[is_fixed] = -1
            num_cols += int(own.sum())
            lo, hi = col_lb[0], col_ub[0]
            sh = where >= 0
            lo[where[sh]] = np.maximum(lo[where[sh]], clb[sh])
            hi[where[sh]] = np.minimum(hi[where[sh]], cub[sh])
            col_lb.append(clb[own])
            col_ub.append(cub[own])
            start, index, value = lp.csr()
            row = np.repeat(np.arange(lp.num_rows), np.diff(start))
            fixed_entry = is_fixed[index]
            moved = np.bincount(
                row[fixed_entry],
                value[fixed_entry] * fixed[index[fixed_entry]],
                minlength=lp.num_rows,
            )
            kept = ~fixed_entry
            alive = np.bincount(row[kept], minlength=lp.num_rows) > 0
            new_row = np.cumsum(alive) - 1 + num_rows
            rows.append(new_row[row[kept]])
            cols.append(to_global[index[kept]])
            vals.append(value[kept])
            row_lb.append((rlb - moved)[alive])
            row_ub.append((rub - moved)[alive])
            count = int(alive.sum())
            self.blocks.append(Block(model, to_global, fixed, num_rows, count))
            num_rows += count
        self.num_cols, self.num_rows = num_cols, num_rows
        self.col_lb, self.col_ub = np.concatenate(col_lb), np.concatenate(col_ub)
        self.row_lb, self.row_ub = np.concatenate(row_lb), np.concatenate(row_ub)
        self.rows, self.cols = np.concatenate(rows), np.concatenate(cols)
        self.vals = np.concatenate(vals)

    # --- objectives over the futures ---------------------------------------------------------

    def block_vector(self, i: int, cost: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """Future ``i``'s local ``cost`` as (global columns, values, constant of fixed ones)."""
        block = self.blocks[i]
        live = block.to_global >= 0
        fixed = ~live
        const = float(cost[fixed] @ block.fixed[fixed]) if fixed.any() else 0.0
        return block.to_global[live], cost[live], const

    def expected(self, name: str) -> tuple[np.ndarray, float]:
        """``sum_i p_i c_i`` of the objective ``name`` over the global columns, and its constant."""
        out = np.zeros(self.num_cols)
        const = 0.0
        for i, block in enumerate(self.blocks):
            cols, values, c = self.block_vector(i, block.model.lp.cost_vector(name))
            np.add.at(out, cols, self.prob[i] * values)
            const += self.prob[i] * c
        return out, const

    def tier_vectors(self, stage: int) -> list[tuple[np.ndarray, np.ndarray, float]]:
        """Each future's shortfall of requirement stage ``stage`` (``stage_costs``)."""
        out = []
        for i, block in enumerate(self.blocks):
            model = block.model
            cost = stage_costs(model.lp, model.inputs.requirements)[stage]
            out.append(self.block_vector(i, cost))
        return out

    # --- the stages ---------------------------------------------------------------------------

    def solve(self, risk: Risk, threads: int = 1, tiebreak: bool = True) -> Solution:
        """The lexicographic stages of the module doc; ``StackedInfeasible`` when none is
        feasible."""
        import highspy  # start-up time

        started = time.perf_counter()
        inputs = self.models[0].inputs
        n_stages = len(inputs.requirements)
        n = len(self.blocks)
        n_aux = n_stages * risk.columns(n)
        total = self.num_cols + n_aux
        lb = np.concatenate([self.col_lb, *(risk.aux_lb(n) for _ in range(n_stages))])
        ub = np.concatenate([self.col_ub, *(risk.aux_ub(n) for _ in range(n_stages))])
        rows, cols, vals = [self.rows], [self.cols], [self.vals]
        rlb, rub = [self.row_lb], [self.row_ub]
        costs = []
        at_col, at_row = self.num_cols, self.num_rows
        for stage in range(n_stages):
            tiers = self.tier_vectors(stage)
            r, c, v, lo, hi, cost, const = risk.rows(tiers, self.prob, at_row, at_col, total)
            rows.append(r)
            cols.append(c)
            vals.append(v)
            rlb.append(lo)
            rub.append(hi)
            costs.append((cost, const))
            if risk.kind != "expected":  # then the least expected shortfall, the measure held
                *_, mean, mean_const = Risk("expected").rows(tiers, self.prob, 0, 0, total)
                costs.append((mean, mean_const))
            at_col += risk.columns(n)
            at_row += len(lo)
        row = np.concatenate(rows)
        order = np.argsort(row, kind="stable")
        h = _highs(highspy, threads)
        model = highspy.HighsLp()
        model.num_col_, model.num_row_ = total, at_row
        model.col_cost_ = np.zeros(total)
        model.col_lower_, model.col_upper_ = lb, ub
        model.row_lower_, model.row_upper_ = np.concatenate(rlb), np.concatenate(rub)
        matrix = model.a_matrix_
        matrix.format_ = highspy.MatrixFormat.kRowwise
        matrix.num_col_, matrix.num_row_ = total, at_row
        matrix.start_ = np.searchsorted(row[order], np.arange(at_row + 1)).astype(np.int32)
        matrix.index_ = np.concatenate(cols)[order].astype(np.int32)
        matrix.value_ = np.concatenate(vals)[order]
        if h.passModel(model) == highspy.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the stacked model (passModel)")
        tiers_out = []
        for stage, (cost, const) in enumerate(costs):
            x, value = _run(h, highspy, cost, stage > 0)
            tiers_out.append(value + const)
            _hold(h, cost, value)
        pad = np.zeros(n_aux)
        objective, const = self.expected(inputs.objective)
        x, value = _run(h, highspy, np.concatenate([objective, pad]), n_stages > 0)
        expected = value + const
        if tiebreak:
            _hold(h, np.concatenate([objective, pad]), value)
            tie, _ = self.expected("tiebreak")
            x, _ = _run(h, highspy, np.concatenate([tie, pad]), True)
        seconds = time.perf_counter() - started
        return Solution(self.local(x), tiers_out, expected, seconds, (total, at_row))

    def local(self, x: np.ndarray) -> list[np.ndarray]:
        """Each future's column vector in its own model's order (fixed values filled in)."""
        out = []
        for block in self.blocks:
            live = block.to_global >= 0
            values = block.fixed.copy()
            values[live] = x[block.to_global[live]]
            out.append(values)
        return out


SEPARATE = 5  # futures per LP where the futures do not interact


def solve_futures(
    models: list[Model], roles: Roles, risk: Risk, threads: int = 1, size: int = SEPARATE
) -> Solution:
    """``Stacked(models, roles).solve(risk)``, in chunks of ``size`` futures where the futures do
    not interact: nothing shared and the ``expected`` measure. Then every stage's objective is
    a sum over the futures, so the lexicographic optimum of the sum is each future's own (an
    earlier stage's least sum, held, holds each future at its least value), and the chunks'
    values, weighted by their share of the futures, add up to the whole's. Smaller LPs: HiGHS's
    simplex grows faster than linearly with the stacked size (docs/robust.md)."""
    separable = risk.kind == "expected" and not roles.shared
    if not separable or len(models) <= size:
        return Stacked(models, roles).solve(risk, threads)
    n = len(models)
    parts = [
        (len(chunk), Stacked(chunk, roles).solve(risk, threads))
        for chunk in (models[i : i + size] for i in range(0, n, size))
    ]
    return Solution(
        [x for _, part in parts for x in part.x],
        [sum(k / n * part.tiers[t] for k, part in parts) for t in range(len(parts[0][1].tiers))],
        sum(k / n * part.objective for k, part in parts),
        sum(part.seconds for _, part in parts),
        (sum(part.size[0] for _, part in parts), sum(part.size[1] for _, part in parts)),
    )


def _highs(highspy, threads: int):
    with _silenced_stdout():  # HiGHS prints a banner when the first Highs() is made
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", int(threads))
    return h


def _run(h, highspy, cost: np.ndarray, warm: bool) -> tuple[np.ndarray, float]:
    """Minimise ``cost``; ``warm``: from HiGHS's current basis, optimal for the stage before
    and feasible for this one (its hold row holds there): the primal simplex, as
    ``solver.backends.run_from_feasible``. ``(x, objective)``."""
    n = len(cost)
    h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(cost, dtype=float))
    if warm:
        run_from_feasible(h)
    else:
        run_highs(h)
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        raise StackedInfeasible("the futures admit no plan: a hard limit no slack relaxes")
    if status != highspy.HighsModelStatus.kOptimal:
        h.clearSolver()  # a warm start HiGHS could not finish: once more, cold
        run_highs(h)
        status = h.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS ended {h.modelStatusToString(status)} on the futures")
    x = np.array(h.getSolution().col_value)
    return x, float(h.getInfo().objective_function_value)


def _hold(h, cost: np.ndarray, value: float) -> None:
    """``cost'x <= value + tolerance`` (as ``solver.stages._hold``)."""
    cols = np.nonzero(cost)[0].astype(np.int32)
    bound = value + HOLD_REL * max(1.0, abs(value)) + HOLD_ABS
    h.addRow(-np.inf, bound, len(cols), cols, cost[cols])
