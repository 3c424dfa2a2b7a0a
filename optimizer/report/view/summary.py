"""The one-page summary of a plan: the bridge per deadline year and four plain sentences.

Read from a results folder only (``boards.csv``, ``region.csv``, ``summary.json``). Definitions:

- cost of board ``b`` in year ``t``: ``C = baseline - E + oneoff + depreciation`` (boards.csv), so
  the region's result without new actions is ``result - sum_b (E - oneoff - depreciation)``;
- the bridge of year ``t`` goes from that result, through each board's saving ``E[b,t]`` (boards
  under 3 % of the year's savings together as "other boards") and the
  actions' one-off costs and depreciation (a negative step), to the result with the plan; the
  requirement is the larger of the year's result target (``region.target``) and the law's
  required result (below), labelled by which it is;
- the law's required result in year ``t`` (version 2, ``ledger.csv``): what is due by the end
  of ``t`` and still open at its start, ``sum restored + left`` over the deficits whose deadline
  (decided, else statutory) is ``<= t``, where that is positive; else ``-exempt_used`` (no new
  deficit beyond the exemption); plus ``gains - adjustments`` (the law reads the
  balanskravsresultat). What is due depends on what the plan restored in earlier years;
- every amount is also shown as a share of skatter och generella statsbidrag (``region.revenue``);
- deadline years: the years with a milestone of the restoration plan (``region.milestone``), else
  the last plan year;
- what each tier alone needs, as its largest year's gap (never a sum of yearly gaps, which
  would count one lasting gap once a year): frames ``max_t sum_b max(0, baseline - frame)``
  over the decided frames (``frames.csv``; a proposed frame is the plan's own output);
  targets ``max_t (target - result_without)``; the law, with ``ledger.csv`` (version 2),
  ``max_t (law_result - result_without)``, else (version 1) the largest
  ``milestone - balance_without`` over the milestones. The largest need drives the total.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from optimizer.report.view.plan import View

TINY = 0.05  # MSEK: below this a step is not drawn
OTHERS = 0.03  # boards below this share of the year's savings are one step, "other boards"


@dataclass
class Bridge:
    """The steps of one year's bridge: ``(label, value, kind)``; kind is start, step or end."""

    year: int
    steps: list[tuple[str, float, str]]
    requirement: float  # the larger of the result target and the law's result (NaN where none)
    revenue: float  # skatter och generella statsbidrag
    requirement_label: str = ""  # which requirement it is, in the page's language

    @property
    def without(self) -> float:
        return self.steps[0][1]

    @property
    def with_plan(self) -> float:
        return self.steps[-1][1]


def result_without(view: View) -> pd.Series:
    """The region's result per year without new actions (MSEK), by year."""
    b = view.r.boards
    net = (
        (b["effect"] - b["oneoff"].fillna(0.0) - b["depreciation"].fillna(0.0))
        .groupby(b["year"])
        .sum()
    )
    region = view.r.region.set_index("year")
    return region["result"] - net.reindex(region.index).fillna(0.0)


def deadline_years(view: View) -> list[int]:
    """The years by which deficits must be restored (``reconciliation.csv``'s ``deadline``,
    version 2) and the milestone years of a restoration plan (version 1), within the plan;
    the last plan year where there are none."""
    region = view.r.region
    years = {int(y) for y in region.loc[region["milestone"].notna(), "year"]}
    recon = view.r.tables.get("reconciliation")
    if recon is not None and "deadline" in recon:
        years |= {int(y) for y in recon["deadline"].dropna() if int(y) in view.years}
    return sorted(years) or [view.years[-1]]


def bridge(view: View, year: int) -> Bridge:
    """The bridge of ``year``: result without actions, savings per board, costs, result with."""
    L, b = view.L, view.r.boards
    rows = b[b["year"] == year]
    region = view.r.region.set_index("year").loc[year]
    steps = [(L("bridge_without"), float(result_without(view)[year]), "start")]
    by_board = rows.groupby("board", sort=False)["effect"].sum().sort_values(ascending=False)
    total = float(by_board.abs().sum())
    small = 0.0
    for board, value in by_board.items():
        if abs(value) >= OTHERS * total and abs(value) > TINY:
            steps.append((view.board(board), float(value), "step"))
        else:
            small += float(value)
    if abs(small) > TINY:
        steps.append((L("bridge_others"), small, "step"))
    costs = float(rows["oneoff"].fillna(0.0).sum() + rows["depreciation"].fillna(0.0).sum())
    if costs > TINY:
        steps.append((L("bridge_costs"), -costs, "step"))
    steps.append((L("bridge_with"), float(region["result"]), "end"))
    target, law = float(region["target"]), float(law_result(view).get(year, math.nan))
    if math.isfinite(law) and (math.isnan(target) or law > target + TINY):
        return Bridge(year, steps, law, float(region["revenue"]), L("bridge_requirement_law"))
    return Bridge(year, steps, target, float(region["revenue"]), L("bridge_requirement"))


