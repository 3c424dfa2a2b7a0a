"""Comparing results folders written by ``balansplan solve --out``, read as they are.

``compare_dirs([dir, ...], reference)`` reads each folder's ``Results`` and hands them to
``compare_results``; the reference is the first folder unless ``reference`` names one by its
label, its priority set's name (``protect-care`` matches ``Protect care``) or its path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from optimizer.analysis.compare.runs import CompareError, Comparison, compare_results, run_labels
from optimizer.results.core import Results


def compare_dirs(
    directories: Sequence[str | os.PathLike], reference: str | None = None
) -> Comparison:
    """Compare results folders written by ``solve --out``; ``reference`` names one of them
    (its label, its priority set's name or its path), by default the first."""
    if len(directories) < 2:
        raise CompareError("give at least two results folders to compare")
    runs = []
    for folder in directories:
        if not is_results_dir(folder):
            raise CompareError(
                f"{folder}: not a results folder (expected a folder written by "
                "'balansplan solve --out', holding summary.json)"
            )
        try:
            results = Results.read(folder)
        except (OSError, ValueError) as err:
            raise CompareError(f"{folder}: cannot read the results ({err})") from None
        runs.append((str(folder), Path(folder).resolve().name, results))
    if reference is not None:
        runs.insert(0, runs.pop(_find_reference(runs, str(reference))))
    return compare_results(runs, mode="runs")


def is_results_dir(path: str | os.PathLike) -> bool:
    """True where ``path`` is a folder holding a results ``summary.json``."""
    return (Path(path) / "summary.json").is_file()


def _normal(text: str) -> str:
    """``"Protect care"`` and ``"protect-care"`` alike: lower case, spaces as hyphens."""
    return re.sub(r"[\s_]+", "-", str(text).strip().lower())


def _find_reference(runs: list[tuple[str, str, Results]], reference: str) -> int:
    labels = run_labels([r.summary for _, _, r in runs], [short for _, short, _ in runs])
    wanted, path = _normal(reference), Path(reference).resolve()
    hits = [
        i
        for i, (source, short, r) in enumerate(runs)
        if wanted in {_normal(n) for n in (labels[i], short, r.summary.get("priorities", ""))}
        or Path(source).resolve() == path
    ]
    if len(hits) != 1:
        found = "no run" if not hits else "more than one run"
        raise CompareError(
            f"--reference {reference}: {found} matches; expected one of {', '.join(labels)} "
            "or one of the folders"
        )
    return hits[0]
