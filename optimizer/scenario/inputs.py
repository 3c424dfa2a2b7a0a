"""Typed, validated inputs of one scenario: what ``load_scenario`` returns.

Everything here is already checked (see ``checks.py``) and expanded: every
per-year quantity holds a value for every plan year, every board and action
reference is known, every number is a float. Later rooms (``params.py``,
``model/``, ``evaluate.py``) never re-validate and never read files.

Units: MSEK, rates as fractions, years as integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from optimizer.scenario.financial_core import FinancialCore

OBJECTIVES = ("min_impact", "min_savings", "min_max_share")
SHORTFALL_KINDS = (
    "frame", "result", "milestone", "category", "cash", "deadline", "no_deficit", "attrition"
)  # fmt: skip
TIERS = ("law", "targets", "frames")
# the tier of each requirement kind (docs/model.md); attrition: section 9, a target
TIER_OF = {
    "deadline": "law", "no_deficit": "law", "milestone": "law",
    "result": "targets", "category": "targets", "cash": "targets", "attrition": "targets",
    "frame": "frames",
}  # fmt: skip
STATUTORY_YEARS = 3  # Kommunallagen 11 kap. 12 §: a deficit restored within three years


def statutory_deadline(year: int) -> int:
    """The year by which the law restores a deficit of ``year``: ``year + 3`` (MODEL.md 10.1)."""
    return int(year) + STATUTORY_YEARS


DEFAULT_REQUIREMENTS: tuple[tuple[str, ...], ...] = (("law",), ("targets",), ("frames",))


@dataclass(frozen=True)
class Problem:
    """One problem with a user's input: where it is and what was expected."""

    file: str
    where: str
    value: object
    expected: str

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        value = repr(self.value)
        if len(value) > MAX_VALUE_TEXT:  # a 400-digit number or a whole row of a bad file
            value = f"{value[: MAX_VALUE_TEXT - 20]}... ({len(value)} characters)"
        return f"{_short(self.file)}{_short(where)}: got {value}, expected {self.expected}"


MAX_VALUE_TEXT = 200
MAX_SHOWN_PROBLEMS = 20


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE_TEXT else f"{text[: MAX_VALUE_TEXT - 3]}..."


class InputError(Exception):
    """A user's input is wrong. Carries every problem found, each one clear message.

    Its text (``str``, ``lines()``) shows the first ``MAX_SHOWN_PROBLEMS`` and the count of the
    rest: a file with a million bad rows is one screen of messages, not a million lines.
    """

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self, limit: int = MAX_SHOWN_PROBLEMS) -> list[str]:
        """One line per problem, the first ``limit`` of them, then ``... and N more``."""
        shown = [str(p) for p in self.problems[:limit]]
        rest = len(self.problems) - len(shown)
        if rest > 0:
            shown.append(f"... and {rest} more problem{'s' if rest > 1 else ''}")
        return shown


@dataclass(frozen=True)
class Liquidity:
    """Liquidity (likviditet) and the loan ceiling (lånetak); per-year dicts cover every plan year."""

    opening_cash: float
    min_cash: float
    opening_loans: float
    loan_cap: float
    investments: dict[int, float]
    depreciation: dict[int, float]


@dataclass(frozen=True)
class Priorities:
    """A priority set: weights that scale harm, and protected areas (skyddade områden)."""

    name: str = "default"
    label: dict[str, str] = field(default_factory=dict)  # display name by language: {sv, en}
    board_weights: dict[str, float] = field(default_factory=dict)
    category_weights: dict[str, float] = field(default_factory=dict)
    action_weights: dict[str, float] = field(default_factory=dict)
    protected_boards: tuple[str, ...] = ()
    protected_categories: dict[str, tuple[str, ...]] = field(default_factory=dict)
    protected_actions: tuple[tuple[str, str], ...] = ()
    floors: dict[tuple[str, int], float] = field(default_factory=dict)

    def is_protected(self, board: str, action: str, category: str) -> bool:
        """True where (board, action) may not be cut: its board, category or pair is protected."""
        return (
            board in self.protected_boards
            or category in self.protected_categories.get(board, ())
            or (board, action) in self.protected_actions
        )

    def weight(self, board: str, action: str, category: str, base: float) -> float:
        """``w[b,a] = weight[a] * board_weights[b] * category_weights[cat(a)] * action_weights[a]``."""
        return (
            base
            * self.board_weights.get(board, 1.0)
            * self.category_weights.get(category, 1.0)
            * self.action_weights.get(action, 1.0)
        )


@dataclass(frozen=True)
class Committed:
    """An action decided in an earlier round (MODEL.md section 10.3): fixed, cannot be undone.

    ``amount`` is the decided full annual effect (MSEK/yr, in the start year's prices),
    ``realisation`` the share of it delivered (default the action's own realisation), and
    ``index_to_base`` the growth of the effect from its start year to the base year
    (``idx[start, base]``; 1 for a start in or after the base year, and where not given).
    """

    board: str
    action: str
    start: int
    amount: float
    realisation: float
    index_to_base: float = 1.0


