"""Section 9 in the reports: the tax rate in words and the MIP note (the staff table is
``view/staff.py``'s, from ``staff.csv``).

- ``notes``: sentences for the head of the report: the tax rate in words (``summary.tax_rate``)
  and, for a MIP, that duals and ranging are from the LP with the integer decisions fixed.
"""

from __future__ import annotations

from optimizer.report.words.labels import Labels


def notes(summary: dict, L: Labels) -> list[str]:
    """The tax rate in words and the MIP note, where they apply."""
    out = []
    tax = summary.get("tax_rate")
    if tax:
        text = tax_words(tax, L)
        out.append(text[0].upper() + text[1:] + ".")
        in_force = in_force_words(tax, L)
        if in_force:
            out.append(in_force)
    decided = decisions(summary, L, tax=False)  # the tax change is the sentence above
    if decided:
        out.append(decided)
    mip = summary.get("mip")
    if mip:
        out.append(L("mip_note", n=mip["integer_decisions"], taken=mip.get("taken", 0)))
    return out


def decisions(summary: dict, L: Labels, tax: bool = True) -> str:
    """(v3, MODEL.md 10.2) The decisions the plan rests on, for the council: the frame
    adjustments by board (its name) and year (``summary.frame_adjustments``), the tax change
    if any (``tax``: unless said beside it), and the deadlines that rest on an assembly
    decision (``summary.extended_deadlines``)."""
    items = []
    names = (summary.get("names") or {}).get("boards") or {}
    frames = summary.get("frame_adjustments") or []
    if frames:
        each = ", ".join(L("decide_frame", board=names.get(f["board"], f["board"]),
                           year=f["year"], msek=L.num(float(f["msek"]), 0))
                         for f in frames)  # fmt: skip
        items.append(L("decide_frames", items=each))
    lever = summary.get("tax_rate") or {}
    if tax and any(abs(float(v)) > 0.005 for v in (lever.get("by_year") or {}).values()):
        items.append(L("decide_tax", text=tax_words(lever, L)))
    for d in summary.get("extended_deadlines") or []:
        if d.get("decided") is None:
            items.append(L("decide_never", year=d["year"]))
        else:
            items.append(L("decide_deadline", year=d["year"], decided=d["decided"],
                           statutory=d["statutory"]))  # fmt: skip
    return L("decisions", items="; ".join(items)) if items else ""


def in_force_words(tax: dict, L: Labels) -> str:
    """(v3, MODEL.md 10.2) The change in force by year: öre, MSEK and kronor per inhabitant
    (``summary.tax_rate.in_force``); empty where the rate never changes."""
    rows = {int(t): v for t, v in (tax.get("in_force") or {}).items()}
    if not rows or all(abs(float(v.get("ore") or 0.0)) <= 0.005 for v in rows.values()):
        return ""
    parts = []
    for t, v in sorted(rows.items()):
        kr = v.get("kr_per_inhabitant")
        per = "" if kr is None else L("tax_per_inhabitant", kr=L.num(float(kr), 0))
        parts.append(L("tax_in_force", year=t, ore=L.num(float(v["ore"]), 1),
                       msek=L.num(float(v["msek"]), 1), per=per))  # fmt: skip
    return "; ".join(parts) + "."


def tax_words(tax: dict, L: Labels) -> str:
    """``summary.tax_rate`` (``{ore, by_year}``) in the report's language: "skattesatsen höjs
    med 12,5 öre från 2026", or one step per year where it rises in several."""

    def ore(value: float) -> str:
        text = f"{round(float(value), 1):g}"
        return text.replace(".", ",") if L.lang == "sv" else text

    by_year = {int(t): float(v) for t, v in (tax.get("by_year") or {}).items()}
    total = float(tax.get("ore") or 0.0)
    if any(v < 0 for v in by_year.values()):  # (v3) a rise reversed: each step
        steps = (L("tax_step_up" if v > 0 else "tax_step_down", ore=ore(abs(v)), year=t)
                 for t, v in sorted(by_year.items()))  # fmt: skip
        return L("tax_steps", steps=(" och " if L.lang == "sv" else " and ").join(steps))
    if total <= 0.005 or not by_year:
        return L("tax_same")
    steps = [f"{ore(v)} öre " + L("tax_from", year=t) for t, v in sorted(by_year.items())]
    when = steps[0].split(" öre ", 1)[1] if len(steps) == 1 else "(" + ", ".join(steps) + ")"
    return L("tax_up", ore=ore(total), when=when)
