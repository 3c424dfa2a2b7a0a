"""Validation of section 9's keys (the financial core and realistic actions), into a
``FinancialCore``.

- ``economy.revenue: {base, real_growth, wage_elasticity}``: ``rev_growth[t] = real_growth[t] +
  wage_elasticity * wage[t]``; ``growth`` (version 1) wins in the years it gives;
- ``limits.liquidity.interest``/``cash_interest``: rates per year (carried forward, >= 0);
- ``groups``: a table ``{group, board, actions, pot}`` (``actions`` separated by ``;`` in a CSV,
  or a list inline), known board and actions, ``pot >= 0``, each group name once;
- ``economy.tax_rate: {rate, per_ore, max_ore, min_ore, earliest, weight}``: ``per_ore`` a
  number (MSEK per öre in the first plan year, growing with the taxed revenue: ``per_ore[t] =
  per_ore * rev[t] / rev[first]``) or per year (explicit, carried forward); (v3) without it,
  ``per_ore[t] = tax[t] / (100 * rate)`` (``rate`` in kronor per 100, e.g. 11.68, ``tax`` the
  tax part of the revenue); ``max_ore >= 0``; ``min_ore <= 0`` (default 0: a step down, a rise
  reversed); ``earliest`` a plan year (default the first); ``weight >= 0`` (default 1);
  ``priorities.protected.tax_rate: true`` forbids it;
- ``actions`` column ``realisation`` in [0, 1] (default 1);
- staff: ``boards`` columns ``fte0`` (>= 0) and ``cost_per_fte`` (> 0, MSEK per årsarbetare in
  the base year), ``actions`` column ``staff_share`` in [0, 1] (default 0); ``limits.attrition``
  a share in [0, 1] of ``fte0`` a year, for every board with staff data or ``{BOARD: share}``;
  a board it names needs both columns;
- ``actions`` column ``min_size`` (>= 0 MSEK/yr, default 0): taken at least this large, or not.
"""

from __future__ import annotations

from optimizer.scenario.checks.core import Ctx, Years, check_per_year, describe_number
from optimizer.scenario.financial_core import FinancialCore, Group, TaxRate
from optimizer.scenario.tables import Table
from optimizer.scenario.values import as_number, as_text, is_blank

REVENUE_KEYS = ("base", "growth", "real_growth", "wage_elasticity")
TAX_KEYS = ("rate", "per_ore", "max_ore", "min_ore", "earliest", "weight")
# column: (default, minimum, maximum); a default of None leaves the id out where blank
ACTION_COLUMNS = {
    "realisation": (1.0, 0.0, 1.0),
    "staff_share": (0.0, 0.0, 1.0),
    "min_size": (0.0, 0.0, None),
}
BOARD_COLUMNS = {"fte0": (None, 0.0, None), "cost_per_fte": (None, 1e-9, None)}


def revenue_growth(ctx: Ctx, years: Years, wage: dict[int, float]) -> dict[int, float] | None:
    """``rev_growth[t]``: ``growth[t]`` where given, else ``real_growth[t] + elasticity*wage[t]``.

    Without ``real_growth`` and ``wage_elasticity``, ``growth`` must give every year (carried
    forward from the first, as in version 1). ``wage_elasticity`` defaults to 1 where
    ``real_growth`` is given; ``real_growth`` defaults to 0 where only the elasticity is.
    ``None`` where the revenue is not given as ``{base, ...}``; ``{}`` after a problem.
    """
    path = ("economy", "revenue")
    raw = ctx.get(*path)
    if not (isinstance(raw, dict) and any(k in raw for k in REVENUE_KEYS)):
        return None  # a scalar or an explicit mapping per year: check_revenue's
    linked = raw.get("real_growth") is not None or raw.get("wage_elasticity") is not None
    if not linked:
        if raw.get("growth") is None:
            ctx.bad(path + ("growth",), None, "a growth rate (number or per year), or real_growth")
            return {}
        return check_per_year(ctx, path + ("growth",), raw["growth"], years, "carry", minimum=-1)
    real_raw = raw.get("real_growth", 0)
    real = check_per_year(ctx, path + ("real_growth",), real_raw, years, "carry", minimum=-1)
    elasticity = ctx.number(path + ("wage_elasticity",), raw.get("wage_elasticity", 1), minimum=0)
    given = {}
    if raw.get("growth") is not None:
        given = check_per_year(ctx, path + ("growth",), raw["growth"], years, "given", minimum=-1)
    if not real or elasticity is None or not wage:
        return {}
    return {t: given.get(t, real[t] + elasticity * wage[t]) for t in years.plan}


