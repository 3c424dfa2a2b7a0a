"""Validation of the version-2 keys that shape the solve: ``requirements``, ``tail_years``,
``frames_decided_through`` (docs/model.md)."""

from __future__ import annotations

from optimizer.scenario.checks.core import Ctx, Years
from optimizer.scenario.inputs import DEFAULT_REQUIREMENTS, TIERS
from optimizer.scenario.values import as_int, as_number


def check_requirements(ctx: Ctx) -> tuple[tuple[str, ...], ...]:
    """``requirements``: the tiers ``law``, ``targets``, ``frames`` in the order they are solved,
    each exactly once; a list inside the list puts tiers in one stage (``[[law, targets,
    frames]]`` is version 1). Default ``[law, targets, frames]``."""
    raw = ctx.get("requirements")
    path = ("requirements",)
    expected = f"a list of the tiers {', '.join(TIERS)} (each once; a list inside merges tiers)"
    if raw is None:
        return DEFAULT_REQUIREMENTS
    if not isinstance(raw, list) or not raw:
        ctx.bad(path, raw, expected)
        return DEFAULT_REQUIREMENTS
    stages: list[tuple[str, ...]] = []
    seen: list[str] = []
    for i, item in enumerate(raw):
        names = item if isinstance(item, list) else [item]
        if not names or not all(isinstance(n, str) and n in TIERS for n in names):
            ctx.bad(path + (i,), item, f"a tier ({', '.join(TIERS)}) or a list of tiers")
            return DEFAULT_REQUIREMENTS
        stages.append(tuple(names))
        seen += names
    if sorted(seen) != sorted(TIERS):
        ctx.bad(path, raw, expected)
        return DEFAULT_REQUIREMENTS
    return tuple(stages)


def check_tail_years(ctx: Ctx) -> float:
    """``tail_years``: a number >= 0 (default 5; 0 is version 1)."""
    raw = ctx.get("tail_years")
    if raw is None:
        return 5.0
    value = ctx.number(("tail_years",), raw, minimum=0)
    return 5.0 if value is None else value


def check_frames_decided_through(ctx: Ctx, years: Years) -> int | None:
    """``frames_decided_through``: a year from the base year to the last plan year (the base
    year: every plan year's frame is proposed); default the last plan year (version 1)."""
    raw = ctx.get("frames_decided_through")
    if raw is None:
        return None
    year = as_int(raw)
    if year is None and (number := as_number(raw)) is not None and number == int(number):
        year = int(number)
    if year is None or not years.base <= year <= years.last:
        ctx.bad(("frames_decided_through",), raw, f"a year {years.base}..{years.last}")
        return None
    return year
