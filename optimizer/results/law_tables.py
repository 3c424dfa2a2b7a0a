"""(v2) The tables and summary keys of version 2, from a plan's derived numbers (no LP values):
``reconciliation`` (the balanskravsutredning, ``balance_law.reconciliation``), ``frames``
(decided and proposed frames beside the current rule's), the law's shortfall rows, and the
shortfall by requirement tier (docs/model.md, "Outputs")."""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.results.balance_law import COLUMNS as RECONCILIATION_COLUMNS
from optimizer.results.balance_law import LEDGER_COLUMNS, Rules, law_shortfall, reconciliation
from optimizer.results.balance_law import ledger as law_ledger
from optimizer.scenario.inputs import TIER_OF, TIERS, Inputs

FRAMES_COLUMNS = ["board", "year", "frame", "status", "current", "change", "adjustment"]
SHORT = 1e-6


def reconciliation_table(inputs: Inputs, results: dict[int, float]) -> pd.DataFrame:
    """The balanskravsutredning of the plan (empty without the law's balance keys)."""
    if not inputs.balance_law:
        return pd.DataFrame(columns=RECONCILIATION_COLUMNS)
    return reconciliation(Rules.of(inputs), results)


def ledger_table(inputs: Inputs, results: dict[int, float]) -> pd.DataFrame:
    """(v3) ``ledger.csv``: each deficit by year (empty without the law's balance keys)."""
    if not inputs.balance_law:
        return pd.DataFrame(columns=LEDGER_COLUMNS)
    return law_ledger(Rules.of(inputs), results)


def ledger_summary(inputs: Inputs, results: dict[int, float]) -> dict:
    """(v3, MODEL.md 10.1) ``deficit_left_at_end``: what is left to restore at the end of the
    last plan year (MSEK; 0 without the law's keys), and ``extended_deadlines``: each deficit
    whose deadline rests on a decision, ``{year, statutory, decided (None: never), decision,
    amount, left_at_end}``, oldest first."""
    if not inputs.balance_law or not results:
        return {"deficit_left_at_end": 0.0, "extended_deadlines": []}
    table = ledger_table(inputs, results)
    last = table[table["year"] == max(results)]
    extended = [
        {
            "year": int(r.deficit_year), "statutory": int(r.statutory_deadline),
            "decided": None if pd.isna(r.decided_deadline) else int(r.decided_deadline),
            "decision": str(r.decision), "amount": float(r.amount), "left_at_end": float(r.left),
        }
        for r in last.itertuples()
        if pd.isna(r.decided_deadline) or int(r.decided_deadline) > int(r.statutory_deadline)
    ]
    return {"deficit_left_at_end": float(last["left"].sum()), "extended_deadlines": extended}


def law_rows(inputs: Inputs, results: dict[int, float]) -> list[tuple]:
    """Shortfall-table rows ``(requirement, board, category, year, target, value, shortfall)``
    of the ``no_deficit`` and ``deadline`` rows (the LP's view, from the plan's results)."""
    if not inputs.balance_law:
        return []
    rows = law_shortfall(Rules.of(inputs), results, inputs.deadline_years)
    return [(req, None, None, t, target, value, short) for req, t, target, value, short in rows]


def frames_table(
    boards: list[str], years: list[int], cost: np.ndarray, current: np.ndarray, decided: np.ndarray
) -> pd.DataFrame:
    """``board, year, frame, status, current, change, adjustment``: a decided year's frame is
    the current rule's (``frame0``/``uprate``/``frames.csv``); a proposed year's is the plan's
    net cost ``C[b,t]``; ``change = frame - current``. (v3, MODEL.md 10.2) ``adjustment``: in a
    decided year ``max(0, frame - C[b,t])``, the frame adjustment (ramjustering) the plan needs
    because boards spend their frames; 0 in a proposed year (the frame is the plan's cost)."""
    rows = []
    for i, b in enumerate(boards):
        for k, t in enumerate(years):
            frame = current[i, k] if decided[k] else cost[i, k]
            status = "decided" if decided[k] else "proposed"
            adjustment = max(0.0, frame - cost[i, k]) if decided[k] else 0.0
            rows.append((b, t, frame, status, current[i, k], frame - current[i, k], adjustment))
    return pd.DataFrame(rows, columns=FRAMES_COLUMNS)


def frame_adjustments(frames: pd.DataFrame) -> list[dict]:
    """(v3) ``summary.frame_adjustments``: ``[{board, year, msek}]``, the frame adjustments
    (ramjusteringar) the council must decide, from ``frames.csv``'s ``adjustment`` of at least
    0.5 MSEK (what the reports show as at least 1), by year then board."""
    rows = frames[frames["adjustment"] >= 0.5].sort_values(["year", "board"])
    return [{"board": str(r.board), "year": int(r.year), "msek": float(r.adjustment)}
            for r in rows.itertuples()]  # fmt: skip


UNIT_OF = {"attrition": "FTE"}  # (v3) rows in årsarbetare; every other kind is MSEK


def by_tier(inputs: Inputs, shortfall: pd.DataFrame) -> dict:
    """``shortfall_by_tier`` {law, targets, frames} (MSEK: plain sums of the shortfall table's
    MSEK rows, whose rows are those with a positive weight), (v3, MODEL.md 10.2)
    ``shortfall_by_unit`` {MSEK, FTE} (a row in årsarbetare, ``attrition``, is never added to
    MSEK) and ``shortfall_tier``: the first tier in the order of ``requirements`` that falls
    short in either unit (None when none does)."""
    totals = dict.fromkeys(TIERS, 0.0)
    units = {"MSEK": 0.0, "FTE": 0.0}
    short_tiers = set()
    for req, value in zip(shortfall["requirement"], shortfall["shortfall"], strict=True):
        tier, unit = TIER_OF.get(str(req), "targets"), UNIT_OF.get(str(req), "MSEK")
        units[unit] += float(value)
        if unit == "MSEK":
            totals[tier] += float(value)
        if float(value) > SHORT:
            short_tiers.add(tier)
    order = [tier for stage in inputs.requirements for tier in stage]
    first = next((tier for tier in order if tier in short_tiers), None)
    return {"shortfall_by_tier": totals, "shortfall_by_unit": units, "shortfall_tier": first}


def weighted(inputs: Inputs, kind: str) -> bool:
    """A requirement kind with a positive ``shortfall_weight`` (0: informational, never short)."""
    return inputs.shortfall_weights.get(kind, 1.0) > 0
