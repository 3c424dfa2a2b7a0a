"""The trade-off frontier (``optimizer.frontier``): hand-computed kinks, agreement with fresh
solves, the files it writes, and the ``frontier`` command.

Hand case (one year, board B cost0 100, cheap a1 weight 1 potential 6, dear a2 weight 3
potential 10): to hold a frame ``v`` the board saves ``n = 100 - v``; the least impact is
``n`` while ``n <= 6`` (a1 only) and ``6 + 3 (n - 6)`` after (a1 full, then a2). So the frontier
against the frame has slope -1 (dual 1) down to ``v = 94``, a kink there where a2 becomes
marginal, slope -3 (dual 3) down to ``v = 84`` where both potentials are used up: the limit met
without shortfall. Below 84 the frame overruns by ``84 - v`` (a shortfall) at impact 36.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import pytest
from click.testing import CliRunner

from optimizer.analysis.frontier import POINT_COLUMNS, frontier, parse_requirement
from optimizer.analysis.pipeline import solve
from optimizer.cli import main
from optimizer.params import compute
from optimizer.results.core import ResultsDirExists
from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from tests.factory import make_inputs


def close(a: float, b: float, tol: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=tol, abs_tol=tol)


def hand_case(frame0: float = 100.0):
    return make_inputs(
        boards=[{"id": "B", "cost0": 100.0, "frame0": frame0}],
        actions=[
            {"id": "a1", "category": "efficiency", "weight": 1.0},
            {"id": "a2", "category": "structural", "weight": 3.0},
        ],
        potentials=[("B", "a1", 6.0), ("B", "a2", 10.0)],
    )


def least_impact(v: float) -> float:
    """The hand-computed frontier: impact of holding frame ``v`` (module docstring)."""
    n = min(100.0 - v, 16.0)
    return n if n <= 6 else 6 + 3 * (n - 6)


@pytest.fixture(scope="module")
def example():
    """Version 1's example (its milestones: the sweeps of balance:<year>) without its minimum
    sizes: the frontier of the LP (see the MIP test)."""
    inputs = load_scenario(None, use=["version-1"])
    return replace(inputs, core=replace(inputs.core, min_size={}))


def test_a_mip_frontier_holds_the_take_decisions_of_the_plan():
    """With minimum sizes the frontier is the LP's with the plan's take-or-leave decisions
    fixed: at the current value it is the MIP's optimum, elsewhere never below a fresh MIP
    solve (a fresh solve may take or leave other actions)."""
    sizes = [f"actions.{a}.min_size={m}" for a, m in (("kopt-hemtag", 30), ("str-lokaler", 10))]
    mip = load_scenario(
        None, use=["version-1"], sets=[*sizes, "actions.str-vardplatser.min_size=20"]
    )
    assert mip.core.is_mip
    f = frontier(mip, "balance:2027", points=3)
    base = solve(mip, verify=False).summary["impact"]
    current = f.points.iloc[(f.points["value"] - f.current).abs().argsort()[:1]]
    if abs(float(current["value"].iloc[0]) - f.current) < 1e-6:
        assert close(float(current["impact"].iloc[0]), base, 1e-7)
    for _, row in f.points.iloc[[0, -1]].iterrows():
        changed = replace(mip, milestones={**mip.milestones, 2027: row["value"]})
        fresh = solve(changed, verify=False).summary
        assert row["impact"] >= fresh["impact"] - 1e-6 * max(1.0, fresh["impact"])


# --------------------------------------------------------------------------- hand-computed kink


def test_hand_frontier_default_range_impacts_and_duals():
    f = frontier(hand_case(), "frame:B:2025", points=6)
    pts = f.points
    assert list(pts.columns) == POINT_COLUMNS
    # default range: from the current frame 100 to the limit 84 (100 - 6 - 10)
    assert close(f.current, 100.0) and close(f.reach, 84.0)
    values = [100.0, 96.8, 93.6, 90.4, 87.2, 84.0]
    assert all(close(a, b) for a, b in zip(pts["value"], values, strict=True))
    # impact: 0, 3.2, 6 + 3*0.4 = 7.2, 6 + 3*3.6 = 16.8, 6 + 3*6.8 = 26.4, 36
    for got, v in zip(pts["impact"], values, strict=True):
        assert close(got, least_impact(v)), (v, got)
    assert (pts["status"] == "optimal").all() and (pts["shortfall"].abs() <= 1e-9).all()
    # the frame's dual: 1 on the cheap stretch, 3 on the dear one (v = 100 is degenerate: skip)
    assert close(pts["dual"][1], 1.0)
    assert all(close(d, 3.0) for d in pts["dual"][2:])


def test_hand_frontier_kink_location_and_label():
    f = frontier(hand_case(), "frame:B:2025", points=6)
    assert len(f.kinks) == 1
    kink = f.kinks.iloc[0]
    # between grid points 96.8 and 93.6, where a1's potential 6 runs out: frame 94, impact 6
    assert close(kink["value"], 94.0) and close(kink["impact"], 6.0)
    assert close(kink["dual_before"], 1.0) and close(kink["dual_after"], 3.0)
    assert kink["action"] == "B a2" and kink["kind"] == "slope"
    # the marginal action of each point: a1 until the kink, a2 after it
    assert list(f.points["marginal_action"]) == ["B a1", "B a1", "B a2", "B a2", "B a2", "B a2"]
    # the exact curve passes through the kink
    assert any(close(v, 94.0) for v in f.curve["value"])


def test_hand_frontier_beyond_the_limit_reports_the_shortfall():
    f = frontier(hand_case(), "frame:B:2025", points=5, start=88.0, stop=80.0)
    pts = f.points.set_index("point")
    # 88, 86, 84 met; 82 and 80 overrun the frame by 2 and 4 at the full impact 36
    assert list(pts["status"]) == ["optimal"] * 3 + ["shortfall"] * 2
    assert all(close(s, e) for s, e in zip(pts["shortfall"], [0, 0, 0, 2, 4], strict=True))
    assert all(close(i, least_impact(v)) for i, v in zip(pts["impact"], pts["value"], strict=True))


def test_an_unbinding_requirement_has_dual_zero_and_no_marginal_action():
    # the frame at 200 is far above the cost 100: nothing to save between 200 and 150
    f = frontier(hand_case(200.0), "frame:B:2025", points=3, start=200.0, stop=150.0)
    assert (f.points["impact"].abs() <= 1e-9).all() and (f.points["dual"] == 0).all()
    assert (f.points["marginal_action"] == "").all() and f.kinks.empty


# --------------------------------------------------------------------------- agreement with solve


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ("balance:2027", "milestones"),
        ("balance:2029", "milestones"),  # no milestone in 2029: added by the sweep
        ("result:2027", "result_targets"),
    ],
)
def test_points_agree_with_fresh_solves(example, spec, field):
    f = frontier(example, spec, points=4)
    year = int(spec.split(":")[1])
    for _, row in f.points.iloc[[1, 3]].iterrows():
        changed = replace(example, **{field: {**getattr(example, field), year: row["value"]}})
        fresh = solve(changed, verify=False)
        assert fresh.status == row["status"]
        assert close(fresh.summary["impact"], row["impact"], 1e-7), (row["value"], fresh.summary)
        assert close(fresh.summary["total_shortfall"], row["shortfall"])
        region = fresh.region.set_index("year")
        column = "milestone_dual" if field == "milestones" else "result_dual"
        assert close(region.loc[year, column], row["dual"], 1e-6)


def test_frame_points_agree_with_fresh_solves(example):
    f = frontier(example, "frame:HSN:2027", points=3)
    p = compute(example)
    hsn = p.boards.index("HSN")
    # every HSN year explicit: a 2027 frame alone would also move the uprated later years
    given = {("HSN", int(t)): float(p.frame[hsn, k]) for k, t in enumerate(p.years)}
    for _, row in f.points.iloc[1:].iterrows():
        frames = {**example.frames, **given, ("HSN", 2027): row["value"]}
        fresh = solve(replace(example, frames=frames), verify=False)
        assert close(fresh.summary["impact"], row["impact"], 1e-7)
        boards = fresh.boards.set_index(["board", "year"])
        assert close(boards.loc[("HSN", 2027), "frame"], row["value"])


def test_the_frontier_is_convex_where_no_shortfall_is_needed(example):
    f = frontier(example, "balance:2027", points=5)
    tol = 1e-6 * f.kinks["dual_before"].abs().clip(lower=1.0)  # relative: duals up to ~100
    assert (f.kinks["dual_after"] >= f.kinks["dual_before"] - tol).all()
    assert (f.points["dual"].diff().dropna() >= -1e-6).all()


# --------------------------------------------------------------------------- parsing, files, CLI


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("balance", "balance:<year>"),
        ("kassa:2027", "frame:<BOARD>:<year>"),
        ("balance:twenty", "a plan year"),
        ("result:2040", "a plan year (2025-2030)"),
        ("frame:XYZ:2027", "a board of the scenario (HSN"),
        ("frame:2027", "frame:<BOARD>:<year>"),
    ],
)
def test_bad_requirement_names_the_value_and_the_forms(example, text, expected):
    with pytest.raises(InputError) as caught:
        parse_requirement(text, example)
    message = str(caught.value)
    assert f"got {text!r}" in message and expected in message and "--x" in message


def test_write_is_atomic_and_complete(tmp_path):
    f = frontier(hand_case(), "frame:B:2025", points=3)
    out = f.write(tmp_path / "fr")
    assert sorted(p.name for p in out.iterdir()) == [
        ".balansplan",  # the marker: --force may replace this folder
        "frontier.csv",
        "frontier.png",
        "frontier.svg",
        "kinks.csv",
    ]
    assert list(pd.read_csv(out / "frontier.csv").columns) == POINT_COLUMNS
    assert (out / "frontier.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (out / "frontier.svg").read_bytes()[:2000]
    with pytest.raises(ResultsDirExists):
        f.write(out)
    f.write(out, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["fr"]  # no temporary folder left


def test_cli_frontier(tmp_path):
    out = tmp_path / "fr"
    result = CliRunner().invoke(
        main,
        [
            "frontier",
            "--x",
            "balance:2027",
            "--points",
            "3",
            "--out",
            str(out),
            "--use",
            "version-1",
        ],  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    assert "balance:2027" in result.output and (out / "frontier.png").is_file()
    table = pd.read_csv(out / "frontier.csv")
    assert len(table) == 3 and close(table["value"].iloc[0], -500.0)


def test_cli_frontier_bad_x_exits_2_naming_the_value(tmp_path):
    result = CliRunner().invoke(
        main, ["frontier", "--x", "balans:2030", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "balans:2030" in result.output and "frame:<BOARD>:<year>" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "o").exists()


def test_the_frontier_examples_of_the_cli_docs_run(tmp_path, monkeypatch):
    """Every ``balansplan frontier`` line of docs/cli.md runs on the example (exit 0), with two
    points to keep it short: the first once exited 2 (``balance:`` on a scenario with the law's
    keys)."""
    import shlex
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    lines = [
        line.split("#")[0].strip()
        for line in docs.splitlines()
        if line.startswith("balansplan frontier --")
    ]
    assert len(lines) >= 3
    monkeypatch.chdir(tmp_path)
    for line in lines:
        args = shlex.split(line)[1:]
        if "--points" in args:
            args[args.index("--points") + 1] = "2"
        else:
            args += ["--points", "2"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, f"{line}: {result.output}"


def test_progress_is_told_once_per_grid_point():
    ticks = []
    frontier(hand_case(), "frame:B:2025", points=6, progress=lambda: ticks.append(1))
    assert len(ticks) == 6


@pytest.mark.parametrize("quiet", [False, True])
def test_cli_frontier_shows_progress_unless_quiet(progress_bars, quiet):
    """``frontier`` gives the sweep's progress bar: one step per grid point, asked for unless
    ``--quiet`` (and drawn only on a terminal: under the test runner nothing reaches stderr)."""
    args = ["frontier", "--x", "balance:2027", "--points", "3", "--use", "version-1"]
    result = CliRunner().invoke(main, args + (["--quiet"] if quiet else []))
    assert result.exit_code == 0, result.output
    total, show, unit, bar, steps = progress_bars[0]
    assert (total, show, unit, steps) == (3, not quiet, "point", 3)
    assert bar.disable and "point/s" not in result.output  # not a terminal
