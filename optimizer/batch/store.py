"""The results store of a batch: ``DIR/store.sqlite``, written by the driver only, chunk by chunk.

SQLite in WAL mode, one transaction per chunk: a chunk's runs (and its detail rows) and its
entry in ``chunks`` are committed together, so after a crash or a SIGKILL the store holds
whole chunks only, and ``--resume`` solves exactly the chunks not in ``chunks``. Other
processes can read the store while the batch runs (WAL readers do not block the writer).

Tables:

- ``meta(key, value)``: ``fingerprint`` (JSON: what the batch is; resuming needs the same),
  ``columns`` (JSON: the changed inputs, in order);
- ``runs``: ``run_id`` (primary key), one column per changed input, ``status``, ``impact``,
  ``total_shortfall``, ``shortfall_tier`` (v2: the first tier short, or empty),
  ``savings_<year>`` for every plan year, ``objective``, ``message``,
  ``chunk_id``;
- ``chunks(chunk_id, runs)``: the chunks stored;
- ``detail_<table>`` (with ``--detail``): ``run_id`` and the columns of that results table.

``export`` writes ``DIR/runs.parquet`` (and ``DIR/<table>.parquet`` for the detail tables),
sorted by run id, through a temporary file renamed into place.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from optimizer.batch.worker import DETAIL_TABLES, Record
from optimizer.results.core import COLUMNS

FILE = "store.sqlite"
FIGURES = ("status", "impact", "total_shortfall", "shortfall_tier")
TAIL = ("objective", "message")


class StoreMismatch(Exception):
    """The folder holds the store of another batch (or a store that cannot be read)."""


def _q(name: str) -> str:
    """A quoted SQL identifier (key paths hold dots)."""
    return '"' + name.replace('"', '""') + '"'


def _sql_value(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    return value


class Store:
    """A batch's SQLite store (module docstring)."""

    def __init__(self, folder: Path, columns: dict[str, list], years: Sequence[int]):
        self.folder = Path(folder)
        self.inputs = columns
        self.years = list(years)
        self.text_inputs = {k for k, v in columns.items() if v and isinstance(v[0], str)}
        self.db: sqlite3.Connection | None = None

    @property
    def path(self) -> Path:
        return self.folder / FILE

    @property
    def run_columns(self) -> list[str]:
        """The columns of ``runs`` (and of ``runs.parquet``), in order."""
        savings = [f"savings_{t}" for t in self.years]
        return ["run_id", *self.inputs, *FIGURES, *savings, *TAIL]

    def open(self, fingerprint: dict, resume: bool) -> set[int]:
        """Open (``resume``: reuse a matching store) or create the store; the chunks stored."""
        self.folder.mkdir(parents=True, exist_ok=True)
        exists = self.path.exists()
        if exists and not resume:
            raise StoreMismatch(f"{self.path} exists; give --resume to go on, or --force")
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        text = json.dumps(fingerprint, sort_keys=True)
        if exists:
            try:
                row = self.db.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
            except sqlite3.DatabaseError as exc:
                raise StoreMismatch(f"{self.path} is not a batch store ({exc})") from None
            if row is None or row[0] != text:
                raise StoreMismatch(
                    f"{self.path} holds another batch (other scenario, keys, values, seed or "
                    "solver); use another --out, or --force to start again"
                )
            return {r[0] for r in self.db.execute("SELECT chunk_id FROM chunks")}
        self._create(text)
        return set()

    def _create(self, fingerprint: str) -> None:
        assert self.db is not None
        defs = ["run_id INTEGER PRIMARY KEY"]
        defs += [f"{_q(k)} {'TEXT' if k in self.text_inputs else 'REAL'}" for k in self.inputs]
        defs += ["status TEXT", "impact REAL", "total_shortfall REAL", "shortfall_tier TEXT"]
        defs += [f"{_q(f'savings_{t}')} REAL" for t in self.years]
        defs += ["objective REAL", "message TEXT", "chunk_id INTEGER"]
        self.db.execute("BEGIN")
        self.db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute(f"CREATE TABLE runs ({', '.join(defs)})")
        self.db.execute("CREATE TABLE chunks (chunk_id INTEGER PRIMARY KEY, runs INTEGER)")
        for name in DETAIL_TABLES:
            cols = ", ".join(_q(c) for c in COLUMNS[name])
            self.db.execute(f"CREATE TABLE {_q('detail_' + name)} (run_id INTEGER, {cols})")
        self.db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
        self.db.execute("INSERT INTO meta VALUES ('columns', ?)", (json.dumps(list(self.inputs)),))
        self.db.execute("COMMIT")

    def write(self, chunk_id: int, records: list[Record]) -> None:
        """Store one chunk's records in one transaction."""
        assert self.db is not None
        rows = []
        for r in records:
            inputs = [self.inputs[k][r.run_id] for k in self.inputs]
            savings = [r.savings.get(t, math.nan) for t in self.years]
            figures = [r.status, r.impact, r.total_shortfall, r.shortfall_tier]
            row = [r.run_id, *inputs, *figures, *savings, r.objective, r.message, chunk_id]
            rows.append([_sql_value(v) for v in row])
        marks = ", ".join("?" * (len(self.run_columns) + 1))
        self.db.execute("BEGIN")
        try:
            self.db.executemany(f"INSERT INTO runs VALUES ({marks})", rows)
            for name in DETAIL_TABLES:
                self._write_detail(name, records)
            self.db.execute("INSERT INTO chunks VALUES (?, ?)", (chunk_id, len(records)))
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _write_detail(self, name: str, records: list[Record]) -> None:
        assert self.db is not None
        columns = COLUMNS[name]
        rows = []
        for r in records:
            frame = r.tables.get(name)
            if frame is None or frame.empty:
                continue
            frame = frame.reindex(columns=columns)
            rows += [
                [r.run_id, *(_sql_value(v) for v in row)]
                for row in frame.itertuples(index=False, name=None)
            ]
        if rows:
            marks = ", ".join("?" * (len(columns) + 1))
            self.db.executemany(f"INSERT INTO {_q('detail_' + name)} VALUES ({marks})", rows)

    def runs(self) -> pd.DataFrame:
        """Every stored run, sorted by run id, with fixed dtypes (float, int, text)."""
        assert self.db is not None
        cols = ", ".join(_q(c) for c in self.run_columns)
        cursor = self.db.execute(f"SELECT {cols} FROM runs ORDER BY run_id")
        frame = pd.DataFrame(cursor.fetchall(), columns=self.run_columns)
        texts = {"status", "message", "shortfall_tier", *self.text_inputs}
        for column in self.run_columns:
            if column == "run_id":
                frame[column] = frame[column].astype("int64")
            elif column in texts:
                frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
            else:
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        return frame

    def detail(self, name: str) -> pd.DataFrame:
        """A detail table of every stored run, sorted by run id (stable within a run)."""
        assert self.db is not None
        table = _q("detail_" + name)
        cursor = self.db.execute(f"SELECT * FROM {table} ORDER BY run_id, rowid")
        return pd.DataFrame(cursor.fetchall(), columns=["run_id", *COLUMNS[name]])

    def export(self, detail: bool) -> list[Path]:
        """Write ``runs.parquet`` (and the detail tables) atomically; the files written."""
        written = [_write_parquet(self.runs(), self.folder / "runs.parquet")]
        if detail:
            for name in DETAIL_TABLES:
                written.append(_write_parquet(self.detail(name), self.folder / f"{name}.parquet"))
        return written

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def _write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """``frame`` to ``path`` through a temporary sibling renamed into place."""
    import pyarrow as pa  # start-up time
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path
