"""``follow-up`` (MODEL.md 10.3) on a hand-made outcome: the deviation rows, the bridge, the
deadline consequence, the reports in both languages, and bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.results.core import Results
from tests.test_roll import ROUND, _solve


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    root = tmp_path_factory.mktemp("follow")
    folder = root / "scenario"
    folder.mkdir()
    (folder / "scenario.yaml").write_text(ROUND, encoding="utf-8")
    _solve(folder, root / "plan")
    return root / "plan"


def _follow(plan, tmp_path, outcomes, *extra):
    file = tmp_path / "outcomes.yaml"
    file.write_text(yaml.safe_dump({"outcomes": outcomes}), encoding="utf-8")
    return CliRunner().invoke(main, ["follow-up", str(plan), "--outcomes", str(file), *extra])


def test_follow_up_rows_bridge_and_deadlines(plan, tmp_path):
    """2025: half of A's ``eff`` delivered, B's cost 3 above plan, the result not given. By hand:
    the ``eff`` rows realise 0.5 * planned (deviation -0.5 * planned = -h), every other row as
    planned; A's cost is planned + h, B's planned + 3; the result is the planned
    balanskravsresultat less h + 3, and the bridge is planned, A -h, B -3, realised (no other).
    The plan's 2025 balanskravsresultat P = result (no gains or adjustments) is a surplus that
    restores the 2023 deficit (oldest first, due 2026); the outcome P - h - 3 is still a surplus,
    so it restores h + 3 less: the 2023 row has h + 3 extra to restore by 2026, 2024's none."""
    res = Results.read(plan)
    b_cost = float(res.boards.query("board == 'B' and year == 2025")["cost"].iloc[0])
    out = tmp_path / "fu"
    outcomes = {2025: {"costs": {"B": b_cost + 3},
                       "realised": [{"board": "A", "action": "eff", "share": 0.5}]}}  # fmt: skip
    done = _follow(plan, tmp_path, outcomes, "--out", str(out), "--report", "md")
    assert done.exit_code == 0, done.output
    rows = pd.read_csv(out / "follow_up.csv")
    assert list(rows.columns) == ["board", "action", "start_year", "year", "planned", "realised",
                                  "deviation"]  # fmt: skip
    eff = (rows["board"] == "A") & (rows["action"] == "eff")
    assert eff.any()
    assert rows.loc[eff, "realised"].to_numpy() == pytest.approx(0.5 * rows.loc[eff, "planned"])
    assert rows.loc[~eff, "deviation"].abs().max() == pytest.approx(0.0, abs=1e-9)
    h = -float(rows.loc[eff, "deviation"].sum())
    assert h > 1.0
    region = pd.read_csv(out / "follow_up_region.csv").iloc[0]
    planned = float(res.region.query("year == 2025")["result"].iloc[0])
    assert region["planned"] == pytest.approx(planned, abs=1e-6)
    assert region["realised"] == pytest.approx(planned - h - 3.0, abs=1e-6)
    assert planned - h - 3.0 > 0
    boards = pd.read_csv(out / "follow_up_boards.csv").set_index("board")
    assert boards.at["A", "deviation"] == pytest.approx(h, abs=1e-6)
    assert boards.at["B", "deviation"] == pytest.approx(3.0, abs=1e-6)
    dead = pd.read_csv(out / "follow_up_deadlines.csv").set_index(["deficit_year", "restore_by"])
    assert dead.at[(2023, 2026), "extra"] == pytest.approx(h + 3.0, abs=1e-6)
    assert dead.at[(2023, 2026), "left_planned"] == pytest.approx(60.0 - planned, abs=1e-6)
    assert dead.at[(2024, 2028), "extra"] == pytest.approx(0.0, abs=1e-9)
    assert len(dead) == 2
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["closed_years"] == [2025]
    sv = (out / "follow_up.sv.md").read_text(encoding="utf-8")
    en = (out / "follow_up.en.md").read_text(encoding="utf-8")
    first_sv = sv.split("## ")[0]  # the first page: the bridge
    assert "Planerat resultat" in first_sv and "Verkligt resultat" in first_sv
    assert "Planned result" in en.split("## ")[0]
    assert "Intäkter" not in first_sv  # no other step: the boards explain it all


@pytest.mark.parametrize("fmt", ["html", "xlsx"])
def test_follow_up_reports_in_both_languages(plan, tmp_path, fmt):
    out = tmp_path / "fu"
    short = {2025: {"realised": [{"board": "A", "action": "eff", "share": 0.8}]}}
    done = _follow(plan, tmp_path, short, "--out", str(out), "--report", fmt)
    assert done.exit_code == 0, done.output
    for lang in ("sv", "en"):
        assert (out / f"follow_up.{lang}.{fmt}").stat().st_size > 1000
    if fmt == "html":
        sv = (out / "follow_up.sv.html").read_text(encoding="utf-8")
        assert sv.index("<svg") < sv.index("Kostnader per nämnd")  # the bridge first
    else:
        from openpyxl import load_workbook

        wb = load_workbook(out / "follow_up.sv.xlsx")
        assert wb.sheetnames[0].startswith("Från planerat till verkligt")
        values = [c.value for c in wb.worksheets[0]["A"]]
        assert "Planerat resultat" in values and "Verkligt resultat" in values


def test_follow_up_bad_input_exit_2_nothing_written(plan, tmp_path):
    out = tmp_path / "fu"
    res = _follow(plan, tmp_path, {2025: {"realised": [{"board": "A", "action": "eff",
                                                        "share": -0.1}]}}, "--out", str(out))  # fmt: skip
    assert res.exit_code == 2 and "in [0, 1.5]" in res.output and "Traceback" not in res.output
    assert not out.exists()
    res = _follow(plan, tmp_path, {2025: {}}, "--report", "md")
    assert res.exit_code == 2 and "--report needs --out" in res.output
