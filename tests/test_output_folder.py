"""Output folders: the swap is atomic at every instant, one writer wins, --force is bounded.

docs/robustness.md, promise 3. The kills are real: a child process writes and is ended by
``os._exit`` (no clean-up runs, as with SIGKILL) right after the k-th step of the swap.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.results.folder import (
    MARKER,
    DestinationRefused,
    ResultsDirExists,
    check_destination,
    recover,
    write_folder,
)

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = Path(__file__).parent / "data" / "minimal"

KILLED_WRITER = """
import os, sys
from pathlib import Path
import optimizer.results.folder as folder

steps, real = [0], {"rename": os.rename, "write_text": Path.write_text}
limit = int(sys.argv[2])

def step():
    steps[0] += 1
    if steps[0] > limit:
        os._exit(9)  # killed: nothing after this instant runs

def rename(a, b):
    step()
    real["rename"](a, b)
    step()

def write_text(self, *args, **kwargs):
    step()
    out = real["write_text"](self, *args, **kwargs)
    step()
    return out

os.rename = rename
Path.write_text = write_text
folder.write_folder(sys.argv[1], True, lambda tmp: real["write_text"](tmp / "v.txt", "new"))
os._exit(0)
"""


def _old_folder(target: Path) -> None:
    write_folder(target, False, lambda tmp: (tmp / "v.txt").write_text("old"))


@pytest.mark.parametrize("exchange", [False, True])
@pytest.mark.parametrize("kill_after", range(0, 9))
def test_a_kill_at_any_step_of_the_swap_leaves_the_old_or_the_new_folder(
    tmp_path, kill_after, exchange
):
    target = tmp_path / "out"
    _old_folder(target)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not exchange:
        env["BALANSPLAN_NO_RENAMEAT2"] = "1"  # the journal and recovery
    code = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(target), str(kill_after)], env=env, timeout=60
    ).returncode
    assert code in (0, 9)
    recover(tmp_path, "out")  # what the next writer to this folder does first
    assert target.is_dir() and (target / MARKER).is_file()
    assert (target / "v.txt").read_text() in ("old", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary left
    if code == 0:
        assert (target / "v.txt").read_text() == "new"


def test_stale_temporaries_of_dead_writers_are_removed_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    (tmp_path / f".out.tmp-{dead}-abc").mkdir()
    (tmp_path / f".out.old-{dead}").mkdir()
    (tmp_path / f".out.tmp-{os.getpid()}-xyz").mkdir()  # a writer still running (this one)
    (tmp_path / f".other.tmp-{dead}-abc").mkdir()  # not this target's: never touched
    write_folder(tmp_path / "out", False, lambda tmp: (tmp / "v.txt").write_text("x"))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [f".other.tmp-{dead}-abc", f".out.tmp-{os.getpid()}-xyz", "out"]


def test_force_replaces_only_a_folder_the_tool_wrote(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("years of work")
    with pytest.raises(DestinationRefused, match="not written by balansplan"):
        write_folder(mine, True, lambda tmp: None)
    assert (mine / "thesis.docx").read_text() == "years of work"
    _old_folder(tmp_path / "ours")
    write_folder(tmp_path / "ours", True, lambda tmp: (tmp / "v.txt").write_text("new"))
    assert (tmp_path / "ours" / "v.txt").read_text() == "new"
    with pytest.raises(ResultsDirExists):
        write_folder(tmp_path / "ours", False, lambda tmp: None)


def test_the_working_folder_and_its_parents_are_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for path in (".", "..", str(tmp_path), "/"):
        with pytest.raises(DestinationRefused, match="working folder"):
            check_destination(path, True)


def _solve(*args):
    return CliRunner().invoke(main, ["solve", *map(str, args)])


def test_solve_never_replaces_the_scenario_or_a_parent_of_it(tmp_path, monkeypatch):
    scenario = tmp_path / "case" / "myscen"
    scenario.parent.mkdir()
    import shutil

    shutil.copytree(MINIMAL, scenario)
    before = sorted(p.name for p in scenario.iterdir())
    monkeypatch.chdir(tmp_path)
    for out in (scenario, scenario.parent, ".", ".."):
        result = _solve(scenario, "--out", out, "--force", "-q")
        assert result.exit_code == 2, (out, result.output)
        assert (
            "Traceback" not in result.output
            and result.exception is None
            or isinstance(result.exception, SystemExit)
        )
    assert sorted(p.name for p in scenario.iterdir()) == before


def test_an_unwritable_destination_is_refused_before_the_solve(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = _solve(MINIMAL, "--out", blocker / "sub", "-q")
    assert result.exit_code == 2 and "is a file, not a folder" in result.output
    assert "Optimal" not in result.output and "optimal" not in result.output.lower()


def test_concurrent_solves_to_one_out_exactly_one_writes(tmp_path):
    out = tmp_path / "cc"
    command = [sys.executable, "-m", "optimizer", "solve", str(MINIMAL), "--out", str(out), "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for _ in range(4)]  # fmt: skip
    outputs = [(p.wait(timeout=120), p.stdout.read()) for p in procs]
    written = [text for code, text in outputs if "Results written to" in text]
    refused = [text for code, text in outputs if code == 2 and "exists" in text]
    assert len(written) == 1 and len(refused) == 3, outputs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cc"]


def test_a_batch_folder_in_use_is_refused_at_once(tmp_path):
    out = tmp_path / "sw"
    out.mkdir()
    (out / ".balansplan.lock").touch()
    try:  # a POSIX lock is per process: a child holds it, as another sweep would
        holder = subprocess.Popen(
            [sys.executable, "-c", "import fcntl,os,sys,time;"
             f"fd=os.open({str(out / '.balansplan.lock')!r},os.O_RDWR);"
             "fcntl.lockf(fd,fcntl.LOCK_EX);print('held',flush=True);time.sleep(60)"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert holder.stdout.readline().strip() == "held"
        result = CliRunner().invoke(
            main, ["sweep", str(MINIMAL), "--grid", "drivers.wage=0.03,0.04", "-j", "1", "-q",
                   "--out", str(out)]
        )  # fmt: skip
        assert result.exit_code == 2 and "in use by another balansplan run" in result.output
    finally:
        holder.kill()
        holder.wait()
    assert not (out / "store.sqlite").exists()


@pytest.mark.parametrize("out", [".", ".."])
def test_sweep_out_dot_is_a_clean_exit_2(tmp_path, monkeypatch, out):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["sweep", str(MINIMAL), "--grid", "drivers.wage=0.03,0.04", "-j", "1", "-q",
               "--out", out, "--force"]
    )  # fmt: skip
    assert result.exit_code == 2 and "working folder" in result.output


@pytest.mark.parametrize(
    "file, text, expected",
    [
        ("summary.json", "[1, 2]", "expected a mapping"),
        ("summary.json", "{}", "expected a status"),
        ("summary.json", '{"status": "great", "scenario": "x"}', "got 'great'"),
        ("summary.json", "{not json", "not a readable results folder"),
        ("boards.csv", "a,b\n1,2\n", "expected the columns board, year"),
        ("actions.csv", "", "not a readable results folder"),
    ],
)
@pytest.mark.parametrize("command", ["report", "explain"])
def test_a_hand_edited_results_folder_is_exit_2_naming_the_file(tmp_path, file, text, expected,
                                                                  command):  # fmt: skip
    out = tmp_path / "res"
    assert _solve(MINIMAL, "--out", out, "-q").exit_code == 0
    (out / file).write_text(text)
    result = CliRunner().invoke(main, [command, str(out)])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
