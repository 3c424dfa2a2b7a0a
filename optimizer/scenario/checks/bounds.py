"""Bounds on what a scenario's numbers compound to, checked before any model is built.

Every number a scenario gives is at most ``MAX_MAGNITUDE`` in size (``values.as_number``), the
horizon at most ``MAX_PLAN_YEARS`` years. Growth rates compound, so the checked numbers can
still grow beyond what a solver handles: a wage growth of 0.9 over 50 years is a factor 8e13;
a volume of -1 makes a board's cost 0 and every indexation ``cum[t]/cum[s]`` a division by
zero. This module checks the compounded paths (MODEL.md section 2):

- the cost index ``cum[b,t] = prod_{k<=t} (1 + g[b,k])`` with
  ``g[b,t] = pshare[b]*wage[t] + (1-pshare[b])*price[t] + volume[b,t]`` stays within
  ``[1/MAX_INDEX, MAX_INDEX]`` (so ``idx[b,s,t] = cum[b,t]/cum[b,s]`` is at most
  ``MAX_INDEX**2``);
- the baseline ``cost0[b]*cum[b,t]``, the uprated frames and the revenue path stay at most
  ``MAX_MAGNITUDE`` in size.

So every coefficient and bound of the linear program is at most about 1e12 in size (an
effect's ``ramp * idx``) and far below the 1e20 a solver reads as infinite, in the standard and
the fast path alike (both compose their inputs through ``scenario.build_inputs``).
"""

from __future__ import annotations

import math

from optimizer.scenario.checks.core import Ctx, Years
from optimizer.scenario.values import MAX_MAGNITUDE

MAX_INDEX = 1e6
MAX_PLAN_YEARS = 50
YEAR_RANGE = (1900, 2200)


def check_horizon(ctx: Ctx, years: Years) -> bool:
    """Plan years within ``YEAR_RANGE`` and at most ``MAX_PLAN_YEARS`` of them."""
    ok = True
    low, high = YEAR_RANGE
    for key, year in (("first", years.first), ("last", years.last)):
        if not low <= year <= high:
            ctx.bad(("years", key), year, f"a year in {low}..{high}")
            ok = False
    if ok and years.last - years.first + 1 > MAX_PLAN_YEARS:
        expected = f"at most {MAX_PLAN_YEARS} plan years (first is {years.first})"
        ctx.bad(("years", "last"), years.last, expected)
        ok = False
    return ok


def check_compounded(
    ctx: Ctx,
    years: Years,
    boards: dict[str, dict],
    rows: dict,
    frames: dict[tuple[str, int], float],
    economy: dict[str, dict[int, float]],
    drivers: dict[str, dict[int, float]],
    volume: dict[tuple[str, int], float],
) -> None:
    """A problem for each board whose cost index, baseline or frame leaves its bounds, and for
    a revenue path beyond ``MAX_MAGNITUDE``. Call only when the values themselves checked."""
    wage, price = drivers.get("wage", {}), drivers.get("price", {})
    for board, values in boards.items():
        if values.get("cost0") is None:
            continue
        pshare = values.get("pshare") or 0.0
        cum, frame = 1.0, values.get("frame0")
        for t in years.plan:
            g = pshare * wage.get(t, 0.0) + (1 - pshare) * price.get(t, 0.0)
            g += volume.get((board, t), 0.0)
            cum *= 1.0 + g
            if not 1 / MAX_INDEX <= cum <= MAX_INDEX:
                expected = (
                    f"a cost index (compounded wage, price and volume growth) within "
                    f"[{1 / MAX_INDEX:g}, {MAX_INDEX:g}] in every plan year"
                )
                _bad_board(ctx, rows, board, f"{cum:.4g} in {t}", expected)
                break
            if abs(values["cost0"] * cum) > MAX_MAGNITUDE:
                expected = f"a baseline cost of magnitude at most {MAX_MAGNITUDE:g} MSEK"
                _bad_board(ctx, rows, board, f"{values['cost0'] * cum:.4g} in {t}", expected)
                break
            frame = _next_frame(values, frames, board, t, years, frame, g)
            if frame is not None and not _bounded(frame):
                expected = f"an uprated frame of magnitude at most {MAX_MAGNITUDE:g} MSEK"
                _bad_board(ctx, rows, board, f"{frame:.4g} in {t}", expected)
                break
    revenue = economy.get("revenue", {})
    for t, level in revenue.items():
        if not _bounded(level):
            expected = f"a revenue of magnitude at most {MAX_MAGNITUDE:g} MSEK in every year"
            ctx.bad(("economy", "revenue"), f"{level:.4g} in {t}", expected)
            break


def _next_frame(values: dict, frames: dict, board: str, t: int, years: Years, frame, g: float):
    """``frame[b,t]`` as ``params`` computes it (explicit, else the previous one uprated)."""
    explicit = frames.get((board, t))
    if explicit is not None:
        return explicit
    if t == years.first or frame is None:
        return frame
    uprate = g if values.get("uprate_index") else (values.get("uprate") or 0.0)
    return frame * (1.0 + uprate)


def _bounded(number: float) -> bool:
    return math.isfinite(number) and abs(number) <= MAX_MAGNITUDE


def _bad_board(ctx: Ctx, rows: dict, board: str, value: str, expected: str) -> None:
    """A problem named at the board's row (where its cost0 and volume are written)."""
    text = f"{expected} (board {board}; see drivers.wage, drivers.price and volume)"
    row = rows.get(board)
    if row is None:
        ctx.bad(("boards", board), value, text)
    else:
        ctx.bad_cell(row, None, value, text)
