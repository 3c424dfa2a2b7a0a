"""Issue 21, item 4: the tool replaces only what it wrote.

``report --out PATH --force`` replaced a character device (as root, ``/dev/full``) and the
results folder's own ``summary.json``; the report of ``solve --out R --report`` was written
after the folder's swap, so a kill between the two left R without its report.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from optimizer.analysis.pipeline import solve
from optimizer.cli import main
from optimizer.results.folder import FILE_MARKER, is_our_file
from optimizer.scenario.load import load_scenario

MINIMAL = Path(__file__).parent / "data" / "minimal"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def rundir(tmp_path_factory):
    out = tmp_path_factory.mktemp("own") / "run"
    assert invoke("solve", MINIMAL, "--out", out, "--report", "md", "-q").exit_code == 0
    return out


def test_the_report_of_solve_is_in_the_folder_and_marked(rundir):
    report = rundir / "report.md"
    assert report.read_text(encoding="utf-8").rstrip().endswith(FILE_MARKER)
    assert is_our_file(report)


def test_report_force_never_replaces_the_folders_own_files(rundir):
    summary = rundir / "summary.json"
    before = summary.read_bytes()
    run = invoke("report", rundir, "--format", "md", "--out", summary, "--force")
    assert run.exit_code == 2
    assert "was not written by balansplan" in run.output
    assert summary.read_bytes() == before
    assert invoke("explain", rundir).exit_code == 0


def test_report_force_never_replaces_a_file_it_did_not_write(rundir, tmp_path):
    notes = tmp_path / "notes.html"
    notes.write_text("<p>the council's own notes</p>\n", encoding="utf-8")
    run = invoke("report", rundir, "--out", notes, "--force")
    assert run.exit_code == 2
    assert notes.read_text(encoding="utf-8") == "<p>the council's own notes</p>\n"
    ours = tmp_path / "ours.html"
    assert invoke("report", rundir, "--out", ours).exit_code == 0
    assert invoke("report", rundir, "--out", ours, "--force").exit_code == 0  # its own: yes


@pytest.mark.parametrize("kind", ["device", "fifo", "link"])
def test_report_force_never_replaces_a_device_fifo_or_link(rundir, tmp_path, kind):
    if kind == "device":
        target = Path(os.devnull)  # a character device, as /dev/full
    elif kind == "fifo":
        target = tmp_path / "pipe.html"
        os.mkfifo(target)
    else:
        ours = tmp_path / "ours.html"
        assert invoke("report", rundir, "--out", ours).exit_code == 0
        target = tmp_path / "link.html"
        target.symlink_to(ours)
    run = invoke("report", rundir, "--out", target, "--force")
    assert run.exit_code == 2
    assert "not a regular file" in run.output
    assert target.is_symlink() or not target.is_file()


def test_the_report_joins_the_atomic_swap(tmp_path):
    """``Results.write(extra=...)`` writes into the new folder before the swap: the report is
    there in the same step as the tables, and a failure while writing it leaves the old folder
    whole (the kill of the issue, late in ``solve --out R --report xlsx``)."""
    results = solve(load_scenario(MINIMAL), sensitivity=False)
    out = tmp_path / "run"
    seen = []

    def extra(folder: Path) -> None:
        seen.append(folder)
        (folder / "report.md").write_text("report\n", encoding="utf-8")

    results.write(out, extra=extra)
    assert seen[0] != out and not seen[0].exists()  # a temporary sibling, swapped in
    assert (out / "report.md").is_file()
    old = json.loads((out / "summary.json").read_text(encoding="utf-8"))

    def killed(folder: Path) -> None:
        raise KeyboardInterrupt  # SIGINT while the report is written

    with pytest.raises(KeyboardInterrupt):
        results.write(out, force=True, extra=killed)
    assert (out / "report.md").read_text(encoding="utf-8") == "report\n"
    assert json.loads((out / "summary.json").read_text(encoding="utf-8")) == old
    assert [p.name for p in tmp_path.iterdir()] == ["run"]  # no temporary left behind


def test_a_workbook_saved_again_by_a_person_is_theirs(tmp_path):
    """A template filled in and saved in Excel keeps ``creator`` balansplan but gains
    ``lastModifiedBy``: ``template --force`` must not overwrite the user's scenario."""
    import openpyxl

    book = tmp_path / "scenario.xlsx"
    assert invoke("template", book).exit_code == 0
    assert is_our_file(book)
    wb = openpyxl.load_workbook(book)
    wb.properties.lastModifiedBy = "Anna Ekonomichef"
    wb.save(book)
    assert not is_our_file(book)
    run = invoke("template", book, "--force")
    assert run.exit_code == 2 and "was not written by balansplan" in run.output
