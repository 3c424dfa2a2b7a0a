"""Converting one raw value (a YAML scalar or a CSV cell) to a typed one.

Each function returns ``None`` where the value does not convert, so the caller can name the
file, row or key in its message. Nothing here raises for a user's mistake.

Every number a scenario gives is bounded: ``|x| <= MAX_MAGNITUDE`` (1e9 MSEK is ten times
Sweden's GDP; a rate, share or weight is far below). A number beyond it is refused like a
non-number, so that no value an LP solver reads as infinite (HiGHS: 1e20) or that overflows
in the model's arithmetic ever reaches the model (docs/robustness.md). Numeric strings are
ASCII only (``"5_580"``, ``"５５８０"`` and ``"1e400"`` are not numbers).
"""

from __future__ import annotations

import math
import re

MAX_MAGNITUDE = 1e9
_INT = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT = re.compile(
    r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:inf|infinity|nan)",
    re.ASCII | re.IGNORECASE,
)
_MAX_DIGITS = 40  # longer numeric strings are refused before any conversion


def is_digits(text: object) -> bool:
    """True for a string of ASCII digits (``"2025"``), not ``"²"`` or ``"٢٠٢٥"``."""
    return isinstance(text, str) and text.isascii() and text.isdigit()


def within_bounds(number: float) -> bool:
    """Finite and of magnitude at most ``MAX_MAGNITUDE``."""
    return math.isfinite(number) and abs(number) <= MAX_MAGNITUDE


def too_large(value: object) -> bool:
    """True when ``value`` is a number (or numeric text) beyond ``MAX_MAGNITUDE`` or infinite:
    the caller then says so rather than "not a number"."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) > MAX_MAGNITUDE
    if isinstance(value, float):
        return not math.isnan(value) and not within_bounds(value)
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 400 or not _FLOAT.fullmatch(text):
            return False
        try:
            number = float(text)
        except (ValueError, OverflowError):
            return False
        return not math.isnan(number) and not within_bounds(number)
    return False


def is_blank(value: object) -> bool:
    """True for an absent value: ``None`` or an empty (or all-space) string."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_number(value: object) -> float | None:
    """A float of magnitude at most ``MAX_MAGNITUDE`` from an int, a float or an ASCII numeric
    string; ``None`` otherwise (also bools, infinities, NaN, a 401-digit integer)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if abs(value) > MAX_MAGNITUDE:
            return None
        number = float(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if len(text) > _MAX_DIGITS or not _FLOAT.fullmatch(text):
            return None
        try:
            number = float(text)
        except (ValueError, OverflowError):
            return None
    else:
        return None
    return number if within_bounds(number) else None


def as_int(value: object) -> int | None:
    """An int from an int or a string of digits (optionally signed); ``None`` otherwise.

    ``2025.0`` and ``"2025.0"`` are not integers here: a year or a life is written whole.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) <= MAX_MAGNITUDE else None
    if isinstance(value, str) and len(value.strip()) <= _MAX_DIGITS and _INT.fullmatch(value.strip()):
        number = int(value.strip())
        return number if abs(number) <= MAX_MAGNITUDE else None
    return None


def as_ramp(value: object) -> tuple[float, ...] | None:
    """A ramp as a tuple of floats: a list of numbers, or a string ``"0.5;1.0"``.

    Returns ``None`` when it is empty or holds a non-number; the range [0, 1] is the caller's.
    """
    if isinstance(value, str):
        parts: list[object] = [p for p in value.split(";")]
        if parts and not parts[-1].strip() and len(parts) > 1:
            parts = parts[:-1]  # a trailing ';' is harmless
    elif isinstance(value, list | tuple):
        parts = list(value)
    elif as_number(value) is not None:
        parts = [value]
    else:
        return None
    numbers = [as_number(p) for p in parts]
    if not numbers or any(n is None for n in numbers):
        return None
    return tuple(float(n) for n in numbers)  # type: ignore[arg-type]


def as_text(value: object) -> str | None:
    """A non-empty stripped string from a string or a number; ``None`` for blanks and others."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    return None
