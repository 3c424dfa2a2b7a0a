"""The Markdown report: the HTML report's content as text and tables (no charts).

Same ``View``/``CompareView`` as the HTML report, so the same figures. User text is escaped
(``md_escape``: links, images, emphasis, code, ``|``, ``<``, ``>``, ``&``, line breaks), so a
name cannot break a table, become a link or inject HTML into a rendered page.
"""

from __future__ import annotations

from optimizer.report.view import frames, law, staff, summary
from optimizer.report.view import notes as fv
from optimizer.report.view.blocks import changes_shown
from optimizer.report.view.compare import CompareView
from optimizer.report.view.plan import Table, View
from optimizer.report.view.price import priority_price
from optimizer.report.words.labels import Labels
from optimizer.results.core import Results

_MD_SPECIAL = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]!#~|"}
    | {"<": "&lt;", ">": "&gt;", "&": "&amp;", "\r": " ", "\n": " "}
)


def md_escape(text: object) -> str:
    """Text that renders as itself anywhere in a Markdown line (a table cell, a heading, a list
    item): the characters of links, images, emphasis, code, headings and tables are
    backslash-escaped, ``<``, ``>`` and ``&`` written as entities (no HTML, no autolink), line
    breaks as spaces. ``[x](javascript:alert(1))`` renders as that text, not as a link."""
    return str(text).translate(_MD_SPECIAL)


