"""(v2) The balance requirement as Kommunallagen 11 kap. reads it, from a plan's results alone.

Pure arithmetic on per-year numbers (no LP, no ``Params``), shared by the results tables and the
independent evaluator. Notation of docs/model.md:

- ``BKR[t] = R[t] - gains[t] + adj[t]`` (balanskravsresultat);
- ``exempt_used[t] = min(exempt[t], max(0, -BKR[t]))``: an exemption (synnerliga skäl) covers at
  most the year's deficit and never credits a surplus;
- ``new_deficit[t] = max(0, -(BKR[t] + exempt[t]))``, to be restored by ``t + restore_within``;
- a positive ``BKR[t]`` restores the deficits still open, oldest first (``restored[t]``); what is
  left over is the surplus after restoration (it strengthens equity, soliditet), not "balance";
- ``deficit_left[t]`` what is still to restore at the end of ``t``, ``deficit_due[t]`` the part
  of it whose deadline is ``t`` or earlier (overdue), ``deadline[t]`` the nearest deadline of what
  is left.

The LP's view (``lp_contribution``): a year's contribution to the ``deadline`` rows is ``BKR``,
or in an exempted year ``min(BKR + exempt, 0)`` (concave, so an LP holds it): equal to the law's
wherever the exempted year is in deficit, never more (a surplus in an exempted year is not
credited), so the LP is never optimistic (docs/model.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

TOL = 1e-6
COLUMNS = [
    "year", "result", "gains", "adjustments", "bkr", "exempt_used", "new_deficit", "restored",
    "deficit_left", "deficit_due", "deadline", "surplus_after_restoration",
]  # fmt: skip


@dataclass(frozen=True)
class Rules:
    """The law's inputs: opening deficits ``(year, amount < 0, restore_by)``, per-year
    ``gains``, ``adjustments``, ``exempt``, and ``restore_within``."""

    deficits: tuple[tuple[int, float, int], ...]
    gains: dict[int, float]
    adjustments: dict[int, float]
    exempt: dict[int, float]
    restore_within: int

    @classmethod
    def of(cls, inputs) -> Rules:
        return cls(
            tuple(inputs.deficits), dict(inputs.gains), dict(inputs.adjustments),
            dict(inputs.exempt), int(inputs.restore_within),
        )  # fmt: skip

    def bkr(self, year: int, result: float) -> float:
        """``BKR[t] = R[t] - gains[t] + adj[t]``."""
        return result - self.gains.get(year, 0.0) + self.adjustments.get(year, 0.0)

    def lp_contribution(self, year: int, result: float) -> float:
        """The year's contribution in the LP's ``deadline`` rows (see the module doc)."""
        bkr = self.bkr(year, result)
        exempt = self.exempt.get(year, 0.0)
        return min(bkr + exempt, 0.0) if exempt > 0 else bkr

    def due_by(self, year: int) -> float:
        """Opening deficits to restore by the end of ``year`` (positive MSEK)."""
        return float(sum(-amount for _, amount, by in self.deficits if by <= year))


def reconciliation(rules: Rules, results: dict[int, float]) -> pd.DataFrame:
    """The balanskravsutredning per plan year, by the law's rule (see the module doc).

    ``results``: ``{year: R[t]}`` for the plan years in order.
    """
    open_ = [[y, -amount, by] for y, amount, by in sorted(rules.deficits) if amount < 0]
    surplus = 0.0
    rows = []
    for t, result in results.items():
        bkr = rules.bkr(t, result)
        exempt = rules.exempt.get(t, 0.0)
        used = min(exempt, max(0.0, -bkr))
        new = max(0.0, -(bkr + exempt))
        restored = 0.0
        if bkr > 0:
            left = bkr
            for item in open_:  # oldest first
                take = min(left, item[1])
                item[1] -= take
                left -= take
                restored += take
            surplus += left
        if new > TOL:
            open_.append([t, new, t + rules.restore_within])
        open_ = [item for item in open_ if item[1] > TOL]
        rows.append(
            {
                "year": t, "result": result, "gains": rules.gains.get(t, 0.0),
                "adjustments": rules.adjustments.get(t, 0.0), "bkr": bkr, "exempt_used": used,
                "new_deficit": new, "restored": restored,
                "deficit_left": sum(item[1] for item in open_),
                "deficit_due": sum(item[1] for item in open_ if item[2] <= t),
                "deadline": min((item[2] for item in open_), default=None),
                "surplus_after_restoration": surplus,
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["deadline"] = frame["deadline"].astype("Int64")
    return frame


def law_shortfall(rules: Rules, results: dict[int, float], deadline_years: list[int]) -> list:
    """The LP view's shortfall rows ``(requirement, year, target, value, shortfall)``:

    - ``no_deficit[t]``: target 0, value ``BKR[t] + exempt[t]``;
    - ``deadline[y]``: target ``due(y)``, value ``sum_{k<=y}`` of the LP's contributions.
    """
    rows = []
    for t, result in results.items():
        value = rules.bkr(t, result) + rules.exempt.get(t, 0.0)
        rows.append(("no_deficit", t, 0.0, value, max(0.0, -value)))
    for y in deadline_years:
        value = sum(rules.lp_contribution(k, r) for k, r in results.items() if k <= y)
        due = rules.due_by(y)
        rows.append(("deadline", y, due, value, max(0.0, due - value)))
    return rows
