"""Two planning rounds side by side (MODEL.md 10.3): round A (an earlier plan) and round B (a
later one, e.g. rolled from A), over the years they share.

- ``requirement``: per shared year the result target and the planned result of each round, and
  the savings in force: A's (every decision of A, committed ones included), B's committed
  (decided up to B's base year, at their realised share) and B's new decisions;
- ``boards``: per board in B's first plan year ``f`` the same split, and the cost each round
  plans for ``f``;
- ``why``: the reasons in a few sentences, each from the two rounds' numbers: the outcome of
  the closed years (B's base-year costs against A's plan for that year), the deficits B starts
  from against what A planned to leave, the decisions of the closed years (what they deliver in
  ``f`` in B against A's plan), and the forecasts (revenue and wage growth in ``f``).

Every number comes from the two results folders and their scenarios (``plan.load_plan``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.results.core import COMMITTED
from optimizer.round.plan import Plan, load_plan
from optimizer.scenario.inputs import InputError, Problem


@dataclass(frozen=True)
class RoundComparison:
    """The comparison of rounds ``a`` (earlier) and ``b`` (later)."""

    a: Plan
    b: Plan
    requirement: pd.DataFrame
    boards: pd.DataFrame
    why: list[str]

    @property
    def first(self) -> int:
        return self.b.years[0]

    def write(self, folder: Path) -> None:
        """``rounds_requirement.csv``, ``rounds_boards.csv`` and ``rounds_why.txt`` into
        ``folder`` (a folder being filled)."""
        self.requirement.to_csv(folder / "rounds_requirement.csv", index=False)
        self.boards.to_csv(folder / "rounds_boards.csv", index=False)
        (folder / "rounds_why.txt").write_text("\n".join(self.why) + "\n", encoding="utf-8")


def is_other_round(a_dir: str | Path, b_dir: str | Path) -> bool:
    """True where two results folders plan from different first years (two rounds)."""
    years = []
    for folder in (a_dir, b_dir):
        try:
            summary = json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        found = [int(t) for t in summary.get("savings_by_year") or {}]
        if not found:
            return False
        years.append(min(found))
    return years[0] != years[1]


def compare_rounds(a_dir: str | Path, b_dir: str | Path) -> RoundComparison:
    """Rounds ``a_dir`` and ``b_dir`` (either order: the earlier is A); ``InputError`` where a
    folder's scenario cannot be found or the rounds share no year."""
    a, b = load_plan(a_dir), load_plan(b_dir)
    if a.years[0] > b.years[0]:
        a, b = b, a
    shared = [t for t in b.years if t in a.years]
    if not shared:
        raise InputError(Problem(str(b.folder), "", b.years, f"a round sharing years with {a.years}"))
    return RoundComparison(a, b, _requirement(a, b, shared), _boards(a, b, shared[0]), _why(a, b))


def _by_board(plan: Plan, year: int, which: str) -> pd.Series:
    """Savings in force in ``year`` by board: ``all`` rows, ``committed`` or ``new`` ones."""
    k = plan.years.index(year)
    rows = plan.rows
    keep = np.ones(len(rows), dtype=bool)
    if which != "all":
        keep = (rows["status"] == COMMITTED).to_numpy() == (which == COMMITTED)
    values = pd.Series(plan.effect[keep, k], index=rows["board"][keep].to_numpy())
    return values.groupby(level=0).sum().reindex(plan.params.boards, fill_value=0.0)


