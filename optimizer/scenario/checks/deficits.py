"""(v3) The law's ledger keys: ``balance.deficits`` and ``balance.exempt`` (MODEL.md 10.1).

Kommunallagen 11 kap.: a deficit is restored within the three following years, the
**statutory deadline** ``year + 3``. A later ``restore_by`` rests on the assembly's decision
under synnerliga skäl, given as free text in ``decision``; without one the scenario is refused,
naming the deficit, both years and what to add.

- ``deficits: [{year, amount, restore_by, decision}]``: ``year`` up to the base year,
  ``amount < 0``, ``restore_by`` (default the statutory deadline) from the first plan year on.
- ``exempt: {YEAR: amount}`` (version 2: allowed and not to be restored) or
  ``exempt: {YEAR: {amount, restore_by, decision}}``: the plan year's negative result up to
  ``amount`` is allowed and becomes a deficit due by ``restore_by`` (after ``YEAR``); without
  ``restore_by`` it is never restored, which needs ``decision`` in the mapping form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.scenario.checks.core import Ctx, Years, check_per_year
from optimizer.scenario.inputs import statutory_deadline
from optimizer.scenario.values import as_int

DEFICIT_KEYS = ("year", "amount", "restore_by", "decision")
EXEMPT_KEYS = ("amount", "restore_by", "decision")


@dataclass(frozen=True)
class Ledger:
    """The checked deficits and exemptions.

    ``deficits``: ``(year, amount < 0, restore_by)`` oldest first; ``exempt``: MSEK per plan
    year; ``exempt_restore_by``: the decided deadline of an exempted year's deficit (absent:
    not to be restored); ``decisions``: the assembly's decision by deficit year (opening
    deficits and exempted plan years share the key space: those are before, these in the plan).
    """

    deficits: tuple[tuple[int, float, int], ...] = ()
    exempt: dict[int, float] = field(default_factory=dict)
    exempt_restore_by: dict[int, int] = field(default_factory=dict)
    decisions: dict[int, str] = field(default_factory=dict)


def check_ledger(ctx: Ctx, years: Years, raw: dict) -> Ledger:
    """``balance.deficits`` and ``balance.exempt`` (see the module doc)."""
    decisions: dict[int, str] = {}
    deficits = _check_deficits(ctx, years, raw.get("deficits"), decisions)
    exempt, restore_by = _check_exempt(ctx, years, raw.get("exempt"), decisions)
    return Ledger(deficits, exempt, restore_by, decisions)


def _decision(ctx: Ctx, path: tuple, value: object) -> str:
    """A decision: non-empty text (``"RF 2024-11-26 § 180"``); ``""`` when not given."""
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        ctx.bad(path, value, "the assembly's decision as text, e.g. \"RF 2024-11-26 § 180\"")
        return ""
    return value.strip()


FIRST_DEFICIT_YEAR = 2000  # the balance requirement (balanskravet) applies from 2000


def _needs_decision(ctx: Ctx, path: tuple, what: str, year: int, by: int) -> None:
    statutory = statutory_deadline(year)
    ctx.bad(path, by, f"at most {statutory}, the statutory deadline of {what} ({year} + 3), "
            f"or a decision: restoring by {by} instead of {statutory} rests on the assembly's "
            "decision under synnerliga skäl; add decision: \"RF ...\" to it")  # fmt: skip


def _check_deficits(
    ctx: Ctx, years: Years, raw: object, decisions: dict[int, str]
) -> tuple[tuple[int, float, int], ...]:
    """``balance.deficits``: ``[{year, amount, restore_by, decision}]``, oldest first."""
    path = ("balance", "deficits")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        ctx.bad(path, raw, "a list of {year, amount, restore_by, decision}")
        return ()
    found = []
    for i, item in enumerate(raw):
        where = path + (i,)
        if not isinstance(item, dict):
            ctx.bad(where, item, "a mapping {year, amount, restore_by, decision}")
            continue
        ctx.known_keys(where, item, DEFICIT_KEYS)
        year = as_int(item.get("year"))
        if year is None or year > years.base or year < FIRST_DEFICIT_YEAR:
            ctx.bad(where + ("year",), item.get("year"), f"a year from {FIRST_DEFICIT_YEAR} "
                    f"(the balance requirement's first year) up to the base year {years.base}")  # fmt: skip
            year = None
        amount = ctx.number(where + ("amount",), item.get("amount"), maximum=0)
        if amount == 0:  # documented < 0: a deficit of 0 is none, and a typo more likely
            ctx.bad(where + ("amount",), item.get("amount"), "a number < 0 (the deficit, MSEK)")
            amount = None
        decision = _decision(ctx, where + ("decision",), item.get("decision"))
        if year is None:
            continue
        raw_by = item.get("restore_by")
        by = statutory_deadline(year) if raw_by is None else as_int(raw_by)
        if by is None or by < years.first:
            given = raw_by if raw_by is not None else f"{by} (the statutory {year} + 3)"
            ctx.bad(where + ("restore_by",), given,
                    f"a year from the first plan year {years.first} on")  # fmt: skip
            continue
        if by > statutory_deadline(year) and not decision:
            _needs_decision(ctx, where + ("restore_by",), f"the {year} deficit", year, by)
            continue
        if amount is not None:
            found.append((year, amount, by))
            if decision:
                decisions[year] = decision
    return tuple(sorted(found))


def _check_exempt(
    ctx: Ctx, years: Years, raw: object, decisions: dict[int, str]
) -> tuple[dict[int, float], dict[int, int]]:
    """``balance.exempt``: ``{YEAR: amount}`` or ``{YEAR: {amount, restore_by, decision}}``."""
    path = ("balance", "exempt")
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):  # version 2: one amount for every plan year
        return check_per_year(ctx, path, raw, years, "given", minimum=0), {}
    exempt: dict[int, float] = {}
    restore_by: dict[int, int] = {}
    for key, item in raw.items():
        where = path + (key,)
        if not isinstance(item, dict):
            exempt.update(check_per_year(ctx, path, {key: item}, years, "given", minimum=0))
            continue
        year = ctx.year(where, key, years)
        ctx.known_keys(where, item, EXEMPT_KEYS)
        amount = ctx.number(where + ("amount",), item.get("amount"), minimum=0)
        decision = _decision(ctx, where + ("decision",), item.get("decision"))
        if year is None or amount is None:
            continue
        raw_by = item.get("restore_by")
        if raw_by is None:
            if not decision:
                ctx.bad(where, item, "restore_by (the year its deficit is restored by) or a "
                        "decision: a deficit never restored rests on the assembly's decision "
                        "under synnerliga skäl; add decision: \"RF ...\"")  # fmt: skip
                continue
        else:
            by = as_int(raw_by)
            if by is None or by <= year:
                ctx.bad(where + ("restore_by",), raw_by, f"a year after {year}")
                continue
            if by > statutory_deadline(year) and not decision:
                _needs_decision(ctx, where + ("restore_by",), f"the {year} deficit", year, by)
                continue
            restore_by[year] = by
        exempt[year] = amount
        if decision:
            decisions[year] = decision
    return dict(sorted(exempt.items())), dict(sorted(restore_by.items()))
