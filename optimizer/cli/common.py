"""What every command shares: loading a scenario, errors to exit codes, writing folders, options.

Exit status (docs/model.md, "Outputs"): 0 solved (also with a shortfall, reported loudly), 2 bad input
or usage, 1 solver or internal failure (including a time limit), 3 infeasible (``--strict`` with an
unreachable requirement, or hard limits that conflict). Commands import the package inside their
functions, for start-up time: ``balansplan --help`` loads click only, not pandas or the solver.
"""

from __future__ import annotations

import errno
import math
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INFEASIBLE = 0, 1, 2, 3


class Finite(click.ParamType):
    """A finite number (``nan`` and ``inf`` are refused: click's ``float`` takes them), within
    ``[low, high]`` where given; ``low_open``: ``low`` itself is refused."""

    name = "number"

    def __init__(self, low: float | None = None, high: float | None = None, low_open=False):
        self.low, self.high, self.low_open = low, high, low_open

    def convert(self, value, param, ctx):
        try:
            number = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number", param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        low, high = self.low, self.high
        if low is not None and (number < low or (self.low_open and number == low)):
            self.fail(f"{value} is not {'>' if self.low_open else '>='} {low:g}", param, ctx)
        if high is not None and number > high:
            self.fail(f"{value} is not <= {high:g}", param, ctx)
        return number


FINITE = Finite()


def split_values(values: tuple[str, ...]) -> list[str]:
    """``--use a,b --use c`` -> ``[a, b, c]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def load_inputs(
    scenario: str | None, use: tuple[str, ...], sets: tuple[str, ...], priorities: str | None
):
    """Load a scenario or exit 2 with every problem listed."""
    from optimizer.scenario.load import load_scenario  # start-up time

    with failures():
        return load_scenario(
            scenario, use=split_values(use), sets=list(sets), priorities=priorities
        )


# the system refused a path the user gave: a usage error (2); else (a full disk, an I/O
# error, a closed pipe) the run failed for a reason outside the input (1)
PATH_ERRORS = frozenset(
    {errno.ENAMETOOLONG, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM,
     errno.EROFS, errno.EEXIST, errno.ELOOP, errno.EINVAL}
)  # fmt: skip


def os_failure(exc: OSError) -> int:
    """Say what the system refused, on stderr (stdout may be the full device), and return the
    exit status: 2 for a path the system refuses, 1 otherwise. Standard output is sent to
    ``/dev/null`` after, so that the interpreter's last flush of a full or closed stdout
    raises nothing more."""
    where = f"{exc.filename}: " if exc.filename else "writing the output: "
    try:
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
    except OSError:
        pass
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_USAGE if exc.errno in PATH_ERRORS else EXIT_FAILURE


def fail_input(exc) -> None:
    error(f"the input has {len(exc.problems)} problem(s):")
    for line in exc.lines():
        click.echo(f"  - {line}", err=True)
    sys.exit(EXIT_USAGE)


@contextmanager
def failures():
    """Turn the package's errors into one message and the exit status of docs/model.md, "Outputs"."""
    from optimizer.results.evaluate.verify import EvaluationError
    from optimizer.scenario.inputs import InputError  # start-up time
    from optimizer.solver.backends import SolverUnavailable
    from optimizer.solver.stages import SolverFailure

    try:
        yield
    except InputError as exc:
        fail_input(exc)
    except SolverUnavailable as exc:
        raise click.UsageError(str(exc)) from None
    except (SolverFailure, EvaluationError) as exc:
        error(str(exc))
        sys.exit(EXIT_FAILURE)


def refuse_existing(
    path: str | Path | None, force: bool, what: str = "--out ", protect: tuple = ()
) -> None:
    """Exit 2 before any work when ``path`` may not be written (``results.folder``): it exists
    and ``--force`` was not given, it is the working folder, the scenario or a parent of them,
    a folder this tool did not write, or its parent is not writable. ``what`` is ``""`` for a
    file (a report), else the option naming a folder."""
    from optimizer.results.folder import (  # start-up time
        DestinationRefused,
        ResultsDirExists,
        check_destination,
    )

    if path is None:
        return
    if not str(path).strip():  # --out '': not "no --out" (a script's empty variable)
        raise click.UsageError(f"{what or 'the report file '}{path!r} is empty: give a path")
    try:
        check_destination(path, force, protect=protect, folder=bool(what))
    except ResultsDirExists:
        raise click.UsageError(f"{what}{path} exists; give --force to replace it") from None
    except DestinationRefused as exc:
        raise click.UsageError(f"{what}{exc}") from None


