"""Dask faults: a real scheduler and workers on 127.0.0.1, killed mid-sweep.

docs/robustness.md, promise 7: a run is ``error`` only when the run itself failed; a lost
worker, payload or scheduler leaves its chunks unstored (retried, or solved by ``--resume``);
a bad address or a cluster without workers is exit 2 before anything is written; nothing hangs.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import optimizer.batch.dask_executor as dask_executor
from optimizer.cli import main

pytest.importorskip("dask.distributed")  # the test extra installs it; see pyproject.toml

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = Path(__file__).parent / "data" / "minimal"
# 201 runs; wages beyond 15 % a year are a deliberate stress value (scenario/checks/plausible.py)
GRID = ["--grid", "drivers.wage=0:0.2:0.001", "--set", "plausible_ranges=false", "--chunk-size", "4", "-q"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "BALANSPLAN_DASK_DISCONNECT_TIMEOUT": "3",
       "BALANSPLAN_DASK_WORKERS_TIMEOUT": "3"}  # fmt: skip


class Cluster:
    """``dask scheduler`` and ``dask worker`` processes on 127.0.0.1 (killed at the end)."""

    def __init__(self, tmp: Path, workers: int = 1):
        self.file = tmp / "scheduler.json"
        self.procs: list[subprocess.Popen] = []
        self.scheduler = self._start(["scheduler", "--host", "127.0.0.1", "--port", "0",
                                      "--no-dashboard", "--scheduler-file", str(self.file)])  # fmt: skip
        deadline = time.monotonic() + 60
        while not self.file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.2)
        self.address = json.loads(self.file.read_text())["address"]
        for _ in range(workers):
            self._start(["worker", self.address, "--nthreads", "1", "--nworkers", "1",
                         "--no-dashboard", "--host", "127.0.0.1"])  # fmt: skip

    def _start(self, args: list[str]) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-m", "dask", *args], env=ENV,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)  # fmt: skip
        self.procs.append(proc)
        return proc

    def worker_pids(self) -> list[int]:
        from dask.distributed import Client

        with Client(self.address, timeout="20s", set_as_default=False) as client:
            client.wait_for_workers(1, timeout=60)
            return list(client.run(os.getpid).values())

    def close(self) -> None:
        for proc in self.procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)


@pytest.fixture
def cluster(tmp_path):
    found = Cluster(tmp_path)
    yield found
    found.close()


def _sweep(out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "optimizer", "sweep", str(MINIMAL), *GRID, "--out", str(out), *extra],
        env=ENV, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def _chunks(store: Path, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if store.exists():
            try:
                with sqlite3.connect(store, timeout=1) as db:
                    n = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            except sqlite3.OperationalError:
                n = 0
            if n >= at_least:
                return n
        time.sleep(0.02)
    return 0


def _local(tmp_path: Path) -> bytes:
    out = tmp_path / "local"
    result = CliRunner().invoke(main, ["sweep", str(MINIMAL), *GRID, "-j", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return (out / "runs.parquet").read_bytes()


@pytest.mark.parametrize("address", ["foo", "http://127.0.0.1:8786", "tcp://", "tcp://host:99999",
                                     "tcp://127.0.0.1", "  "])  # fmt: skip
def test_a_malformed_address_is_exit_2_at_once_with_nothing_written(tmp_path, address):
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(main, ["sweep", str(MINIMAL), *GRID, "--scheduler", address,
                                       "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2 and "expected tcp://HOST:PORT" in result.output
    assert not out.exists() and time.monotonic() - started < 10


def test_a_scheduler_without_workers_is_exit_2_with_nothing_written(tmp_path, monkeypatch):
    lonely = Cluster(tmp_path, workers=0)
    try:
        monkeypatch.setattr(dask_executor, "WORKERS_TIMEOUT", 2)
        out = tmp_path / "out"
        result = CliRunner().invoke(main, ["sweep", str(MINIMAL), *GRID, "--scheduler",
                                           lonely.address, "--out", str(out)])  # fmt: skip
        assert result.exit_code == 2 and "has no workers" in result.output
        assert not out.exists()
    finally:
        lonely.close()


def test_no_scheduler_at_the_address_is_exit_2(tmp_path, monkeypatch):
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 2)
    result = CliRunner().invoke(main, ["sweep", str(MINIMAL), *GRID, "--scheduler",
                                       "tcp://127.0.0.1:9", "--out", str(tmp_path / "o")])  # fmt: skip
    assert result.exit_code == 2 and "no Dask scheduler" in result.output


def test_a_worker_killed_mid_sweep_costs_no_run(cluster, tmp_path):
    out = tmp_path / "killed"
    proc = _sweep(out, "--scheduler", cluster.address)
    try:
        assert _chunks(out / "store.sqlite", proc, at_least=3) >= 3, proc.communicate()[0]
        for pid in cluster.worker_pids():
            os.kill(pid, signal.SIGKILL)  # its nanny starts a new one
        text, _ = proc.communicate(timeout=180)
    finally:
        proc.kill()
    assert proc.returncode == 0, text
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 201 and not (runs["status"] == "error").any()
    assert (out / "runs.parquet").read_bytes() == _local(tmp_path)


def test_a_scheduler_killed_mid_sweep_stores_no_error_and_resume_finishes(cluster, tmp_path):
    out = tmp_path / "lost"
    proc = _sweep(out, "--scheduler", cluster.address)
    try:
        assert _chunks(out / "store.sqlite", proc, at_least=3) >= 3, proc.communicate()[0]
        os.killpg(cluster.scheduler.pid, signal.SIGKILL)
        text, _ = proc.communicate(timeout=120)  # no hang: ends after DISCONNECT_TIMEOUT
    finally:
        proc.kill()
    assert proc.returncode == 1, text
    assert "--resume" in text and "Traceback" not in text
    with sqlite3.connect(out / "store.sqlite") as db:
        errors = db.execute("SELECT count(*) FROM runs WHERE status = 'error'").fetchone()[0]
        stored = db.execute("SELECT count(*) FROM runs").fetchone()[0]
    assert errors == 0 and 0 < stored < 201
    resumed = CliRunner().invoke(main, ["sweep", str(MINIMAL), *GRID, "-j", "1", "--out",
                                        str(out), "--resume"])  # fmt: skip
    assert resumed.exit_code == 0, resumed.output
    assert f"{201 - stored} solved now, {stored} stored before" in resumed.output
    assert (out / "runs.parquet").read_bytes() == _local(tmp_path)
    shutil.rmtree(out)
