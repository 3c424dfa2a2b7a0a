"""The progress bar of long work (sweeps, frontiers, alternatives): tqdm on stderr, shown only
when asked and stderr is a terminal, so piped or captured output stays clean."""

from __future__ import annotations

import sys


def progress_bar(total: int, show: bool, *, initial: int = 0, unit: str = "run"):
    """A tqdm bar (rate and ETA) over ``total`` items of ``unit``, ``initial`` already done;
    disabled (updates are no-ops) unless ``show`` and stderr is a terminal."""
    from tqdm import tqdm  # start-up time

    return tqdm(
        total=total,
        initial=initial,
        unit=unit,
        file=sys.stderr,
        disable=not (show and sys.stderr.isatty()),
        dynamic_ncols=True,
    )
