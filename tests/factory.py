"""Build small ``Inputs`` by hand for model tests (no files, no loader).

``make_inputs`` takes plain Python lists/dicts; every per-year quantity given as a scalar
applies to every plan year. Defaults give a neutral region: no growth, no revenue gap, no
targets, so a test states exactly the requirement it is about.
"""

from __future__ import annotations

import pandas as pd

from optimizer.scenario.inputs import SHORTFALL_KINDS, Inputs, Liquidity, Priorities


def per_year(value: float | dict[int, float], years: list[int], default: float = 0.0):
    """A scalar for every year, or a mapping completed with ``default``."""
    if isinstance(value, dict):
        return {t: float(value.get(t, default)) for t in years}
    return {t: float(value) for t in years}


def make_inputs(
    *,
    first: int = 2025,
    last: int = 2025,
    boards: list[dict] | None = None,
    actions: list[dict] | None = None,
    potentials: list[tuple[str, str, float]] | None = None,
    revenue: float | dict[int, float] = 0.0,
    grants: float | dict[int, float] = 0.0,
    financial: float | dict[int, float] = 0.0,
    central: float | dict[int, float] = 0.0,
    wage: float | dict[int, float] = 0.0,
    price: float | dict[int, float] = 0.0,
    volume: dict[tuple[str, int], float] | None = None,
    index_effects: bool = True,
    frames: dict[tuple[str, int], float] | None = None,
    result_targets: dict[int, float] | None = None,
    category_targets: dict[tuple[str, int], float] | None = None,
    balance_opening: float = 0.0,
    adjustments: dict[int, float] | None = None,
    milestones: dict[int, float] | None = None,
    pace: dict[str, float] | None = None,
    cost_freeze: tuple[int, ...] = (),
    investment_room: dict[int, float] | None = None,
    liquidity: Liquidity | None = None,
    priorities: Priorities | None = None,
    objective: str = "min_impact",
    shortfall_weights: dict[str, float] | None = None,
    requirements: tuple[tuple[str, ...], ...] = (("law", "targets", "frames"),),
    tail_years: float = 0.0,
    frames_decided_through: int | None = None,
    deficits: tuple[tuple[int, float, int], ...] = (),
    exempt: dict[int, float] | None = None,
    gains: dict[int, float] | None = None,
    restore_within: int = 3,
    balance_law: bool | None = None,
) -> Inputs:
    """Assemble an ``Inputs``.

    ``boards``: dicts with ``id, cost0`` and optional ``name, pshare, frame0, uprate`` (a
    number or ``"index"``). ``actions``: dicts with ``id, category`` and optional ``name,
    ramp, oneoff, capex, life, earliest, latest, weight``. Without ``frame0`` a board's frame
    is effectively unlimited (1e9).

    The defaults are version 1's (one merged requirement stage, ``tail_years`` 0), so a test
    states the version-2 feature it is about. ``deficits``/``exempt`` bring the law's rows
    (``balance_law``; the opening balance is then the deficits' sum).
    """
    years = list(range(first, last + 1))
    boards = boards or [{"id": "B", "cost0": 100.0}]
    actions = actions or [{"id": "a", "category": "efficiency"}]
    board_rows = []
    for b in boards:
        uprate = b.get("uprate", 0.0)
        board_rows.append(
            {
                "id": b["id"],
                "name": b.get("name", b["id"]),
                "cost0": float(b["cost0"]),
                "pshare": float(b.get("pshare", 0.0)),
                "frame0": float(b.get("frame0", 1e9)),
                "uprate": float("nan") if uprate == "index" else float(uprate),
                "uprate_index": uprate == "index",
            }
        )
    action_rows = []
    for a in actions:
        action_rows.append(
            {
                "id": a["id"],
                "name": a.get("name", a["id"]),
                "category": a["category"],
                "ramp": tuple(float(r) for r in a.get("ramp", (1.0,))),
                "oneoff": float(a.get("oneoff", 0.0)),
                "capex": float(a.get("capex", 0.0)),
                "life": int(a.get("life", 1)),
                "earliest": int(a.get("earliest", first)),
                "latest": int(a.get("latest", last)),
                "weight": float(a.get("weight", 1.0)),
            }
        )
    if potentials is None:
        potentials = [(b["id"], a["id"], 1000.0) for b in boards for a in actions]
    vol = {(b["id"], t): 0.0 for b in boards for t in years}
    vol.update(volume or {})
    sw = dict.fromkeys(SHORTFALL_KINDS, 1.0)
    sw.update(shortfall_weights or {})
    return Inputs(
        name="test",
        base_year=first - 1,
        first=first,
        last=last,
        revenue=per_year(revenue, years),
        grants=per_year(grants, years),
        financial=per_year(financial, years),
        central=per_year(central, years),
        wage=per_year(wage, years),
        price=per_year(price, years),
        volume=vol,
        index_effects=index_effects,
        boards=pd.DataFrame(board_rows).set_index("id"),
        frames=dict(frames or {}),
        actions=pd.DataFrame(action_rows).set_index("id"),
        potentials=pd.DataFrame(potentials, columns=["board", "action", "pot"]),
        result_targets=dict(result_targets or {}),
        category_targets=dict(category_targets or {}),
        balance_opening=float(balance_opening) + float(sum(a for _, a, _ in deficits)),
        adjustments=per_year(adjustments or {}, years),
        milestones=dict(milestones or {}),
        pace=dict(pace or {}),
        cost_freeze=tuple(cost_freeze),
        investment_room=dict(investment_room or {}),
        liquidity=liquidity,
        priorities=priorities or Priorities(),
        objective=objective,
        shortfall_weights=sw,
        requirements=requirements,
        tail_years=float(tail_years),
        frames_decided_through=frames_decided_through,
        deficits=tuple(deficits),
        exempt=dict(exempt or {}),
        gains=per_year(gains or {}, years),
        restore_within=restore_within,
        balance_law=bool(deficits or exempt) if balance_law is None else balance_law,
    )
