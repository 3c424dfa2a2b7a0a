"""balansplan: least-harm savings plans for Swedish regions.

The public API for notebooks and scripts::

    from optimizer import load_scenario, solve
    results = solve(load_scenario("scenarios/rjh-2025-2030"))
    results.actions          # a pandas DataFrame
    results.write("out/")    # the results folder of docs/model.md, "Outputs"
    comparison = compare("scenarios/rjh-2025-2030", ["protect-care", "equal-burden"])
    comparison.summary       # one row per priority set, priced against the reference

Names are imported on first use (PEP 562), so that ``import optimizer`` (and with it
``balansplan --help``) does not load pandas or the solver.
"""

from __future__ import annotations

import importlib

from optimizer.version import __version__

_API = {
    "InputError": "optimizer.scenario.inputs",
    "Inputs": "optimizer.scenario.inputs",
    "load_scenario": "optimizer.scenario.load",
    "solve": "optimizer.analysis.pipeline",
    "Results": "optimizer.results.core",
    "compare": "optimizer.analysis.compare",
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    """The public API, imported on first use."""
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'optimizer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
