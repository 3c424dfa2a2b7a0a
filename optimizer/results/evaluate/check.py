"""The evaluator's bookkeeping: violations, the tolerance rules, and table-by-table comparison.

An equality holds when ``|got - expected| <= tol*max(1, |expected|)`` (two NaNs are equal, one
NaN is not); an inequality row ``lhs <= rhs`` is violated when ``lhs - rhs > tol*max(1, |rhs|)``
or ``lhs`` is NaN (``>=`` mirrored). Every rule exists twice: for one number (``eq``, ``le``,
``ge``) and for whole arrays (``eq_all``, ``le_all``, ``ge_all``, giving a :class:`Check`
whose ``failed`` mask :meth:`Checker.report` turns into violations, key by key in order).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Violation:
    """One failed check: which (``check``), where (the row's key), and the two numbers."""

    check: str
    where: str
    expected: float
    got: float

    def __str__(self) -> str:
        return f"{self.check}[{self.where}]: expected {self.expected:.10g}, got {self.got:.10g}"


class EvaluationError(Exception):
    """A solve's tables disagree with the model: carries every :class:`Violation` found."""

    def __init__(self, violations: list[Violation]):
        self.violations = list(violations)
        shown = "\n".join(str(v) for v in self.violations[:30])
        more = len(self.violations) - 30
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.violations)} violation(s) of the model:\n{shown}{tail}")


@dataclass(frozen=True)
class Check:
    """One named check over ``n`` keys: the two numbers of each and which ones failed.

    The key reported for position ``i`` is ``keys[i]`` followed by ``suffix``.
    """

    name: str
    expected: np.ndarray
    got: np.ndarray
    failed: np.ndarray
    suffix: tuple = ()


def num(value: object) -> float:
    """``value`` as a float; NaN where it is not a number."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def nums(values: object, n: int | None = None) -> np.ndarray:
    """``values`` (a scalar, list, Series or array) as a float array; NaN where not a number."""
    if np.isscalar(values) or values is None:
        return np.full(n if n is not None else 1, num(values))
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
        return values.astype(float).ravel()
    series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
    return pd.to_numeric(series, errors="coerce").to_numpy(float).ravel()


def where(key: object) -> str:
    """A row's key as text: tuple parts joined by commas."""
    if isinstance(key, tuple):
        return ",".join(str(k) for k in key)
    return str(key)


@dataclass
class Checker:
    """Collects violations; ``eq``, ``le`` and ``ge`` apply the relative tolerance."""

    tol: float
    found: list[Violation] = field(default_factory=list)

    def add(self, check: str, key: object, expected: float, got: float) -> None:
        self.found.append(Violation(check, where(key), float(expected), float(got)))

    def eq(self, check: str, key: object, expected: float, got: float) -> None:
        """Equal within ``tol*max(1, |expected|)``; two NaNs are equal, one NaN is not."""
        e, g = num(expected), num(got)
        if math.isnan(e) and math.isnan(g):
            return
        if math.isnan(e) or math.isnan(g) or abs(g - e) > self.tol * max(1.0, abs(e)):
            self.add(check, key, e, g)

    def le(self, check: str, key: object, lhs: float, rhs: float) -> None:
        """The row ``lhs <= rhs`` (reported as expected = rhs, got = lhs)."""
        lhs, rhs = num(lhs), num(rhs)
        if math.isnan(lhs) or lhs - rhs > self.tol * max(1.0, abs(rhs)):
            self.add(check, key, rhs, lhs)

    def ge(self, check: str, key: object, lhs: float, rhs: float) -> None:
        """The row ``lhs >= rhs`` (reported as expected = rhs, got = lhs)."""
        lhs, rhs = num(lhs), num(rhs)
        if math.isnan(lhs) or rhs - lhs > self.tol * max(1.0, abs(rhs)):
            self.add(check, key, rhs, lhs)

    def eq_all(self, check: str, expected: object, got: object, suffix: tuple = ()) -> Check:
        """:meth:`eq` over arrays (scalars broadcast)."""
        e, g = np.broadcast_arrays(*_pair(expected, got))
        with np.errstate(invalid="ignore"):
            off = np.abs(g - e) > self.tol * np.maximum(1.0, np.abs(e))
        e_nan, g_nan = np.isnan(e), np.isnan(g)
        failed = ~(e_nan & g_nan) & (e_nan | g_nan | off)
        return Check(check, e, g, failed, suffix)

    def le_all(self, check: str, lhs: object, rhs: object, suffix: tuple = ()) -> Check:
        """:meth:`le` over arrays (scalars broadcast)."""
        lo, hi = np.broadcast_arrays(*_pair(lhs, rhs))
        with np.errstate(invalid="ignore"):
            failed = np.isnan(lo) | (lo - hi > self.tol * np.maximum(1.0, np.abs(hi)))
        return Check(check, hi, lo, failed, suffix)

    def ge_all(self, check: str, lhs: object, rhs: object, suffix: tuple = ()) -> Check:
        """:meth:`ge` over arrays (scalars broadcast)."""
        lo, hi = np.broadcast_arrays(*_pair(lhs, rhs))
        with np.errstate(invalid="ignore"):
            failed = np.isnan(lo) | (hi - lo > self.tol * np.maximum(1.0, np.abs(hi)))
        return Check(check, hi, lo, failed, suffix)

    def report(self, keys: Sequence, checks: Sequence[Check]) -> None:
        """Add every failure, key by key in the order of ``keys``, checks in the given order."""
        if not checks or not len(keys):
            return
        failed = np.logical_or.reduce([c.failed for c in checks])
        for i in np.flatnonzero(failed):
            key = keys[i]
            for c in checks:
                if c.failed[i]:
                    full = (*_as_tuple(key), *c.suffix) if c.suffix else key
                    self.add(c.name, full, c.expected[i], c.got[i])


