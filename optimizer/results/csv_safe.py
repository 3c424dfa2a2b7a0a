"""CSV output a spreadsheet cannot execute: every CSV the tool writes goes through here.

A text cell (or a column name) that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel, LibreOffice and Google Sheets (CSV injection: an action id
``=HYPERLINK(...)`` would run when a colleague opens ``actions.csv``). ``write_csv`` writes such
a text with a leading apostrophe, as the xlsx writer marks it with a quote prefix; a text that
already starts with an apostrophe gets one more, so ``read_csv`` restores every text exactly.
Numbers are never touched (a negative number is a number, not a text).
"""

from __future__ import annotations

import os

import pandas as pd

RISKY = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value: object) -> object:
    """``value`` with an apostrophe before a risky (or apostrophe-led) text; others unchanged."""
    if isinstance(value, str) and value.startswith((*RISKY, QUOTE)):
        return QUOTE + value
    return value


def restore(value: object) -> object:
    """The inverse of ``neutralise``."""
    if isinstance(value, str) and value.startswith(QUOTE):
        return value[1:]
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name neutralised."""
    out = frame.rename(columns=neutralise)
    for column in out.columns:
        if _texts(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def _texts(column: pd.Series) -> bool:
    """Whether a column may hold texts (object or string dtype; not numbers, bools, dates)."""
    return pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype)


def write_csv(frame: pd.DataFrame, path: str | os.PathLike | None = None, **options) -> str | None:
    """``frame.to_csv`` (no index, ``%.10g`` floats unless given) of the neutralised frame."""
    options = {"index": False, "float_format": "%.10g"} | options
    return safe_frame(frame).to_csv(path, **options)


def read_csv(path: str | os.PathLike, **options) -> pd.DataFrame:
    """``pd.read_csv`` with every text cell and column name restored."""
    frame = pd.read_csv(path, **options)
    frame = frame.rename(columns=restore)
    for column in frame.columns:
        if _texts(frame[column]):
            frame[column] = frame[column].map(restore)
    return frame
