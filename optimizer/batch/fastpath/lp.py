"""Re-assemble the numbers of one LP structure without building it again.

``model.build`` spends most of its time on structure: the keys of every row and column and the
cells of the pace rows, found with Python steps. In a batch the structure stays and only numbers
move, so ``LpTemplate`` keeps the structure of one assembled model (its keys, registries and the
matrix's (row, column) entries) and ``assemble(inputs, params)`` recomputes only the numbers,
family by family as ``model/constraints.py`` and ``model/objective.py`` define them:

- ``cost[b,t]``: entries ``1`` and ``-cost[j,t]``, ``lb = ub = base[b,t]``;
- ``frame[b,t] <= frame``; ``result[t] >= target - K[t]``; ``milestone[y] >= mile[y] - bal0 -
  sum_{k<=y}(K[k] + adj[k])``; ``potential <= pot``; ``pace[b,s] <= pace[b] * base[b,s]``;
  ``freeze[t] <= sum_b cost0[b]``; ``category[c,t]`` entries ``effect[j,t]``, ``>= target``;
  ``invest[t]`` entries ``capex_j``, ``<= iroom[t]``; ``floor >= floor``;
- liquidity: ``cash`` entries ``-(dep[j,t] - capex_j [s_j = t])``, ``= K[t] + dep0[t] - inv0[t]``
  (plus opening cash in the first year), ``loans = opening loans`` in the first year,
  ``min_cash >= min_cash``, the loans column's upper bound ``loan_cap``;
- ``max_share[b]`` entries ``effect[j,last]`` and ``-base[b,last]``;
- (v2) ``frame`` rows only in the decided years; the law's rows (``model/constraints_law.py``):
  ``exemption[k] <= L[k] + exempt[k]``, ``no_deficit[t] >= -L[t] - exempt[t]``,
  ``deadline[y] >= due(y) - sum_{k<=y, not exempt} L[k]`` (their entries are all +-1);
- the objective vectors: shortfall weights (in total and per tier), ``impact`` (``w * horizon``,
  ``tail_years`` included), ``horizon`` (``min_savings``), ``z`` and ``tiebreak``.

``assemble`` returns ``None`` when ``inputs`` would give other rows or columns (other target
years, another objective, ...) or another sparsity pattern (an entry becoming 0): the caller
then builds. A template checks itself once: re-assembling its own scenario must give exactly the
arrays ``build`` gave, or it stays off (``ok`` is False) and every run builds.
"""

from __future__ import annotations

import numpy as np

from optimizer.model import Model
from optimizer.model.constraints_law import deadline_split, exempt_vector, known_bkr
from optimizer.model.lp import INF, LinearProgram
from optimizer.model.objective import tiebreak
from optimizer.model.variables import SLACK_FAMILIES
from optimizer.params import Params
from optimizer.scenario.inputs import TIER_OF, Inputs


