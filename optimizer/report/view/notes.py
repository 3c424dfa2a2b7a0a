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
    mip = summary.get("mip")
    if mip:
        out.append(L("mip_note", n=mip["integer_decisions"], taken=mip.get("taken", 0)))
    return out


def tax_words(tax: dict, L: Labels) -> str:
    """``summary.tax_rate`` (``{ore, by_year}``) in the report's language: "skattesatsen höjs
    med 12,5 öre från 2026", or one step per year where it rises in several."""

    def ore(value: float) -> str:
        text = f"{round(float(value), 1):g}"
        return text.replace(".", ",") if L.lang == "sv" else text

    by_year = {int(t): float(v) for t, v in (tax.get("by_year") or {}).items()}
    total = float(tax.get("ore") or 0.0)
    if total <= 0.005 or not by_year:
        return L("tax_same")
    steps = [f"{ore(v)} öre " + L("tax_from", year=t) for t, v in sorted(by_year.items())]
    when = steps[0].split(" öre ", 1)[1] if len(steps) == 1 else "(" + ", ".join(steps) + ")"
    return L("tax_up", ore=ore(total), when=when)
