"""The deficits after the closed years (MODEL.md 10.1 and 10.3), by the law's rule.

Start from the scenario's opening deficits ``{year, amount, restore_by[, decision]}``; for each
closed year ``t`` in order, with its realised balanskravsresultat ``BKR[t]``:

- ``BKR < 0``: the exemption (synnerliga skäl) covers ``used = min(exempt[t], -BKR)``; in the
  version-3 form ``{amount, restore_by, decision}`` that part is a deficit due by its
  ``restore_by``, in the version-2 form ``{t: amount}`` it is not to be restored. The rest,
  ``-BKR - used``, is a new deficit due by the outcome's decided ``restore_by`` (with its
  ``decision``) or else by ``t + restore_within`` (the statutory three years by default);
- ``BKR > 0``: restores the open deficits oldest first; what is left strengthens equity.

A deficit still open whose deadline has passed by the new first plan year is overdue: the next
round must restore it in its first year, so its ``restore_by`` becomes that year (``overdue``
records the deadline it missed).
"""

from __future__ import annotations

from dataclasses import dataclass

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
        out: dict = {"year": self.year, "amount": -round(self.amount, 6), "restore_by": self.restore_by}
        if self.decision:
            out["decision"] = self.decision
        return out


def opening_deficits(balance: dict) -> list[Deficit]:
    """The scenario's ``balance.deficits`` (raw YAML) as ``Deficit`` s, oldest first."""
    found = []
    for item in balance.get("deficits") or []:
        found.append(
            Deficit(
                int(item["year"]),
                -float(item["amount"]),
                int(item["restore_by"]),
                item.get("decision"),
            )
        )
    return sorted(found, key=lambda d: (d.year, d.restore_by))


def exemption(balance: dict, year: int) -> tuple[float, int | None, str | None]:
    """``(amount, restore_by or None, decision)`` of ``balance.exempt`` for ``year``."""
    raw = (balance.get("exempt") or {}).get(year)
    if raw is None:
        return 0.0, None, None
    if isinstance(raw, dict):
        by = raw.get("restore_by")
        return float(raw.get("amount", 0.0)), (None if by is None else int(by)), raw.get("decision")
    return float(raw), None, None


def roll_ledger(
    balance: dict,
    bkr: dict[int, float],
    decided: dict[int, tuple[int | None, str | None]],
    restore_within: int,
    first: int,
) -> tuple[list[Deficit], float, dict[int, float]]:
    """``(the open deficits, the surplus after restoration, restored by year)`` after ``bkr``.

    ``decided[t]``: the outcome's ``(restore_by, decision)`` for a new deficit of year ``t``.
    """
    open_ = opening_deficits(balance)
    surplus = 0.0
    restored: dict[int, float] = {}
    for t, value in bkr.items():
        if value < 0:
            amount, by, decision = exemption(balance, t)
            used = min(amount, -value)
            if used > TOL and by is not None:
                open_.append(Deficit(t, used, by, decision))
            new = -value - used
            if new > TOL:
                by, decision = decided.get(t, (None, None))
                open_.append(Deficit(t, new, by or t + restore_within, decision))
        else:
            left = value
            for d in open_:  # oldest first
                take = min(left, d.amount)
                d.amount -= take
                left -= take
            restored[t] = value - left
            surplus += left
        open_ = sorted((d for d in open_ if d.amount > TOL), key=lambda d: (d.year, d.restore_by))
    for d in open_:
        if d.restore_by < first:
            d.overdue, d.restore_by = d.restore_by, first
    return open_, surplus, restored
