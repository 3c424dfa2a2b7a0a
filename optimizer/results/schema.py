"""What each column of a results folder means: type, unit and description, one place for all.

``FIELDS[table]`` lists ``Field(name, type, unit, description)`` in the column order of
``core.COLUMNS``. Types are Frictionless Table Schema types (``string``, ``integer``,
``number``, ``boolean``); units: ``MSEK`` (an amount in one year), ``MSEK/yr`` (a full annual
effect or potential), ``impact-years`` (the harm score: ``w[b,a]`` times MSEK of effect times
years), ``impact-years/MSEK`` (a shadow price), ``share`` (a fraction), ``year``.

Used by ``core.Results`` for the dtypes (``integer`` columns are pandas ``Int64`` in every table,
``number`` columns ``float64``) and by ``datapackage.datapackage`` for ``datapackage.json``.
"""

from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    name: str
    type: str  # Frictionless Table Schema type
    unit: str  # "" where none
    description: str


BOARD = Field("board", "string", "", "Board (nämnd) id")
ACTION = Field("action", "string", "", "Savings action (åtgärd) id")
CATEGORY = Field("category", "string", "", "The action's category")
YEAR = Field("year", "integer", "year", "Plan year")
CONSTRAINT = Field(
    "constraint", "string", "", "Requirement family (docs/model.md): frame, result, milestone, ..."
)
DUAL = Field(
    "dual",
    "number",
    "impact-years/MSEK",
    "Shadow price: the fall in the objective per MSEK by which the row is loosened (>= 0 when binding)",
)

