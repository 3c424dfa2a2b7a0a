"""Validation of a composed scenario's keys (docs/model.md), one ``check_*`` per rule.

Every check records its problems in a ``Ctx`` and returns what it could convert, so that all
problems of a stage are reported at once. Tables are ``checks/tables.py``'s, the priority set
``checks/priorities.py``'s; ``scenario/load.py`` runs them all and assembles the ``Inputs``.

Per-year values (a scalar applies to every plan year; a mapping ``{year: value}`` gives years):

- carried forward (``economy.grants/financial/central``, ``drivers.wage/price``, revenue
  growth): the mapping must give the first plan year; a year not given takes the value of the
  nearest earlier given year.
- zero-filled (``balance.adjustments``, liquidity ``investments/depreciation``): missing
  years are 0.
- given only (``targets.result``, ``targets.categories``, ``balance.milestones``,
  ``limits.investment``): only the years given.
- revenue: ``{base: V, growth: g}`` gives ``rev[first] = V*(1+g[first])`` and
  ``rev[t] = rev[t-1]*(1+g[t])``; an explicit mapping must cover every plan year.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.scenario.compose import Composed
from optimizer.scenario.inputs import OBJECTIVES, SHORTFALL_KINDS, Problem
from optimizer.scenario.tables import Row
from optimizer.scenario.values import MAX_MAGNITUDE, as_int, as_number, too_large

TOP_KEYS = (
    "name", "description", "years", "economy", "drivers", "index_effects", "boards", "frames",
    "actions", "potentials", "targets", "balance", "limits", "priorities", "objective",
    "shortfall_weights", "overrides", "extends", "uncertainty",
    "requirements", "tail_years", "frames_decided_through", "groups",
    "committed",
    "plausible_ranges",
)  # fmt: skip
LIQUIDITY_REQUIRED = ("opening_cash", "min_cash", "opening_loans", "loan_cap")


@dataclass(frozen=True)
class Years:
    """The plan's years: ``base = first - 1`` is the last year with an outcome."""

    base: int
    first: int
    last: int

    @property
    def plan(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def __str__(self) -> str:
        return f"{self.first}..{self.last}"


class Ctx:
    """The composed scenario being checked, and every problem found so far."""

    def __init__(self, comp: Composed):
        self.comp = comp
        self.problems: list[Problem] = []

    def get(self, *path):
        """The value at a key path, or ``None`` where any part is absent."""
        node = self.comp.data
        for key in path:
            if not isinstance(node, dict):
                return None
            node = node.get(key)
        return node

    def bad(self, path: tuple, value: object, expected: str) -> None:
        """Record a problem with the value at a key path."""
        file, where = self.comp.locate(tuple(path))
        self.problems.append(Problem(file, where, value, expected))

    def bad_cell(self, row: Row, column: str | None, value: object, expected: str) -> None:
        """Record a problem with one cell (or, for ``column=None``, a whole row) of a table."""
        file, where = row.locate(column)
        self.problems.append(Problem(file, where, value, expected))

    def number(
        self, path: tuple, value: object, minimum: float | None = None, maximum: float | None = None
    ) -> float | None:
        """``value`` as a float within the bounds, else a problem and ``None``."""
        number = as_number(value)
        if (
            number is None
            or (minimum is not None and number < minimum)
            or (maximum is not None and number > maximum)
        ):
            self.bad(path, value, expected_number(value, minimum, maximum))
            return None
        return number

    def year(self, path: tuple, value: object, years: Years, what: str = "") -> int | None:
        """``value`` as a plan year (ints or strings of digits), else a problem and ``None``."""
        year = as_int(value)
        if year is None or not years.first <= year <= years.last:
            self.bad(path, value, f"a plan year {years}{what}")
            return None
        return year

    def mapping(self, path: tuple, value: object, what: str = "a mapping") -> dict | None:
        """``value`` if a mapping, else a problem and ``None``."""
        if isinstance(value, dict):
            return value
        self.bad(path, value, what)
        return None

    def known_keys(self, path: tuple, mapping: dict, known: tuple[str, ...]) -> None:
        """A problem for each key of ``mapping`` not in ``known``."""
        for key in mapping:
            if key not in known:
                self.bad(path + (key,), key, f"one of the keys {', '.join(known)}")


def expected_number(value: object, minimum: float | None, maximum: float | None) -> str:
    """What a refused number was expected to be; a value too large to be an economy's says so."""
    text = describe_number(minimum, maximum)
    return f"{text} of magnitude at most {MAX_MAGNITUDE:g}" if too_large(value) else text


def describe_number(minimum: float | None, maximum: float | None) -> str:
    """``"a number"``, ``"a number >= 0"``, ``"a number in [0, 1]"``."""
    if minimum is not None and maximum is not None:
        return f"a number in [{minimum:g}, {maximum:g}]"
    if minimum is not None:
        return f"a number >= {minimum:g}"
    if maximum is not None:
        return f"a number <= {maximum:g}"
    return "a number"


def check_top_keys(ctx: Ctx) -> None:
    """Unknown top-level keys are errors (typos must not be silently ignored)."""
    ctx.known_keys((), ctx.comp.data, TOP_KEYS)


def check_years(ctx: Ctx) -> Years | None:
    """``years: {base, first, last}``: integers, ``first <= last``, ``base = first - 1``."""
    raw = ctx.get("years")
    if raw is None:
        ctx.bad(("years",), None, "years: {base, first, last}")
        return None
    if ctx.mapping(("years",), raw, "a mapping {base, first, last}") is None:
        return None
    ctx.known_keys(("years",), raw, ("base", "first", "last"))
    found = {}
    for key in ("first", "last"):
        found[key] = as_int(raw.get(key))
        if found[key] is None:
            ctx.bad(("years", key), raw.get(key), "an integer year")
    first, last = found["first"], found["last"]
    if "base" in raw:
        base = as_int(raw["base"])
        if base is None or (first is not None and base != first - 1):
            expected = "an integer year" if first is None else f"first - 1 = {first - 1}"
            ctx.bad(("years", "base"), raw["base"], expected)
    if first is None or last is None:
        return None
    if first > last:
        ctx.bad(("years", "last"), last, f"a year >= first ({first})")
        return None
    return Years(first - 1, first, last)


def check_per_year(
    ctx: Ctx,
    path: tuple,
    value: object,
    years: Years,
    fill: str,
    minimum: float | None = None,
) -> dict[int, float]:
    """A per-year value as ``{year: float}``; ``fill`` is ``carry``, ``zero``, ``given``, ``cover``.

    A scalar applies to every plan year. In a mapping each key must be a plan year and each
    value a number. ``carry`` needs the first plan year and fills later gaps with the nearest
    earlier given value; ``zero`` fills gaps with 0; ``given`` keeps only the given years;
    ``cover`` needs every plan year.
    """
    if not isinstance(value, dict):
        number = ctx.number(path, value, minimum)
        return {} if number is None else dict.fromkeys(years.plan, number)
    given: dict[int, float] = {}
    ok = True
    for key, item in value.items():
        year = ctx.year(path + (key,), key, years)
        number = ctx.number(path + (key,), item, minimum)
        ok = ok and year is not None and number is not None
        if year is not None and number is not None:
            given[year] = number
    if fill == "given":
        return dict(sorted(given.items()))
    if fill == "zero":
        return {t: given.get(t, 0.0) for t in years.plan}
    missing = [t for t in years.plan if t not in given]
    if fill == "cover" and missing and ok:
        ctx.bad(path, value, f"a value for every plan year (missing {missing})")
        return {}
    if fill == "carry" and years.first not in given and ok:
        expected = f"a value for the first plan year {years.first} (later gaps carry forward)"
        ctx.bad(path, value, expected)
        return {}
    filled, last = {}, None
    for t in years.plan:
        last = given.get(t, last)
        filled[t] = last
    return filled if ok else {}


def check_revenue(ctx: Ctx, years: Years, growth: dict[int, float] | None) -> dict[int, float]:
    """``economy.revenue``: ``{base: V, growth: g}``, an explicit per-year mapping, or a scalar.

    ``rev[first] = V*(1+g[first])``, ``rev[t] = rev[t-1]*(1+g[t])``; an explicit mapping
    must cover every plan year. ``growth``: the growth per year of a ``{base, ...}`` mapping
    as ``checks/financial.revenue_growth`` found it (``{}`` after a problem).
    """
    path = ("economy", "revenue")
    raw = ctx.get(*path)
    if raw is None:
        ctx.bad(path, None, "{base: V, growth: g}, a value per plan year, or a number")
        return {}
    if growth is None:
        return check_per_year(ctx, path, raw, years, "cover")
    given = {k: v for k, v in raw.items() if v is not None}  # (v3) tax/grants: null removed
    ctx.known_keys(path, given, ("base", "growth", "real_growth", "wage_elasticity"))
    base = ctx.number(path + ("base",), raw.get("base"))
    if base is None or not growth:
        return {}
    revenue, level = {}, base
    for t in years.plan:
        level *= 1.0 + growth[t]
        revenue[t] = level
    return revenue


def check_economy(
    ctx: Ctx,
    years: Years,
    growth: dict[int, float] | None = None,
    revenue: dict[int, float] | None = None,
) -> dict[str, dict[int, float]]:
    """``economy``: revenue, and grants/financial/central (carried forward, default 0).

    ``growth``: the revenue's growth per year where it is given as ``{base, ...}``;
    ``revenue``: (v3) the revenue already found from its two parts (``checks/revenue.py``).
    """
    raw = ctx.get("economy")
    if raw is None or ctx.mapping(("economy",), raw) is None:
        if raw is None:
            ctx.bad(("economy",), None, "economy: {revenue, grants, financial, central}")
        return {}
    known = ("revenue", "grants", "financial", "central", "tax_rate", "population")
    ctx.known_keys(("economy",), raw, known)
    out = {"revenue": revenue if revenue is not None else check_revenue(ctx, years, growth)}
    for key in ("grants", "financial", "central"):
        value = 0 if raw.get(key) is None else raw[key]
        out[key] = check_per_year(ctx, ("economy", key), value, years, "carry")
    return out


def check_drivers(ctx: Ctx, years: Years) -> dict[str, dict[int, float]]:
    """``drivers.wage/price``: rates per year (carried forward, default 0, above -1)."""
    raw = ctx.get("drivers")
    raw = {} if raw is None else raw
    if ctx.mapping(("drivers",), raw) is None:
        return {}
    ctx.known_keys(("drivers",), raw, ("wage", "price", "volume"))
    rates = {key: 0 if raw.get(key) is None else raw[key] for key in ("wage", "price")}
    return {
        key: check_per_year(ctx, ("drivers", key), value, years, "carry", minimum=-1)
        for key, value in rates.items()
    }


def check_volume(ctx: Ctx, years: Years, column: dict[str, float]) -> dict[tuple[str, int], float]:
    """``volume[b,t]``: the boards column for every year, overridden by ``drivers.volume``.

    ``drivers.volume: {BOARD: scalar or {year: v}}``; in a mapping a year not given takes the
    nearest earlier given value, and years before the first given one the column's value.
    """
    volume = {(b, t): v for b, v in column.items() for t in years.plan}
    raw = ctx.get("drivers", "volume")
    path = ("drivers", "volume")
    if raw is None or ctx.mapping(path, raw, "a mapping {BOARD: rate or {year: rate}}") is None:
        return volume
    for board, value in raw.items():
        if str(board) not in column:
            ctx.bad(path + (board,), board, f"a board id ({', '.join(column)})")
            continue
        if not isinstance(value, dict):
            rate = ctx.number(path + (board,), value, minimum=-1)
            value = {} if rate is None else {years.first: rate}
        given = check_per_year(ctx, path + (board,), value, years, "given", minimum=-1)
        last = column[str(board)]
        for t in years.plan:
            last = given.get(t, last)
            volume[(str(board), t)] = last
    return volume


def check_flag(ctx: Ctx, key: str, default: bool) -> bool:
    """A true/false key, e.g. ``index_effects`` (default true)."""
    raw = ctx.get(key)
    if raw is None:
        return default
    if not isinstance(raw, bool):
        ctx.bad((key,), raw, "true or false")
        return default
    return raw


def check_objective(ctx: Ctx) -> str:
    """``objective``: one of ``OBJECTIVES`` (default ``min_impact``).

    A priority set's own ``objective`` (e.g. ``equal-burden``: ``min_max_share``) replaces the
    scenario's, unless ``--set objective=...`` gave the scenario's (``--set`` comes last).
    """
    path: tuple = ("objective",)
    raw = ctx.get("objective")
    own = ctx.get("priorities", "objective")
    if own is not None and not ctx.comp.origin(path).file.startswith("--set "):
        path, raw = ("priorities", "objective"), own
    if raw is None:
        return OBJECTIVES[0]
    if raw not in OBJECTIVES:
        ctx.bad(path, raw, f"one of {', '.join(OBJECTIVES)}")
        return OBJECTIVES[0]
    return raw


def check_shortfall_weights(ctx: Ctx) -> dict[str, float]:
    """``shortfall_weights``: known kinds only, weights >= 0, each kind 1 where not given."""
    weights = dict.fromkeys(SHORTFALL_KINDS, 1.0)
    raw = ctx.get("shortfall_weights")
    path = ("shortfall_weights",)
    if raw is None or ctx.mapping(path, raw) is None:
        return weights
    ctx.known_keys(path, raw, SHORTFALL_KINDS)
    for kind in SHORTFALL_KINDS:
        if kind in raw:
            value = ctx.number(path + (kind,), raw[kind], minimum=0)
            weights[kind] = weights[kind] if value is None else value
    return weights


def check_name(ctx: Ctx, default: str) -> str:
    """``name``: text (default: the scenario's folder or file name)."""
    raw = ctx.get("name")
    if raw is None:
        return default
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        ctx.bad(("name",), raw, "a text")
        return default
    return str(raw)
