"""The HTML report of a comparison: the single report's content with the plans side by side.

Same page, CSS and escaping as ``html.py``; the numbers come from ``CompareView``. Changes are
against the reference plan: ``value (+change)``.
"""

from __future__ import annotations

from html import escape

from optimizer.report.html.plan import NARROW, figure, fmt0, page, section, table_html
from optimizer.report.svg import charts as svg
from optimizer.report.view.compare import CompareView
from optimizer.report.view.price import priority_price
from optimizer.report.words.labels import Labels
from optimizer.results import palette

CSS = """
.runs { display:grid; grid-template-columns:1fr; gap:8px; }
td.new, .legendnote span.new { background:#e8f0fe; }
td.gone, .legendnote span.gone { background:#fce8e6; }
section.price { border:2px solid var(--accent); border-radius:8px; padding:4px 18px 8px;
  margin:16px 0; }
section.price h2 { border-top:none; margin-top:8px; }
section.price li { margin:4px 0; }
"""


def render_compare_html(comparison: object, lang: str = "en") -> str:
    """The whole comparison as one HTML document."""
    L = Labels(lang, html=True)
    cv = CompareView(comparison, L)
    scenario = str(cv.ref.s.get("scenario", ""))
    parts = [
        f"<header><h1>{escape(L('compare_title'))}: {escape(scenario)}</h1>"
        f'<p class="sub">{escape(L("cmp_lead_brackets", ref=cv.reference))}</p></header>',
    ]
    for name in cv.names:
        said = priority_price(cv, name)
        if said:
            items = "".join(f"<li>{escape(t)}</li>" for t in said)
            parts.append(
                f'<section class="price"><h2>{escape(L("price_title", name=name))}</h2>'
                f"<ul>{items}</ul></section>"
            )
    parts.append(section(L("cmp_headline"), table_html(cv.headline())))
    if cv.years:
        years = [str(y) for y in cv.years]
        target = [float(v) for v in cv.ref.r.region["target"]] if cv.ref.has_plan else []
        mile = [float(v) for v in cv.ref.r.region["milestone"]] if cv.ref.has_plan else []
        lines = _lines(cv, lambda v: v.savings_per_year())
        parts.append(
            section(
                L("sec_savings_year"),
                figure(
                    *(
                        svg.column_chart(
                            years,
                            lines,
                            fmt=fmt0(L),
                            title=L("sec_savings_year"),
                            stacked=False,
                            width=w,
                            unit=L("unit"),
                        )
                        for w in (860, NARROW)
                    )
                ),
            )
        )
        res = _lines(cv, lambda v: _by_year(v, "result"), as_lines=True)
        bal = _lines(cv, lambda v: _by_year(v, "balance"), as_lines=True)
        parts.append(
            "<div class=grid2><div>"
            + section(
                L("sec_result"),
                figure(
                    *(
                        svg.column_chart(
                            years,
                            (),
                            fmt=fmt0(L),
                            title=L("sec_result"),
                            lines=res,
                            markers=[svg.Series(L("target"), target, svg.INK)],
                            width=w,
                            unit=L("unit"),
                        )
                        for w in (520, NARROW)
                    )
                ),
            )
            + "</div><div>"
            + section(
                L("sec_balance"),
                figure(
                    *(
                        svg.column_chart(
                            years,
                            (),
                            fmt=fmt0(L),
                            title=L("sec_balance"),
                            lines=bal,
                            markers=[
                                svg.Series(L("milestone"), mile, palette.MILESTONE, shape="diamond")
                            ],
                            width=w,
                            unit=L("unit"),
                        )
                        for w in (520, NARROW)
                    )
                ),
            )
            + "</div></div>"
        )
        last = cv.years[-1]
        for by, title in (("board", L("sec_board")), ("category", L("sec_category"))):
            m = cv.last_year_matrix(by)
            name = cv.ref.board if by == "board" else L.category
            bars = [
                svg.Series(name(k), [float(m.loc[k].get(n, 0.0)) for n in cv.names], svg.color(i))
                for i, k in enumerate(m.index)
            ]
            chart = [
                svg.column_chart(
                    cv.names, bars, fmt=fmt0(L), title=title, totals=True, width=w, unit=L("unit")
                )
                for w in (860, NARROW)
            ]
            parts.append(
                section(
                    f"{title} {L('cmp_last', year=last)}",
                    figure(*chart),
                    table_html(cv.last_year_table(by), True),
                )
            )
        margins = "".join(
            f"<div><h3>{escape(n)}</h3>{table_html(cv.views[n].margins(long=False))}</div>"
            for n in cv.names
            if cv.views[n].has_margins
        )
        if margins:
            parts.append(
                section(
                    L("sec_margin"), f'<div class="runs">{margins}</div>', lead=L("sec_margin_lead")
                )
            )
        parts.append(
            section(
                L("sec_duals"),
                table_html(cv.prices()),
                lead=L("sec_duals_lead", objective=cv.ref.objective_words()),
            )
        )
        legend = (
            f'<p class="legendnote"><span class="new">{escape(L("cmp_new"))}</span>'
            f'<span class="gone">{escape(L("cmp_gone"))}</span></p>'
        )
        actions = table_html(cv.actions())  # sets cv.changes_only
        parts.append(section(L("sec_actions"), legend, actions, lead=L(_actions_lead(cv))))
    about = "".join(
        f"<dt>{escape(n)}</dt><dd>{escape(' · '.join(v for _, v in cv.views[n].about()[1:3]))}</dd>"
        for n in cv.names
    )
    parts += [
        f'<h2 class="appendix">{escape(L("sec_appendix"))}</h2>',
        section(L("impact"), table_html(cv.harm()), lead=L("cmp_harm_lead")),
        section(L("sec_about"), f'<dl class="about">{about}</dl>'),
    ]
    return page(f"{L('compare_title')}: {scenario}", lang, "\n".join(parts), CSS)


def _actions_lead(cv: CompareView) -> str:
    return "cmp_changes_lead" if cv.changes_only else "cmp_actions_lead"


def _lines(cv: CompareView, get, as_lines: bool = False) -> list[svg.Series]:
    return [
        svg.Series(name, values, svg.color(i), dashed=as_lines and name != cv.reference)
        for i, (name, values) in enumerate(cv.series(get))
    ]


def _by_year(view, column: str) -> dict[int, float]:
    region = view.r.region
    return {int(y): float(v) for y, v in zip(region["year"], region[column], strict=True)}
