"""(v3, MODEL.md 10.2) Frames in decided years stay as decided; where the plan needs a board
below its frame, ``frames.csv``'s ``adjustment`` is the frame adjustment (ramjustering) and
the report lists it among the decisions the council must take."""

from __future__ import annotations

import pytest

from optimizer.analysis.pipeline import solve
from optimizer.report.view.notes import decisions
from optimizer.report.words.labels import Labels
from optimizer.results.evaluate.verify import evaluate
from tests.factory import make_inputs

TOL = 1e-6


def below_frame(decided_through: int | None):
    """2025-2026, board ``B`` with cost 100 and frame 100 (no growth), revenue 90, result
    targets 0 both years: the permanent action saves 10 from 2025 (impact 20), so the board's
    cost is 90, 10 below its frame in each year. Decided years: adjustment 10 (the board would
    otherwise spend its frame); a proposed year's frame is the plan's cost: adjustment 0."""
    return make_inputs(first=2025, last=2026, revenue=90.0,
                       boards=[{"id": "B", "cost0": 100.0, "frame0": 100.0}],
                       result_targets={2025: 0.0, 2026: 0.0},
                       frames_decided_through=decided_through)  # fmt: skip


def test_a_board_below_its_decided_frame_needs_an_adjustment():
    res = solve(below_frame(None))
    frames = res.frames.set_index("year")
    assert list(frames["adjustment"]) == pytest.approx([10.0, 10.0], abs=TOL)
    assert list(frames["frame"]) == pytest.approx([100.0, 100.0])  # stays as decided
    assert res.summary["frame_adjustments"] == [
        {"board": "B", "year": 2025, "msek": pytest.approx(10.0, abs=TOL)},
        {"board": "B", "year": 2026, "msek": pytest.approx(10.0, abs=TOL)},
    ]
    text = decisions(res.summary, Labels("sv"))
    assert text == "Beslut som fullmäktige behöver fatta: ramjusteringar B 2025 10 mnkr, B 2026 10 mnkr."
    assert evaluate(below_frame(None), res) == []


def test_a_proposed_frame_needs_none():
    res = solve(below_frame(2025))
    frames = res.frames.set_index("year")
    assert frames.loc[2026, "status"] == "proposed"
    assert frames.loc[2025, "adjustment"] == pytest.approx(10.0, abs=TOL)
    assert frames.loc[2026, "adjustment"] == pytest.approx(0.0, abs=TOL)
    assert [d["year"] for d in res.summary["frame_adjustments"]] == [2025]


def test_the_evaluator_checks_the_adjustment():
    res = solve(below_frame(None))
    frames = res.tables["frames"].copy()
    frames.loc[frames["year"] == 2026, "adjustment"] = 0.0
    res.tables["frames"] = frames
    assert "frames.adjustment" in {v.check for v in evaluate(below_frame(None), res)}
