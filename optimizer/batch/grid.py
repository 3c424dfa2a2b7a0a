"""Grid specs of ``balansplan sweep --grid``: parsing, the Cartesian product, a snake order.

``--grid key.path=START:STOP:STEP`` gives ``START + i*STEP`` for ``i = 0..n-1`` with
``n = floor((STOP - START) / STEP) + 1``: STOP is included when the steps reach it. The
arithmetic is decimal (``0.03:0.05:0.005`` gives exactly 0.03, 0.035, ..., 0.05, never
0.045000000000000005). ``--grid key.path=v1,v2,...`` lists the values (``0,03``, a Swedish
decimal comma or the values 0 and 3, is refused as ambiguous). The key path is any
that ``--set`` takes: ``drivers.wage.2027``, ``economy.revenue.growth``, ``boards.HSN.cost0``.

Runs are numbered in product order (the last ``--grid`` varies fastest); they are solved in
snake order (a reflected mixed-radix Gray code), so that two consecutive runs differ in one
key by one step and each warm re-solve starts near its answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.values import MAX_MAGNITUDE

MAX_POINTS = 1_000_000
MIN_SIZE = "1e-12"
_NOT_SETTABLE = ("extends", "overrides", "uncertainty")


@dataclass(frozen=True)
class Axis:
    """One ``--grid``: the key path, its values as ``--set`` texts, and as floats."""

    key: str
    texts: tuple[str, ...]
    spec: str

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(float(t) for t in self.texts)


def parse_grid(spec: str) -> Axis | Problem:
    """``"drivers.wage=0.03:0.05:0.01"`` -> ``Axis``, or the ``Problem`` with it."""
    where = spec
    if "=" not in spec:
        return Problem("--grid", where, spec, "key.path=START:STOP:STEP or key.path=v1,v2,...")
    key, values = (part.strip() for part in spec.split("=", 1))
    problem = key_problem(key)
    if problem is not None:
        return Problem("--grid", where, key, problem)
    if ":" in values:
        found = _range(values)
    elif _decimal_comma(values):
        return Problem(
            "--grid",
            where,
            values,
            f"a decimal point ({values.replace(',', '.', 1)}): a Swedish decimal comma is not "
            f"read as a number; for the separate values write them with a space after each "
            f"comma ({', '.join(str(int(p)) for p in values.split(','))})",
        )
    else:
        found = [_decimal(v) for v in values.split(",")]
        if any(v is None for v in found):
            bad = next(v for v, d in zip(values.split(","), found, strict=True) if d is None)
            return Problem("--grid", where, bad.strip(), "a number (values v1,v2,... are numbers)")
    if isinstance(found, str):
        return Problem("--grid", where, values, found)
    wild = next((v for v in found if not _in_bounds(v)), None)  # type: ignore[union-attr]
    if wild is not None:
        expected = f"numbers of magnitude at most {MAX_MAGNITUDE:g} (or 0 or at least {MIN_SIZE})"
        return Problem("--grid", where, str(wild), expected)
    texts = tuple(_text(v) for v in found)  # type: ignore[arg-type]
    if len(set(texts)) != len(texts):
        return Problem("--grid", where, values, "values without repeats")
    return Axis(key, texts, spec)


def parse_grids(specs: Sequence[str]) -> list[Axis]:
    """Every ``--grid`` parsed; raises ``InputError`` listing every bad one (and repeated keys)."""
    axes, problems = [], []
    for spec in specs:
        found = parse_grid(spec)
        if isinstance(found, Problem):
            problems.append(found)
        elif any(a.key == found.key for a in axes):
            problems.append(Problem("--grid", spec, found.key, "each key in one --grid only"))
        else:
            axes.append(found)
    total = 1
    for axis in axes:
        total *= len(axis.texts)
    if total > MAX_POINTS and not problems:
        problems.append(Problem("--grid", " ".join(specs), total, f"at most {MAX_POINTS} runs"))
    if problems:
        raise InputError(problems)
    return axes


def key_problem(key: str) -> str | None:
    """What is wrong with a dotted key path (``None`` if nothing)."""
    segments = key.split(".")
    if not key or any(not s.strip() for s in segments):
        return "a dotted key path without empty parts, e.g. drivers.wage.2027"
    if segments[0] in _NOT_SETTABLE:
        return "a key path outside extends, overrides and uncertainty"
    return None


def _decimal_comma(values: str) -> bool:
    """``0,03`` or ``1,05``: a number with a Swedish decimal comma rather than a list.

    Ambiguous, so refused: two or more whole numbers joined by commas without spaces where a
    later one has a leading zero (``1,05``), or two where the first is 0 (``0,5``). A list
    with spaces (``0, 5``) or with decimal points (``0.0,5.0``) is a list."""
    parts = values.split(",")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return False
    leading_zero = any(len(p) > 1 and p[0] == "0" for p in parts[1:])
    return leading_zero or (len(parts) == 2 and parts[0] == "0")


def _in_bounds(value: Decimal) -> bool:
    """Within what a scenario's number may be (``values.MAX_MAGNITUDE``); a tiny non-zero value
    would be written with hundreds of digits, so it is refused too."""
    return value == 0 or Decimal(MIN_SIZE) <= abs(value) <= Decimal(MAX_MAGNITUDE)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _range(text: str) -> list[Decimal] | str:
    """The values of ``START:STOP:STEP``, or what was expected."""
    parts = text.split(":")
    expected = "START:STOP:STEP with three numbers, e.g. 0.03:0.05:0.005"
    if len(parts) != 3:
        return expected
    start, stop, step = (_decimal(p) for p in parts)
    if start is None or stop is None or step is None:
        return expected
    if step == 0:
        return "a STEP other than 0"
    if not all(_in_bounds(v) for v in (start, stop, step)):
        return f"START, STOP and STEP of magnitude at most {MAX_MAGNITUDE:g} (or 0 or at least {MIN_SIZE})"
    if (stop - start) * step < 0:
        return f"a STEP that goes from START towards STOP (STEP {'<' if stop < start else '>'} 0)"
    count = int((stop - start) / step) + 1
    if count > MAX_POINTS:
        return f"at most {MAX_POINTS} values"
    return [start + i * step for i in range(count)]


def _text(value: Decimal) -> str:
    """A decimal as ``--set`` writes it: plain notation (``1000``, ``0.035``), no exponent."""
    return format(value, "f")


def product_size(axes: Sequence[Axis]) -> int:
    """The number of runs of the grid."""
    total = 1
    for axis in axes:
        total *= len(axis.texts)
    return total


def cartesian(axes: Sequence[Axis]) -> list[tuple[int, ...]]:
    """Index tuples of every grid point in product order: run ``i`` is the ``i``-th."""
    return list(itertools.product(*(range(len(a.texts)) for a in axes)))


def snake_order(shape: Sequence[int]) -> list[int]:
    """Run ids (product order) in snake order: consecutive points differ by one step in one key.

    The reflected mixed-radix Gray code: along axis 0 in order; within each of its values the
    rest in snake order, reversed on every other value.
    """
    strides = [1] * len(shape)
    for d in range(len(shape) - 2, -1, -1):
        strides[d] = strides[d + 1] * shape[d + 1]

    def walk(d: int) -> list[int]:
        if d == len(shape):
            return [0]
        inner = walk(d + 1)
        out = []
        for i in range(shape[d]):
            seq = inner if i % 2 == 0 else inner[::-1]
            out.extend(i * strides[d] + r for r in seq)
        return out

    return walk(0)
