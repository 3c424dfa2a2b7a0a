"""Words and numbers of the matplotlib charts (frontier, tornado, fan chart, grid sweep).

English (default) or Swedish: ``1,234.5`` and MSEK, or ``1 234,5`` and mnkr (a decimal comma,
a space between thousands). The same harm measure name as the reports (``Harm score`` /
``Skadepoäng``). Charts are saved with ``svg.fonttype: none``, so their text stays text in SVG
(searchable, read aloud), and with a minimum font size of ``MIN_FONT`` points.
"""

from __future__ import annotations

import math
from pathlib import Path

MIN_FONT = 9.0
LANGS = ("en", "sv")

WORDS: dict[str, tuple[str, str]] = {
    "unit": ("MSEK", "mnkr"),
    "unit_year": ("MSEK/yr", "mnkr/år"),
    "harm": ("Harm score", "Skadepoäng"),
    "harm_per": ("Harm score per MSEK", "Skadepoäng per mnkr"),
    "frontier_title": ("Least harm score against {req}", "Lägsta skadepoäng mot {req}"),
    "req_balance": (
        "the accumulated balance result at the end of {year}",
        "det ackumulerade balanskravsresultatet vid utgången av {year}",
    ),
    "req_result": ("the result of {year}", "resultatet {year}"),
    "req_deadline": (
        "the deficits restored by the end of {year}",
        "de underskott som återställs senast {year}",
    ),
    "req_frame": ("the {year} frame of {board}", "ramen {year} för {board}"),
    "current": ("current", "nu"),
    "limit": ("met in full up to here", "uppfylls helt hit"),
    "needs_shortfall": ("requirement not met", "krav ej uppfyllt"),
    "shortfall_axis": ("Missing to meet the requirements", "Saknas för att uppfylla kraven"),
    "kinks": ("Becomes marginal at the kink", "Blir marginell vid brytpunkten"),
    "tornado_title": (
        "What moves the savings needed in {year} most",
        "Vad som påverkar besparingsbehovet {year} mest",
    ),
    "tornado_axis": (
        "Savings needed in {year} ({unit}/yr): input at its P10 and at its P90",
        "Besparingsbehov {year} ({unit}/år): indata vid sin P10 och vid sin P90",
    ),
    "p10": ("input at P10", "indata vid P10"),
    "p90": ("input at P90", "indata vid P90"),
    "fan_title": (
        "Savings needed per year: P10, P50 and P90",
        "Besparingsbehov per år: P10, P50 och P90",
    ),
    "fan_band": ("P10 to P90", "P10 till P90"),
    "median": ("P50 (median)", "P50 (median)"),
    "year": ("Year", "År"),
    "grid_title": (
        "Savings needed in {year} across the grid",
        "Besparingsbehov {year} över rutnätet",
    ),
    "grid_y": ("Savings needed in {year} ({unit}/yr)", "Besparingsbehov {year} ({unit}/år)"),
}

INPUTS: dict[str, tuple[str, str]] = {  # uncertain inputs in words; others as written
    "drivers.wage": ("Wage revision", "Lönerevision"),
    "drivers.price": ("Price increase", "Prisökning"),
    "economy.revenue.growth": ("Growth of tax revenue", "Skatteunderlagets tillväxt"),
    "economy.growth": ("Growth of tax revenue", "Skatteunderlagets tillväxt"),
    "economy.revenue.real_growth": (
        "Real growth of tax revenue",
        "Skatteunderlagets reala tillväxt",
    ),
    "economy.revenue.tax.growth": ("Growth of tax revenue", "Skatteintäkternas tillväxt"),
    "economy.revenue.tax.real_growth": (
        "Real growth of tax revenue",
        "Skatteintäkternas reala tillväxt",
    ),
    "economy.revenue.grants.growth": (
        "Growth of general grants",
        "Generella statsbidragens tillväxt",
    ),
    "realisation": ("realisation", "utfall"),
    "cost0": ("cost {year0}", "kostnad {year0}"),
    "frame0": ("frame", "ram"),
    "volume": ("volume growth", "volymökning"),
}


class Text:
    """Chart words and number formats in one language."""

    def __init__(self, lang: str = "en"):
        if lang not in LANGS:
            raise ValueError(f"language {lang!r}: expected one of {', '.join(LANGS)}")
        self.lang = lang

    def __call__(self, key: str, **fields: object) -> str:
        text = WORDS[key][self.lang == "sv"]
        return text.format(**fields) if fields else text

    def num(self, value: float, digits: int = 0) -> str:
        """``1,234.5`` / ``1 234,5`` (a real minus sign)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        text = f"{abs(value):,.{digits}f}"
        if self.lang == "sv":
            text = text.replace(",", "\u00a0").replace(".", ",")
        negative = value < 0 and float(f"{value:.{digits}f}") != 0.0
        return ("\u2212" + text) if negative else text

    def input_name(self, key: str, boards: dict | None = None, actions: dict | None = None) -> str:
        """``drivers.wage`` -> ``Lönerevision``; ``boards.HSN.cost0`` -> ``Hälso- och ... kostnad``;
        ``actions.hyr-min.realisation`` -> ``Inhyrd bemanning ...: utfall``."""
        pair = INPUTS.get(key)
        if pair:
            return pair[self.lang == "sv"]
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "boards":
            board = (boards or {}).get(parts[1], parts[1])
            what = INPUTS.get(parts[2])
            word = what[self.lang == "sv"].format(year0="").strip() if what else parts[2]
            return f"{board}: {word}"
        if len(parts) == 3 and parts[0] == "actions":
            action = (actions or {}).get(parts[1], parts[1])
            what = INPUTS.get(parts[2])
            return f"{action}: {what[self.lang == 'sv'] if what else parts[2]}"
        return key

    def value(self, key: str, value: float) -> str:
        """An input's value as a reader writes it: rates and shares in per cent (a growth rate of
        -0.0081 is -0,81 %, a realisation of 0.68 is 68 %), amounts in MSEK."""
        last = key.split(".")[-1]
        if last in ("wage", "price", "growth", "real_growth", "volume"):
            return f"{self.num(100 * value, 2 if abs(value) < 0.01 else 1)}\u00a0%"
        if last == "realisation":
            return f"{self.num(100 * value, 0)}\u00a0%"
        return f"{self.num(value, 0)}\u00a0{self('unit')}"

    def formatter(self, digits: int = 0):
        """A matplotlib tick formatter in this language."""
        from matplotlib.ticker import FuncFormatter  # optional dependency

        return FuncFormatter(lambda v, _pos: self.num(v, digits))


def save(fig, stem, formats: tuple[str, ...] = ("png", "svg")) -> list:
    """Save ``fig`` as ``<stem>.png`` and ``.svg``: SVG text kept as text, no date, fixed ids."""
    import matplotlib  # optional dependency

    written = []
    for ext in formats:
        path = Path(stem).with_suffix(f".{ext}")
        meta = {"Date": None} if ext == "svg" else {}
        with matplotlib.rc_context({"svg.hashsalt": "balansplan", "svg.fonttype": "none"}):
            fig.savefig(path, format=ext, dpi=130, metadata=meta)
        written.append(path)
    return written
