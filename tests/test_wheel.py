"""The package ships what it needs: build the wheel, install it into a fresh venv, run it elsewhere.

The wheel is built from a copy of the sources (so the checkout gets no ``build/``), without
build isolation when setuptools is here (the test extra carries it: no network needed). The
fresh venv has no pip and installs no dependencies: a ``.pth`` file lends it this interpreter's
site-packages for pandas, HiGHS and the rest, behind its own (the project itself, installed
editable here, is not visible there: ``.pth`` files of a lent folder are not read). Then, from a
folder that is not the checkout: ``balansplan solve`` solves the shipped example,
``balansplan scenarios`` lists it and the priority sets, ``python -m optimizer --help`` works,
and no top-level ``cli`` module is installed.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "cli.py", "optimizer", "scenarios")


def _run(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Build the wheel, make a fresh venv, install the wheel into it: their paths."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    dist = tmp / "dist"
    # setuptools and wheel come with the test extra; without them pip fetches them to build
    here = all(importlib.util.find_spec(m) for m in ("setuptools", "wheel"))
    isolation = ["--no-build-isolation"] if here else []
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", dist, src], cwd=tmp
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("balansplan-*.whl")

    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp
    ).stdout.strip()
    lent = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib"), *site.getsitepackages()}
    (Path(purelib) / "_lent_site_packages.pth").write_text(
        "\n".join(sorted(p for p in lent if Path(p).is_dir())) + "\n", encoding="utf-8"
    )
    install = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            python,
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        cwd=tmp,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = str(python.parent) + os.pathsep + env.get("PATH", "")
    env["NO_COLOR"] = "1"
    return {
        "wheel": wheel,
        "python": python,
        "bin": python.parent,
        "site": Path(purelib),
        "cwd": elsewhere,
        "env": env,
    }


def test_the_wheel_holds_the_example_and_no_top_level_cli(installed: dict) -> None:
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    top = {name.split("/", 1)[0] for name in names}
    assert "cli.py" not in top and "cli" not in top and "scenarios" not in top
    assert "optimizer/scenarios/rjh-2025-2030/scenario.yaml" in names
    assert any(n.startswith("optimizer/scenarios/priorities/") for n in names)
    site_packages = installed["site"]
    assert not (site_packages / "cli.py").exists() and not (site_packages / "cli").exists()
    assert (site_packages / "optimizer" / "scenarios" / "rjh-2025-2030" / "scenario.yaml").is_file()


def test_the_installed_package_is_the_one_run(installed: dict) -> None:
    where = _run(
        [installed["python"], "-c", "import optimizer; print(optimizer.__file__)"],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed["site"])


def test_solve_from_another_folder(installed: dict) -> None:
    result = _run(
        [installed["bin"] / "balansplan", "solve", "--out", "res"],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Status: OPTIMAL" in result.stdout
    assert (installed["cwd"] / "res" / "datapackage.json").is_file()
    by_name = _run(
        [
            installed["bin"] / "balansplan",
            "solve",
            "rjh-2025-2030",
            "--priorities",
            "protect-care",
            "-q",
        ],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert by_name.returncode == 0, by_name.stdout + by_name.stderr


def test_scenarios_lists_the_example_and_the_priority_sets(installed: dict) -> None:
    result = _run(
        [installed["bin"] / "balansplan", "scenarios"], cwd=installed["cwd"], env=installed["env"]
    )
    assert result.returncode == 0, result.stderr
    scenarios, priority_sets = result.stdout.split("Priority sets:")
    assert "rjh-2025-2030" in scenarios and "high-wages" in scenarios
    for name in ("balanced", "protect-care", "equal-burden"):
        assert name in priority_sets


def test_python_dash_m_optimizer(installed: dict) -> None:
    result = _run(
        [installed["python"], "-m", "optimizer", "--help"],
        cwd=installed["cwd"],
        env=installed["env"],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: balansplan") and "solve" in result.stdout
