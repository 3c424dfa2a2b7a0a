"""``follow-up`` and ``roll``: the planning round (MODEL.md 10.3)."""

from __future__ import annotations

import click

from optimizer.cli.common import failures, folder_text, refuse_existing


def _plan_and_outcomes(results_dir: str, outcomes_file: str, scenario: str | None):
    """The plan of ``results_dir`` and the checked outcomes (exit 2 with one message)."""
    from optimizer.round.outcomes import read_outcomes  # start-up time
    from optimizer.round.plan import load_plan

    with failures():
        plan = load_plan(results_dir, scenario)
        pairs = {(r.board, r.action) for r in plan.rows.itertuples()}
        outcomes = read_outcomes(outcomes_file, plan.years, plan.params.boards, pairs)
    return plan, outcomes


SCENARIO_OPTION = click.option(
    "--scenario",
    metavar="PATH",
    help="The plan's scenario, where it is no longer where the plan was solved from.",
)


@click.command("roll")
@click.argument("results_dir", metavar="RESULTS")
@click.option("--outcomes", "outcomes_file", required=True, metavar="FILE",
              help="The closed years' outcomes (YAML: result, costs, realised shares).")  # fmt: skip
@click.option("--out", required=True, metavar="NEW_SCENARIO", help="The new scenario folder.")
@click.option("--last", type=int, default=None, metavar="YEAR",
              help="The new round's last plan year (default: the plan's).")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace a scenario folder this tool wrote.")
@SCENARIO_OPTION
def roll(results_dir, outcomes_file, out, last, force, scenario):
    """The next planning round: a scenario folder from the plan in RESULTS and what happened.

    The last closed year becomes the base year; its outcome costs, the deficits left by the
    law's rule, the decisions started in closed years (committed at their realised share) and
    the decided frames are carried; everything else is copied.
    """
    refuse_existing(out, force)
    plan, outcomes = _plan_and_outcomes(results_dir, outcomes_file, scenario)
    from optimizer.round.roll import roll as roll_plan  # start-up time
    from optimizer.round.roll import write_rolled

    with failures():
        rolled = roll_plan(plan, outcomes, last, source=results_dir)
        write_rolled(rolled, out, force)
    click.echo(f"The next round written to {folder_text(out)} (solve it: balansplan solve {out})")


@click.command("follow-up")
@click.argument("results_dir", metavar="RESULTS")
@click.option("--outcomes", "outcomes_file", required=True, metavar="FILE",
              help="The closed years' outcomes (YAML: result, costs, realised shares).")  # fmt: skip
@click.option("--report", "fmt", type=click.Choice(["html", "md", "xlsx"]), default=None,
              help="Also write the report (Swedish and English) into --out.")  # fmt: skip
@click.option("--out", default=None, metavar="DIR",
              help="The follow-up folder (default: print the bridge only).")  # fmt: skip
@click.option("--force", is_flag=True, help="Replace a follow-up folder this tool wrote.")
@SCENARIO_OPTION
def follow_up(results_dir, outcomes_file, fmt, out, force, scenario):
    """The plan in RESULTS against what happened: per board and action the planned and the
    realised effect, the result against plan, and what it does to each deficit's deadline.

    Writes follow_up.csv (board, action, start_year, year, planned, realised, deviation), the
    boards', region's and deadlines' tables, and with --report a Swedish and an English report
    whose first page is the deviation bridge.
    """
    if fmt and not out:
        raise click.UsageError("--report needs --out DIR (the reports are written there)")
    refuse_existing(out, force)
    plan, outcomes = _plan_and_outcomes(results_dir, outcomes_file, scenario)
    from optimizer.report.follow_up import report_files  # start-up time
    from optimizer.round.follow_up import follow_up as follow

    with failures():
        found = follow(plan, outcomes)
    for year in outcomes.years:
        steps = found.bridge(year)
        click.echo(f"{year}: " + "  ".join(f"{label} {value:+,.1f}" if kind == "step"
                                            else f"{label} {value:,.1f}"
                                            for label, value, kind in steps))  # fmt: skip
    if not out:
        return
    with failures():
        found.write(out, force, extra=report_files(found, fmt) if fmt else None)
    click.echo(f"Follow-up written to {folder_text(out)}")
