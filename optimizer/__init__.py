"""balansplan: least-harm savings plans for Swedish regions.

The public API for notebooks and scripts::

    from optimizer import load_scenario, solve
    results = solve(load_scenario("scenarios/rjh-2025-2030"))
    results.actions          # a pandas DataFrame
    results.write("out/")    # the results folder of MODEL.md section 8
    comparison = compare("scenarios/rjh-2025-2030", ["protect-care", "equal-burden"])
    comparison.summary       # one row per priority set, priced against the reference
"""

__version__ = "0.1.0"

from optimizer.compare import compare  # noqa: E402  (binds the function over the submodule's name)
from optimizer.inputs import InputError, Inputs  # noqa: E402
from optimizer.results import Results  # noqa: E402
from optimizer.solve import solve  # noqa: E402  (likewise)

__all__ = ["InputError", "Inputs", "Results", "compare", "load_scenario", "solve", "__version__"]


def __getattr__(name: str):
    """``load_scenario`` is imported on first use."""
    if name == "load_scenario":
        from optimizer.scenario import load_scenario

        return load_scenario
    raise AttributeError(name)