def law_result(view: View) -> pd.Series:
    """The result the law requires per year (MSEK), by year (see the module's docstring);
    empty without ``ledger.csv`` (version 1)."""
    ledger, recon = view.r.tables.get("ledger"), view.r.tables.get("reconciliation")
    if ledger is None or ledger.empty or recon is None or recon.empty:
        return pd.Series(dtype=float)
    deadline = ledger["decided_deadline"].fillna(ledger["statutory_deadline"]).astype(float)
    due_rows = ledger[deadline <= ledger["year"].astype(float)]
    open_due = (due_rows["restored"] + due_rows["left"]).groupby(due_rows["year"]).sum()
    r = recon.set_index("year")
    due = open_due.reindex(r.index).fillna(0.0)
    required = due.where(due > TINY, -r["exempt_used"].fillna(0.0))
    zero = pd.Series(0.0, index=r.index)
    return required + r.get("gains", zero).fillna(0.0) - r.get("adjustments", zero).fillna(0.0)


def needs(view: View) -> dict[str, tuple[float, int]]:
    """What each tier alone needs (MSEK) and in which year: its largest year's gap, see the
    module's docstring."""
    b, region = view.r.boards, view.r.region.set_index("year")
    decided = view.r.tables.get("frames")
    if decided is not None and "status" in decided:  # proposed frames are the plan's own output
        keep = decided.loc[decided["status"] == "decided", ["board", "year"]]
        b = b.merge(keep, on=["board", "year"])
    gaps = {
        "frames": (b["baseline"] - b["frame"]).clip(lower=0.0).fillna(0.0).groupby(b["year"]).sum()
    }
    without = result_without(view)
    gaps["targets"] = (region["target"] - without).dropna()
    law = law_result(view)
    if len(law):  # version 2: the law as kommunallagen reads it
        gaps["law"] = (law - without.reindex(law.index)).dropna()
    else:  # version 1: the milestones of the restoration plan
        gained = (region["result"] - without).cumsum()  # what the plan adds to the balance
        balance_without = region["balance"] - gained
        gaps["law"] = (region["milestone"] - balance_without).dropna()
    out = {k: (float(g.max()), int(g.idxmax())) for k, g in gaps.items() if len(g)}
    return {k: v for k, v in out.items() if v[0] > TINY}


def sentences(view: View) -> list[str]:
    """Four plain sentences: the gap, the savings each year, the boards, the driver."""
    L = view.L
    if not view.has_plan:
        return []
    out = []
    year = deadline_years(view)[-1]
    br = bridge(view, year)
    if not math.isnan(br.requirement):
        gap = br.requirement - br.without
        out.append(
            L(
                "s_gap",
                year=year,
                without=L.money(br.without, 0),
                share=L.percent(br.without / br.revenue) if br.revenue else "",
                requirement=L.money(br.requirement, 0),
                gap=L.money(max(gap, 0.0), 0),
            )
            if gap > TINY
            else L("s_no_gap", year=year, without=L.money(br.without, 0))
        )
    per_year = view.savings_per_year()
    listing = L.join([L("s_year_item", value=L.money(v, 0), year=y) for y, v in per_year.items()])
    out.append(L("s_savings", listing=listing))
    m = view.savings_matrix("board")
    last = view.years[-1]
    total = float(m[last].sum()) if len(m) else 0.0
    if total > TINY:
        top = m[last].sort_values(ascending=False)
        named = [f"{view.board(k)} {L.percent(v / total, 0)}" for k, v in top.head(2).items()]
        out.append(L("s_boards", year=last, boards=L.join(named)))
    need = needs(view)
    if need:
        order = sorted(need, key=lambda k: -need[k][0])
        driver = order[0]
        items = [(_lower(L("tier_" + k)), L.money(need[k][0], 0), need[k][1]) for k in order[1:]]
        others = L.join([L("s_need_item", tier=t, need=n, year=y) for t, n, y in items])
        out.append(
            L(
                "s_driver" if others else "s_driver_alone",
                tier=L("tier_" + driver),
                need=L.money(need[driver][0], 0),
                year=need[driver][1],
                others=others,
            )
        )
    return out


def bridge_table(view: View, br: Bridge) -> tuple[list[str], list[list[str]]]:
    """The bridge as rows ``label, MSEK, % of skatter och generella statsbidrag``."""
    L = view.L
    rows = []
    for label, value, _kind in br.steps:
        share = L.percent(value / br.revenue) if br.revenue else ""
        rows.append([label, L.num(value, 0), share])
    if not math.isnan(br.requirement):
        share = L.percent(br.requirement / br.revenue) if br.revenue else ""
        rows.append([br.requirement_label, L.num(br.requirement, 0), share])
    return [L("bridge_step"), L("unit"), L("share_revenue")], rows


def _lower(text: str) -> str:
    """A sentence's start inside a sentence: ``Resultatmålen`` -> ``resultatmålen``."""
    return text[:1].lower() + text[1:]
