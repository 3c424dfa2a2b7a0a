"""Benchmark: ``balansplan robust`` and ``balansplan stress`` on the example against the number
of futures N, side by side with the deterministic solve.

Run from the repository root::

    python benchmarks/bench_robust.py              # N = 25, 50, 100, 200
    python benchmarks/bench_robust.py --n 200 400  # other N
    python benchmarks/bench_robust.py --quick      # N = 10, 25

Each N runs in a fresh process (``--worker``), so its peak memory (VmHWM, imports and the
scenario included) is its own. Measured per N, wall clock:

- ``draw``: the futures (``draw_futures``: samples, ``compose_inputs`` and ``model.build`` each);
- ``robust``: ``robust(...)`` with ``--commit 2 --risk expected``: the forecast's own plan (the
  MIP), then three stacked LPs (the robust plan, the forecast's committed decisions held with
  recourse for VSS, and foresight for EVPI) and each future's figures;
- ``stacked``: of which the robust program's own LP (``Solution.seconds``), with its size;
- ``stress``: the forecast's plan held fixed in the same N futures (``stress``);
- ``det``: one deterministic solve of the forecast (``forecast_x``), the unit of the ratios.

Goal (issue 19): N = 200 under 2 minutes and 4 GB on this machine's two cores. The last line
is machine-readable: ``n=... robust_s=... peak_mb=...`` for the largest N.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path


def peak_mb() -> float:
    """The process's high-water resident memory (VmHWM) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource  # not on Linux: ru_maxrss

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(n: int, seed: int) -> dict:
    from optimizer import load_scenario
    from optimizer.batch.futures.draw import draw_futures
    from optimizer.batch.futures.plans import forecast_x
    from optimizer.batch.futures.risk import Risk
    from optimizer.batch.futures.robust import robust
    from optimizer.batch.futures.stress import stress
    from optimizer.model import build

    inputs = load_scenario()
    model = build(inputs)
    started = time.perf_counter()
    x = forecast_x(model)
    det = time.perf_counter() - started
    started = time.perf_counter()
    futures = draw_futures(None, n, seed)
    draw = time.perf_counter() - started
    started = time.perf_counter()
    out = robust(futures, model, 2, Risk.parse("expected"))
    rob = time.perf_counter() - started
    started = time.perf_counter()
    stress(futures, model, x)
    st = time.perf_counter() - started
    return {
        "n": n,
        "det": det,
        "draw": draw,
        "robust": rob,
        "stacked": out.robust.seconds,
        "columns": out.robust.size[0],
        "rows": out.robust.size[1],
        "stress": st,
        "peak_mb": peak_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[25, 50, 100, 200])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.seed)))
        return
    sizes = [10, 25] if args.quick else args.n
    rows = []
    for n in sizes:
        cmd = [sys.executable, __file__, "--worker", str(n), "--seed", str(args.seed)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    head = (f"{'N':>5} {'det s':>7} {'draw s':>7} {'robust s':>9} {'x det':>7} {'LP s':>7} "
            f"{'LP cols x rows':>16} {'stress s':>9} {'peak MB':>8}")  # fmt: skip
    print(head)
    for r in rows:
        size = f"{r['columns']}x{r['rows']}"
        print(
            f"{r['n']:>5} {r['det']:>7.2f} {r['draw']:>7.2f} {r['robust']:>9.2f} "
            f"{r['robust'] / r['det']:>7.0f} {r['stacked']:>7.2f} {size:>16} "
            f"{r['stress']:>9.2f} {r['peak_mb']:>8.0f}"
        )
    last = rows[-1]
    total = last["draw"] + last["robust"]
    print(f"n={last['n']} robust_s={total:.1f} peak_mb={last['peak_mb']:.0f}")


if __name__ == "__main__":
    main()
