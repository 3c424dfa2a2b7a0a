"""``validate``, ``scenarios`` and ``template``: check a scenario, list what ships, write an input workbook."""

from __future__ import annotations

from textwrap import shorten

import click

from optimizer.cli.common import (
    failures,
    load_inputs,
    refuse_existing,
    scenario_arg,
    scenario_options,
    split_values,
)


@click.command()
@scenario_arg
@scenario_options
def validate(scenario, use, sets, priorities) -> None:
    """Check SCENARIO without solving (default: the example): every problem listed, exit 2 if any."""
    inputs = load_inputs(scenario, use, sets, priorities)
    n_pairs = int((inputs.potentials["pot"] > 0).sum())
    click.echo(
        f"{scenario or inputs.source}: valid. {len(inputs.boards)} boards, {len(inputs.actions)} actions, "
        f"{n_pairs} (board, action) pairs with potential, years {inputs.first}-{inputs.last}, "
        f"priorities {inputs.priorities.name}"
    )


@click.command()
def scenarios() -> None:
    """List the shipped scenarios, their overrides, and the priority sets."""
    from optimizer.scenario.load import list_priority_sets, list_scenarios  # start-up time

    click.echo("Scenarios:")
    for item in list_scenarios():
        click.echo(f"  {item['name']:<22} {shorten(item.get('description') or '', 76)}")
        if item.get("overrides"):
            click.echo(f"  {'':<22} overrides: {', '.join(item['overrides'])}")
    click.echo("Priority sets:")
    for item in list_priority_sets():
        click.echo(f"  {item['name']:<22} {shorten(item.get('description') or '', 76)}")


@click.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--from", "source", type=click.Path(), help="Scenario to fill it with (else blank).")
@scenario_options
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", help="Help texts.")
@click.option("--force", is_flag=True, help="Replace an existing OUT.")
def template(out, source, use, sets, priorities, lang, force) -> None:
    """Write an input workbook OUT.xlsx: blank, or holding a scenario (--from)."""
    from optimizer.report.excel.template import write_template  # start-up time

    if not out.lower().endswith(".xlsx"):
        raise click.UsageError(f"{out}: the workbook's name must end in .xlsx")
    if source is None and (use or sets or priorities):
        raise click.UsageError("--use, --set and --priorities need --from SCENARIO")
    refuse_existing(out, force, what="")
    with failures():
        path = write_template(out, source, split_values(use), list(sets), priorities, lang)
    click.echo(f"Workbook written to {path}")