def check_financial_core(
    ctx: Ctx,
    years: Years,
    revenue: dict[int, float],
    boards: list[str],
    actions: list[str],
) -> FinancialCore:
    """Every key of section 9 that the scenario gives (all problems recorded in ``ctx``)."""
    interest, cash_interest = _interest(ctx, years)
    fte0 = _column(ctx, "boards", "fte0", boards, BOARD_COLUMNS)
    cost_per_fte = _column(ctx, "boards", "cost_per_fte", boards, BOARD_COLUMNS)
    return FinancialCore(
        interest=interest,
        cash_interest=cash_interest,
        groups=_groups(ctx, boards, actions),
        tax=_tax(ctx, years, revenue),
        tax_protected=_tax_protected(ctx),
        realisation=_action_column(ctx, "realisation", actions),
        staff_share=_action_column(ctx, "staff_share", actions),
        min_size=_action_column(ctx, "min_size", actions),
        fte0=fte0,
        cost_per_fte=cost_per_fte,
        attrition=_attrition(ctx, boards, [b for b in boards if b in fte0 and b in cost_per_fte]),
    )


def _interest(ctx: Ctx, years: Years) -> tuple[dict[int, float], dict[int, float]]:
    path = ("limits", "liquidity")
    raw = ctx.get(*path)
    out = []
    for key in ("interest", "cash_interest"):
        value = raw.get(key) if isinstance(raw, dict) else None
        out.append(
            {}
            if value is None
            else check_per_year(ctx, path + (key,), value, years, "carry", minimum=0)
        )
    return out[0], out[1]


def _groups(ctx: Ctx, boards: list[str], actions: list[str]) -> tuple[Group, ...]:
    """``groups``: one ``Group`` per valid row (see the module doc)."""
    t = ctx.get("groups")
    if not isinstance(t, Table):
        return ()
    for column in ("group", "board", "actions", "pot"):
        if column not in t.columns:
            ctx.bad(("groups",), t.columns, f"a column '{column}' in {t.file}")
            return ()
    found: list[Group] = []
    seen: dict[str, str] = {}
    for row in t.rows:
        name = as_text(row.values.get("group"))
        if name is None:
            ctx.bad_cell(row, "group", row.values.get("group"), "a group name (not empty)")
        elif name in seen:
            ctx.bad_cell(row, "group", name, f"a unique group name (already at {seen[name]})")
            name = None
        board = as_text(row.values.get("board"))
        if board is None or (boards and board not in boards):
            ctx.bad_cell(
                row, "board", row.values.get("board"), f"a known board id ({', '.join(boards)})"
            )
            board = None
        members = _members(ctx, row, actions)
        pot = as_number(row.values.get("pot"))
        if pot is None or pot < 0:
            ctx.bad_cell(row, "pot", row.values.get("pot"), describe_number(0, None))
            pot = None
        if name is not None:
            seen[name] = row.where
        if None not in (name, board, members, pot):
            found.append(Group(name, board, members, pot))  # type: ignore[arg-type]
    return tuple(found)


def _members(ctx: Ctx, row, actions: list[str]) -> tuple[str, ...] | None:
    raw = row.values.get("actions")
    items = raw if isinstance(raw, list) else str(raw or "").split(";")
    names = [str(a).strip() for a in items if str(a).strip()]
    expected = f"known action ids separated by ';' ({', '.join(actions)})"
    if len(names) < 1 or (actions and any(a not in actions for a in names)):
        ctx.bad_cell(row, "actions", raw, expected)
        return None
    if len(set(names)) != len(names):
        ctx.bad_cell(row, "actions", raw, "each action once")
        return None
    return tuple(names)


