"""Validation of the region-level rules: ``targets``, ``balance`` and ``limits`` (docs/model.md 2, 5).

Each ``check_*`` records its problems in the ``Ctx`` and returns what it could convert.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from optimizer.scenario.checks.core import LIQUIDITY_REQUIRED, Ctx, Years, check_per_year
from optimizer.scenario.checks.deficits import check_ledger
from optimizer.scenario.inputs import Liquidity


def check_targets(
    ctx: Ctx, years: Years, categories: set[str], revenue: dict[int, float]
) -> tuple[dict[int, float], dict[tuple[str, int], float], dict[int, float]]:
    """``targets.result``, ``targets.result_share`` (v2) and ``targets.categories``.

    ``target[t]`` is ``result[t]``, or ``result_share[t] * rev[t]`` (a share of skatter och
    generella statsbidrag, in [-1, 1]), the larger where both are given for a year.
    ``targets.categories: {CATEGORY: {year: least effect}}``: the category must be one that
    some action has; only the years given. Returns ``(target, category targets, shares)``.
    """
    raw = ctx.get("targets")
    if raw is None or ctx.mapping(("targets",), raw) is None:
        return {}, {}, {}
    ctx.known_keys(("targets",), raw, ("result", "result_share", "categories"))
    result: dict[int, float] = {}
    if raw.get("result") is not None:
        result = check_per_year(ctx, ("targets", "result"), raw["result"], years, "given")
    shares: dict[int, float] = {}
    if raw.get("result_share") is not None:
        path = ("targets", "result_share")
        shares = check_per_year(ctx, path, raw["result_share"], years, "given", minimum=-1)
        for t, share in shares.items():
            if share > 1:
                ctx.bad(path + (t,), share, "a share in [-1, 1] (0.02 is 2 %)")
            elif t in revenue:
                result[t] = max(result.get(t, -float("inf")), share * revenue[t])
        result = dict(sorted(result.items()))
    cat_targets: dict[tuple[str, int], float] = {}
    path = ("targets", "categories")
    cats = raw.get("categories")
    if cats is None or ctx.mapping(path, cats, "a mapping {CATEGORY: {year: MSEK}}") is None:
        return result, cat_targets, shares
    for category, value in cats.items():
        if str(category) not in categories:
            known = ", ".join(sorted(categories))
            ctx.bad(path + (category,), category, f"a category some action has ({known})")
            continue
        per_year = check_per_year(ctx, path + (category,), value, years, "given")
        cat_targets.update({(str(category), t): v for t, v in per_year.items()})
    return result, cat_targets, shares


BALANCE_KEYS = (
    "opening", "adjustments", "milestones", "deficits", "exempt", "gains", "restore_within"
)  # fmt: skip
LAW_KEYS = ("deficits", "exempt", "restore_within")  # (v2) they bring the deadline/no_deficit rows


@dataclass(frozen=True)
class Balance:
    """The ``balance`` block, checked: version 1's keys and (v2) the law's."""

    opening: float
    adjustments: dict[int, float]
    milestones: dict[int, float]
    deficits: tuple[tuple[int, float, int], ...] = ()
    exempt: dict[int, float] = field(default_factory=dict)
    gains: dict[int, float] = field(default_factory=dict)
    restore_within: int = 3
    law: bool = False
    exempt_restore_by: dict[int, int] = field(default_factory=dict)  # (v3) MODEL.md 10.1
    decisions: dict[int, str] = field(default_factory=dict)  # (v3) by deficit year


def check_balance(ctx: Ctx, years: Years) -> Balance:
    """``balance``: version 1's ``opening`` (default 0), ``adjustments`` (missing years 0),
    ``milestones``; (v2) ``deficits``, ``exempt``, ``gains``, ``restore_within``.

    A milestone is a least accumulated balance at the end of a plan year; one before the
    first plan year (or after the last) is an error. ``deficits`` and ``exempt``: see
    ``checks/deficits.py`` (v3: statutory and decided deadlines); the opening balance is then
    the deficits' sum, so ``opening`` may not be given too. ``gains`` (per plan year, missing years 0); ``restore_within`` an
    integer >= 0 (default 3).
    """
    zero = dict.fromkeys(years.plan, 0.0)
    raw = ctx.get("balance")
    if raw is None or ctx.mapping(("balance",), raw) is None:
        return Balance(0.0, zero, {})
    ctx.known_keys(("balance",), raw, BALANCE_KEYS)
    opening = 0.0
    if raw.get("opening") is not None:
        opening = ctx.number(("balance", "opening"), raw["opening"]) or 0.0
    adjustments = zero
    if raw.get("adjustments") is not None:
        path = ("balance", "adjustments")
        adjustments = check_per_year(ctx, path, raw["adjustments"], years, "zero") or zero
    milestones: dict[int, float] = {}
    path = ("balance", "milestones")
    value = raw.get("milestones")
    if value is not None and ctx.mapping(path, value, "a mapping {year: least balance}"):
        for key, item in value.items():
            year = ctx.year(path + (key,), key, years, " (a milestone must fall in the plan)")
            number = ctx.number(path + (key,), item)
            if year is not None and number is not None:
                milestones[year] = number
    ledger = check_ledger(ctx, years, raw)
    deficits = ledger.deficits
    if deficits and raw.get("opening") is not None:
        ctx.bad(("balance", "opening"), raw["opening"], "no opening when deficits are given "
                "(the opening balance is the sum of the deficits)")
    if deficits:
        opening = float(sum(amount for _, amount, _ in deficits))
    gains = {}
    if raw.get("gains") is not None:
        gains = check_per_year(ctx, ("balance", "gains"), raw["gains"], years, "zero")
    within = 3
    if raw.get("restore_within") is not None:
        number = ctx.number(("balance", "restore_within"), raw["restore_within"], minimum=0)
        if number is not None and number != int(number):
            ctx.bad(("balance", "restore_within"), raw["restore_within"], "a whole number of years")
        within = 3 if number is None else int(number)
    law = any(raw.get(key) is not None for key in LAW_KEYS)
    if law and milestones:
        ctx.bad(("balance", "milestones"), raw["milestones"], "no milestones with the law's keys "
                "(deficits, exempt, restore_within): a deficit's restore_by is its milestone")
    return Balance(
        opening, adjustments, dict(sorted(milestones.items())), deficits, ledger.exempt, gains,
        within, law, ledger.exempt_restore_by, ledger.decisions,
    )  # fmt: skip


def check_limits(
    ctx: Ctx, years: Years, boards: list[str]
) -> tuple[dict[str, float], tuple[int, ...], dict[int, float], Liquidity | None]:
    """``limits``: ``pace``, ``cost_freeze``, ``investment``, ``liquidity`` (each optional)."""
    raw = ctx.get("limits")
    if raw is None or ctx.mapping(("limits",), raw) is None:
        return {}, (), {}, None
    known = ("pace", "cost_freeze", "investment", "liquidity", "attrition")  # attrition: sec. 9
    ctx.known_keys(("limits",), raw, known)
    investment = {}
    if raw.get("investment") is not None:
        path = ("limits", "investment")
        investment = check_per_year(ctx, path, raw["investment"], years, "given", minimum=0)
    return (
        check_pace(ctx, raw.get("pace"), boards),
        check_cost_freeze(ctx, raw.get("cost_freeze"), years),
        investment,
        check_liquidity(ctx, raw.get("liquidity"), years),
    )


def check_pace(ctx: Ctx, raw: object, boards: list[str]) -> dict[str, float]:
    """``limits.pace``: a share >= 0 for every board, or ``{BOARD: share}`` for those boards."""
    path = ("limits", "pace")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        share = ctx.number(path, raw, minimum=0)
        return {} if share is None else dict.fromkeys(boards, share)
    pace = {}
    for board, value in raw.items():
        if str(board) not in boards:
            ctx.bad(path + (board,), board, f"a board id ({', '.join(boards)})")
            continue
        share = ctx.number(path + (board,), value, minimum=0)
        if share is not None:
            pace[str(board)] = share
    return pace


def check_cost_freeze(ctx: Ctx, raw: object, years: Years) -> tuple[int, ...]:
    """``limits.cost_freeze``: a list of plan years (a single year is accepted)."""
    path = ("limits", "cost_freeze")
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    found = set()
    for i, item in enumerate(items):
        year = ctx.year(path + (i,) if isinstance(raw, list) else path, item, years)
        if year is not None:
            found.add(year)
    return tuple(sorted(found))


def check_liquidity(ctx: Ctx, raw: object, years: Years) -> Liquidity | None:
    """``limits.liquidity``: the four levels (``loan_cap >= 0``, ``opening_loans >= 0``) and
    ``investments``/``depreciation`` per year (missing years 0)."""
    path = ("limits", "liquidity")
    if raw is None or ctx.mapping(path, raw) is None:
        return None
    known = LIQUIDITY_REQUIRED + ("investments", "depreciation", "interest", "cash_interest")
    ctx.known_keys(path, raw, known)
    levels: dict[str, float | None] = {}
    for key in LIQUIDITY_REQUIRED:
        if key not in raw:
            needed = ", ".join(LIQUIDITY_REQUIRED)
            ctx.bad(path + (key,), None, f"a number (liquidity needs {needed})")
            levels[key] = None
            continue
        minimum = 0 if key in ("loan_cap", "opening_loans") else None
        levels[key] = ctx.number(path + (key,), raw[key], minimum=minimum)
    flows = {}
    for key in ("investments", "depreciation"):
        value = raw.get(key)
        zero = dict.fromkeys(years.plan, 0.0)
        flows[key] = (
            zero
            if value is None
            else (check_per_year(ctx, path + (key,), value, years, "zero", minimum=0) or zero)
        )
    if any(v is None for v in levels.values()):
        return None
    return Liquidity(
        opening_cash=levels["opening_cash"],  # type: ignore[arg-type]
        min_cash=levels["min_cash"],  # type: ignore[arg-type]
        opening_loans=levels["opening_loans"],  # type: ignore[arg-type]
        loan_cap=levels["loan_cap"],  # type: ignore[arg-type]
        investments=flows["investments"],
        depreciation=flows["depreciation"],
    )
