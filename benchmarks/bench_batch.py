"""Batch benchmark: per-run milliseconds of the naive path, the fast path and the HiGHS floor.

Run from the repository root::

    python benchmarks/bench_batch.py            # example 11x8 runs, detailed 150x30x10 2 x 6x5
    python benchmarks/bench_batch.py --quick    # example 5x4 runs, detailed 40x15x6 2 x 6x5

Each model gets a sweep grid in the spirit of "what if wages rise 4.5 % instead of 3.5 %, and
tax revenue grows 2 % instead of 3 %": wage growth (every year) x revenue growth, walked in a
serpentine so that neighbouring runs differ by one step (as the batch runner orders them). The
example's variants come from ``load_scenario(sets=[drivers.wage=..., economy.revenue.tax.growth=...])``
(wage 3-5 %, growth 2-3.5 %); the detailed model's from ``benchmarks/generate.py``'s ``detailed``
with the same two changes, once in coarse steps of 0.25 percentage points (a hand-made grid) and
once in fine steps of 0.05 points (neighbours in a dense sweep or a sorted Monte Carlo sample).
Inputs are made before any timing. The fast path solves the grid first, its runs back to back as
in a batch (solving other LPs between them, as an earlier version of this benchmark did, evicts
its model from the CPU caches: the example's runs took 1.76 instead of about 1.3 ms); then the
other paths take their subsets of the runs, interleaved so that a noisy machine hurts each alike:

- ``fast``: ``FastSolver.run(inputs)`` on one solver that holds the model (its set-up, the first
  assembly and a cold first run of the base scenario, is shown apart);
- ``floor``: the cold HiGHS solve alone of the same LP: a fresh ``Highs``, ``passModel`` of the
  LP the run's answer comes from (every slack at 0 with the objective's costs; the elastic LP
  with the shortfall costs for a shortfall run), ``run`` (on a subset of the runs);
- ``naive``: the issue's "rebuild the PuLP model and solve each run" (``batch_paths.naive``):
  assemble, build the PuLP problem, and let PuLP solve every stage (``problem.solve(HiGHS)``,
  cold each time); and ``standard``: ``solve(inputs, verify=False)``, the project's own
  single-scenario path (PuLP problem handed to HiGHS once, later stages warm, the tables made),
  both on a smaller subset (they are slow).

Ratios use the same runs on both sides: ``fast/floor`` over the floor's subset, ``naive/fast``
and ``standard/fast`` over the naive subset; in wall-clock and in CPU time
(``time.process_time``, which other processes on a shared machine do not inflate).

``1 proc`` and ``2 procs``: wall seconds for the grid solved as ``balansplan sweep`` solves it
(``batch_pool.py``): consecutive chunks of ``plan.chunk_size`` runs, taken by whichever worker
is free, each from ``FastSolver.reset()`` (the base model, warm from the base scenario's own
bases); 1 and 2 processes do the same work and give the same answers (checked to the bit), so
``scaling``, their ratio, is what ``--jobs 2`` gains. Each worker is spawned, builds its own
``FastSolver`` and warms it before the clock starts. ``walk``: the scaling of one warm walk of
the grid split in two instead (one worker from the front of the serpentine order, one from the
back, until they meet): the fast path at its fastest per run, but the second worker's opening
jump from the base to the far end of the grid is work a single process does not do. The fine
grid's scaling is timed on a larger grid of the same steps (10 x 6 = 60 runs).
The last three lines are machine-readable, one per model (example, coarse grid, fine grid), from
the CPU-time table: ``model=NAME fast/floor=... naive/fast=... scaling=...``. For a model with
minimum sizes (the example, a MIP) the floor is HiGHS solving the MIP cold.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


from benchmarks.batch_models import COARSE, FINE, variants  # noqa: E402
from benchmarks.batch_paths import Clock, floor_lp, floor_once, naive, standard  # noqa: E402

STATUSES = ("optimal", "shortfall", "infeasible", "time_limit", "error")
GOALS = {"fast/floor": ("<=", 0.5), "naive/fast": (">=", 25.0), "scaling": (">=", 1.8)}


def measure(spec: dict, floor_every: int, naive_every: int) -> dict:
    """Per-run seconds of the fast path (every run), the floor, naive and standard (subsets)."""
    from optimizer.batch.fastpath.solver import FastSolver
    from optimizer.model import build

    base, runs = variants(spec)
    lp = build(base).lp
    started = time.perf_counter()
    fast = FastSolver(base)
    first = fast.run(base)
    setup = time.perf_counter() - started
    seconds = {"fast": [], "floor": {}, "naive": {}, "standard": {}}
    outcomes = []
    notes = []
    answers = []
    for inputs in runs:  # back to back, as in a batch (see the module doc)
        with Clock() as clock:
            answers.append(fast.run(inputs))
        seconds["fast"].append(clock.seconds)
    for i, (inputs, got) in enumerate(zip(runs, answers, strict=True)):
        outcomes.append((got.status, got.objective))
        if got.status not in ("optimal", "shortfall"):
            notes.append(f"run {i}: {got.status} ({got.message})")
        elif i % floor_every == 0:
            seconds["floor"][i] = floor_once(floor_lp(inputs, got.status))
        if i % naive_every:
            continue
        for name, path in (("naive", naive), ("standard", standard)):
            with Clock() as clock:
                want = path(inputs)
            seconds[name][i] = clock.seconds
            if want["status"] != got.status:
                notes.append(f"run {i}: fast {got.status} ({got.message}), {name} {want}")
            elif got.status in ("optimal", "shortfall"):
                rel = abs(got.objective - want["objective"]) / max(1.0, abs(want["objective"]))
                if rel > 1e-7:
                    raise RuntimeError(f"run {i}: fast {got.objective}, {name} {want}")
    return {
        "setup": setup,
        "first": first.status,
        "seconds": seconds,
        "outcomes": outcomes,
        "counts": fast.counts,
        "size": (lp.num_rows, lp.num_cols),
        "statuses": {s: sum(1 for o in outcomes if o[0] == s) for s in STATUSES},
        "notes": notes,
    }


# --- report -------------------------------------------------------------------------------------


def summarise(name: str, m: dict, chunks: tuple[float, float], walk: tuple[float, float]) -> dict:
    """Means in milliseconds, wall (``k = 0``) and CPU (``k = 1``), and the ratios."""
    s = m["seconds"]
    fast = s["fast"]
    fl, nv = sorted(s["floor"]), sorted(s["naive"])

    def ms(pairs, k: int = 0) -> float:
        return 1000.0 * statistics.fmean(p[k] for p in pairs)

    out = {
        "model": name,
        "lp": f"{m['size'][0]}x{m['size'][1]}",
        "runs": len(fast),
        "short": m["statuses"]["shortfall"],
        "other": len(fast) - m["statuses"]["optimal"] - m["statuses"]["shortfall"],
        "notes": m["notes"],
        "setup_s": m["setup"],
        "n_floor": len(fl),
        "n_naive": len(nv),
        "proc1_s": chunks[0],
        "proc2_s": chunks[1],
        "scaling": chunks[0] / chunks[1],
        "walk": walk,
        "counts": m["counts"],
        "scale_runs": m.get("scale_runs", len(fast)),
    }
    for k, tag in ((0, ""), (1, "cpu_")):
        floor = [s["floor"][i] for i in fl]
        naive = [s["naive"][i] for i in nv]
        std = [s["standard"][i] for i in nv]
        out[tag + "fast_ms"] = ms(fast, k)
        out[tag + "fast_med_ms"] = 1000.0 * statistics.median(p[k] for p in fast)
        out[tag + "floor_ms"] = ms(floor, k)
        out[tag + "naive_ms"] = ms(naive, k)
        out[tag + "fast/floor"] = ms([fast[i] for i in fl], k) / ms(floor, k)
        out[tag + "naive/fast"] = ms(naive, k) / ms([fast[i] for i in nv], k)
        out[tag + "standard_ms"] = ms(std, k)
        out[tag + "standard/fast"] = ms(std, k) / ms([fast[i] for i in nv], k)
    return out


def print_table(rows: list[dict]) -> None:
    head = (
        f"{'model':<27}{'LP rows x cols':>15}{'runs':>5}{'short':>6}{'other':>6}"
        f"{'naive ms':>10}{'std ms':>9}{'fast ms':>9}"
        f"{'(median)':>9}{'floor ms':>10}{'fast/floor':>11}{'naive/fast':>11}{'std/fast':>9}"
        f"{'1 proc s':>9}{'2 procs s':>10}{'scaling':>8}{'walk':>6}"
    )
    for tag, title in (("", "wall clock"), ("cpu_", "CPU time of this process")):
        print(f"per run, {title}:")
        print(head)
        print("-" * len(head))
        for r in rows:
            procs = (
                f"{r['proc1_s']:>9.2f}{r['proc2_s']:>10.2f}{r['scaling']:>8.2f}"
                f"{r['walk'][0] / r['walk'][1]:>6.2f}"
                if not tag
                else ""
            )
            print(
                f"{r['model']:<27}{r['lp']:>15}{r['runs']:>5}{r['short']:>6}{r['other']:>6}"
                f"{r[tag + 'naive_ms']:>10.1f}{r[tag + 'standard_ms']:>9.1f}"
                f"{r[tag + 'fast_ms']:>9.2f}{r[tag + 'fast_med_ms']:>9.2f}"
                f"{r[tag + 'floor_ms']:>10.2f}{r[tag + 'fast/floor']:>11.3f}"
                f"{r[tag + 'naive/fast']:>11.1f}{r[tag + 'standard/fast']:>9.1f}{procs}"
            )
        print()
    for r in rows:
        c = r["counts"]
        print(
            f"{r['model']}: set-up (assemble, pass, cold first run) {r['setup_s']:.2f} s; "
            f"floor on {r['n_floor']} runs, naive and standard on {r['n_naive']}, "
            f"1 vs 2 processes on {r['scale_runs']} (one warm walk split in two: "
            f"{r['walk'][0]:.2f} / {r['walk'][1]:.2f} s); "
            f"{c.get('solves', 0)} HiGHS solves, tie-break settled in stage 2 "
            f"{c.get('settled', 0)} times (ties left {c.get('ties', 0)}, eps overshot "
            f"{c.get('suboptimal', 0)}), {c.get('reloads', 0)} whole-model passes, "
            f"{c.get('coefficients', 0)} single entries changed, {c.get('rebuilds', 0)} rebuilds, "
            f"{c.get('assemblies', 0)} full assemblies, {c.get('retries', 0)} cold retries, "
            f"{c.get('branched', 0)} runs branched (MIP)"
        )
        for note in r["notes"]:
            print(f"  {note}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids, under a minute")
    args = parser.parse_args(argv)
    size = (40, 15, 6) if args.quick else (150, 30, 10)
    every = (2, 5) if args.quick else (3, 10)  # the floor on every 2nd/3rd run, naive 5th/10th
    detailed = "detailed {}x{}x{}".format(*size)
    models = [
        ("example", {"kind": "example", "grid": (5, 4) if args.quick else (11, 8)}, (4, 2)),
        (
            f"{detailed} coarse",
            {"kind": "detailed", "size": size, "grid": (6, 5), "step": COARSE},
            every,
        ),
        (
            f"{detailed} fine",
            {"kind": "detailed", "size": size, "grid": (6, 5), "step": FINE, "scale": (10, 6)},
            every,
        ),
    ]
    print(
        f"bench_batch ({'quick' if args.quick else 'full'}), {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    rows = []
    for name, spec, (floor_every, naive_every) in models:
        m = measure(spec, floor_every, naive_every)
        scaled = {**spec, "grid": spec.get("scale", spec["grid"])}
        from benchmarks.batch_pool import pool_seconds  # start-up time

        one, got1 = pool_seconds(scaled, 1)
        two, got2 = pool_seconds(scaled, 2)
        m["scale_runs"] = len(got1)
        (c1, chunk1), (c2, chunk2) = (pool_seconds(scaled, p, chunked=True) for p in (1, 2))
        if chunk1 != chunk2:  # the same chunks from the same reset: the same answers, to the bit
            m["notes"].append("chunked runs: 1 and 2 processes gave different answers")
        same = scaled["grid"] == spec["grid"]  # then also held to the in-process answers
        for i, a in sorted(got1.items()):
            b, c = got2[i], m["outcomes"][i] if same else got1[i]
            if not (a[0] == b[0] == c[0]) or max(abs(a[1] - c[1]), abs(b[1] - c[1])) > 1e-7 * max(
                1.0, abs(c[1])
            ):
                m["notes"].append(f"run {i}: in-process {c}, 1 process {a}, 2 processes {b}")
        rows.append(summarise(name, m, (c1, c2), (one, two)))
        print(f"  {name}: done", flush=True)
    print(f"\nload average at the end {os.getloadavg()[0]:.2f} (other processes share the cores)\n")
    print_table(rows)
    for r in rows:
        verdict = ", ".join(
            f"{k} {'met' if _meets(r.get('cpu_' + k, r[k]), op, v) else 'NOT met'} (goal {op} {v})"
            for k, (op, v) in GOALS.items()
        )
        print(f"goals on {r['model']} (CPU time): {verdict}")
    walks = ", ".join(f"{r['model']} {r['walk'][0] / r['walk'][1]:.2f}" for r in rows)
    print(f"scaling of one warm walk split in two (not the runner's way): {walks}")
    for r, name in zip(rows, ("example", "coarse", "fine"), strict=True):
        print(f"model={name} {_ratios(r)}")


def _meets(value: float, op: str, goal: float) -> bool:
    return value <= goal if op == "<=" else value >= goal


def _ratios(r: dict) -> str:
    """The machine-readable ratios of one model, from the CPU-time table."""
    return (
        f"fast/floor={r['cpu_fast/floor']:.3f} naive/fast={r['cpu_naive/fast']:.1f} "
        f"scaling={r['scaling']:.2f}"
    )


if __name__ == "__main__":
    main()
