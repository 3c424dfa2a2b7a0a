"""The measurements of ``bench_solve.py``: what one worker process or one timed command does.

- ``worker_solve``: in a fresh process, ``solve(inputs)`` ``reps`` times with its parts timed
  (``_instrument`` wraps the functions ``solve`` calls) and the peak memory (``peak_mb``);
- ``write_floor_mps`` / ``floor_once``: the HiGHS floor, the LP the stages solve first read
  from MPS and solved alone (threads 1, output off); for a MIP (minimum sizes) the MIP itself
  (the MPS keeps the integrality): HiGHS's own MIP time;
- ``load_inputs``: ``example`` (as shipped, with minimum sizes: a MIP), ``example-lp`` (the
  same without them), ``detailed`` (the generated LP), ``detailed-mip`` (minimum sizes on a
  tenth of its actions);
- ``cold_once`` / ``import_seconds``: the cold end-to-end command (``cold_example_command``)
  and the seconds it spends importing (``python -X importtime``).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "scenarios" / "rjh-2025-2030"


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
    from dataclasses import replace

    if kind in ("example", "example-lp"):
        from optimizer import load_scenario

        inputs = load_scenario(str(EXAMPLE))
        if kind == "example-lp":  # the shipped example without its minimum sizes: the LP
            inputs = replace(inputs, core=replace(inputs.core, min_size={}))
        return inputs
    from benchmarks.generate import detailed

    inputs = detailed(*size)
    if kind == "detailed-mip":  # minimum sizes on a tenth of the actions: a MIP
        inputs = replace(inputs, core=replace(inputs.core, min_size=tenth_min_sizes(inputs)))
    return inputs


def tenth_min_sizes(inputs) -> dict[str, float]:
    """``min_size`` for every tenth action: half its median positive potential over the units
    (so that some units can take it and some, with a small potential, cannot)."""
    pots = inputs.potentials[inputs.potentials["pot"] > 0]
    out = {}
    for a in list(inputs.actions.index)[::10]:
        mine = pots.loc[pots["action"] == a, "pot"]
        if len(mine):
            out[str(a)] = float(mine.median()) / 2
    return out


def write_floor_mps(inputs, path: Path) -> str:
    """Write the LP the stages solve first to ``path``; returns which LP it is.

    That is stage 2 (``min_impact`` costs, every slack fixed at 0) when it is feasible, else
    the elastic stage-1 LP (shortfall costs, slacks free), as ``solve.run_stages`` does.
    """
    from optimizer.model import build
    from optimizer.model.variables import slack_columns
    from optimizer.solver.backends import HighsBackend

    lp = build(inputs).lp
    backend = HighsBackend(lp)
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

    The real ``optimizer.solve`` runs unchanged; a name that is not found (the code moved)
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
    wrap("optimizer.analysis.pipeline", "build", "build_lp")  # params included; subtracted below
    wrap("optimizer.analysis.pipeline", "make_backend", "handoff")
    wrap("optimizer.analysis.pipeline", "run_stages", "stages")
    # a MIP (minimum sizes) goes through solver/mip.py: both passes (MIP, fixed LP) counted
    wrap("optimizer.solver.mip", "make_backend", "handoff")
    wrap("optimizer.solver.mip", "run_stages", "stages")
    wrap("optimizer.solver.backends", "HighsBackend.run", "highs_run")
    wrap("optimizer.analysis.pipeline", "tabulate_plan", "tables")
    wrap("optimizer.analysis.pipeline", "verify_plan", "verify")


def worker_solve(kind: str, size: tuple[int, int, int], reps: int) -> dict:
    # kinds: example (as shipped: a MIP, minimum sizes), example-lp, detailed, detailed-mip
    """In this (fresh) process: load the inputs, warm up on a tiny model, ``solve`` ``reps`` times."""
    _ensure_path()
    import optimizer.analysis.pipeline  # noqa: F401  (imported here so that imports are not timed)
    from benchmarks.generate import detailed
    from optimizer.analysis.pipeline import solve

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
        if kind.startswith("example"):  # reading and checking the files, warm (first not timed)
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
        code = f"import sys; sys.argv = {argv!r}; from optimizer.cli import main; main()"
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
