"""``sweep`` and ``batch``: many runs (grids, Monte Carlo, scenario lists) into a results store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.cli.common import (
    EXIT_FAILURE,
    EXIT_INFEASIBLE,
    EXIT_OK,
    EXIT_USAGE,
    Finite,
    error,
    failures,
    scenario_arg,
    scenario_options,
    set_opt,
    split_values,
    warning,
)

MAX_RUNS = 1_000_000  # as --grid (batch.grid.MAX_POINTS): a store of a million runs is ~250 MB


def batch_options(command):
    """The options shared by ``sweep`` and ``batch``: where to run, the store, the solver."""
    options = [
        click.option(
            "--jobs", "-j", type=click.IntRange(min=1), help="Local processes (default: all cores)."
        ),
        click.option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="Run on this Dask cluster instead (from a checkout: pip install '.[dask]').",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False),
            help="Folder for the store, runs.parquet and the summary.",
        ),
        click.option("--resume", is_flag=True, help="Go on with the batch in --out."),
        click.option("--force", is_flag=True, help="Replace the batch in --out."),
        click.option(
            "--detail", is_flag=True, help="Also store each run's tables (actions, boards, ...)."
        ),
        click.option("--time-limit", type=Finite(0, low_open=True), help="Seconds per run."),
        click.option(
            "--chunk-size", type=click.IntRange(min=1), help="Runs per task (default n/64, 1-100)."
        ),
        click.option("--no-fast", is_flag=True, help="Solve each run afresh (to check)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
        click.option(
            "--lang",
            type=click.Choice(["en", "sv"]),
            default="en",
            show_default=True,
            help="Language of the charts (tornado, fan, grid): sv gives Swedish words and 1 234,5.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def run_batch(make_plan, out, resume, force, quiet, **options) -> None:
    """Check the plan (exit 2 if bad), run it, print the outcome; exit as ``batch_exit``."""
    from optimizer.batch.executors import ExecutorFailed, ExecutorUnavailable  # start-up time
    from optimizer.batch.runner import Options, run_plan
    from optimizer.batch.store import StoreMismatch
    from optimizer.batch.summary import render_outcome

    if resume and force:
        raise click.UsageError("give --resume or --force, not both")
    options["jobs"] = local_jobs(options.get("jobs"), options.get("scheduler"))
    with failures():
        plan = make_plan()
    if out is not None and not out.strip():  # --out '': not "no --out"
        raise click.UsageError(f"--out {out!r} is empty: give a folder")
    folder = Path(out) if out else None
    fast = not options.pop("no_fast")
    settings = Options(out=folder, resume=resume, force=force, fast=fast, **options)
    settings.progress = not quiet
    try:
        outcome = run_plan(plan, settings)
    except (StoreMismatch, ExecutorUnavailable) as exc:
        error(f"{exc}")
        sys.exit(EXIT_USAGE)
    except ExecutorFailed as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    except KeyboardInterrupt:
        click.echo("interrupted: the finished chunks are stored; --resume goes on", err=True)
        sys.exit(EXIT_FAILURE)
    click.echo(render_outcome(outcome, out))
    sys.exit(batch_exit(set(outcome.runs["status"])))


def local_jobs(jobs: int | None, scheduler: str | None) -> int | None:
    """``--jobs``, at most the cores this process may use: more processes than cores only
    share them (each solve is one HiGHS thread) and cost a model each in memory. More is
    said, and the cores used; on a Dask cluster (``--scheduler``) ``--jobs`` is not used."""
    from optimizer.batch.executors import default_jobs  # start-up time

    if jobs is None or scheduler:
        return jobs
    cores = default_jobs()
    if jobs > cores:
        warning(
            f"--jobs {jobs}: this process may use {cores} core(s); running {cores} "
            "process(es), since more would only share them"
        )
        return cores
    return jobs


def batch_exit(statuses: set[str]) -> int:
    """The exit status of a batch, as ``solve`` maps one run's status, worst first: 1 when a
    run has no answer (``error``, ``time_limit``), else 3 when a run is ``infeasible``, else 0
    (``optimal`` and ``shortfall``)."""
    if statuses & {"error", "time_limit"}:
        return EXIT_FAILURE
    if "infeasible" in statuses:
        return EXIT_INFEASIBLE
    return EXIT_OK


@click.command()
@scenario_arg
@click.option(
    "--grid",
    "grids",
    multiple=True,
    metavar="KEY.PATH=START:STOP:STEP|V1,V2,...",
    help="Values of one scenario key: a range (drivers.wage=0.02:0.05:0.01, stop included) or a "
    "list (priorities=balanced,protect-care). Repeat for a grid over several keys.",
)
@click.option(
    "--samples",
    type=click.IntRange(min=1, max=MAX_RUNS),
    help=f"Monte Carlo: draw N samples from the scenario's uncertainty: (at most {MAX_RUNS}).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0, max=2**63 - 1),
    default=0,
    show_default=True,
    help="Monte Carlo seed (>= 0).",
)
@scenario_options
@batch_options
def sweep(scenario, grids, samples, seed, use, sets, priorities, **options) -> None:
    """Solve SCENARIO over a grid of values (--grid) or Monte Carlo samples (--samples)."""
    from optimizer.batch.plan import montecarlo_plan, sweep_plan  # start-up time

    if grids and samples is not None:
        raise click.UsageError("give --grid (one or more) or --samples N, not both")
    if not grids and samples is None:
        raise click.UsageError("give what to vary: --grid (one or more) or --samples N")
    if samples is not None:
        args = (scenario, samples, seed, split_values(use), list(sets), priorities)
        run_batch(lambda: montecarlo_plan(*args), **options)
    else:
        args = (scenario, list(grids), split_values(use), list(sets), priorities)
        run_batch(lambda: sweep_plan(*args), **options)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--use-each", multiple=True, metavar="A,B+C,-", help="One run per override(s).")
@click.option("--priorities-each", multiple=True, metavar="X,Y,-", help="One run per set.")
@set_opt
@batch_options
def batch(paths, use_each, priorities_each, sets, **options) -> None:
    """Solve many scenarios, each with every --use-each and --priorities-each variant."""
    from optimizer.batch.plan import scenario_plan  # start-up time

    args = (list(paths), split_values(use_each), split_values(priorities_each), list(sets))
    run_batch(lambda: scenario_plan(*args), **options)
