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
- ``ratio``: in-process ``solve`` / floor; ``peak MB``: the high-water resident memory (VmHWM)
  of the worker process that ran one detailed solve (imports, inputs and a tiny warm-up solve
  included; ``rss after imports`` shows that part).

The last line is machine-readable: ``example_cold_s=... detailed_ratio=... detailed_peak_mb=...``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "rjh-2025-2030"
FULL_SIZE = (150, 30, 10)
QUICK_SIZE = (40, 15, 6)
GOALS = {"example_cold_s": 2.0, "detailed_ratio": 2.0, "detailed_peak_mb": 300.0}


def _ensure_path() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    """Peak resident memory of this process in MB.

    Linux: ``VmHWM`` of ``/proc/self/status``, the high-water mark of this program's own memory.
    ``ru_maxrss`` is not used there because it survives ``exec``: a worker started by a big
    parent reports the parent's size. Elsewhere ``ru_maxrss`` (KiB on Linux, bytes on macOS).
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


# --------------------------------------------------------------------------- inputs and LP


def load_inputs(kind: str, size: tuple[int, int, int]):
    """The example scenario (``kind == "example"``) or the generated detailed model."""
    _ensure_path()
    if kind == "example":
        from optimizer import load_scenario

        return load_scenario(str(EXAMPLE))
    from benchmarks.generate import detailed

    return detailed(*size)


def write_floor_mps(inputs, path: Path) -> str:
    """Write the LP the stages solve first to ``path``; returns which LP it is.

    That is stage 2 (``min_impact`` costs, every slack fixed at 0) when it is feasible, else
    the elastic stage-1 LP (shortfall costs, slacks free), as ``solve.run_stages`` does.
    """
    from optimizer.model import build
    from optimizer.model.pulp_model import to_pulp
    from optimizer.model.variables import slack_columns
    from optimizer.solvers import HighsBackend

    lp = build(inputs).lp
    backend = HighsBackend(to_pulp(lp))
    slacks = slack_columns(lp)

    backend.set_col_bounds(slacks, 0.0, 0.0)
    which = f"stage 2 ({inputs.objective}, slacks 0)"
    if backend.run(lp.cost_vector(inputs.objective), None).status != "optimal":
        backend.set_col_bounds(slacks, 0.0, float("inf"))
        backend.run(lp.cost_vector("shortfall"), None)
        which = "stage 1 (shortfall, elastic)"
    backend.highs.writeModel(str(path))
    return which


def floor_once(mps: Path) -> dict:
    """``Highs(); readModel; run`` with threads 1 and output off; the seconds of each part."""
    import highspy

    t0 = time.perf_counter()
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.readModel(str(mps))
    t1 = time.perf_counter()
    h.run()
    t2 = time.perf_counter()
    status = h.modelStatusToString(h.getModelStatus())
    return {"read_s": t1 - t0, "run_s": t2 - t1, "floor_s": t2 - t0, "status": status}


# --------------------------------------------------------------------------- workers


def _instrument(timings: dict[str, float], counts: dict[str, int]) -> None:
    """Wrap the functions ``solve`` calls so that their seconds add up in ``timings``.

    The real ``optimizer.solve.solve`` runs unchanged; a name that is not found (the code moved)
    is simply not timed.
    """
    import importlib

    def wrap(module_name: str, attr: str, label: str) -> None:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            return
        owner, _, name = attr.rpartition(".")
        target = getattr(module, owner) if owner else module
        fn = getattr(target, name, None)
        if fn is None:
            return

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timings[label] += time.perf_counter() - started
                counts[label] += 1

        setattr(target, name, timed)

    wrap("optimizer.model.build", "compute", "params")
    wrap("optimizer.solve", "build", "build_lp")  # params included; subtracted below
    wrap("optimizer.solve", "to_pulp", "pulp")
    wrap("optimizer.solve", "make_backend", "handoff")
    wrap("optimizer.solve", "run_stages", "stages")
    wrap("optimizer.solvers", "HighsBackend.run", "highs_run")
    wrap("optimizer.solution", "tabulate", "tables")
    wrap("optimizer.evaluate", "verify", "verify")


def worker_solve(kind: str, size: tuple[int, int, int], reps: int) -> dict:
    """In this (fresh) process: load the inputs, warm up on a tiny model, ``solve`` ``reps`` times."""
    _ensure_path()
    import optimizer.evaluate  # noqa: F401  (imported here so that imports are not timed)
    import optimizer.solution  # noqa: F401
    from benchmarks.generate import detailed
    from optimizer.solve import solve

    inputs = load_inputs(kind, size)
    solve(detailed(4, 4, 3))  # first-call costs (lazy imports, HiGHS start-up) not timed
    rss_imports = _peak_mb()
    timings: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    _instrument(timings, counts)
    runs = []
    for _ in range(reps):
        timings.clear()
        counts.clear()
        started = time.perf_counter()
        if kind == "example":  # reading and checking the files, warm (the first load was not timed)
            inputs = load_inputs(kind, size)
        loaded = time.perf_counter()
        results = solve(inputs)
        total = time.perf_counter() - loaded
        parts = dict(timings)
        parts["load"] = loaded - started
        if "build_lp" in parts and "params" in parts:
            parts["build_lp"] -= parts["params"]
        parts["total"] = total
        parts["highs_runs"] = counts.get("highs_run", 0)
        parts["status"] = results.summary.get("status")
        runs.append(parts)
    return {"runs": runs, "rss_imports_mb": rss_imports, "peak_mb": _peak_mb()}


def _run_worker(args: list[str]) -> dict:
    """Run this script as a worker in a fresh Python process and parse its JSON answer."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold_example_command() -> list[str]:
    """The cold end-to-end command: the CLI when installed, else the Python API."""
    exe = shutil.which("balansplan")
    if exe:
        return [exe, "solve", str(EXAMPLE.relative_to(ROOT)), "--quiet"]
    where = str(EXAMPLE.relative_to(ROOT))
    code = f"from optimizer import solve, load_scenario; solve(load_scenario({where!r}))"
    return [sys.executable, "-c", code]


