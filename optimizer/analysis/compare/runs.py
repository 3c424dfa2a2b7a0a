"""A ``Comparison`` of runs: their labels, the tables against the reference, writing them.

``compare_results([(source, short name, Results), ...])`` is where both ways of comparing meet
(``compare.sets.compare`` solves, ``compare.folders.compare_dirs`` reads): the first run is the
reference, every run gets one unique label (``run_labels``), and the tables come from the
results tables alone (``compare.tables``). The tables and ``meta`` are defined in
``optimizer.compare``'s docstring.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimizer.analysis.compare.tables import comparison_tables, plan_years
from optimizer.results.core import Results, write_atomically
from optimizer.results.csv_safe import write_csv

TABLES = ("savings_by_board", "savings_by_category", "region", "binding", "actions_delta")
FILES = {"summary": "compare.csv"} | {name: f"{name}.csv" for name in TABLES}


class CompareError(Exception):
    """A comparison that cannot be made as asked (a usage problem: exit status 2)."""


@dataclass
class Comparison:
    """Several runs side by side, and each one's price against the reference (module doc)."""

    summary: pd.DataFrame
    savings_by_board: pd.DataFrame
    savings_by_category: pd.DataFrame
    region: pd.DataFrame
    binding: pd.DataFrame
    actions_delta: pd.DataFrame
    meta: dict = field(default_factory=dict)
    results: dict[str, Results] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (``FILES``' keys)."""
        return {name: getattr(self, name) for name in FILES}

    def write(self, directory: str | os.PathLike, force: bool = False) -> Path:
        """Write the tables (``FILES``) and ``meta.json`` into ``directory``, atomically;
        an existing ``directory`` is refused (``ResultsDirExists``) unless ``force``."""

        def fill(tmp: Path) -> None:
            for name, frame in self.tables.items():
                write_csv(frame, tmp / FILES[name])
            with open(tmp / "meta.json", "w", encoding="utf-8") as fh:
                json.dump(self.meta, fh, indent=2, ensure_ascii=False)
                fh.write("\n")

        return write_atomically(directory, force, fill)


def run_labels(summaries: Sequence[dict], fallbacks: Sequence[str]) -> list[str]:
    """One unique label per run: the priority set's name, plus what else tells them apart."""
    labels = [str(s.get("priorities") or "none") for s in summaries]
    overrides = [",".join(s.get("overrides") or []) for s in summaries]
    if len(set(overrides)) > 1:
        labels = [f"{lab} [{o}]" if o else lab for lab, o in zip(labels, overrides, strict=True)]
    scenarios = [str(s.get("scenario", "")) for s in summaries]
    if len(set(scenarios)) > 1:
        labels = [f"{sc}: {lab}" for sc, lab in zip(scenarios, labels, strict=True)]
    if len(set(labels)) < len(labels):
        labels = [
            f"{lab} ({fb})" if labels.count(lab) > 1 else lab
            for lab, fb in zip(labels, fallbacks, strict=True)
        ]
    seen: dict[str, int] = {}
    unique = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        unique.append(lab if seen[lab] == 1 else f"{lab} #{seen[lab]}")
    return unique


def compare_results(runs: Sequence[tuple[str, str, Results]], mode: str = "runs") -> Comparison:
    """The comparison of ``(source, short name, Results)`` runs; the first is the reference."""
    summaries = [r.summary for _, _, r in runs]
    labels = run_labels(summaries, [short for _, short, _ in runs])
    return Comparison(
        **comparison_tables(labels, summaries, [r for _, _, r in runs]),
        meta={
            "mode": mode,
            "reference": labels[0],
            "runs": labels,
            "sources": {lab: source for lab, (source, _, _) in zip(labels, runs, strict=True)},
            "years": plan_years(summaries),
            "tool_version": summaries[0].get("tool_version", "") if summaries else "",
        },
        results={lab: r for lab, (_, _, r) in zip(labels, runs, strict=True)},
    )
