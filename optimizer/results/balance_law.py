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

(v3, MODEL.md 10.1) An exempted year's covered part ``exempt_used`` becomes a deficit due by
its ``restore_by`` (``exempt_restore_by``), or never when it has none (status ``exempt``).
``ledger``: one row per deficit (``part``: opening, exempted, new) and plan year from its year
on: its
amount, statutory deadline (``year + 3``), decided deadline, decision, restored that year,
left, status (``restored``, ``open``, ``overdue``: left at the end of its decided deadline or
later; ``exempt``: never to be restored).

The LP's view (``lp_contribution``): a year's contribution to the ``deadline[y]`` row is
``BKR``, or in a *held* exempted year (its deficit not due by ``y``) ``min(BKR + exempt, 0)``
(concave, so an LP holds it): equal to the law's wherever the exempted year is in deficit,
never more (a surplus in an exempted year is not credited), so the LP is never optimistic
(docs/model.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from optimizer.scenario.inputs import statutory_deadline

TOL = 1e-6
COLUMNS = [
    "year", "result", "gains", "adjustments", "bkr", "exempt_used", "new_deficit", "restored",
    "deficit_left", "deficit_due", "deadline", "surplus_after_restoration",
]  # fmt: skip
LEDGER_COLUMNS = [
    "deficit_year", "part", "year", "amount", "statutory_deadline", "decided_deadline", "decision",
    "restored", "left", "status",
]  # fmt: skip


@dataclass(frozen=True)
class Rules:
    """The law's inputs: opening deficits ``(year, amount < 0, restore_by)``, per-year
    ``gains``, ``adjustments``, ``exempt``, ``restore_within``; (v3) ``exempt_restore_by``
    (an exempted year's deficit due by then; absent: never restored) and ``decisions`` (the
    assembly's decision by deficit year)."""

    deficits: tuple[tuple[int, float, int], ...]
    gains: dict[int, float]
    adjustments: dict[int, float]
    exempt: dict[int, float]
    restore_within: int
    exempt_restore_by: dict[int, int] = field(default_factory=dict)
    decisions: dict[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, inputs) -> Rules:
        return cls(
            tuple(inputs.deficits), dict(inputs.gains), dict(inputs.adjustments),
            dict(inputs.exempt), int(inputs.restore_within),
            dict(inputs.restored_exemptions()), dict(inputs.decisions),
        )  # fmt: skip

    def bkr(self, year: int, result: float) -> float:
        """``BKR[t] = R[t] - gains[t] + adj[t]``."""
        return result - self.gains.get(year, 0.0) + self.adjustments.get(year, 0.0)

    def held(self, year: int, row: int) -> bool:
        """An exempted ``year`` whose deficit is not due by ``row`` (constraints_law.py)."""
        exempt = self.exempt.get(year, 0.0) > 0
        return exempt and self.exempt_restore_by.get(year, row + 1) > row

    def lp_contribution(self, year: int, result: float, row: int) -> float:
        """The year's contribution to the LP's ``deadline[row]`` (see the module doc)."""
        bkr = self.bkr(year, result)
        return min(bkr + self.exempt[year], 0.0) if self.held(year, row) else bkr

    def due_by(self, year: int) -> float:
        """Opening deficits to restore by the end of ``year`` (positive MSEK)."""
        return float(sum(-amount for _, amount, by in self.deficits if by <= year))


def reconciliation(rules: Rules, results: dict[int, float]) -> pd.DataFrame:
    """The balanskravsutredning per plan year, by the law's rule (see the module doc).

    ``results``: ``{year: R[t]}`` for the plan years in order.
    """
    return _walk(rules, results)[0]


def ledger(rules: Rules, results: dict[int, float]) -> pd.DataFrame:
    """(v3, MODEL.md 10.1) ``ledger.csv``: one row per deficit and plan year from the deficit's
    year on (see ``LEDGER_COLUMNS``)."""
    return _walk(rules, results)[1]


def _walk(rules: Rules, results: dict[int, float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year-by-year walk behind ``reconciliation`` and ``ledger``: every deficit an
    ``_Deficit``, positive ``BKR`` restoring the open ones oldest first."""
    items = [
        _Deficit(y, -amount, statutory_deadline(y), by, rules.decisions.get(y, ""))
        for y, amount, by in sorted(rules.deficits) if amount < 0
    ]  # fmt: skip
    surplus = 0.0
    rows, book = [], []
    for t, result in results.items():
        bkr = rules.bkr(t, result)
        exempt = rules.exempt.get(t, 0.0)
        used = min(exempt, max(0.0, -bkr))
        new = max(0.0, -(bkr + exempt))
        restored_now: dict[int, float] = {}
        restored = 0.0
        if bkr > 0:
            left = bkr
            for i, item in enumerate(items):  # oldest first
                if item.restore_by is None:
                    continue
                take = min(left, item.left)
                item.left -= take
                left -= take
                restored += take
                restored_now[i] = take
            surplus += left
        decision = rules.decisions.get(t, "")
        if used > TOL:
            items.append(_Deficit(t, used, statutory_deadline(t),
                                  rules.exempt_restore_by.get(t), decision, "exempted"))  # fmt: skip
        if new > TOL:
            items.append(_Deficit(t, new, statutory_deadline(t), t + rules.restore_within, "", "new"))
        due = [item for item in items if item.restore_by is not None and item.left > TOL]
        rows.append(
            {
                "year": t, "result": result, "gains": rules.gains.get(t, 0.0),
                "adjustments": rules.adjustments.get(t, 0.0), "bkr": bkr, "exempt_used": used,
                "new_deficit": new, "restored": restored,
                "deficit_left": sum(item.left for item in due),
                "deficit_due": sum(item.left for item in due if item.restore_by <= t),
                "deadline": min((item.restore_by for item in due), default=None),
                "surplus_after_restoration": surplus,
            }
        )  # fmt: skip
        book += [item.row(t, restored_now.get(i, 0.0)) for i, item in enumerate(items)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["deadline"] = frame["deadline"].astype("Int64")
    table = pd.DataFrame(book, columns=LEDGER_COLUMNS)
    for column in ("deficit_year", "year", "statutory_deadline", "decided_deadline"):
        table[column] = table[column].astype("Int64")
    return frame, table


@dataclass
class _Deficit:
    """One deficit in the walk: ``left`` still to restore; ``restore_by`` None: never."""

    year: int
    amount: float
    statutory: int
    restore_by: int | None
    decision: str
    part: str = "opening"
    left: float = field(init=False)

    def __post_init__(self) -> None:
        self.left = self.amount if self.restore_by is not None else 0.0

    def row(self, year: int, restored: float) -> dict:
        """Its ``ledger`` row at the end of ``year``."""
        if self.restore_by is None:
            status = "exempt"
        elif self.left <= TOL:
            status = "restored"
        else:
            status = "overdue" if year >= self.restore_by else "open"
        return {
            "deficit_year": self.year, "part": self.part, "year": year, "amount": self.amount,
            "statutory_deadline": self.statutory, "decided_deadline": self.restore_by,
            "decision": self.decision, "restored": restored,
            "left": self.left if self.left > TOL else 0.0, "status": status,
        }  # fmt: skip


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
        value = sum(rules.lp_contribution(k, r, y) for k, r in results.items() if k <= y)
        due = rules.due_by(y)
        rows.append(("deadline", y, due, value, max(0.0, due - value)))
    return rows
