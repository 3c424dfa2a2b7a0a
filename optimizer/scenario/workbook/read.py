"""Reading a scenario from an Excel workbook (``.xlsx``) into the same composed scenario as YAML.

``load_scenario("model.xlsx")`` comes here through ``compose.load_file``; every later stage
(``use``, ``--set``, the checks) runs unchanged. The sheets (``report/excel/template.py`` writes
them, with a help row above each header; sheet names are matched ignoring case, other sheets
such as ``README`` are ignored):

- ``scenario``: columns ``key``, ``value`` (others ignored). Each row sets one key path as
  ``--set`` does (``economy.revenue.growth``, ``targets.result.2027``; parts of digits are
  years), a blank value sets nothing. A text value beginning with ``[`` or ``{`` is read as
  YAML (``[2025, 2026]``); ``true``/``false`` are booleans; ``null`` removes a key (in an
  override). ``overrides.NAME.key.path`` rows
  make the named override ``NAME``; ``uncertainty.KEY`` rows take the rest of the key as one
  key (``uncertainty.drivers.wage``) and a mapping as the value.
- ``boards``, ``frames``, ``actions``, ``potentials``: a header row of column names (the CSV
  columns; ``cost0 (MSEK)`` is ``cost0``: a bracketed unit is dropped), one record per row.
- ``priorities``: columns ``setting, board, category, action, year, value`` (``workbook/priorities.py``).
  The set it gives merges over a set named in the scenario sheet's ``priorities`` row.

Every message names the workbook and sheet as its file, ``model.xlsx[boards]``, and the Excel
row: ``model.xlsx[boards], row 5, column cost0: got 'abc', expected a number >= 0``. A formula
counts by its saved result; one without a saved result is an error.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from pathlib import Path

import yaml

from optimizer.scenario.compose import Composed, Override, merge, normalise_keys, override_label
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.safe_yaml import YamlRefused
from optimizer.scenario.safe_yaml import load as load_yaml
from optimizer.scenario.tables import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    TABLE_NAMES,
    Origin,
    Row,
    Table,
)
from optimizer.scenario.values import is_digits
from optimizer.scenario.workbook.cells import Book, CellOrigin, clean
from optimizer.scenario.workbook.priorities import read_priorities

SHEETS = ("scenario", *TABLE_NAMES, "priorities")
REQUIRED_SHEETS = ("scenario", "boards", "actions", "potentials")
KEY_COLUMN = {
    "scenario": "key",
    "boards": "id",
    "actions": "id",
    "frames": "board",
    "potentials": "board",
    "priorities": "setting",
}
TEXT_KEYS = ("name", "description")  # never read as YAML
HEADER_SEARCH = 20  # the header is among the first rows


def load_workbook_file(path: Path, shown: str, priorities_dir: Path) -> Composed:
    """The composed scenario of a workbook, as ``compose.load_file`` gives one of YAML."""
    book = read_workbook(path, shown)
    comp = Composed({}, shown, path, priorities_dir)
    problems: list[Problem] = []
    merge(comp, book.data, Origin(f"{shown}[scenario]", path.parent), problems)
    if book.priorities is not None:
        origin = Origin(f"{shown}[priorities]", path.parent)
        merge(comp, {"priorities": book.priorities}, origin, problems)
    for name, table in book.tables.items():
        comp.data[name] = table
        comp.set_origin((name,), Origin(table.file, path.parent))
    for key in sorted(book.origins, key=len):
        comp.set_origin(key, book.origins[key])
    for name, fragment in book.overrides.items():
        origin = Origin(f"{shown}[scenario]", path.parent, prefix=("overrides", name))
        fragment = dict(fragment)
        where = f"overrides.{name}.label"
        label = override_label(fragment.pop("label", None), f"{shown}[scenario]", where, problems)
        comp.overrides[name] = Override(name, fragment, origin, label)
    if problems:
        raise InputError(problems)
    return comp


def read_workbook(path: Path, shown: str) -> Book:
    """Read every sheet; all problems at once as one ``InputError``."""
    grids = _grids(path, shown)
    problems: list[Problem] = []
    book = Book()
    for name in REQUIRED_SHEETS:
        if name not in grids:
            expected = f"a sheet named {name} (sheets: {', '.join(SHEETS)})"
            problems.append(Problem(shown, f"sheet {name}", "missing", expected))
    for name, grid in grids.items():
        file = f"{shown}[{name}]"
        found = _records(grid, name, file, problems)
        if found is None:
            continue
        columns, records = found
        if name in TABLE_NAMES:
            rows = [Row(values, file, f"row {r}") for r, values in records]
            if rows or name != "frames":
                book.tables[name] = Table(name, file, columns, rows)
        elif name == "scenario":
            _scenario(book, records, file, path.parent, problems)
        else:
            read_priorities(book, records, file, path.parent, problems)
    if problems:
        raise InputError(problems)
    return book


def _grids(path: Path, shown: str) -> dict[str, list[list[tuple[object, bool]]]]:
    """The known sheets as rows of ``(value, is a formula without a saved result)``.

    The workbook is read in read-only mode (streamed, never loaded whole) and each sheet only
    up to ``MAX_ROWS`` rows and ``MAX_COLUMNS`` columns: a formatted cell at XFD1048576 costs
    nothing, a sheet with content beyond the caps is a problem naming the cap.
    """
    if path.stat().st_size > MAX_BYTES:
        expected = f"an Excel workbook of at most {MAX_BYTES} bytes"
        raise InputError(Problem(shown, "", f"{path.stat().st_size} bytes", expected))
    try:
        cells = _read_sheets(path, data_only=False)
        formulas = any(c[1] for grid in cells.values() for row in grid for c in row)
        saved = _read_sheets(path, data_only=True) if formulas else None
    except InputError as err:
        raise InputError([replace(p, file=f"{shown}{p.file}") for p in err.problems]) from None
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(
            Problem(shown, "", str(err) or type(err).__name__, "an Excel workbook (.xlsx)")
        ) from None
    grids = {}
    for name, grid in cells.items():
        values = saved.get(name) if saved is not None else None
        out = []
        for i, row in enumerate(grid):
            line = []
            for j, (value, is_formula) in enumerate(row):
                if is_formula:
                    found = _at(values, i, j)
                    line.append((value if found is None else found, found is None))
                else:
                    line.append((value, False))
            out.append(line)
        grids[name] = out
    return grids


def _read_sheets(path: Path, data_only: bool) -> dict[str, list[list[tuple[object, bool]]]]:
    """The known sheets' cells as ``(value, is a formula)``, read-only, within the caps;
    trailing empty rows and columns dropped."""
    from openpyxl import load_workbook  # start-up time

    with warnings.catch_warnings():  # e.g. "Data Validation extension is not supported"
        warnings.simplefilter("ignore")
        wb = load_workbook(path, read_only=True, data_only=data_only)
    try:
        sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
        grids = {}
        for name in SHEETS:
            if name not in sheets:
                continue
            grid: list[list[tuple[object, bool]]] = []
            rows = sheets[name].iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1)
            for r, row in enumerate(rows, start=1):
                line = [(c.value, getattr(c, "data_type", "n") == "f") for c in row]
                while line and line[-1][0] is None:
                    line.pop()
                if line and (r > MAX_ROWS or len(line) > MAX_COLUMNS):
                    where = f"row {r}" if r > MAX_ROWS else f"row {r}, column {len(line)}"
                    expected = f"at most {MAX_ROWS} rows and {MAX_COLUMNS} columns"
                    raise InputError(Problem(f"[{name}]", where, "more", expected))
                grid.append(line)
            while grid and not grid[-1]:
                grid.pop()
            grids[name] = grid
        return grids
    finally:
        wb.close()


def _at(grid, i: int, j: int) -> object:
    if grid is None or i >= len(grid) or j >= len(grid[i]):
        return None
    return grid[i][j][0]


def _column_name(value: object) -> str:
    """``"cost0 (MSEK)"`` -> ``"cost0"``; ``""`` for an empty header cell."""
    return str(value).split(" (", 1)[0].strip() if value is not None else ""


def _letter(j: int) -> str:
    from openpyxl.utils import get_column_letter  # start-up time

    return get_column_letter(j + 1)


def _records(grid, name: str, file: str, problems: list[Problem]):
    """``(columns, [(excel row, {column: value})])`` below the header row, or ``None``."""
    key = KEY_COLUMN[name]
    top = next(
        (
            i
            for i, row in enumerate(grid[:HEADER_SEARCH])
            if key in [_column_name(v) for v, _ in row]
        ),
        None,
    )
    if top is None:
        problems.append(Problem(file, "", "no header row", f"a header row with the column '{key}'"))
        return None
    names = [_column_name(v) for v, _ in grid[top]]
    for j, column in enumerate(names):
        if column and column in names[:j]:
            problems.append(
                Problem(
                    file, f"row {top + 1}, column {_letter(j)}", column, "each column name once"
                )
            )
    columns = [c for c in names if c]
    records = []
    for i in range(top + 1, len(grid)):
        r, values = i + 1, {}
        for j, (value, unsaved) in enumerate(grid[i]):
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            column = names[j] if j < len(names) else ""
            if unsaved:
                expected = "a value (a formula without a saved result: open and save it in Excel)"
                problems.append(
                    Problem(file, f"row {r}, column {column or _letter(j)}", value, expected)
                )
            elif not column:
                problems.append(
                    Problem(
                        file, f"row {r}, column {_letter(j)}", value, "a value under a column name"
                    )
                )
            else:
                values[column] = clean(value)
        if values:
            records.append((r, {c: values.get(c, "") for c in columns}))
    return columns, records


def _segments(text: object) -> list | None:
    """``"targets.result.2027"`` -> ``["targets", "result", 2027]``; ``None`` if malformed."""
    parts = [p.strip() for p in str(text).split(".")]
    if not str(text).strip() or any(not p for p in parts):
        return None
    if parts[0] == "uncertainty" and len(parts) > 2:
        parts = ["uncertainty", ".".join(parts[1:])]  # a dotted key of its own
    return [int(p) if is_digits(p) else p for p in parts]


def cell_value(value: object, last_key: object) -> object:
    """A scenario value: ``[...]``/``{...}`` texts read as YAML (not for names), true/false;
    ``null`` is no value (an override that removes a key, e.g. ``balance.deficits``)."""
    if isinstance(value, str) and last_key not in TEXT_KEYS:
        if value.startswith(("[", "{")):
            return normalise_keys(load_yaml(value))
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        if value.strip().lower() == "null":
            return None
    return value


def _scenario(book: Book, records, file: str, folder: Path, problems: list[Problem]) -> None:
    seen: dict[tuple, int] = {}
    for r, values in records:
        raw = values.get("key", "")
        value = values.get("value", "")
        if value == "":
            continue
        where = f"row {r}, column key"
        path = _segments(raw)
        if path is None:
            problems.append(
                Problem(file, where, raw, "a dotted key path, e.g. economy.revenue.growth")
            )
            continue
        expected = None
        if path[0] in TABLE_NAMES:
            expected = f"a key other than {path[0]} (the sheet {path[0]} holds that table)"
        elif path[0] == "extends":
            expected = "a key other than extends (a workbook stands alone)"
        elif path[0] == "overrides" and len(path) < 3:
            expected = "overrides.NAME.key.path"
        if expected is not None:
            problems.append(Problem(file, where, raw, expected))
            continue
        clash = next(
            (p for p in seen if p[: len(path)] == tuple(path) or tuple(path)[: len(p)] == p), None
        )
        if clash is not None:
            expected = f"each key once (row {seen[clash]} sets {'.'.join(map(str, clash))})"
            problems.append(Problem(file, where, raw, expected))
            continue
        try:
            value = cell_value(value, path[-1])
        except (yaml.YAMLError, YamlRefused):
            where = f"row {r} ({'.'.join(map(str, path))}), column value"
            problems.append(Problem(file, where, value, "a YAML list [..] or mapping {..}"))
            continue
        seen[tuple(path)] = r
        if path[0] == "overrides":
            _put(book.overrides.setdefault(str(path[1]), {}), path[2:], value)
        else:
            _put(book.data, path, value)
            book.origins[tuple(path)] = CellOrigin(file, folder, row=r, column="value")


def _put(tree: dict, path: list, value: object) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value
