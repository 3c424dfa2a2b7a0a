"""The stress test in words: terminal text and an HTML page (Swedish or English).

Reads only the stress tables and summary (``batch.futures.stress.Stress``)."""

from __future__ import annotations

import math
from html import escape

from optimizer.report.futures.common import amount, fan_svg, num, page, pct, table
from optimizer.report.svg.charts import color
from optimizer.report.words.futures import STRESS_WORDS


def _rows(stress, lang: str) -> list[list[str]]:
    w = STRESS_WORDS[lang]
    reqs = stress.requirements
    failing = reqs[reqs["probability"] > 0].sort_values(
        ["tier", "probability"], ascending=[True, False], kind="stable",
        key=lambda c: c.map({"law": 0, "targets": 1, "frames": 2}) if c.name == "tier" else c,
    )  # fmt: skip
    rows = []
    for r in failing.itertuples(index=False):
        who = next((str(v) for v in (r.board, r.category) if isinstance(v, str) and v), "")
        unit = "mnkr" if lang == "sv" and r.unit == "MSEK" else ("åa" if lang == "sv" else r.unit)
        rows.append(
            [
                w["req"].get(r.requirement, r.requirement),
                who,
                "" if r.year is None or (isinstance(r.year, float) and math.isnan(r.year))
                else str(int(r.year)),
                pct(r.probability, lang),
                amount(r.mean_shortfall, lang),
                amount(r.p90_shortfall, lang),
                unit,
            ]
        )  # fmt: skip
    return rows


def _lead(stress, lang: str) -> str:
    s, w = stress.summary, STRESS_WORDS[lang]
    args = {"n": s["samples"], "seed": s["seed"], "law": pct(s["p_law_fails"], lang)}
    if s.get("nearest_deadline") is None:
        return w["lead_none"].format(**args)
    return w["lead"].format(
        **args, year=s["nearest_deadline"], near=pct(s["p_nearest_deadline"], lang)
    )


def stress_text(stress, lang: str = "en") -> str:
    """The terminal account: the lead and the failing requirements."""
    w = STRESS_WORDS[lang]
    lines = [w["title"].format(n=stress.summary["samples"]), _lead(stress, lang), ""]
    rows = _rows(stress, lang)
    if not rows:
        return "\n".join([*lines, w["none_fail"]])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(w["head"])]
    for r in [w["head"], *rows]:
        lines.append("  ".join(c.ljust(widths[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def render_stress(stress, lang: str = "en") -> str:
    """The HTML page: lead, fan chart of the result against the law, requirements, drivers."""
    w = STRESS_WORDS[lang]
    y = stress.years
    lines = [
        (w["law_min"], list(y["law_minimum"]), "#b00020"),
        (w["forecast"], list(y["forecast_result"]), color(2)),
    ]
    fan = fan_svg(list(y["year"]), list(y["result_p10"]), list(y["result_p50"]),
                  list(y["result_p90"]), lines, w["fan"], lang)  # fmt: skip
    rows = _rows(stress, lang)
    body = [
        f"<h1>{escape(w['title'].format(n=stress.summary['samples']))}</h1>",
        f'<p class="lead">{escape(_lead(stress, lang))}</p>',
        f"<h2>{escape(w['fan'])}</h2>{fan}",
        f"<h2>{escape(w['reqs'])}</h2>",
        table(w["head"], rows, {3, 4, 5}) if rows else f"<p>{escape(w['none_fail'])}</p>",
    ]
    year = stress.summary.get("nearest_deadline")
    if year is not None and len(stress.tornado):
        drivers = [
            [str(r.key), num(r.p10, lang, 4), num(r.p90, lang, 4), pct(r.p_fail_low, lang),
             pct(r.p_fail_high, lang), num(r.spearman, lang, 2)]
            for r in stress.tornado.itertuples(index=False)
        ]  # fmt: skip
        body += [f"<h2>{escape(w['drivers'].format(year=year))}</h2>",
                 table(w["dhead"], drivers, {1, 2, 3, 4, 5})]  # fmt: skip
    if len(stress.ledger):
        ledger = [
            [str(r.deficit_year), w["part"].get(r.part, r.part), str(r.statutory_deadline),
             str(r.decided_deadline), pct(r.probability_arises, lang),
             pct(r.probability_overdue, lang) if r.due_within_plan else w["after"],
             amount(r.mean_left, lang), amount(r.p90_left, lang)]
            for r in stress.ledger.itertuples(index=False)
        ]  # fmt: skip
        body += [f"<h2>{escape(w['ledger'])}</h2>", table(w["lhead"], ledger, {4, 5, 6, 7})]
    years = [
        [str(int(r.year)), num(r.result_p10, lang), num(r.result_p50, lang),
         num(r.result_p90, lang), num(r.law_minimum, lang), num(r.deficit_left_p10, lang),
         num(r.deficit_left_p50, lang), num(r.deficit_left_p90, lang)]
        for r in y.itertuples(index=False)
    ]  # fmt: skip
    body += [f"<h2>{escape(w['years'])}</h2>", table(w["yhead"], years, set(range(1, 8)))]
    return page(w["title"].format(n=stress.summary["samples"]), lang, "\n".join(body))
