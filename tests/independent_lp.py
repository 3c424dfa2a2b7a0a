"""The savings LP written a second time, from MODEL.md, for the property tests' optimum check.

No code of the model (params, rows, objectives, stages) is used here, so an error there cannot
hide behind the same error in the check.
"""

from __future__ import annotations

import pulp


def independent_optimum(inputs) -> tuple[float, float]:
    """``(least total shortfall, least impact with it held)`` of the scenarios ``scenarios()``
    draws, from an LP written here from MODEL.md sections 2-6 with PuLP and CBC: no code of the
    model (params, rows, objectives, stages) is used, so an error there cannot hide.

    Rows (the subset the random scenarios use): ``C[b,t] - uf <= frame[b,t]``,
    ``R[t] + ur >= target[t]``, ``Bal[y] + um >= mile[y]``, ``sum_s x[b,a,s] <= pot[b,a]`` for
    unprotected pairs; ``C = base - E + O + D`` with ``E[b,t] = sum_{a,s<=t} ramp[a][t-s] *
    idx[b,s,t] * x``, ``O`` the one-off cost in the start year, ``D = capex/life`` in the
    ``life`` years after it; ``R = rev + grants + fin - central - sum_b C``,
    ``Bal[y] = bal0 + sum_{k<=y} (R[k] + adj[k])``. Stage 1 least ``sum u``, stage 2 least
    ``sum w[b,a] * E`` with ``sum u <= S* + 1e-7``.
    """

    years = list(range(inputs.first, inputs.last + 1))
    boards, acts, prio = inputs.boards, inputs.actions, inputs.priorities
    cum = {}
    for b in boards.index:
        level = 1.0
        for t in years:
            pshare = float(boards.at[b, "pshare"])
            growth = pshare * inputs.wage[t] + (1 - pshare) * inputs.price[t]
            level *= 1.0 + growth + inputs.volume.get((b, t), 0.0)
            cum[b, t] = level
    lp = pulp.LpProblem("independent", pulp.LpMinimize)
    x: dict = {}
    for b, a, pot in inputs.potentials[["board", "action", "pot"]].itertuples(index=False):
        cat = acts.at[a, "category"]
        if pot <= 0 or prio.is_protected(b, a, cat):
            continue
        starts = range(
            max(int(acts.at[a, "earliest"]), years[0]),
            min(int(acts.at[a, "latest"]), years[-1]) + 1,
        )
        for s in starts:
            x[b, a, s] = pulp.LpVariable(f"x_{b}_{a}_{s}", lowBound=0)
        if starts:
            lp += pulp.lpSum(x[b, a, s] for s in starts) <= pot

    def effect(b, t):
        terms = []
        for (bb, a, s), var in x.items():
            if bb != b or s > t:
                continue
            ramp = acts.at[a, "ramp"]
            idx = cum[b, t] / cum[b, s] if inputs.index_effects else 1.0
            terms.append(ramp[min(t - s, len(ramp) - 1)] * idx * var)
        return pulp.lpSum(terms)

    def cost(b, t):
        base = float(boards.at[b, "cost0"]) * cum[b, t]
        extra = []
        for (bb, a, s), var in x.items():
            if bb != b:
                continue
            if s == t:
                extra.append(float(acts.at[a, "oneoff"]) * var)
            life = int(acts.at[a, "life"])
            if s < t <= s + life:
                extra.append(float(acts.at[a, "capex"]) / life * var)
        return base - effect(b, t) + pulp.lpSum(extra)

    slacks = []
    frame = {}
    for b in boards.index:
        for k, t in enumerate(years):
            explicit = inputs.frames.get((b, t))
            if explicit is not None:
                frame[b, t] = explicit
            elif k == 0:
                frame[b, t] = float(boards.at[b, "frame0"])
            else:
                frame[b, t] = frame[b, years[k - 1]] * (1 + float(boards.at[b, "uprate"]))
            uf = pulp.LpVariable(f"uf_{b}_{t}", lowBound=0)
            slacks.append(uf)
            lp += cost(b, t) - uf <= frame[b, t]
    result = {
        t: inputs.revenue[t] + inputs.grants[t] + inputs.financial[t] - inputs.central[t]
        - pulp.lpSum(cost(b, t) for b in boards.index)
        for t in years
    }  # fmt: skip
    for t, target in inputs.result_targets.items():
        ur = pulp.LpVariable(f"ur_{t}", lowBound=0)
        slacks.append(ur)
        lp += result[t] + ur >= target
    for y, mile in inputs.milestones.items():
        um = pulp.LpVariable(f"um_{y}", lowBound=0)
        slacks.append(um)
        balance = inputs.balance_opening + pulp.lpSum(
            result[k] + inputs.adjustments.get(k, 0.0) for k in years if k <= y
        )
        lp += balance + um >= mile
    cbc = pulp.COIN_CMD(msg=False)  # the system's CBC (docs/cli.md), else PuLP's bundled one
    cbc = cbc if cbc.available() else pulp.PULP_CBC_CMD(msg=False)
    lp.setObjective(pulp.lpSum(slacks) + 0 * pulp.lpSum(x.values()))
    assert lp.solve(cbc) == pulp.LpStatusOptimal
    least = pulp.value(lp.objective) or 0.0
    lp += pulp.lpSum(slacks) <= least + 1e-7
    impact = pulp.lpSum(
        prio.weight(b, a, acts.at[a, "category"], float(acts.at[a, "weight"]))
        * (effect_of(x[b, a, s], acts.at[a, "ramp"], cum, b, s, years, inputs.index_effects))
        for (b, a, s) in x
    )
    lp.setObjective(impact + 0 * pulp.lpSum(slacks))
    assert lp.solve(cbc) == pulp.LpStatusOptimal
    return float(least), float(pulp.value(lp.objective) or 0.0)


def effect_of(var, ramp, cum, b, s, years, index_effects):
    """``sum_{t>=s} ramp[t-s] * idx[b,s,t] * var``: one column's effect over the plan years."""
    total = sum(
        ramp[min(t - s, len(ramp) - 1)] * (cum[b, t] / cum[b, s] if index_effects else 1.0)
        for t in years
        if t >= s
    )
    return total * var