@dataclass(frozen=True)
class Inputs:
    """One validated scenario.

    Tables (pandas, in the order of the user's files):

    - ``boards``: index ``id``; columns ``name, cost0, pshare, frame0, uprate`` (float; NaN where
      ``uprate_index``), ``uprate_index`` (bool: the frame follows the board's cost growth).
    - ``actions``: index ``id``; columns ``name, category, ramp`` (tuple of floats in [0, 1]),
      ``oneoff, capex, life`` (int >= 1), ``earliest, latest`` (int plan years), ``weight``.
    - ``potentials``: columns ``board, action, pot`` (pot >= 0, one row per pair).
    """

    name: str
    base_year: int
    first: int
    last: int
    revenue: dict[int, float]
    grants: dict[int, float]
    financial: dict[int, float]
    central: dict[int, float]
    wage: dict[int, float]
    price: dict[int, float]
    volume: dict[tuple[str, int], float]
    index_effects: bool
    boards: pd.DataFrame
    frames: dict[tuple[str, int], float]
    actions: pd.DataFrame
    potentials: pd.DataFrame
    result_targets: dict[int, float]
    category_targets: dict[tuple[str, int], float]
    balance_opening: float
    adjustments: dict[int, float]
    milestones: dict[int, float]
    pace: dict[str, float]
    cost_freeze: tuple[int, ...]
    investment_room: dict[int, float]
    liquidity: Liquidity | None
    priorities: Priorities
    objective: str = "min_impact"
    shortfall_weights: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(SHORTFALL_KINDS, 1.0)
    )
    # (v2) requirement tiers solved in order; one inner tuple per stage (docs/model.md)
    requirements: tuple[tuple[str, ...], ...] = DEFAULT_REQUIREMENTS
    tail_years: float = 5.0  # (v2) harm of effects running at the end counts this many more years
    frames_decided_through: int | None = None  # (v2) None: every plan year's frame is decided
    result_share: dict[int, float] = field(default_factory=dict)  # (v2) share of ``revenue``
    # (v2) balance requirement as the law reads it: ``deficits`` (year, amount < 0, restore_by)
    deficits: tuple[tuple[int, float, int], ...] = ()
    exempt: dict[int, float] = field(default_factory=dict)  # synnerliga skäl, MSEK per year
    gains: dict[int, float] = field(default_factory=dict)  # realised gains, excluded from BKR
    restore_within: int = 3
    # (v3, MODEL.md 10.1) an exempted year's deficit is due by this year (absent: never)
    exempt_restore_by: dict[int, int] = field(default_factory=dict)
    # (v3) the assembly's decision (synnerliga skäl) by deficit year, opening or exempted
    decisions: dict[int, str] = field(default_factory=dict)
    balance_law: bool = False  # the version-2 balance keys are given: deadline/no_deficit rows
    core: FinancialCore = field(default_factory=FinancialCore)  # MODEL.md section 9
    committed: tuple[Committed, ...] = ()  # (v3) actions decided in earlier rounds (10.3)
    # (v3, MODEL.md 10.2) the tax part of ``revenue`` (skatteintäkter; empty: all of it taxed)
    tax_revenue: dict[int, float] = field(default_factory=dict)
    population: dict[int, float] = field(default_factory=dict)  # (v3) inhabitants per year
    overrides: tuple[str, ...] = ()
    override_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # {name: {sv, en}}
    sets: tuple[str, ...] = ()  # the ``key.path=value`` texts applied last, in order
    source: str = ""
    inputs_sha256: str = ""

    @property
    def years(self) -> list[int]:
        """The plan years ``T = first..last``."""
        return list(range(self.first, self.last + 1))

    @property
    def decided_through(self) -> int:
        """The last year whose frames are decided (``frames_decided_through``, default last)."""
        fdt = self.frames_decided_through
        return self.last if fdt is None else min(int(fdt), self.last)

    @property
    def deadline_years(self) -> list[int]:
        """The plan years that are an opening deficit's or an exempted year's ``restore_by``
        (one ``deadline`` row each)."""
        years = {y for _, _, y in self.deficits} | set(self.restored_exemptions().values())
        return sorted(y for y in years if self.first <= y <= self.last)

    def restored_exemptions(self) -> dict[int, int]:
        """``{exempted year: restore_by}`` for the exemptions (amount > 0) to be restored."""
        return {
            k: int(by) for k, by in self.exempt_restore_by.items() if self.exempt.get(k, 0.0) > 0
        }

    def due_by(self, year: int) -> float:
        """The opening deficits (as a positive MSEK amount) to be restored by the end of ``year``."""
        return float(sum(-amount for _, amount, by in self.deficits if by <= year))
