"""The four tables of a scenario (boards, frames, actions, potentials): reading and cell edits.

A table is a relative CSV path or an inline list of records. Either way it becomes a
``Table`` of ``Row`` s holding the raw values (strings from a CSV, YAML scalars inline); the
conversion and every rule on the values is ``checks/tables.py``'s. Each row knows where it
came from, so a message names the file and the row (CSV line number, header = line 1), and a
cell set by an override or ``--set`` names that instead.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from optimizer.scenario.inputs import Problem

TABLE_NAMES = ("boards", "frames", "actions", "potentials")
# groups (section 9), committed (10.3): read like a table, no sheet
READ_TABLES = (*TABLE_NAMES, "groups", "committed")
ROW_ID = {"groups": "group"}  # the column a mapping's keys name rows by (else ``id``)
ID_TABLES = ("boards", "actions")
MAX_ROWS = 200_000  # rows of one table (CSV, inline or a workbook sheet)
MAX_COLUMNS = 100  # columns of one table
MAX_BYTES = 50_000_000  # size of one CSV file or workbook
MAX_CELL = 131_072  # characters in one CSV cell: the csv module's default, which imports may raise
PAIR_TABLES = {"potentials": ("board", "action", "pot"), "frames": ("board", "year", "frame")}


@dataclass(frozen=True)
class Origin:
    """Where a piece of the composed scenario was written.

    ``file`` is what a message names (a path as the user would write it, or ``--set ...``),
    ``dir`` the folder relative paths in that piece are resolved against. A key path ``P`` of
    the composed scenario is at ``prefix + P[strip:]`` in that file (an override's keys sit
    under ``overrides.<name>``; a priority set file's keys are the scenario's ``priorities.*``).
    """

    file: str
    dir: Path
    prefix: tuple = ()
    strip: int = 0

    def where(self, path: tuple) -> str:
        """The dotted key path in ``file`` of the composed scenario's key path ``path``."""
        return ".".join(str(p) for p in self.prefix + tuple(path[self.strip :]))


@dataclass
class Row:
    """One record: raw values by column, and where it (or a cell edited later) was written."""

    values: dict[str, object]
    file: str
    where: str
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)

    def locate(self, column: str | None = None) -> tuple[str, str]:
        """``(file, where)`` of the whole row, or of one of its cells."""
        if column is not None and column in self.cells:
            return self.cells[column]
        where = self.where if column is None else f"{self.where}, column {column}"
        return self.file, where


@dataclass
class Table:
    """A table's rows in file order, its columns (CSV header or union of record keys)."""

    name: str
    file: str
    columns: list[str]
    rows: list[Row]


def display_join(file: str, relative: str) -> str:
    """The path a message shows for ``relative`` named in ``file``: joined and normalised."""
    return os.path.normpath(os.path.join(os.path.dirname(file), relative))


def read_table(
    name: str, spec: object, origin: Origin, path: tuple, problems: list[Problem]
) -> Table | None:
    """A table from a CSV path (relative to ``origin.dir``) or an inline list of records.

    A path may not leave ``origin.dir`` (the folder of the file naming it), after resolving
    symlinks and ``..``.
    """
    if isinstance(spec, str):
        return _read_csv_spec(name, spec, origin, path, problems)
    if isinstance(spec, list):
        return _read_inline(name, spec, origin, path, problems)
    problems.append(
        Problem(origin.file, origin.where(path), spec, "a relative CSV path or a list of records")
    )
    return None


def _read_csv_spec(
    name: str, spec: str, origin: Origin, path: tuple, problems: list[Problem]
) -> Table | None:
    actual = origin.dir / spec
    shown = display_join(origin.file, spec) if not origin.file.startswith("--") else str(actual)
    root = origin.dir.resolve()
    try:
        actual.resolve().relative_to(root)
    except ValueError:
        problems.append(
            Problem(origin.file, origin.where(path), spec, f"a path inside the folder {root}")
        )
        return None
    if not actual.is_file():
        problems.append(Problem(shown, "", spec, f"an existing CSV file (for {name})"))
        return None
    return read_csv(name, actual, shown, problems)


def read_csv(name: str, actual: Path, shown: str, problems: list[Problem]) -> Table | None:
    """Read a comma-separated file with a header row; cells are stripped strings.

    Bounded (docs/robustness.md): a file over ``MAX_BYTES``, a table over ``MAX_ROWS`` rows or
    ``MAX_COLUMNS`` columns is one problem naming the cap; the file is streamed, never read
    whole; a line too long for the csv module is a problem with its row.
    """
    try:
        size = actual.stat().st_size
        if size > MAX_BYTES:
            problems.append(
                Problem(shown, "", f"{size} bytes", f"a CSV file of at most {MAX_BYTES} bytes")
            )
            return None
        with open(actual, encoding="utf-8-sig", newline="") as fh:
            return _read_rows(name, csv.reader(fh), shown, problems)
    except UnicodeDecodeError as err:
        problems.append(Problem(shown, "", str(err), "a UTF-8 text file"))
    except OSError as err:
        problems.append(Problem(shown, "", str(err), "a readable file"))
    return None


