"""Reports read ``Results`` only: terminal text, HTML, Markdown, Excel and comparisons.

``render(results, fmt, path, lang)`` writes the report of one solve and
``render_compare(comparison, fmt, path, lang)`` the side-by-side report of several; ``fmt`` is
``html``, ``md`` or ``xlsx`` (``xlsx`` through ``optimizer.report.excel.write_report`` where that
module exists). Text formats are written atomically (a temporary sibling renamed into place).
"""

from __future__ import annotations

import importlib
import inspect
import os
import tempfile
from pathlib import Path

FORMATS = ("html", "md", "xlsx")
SUFFIX = {"html": ".html", "md": ".md", "xlsx": ".xlsx"}


class ReportUnavailable(Exception):
    """The requested format cannot be written here (e.g. no Excel writer yet)."""


def _excel(name: str):
    try:
        module = importlib.import_module("optimizer.report.excel")
    except ModuleNotFoundError as exc:
        if exc.name == "optimizer.report.excel":
            raise ReportUnavailable("xlsx not available yet") from None
        raise
    writer = getattr(module, name, None)
    if writer is None:
        raise ReportUnavailable("xlsx not available yet")
    return writer


def check_format(fmt: str, compare: bool = False) -> None:
    """Raise ``ValueError`` for an unknown format, ``ReportUnavailable`` where none is written."""
    if fmt not in FORMATS:
        raise ValueError(f"report format {fmt!r}: expected one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        _excel("write_compare" if compare else "write_report")


def _write_text(text: str, path: str | os.PathLike) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _call_excel(writer, obj, path, lang: str) -> Path:
    params = inspect.signature(writer).parameters
    if "lang" in params:
        writer(obj, path, lang=lang)
    else:
        writer(obj, path)
    return Path(path)


def render(results, fmt: str, path: str | os.PathLike, lang: str = "en") -> Path:
    """Write the report of one solve (``Results``) as ``fmt`` to ``path``; returns the path."""
    check_format(fmt)
    if fmt == "xlsx":
        return _call_excel(_excel("write_report"), results, path, lang)
    if fmt == "html":
        from optimizer.report.html import render_html

        return _write_text(render_html(results, lang), path)
    from optimizer.report.markdown import render_markdown

    return _write_text(render_markdown(results, lang), path)


def render_compare(comparison, fmt: str, path: str | os.PathLike, lang: str = "en") -> Path:
    """Write a side-by-side report of several solves.

    ``comparison``: a mapping ``{name: Results}``, a list of ``Results``, or an object with
    ``runs`` (or ``results``) holding either and optionally ``reference`` (a run's name); see
    ``view_compare.runs_of``. ``xlsx`` goes to ``optimizer.report.excel.write_compare``.
    """
    check_format(fmt, compare=True)
    if fmt == "xlsx":
        return _call_excel(_excel("write_compare"), comparison, path, lang)
    if fmt == "html":
        from optimizer.report.html_compare import render_compare_html

        return _write_text(render_compare_html(comparison, lang), path)
    from optimizer.report.markdown import render_compare_markdown

    return _write_text(render_compare_markdown(comparison, lang), path)
