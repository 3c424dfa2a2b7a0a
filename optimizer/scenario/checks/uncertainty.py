"""The ``uncertainty:`` block of a scenario: distributions of inputs for a Monte Carlo sweep.

```yaml
uncertainty:
  drivers.wage: {dist: normal, mean: 0.035, sd: 0.005}
  economy.revenue.growth: {dist: triangular, low: 0.015, mode: 0.03, high: 0.035}
  boards.HSN.cost0: {dist: uniform, low: 5500, high: 5700}
  limits.pace: {dist: lognormal, mean: 0.07, sigma: 0.1}
  correlation:
    - [drivers.wage, economy.revenue.growth, 0.5]
```

Each key is a dotted key path as ``--set`` takes it. Parameters:

- ``normal(mean, sd)``: ``sd > 0``;
- ``triangular(low, mode, high)``: ``low <= mode <= high``, ``low < high``;
- ``uniform(low, high)``: ``low < high``;
- ``lognormal(mean, sigma)``: ``X = exp(mu + sigma Z)`` with ``sigma > 0`` the standard
  deviation of ``log X`` and ``mean > 0`` the mean of ``X`` itself, so
  ``mu = log(mean) - sigma^2 / 2``.

``correlation`` lists ``[key, key, rho]`` with ``-1 < rho < 1`` between two declared keys: the
correlation of the normal scores of a Gaussian copula. The matrix they make (1 on the
diagonal, 0 where not given) must be positive definite.

Nothing here changes ``Inputs``: the block only describes how ``balansplan sweep --samples``
draws values (``optimizer/batch/sampling.py``). The loader checks it so that a bad block is
reported by ``validate`` as well.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.scenario.checks.core import Ctx
from optimizer.scenario.values import as_number

DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
    "lognormal": ("mean", "sigma"),
}
CORRELATION = "correlation"
_NOT_SETTABLE = ("extends", "overrides", "uncertainty")


@dataclass(frozen=True)
class Distribution:
    """One uncertain input: its key path, the distribution's name and parameters."""

    key: str
    dist: str
    params: dict[str, float]


@dataclass(frozen=True)
class Uncertainty:
    """The uncertain inputs in the order written, and the copula's correlation matrix."""

    inputs: tuple[Distribution, ...]
    correlation: np.ndarray

    @property
    def keys(self) -> list[str]:
        return [d.key for d in self.inputs]


def check_uncertainty(ctx: Ctx) -> Uncertainty | None:
    """Check the ``uncertainty`` block (module docstring); ``None`` when absent or bad."""
    raw = ctx.get("uncertainty")
    if raw is None:
        return None
    path = ("uncertainty",)
    if ctx.mapping(path, raw, "a mapping {key.path: {dist: ..., ...}, correlation: [...]}") is None:
        return None
    before = len(ctx.problems)
    inputs = []
    for key, spec in raw.items():
        if key == CORRELATION:
            continue
        found = _check_distribution(ctx, path + (key,), key, spec)
        if found is not None:
            inputs.append(found)
    keys = [d.key for d in inputs]
    matrix = _check_correlation(ctx, raw.get(CORRELATION), keys)
    if len(ctx.problems) > before:
        return None
    return Uncertainty(tuple(inputs), matrix)


def _check_distribution(ctx: Ctx, path: tuple, key: object, spec: object) -> Distribution | None:
    segments = str(key).split(".")
    if not isinstance(key, str) or any(not s.strip() for s in segments):
        ctx.bad(path, key, "a dotted key path of the scenario, e.g. drivers.wage.2027")
        return None
    if segments[0] in _NOT_SETTABLE:
        ctx.bad(path, key, "a key path outside extends, overrides and uncertainty")
        return None
    kinds = ", ".join(DISTRIBUTIONS)
    if ctx.mapping(path, spec, f"a mapping {{dist: {kinds}, and its parameters}}") is None:
        return None
    dist = spec.get("dist")
    if not isinstance(dist, str) or dist not in DISTRIBUTIONS:  # a list or mapping: unhashable
        ctx.bad(path + ("dist",), dist, f"one of {kinds}")
        return None
    names = DISTRIBUTIONS[dist]
    ctx.known_keys(path, spec, ("dist",) + names)
    params: dict[str, float] = {}
    for name in names:
        value = as_number(spec.get(name))
        if value is None:
            ctx.bad(path + (name,), spec.get(name), f"a number ({dist} needs {', '.join(names)})")
        else:
            params[name] = value
    if len(params) < len(names):
        return None
    problem = _parameter_problem(dist, params)
    if problem is not None:
        name, expected = problem
        ctx.bad(path + (name,), spec.get(name), expected)
        return None
    return Distribution(key, dist, params)


def _parameter_problem(dist: str, p: dict[str, float]) -> tuple[str, str] | None:
    """``(parameter, expected)`` for parameters that define no distribution, else ``None``."""
    if dist == "normal" and p["sd"] <= 0:
        return "sd", "a standard deviation > 0"
    if dist == "lognormal":
        if p["mean"] <= 0:
            return "mean", "a mean > 0 (a lognormal value is positive)"
        if p["sigma"] <= 0:
            return "sigma", "a standard deviation of the log > 0"
    if dist in ("uniform", "triangular") and p["high"] <= p["low"]:
        return "high", f"a number > low ({p['low']:g})"
    if dist == "triangular" and not p["low"] <= p["mode"] <= p["high"]:
        return "mode", f"a number in [low, high] = [{p['low']:g}, {p['high']:g}]"
    return None


def _check_correlation(ctx: Ctx, raw: object, keys: list[str]) -> np.ndarray:
    """The correlation matrix from ``[key, key, rho]`` entries (identity where none)."""
    matrix = np.eye(len(keys))
    if raw is None:
        return matrix
    path = ("uncertainty", CORRELATION)
    if not isinstance(raw, list):
        ctx.bad(path, raw, "a list of [key, key, rho]")
        return matrix
    seen: set[frozenset] = set()
    for n, entry in enumerate(raw):
        where = path + (n,)
        if not (isinstance(entry, list) and len(entry) == 3):
            ctx.bad(where, entry, "[key, key, rho]")
            continue
        first, second, rho = entry
        missing = [k for k in (first, second) if k not in keys]
        if missing:
            ctx.bad(where, missing[0], f"an uncertain key of this block ({', '.join(keys)})")
            continue
        number = as_number(rho)
        if first == second or frozenset((first, second)) in seen:
            ctx.bad(where, entry, "two different keys, each pair given once")
        elif number is None or not -1 < number < 1:
            ctx.bad(where, rho, "a correlation strictly between -1 and 1")
        else:
            seen.add(frozenset((first, second)))
            i, j = keys.index(first), keys.index(second)
            matrix[i, j] = matrix[j, i] = number
    if len(seen) and np.linalg.eigvalsh(matrix).min() <= 1e-10:
        ctx.bad(path, raw, "correlations that fit together (a positive definite matrix)")
    return matrix