def import_seconds(cmd: list[str]) -> float:
    """Seconds the cold ``cmd`` spends importing modules (``python -X importtime``, top level).

    ``cmd`` is run once more with its Python under ``-X importtime``; the cumulative times of
    the top-level imports are summed (the interpreter's own start-up is not included).
    """
    if Path(cmd[0]).name.startswith("balansplan"):
        argv = ["balansplan", *cmd[1:]]
        code = f"import sys; sys.argv = {argv!r}; from cli import main; main()"
        cmd = [sys.executable, "-c", code]
    full = [cmd[0], "-X", "importtime", *cmd[1:]]
    proc = subprocess.run(full, capture_output=True, text=True, cwd=ROOT, check=False)
    total = 0
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = line.split("|", 2)
            if cumulative.strip().isdigit() and not name.startswith("  "):  # top level
                total += int(cumulative)
    return total / 1e6


def cold_once(cmd: list[str]) -> float:
    """Wall seconds of ``cmd`` in a fresh process; raises when it exits with an error."""
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 3):  # 3: a strict shortfall, still a full solve
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return wall


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
    _ensure_path()
    load_before = os.getloadavg()[0]
    rounds = rounds or (2 if quick else 3)
    inner = 3 if quick else 5  # warm in-process example solves per worker
    notes: list[str] = []
    tmp = Path(tempfile.mkdtemp(prefix="bench_solve_"))
    sizes = {"example": (0, 0, 0), "detailed": size}
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
            reps = inner if kind == "example" else 1
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


def _fmt(value: object, unit: str = "s") -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "n/a"
        return f"{value:.3f} {unit}".strip() if unit == "s" else f"{value:.{1}f}{unit}"
    return str(value)


