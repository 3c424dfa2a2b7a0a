"""The YAML a user writes: duplicate keys, YAML 1.2 scalars, nesting, aliases, extends chains.

docs/robustness.md, promise 1: a scenario file is never silently misread and never exhausts
memory or the stack; each refusal names the file, the line or key, and what was expected.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from optimizer.scenario.inputs import InputError
from optimizer.scenario.load import load_scenario
from optimizer.scenario.safe_yaml import MAX_NODES, YamlRefused, load

DATA = Path(__file__).parent / "data"
BOMB = "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)
BOMB = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n" + BOMB  # 9**10 values from 500 bytes


@pytest.fixture
def minimal(tmp_path) -> Path:
    folder = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", folder)
    return folder


def _edit(folder: Path, old: str, new: str) -> Path:
    file = folder / "scenario.yaml"
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))
    return file


def test_a_duplicate_key_is_refused_naming_file_key_and_both_lines(minimal):
    _edit(
        minimal,
        "drivers: {wage: 0.04, price: 0.02}",
        "drivers: {wage: 0.04, price: 0.02, wage: 0.9}",
    )
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    (problem,) = err.value.problems
    assert problem.file.endswith("scenario.yaml") and problem.value == "wage"
    assert problem.where == "line 10" and "first at line 10" in problem.expected


def test_a_duplicate_top_level_key_on_another_line(minimal):
    file = minimal / "scenario.yaml"
    file.write_text(file.read_text() + "drivers: {wage: 0.9}\n")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert err.value.problems[0].value == "drivers"
    assert "first at line 10" in err.value.problems[0].expected


def test_a_merge_key_may_be_overridden_without_a_duplicate():
    assert load("x: &x {a: 1, b: 1}\ny:\n  <<: *x\n  b: 2\n")["y"] == {"a": 1, "b": 2}


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "ON", "y", "n", "No"])
def test_yaml_1_1_booleans_are_strings(minimal, word):
    _edit(minimal, "name: Minimal", f"name: {word}")
    assert load_scenario(minimal).name == word


@pytest.mark.parametrize(
    "text, value",
    [("5_580", "5_580"), ("1:30", "1:30"), ("010", 10), ("0o17", 15), ("0x1f", 31),
     ("true", True), ("False", False), ("1e3", 1000.0), (".5", 0.5), ("-2", -2)],
)  # fmt: skip
def test_yaml_1_2_numbers(text, value):
    assert load(f"v: {text}")["v"] == value


def test_an_underscored_number_in_a_scenario_is_refused(minimal):
    _edit(minimal, "grants: 10", "grants: 5_580")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert err.value.problems[0].where == "economy.grants"
    assert err.value.problems[0].value == "5_580"


def test_an_alias_bomb_is_refused_not_expanded(minimal):
    file = minimal / "scenario.yaml"
    file.write_text(
        file.read_text()
        + "uncertainty:\n"
        + "".join("  " + line + "\n" for line in BOMB.splitlines())
    )
    with pytest.raises(YamlRefused):
        load(BOMB)
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert f"at most {MAX_NODES} values" in err.value.problems[0].expected


@pytest.mark.parametrize(
    "text", ["v: " + "[" * 20000 + "]" * 20000, "v: " + "{a: " * 5000 + "1" + "}" * 5000]
)
def test_deep_nesting_is_refused_with_its_line(minimal, text):
    file = minimal / "scenario.yaml"
    file.write_text(text + "\n")
    with pytest.raises(InputError) as err:
        load_scenario(minimal)
    assert "nesting deeper than" in err.value.problems[0].expected
    assert err.value.problems[0].where == "line 1"


def test_a_long_extends_chain_is_refused(tmp_path, minimal):
    shutil.copytree(minimal, tmp_path / "chain", dirs_exist_ok=True)
    folder = tmp_path / "chain"
    (folder / "s0.yaml").write_text("extends: scenario.yaml\n")
    for i in range(1, 2000):
        (folder / f"s{i}.yaml").write_text(f"extends: s{i - 1}.yaml\n")
    (folder / "s3.yaml").read_text()
    assert load_scenario(folder / "s3.yaml").name == "Minimal"  # a short chain is fine
    with pytest.raises(InputError) as err:
        load_scenario(folder / "s1999.yaml")
    assert "chain of at most" in err.value.problems[0].expected


def test_set_values_use_the_same_loader(minimal):
    assert load_scenario(minimal, sets=["name=no"]).name == "no"
    with pytest.raises(InputError) as err:
        load_scenario(minimal, sets=["drivers={wage: 0.04, wage: 0.9}"])
    assert "each key once" in err.value.problems[0].expected
