"""The robust plan in words: terminal text and an HTML page (Swedish or English).

Opens with what to commit now, what it costs beyond the forecast's plan and how much safer it
is (the probability per deadline, both plans side by side). Reads only the robust tables and
summary (``batch.futures.robust.Robust.summary``)."""

from __future__ import annotations

from html import escape

from optimizer.report.futures.common import num, page, pct, table
from optimizer.report.words.futures import RISK_WORDS, ROBUST_WORDS


def _risk(text: str, lang: str) -> str:
    kind, _, alpha = text.partition(":")
    return RISK_WORDS[lang][kind].format(a=alpha)


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
    w = ROBUST_WORDS[lang]
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
    w = ROBUST_WORDS[lang]
    return [
        [w["req"].get(r.requirement, r.requirement), str(int(r.year)),
         pct(r.probability_robust, lang), pct(r.probability_forecast, lang),
         num(r.mean_shortfall_robust, lang), num(r.mean_shortfall_forecast, lang)]
        for r in tables["deadlines"].itertuples(index=False)
    ]  # fmt: skip


def _value_rows(summary: dict, lang: str) -> list[list[str]]:
    w = ROBUST_WORDS[lang]
    return [
        [w["tier"].get(k, k), num(summary["vss"][k], lang), num(summary["evpi"][k], lang)]
        for k in summary["vss"]
    ]


def _title(summary: dict, lang: str) -> str:
    w = ROBUST_WORDS[lang]
    if not summary["commit"]:
        return w["title0"].format(n=summary["samples"])
    first = summary["committed_through"] - summary["commit"] + 1
    return w["title"].format(n=summary["samples"], first=first, last=summary["committed_through"])


def robust_text(summary: dict, tables: dict, lang: str = "en") -> str:
    """The terminal account: the lead, the deadlines side by side, VSS and EVPI."""
    w = ROBUST_WORDS[lang]
    lines = [_title(summary, lang), *lead(summary, tables, lang), "", w["deadlines"] + ":"]
    for row in _deadline_rows(tables, lang):
        lines.append(f"  {row[0]} {row[1]}: {row[2]} ({w['dhead'][3]}: {row[3]})")
    lines += ["", w["values"] + ":"]
    for row in _value_rows(summary, lang):
        lines.append(f"  {row[0]}: VSS {row[1]}, EVPI {row[2]}")
    return "\n".join(lines)


def render_robust(summary: dict, tables: dict, lang: str = "en") -> str:
    """The HTML page (module doc)."""
    w = ROBUST_WORDS[lang]
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
