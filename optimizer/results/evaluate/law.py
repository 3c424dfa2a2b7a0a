"""(v2) The evaluator's checks of the law's balance rows and of ``reconciliation.csv``.

From the plan's recomputed results ``R[t]`` (``evaluate_plan.recompute``, not the LP) and the
reported slacks (the ``shortfall`` table's ``no_deficit`` and ``deadline`` rows):

- ``no_deficit[t]``: ``BKR[t] + exempt[t] + ud[t] >= 0``;
- ``deadline[y]``: ``sum_{k<=y} contribution[k] + ul[y] >= due(y)`` (the LP's contributions,
  ``balance_law.Rules.lp_contribution``);
- ``reconciliation``: the reported table equals the law's (``balance_law.reconciliation``)
  cell by cell;
- (v3) ``ledger``: the reported table equals the law's, statuses included, and
  ``summary.deficit_left_at_end`` is what it leaves at the end (``check_ledger``);
- the LP's view against the law's: at each deadline year the law's overdue deficit
  (``deficit_due``) is at most the LP's ``ul[y]`` (never optimistic), and equal to it where
  the LP is exact (no exempted year in surplus and no new deficit up to ``y``, deficits due
  in the order of their years): any other difference is a violation ``law_view``.

A requirement whose ``shortfall_weights`` is 0 is informational (docs/model.md): its rows
(``no_deficit`` or ``deadline`` with the law's view) are not checked; the reconciliation is.
"""

from __future__ import annotations

import pandas as pd

from optimizer.results.balance_law import Rules, ledger, reconciliation
from optimizer.results.evaluate.check import Checker, compare
from optimizer.scenario.inputs import Inputs

NUMBERS = [
    "result", "gains", "adjustments", "bkr", "exempt_used", "new_deficit", "restored",
    "deficit_left", "deficit_due", "surplus_after_restoration",
]  # fmt: skip


LEDGER_NUMBERS = ["amount", "statutory_deadline", "decided_deadline", "restored", "left"]


def check_ledger(
    chk: Checker, inputs: Inputs, results: dict[int, float], reported: pd.DataFrame | None,
    summary: dict,
) -> None:  # fmt: skip
    """(v3) ``ledger.csv`` equals the law's (``balance_law.ledger``) cell by cell, its statuses
    too, and ``summary.deficit_left_at_end`` is what it leaves at the plan's end."""
    if not inputs.balance_law:
        if reported is not None and len(reported):
            chk.add("ledger.extra_row", "no law keys", 0.0, float(len(reported)))
        return
    want = ledger(Rules.of(inputs), results)
    if reported is not None:
        compare(chk, "ledger", reported, want, LEDGER_NUMBERS)
        got = {
            (int(r.deficit_year), str(r.part), int(r.year)): str(r.status)
            for r in reported.itertuples()
        }
        for r in want.itertuples():
            key = (int(r.deficit_year), str(r.part), int(r.year))
            if key in got and got[key] != r.status:
                chk.add("ledger.status", (*key, f"{got[key]}, expected {r.status}"), 0.0, 1.0)
    left = float(want.loc[want["year"] == max(results), "left"].sum()) if results else 0.0
    if "deficit_left_at_end" in summary:
        chk.eq("summary.deficit_left_at_end", "deficit_left_at_end", left,
               summary["deficit_left_at_end"])  # fmt: skip


def check_law(
    chk: Checker,
    inputs: Inputs,
    results: dict[int, float],
    slack: dict[tuple[str, int], float],
    reported: pd.DataFrame | None,
) -> None:
    """Every check of the module doc; ``slack[(requirement, year)]`` from the shortfall table."""
    if not inputs.balance_law:
        if reported is not None and len(reported):
            chk.add("reconciliation.extra_row", "no law keys", 0.0, float(len(reported)))
        return
    rules = Rules.of(inputs)
    # a requirement of weight 0 is informational (docs/model.md): the plan may miss it
    on = {k for k in ("no_deficit", "deadline") if inputs.shortfall_weights.get(k, 1.0) > 0}
    for t, result in results.items():
        if "no_deficit" not in on:
            break
        ud = slack.get(("no_deficit", t), 0.0)
        chk.ge("no_deficit", (t, "shortfall>=0"), ud, 0.0)
        chk.ge("no_deficit", t, rules.bkr(t, result) + rules.exempt.get(t, 0.0) + ud, 0.0)
    law = reconciliation(rules, results)
    if reported is not None:
        want = law.copy()
        got = reported.copy()
        compare(chk, "reconciliation", got, want, NUMBERS)
    due = dict(zip(law["year"], law["deficit_due"], strict=True))
    in_order = [by for _, _, by in sorted(rules.deficits)] == sorted(
        by for _, _, by in rules.deficits
    )
    exact = in_order
    for y in sorted(results):
        bkr = rules.bkr(y, results[y])
        exempt = rules.exempt.get(y, 0.0)
        if (exempt > 0 and bkr > 0) or bkr + exempt < -1e-9:
            exact = False
        if y not in inputs.deadline_years or "deadline" not in on:
            continue
        ul = slack.get(("deadline", y), 0.0)
        value = sum(rules.lp_contribution(k, r, y) for k, r in results.items() if k <= y)
        chk.ge("deadline", (y, "shortfall>=0"), ul, 0.0)
        chk.ge("deadline", y, value + ul, rules.due_by(y))
        chk.le("law_view", (y, "never optimistic"), due[y], ul)
        if exact:
            chk.eq("law_view", (y, "exact"), due[y], ul)
