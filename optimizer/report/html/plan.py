"""The HTML report of one solve: one self-contained file that opens offline and prints.

No script, no external font, stylesheet or image: the CSS is inline, the charts are inline SVG
(``svg.py``), and every text from the user's files is escaped with ``html.escape``. The content is
the ``View`` of ``view.py``: headline numbers, result against target, accumulated balance against
milestones, savings by board and by kind of action, frame margins, what each binding requirement
costs, and the action table.
"""

from __future__ import annotations

from html import escape

from optimizer.report.html.css import CSS
from optimizer.report.svg import bridge as svg_bridge
from optimizer.report.svg import charts as svg
from optimizer.report.view import frames, law, staff, summary
from optimizer.report.view import notes as fv
from optimizer.report.view.blocks import changes_shown
from optimizer.report.view.plan import Card, Table, View
from optimizer.report.words.labels import Labels
from optimizer.results import palette
from optimizer.results.core import Results


def page(title: str, lang: str, body: str, css: str = "") -> str:
    """A complete HTML document around ``body`` (already escaped HTML); ``css`` is added."""
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}{css}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def table_html(table: Table, total_row: bool = False) -> str:
    """A ``Table`` as HTML; numeric columns right-aligned, tones as cell classes."""
    if table.empty:
        return ""
    head = "".join(
        f'<th{" class=num" if num else ""} scope="col">{escape(c)}</th>'
        for c, num in zip(table.columns, table.numeric, strict=True)
    )
    labels = [escape(c, quote=True) for c in table.columns]  # each cell's header, on a phone
    body = []
    for i, row in enumerate(table.rows):
        tones = table.tones[i] if i < len(table.tones) else [""] * len(row)
        cells = []
        for j, cell in enumerate(row):
            cls = " ".join(c for c in ("num" if table.numeric[j] else "", tones[j]) if c)
            attr = f' class="{cls}"' if cls else ""
            cells.append(f'<td{attr} data-label="{labels[j]}">{escape(cell)}</td>')
        last = total_row and i == len(table.rows) - 1
        body.append(f"<tr{' class=total' if last else ''}>{''.join(cells)}</tr>")
    more = f'<p class="more">{escape(table.more)}</p>' if table.more else ""
    return f'<div class="wide"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>{more}'


def cards_html(cards: list[Card]) -> str:
    items = []
    for c in cards:
        cls = " ".join(x for x in ("card", c.tone if c.tone != "neutral" else "", "") if x)
        note = f'<div class="note">{escape(c.note)}</div>' if c.note else ""
        key = f' data-key="{escape(c.key)}"' if c.key else ""
        items.append(
            f'<div class="{cls}"{key}><div class="label">{escape(c.label)}</div>'
            f'<div class="value">{escape(c.value)}</div>{note}</div>'
        )
    return f'<section class="cards">{"".join(items)}</section>'


def section(title: str, *parts: str, lead: str = "", key: str = "") -> str:
    """A titled section; ``key`` becomes ``data-key`` (what tests and readers' tools look for)."""
    lead_html = f'<p class="lead">{escape(lead)}</p>' if lead else ""
    data = f' data-key="{escape(key)}"' if key else ""
    return f"<section{data}><h2>{escape(title)}</h2>{lead_html}{''.join(parts)}</section>"


NARROW = 420  # the width a chart is drawn at for a phone (its text then stays >= 9 px)


def figure(chart: str, narrow: str = "") -> str:
    """A chart; with ``narrow``, a second drawing of it for phones (CSS shows one of the two)."""
    if not narrow:
        return f"<figure>{chart}</figure>"
    return (
        f'<figure><div class="chart-wide">{chart}</div>'
        f'<div class="chart-narrow">{narrow}</div></figure>'
    )


def both(draw, *args) -> str:
    """The legend in HTML (it wraps and keeps its size on a phone), then ``figure`` of
    ``draw(*args)`` and of ``draw(*args, width=NARROW)``, both drawn without a legend."""
    items: list = []
    wide = draw(*args, items=items)
    return svg.legend_html(items) + figure(wide, draw(*args, width=NARROW, items=[]))


def fmt0(L: Labels):
    return lambda v: L.num(v, 0)