def md_table(table: Table) -> str:
    """A ``Table`` as a pipe table; numeric columns right-aligned; problem cells in bold."""
    if table.empty:
        return ""
    head = "| " + " | ".join(md_escape(c) for c in table.columns) + " |"
    rule = "|" + "|".join("---:" if num else "---" for num in table.numeric) + "|"
    lines = [head, rule]
    for i, row in enumerate(table.rows):
        tones = table.tones[i] if i < len(table.tones) else [""] * len(row)
        cells = [
            f"**{md_escape(c)}**" if tone == "bad" and c else md_escape(c)
            for c, tone in zip(row, tones, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if table.more:
        lines += ["", md_escape(table.more)]
    return "\n".join(lines)


def _section(title: str, *parts: str, lead: str = "") -> str:
    body = [f"## {md_escape(title)}", ""]
    if lead:
        body += [md_escape(lead), ""]
    body += [p for p in parts if p]
    return "\n".join(body)


def render_markdown(results: Results, lang: str = "en") -> str:
    """The whole report of one solve as Markdown."""
    L = Labels(lang)
    view = View(results, L)
    s = results.summary
    text, tone = view.status()
    parts = [
        f"# {md_escape(L('title'))}: {md_escape(s.get('scenario', ''))}",
        f"{md_escape(L('priorities'))}: {md_escape(view.priorities())} · "
        f"{md_escape(L('overrides'))}: {md_escape(', '.join(changes_shown(s, lang)) or L('none'))}",
        f"**{md_escape(text)}**" if tone == "good" else f"> **{md_escape(text)}**",
    ]
    cards = [
        f"- {md_escape(c.label)}: **{md_escape(c.value)}**"
        + (f" ({md_escape(c.note)})" if c.note else "")
        for c in view.cards()
    ]
    if cards:
        parts.append("\n".join(cards))
    if view.conflict():
        relax = "\n".join(f"- {md_escape(r)}" for r in view.relaxations())
        parts.append(
            _section(L("conflict_title"), "\n".join(f"- {md_escape(c)}" for c in view.conflict()))
            + (f"\n\n### {md_escape(L('relax_title'))}\n\n{relax}" if relax else "")
        )
    if not view.has_plan:
        parts.append(L("no_plan"))
        return "\n\n".join([p for p in parts if p] + [_about(view)]) + "\n"
    parts.append("\n".join(f"- {md_escape(t)}" for t in summary.sentences(view)))
    parts += [md_escape(n) for n in fv.notes(results.summary, L)]  # section 9: tax, MIP
    for year in summary.deadline_years(view):
        head, rows = summary.bridge_table(view, summary.bridge(view, year))
        bridge = Table(head, rows, [False, True, True])
        parts.append(
            _section(L("sec_bridge", year=year), md_table(bridge), lead=L("bridge_lead_table"))
        )
    if not view.shortfall().empty:
        parts.append(
            _section(L("shortfall_title"), md_table(view.shortfall()), lead=L("shortfall_lead"))
        )
    objective = view.objective_words()
    parts += finance_sections(view)
    parts += [
        _section(
            L("sec_result") + " · " + L("sec_balance"),
            md_table(view.region()),
            lead=L("sec_balance_lead"),
        ),
        _section(L("sec_board"), md_table(view.savings_table("board")), lead=L("sec_savings_lead")),
        _section(L("sec_category"), md_table(view.savings_table("category"))),
        _section(L("sec_margin"), md_table(view.margins()), lead=L("sec_margin_lead"))
        if view.has_margins
        else "",
        f"## {md_escape(L('sec_appendix'))}",
        _section(
            L("impact"),
            f"**{md_escape(view.impact_card().value)}** ({md_escape(L('impact_note'))})",
            lead=L("impact_help"),
        ),
        _section(
            L("sec_duals"),
            md_table(view.prices_table(caps=False)) or view.no_prices(),
            lead=L("sec_duals_lead", objective=objective),
        ),
        _section(
            L("sec_caps"),
            md_table(view.prices_table(caps=True)) or view.no_prices(),
            lead=L("sec_caps_lead", objective=objective),
        ),
        _section(
            L("sec_actions"),
            md_table(view.actions()) + "\n\n" + md_escape(view.actions_reconciled()),
            lead=L("sec_actions_lead"),
        ),
    ]
    if not view.committed().empty:
        committed = md_table(view.committed())
        parts.append(_section(L("sec_committed"), committed, lead=view.committed_lead()))
    if not view.protected().empty:
        parts.append(_section(L("sec_protected"), md_table(view.protected())))
    if not view.liquidity().empty:
        parts.append(_section(L("sec_liquidity"), md_table(view.liquidity())))
    return "\n\n".join(parts + [_about(view)]) + "\n"


def finance_sections(view: View) -> list[str]:
    """Proposed frames, the balanskravsutredning and staff, where the results have them."""
    L, out = view.L, []
    proposed = frames.frames(view)
    if proposed is not None:
        out.append(_section(L("frames_title"), md_table(proposed[0]), lead=proposed[1]))
    for table, title, lead in (
        (law.reconciliation(view), "reconciliation_title", "reconciliation_lead"),
        (staff.staff(view), "staff_title", "staff_lead"),
    ):
        if table is not None:
            out.append(_section(L(title), md_table(table), lead=L(lead)))
    return out


def _about(view: View) -> str:
    return _section(
        view.L("sec_about"), "\n".join(f"- {md_escape(k)}: {md_escape(v)}" for k, v in view.about())
    )


def render_compare_markdown(comparison: object, lang: str = "en") -> str:
    """A comparison as Markdown: headline numbers, savings, prices and actions side by side."""
    L = Labels(lang)
    cv = CompareView(comparison, L)
    parts = [
        f"# {md_escape(L('compare_title'))}: {md_escape(cv.ref.s.get('scenario', ''))}",
        md_escape(f"{L('reference').capitalize()}: {cv.reference}"),
    ]
    for name in cv.names:
        said = priority_price(cv, name)
        if said:
            items = "\n".join(f"- {md_escape(t)}" for t in said)
            parts.append(f"## {md_escape(L('price_title', name=name))}\n\n{items}")
    parts.append(_section(L("cmp_headline"), md_table(cv.headline())))
    if cv.years:
        last = cv.years[-1]
        parts += [
            _section(f"{L('sec_board')} {last}", md_table(cv.last_year_table("board"))),
            _section(f"{L('sec_category')} {last}", md_table(cv.last_year_table("category"))),
        ]
        margins = [
            f"### {md_escape(n)}\n\n{md_table(cv.views[n].margins(long=False))}"
            for n in cv.names
            if cv.views[n].has_margins
        ]
        if margins:
            parts.append(_section(L("sec_margin"), "\n\n".join(margins), lead=L("sec_margin_lead")))
        parts.append(
            _section(
                L("sec_duals"),
                md_table(cv.prices()),
                lead=L("sec_duals_lead", objective=cv.ref.objective_words()),
            )
        )
        actions = md_table(cv.actions())  # sets cv.changes_only
        lead = L("cmp_changes_lead" if cv.changes_only else "cmp_actions_lead")
        parts.append(_section(L("sec_actions"), actions, lead=lead))
    parts += [
        f"## {md_escape(L('sec_appendix'))}",
        _section(L("impact"), md_table(cv.harm()), lead=L("cmp_harm_lead")),
    ]
    return "\n\n".join(parts) + "\n"
