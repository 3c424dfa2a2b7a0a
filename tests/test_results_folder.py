"""A results folder and ``Results`` as a pandas user meets them: provenance, file modes, clean
numbers, ``datapackage.json`` (validated with frictionless), tables in ``dir()``, dtypes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from optimizer.analysis.pipeline import solve
from optimizer.report import render
from optimizer.results.core import COLUMNS, TABLES, Results, ResultsDirExists, cleaned
from optimizer.results.schema import FIELDS
from optimizer.scenario.load import load_scenario
from tests.test_cli import TINY, run


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_every_set_is_recorded_and_shown(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("solve", tiny, "--use", "tight", "--set", "drivers.wage.2025=0.01", "--out", out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["overrides"] == ["tight"]
    assert summary["sets"] == ["drivers.wage.2025=0.01"]
    assert "[tight, drivers.wage.2025=0.01]" in result.output.splitlines()[0]
    md = render(Results.read(out), "md", tmp_path / "r.md").read_text(encoding="utf-8")
    assert "tight, drivers.wage.2025=0.01" in md
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "drivers.wage.2025=0.01" in package["description"]


def test_sets_as_a_mapping_equal_the_texts(tiny: Path) -> None:
    by_text = load_scenario(tiny, sets=["drivers.wage.2025=0.04", "boards.B.cost0=120"])
    by_dict = load_scenario(tiny, sets={"drivers.wage.2025": 0.04, "boards.B.cost0": 120})
    assert by_dict.wage == by_text.wage and by_dict.wage[2025] == pytest.approx(0.04)
    assert by_dict.inputs_sha256 == by_text.inputs_sha256
    assert by_dict.sets == ("drivers.wage.2025=0.04", "boards.B.cost0=120")
    # a per-year key of a scalar driver: the scalar is expanded, only 2025 changes
    assert solve(by_dict).summary["sets"] == list(by_dict.sets)


def test_output_files_are_readable_by_all(tiny: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        assert run("solve", tiny, "--out", out, "--report", "html").exit_code == 0
        assert run("report", out, "--format", "md").exit_code == 0
        files = sorted(out.iterdir())
    finally:
        os.umask(old)
    assert {f.name for f in files} >= {"report.html", "report.md", "datapackage.json"}
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o644, file.name


def test_noise_is_written_as_zero_and_amounts_rounded() -> None:
    frame = pd.DataFrame(
        {"year": [2025, 2026, 2027], "oneoff": [1.039035524e-15, -1.1e-13, 12.3456789012345]}
    )
    written = cleaned(frame)
    assert written["oneoff"].tolist() == [0.0, 0.0, 12.3456789]
    assert written["year"].tolist() == [2025, 2026, 2027]
    assert frame["oneoff"][0] == 1.039035524e-15  # the caller's frame is left as it was


def test_datapackage_describes_every_csv_and_validates(tiny: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = tmp_path / "out"
    assert run("solve", tiny, "--out", out).exit_code == 0
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert set(resources) == {f"{name}.csv" for name in TABLES}
    for name in TABLES:
        fields = resources[f"{name}.csv"]["schema"]["fields"]
        header = (out / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert [f["name"] for f in fields] == header == COLUMNS[name]
        assert all(f["description"] for f in fields)
    units = {f["name"]: f.get("unit") for f in resources["boards.csv"]["schema"]["fields"]}
    assert units["cost"] == "MSEK" and units["frame_dual"] == "impact-years/MSEK"
    actions = {f["name"]: f for f in resources["actions.csv"]["schema"]["fields"]}
    assert actions["amount"]["unit"] == "MSEK/yr" and actions["start_year"]["type"] == "integer"
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_broken_csv_fails_the_datapackage(tiny: Path, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    out = tmp_path / "out"
    assert run("solve", tiny, "--out", out).exit_code == 0
    boards = out / "boards.csv"
    lines = boards.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",2025,", ",next year,", 1)
    boards.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = frictionless.validate(out / "datapackage.json")
    assert not report.valid
    assert "type-error" in {row[0] for row in report.flatten(["type"])}


def test_tables_are_in_dir_and_empty_with_columns_when_infeasible(tiny: Path) -> None:
    results = solve(load_scenario(tiny, use=["tight"]), strict=True)
    assert results.status == "infeasible"
    assert set(TABLES) <= set(dir(results))
    for name in TABLES:
        frame = getattr(results, name)
        assert list(frame.columns) == COLUMNS[name]
    assert results.actions.empty and results.boards.empty
    with pytest.raises(AttributeError, match="the tables are actions, effects"):
        results.action  # noqa: B018


def test_one_dtype_per_column_across_tables(tmp_path: Path) -> None:
    results = solve(load_scenario())
    back = Results.read(results.write(tmp_path / "out"))
    for res in (results, back):
        dtypes: dict[str, set[str]] = {}
        for frame in res.tables.values():
            for column in frame.columns:
                dtypes.setdefault(column, set()).add(str(frame[column].dtype))
        assert dtypes["year"] == {"Int64"} and dtypes["start_year"] == {"Int64"}
        numbers = {f.name for fields in FIELDS.values() for f in fields if f.type == "number"}
        for column in numbers & set(dtypes):
            assert dtypes[column] == {"float64"}, column
    assert "potential" in results.protected.columns and "pot" not in results.protected.columns


def test_an_old_folder_with_pot_reads_as_potential(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("solve", tiny, "--out", out).exit_code == 0
    (out / "protected.csv").write_text(
        "board,action,category,pot,reason\nB,a,efficiency,6,action\n", encoding="utf-8"
    )
    assert Results.read(out).protected["potential"].tolist() == [6.0]


def test_existing_folder_says_to_give_force(tmp_path: Path, tiny: Path) -> None:
    results = solve(load_scenario(tiny))
    results.write(tmp_path / "out")
    with pytest.raises(ResultsDirExists, match="give force=True"):
        results.write(tmp_path / "out")
    results.write(tmp_path / "out", force=True)


def test_summary_numbers_are_clean_and_a_missing_folder_says_what_it_expects(
    tiny: Path, tmp_path: Path
) -> None:
    results = solve(load_scenario(tiny))
    results.summary["savings_by_year"][2025] += 3e-13
    results.write(tmp_path / "out")
    written = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert written["savings_by_year"]["2025"] == round(results.summary["savings_by_year"][2025], 7)
    assert written["impact"] == pytest.approx(18.0, abs=1e-12)
    with pytest.raises(FileNotFoundError, match="expected summary.json"):
        Results.read(tmp_path / "nowhere")
