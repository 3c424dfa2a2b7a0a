"""The follow-up report as Markdown (MODEL.md 10.3): the deviation bridge of each closed year
first, as a table, then the costs by board, the actions and the deadlines."""

from __future__ import annotations

from optimizer.report.markdown import _section, md_escape, md_table
from optimizer.report.view.follow_up import FollowUpView
from optimizer.round.follow_up import FollowUp


def render_follow_up_markdown(f: FollowUp, lang: str = "en") -> str:
    """The whole follow-up report as Markdown (``lang`` en or sv)."""
    view = FollowUpView(f, lang)
    L = view.L
    parts = [f"# {md_escape(view.title())}", md_escape(view.intro())]
    parts += [md_table(view.bridge_table(year)) for year in view.years]
    parts.append(_section(L("fu_boards"), md_table(view.boards())))
    parts.append(_section(L("fu_actions"), md_table(view.actions()), lead=L("fu_actions_lead")))
    deadlines = view.deadlines()
    body = md_table(deadlines) if not deadlines.empty else md_escape(L("fu_no_deficits"))
    parts.append(_section(L("fu_deadlines"), body, lead=L("fu_deadlines_lead")))
    return "\n\n".join(parts) + "\n"
