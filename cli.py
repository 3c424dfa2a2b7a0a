"""The ``balansplan`` command line: parsing, terminal output and exit codes only.

Exit status (MODEL.md section 8): 0 solved (also with a shortfall, reported loudly), 2 bad input
or usage, 1 solver or internal failure (including a time limit), 3 infeasible (``--strict`` with an
unreachable requirement, or hard limits that conflict).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INFEASIBLE = 0, 1, 2, 3


def _split(values: tuple[str, ...]) -> list[str]:
    """``--use a,b --use c`` -> ``[a, b, c]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _load(
    scenario: str | None, use: tuple[str, ...], sets: tuple[str, ...], priorities: str | None
):
    """Load a scenario or exit 2 with every problem listed."""
    from optimizer import InputError, load_scenario

    try:
        return load_scenario(scenario, use=_split(use), sets=list(sets), priorities=priorities)
    except InputError as exc:
        _fail_input(exc)


def _fail_input(exc) -> None:
    click.echo(f"error: the input has {len(exc.problems)} problem(s):", err=True)
    for problem in exc.problems:
        click.echo(f"  - {problem}", err=True)
    sys.exit(EXIT_USAGE)


scenario_arg = click.argument("scenario", required=False, type=click.Path())
use_opt = click.option(
    "--use", multiple=True, metavar="A,B", help="Overrides (or priority sets) to apply, in order."
)
set_opt = click.option(
    "--set", "sets", multiple=True, metavar="KEY.PATH=VALUE", help="Set one value; applied last."
)
prio_opt = click.option(
    "--priorities",
    metavar="NAME|PATH",
    help="Priority set to use (a name under scenarios/priorities/ or a file).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="balansplan")
def main() -> None:
    """balansplan: the least-harm savings plan that brings a region back to economic balance."""


@main.command()
@scenario_arg
@click.option(
    "--out", type=click.Path(file_okay=False), help="Write the results folder here (atomically)."
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder.")
@use_opt
@set_opt
@prio_opt
@click.option(
    "--strict", is_flag=True, help="Targets are hard: report infeasibility instead of a shortfall."
)
@click.option(
    "--solver", default="highs", show_default=True, help="highs, cbc, or any PuLP solver name."
)
@click.option(
    "--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds for the whole solve."
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the status line.")
def solve(scenario, out, force, use, sets, priorities, strict, solver, time_limit, quiet) -> None:
    """Solve SCENARIO (a folder with scenario.yaml or a YAML file; default: the embedded example)."""
    from optimizer.evaluate import EvaluationError
    from optimizer.report.text import render
    from optimizer.results import ResultsDirExists
    from optimizer.solve import SolverFailure
    from optimizer.solve import solve as run_solve
    from optimizer.solvers import SolverUnavailable

    if out and Path(out).exists() and not force:
        raise click.UsageError(f"--out {out} exists; give --force to replace it")
    inputs = _load(scenario, use, sets, priorities)
    try:
        results = run_solve(inputs, strict=strict, solver=solver, time_limit=time_limit)
    except SolverUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    except (SolverFailure, EvaluationError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    text = render(results)
    click.echo(text.splitlines()[1] if quiet else text)
    if out:
        try:
            results.write(out, force=force)
        except ResultsDirExists:
            raise click.UsageError(f"--out {out} exists; give --force to replace it") from None
        click.echo(f"Results written to {out}/")
    status = results.status
    if status == "shortfall":
        click.echo("warning: the plan falls short of some requirements (see above)", err=True)
    sys.exit(
        {
            "optimal": EXIT_OK,
            "shortfall": EXIT_INFEASIBLE if strict else EXIT_OK,
            "infeasible": EXIT_INFEASIBLE,
        }.get(status, EXIT_FAILURE)
    )


@main.command()
@click.argument("scenario", type=click.Path())
@use_opt
@set_opt
@prio_opt
def validate(scenario, use, sets, priorities) -> None:
    """Check SCENARIO without solving: every problem listed, exit 2 if any."""
    inputs = _load(scenario, use, sets, priorities)
    n_pairs = int((inputs.potentials["pot"] > 0).sum())
    click.echo(
        f"{scenario}: valid. {len(inputs.boards)} boards, {len(inputs.actions)} actions, "
        f"{n_pairs} (board, action) pairs with potential, years {inputs.first}-{inputs.last}, "
        f"priorities {inputs.priorities.name}"
    )


@main.command()
def scenarios() -> None:
    """List the shipped scenarios, their overrides, and the priority sets."""
    from textwrap import shorten

    from optimizer.scenario import list_priority_sets, list_scenarios

    click.echo("Scenarios:")
    for item in list_scenarios():
        click.echo(f"  {item['name']:<22} {shorten(item.get('description') or '', 76)}")
        if item.get("overrides"):
            click.echo(f"  {'':<22} overrides: {', '.join(item['overrides'])}")
    click.echo("Priority sets:")
    for item in list_priority_sets():
        click.echo(f"  {item['name']:<22} {shorten(item.get('description') or '', 76)}")


if __name__ == "__main__":
    main()