def _requirement(a: Plan, b: Plan, shared: list[int]) -> pd.DataFrame:
    ra, rb = a.results.region.set_index("year"), b.results.region.set_index("year")
    rows = []
    for t in shared:
        saved_a = float(_by_board(a, t, "all").sum())
        committed = float(_by_board(b, t, COMMITTED).sum())
        new = float(_by_board(b, t, "new").sum())
        rows.append((t, float(ra.at[t, "target"]), float(rb.at[t, "target"]),
                     float(ra.at[t, "result"]), float(rb.at[t, "result"]), saved_a, committed,
                     new, committed + new - saved_a))  # fmt: skip
    columns = ["year", "target_a", "target_b", "result_a", "result_b", "savings_a",
               "committed_b", "new_b", "change"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _boards(a: Plan, b: Plan, f: int) -> pd.DataFrame:
    saved_a = _by_board(a, f, "all")
    committed, new = _by_board(b, f, COMMITTED), _by_board(b, f, "new")
    cost_a = a.planned("boards", "cost")[f]
    cost_b = b.planned("boards", "cost")[f]
    frame = pd.DataFrame(
        {
            "board": b.params.boards,
            "year": f,
            "savings_a": saved_a.reindex(b.params.boards, fill_value=0.0).to_numpy(),
            "committed_b": committed.to_numpy(),
            "new_b": new.to_numpy(),
            "cost_a": cost_a.reindex(b.params.boards).to_numpy(),
            "cost_b": cost_b.reindex(b.params.boards).to_numpy(),
        }
    )
    frame["change"] = frame["committed_b"] + frame["new_b"] - frame["savings_a"]
    return frame


def _why(a: Plan, b: Plan) -> list[str]:
    base, f = b.inputs.base_year, b.years[0]
    out = []
    if base in a.years:
        planned = a.planned("boards", "cost")[base]
        cost0 = b.inputs.boards["cost0"].astype(float)
        dev = (cost0 - planned.reindex(cost0.index)).sort_values(ascending=False)
        top = ", ".join(f"{k} {v:+.1f}" for k, v in dev.items() if abs(v) > 0.05)
        out.append(f"Outcomes: the {base} costs are {dev.sum():+.1f} MSEK against round A's plan"
                   + (f" ({top})." if top else "."))  # fmt: skip
        law_a = a.results.tables.get("reconciliation")
        if law_a is not None and len(law_a) and b.inputs.deficits:
            left_a = float(law_a.set_index("year").at[base, "deficit_left"])
            left_b = float(sum(-amount for _, amount, _ in b.inputs.deficits))
            out.append(f"Deficits: round B starts with {left_b:.1f} MSEK to restore; round A "
                       f"planned to leave {left_a:.1f} after {base} ({left_b - left_a:+.1f}).")  # fmt: skip
    closed = a.rows["start_year"].to_numpy() <= base
    if closed.any() and f in a.years:
        planned = float(a.effect[closed, a.years.index(f)].sum())
        delivered = float(_by_board(b, f, COMMITTED).sum())
        out.append(f"Decisions: the actions decided up to {base} deliver {delivered:.1f} MSEK in "
                   f"{f} at their realised share, against {planned:.1f} in round A's plan "
                   f"({delivered - planned:+.1f}).")  # fmt: skip
    if f in a.years:
        rev_a, rev_b = a.inputs.revenue[f], b.inputs.revenue[f]
        wage_a, wage_b = a.inputs.wage[f], b.inputs.wage[f]
        out.append(f"Forecasts: revenue {f} {rev_b:.1f} MSEK against {rev_a:.1f} "
                   f"({rev_b - rev_a:+.1f}); wage growth {100 * wage_b:.1f} % against "
                   f"{100 * wage_a:.1f} %.")  # fmt: skip
    return out


def render_rounds(rc: RoundComparison) -> str:
    """The comparison of two rounds for the terminal."""
    a, b = rc.a.results.summary, rc.b.results.summary
    fmt = lambda v: f"{v:,.1f}"  # noqa: E731
    lines = [
        f"Two planning rounds: A {rc.a.years[0]}–{rc.a.years[-1]} ({a.get('scenario')}), "
        f"B {rc.b.years[0]}–{rc.b.years[-1]} ({b.get('scenario')})",
        "",
        "The requirement and the plan by year (MSEK; savings in force: A's decisions; B's "
        "committed and new)",
        rc.requirement.to_string(index=False, float_format=fmt),
        "",
        f"By board, {rc.first} (MSEK)",
        rc.boards.drop(columns="year").to_string(index=False, float_format=fmt),
        "",
        "Why",
    ]
    return "\n".join(lines + [f"  - {line}" for line in rc.why])
