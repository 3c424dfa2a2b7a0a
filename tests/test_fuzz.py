"""A fuzz suite: mutations of the example scenario's YAML, CSVs and workbook (hypothesis).

docs/robustness.md, promise 1. Whatever the mutation (types, magnitudes, encodings, duplicates,
deletions, truncations), ``balansplan solve`` never shows a traceback, exits 0, 2 or 3 only, and
leaves either a complete results folder (0, 3) or none (2), with no temporary beside it. Every
case runs in one long-lived child process under ``resource.setrlimit(RLIMIT_AS)`` and an alarm,
so a memory bomb or a hang fails the test, not the machine. 52 cases (20 YAML, 20 CSV, 12
workbook) take some seconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.report.excel.template import write_template
from optimizer.scenario.load import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
MEMORY = 2_500_000_000  # bytes of address space for the child
SECONDS = 60  # per case
CHILD = f"""
import json, resource, signal, sys, traceback
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
from click.testing import CliRunner
from optimizer.cli import main

def alarm(*_):
    raise TimeoutError("case took longer than {SECONDS} s")

signal.signal(signal.SIGALRM, alarm)
print("ready", flush=True)
for line in sys.stdin:
    args = json.loads(line)
    signal.alarm({SECONDS})
    try:
        result = CliRunner().invoke(main, args)
        crash = result.exception if not isinstance(result.exception, SystemExit) else None
        text = "".join(traceback.format_exception(crash)) if crash else ""
        answer = {{"code": result.exit_code, "crash": text, "output": result.output[-3000:]}}
    except BaseException as exc:  # the alarm, a MemoryError outside the command
        answer = {{"code": -1, "crash": repr(exc), "output": ""}}
    finally:
        signal.alarm(0)
    print(json.dumps(answer), flush=True)
"""

WILD = [
    None, True, "no", "ON", "", " ", "abc", "5_580", "٣", "1e400", "-1e308", "1e20", 10**401,
    -1, -1e9, 0, 1e9 + 1, 0.5, "nan", "inf", [], [1, [2, [3]]], {}, {"a": {"b": 1}},
    "=1+2", "[x](javascript:alert(1))", "2025-01-01", "0x10", "é" * 50, "\x00",
]  # fmt: skip
CELLS = [
    "", "abc", "-5", "1e400", "5_580", "٣", "=1+2", "1e20", "0", "-0.5", "9" * 401, "NaN",
    '"', "a,b", "yes", "2099", "0.3;2", "index", " ", "é",
]  # fmt: skip


@pytest.fixture(scope="module")
def runner():
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout.readline().strip() == "ready"

    def run(args: list[str]) -> dict:
        child.stdin.write(json.dumps(args) + "\n")
        child.stdin.flush()
        line = child.stdout.readline()
        assert line, f"the child died (memory or a crash): {child.stderr.read()[-3000:]}"
        return json.loads(line)

    yield run
    child.stdin.close()
    child.wait(timeout=30)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return write_template(tmp_path_factory.mktemp("book") / "model.xlsx", EXAMPLE)


def _paths(node, prefix=()):
    """Every key path of a YAML mapping (lists' items too)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield prefix + (i,)
            yield from _paths(value, prefix + (i,))


def _set(node, path, value, delete=False):
    for key in path[:-1]:
        node = node[key]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value


@st.composite
def yaml_mutations(draw):
    text = (EXAMPLE / "scenario.yaml").read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["value", "value", "delete", "line", "truncate", "bytes"]))
    if kind in ("value", "delete"):
        data = yaml.safe_load(text)
        paths = sorted(_paths(data), key=repr)
        path = draw(st.sampled_from(paths))
        _set(data, path, draw(st.sampled_from(WILD)), delete=kind == "delete")
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")
    lines = text.splitlines(keepends=True)
    if kind == "line":  # a line repeated (duplicate keys) or removed
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i]) if draw(st.booleans()) else lines.pop(i)
        return "".join(lines).encode("utf-8")
    if kind == "truncate":
        return text.encode("utf-8")[: draw(st.integers(0, len(text)))]
    return draw(st.sampled_from([text.encode("utf-16"), text.encode("latin-1", "replace"),
                                 b"\xff\xfe" + text.encode("utf-8"), b"a: &a [*a]"]))  # fmt: skip


@st.composite
def csv_mutations(draw):
    name = draw(st.sampled_from(sorted(p.name for p in EXAMPLE.glob("*.csv"))))
    text = (EXAMPLE / name).read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines()]
    kind = draw(st.sampled_from(["cell", "cell", "cell", "column", "rows", "truncate", "encoding"]))
    if kind == "cell":
        r = draw(st.integers(1 if len(rows) > 1 else 0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(st.sampled_from(CELLS))
    elif kind == "column":
        c = draw(st.integers(0, len(rows[0]) - 1))
        rows = [row[:c] + row[c + 1 :] for row in rows]
    elif kind == "rows":  # duplicates, by the hundred
        rows = rows + rows[1:] * draw(st.sampled_from([1, 50]))
    body = "\n".join(",".join(row) for row in rows) + "\n"
    if kind == "truncate":
        return name, body.encode("utf-8")[: draw(st.integers(0, len(body)))]
    if kind == "encoding":
        return name, body.encode(draw(st.sampled_from(["utf-16", "cp1252"])), "replace")
    return name, body.encode("utf-8")


def _check(result: dict, out: Path) -> None:
    assert not result["crash"], result["crash"]
    assert result["code"] in (0, 2, 3), result
    if result["code"] == 2:
        assert not out.exists(), result["output"]
    else:
        assert json.loads((out / "summary.json").read_text())["status"]
        assert (out / ".balansplan").is_file()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(yaml_mutations())
def test_a_mutated_scenario_yaml(runner, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("case") / "scenario"
    shutil.copytree(EXAMPLE, folder)
    (folder / "scenario.yaml").write_bytes(data)
    out = folder.parent / "out"
    _check(runner(["solve", str(folder), "--out", str(out), "-q"]), out)


@FUZZ
@given(csv_mutations())
def test_a_mutated_csv(runner, tmp_path_factory, mutation):
    name, data = mutation
    folder = tmp_path_factory.mktemp("case") / "scenario"
    shutil.copytree(EXAMPLE, folder)
    (folder / name).write_bytes(data)
    out = folder.parent / "out"
    _check(runner(["solve", str(folder), "--out", str(out), "-q"]), out)


@settings(FUZZ, max_examples=12)
@given(sheet=st.sampled_from(["scenario", "boards", "actions", "potentials", "priorities"]),
       row=st.integers(1, 12), column=st.integers(1, 6), value=st.sampled_from(CELLS + [None]),
       drop=st.booleans())  # fmt: skip
def test_a_mutated_workbook(runner, book, tmp_path_factory, sheet, row, column, value, drop):
    import openpyxl

    case = tmp_path_factory.mktemp("case")
    wb = openpyxl.load_workbook(book)
    if sheet in wb.sheetnames:
        if drop and sheet != "scenario":
            del wb[sheet]
        else:
            wb[sheet].cell(row=row, column=column).value = value
    wb.save(case / "model.xlsx")
    out = case / "out"
    _check(runner(["solve", str(case / "model.xlsx"), "--out", str(out), "-q"]), out)
