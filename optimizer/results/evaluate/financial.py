"""The evaluator's own check of MODEL.md section 9, from ``Inputs`` and the output tables alone.

Independent of ``model/``: the numbers are recomputed from the formulas.

- the tax lever's rows of ``actions`` (board ``region``, action ``tax_rate``): ``z[s] >=
  min_ore`` öre (v3: 0 unless a rise may be reversed; the level in force each year in ``[0,
  max_ore]``, and ``summary.tax_rate.in_force`` its öre, MSEK and kronor per inhabitant), start ``s >= earliest``, ``sum_s z[s] <= max_ore`` (``tax_max``), not there where a
  priority set forbids it (``tax_protected``), ``weight`` the lever's; tax revenue
  ``T[t] = per_ore[t] * sum_{s<=t} z[s]``;
- net interest ``I[t] = -i[t]*loans[t-1] + ic[t]*cash[t-1]`` from the reported liquidity path
  (opening loans and cash in the first year); the liquidity check then rebuilds that path from
  the result, which holds ``I``, so a wrong interest shows as a wrong cash;
- ``R[t]`` gains ``T[t] + I[t]``; ``region.interest``, ``region.tax_revenue``, the lever's
  ``effects`` rows, ``summary.tax_rate.ore`` and its harm in ``summary.impact``;
- ``group[b,g]``: the planned ``sum_{a in g} sum_s x[b,a,s] <= pot[g]``;
- staff: ``staff.csv`` recomputed (``fte_change``, ``fte``, ``reduction``) and the rows
  ``attrition[b,t]``: reduction ``- beyond_attrition <= attrition * fte0``, ``beyond >= 0``;
- ``min_size``: a planned (board, action) is 0 or at least its minimum size;
- realisation: ``actions.expected = amount * realisation[a]`` (the effects themselves are
  recomputed with it by ``evaluate.plan``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from optimizer.results.evaluate.check import Checker, num
from optimizer.results.evaluate.committed import committed_amounts
from optimizer.results.evaluate.plan import Recomputed, balance_of
from optimizer.scenario.financial_core import TAX_ACTION, TAX_BOARD
from optimizer.scenario.inputs import Inputs


@dataclass(frozen=True)
class Extras:
    """Section 9's part of a plan: the lever's öre by start year, tax revenue, net interest."""

    ore: dict[int, float]
    tax_revenue: pd.Series
    interest: pd.Series

    def tax_horizon(self, inputs: Inputs) -> float:
        """MSEK-years of added tax: ``sum_t T[t] + tail_years * T[last]``."""
        if len(self.tax_revenue) == 0:
            return 0.0
        return float(self.tax_revenue.sum() + inputs.tail_years * self.tax_revenue.iloc[-1])

    def harm(self, inputs: Inputs) -> float:
        tax = inputs.core.tax
        return 0.0 if tax is None else tax.weight * self.tax_horizon(inputs)


def check_all(
    chk: Checker,
    inputs: Inputs,
    rec: Recomputed,
    actions: pd.DataFrame,
    tax_rows: pd.DataFrame,
    summary: dict,
    staff: pd.DataFrame,
) -> dict:
    """Every check of this module; returns the attrition slacks (see ``check_staff``)."""
    check_tax(chk, inputs, tax_rows, summary)
    check_groups(chk, inputs, rec)
    check_expected(chk, inputs, actions)
    check_min_size(chk, inputs, rec)
    return check_staff(chk, inputs, rec, staff)


def region_columns(region: pd.DataFrame | None) -> list[str]:
    """The columns of section 9 in ``region.csv`` that the folder has (older ones lack them)."""
    have = [] if region is None else list(region.columns)
    return [c for c in ("interest", "tax_revenue") if c in have]


def split_tax(actions: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(the actions' rows, the tax lever's rows)`` of ``actions.csv``."""
    is_tax = (actions["board"] == TAX_BOARD) & (actions["action"] == TAX_ACTION)
    return actions[~is_tax].reset_index(drop=True), actions[is_tax].reset_index(drop=True)


def extras(inputs: Inputs, tax_rows: pd.DataFrame, liquidity: pd.DataFrame) -> Extras:
    """Tax revenue and net interest per plan year from the reported plan and cash path."""
    years = inputs.years
    ore: dict[int, float] = {}
    for s, z in zip(tax_rows["start_year"], tax_rows["amount"], strict=True):
        ore[int(s)] = ore.get(int(s), 0.0) + num(z)
    tax = inputs.core.tax
    revenue = pd.Series(0.0, index=years)
    if tax is not None:
        for t in years:
            revenue[t] = tax.per_ore[t] * sum(z for s, z in ore.items() if s <= t)
    interest = pd.Series(0.0, index=years)
    liq, core = inputs.liquidity, inputs.core
    if liq is not None and core.has_interest and not liquidity.empty:
        rep = liquidity.drop_duplicates("year").set_index("year")
        loans, cash = liq.opening_loans, liq.opening_cash
        for t in years:
            interest[t] = -core.interest.get(t, 0.0) * loans + core.cash_interest.get(t, 0.0) * cash
            if t in rep.index:
                loans, cash = num(rep.at[t, "loans"]), num(rep.at[t, "cash"])
    return Extras(ore, revenue, interest)


