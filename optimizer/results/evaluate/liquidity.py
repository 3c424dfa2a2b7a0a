"""The evaluator's check of the liquidity table (docs/model.md: ``cash``, ``loans``,
``loan_cap``, ``min_cash``), from the plan's recomputed results and the reported borrowing."""

from __future__ import annotations

import math

import pandas as pd

from optimizer.results.evaluate.check import Checker, num
from optimizer.results.evaluate.plan import Recomputed
from optimizer.scenario.inputs import Inputs


def check_liquidity(chk: Checker, inputs: Inputs, rec: Recomputed, liq: pd.DataFrame) -> None:
    """``cash[t] = cash[t-1] + R + dep0 + sum_b D - inv0 - sum capex*x[.,.,t] + dl``,
    ``loans[t] = loans[t-1] + dl``, ``0 <= loans <= loan_cap``, ``cash + uk >= min_cash``;
    the path is rebuilt from the opening values and the reported borrowing ``dl``."""
    lq = inputs.liquidity
    if lq is None:
        for key, row in liq.set_index("year").iterrows():
            chk.add("liquidity.extra_row", key, 0.0, num(row.get("cash")))
        return
    rep = liq.drop_duplicates("year").set_index("year")
    cash, loans = lq.opening_cash, lq.opening_loans
    dep = rec.depreciation.sum(axis=0)
    for t in rec.years:
        if t not in rep.index:
            chk.add("liquidity.missing_row", t, float("nan"), float("nan"))
            return
        row = rep.loc[t]
        dl, uk = num(row["borrowing"]), num(row["shortfall"])
        uk = 0.0 if math.isnan(uk) else uk
        inflow = rec.result[t] + lq.depreciation.get(t, 0.0) + dep[t]
        cash += inflow - lq.investments.get(t, 0.0) - rec.capex_paid.get(t, 0.0) + dl
        loans += dl
        chk.eq("cash", t, cash, row["cash"])
        chk.eq("loans", t, loans, row["loans"])
        chk.ge("loan_cap", (t, "loans>=0"), row["loans"], 0.0)
        chk.le("loan_cap", t, row["loans"], lq.loan_cap)
        chk.eq("liquidity.min_cash", t, lq.min_cash, row["min_cash"])
        chk.ge("min_cash", (t, "shortfall>=0"), uk, 0.0)
        chk.ge("min_cash", t, num(row["cash"]) + uk, lq.min_cash)
