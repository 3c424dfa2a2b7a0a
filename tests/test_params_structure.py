"""One copy of the model's numbers: ``params.compute`` is ``numbers(inputs, structure(inputs))``
and the batch fast path keeps the structure and calls that same ``numbers`` (issue 16).

The bit-equality of the fast path's ``Params`` and ``compute`` is held in tests/test_fastpath.py
and tests/test_assembly.py; here: that it is equal because it is the same function, not a copy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np

from optimizer.batch.fastpath.params import ParamCache
from optimizer.params import compute, numbers, structure
from optimizer.scenario.load import load_scenario

FASTPATH = Path(__file__).parent.parent / "optimizer" / "batch" / "fastpath"
# what the numbers of ``Params`` are made of: reading any of these is computing a number
NUMBER_INPUTS = {
    "wage", "price", "volume", "revenue", "grants", "financial", "central", "frames", "core",
    "tail_years", "index_effects", "decided_through",
}  # fmt: skip
NUMBER_COLUMNS = {
    "cost0", "pshare", "frame0", "uprate", "uprate_index", "ramp", "oneoff", "capex", "life",
    "weight", "realisation",
}  # fmt: skip


def test_compute_is_numbers_of_the_structure():
    inputs = load_scenario(sets=["drivers.wage=0.041"])
    st = structure(inputs)
    got, want = numbers(inputs, st), compute(inputs)
    assert got.pairs == want.pairs and got.protected == want.protected
    for name in ("g", "base", "frame", "effect", "cost", "dep", "weight", "col_pair"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
    assert len(st.col_pair) == len(want.effect) > 0


def test_the_cache_calls_params_numbers_on_its_structure(monkeypatch):
    """``ParamCache.params`` hands its one structure to ``params.numbers`` and returns its answer
    untouched: nothing of the fast path stands between."""
    import optimizer.batch.fastpath.params as fast

    base = load_scenario()
    cache = ParamCache(base)
    calls = []

    def spy(inputs, st):
        calls.append(st)
        return numbers(inputs, st)

    monkeypatch.setattr(fast, "numbers", spy)
    inputs = load_scenario(sets=["drivers.price=0.03"])
    got = cache.params(inputs)
    assert calls == [cache.structure]
    assert np.array_equal(got.base, compute(inputs).base)
    assert cache.params(load_scenario(sets=["potentials.HSN.hyr-min=0"])) is None  # a column less
    assert len(calls) == 1


def test_fastpath_computes_no_number_of_its_own():
    """No module of ``batch/fastpath/`` reads what the numbers of ``Params`` are made of (the
    drivers, the economy, the boards' and actions' numeric columns): only ``params.numbers``
    does. The fast path's ``params.py`` does no arithmetic at all (signature and cache only)."""
    found = []
    for path in sorted(FASTPATH.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "inputs"
                and node.attr in NUMBER_INPUTS
            ):
                found.append(f"{path.name}:{node.lineno} inputs.{node.attr}")
            if isinstance(node, ast.Constant) and node.value in NUMBER_COLUMNS:
                found.append(f"{path.name}:{node.lineno} column {node.value!r}")
            arithmetic = isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(
                node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.FloorDiv, ast.MatMult)
            )
            if path.name == "params.py" and arithmetic:
                found.append(f"{path.name}:{node.lineno} arithmetic")
    assert found == []
