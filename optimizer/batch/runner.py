"""Running a checked ``Plan``: chunks to an executor, answers to the store, then the outputs.

1. ``--out DIR`` is checked (an existing DIR needs ``--resume`` or ``--force``) and the
   executor started (a Dask scheduler must answer) before anything is written;
2. the store is opened (``--resume``: the same batch's store, whose stored chunks are skipped);
3. the chunks not yet stored go to the executor; each answer is stored as it arrives, in one
   transaction per chunk, by this process only;
4. ``DIR/runs.parquet`` (and the detail tables), ``DIR/summary.json`` (status counts; for Monte
   Carlo also P(shortfall), quantiles and the tornado), ``quantiles.csv``, ``tornado.csv``,
   ``tornado.png``/``.svg`` and ``fan.png``/``.svg`` (a grid: ``grid.png``/``.svg``) are
   written from the store, sorted by run id: the same batch gives the same files, byte for
   byte, however it was run, interrupted and resumed.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import math
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd

from optimizer.batch.executors import make_executor
from optimizer.batch.plan import Plan, chunk_size
from optimizer.batch.progress import progress_bar
from optimizer.batch.store import FILE, Store, StoreMismatch
from optimizer.batch.summary import montecarlo_summary, status_table, tornado_table
from optimizer.batch.worker import Payload, solver_name
from optimizer.results.charts import tornado_chart
from optimizer.results.charts_batch import fan_chart, grid_chart
from optimizer.results.csv_safe import write_csv


@dataclass
class Options:
    """How to run a batch (the ``sweep``/``batch`` options)."""

    jobs: int | None = None
    scheduler: str | None = None
    out: Path | None = None
    resume: bool = False
    force: bool = False
    fast: bool = True
    time_limit: float | None = None
    detail: bool = False
    chunk_size: int | None = None
    progress: bool = False
    lang: str = "en"  # the charts' language (en, sv)


@dataclass
class Outcome:
    """What a batch did: every run, the status table, the summary, the files written."""

    runs: pd.DataFrame
    status: pd.DataFrame
    computed: int
    skipped: int
    summary: dict
    solver: str
    executor: str
    seconds: float
    written: list[Path] = field(default_factory=list)


LOCK_FILE = ".balansplan.lock"


def check_out(options: Options) -> None:
    """Refuse an ``--out`` that would lose or mix results (before anything is written)."""
    out = options.out
    if out is None:
        if options.resume:
            raise StoreMismatch("--resume needs --out DIR (the folder of the batch to go on with)")
        return
    real, cwd = Path(os.path.abspath(out)), Path.cwd()
    if real == cwd or real in cwd.parents:
        raise StoreMismatch(f"--out {out} is the working folder or one of its parents")
    existing = next(p for p in [real, *real.parents] if p.exists())
    if existing != real and not existing.is_dir():
        raise StoreMismatch(f"--out {out}: {existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise StoreMismatch(f"--out {out}: the folder {existing} is not writable")
    if not out.exists():
        return
    if not out.is_dir():
        raise StoreMismatch(f"--out {out} is a file, not a folder")
    ours = (out / FILE).exists()
    if not ours and any(p.name != LOCK_FILE for p in out.iterdir()):
        raise StoreMismatch(f"--out {out} is not a batch folder; give a new or empty folder")
    if ours and not (options.resume or options.force):
        raise StoreMismatch(f"--out {out} exists; give --resume to go on with it, or --force")


def fingerprint(plan: Plan, options: Options, size: int) -> dict:
    """The plan's fingerprint plus what changes the numbers: chunking, solver, limits."""
    try:
        tool = version("balansplan")
    except PackageNotFoundError:
        tool = "unknown"
    return plan.fingerprint() | {
        "chunk_size": size,
        "solver": solver_name(options.fast),
        "time_limit": options.time_limit,
        "detail": options.detail,
        "tool_version": tool,
    }


def run_plan(plan: Plan, options: Options) -> Outcome:
    """Run ``plan`` (module docstring); raises ``StoreMismatch`` or ``ExecutorUnavailable``."""
    started = time.perf_counter()
    check_out(options)
    executor = make_executor(options.jobs, options.scheduler)
    executor.start()
    temporary = options.out is None
    folder = Path(tempfile.mkdtemp(prefix="balansplan-batch-")) if temporary else options.out
    lock = None
    try:
        if not temporary:
            lock = _lock(folder)
            if options.force:
                _empty(folder)
        size = options.chunk_size or chunk_size(len(plan.runs))
        print_ = fingerprint(plan, options, size)
        store = Store(folder, plan.columns, plan.years)
        done = store.open(print_, options.resume, plan.chunks(size))
        try:
            computed = _solve(plan, options, store, done, size, print_, executor)
            runs = store.runs()
            outcome = Outcome(
                runs=runs,
                status=status_table(runs),
                computed=computed,
                skipped=len(plan.runs) - computed,
                summary=_summary(plan, runs, print_["solver"]),
                solver=print_["solver"],
                executor=executor.name,
                seconds=0.0,
            )
            if not temporary:
                outcome.written = store.export(options.detail)
                outcome.written += _write_summary(plan, outcome, folder, options.lang)
        finally:
            store.close()
    finally:
        executor.close()
        if lock is not None:  # a finished folder keeps no lock file (removed while held)
            with contextlib.suppress(OSError):
                (folder / LOCK_FILE).unlink()
            os.close(lock)
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
    outcome.seconds = time.perf_counter() - started
    return outcome


