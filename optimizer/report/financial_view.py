"""Section 9 in the reports: the tax rate in words and the MIP note (the staff table is
``view_model2.staff``'s, from ``staff.csv``).

- ``notes``: sentences for the head of the report: the tax rate in words (``summary.tax_rate``)
  and, for a MIP, that duals and ranging are from the LP with the integer decisions fixed.
"""

from __future__ import annotations

from optimizer.report.labels import Labels

WORDS: dict[str, tuple[str, str]] = {
    "tax": ("Tax rate: {text}", "Skattesats: {text}"),
    "mip": (
        "Minimum sizes make this a MIP ({n} take-or-leave decisions, {taken} taken): the prices "
        "(duals), ranges and reasons are from the LP with the integer decisions fixed.",
        "Minsta storlekar gör detta till ett blandat heltalsproblem ({n} ta-eller-lämna-beslut, "
        "{taken} tagna): priserna (dualvärdena), intervallen och skälen kommer från LP-problemet "
        "med heltalsbesluten fixerade.",
    ),
}


def word(L: Labels, key: str, **fields: object) -> str:
    """A label of this module in the report's language."""
    text = WORDS[key][int(L.lang == "sv")]
    return text.format(**fields) if fields else text


def notes(summary: dict, L: Labels) -> list[str]:
    """The tax rate in words and the MIP note, where they apply."""
    out = []
    tax = summary.get("tax_rate")
    if tax:
        out.append(word(L, "tax", text=tax["text"]))
    mip = summary.get("mip")
    if mip:
        out.append(word(L, "mip", n=mip["integer_decisions"], taken=mip.get("taken", 0)))
    return out
