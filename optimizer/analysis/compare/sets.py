"""Comparing priority sets: one scenario solved once per set, and once for the reference.

``compare(scenario, priorities=[...])`` loads every run first (all input problems raised
together), solves each distinct composed scenario once and hands the ``Results`` to
``compare_results``.

The overrides a run records are those of ``use`` that still apply to it, as ``load_scenario``
records them. The reference without a ``reference`` set takes the scenario's own set after
``use``, so it records them all. Every other run's set comes from the ``priorities`` argument,
which replaces the whole ``priorities`` key; so an override that sets nothing but ``priorities``
(a priority set's name in ``use``, or a scenario override holding only that key) is not
recorded for it. An override that also sets other keys still applies (only its ``priorities``
are replaced) and is recorded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from optimizer.analysis.compare.runs import CompareError, Comparison, compare_results
from optimizer.analysis.pipeline import solve
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario


def compare(
    scenario: str | os.PathLike | None = None,
    priorities: Sequence[str | os.PathLike | dict] = (),
    *,
    use: Sequence[str] = (),
    sets: Sequence[str] = (),
    reference: str | os.PathLike | dict | None = None,
    solver: str = "highs",
    time_limit: float | None = None,
) -> Comparison:
    """Solve ``scenario`` with each priority set and compare them against ``reference``.

    ``reference`` is a priority set (name, path or mapping); ``None`` means the scenario's own
    (after ``use``). Every set is loaded (all input problems raised together as one
    ``InputError``) before anything is solved; a set whose composed inputs equal an earlier
    run's (the same ``inputs_sha256``) is solved once.
    """

    if not priorities:
        raise CompareError("give at least one priority set to compare (--priorities a,b,c)")
    wanted = [reference, *priorities]
    loaded, problems = [], []
    for choice in wanted:
        try:
            loaded.append(load_scenario(scenario, use=use, sets=sets, priorities=choice))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
    runs, seen = [], set()
    for choice, inputs in zip(wanted, loaded, strict=True):
        if inputs.inputs_sha256 in seen:
            continue
        seen.add(inputs.inputs_sha256)
        shown = "(scenario's own)" if choice is None else str(choice)
        shown = "(inline)" if isinstance(choice, dict) else shown
        results = solve(inputs, solver=solver, time_limit=time_limit)
        runs.append((f"priorities {shown}", shown, results))
    return compare_results(runs, mode="scenario")
