"""The terminal summary of one solve, from ``Results`` alone (no solver needed)."""

from __future__ import annotations

import math

import pandas as pd

from optimizer.report.view.notes import decisions, in_force_words
from optimizer.report.view.tiers import drivers, tier_sentence
from optimizer.report.words.labels import Labels
from optimizer.report.words.phrases import num
from optimizer.results.core import Results, changes_applied, committed_actions
from optimizer.solver.relax import describe


def _fmt(value: float, digits: int = 1) -> str:
    """``1,234.5``: the English number format of every output (``Labels.num``); no ``-0.0``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return num(float(value), digits, "en")


def _table(frame: pd.DataFrame, digits: int = 1) -> str:
    shown = frame.copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: _fmt(v, digits))
    shown = shown.astype(object).where(shown.notna(), "")  # a missing key is blank, not NaN
    return shown.to_string()


def harm_score(value: float, lang: str = "en") -> str:
    """The headline measure as every output shows it: ``2,269`` (en), ``2 269`` (sv), whole
    weighted MSEK-years (the reports' "Harm score"/"Skadepoäng")."""
    return num(float(value), 0, lang)


def render(results: Results, top: int = 12) -> str:
    """A readable account: status, impact, savings per year, boards, region, binding requirements."""
    s = results.summary
    tables = results.tables
    lines = [_headline(s, tables.get("shortfall"), tables.get("duals"), tables.get("boards"))]
    if s.get("conflict"):
        lines += ["", "Conflicting requirements (an irreducible infeasible set):"]
        for c in s["conflict"]:
            where = " ".join(
                str(c[k]) for k in ("board", "category", "action", "year") if c.get(k) is not None
            )
            lines.append(f"  - {c['requirement']} {where}: {_fmt(c.get('value', float('nan')))}")
    if s.get("relaxation"):
        lines += ["", "Least relaxations that make it feasible (each alone):"]
        lines += [f"  - {line}" for line in describe(s["relaxation"])]
    if "boards" not in results.tables or results.boards.empty:
        return "\n".join(lines)
    objective = s.get("objective_name", "min_impact")
    lines += [
        f"Harm score: {harm_score(s['impact'])} weighted MSEK-years (lower is better)"
        + (
            ""
            if objective == "min_impact"
            else f"    objective {objective}: {_fmt(s['objective'], 4)}"
        ),
        "",
        "Savings per year (MSEK): "
        + "  ".join(f"{y}: {_fmt(v)}" for y, v in s["savings_by_year"].items()),
    ]
    if s.get("mip"):  # section 9: minimum sizes made it a MIP
        m = s["mip"]
        lines += [
            "",
            f"Minimum sizes: a MIP with {m['integer_decisions']} take-or-leave decisions "
            f"({m.get('taken', 0)} taken); {m['note']}",
        ]
    decided = decisions(s, Labels("en"))  # (v3) ramjusteringar, tax, extended deadlines
    if decided:
        lines += ["", decided]
    if s.get("committed_impact") is not None:  # (v3) decided in earlier rounds, fixed
        committed = committed_actions(results.actions)
        lines += [
            "",
            f"Committed actions (decided in earlier rounds, fixed): {len(committed)}, "
            f"{_fmt(committed['amount'].sum())} MSEK/yr decided, "
            f"{_fmt(committed['expected'].sum())} delivered; their harm "
            f"{harm_score(s['committed_impact'])} is not in the harm score",
        ]
    if s.get("tax_rate"):  # section 9: the lever in words
        lines += ["", f"Tax rate (skattesats): {s['tax_rate']['text']}"]
        in_force = in_force_words(s["tax_rate"], Labels("en"))  # (v3) öre, MSEK, kr/inhabitant
        if in_force:
            lines.append(in_force[0].upper() + in_force[1:])
    if not results.shortfall.empty:
        short = results.shortfall.dropna(axis=1, how="all").set_index("requirement")
        lines += ["", "SHORTFALL: these requirements are not met (MSEK)", _table(short)]
    lines += [
        "",
        _boards(results.boards),
        "",
        _region(results.region),
        "",
        _binding(results.duals, top) if s.get("status") != "shortfall" else _no_prices(),
    ]
    if "protected" in results.tables and not results.protected.empty:
        prot = results.protected
        lines += [
            "",
            f"Protected (never cut): {len(prot)} pairs, {_fmt(prot['potential'].sum())} MSEK/yr of potential left untouched",
        ]
    return "\n".join(lines)


def _headline(
    s: dict,
    shortfall: pd.DataFrame | None = None,
    duals: pd.DataFrame | None = None,
    boards: pd.DataFrame | None = None,
) -> str:
    status = s.get("status", "")
    name = s.get("scenario", "")
    extra = ", ".join(changes_applied(s))
    head = (
        f"balansplan: {name}"
        + (f" [{extra}]" if extra else "")
        + f"  (priorities: {s.get('priorities', '')})"
    )
    text = {
        "optimal": "OPTIMAL: every requirement is met",
        "shortfall": "SHORTFALL: " + _short(s) + "; no plan meets every requirement",
        "infeasible": "INFEASIBLE: the requirements cannot all be met",
        "time_limit": "TIME LIMIT: stopped before a proven optimum; no plan is reported",
    }.get(status, status.upper())
    solver = s.get("solver", {})
    line = f"{head}\nStatus: {text}    [{solver.get('name', '')} {solver.get('version', '')}, {s.get('seconds', 0):.2f} s]"
    if status in ("optimal", "shortfall") and shortfall is not None:
        line += "\nRequirements: " + tier_sentence(s, shortfall, boards=boards)
    if status == "optimal" and (priced := drivers(duals)):  # a shortfall's duals are weights
        line += "\nPriced by year: " + priced
    return line


def _boards(boards: pd.DataFrame) -> str:
    last = boards["year"].max()
    base = boards[boards["year"] == last].set_index("board")["baseline"]
    savings = boards.pivot(index="board", columns="year", values="effect")
    margin = boards.pivot(index="board", columns="year", values="margin")
    out = pd.DataFrame({f"baseline {last}": base})
    out = out.join(savings.add_prefix("save "), how="left")
    text = "Boards (MSEK): baseline cost, savings per year\n" + _table(out.loc[savings.index])
    return (
        text
        + "\n\nCost vs frame per year (margin, MSEK; negative = over the frame)\n"
        + _table(margin)
    )


def _region(region: pd.DataFrame) -> str:
    cols = ["result", "target", "balance", "milestone"]
    return "Region (MSEK): result vs target, accumulated balance vs milestones\n" + _table(
        region.set_index("year")[cols]
    )


def row_label(row) -> str:
    """``frame HSN 2027``: a duals/ranging row's family and keys, empty keys left out."""
    parts = [str(row.constraint)]
    for value in (
        row.board,
        row.category if row.constraint == "category" else None,
        row.action,
        row.year,
    ):
        if (
            value is None
            or value is pd.NA
            or (isinstance(value, float) and math.isnan(value))
            or value == ""
        ):
            continue
        parts.append(str(int(value)) if isinstance(value, float) else str(value))
    return " ".join(parts)


def _no_prices() -> str:
    """What stands for the prices of a plan that falls short: its duals are the weights of what is
    missing (a requirement eased by 1 MSEK lowers the penalty, not the harm), as every report says."""
    return Labels("en")("no_prices_shortfall")


def _binding(duals: pd.DataFrame, top: int) -> str:
    priced = duals[duals["binding"].astype(bool) & (duals["dual"].abs() > 1e-9)]
    if priced.empty:
        return "No requirement binds with a price."
    caps = priced["constraint"] == "potential"
    lines = ["Binding requirements and their shadow prices (impact per MSEK loosened):"]
    for title, part in (("requirements", priced[~caps]), ("potential caps", priced[caps])):
        if part.empty:
            continue
        shown = part.sort_values("dual", ascending=False).head(top)
        lines.append(f"  {title}:")
        lines += [f"    {row_label(r):<40} {_fmt(r.dual, 3):>10}" for r in shown.itertuples()]
        if len(part) > len(shown):
            lines.append(f"    ... and {len(part) - len(shown)} more (see duals.csv)")
    return "\n".join(lines)


def _short(summary: dict) -> str:
    """``the law falls short by 139.1 (1 560.1 in all tiers)`` (``the targets fall short``): the
    first tier short and its own shortfall, then the total where other tiers add to it;
    ``12.5 short`` without tiers.
    Amounts are the plain sums of the slacks (MSEK; staff beyond attrition counts in
    årsarbetare, docs/model.md)."""
    total = float(summary.get("total_shortfall") or 0.0)
    tier = summary.get("shortfall_tier")
    own = (summary.get("shortfall_by_tier") or {}).get(tier) if tier else None
    if own is None:
        return f"{_fmt(total)} MSEK short" + (f" in the {tier}" if tier else "")
    verb = "falls" if tier == "law" else "fall"  # the targets, the frames: plural
    text = f"the {tier} {verb} short by {_fmt(float(own))} MSEK"
    return text + (f" ({_fmt(total)} in all tiers)" if total - float(own) > 1e-6 else "")
