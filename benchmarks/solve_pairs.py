"""``bench_solve.py``'s paired measurement: the project's solve beside a cold HiGHS solve.

Per size of the detailed model (``PAIR_SIZES``: 50x20x8, 150x30x10, 300x50x10; ``--quick``
the first two) and per round, two fresh processes one after the other (interleaved, so a noisy
machine hurts both alike):

- ``solve``: ``solve(inputs)`` (build, the stages, tables, verification) after the imports and
  a tiny warm-up solve; its wall seconds, and its peak resident memory (VmHWM) above the
  memory after those imports (``peak - imports``);
- ``floor``: ``Highs(); readModel(mps); run()`` of the LP the stages solve first
  (``solve_workers.write_floor_mps``), the same way measured.

Per size: the median of the paired ratios ``solve / floor`` (each round's pair), the medians of
both sides' seconds and peak memory (total and above the imports). The goals of issue 16:
at most 1.5x the floor at 50x20x8, at most 1.15x from 150x30x10, peak memory at most 1.5x the
floor's plus the imports.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

PAIR_SIZES = ((50, 20, 8), (150, 30, 10), (300, 50, 10))


def pair_worker(side: str, size: tuple[int, int, int], mps: str) -> dict:
    """In this fresh process: one side of a pair (see the module doc)."""
    from benchmarks.solve_workers import _peak_mb, load_inputs

    if side == "floor":
        import highspy

        imports = _peak_mb()
        started = time.perf_counter()
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.readModel(mps)
        h.run()
        seconds = time.perf_counter() - started
        status = h.modelStatusToString(h.getModelStatus())
        return {"seconds": seconds, "peak_mb": _peak_mb(), "imports_mb": imports, "status": status}
    import optimizer.analysis.pipeline  # noqa: F401  (imports are not what is measured)
    from benchmarks.generate import detailed
    from optimizer.analysis.pipeline import solve

    inputs = load_inputs("detailed", size)
    solve(detailed(4, 4, 3))  # first-call costs (lazy imports, HiGHS start-up) not timed
    imports = _peak_mb()
    started = time.perf_counter()
    results = solve(inputs)
    seconds = time.perf_counter() - started
    status = str(results.summary.get("status"))
    return {"seconds": seconds, "peak_mb": _peak_mb(), "imports_mb": imports, "status": status}


def _spawn(script: Path, side: str, size: tuple[int, int, int], mps: Path) -> dict:
    text = ",".join(map(str, size))
    cmd = [sys.executable, str(script), "--pair-worker", side, text, str(mps)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=script.parents[1], check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"pair worker {side} {text} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_pairs(script: Path, sizes, rounds: int, tmp: Path) -> list[dict]:
    """Every size's pairs over ``rounds``; one summary record per size."""
    from benchmarks.solve_workers import load_inputs, write_floor_mps

    out = []
    for size in sizes:
        mps = tmp / ("pair_{}x{}x{}.mps".format(*size))
        which = write_floor_mps(load_inputs("detailed", size), mps)
        pairs = [(_spawn(script, "solve", size, mps), _spawn(script, "floor", size, mps))
                 for _ in range(rounds)]  # fmt: skip
        med = statistics.median
        above = lambda r: r["peak_mb"] - r["imports_mb"]  # noqa: E731
        out.append(
            {
                "size": size,
                "floor_lp": which,
                "ratio": med(a["seconds"] / b["seconds"] for a, b in pairs),
                "solve_s": med(a["seconds"] for a, _ in pairs),
                "floor_s": med(b["seconds"] for _, b in pairs),
                "solve_peak_mb": med(a["peak_mb"] for a, _ in pairs),
                "floor_peak_mb": med(b["peak_mb"] for _, b in pairs),
                "solve_above_mb": med(above(a) for a, _ in pairs),
                "floor_above_mb": med(above(b) for _, b in pairs),
                "status": pairs[-1][0]["status"],
                "rounds": rounds,
            }
        )
    return out


def pairs_report(records: list[dict]) -> list[str]:
    """The paired table and one machine-readable line per size."""
    head = (
        f"{'paired, fresh processes':<26}{'solve s':>9}{'floor s':>9}{'median ratio':>13}"
        f"{'solve MB':>10}{'floor MB':>10}{'solve +MB':>10}{'floor +MB':>10}"
    )
    lines = [head, "-" * len(head)]
    for r in records:
        name = "detailed {}x{}x{}".format(*r["size"])
        lines.append(
            f"{name:<26}{r['solve_s']:>9.3f}{r['floor_s']:>9.3f}{r['ratio']:>13.2f}"
            f"{r['solve_peak_mb']:>10.1f}{r['floor_peak_mb']:>10.1f}"
            f"{r['solve_above_mb']:>10.1f}{r['floor_above_mb']:>10.1f}"
        )
    lines.append("(+MB: peak resident memory above the memory after the imports)")
    for r in records:
        lines.append(
            "pair={}x{}x{} ratio={:.2f} solve_peak_mb={:.1f} floor_peak_mb={:.1f}".format(
                *r["size"], r["ratio"], r["solve_peak_mb"], r["floor_peak_mb"]
            )
        )
    return lines
