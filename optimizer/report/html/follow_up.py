"""The follow-up report as one self-contained HTML file (MODEL.md 10.3): the deviation bridge of
each closed year first (planned result, each board's cost deviation, the realised result), then
the costs by board, the actions and the deadlines."""

from __future__ import annotations

from html import escape

from optimizer.report.html.plan import NARROW, figure, fmt0, page, section, table_html
from optimizer.report.svg import bridge as svg_bridge
from optimizer.report.view.follow_up import FollowUpView
from optimizer.round.follow_up import FollowUp


def render_follow_up_html(f: FollowUp, lang: str = "en") -> str:
    """The whole follow-up report (``lang`` en or sv)."""
    view = FollowUpView(f, lang, html=True)
    L = view.L
    charts = []
    for year in view.years:
        steps = view.bridge_steps(year)
        drawn = [
            svg_bridge.bridge_chart(
                steps,
                requirement=float("nan"),
                requirement_label="",
                fmt=fmt0(L),
                note=lambda v: "",
                title=L("fu_bridge", year=year),
                unit=L("unit"),
                width=width,
            )
            for width in (860, NARROW)
        ]
        charts.append(f"<h3>{escape(L('fu_bridge', year=year))}</h3>{figure(*drawn)}")
    parts = [
        f"<h1>{escape(view.title())}</h1>",
        section(L("fu_bridge", year=L.join([str(t) for t in view.years])), *charts,
                lead=view.intro(), key="bridge"),  # fmt: skip
        section(L("fu_boards"), table_html(view.boards())),
        section(L("fu_actions"), table_html(view.actions()), lead=L("fu_actions_lead")),
    ]
    deadlines = view.deadlines()
    parts.append(
        section(L("fu_deadlines"), table_html(deadlines), lead=L("fu_deadlines_lead"))
        if not deadlines.empty
        else section(L("fu_deadlines"), f"<p>{escape(L('fu_no_deficits'))}</p>")
    )
    return page(view.title(), lang, "\n".join(parts))
