"""Start-up benchmark: what ``balansplan --help`` imports, beside a bare ``python -c pass``.

Run from the repository root (with the project installed, editable or not)::

    python benchmarks/bench_startup.py             # 15 rounds
    python benchmarks/bench_startup.py --rounds 5

Each round runs, interleaved so that a noisy machine hurts every column alike, in fresh
processes:

- ``pass``: ``python -c pass`` (the interpreter's own start);
- ``import cli``: ``python -c "from optimizer.cli import main"`` (what the command imports);
- ``--help``: ``python -m optimizer --help`` (imports plus click building the help text);
- ``importtime``: the sum of the top-level ``self`` times under ``python -X importtime -c
  "from optimizer.cli import main"``, minus the same for ``pass``: the imports the command
  adds, in milliseconds. The goal (issue 9): under 150 ms; pandas, numpy and the solver must
  not be among them (they are listed if they are).

Medians are printed side by side with the ratios to ``pass``; the last line is
machine-readable: ``help_imports_ms=... help_ms=... pass_ms=... ratio=...``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

HEAVY = ("pandas", "numpy", "pulp", "highspy", "matplotlib", "openpyxl", "yaml")
GOAL_MS = 150.0


def wall(args: list[str]) -> float:
    """Seconds a fresh ``python args`` takes, start to exit."""
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True)
    return time.perf_counter() - started


def import_times(code: str) -> tuple[float, set[str]]:
    """``(ms, modules)``: the summed self time of every import under ``-X importtime`` and the
    top-level packages imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        check=True,
        capture_output=True,
        text=True,
    )
    total_us, modules = 0, set()
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, name = (part.strip() for part in line[12:].split("|"))
        total_us += int(self_us)
        modules.add(name.strip().split(".")[0])
    return total_us / 1000.0, modules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    columns: dict[str, list[float]] = {"pass": [], "import cli": [], "--help": []}
    extra: list[float] = []
    heavy: set[str] = set()
    for _ in range(rounds):
        columns["pass"].append(wall(["-c", "pass"]))
        columns["import cli"].append(wall(["-c", "from optimizer.cli import main"]))
        columns["--help"].append(wall(["-m", "optimizer", "--help"]))
        base_ms, _ = import_times("pass")
        cli_ms, modules = import_times("from optimizer.cli import main")
        extra.append(cli_ms - base_ms)
        heavy |= modules & set(HEAVY)
    medians = {name: statistics.median(values) * 1000 for name, values in columns.items()}
    base = medians["pass"]
    print(f"balansplan start-up, {rounds} rounds, medians (ms); ratio = against python -c pass")
    print(f"{'':<14}{'ms':>10}{'ratio':>10}{'min':>10}{'max':>10}")
    for name, values in columns.items():
        ms = [v * 1000 for v in values]
        print(
            f"{name:<14}{medians[name]:>10.1f}{medians[name] / base:>10.2f}"
            f"{min(ms):>10.1f}{max(ms):>10.1f}"
        )
    imports_ms = statistics.median(extra)
    verdict = "within" if imports_ms < GOAL_MS else "OVER"
    print(
        f"imports added by the command (-X importtime, self times): {imports_ms:.1f} ms "
        f"({verdict} the {GOAL_MS:.0f} ms goal); heavy packages imported: "
        f"{', '.join(sorted(heavy)) or 'none'}"
    )
    print(
        f"help_imports_ms={imports_ms:.1f} help_ms={medians['--help']:.1f} "
        f"pass_ms={base:.1f} ratio={medians['--help'] / base:.2f}"
    )


if __name__ == "__main__":
    main()
