"""A damaged batch store on ``--resume``: a clear exit 2, never a traceback or a silent gap.

docs/robustness.md, promise 4.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main

MINIMAL = Path(__file__).parent / "data" / "minimal"
SWEEP = ["sweep", str(MINIMAL), "--grid", "drivers.wage=0:0.1:0.01", "--chunk-size", "3",
         "-j", "1", "-q"]  # fmt: skip


@pytest.fixture
def stored(tmp_path) -> Path:
    out = tmp_path / "sw"
    result = CliRunner().invoke(main, [*SWEEP, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _resume(out: Path):
    return CliRunner().invoke(main, [*SWEEP, "--out", str(out), "--resume"])


def _sql(out: Path, statement: str) -> None:
    with sqlite3.connect(out / "store.sqlite") as db:
        db.execute(statement)


def test_an_intact_store_resumes_with_nothing_to_do(stored):
    result = _resume(stored)
    assert result.exit_code == 0 and "0 solved now, 11 stored before" in result.output


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(bytes(range(256)) * 64),  # random bytes
        lambda p: p.write_bytes(p.read_bytes()[:1500]),  # truncated
        lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000),  # a bad header
        lambda p: p.write_text(""),  # empty: a database without tables
    ],
)
def test_a_damaged_file_is_exit_2_naming_it(stored, damage):
    for extra in ("store.sqlite-wal", "store.sqlite-shm"):
        (stored / extra).unlink(missing_ok=True)
    damage(stored / "store.sqlite")
    result = _resume(stored)
    assert result.exit_code == 2, result.output
    assert "store.sqlite" in result.output and "--force" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "statement, expected",
    [
        ("DELETE FROM runs WHERE run_id = 5", "chunk 1 is recorded with 3 runs but holds 2"),
        ("DELETE FROM chunks WHERE chunk_id = 2", "belong to no stored chunk"),
        (
            "UPDATE runs SET run_id = 99 WHERE run_id = 4",
            "chunk 1 holds runs [3, 5, 99], expected [3, 4, 5]",
        ),
        (
            "UPDATE chunks SET runs = 7 WHERE chunk_id = 0",
            "chunk 0 is recorded with 7 runs but holds 3",
        ),
        ("INSERT INTO chunks VALUES (40, 3)", "chunk 40 is recorded with 3 runs but holds 0"),
    ],
)
def test_runs_and_chunks_that_disagree_are_exit_2_not_a_silent_gap(stored, statement, expected):
    _sql(stored, statement)
    result = _resume(stored)
    assert result.exit_code == 2, result.output
    assert "is damaged" in result.output and expected in result.output


def test_force_starts_a_damaged_store_again(stored):
    _sql(stored, "DELETE FROM runs WHERE run_id = 5")
    result = CliRunner().invoke(main, [*SWEEP, "--out", str(stored), "--force"])
    assert result.exit_code == 0 and "11 solved now" in result.output
    shutil.rmtree(stored)