def with_extras(rec: Recomputed, inputs: Inputs, ex: Extras) -> Recomputed:
    """``rec`` with ``R[t] + T[t] + I[t]`` and the balance that follows from it."""
    result = rec.result + ex.tax_revenue + ex.interest
    return replace(rec, result=result, balance=balance_of(inputs, result))


def expected_tables(tables: dict[str, pd.DataFrame], inputs: Inputs, ex: Extras) -> None:
    """Add section 9 to the tables a plan implies: the region's interest (inside financial) and
    tax revenue, the lever's effects rows."""
    region = tables["region"]
    years = region["year"].astype(int)
    region["financial"] = region["financial"] + years.map(ex.interest).to_numpy()
    region["interest"] = years.map(ex.interest).to_numpy()
    region["tax_revenue"] = years.map(ex.tax_revenue).to_numpy()
    if sum(abs(v) for v in ex.ore.values()) > 1e-9:  # (v3) a rise reversed still has rows
        rows = pd.DataFrame(
            {
                "board": TAX_BOARD,
                "action": TAX_ACTION,
                "year": inputs.years,
                "effect": ex.tax_revenue.to_numpy(float),
            }
        )
        tables["effects"] = pd.concat([tables["effects"], rows], ignore_index=True)


def check_tax(chk: Checker, inputs: Inputs, tax_rows: pd.DataFrame, summary: dict) -> None:
    """The lever's rows: allowed, in its window, within ``max_ore``, its weight; the summary."""
    core = inputs.core
    total = float(sum(num(z) for z in tax_rows["amount"])) if len(tax_rows) else 0.0
    if not core.has_tax:
        if len(tax_rows):
            chk.add("tax_rate", "forbidden or not given", 0.0, total)
        return
    tax = core.tax
    for s, z, w in zip(tax_rows["start_year"], tax_rows["amount"], tax_rows["weight"], strict=True):
        chk.ge("tax_rate", (int(s), "amount>=min_ore"), num(z), tax.min_ore)
        chk.ge("tax_rate", (int(s), "start>=earliest"), int(s), tax.earliest)
        chk.le("tax_rate", (int(s), "start<=last"), int(s), inputs.last)
        chk.eq("tax_rate", (int(s), "weight"), tax.weight, num(w))
    chk.le("tax_max", TAX_BOARD, total, tax.max_ore)
    steps = {int(s): num(z) for s, z in zip(tax_rows["start_year"], tax_rows["amount"],
                                             strict=True)} if len(tax_rows) else {}  # fmt: skip
    in_force = (summary.get("tax_rate") or {}).get("in_force") or {}
    for t in range(inputs.first, inputs.last + 1):  # (v3) the level in force, in [0, max_ore]
        level = sum(z for s, z in steps.items() if s <= t)
        chk.ge("tax_level", t, level, 0.0)
        chk.le("tax_level", (t, "max"), level, tax.max_ore)
        item = in_force.get(t, in_force.get(str(t)))
        if item is not None:
            chk.eq("summary.tax_rate.in_force", (t, "ore"), level, item.get("ore"))
            chk.eq("summary.tax_rate.in_force", (t, "msek"), tax.per_ore[t] * level,
                   item.get("msek"))  # fmt: skip
            pop = inputs.population.get(t)
            if pop:
                chk.eq("summary.tax_rate.in_force", (t, "kr_per_inhabitant"),
                       tax.per_ore[t] * level * 1e6 / pop, item.get("kr_per_inhabitant"))  # fmt: skip
    reported = (summary.get("tax_rate") or {}).get("ore")
    chk.eq("summary.tax_rate", "ore", total, reported)


def check_groups(chk: Checker, inputs: Inputs, rec: Recomputed) -> None:
    """``group[b,g]``: the planned and committed amounts of the group's actions in its board
    within ``pot``."""
    if not inputs.core.groups:
        return
    planned = rec.plan.groupby(["board", "action"])["amount"].sum().to_dict()
    for pair, amount in committed_amounts(inputs).items():  # (v3) committed use it too
        planned[pair] = planned.get(pair, 0.0) + amount
    for g in inputs.core.groups:
        total = sum(planned.get((g.board, a), 0.0) for a in g.actions)
        chk.le("group", (g.board, g.name), total, g.pot)


