"""The "left out or held back, and why" section of ``explain``, from ``why_not.csv``.

Reasons in a fixed order (``REASONS``); within each, the rows with the most unused potential
``pot[b,a] - sum_s x[b,a,s]`` first. A reason's ``detail`` (optimizer/analysis/why_not.py's formats:
``starts E..L``, ``pace[b,s]``, ``marginal``, ``board``, a weight, an action) is put in words;
a detail not understood is left out rather than shown untranslated.
"""

from __future__ import annotations

import math
import re
from typing import Protocol

import pandas as pd

from optimizer.report.explain.rows import clean, to_float, weights


class Explainer(Protocol):
    """What ``left_out`` reads of ``explain.core.Explainer``: texts, the table, number formats."""

    t: dict[str, str]
    why_not: pd.DataFrame | None
    r: object

    def n(self, value: float, digits: int = 1) -> str: ...
    def amount(self, value: float) -> str: ...
    def more(self, count: int, table: str) -> list[str]: ...
    def board(self, board_id: object) -> str: ...
    def action(self, action_id: object) -> str: ...

    per: int


_STARTS = re.compile(r"starts (\d+)\.\.(\d+)")  # why_not details: "starts E..L"
_PLAN = re.compile(r"plan (\d+)\.\.(\d+)")
_PACE = re.compile(r"pace\[[^\],]*,\s*(\d+)\]")  # "pace[HSN,2025]"
REASONS = (
    "too_costly",
    "displaced_by",
    "not_needed",
    "pace_limited",
    "potential_reached",
    "outside_window",
    "no_effect",
    "min_size",
    "protected",
)


def left_out(ex: Explainer) -> str:
    """The why_not rows grouped by reason, each group's largest unused potentials first."""
    lines = [ex.t["h_left_out"]]
    if ex.why_not is None:
        return "\n".join(lines + [ex.t["no_why_not"]])
    if ex.why_not.empty:
        return "\n".join(lines + [ex.t["why_none"]])
    table = ex.why_not.assign(
        unused=ex.why_not["potential"].astype(float) - ex.why_not["amount"].astype(float),
        reason=ex.why_not["reason"].astype(str),
    )
    now = weights(ex.r)
    present = set(table["reason"])
    order = [r for r in REASONS if r in present] + sorted(present - set(REASONS))
    for reason in order:
        group = table[table["reason"] == reason].sort_values(
            ["unused", "board", "action"], ascending=[False, True, True], kind="stable"
        )
        heading = ex.t.get(f"reason_{reason}", ex.t["reason_other"])
        lines.append(f"{heading} [why_not.csv: {reason}]")
        lines += ["- " + _why_item(ex, row, now) for _, row in group.head(ex.per).iterrows()]
        lines += ex.more(len(group) - ex.per, "why_not.csv")
    return "\n".join(lines)


def _why_item(ex: Explainer, row: pd.Series, now: dict[tuple[str, str], float]) -> str:
    return ex.t["why_item"].format(
        board=ex.board(row["board"]),
        action=ex.action(row["action"]),
        amount=ex.amount(float(row["amount"])),
        potential=ex.amount(float(row["potential"])),
        extra=_why_extra(ex, row, now),
    )


def _why_extra(ex: Explainer, row: pd.Series, now: dict[tuple[str, str], float]) -> str:
    """The reason's detail in words (why_not.py's detail formats), or '' if not understood."""
    t, reason, detail = ex.t, str(row["reason"]), clean(row.get("detail"))
    text = "" if detail is None else str(detail)
    starts, plan = _STARTS.search(text), _PLAN.search(text)
    if reason == "too_costly" and not math.isnan(to_float(detail)):
        need, weight = ex.n(to_float(detail), 2), now.get((row["board"], row["action"]))
        if weight is None:
            return t["extra_weight"].format(need=need)
        return t["extra_weight_now"].format(need=need, now=ex.n(weight, 2))
    if reason == "displaced_by" and detail is not None:
        return t["extra_displaced"].format(by=ex.action(detail))
    if reason == "outside_window" and starts and plan:
        first, last = starts.groups()
        return t["extra_window"].format(first=first, last=last, pfirst=plan[1], plast=plan[2])
    if reason in ("outside_window", "potential_reached") and starts:
        return t["extra_starts"].format(first=starts[1], last=starts[2])
    if reason == "pace_limited" and _PACE.search(text):
        return t["extra_pace"].format(years=", ".join(sorted(set(_PACE.findall(text)))))
    if reason == "not_needed" and text in ("marginal", "nothing binds"):
        return t["extra_marginal" if text == "marginal" else "extra_nothing_binds"]
    if reason == "protected" and text in ("board", "category", "action"):
        return t[f"extra_protected_{text}"]
    if reason not in REASONS and detail is not None:
        return t["extra_detail"].format(detail=detail)
    return ""
