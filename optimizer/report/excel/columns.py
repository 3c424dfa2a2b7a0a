"""The columns of the Excel reports' table sheets: headers with units (English, Swedish) and
number formats, per results table (``optimizer/results/core.py``) and per comparison table
(``optimizer/analysis/compare/__init__.py``). Texts that are codes in the CSV files (categories, requirement
families, reasons, yes/no) are shown in words.
"""

from __future__ import annotations

import re

from optimizer.report.excel.columns_finance import V2_SHEETS, v2_columns
from optimizer.report.excel.sheets import (
    COUNT,
    MSEK,
    NUM,
    PRICE,
    SHARE,
    WEIGHT,
    YEAR,
    Col,
    category,
    family,
    year,
    yes_no,
)
from optimizer.report.words.codes import CHANGE, DETAIL, WHY
from optimizer.report.words.labels import Labels

STATUS: dict[str, tuple[str, str]] = {
    "optimal": ("Every requirement met", "Alla krav uppfylls"),
    "shortfall": ("Requirements not met", "Krav ej uppfyllt"),
    "infeasible": ("Infeasible", "Omöjligt"),
    "time_limit": ("Time limit", "Tidsgräns"),
}
OBJECTIVES: dict[str, tuple[str, str]] = {
    "min_impact": ("Least harm score", "Lägsta skadepoäng"),
    "min_savings": ("Least total savings", "Minsta totala besparing"),
    "min_max_share": ("Least largest share cut", "Minsta största besparingsandel"),
}
KIND: dict[str, tuple[str, str]] = {"rhs": ("Requirement", "Krav"), "weight": ("Weight", "Vikt")}


def _words(table: dict[str, tuple[str, str]]):
    def show(L: Labels, _names, value):
        pair = table.get(str(value))
        return pair[L.lang == "sv"] if pair else value

    return show


def _overrides(L: Labels, names, value):
    """compare.csv's overrides (``high-wages,no-tax-increase``) by their labels."""
    if not isinstance(value, str) or not value:
        return None
    labels = (names or {}).get("overrides") or {}
    other = "en" if L.lang == "sv" else "sv"
    shown = [(labels.get(o.strip()) or {}) for o in value.split(",")]
    return ", ".join(
        s.get(L.lang) or s.get(other) or o.strip()
        for s, o in zip(shown, value.split(","), strict=True)
    )


def _name(kind: str):
    """The name the scenario gives a board or an action; its id only where none is given."""

    def show(_L: Labels, names, value):
        if value is None or value != value:
            return None
        return ((names or {}).get(kind) or {}).get(str(value)) or value

    return show


def _detail(L: Labels, names, value):
    """why_not's detail in words: an action's name, start years, a weight; a code not known
    (``marginal``, ``pace[HSN,2025]``) in the reader's words or left out."""
    if value is None or value != value:
        return None
    text = str(value)
    actions = (names or {}).get("actions") or {}
    if text in actions:
        return actions[text]
    words = DETAIL.get(text)
    if words:
        return words[L.lang == "sv"]
    starts = re.fullmatch(r"starts (\d+)\.\.(\d+)", text)
    if starts:
        first, last = starts.groups()
        return f"{L('start_year')} {first}\u2013{last}"
    size = re.fullmatch(r"([\d.]+) MSEK/yr or nothing: not taken", text)  # why_not's min_size
    if size:
        return L("min_size_detail", value=L.num(float(size.group(1))))
    pace = re.findall(r"pace\[[^\],]*,\s*(\d+)\]", text)
    if pace:
        return f"{L.family('pace')} {', '.join(sorted(set(pace)))}"
    try:
        return float(text)
    except ValueError:
        return None


def board_action_pairs(_L: Labels, names, value):
    """``HSN/hyr-min;RS/eff-admin`` (compare.csv) as ``Minskad ... (Hälso- ...); ...``."""
    if not isinstance(value, str) or not value:
        return value
    boards = (names or {}).get("boards") or {}
    actions = (names or {}).get("actions") or {}
    out = []
    for pair in re.split(r"[;,]\s*", value):
        board, _, action = pair.partition("/")
        shown = f"{actions.get(action, action)} ({boards.get(board, board)})"
        out.append(shown if action else pair)
    return "; ".join(out)