def check_expected(chk: Checker, inputs: Inputs, actions: pd.DataFrame) -> None:
    """``actions.expected = amount * realisation[a]`` (where the table has the column)."""
    if "expected" not in actions.columns or actions.empty:
        return
    real = inputs.core.realisation
    for b, a, s, x, e in actions[
        ["board", "action", "start_year", "amount", "expected"]
    ].itertuples(index=False):
        chk.eq("actions.expected", (b, a, int(s)), num(x) * real.get(a, 1.0), num(e))


def staff_fewer(inputs: Inputs, rec: Recomputed) -> pd.DataFrame:
    """Årsarbetare fewer per board (with ``cost_per_fte``) and year: ``sum_a staff_share[a] *
    E_a[b,t] / (cost_per_fte[b] * prod_{k<=t}(1 + wage[k]))``."""
    core = inputs.core
    years = rec.years
    staffed = [b for b in rec.boards if b in core.cost_per_fte]
    out = np.zeros((len(staffed), len(years)))
    pe = rec.pair_effect
    if len(pe) and staffed:
        boards = pe.index.get_level_values(0)
        row = pd.Index(staffed).get_indexer(boards)
        share = np.array([core.staff_share.get(a, 0.0) for a in pe.index.get_level_values(1)])
        keep = row >= 0
        np.add.at(out, row[keep], share[keep, None] * pe.to_numpy(float)[keep])
    grown = np.cumprod(1.0 + np.array([inputs.wage[t] for t in years]))
    cpf = np.array([core.cost_per_fte[b] for b in staffed], dtype=float)
    if len(staffed):
        out = out / (cpf[:, None] * grown[None, :])
    return pd.DataFrame(out, index=staffed, columns=years)


def check_staff(chk: Checker, inputs: Inputs, rec: Recomputed, staff: pd.DataFrame) -> dict:
    """``staff.csv`` against the recomputed staff, and the ``attrition`` rows with the reported
    slack; returns the attrition slacks ``{(board, year): (beyond, limit, reduction)}``."""
    core = inputs.core
    fewer = staff_fewer(inputs, rec)
    years = rec.years
    keys = [(b, t) for b in fewer.index for t in years]
    rep = staff.drop_duplicates(["board", "year"]).set_index(["board", "year"])
    for key in set(rep.index) - set(keys):
        chk.add("staff.extra_row", key, 0.0, num(rep.loc[key, "fte_change"]))
    if not keys:
        return {}
    got = rep.reindex(pd.MultiIndex.from_tuples(keys))
    now = fewer.to_numpy().ravel()
    step = (fewer - fewer.shift(1, axis=1).fillna(0.0)).to_numpy().ravel()
    fte0 = np.repeat([core.fte0.get(b, np.nan) for b in fewer.index], len(years))
    limited = np.repeat([b in core.attrition for b in fewer.index], len(years))
    limit = np.repeat(
        [core.attrition.get(b, np.nan) * core.fte0.get(b, np.nan) for b in fewer.index],
        len(years),
    )
    beyond = got["beyond_attrition"].to_numpy(float)
    missing = got["fte_change"].isna().to_numpy() & got["fte"].isna().to_numpy()
    for i in np.flatnonzero(missing):
        chk.add("staff.missing_row", keys[i], float("nan"), float("nan"))
    ok = ~missing
    checks = [
        chk.eq_all("staff.fte_change", np.where(ok, -now, np.nan), got["fte_change"]),
        chk.eq_all("staff.fte", np.where(ok, fte0 - now, np.nan), got["fte"]),
        chk.eq_all("staff.reduction", np.where(ok, step, np.nan), got["reduction"]),
        chk.eq_all("staff.attrition", np.where(ok & limited, limit, np.nan), got["attrition"]),
        chk.ge_all("attrition", np.where(limited, beyond, 0.0), 0.0, ("beyond>=0",)),
        chk.le_all(
            "attrition", np.where(limited, step - beyond, 0.0), np.where(limited, limit, 0.0)
        ),
    ]
    chk.report(keys, checks)
    return {
        keys[i]: (float(beyond[i]), float(limit[i]), float(step[i]))
        for i in np.flatnonzero(limited & ok)
    }


def check_min_size(chk: Checker, inputs: Inputs, rec: Recomputed) -> None:
    """``min_size``: each planned (board, action) total is 0 or at least the action's minimum."""
    sizes = inputs.core.min_size
    if not sizes:
        return
    planned = rec.plan.groupby(["board", "action"])["amount"].sum()
    for (b, a), total in planned.items():
        size = sizes.get(a, 0.0)
        if size > 0 and total > chk.tol * max(1.0, size):
            chk.ge("min_size", (b, a), float(total), size)
