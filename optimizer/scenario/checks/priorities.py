"""Validation of the priority set (docs/scenarios.md): weights, protected areas, floors.

``w[b,a] = weight[a] * board_weights[b] * category_weights[cat(a)] * action_weights[a]``,
each 1 where not given. Every board, category and action named must exist; weights are >= 0.
``protected.categories`` is ``{BOARD: [categories]}``, or a list meaning every board.
A set may also name an ``objective``, which replaces the scenario's (see ``check_objective``).
"""

from __future__ import annotations

from collections.abc import Collection

from optimizer.scenario.checks.core import Ctx, Years
from optimizer.scenario.inputs import Priorities

# ``objective`` is checked by ``checks.check_objective``.
PRIORITY_KEYS = (
    "name", "label", "description", "board_weights", "category_weights", "action_weights", "protected",
    "floors", "objective",
)  # fmt: skip
PROTECTED_KEYS = ("boards", "categories", "actions", "tax_rate")  # tax_rate: checks/financial
PATH = ("priorities",)


def check_priorities(
    ctx: Ctx, years: Years, boards: list[str], categories: set[str], actions: list[str]
) -> Priorities:
    """The priority set; absent means an empty set named ``none``."""
    raw = ctx.get("priorities")
    if raw is None:
        return Priorities(name="none")
    if not isinstance(raw, dict):
        ctx.bad(PATH, raw, "a priority set name, a path to a YAML file, or a mapping")
        return Priorities(name="none")
    ctx.known_keys(PATH, raw, PRIORITY_KEYS)
    name = raw.get("name", "inline")
    if not isinstance(name, str):
        ctx.bad(PATH + ("name",), name, "a text")
        name = "inline"
    protected = raw.get("protected")
    if protected is not None and ctx.mapping(PATH + ("protected",), protected) is not None:
        ctx.known_keys(PATH + ("protected",), protected, PROTECTED_KEYS)
    else:
        protected = {}
    return Priorities(
        name=name,
        label=check_label(ctx, raw.get("label")),
        board_weights=check_weights(ctx, "board_weights", raw, boards, "board"),
        category_weights=check_weights(ctx, "category_weights", raw, categories, "category"),
        action_weights=check_weights(ctx, "action_weights", raw, actions, "action"),
        protected_boards=check_protected_boards(ctx, protected.get("boards"), boards),
        protected_categories=check_protected_categories(
            ctx, protected.get("categories"), boards, categories
        ),
        protected_actions=check_protected_actions(ctx, protected.get("actions"), boards, actions),
        floors=check_floors(ctx, raw.get("floors"), years, boards),
    )


LABEL_LANGS = ("sv", "en")


def check_label(ctx: Ctx, raw: object) -> dict[str, str]:
    """``label: {sv: Skydda vården, en: Protect care}``: the set's name as reports show it.

    Optional; each language optional (a report falls back to the other, then to ``name``).
    """
    if raw is None:
        return {}
    path = PATH + ("label",)
    if ctx.mapping(path, raw, "a mapping {sv: text, en: text}") is None:
        return {}
    ctx.known_keys(path, raw, LABEL_LANGS)
    label = {}
    for lang in LABEL_LANGS:
        text = raw.get(lang)
        if text is None:
            continue
        if not isinstance(text, str) or not text.strip():
            ctx.bad(path + (lang,), text, "a non-empty text")
            continue
        label[lang] = text.strip()
    return label


def _known(ctx: Ctx, path: tuple, value: object, known: Collection[str], what: str) -> str | None:
    """``value`` as one of ``known`` ids, else a problem and ``None``."""
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value) in known:
        return str(value)
    ctx.bad(path, value, f"a known {what} ({', '.join(sorted(known))})")
    return None