def report(res: dict) -> str:
    """The side-by-side table, the goals and the machine-readable last line."""
    ex, de = res["example"], res["detailed"]
    u, a, y = res["size"]

    def build(m: dict) -> float:
        return m.get("params", 0.0) + m.get("build_lp", 0.0) + m.get("pulp", 0.0)

    def ratio(m: dict, num: float) -> float:
        floor = m.get("floor_s", float("nan"))
        return num / floor if floor > 0 else float("nan")  # NaN > 0 is False

    rows = [
        ("cold process (CLI), wall", res["cold"], None),
        ("  of which imports (importtime)", res["imports"], None),
        ("in-process load_scenario()", ex.get("load"), None),
        ("in-process solve() total", ex.get("total", float("nan")), de.get("total", float("nan"))),
        ("  params", ex.get("params"), de.get("params")),
        ("  LP assembly", ex.get("build_lp"), de.get("build_lp")),
        ("  PuLP model", ex.get("pulp"), de.get("pulp")),
        ("  = build (params+LP+PuLP)", build(ex), build(de)),
        ("  hand-off PuLP -> HiGHS", ex.get("handoff"), de.get("handoff")),
        ("  stages", ex.get("stages"), de.get("stages")),
        ("    of which HiGHS run()", ex.get("highs_run"), de.get("highs_run")),
        ("  tables", ex.get("tables"), de.get("tables")),
        ("  verification", ex.get("verify"), de.get("verify")),
        ("floor: readModel", ex.get("read_s"), de.get("read_s")),
        ("floor: run", ex.get("run_s"), de.get("run_s")),
        ("floor: Highs+readModel+run", ex.get("floor_s"), de.get("floor_s")),
    ]
    width = 30
    lines = [
        f"balansplan speed benchmark  ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cpus, "
        f"{res['rounds']} rounds, medians, load average {res['load'][0]:.1f} -> {res['load'][1]:.1f})",
        f"{'':{width}} {'example':>14} {f'detailed {u}x{a}x{y}':>20}",
    ]
    for label, e, d in rows:
        lines.append(
            f"{label:{width}} {_fmt(e) if e is not None else '':>14} "
            f"{_fmt(d) if d is not None else '':>20}"
        )
    ex_ratio, de_ratio = ratio(ex, ex.get("total", float("nan"))), ratio(de, de.get("total", 0.0))
    ex_core = ratio(ex, build(ex) + ex.get("handoff", 0.0) + ex.get("stages", 0.0))
    de_core = ratio(de, build(de) + de.get("handoff", 0.0) + de.get("stages", 0.0))
    for label, e, d in [
        ("ratio solve() / floor", ex_ratio, de_ratio),
        ("ratio w/o tables+verify", ex_core, de_core),
    ]:
        lines.append(f"{label:{width}} {_fmt(e, 'x'):>14} {_fmt(d, 'x'):>20}")
    lines += [
        f"{'HiGHS runs per solve':{width}} {ex['highs_runs']:>14} {de['highs_runs']:>20}",
        f"{'status':{width}} {ex['status']:>14} {de['status']:>20}",
        f"{'rss after imports':{width}} {_fmt(ex['rss_imports_mb'], ' MB'):>14} "
        f"{_fmt(de['rss_imports_mb'], ' MB'):>20}",
        f"{'peak memory (VmHWM)':{width}} {_fmt(ex['peak_mb'], ' MB'):>14} "
        f"{_fmt(de['peak_mb'], ' MB'):>20}",
        f"floor LP: example {ex['floor_lp'] or 'n/a'} [{ex['floor_status']}]; "
        f"detailed {de['floor_lp'] or 'n/a'} [{de['floor_status']}]",
        f"cold command: {res['cold_command']}",
    ]
    figures = {
        "example_cold_s": res["cold"],
        "detailed_ratio": de_ratio,
        "detailed_peak_mb": de["peak_mb"],
    }
    verdicts = [
        f"{k} {'met' if v <= GOALS[k] else 'NOT met'} ({_fmt(v, '')} vs {GOALS[k]:g})"
        if v == v
        else f"{k} n/a"
        for k, v in figures.items()
    ]
    lines.append("goals: " + "; ".join(verdicts))
    lines += [f"note: {n}" for n in res["notes"]]
    lines.append(
        " ".join(
            f"{k}={v:.3f}" if k != "detailed_peak_mb" else f"{k}={v:.1f}"
            for k, v in figures.items()
        )
    )
    return "\n".join(lines)


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
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    main()
