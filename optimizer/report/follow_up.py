"""The follow-up reports (MODEL.md 10.3) in both languages, as files for the follow-up folder:
``follow_up.sv.<ext>`` and ``follow_up.en.<ext>``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from optimizer.report.excel.follow_up import write_follow_up_xlsx
from optimizer.report.html.follow_up import render_follow_up_html
from optimizer.report.markdown_follow_up import render_follow_up_markdown
from optimizer.round.follow_up import FollowUp

LANGUAGES = ("sv", "en")


def report_files(f: FollowUp, fmt: str) -> Callable[[Path], None]:
    """A function writing the report in ``fmt`` (html, md, xlsx) in both languages into a
    folder (the follow-up folder being filled)."""

    def fill(folder: Path) -> None:
        for lang in LANGUAGES:
            target = folder / f"follow_up.{lang}.{fmt}"
            if fmt == "xlsx":
                write_follow_up_xlsx(f, target, lang)
            elif fmt == "md":
                target.write_text(render_follow_up_markdown(f, lang), encoding="utf-8")
            else:
                target.write_text(render_follow_up_html(f, lang), encoding="utf-8")

    return fill
