"""The price and difference tables of a comparison, built from the runs' results tables alone.

``comparison_tables(labels, summaries, results)`` gives every table of a ``Comparison`` (each
column is defined in ``optimizer.compare``'s docstring): the first run is the reference ``ref``.
``E[b,t]``: savings (effect) of board ``b`` in year ``t``; ``x``: the plan's annual amounts.
Every difference is the run's value minus ref's for the same keys (``delta``, ``extra_*``);
NaN where ref has no such row or either run has no plan. An action's amount counts as changed
only where ``|amount - reference_amount| > TOL`` (0.001 MSEK/yr), and as none where ``<= TOL``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from optimizer.results.core import COLUMNS, Results

TOL = 1e-3  # MSEK/yr: a change in an action's amount below 1 000 kronor a year is noise
EQUALITY_FAMILIES = ("cash", "loans")
TEXT_COLUMNS = ("board", "action", "category", "constraint", "requirement")
INT_COLUMNS = ("year", "start_year")


def plan_years(summaries: Sequence[dict]) -> list[int]:
    """Every plan year any run's ``summary["savings_by_year"]`` names, in order."""
    return sorted({int(y) for s in summaries for y in (s.get("savings_by_year") or {})})


def comparison_tables(
    labels: list[str], summaries: Sequence[dict], results: Sequence[Results]
) -> dict[str, pd.DataFrame]:
    """``{table name: DataFrame}`` for the runs (``labels[0]`` the reference), by the module doc."""
    tables = [_normalised(r) for r in results]
    years = plan_years(summaries)
    delta, by_board = _actions_delta(labels, tables), _savings_by_board(labels, tables)
    return {
        "summary": _summary(labels, list(summaries), tables, years, delta, by_board),
        "savings_by_board": by_board,
        "savings_by_category": _savings_by_category(labels, tables),
        "region": _region(labels, tables),
        "binding": _binding(labels, tables),
        "actions_delta": delta,
    }


def _normalised(results: Results) -> dict[str, pd.DataFrame]:
    """The results' tables (their ``COLUMNS`` only) with one dtype per column whether solved now
    or read from CSV: key texts as str ("" where empty), years as nullable ints, ``binding``
    bool, the rest float."""
    out = {}
    for name in ("actions", "effects", "boards", "region", "duals"):
        frame = results.tables.get(name)
        frame = (pd.DataFrame() if frame is None else frame).reindex(columns=COLUMNS[name])
        for col in frame.columns:
            if col in TEXT_COLUMNS:
                frame[col] = ["" if pd.isna(v) else str(v) for v in frame[col]]
            elif col in INT_COLUMNS:
                frame[col] = pd.to_numeric(frame[col], errors="coerce").round().astype("Int64")
            elif col == "binding":
                frame[col] = [str(v).strip().lower() in ("true", "1", "1.0") for v in frame[col]]
            else:
                frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
        out[name] = frame.reset_index(drop=True)
    return out


