"""``datapackage.json``: a Frictionless Data Package describing every CSV of a results folder.

One resource per table of ``core.COLUMNS`` (``path`` ``<table>.csv``, CSV, UTF-8), each with a
Table Schema from ``schema.FIELDS``: the field's name, type (``string``, ``integer``,
``number``, ``boolean``), description and unit (as ``unit``, a custom property the standard
allows, and at the end of the description). ``frictionless validate datapackage.json``, pandas
or any Data Package reader then knows what a column is. The package names the scenario, the
priority set and the changes applied (overrides and ``--set``) in its description.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from optimizer.results.schema import FIELDS
from optimizer.version import __version__

PROFILE = "tabular-data-package"


def descriptor(summary: dict) -> dict:
    """The Data Package descriptor of a results folder whose ``summary.json`` is ``summary``."""
    changes = [*(summary.get("overrides") or []), *(summary.get("sets") or [])]
    scenario = str(summary.get("scenario") or "")
    text = (
        f"balansplan {__version__} results of the scenario {scenario!r} with the priority set "
        f"{summary.get('priorities', '')!r}; changes applied: {', '.join(changes) or 'none'}; "
        f"status {summary.get('status', '')}. Amounts in MSEK (million kronor), rounded to "
        "1e-7; summary.json holds the headline figures."
    )
    return {
        "profile": PROFILE,
        "name": _package_name(scenario),
        "title": f"balansplan results: {scenario}",
        "description": text,
        "version": __version__,
        "resources": [_resource(name, fields) for name, fields in FIELDS.items()],
    }


def _resource(name: str, fields) -> dict:
    return {
        "profile": "tabular-data-resource",
        "name": name.replace("_", "-"),
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [
                {
                    "name": f.name,
                    "type": f.type,
                    "description": f"{f.description} ({f.unit})" if f.unit else f.description,
                    **({"unit": f.unit} if f.unit else {}),
                }
                for f in fields
            ],
            "missingValues": [""],
        },
    }


def _package_name(scenario: str) -> str:
    """A Data Package name: lower case letters, digits and ``-._`` only."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", scenario.lower()).strip("-")
    return f"balansplan-{slug}" if slug else "balansplan-results"


def write_datapackage(folder: Path, summary: dict) -> Path:
    """Write ``datapackage.json`` into ``folder`` (beside the CSVs it describes)."""
    path = Path(folder) / "datapackage.json"
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(descriptor(summary), fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return path