def result_chart(view: View, width: int | None = None, items: list | None = None) -> str:
    """Result per year as columns (red where below target), target as a black tick."""
    L, region = view.L, view.r.region
    years = [L.year(y) for y in region["year"]]
    below = [
        r.result if r.target == r.target and r.result < r.target - 1e-6 else float("nan")
        for r in region.itertuples()
    ]
    meets = [
        r.result if b != b else float("nan")
        for r, b in zip(region.itertuples(), below, strict=True)
    ]
    bars = [svg.Series(L("result"), meets, svg.PALETTE[0])]
    if any(b == b for b in below):
        bars.append(svg.Series(f"{L('result')} ({L('not_met')})", below, palette.BAD))
    markers = [svg.Series(L("target"), list(region["target"]), svg.INK)]
    if items is not None:  # the caller shows the legend in HTML
        items += svg.legend_of(bars, (), markers)
    return svg.column_chart(
        years,
        bars,
        legend=items is None,
        fmt=fmt0(L),
        title=L("sec_result"),
        markers=markers,
        width=width or 520,
        plot_height=200,
        unit=L("unit"),
    )


def balance_chart(view: View, width: int | None = None, items: list | None = None) -> str:
    """Accumulated balance as a line, milestones as diamonds."""
    L, region = view.L, view.r.region
    years = [L.year(y) for y in region["year"]]
    lines = [svg.Series(L("balance"), list(region["balance"]), svg.PALETTE[0])]
    markers = [
        svg.Series(L("milestone"), list(region["milestone"]), palette.MILESTONE, shape="diamond")
    ]
    if items is not None:
        items += svg.legend_of((), lines, markers)
    return svg.column_chart(
        years,
        (),
        legend=items is None,
        fmt=fmt0(L),
        title=L("sec_balance"),
        lines=lines,
        markers=markers,
        width=width or 520,
        plot_height=200,
        unit=L("unit"),
    )


def savings_chart(view: View, by: str, width: int | None = None, items: list | None = None) -> str:
    """Savings per year stacked by board or by kind of action, totals on top."""
    L = view.L
    m = view.savings_matrix(by)
    name = view.board if by == "board" else L.category
    bars = [svg.Series(name(k), list(m.loc[k]), svg.color(i)) for i, k in enumerate(m.index)]
    title = L("sec_board") if by == "board" else L("sec_category")
    if items is not None:
        items += svg.legend_of(bars)
    return svg.column_chart(
        [str(y) for y in m.columns],
        bars,
        legend=items is None,
        fmt=fmt0(L),
        title=title,
        totals=True,
        width=width or 860,
        unit=L("unit_year"),
    )


def prices_chart(view: View, caps: bool) -> str:
    labels, values, more = view.prices(caps)
    if not labels:
        return f'<p class="lead">{escape(view.no_prices())}</p>'
    drawn = [
        svg.bar_list(
            labels,
            values,
            fmt=lambda v: view.L.num(v, 2),
            title=view.L("sec_caps" if caps else "sec_duals"),
            bar_color=svg.PALETTE[1] if caps else svg.PALETTE[5],
            width=width,
        )
        for width in (860, NARROW)
    ]
    tail = f'<p class="more">{escape(view.L("more_rows", n=more))}</p>' if more else ""
    return figure(*drawn) + tail


def margin_legend(L: Labels) -> str:
    words = {
        "en": ("over the frame", "at the frame", "below the frame"),
        "sv": ("över ramen", "på ramen", "under ramen"),
    }[L.lang]
    spans = "".join(
        f'<span style="background:{bg}">{escape(w)}</span>'
        for bg, w in zip(("#fce8e6", "#f6f6f6", "#e6f4ea"), words, strict=True)
    )
    return f'<p class="legendnote">{spans}</p>'


def summary_html(view: View) -> str:
    """The one-page summary: four sentences and a bridge per deadline year (page 1 in print)."""
    L = view.L
    items = "".join(f"<li>{escape(t)}</li>" for t in summary.sentences(view))
    charts = []
    for year in summary.deadline_years(view):
        br = summary.bridge(view, year)
        drawn = [
            svg_bridge.bridge_chart(
                br.steps,
                requirement=br.requirement,
                requirement_label=br.requirement_label,
                fmt=fmt0(L),
                note=lambda v, r=br.revenue: f"({L.percent(v / r)})" if r else "",
                title=L("sec_bridge", year=year),
                unit=L("unit"),
                width=width,
            )
            for width in (860, NARROW)
        ]
        charts.append(f"<h3>{escape(L('sec_bridge', year=year))}</h3>{figure(*drawn)}")
    lead = f'<p class="lead">{escape(L("bridge_lead"))}</p>'
    return (
        f'<section class="summary" data-key="summary"><ul class="sentences">{items}</ul>'
        f"{cards_html(view.cards())}{lead}{''.join(charts)}</section>"
    )


