"""Converting one raw value (a YAML scalar or a CSV cell) to a typed one.

Each function returns ``None`` where the value does not convert, so the caller can name the
file, row or key in its message. Nothing here raises for a user's mistake.
"""

from __future__ import annotations

import math
import re

_INT = re.compile(r"[+-]?\d+")


def is_blank(value: object) -> bool:
    """True for an absent value: ``None`` or an empty (or all-space) string."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_number(value: object) -> float | None:
    """A finite float from an int, a float or a numeric string; ``None`` otherwise (also bools)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_int(value: object) -> int | None:
    """An int from an int or a string of digits (optionally signed); ``None`` otherwise.

    ``2025.0`` and ``"2025.0"`` are not integers here: a year or a life is written whole.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT.fullmatch(value.strip()):
        return int(value.strip())
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
