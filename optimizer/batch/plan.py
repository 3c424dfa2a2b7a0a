"""The runs of a batch: what each one changes, in which order they are solved, in which chunks.

Three kinds, each checked before anything runs (a bad spec is one ``InputError``):

- ``sweep``: one scenario, the Cartesian grid of ``--grid`` values (``grid.py``);
- ``montecarlo``: one scenario, ``n`` draws from its ``uncertainty:`` block (``sampling.py``);
- ``batch``: scenarios x ``--use-each`` variants x ``--priorities-each`` variants, one run each.

A run is a group (a base scenario, read once) and the ``--set`` texts applied to it. Run ids
count the runs in their natural order (product order, sample number); ``order`` is the order
of solving (similar runs next to each other) and ``chunks`` cut it into consecutive pieces,
whose size depends on the number of runs only, so the same batch is cut the same way on any
machine, with any ``--jobs`` and on Dask.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from optimizer.batch.grid import Axis, cartesian, parse_grids, snake_order
from optimizer.batch.sampling import centre, draw, similar_order, uncertainty_of, value_text
from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.scenario.load import Base, compose_inputs, read_base, scenario_file

MAX_CHUNK = 100
MIN_CHUNKS = 64


@dataclass(frozen=True)
class Group:
    """One base scenario: its path, overrides, priority set and ``--set`` texts for every run."""

    path: str | None
    use: tuple[str, ...] = ()
    priorities: str | None = None
    sets: tuple[str, ...] = ()

    def describe(self) -> dict:
        return {"path": self.path, "use": list(self.use), "priorities": self.priorities}


@dataclass(frozen=True)
class Run:
    """One run: its id, its group's index, and the ``--set`` texts of its changed inputs."""

    run_id: int
    group: int
    sets: tuple[str, ...]


@dataclass
class Plan:
    """A checked batch: groups (their bases and base inputs), runs, inputs, order, chunks."""

    kind: str
    groups: list[Group]
    bases: list[Base | None]
    base_inputs: list[Inputs | None]
    base_errors: list[str]
    runs: list[Run]
    columns: dict[str, list]  # changed input -> value per run id (float, or text for batch)
    order: list[int]
    seed: int | None = None
    keys: list[str] = field(default_factory=list)  # the uncertain keys (Monte Carlo)

    @property
    def years(self) -> list[int]:
        """Every plan year of any group (the ``savings_<year>`` columns)."""
        found = {t for inputs in self.base_inputs if inputs is not None for t in inputs.years}
        return sorted(found)

    def chunks(self, size: int | None = None) -> list[list[int]]:
        """Run ids in solving order, cut into consecutive chunks (default ``chunk_size``)."""
        size = size or chunk_size(len(self.runs))
        return [self.order[i : i + size] for i in range(0, len(self.order), size)]

    def fingerprint(self) -> dict:
        """What makes this batch this batch: resuming needs the same fingerprint."""
        digest = hashlib.sha256()
        for run in self.runs:
            digest.update(json.dumps([run.group, list(run.sets)]).encode())
        return {
            "kind": self.kind,
            "groups": [g.describe() | {"sets": list(g.sets)} for g in self.groups],
            "inputs_sha256": [i.inputs_sha256 if i else None for i in self.base_inputs],
            "columns": list(self.columns),
            "runs": len(self.runs),
            "runs_sha256": digest.hexdigest(),
            "seed": self.seed,
        }


def chunk_size(n_runs: int) -> int:
    """``clamp(ceil(n / 64), 1, 100)``: at least 64 chunks to share out, at most 100 runs each."""
    return max(1, min(MAX_CHUNK, math.ceil(n_runs / MIN_CHUNKS)))


def _group(path, use, sets, priorities) -> Group:
    """A group from the loader's arguments (paths as text, so that they go into JSON)."""
    text = None if path is None else str(path)
    return Group(text, tuple(use), None if priorities is None else str(priorities), tuple(sets))


def _base(group: Group) -> tuple[Base, Inputs]:
    base = read_base(group.path, group.use, group.priorities)
    return base, compose_inputs(base, group.sets)


def _renamed(err: InputError, spec: str) -> InputError:
    """The loader's problems with ``--set`` texts made by a spec, shown as that spec."""
    return InputError(
        [
            Problem(spec, p.where, p.value, p.expected) if p.file.startswith("--set ") else p
            for p in err.problems
        ]
    )


