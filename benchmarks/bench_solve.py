"""Speed benchmark: the example scenario and a detailed generated model against the HiGHS floor.

Run from the repository root::

    python benchmarks/bench_solve.py            # full: detailed 150x30x10, 3 rounds
    python benchmarks/bench_solve.py --quick    # detailed 40x15x6, 2 rounds (well under a minute)

What is measured (medians over rounds; the measurements of one round are interleaved so that a
noisy machine hurts every column alike):

- ``example cold``: wall time of ``balansplan solve scenarios/rjh-2025-2030 --quiet`` in a
  fresh process (imports, loading, build, stages, tables, verification, report); ``of which
  imports``: the same command once more under ``python -X importtime`` (top-level imports);
- ``in-process``: ``solve(inputs)`` (build + stages + tables + verification, as a user's
  script calls it) in a warm process, and its parts: params, LP assembly, PuLP model,
  hand-off to HiGHS, the stages (with the number of HiGHS runs), tables, verification;
- ``floor``: ``highspy.Highs(); readModel(mps); run()`` in this process, threads 1, output
  off, on the same LP the stages solve first (stage 2 with every slack at 0 and the
  ``min_impact`` costs; the elastic stage-1 LP when that one is infeasible);
- ``MIP beside the LP``: the shipped example has minimum sizes (a MIP: the stages on the MIP,
  then on the LP with the take-or-leave decisions fixed); it is timed beside itself without
  them (the LP), and the detailed model beside itself with minimum sizes on a tenth of its
  actions; each against HiGHS's own time on the first stage's MIP (resp. LP) read from MPS;
- ``ratio``: in-process ``solve`` / floor; ``peak MB``: the high-water resident memory (VmHWM)
  of the worker process that ran one detailed solve (imports, inputs and a tiny warm-up solve
  included; ``rss after imports`` shows that part).

Then the paired measurement (``solve_pairs.py``): per size (50x20x8, 150x30x10, 300x50x10;
``--quick`` the first two), the project's ``solve`` and a cold HiGHS solve of the same LP from
MPS, each in a fresh process, interleaved, over the rounds: the median of the paired ratios and
each side's peak memory; one machine-readable line per size,
``pair=UxAxY ratio=... solve_peak_mb=... floor_peak_mb=...``. ``--no-pairs`` skips it.

The machine-readable line of the first part: ``example_cold_s=... detailed_ratio=...
detailed_peak_mb=...``.

This file is the driver (rounds, medians, the command line, the ``--worker`` entry point); the
measurements are in ``solve_workers.py`` and the printed report in ``solve_report.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.solve_pairs import PAIR_SIZES, pair_worker, pairs_report, run_pairs  # noqa: E402
from benchmarks.solve_report import report  # noqa: E402
from benchmarks.solve_workers import (  # noqa: E402
    cold_example_command,
    cold_once,
    floor_once,
    import_seconds,
    load_inputs,
    worker_solve,
    write_floor_mps,
)

FULL_SIZE = (150, 30, 10)
QUICK_SIZE = (40, 15, 6)


def _run_worker(args: list[str]) -> dict:
    """Run this script as a worker in a fresh Python process and parse its JSON answer."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the driver


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _try(label: str, fn: Callable[[], object], notes: list[str]):
    try:
        return fn()
    except Exception as exc:  # a missing piece (loader, CLI) must not stop the other columns
        notes.append(f"{label}: {type(exc).__name__}: {str(exc).strip().splitlines()[-1][:160]}")
        return None


