"""The ``balansplan`` command line: parsing, terminal output and exit codes only.

One module per command family; this group collects them. The only package that knows click.
"""

from __future__ import annotations

import click

from optimizer.cli.analysis import alternatives, explain, frontier
from optimizer.cli.batch import batch, sweep
from optimizer.cli.common import os_failure
from optimizer.cli.compare import compare, report
from optimizer.cli.futures import robust, stress
from optimizer.cli.round import follow_up, roll
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
    follow_up,
    roll,
)


class Balansplan(click.Group):
    """The command group; an ``OSError`` that reaches it (a full disk or closed pipe on the
    output, a path the system refuses: too long, read-only, ...) ends in one message and an
    exit status, never a traceback (``cli.common.os_failure``)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except OSError as exc:
            ctx.exit(os_failure(exc))


@click.group(cls=Balansplan, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="balansplan")
def main() -> None:
    """balansplan: the least-harm savings plan that brings a region back to economic balance."""


for command in COMMANDS:
    main.add_command(command)
