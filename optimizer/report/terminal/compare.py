"""The terminal table of a comparison, from the ``Comparison``'s tables and its runs' results
(no solver).

Runs are numbered ``[1]`` (the reference) to ``[n]`` in ``meta["runs"]`` order; tables with a
row per run name them in full, tables with a column per run use the numbers. First what each
priority moves against the reference, in MSEK a year and in årsarbetare (``view/price.py``, the
reports' box); the harm score last, in an appendix: it compares plans of one priority set only.
"""

from __future__ import annotations

import math

import pandas as pd

from optimizer.analysis.compare import Comparison
from optimizer.report.terminal.plan import harm_score
from optimizer.report.view.compare import CompareView
from optimizer.report.view.price import priority_price
from optimizer.report.words.labels import Labels
from optimizer.report.words.phrases import num

LABEL_WIDTH = 34
MAX_BINDING = 40
MAX_ACTIONS = 12


def _fmt(value: object, digits: int = 1, sign: bool = False) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = num(float(value), digits, "en")  # the one English number format: 1,234.5
    return "+" + text if sign and not text.startswith("-") and text.strip("0.,") else text


def _score(value: object, sign: bool = False) -> str:
    """The harm score as every output shows it (``text.harm_score``): ``4,042``, ``+326``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = harm_score(float(value))
    return ("+" + text) if sign and not text.startswith("-") and text != "0" else text


def _show(frame: pd.DataFrame) -> str:
    return frame.to_string() if not frame.empty else "(none)"


def render(comparison: Comparison) -> str:
    """Headline, savings per year, by board and category, result and balance paths, binding
    requirements and the actions that enter and leave, each against the reference."""
    meta, summary = comparison.meta, comparison.summary
    runs = list(meta.get("runs") or summary["run"])
    number = {run: f"[{i + 1}]" for i, run in enumerate(runs)}
    names = {run: f"{number[run]} {run}"[:LABEL_WIDTH] for run in runs}
    ref = meta.get("reference", runs[0])
    scenarios = ", ".join(dict.fromkeys(str(s) for s in summary["scenario"]))
    overrides = set(summary["overrides"].fillna("").astype(str))
    common = f" [{overrides.pop()}]" if len(overrides) == 1 and "" not in overrides else ""
    lines = [
        f"balansplan compare: {scenarios}{common}",
        "Runs: " + "  ".join(f"{names[r]}" + (" (reference)" if r == ref else "") for r in runs),
    ]
    if comparison.results:  # what each priority moves, in kronor and staff
        cv = CompareView(comparison, Labels("en"))
        for run, shown in zip(runs, cv.names, strict=True):
            said = priority_price(cv, shown)
            if said:
                lines += ["", f"What {names[run]} moves against the reference"]
                lines += [f"  - {t}" for t in said]
    lines += [
        "",
        "Headline (MSEK; extra = against the reference)",
        _show(_headline(summary, names)),
    ]
    if (summary["status"] == "shortfall").any():
        short = summary[summary["status"] == "shortfall"]
        lines.append(
            "SHORTFALL: "
            + ", ".join(
                f"{names[r]} falls {_fmt(v)} MSEK short"
                + (f" in the {tier}" if isinstance(tier, str) and tier else "")
                for r, v, tier in zip(
                    short["run"],
                    short["total_shortfall"],
                    short.get("shortfall_tier", [""] * len(short)),
                    strict=True,
                )
            )
        )
    taxed = [(r, t) for r, t in zip(summary["run"], summary.get("tax_rate", []), strict=False) if t]
    if taxed:
        lines += ["", "Tax rate (skattesats)"]
        lines += [f"  {names[r]}: {t}" for r, t in taxed]
    years = [int(c.split("_")[1]) for c in summary.columns if c.startswith("savings_")]
    lines += ["", "Savings per year (MSEK)", _show(_per_year(summary, names, "savings_", years))]
    extra = _per_year(summary[summary["run"] != ref], names, "extra_savings_", years, sign=True)
    lines += ["", f"Extra savings per year against {number[ref]} (MSEK)", _show(extra)]
    last = max(years) if years else None
    for table, key in (
        (comparison.savings_by_board, "board"),
        (comparison.savings_by_category, "category"),
    ):
        lines += ["", f"Savings by {key}, {last} (MSEK)", _show(_last_year(table, key, names))]
    region = comparison.region
    lines += ["", "Result per year (MSEK)", _show(_path(region, names, "result", "target"))]
    lines += [
        "",
        "Accumulated balance (MSEK)",
        _show(_path(region, names, "balance", "milestone")),
        "",
        _binding(comparison.binding, runs, number),
        "",
        _actions(comparison.actions_delta, runs, names, number[ref]),
        "",
        "Appendix: harm score (weighted MSEK-years, each run in its own weights; it compares plans "
        "of one priority set, a priority's price is said above in MSEK and staff)",
        _show(_harm(summary, names)),
    ]
    if summary["weights_differ"].astype(bool).any():
        lines.append(
            "note: some runs weigh actions differently from the reference; their extra harm score "
            "mixes the priority's price with the reweighting"
        )
    return "\n".join(lines)


def _harm(summary: pd.DataFrame, names: dict) -> pd.DataFrame:
    out = pd.DataFrame(index=[names[r] for r in summary["run"]])
    out["harm score"] = [_score(v) for v in summary["impact"]]
    out["extra harm score"] = [_score(v, sign=True) for v in summary["extra_impact"]]
    return out


def _headline(summary: pd.DataFrame, names: dict) -> pd.DataFrame:
    out = pd.DataFrame(index=[names[r] for r in summary["run"]])
    out["status"] = list(summary["status"])
    out["objective"] = list(summary["objective_name"])
    out["shortfall"] = [_fmt(v) for v in summary["total_shortfall"]]
    out["largest share"] = [
        f"{_fmt(100 * s)} % {b}" if isinstance(s, float) and not math.isnan(s) else ""
        for s, b in zip(summary["largest_share"], summary["largest_share_board"], strict=True)
    ]
    out["enter"] = [_fmt(v, 0) for v in summary["actions_entering"]]
    out["leave"] = [_fmt(v, 0) for v in summary["actions_leaving"]]
    return out


def _per_year(
    summary: pd.DataFrame, names: dict, prefix: str, years: list[int], sign: bool = False
) -> pd.DataFrame:
    out = pd.DataFrame(index=[names[r] for r in summary["run"]])
    for y in years:
        out[str(y)] = [_fmt(v, sign=sign) for v in summary[f"{prefix}{y}"]]
    return out


def _pivot(frame: pd.DataFrame, names: dict, column: str, value: str) -> pd.DataFrame:
    table = frame.pivot_table(index="run", columns=column, values=value, aggfunc="sum", sort=False)
    table = table.reindex([r for r in names if r in table.index])
    table.index = [names[r] for r in table.index]
    table.columns = [str(c) for c in table.columns]
    return table.map(_fmt)


def _last_year(table: pd.DataFrame, key: str, names: dict) -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame()
    last = table[table["year"] == table["year"].max()]
    return _pivot(last, names, key, "savings")


def _path(region: pd.DataFrame, names: dict, value: str, requirement: str) -> pd.DataFrame:
    if region.empty:
        return pd.DataFrame()
    table = _pivot(region, names, "year", value)
    need = region.groupby("year")[requirement].first()
    if need.isna().all():
        return table
    row = pd.DataFrame([[_fmt(need.get(int(c))) for c in table.columns]], columns=table.columns)
    row.index = [f"({requirement})"]
    return pd.concat([table, row])


def _binding(binding: pd.DataFrame, runs: list[str], number: dict) -> str:
    head = "Binding requirements: shadow price (impact per MSEK loosened); '.' = not binding"
    if binding.empty:
        return head + "\n(none)"
    keys = ["constraint", "board", "action", "year"]
    rows = binding[binding["constraint"] != "potential"]
    counts = binding[binding["constraint"] == "potential"].groupby("run").size()
    text = [head]
    if not rows.empty:
        rows = rows.assign(
            requirement=[
                " ".join(str(v) for v in (c, b, a, y) if not pd.isna(v) and str(v) != "")
                for c, b, a, y in rows[keys].itertuples(index=False)
            ]
        )
        table = rows.pivot_table(
            index="requirement", columns="run", values="dual", aggfunc="first", sort=False
        )
        table = table.reindex(columns=[r for r in runs if r in table.columns])
        order = rows.drop_duplicates("requirement").sort_values(keys)["requirement"]
        table = table.reindex(order)
        shown = table.head(MAX_BINDING).map(lambda v: "." if pd.isna(v) else _fmt(v, 3))
        shown.columns = [number[r] for r in shown.columns]
        shown.index.name = None
        text.append(shown.to_string())
        if len(table) > MAX_BINDING:
            text.append(f"... and {len(table) - MAX_BINDING} more (see binding.csv)")
    text.append(
        "Potential limits at their bound: "
        + ", ".join(f"{number[r]} {int(counts.get(r, 0))}" for r in runs)
    )
    return "\n".join(text)


def _actions(delta: pd.DataFrame, runs: list[str], names: dict, ref: str) -> str:
    text = [f"Actions that enter, leave or change against {ref} (full annual effect, MSEK/yr)"]
    for run in runs[1:]:
        mine = delta[delta["run"] == run]
        if mine.empty:
            text.append(f"{names[run]}: no change")
            continue
        mine = mine.reindex(mine["delta"].abs().sort_values(ascending=False).index)
        text.append(f"{names[run]}:")
        for r in mine.head(MAX_ACTIONS).itertuples():
            text.append(
                f"  {r.change:<7} {r.board:<5} {r.action:<20} {_fmt(r.reference_amount):>8}"
                f" -> {_fmt(r.amount):>8}  ({_fmt(r.delta, sign=True)})"
            )
        if len(mine) > MAX_ACTIONS:
            text.append(f"  ... and {len(mine) - MAX_ACTIONS} more (see actions_delta.csv)")
    return "\n".join(text)