def _pair(a: object, b: object) -> tuple[np.ndarray, np.ndarray]:
    """Two float arrays; a scalar takes the other's length."""
    n = None
    for v in (a, b):
        if not (np.isscalar(v) or v is None):
            n = len(v)  # type: ignore[arg-type]
    return nums(a, n), nums(b, n)


def _as_tuple(key: object) -> tuple:
    return key if isinstance(key, tuple) else (key,)


def _index(frame: pd.DataFrame, keys: list[str]) -> pd.Index:
    if len(keys) == 1:
        return pd.Index(frame[keys[0]])
    return pd.MultiIndex.from_frame(frame[keys])


def compare(
    chk: Checker, name: str, got: pd.DataFrame, want: pd.DataFrame, columns: list[str]
) -> None:
    """Cell by cell: every expected row present, no extra row with a non-zero value.

    Rows are matched on the key columns (``board``, ``action``, ``deficit_year``, ``part``,
    ``year`` where present);
    a repeated key is ``<name>.duplicate_row`` and only its first row is compared.
    """
    keys = [c for c in ("board", "action", "deficit_year", "part", "year") if c in want.columns]
    got = got.reindex(columns=list(dict.fromkeys(keys + columns)))
    got_ix = _index(got, keys)
    repeated = got_ix.duplicated()
    for key in got_ix[repeated].unique():
        chk.add(f"{name}.duplicate_row", key, float("nan"), float("nan"))
    got, got_ix = got[~repeated], got_ix[~repeated]
    want_ix = _index(want, keys)
    at = got_ix.get_indexer(want_ix)
    found = at >= 0
    checks = [
        Check(f"{name}.missing_row", nums(want[columns[0]]), np.full(len(at), np.nan), ~found)
    ]
    for col in columns:
        values = nums(got[col])[np.where(found, at, 0)] if len(got) else np.full(len(at), np.nan)
        cell = chk.eq_all(f"{name}.{col}", nums(want[col]), values)
        checks.append(Check(cell.name, cell.expected, cell.got, cell.failed & found))
    chk.report(want_ix, checks)
    extra = ~got_ix.isin(want_ix)
    if extra.any():
        values = got.loc[extra, columns].apply(pd.to_numeric, errors="coerce").fillna(0.0).abs()
        biggest = pd.Series(values.max(axis=1).to_numpy(float), index=got_ix[extra])
        biggest = biggest[(values > chk.tol).any(axis=1).to_numpy()]
        try:
            biggest = biggest.sort_index()
        except TypeError:
            pass
        for key, value in biggest.items():
            chk.add(f"{name}.extra_row", key, 0.0, value)