def _lock(folder: Path) -> int:
    """An exclusive POSIX lock (``lockf``) on ``LOCK_FILE`` in the batch folder (made if missing)
    for the whole run: a second sweep or batch writing to the same ``--out`` is refused at once,
    never mixed in. A POSIX lock belongs to this process only: the forked workers do not hold
    it, so a killed driver's folder is free again at once."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreMismatch(f"--out {folder} is in use by another balansplan run") from None
    return fd


def _empty(folder: Path) -> None:
    """Remove what ``--force`` replaces: the batch folder's contents (the folder stays, locked)."""
    for item in folder.iterdir():
        if item.name == LOCK_FILE:
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item)
        else:
            item.unlink()


def _solve(plan, options, store, done, size, print_, executor) -> int:
    """Send the chunks not stored yet; store each answer; the number of runs solved."""
    token = hashlib.sha256(json.dumps(print_, sort_keys=True).encode()).hexdigest()
    payload = Payload(
        token=token,
        bases=tuple(plan.bases),
        group_sets=tuple(g.sets for g in plan.groups),
        base_errors=tuple(plan.base_errors),
        fast=options.fast,
        time_limit=options.time_limit,
        detail=options.detail,
    )
    chunks = [
        (cid, [plan.runs[i] for i in ids])
        for cid, ids in enumerate(plan.chunks(size))
        if cid not in done
    ]
    todo = sum(len(runs) for _, runs in chunks)
    bar = progress_bar(len(plan.runs), options.progress, initial=len(plan.runs) - todo)
    computed = 0
    try:
        for cid, records in executor.map(payload, chunks):
            store.write(cid, records)
            computed += len(records)
            bar.update(len(records))
    finally:
        bar.close()
    return computed


def _summary(plan: Plan, runs: pd.DataFrame, solver: str) -> dict:
    table = status_table(runs)
    summary = {
        "kind": plan.kind,
        "runs": len(runs),
        "status": dict(zip(table["status"], (int(n) for n in table["runs"]), strict=True)),
        "changed_inputs": list(plan.columns),
        "solver": solver,
    }
    if plan.kind == "montecarlo":
        summary["montecarlo"] = montecarlo_summary(runs, plan.keys, plan.years, plan.seed)
    return summary


def _json_safe(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    return value


def _write_summary(plan: Plan, outcome: Outcome, folder: Path, lang: str = "en") -> list[Path]:
    """``summary.json``; for Monte Carlo also the quantile and tornado tables, the tornado of the
    savings needed in the last plan year (mnkr, inputs at their P10 and P90) and the fan chart;
    for a grid sweep the grid chart."""
    written = [_atomic_text(folder / "summary.json", _dumps(outcome.summary))]
    solved = outcome.runs[outcome.runs["status"].isin(("optimal", "shortfall"))]
    if plan.kind == "sweep" and len(solved):
        written += grid_chart(outcome.runs, list(plan.columns), folder / "grid", lang)
    mc = outcome.summary.get("montecarlo")
    if mc is None:
        return written
    quantiles = pd.DataFrame(mc["quantiles"])
    tornado = pd.DataFrame(mc["tornado"])
    written.append(_atomic_text(folder / "quantiles.csv", write_csv(quantiles, float_format=None)))
    written.append(_atomic_text(folder / "tornado.csv", write_csv(tornado, float_format=None)))
    years = plan.years
    if len(solved) and not tornado.empty and years:
        figure = f"savings_{years[-1]}"
        savings = tornado_table(outcome.runs, plan.keys, figure)
        centre = float(solved[figure].mean())
        base = next((i for i in plan.base_inputs if i is not None), None)
        names = {"boards": {}}
        if base is not None and "name" in base.boards:
            names["boards"] = {str(k): str(v) for k, v in base.boards["name"].items() if v == v}
        written += tornado_chart(savings, centre, folder / "tornado", lang, years[-1], names)
        written += fan_chart(quantiles, folder / "fan", lang)
    return written


def _dumps(summary: dict) -> str:
    return json.dumps(_json_safe(summary), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _atomic_text(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
