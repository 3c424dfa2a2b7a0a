"""``Results``: the tidy tables of one solve, and writing/reading a results folder.

The columns are the contract of docs/model.md, "Outputs", plus three tables of our own
(``shortfall``, ``liquidity``, ``protected``). Writing is atomic: the files go to a temporary
sibling folder that is renamed into place.

Tables (notation of docs/model.md; ``x[b,a,s]`` is the full annual effect of action
``a`` in board ``b`` started in year ``s``); ``Results.tables[name]`` or ``results.<name>``:

- ``actions``: board, action, category, start_year, amount (``x[b,a,s]``, rows above 1e-6),
  weight (``w[b,a]`` after the priority set), reduced_cost (in weight units: how much
  ``w[b,a]`` must fall before this start enters; 0 for amounts in the plan).
- ``effects``: board, action, year, effect ``E_a[b,t] = sum_{s<=t} ramp[a][t-s] * idx[b,s,t]
  * x[b,a,s]``; one row per used (board, action) per plan year.
- ``boards``: board, year, baseline ``base[b,t]``, effect ``E``, oneoff ``O``, depreciation
  ``D``, cost ``C = base - E + O + D``, frame, margin ``frame - C``, overrun (the slack ``uf``,
  ``C - uf <= frame``), frame_dual.
- ``region``: year, revenue, grants, financial, central, cost ``sum_b C``, result ``R``, target
  (NaN where none), shortfall ``ur``, result_dual, balance ``Bal``, milestone (NaN where none),
  milestone_dual.
- ``duals``: constraint (the family of docs/model.md), board, action, category, year (empty
  where the row has no such key), dual (the fall in the objective per MSEK by which the row is
  loosened; >= 0 for a binding inequality), slack (distance from the bound, the elastic slack's
  help included), binding.
- ``shortfall``: requirement (frame, result, milestone, category, cash), board, category, year,
  target, value (reached without the slack), shortfall (rows above 1e-6 only).
- ``liquidity``: year, cash, loans, borrowing ``dl``, min_cash, shortfall ``uk`` (empty without
  liquidity).
- ``reconciliation`` (v2, with the law's balance keys; ``optimizer/balance_law.py``): the
  balanskravsutredning per plan year by the law's rule, from the plan's results.
- ``frames`` (v2): board, year, frame, status (decided or proposed), current (the frame
  ``frame0``/``uprate`` would give), change (frame - current).
- ``protected``: board, action, category, potential (``pot[b,a]``), reason (board, category or
  action): the pairs
  with a potential that the priority set protects.
- ``ranging`` (``optimizer/analysis/sensitivity.py``; docs/sensitivity.md): kind ``rhs`` (one row per
  requirement row: frame, result, milestone, potential, pace, freeze, category, invest, floor,
  cash, min_cash) or ``weight`` (one row per unprotected (board, action) pair with columns);
  constraint (the family, or ``weight``), board, action, category, year; value (the requirement
  in the user's units, or the objective weight ``w[b,a]``); lower, upper (the range of that
  value over which the row's dual, resp. the plan, stays valid; NaN without HiGHS ranging);
  dual (rhs: as in ``duals``; weight: ``d objective / d(-w) = sum_t E_a[b,t]``, MSEK-years);
  degenerate (the dual, resp. the plan, is not unique: the range is zero-wide on one side;
  empty without HiGHS ranging).
- ``why_not`` (``optimizer/analysis/sensitivity.py``): board, action, amount (``sum_s x[b,a,s]``),
  potential (``pot[b,a]``), reason (protected, no_effect, outside_window, potential_reached,
  pace_limited, not_needed, displaced_by, too_costly; one per row, by the precedence in
  docs/sensitivity.md), detail (text; ``too_costly``: the weight at which it would enter).

``summary``: status (optimal, shortfall, infeasible, time_limit), objective (the chosen
objective's value), impact (``sum w[b,a] * E_a[b,t]``, plus ``tail_years`` times the last
year's), total_shortfall (sum of the shortfall table: rows with a positive weight, MSEK),
shortfall_by_tier {law, targets, frames} and shortfall_tier (v2: the first tier that falls
short), savings_by_year, scenario, overrides (the names of ``use`` that apply), sets (each
``--set`` as ``key.path=value``, in order; ``changes_applied`` joins the two), priorities,
objective_name, strict, solver {name,
version}, seconds, inputs_sha256, tool_version; names {boards: {id: name}, actions: {id: name}}
(display names for the reports); conflict (infeasible only).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.results.csv_safe import read_csv, write_csv
from optimizer.results.datapackage import write_datapackage
from optimizer.results.folder import ResultsDirExists, write_folder  # noqa: F401 (re-exported)
from optimizer.results.read_checks import check_summary, check_table, package_schemas
from optimizer.results.schema import FIELDS, INTEGER_COLUMNS, NUMBER_COLUMNS

# the columns of each table, in order: the fields of its Frictionless schema (one list)
COLUMNS: dict[str, list[str]] = {name: [f.name for f in fields] for name, fields in FIELDS.items()}
TABLES = tuple(COLUMNS)
STATUSES = ("optimal", "shortfall", "infeasible", "time_limit")


# Renamed columns of older results folders: one name per concept across tables
_RENAMED = {"protected": {"pot": "potential"}}
NOISE = 1e-9  # |value| below this (MSEK or a price) is solver noise, written as 0
DECIMALS = 7  # digits kept below the unit: HiGHS's feasibility tolerance is 1e-7


COMMITTED = "committed"  # actions.csv's status of an action decided in an earlier round


def new_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``actions`` this plan decides (status ``new``; every row of an older folder)."""
    if "status" not in actions.columns:
        return actions
    return actions[actions["status"].astype(str) != COMMITTED]


