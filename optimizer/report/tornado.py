"""The tornado chart of a Monte Carlo sweep (``optimizer/batch/summary.py``'s tornado table).

One horizontal bar per uncertain input, largest swing on top, from the mean impact of the
runs with that input at or below its P10 to the mean impact with it at or above its P90,
drawn around the mean impact of all runs with a plan. Written as PNG and SVG with fixed
metadata, so the same table gives the same files byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_tornado(table: pd.DataFrame, centre: float, stem: Path, title: str = "") -> list[Path]:
    """Draw ``table`` (``input, low, high, swing``) to ``stem.png`` and ``stem.svg``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = table.dropna(subset=["low", "high"]).iloc[::-1]  # largest swing on top
    with matplotlib.rc_context({"svg.hashsalt": "balansplan", "svg.fonttype": "none"}):
        fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * max(len(rows), 1)))
        y = range(len(rows))
        for i, row in zip(y, rows.itertuples(), strict=True):
            ax.barh(i, row.low - centre, left=centre, color="#4c72b0", height=0.6)
            ax.barh(i, row.high - centre, left=centre, color="#dd8452", height=0.6)
        ax.axvline(centre, color="black", linewidth=0.8)
        ax.set_yticks(list(y), list(rows["input"]))
        ax.set_xlabel("impact (weighted MSEK): input at its P10 (blue) and P90 (orange)")
        ax.set_title(title or "What moves the impact most")
        fig.tight_layout()
        written = []
        for suffix, metadata in ((".png", {"Software": None}), (".svg", {"Date": None})):
            path = stem.with_suffix(suffix)
            fig.savefig(path, metadata=metadata)
            written.append(path)
        plt.close(fig)
    return written
