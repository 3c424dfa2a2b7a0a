"""Applying named overrides (``use``) and dotted ``--set key.path=value`` to a composed scenario.

- ``use``: each name is one of the scenario's ``overrides``, or else a priority set name
  (meaning ``{priorities: <name>}``). They merge in the given order, but two of them that set
  the same leaf key path (or one a path below the other's) are an error: order never decides.
- ``--set``: applied last, one at a time. The value is parsed with ``safe_yaml.load`` (YAML 1.2 scalars); path
  segments that are all digits become int keys. Setting a per-year entry (``drivers.wage.2027``)
  of a key that holds a scalar first expands the scalar to ``{year: scalar}`` for every plan
  year. ``boards.HSN.cost0`` addresses a table cell (``tables.edit_table``).
- ``comp.applied`` records the names of ``use`` that still apply: a value replacing the whole
  ``priorities`` key afterwards (the ``priorities`` argument, ``--set priorities=NAME``) drops
  those that set nothing but ``priorities`` (``drop_replaced_priorities``); one that also sets
  other keys still applies (only its priorities are replaced) and stays recorded.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import yaml

from optimizer.scenario.compose import Composed, known_priority_sets, merge, priority_set_path
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.safe_yaml import YamlRefused
from optimizer.scenario.safe_yaml import load as load_yaml
from optimizer.scenario.tables import READ_TABLES, Origin
from optimizer.scenario.values import as_int, is_digits


def apply_use(comp: Composed, use: Sequence[str]) -> None:
    """Merge the named overrides in order; record their names in ``comp.applied``."""
    fragments: list[tuple[str, dict, Origin]] = []
    problems: list[Problem] = []
    for name in use:
        if name in comp.overrides:
            override = comp.overrides[name]
            fragments.append((name, override.fragment, override.origin))
        elif "/" not in name and priority_set_path(name, comp.priorities_dir).is_file():
            origin = Origin(f"--use {name}", comp.path.parent)
            fragments.append((name, {"priorities": name}, origin))
        else:
            known = ", ".join(sorted(comp.overrides)) or "none"
            sets = ", ".join(known_priority_sets(comp.priorities_dir)) or "none"
            expected = f"an override of this scenario ({known}) or a priority set ({sets})"
            problems.append(Problem(comp.file, "use", name, expected))
    problems.extend(_conflicts(comp.file, fragments))
    if problems:
        raise InputError(problems)
    for name, fragment, origin in fragments:
        merge(comp, fragment, origin, problems)
        comp.applied.append(name)
    if problems:
        raise InputError(problems)


def sets_only_priorities(comp: Composed, name: str) -> bool:
    """Whether the applied name ``name`` of ``use`` sets nothing but the ``priorities`` key: a
    priority set's name (meaning ``{priorities: <name>}``; a scenario override of the same
    name wins, as in ``apply_use``) or an override whose fragment holds only that key."""
    override = comp.overrides.get(name)
    return override is None or set(override.fragment) == {"priorities"}


def drop_replaced_priorities(comp: Composed) -> None:
    """Forget the applied overrides that set only ``priorities``, once something replaced the
    whole key after them (they no longer apply; ``comp.applied`` keeps the others in order)."""
    comp.applied[:] = [name for name in comp.applied if not sets_only_priorities(comp, name)]


def leaf_paths(fragment: dict, path: tuple = ()) -> Iterator[tuple]:
    """Every leaf key path a fragment sets (a non-empty mapping is descended into)."""
    for key, value in fragment.items():
        here = path + (str(key),)
        if isinstance(value, dict) and value:
            yield from leaf_paths(value, here)
        else:
            yield here


def _conflicts(file: str, fragments: list[tuple[str, dict, Origin]]) -> list[Problem]:
    """Two fragments that set the same leaf (or one a leaf below the other's)."""
    problems = []
    leaves = [(name, set(leaf_paths(fragment))) for name, fragment, _ in fragments]
    for i, (first, paths1) in enumerate(leaves):
        for second, paths2 in leaves[i + 1 :]:
            clash = sorted(
                min(p, q, key=len)
                for p in paths1
                for q in paths2
                if p[: len(q)] == q or q[: len(p)] == p
            )
            for key in dict.fromkeys(clash):
                problems.append(
                    Problem(
                        file,
                        f"use {first},{second}",
                        ".".join(key),
                        f"overrides '{first}' and '{second}' not both setting "
                        f"{'.'.join(key)} (order must not decide)",
                    )
                )
    return problems


def apply_sets(comp: Composed, sets: Sequence[str]) -> None:
    """Apply each ``key.path=value`` in order (after every override)."""
    problems: list[Problem] = []
    for text in sets:
        _apply_set(comp, text, problems)
    if problems:
        raise InputError(problems)


def parse_set(text: str) -> tuple[list, object] | Problem:
    """``("a.b.2027", "0.05")`` -> ``(["a", "b", 2027], 0.05)``, or the problem with it."""
    if "=" not in text:
        return Problem("--set", text, text, "key.path=value")
    key, raw = text.split("=", 1)
    segments = key.strip().split(".")
    if not key.strip() or any(not s.strip() for s in segments):
        return Problem("--set", text, key, "a dotted key path without empty parts, e.g. a.b.c")
    path = [int(s) if is_digits(s.strip()) else s.strip() for s in segments]
    try:
        value = load_yaml(raw)
    except YamlRefused as err:
        return Problem("--set", text, raw, f"a YAML value after '=' with {err.message}")
    except yaml.YAMLError:
        return Problem("--set", text, raw, "a YAML value after '='")
    if path[0] in ("extends", "overrides"):
        return Problem("--set", text, path[0], "a key other than extends or overrides")
    return path, value


def _apply_set(comp: Composed, text: str, problems: list[Problem]) -> None:
    parsed = parse_set(text)
    if isinstance(parsed, Problem):
        problems.append(parsed)
        return
    path, value = parsed
    origin = Origin(f"--set {text}", comp.path.parent)
    if path[0] in READ_TABLES and len(path) > 1:
        if len(path) != 3:
            expected = (
                f"{path[0]}.ROW.COLUMN"
                if path[0] in ("boards", "actions")
                else (f"{path[0]}.BOARD.{'ACTION' if path[0] == 'potentials' else 'YEAR'}")
            )
            problems.append(Problem("--set", text, ".".join(map(str, path)), expected))
            return
    elif not _expand_scalars(comp, path, text, problems):
        return
    if path == ["priorities"] and not isinstance(value, dict):  # replaces the whole set
        drop_replaced_priorities(comp)
    fragment: object = value
    for segment in reversed(path):
        fragment = {segment: fragment}
    merge(comp, fragment, origin, problems)  # type: ignore[arg-type]


def _expand_scalars(comp: Composed, path: list, text: str, problems: list[Problem]) -> bool:
    """Expand a scalar on ``path`` that is followed by a year segment to ``{year: scalar}``."""
    node = comp.data
    for i, segment in enumerate(path[:-1]):
        child = node.get(segment)
        if isinstance(path[i + 1], int) and _is_scalar_number(child):
            years = _plan_years(comp)
            if years is None:
                problems.append(
                    Problem("--set", text, comp.data.get("years"), "valid years to expand over")
                )
                return False
            child = {t: child for t in years}
            node[segment] = child
        if not isinstance(child, dict):
            return True
        node = child
    return True


def _is_scalar_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _plan_years(comp: Composed) -> list[int] | None:
    years = comp.data.get("years")
    if not isinstance(years, dict):
        return None
    first, last = as_int(years.get("first")), as_int(years.get("last"))
    if first is None or last is None or first > last:
        return None
    return list(range(first, last + 1))
