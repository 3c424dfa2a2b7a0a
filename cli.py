"""The ``balansplan`` command line: parsing, terminal output and exit codes only.

Exit status (MODEL.md section 8): 0 solved (also with a shortfall, reported loudly), 2 bad input
or usage, 1 solver or internal failure (including a time limit), 3 infeasible (``--strict`` with an
unreachable requirement, or hard limits that conflict).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
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
    from optimizer import load_scenario

    with _failures():
        return load_scenario(scenario, use=_split(use), sets=list(sets), priorities=priorities)


def _fail_input(exc) -> None:
    click.echo(f"error: the input has {len(exc.problems)} problem(s):", err=True)
    for line in exc.lines():
        click.echo(f"  - {line}", err=True)
    sys.exit(EXIT_USAGE)


@contextmanager
def _failures():
    """Turn the package's errors into one message and the exit status of MODEL.md section 8."""
    from optimizer import InputError
    from optimizer.evaluate import EvaluationError
    from optimizer.solve import SolverFailure
    from optimizer.solvers import SolverUnavailable

    try:
        yield
    except InputError as exc:
        _fail_input(exc)
    except SolverUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    except (SolverFailure, EvaluationError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FAILURE)


def _refuse_existing(path: str | Path | None, force: bool, what: str = "--out ") -> None:
    """Exit 2 before any work when ``path`` exists and ``--force`` was not given."""
    if path and Path(path).exists() and not force:
        raise click.UsageError(f"{what}{path} exists; give --force to replace it")


def _write(result, out: str, force: bool, what: str) -> None:
    """Write ``result`` (results, comparison, frontier ...) to the folder ``out``, atomically."""
    from optimizer.results import ResultsDirExists

    try:
        result.write(out, force=force)
    except ResultsDirExists:
        raise click.UsageError(f"--out {out} exists; give --force to replace it") from None
    click.echo(f"{what} written to {out}/")


