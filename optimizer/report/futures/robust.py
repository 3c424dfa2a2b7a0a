"""The robust plan in words: terminal text and an HTML page (Swedish or English).

Opens with what to commit now, what it costs beyond the forecast's plan and how much safer it
is (the probability per deadline, both plans side by side). Reads only the robust tables and
summary (``batch.futures.robust.Robust.summary``)."""

from __future__ import annotations

from html import escape

from optimizer.report.futures.common import num, page, pct, table

WORDS = {
    "en": {
        "title": "A plan for {n} futures: commit {first}–{last} now",
        "title0": "A plan for {n} futures: nothing committed",
        "commit": "Commit now: {count} decisions starting {first}–{last}, {msek} MSEK a year "
        "in full effect (the forecast's plan: {fmsek}). Harm of what is committed: {harm} "
        "(the forecast's plan in the same years: {fharm}).",
        "cost": "Expected harm over the futures: {robust} against {held} for the forecast's "
        "plan held with the same later decisions ({delta}).",
        "safer": "Measured by {risk}, the law's shortfall is {r_law} MSEK against {f_law} for "
        "the forecast's plan.",
        "deadlines": "Probability that each requirement of the law fails",
        "dhead": ["requirement", "year", "robust plan", "forecast's plan",
                  "mean shortfall, robust", "mean shortfall, forecast"],
        "values": "Value of the stochastic solution and of perfect information",
        "vhead": ["", "VSS (forecast's plan − robust)", "EVPI (robust − foresight)"],
        "actions": "Decisions to commit now",
        "ahead": ["board", "action", "start", "MSEK a year"],
        "req": {"no_deficit": "no deficit", "deadline": "deficit restored by deadline"},
        "tier": {"law": "law shortfall (risk measure)", "targets": "targets shortfall",
                 "frames": "frames shortfall", "law:expected": "law shortfall, expected",
                 "targets:expected": "targets shortfall, expected",
                 "frames:expected": "frames shortfall, expected", "min_impact": "expected harm",
                 "min_savings": "expected savings", "min_max_share": "expected largest share"},
    },
    "sv": {
        "title": "En plan för {n} framtider: besluta {first}–{last} nu",
        "title0": "En plan för {n} framtider: inget beslutas nu",
        "commit": "Besluta nu: {count} åtgärder med start {first}–{last}, {msek} mnkr per år "
        "med full effekt (prognosens plan: {fmsek}). Skada av det som beslutas: {harm} "
        "(prognosens plan samma år: {fharm}).",
        "cost": "Förväntad skada över framtiderna: {robust} mot {held} för prognosens plan med "
        "samma senare beslut ({delta}).",
        "safer": "Mätt som {risk} är lagens underskott {r_law} mnkr mot {f_law} för prognosens "
        "plan.",
        "deadlines": "Sannolikhet att varje krav i lagen brister",
        "dhead": ["krav", "år", "robust plan", "prognosens plan", "medelunderskott, robust",
                  "medelunderskott, prognos"],
        "values": "Värdet av den stokastiska lösningen och av perfekt information",
        "vhead": ["", "VSS (prognosens plan − robust)", "EVPI (robust − förutseende)"],
        "actions": "Beslut att fatta nu",
        "ahead": ["nämnd", "åtgärd", "start", "mnkr per år"],
        "req": {"no_deficit": "inget nytt underskott", "deadline": "underskott återställt i tid"},
        "tier": {"law": "lagens underskott (riskmått)", "targets": "målens underskott",
                 "frames": "ramarnas underskott", "law:expected": "lagens underskott, väntevärde",
                 "targets:expected": "målens underskott, väntevärde",
                 "frames:expected": "ramarnas underskott, väntevärde", "min_impact": "förväntad skada",
                 "min_savings": "förväntade besparingar", "min_max_share": "största andel"},
    },
}  # fmt: skip
RISK = {
    "en": {"expected": "the expected value", "worst": "the worst future", "cvar": "CVaR at {a}"},
    "sv": {"expected": "väntevärdet", "worst": "den sämsta framtiden", "cvar": "CVaR vid {a}"},
}


def _risk(text: str, lang: str) -> str:
    kind, _, alpha = text.partition(":")
    return RISK[lang][kind].format(a=alpha)


