"""A trade-off frontier's tables, written to a folder (with its chart) or shown in a terminal.

``Frontier.points`` (``POINT_COLUMNS``): one row per grid point; ``kinks`` (``KINK_COLUMNS``):
every kink found, with the dual before and after it and the marginal action after it; ``curve``:
every solve in sweep order. ``write`` makes ``frontier.csv``, ``kinks.csv`` and the chart
(``results.charts.frontier_chart``: ``frontier.png``, ``frontier.svg``) atomically; ``render``
the terminal table and the kinks with the largest rise in the dual.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimizer.analysis.frontier.sweep import Requirement
from optimizer.results.charts import frontier_chart
from optimizer.results.core import write_atomically
from optimizer.results.csv_safe import write_csv

POINT_COLUMNS = "point requirement value impact shortfall dual marginal_action status".split()
KINK_COLUMNS = "requirement value impact dual_before dual_after action kind".split()


@dataclass
class Frontier:
    """The swept requirement, the grid points, the kinks and the range used."""

    requirement: Requirement
    points: pd.DataFrame  # POINT_COLUMNS
    kinks: pd.DataFrame  # KINK_COLUMNS
    curve: pd.DataFrame  # value, impact, shortfall: every solve, in sweep order
    current: float
    reach: float | None  # the tightest value met without any shortfall (None: none found)
    notes: list[str] = field(default_factory=list)
    lang: str = "en"  # the chart's language
    names: dict = field(default_factory=dict)  # {boards: {id: name}, actions: {id: name}}

    def write(self, directory: str | os.PathLike, force: bool = False) -> Path:
        """Write ``frontier.csv``, ``kinks.csv``, ``frontier.png`` and ``frontier.svg`` atomically."""

        def fill(folder: Path) -> None:
            write_csv(self.points, folder / "frontier.csv")
            write_csv(self.kinks, folder / "kinks.csv")
            frontier_chart(self, folder / "frontier", self.lang, self.names)

        return write_atomically(directory, force, fill)

    def render(self) -> str:
        """The points as a terminal table, then the kinks with the largest rise in the dual."""
        table = self.points.drop(columns=["requirement"]).set_index("point")
        lines = [
            f"Trade-off frontier: least impact against {self.requirement.text} "
            f"(current {self.current:.2f}; limit met without shortfall "
            + ("none" if self.reach is None else f"{self.reach:.2f}")
            + "; dual = impact per MSEK the requirement is loosened)",
            table.to_string(float_format=lambda v: f"{v:.2f}"),
        ]
        if len(self.kinks):
            rise = self.kinks.assign(rise=self.kinks["dual_after"] - self.kinks["dual_before"])
            top = rise.nlargest(5, "rise").sort_values("value", ascending=self._ascending)
            lines.append(f"{len(self.kinks)} kinks; the largest rises in the dual:")
            lines += [
                f"  at {r.value:.2f}: dual {r.dual_before:.3f} -> {r.dual_after:.3f}, "
                f"marginal: {r.action or '(none)'}"
                for r in top.itertuples()
            ]
        return "\n".join(lines + [f"note: {n}" for n in self.notes])

    @property
    def _ascending(self) -> bool:
        values = self.points["value"]
        return bool(values.iloc[-1] >= values.iloc[0])