def _reason(L: Labels, _names, value):
    return L.reason(value) if value is not None and value == value else None


def _status(L: Labels, _names, value):
    """An action's status in the reader's words: new, or committed in an earlier round."""
    return L(f"status_{value}") if value in ("new", "committed") else value


BOARD = Col("board", "Board", "Nämnd", show=_name("boards"))
ACTION = Col("action", "Action", "Åtgärd", show=_name("actions"))
CATEGORY = Col("category", "Kind of action", "Typ av åtgärd", show=category)
YEAR_COL = Col("year", "Year", "År", YEAR, year)
RUN = Col("run", "Plan", "Plan")
SAVINGS = ("Savings (MSEK)", "Besparing (mnkr)")
SHORTFALL = Col("shortfall", "Shortfall (MSEK)", "Saknas (mnkr)", MSEK)
REQUIREMENT = Col("constraint", "Requirement", "Krav", show=family)
DUAL = Col("dual", "Price (per MSEK)", "Pris (per mnkr)", PRICE)
POTENTIAL = ("Potential (MSEK/yr)", "Potential (mnkr/år)")

RESULT_COLUMNS: dict[str, list[Col]] = {
    "actions": [
        BOARD,
        ACTION,
        CATEGORY,
        Col("start_year", "Start year", "Startår", YEAR, year),
        Col("amount", "Full effect (MSEK/yr)", "Full effekt (mnkr/år)", MSEK),
        Col("weight", "Harm weight", "Skadevikt", WEIGHT),
        Col("reduced_cost", "Reduced cost (weight)", "Reducerad kostnad (vikt)", WEIGHT),
        Col("status", "Status", "Status", show=_status),
    ],
    "effects": [BOARD, ACTION, YEAR_COL, Col("effect", *SAVINGS, MSEK)],
    "boards": [
        BOARD,
        YEAR_COL,
        Col("baseline", "Cost without actions (MSEK)", "Kostnad utan åtgärder (mnkr)", MSEK),
        Col("effect", *SAVINGS, MSEK),
        Col("oneoff", "One-off costs (MSEK)", "Omställningskostnader (mnkr)", MSEK),
        Col("depreciation", "Depreciation (MSEK)", "Avskrivningar (mnkr)", MSEK),
        Col("cost", "Cost (MSEK)", "Kostnad (mnkr)", MSEK),
        Col("frame", "Frame (MSEK)", "Ram (mnkr)", MSEK),
        Col("margin", "Margin to frame (MSEK)", "Marginal mot ram (mnkr)", MSEK),
        Col("overrun", "Over the frame (MSEK)", "Över ramen (mnkr)", MSEK),
        Col("frame_dual", "Price of the frame (per MSEK)", "Pris för ramen (per mnkr)", PRICE),
    ],
    "region": [
        YEAR_COL,
        Col(
            "revenue",
            "Taxes and general grants (MSEK)",
            "Skatter och generella statsbidrag (mnkr)",
            MSEK,
        ),
        Col("grants", "Targeted grants (MSEK)", "Riktade statsbidrag (mnkr)", MSEK),
        Col("financial", "Financial net (MSEK)", "Finansnetto (mnkr)", MSEK),
        Col("central", "Central costs (MSEK)", "Centrala kostnader (mnkr)", MSEK),
        Col("cost", "Boards' cost (MSEK)", "Nämndernas kostnad (mnkr)", MSEK),
        Col("result", "Result (MSEK)", "Årets resultat (mnkr)", MSEK),
        Col("target", "Result target (MSEK)", "Resultatmål (mnkr)", MSEK),
        SHORTFALL,
        Col("result_dual", "Price of the target (per MSEK)", "Pris för målet (per mnkr)", PRICE),
        Col(
            "balance", "Accumulated balance (MSEK)", "Ackumulerat balanskravsresultat (mnkr)", MSEK
        ),
        Col("milestone", "Milestone (MSEK)", "Delmål (mnkr)", MSEK),
        Col("milestone_dual", "Price of the milestone", "Pris för delmålet", PRICE),
    ],
    "duals": [
        REQUIREMENT,
        BOARD,
        ACTION,
        CATEGORY,
        YEAR_COL,
        DUAL,
        Col("slack", "Slack (MSEK)", "Marginal (mnkr)", MSEK),
        Col("binding", "Binding", "Bindande", show=yes_no),
    ],
    "shortfall": [
        Col("requirement", "Requirement", "Krav", show=family),
        BOARD,
        CATEGORY,
        YEAR_COL,
        Col("target", "Target (MSEK)", "Mål (mnkr)", MSEK),
        Col("value", "Reached (MSEK)", "Uppnått (mnkr)", MSEK),
        SHORTFALL,
    ],
    "liquidity": [
        YEAR_COL,
        Col("cash", "Cash (MSEK)", "Likvida medel (mnkr)", MSEK),
        Col("loans", "Loans (MSEK)", "Lån (mnkr)", MSEK),
        Col("borrowing", "New borrowing (MSEK)", "Nyupplåning (mnkr)", MSEK),
        Col("min_cash", "Least cash (MSEK)", "Lägsta likviditet (mnkr)", MSEK),
        SHORTFALL,
    ],
    "protected": [
        BOARD,
        ACTION,
        CATEGORY,
        Col("potential", *POTENTIAL, MSEK),
        Col("reason", "Protected by", "Skyddad genom", show=_reason),
    ],
    "ranging": [
        Col("kind", "Kind of row", "Radtyp", show=_words(KIND)),
        REQUIREMENT,
        BOARD,
        ACTION,
        CATEGORY,
        YEAR_COL,
        Col("value", "Value (MSEK, or weight)", "Värde (mnkr, eller vikt)", NUM),
        Col("lower", "Valid from", "Gäller från", NUM),
        Col("upper", "Valid to", "Gäller till", NUM),
        DUAL,
        Col("degenerate", "Not unique", "Ej unik", show=yes_no),
    ],
    "why_not": [
        BOARD,
        ACTION,
        Col("amount", "Used (MSEK/yr)", "Använt (mnkr/år)", MSEK),
        Col("potential", *POTENTIAL, MSEK),
        Col("reason", "Why not more", "Varför inte mer", show=_words(WHY)),
        Col("detail", "Detail", "Detalj", show=_detail),
    ],
}
RESULT_SHEETS: dict[str, tuple[str, str]] = {
    "actions": ("Actions", "Åtgärder"),
    "effects": ("Effects", "Effekter"),
    "boards": ("Boards", "Nämnder"),
    "region": ("Region", "Regionen"),
    "duals": ("Prices", "Priser på krav"),
    "shortfall": ("Shortfall", "Ej uppfyllda krav"),
    "liquidity": ("Liquidity", "Likviditet"),
    "protected": ("Protected", "Skyddat"),
    "ranging": ("Ranging", "Känslighet"),
    "why_not": ("Why not", "Varför inte"),
}

