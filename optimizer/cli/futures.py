"""``stress`` and ``robust``: a plan in futures we cannot foresee (MODEL.md section 10.4)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.cli.common import (
    EXIT_FAILURE,
    EXIT_USAGE,
    error,
    failures,
    folder_text,
    read_results,
    refuse_existing,
    scenario_options,
    split_values,
)

LANG = click.option(
    "--lang",
    type=click.Choice(["en", "sv"]),
    default="en",
    show_default=True,
    help="Language of the report: English or Swedish.",
)


def futures_options(command):
    """``--samples``, ``--seed``, ``--out``, ``--force``, ``--report``, ``--lang``."""
    options = [
        click.option(
            "--samples", type=click.IntRange(min=1), required=True, help="Number of futures N."
        ),
        click.option("--seed", type=int, default=0, show_default=True, help="Seed of the draws."),
        click.option(
            "--out", type=click.Path(file_okay=False), help="Write the tables here (atomically)."
        ),
        click.option("--force", is_flag=True, help="Replace an existing --out folder."),
        click.option(
            "--report",
            "report_format",
            type=click.Choice(["html"]),
            help="Also write report.html into --out (needs --out).",
        ),
        LANG,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _draw(scenario, samples, seed, use, sets, priorities):
    from optimizer.batch.futures.draw import draw_futures  # start-up time

    with failures():
        return draw_futures(scenario, samples, seed, split_values(use), list(sets), priorities)


def _check_out(out, report_format, force, scenario) -> None:
    if report_format and not out:
        raise click.UsageError("--report html needs --out DIR (the report goes into it)")
    refuse_existing(out, force, protect=(scenario,) if scenario else ())


def _write(out, force, tables, summary, page) -> None:
    from optimizer.batch.futures.folder import write_tables  # start-up time

    def extra(tmp: Path) -> None:
        if page is not None:
            (tmp / "report.html").write_text(page, encoding="utf-8")

    try:
        write_tables(out, force, tables, summary, extra)
    except OSError as exc:
        error(f"--out {out}: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    click.echo(f"written to {folder_text(out)}")


@click.command()
@click.argument("results", metavar="RESULTS", type=click.Path())
@click.option(
    "--scenario",
    type=click.Path(),
    help="The scenario RESULTS was solved from (default: the embedded example).",
)
@scenario_options
@futures_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Local processes (chunks of 100 futures each).")  # fmt: skip
def stress(results, scenario, use, sets, priorities, samples, seed, out, force, report_format,
           lang, jobs) -> None:  # fmt: skip
    """Hold the plan in RESULTS fixed in N futures: how likely each requirement fails.

    The futures are drawn from the scenario's uncertainty: block (as sweep --samples). The
    plan's decisions stay as decided; costs, revenue, interest, financing and the law's
    balance follow in each future.
    """
    from optimizer.batch.futures.stress import results_x  # start-up time
    from optimizer.batch.futures.stress import stress as run_stress
    from optimizer.cli.common import load_inputs
    from optimizer.model import build

    _check_out(out, report_format, force, scenario)
    plan = read_results(results)
    inputs = load_inputs(scenario, use, sets, priorities)
    if plan.summary.get("inputs_sha256") not in (None, inputs.inputs_sha256):
        error(
            f"{results}: the plan was solved from other inputs than {scenario or 'the example'}"
            " (summary.inputs_sha256 differs); give --scenario, --use, --set and --priorities"
            " as for the solve"
        )
        sys.exit(EXIT_USAGE)
    if plan.actions is None or plan.status not in ("optimal", "shortfall"):
        error(f"{results}: holds no plan (status {plan.status})")
        sys.exit(EXIT_USAGE)
    futures = _draw(scenario, samples, seed, use, sets, priorities)
    forecast = build(inputs)
    with failures():
        x = results_x(forecast, plan, str(results))
        outcome = run_stress(futures, forecast, x, jobs)
    from optimizer.report.futures.stress import render_stress, stress_text  # start-up time

    click.echo(stress_text(outcome, lang))
    if out:
        page = render_stress(outcome, lang) if report_format else None
        tables = {
            "stress": outcome.requirements,
            "years": outcome.years,
            "futures": outcome.futures,
            "tornado": outcome.tornado,
            "ledger": outcome.ledger,
        }
        _write(out, force, tables, outcome.summary, page)


@click.command()
@click.argument("scenario", required=False, type=click.Path())
@click.option(
    "--commit",
    type=click.IntRange(min=0),
    required=True,
    help="Plan years decided now (shared by every future); later starts adapt.",
)
@click.option(
    "--risk",
    default="expected",
    show_default=True,
    metavar="expected|cvar:ALPHA|worst",
    help="How the law's (then the targets') shortfall is measured across the futures.",
)
@scenario_options
@futures_options
def robust(scenario, commit, risk, use, sets, priorities, samples, seed, out, force,
           report_format, lang) -> None:  # fmt: skip
    """A plan for N futures: commit the first K years now, adapt the rest in each future.

    Reports the decisions to commit (actions.csv), each future's later decisions
    (recourse.csv), the probability per deadline against the forecast's plan, the value of
    the stochastic solution (VSS) and of perfect information (EVPI).
    """
    from optimizer.batch.futures.plans import NoForecastPlan  # start-up time
    from optimizer.batch.futures.risk import Risk, RiskError
    from optimizer.batch.futures.robust import robust as run_robust
    from optimizer.batch.futures.stacked import StackedInfeasible
    from optimizer.cli.common import load_inputs
    from optimizer.model import build

    try:
        measure = Risk.parse(risk)
    except RiskError as exc:
        raise click.UsageError(str(exc)) from None
    _check_out(out, report_format, force, scenario)
    inputs = load_inputs(scenario, use, sets, priorities)
    years = len(inputs.years)
    if commit > years:
        raise click.UsageError(f"--commit {commit}: the plan has {years} years (0 to {years})")
    futures = _draw(scenario, samples, seed, use, sets, priorities)
    try:
        with failures():
            outcome = run_robust(futures, build(inputs), commit, measure)
    except (NoForecastPlan, StackedInfeasible) as exc:
        error(str(exc))
        sys.exit(EXIT_FAILURE)
    from optimizer.report.futures.robust import render_robust, robust_text  # start-up time

    summary = outcome.summary(futures)
    tables = {
        "actions": outcome.actions(),
        "recourse": outcome.recourse(),
        "deadlines": outcome.deadlines(),
    }
    click.echo(robust_text(summary, tables, lang))
    if out:
        page = render_robust(summary, tables, lang) if report_format else None
        _write(out, force, tables, summary, page)