def check_weights(
    ctx: Ctx, key: str, raw: dict, known: Collection[str], what: str
) -> dict[str, float]:
    """``{id: weight}``: known ids, weights >= 0."""
    path = PATH + (key,)
    value = raw.get(key)
    if value is None or ctx.mapping(path, value, f"a mapping {{{what}: weight}}") is None:
        return {}
    weights = {}
    for ident, weight in value.items():
        name = _known(ctx, path + (ident,), ident, known, what)
        number = ctx.number(path + (ident,), weight, minimum=0)
        if name is not None and number is not None:
            weights[name] = number
    return weights


def _as_list(ctx: Ctx, path: tuple, value: object) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return [value]
    ctx.bad(path, value, "a list")
    return []


def check_protected_boards(ctx: Ctx, value: object, boards: list[str]) -> tuple[str, ...]:
    """``protected.boards``: a list of known boards."""
    path = PATH + ("protected", "boards")
    if value is None:
        return ()
    found = [
        _known(ctx, path + (i,), b, boards, "board")
        for i, b in enumerate(_as_list(ctx, path, value))
    ]
    return tuple(dict.fromkeys(b for b in found if b is not None))


def check_protected_categories(
    ctx: Ctx, value: object, boards: list[str], categories: set[str]
) -> dict[str, tuple[str, ...]]:
    """``protected.categories``: ``{BOARD: [categories]}``, or a list for every board."""
    path = PATH + ("protected", "categories")
    if value is None:
        return {}
    if isinstance(value, list):
        cats = _categories(ctx, path, value, categories)
        return dict.fromkeys(boards, cats) if cats else {}
    if ctx.mapping(path, value, "{BOARD: [categories]} or a list of categories") is None:
        return {}
    found = {}
    for board, cats in value.items():
        name = _known(ctx, path + (board,), board, boards, "board")
        checked = _categories(
            ctx, path + (board,), _as_list(ctx, path + (board,), cats), categories
        )
        if name is not None and checked:
            found[name] = checked
    return found


def _categories(ctx: Ctx, path: tuple, items: list, categories: set[str]) -> tuple[str, ...]:
    found = [_known(ctx, path + (i,), c, categories, "category") for i, c in enumerate(items)]
    return tuple(dict.fromkeys(c for c in found if c is not None))


def check_protected_actions(
    ctx: Ctx, value: object, boards: list[str], actions: list[str]
) -> tuple[tuple[str, str], ...]:
    """``protected.actions``: a list of ``[board, action]`` pairs, both known."""
    path = PATH + ("protected", "actions")
    if value is None:
        return ()
    pairs = []
    items = value if isinstance(value, list) else []
    if not isinstance(value, list):
        ctx.bad(path, value, "a list of [board, action] pairs")
    for i, pair in enumerate(items):
        if not (isinstance(pair, list) and len(pair) == 2):
            ctx.bad(path + (i,), pair, "a pair [board, action]")
            continue
        board = _known(ctx, path + (i, 0), pair[0], boards, "board")
        action = _known(ctx, path + (i, 1), pair[1], actions, "action")
        if board is not None and action is not None:
            pairs.append((board, action))
    return tuple(dict.fromkeys(pairs))


def check_floors(
    ctx: Ctx, value: object, years: Years, boards: list[str]
) -> dict[tuple[str, int], float]:
    """``floors: {BOARD: {year: least cost}}``: known boards, plan years, numbers."""
    path = PATH + ("floors",)
    if value is None or ctx.mapping(path, value, "a mapping {BOARD: {year: MSEK}}") is None:
        return {}
    floors = {}
    for board, per_year in value.items():
        name = _known(ctx, path + (board,), board, boards, "board")
        if ctx.mapping(path + (board,), per_year, "a mapping {year: MSEK}") is None:
            continue
        for year, floor in per_year.items():
            t = ctx.year(path + (board, year), year, years)
            number = ctx.number(path + (board, year), floor)
            if name is not None and t is not None and number is not None:
                floors[(name, t)] = number
    return floors
