"""Rows in the user's terms: a row key as named columns, and the requirement a row states.

``key_columns(family, key)`` names the parts of an LP row's key (``frame[b,t]`` gives
``board``, ``year``); ``requirement_value(model, family, key)`` is the row's right-hand side as
the scenario states it (the frame, the target, the potential, ...), used wherever a row is shown
to a person: duals, ranging, conflicts and relaxations.
"""

from __future__ import annotations

from optimizer.model.build import Model

KEY_FIELDS = {
    "frame": ("board", "year"),
    "pace": ("board", "year"),
    "floor": ("board", "year"),
    "cost": ("board", "year"),
    "potential": ("board", "action"),
    "category": ("category", "year"),
    "max_share": ("board",),
    "group": ("board", "action"),  # section 9: (board, group name); the group in ``action``
    "tax_max": ("board",),  # section 9: board ``region``
    "attrition": ("board", "year"),  # section 9
    "min_size": ("board", "action"),
    "min_size_on": ("board", "action"),
}


def key_columns(family: str, key: tuple) -> dict:
    """A row key as ``{board, action, category, year}`` (None where the row has no such key)."""
    names = KEY_FIELDS.get(family, ("year",))
    record = dict.fromkeys(("board", "action", "category", "year"))
    record.update(zip(names, key, strict=True))
    return record


def requirement_value(model: Model, family: str, key: tuple) -> float:
    """The requirement of row ``family[key]`` in the user's terms (frame, target, pot, ...)."""
    inp, p = model.inputs, model.params
    years = [int(t) for t in p.years]
    if family in ("frame", "pace"):
        b, k = p.boards.index(key[0]), years.index(key[1])
        return float(p.frame[b, k] if family == "frame" else inp.pace[key[0]] * p.base[b, k])
    lookup = {
        "result": lambda: inp.result_targets[key[0]],
        "milestone": lambda: inp.milestones[key[0]],
        "deadline": lambda: inp.due_by(key[0]),
        "no_deficit": lambda: -inp.exempt.get(key[0], 0.0),
        "exemption": lambda: inp.exempt.get(key[0], 0.0),
        "potential": lambda: p.pairs_pot[key],
        "freeze": lambda: p.cost0.sum(),
        "category": lambda: inp.category_targets[key],
        "invest": lambda: inp.investment_room[key[0]],
        "floor": lambda: inp.priorities.floors[key],
        "min_cash": lambda: inp.liquidity.min_cash,
        "cash": lambda: inp.liquidity.min_cash,  # the slack ``uk`` of ``min_cash`` is "cash"
        "group": lambda: next(g.pot for g in inp.core.groups if (g.board, g.name) == key),
        "tax_max": lambda: inp.core.tax.max_ore,
        "tax_level": lambda: 0.0,
        "tax_cap": lambda: inp.core.tax.max_ore,
        "attrition": lambda: inp.core.attrition[key[0]] * inp.core.fte0[key[0]],
        "min_size": lambda: inp.core.min_size[key[1]],
        "min_size_on": lambda: p.pairs_pot[key],
    }
    return float(lookup[family]()) if family in lookup else float("nan")
