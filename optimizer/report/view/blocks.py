"""The building blocks of a report's view: headline cards, text tables, helpers on names and
years (used by ``plan.py`` and ``lists.py``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class Card:
    """One headline number: ``tone`` is good, bad or neutral."""

    label: str
    value: str
    note: str = ""
    tone: str = "neutral"
    key: str = ""  # what the card shows (savings, result, balance, impact): data-key in HTML


@dataclass
class Table:
    """Rows of display text; ``numeric[j]`` right-aligns column ``j``; ``tones`` colour cells."""

    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    tones: list[list[str]] = field(default_factory=list)
    more: str = ""

    @property
    def empty(self) -> bool:
        return not self.rows


def _isnan(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fold_years(years: list[int]) -> str:
    """Start years as a reader writes them: ``2025``, ``2025–2027``, ``2025, 2028``."""
    years = sorted(set(years))
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}\u2013{r[-1]}" for r in runs)


def priorities_label(summary: dict, lang: str) -> str:
    """A results' priority set in ``lang``: ``names.priorities[lang]``, the other language's
    label, else the set's ``name`` (results written before labels)."""
    label = ((summary.get("names") or {}).get("priorities")) or {}
    other = "en" if lang == "sv" else "sv"
    return str(label.get(lang) or label.get(other) or summary.get("priorities", ""))


def override_label(summary: dict, name: str, lang: str) -> str:
    """An applied override by its ``label`` in ``lang`` (``names.overrides``), the other
    language's label, else its name."""
    label = ((summary.get("names") or {}).get("overrides") or {}).get(str(name)) or {}
    other = "en" if lang == "sv" else "sv"
    return str(label.get(lang) or label.get(other) or name)


def changes_shown(summary: dict, lang: str) -> list[str]:
    """What was changed from the scenario as the reader names it: the applied overrides by
    their labels, then each ``--set`` as typed (``key.path=value``)."""
    overrides = [override_label(summary, o, lang) for o in summary.get("overrides") or []]
    return overrides + [str(t) for t in summary.get("sets") or []]
