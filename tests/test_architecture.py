"""The house: one folder per stage of the flow, imports only down the flow, no circles.

The stages, in the order data flows (ARCHITECTURE.md, "The house grown up"): ``scenario`` <
``params`` < ``model`` < ``solver`` < ``results`` < ``analysis`` < ``batch`` < ``round`` < ``report`` <
``cli``; the package's ``__init__`` (the public API) and ``__main__`` sit above them all. The
graph is read with ``ast`` from the source, every import counted (also those inside functions).
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "optimizer"
STAGES = (
    "scenario", "params", "model", "solver", "results", "analysis", "batch", "round", "report",
    "cli",
)  # fmt: skip
LEAVES = ("version",)  # imports nothing of the package: usable from every stage
TOP = ("__init__", "__main__")


def modules() -> dict[str, Path]:
    """``{dotted name: file}`` for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports (the longest known prefix of each target)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                parts = parts[: len(parts) - node.level + (1 if is_package else 0)]
                base = ".".join([*parts, base] if base else parts)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("optimizer"):
                out.add(target)
    # a package's __init__ importing its own submodules hands names on: not an edge up
    return {t for t in out if not (is_package and t.startswith(name + "."))}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def stage(name: str) -> int:
    """The stage's rank in the flow; the public API above every stage; leaves below."""
    parts = name.split(".")
    if len(parts) == 1 or parts[1] in TOP:
        return len(STAGES)
    if parts[1] in LEAVES:
        return -1
    return STAGES.index(parts[1])


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), as sorted lists."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return found


def test_every_module_belongs_to_a_stage() -> None:
    loose = [
        n for n in graph() if n != "optimizer" and n.split(".")[1] not in (*STAGES, *TOP, *LEAVES)
    ]
    assert loose == []


def test_no_import_reaches_back_up_the_flow() -> None:
    g = graph()
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in g.items()
        for target in targets
        if stage(target) > stage(source)
    )
    assert upward == []


def test_no_circle_between_files() -> None:
    assert cycles(graph()) == []


def test_no_circle_between_folders() -> None:
    folders: dict[str, set[str]] = {}
    for source, targets in graph().items():
        here = source.rpartition(".")[0] if not modules()[source].name == "__init__.py" else source
        for target in targets:
            there = target if modules()[target].name == "__init__.py" else target.rpartition(".")[0]
            if (
                there != here
                and not here.startswith(there + ".")
                and not there.startswith(here + ".")
            ):
                folders.setdefault(here, set()).add(there)
    assert cycles(folders) == []


def test_the_checker_finds_a_circle_and_an_upward_import() -> None:
    """The checks above can fail: a made-up graph with both faults is caught."""
    made_up = {
        "optimizer.model.a": {"optimizer.report.b"},
        "optimizer.report.b": {"optimizer.model.a"},
    }
    assert cycles(made_up) == [["optimizer.model.a", "optimizer.report.b"]]
    assert stage("optimizer.report.b") > stage("optimizer.model.a")


def test_an_import_inside_a_function_says_why() -> None:
    """Imports inside functions are for start-up time (or an optional dependency) and say so:
    a block of consecutive imports carries the reason once."""
    silent = []
    for name, path in modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        inner = sorted(
            {
                (node.lineno, node.end_lineno)
                for fn in ast.walk(ast.parse("\n".join(lines)))
                if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
                for node in ast.walk(fn)
                if isinstance(node, ast.Import | ast.ImportFrom)
            }
        )
        blocks: list[list[int]] = []
        for first, last in inner:
            if blocks and first == blocks[-1][1] + 1:
                blocks[-1][1] = last
            else:
                blocks.append([first, last])
        for first, last in blocks:
            text = " ".join(lines[first - 1 : last])
            if "start-up time" not in text and "optional dependency" not in text:
                silent.append(f"{name}:{first}: {text.strip()}")
    assert silent == []


def test_every_package_folder_is_installed() -> None:
    """``pyproject.toml`` lists the packages (the scenarios are mapped in): none may be missing."""
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {n for n, p in modules().items() if p.name == "__init__.py"}
    assert folders - listed == set()
    assert config["tool"]["setuptools"]["package-dir"]["optimizer.scenarios"] == "scenarios"
