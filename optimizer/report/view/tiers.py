"""(v2) Which requirement tier falls short, in words (docs/model.md).

``tier_sentence`` reads a ``Results``' summary and shortfall table only: "the law is met; the
targets are met; the frames of HSN are overrun by 81 MSEK in 2030". Tiers are named in the
order of the scenario's requirements (law, targets, frames by default).
"""

from __future__ import annotations

import math

import pandas as pd

TIERS = ("law", "targets", "frames")
TIER_OF = {
    "deadline": "law", "no_deficit": "law", "milestone": "law",
    "result": "targets", "category": "targets", "cash": "targets", "frame": "frames",
    "attrition": "targets",  # section 9: staff beyond attrition
}  # fmt: skip
WORDS = {
    "en": {
        "met": "the {tier} {verb} met",
        "law": "law", "targets": "targets", "frames": "frames",
        "short": "the {tier} {verb} not met",
    },
    "sv": {
        "met": "{tier} uppfylls",
        "law": "lagen", "targets": "målen", "frames": "ramarna",
        "short": "{tier} uppfylls inte",
    },
}  # fmt: skip


def _n(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if abs(value) >= 10 else f"{value:.1f}"


def _year(value) -> str:
    return str(int(value)) if not (isinstance(value, float) and math.isnan(value)) else ""


def _law(rows: pd.DataFrame) -> list[str]:
    out = []
    for r in rows.itertuples():
        y, v = _year(r.year), _n(float(r.shortfall))
        if r.requirement == "deadline":
            out.append(f"the deficits due by the end of {y} are {v} MSEK short of restored")
        elif r.requirement == "no_deficit":
            out.append(f"{y} ends in a deficit of {v} MSEK without an exemption")
        else:
            out.append(f"the balance misses its {y} milestone by {v} MSEK")
    return out


def _targets(rows: pd.DataFrame) -> list[str]:
    out = []
    for r in rows.itertuples():
        y, v = _year(r.year), _n(float(r.shortfall))
        if r.requirement == "result":
            out.append(f"the {y} result is {v} MSEK below its target")
        elif r.requirement == "category":
            out.append(f"the {r.category} target of {y} is {v} MSEK short")
        elif r.requirement == "attrition":
            out.append(f"{r.board} must shed {v} årsarbetare beyond attrition in {y}")
        else:
            out.append(f"cash is {v} MSEK below its least level in {y}")
    return out


def _frames(rows: pd.DataFrame) -> list[str]:
    out = []
    for board, part in rows.groupby("board", sort=False):
        years = ", ".join(
            f"{_n(float(r.shortfall))} MSEK in {_year(r.year)}"
            for r in part.sort_values("year").itertuples()
        )
        out.append(f"the frames of {board} are overrun by {years}")
    return out


EXTENDED = {
    "en": {
        "plan_met": "the council's restoration plan is met",
        "extended": "an extended deadline{decision} for the deficit of {which}",
        "extended_many": "extended deadlines{decision} for the deficits of {which}",
        "by": "{year} (by {decided} instead of {statutory})", "and": " and ",
        "never": "the {year} deficit of {amount} MSEK is not restored: an exemption that rests "
                 "on an assembly decision (synnerliga skäl{decision})",
        "left": "{left} MSEK of them is left at the end of {last}",
    },
    "sv": {
        "plan_met": "fullmäktiges plan för återställande uppfylls",
        "extended": "förlängd tid{decision} för underskottet {which}",
        "extended_many": "förlängd tid{decision} för underskotten {which}",
        "by": "{year} (till {decided} i stället för {statutory})", "and": " och ",
        "never": "{year} års underskott på {amount} mnkr återställs inte: ett undantag som vilar "
                 "på fullmäktiges beslut (synnerliga skäl{decision})",
        "left": "{left} mnkr återstår att återställa vid utgången av {last}",
    },
}  # fmt: skip


def extended_deadlines(summary: dict, lang: str = "en") -> list[str]:
    """(v3, MODEL.md 10.1) What rests on an extended deadline, one clause per deficit from
    ``summary.extended_deadlines``: the decided and the statutory year and the decision, and
    what is left at the plan's end where the deadline lies after it."""
    words = EXTENDED.get(lang, EXTENDED["en"])
    last = max((int(y) for y in (summary.get("savings_by_year") or {})), default=None)
    out: list[str] = []
    never: list[str] = []
    groups: dict[str, list[dict]] = {}
    for item in summary.get("extended_deadlines") or []:
        decision = str(item.get("decision") or "")
        if item.get("decided") is None:
            amount = _n(float(item.get("amount", 0.0)))
            tail = f", {decision}" if decision else ""
            never.append(words["never"].format(year=item["year"], amount=amount, decision=tail))
        else:
            groups.setdefault(decision, []).append(item)
    for decision, items in groups.items():  # one clause per decision, its deficits named
        which = words["and"].join(
            words["by"].format(year=i["year"], decided=i["decided"], statutory=i["statutory"])
            for i in items
        )
        plural = len(items) > 1
        text = words["extended_many" if plural else "extended"].format(
            which=which, decision=f" ({decision})" if decision else ""
        )
        left = sum(float(i.get("left_at_end", 0.0)) for i in items)
        if left > 1e-6 and last is not None:
            text += "; " + words["left"].format(left=_n(left), last=last)
        out.append(text)
    return out + never


def tier_sentence(
    summary: dict,
    shortfall: pd.DataFrame | None,
    lang: str = "en",
    boards: pd.DataFrame | None = None,
) -> str:
    """Each tier met or not, in words, the shortfalls named (Swedish: each tier's verdict and
    amount). ``boards`` (boards.csv): a frame overrun with no shortfall row is a frame whose
    weight is 0 (``shortfall_weights.frame=0``): informational, so the frames are said to be
    not held, never met."""
    words = WORDS.get(lang, WORDS["en"])
    table = shortfall if shortfall is not None else pd.DataFrame(columns=["requirement"])
    table = table[table["requirement"].astype(str).isin(TIER_OF)] if len(table) else table
    tier = table["requirement"].map(TIER_OF) if len(table) else pd.Series(dtype=str)
    parts = []
    for name in TIERS:
        rows = table[tier == name] if len(table) else table
        verb = "are" if name != "law" else "is"
        label = words[name]
        law_clauses = extended_deadlines(summary, lang) if name == "law" else []
        if (rows is None or rows.empty) and name == "frames" and not _overrun(boards).empty:
            parts.append(_informational(boards, lang))
            continue
        if rows is None or rows.empty:
            if law_clauses:  # never "the law is met" without what rests on a decision
                parts += [EXTENDED.get(lang, EXTENDED["en"])["plan_met"], *law_clauses]
            else:
                parts.append(words["met"].format(tier=label, verb=verb))
            continue
        if lang != "en":  # the verdict and the amount; the detail is in the shortfall table
            total = _n(float(rows["shortfall"].sum())).replace(".", ",")
            parts.append(words["short"].format(tier=label, verb=verb) + f" ({total} mnkr)")
            parts += law_clauses
            continue
        detail = {"law": _law, "targets": _targets, "frames": _frames}[name](rows)
        if name == "frames":
            parts += detail
        else:
            parts.append(words["short"].format(tier=label, verb=verb) + ": " + ", ".join(detail))
            parts += law_clauses
    return "; ".join(parts)


INFORMATIONAL = {
    "en": "the frames are not held (their weight is 0: they only inform): {items}",
    "sv": "ramarna hålls inte (vikt 0, de är bara information; {total} mnkr över)",
}


def _overrun(boards: pd.DataFrame | None) -> pd.DataFrame:
    """The rows of boards.csv over their frame by more than 0.05 MSEK (none without the column)."""
    if boards is None or boards.empty or "overrun" not in boards:
        return pd.DataFrame()
    return boards[pd.to_numeric(boards["overrun"], errors="coerce").fillna(0.0) > 0.05]


def _informational(boards: pd.DataFrame, lang: str) -> str:
    over = _overrun(boards)
    if lang != "en":
        total = _n(float(over["overrun"].sum())).replace(".", ",")
        return INFORMATIONAL["sv"].format(total=total)
    items = _frames(over.rename(columns={"overrun": "shortfall"}))
    return INFORMATIONAL["en"].format(items="; ".join(items))


FAMILY_TIER = {**TIER_OF, "min_cash": "targets"}  # duals.csv names the cash row min_cash
PRICED = 1e-6


def drivers(duals: pd.DataFrame | None) -> str:
    """Which requirements price the plan, by year: ``2025 the frames (GNF 11.18, ...); 2027 the
    law (deadline 1.14)``. A row prices the plan when its dual (duals.csv: the fall in impact
    per MSEK loosened) is positive; rows are grouped by their year and tier, the dearest named
    first. Empty when nothing has a price (or no duals)."""
    if duals is None or duals.empty:
        return ""
    rows = duals[duals["constraint"].isin(FAMILY_TIER)]
    rows = rows[pd.to_numeric(rows["dual"], errors="coerce").fillna(0.0) > PRICED]
    if rows.empty:
        return ""
    parts = []
    for year, part in rows.groupby(rows["year"].astype(float).astype(int), sort=True):
        tiers = []
        for tier in TIERS:
            mine = part[part["constraint"].map(FAMILY_TIER) == tier]
            if mine.empty:
                continue
            top = mine.sort_values("dual", ascending=False).head(3)
            names = ", ".join(f"{_who(r)} {float(r.dual):.2f}{_per(r)}"
                              for r in top.itertuples()) + (  # fmt: skip
                ", ..." if len(mine) > len(top) else ""
            )
            tiers.append(f"the {WORDS['en'][tier]} ({names})")
        parts.append(f"{year} " + " and ".join(tiers))
    return "; ".join(parts)


def _per(row) -> str:
    """(v3) The unit a dual is per where it is not MSEK: an attrition row's is per årsarbetare."""
    return "/årsarbetare" if row.constraint == "attrition" else ""


def _who(row) -> str:
    """The row's board or category where it has one, else its family (``deadline``); a board's
    attrition row (section 9) as ``KTN attrition``, so it is not read as the board's frame."""
    for value in (getattr(row, "board", None), getattr(row, "category", None)):
        if isinstance(value, str) and value:
            return f"{value} attrition" if row.constraint == "attrition" else value
    return str(row.constraint)
