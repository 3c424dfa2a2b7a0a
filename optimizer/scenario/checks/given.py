"""``Inputs`` handed to ``solve()`` directly: checked, and hashed as they are solved.

``load_scenario`` checks a scenario's text key by key (``checks/``) and records the hash of
what it built (``inputs_sha256``). The Python API can change an ``Inputs`` afterwards
(``dataclasses.replace(inputs, tail_years=-1e6)``, ``inputs.exempt[2025] = 1e9`` in place), so
``solve()`` hashes the inputs it is given (``given``): the same hash means the very inputs
``load_scenario`` checked; another means they were changed, and they are checked again here,
on the ``Inputs`` themselves:

- every number anywhere in them (fields, mappings, tuples, the tables' numeric columns) is
  finite and of magnitude at most ``values.MAX_MAGNITUDE`` (``nan`` made ``tail_years`` hang
  the solver; ``-1e6`` gave an impact of -2.5e9);
- the numbers with a floor in docs/scenarios.md keep it (``FLOORS``): ``tail_years``, the
  shortfall weights, the priority weights, pace and attrition shares, investment room,
  interest rates, ``>= 0`` (wage and price growth are bounded through the cost index they
  compound to, which only the scenario's checks see: no floor here that ``load_scenario``
  would not also hold);
- the years run ``first <= last`` and ``objective`` is one the model knows.

The problems are an ``InputError`` naming ``inputs.<field>``, the value and what was expected;
the results then carry the hash of what was solved, never of what was loaded.
"""

from __future__ import annotations

import math
from dataclasses import fields, is_dataclass, replace

import numpy as np
import pandas as pd

from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.scenario.values import MAX_MAGNITUDE

WHERE = "solve()"
OBJECTIVES = ("min_impact", "min_savings", "min_max_share")
# field path (dots; "*" any key) -> (least value, whether the least value itself is allowed)
FLOORS: dict[str, tuple[float, bool]] = {
    "tail_years": (0.0, True),
    "shortfall_weights.*": (0.0, True),
    "pace.*": (0.0, True),
    "investment_room.*": (0.0, True),
    "core.interest.*": (0.0, True),
    "core.cash_interest.*": (0.0, True),
    "core.attrition.*": (0.0, True),
    "core.fte0.*": (0.0, True),
    "core.cost_per_fte.*": (0.0, True),
}


def given(inputs: object, inputs_hash) -> Inputs:
    """``inputs`` with ``inputs_sha256`` the hash of what is solved, checked again when they
    differ from what ``load_scenario`` built (module docstring); raises ``InputError``.
    ``inputs_hash``: ``scenario.load.inputs_hash`` (passed in: ``load`` imports the checks)."""
    if not isinstance(inputs, Inputs):
        raise InputError(
            [Problem(WHERE, "inputs", type(inputs).__name__, "Inputs, from load_scenario(...)")]
        )
    try:
        sha = inputs_hash(inputs)
    except (TypeError, ValueError) as exc:  # a value JSON cannot hold: inf, an object
        sha, unhashable = None, str(exc)
    if sha is not None and sha == inputs.inputs_sha256:
        return inputs
    problems = check_given(inputs)
    if sha is None and not problems:
        problems = [Problem(WHERE, "inputs", unhashable, "numbers, texts and tables")]
    if problems:
        raise InputError(problems)
    return replace(inputs, inputs_sha256=sha)


def check_given(inputs: Inputs) -> list[Problem]:
    """Every problem of ``inputs`` (module docstring), in field order."""
    problems: list[Problem] = []
    for f in fields(inputs):
        if f.name not in ("source", "inputs_sha256", "overrides", "sets", "name"):
            _walk(getattr(inputs, f.name), f.name, problems)
    if inputs.first > inputs.last:
        problems.append(Problem(WHERE, "inputs.last", inputs.last, f">= first ({inputs.first})"))
    if inputs.objective not in OBJECTIVES:
        problems.append(
            Problem(WHERE, "inputs.objective", inputs.objective, " or ".join(OBJECTIVES))
        )
    return problems


def _walk(value: object, path: str, problems: list[Problem]) -> None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int | float | np.number):
        _number(float(value), path, problems)
    elif isinstance(value, pd.DataFrame):
        for column in value.columns:
            if pd.api.types.is_numeric_dtype(value[column]) and not pd.api.types.is_bool_dtype(
                value[column]
            ):
                numbers = value[column].to_numpy(dtype=float)
                bad = ~np.isfinite(numbers) & ~np.isnan(numbers) | (np.abs(numbers) > MAX_MAGNITUDE)
                if bad.any():
                    row = int(np.nonzero(bad)[0][0])
                    where = f"inputs.{path}[{value.index[row]!r}, {column!r}]"
                    problems.append(Problem(WHERE, where, numbers[row], _expected(None)))
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            _walk(getattr(value, f.name), f"{path}.{f.name}", problems)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, f"{path}.{_key(key)}", problems)
    elif isinstance(value, list | tuple):
        for k, item in enumerate(value):
            _walk(item, f"{path}[{k}]", problems)


def _number(number: float, path: str, problems: list[Problem]) -> None:
    floor = FLOORS.get(path) or FLOORS.get(path.rsplit(".", 1)[0] + ".*")
    ok = math.isfinite(number) and abs(number) <= MAX_MAGNITUDE
    if ok and floor is not None:
        least, inclusive = floor
        ok = number >= least if inclusive else number > least
    if not ok:
        problems.append(Problem(WHERE, f"inputs.{path}", number, _expected(floor)))


def _expected(floor: tuple[float, bool] | None) -> str:
    text = f"a finite number of magnitude at most {MAX_MAGNITUDE:g}"
    if floor is not None:
        text += f", {'>=' if floor[1] else '>'} {floor[0]:g}"
    return text


def _key(key: object) -> str:
    return ",".join(map(str, key)) if isinstance(key, tuple) else str(key)
