"""Moving a scenario's per-year keys on to a new first plan year (``roll``).

Two kinds of per-year mapping (``checks/core.py``):

- carried forward (``economy.grants/financial/central``, ``drivers.*``, revenue growth, interest,
  the tax rate's ``per_ore``): the value in force in the new first year is written for that
  year, and the years before it are dropped;
- given only or zero-filled (targets, milestones, exemptions, gains, adjustments, investment
  room, the liquidity's investments and depreciation, floors): the years before it are dropped.

A scalar stays as it is (it applies to every plan year). The same rules apply inside each
override. ``cost_freeze`` keeps its years from the new first year on.
"""

from __future__ import annotations

CARRY = (
    ("economy", "grants"), ("economy", "financial"), ("economy", "central"),
    ("economy", "revenue", "growth"), ("economy", "revenue", "real_growth"),
    ("economy", "revenue", "tax", "growth"), ("economy", "revenue", "tax", "real_growth"),
    ("economy", "revenue", "grants", "growth"), ("economy", "population"),
    ("economy", "tax_rate", "per_ore"), ("drivers", "*"),
    ("limits", "liquidity", "interest"), ("limits", "liquidity", "cash_interest"),
)  # fmt: skip
GIVEN = (
    ("targets", "result"), ("targets", "result_share"), ("targets", "categories", "*"),
    ("balance", "milestones"), ("balance", "exempt"), ("balance", "gains"),
    ("balance", "adjustments"), ("limits", "investment"), ("limits", "liquidity", "investments"),
    ("limits", "liquidity", "depreciation"), ("priorities", "floors", "*"),
    ("economy", "revenue"),
)  # fmt: skip


def _is_years(value: object) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(k, int) for k in value)


def _matches(data: dict, path: tuple) -> list[tuple[dict, object]]:
    """``(parent mapping, key)`` of every node at ``path`` (``*``: every key at that level)."""
    nodes = [(None, None, data)]
    for part in path:
        found = []
        for _, _, node in nodes:
            if not isinstance(node, dict):
                continue
            keys = list(node) if part == "*" else [part] if part in node else []
            found += [(node, k, node[k]) for k in keys]
        nodes = found
    return [(parent, key) for parent, key, _ in nodes]


def move_years(data: dict, first: int) -> None:
    """Move ``data``'s per-year keys (module doc) on to ``first``, in place."""
    for path in CARRY:
        for parent, key in _matches(data, path):
            value = parent[key]
            if not _is_years(value):
                continue
            earlier = [k for k in value if k <= first]
            kept = {k: v for k, v in value.items() if k > first}
            if earlier:
                kept = {first: value[max(earlier)], **kept}
            parent[key] = dict(sorted(kept.items()))
    for path in GIVEN:
        for parent, key in _matches(data, path):
            value = parent[key]
            if _is_years(value):
                parent[key] = {k: v for k, v in value.items() if k >= first}
    limits = data.get("limits")
    if isinstance(limits, dict) and isinstance(limits.get("cost_freeze"), list):
        limits["cost_freeze"] = [t for t in limits["cost_freeze"] if int(t) >= first]
