"""Composing a scenario: YAML files, ``extends``, named overrides, ``--set``, priority sets.

The result is a ``Composed``: one plain mapping (tables already read into ``Table`` s, the
priority set already a mapping) plus, for every key path, the ``Origin`` that wrote it, so
the checks can name the file and key a bad value came from.

Merging (docs/scenarios.md): mappings merge deeply, lists and scalars replace. A mapping
merged onto a table addresses cells by row id (``tables.edit_table``). A mapping merged onto
a priority set given by name or path first reads that set.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.safe_yaml import MAX_BYTES, YamlRefused
from optimizer.scenario.safe_yaml import load as load_yaml
from optimizer.scenario.tables import READ_TABLES, Origin, edit_table, read_table
from optimizer.scenario.values import is_digits


@dataclass
class PriorityRef:
    """A priority set named by name (under the priorities folder) or by a YAML path."""

    value: str
    origin: Origin


@dataclass
class Override:
    """A named fragment of a scenario, and where it was written."""

    name: str
    fragment: dict
    origin: Origin
    label: dict[str, str] = field(default_factory=dict)  # {sv, en}: the override as reports name it


@dataclass
class Composed:
    """The composed scenario, where each part came from, and what was applied."""

    data: dict
    file: str
    path: Path
    priorities_dir: Path
    origins: dict[tuple, Origin] = field(default_factory=dict)
    overrides: dict[str, Override] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)

    def origin(self, path: tuple) -> Origin:
        """The origin of ``path``: the one recorded for its longest recorded prefix."""
        for n in range(len(path), 0, -1):
            found = self.origins.get(tuple(path[:n]))
            if found is not None:
                return found
        return Origin(self.file, self.path.parent)

    def locate(self, path: tuple) -> tuple[str, str]:
        """``(file, where)`` of a key path of the composed scenario."""
        origin = self.origin(path)
        return origin.file, origin.where(path)

    def set_origin(self, path: tuple, origin: Origin) -> None:
        """Record that ``origin`` wrote ``path`` (and so everything below it)."""
        for key in [k for k in self.origins if k[: len(path)] == path]:
            del self.origins[key]
        self.origins[path] = origin


def read_yaml(path: Path, shown: str) -> dict:
    """A YAML file's top-level mapping (``safe_yaml.load``: duplicate keys, deep nesting and
    alias bombs refused, YAML 1.2 booleans); digit-string keys become ints."""
    try:
        if path.stat().st_size > MAX_BYTES:
            expected = f"a YAML file of at most {MAX_BYTES} bytes"
            raise InputError(Problem(shown, "", f"{path.stat().st_size} bytes", expected))
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(Problem(shown, "", str(err), "a UTF-8 text file")) from None
    except OSError as err:
        raise InputError(Problem(shown, "", str(err), "a readable YAML file")) from None
    try:
        data = load_yaml(text)
    except YamlRefused as err:
        where = f"line {err.line}" if err.line else ""
        raise InputError(Problem(shown, where, err.value, err.message)) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        message = getattr(err, "problem", None) or str(err)
        raise InputError(Problem(shown, where, message, "valid YAML")) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(Problem(shown, "", type(data).__name__, "a mapping of keys at the top"))
    return normalise_keys(data)


def normalise_keys(value: object) -> object:
    """Recursively turn mapping keys that are strings of digits (``"2025"``) into ints."""
    if isinstance(value, dict):
        return {
            (int(k) if is_digits(k.strip() if isinstance(k, str) else k) else k): normalise_keys(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [normalise_keys(v) for v in value]
    return value


def merge(comp: Composed, fragment: dict, origin: Origin, problems: list[Problem]) -> None:
    """Merge ``fragment`` over the composed scenario, recording ``origin`` for what it sets."""
    for key, value in fragment.items():
        path = (key,)
        if key in READ_TABLES:
            current = comp.data.get(key)
            if isinstance(value, dict):
                comp.data[key] = edit_table(current, key, value, origin, problems)
                if current is None:
                    comp.set_origin(path, origin)
            else:
                comp.data[key] = (
                    None if value is None else read_table(key, value, origin, path, problems)
                )
                comp.set_origin(path, origin)
        elif key == "priorities":
            _merge_priorities(comp, value, origin, problems)
        else:
            _merge_value(comp, comp.data, key, value, path, origin)


def _merge_value(comp: Composed, target: dict, key, value, path: tuple, origin: Origin) -> None:
    if isinstance(value, dict) and isinstance(target.get(key), dict):
        for k, v in value.items():
            _merge_value(comp, target[key], k, v, path + (k,), origin)
    else:
        target[key] = copy.deepcopy(value)
        comp.set_origin(path, origin)


def _merge_priorities(comp: Composed, value, origin: Origin, problems: list[Problem]) -> None:
    current = comp.data.get("priorities")
    if isinstance(value, str):
        comp.data["priorities"] = PriorityRef(value, origin)
        comp.set_origin(("priorities",), origin)
        return
    if isinstance(value, dict) and isinstance(current, PriorityRef):
        try:
            comp.data["priorities"] = resolve_priority_ref(comp, current)
        except InputError as err:
            problems.extend(err.problems)
            return
    _merge_value(comp, comp.data, "priorities", value, ("priorities",), origin)


def priority_set_path(name: str, priorities_dir: Path) -> Path:
    """The file of the priority set called ``name``."""
    return priorities_dir / f"{name}.yaml"


def known_priority_sets(priorities_dir: Path) -> list[str]:
    """The names of the priority sets in ``priorities_dir``."""
    return sorted(p.stem for p in priorities_dir.glob("*.yaml")) if priorities_dir.is_dir() else []


def resolve_priority_ref(comp: Composed, ref: PriorityRef) -> dict:
    """Read a priority set named by name or path; its ``name`` defaults to the file's stem.

    A value ending in ``.yaml``/``.yml`` or holding a slash is a path relative to the folder of
    the file that gave it; anything else is a name under the priorities folder.
    """
    value = ref.value.strip()
    is_path = value.endswith((".yaml", ".yml")) or "/" in value or "\\" in value
    if is_path:
        path = ref.origin.dir / value
        shown = os.path.normpath(os.path.join(os.path.dirname(ref.origin.file), value))
        if ref.origin.file.startswith("--") or ref.origin.file.startswith("("):
            shown = str(path)
    else:
        path, shown = priority_set_path(value, comp.priorities_dir), value
    if not path.is_file():
        known = ", ".join(known_priority_sets(comp.priorities_dir)) or "none"
        expected = (
            "an existing priority set YAML file"
            if is_path
            else f"a priority set in {comp.priorities_dir} ({known}), or a path to a YAML file"
        )
        raise InputError(
            Problem(ref.origin.file, ref.origin.where(("priorities",)), ref.value, expected)
        )
    if not is_path:
        shown = os.path.normpath(str(path))
    data = read_yaml(path, shown)
    data.setdefault("name", path.stem)
    comp.set_origin(("priorities",), Origin(shown, path.parent, strip=1))
    return data


def finish_priorities(comp: Composed) -> None:
    """Replace a priority set given by name or path with its contents."""
    current = comp.data.get("priorities")
    if isinstance(current, PriorityRef):
        comp.data["priorities"] = resolve_priority_ref(comp, current)


def override_label(raw, shown: str, where: str, problems) -> dict[str, str]:
    """An override's ``label: {sv: Högre löner, en: Higher wages}``: its name in the reports."""
    if raw is None:
        return {}
    ok = (
        isinstance(raw, dict)
        and raw
        and all(k in ("sv", "en") and isinstance(v, str) and v.strip() for k, v in raw.items())
    )
    if not ok:
        problems.append(
            Problem(shown, where, raw, "a mapping {sv: name, en: name} of non-empty texts")
        )
        return {}
    return {str(k): v.strip() for k, v in raw.items()}
