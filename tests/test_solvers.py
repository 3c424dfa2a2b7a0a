"""The HiGHS back end: honest statuses and recovery."""

from __future__ import annotations

import pytest


def test_a_warm_run_highs_cannot_finish_is_retried_cold(monkeypatch: pytest.MonkeyPatch) -> None:
    from optimizer import solvers
    from optimizer.solve import solve
    from tests.factory import make_inputs

    real = solvers._highs_status
    calls = []

    def unknown_once(hs, status):
        calls.append(status)
        return "error" if len(calls) == 1 else real(hs, status)

    monkeypatch.setattr(solvers, "_highs_status", unknown_once)
    inputs = make_inputs(
        boards=[{"id": "B", "cost0": 100, "frame0": 90}],
        actions=[{"id": "a", "category": "e"}, {"id": "b", "category": "e", "weight": 3}],
        potentials=[("B", "a", 6), ("B", "b", 10)],
    )
    results = solve(inputs)
    assert results.status == "optimal" and results.summary["impact"] == pytest.approx(18.0)
    assert len(calls) >= 3  # the failed run, its cold retry, then the tie-break
