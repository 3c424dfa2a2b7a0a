"""Monte Carlo draws from a scenario's ``uncertainty:`` block (``optimizer/scenario/checks/uncertainty.py``).

A Gaussian copula: with ``R`` the block's correlation matrix and ``L`` its Cholesky factor
(``R = L L'``), each sample draws ``z ~ N(0, I)`` from ``numpy.random.default_rng(seed)`` and
takes the normal scores ``s = L z`` (so ``corr(s) = R``). Input ``k`` is then
``F_k^{-1}(Phi(s_k))``:

- normal: ``mean + sd * s``;
- lognormal: ``exp(mu + sigma * s)`` with ``mu = log(mean) - sigma^2 / 2`` (``E[X] = mean``);
- uniform: ``low + (high - low) * u`` with ``u = Phi(s)``;
- triangular: with ``c = (mode - low) / (high - low)``: ``low + sqrt(u (high-low)(mode-low))``
  for ``u < c``, else ``high - sqrt((1-u)(high-low)(high-mode))``.

Without correlations ``L = I`` and the inputs are independent. The same block, ``n`` and
``seed`` give the same draws, bit for bit (the draws are taken in one ``(n, k)`` block).
"""

from __future__ import annotations

import math

import numpy as np

from optimizer.scenario.checks.core import Ctx
from optimizer.scenario.checks.uncertainty import Distribution, Uncertainty, check_uncertainty
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.load import Base

_erfc = np.vectorize(math.erfc, otypes=[float])


def uncertainty_of(base: Base) -> Uncertainty:
    """The checked ``uncertainty`` block of a scenario; ``InputError`` when absent or bad."""
    ctx = Ctx(base.comp)
    found = check_uncertainty(ctx)
    if ctx.problems:
        raise InputError(ctx.problems)
    if found is None or not found.inputs:
        expected = "an uncertainty: block with at least one input (see docs/batch.md)"
        raise InputError(Problem(base.comp.file, "uncertainty", None, expected))
    return found


def normal_cdf(s: np.ndarray) -> np.ndarray:
    """``Phi(s) = erfc(-s / sqrt 2) / 2``."""
    return 0.5 * _erfc(-s / math.sqrt(2.0))


def transform(dist: Distribution, s: np.ndarray) -> np.ndarray:
    """Normal scores ``s`` to draws of ``dist`` (module docstring)."""
    p = dist.params
    if dist.dist == "normal":
        return p["mean"] + p["sd"] * s
    if dist.dist == "lognormal":
        mu = math.log(p["mean"]) - p["sigma"] ** 2 / 2.0
        return np.exp(mu + p["sigma"] * s)
    u = normal_cdf(s)
    low, high = p["low"], p["high"]
    if dist.dist == "uniform":
        return low + (high - low) * u
    mode = p["mode"]
    c = (mode - low) / (high - low)
    left = low + np.sqrt(u * (high - low) * (mode - low))
    right = high - np.sqrt((1.0 - u) * (high - low) * (high - mode))
    return np.where(u < c, left, right)


def draw(unc: Uncertainty, n: int, seed: int) -> np.ndarray:
    """``n`` samples (rows) of every uncertain input (columns, in the block's order)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, len(unc.inputs)))
    scores = z @ np.linalg.cholesky(unc.correlation).T
    return np.column_stack([transform(d, scores[:, k]) for k, d in enumerate(unc.inputs)])


def centre(dist: Distribution) -> float:
    """A central value of ``dist`` (its mean, or mode for triangular), to check a key with."""
    p = dist.params
    if dist.dist == "triangular":
        return p["mode"]
    if dist.dist == "uniform":
        return (p["low"] + p["high"]) / 2.0
    return p["mean"]


def value_text(value: float) -> str:
    """A float as a ``--set`` value YAML reads back as the same float (``1e-05`` -> ``1.0e-05``)."""
    text = repr(float(value))
    if "e" in text and "." not in text.split("e")[0]:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}.0e{exponent}"
    return text


def similar_order(values: np.ndarray, bits: int = 10) -> np.ndarray:
    """Row indices ordered along a Z-order (Morton) curve of the columns' ranks.

    Rows close in every input tend to follow each other, so warm re-solves start near their
    answer. Each column's rank is scaled to ``bits`` bits (fewer when there are many columns,
    ``bits * k <= 63``) and the bits interleaved; ties keep the row order.
    """
    n, k = values.shape
    if n == 0 or k == 0:
        return np.arange(n)
    bits = max(1, min(bits, 63 // k))
    ranks = np.argsort(np.argsort(values, axis=0, kind="stable"), axis=0, kind="stable")
    q = (ranks * (1 << bits) // n).astype(np.uint64)
    code = np.zeros(n, dtype=np.uint64)
    for bit in range(bits - 1, -1, -1):
        for d in range(k):
            code = (code << np.uint64(1)) | ((q[:, d] >> np.uint64(bit)) & np.uint64(1))
    return np.argsort(code, kind="stable")