RESULT_COLUMNS.update(v2_columns(BOARD, YEAR_COL))  # written where the results have them
RESULT_SHEETS.update(V2_SHEETS)

CHANGE_VS = ("Change vs reference", "Skillnad mot referens")


def compare_columns(name: str, years: list[int]) -> list[Col]:
    """The columns of a comparison table (``Comparison.tables[name]``)."""
    ref_savings = Col("reference_savings", "Reference (MSEK)", "Referens (mnkr)", MSEK)
    delta = Col("delta", "Change (MSEK)", "Skillnad (mnkr)", MSEK)
    if name == "summary":
        return [
            RUN,
            Col("reference", "Reference", "Referens", show=yes_no),
            Col("priorities", "Priorities", "Prioriteringar"),
            Col("scenario", "Scenario", "Scenario"),
            Col("overrides", "Changes applied", "Tillämpade ändringar", show=_overrides),
            Col("status", "Status", "Status", show=_words(STATUS)),
            Col("objective_name", "Objective", "Målfunktion", show=_words(OBJECTIVES)),
            Col("objective", "Objective value", "Målfunktionens värde", NUM),
            Col("impact", "Harm score", "Skadepoäng", MSEK),
            Col("extra_impact", "Extra harm score", "Extra skadepoäng", MSEK),
            Col("total_shortfall", "Shortfall (MSEK)", "Saknas (mnkr)", MSEK),
            Col("extra_shortfall", "Extra shortfall (MSEK)", "Ytterligare saknas (mnkr)", MSEK),
            *[
                Col(f"savings_{y}", f"Savings {y} (MSEK)", f"Besparing {y} (mnkr)", MSEK)
                for y in years
            ],
            *[
                Col(
                    f"extra_savings_{y}",
                    f"Extra savings {y} (MSEK)",
                    f"Extra besparing {y} (mnkr)",
                    MSEK,
                )
                for y in years
            ],
            Col("largest_share", "Largest share of a board", "Största andel för en nämnd", SHARE),
            Col(
                "largest_share_board",
                "Board with the largest share",
                "Nämnd med störst andel",
                show=_name("boards"),
            ),
            Col("actions_entering", "Actions entering", "Åtgärder som tillkommer", COUNT),
            Col("actions_leaving", "Actions leaving", "Åtgärder som utgår", COUNT),
            Col(
                "entering",
                "Entering (action, board)",
                "Tillkommer (åtgärd, nämnd)",
                show=board_action_pairs,
            ),
            Col(
                "leaving",
                "Leaving (action, board)",
                "Utgår (åtgärd, nämnd)",
                show=board_action_pairs,
            ),
            Col("weights_differ", "Weights differ", "Vikterna skiljer sig", show=yes_no),
        ]
    if name == "savings_by_board":
        return [
            RUN,
            BOARD,
            YEAR_COL,
            Col("savings", *SAVINGS, MSEK),
            Col("share", "Share of the board's cost", "Andel av nämndens kostnad", SHARE),
            ref_savings,
            delta,
        ]
    if name == "savings_by_category":
        return [RUN, CATEGORY, YEAR_COL, Col("savings", *SAVINGS, MSEK), ref_savings, delta]
    if name == "region":
        cols = {c.key: c for c in RESULT_COLUMNS["region"]}
        return [
            RUN,
            YEAR_COL,
            cols["result"],
            cols["target"],
            Col("result_shortfall", "Shortfall (MSEK)", "Saknas (mnkr)", MSEK),
            cols["balance"],
            cols["milestone"],
            Col("result_delta", "Result, change (MSEK)", "Resultat, skillnad (mnkr)", MSEK),
            Col("balance_delta", "Balance, change (MSEK)", "Balans, skillnad (mnkr)", MSEK),
        ]
    if name == "binding":
        return [
            RUN,
            REQUIREMENT,
            BOARD,
            ACTION,
            CATEGORY,
            YEAR_COL,
            DUAL,
            Col("slack", "Slack (MSEK)", "Marginal (mnkr)", MSEK),
            Col("reference_dual", "Reference price", "Referensens pris", PRICE),
        ]
    if name == "actions_delta":
        return [
            RUN,
            BOARD,
            ACTION,
            CATEGORY,
            Col("reference_amount", "Reference (MSEK/yr)", "Referens (mnkr/år)", MSEK),
            Col("amount", "Full effect (MSEK/yr)", "Full effekt (mnkr/år)", MSEK),
            Col("delta", "Change (MSEK/yr)", "Skillnad (mnkr/år)", MSEK),
            Col("change", "Change", "Förändring", show=_words(CHANGE)),
        ]
    raise KeyError(name)


COMPARE_SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Plans", "Planer"),
    "savings_by_board": ("Savings by board", "Besparing per nämnd"),
    "savings_by_category": ("Savings by kind", "Besparing per typ"),
    "region": ("Result and balance", "Resultat och balans"),
    "binding": ("Binding requirements", "Bindande krav"),
    "actions_delta": ("Actions changed", "Ändrade åtgärder"),
}
