"""Comparing plans side by side: several priority sets on one scenario, or saved results folders.

``compare(scenario, priorities=[...])`` solves the scenario once per priority set (and once for
the reference); ``compare_dirs([dir, ...])`` reads results folders written by ``solve --out``.
Both hand the ``Results`` to ``compare_results``, which builds the ``Comparison`` from the
results tables alone, so the two modes give the same comparison of the same runs.

A run is labelled by its priority set's ``name`` (``summary["priorities"]``), with the
overrides or scenario added where the runs differ in them, and the set's argument (or the
folder's name) where labels would still clash. One run is the reference, ``ref`` (by default the
scenario's own priority set, or the first folder). ``E[b,t]``: savings (effect) of board ``b``
in year ``t``; ``x``: the plan's full annual effects.

``Comparison`` (a dataclass of DataFrames plus ``meta``; every table has a ``run`` column,
runs in ``meta["runs"]`` order, the reference first):

- ``summary`` (``compare.csv``), one row per run: run, reference (bool), priorities (the set's
  name), scenario, overrides (comma-separated: those that apply to the run, see
  ``compare.sets``), status, objective_name, objective, impact (``sum w*E`` in the run's own
  weights, impact-years), extra_impact (impact - ref's), total_shortfall (MSEK), shortfall_tier (v2: the first tier short, or empty),
  extra_shortfall, ``savings_<year>`` (``sum_b E[b,t]``, MSEK) and ``extra_savings_<year>``
  (minus ref's) for every plan year, largest_share and largest_share_board (the largest
  ``E[b,last] / base[b,last]``: what ``min_max_share`` minimises), actions_entering /
  actions_leaving (how many (board, action) pairs ``enters`` / ``leaves`` in ``actions_delta``;
  NaN where either run has no plan), entering / leaving (those pairs, ``BOARD/action`` joined by
  ``;``), weights_differ (True where the two runs weigh some (board, action) both use
  differently: then extra_impact mixes the price of the priority with its reweighting).
  Extra values are NaN where either run has no plan; the reference's are 0.
- ``savings_by_board``: run, board, year, savings ``E[b,t]``, share ``E[b,t] / base[b,t]``,
  reference_savings, delta (savings - reference_savings).
- ``savings_by_category``: run, category, year, savings (``sum`` of the category's ``E_a[b,t]``
  over boards; 0 where the run uses none), reference_savings, delta.
- ``region``: run, year, result ``R[t]``, target, result_shortfall (``ur[t]``), balance
  ``Bal[t]``, milestone, result_delta and balance_delta (minus ref's): the result and balance
  paths.
- ``binding``: run, constraint, board, action, category, year, dual, slack, reference_dual
  (NaN where the row does not bind in ref): every row at its bound in the run (the results'
  ``binding`` flag), except the defining equalities of liquidity (``cash``, ``loans``).
- ``actions_delta``: run, board, action, category, reference_amount, amount (``sum_s x[b,a,s]``,
  MSEK/yr), delta, change (``enters``, ``leaves``, ``more``, ``less``): every (board, action)
  whose total amount differs from ref's by more than ``TOL`` (0.001 MSEK/yr), for every run
  but ref; an amount at most ``TOL`` counts as none.
- ``meta``: mode (``scenario`` or ``runs``), reference (its label), runs (labels in order),
  sources ({label: what was solved or read}), years, tool_version.
- ``results``: ``{label: Results}``, the runs' full results, in order (not written; empty for
  a comparison built from its tables alone), for reports that show more than the tables.

``Comparison.write(dir)`` writes ``compare.csv``, one CSV per other table and ``meta.json``
atomically (``results.write_atomically``: a temporary sibling folder renamed into place).

The work is in four modules, re-exported here: ``compare.sets`` (solving the priority sets),
``compare.folders`` (reading results folders), ``compare.runs`` (``Comparison``, the labels,
``compare_results``) and ``compare.tables`` (the price and difference tables).
"""

from optimizer.analysis.compare.folders import compare_dirs, is_results_dir
from optimizer.analysis.compare.runs import (
    FILES,
    TABLES,
    CompareError,
    Comparison,
    compare_results,
    run_labels,
)
from optimizer.analysis.compare.sets import compare
from optimizer.analysis.compare.tables import EQUALITY_FAMILIES, TOL

__all__ = [
    "EQUALITY_FAMILIES",
    "FILES",
    "TABLES",
    "TOL",
    "CompareError",
    "Comparison",
    "compare",
    "compare_dirs",
    "compare_results",
    "is_results_dir",
    "run_labels",
]
