"""``explain``, ``frontier`` and ``alternatives``: what a plan costs, trade-offs, near-optimal plans."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.cli.common import (
    EXIT_FAILURE,
    EXIT_INFEASIBLE,
    FINITE,
    error,
    exit_for,
    failures,
    load_inputs,
    read_results,
    refuse_existing,
    scenario_arg,
    scenario_options,
    write_result,
)

MAX_POINTS = 1000  # frontier grid points: each a warm re-solve; kinks between are exact
MAX_COUNT = 100  # alternatives: each a solve; more are not read by anyone


@click.command()
@click.argument("source", metavar="[SCENARIO|RESULTS_DIR]", required=False, type=click.Path())
@click.option(
    "--lang",
    type=click.Choice(["en", "sv"]),
    default="en",
    show_default=True,
    help="Language of the account: English or Swedish.",
)
@scenario_options
def explain(source, lang, use, sets, priorities) -> None:
    """Explain a plan in plain words: prices of binding requirements, marginal and left-out actions.

    The argument is a RESULTS_DIR (a folder holding summary.json, from solve --out) or a
    SCENARIO, which is solved first (default: the embedded example).
    """
    from optimizer.report.explain.core import explain as account  # start-up time

    if source and (Path(source) / "summary.json").is_file():
        if use or sets or priorities:
            raise click.UsageError(
                "--use, --set and --priorities apply to a scenario, not to a results folder"
            )
        results = read_results(source)
    else:
        from optimizer.analysis.pipeline import solve as run_solve  # start-up time

        inputs = load_inputs(source, use, sets, priorities)
        with failures():
            results = run_solve(inputs)
    click.echo(account(results, lang), nl=False)
    sys.exit(exit_for(results.status))


@click.command()
@scenario_arg
@click.option(
    "--x",
    "requirement",
    required=True,
    metavar="REQ",
    help="Requirement to sweep: balance:<year>, result:<year> or frame:<BOARD>:<year>.",
)
@click.option(
    "--points",
    type=click.IntRange(min=2, max=MAX_POINTS),
    default=11,
    show_default=True,
    help=f"Grid points (at most {MAX_POINTS}; kinks between them are found exactly).",
)
@click.option("--from", "start", type=FINITE, help="First value (MSEK); default: the current one.")
@click.option(
    "--to", "stop", type=FINITE, help="Last value (MSEK); default: the limit met without shortfall."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write frontier.csv, kinks.csv, frontier.png and frontier.svg here (atomically).",
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder.")
@click.option(
    "--lang",
    type=click.Choice(["en", "sv"]),
    default="en",
    show_default=True,
    help="Language of the chart: sv gives Swedish words, mnkr and 1 234,5.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (none off a terminal).")
@scenario_options
def frontier(
    scenario, requirement, points, start, stop, out, force, lang, quiet, use, sets, priorities
):
    """Trade-off frontier: the least impact as one requirement of SCENARIO is swept."""
    from optimizer.analysis.frontier import frontier as sweep  # start-up time
    from optimizer.analysis.frontier import parse_requirement
    from optimizer.batch.progress import progress_bar

    refuse_existing(out, force)
    inputs = load_inputs(scenario, use, sets, priorities)
    with failures():
        parse_requirement(requirement, inputs)
        with progress_bar(points, not quiet, unit="point") as bar:
            result = sweep(inputs, requirement, points, start, stop, lambda: bar.update(1))
    result.lang = lang
    result.names = {
        kind: {str(k): str(v) for k, v in table["name"].items() if v == v}
        for kind, table in (("boards", inputs.boards), ("actions", inputs.actions))
        if "name" in table
    }
    click.echo(result.render())
    if out:
        write_result(result, out, force, "Frontier")
    else:
        click.echo("(give --out DIR to write frontier.csv and the chart)")
    if (result.points["status"] == "infeasible").all():
        error("no point has a plan: hard limits conflict")
        sys.exit(EXIT_INFEASIBLE)


@click.command()
@scenario_arg
@click.option(
    "--within",
    default="5%",
    show_default=True,
    help="How far above the least impact a plan may be: 5% or 0.05.",
)
@click.option(
    "--count",
    type=click.IntRange(min=1, max=MAX_COUNT),
    default=3,
    show_default=True,
    help=f"Alternatives (at most {MAX_COUNT}).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write alternatives.csv and summary.csv here (atomically).",
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar (none off a terminal).")
@scenario_options
def alternatives(scenario, within, count, out, force, quiet, use, sets, priorities):
    """Near-optimal plans of SCENARIO that differ most from the optimum and from each other."""
    from optimizer.analysis.alternatives import (
        AlternativeRejected,
        NoPlan,
        parse_within,
    )  # start-up time
    from optimizer.analysis.alternatives import alternatives as generate
    from optimizer.batch.progress import progress_bar

    refuse_existing(out, force)
    with failures():
        share = parse_within(within)
    inputs = load_inputs(scenario, use, sets, priorities)
    with failures():
        try:
            with progress_bar(count, not quiet, unit="plan") as bar:
                found = generate(inputs, share, count, lambda: bar.update(1))
        except NoPlan as exc:
            error(f"{exc}")
            sys.exit(EXIT_INFEASIBLE if exc.status == "infeasible" else EXIT_FAILURE)
        except AlternativeRejected as exc:
            error(f"{exc}")
            sys.exit(EXIT_FAILURE)
    click.echo(found.render())
    if out:
        write_result(found, out, force, "Alternatives")
