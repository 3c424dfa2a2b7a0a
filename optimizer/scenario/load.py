"""Loading a scenario: compose its files, apply overrides, check everything, return ``Inputs``.

The stages (docs/scenarios.md), each reporting all of its problems in one ``InputError``:

1. read ``scenario.yaml`` (or one YAML file), after the scenario it ``extends``; read tables;
2. merge the named overrides of ``use`` in order (a priority set's name means
   ``{priorities: <name>}``); two that set the same key are an error;
3. the ``priorities`` argument replaces the scenario's priority set (so an override of ``use``
   that sets nothing but ``priorities`` no longer applies and is not recorded in ``overrides``);
4. ``--set key.path=value`` texts, in order;
5. check every key, table and reference (``checks*.py``) and assemble the ``Inputs``.

``inputs_sha256`` is the sha256 of a canonical JSON of the composed, expanded scenario (every
``Inputs`` field, tables included, except ``source``, ``overrides`` and the hash itself), so the
same numbers give the same hash however they were composed, and any changed number changes it.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.scenario.checks.bounds import check_compounded, check_horizon
from optimizer.scenario.checks.committed import check_committed
from optimizer.scenario.checks.core import (
    Ctx,
    check_drivers,
    check_economy,
    check_flag,
    check_name,
    check_objective,
    check_shortfall_weights,
    check_top_keys,
    check_volume,
    check_years,
)
from optimizer.scenario.checks.financial import check_financial_core, revenue_growth
from optimizer.scenario.checks.plausible import check_plausible
from optimizer.scenario.checks.priorities import check_priorities
from optimizer.scenario.checks.revenue import check_population, check_two_part, is_two_part
from optimizer.scenario.checks.rules import check_balance, check_limits, check_targets
from optimizer.scenario.checks.tables import check_tables
from optimizer.scenario.checks.tiers import (
    check_frames_decided_through,
    check_requirements,
    check_tail_years,
)
from optimizer.scenario.checks.uncertainty import check_uncertainty
from optimizer.scenario.compose import Composed, PriorityRef, finish_priorities, merge, read_yaml
from optimizer.scenario.files import load_file
from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.scenario.overrides import apply_sets, apply_use, drop_replaced_priorities
from optimizer.scenario.tables import Origin


def _scenarios_dir() -> Path:
    """The shipped example scenarios and priority sets.

    An installed wheel carries the repository's top-level ``scenarios/`` inside the package as
    ``optimizer/scenarios`` (``pyproject.toml``); a checkout or an editable install reads that
    top-level folder itself, beside the package.
    """
    package = Path(str(resources.files("optimizer")))
    shipped = package / "scenarios"
    return shipped if shipped.is_dir() else package.parent / "scenarios"


SCENARIOS_DIR: Path = _scenarios_dir()
EXAMPLE: Path = SCENARIOS_DIR / "rjh-2025-2030"
PRIORITY_ARGUMENT = "(priorities argument)"
_NOT_IN_HASH = ("source", "overrides", "override_labels", "sets", "inputs_sha256")
FRAMES = ("boards", "actions", "potentials")  # the tables Inputs holds as DataFrames


def load_scenario(
    path: str | os.PathLike | None = None,
    use: Sequence[str] = (),
    sets: Sequence[str] | Mapping[str, object] = (),
    priorities: str | Path | dict | None = None,
) -> Inputs:
    """Load, compose and validate a scenario into ``Inputs``; ``None`` loads ``EXAMPLE``.

    ``path`` is a folder holding ``scenario.yaml``, a YAML file, or the name of a folder in
    ``SCENARIOS_DIR``. ``use`` names overrides (or priority sets) merged in order, ``sets``
    are values applied last: ``key.path=value`` texts as ``--set`` takes them, or a mapping
    ``{"drivers.wage.2027": 0.04}``. ``priorities`` (a set's name, a path relative to the
    working folder, or a mapping) replaces the scenario's priority set. Raises ``InputError``
    with every problem found. ``Inputs.sets`` records the sets as ``key.path=value`` texts.
    """
    given = EXAMPLE if path is None else path
    texts = set_texts(sets)
    file, shown, default_name = scenario_file(given)
    comp = load_file(file, shown, SCENARIOS_DIR / "priorities")
    apply_use(comp, [use] if isinstance(use, str) else list(use))
    if priorities is not None:
        apply_priorities_argument(comp, priorities)
    apply_sets(comp, texts)
    finish_priorities(comp)
    inputs = build_inputs(comp, default_name)
    applied = {"overrides": tuple(comp.applied), "override_labels": override_labels(comp)}
    inputs = replace(inputs, **applied, sets=texts, source=str(given))
    return replace(inputs, inputs_sha256=inputs_hash(inputs))


@dataclass(frozen=True)
class Base:
    """A scenario read once (files, ``extends``, ``use``, ``priorities``), before any ``--set``.

    ``snapshot`` is ``comp`` pickled: each run unpickles its own copy (7x faster than deepcopy);
    ``frames`` its (boards, actions, potentials) DataFrames (``None`` if it does not check).
    """

    comp: Composed
    default_name: str
    source: str
    snapshot: bytes
    frames: tuple | None = None


def read_base(
    path: str | os.PathLike | None = None,
    use: Sequence[str] = (),
    priorities: str | Path | dict | None = None,
) -> Base:
    """Stages 1-3 of ``load_scenario`` done once, for many ``compose_inputs`` (batch runs).

    ``compose_inputs(read_base(p, u, pr), sets)`` equals ``load_scenario(p, u, sets, pr)``.
    """
    given = EXAMPLE if path is None else path
    file, shown, default_name = scenario_file(given)
    comp = load_file(file, shown, SCENARIOS_DIR / "priorities")
    apply_use(comp, [use] if isinstance(use, str) else list(use))
    if priorities is not None:
        apply_priorities_argument(comp, priorities)
    finish_priorities(comp)
    snapshot = pickle.dumps(comp, pickle.HIGHEST_PROTOCOL)
    try:
        inputs = build_inputs(pickle.loads(snapshot), default_name)
        frames = (inputs.boards, inputs.actions, inputs.potentials)
    except InputError:
        frames = None
    return Base(comp, default_name, str(given), snapshot, frames)


def compose_inputs(base: Base, sets: Sequence[str] = (), *, with_hash: bool = True) -> Inputs:
    """Stages 4-5 of ``load_scenario`` on a copy of ``base``: apply ``sets``, check, assemble.

    ``with_hash=False`` leaves ``inputs_sha256`` empty (saves about 2 ms a run). The base's
    DataFrame of each table that no set edits is reused (building them is most of the cost).
    """
    sets = list(set_texts(sets))
    comp = pickle.loads(base.snapshot)
    apply_sets(comp, sets)
    finish_priorities(comp)
    roots = {text.split("=", 1)[0].split(".", 1)[0].strip() for text in sets}
    frames = None
    if base.frames is not None:  # a table edited by a set is built again, the others reused
        frames = tuple(None if n in roots else f for n, f in zip(FRAMES, base.frames, strict=True))
    inputs = build_inputs(comp, base.default_name, frames)
    applied = {"overrides": tuple(comp.applied), "override_labels": override_labels(comp)}
    inputs = replace(inputs, **applied, sets=tuple(sets), source=base.source)
    return replace(inputs, inputs_sha256=inputs_hash(inputs)) if with_hash else inputs


def override_labels(comp) -> dict[str, dict[str, str]]:
    """``{override: {sv, en}}``: the labels of the applied overrides that give one."""
    return {
        n: comp.overrides[n].label
        for n in comp.applied
        if n in comp.overrides and comp.overrides[n].label
    }


def set_texts(sets: str | Sequence[str] | Mapping[str, object]) -> tuple[str, ...]:
    """``key.path=value`` texts from one text, a sequence of them, or a mapping of key paths
    to values (each value written as JSON, which the ``--set`` parser, YAML, reads back)."""
    if isinstance(sets, str):
        return (sets,)
    if isinstance(sets, Mapping):
        return tuple(f"{key}={_json_value(value)}" for key, value in sets.items())
    return tuple(str(text) for text in sets)


def _json_value(value: object) -> str:
    if hasattr(value, "item") and not isinstance(value, list | dict):
        value = value.item()  # a numpy scalar
    return json.dumps(value, ensure_ascii=False)


def scenario_file(given: str | os.PathLike) -> tuple[Path, str, str]:
    """``(file to read, file as messages show it, default scenario name)`` for a path."""
    expected = "a scenario folder holding scenario.yaml, a YAML file, or an .xlsx workbook"
    if not isinstance(given, str | os.PathLike):  # load_scenario({...}): not a path
        raise InputError(Problem("load_scenario()", "path", type(given).__name__, expected))
    try:
        path = Path(given)
        path.exists()
    except (OSError, ValueError) as exc:  # a name too long, a NUL byte
        raise InputError(Problem(str(given)[:80], "", str(exc), expected)) from None
    if not path.exists() and len(path.parts) == 1 and (SCENARIOS_DIR / path).exists():
        path = SCENARIOS_DIR / path
    if path.is_dir():
        file = path / "scenario.yaml"
        if not file.is_file():
            raise InputError(Problem(str(given), "", str(given), "a folder holding scenario.yaml"))
        return file, os.path.join(str(given), "scenario.yaml"), path.resolve().name
    if path.is_file():
        return path, str(given), path.stem
    raise InputError(Problem(str(given), "", str(given), expected))


def apply_priorities_argument(comp: Composed, priorities: str | os.PathLike | dict) -> None:
    """Replace the scenario's priority set: a name, a path (from the working folder), a set.

    The overrides applied so far that set nothing but ``priorities`` no longer apply: they are
    dropped from ``comp.applied`` (those that also set other keys stay).
    """
    origin = Origin(PRIORITY_ARGUMENT, Path.cwd())
    comp.data.pop("priorities", None)
    drop_replaced_priorities(comp)
    if isinstance(priorities, dict):
        problems: list[Problem] = []
        merge(comp, {"priorities": priorities}, origin, problems)
        if problems:
            raise InputError(problems)
        return
    value = str(Path(priorities).resolve()) if isinstance(priorities, Path) else str(priorities)
    comp.data["priorities"] = PriorityRef(value, origin)
    comp.set_origin(("priorities",), origin)


def build_inputs(comp: Composed, default_name: str, frames: tuple | None = None) -> Inputs:
    """Check the composed scenario and assemble the ``Inputs`` (all problems at once).

    ``frames``: the (boards, actions, potentials) DataFrames of the same tables where known
    (copied, not built again; ``None`` for one to build); ``compose_inputs`` passes those of the
    tables no ``--set`` edits.
    """
    ctx = Ctx(comp)
    check_top_keys(ctx)
    years = check_years(ctx)
    if years is None or not check_horizon(ctx, years):
        raise InputError(ctx.problems)
    tables = check_tables(ctx, years)
    boards, actions = list(tables.boards), list(tables.actions)
    drivers = check_drivers(ctx, years)
    wage = drivers.get("wage", {})
    two_part = None
    if is_two_part(ctx.get("economy", "revenue")):  # (v3) tax and general grants
        two_part = check_two_part(ctx, years, wage)
        economy = check_economy(ctx, years, None, two_part.total if two_part else {})
    else:
        economy = check_economy(ctx, years, revenue_growth(ctx, years, wage))
    tax_part = two_part.tax if two_part is not None else economy.get("revenue", {})
    population = check_population(ctx, years)
    volume = check_volume(ctx, years, tables.volume)
    result_targets, category_targets, result_share = check_targets(
        ctx, years, tables.categories, economy.get("revenue", {})
    )
    balance = check_balance(ctx, years)
    requirements = check_requirements(ctx)
    tail_years = check_tail_years(ctx)
    decided_through = check_frames_decided_through(ctx, years)
    pace, cost_freeze, investment, liquidity = check_limits(ctx, years, boards)
    priorities = check_priorities(ctx, years, boards, tables.categories, actions)
    objective = check_objective(ctx)
    shortfall_weights = check_shortfall_weights(ctx)
    check_uncertainty(ctx)  # describes Monte Carlo draws only; not part of Inputs
    index_effects = check_flag(ctx, "index_effects", True)
    name = check_name(ctx, default_name)
    core = check_financial_core(ctx, years, tax_part, boards, actions)
    rebound = {a: v["rebound"] for a, v in tables.actions.items() if v["rebound"][0] > 0}
    core = replace(core, rebound=rebound) if rebound else core
    check_plausible(ctx)  # a 300 % growth rate is a typo unless plausible_ranges: false
    committed = check_committed(ctx, years, tables.potentials, core.realisation)
    if not ctx.problems:  # the compounded paths, from values that checked
        growth = (tables.boards, tables.board_rows, tables.frames, economy, drivers, volume)
        check_compounded(ctx, years, *growth)
    if ctx.problems:
        raise InputError(ctx.problems)
    return Inputs(
        name=name,
        base_year=years.base,
        first=years.first,
        last=years.last,
        revenue=economy["revenue"],
        grants=economy["grants"],
        financial=economy["financial"],
        central=economy["central"],
        wage=drivers["wage"],
        price=drivers["price"],
        volume=volume,
        index_effects=index_effects,
        boards=_frame(frames, 0, tables.boards_frame),
        frames=tables.frames,
        actions=_frame(frames, 1, tables.actions_frame),
        potentials=_frame(frames, 2, tables.potentials_frame),
        result_targets=result_targets,
        category_targets=category_targets,
        balance_opening=balance.opening,
        adjustments=balance.adjustments,
        milestones=balance.milestones,
        pace=pace,
        cost_freeze=cost_freeze,
        investment_room=investment,
        liquidity=liquidity,
        priorities=priorities,
        objective=objective,
        shortfall_weights=shortfall_weights,
        requirements=requirements,
        tail_years=tail_years,
        frames_decided_through=decided_through,
        result_share=result_share,
        deficits=balance.deficits,
        exempt=balance.exempt,
        exempt_restore_by=balance.exempt_restore_by,
        decisions=balance.decisions,
        gains=balance.gains,
        restore_within=balance.restore_within,
        balance_law=balance.law,
        tax_revenue=dict(tax_part) if two_part is not None else {},
        population=population,
        core=core,
        committed=committed,
    )


def _frame(frames: tuple | None, k: int, build) -> pd.DataFrame:
    """``frames[k]`` copied where given, else ``build()``."""
    return build() if frames is None or frames[k] is None else frames[k].copy()


def inputs_hash(inputs: Inputs) -> str:
    """sha256 of the canonical JSON of ``inputs`` (without source, overrides and the hash)."""
    payload = {
        f.name: _canonical(getattr(inputs, f.name))
        for f in fields(inputs)
        if f.name not in _NOT_IN_HASH
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(value: object) -> object:
    """A JSON-able, order-stable form: mappings sorted by key, NaN as null, numpy as Python."""
    if isinstance(value, pd.DataFrame):
        return {
            "index": [_canonical(i) for i in value.index],
            "columns": [str(c) for c in value.columns],
            "rows": [[_canonical(v) for v in row] for row in value.itertuples(index=False)],
        }
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: repr(kv[0]))
        return [[_canonical(k), _canonical(v)] for k, v in items]
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        number = float(value)
        return None if math.isnan(number) else number
    return value


def list_scenarios() -> list[dict]:
    """``[{name, path, description, overrides}]`` for every folder of ``SCENARIOS_DIR`` with a
    ``scenario.yaml`` (``extends`` followed, so inherited overrides are listed too)."""
    found = []
    if not SCENARIOS_DIR.is_dir():
        return found
    for folder in sorted(p for p in SCENARIOS_DIR.iterdir() if (p / "scenario.yaml").is_file()):
        file = folder / "scenario.yaml"
        entry = {"name": folder.name, "path": str(folder), "description": "", "overrides": []}
        try:
            comp = load_file(file, str(file), SCENARIOS_DIR / "priorities")
        except InputError as err:
            entry["description"] = f"(invalid: {err.problems[0]})"
        else:
            text = comp.data.get("description") or comp.data.get("name") or ""
            entry["description"] = str(text).strip()
            entry["overrides"] = list(comp.overrides)
        found.append(entry)
    return found


def list_priority_sets() -> list[dict]:
    """``[{name, path, description}]`` for every ``SCENARIOS_DIR/priorities/*.yaml``."""
    folder = SCENARIOS_DIR / "priorities"
    found = []
    for file in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            data = read_yaml(file, str(file))
        except InputError as err:
            description = f"(invalid: {err.problems[0]})"
        else:
            description = str(data.get("description") or data.get("name") or "").strip()
        found.append({"name": file.stem, "path": str(file), "description": description})
    return found