def _new(actions):
    """The actions decided now: not the tax lever, not those committed in an earlier round."""
    keep = actions["board"] != "region"
    if "status" in actions.columns:
        keep &= actions["status"] != "committed"
    return actions[keep]


def _msek(actions) -> float:
    return float(_new(actions)["amount"].sum())


def lead(summary: dict, tables: dict, lang: str) -> list[str]:
    """The opening sentences (module doc)."""
    w = WORDS[lang]
    actions = tables["actions"]
    first = summary["committed_through"] - summary["commit"] + 1
    robust, held = summary["robust"], summary["forecast_held"]
    objective = list(robust)[-1]
    delta = robust[objective] - held[objective]
    law = next(iter(robust))
    out = []
    if summary["commit"]:
        out.append(
            w["commit"].format(
                count=len(_new(actions)), first=first,
                last=summary["committed_through"], msek=num(_msek(actions), lang),
                fmsek=num(summary.get("committed_msek_forecast", float("nan")), lang),
                harm=num(summary["committed_impact_robust"], lang),
                fharm=num(summary["committed_impact_forecast"], lang),
            )
        )  # fmt: skip
    sign = "+" if delta >= 0 else ""
    out.append(
        w["cost"].format(robust=num(robust[objective], lang), held=num(held[objective], lang),
                         delta=sign + num(delta, lang))
    )  # fmt: skip
    out.append(
        w["safer"].format(risk=_risk(summary["risk"], lang), r_law=num(robust[law], lang),
                          f_law=num(held[law], lang))
    )  # fmt: skip
    return out


def _deadline_rows(tables: dict, lang: str) -> list[list[str]]:
    w = WORDS[lang]
    return [
        [w["req"].get(r.requirement, r.requirement), str(int(r.year)),
         pct(r.probability_robust, lang), pct(r.probability_forecast, lang),
         num(r.mean_shortfall_robust, lang), num(r.mean_shortfall_forecast, lang)]
        for r in tables["deadlines"].itertuples(index=False)
    ]  # fmt: skip


def _value_rows(summary: dict, lang: str) -> list[list[str]]:
    w = WORDS[lang]
    return [
        [w["tier"].get(k, k), num(summary["vss"][k], lang), num(summary["evpi"][k], lang)]
        for k in summary["vss"]
    ]


def _title(summary: dict, lang: str) -> str:
    w = WORDS[lang]
    if not summary["commit"]:
        return w["title0"].format(n=summary["samples"])
    first = summary["committed_through"] - summary["commit"] + 1
    return w["title"].format(n=summary["samples"], first=first, last=summary["committed_through"])


def robust_text(summary: dict, tables: dict, lang: str = "en") -> str:
    """The terminal account: the lead, the deadlines side by side, VSS and EVPI."""
    w = WORDS[lang]
    lines = [_title(summary, lang), *lead(summary, tables, lang), "", w["deadlines"] + ":"]
    for row in _deadline_rows(tables, lang):
        lines.append(f"  {row[0]} {row[1]}: {row[2]} ({w['dhead'][3]}: {row[3]})")
    lines += ["", w["values"] + ":"]
    for row in _value_rows(summary, lang):
        lines.append(f"  {row[0]}: VSS {row[1]}, EVPI {row[2]}")
    return "\n".join(lines)


def render_robust(summary: dict, tables: dict, lang: str = "en") -> str:
    """The HTML page (module doc)."""
    w = WORDS[lang]
    acts = tables["actions"]
    rows = [
        [str(r.board), str(r.action), str(int(r.start_year)),
         num(r.amount, lang) + (" öre" if r.board == "region" else "")]
        for r in acts.itertuples(index=False)
    ]
    body = [
        f"<h1>{escape(_title(summary, lang))}</h1>",
        *(f'<p class="lead">{escape(s)}</p>' for s in lead(summary, tables, lang)),
        f"<h2>{escape(w['deadlines'])}</h2>",
        table(w["dhead"], _deadline_rows(tables, lang), {2, 3, 4, 5}),
        f"<h2>{escape(w['values'])}</h2>",
        table(w["vhead"], _value_rows(summary, lang), {1, 2}),
        f"<h2>{escape(w['actions'])}</h2>",
        table(w["ahead"], rows, {3}),
    ]
    return page(_title(summary, lang), lang, "\n".join(body))