def _tax(ctx: Ctx, years: Years, revenue: dict[int, float]) -> TaxRate | None:
    """``economy.tax_rate`` (see the module doc); ``revenue``: the taxed part (v3: the tax part
    of a two-part revenue), from which ``per_ore[t] = revenue[t] / (100 * rate)`` where
    ``per_ore`` is not given."""
    path = ("economy", "tax_rate")
    raw = ctx.get(*path)
    if raw is None or ctx.mapping(path, raw, f"a mapping {{{', '.join(TAX_KEYS)}}}") is None:
        return None
    ctx.known_keys(path, raw, TAX_KEYS)
    if "max_ore" not in raw:
        ctx.bad(path + ("max_ore",), None, "a number (the tax lever needs max_ore)")
    if "per_ore" not in raw and "rate" not in raw:
        ctx.bad(path + ("per_ore",), None, "a number, or the rate (kronor per 100) to derive it "
                "from the tax revenue")  # fmt: skip
    rate = None
    if raw.get("rate") is not None:
        rate = ctx.number(path + ("rate",), raw["rate"], minimum=0.01, maximum=100)
    per_raw = raw.get("per_ore")
    per_ore: dict[int, float] = {}
    if per_raw is None and rate is not None:
        per_ore = {t: revenue[t] / (100.0 * rate) for t in years.plan if t in revenue}
    elif isinstance(per_raw, dict):
        per_ore = check_per_year(ctx, path + ("per_ore",), per_raw, years, "carry", minimum=0)
    elif per_raw is not None:
        level = ctx.number(path + ("per_ore",), per_raw, minimum=0)
        first = revenue.get(years.first)
        if level is not None and first:
            per_ore = {t: level * revenue[t] / first for t in years.plan}
    max_ore = (
        ctx.number(path + ("max_ore",), raw.get("max_ore"), minimum=0) if "max_ore" in raw else None
    )
    earliest = years.first
    if raw.get("earliest") is not None:
        earliest = ctx.year(path + ("earliest",), raw["earliest"], years) or years.first
    weight = ctx.number(path + ("weight",), raw.get("weight", 1), minimum=0)
    min_ore = ctx.number(path + ("min_ore",), raw.get("min_ore", 0), maximum=0)
    if not per_ore or max_ore is None or weight is None or min_ore is None:
        return None
    return TaxRate(per_ore, max_ore, earliest, weight, min_ore, rate)


def _tax_protected(ctx: Ctx) -> bool:
    path = ("priorities", "protected", "tax_rate")
    raw = ctx.get(*path)
    if raw is None:
        return False
    if not isinstance(raw, bool):
        ctx.bad(path, raw, "true or false")
        return False
    return raw


def _action_column(ctx: Ctx, column: str, actions: list[str]) -> dict[str, float]:
    """An optional numeric column of ``actions`` by action id (only the valid ids, all given)."""
    return _column(ctx, "actions", column, actions, ACTION_COLUMNS)


def _column(ctx: Ctx, name: str, column: str, ids: list[str], spec: dict) -> dict[str, float]:
    """An optional numeric column of table ``name`` by row id (valid ids only)."""
    t = ctx.get(name)
    if not isinstance(t, Table) or column not in t.columns:
        return {}
    default, minimum, maximum = spec[column]
    out = {}
    for row in t.rows:
        ident = as_text(row.values.get("id"))
        raw = row.values.get(column)
        if is_blank(raw) and default is None:
            continue
        value = default if is_blank(raw) else as_number(raw)
        if value is None or not (minimum <= value and (maximum is None or value <= maximum)):
            ctx.bad_cell(row, column, raw, describe_number(minimum, maximum))
            continue
        if ident in ids:
            out[ident] = value
    return out


def _attrition(ctx: Ctx, boards: list[str], staffed: list[str]) -> dict[str, float]:
    """``limits.attrition``: a share for every board with staff data (``staffed``), or
    ``{BOARD: share}``."""
    path = ("limits", "attrition")
    raw = ctx.get(*path)
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        share = ctx.number(path, raw, minimum=0, maximum=1)
        if share is not None and not staffed:
            ctx.bad(path, raw, "boards with fte0 and cost_per_fte in boards.csv (none has both)")
        return {} if share is None else dict.fromkeys(staffed, share)
    out = {}
    for board, value in raw.items():
        if str(board) not in boards:
            ctx.bad(path + (board,), board, f"a board id ({', '.join(boards)})")
            continue
        share = ctx.number(path + (board,), value, minimum=0, maximum=1)
        if share is None:
            continue
        if str(board) not in staffed:
            ctx.bad(path + (board,), board, "a board with fte0 and cost_per_fte in boards.csv")
            continue
        out[str(board)] = share
    return out
