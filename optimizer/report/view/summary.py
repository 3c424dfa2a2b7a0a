"""The one-page summary of a plan: the bridge per deadline year and four plain sentences.

Read from a results folder only (``boards.csv``, ``region.csv``, ``summary.json``). Definitions:

- cost of board ``b`` in year ``t``: ``C = baseline - E + oneoff + depreciation`` (boards.csv), so
  the region's result without new actions is ``result - sum_b (E - oneoff - depreciation)``;
- the bridge of year ``t`` goes from that result, through each board's saving ``E[b,t]`` (boards
  under 3 % of the year's savings together as "other boards") and the
  actions' one-off costs and depreciation (a negative step), to the result with the plan; the
  requirement is the year's result target (``region.target``);
- every amount is also shown as a share of skatter och generella statsbidrag (``region.revenue``);
- deadline years: the years with a milestone of the restoration plan (``region.milestone``), else
  the last plan year;
- what each tier needs, over the plan period: frames ``sum_t sum_b max(0, baseline - frame)``
  over the decided frames (``frames.csv``; a proposed frame is the plan's own output);
  targets ``sum_t max(0, target - result_without)``; the law, with ``reconciliation.csv``
  (version 2), the opening deficits plus each year's ``max(0, -result_without - exempt_used)``
  (no new deficit), else (version 1) the largest ``milestone - balance_without`` over the
  milestones. The largest need drives the total.
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
    requirement: float  # the result target of the year (NaN where none)
    revenue: float  # skatter och generella statsbidrag

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
    return Bridge(year, steps, float(region["target"]), float(region["revenue"]))


def needs(view: View) -> dict[str, float]:
    """What each tier alone needs over the plan period (MSEK), see the module's docstring."""
    b, region = view.r.boards, view.r.region.set_index("year")
    decided = view.r.tables.get("frames")
    if decided is not None and "status" in decided:  # proposed frames are the plan's own output
        keep = decided.loc[decided["status"] == "decided", ["board", "year"]]
        b = b.merge(keep, on=["board", "year"])
    frames = float((b["baseline"] - b["frame"]).clip(lower=0.0).fillna(0.0).sum())
    without = result_without(view)
    targets = float((region["target"] - without).clip(lower=0.0).fillna(0.0).sum())
    recon = view.r.tables.get("reconciliation")
    if recon is not None and not recon.empty:  # version 2: the law as kommunallagen reads it
        law_need = law_need_v2(recon, without)
    else:  # version 1: the milestones of the restoration plan
        gained = (region["result"] - without).cumsum()  # what the plan adds to the balance
        balance_without = region["balance"] - gained
        law = (region["milestone"] - balance_without).clip(lower=0.0).dropna()
        law_need = float(law.max()) if len(law) else 0.0
    out = {"frames": frames, "targets": targets, "law": law_need}
    return {k: v for k, v in out.items() if v > TINY}


def law_need_v2(recon: pd.DataFrame, without: pd.Series) -> float:
    """What the law alone needs over the plan (MSEK): the opening deficits to restore
    (``deficit_left + restored - new_deficit`` of the first year) plus, each year, the deficit
    the result without new actions would leave beyond the exemption used
    (``max(0, -result_without - exempt_used)``)."""
    first = recon.sort_values("year").iloc[0]
    opening = float(first["deficit_left"] + first["restored"] - first["new_deficit"])
    exempt = recon.set_index("year")["exempt_used"].reindex(without.index).fillna(0.0)
    return max(opening, 0.0) + float((-without - exempt).clip(lower=0.0).sum())


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
        order = sorted(need, key=lambda k: -need[k])
        driver = order[0]
        others = L.join([f"{_lower(L('tier_' + k))} {L.money(need[k], 0)}" for k in order[1:]])
        out.append(
            L(
                "s_driver" if others else "s_driver_alone",
                tier=L("tier_" + driver),
                need=L.money(need[driver], 0),
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
        rows.append([L("bridge_requirement"), L.num(br.requirement, 0), share])
    return [L("bridge_step"), L("unit"), L("share_revenue")], rows


def _lower(text: str) -> str:
    """A sentence's start inside a sentence: ``Resultatmålen`` -> ``resultatmålen``."""
    return text[:1].lower() + text[1:]
