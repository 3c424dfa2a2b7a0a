"""balansplan: least-harm savings plans for Swedish regions.

The public API for notebooks and scripts::

    from optimizer import load_scenario, solve
    results = solve(load_scenario("scenarios/rjh-2025-2030"))
    results.actions          # a pandas DataFrame
    results.write("out/")    # the results folder of MODEL.md section 8
"""

from optimizer.inputs import InputError, Inputs
from optimizer.results import Results

__version__ = "0.1.0"

__all__ = ["InputError", "Inputs", "Results", "load_scenario", "solve", "__version__"]


def __getattr__(name: str):
    """Import the heavier rooms lazily, so ``import optimizer`` stays fast."""
    if name == "load_scenario":
        from optimizer.scenario import load_scenario

        return load_scenario
    if name == "solve":
        from optimizer.solve import solve

        return solve
    raise AttributeError(name)
