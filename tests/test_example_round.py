"""The second example, ``scenarios/rjh-2027-2030/``: the 2027–2030 planning round rolled from the
2025–2030 plan and ``scenarios/rjh-2025-2030/outcomes-2025-2026.yaml``. Re-running the roll
reproduces the shipped folder file by file, so it stays in sync when the example changes
(regenerate as docs/tutorial.md, "The next round", says); and the round loads, solves and
carries what the outcomes say."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from optimizer.cli import main
from optimizer.scenario.load import SCENARIOS_DIR, load_scenario

SHIPPED = SCENARIOS_DIR / "rjh-2027-2030"
OUTCOMES = SCENARIOS_DIR / "rjh-2025-2030" / "outcomes-2025-2026.yaml"


@pytest.fixture(scope="module")
def rolled(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("example-round")
    runner = CliRunner()
    plan = root / "plan-2025"
    solved = runner.invoke(main, ["solve", "--out", str(plan)])
    assert solved.exit_code == 0, solved.output
    out = root / "rjh-2027-2030"
    done = runner.invoke(main, ["roll", str(plan), "--outcomes", str(OUTCOMES), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


def test_rolling_again_reproduces_the_shipped_second_example(rolled):
    """Regenerate: balansplan solve --out plan-2025 && balansplan roll plan-2025 --outcomes
    scenarios/rjh-2025-2030/outcomes-2025-2026.yaml --out scenarios/rjh-2027-2030 --force"""
    made = {p.name: p.read_text(encoding="utf-8") for p in rolled.iterdir() if p.is_file()}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in SHIPPED.iterdir() if p.is_file()}
    made.pop(".balansplan", None)
    shipped.pop(".balansplan", None)
    assert sorted(made) == sorted(shipped)
    for name, text in made.items():
        assert text == shipped[name], f"{name} differs: regenerate the second example"


def test_the_second_example_is_the_2027_round_with_what_happened():
    """First plan year 2027 (base 2026); the deficits after 2025–2026: 2025's -260 is 30 beyond
    its exemption (a new deficit, by 2030 on the assembly's decision), 2026's +120 restores
    the 2023 deficit first (512 - 120 = 392 left, by 2027); hired staff delivered short
    (realisation 0.8 * 0.7 = 0.56 in the committed rows)."""
    inputs = load_scenario(SHIPPED)
    assert (inputs.base_year, inputs.first, inputs.last) == (2026, 2027, 2030)
    assert inputs.deficits == ((2023, -392.0, 2027), (2024, -500.0, 2030), (2025, -30.0, 2030))
    hyr = [c for c in inputs.committed if (c.board, c.action) == ("HSN", "hyr-min")]
    assert hyr and all(c.realisation == pytest.approx(0.8 * 0.7) for c in hyr)
    assert {c.start for c in inputs.committed} == {2025, 2026}
    # the uncertain cost0 is centred on the new base year's outcome (5 470, the 2026 forecast)
    data = yaml.safe_load((SHIPPED / "scenario.yaml").read_text(encoding="utf-8"))
    assert data["uncertainty"]["boards.HSN.cost0"]["mean"] == inputs.boards.at["HSN", "cost0"]
    assert inputs.boards.at["HSN", "cost0"] == pytest.approx(5470.0)
