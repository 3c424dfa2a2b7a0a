"""Reports read ``Results`` only: terminal text, HTML, Markdown, Excel and comparisons.

``render(results, fmt, path, lang)`` writes the report of one solve and
``render_compare(comparison, fmt, path, lang)`` the side-by-side report of several; ``fmt`` is
``html``, ``md`` or ``xlsx``. Text formats are written atomically (a temporary sibling renamed
into place).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from optimizer.report.excel.compare import write_compare
from optimizer.report.excel.workbook import write_report
from optimizer.report.html.compare import render_compare_html
from optimizer.report.html.plan import render_html
from optimizer.report.markdown import render_compare_markdown, render_markdown
from optimizer.results.core import file_mode
from optimizer.results.folder import FILE_MARKER

FORMATS = ("html", "md", "xlsx")
SUFFIX = {"html": ".html", "md": ".md", "xlsx": ".xlsx"}


def check_format(fmt: str, compare: bool = False) -> None:
    """Raise ``ValueError`` for an unknown format."""
    if fmt not in FORMATS:
        raise ValueError(f"report format {fmt!r}: expected one of {', '.join(FORMATS)}")


def _write_text(text: str, path: str | os.PathLike) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.write(("" if text.endswith("\n") else "\n") + FILE_MARKER + "\n")
        os.chmod(tmp, file_mode())  # mkstemp makes it 0600; a report is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def render(results, fmt: str, path: str | os.PathLike, lang: str = "en") -> Path:
    """Write the report of one solve (``Results``) as ``fmt`` to ``path``; returns the path."""
    check_format(fmt)
    if fmt == "xlsx":
        return write_report(results, path, lang=lang)
    return _write_text(render_text(results, fmt, lang), path)


def render_text(results, fmt: str, lang: str = "en") -> str:
    """The report of one solve as text: ``fmt`` ``html`` or ``md`` (not ``xlsx``)."""
    if fmt not in ("html", "md"):
        raise ValueError(f"report format {fmt!r}: expected html or md as text")
    return render_html(results, lang) if fmt == "html" else render_markdown(results, lang)


def render_compare(comparison, fmt: str, path: str | os.PathLike, lang: str = "en") -> Path:
    """Write a side-by-side report of several solves.

    ``comparison``: a mapping ``{name: Results}``, a list of ``Results``, or an object with
    ``runs`` (or ``results``) holding either and optionally ``reference`` (a run's name); see
    ``view.compare.runs_of``.
    """
    check_format(fmt, compare=True)
    if fmt == "xlsx":
        return write_compare(comparison, path, lang=lang)
    if fmt == "html":
        return _write_text(render_compare_html(comparison, lang), path)
    return _write_text(render_compare_markdown(comparison, lang), path)
