"""Read one scenario file (YAML, or an Excel workbook), after the scenario it ``extends``."""

from __future__ import annotations

import os
from pathlib import Path

from optimizer.scenario.compose import Composed, Override, merge, override_label, read_yaml
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.tables import Origin
from optimizer.scenario.workbook.read import load_workbook_file

MAX_EXTENDS = 16


def load_file(path: Path, shown: str, priorities_dir: Path, chain: tuple = ()) -> Composed:
    """Read one scenario file, after the scenario it ``extends`` (recursively).

    An Excel workbook (``.xlsx``) is read by ``scenario.workbook.read`` into the same ``Composed``.
    """
    if path.suffix.lower() == ".xlsx":
        return load_workbook_file(path, shown, priorities_dir)
    real = path.resolve()
    if real in chain:
        raise InputError(Problem(shown, "extends", shown, "no cycle of extends"))
    if len(chain) >= MAX_EXTENDS:
        expected = f"a chain of at most {MAX_EXTENDS} scenarios extending each other"
        raise InputError(Problem(shown, "extends", len(chain) + 1, expected))
    data = read_yaml(path, shown)
    problems: list[Problem] = []
    parent = data.pop("extends", None)
    if parent is None:
        comp = Composed({}, shown, path, priorities_dir)
    elif not isinstance(parent, str):
        raise InputError(Problem(shown, "extends", parent, "a relative path to a YAML file"))
    else:
        parent_path = path.parent / parent
        parent_shown = os.path.normpath(os.path.join(os.path.dirname(shown), parent))
        if not parent_path.is_file():
            raise InputError(Problem(shown, "extends", parent, "an existing scenario YAML file"))
        comp = load_file(parent_path, parent_shown, priorities_dir, chain + (real,))
        comp.file, comp.path = shown, path
    origin = Origin(shown, path.parent)
    overrides = data.pop("overrides", None)
    merge(comp, data, origin, problems)
    if overrides is not None:
        if not isinstance(overrides, dict):
            problems.append(Problem(shown, "overrides", overrides, "a mapping {name: fragment}"))
        else:
            for name, fragment in overrides.items():
                _add_override(comp, str(name), fragment, shown, path, problems)
    if problems:
        raise InputError(problems)
    return comp


def _add_override(comp: Composed, name: str, fragment, shown: str, path: Path, problems) -> None:
    where = f"overrides.{name}"
    if not isinstance(fragment, dict):
        problems.append(Problem(shown, where, fragment, "a mapping (a fragment of the scenario)"))
        return
    for key in ("extends", "overrides"):
        if key in fragment:
            problems.append(Problem(shown, f"{where}.{key}", fragment[key], "no such key here"))
    fragment = dict(fragment)
    label = override_label(fragment.pop("label", None), shown, f"{where}.label", problems)
    origin = Origin(shown, path.parent, prefix=("overrides", name))
    comp.overrides[name] = Override(name, fragment, origin, label)

