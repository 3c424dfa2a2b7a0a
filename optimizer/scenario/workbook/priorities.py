"""The ``priorities`` sheet of an input workbook: one row per weight, protection or floor.

Columns ``setting, board, category, action, year, value``; each setting needs the columns named
in ``SETTINGS`` and sets that key of the priority set (``docs/scenarios.md`` section 5):

| setting | columns | sets |
|---|---|---|
| ``name``, ``description``, ``objective`` | value | the set's name, text, objective |
| ``label_sv``, ``label_en`` | value | ``label: {sv, en}``, the set's name in reports |
| ``board_weight`` / ``category_weight`` / ``action_weight`` | board / category / action, value | ``board_weights[board] = value`` ... |
| ``protected_board`` | board | ``protected.boards`` gets the board |
| ``protected_category`` | category (board) | ``protected.categories[board]`` gets it; without a board in every row: a list for every board |
| ``protected_action`` | board, action | ``protected.actions`` gets ``[board, action]`` |
| ``floor`` | board, year, value | ``floors[board][year] = value`` |

Each value's cell is recorded as its origin, so a check names the sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path

from optimizer.scenario.inputs import Problem
from optimizer.scenario.workbook.cells import Book, CellOrigin, clean

# setting: (the columns it needs, the key path it sets)
SETTINGS: dict[str, tuple[tuple[str, ...], str]] = {
    "name": (("value",), "name"),
    "description": (("value",), "description"),
    "label_sv": (("value",), "label.sv"),
    "label_en": (("value",), "label.en"),
    "objective": (("value",), "objective"),
    "board_weight": (("board", "value"), "board_weights"),
    "category_weight": (("category", "value"), "category_weights"),
    "action_weight": (("action", "value"), "action_weights"),
    "protected_board": (("board",), "protected.boards"),
    "protected_category": (("category",), "protected.categories"),
    "protected_action": (("board", "action"), "protected.actions"),
    "floor": (("board", "year", "value"), "floors"),
}


def _ident(value: object) -> str:
    return str(value).strip() if value is not None else ""


def read_priorities(book: Book, records, file: str, folder: Path, problems: list[Problem]) -> None:
    """The priority set from rows ``setting, board, category, action, year, value``."""
    found: dict = {}
    everywhere: list[int] = []  # rows of protected_category without a board
    for r, values in records:
        setting = _ident(values.get("setting"))
        if setting not in SETTINGS:
            expected = f"a setting: {', '.join(SETTINGS)}"
            problems.append(Problem(file, f"row {r}, column setting", setting, expected))
            continue
        needs, key = SETTINGS[setting]
        missing = [c for c in needs if _ident(values.get(c)) == "" and c != "value"]
        for column in missing:
            problems.append(
                Problem(file, f"row {r}, column {column}", "", f"a {column} for {setting}")
            )
        if missing:
            continue
        ids = {c: _ident(values.get(c)) for c in ("board", "category", "action")}
        value = values.get("value", "")
        value = None if value == "" else value

        def origin(path: tuple, column: str = "value", r: int = r) -> None:
            book.origins[("priorities", *path)] = CellOrigin(file, folder, row=r, column=column)

        if setting in ("label_sv", "label_en"):
            if value is not None:
                lang = setting.removeprefix("label_")
                found.setdefault("label", {})[lang] = str(value)
                origin(("label", lang))
        elif setting in ("name", "description", "objective"):
            if value is not None:
                found[key] = str(value)
                origin((key,))
        elif setting.endswith("_weight"):
            ident = ids[needs[0]]
            _once(found.setdefault(key, {}), ident, value, file, r, problems)
            origin((key, ident))
        elif setting == "floor":
            year = clean(values.get("year"))
            _once(
                found.setdefault("floors", {}).setdefault(ids["board"], {}),
                year,
                value,
                file,
                r,
                problems,
            )
            origin(("floors", ids["board"], year))
        else:
            protected = found.setdefault("protected", {})
            if setting == "protected_board":
                items = protected.setdefault("boards", [])
                origin(("protected", "boards", len(items)), "board")
                items.append(ids["board"])
            elif setting == "protected_action":
                items = protected.setdefault("actions", [])
                origin(("protected", "actions", len(items)), "action")
                origin(("protected", "actions", len(items), 0), "board")
                origin(("protected", "actions", len(items), 1), "action")
                items.append([ids["board"], ids["action"]])
            elif ids["board"]:
                items = protected.setdefault("categories", {}).setdefault(ids["board"], [])
                origin(("protected", "categories", ids["board"], len(items)), "category")
                items.append(ids["category"])
            else:
                everywhere.append(r)
                found.setdefault("_every", []).append(ids["category"])
                origin(("protected", "categories", len(everywhere) - 1), "category")
    every = found.pop("_every", None)
    if every is not None:
        if (found.get("protected") or {}).get("categories"):
            expected = "a board, as in the other protected_category rows (or none in all)"
            problems.append(Problem(file, f"row {everywhere[0]}, column board", "", expected))
        else:
            found.setdefault("protected", {})["categories"] = every
    book.priorities = found or None


def _once(mapping: dict, key: object, value: object, file: str, r: int, problems) -> None:
    if key in mapping:
        problems.append(Problem(file, f"row {r}", key, f"{key} once in this setting"))
    mapping[key] = value