FIELDS: dict[str, list[Field]] = {
    "actions": [
        BOARD,
        ACTION,
        CATEGORY,
        Field("start_year", "integer", "year", "Year the action starts"),
        Field(
            "amount",
            "number",
            "MSEK/yr",
            "Full annual effect x[b,a,s] of the action started that year",
        ),
        Field("weight", "number", "impact-years/MSEK", "Harm weight w[b,a] after the priority set"),
        Field(
            "reduced_cost",
            "number",
            "impact-years/MSEK",
            "How much w[b,a] must fall before this start enters the plan (0 for amounts in it)",
        ),
        Field(
            "expected",
            "number",
            "MSEK/yr",
            "Full annual effect expected to be delivered: amount * realisation (section 9); "
            "the tax lever's row (board region, action tax_rate) gives öre in amount and expected",
        ),
        Field(
            "status",
            "string",
            "",
            "new (decided by this plan) or committed (decided in an earlier round, fixed: "
            "MODEL.md 10.3; amount is the decided amount, expected what is delivered)",
        ),
    ],
    "effects": [
        BOARD,
        ACTION,
        YEAR,
        Field(
            "effect",
            "number",
            "MSEK",
            "Saving E_a[b,t] of the action in that year (ramps and indexation applied)",
        ),
    ],
    "boards": [
        BOARD,
        YEAR,
        Field("baseline", "number", "MSEK", "Cost without the plan, base[b,t]"),
        Field("effect", "number", "MSEK", "Savings of the plan E[b,t]"),
        Field("oneoff", "number", "MSEK", "One-off costs O[b,t] of the actions started"),
        Field("depreciation", "number", "MSEK", "Depreciation D[b,t] of the actions' investments"),
        Field(
            "cost",
            "number",
            "MSEK",
            "Cost with the plan C = baseline - effect + oneoff + depreciation",
        ),
        Field("frame", "number", "MSEK", "Budget frame (budgetram)"),
        Field("margin", "number", "MSEK", "frame - cost; negative = over the frame"),
        Field("overrun", "number", "MSEK", "Shortfall against the frame (the slack uf)"),
        Field("frame_dual", "number", "impact-years/MSEK", "Shadow price of the frame"),
    ],
    "region": [
        YEAR,
        Field("revenue", "number", "MSEK", "Tax revenue"),
        Field("grants", "number", "MSEK", "State grants"),
        Field("financial", "number", "MSEK", "Net financial items"),
        Field("central", "number", "MSEK", "Central costs outside the boards"),
        Field("cost", "number", "MSEK", "The boards' costs with the plan"),
        Field("result", "number", "MSEK", "Result R of the year"),
        Field("target", "number", "MSEK", "Result target (empty where none)"),
        Field("shortfall", "number", "MSEK", "Shortfall against the result target (ur)"),
        Field("result_dual", "number", "impact-years/MSEK", "Shadow price of the result target"),
        Field(
            "balance",
            "number",
            "MSEK",
            "Accumulated balance (balanskravsresultat) at the year's end",
        ),
        Field("milestone", "number", "MSEK", "Balance milestone (empty where none)"),
        Field("milestone_dual", "number", "impact-years/MSEK", "Shadow price of the milestone"),
        Field("interest", "number", "MSEK", "Net interest on loans and cash (inside financial)"),
        Field("tax_revenue", "number", "MSEK", "Revenue of the tax-rate lever (inside result)"),
    ],
    "duals": [
        CONSTRAINT,
        BOARD,
        ACTION,
        CATEGORY,
        YEAR,
        DUAL,
        Field(
            "slack", "number", "MSEK", "Distance from the bound (the elastic slack's help included)"
        ),
        Field("binding", "boolean", "", "Whether the row is at its bound"),
    ],
    "shortfall": [
        Field("requirement", "string", "", "frame, result, milestone, category or cash"),
        BOARD,
        CATEGORY,
        YEAR,
        Field("target", "number", "MSEK", "What the requirement asks"),
        Field("value", "number", "MSEK", "What the plan reaches without the slack"),
        Field("shortfall", "number", "MSEK", "How far the plan falls short"),
    ],
    "liquidity": [
        YEAR,
        Field("cash", "number", "MSEK", "Cash at the year's end"),
        Field("loans", "number", "MSEK", "Loans at the year's end"),
        Field("borrowing", "number", "MSEK", "New borrowing in the year (dl)"),
        Field("min_cash", "number", "MSEK", "Least cash required"),
        Field("shortfall", "number", "MSEK", "Shortfall against min_cash (uk)"),
    ],
    "protected": [
        BOARD,
        ACTION,
        CATEGORY,
        Field("potential", "number", "MSEK/yr", "The pair's potential pot[b,a], left untouched"),
        Field("reason", "string", "", "What protects it: board, category or action"),
    ],
    "ranging": [
        Field("kind", "string", "", "rhs (a requirement row) or weight (an objective weight)"),
        CONSTRAINT,
        BOARD,
        ACTION,
        CATEGORY,
        YEAR,
        Field("value", "number", "", "The requirement (MSEK or MSEK/yr) or the weight w[b,a]"),
        Field("lower", "number", "", "Lowest value for which the dual (or the plan) stays valid"),
        Field("upper", "number", "", "Highest value for which the dual (or the plan) stays valid"),
        Field(
            "dual",
            "number",
            "",
            "rhs: as in duals.csv (impact-years/MSEK); weight: sum_t E_a[b,t] (MSEK-years)",
        ),
        Field("degenerate", "boolean", "", "The dual (or the plan) is not unique"),
    ],
    "why_not": [
        BOARD,
        ACTION,
        Field("amount", "number", "MSEK/yr", "How much of the pair the plan uses, sum_s x[b,a,s]"),
        Field("potential", "number", "MSEK/yr", "The pair's potential pot[b,a]"),
        Field(
            "reason",
            "string",
            "",
            "protected, no_effect, outside_window, min_size, potential_reached, pace_limited, not_needed, displaced_by or too_costly",
        ),
        Field("detail", "string", "", "Text; too_costly: the weight at which it would enter"),
    ],
    "reconciliation": [
        YEAR,
        Field("result", "number", "MSEK", "Result R of the year"),
        Field("gains", "number", "MSEK", "Realised gains, excluded from the balanskravsresultat"),
        Field("adjustments", "number", "MSEK", "Other adjustments of the balanskravsresultat"),
        Field("bkr", "number", "MSEK", "Balanskravsresultat BKR = result - gains + adjustments"),
        Field("exempt_used", "number", "MSEK", "Deficit covered by synnerliga skäl"),
        Field("new_deficit", "number", "MSEK", "Deficit of the year to restore"),
        Field("restored", "number", "MSEK", "Earlier deficits restored in the year"),
        Field("deficit_left", "number", "MSEK", "Deficit still to restore at the year's end"),
        Field("deficit_due", "number", "MSEK", "Part of it whose deadline is this year or earlier"),
        Field("deadline", "integer", "year", "Nearest deadline of what is left (empty if none)"),
        Field("surplus_after_restoration", "number", "MSEK", "Surplus left after the restoration"),
    ],
    "ledger": [
        Field("deficit_year", "integer", "year", "The year the deficit arose"),
        Field("part", "string", "",
              "opening (before the plan), exempted (covered by an exemption) or new"),
        YEAR,
        Field("amount", "number", "MSEK", "The deficit to restore (positive)"),
        Field("statutory_deadline", "integer", "year", "Kommunallagen: deficit_year + 3"),
        Field("decided_deadline", "integer", "year",
              "restore_by: the deadline that holds (empty: not to be restored)"),
        Field("decision", "string", "", "The assembly's decision a later deadline rests on"),
        Field("restored", "number", "MSEK", "Restored in the year"),
        Field("left", "number", "MSEK", "Left to restore at the year's end"),
        Field("status", "string", "", "restored, open, overdue or exempt (not to be restored)"),
    ],
    "frames": [
        BOARD,
        YEAR,
        Field("frame", "number", "MSEK", "Frame: decided, or proposed (the plan's net cost)"),
        Field("status", "string", "", "decided or proposed"),
        Field("current", "number", "MSEK", "The frame the current rule (frame0, uprate) gives"),
        Field("change", "number", "MSEK", "frame - current"),
        Field("adjustment", "number", "MSEK",
              "Decided years: frame - planned cost where >= 0, the ramjustering to decide"),
    ],
    "staff": [
        BOARD,
        YEAR,
        Field("fte_change", "number", "årsarbetare", "Staff change against the base year"),
        Field("fte", "number", "årsarbetare", "Staff: fte0 + fte_change (empty without fte0)"),
        Field("reduction", "number", "årsarbetare", "Staff fewer within the year"),
        Field("attrition", "number", "årsarbetare", "Attrition limit: share * fte0 (if limited)"),
        Field(
            "beyond_attrition",
            "number",
            "årsarbetare",
            "Reduction beyond attrition: what would need notices (uppsägningar)",
        ),
    ],
}

INTEGER_COLUMNS = frozenset(
    f.name for fields in FIELDS.values() for f in fields if f.type == "integer"
)
NUMBER_COLUMNS = frozenset(
    f.name for fields in FIELDS.values() for f in fields if f.type == "number"
)
