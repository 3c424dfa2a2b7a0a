"""A solved plan as the planning round reads it: its results folder, its scenario, its numbers.

``load_plan`` finds the scenario through ``summary.scenario_file`` (or the one given), loads it
and checks that it is the scenario the plan was solved from (``inputs_sha256``). The plan's
rows are its new decisions and its committed actions; ``effect[r, t]`` is what row ``r``
delivers in plan year ``t`` by the plan (``params.py``'s numbers: ``amount * effect[j, t]`` for
a decision, the committed action's ``effect`` for a committed one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.params import Params, compute
from optimizer.results.core import COMMITTED, Results
from optimizer.scenario.financial_core import TAX_BOARD
from optimizer.scenario.inputs import InputError, Inputs, Problem
from optimizer.scenario.load import load_scenario, scenario_file


@dataclass(frozen=True)
class Plan:
    """A plan and everything the round needs of it."""

    folder: Path
    results: Results
    inputs: Inputs
    params: Params
    rows: pd.DataFrame  # board, action, start_year, status, amount, realisation
    effect: np.ndarray  # (rows, plan years): delivered effect of each row by the plan

    @property
    def years(self) -> list[int]:
        return [int(t) for t in self.params.years]

    @property
    def scenario_file(self) -> Path:
        return Path(self.results.summary["scenario_file"])

    def planned(self, table: str, column: str) -> pd.DataFrame:
        """A per board and year column of the plan (``boards.csv``) as board x year."""
        frame = self.results.tables[table]
        return frame.pivot(index="board", columns="year", values=column)


def load_plan(folder: str | Path, scenario: str | Path | None = None) -> Plan:
    """The plan in the results ``folder``; raises ``InputError`` saying what is missing."""
    folder = Path(folder)
    shown = str(folder)
    if not (folder / "summary.json").is_file():
        raise InputError(Problem(shown, "", shown, "a results folder written by 'solve --out'"))
    try:
        results = Results.read(folder)
    except (OSError, ValueError) as exc:
        raise InputError(Problem(shown, "", str(exc), "a readable results folder")) from None
    summary = results.summary
    if summary.get("status") not in ("optimal", "shortfall"):
        raise InputError(
            Problem(shown, "summary.json status", summary.get("status"), "a solved plan")
        )
    for key in ("overrides", "sets"):
        if summary.get(key):
            expected = (
                "a plan solved without --use and --set: write those changes into the scenario "
                "and solve it again, so that the next round starts from what was planned"
            )
            raise InputError(Problem(shown, f"summary.json {key}", summary[key], expected))
    given = scenario if scenario is not None else summary.get("scenario_file")
    if not given or not Path(given).exists():
        expected = "the plan's scenario (summary.json scenario_file, or --scenario PATH)"
        raise InputError(Problem(shown, "summary.json scenario_file", given, expected))
    inputs = load_scenario(given)
    if inputs.inputs_sha256 != summary.get("inputs_sha256"):
        expected = "the scenario the plan was solved from (it has changed since: solve it again)"
        raise InputError(Problem(str(given), "", "inputs_sha256 differs", expected))
    params = compute(inputs)
    results.summary["scenario_file"] = str(scenario_file(given)[0].resolve())
    rows, effect = _rows(results, inputs, params)
    return Plan(folder, results, inputs, params, rows, effect)


def _rows(results: Results, inputs: Inputs, p: Params) -> tuple[pd.DataFrame, np.ndarray]:
    acts = results.actions
    acts = acts[acts["board"].astype(str) != TAX_BOARD].reset_index(drop=True)
    column = {
        (p.boards[b], p.actions[a], int(p.years[s])): j
        for j, (b, a, s) in enumerate(zip(p.col_board, p.col_action, p.col_start, strict=True))
    }
    real = {a: inputs.core.realisation.get(a, 1.0) for a in p.actions}
    com = p.committed
    nT = len(p.years)
    records, effects = [], []
    k_committed = 0
    for r in acts.itertuples(index=False):
        status = str(getattr(r, "status", "new"))
        key = (str(r.board), str(r.action), int(r.start_year))
        if status == COMMITTED:
            k = k_committed
            k_committed += 1
            effects.append(com.effect[k] if com is not None else np.zeros(nT))
            realisation = float(com.realisation[k]) if com is not None else 1.0
        else:
            j = column.get(key)
            if j is None:  # not a column of this scenario: the folder and scenario disagree
                continue
            effects.append(float(r.amount) * p.effect[j])
            realisation = real[key[1]]
        records.append((*key, status, float(r.amount), realisation))
    columns = ["board", "action", "start_year", "status", "amount", "realisation"]
    frame = pd.DataFrame(records, columns=columns)
    return frame, np.array(effects).reshape(len(records), nT)
