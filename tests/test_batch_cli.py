"""``balansplan sweep`` and ``batch`` on the command line: outputs, bad specs, SIGKILL and resume."""

from __future__ import annotations

import json
import os
import re
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

from optimizer.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


@pytest.fixture
def minimal(tmp_path) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", folder)
    with open(folder / "scenario.yaml", "a", encoding="utf-8") as fh:
        fh.write(
            "uncertainty:\n"
            "  drivers.wage: {dist: normal, mean: 0.04, sd: 0.01}\n"
            "  boards.CARE.cost0: {dist: uniform, low: 760, high: 840}\n"
        )
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_sweep_prints_the_runs_and_the_status_table(minimal):
    result = invoke("sweep", minimal, "--grid", "drivers.wage=0.03:0.05:0.01", "-q")
    assert result.exit_code == 0, result.output
    assert "3 runs: 3 solved now, 0 stored before" in result.output
    assert re.search(r"^total\s+3$", result.output, re.M)
    assert "0.04" in result.output and "0.05" in result.output


def test_monte_carlo_writes_the_store_the_summary_and_the_tornado(minimal, tmp_path):
    out = tmp_path / "mc"
    result = invoke("sweep", minimal, "--samples", 40, "--seed", 5, "--out", out, "-j", 1)
    assert result.exit_code == 0, result.output
    assert "P(shortfall) =" in result.output and "tornado" in result.output
    for name in ("runs.parquet", "summary.json", "quantiles.csv", "tornado.csv", "tornado.png"):
        assert (out / name).is_file()
    summary = json.loads((out / "summary.json").read_text())
    runs = pd.read_parquet(out / "runs.parquet")
    solved = runs["status"].isin(["optimal", "shortfall"])
    mc = summary["montecarlo"]
    assert mc["samples"] == 40 and mc["seed"] == 5
    assert mc["p_shortfall"] == pytest.approx((runs["status"] == "shortfall").sum() / solved.sum())
    assert {t["input"] for t in mc["tornado"]} == {"drivers.wage", "boards.CARE.cost0"}
    p50 = next(q["p50"] for q in mc["quantiles"] if q["figure"] == "impact")
    assert p50 == pytest.approx(runs.loc[solved, "impact"].median())


@pytest.mark.parametrize(
    "args, message",
    [
        (["--grid", "drivers.wage"], "key.path=START:STOP:STEP"),
        (["--grid", "drivers.wage=a,b"], "a number"),
        (["--grid", "drivers.wagez=1,2"], "one of the keys"),
        (["--grid", "drivers.wage=1,2", "--samples", "3"], "not both"),
        ([], "--grid (one or more) or --samples N"),
    ],
)
def test_bad_specs_exit_2_with_one_message_and_write_nothing(minimal, tmp_path, args, message):
    out = tmp_path / "never"
    result = invoke("sweep", minimal, *args, "--out", out)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_bad_uncertainty_block_exits_2(minimal, tmp_path):
    text = (minimal / "scenario.yaml").read_text().replace("sd: 0.01", "sd: -1")
    (minimal / "scenario.yaml").write_text(text)
    result = invoke("sweep", minimal, "--samples", 5, "--out", tmp_path / "never")
    assert result.exit_code == 2
    assert "uncertainty.drivers.wage.sd" in result.output and "> 0" in result.output
    assert not (tmp_path / "never").exists()


def test_an_existing_out_needs_resume_or_force(minimal, tmp_path):
    out = tmp_path / "o"
    assert invoke("sweep", minimal, "--grid", "drivers.wage=0.03,0.04", "--out", out).exit_code == 0
    again = invoke("sweep", minimal, "--grid", "drivers.wage=0.03,0.04", "--out", out)
    assert again.exit_code == 2 and "--resume" in again.output
    resumed = invoke("sweep", minimal, "--grid", "drivers.wage=0.03,0.04", "--out", out, "--resume")
    assert resumed.exit_code == 0 and "0 solved now, 2 stored before" in resumed.output
    forced = invoke("sweep", minimal, "--grid", "drivers.wage=0.03,0.05", "--out", out, "--force")
    assert forced.exit_code == 0 and "2 solved now" in forced.output
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    refused = invoke("sweep", minimal, "--grid", "drivers.wage=0.03", "--out", tmp_path / "other")
    assert refused.exit_code == 2 and (tmp_path / "other" / "keep.txt").exists()


def test_batch_command_exits_1_when_a_run_erred_but_stores_every_run(minimal, tmp_path):
    out = tmp_path / "b"
    result = invoke(
        "batch", minimal, minimal / "scenario.yaml", "--use-each", "-,high-wages,nope", "--out", out
    )
    assert result.exit_code == 1, result.output
    assert "run 2:" in result.output and "nope" in result.output
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 6 and list(runs["status"] == "error") == [False, False, True] * 2


def test_sigkill_mid_batch_then_resume_loses_and_repeats_no_run(minimal, tmp_path):
    grid = ["--grid", "drivers.wage=0:0.1:0.001"]
    common = ["sweep", str(minimal), *grid, "--chunk-size", "2", "-q"]
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "optimizer", *common, "-j", "2", "--out", str(killed)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        stored = _wait_for_chunks(killed / "store.sqlite", proc, at_least=3)
        assert proc.poll() is None, "the batch ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # any worker of the killed batch
        except ProcessLookupError:
            pass
    with sqlite3.connect(killed / "store.sqlite") as db:
        stored = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        in_chunks = db.execute("SELECT sum(runs) FROM chunks").fetchone()[0]
        unmatched = db.execute(
            "SELECT count(*) FROM runs WHERE chunk_id NOT IN (SELECT chunk_id FROM chunks)"
        ).fetchone()[0]
    total = 101
    assert 0 < stored < total and stored == in_chunks and unmatched == 0  # whole chunks only
    resumed = invoke(*common, "-j", "2", "--out", killed, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert f"{total} runs: {total - stored} solved now, {stored} stored before" in resumed.output
    whole = tmp_path / "whole"
    assert invoke(*common, "-j", "1", "--out", whole).exit_code == 0  # any --jobs: same bytes
    assert (killed / "runs.parquet").read_bytes() == (whole / "runs.parquet").read_bytes()
    runs = pd.read_parquet(killed / "runs.parquet")
    assert list(runs["run_id"]) == list(range(total))


def _wait_for_chunks(path: Path, proc: subprocess.Popen, at_least: int) -> int:
    """Poll the store (readable while the batch writes) until it holds ``at_least`` chunks."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if path.exists():
            try:
                with sqlite3.connect(path, timeout=1) as db:
                    n = db.execute("SELECT count(*) FROM chunks").fetchone()[0]
            except sqlite3.OperationalError:
                n = 0  # the tables are being created
            if n >= at_least:
                return n
        time.sleep(0.01)
    return 0


def test_dask_cluster_gives_the_local_results(minimal):
    distributed = pytest.importorskip("dask.distributed")
    from optimizer.batch.plan import montecarlo_plan
    from optimizer.batch.runner import Options, run_plan

    plan = montecarlo_plan(minimal, 30, seed=2)
    local = run_plan(plan, Options(jobs=1, chunk_size=4)).runs
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = run_plan(plan, Options(scheduler=cluster.scheduler_address, chunk_size=4))
    assert remote.executor.startswith("dask at tcp://127.0.0.1:")
    pd.testing.assert_frame_equal(remote.runs, local)
