"""``compare`` and ``report``: priority sets side by side, and the report of a results folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from optimizer.cli.common import (
    EXIT_FAILURE,
    EXIT_INFEASIBLE,
    EXIT_OK,
    check_report_format,
    failures,
    read_results,
    refuse_existing,
    set_opt,
    split_values,
    use_opt,
    warning,
    write_result,
)


def comparison_of(runs_mode, sources, priority_sets, use, sets, reference, solver):
    """Read saved results folders, or solve SCENARIO with each priority set."""
    from optimizer.analysis.compare import compare as compare_sets  # start-up time
    from optimizer.analysis.compare import compare_dirs

    if runs_mode:
        return compare_dirs(sources, reference=reference)
    return compare_sets(
        sources[0] if sources else None,
        split_values(priority_sets),
        use=split_values(use),
        sets=list(sets),
        reference=reference,
        solver=solver,
    )


@click.command()
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
    import optimizer.report  # start-up time
    from optimizer.analysis.compare import CompareError, is_results_dir
    from optimizer.report.terminal.compare import render

    runs_mode = bool(sources) and all(is_results_dir(s) for s in sources)
    if not runs_mode and len(sources) > 1:
        raise click.UsageError(
            "give one SCENARIO (with --priorities), or two or more results folders written by "
            "'solve --out' (each holding summary.json)"
        )
    if runs_mode and (priority_sets or use or sets):
        raise click.UsageError("--priorities, --use and --set apply to a scenario, not to results")
    refuse_existing(out, force)
    if runs_mode and len(sources) == 2:
        from optimizer.round.compare import is_other_round  # start-up time

        if is_other_round(*sources):
            compare_two_rounds(sources, reference, out, force, report_format)
            return
    if report_format:
        check_report_format(report_format, compare=True)
    report_file = Path(out or ".") / f"compare.{report_format}" if report_format else None
    if not out:
        refuse_existing(report_file, force, what="")
    with failures():
        try:
            comparison = comparison_of(
                runs_mode, sources, priority_sets, use, sets, reference, solver
            )
        except CompareError as exc:
            raise click.UsageError(str(exc)) from None
    click.echo(render(comparison))
    if out:
        write_result(comparison, out, force, "Comparison")
    if report_file is not None:
        optimizer.report.render_compare(comparison, report_format, report_file, lang)
        click.echo(f"Report written to {report_file}")
    statuses = set(comparison.summary["status"])
    if "shortfall" in statuses:
        warning("some plans fall short of their requirements (see above)")
    if "infeasible" in statuses:
        sys.exit(EXIT_INFEASIBLE)
    sys.exit(EXIT_OK if statuses <= {"optimal", "shortfall"} else EXIT_FAILURE)


def compare_two_rounds(sources, reference, out, force, report_format) -> None:
    """Two results folders of different first plan years: the planning rounds compared
    (``round.compare``): the requirement, the plan by board, and why."""
    from optimizer.results.folder import write_folder  # start-up time
    from optimizer.round.compare import compare_rounds, render_rounds

    if report_format or reference:
        raise click.UsageError(
            "two planning rounds are compared in the terminal and with --out (CSV tables); "
            "--report and --reference apply to plans of the same years"
        )
    with failures():
        rounds = compare_rounds(*sources)
    click.echo(render_rounds(rounds))
    if out:
        with failures():
            write_folder(out, force, rounds.write, kind="comparison")
        click.echo(f"Comparison written to {out}")


@click.command()
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
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Report file (default RUNDIR/report.<ext>); - prints HTML or Markdown to stdout.",
)
@click.option("--force", is_flag=True, help="Replace an existing report file.")
def report(rundir, fmt, lang, out, force) -> None:
    """Write a report (HTML, Markdown or Excel) of a results folder written by 'solve --out'."""
    import optimizer.report  # start-up time

    check_report_format(fmt)
    if out == "-" and fmt == "xlsx":
        raise click.UsageError("--out - prints HTML or Markdown; an Excel report needs a file")
    target = None if out == "-" else Path(out or Path(rundir) / f"report.{fmt}")
    refuse_existing(target, force, what="")
    results = read_results(rundir)
    if target is None:
        click.echo(optimizer.report.render_text(results, fmt, lang), nl=False)
        return
    path = optimizer.report.render(results, fmt, target, lang)
    click.echo(f"Report written to {path}")