def _long(labels: list[str], frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The runs' frames stacked with a leading ``run`` column."""
    parts = [f.assign(run=lab) for lab, f in zip(labels, frames, strict=True) if not f.empty]
    if not parts:
        return pd.DataFrame(columns=["run", *columns])
    return pd.concat(parts, ignore_index=True)[["run", *columns]]


def _against(frame: pd.DataFrame, ref: str, keys: list[str], value: str, name: str) -> pd.DataFrame:
    """Add ``name`` (the reference run's ``value`` for the same keys) to ``frame``."""
    base = frame.loc[frame["run"] == ref, keys + [value]].rename(columns={value: name})
    return frame.merge(base, on=keys, how="left")


def _savings_by_board(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    frames = []
    for t in tables:
        b = t["boards"]
        share = (b["effect"] / b["baseline"]).where(b["baseline"] != 0)
        frames.append(b.assign(savings=b["effect"], share=share))
    out = _long(labels, frames, ["board", "year", "savings", "share"])
    out = _against(out, labels[0], ["board", "year"], "savings", "reference_savings")
    return out.assign(delta=out["savings"] - out["reference_savings"])


def _categories(t: dict) -> pd.DataFrame:
    """Savings per (category, year): each used action's effects, with its category."""
    cats = t["actions"][["board", "action", "category"]].drop_duplicates()
    eff = t["effects"].merge(cats, on=["board", "action"], how="left")
    return eff.groupby(["category", "year"], as_index=False)["effect"].sum()


def _savings_by_category(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    per_run = [_categories(t) for t in tables]
    cats = sorted({c for f in per_run for c in f["category"]})
    frames = []
    for t, f in zip(tables, per_run, strict=True):
        grid = pd.MultiIndex.from_product(
            [cats, sorted(t["boards"]["year"].unique())], names=["category", "year"]
        )
        savings = f.set_index(["category", "year"])["effect"].reindex(grid, fill_value=0.0)
        frames.append(savings.rename("savings").reset_index())
    out = _long(labels, frames, ["category", "year", "savings"])
    out = _against(out, labels[0], ["category", "year"], "savings", "reference_savings")
    return out.assign(delta=out["savings"] - out["reference_savings"])


def _region(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    frames = [t["region"].rename(columns={"shortfall": "result_shortfall"}) for t in tables]
    cols = ["year", "result", "target", "result_shortfall", "balance", "milestone"]
    out = _long(labels, frames, cols)
    out = _against(out, labels[0], ["year"], "result", "ref_result")
    out = _against(out, labels[0], ["year"], "balance", "ref_balance")
    out["result_delta"] = out["result"] - out.pop("ref_result")
    out["balance_delta"] = out["balance"] - out.pop("ref_balance")
    return out


def _binding(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    keys = ["constraint", "board", "action", "category", "year"]
    frames = [
        t["duals"][t["duals"]["binding"] & ~t["duals"]["constraint"].isin(EQUALITY_FAMILIES)]
        for t in tables
    ]
    out = _long(labels, frames, keys + ["dual", "slack"])
    return _against(out, labels[0], keys, "dual", "reference_dual")


def _amounts(t: dict) -> pd.DataFrame:
    acts = t["actions"]
    return acts.groupby(["board", "action", "category"], as_index=False)["amount"].sum()


def _actions_delta(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    columns = ["board", "action", "category", "reference_amount", "amount", "delta", "change"]
    ref = _amounts(tables[0]).rename(columns={"amount": "reference_amount"})
    frames = [pd.DataFrame()]
    for t in tables[1:]:
        if t["boards"].empty or tables[0]["boards"].empty:
            frames.append(pd.DataFrame())
            continue
        both = ref.merge(_amounts(t), on=["board", "action", "category"], how="outer")
        both = both.fillna({"reference_amount": 0.0, "amount": 0.0})
        both["delta"] = both["amount"] - both["reference_amount"]
        both = both[both["delta"].abs() > TOL].copy()
        both["change"] = [
            "enters" if r <= TOL else "leaves" if a <= TOL else "more" if d > 0 else "less"
            for r, a, d in zip(both["reference_amount"], both["amount"], both["delta"], strict=True)
        ]
        frames.append(both.sort_values(["board", "action"]))
    return _long(labels, frames, columns)


def _weights_differ(ref: pd.DataFrame, run: pd.DataFrame) -> bool:
    a = ref.groupby(["board", "action"])["weight"].first()
    b = run.groupby(["board", "action"])["weight"].first()
    common = a.index.intersection(b.index)
    return bool(((a[common] - b[common]).abs() > 1e-9).any())


def _summary(labels, summaries, tables, years, delta, by_board) -> pd.DataFrame:
    rows = []
    ref_summary, ref_tables = summaries[0], tables[0]
    ref_saved = {int(y): v for y, v in (ref_summary.get("savings_by_year") or {}).items()}
    last = by_board[by_board["year"] == by_board["year"].max()].set_index("run")
    for i, (lab, s, t) in enumerate(zip(labels, summaries, tables, strict=True)):
        saved = {int(y): v for y, v in (s.get("savings_by_year") or {}).items()}
        share = last.loc[[lab]].set_index("board")["share"] if lab in last.index else pd.Series()
        mine = delta[delta["run"] == lab]
        enter = mine[mine["change"] == "enters"]
        leave = mine[mine["change"] == "leaves"]
        has_plan = not t["boards"].empty and not ref_tables["boards"].empty
        row = {
            "run": lab,
            "reference": i == 0,
            "priorities": s.get("priorities", ""),
            "scenario": s.get("scenario", ""),
            "overrides": ",".join(s.get("overrides") or []),
            "status": s.get("status", ""),
            "objective_name": s.get("objective_name", ""),
            "objective": _num(s.get("objective")),
            "impact": _num(s.get("impact")),
            "extra_impact": _num(s.get("impact")) - _num(ref_summary.get("impact")),
            "total_shortfall": _num(s.get("total_shortfall")),
            "extra_shortfall": _num(s.get("total_shortfall"))
            - _num(ref_summary.get("total_shortfall")),
            "shortfall_tier": str(s.get("shortfall_tier") or ""),
        }
        row.update({f"savings_{y}": _num(saved.get(y)) for y in years})
        row.update(
            {f"extra_savings_{y}": _num(saved.get(y)) - _num(ref_saved.get(y)) for y in years}
        )
        row.update(
            largest_share=float(share.max()) if share.notna().any() else math.nan,
            largest_share_board=str(share.idxmax()) if share.notna().any() else "",
            actions_entering=len(enter) if has_plan else math.nan,
            actions_leaving=len(leave) if has_plan else math.nan,
            entering=";".join(enter["board"] + "/" + enter["action"]),
            leaving=";".join(leave["board"] + "/" + leave["action"]),
            weights_differ=_weights_differ(ref_tables["actions"], t["actions"]),
            tax_rate=str((s.get("tax_rate") or {}).get("text", "")),  # section 9, in words
        )
        rows.append(row)
    return pd.DataFrame(rows)


def _num(value: object) -> float:
    return math.nan if value is None else float(value)