def run(quick: bool, rounds: int | None, size: tuple[int, int, int]) -> dict:
    """Every measurement, interleaved over ``rounds``; returns medians per model."""
    load_before = os.getloadavg()[0]
    rounds = rounds or (2 if quick else 3)
    inner = 3 if quick else 5  # warm in-process example solves per worker
    notes: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench_solve_"))
    sizes = {
        "example": (0, 0, 0),
        "detailed": size,
        "example-lp": (0, 0, 0),  # the MIP section: the example without its minimum sizes
        "detailed-mip": size,  # minimum sizes on a tenth of the detailed model's actions
    }
    mps: dict[str, Path | None] = {}
    floor_lp: dict[str, str] = {}
    for kind in sizes:
        path = tmp / f"{kind}.mps"
        which = _try(
            f"{kind} MPS",
            lambda k=kind, p=path: write_floor_mps(load_inputs(k, sizes[k]), p),
            notes,
        )
        mps[kind] = path if which else None
        floor_lp[kind] = which or ""
    cmd = cold_example_command()
    cold: list[float] = []
    imports: list[float] = []
    floors: dict[str, list[dict]] = defaultdict(list)
    solves: dict[str, list[dict]] = defaultdict(list)
    peaks: dict[str, list[float]] = defaultdict(list)
    rss_imports: dict[str, list[float]] = defaultdict(list)
    broken: set[str] = set()
    for _ in range(rounds):
        for label, fn, values in (
            ("example cold", cold_once, cold),
            ("imports", import_seconds, imports),
        ):
            if label in broken:
                continue
            seconds = _try(label, lambda f=fn: f(cmd), notes)
            if seconds is None:
                broken.add(label)
            else:
                values.append(seconds)
        for kind in sizes:
            if mps[kind] is not None:
                floors[kind].append(floor_once(mps[kind]))
            if kind in broken:
                continue
            reps = inner if kind.startswith("example") else 1
            size_arg = ",".join(map(str, sizes[kind]))
            answer = _try(
                f"{kind} solve",
                lambda k=kind, s=size_arg, r=reps: _run_worker([k, s, str(r)]),
                notes,
            )
            if answer is None:
                broken.add(kind)
                continue
            runs = answer["runs"]
            solves[kind].extend(runs)
            peaks[kind].append(answer["peak_mb"])
            rss_imports[kind].append(answer["rss_imports_mb"])
    shutil.rmtree(tmp, ignore_errors=True)
    out: dict = {"rounds": rounds, "size": size, "notes": notes, "cold": _median(cold)}
    out["imports"] = _median(imports)
    out["load"] = (load_before, os.getloadavg()[0])
    out["cold_command"] = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))
    for kind in sizes:
        runs = solves[kind]
        keys = sorted({k for r in runs for k in r if isinstance(r[k], float)})
        med = {k: _median([r[k] for r in runs if k in r]) for k in keys}
        med["highs_runs"] = runs[-1]["highs_runs"] if runs else 0
        med["status"] = runs[-1]["status"] if runs else "n/a"
        for part in ("read_s", "run_s", "floor_s"):
            med[part] = _median([f[part] for f in floors[kind]])
        med["floor_status"] = floors[kind][-1]["status"] if floors[kind] else "n/a"
        med["floor_lp"] = floor_lp[kind]
        med["peak_mb"] = _median(peaks[kind])
        med["rss_imports_mb"] = _median(rss_imports[kind])
        med["n"] = len(runs)
        out[kind] = med
    return out


def main(argv: list[str] | None = None) -> None:
    """Parse the command line; ``--worker`` is the internal entry point of one measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"detailed {QUICK_SIZE}, 2 rounds")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 3, quick 2)")
    parser.add_argument("--size", help="detailed model as UNITS,ACTIONS,YEARS")
    parser.add_argument("--json", action="store_true", help="also print the raw medians as JSON")
    parser.add_argument(
        "--worker", nargs=3, metavar=("KIND", "SIZE", "REPS"), help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--pair-worker", nargs=3, metavar=("SIDE", "SIZE", "MPS"), help=argparse.SUPPRESS
    )
    parser.add_argument("--no-pairs", action="store_true", help="skip the paired sizes")
    args = parser.parse_args(argv)
    if args.pair_worker:
        side, size, mps = args.pair_worker
        print(json.dumps(pair_worker(side, tuple(int(v) for v in size.split(",")), mps)))
        return
    if args.worker:
        kind, size, reps = args.worker
        print(json.dumps(worker_solve(kind, tuple(int(v) for v in size.split(",")), int(reps))))
        return
    size = (
        tuple(int(v) for v in args.size.split(","))
        if args.size
        else (QUICK_SIZE if args.quick else FULL_SIZE)
    )
    res = run(args.quick, args.rounds, size)
    if args.json:
        print(json.dumps(res, default=str, indent=1))
    print(report(res))
    if not args.no_pairs:
        sizes = PAIR_SIZES[:2] if args.quick else PAIR_SIZES
        with tempfile.TemporaryDirectory(prefix="bench_pairs_") as tmp:
            records = run_pairs(Path(__file__).resolve(), sizes, args.rounds or 3, Path(tmp))
        print()
        print("\n".join(pairs_report(records)))


if __name__ == "__main__":
    main()
