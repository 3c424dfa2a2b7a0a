"""Detailed synthetic scenarios for the speed benchmark (seeded, reproducible).

``detailed(units, actions, years, seed)`` builds a region of many small cost units ("boards"),
each with its own cost growth and a frame a little under its baseline, and a catalogue of
actions with ramps, one-off costs and investments. Every requirement of docs/model.md is present
and meant to bind, and the plan is meant to be feasible without any shortfall:

- frames 0.1-0.6 % under each unit's first-year baseline, uprated up to 0.3 %/yr slower
  than its costs, so the gap widens;
- result targets (a deficit first, then a surplus) that ask for savings beyond the frames,
  0.3 % of costs in the first year and 0.2 % more each year;
- a balance milestone in the middle and at the end of the plan, each a little above what the
  result targets alone restore;
- a hired-staff category target, investment room, a pace limit per unit and liquidity with a
  loan ceiling;
- potentials of about 15 % of a unit's costs spread over ~80 % of the (unit, action) pairs;
- a priority set with board and category weights and ~1 % protected (unit, action) pairs.

Run ``python benchmarks/generate.py`` to print the size of the default model.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # ``tests.factory`` lives in the repository, not the package
    sys.path.insert(0, str(ROOT))

from optimizer.scenario.inputs import Inputs, Liquidity, Priorities  # noqa: E402
from tests.factory import make_inputs  # noqa: E402

CATEGORIES = (
    "efficiency",
    "digitalisation",
    "purchased_care",
    "hired_staff",
    "structural",
    "collaboration",
    "revenue",
)
RAMPS = ((1.0,), (0.5, 1.0), (0.3, 0.8, 1.0), (0.2, 0.6, 1.0), (0.5, 0.8, 1.0))
FIRST = 2025


def detailed(
    units: int = 150,
    actions: int = 30,
    years: int = 10,
    seed: int = 0,
    density: float = 0.8,
) -> Inputs:
    """A generated region of ``units`` boards x ``actions`` actions x ``years`` plan years.

    ``density`` is the share of (unit, action) pairs with a potential. The same arguments
    always give the same ``Inputs``.
    """
    rng = np.random.default_rng(seed)
    last = FIRST + years - 1
    plan = list(range(FIRST, last + 1))
    nT = len(plan)

    # economy: drivers vary a little by year
    wage = {t: float(rng.uniform(0.030, 0.040)) for t in plan}
    price = {t: float(rng.uniform(0.015, 0.025)) for t in plan}
    w_arr, p_arr = np.array(list(wage.values())), np.array(list(price.values()))

    # units: log-normal cost mass, personnel share, own volume growth
    ids = [f"U{i:03d}" for i in range(units)]
    cost0 = np.round(np.exp(rng.normal(np.log(150.0), 1.0, units)).clip(5.0, 5000.0), 1)
    pshare = rng.uniform(0.3, 0.85, units).round(2)
    vol = rng.uniform(0.0, 0.008, units).round(4)
    g = pshare[:, None] * w_arr + (1 - pshare[:, None]) * p_arr + vol[:, None]  # (nB, nT)
    base = cost0[:, None] * np.cumprod(1 + g, axis=1)
    frame0 = (base[:, 0] * rng.uniform(0.994, 0.999, units)).round(1)
    uprate = (g.mean(axis=1) - rng.uniform(0.0, 0.003, units)).round(4)
    frame = frame0[:, None] * np.concatenate(
        [np.ones((units, 1)), np.cumprod(np.repeat(1 + uprate[:, None], nT - 1, axis=1), axis=1)],
        axis=1,
    )
    boards = [
        {
            "id": b,
            "name": f"Unit {b}",
            "cost0": float(c),
            "pshare": float(ps),
            "frame0": float(f),
            "uprate": float(u),
        }
        for b, c, ps, f, u in zip(ids, cost0, pshare, frame0, uprate, strict=True)
    ]
    volume = {(b, t): float(vol[i]) for i, b in enumerate(ids) for t in plan}

    # actions: category, ramp, one-off, investment, start window, base weight
    action_rows = []
    for k in range(actions):
        category = CATEGORIES[k % len(CATEGORIES)]
        capex = float(rng.choice([0.0, 0.0, 0.0, 0.5, 1.0, 2.0]))
        earliest = FIRST + int(rng.choice([0, 0, 0, 1, 2]))
        latest = last - int(rng.choice([0, 0, 0, 1]))
        action_rows.append(
            {
                "id": f"A{k:02d}",
                "name": f"Action {k} ({category})",
                "category": category,
                "ramp": RAMPS[int(rng.integers(len(RAMPS)))],
                "oneoff": float(rng.choice([0.0, 0.0, 0.1, 0.2, 0.5])),
                "capex": capex,
                "life": int(rng.choice([3, 5, 8])) if capex else 1,
                "earliest": earliest,
                "latest": max(latest, earliest),
                "weight": round(float(rng.uniform(0.3, 2.0)), 2),
            }
        )

    # potentials: ~15 % of each unit's costs, over ``density`` of the pairs
    potentials: list[tuple[str, str, float]] = []
    for i, b in enumerate(ids):
        has = rng.random(actions) < density
        has[int(rng.integers(actions))] = True
        share = rng.dirichlet(np.ones(int(has.sum()))) * rng.uniform(0.12, 0.18)
        for a, s in zip(np.nonzero(has)[0], share, strict=True):
            potentials.append((b, action_rows[a]["id"], float(round(cost0[i] * s, 3))))

    # priorities: some board and category weights, ~1 % protected pairs, one protected category
    protected = [
        potentials[int(j)][:2] for j in rng.choice(len(potentials), len(potentials) // 100)
    ]
    priorities = Priorities(
        name="generated",
        board_weights={b: round(float(rng.uniform(0.8, 1.5)), 2) for b in ids[: units // 10]},
        category_weights={"structural": 1.25, "hired_staff": 0.8, "purchased_care": 1.1},
        protected_categories={ids[0]: ("structural",)} if units else {},
        protected_actions=tuple(sorted(set(protected))),
    )

    # region: revenue set so that holding every frame leaves the result ``extra`` short
    total = float(base[:, 0].sum())
    grants = round(0.02 * total, 1)
    financial = {t: round(-0.01 * total, 1) for t in plan}
    central = {t: round(0.015 * total, 1) for t in plan}
    target = {
        t: round(total * min(-0.01 + 0.006 * k, 0.02), 1) for k, t in enumerate(plan)
    }  # deficit first, then a surplus
    extra = {t: total * (0.003 + 0.002 * k) for k, t in enumerate(plan)}  # grows each year
    revenue = {
        t: round(
            float(frame[:, k].sum()) + target[t] - grants - financial[t] + central[t] - extra[t], 1
        )
        for k, t in enumerate(plan)
    }
    opening = round(-0.05 * total, 1)
    implied = opening + np.cumsum([target[t] for t in plan])
    mid = plan[nT // 2]
    milestones = {mid: round(float(implied[nT // 2]) + 0.01 * total, 1)}
    milestones[last] = round(float(implied[-1]) + 0.03 * total, 1)

    # requirements: hired staff, investment room, pace, liquidity
    hired = {a["id"] for a in action_rows if a["category"] == "hired_staff"}
    hired_pot = sum(pot for b, a, pot in potentials if a in hired and (b, a) not in protected)
    category_targets = {("hired_staff", plan[min(3, nT - 1)]): round(0.4 * hired_pot, 1)}
    investment_room = {t: round(0.002 * total, 1) for t in plan}
    pace = dict.fromkeys(ids, 0.06)
    liquidity = Liquidity(
        opening_cash=round(0.03 * total, 1),
        min_cash=round(0.01 * total, 1),
        opening_loans=round(0.05 * total, 1),
        loan_cap=round(0.25 * total, 1),
        investments={t: round(0.03 * total, 1) for t in plan},
        depreciation={t: round(0.028 * total, 1) for t in plan},
    )

    inputs = make_inputs(
        first=FIRST,
        last=last,
        boards=boards,
        actions=action_rows,
        potentials=potentials,
        revenue=revenue,
        grants=grants,
        financial=financial,
        central=central,
        wage=wage,
        price=price,
        volume=volume,
        result_targets=target,
        category_targets=category_targets,
        balance_opening=opening,
        milestones=milestones,
        pace=pace,
        investment_room=investment_room,
        liquidity=liquidity,
        priorities=priorities,
    )
    return _named(inputs, f"detailed-{units}x{actions}x{years}-s{seed}")


def _named(inputs: Inputs, name: str) -> Inputs:
    """``inputs`` with its ``name`` set (``Inputs`` is frozen)."""
    from dataclasses import replace

    return replace(inputs, name=name)


def main() -> None:
    """Print the size of the default detailed model and its LP."""
    from optimizer.model import build

    inputs = detailed()
    lp = build(inputs).lp
    nnz = len(lp.csr()[1])
    print(
        f"{inputs.name}: {len(inputs.boards)} units, {len(inputs.actions)} actions, "
        f"{len(inputs.potentials)} pairs, LP {lp.num_rows} rows x {lp.num_cols} columns, "
        f"{nnz} nonzeros"
    )


if __name__ == "__main__":
    main()
