"""(v3, MODEL.md 10.2) Revenue in two parts, and the population.

``economy.revenue: {tax: {base, real_growth, wage_elasticity, lag, past_wage, growth},
grants: {base, growth}}``:

- the tax part (skatteintäkter) follows the wage sum ``lag`` years later:
  ``g_tax[t] = real_growth[t] + wage_elasticity * wage[t - lag]`` (``growth[t]`` wins where
  given), ``tax[t] = tax[t-1] * (1 + g_tax[t])`` from ``tax[base] = base``; a year before the
  plan has the wage rate ``past_wage`` (default: the first plan year's);
- general grants and equalisation (generella statsbidrag och utjämning) their own growth:
  ``gen[t] = gen[t-1] * (1 + growth[t])`` (default 0);
- ``rev[t] = tax[t] + gen[t]``: skatter och generella statsbidrag, as in version 2.

``economy.population``: inhabitants (a number, or per year carried forward), for kronor per
inhabitant.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.scenario.checks.core import Ctx, Years, check_per_year
from optimizer.scenario.values import as_int

TAX_KEYS = ("base", "growth", "real_growth", "wage_elasticity", "lag", "past_wage")
GRANT_KEYS = ("base", "growth")


@dataclass(frozen=True)
class Revenue:
    """``total[t] = tax[t] + grants[t]`` per plan year (MSEK)."""

    total: dict[int, float]
    tax: dict[int, float]


def is_two_part(raw: object) -> bool:
    """The version-3 form: a mapping with ``tax`` or ``grants`` (``null``: removed, e.g. by an
    override that goes back to the version-2 form)."""
    return isinstance(raw, dict) and (raw.get("tax") is not None or raw.get("grants") is not None)


def check_two_part(ctx: Ctx, years: Years, wage: dict[int, float]) -> Revenue | None:
    """``economy.revenue`` in two parts (see the module doc); ``None`` after a problem."""
    path = ("economy", "revenue")
    raw = ctx.get(*path)
    ctx.known_keys(path, raw, ("tax", "grants"))
    tax, grants = raw.get("tax"), raw.get("grants")
    ok = True
    for key, value, keys in (("tax", tax, TAX_KEYS), ("grants", grants, GRANT_KEYS)):
        if ctx.mapping(path + (key,), value, f"a mapping {{{', '.join(keys)}}}") is None:
            ok = False
        else:
            ctx.known_keys(path + (key,), value, keys)
    if not ok:
        return None
    tax_growth = _tax_growth(ctx, years, tax, wage)
    grant_growth = check_per_year(ctx, path + ("grants", "growth"), grants.get("growth", 0),
                                  years, "carry", minimum=-1)  # fmt: skip
    tax_part = _grow(ctx, path + ("tax", "base"), tax.get("base"), tax_growth, years)
    gen = _grow(ctx, path + ("grants", "base"), grants.get("base"), grant_growth, years)
    if tax_part is None or gen is None:
        return None
    return Revenue({t: tax_part[t] + gen[t] for t in years.plan}, tax_part)


def _tax_growth(ctx: Ctx, years: Years, raw: dict, wage: dict[int, float]) -> dict[int, float]:
    path = ("economy", "revenue", "tax")
    linked = raw.get("real_growth") is not None or raw.get("wage_elasticity") is not None
    given = {}
    if raw.get("growth") is not None:
        fill = "given" if linked else "carry"
        given = check_per_year(ctx, path + ("growth",), raw["growth"], years, fill, minimum=-1)
    if not linked:
        if raw.get("growth") is None:
            ctx.bad(path + ("growth",), None, "a growth rate (number or per year), or real_growth")
        return given
    real = check_per_year(ctx, path + ("real_growth",), raw.get("real_growth", 0), years,
                          "carry", minimum=-1)  # fmt: skip
    elasticity = ctx.number(path + ("wage_elasticity",), raw.get("wage_elasticity", 1), minimum=0)
    lag = as_int(raw.get("lag", 0))
    if lag is None or lag < 0 or lag != raw.get("lag", 0):
        ctx.bad(path + ("lag",), raw.get("lag"), "a whole number of years >= 0")
        lag = None
    past = raw.get("past_wage", wage.get(years.first, 0.0))
    past_wage = ctx.number(path + ("past_wage",), past, minimum=-0.99)
    if not real or elasticity is None or lag is None or past_wage is None or not wage:
        return {}
    lagged = {t: wage[t - lag] if t - lag >= years.first else past_wage for t in years.plan}
    return {t: given.get(t, real[t] + elasticity * lagged[t]) for t in years.plan}


def _grow(
    ctx: Ctx, path: tuple, base: object, growth: dict[int, float], years: Years
) -> dict[int, float] | None:
    level = ctx.number(path, base, minimum=0)
    if level is None or not growth:
        return None
    out = {}
    for t in years.plan:
        level *= 1.0 + growth[t]
        out[t] = level
    return out


def check_population(ctx: Ctx, years: Years) -> dict[int, float]:
    """``economy.population``: inhabitants > 0, a number or per year (carried forward)."""
    raw = ctx.get("economy", "population")
    if raw is None:
        return {}
    found = check_per_year(ctx, ("economy", "population"), raw, years, "carry", minimum=1)
    return found