class LpTemplate:
    """The structure of one assembled model and a fast re-assembly of its numbers."""

    def __init__(self, model: Model):
        lp, p, v, inputs = model.lp, model.params, model.columns, model.inputs
        self.lp, self.columns, self.params = lp, v, p
        self.shape = _shape(inputs)
        self.years = [int(t) for t in p.years]
        r = [e[0] for e in lp.entries]
        c = [e[1] for e in lp.entries]
        self.entry_row = np.concatenate(r).astype(np.int64) if r else np.zeros(0, np.int64)
        self.entry_col = np.concatenate(c).astype(np.int64) if c else np.zeros(0, np.int64)
        self.ok = True
        self.bounds = lp.bounds()  # copied per run, then the families' bounds written in
        self.loans = np.array(list(lp.cols.get("loans", {}).values()), dtype=np.int64)
        self.slack_cols = {
            family: np.array(list(lp.cols.get(family, {}).values()), dtype=np.int64)
            for family in SLACK_FAMILIES
        }
        self._shortfall: tuple[tuple, np.ndarray] | None = None  # (weights, vector), last run
        try:
            self.row_start, self.row_count = _family_blocks(lp)
            self._indices(inputs, p)
            nT = len(self.years)
            self.first_year = np.arange(nT)[None, :] == p.col_start[:, None]
            self.keep = np.concatenate([vals for _, vals in self._raw_values(inputs, p)]) != 0.0
            self.ok = self._same_as_built(model)
        except (KeyError, IndexError, ValueError):
            self.ok = False

    def _indices(self, inputs: Inputs, p: Params) -> None:
        """The positions the numbers are read from (found once, from the template's scenario)."""
        years, nT = self.years, len(self.years)
        self.cost_mask = p.cost != 0
        self.cost_jj, self.cost_tt = np.nonzero(p.cost)
        self.effect_mask = p.effect != 0
        self.result_pos = [k for k, t in enumerate(years) if t in inputs.result_targets]
        self.frame_cells = np.repeat(p.decided_mask[None, :], len(p.boards), axis=0).ravel()
        self.exempt_pos = [k for k, t in enumerate(years) if inputs.exempt.get(t, 0.0) > 0]
        deadlines = set(inputs.deadline_years) if inputs.balance_law else set()
        self.deadline_pos = [k for k, t in enumerate(years) if t in deadlines]
        self.milestone_pos = [k for k, t in enumerate(years) if t in inputs.milestones]
        bpos = {b: i for i, b in enumerate(p.boards)}
        limited = {bpos[b] for b in inputs.pace if b in bpos}
        cells = sorted(
            {(b, s) for b, s in zip(p.col_board.tolist(), p.col_start.tolist(), strict=True)}
            & {(b, s) for b in limited for s in range(nT)}
        )
        self.pace_board = np.array([b for b, _ in cells], dtype=np.int64)
        self.pace_start = np.array([s for _, s in cells], dtype=np.int64)
        cell_set = set(cells)
        self.pace_terms = sum(
            1
            for cell in zip(p.col_board.tolist(), p.col_start.tolist(), strict=True)
            if cell in cell_set
        )
        self.freeze_rows = len(inputs.cost_freeze)
        col_category = np.array([p.categories[a] for a in p.col_action], dtype=object)
        self.category_keys = sorted(inputs.category_targets)
        self.category_js = []
        for c, t in self.category_keys:
            k = years.index(t)
            self.category_js.append(
                (np.nonzero((col_category == c) & self.effect_mask[:, k])[0], k)
            )
        self.invest_keys = sorted(inputs.investment_room)
        pos = [years.index(t) for t in self.invest_keys]
        self.invest_mask = np.isin(p.col_start, pos)
        self.floor_keys = sorted(inputs.priorities.floors)
        flow = p.dep - p.capex[:, None] * (np.arange(nT)[None, :] == p.col_start[:, None])
        self.flow_mask = flow != 0
        self.flow_jj, self.flow_tt = np.nonzero(flow)
        shared = [i for i, b in enumerate(p.boards) if b not in inputs.priorities.protected_boards]
        self.share_boards = np.array(shared, dtype=np.int64)
        self.share_js = np.nonzero(np.isin(p.col_board, shared) & self.effect_mask[:, -1])[0]

    def assemble(self, inputs: Inputs, p: Params) -> Model | None:
        """The model of ``inputs`` (with ``params`` ``p``), or None when its structure differs."""
        if not self.ok or _shape(inputs) != self.shape or not self._same_pattern(p):
            return None
        raw = np.concatenate([vals for _, vals in self._raw_values(inputs, p)])
        if not np.array_equal(raw != 0.0, self.keep):
            return None
        values = raw[self.keep]
        t = self.lp
        col_lb, col_ub, row_lb, row_ub = (a.copy() for a in self.bounds)
        if len(self.loans):
            col_ub[self.loans] = inputs.liquidity.loan_cap
        for family, (lb, ub) in self._row_bounds(inputs, p).items():
            start = self.row_start.get(family, 0)
            rows = slice(start, start + self.row_count.get(family, 0))
            row_lb[rows], row_ub[rows] = lb, ub  # numpy broadcasts a scalar bound
        lp = LinearProgram(
            col_family=t.col_family,
            col_key=t.col_key,
            col_lb=[col_lb],
            col_ub=[col_ub],
            row_family=t.row_family,
            row_key=t.row_key,
            row_lb=[row_lb],
            row_ub=[row_ub],
            entries=[(self.entry_row, self.entry_col, values)],
            cols=t.cols,
            rows=t.rows,
            objectives=self._objectives(inputs, p),
        )
        return Model(inputs, p, lp, self.columns)

    def _same_pattern(self, p: Params) -> bool:
        """The same decision columns, and the nonzero patterns the entries came from."""
        t = self.params
        if (
            p.boards != t.boards
            or not np.array_equal(p.years, t.years)
            or not all(
                np.array_equal(getattr(p, name), getattr(t, name))
                for name in ("col_board", "col_action", "col_start", "col_pair")
            )
        ):
            return False
        flow = p.dep - p.capex[:, None] * self.first_year
        return (
            np.array_equal(p.cost != 0, self.cost_mask)
            and np.array_equal(p.effect != 0, self.effect_mask)
            and np.array_equal(flow != 0, self.flow_mask)
        )

    def _raw_values(self, inputs: Inputs, p: Params) -> list[tuple[str, np.ndarray]]:
        """Every ``add_rows`` call's entry values, in build order, before zeros are dropped."""
        nB, nT = len(p.boards), len(self.years)
        n, ones = nB * nT, np.ones
        cat = np.concatenate
        nf = self.row_count.get("frame", 0)
        out = [
            ("cost", cat([ones(n), -p.cost[self.cost_jj, self.cost_tt]])),
            ("frame", cat([ones(nf), -ones(nf)])),
        ]
        for family, pos, coverage in (
            ("result", self.result_pos, lambda k: [k]),
            ("milestone", self.milestone_pos, lambda k: list(range(k + 1))),
        ):
            terms = sum(nB * len(coverage(k)) for k in pos)
            out.append((family, cat([-ones(terms), ones(len(pos))])))
        if inputs.balance_law:  # exemption, no_deficit, deadline: +-1 entries (constraints_law)
            ne = len(self.exempt_pos)
            out.append(("exemption", ones(ne + nB * ne)))
            out.append(("no_deficit", cat([-ones(nB * nT), ones(nT)])))
            parts = []
            for y in self.deadline_pos:
                plain, held = deadline_split(inputs, self.years, self.exempt_pos, y)
                parts.append(cat([-ones(nB * len(plain)), ones(len(held) + 1)]))
            out.append(("deadline", cat(parts) if parts else np.zeros(0)))
        out += [
            ("potential", ones(len(p.col_board))),
            ("pace", ones(self.pace_terms)),
            ("freeze", ones(nB * self.freeze_rows)),
            ("category", self._category_values(p)),
            ("invest", p.capex[self.invest_mask]),
            ("floor", ones(len(self.floor_keys))),
        ]
        if inputs.liquidity is not None:
            flow = p.dep - p.capex[:, None] * self.first_year
            out.append(
                (
                    "cash",
                    cat(
                        [
                            ones(nT),
                            -ones(nT - 1),
                            ones(nB * nT),
                            -flow[self.flow_jj, self.flow_tt],
                            -ones(nT),
                        ]
                    ),
                )
            )
            out.append(("loans", cat([ones(nT), -ones(nT - 1), -ones(nT)])))
            out.append(("min_cash", ones(2 * nT)))
        if self.columns.z >= 0:
            values = cat([p.effect[self.share_js, -1], -p.base[self.share_boards, -1]])
            out.append(("max_share", values))
        return out

    def _category_values(self, p: Params) -> np.ndarray:
        parts = [np.concatenate([p.effect[js, k], [1.0]]) for js, k in self.category_js]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _row_bounds(self, inputs: Inputs, p: Params) -> dict[str, tuple]:
        """``(lb, ub)`` of every row family, as ``model/constraints.py`` sets them."""
        years = self.years
        adj = np.array([inputs.adjustments.get(t, 0.0) for t in years])
        known = inputs.balance_opening + np.cumsum(p.net_revenue + adj)
        pace = np.array([inputs.pace[p.boards[b]] for b in self.pace_board], dtype=float)
        n_rows = len(self.pace_board)
        out = {
            "cost": (p.base.ravel(), p.base.ravel()),
            "frame": (-INF, p.frame.ravel()[self.frame_cells]),
            "result": (
                np.array(
                    [inputs.result_targets[years[k]] - p.net_revenue[k] for k in self.result_pos]
                ),
                INF,
            ),
            "milestone": (
                np.array([inputs.milestones[years[k]] - known[k] for k in self.milestone_pos]),
                INF,
            ),
            "potential": (-INF, np.array([pot for _, _, pot in p.pairs], dtype=float)),
            "pace": (-INF, pace * p.base[self.pace_board, self.pace_start] if n_rows else []),
            "freeze": (-INF, np.full(self.freeze_rows, p.cost0.sum())),
            "category": (np.array([inputs.category_targets[k] for k in self.category_keys]), INF),
            "invest": (-INF, np.array([inputs.investment_room[t] for t in self.invest_keys])),
            "floor": (np.array([inputs.priorities.floors[k] for k in self.floor_keys]), INF),
        }
        if inputs.balance_law:
            known, exempt = known_bkr(p, inputs), exempt_vector(p, inputs)
            ex = self.exempt_pos
            out["exemption"] = (-INF, known[ex] + exempt[ex])
            out["no_deficit"] = (-known - exempt, INF)
            lb = [
                inputs.due_by(years[y])
                - sum(known[k] for k in deadline_split(inputs, years, self.exempt_pos, y)[0])
                for y in self.deadline_pos
            ]
            out["deadline"] = (np.array(lb, dtype=float), INF)
        liq = inputs.liquidity
        if liq is not None:
            rhs = p.net_revenue + np.array(
                [liq.depreciation.get(t, 0.0) - liq.investments.get(t, 0.0) for t in years]
            )
            rhs[0] += liq.opening_cash
            loans = np.zeros(len(years))
            loans[0] = liq.opening_loans
            out.update(cash=(rhs, rhs), loans=(loans, loans), min_cash=(liq.min_cash, INF))
        if self.columns.z >= 0:
            out["max_share"] = (-INF, 0.0)
        return out

    def _objectives(self, inputs: Inputs, p: Params) -> dict[str, np.ndarray]:
        """The objective vectors of ``model/objective.py``."""
        t, v = self.lp, self.columns
        n = t.num_cols
        vectors = {name: np.zeros(n) for name in t.objectives if not name.startswith("shortfall")}
        weights = tuple(inputs.shortfall_weights.get(k, 1.0) for k in SLACK_FAMILIES.values())
        if self._shortfall is None or self._shortfall[0] != weights:
            made: dict[str, np.ndarray] = {}
            for name in [k for k in t.objectives if k.startswith("shortfall")]:
                made[name] = np.zeros(n)
            for (family, kind), w in zip(SLACK_FAMILIES.items(), weights, strict=True):
                for name in ("shortfall", f"shortfall:{TIER_OF[kind]}"):
                    if name in made:
                        np.add.at(made[name], self.slack_cols[family], w)
            for vec in made.values():
                vec.flags.writeable = False  # shared by the runs' LPs
            self._shortfall = (weights, made)  # the same for every run with these weights
        vectors.update(self._shortfall[1])
        savings = p.effect.sum(axis=1)  # Params.savings
        horizon = savings + p.tail_years * p.effect[:, -1] if p.tail_years else savings
        np.add.at(vectors["min_impact"], v.x, p.weight * horizon)  # Params.impact
        np.add.at(vectors["min_savings"], v.x, horizon)
        if v.z >= 0:
            np.add.at(vectors["min_max_share"], np.array([v.z]), 1.0)
        np.add.at(vectors["tiebreak"], v.x, tiebreak(p))
        return vectors

    def _same_as_built(self, model: Model) -> bool:
        """Re-assembling the template's own scenario gives exactly ``build``'s arrays."""
        lp = model.lp
        if sum(len(e[2]) for e in lp.entries) != int(self.keep.sum()):
            return False
        again = self.assemble(model.inputs, model.params)
        if again is None:
            return False
        made = again.lp
        values = np.concatenate([e[2] for e in lp.entries]) if lp.entries else np.zeros(0)
        return (
            all(np.array_equal(a, b) for a, b in zip(lp.bounds(), made.bounds(), strict=True))
            and np.array_equal(values, made.entries[0][2])
            and set(lp.objectives) == set(made.objectives)
            and all(np.array_equal(lp.cost_vector(k), made.cost_vector(k)) for k in lp.objectives)
        )


def _shape(inputs: Inputs) -> tuple:
    """What decides the rows and columns beyond the decision columns (see ``ParamCache``)."""
    prio = inputs.priorities
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
        inputs.balance_law,
        tuple(inputs.deadline_years) if inputs.balance_law else (),
        tuple(sorted(t for t, e in inputs.exempt.items() if e > 0)) if inputs.balance_law else (),
        tuple(sorted(inputs.restored_exemptions().items())) if inputs.balance_law else (),
        inputs.decided_through,
    )


def _family_blocks(lp: LinearProgram) -> tuple[dict[str, int], dict[str, int]]:
    """The first row and the number of rows of each family (one contiguous block each)."""
    start: dict[str, int] = {}
    count: dict[str, int] = {}
    for r, family in enumerate(lp.row_family):
        if family in start and start[family] + count[family] != r:
            raise ValueError(f"the rows of {family} are not one block")
        start.setdefault(family, r)
        count[family] = count.get(family, 0) + 1
    return start, count