def write_result(result, out: str, force: bool, what: str, extra=None) -> None:
    """Write ``result`` (results, comparison, frontier ...) to the folder ``out``, atomically;
    ``extra(folder)`` writes more into the new folder before the swap (``Results.write``)."""
    from optimizer.results.folder import DestinationRefused, ResultsDirExists  # start-up time

    try:
        if extra is None:
            result.write(out, force=force)
        else:
            result.write(out, force=force, extra=extra)
    except ResultsDirExists:
        raise click.UsageError(f"--out {out} exists; give --force to replace it") from None
    except DestinationRefused as exc:
        raise click.UsageError(f"--out {exc}") from None
    except OSError as exc:
        error(f"--out {out}: {exc.strerror or exc}")
        sys.exit(EXIT_USAGE)
    click.echo(f"{what} written to {folder_text(out)}")


def folder_text(path: str | Path) -> str:
    """``out/`` for ``out``, ``out/`` or ``out//``: a folder as messages show it."""
    return os.path.join(os.path.normpath(str(path)), "")


def styled(text: str, **style) -> str:
    """``text`` in ``click.style`` (colour, bold) unless ``NO_COLOR`` is set; ``click.echo``
    drops the styling itself when the output is not a terminal (piped, a file, a test)."""
    return text if os.environ.get("NO_COLOR") else click.style(text, **style)


STATUS_COLOUR = {"OPTIMAL": "green", "SHORTFALL": "yellow", "INFEASIBLE": "red", "TIME": "red"}


def echo_account(text: str) -> None:
    """Print a solve's terminal account: the title bold, the status line in its colour, the
    headings bold."""
    for line in text.splitlines():
        if line.startswith("balansplan: "):
            line = styled(line, bold=True)
        elif line.startswith("Status: "):
            word = line.split()[1].rstrip(":") if len(line.split()) > 1 else ""
            line = styled(line, fg=STATUS_COLOUR.get(word), bold=True)
        elif line.startswith("SHORTFALL") or line.startswith("Conflicting"):
            line = styled(line, fg="yellow", bold=True)
        elif line and not line[0].isspace() and line.rstrip().endswith(":"):
            line = styled(line, bold=True)
        click.echo(line)


def error(message: str) -> None:
    """``error: message`` on stderr, the word in red on a terminal."""
    click.echo(f"{styled('error:', fg='red', bold=True)} {message}", err=True)


def warning(message: str) -> None:
    """``warning: message`` on stderr, the word in yellow on a terminal."""
    click.echo(f"{styled('warning:', fg='yellow', bold=True)} {message}", err=True)


def read_results(rundir: str):
    """A results folder written by ``solve --out``, or exit 2 saying why not."""
    from optimizer.results.core import Results  # start-up time

    if not (Path(rundir) / "summary.json").is_file():
        error(f"{rundir}: not a results folder (expected summary.json written by 'solve --out')")
        sys.exit(EXIT_USAGE)
    from optimizer.results.read_checks import newer_tool  # start-up time
    from optimizer.version import __version__  # start-up time

    try:
        results = Results.read(rundir)
    except (OSError, ValueError) as exc:
        error(f"{rundir}: not a readable results folder ({exc})")
        sys.exit(EXIT_USAGE)
    if (newer := newer_tool(results.summary)) is not None:
        warning(
            f"{rundir} was written by balansplan {newer}, newer than this {__version__}: "
            "read as far as this version knows it; update balansplan to read all of it"
        )
    return results


def exit_for(status: str) -> int:
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


def check_report_format(fmt: str, compare: bool = False) -> None:
    """Exit 2 before any work when the report format is not one the tool writes."""
    from optimizer.report import check_format  # start-up time: reports load pandas

    try:
        check_format(fmt, compare=compare)
    except ValueError as exc:
        error(f"--report {fmt}: {exc}")
        sys.exit(EXIT_USAGE)


def report_target(fmt: str | None, out: str | None, force: bool) -> Path | None:
    """Where ``solve --report`` writes (checked before solving): exit 2 if it cannot."""
    if not fmt:
        return None
    check_report_format(fmt)
    path = Path(out or ".") / f"report.{fmt}"
    if not out:
        refuse_existing(path, force, what="")
    return path