def committed_actions(actions: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``actions`` decided in earlier rounds (MODEL.md 10.3), fixed in the plan."""
    if "status" not in actions.columns:
        return actions.iloc[0:0]
    return actions[actions["status"].astype(str) == COMMITTED]


@dataclass
class Results:
    """The outcome of one solve: ``summary`` (docs/model.md, "Outputs") and one DataFrame per table.

    Every table of ``TABLES`` is an attribute (``results.actions``; listed by ``dir()``): a
    table the solve has no rows for, e.g. every table but ``protected`` of an infeasible one,
    is an empty DataFrame with the table's columns. Dtypes are one per column name across
    tables (``schema.FIELDS``): years ``Int64``, amounts and prices ``float64``.
    """

    summary: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.tables = {name: typed(name, frame) for name, frame in self.tables.items()}

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        if name in COLUMNS:
            return typed(name, pd.DataFrame(columns=COLUMNS[name]))
        raise AttributeError(
            f"'Results' object has no attribute {name!r}; the tables are {', '.join(TABLES)}"
        )

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(TABLES))

    @property
    def status(self) -> str:
        return str(self.summary.get("status", ""))

    def write(
        self,
        directory: str | os.PathLike,
        force: bool = False,
        extra: Callable[[Path], None] | None = None,
    ) -> Path:
        """Write ``summary.json`` and one CSV per table into ``directory``, atomically.

        An existing ``directory`` is refused unless ``force``; with ``force`` it is replaced
        only after the new folder is complete. ``extra(folder)`` writes more files into the
        new folder before it is swapped in (``solve --out R --report``: the report joins the
        swap, so a kill leaves the old folder or the new one with its report, never one
        without).
        """

        def fill(tmp: Path) -> None:
            for name in TABLES:
                frame = cleaned(getattr(self, name))
                write_csv(frame, tmp / f"{name}.csv")
            with open(tmp / "summary.json", "w", encoding="utf-8") as fh:
                json.dump(
                    _clean_json(self.summary),
                    fh,
                    indent=2,
                    ensure_ascii=False,
                    default=_json_default,
                )
                fh.write("\n")
            write_datapackage(tmp, self.summary)
            if extra is not None:
                extra(tmp)

        return write_atomically(directory, force, fill)

    @classmethod
    def read(cls, directory: str | os.PathLike) -> Results:
        """Read a results folder written by :meth:`write` (``FileNotFoundError`` saying what a
        results folder holds when ``directory`` has no ``summary.json``).

        A hand-edited folder is checked as it is read: ``summary.json`` must be a mapping with
        a known ``status`` and every known key of its kind, each table CSV must hold its
        columns (``COLUMNS``) and match the schema of ``datapackage.json`` (``read_checks``).
        Anything else is a ``ValueError`` naming the file and what was expected (the commands
        turn it into exit 2), never a traceback further on.
        """
        folder = Path(directory)
        if not (folder / "summary.json").is_file():
            raise FileNotFoundError(
                f"{folder}: not a results folder; expected summary.json and the CSV tables, "
                "written by results.write(DIR) or balansplan solve --out DIR"
            )
        with open(folder / "summary.json", encoding="utf-8") as fh:
            summary = json.load(fh)
        if not isinstance(summary, dict):
            raise ValueError(
                f"{folder / 'summary.json'}: expected a mapping, got {type(summary).__name__}"
            )
        if summary.get("status") not in STATUSES:
            raise ValueError(
                f"{folder / 'summary.json'}: expected a status ({', '.join(STATUSES)}), "
                f"got {summary.get('status')!r}"
            )
        check_summary(summary, folder / "summary.json")
        schemas = package_schemas(folder)
        tables = {}
        for name in TABLES:
            path = folder / f"{name}.csv"
            if schemas is not None and name in schemas and not path.exists():
                raise ValueError(f"{path}: missing (datapackage.json lists it)")
            if path.exists():
                frame = read_csv(path, keep_default_na=True)
                frame = frame.rename(columns=_RENAMED.get(name, {}))
                frame = _section_9_defaults(name, frame)
                missing = [c for c in COLUMNS[name] if c not in frame.columns]
                if missing:
                    raise ValueError(f"{path}: expected the columns {', '.join(missing)}")
                if schemas is not None and name in schemas:
                    check_table(path, frame, schemas[name])
                tables[name] = frame
        return cls(summary=summary, tables=tables)


def typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the columns of table ``name`` in their one dtype: ``integer`` columns
    ``Int64``, ``number`` columns ``float64`` (``schema.FIELDS``); old names renamed."""
    renamed = {old: new for old, new in _RENAMED.get(name, {}).items() if old in frame.columns}
    if renamed:
        frame = frame.rename(columns=renamed)
    changes = {}
    for column, dtype in frame.dtypes.items():
        if column in INTEGER_COLUMNS and str(dtype) != "Int64":
            changes[column] = "Int64"
        elif column in NUMBER_COLUMNS and dtype != "float64":
            changes[column] = "float64"
    if not changes:
        return frame
    frame = frame.copy(deep=False)  # the columns not changed are shared, not copied
    for column, dtype in changes.items():
        try:
            frame[column] = _as_dtype(frame[column], dtype)
        except (TypeError, ValueError):
            pass  # a column that is not what its name says stays as it is
    return frame


def _as_dtype(values: pd.Series, dtype: str):
    """``values`` as ``Int64`` or ``float64`` (``IntegerArray`` built directly from a numpy
    column: ``astype`` is 10x slower on the small tables of one solve)."""
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        values = pd.to_numeric(values)
    if dtype == "float64":
        return values.astype("float64")
    if values.dtype.kind in "iu":
        data = values.to_numpy(dtype="int64")
        return pd.arrays.IntegerArray(data, np.zeros(len(data), dtype=bool))
    if values.dtype.kind == "f":
        numbers = values.to_numpy()
        missing = np.isnan(numbers)
        whole = np.where(missing, 0.0, numbers)
        if not np.array_equal(whole, np.round(whole)):
            raise ValueError("not whole numbers")
        return pd.arrays.IntegerArray(whole.astype("int64"), missing)
    return values.astype(dtype)


def cleaned(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as written: float noise below ``NOISE`` as 0, floats rounded to ``DECIMALS``
    (docs/model.md, "Numbers in the outputs")."""
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    if not floats:
        return frame
    frame = frame.copy()
    for column in floats:
        values = frame[column]
        frame[column] = values.where(~(values.abs() < NOISE), 0.0).round(DECIMALS)
    return frame


def file_mode() -> int:
    """The mode a new file gets from ``open``: ``0o666`` less the umask (``mkstemp`` would
    make it 0600; the outputs are meant to be shared)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def changes_applied(summary: dict) -> list[str]:
    """What was changed from the scenario as written, in the order applied: the names of the
    overrides of ``use`` that apply, then each ``--set`` as ``key.path=value``."""
    return [str(o) for o in summary.get("overrides") or []] + [
        str(t) for t in summary.get("sets") or []
    ]


def _section_9_defaults(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A folder written before section 9 (or a hand-made table) lacks its columns: ``expected``
    is the amount (realisation 1), ``interest`` and ``tax_revenue`` are 0; (v3) an action's
    ``status`` is ``new`` (no committed actions before section 10.3)."""
    if name == "actions" and "expected" not in frame.columns and "amount" in frame.columns:
        frame = frame.assign(expected=frame["amount"])
    if name == "actions" and "status" not in frame.columns:
        frame = frame.assign(status="new")
    if name == "region":
        for column in ("interest", "tax_revenue"):
            if column not in frame.columns:
                frame = frame.assign(**{column: 0.0})
    return frame


def write_atomically(
    directory: str | os.PathLike, force: bool, fill: Callable[[Path], None]
) -> Path:
    """Let ``fill`` write into a temporary sibling folder, then swap it in at ``directory``
    (``results.folder.write_folder``: atomic, locked, only over a folder this tool wrote).

    An existing ``directory`` is refused (``ResultsDirExists``) unless ``force``; then it is
    replaced only after the new folder is complete. Nothing half-written is ever left.
    """
    return write_folder(directory, force, fill)


def _clean_json(value: object) -> object:
    """``summary`` as written: floats cleaned as ``cleaned`` cleans the tables' (noise below
    ``NOISE`` as 0, rounded to ``DECIMALS``); NaN and other values as they are."""
    if isinstance(value, dict):
        return {k: _clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_json(v) for v in value]
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return 0.0 if abs(value) < NOISE else round(value, DECIMALS)
    return value


def _json_default(value: object) -> object:
    """Make numpy scalars JSON-serialisable."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
