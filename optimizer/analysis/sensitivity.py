"""Sensitivity of a solved plan: the ``ranging`` and ``why_not`` tables (docs/sensitivity.md).

Both read the stage-2 solve (docs/model.md), where the duals are taken: its row duals
``y`` (HiGHS's sign, ``d obj / d bound``), its reduced costs ``d_j = c_j - sum_r y_r a_rj`` of
the decision columns, its row activities, and HiGHS's ranging at its basis
(``Outcome.ranging``; None for other solvers). ``c_j`` is column ``j``'s stage-2 cost:
``w[b,a] * s_j`` under ``min_impact`` (and ``min_max_share``, whose stage 2 ends in
``min_impact``), ``s_j`` under ``min_savings``, where ``s_j = sum_t effect[j,t]`` is the
column's savings (``Params.savings``: MSEK-years per MSEK of full annual effect). Dividing by
``s_j`` puts costs in weight units: the effective weight ``c_j / s_j`` and the reduced cost
``rc_j = d_j / s_j`` (the fall in the weight before start ``j`` enters; actions.csv's
``reduced_cost``).

- ``optimizer/analysis/ranging.py``: ``ranging.csv`` (right-hand-side and weight ranges);
- ``optimizer/analysis/why_not.py``: ``why_not.csv`` (why a pair is not used to its full potential).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from optimizer.analysis.marginals import marginals
from optimizer.analysis.ranging import ranging_table
from optimizer.analysis.why_not import why_not_table
from optimizer.model import Model


def sensitivity_tables(model: Model, outcome, x: np.ndarray) -> dict[str, pd.DataFrame]:
    """``{"ranging": ..., "why_not": ...}`` for a solve with a plan ``x`` (all LP columns)."""
    m = marginals(model, outcome, x)
    return {"ranging": ranging_table(m), "why_not": why_not_table(m)}
