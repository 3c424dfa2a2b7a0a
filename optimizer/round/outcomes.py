"""The outcomes file of a planning round (MODEL.md 10.3): what happened in the closed years.

```yaml
outcomes:
  2025:
    result: -260                # the year's balanskravsresultat (optional: else as planned,
                                #   less what the costs and the shares below change)
    costs: {HSN: 6740.5}        # the year's cost per board; boards not named: as planned
    realised:                   # share of each planned effect delivered; default 1
      - {board: HSN, action: hyr-min, share: 0.6}
    deficit: {restore_by: 2030, decision: "RF 2026-06-17 § 80"}   # optional: a new deficit's
                                #   decided deadline (else the statutory year + 3)
```

Checked before anything is written, every problem one message naming the file, key and value:
the closed years are plan years ``first..k`` without a gap, and at least one plan year stays
open; boards and (board, action) pairs are the plan's, a share is in ``[0, 1.5]``; costs are
numbers ``>= 0``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from optimizer.scenario.compose import read_yaml
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.values import as_int, as_number, as_text

MAX_SHARE = 1.5
YEAR_KEYS = ("result", "costs", "realised", "deficit", "note")


@dataclass(frozen=True)
class YearOutcome:
    """One closed year: the result (BKR) if given, costs by board, shares by (board, action)."""

    year: int
    result: float | None = None
    costs: dict[str, float] = field(default_factory=dict)
    shares: dict[tuple[str, str], float] = field(default_factory=dict)
    restore_by: int | None = None  # a new deficit's decided deadline
    decision: str | None = None

    def share(self, board: str, action: str) -> float:
        """The delivered share of the pair's planned effect (1 where not given)."""
        return self.shares.get((board, action), 1.0)


@dataclass(frozen=True)
class Outcomes:
    """The closed years in order, and the file they came from."""

    years: dict[int, YearOutcome]
    file: str

    @property
    def last(self) -> int:
        return max(self.years)

    def share(self, board: str, action: str, year: int) -> float:
        """The share delivered in ``year`` (a closed year), or in the last closed year for a
        later year: a shortfall in delivery is assumed to last (MODEL.md 10.3's roll)."""
        found = self.years.get(min(year, self.last))
        return 1.0 if found is None else found.share(board, action)


def read_outcomes(
    path: str | Path,
    plan_years: list[int],
    boards: list[str],
    pairs: set[tuple[str, str]],
) -> Outcomes:
    """Read and check ``path`` against the plan; raise ``InputError`` listing every problem.

    ``pairs``: the (board, action) pairs the plan has an effect of in the closed years.
    """
    shown = str(path)
    if not Path(path).is_file():
        raise InputError(Problem(shown, "", shown, "an outcomes YAML file"))
    data = read_yaml(Path(path), shown)
    problems: list[Problem] = []

    def bad(where: str, value: object, expected: str) -> None:
        problems.append(Problem(shown, where, value, expected))

    for key in data:
        if key != "outcomes":
            bad(str(key), key, "the key outcomes")
    raw = data.get("outcomes")
    if not isinstance(raw, dict) or not raw:
        bad("outcomes", raw, "a mapping {year: {result, costs, realised}} of the closed years")
        raise InputError(problems)
    years: dict[int, YearOutcome] = {}
    open_years = plan_years[:-1]
    for key, body in raw.items():
        year = as_int(key)
        if year is None or year not in open_years:
            expected = f"a plan year the plan closes ({open_years[0]}..{open_years[-1]}: the last "
            bad(f"outcomes.{key}", key, expected + f"plan year {plan_years[-1]} stays open)")
            continue
        years[year] = _year(year, body, boards, pairs, bad)
    if years and not problems:
        want = list(range(plan_years[0], max(years) + 1))
        if sorted(years) != want:
            missing = [t for t in want if t not in years]
            bad("outcomes", sorted(years), f"every year from {want[0]} on (missing {missing})")
    if problems:
        raise InputError(problems)
    return Outcomes(dict(sorted(years.items())), shown)


