"""A results folder checked as it is read: ``summary.json`` by its shape, each CSV against the
Data Package written beside it (``datapackage.json``), and the version that wrote it.

A folder can be damaged (a copy cut short, a hand edit, a file lost) or come from another
version; ``Results.read`` then raises one ``ValueError`` naming the file, the row or key, the
value and what was expected, instead of a report or an account built on half of it:

- ``summary.json``: every key the tool writes holds its kind of value (``SHAPE``): a finite
  number of magnitude at most ``MAX_NUMBER`` (or null), a text, a list of texts, a mapping.
  Keys it does not know are left alone.
- each resource of ``datapackage.json``: its CSV is there, ends with a line break (a file cut
  mid-row does not), has exactly the schema's columns, and every cell of an ``integer`` or
  ``number`` field is empty or a number (``abc`` in ``region.csv`` is named with its line).
  A folder without ``datapackage.json`` (written before it existed) skips these checks.
- ``newer_tool``: a folder written by a newer ``tool_version`` than this one is read as far
  as this version knows it, and the command says so (``cli.common.read_results``).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pandas as pd

from optimizer.version import __version__

MAX_NUMBER = 1e15  # MSEK: far beyond any region's budget, far below float overflow
NUMBER, TEXT, FLAG = "a number", "a text", "true or false"
SHAPE: dict = {
    "objective": NUMBER, "impact": NUMBER, "total_shortfall": NUMBER, "seconds": NUMBER,
    "savings_by_year": {"*": NUMBER}, "shortfall_by_tier": {"*": NUMBER},
    "tax_rate": {"ore": NUMBER, "by_year": {"*": NUMBER}, "text": TEXT},
    "mip": {"integer_decisions": NUMBER, "gap": NUMBER, "note": TEXT, "taken": NUMBER,
            "objective_mip": NUMBER},
    "solver": {"name": TEXT, "version": TEXT},
    "names": {  # display names; a group by its actions, an override by its label per language
        "groups": {"*": [TEXT]}, "overrides": {"*": {"*": TEXT}}, "*": {"*": TEXT},
    },
    "scenario": TEXT, "priorities": TEXT, "objective_name": TEXT, "inputs_sha256": TEXT,
    "tool_version": TEXT, "shortfall_tier": TEXT, "detail": TEXT, "strict": FLAG,
    "overrides": [TEXT], "sets": [TEXT],
}  # fmt: skip


def check_summary(summary: dict, path: Path) -> None:
    """Raise ``ValueError`` for the first key of ``summary`` whose value is not of its kind."""
    problem = _shape_problem(summary, SHAPE, "")
    if problem is not None:
        key, value, expected = problem
        shown = json.dumps(value, ensure_ascii=False)[:60]
        raise ValueError(f"{path}: {key}: got {shown}, expected {expected}")


def _shape_problem(value, shape, key: str) -> tuple[str, object, str] | None:
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return key, value, "a mapping"
        for name, item in value.items():
            inner = shape.get(name, shape.get("*"))
            if inner is not None:
                found = _shape_problem(item, inner, f"{key}.{name}" if key else str(name))
                if found is not None:
                    return found
        return None
    if isinstance(shape, list):
        if not isinstance(value, list):
            return key, value, f"a list of {shape[0]}s"
        for k, item in enumerate(value):
            found = _shape_problem(item, shape[0], f"{key}[{k}]")
            if found is not None:
                return found
        return None
    if value is None:
        return None
    if shape == NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok or not math.isfinite(value) or abs(value) > MAX_NUMBER:
            return key, value, f"a number of magnitude at most {MAX_NUMBER:g} (or null)"
    elif shape == TEXT and not isinstance(value, str):
        return key, value, "a text (or null)"
    elif shape == FLAG and not isinstance(value, bool):
        return key, value, FLAG
    return None


def package_schemas(folder: Path) -> dict[str, list[dict]] | None:
    """``{table: fields}`` of the folder's ``datapackage.json``; ``None`` without one."""
    path = folder / "datapackage.json"
    if not path.is_file():
        return None
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
        resources = package["resources"]
        return {
            str(r["path"]).removesuffix(".csv"): list(r["schema"]["fields"]) for r in resources
        }
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a Data Package this tool wrote ({exc})") from None


def check_table(path: Path, frame: pd.DataFrame, fields: list[dict]) -> None:
    """Raise ``ValueError`` where the CSV at ``path`` (read as ``frame``, before any renaming)
    does not match its schema (module docstring)."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        if size:
            fh.seek(size - 1)
            if fh.read(1) != b"\n":
                raise ValueError(f"{path}: cut short (its last row ends without a line break)")
    names = [f["name"] for f in fields]
    extra = [c for c in frame.columns if c not in names]
    if extra:
        raise ValueError(
            f"{path}: unexpected column {extra[0]!r}; datapackage.json lists {', '.join(names)}"
        )
    for field in fields:
        name = field["name"]
        if field.get("type") not in ("integer", "number") or name not in frame.columns:
            continue
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column):
            continue
        numbers = pd.to_numeric(column, errors="coerce")
        bad = column.notna() & numbers.isna() & ~column.astype(str).str.fullmatch(_MISSING)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise ValueError(
                f"{path}: line {row + 2}, column {name}: got {column.iloc[row]!r}, "
                f"expected a number ({field['type']})"
            )


_MISSING = r"\s*|nan|NaN"


def newer_tool(summary: dict) -> str | None:
    """The ``tool_version`` that wrote ``summary`` when it is newer than this one, else None."""
    written = summary.get("tool_version")
    if not isinstance(written, str) or not written:
        return None
    return written if _key(written) > _key(__version__) else None


def _key(version: str) -> tuple[int, ...]:
    """``"1.10.2"`` -> ``(1, 10, 2)``; the leading number of each part (``"0rc1"`` -> 0)."""
    out = []
    for part in version.split("."):
        digits = re.match(r"\d*", part).group()
        out.append(int(digits) if digits else 0)
    return tuple(out)
