"""Writing a stress or robust folder: its CSV tables and ``summary.json``, atomically
(``results.folder.write_folder``: a temporary sibling swapped in whole)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from optimizer.results.csv_safe import write_csv
from optimizer.results.folder import write_folder


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def write_tables(
    out: str | Path,
    force: bool,
    tables: dict[str, pd.DataFrame],
    summary: dict,
    extra: Callable[[Path], None] | None = None,
    kind: str = "futures",
) -> Path:
    """``<name>.csv`` for each table, ``summary.json``, and whatever ``extra`` writes."""

    def fill(tmp: Path) -> None:
        for name, frame in tables.items():
            write_csv(frame, tmp / f"{name}.csv", index=False)
        text = json.dumps(_plain(summary), indent=2, ensure_ascii=False, sort_keys=False)
        (tmp / "summary.json").write_text(text + "\n", encoding="utf-8")
        if extra is not None:
            extra(tmp)

    return write_folder(out, force, fill, kind)