def _year(year: int, body: object, boards: list[str], pairs: set, bad) -> YearOutcome:
    where = f"outcomes.{year}"
    if body is None:
        return YearOutcome(year)
    if not isinstance(body, dict):
        bad(where, body, "a mapping with result, costs, realised")
        return YearOutcome(year)
    for key in body:
        if key not in YEAR_KEYS:
            bad(f"{where}.{key}", key, f"one of the keys {', '.join(YEAR_KEYS)}")
    result = None
    if body.get("result") is not None:
        result = as_number(body["result"])
        if result is None:
            bad(f"{where}.result", body["result"], "a number (MSEK, the balanskravsresultat)")
    costs: dict[str, float] = {}
    raw_costs = body.get("costs") or {}
    if not isinstance(raw_costs, dict):
        bad(f"{where}.costs", raw_costs, "a mapping {board: cost}")
        raw_costs = {}
    for board, value in raw_costs.items():
        cost = as_number(value)
        if str(board) not in boards:
            bad(f"{where}.costs.{board}", board, f"a board of the plan ({', '.join(boards)})")
        elif cost is None or cost < 0:
            bad(f"{where}.costs.{board}", value, "a number >= 0 (MSEK)")
        else:
            costs[str(board)] = cost
    shares = _shares(where, body.get("realised"), boards, pairs, bad)
    restore_by, decision = _deficit(where, body.get("deficit"), year, bad)
    return YearOutcome(year, result, costs, shares, restore_by, decision)


def _shares(where: str, raw: object, boards: list[str], pairs: set, bad) -> dict:
    shares: dict[tuple[str, str], float] = {}
    if raw is None:
        return shares
    if not isinstance(raw, list):
        bad(f"{where}.realised", raw, "a list of {board, action, share}")
        return shares
    for i, item in enumerate(raw, start=1):
        at = f"{where}.realised row {i}"
        if not isinstance(item, dict):
            bad(at, item, "a record {board, action, share}")
            continue
        unknown = [k for k in item if k not in ("board", "action", "share", "note")]
        for key in unknown:
            bad(f"{at}.{key}", key, "one of the keys board, action, share, note")
        board, action = as_text(item.get("board")), as_text(item.get("action"))
        share = as_number(item.get("share"))
        if board not in boards:
            bad(f"{at}.board", item.get("board"), f"a board of the plan ({', '.join(boards)})")
            continue
        if (board, action) not in pairs:
            planned = sorted(a for b, a in pairs if b == board)
            expected = f"an action with a planned effect in {board} in the closed years"
            bad(f"{at}.action", item.get("action"), f"{expected} ({', '.join(planned) or 'none'})")
            continue
        if share is None or not 0.0 <= share <= MAX_SHARE:
            bad(f"{at}.share", item.get("share"), f"a number in [0, {MAX_SHARE:g}]")
            continue
        if (board, action) in shares:
            bad(at, f"{board}/{action}", "each (board, action) once per year")
            continue
        shares[(board, action)] = share
    return shares


def _deficit(where: str, raw: object, year: int, bad) -> tuple[int | None, str | None]:
    if raw is None:
        return None, None
    if not isinstance(raw, dict):
        bad(f"{where}.deficit", raw, "a mapping {restore_by, decision}")
        return None, None
    restore_by = as_int(raw.get("restore_by"))
    decision = as_text(raw.get("decision"))
    if restore_by is None or restore_by <= year:
        bad(f"{where}.deficit.restore_by", raw.get("restore_by"), f"a year after {year}")
        return None, None
    if restore_by > year + 3 and decision is None:
        expected = f"the assembly's decision (text) for a deadline after {year + 3}"
        bad(f"{where}.deficit.decision", None, expected)
        return None, None
    return restore_by, decision
