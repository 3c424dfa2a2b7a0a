"""``balansplan solve``: solve a scenario, print the plan, write the results folder and report."""

from __future__ import annotations

import sys

import click

from optimizer.cli.common import (
    EXIT_INFEASIBLE,
    Finite,
    echo_account,
    error,
    exit_for,
    failures,
    load_inputs,
    refuse_existing,
    report_target,
    scenario_arg,
    scenario_options,
    warning,
    write_result,
)


@click.command()
@scenario_arg
@click.option(
    "--out", type=click.Path(file_okay=False), help="Write the results folder here (atomically)."
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder.")
@scenario_options
@click.option(
    "--strict", is_flag=True, help="Targets are hard: report infeasibility instead of a shortfall."
)
@click.option(
    "--solver", default="highs", show_default=True, help="highs, cbc, or any PuLP solver name."
)
@click.option("--time-limit", type=Finite(0, low_open=True), help="Seconds for the whole solve.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the status line.")
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["html", "md", "xlsx"]),
    help="Also write a report: into --out as report.<ext>, else ./report.<ext>.",
)
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", help="Report language.")
@click.option(
    "--write-model",
    type=click.Path(dir_okay=False),
    help="Also write the model as an LP or MPS file (by its ending: .lp or .mps), via PuLP.",
)
def solve(
    scenario,
    out,
    force,
    use,
    sets,
    priorities,
    strict,
    solver,
    time_limit,
    quiet,
    report_format,
    lang,
    write_model,
) -> None:
    """Solve SCENARIO (a folder with scenario.yaml, a YAML file or a workbook; default: the example)."""
    from optimizer.analysis.pipeline import solve as run_solve  # start-up time
    from optimizer.report.terminal.plan import render

    refuse_existing(out, force, protect=(scenario,))
    report_file = report_target(report_format, out, force)
    inputs = load_inputs(scenario, use, sets, priorities)
    if write_model:
        _write_model(inputs, write_model)
    with failures():
        results = run_solve(inputs, strict=strict, solver=solver, time_limit=time_limit)
    text = render(results)
    echo_account(text.splitlines()[1] if quiet else text)
    from optimizer.report import render as write_report  # start-up time

    if out:
        # the report is written into the new folder before it is swapped in: one atomic step
        extra = None
        if report_file is not None:
            name = report_file.name
            extra = lambda tmp: write_report(results, report_format, tmp / name, lang)  # noqa: E731
        write_result(results, out, force, "Results", extra=extra)
        if report_file is not None:
            click.echo(f"Report written to {report_file}")
    elif not quiet and report_file is None:
        click.echo(
            "Nothing was written: give --out DIR for the results folder (CSV tables, "
            "summary.json), --report html|md|xlsx for a report."
        )
    elif report_file is not None:
        click.echo(f"Report written to {write_report(results, report_format, report_file, lang)}")
    if results.status == "shortfall":
        warning("the plan falls short of some requirements (see above)")
    sys.exit(
        EXIT_INFEASIBLE if strict and results.status == "shortfall" else exit_for(results.status)
    )


def _write_model(inputs, path: str) -> None:
    """``--write-model``: the assembled model with the chosen objective and every slack of a
    positive weight at 0 (what the solve's strict try solves), as LP or MPS (docs/cli.md)."""
    from optimizer.model import build  # start-up time
    from optimizer.model.pulp_model import MODEL_FORMATS, write_model
    from optimizer.model.variables import slack_columns

    if not path.lower().endswith(MODEL_FORMATS):
        error(f"--write-model {path}: expected a file name ending in .lp or .mps")
        sys.exit(2)
    lp = build(inputs).lp
    slacks = slack_columns(lp, inputs.shortfall_weights)
    try:
        write_model(lp, lp.cost_vector(inputs.objective), slacks, path)
    except OSError as exc:
        error(f"--write-model {path}: {exc.strerror or exc}")
        sys.exit(2)
    click.echo(f"Model written to {path}")