def _check_key(base: Base, group: Group, key: str, texts: Sequence[str], spec: str) -> None:
    """Compose with the first and last value: the key must be valid and change the scenario."""
    hashes = []
    for text in dict.fromkeys([texts[0], texts[-1]]):
        try:
            inputs = compose_inputs(base, group.sets + (f"{key}={text}",))
        except InputError as err:
            raise _renamed(err, spec) from None
        hashes.append(inputs.inputs_sha256)
    if len(hashes) == 2 and hashes[0] == hashes[1]:
        expected = "a key whose value changes the scenario (this one changes nothing)"
        raise InputError(Problem(spec, key, key, expected))


def sweep_plan(path: str | None, grids: Sequence[str], use=(), sets=(), priorities=None) -> Plan:
    """The grid of ``--grid`` specs over one scenario (module docstring)."""
    axes: list[Axis] = parse_grids(grids)
    if not axes:
        raise InputError(Problem("--grid", "", None, "at least one --grid key.path=values"))
    group = _group(path, use, sets, priorities)
    base, inputs = _base(group)
    for axis in axes:
        _check_key(base, group, axis.key, axis.texts, f"--grid {axis.spec}")
    points = cartesian(axes)
    runs = [
        Run(i, 0, tuple(f"{a.key}={a.texts[j]}" for a, j in zip(axes, point, strict=True)))
        for i, point in enumerate(points)
    ]
    columns = {a.key: [float(a.texts[p[d]]) for p in points] for d, a in enumerate(axes)}
    order = snake_order([len(a.texts) for a in axes])
    return Plan("sweep", [group], [base], [inputs], [""], runs, columns, order)


def montecarlo_plan(
    path: str | None, samples: int, seed: int, use=(), sets=(), priorities=None
) -> Plan:
    """``samples`` draws from the scenario's ``uncertainty:`` block with ``seed``."""
    if samples < 1:
        raise InputError(Problem("--samples", "", samples, "a number of samples >= 1"))
    group = _group(path, use, sets, priorities)
    base, inputs = _base(group)
    unc = uncertainty_of(base)
    for dist in unc.inputs:
        spec = f"{base.comp.file}, uncertainty.{dist.key}"
        _check_key(base, group, dist.key, [value_text(centre(dist))], spec)
    values = draw(unc, samples, seed)
    runs = [
        Run(i, 0, tuple(f"{k}={value_text(v)}" for k, v in zip(unc.keys, row, strict=True)))
        for i, row in enumerate(values)
    ]
    columns = {k: [float(v) for v in values[:, d]] for d, k in enumerate(unc.keys)}
    order = [int(i) for i in similar_order(values)]
    plan = Plan("montecarlo", [group], [base], [inputs], [""], runs, columns, order, seed)
    plan.keys = unc.keys
    return plan


def scenario_plan(
    paths: Sequence[str], use_each: Sequence[str] = (), priorities_each: Sequence[str] = (), sets=()
) -> Plan:
    """Every scenario with every ``--use-each`` and ``--priorities-each`` variant, one run each.

    A ``--use-each`` variant joins overrides with ``+`` (``high-wages+low-tax-growth``); ``-``
    is the scenario as it is, and for ``--priorities-each`` its own priority set. A path that
    does not exist is a bad spec; a scenario that fails its checks is a run with status error.
    """
    if not paths:
        raise InputError(Problem("batch", "", None, "at least one scenario PATH"))
    uses = [tuple(u for u in v.split("+") if u and u != "-") for v in use_each] or [()]
    prios = [None if p in ("-", "") else p for p in priorities_each] or [None]
    groups = [
        Group(str(p), u, pr, tuple(sets)) for p, u, pr in itertools.product(paths, uses, prios)
    ]
    bases: list[Base | None] = []
    base_inputs: list[Inputs | None] = []
    errors: list[str] = []
    for group in groups:
        scenario_file(group.path)  # a missing path is a bad spec: InputError
        try:
            base, inputs = _base(group)
        except InputError as err:
            bases.append(None)
            base_inputs.append(None)
            errors.append("; ".join(err.lines()))
        else:
            bases.append(base)
            base_inputs.append(inputs)
            errors.append("")
    runs = [Run(i, i, ()) for i in range(len(groups))]
    columns: dict[str, list] = {"scenario": [g.path for g in groups]}
    if use_each:
        columns["use"] = ["+".join(g.use) or "-" for g in groups]
    if priorities_each:
        columns["priorities"] = [g.priorities or "-" for g in groups]
    order = list(range(len(groups)))
    return Plan("batch", groups, bases, base_inputs, errors, runs, columns, order)