def _read_results(rundir: str):
    """A results folder written by ``solve --out``, or exit 2 saying why not."""
    from optimizer.results import Results

    if not (Path(rundir) / "summary.json").is_file():
        click.echo(
            f"error: {rundir}: not a results folder (expected summary.json written by 'solve --out')",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    try:
        return Results.read(rundir)
    except (OSError, ValueError) as exc:
        click.echo(f"error: {rundir}: not a readable results folder ({exc})", err=True)
        sys.exit(EXIT_USAGE)


def _exit_for(status: str) -> int:
    """0 for a plan (also with a shortfall), 3 infeasible, 1 anything else (time limit)."""
    return {"optimal": EXIT_OK, "shortfall": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(
        status, EXIT_FAILURE
    )


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


def scenario_options(command):
    """``--use``, ``--set`` and ``--priorities``: how the scenario is composed."""
    return use_opt(set_opt(prio_opt(command)))


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
@scenario_options
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
@click.option(
    "--report",
    "report_format",
    type=click.Choice(["html", "md", "xlsx"]),
    help="Also write a report: into --out as report.<ext>, else ./report.<ext>.",
)
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", help="Report language.")
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
) -> None:
    """Solve SCENARIO (a folder with scenario.yaml, a YAML file or a workbook; default: the example)."""
    from optimizer.report.text import render
    from optimizer.solve import solve as run_solve

    _refuse_existing(out, force)
    report_path = _report_path(report_format, out, force)
    inputs = _load(scenario, use, sets, priorities)
    with _failures():
        results = run_solve(inputs, strict=strict, solver=solver, time_limit=time_limit)
    text = render(results)
    click.echo(text.splitlines()[1] if quiet else text)
    if out:
        _write(results, out, force, "Results")
    if report_path is not None:
        from optimizer.report import render as write_report

        click.echo(f"Report written to {write_report(results, report_format, report_path, lang)}")
    if results.status == "shortfall":
        click.echo("warning: the plan falls short of some requirements (see above)", err=True)
    sys.exit(
        EXIT_INFEASIBLE if strict and results.status == "shortfall" else _exit_for(results.status)
    )


@main.command()
@click.argument("scenario", type=click.Path())
@scenario_options
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


@main.command()
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

    SOURCE is a results folder (holding summary.json, from solve --out) or a scenario, which is
    solved first (default: the embedded example).
    """
    from optimizer.report.explain import explain as account

    if source and (Path(source) / "summary.json").is_file():
        if use or sets or priorities:
            raise click.UsageError(
                "--use, --set and --priorities apply to a scenario, not to a results folder"
            )
        results = _read_results(source)
    else:
        from optimizer.solve import solve as run_solve

        inputs = _load(source, use, sets, priorities)
        with _failures():
            results = run_solve(inputs)
    click.echo(account(results, lang), nl=False)
    sys.exit(_exit_for(results.status))


def _comparison(runs_mode, sources, priority_sets, use, sets, reference, solver):
    """Read saved results folders, or solve SCENARIO with each priority set."""
    from optimizer.compare import compare as compare_sets
    from optimizer.compare import compare_dirs

    if runs_mode:
        return compare_dirs(sources, reference=reference)
    return compare_sets(
        sources[0] if sources else None,
        _split(priority_sets),
        use=_split(use),
        sets=list(sets),
        reference=reference,
        solver=solver,
    )


@main.command()
@click.argument("sources", metavar="[SCENARIO | RESULTS_DIR RESULTS_DIR ...]", nargs=-1)
@click.option(
    "--priorities",
    "priority_sets",
    multiple=True,
    metavar="A,B,C",
    help="Priority sets to solve SCENARIO with (names under scenarios/priorities/ or files).",
)
@use_opt
@set_opt
@click.option(
    "--reference",
    metavar="NAME|PATH",
    help="The run the others are priced against: a priority set (default: the scenario's own) "
    "or, with results folders, a run's label, set name or folder (default: the first).",
)
@click.option(
    "--out", type=click.Path(file_okay=False), help="Write the comparison tables here (atomically)."
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder or report file.")
@click.option(
    "--report", "report_format", type=click.Choice(["html", "xlsx"]), help="Also write a report."
)
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", help="Report language.")
@click.option(
    "--solver", default="highs", show_default=True, help="highs, cbc, or any PuLP solver name."
)
def compare(
    sources, priority_sets, use, sets, reference, out, force, report_format, lang, solver
) -> None:
    """Compare plans: SCENARIO solved with each of --priorities, or saved results folders.

    Shows impact, shortfall, savings per year, by board and by category, the result and balance
    paths, the binding requirements, and the price of each priority against the reference.
    """
    import optimizer.report
    from optimizer.compare import CompareError, is_results_dir
    from optimizer.report.compare import render

    runs_mode = bool(sources) and all(is_results_dir(s) for s in sources)
    if not runs_mode and len(sources) > 1:
        raise click.UsageError(
            "give one SCENARIO (with --priorities), or two or more results folders written by "
            "'solve --out' (each holding summary.json)"
        )
    if runs_mode and (priority_sets or use or sets):
        raise click.UsageError("--priorities, --use and --set apply to a scenario, not to results")
    _refuse_existing(out, force)
    if report_format:
        _check_format(report_format, compare=True)
    report_path = Path(out or ".") / f"compare.{report_format}" if report_format else None
    if not out:
        _refuse_existing(report_path, force, what="")
    with _failures():
        try:
            comparison = _comparison(
                runs_mode, sources, priority_sets, use, sets, reference, solver
            )
        except CompareError as exc:
            raise click.UsageError(str(exc)) from None
    click.echo(render(comparison))
    if out:
        _write(comparison, out, force, "Comparison")
    if report_path is not None:
        optimizer.report.render_compare(comparison, report_format, report_path, lang)
        click.echo(f"Report written to {report_path}")
    statuses = set(comparison.summary["status"])
    if "shortfall" in statuses:
        click.echo("warning: some plans fall short of their requirements (see above)", err=True)
    if "infeasible" in statuses:
        sys.exit(EXIT_INFEASIBLE)
    sys.exit(EXIT_OK if statuses <= {"optimal", "shortfall"} else EXIT_FAILURE)


@main.command()
@scenario_arg
@click.option(
    "--x",
    "requirement",
    required=True,
    metavar="REQ",
    help="Requirement to sweep: balance:<year>, result:<year> or frame:<BOARD>:<year>.",
)
@click.option(
    "--points", type=click.IntRange(min=2), default=11, show_default=True, help="Grid points."
)
@click.option("--from", "start", type=float, help="First value (MSEK); default: the current one.")
@click.option(
    "--to", "stop", type=float, help="Last value (MSEK); default: the limit met without shortfall."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write frontier.csv, kinks.csv, frontier.png and frontier.svg here (atomically).",
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder.")
@scenario_options
def frontier(scenario, requirement, points, start, stop, out, force, use, sets, priorities):
    """Trade-off frontier: the least impact as one requirement of SCENARIO is swept."""
    from optimizer.frontier import frontier as sweep
    from optimizer.frontier import parse_requirement

    _refuse_existing(out, force)
    inputs = _load(scenario, use, sets, priorities)
    with _failures():
        parse_requirement(requirement, inputs)
        result = sweep(inputs, requirement, points, start, stop)
    click.echo(result.render())
    if out:
        _write(result, out, force, "Frontier")
    else:
        click.echo("(give --out DIR to write frontier.csv and the chart)")
    if (result.points["status"] == "infeasible").all():
        click.echo("error: no point has a plan: hard limits conflict", err=True)
        sys.exit(EXIT_INFEASIBLE)


@main.command()
@scenario_arg
@click.option(
    "--within",
    default="5%",
    show_default=True,
    help="How far above the least impact a plan may be: 5% or 0.05.",
)
@click.option(
    "--count", type=click.IntRange(min=1), default=3, show_default=True, help="Alternatives."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write alternatives.csv and summary.csv here (atomically).",
)
@click.option("--force", is_flag=True, help="Replace an existing --out folder.")
@scenario_options
def alternatives(scenario, within, count, out, force, use, sets, priorities):
    """Near-optimal plans of SCENARIO that differ most from the optimum and from each other."""
    from optimizer.alternatives import AlternativeRejected, NoPlan, parse_within
    from optimizer.alternatives import alternatives as generate

    _refuse_existing(out, force)
    with _failures():
        share = parse_within(within)
    inputs = _load(scenario, use, sets, priorities)
    with _failures():
        try:
            found = generate(inputs, share, count)
        except NoPlan as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_INFEASIBLE if exc.status == "infeasible" else EXIT_FAILURE)
        except AlternativeRejected as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILURE)
    click.echo(found.render())
    if out:
        _write(found, out, force, "Alternatives")


def _batch_options(command):
    """The options shared by ``sweep`` and ``batch``: where to run, the store, the solver."""
    options = [
        click.option(
            "--jobs", "-j", type=click.IntRange(min=1), help="Local processes (default: all cores)."
        ),
        click.option(
            "--scheduler",
            metavar="tcp://HOST:PORT",
            help="Run on this Dask cluster instead (pip install 'balansplan[dask]').",
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
        click.option(
            "--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds per run."
        ),
        click.option(
            "--chunk-size", type=click.IntRange(min=1), help="Runs per task (default n/64, 1-100)."
        ),
        click.option("--no-fast", is_flag=True, help="Solve each run afresh (to check)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_batch(make_plan, out, resume, force, quiet, **options) -> None:
    """Check the plan (exit 2 if bad), run it, print the outcome; exit 1 if any run erred."""
    from optimizer.batch.executors import ExecutorUnavailable
    from optimizer.batch.runner import Options, run_plan
    from optimizer.batch.store import StoreMismatch
    from optimizer.batch.summary import render_outcome

    if resume and force:
        raise click.UsageError("give --resume or --force, not both")
    with _failures():
        plan = make_plan()
    folder = Path(out) if out else None
    fast = not options.pop("no_fast")
    settings = Options(out=folder, resume=resume, force=force, fast=fast, **options)
    settings.progress = not quiet
    try:
        outcome = run_plan(plan, settings)
    except (StoreMismatch, ExecutorUnavailable) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("interrupted: the finished chunks are stored; --resume goes on", err=True)
        sys.exit(EXIT_FAILURE)
    click.echo(render_outcome(outcome, out))
    sys.exit(EXIT_FAILURE if (outcome.runs["status"] == "error").any() else EXIT_OK)


@main.command()
@scenario_arg
@click.option("--grid", "grids", multiple=True, metavar="KEY.PATH=START:STOP:STEP|V1,V2,...")
@click.option("--samples", type=int, help="Monte Carlo: draw N samples from uncertainty:.")
@click.option("--seed", type=int, default=0, show_default=True, help="Monte Carlo seed.")
@scenario_options
@_batch_options
def sweep(scenario, grids, samples, seed, use, sets, priorities, **options) -> None:
    """Solve SCENARIO over a grid of values (--grid) or Monte Carlo samples (--samples)."""
    from optimizer.batch.plan import montecarlo_plan, sweep_plan

    if bool(grids) == (samples is not None):
        raise click.UsageError("give --grid (one or more) or --samples N, not both")
    if samples is not None:
        args = (scenario, samples, seed, _split(use), list(sets), priorities)
        _run_batch(lambda: montecarlo_plan(*args), **options)
    else:
        args = (scenario, list(grids), _split(use), list(sets), priorities)
        _run_batch(lambda: sweep_plan(*args), **options)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--use-each", multiple=True, metavar="A,B+C,-", help="One run per override(s).")
@click.option("--priorities-each", multiple=True, metavar="X,Y,-", help="One run per set.")
@set_opt
@_batch_options
def batch(paths, use_each, priorities_each, sets, **options) -> None:
    """Solve many scenarios, each with every --use-each and --priorities-each variant."""
    from optimizer.batch.plan import scenario_plan

    args = (list(paths), _split(use_each), _split(priorities_each), list(sets))
    _run_batch(lambda: scenario_plan(*args), **options)


def _check_format(fmt: str, compare: bool = False) -> None:
    """Exit 2 before any work when the report format cannot be written here."""
    from optimizer.report import ReportUnavailable, check_format

    try:
        check_format(fmt, compare=compare)
    except ReportUnavailable as exc:
        click.echo(f"error: --report {fmt}: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _report_path(fmt: str | None, out: str | None, force: bool) -> Path | None:
    """Where ``solve --report`` writes (checked before solving): exit 2 if it cannot."""
    if not fmt:
        return None
    _check_format(fmt)
    path = Path(out or ".") / f"report.{fmt}"
    if not out:
        _refuse_existing(path, force, what="")
    return path


@main.command()
@click.argument("rundir", type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "xlsx", "md"]),
    default="html",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--lang", type=click.Choice(["en", "sv"]), default="en", show_default=True, help="Language."
)
@click.option(
    "--out", type=click.Path(dir_okay=False), help="Report file (default RUNDIR/report.<ext>)."
)
def report(rundir, fmt, lang, out) -> None:
    """Write a report (HTML, Markdown or Excel) of a results folder written by 'solve --out'."""
    from optimizer.report import render as write_report

    results = _read_results(rundir)
    _check_format(fmt)
    path = write_report(results, fmt, out or Path(rundir) / f"report.{fmt}", lang)
    click.echo(f"Report written to {path}")


@main.command()
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--from", "source", type=click.Path(), help="Scenario to fill it with (else blank).")
@scenario_options
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", help="Help texts.")
@click.option("--force", is_flag=True, help="Replace an existing OUT.")
def template(out, source, use, sets, priorities, lang, force) -> None:
    """Write an input workbook OUT.xlsx: blank, or holding a scenario (--from)."""
    from optimizer.workbook_template import write_template

    if not out.lower().endswith(".xlsx"):
        raise click.UsageError(f"{out}: the workbook's name must end in .xlsx")
    if source is None and (use or sets or priorities):
        raise click.UsageError("--use, --set and --priorities need --from SCENARIO")
    _refuse_existing(out, force, what="")
    with _failures():
        path = write_template(out, source, _split(use), list(sets), priorities, lang)
    click.echo(f"Workbook written to {path}")


if __name__ == "__main__":
    main()