def render_html(results: Results, lang: str = "en") -> str:
    """The whole report of one solve as an HTML document: the one-page summary first, then
    results and savings, then an appendix with the harm score, prices and actions."""
    L = Labels(lang, html=True)
    view = View(results, L)
    s = results.summary
    text, tone = view.status()
    parts = [
        f"<header><h1>{escape(L('title'))}: {escape(str(s.get('scenario', '')))}</h1>"
        f'<p class="sub">{escape(L("priorities"))}: {escape(view.priorities())}'
        f" · {escape(L('overrides'))}: {escape(', '.join(changes_shown(s, lang)) or L('none'))}</p></header>",
        f'<div class="banner {tone}" role="status">{escape(text)}</div>',
    ]
    if view.conflict():
        parts.append(conflict_html(view))
    if not view.has_plan:
        parts.append(f'<p class="lead">{escape(L("no_plan"))}</p>')
        return page(L("title"), lang, "\n".join(parts) + about_html(view))
    parts.append(summary_html(view))
    parts += [f'<p class="lead">{escape(n)}</p>' for n in fv.notes(s, L)]  # section 9: tax, MIP
    proposed = frames.frames(view)
    if proposed is not None:
        table, lead = proposed
        parts.append(section(L("frames_title"), table_html(table), lead=lead, key="frames"))
    short = view.shortfall()
    if not short.empty:
        parts.append(section(L("shortfall_title"), table_html(short), lead=L("shortfall_lead")))
    parts += [
        "<div class=grid2><div>"
        + section(L("sec_result"), both(result_chart, view), lead=L("sec_result_lead"))
        + "</div><div>"
        + section(L("sec_balance"), both(balance_chart, view), lead=L("sec_balance_lead"))
        + "</div></div>",
        table_html(view.region()),
    ]
    recon = law.reconciliation(view)
    if recon is not None:
        parts.append(
            section(
                L("reconciliation_title"),
                table_html(recon),
                lead=L("reconciliation_lead"),
                key="reconciliation",
            )
        )
    parts += [
        section(
            L("sec_board"),
            both(savings_chart, view, "board"),
            table_html(view.savings_table("board"), True),
            lead=L("sec_savings_lead"),
            key="by_board",
        ),
        staff_html(view),
        section(
            L("sec_category"),
            both(savings_chart, view, "category"),
            table_html(view.savings_table("category"), True),
        ),
        section(
            L("sec_margin"), margin_legend(L), table_html(view.margins()), lead=L("sec_margin_lead")
        )
        if view.has_margins
        else "",
        f'<h2 class="appendix">{escape(L("sec_appendix"))}</h2>',
        section(
            L("impact"),
            cards_html([view.impact_card()]),
            f'<p class="lead">{escape(L("impact_help"))}</p>',
        ),
        section(
            L("sec_duals"),
            prices_chart(view, caps=False),
            lead=L("sec_duals_lead", objective=view.objective_words()),
            key="prices",
        ),
        section(
            L("sec_caps"),
            prices_chart(view, caps=True),
            lead=L("sec_caps_lead", objective=view.objective_words()),
            key="caps",
        ),
        section(
            L("sec_actions"),
            table_html(view.actions(), True),
            f'<p class="lead">{escape(view.actions_reconciled())}</p>',
            lead=L("sec_actions_lead"),
            key="actions",
        ),
    ]
    if not view.committed().empty:
        committed = table_html(view.committed())
        parts.append(section(L("sec_committed"), committed, lead=view.committed_lead()))
    if not view.protected().empty:
        parts.append(section(L("sec_protected"), table_html(view.protected())))
    if not view.liquidity().empty:
        parts.append(section(L("sec_liquidity"), table_html(view.liquidity())))
    return page(f"{L('title')}: {s.get('scenario', '')}", lang, "\n".join(parts) + about_html(view))


def staff_html(view: View) -> str:
    """The staff change per board and year, where the results have ``staff.csv``."""
    table = staff.staff(view)
    if table is None:
        return ""
    L = view.L
    return section(L("staff_title"), table_html(table, True), lead=L("staff_lead"), key="staff")


def conflict_html(view: View) -> str:
    """The requirements in conflict, with their values, and the least relaxations."""
    L = view.L
    items = "".join(f"<li>{escape(c)}</li>" for c in view.conflict())
    relax = view.relaxations()
    more = ""
    if relax:
        more = (
            f"<h3>{escape(L('relax_title'))}</h3><p class=lead>{escape(L('relax_lead'))}</p>"
            + "<ul>"
            + "".join(f"<li>{escape(r)}</li>" for r in relax)
            + "</ul>"
        )
    return section(L("conflict_title"), f"<ul>{items}</ul>", more)


def about_html(view: View) -> str:
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in view.about())
    return section(view.L("sec_about"), f'<dl class="about">{items}</dl>')
