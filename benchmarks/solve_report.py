"""The report of ``bench_solve.py``: the side-by-side table, the goals, the machine-read line.

``report(res)`` takes ``run``'s medians; its last line is machine-readable:
``example_cold_s=... detailed_ratio=... detailed_peak_mb=...``.
"""

from __future__ import annotations

import os
import time

GOALS = {"example_cold_s": 2.0, "detailed_ratio": 2.0, "detailed_peak_mb": 300.0}


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
        ("  = build (params+LP)", build(ex), build(de)),
        ("  hand-off to HiGHS (passModel)", ex.get("handoff"), de.get("handoff")),
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
    lines += _mip_section(res, width)
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


def _mip_section(res: dict, width: int) -> list[str]:
    """Minimum sizes: each MIP beside its LP, solve() and HiGHS's own time (MIP resp. LP)."""
    u, a, y = res["size"]
    rows = [
        ("example, LP (no minimum sizes)", "example-lp"),
        ("example, MIP (as shipped)", "example"),
        (f"detailed {u}x{a}x{y}, LP", "detailed"),
        ("detailed, MIP (a tenth min_size)", "detailed-mip"),
    ]
    out = [
        "",
        f"{'MIP beside the LP':{width + 4}} {'solve()':>10} {'HiGHS alone':>12} {'ratio':>8} "
        f"{'runs':>5}  status",
    ]
    for label, kind in rows:
        m = res.get(kind) or {}
        total, floor = m.get("total", float("nan")), m.get("floor_s", float("nan"))
        ratio = total / floor if floor == floor and floor > 0 else float("nan")
        out.append(
            f"{label:{width + 4}} {_fmt(total):>10} {_fmt(floor):>12} {_fmt(ratio, 'x'):>8} "
            f"{m.get('highs_runs', 0):>5}  {m.get('status', 'n/a')}"
        )
    return out