def _read_rows(name: str, reader, shown: str, problems: list[Problem]) -> Table | None:
    try:
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            problems.append(Problem(shown, "row 1", header or "", "a header row of column names"))
            return None
        if len(header) > MAX_COLUMNS:
            problems.append(Problem(shown, "row 1", len(header), f"at most {MAX_COLUMNS} columns"))
            return None
        header = [h.strip() for h in header]
        ok = _check_header(header, shown, problems)
        rows: list[Row] = []
        for record in reader:
            line = reader.line_num
            if not any(c.strip() for c in record):
                continue
            if (longest := max(map(len, record))) > MAX_CELL:
                value = f"a cell of {longest} characters (at most {MAX_CELL})"
                problems.append(Problem(shown, f"row {line}", value, "valid CSV"))
                return None
            if len(rows) >= MAX_ROWS:
                problems.append(
                    Problem(shown, f"row {line}", "more rows", f"at most {MAX_ROWS} rows")
                )
                return None
            if len(record) > len(header):
                problems.append(
                    Problem(
                        shown,
                        f"row {line}",
                        record[: len(header) + 1],
                        f"at most {len(header)} values",
                    )
                )
                continue
            values = {h: record[i].strip() for i, h in enumerate(header) if i < len(record)}
            rows.append(Row(values, shown, f"row {line}"))
    except csv.Error as err:
        problems.append(Problem(shown, f"row {reader.line_num}", str(err), "valid CSV"))
        return None
    return Table(name, shown, header, rows) if ok else None


def _check_header(header: list[str], shown: str, problems: list[Problem]) -> bool:
    if len(header) == 1 and ";" in header[0]:
        problems.append(
            Problem(shown, "row 1", header[0], "comma-separated columns (not semicolons)")
        )
        return False
    ok = True
    for i, column in enumerate(header):
        if not column:
            problems.append(Problem(shown, f"row 1, column {i + 1}", column, "a column name"))
            ok = False
        elif column in header[:i]:
            problems.append(Problem(shown, "row 1", column, "each column name once"))
            ok = False
    return ok


def _read_inline(
    name: str, records: list, origin: Origin, path: tuple, problems: list[Problem]
) -> Table:
    rows: list[Row] = []
    columns: list[str] = []
    where = origin.where(path)
    if len(records) > MAX_ROWS:
        problems.append(
            Problem(origin.file, where, f"{len(records)} rows", f"at most {MAX_ROWS} rows")
        )
        return Table(name, origin.file, columns, rows)
    for i, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            problems.append(Problem(origin.file, f"{where} row {i}", record, "a record (mapping)"))
            continue
        values = {str(k): v for k, v in record.items()}
        columns.extend(c for c in values if c not in columns)
        rows.append(Row(values, origin.file, f"{where} row {i}"))
    return Table(name, origin.file, columns, rows)


def edit_table(
    table: Table | None,
    name: str,
    edits: dict,
    origin: Origin,
    problems: list[Problem],
) -> Table | None:
    """Merge a mapping onto a table: its keys are row ids.

    - boards, actions: ``{ID: {column: value}}``; an unknown id is an error.
    - potentials: ``{BOARD: {ACTION: pot}}``; frames: ``{BOARD: {YEAR: frame}}``; the cell of
      that pair is set, and a new pair is added as a new row.
    """
    if table is None:
        if name not in PAIR_TABLES:
            problems.append(
                Problem(origin.file, origin.where((name,)), edits, f"a {name} table to edit")
            )
            return None
        table = Table(name, origin.file, list(PAIR_TABLES[name]), [])
    if name in PAIR_TABLES:
        _edit_pairs(table, name, edits, origin, problems)
    else:
        _edit_ids(table, name, edits, origin, problems)
    return table


def _edit_ids(table: Table, name: str, edits: dict, origin: Origin, problems: list[Problem]):
    id_column = ROW_ID.get(name, "id")
    by_id = {str(row.values.get(id_column, "")).strip(): row for row in table.rows}
    for row_id, cells in edits.items():
        where = origin.where((name, row_id))
        row = by_id.get(str(row_id))
        if row is None:
            known = ", ".join(k for k in by_id if k)
            problems.append(Problem(origin.file, where, row_id, f"a row id of {name} ({known})"))
            continue
        if not isinstance(cells, dict):
            problems.append(Problem(origin.file, where, cells, "a mapping {column: value}"))
            continue
        for column, value in cells.items():
            column = str(column)
            if column == "id":
                problems.append(
                    Problem(origin.file, f"{where}.id", value, "a column other than id")
                )
                continue
            _set_cell(table, row, column, value, origin, (name, row_id, column))


def _edit_pairs(table: Table, name: str, edits: dict, origin: Origin, problems: list[Problem]):
    first, second, column = PAIR_TABLES[name]
    index = {
        (str(r.values.get(first, "")).strip(), str(r.values.get(second, "")).strip()): r
        for r in table.rows
    }
    for key, inner in edits.items():
        if not isinstance(inner, dict):
            expected = f"a mapping {{{second}: {column}}}"
            problems.append(Problem(origin.file, origin.where((name, key)), inner, expected))
            continue
        for key2, value in inner.items():
            path = (name, key, key2)
            row = index.get((str(key), str(key2)))
            if row is None:
                values = {first: str(key), second: str(key2), column: value}
                row = Row(values, origin.file, origin.where(path))
                table.rows.append(row)
                index[(str(key), str(key2))] = row
            _set_cell(table, row, column, value, origin, path)


def _set_cell(table: Table, row: Row, column: str, value: object, origin: Origin, path: tuple):
    row.values[column] = value
    row.cells[column] = (origin.file, origin.where(path))
    if column not in table.columns:
        table.columns.append(column)
