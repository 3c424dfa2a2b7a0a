"""The deficits after the closed years (MODEL.md 10.1 and 10.3): the law's ledger
(``results.balance_law.ledger``, one walk for the plan's tables and for the round) run over
the closed years' balanskravsresultat, read at the end of the last closed year.

Per the ledger: a negative ``BKR`` beyond its exemption is a new deficit due by ``t +
restore_within``, here unless the outcomes give its decided ``restore_by`` and ``decision``; an
exempted part with a ``restore_by`` is a deficit due then, one without is never restored; a
positive ``BKR`` restores the open deficits oldest first. A deficit still open whose deadline
has passed by the new first plan year is overdue: the next round must restore it in its first
year, so its ``restore_by`` becomes that year (``overdue`` records the deadline it missed).
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.results.balance_law import Rules, ledger
from optimizer.scenario.inputs import Inputs

TOL = 1e-6


@dataclass
class Deficit:
    """One deficit to restore: ``amount`` left (MSEK, > 0 here; the scenario writes it < 0)."""

    year: int
    amount: float
    restore_by: int
    decision: str | None = None
    overdue: int | None = None

    def record(self) -> dict:
        """The scenario's ``balance.deficits`` entry (MODEL.md 10.1)."""
        out: dict = {"year": self.year, "amount": -round(self.amount, 6),
                     "restore_by": self.restore_by}  # fmt: skip
        if self.decision:
            out["decision"] = self.decision
        return out


def roll_ledger(
    inputs: Inputs,
    bkr: dict[int, float],
    decided: dict[int, tuple[int | None, str | None]],
    first: int,
) -> list[Deficit]:
    """The deficits open at the end of the closed years ``bkr`` (their balanskravsresultat, in
    order), oldest first. ``decided[t]``: the outcome's ``(restore_by, decision)`` for a new
    deficit of year ``t``."""
    rules = Rules.of(inputs)
    results = {t: b + rules.gains.get(t, 0.0) - rules.adjustments.get(t, 0.0) for t, b in bkr.items()}
    book = ledger(rules, results)
    last = book[book["year"] == max(bkr)]
    found = []
    for r in last.itertuples(index=False):
        if r.status == "exempt" or r.left <= TOL:
            continue
        by, decision = int(r.decided_deadline), (r.decision or None)
        if r.part == "new":
            given_by, given_decision = decided.get(int(r.deficit_year), (None, None))
            by, decision = given_by or by, given_decision or decision
        found.append(Deficit(int(r.deficit_year), float(r.left), by, decision))
    for d in found:
        if d.restore_by < first:
            d.overdue, d.restore_by = d.restore_by, first
    return found
