"""The ``balansplan`` command line: parsing, terminal output and exit codes only.

One module per command family; this group collects them. The only package that knows click.
"""

from __future__ import annotations

import click

from optimizer.cli.analysis import alternatives, explain, frontier
from optimizer.cli.batch import batch, sweep
from optimizer.cli.compare import compare, report
from optimizer.cli.futures import robust, stress
from optimizer.cli.scenario import scenarios, template, validate
from optimizer.cli.solve import solve

COMMANDS = (
    solve,
    validate,
    scenarios,
    explain,
    compare,
    frontier,
    alternatives,
    sweep,
    batch,
    stress,
    robust,
    report,
    template,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="balansplan")
def main() -> None:
    """balansplan: the least-harm savings plan that brings a region back to economic balance."""


for command in COMMANDS:
    main.add_command(command)
