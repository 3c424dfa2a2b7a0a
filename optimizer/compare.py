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
  name), scenario, overrides (comma-separated), status, objective_name, objective, impact
  (``sum w*E`` in the run's own weights, impact-years), extra_impact (impact - ref's),
  total_shortfall (MSEK), extra_shortfall, ``savings_<year>`` (``sum_b E[b,t]``, MSEK) and
  ``extra_savings_<year>`` (minus ref's) for every plan year, largest_share and
  largest_share_board (the largest ``E[b,last] / base[b,last]``: what ``min_max_share``
  minimises), actions_entering / actions_leaving (how many (board, action) pairs ``enters`` /
  ``leaves`` in ``actions_delta``; NaN where either run has no plan), entering / leaving
  (those pairs, ``BOARD/action`` joined by ``;``), weights_differ (True where the two runs weigh
  some (board, action) both use differently: then extra_impact mixes the price of the priority
  with its reweighting).
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
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from optimizer.results import COLUMNS, Results, write_atomically

TOL = 1e-3  # MSEK/yr: a change in an action's amount below 1 000 kronor a year is noise
EQUALITY_FAMILIES = ("cash", "loans")
TEXT_COLUMNS = ("board", "action", "category", "constraint", "requirement")
INT_COLUMNS = ("year", "start_year")
TABLES = ("savings_by_board", "savings_by_category", "region", "binding", "actions_delta")
FILES = {"summary": "compare.csv"} | {name: f"{name}.csv" for name in TABLES}


class CompareError(Exception):
    """A comparison that cannot be made as asked (a usage problem: exit status 2)."""


@dataclass
class Comparison:
    """Several runs side by side, and each one's price against the reference (module doc)."""

    summary: pd.DataFrame
    savings_by_board: pd.DataFrame
    savings_by_category: pd.DataFrame
    region: pd.DataFrame
    binding: pd.DataFrame
    actions_delta: pd.DataFrame
    meta: dict = field(default_factory=dict)
    results: dict[str, Results] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (``FILES``' keys)."""
        return {name: getattr(self, name) for name in FILES}

    def write(self, directory: str | os.PathLike, force: bool = False) -> Path:
        """Write the tables (``FILES``) and ``meta.json`` into ``directory``, atomically;
        an existing ``directory`` is refused (``ResultsDirExists``) unless ``force``."""

        def fill(tmp: Path) -> None:
            for name, frame in self.tables.items():
                frame.to_csv(tmp / FILES[name], index=False, float_format="%.10g")
            with open(tmp / "meta.json", "w", encoding="utf-8") as fh:
                json.dump(self.meta, fh, indent=2, ensure_ascii=False)
                fh.write("\n")

        return write_atomically(directory, force, fill)


def compare(
    scenario: str | os.PathLike | None = None,
    priorities: Sequence[str | os.PathLike | dict] = (),
    *,
    use: Sequence[str] = (),
    sets: Sequence[str] = (),
    reference: str | os.PathLike | dict | None = None,
    solver: str = "highs",
    time_limit: float | None = None,
) -> Comparison:
    """Solve ``scenario`` with each priority set and compare them against ``reference``.

    ``reference`` is a priority set (name, path or mapping); ``None`` means the scenario's own
    (after ``use``). Every set is loaded (all input problems raised together as one
    ``InputError``) before anything is solved; a set whose composed inputs equal an earlier
    run's (the same ``inputs_sha256``) is solved once.
    """
    from optimizer.inputs import InputError
    from optimizer.scenario import load_scenario
    from optimizer.solve import solve

    if not priorities:
        raise CompareError("give at least one priority set to compare (--priorities a,b,c)")
    wanted = [reference, *priorities]
    loaded, problems = [], []
    for choice in wanted:
        try:
            loaded.append(load_scenario(scenario, use=use, sets=sets, priorities=choice))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(list(dict.fromkeys(problems)))
    runs, seen = [], set()
    for choice, inputs in zip(wanted, loaded, strict=True):
        if inputs.inputs_sha256 in seen:
            continue
        seen.add(inputs.inputs_sha256)
        shown = "(scenario's own)" if choice is None else str(choice)
        shown = "(inline)" if isinstance(choice, dict) else shown
        results = solve(inputs, solver=solver, time_limit=time_limit)
        runs.append((f"priorities {shown}", shown, results))
    return compare_results(runs, mode="scenario")


def compare_dirs(
    directories: Sequence[str | os.PathLike], reference: str | None = None
) -> Comparison:
    """Compare results folders written by ``solve --out``; ``reference`` names one of them
    (its label, its priority set's name or its path), by default the first."""
    if len(directories) < 2:
        raise CompareError("give at least two results folders to compare")
    runs = []
    for folder in directories:
        if not is_results_dir(folder):
            raise CompareError(
                f"{folder}: not a results folder (expected a folder written by "
                "'balansplan solve --out', holding summary.json)"
            )
        try:
            results = Results.read(folder)
        except (OSError, ValueError) as err:
            raise CompareError(f"{folder}: cannot read the results ({err})") from None
        runs.append((str(folder), Path(folder).resolve().name, results))
    if reference is not None:
        runs.insert(0, runs.pop(_find_reference(runs, str(reference))))
    return compare_results(runs, mode="runs")


def is_results_dir(path: str | os.PathLike) -> bool:
    """True where ``path`` is a folder holding a results ``summary.json``."""
    return (Path(path) / "summary.json").is_file()


def _normal(text: str) -> str:
    """``"Protect care"`` and ``"protect-care"`` alike: lower case, spaces as hyphens."""
    return re.sub(r"[\s_]+", "-", str(text).strip().lower())


def _find_reference(runs: list[tuple[str, str, Results]], reference: str) -> int:
    labels = run_labels([r.summary for _, _, r in runs], [short for _, short, _ in runs])
    wanted, path = _normal(reference), Path(reference).resolve()
    hits = [
        i
        for i, (source, short, r) in enumerate(runs)
        if wanted in {_normal(n) for n in (labels[i], short, r.summary.get("priorities", ""))}
        or Path(source).resolve() == path
    ]
    if len(hits) != 1:
        found = "no run" if not hits else "more than one run"
        raise CompareError(
            f"--reference {reference}: {found} matches; expected one of {', '.join(labels)} "
            "or one of the folders"
        )
    return hits[0]


def run_labels(summaries: Sequence[dict], fallbacks: Sequence[str]) -> list[str]:
    """One unique label per run: the priority set's name, plus what else tells them apart."""
    labels = [str(s.get("priorities") or "none") for s in summaries]
    overrides = [",".join(s.get("overrides") or []) for s in summaries]
    if len(set(overrides)) > 1:
        labels = [f"{lab} [{o}]" if o else lab for lab, o in zip(labels, overrides, strict=True)]
    scenarios = [str(s.get("scenario", "")) for s in summaries]
    if len(set(scenarios)) > 1:
        labels = [f"{sc}: {lab}" for sc, lab in zip(scenarios, labels, strict=True)]
    if len(set(labels)) < len(labels):
        labels = [
            f"{lab} ({fb})" if labels.count(lab) > 1 else lab
            for lab, fb in zip(labels, fallbacks, strict=True)
        ]
    seen: dict[str, int] = {}
    unique = []
    for lab in labels:
        seen[lab] = seen.get(lab, 0) + 1
        unique.append(lab if seen[lab] == 1 else f"{lab} #{seen[lab]}")
    return unique


def compare_results(runs: Sequence[tuple[str, str, Results]], mode: str = "runs") -> Comparison:
    """The comparison of ``(source, short name, Results)`` runs; the first is the reference."""
    summaries = [r.summary for _, _, r in runs]
    labels = run_labels(summaries, [short for _, short, _ in runs])
    tables = [_normalised(r) for _, _, r in runs]
    years = sorted({int(y) for s in summaries for y in (s.get("savings_by_year") or {})})
    delta, by_board = _actions_delta(labels, tables), _savings_by_board(labels, tables)
    return Comparison(
        summary=_summary(labels, summaries, tables, years, delta, by_board),
        savings_by_board=by_board,
        savings_by_category=_savings_by_category(labels, tables),
        region=_region(labels, tables),
        binding=_binding(labels, tables),
        actions_delta=delta,
        meta={
            "mode": mode,
            "reference": labels[0],
            "runs": labels,
            "sources": {lab: source for lab, (source, _, _) in zip(labels, runs, strict=True)},
            "years": years,
            "tool_version": summaries[0].get("tool_version", "") if summaries else "",
        },
        results={lab: r for lab, (_, _, r) in zip(labels, runs, strict=True)},
    )


# --------------------------------------------------------------------------- the tables


def _normalised(results: Results) -> dict[str, pd.DataFrame]:
    """The results' tables (their ``COLUMNS`` only) with one dtype per column whether solved now
    or read from CSV: key texts as str ("" where empty), years as nullable ints, ``binding``
    bool, the rest float."""
    out = {}
    for name in ("actions", "effects", "boards", "region", "duals"):
        frame = results.tables.get(name)
        frame = (pd.DataFrame() if frame is None else frame).reindex(columns=COLUMNS[name])
        for col in frame.columns:
            if col in TEXT_COLUMNS:
                frame[col] = ["" if pd.isna(v) else str(v) for v in frame[col]]
            elif col in INT_COLUMNS:
                frame[col] = pd.to_numeric(frame[col], errors="coerce").round().astype("Int64")
            elif col == "binding":
                frame[col] = [str(v).strip().lower() in ("true", "1", "1.0") for v in frame[col]]
            else:
                frame[col] = pd.to_numeric(frame[col], errors="coerce").astype(float)
        out[name] = frame.reset_index(drop=True)
    return out


def _long(labels: list[str], frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """The runs' frames stacked with a leading ``run`` column."""
    parts = [f.assign(run=lab) for lab, f in zip(labels, frames, strict=True) if not f.empty]
    if not parts:
        return pd.DataFrame(columns=["run", *columns])
    return pd.concat(parts, ignore_index=True)[["run", *columns]]


def _against(frame: pd.DataFrame, ref: str, keys: list[str], value: str, name: str) -> pd.DataFrame:
    """Add ``name`` (the reference run's ``value`` for the same keys) to ``frame``."""
    base = frame.loc[frame["run"] == ref, keys + [value]].rename(columns={value: name})
    return frame.merge(base, on=keys, how="left")


def _savings_by_board(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    frames = []
    for t in tables:
        b = t["boards"]
        share = (b["effect"] / b["baseline"]).where(b["baseline"] != 0)
        frames.append(b.assign(savings=b["effect"], share=share))
    out = _long(labels, frames, ["board", "year", "savings", "share"])
    out = _against(out, labels[0], ["board", "year"], "savings", "reference_savings")
    return out.assign(delta=out["savings"] - out["reference_savings"])


def _categories(t: dict) -> pd.DataFrame:
    """Savings per (category, year): each used action's effects, with its category."""
    cats = t["actions"][["board", "action", "category"]].drop_duplicates()
    eff = t["effects"].merge(cats, on=["board", "action"], how="left")
    return eff.groupby(["category", "year"], as_index=False)["effect"].sum()


def _savings_by_category(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    per_run = [_categories(t) for t in tables]
    cats = sorted({c for f in per_run for c in f["category"]})
    frames = []
    for t, f in zip(tables, per_run, strict=True):
        grid = pd.MultiIndex.from_product(
            [cats, sorted(t["boards"]["year"].unique())], names=["category", "year"]
        )
        savings = f.set_index(["category", "year"])["effect"].reindex(grid, fill_value=0.0)
        frames.append(savings.rename("savings").reset_index())
    out = _long(labels, frames, ["category", "year", "savings"])
    out = _against(out, labels[0], ["category", "year"], "savings", "reference_savings")
    return out.assign(delta=out["savings"] - out["reference_savings"])


def _region(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    frames = [t["region"].rename(columns={"shortfall": "result_shortfall"}) for t in tables]
    cols = ["year", "result", "target", "result_shortfall", "balance", "milestone"]
    out = _long(labels, frames, cols)
    out = _against(out, labels[0], ["year"], "result", "ref_result")
    out = _against(out, labels[0], ["year"], "balance", "ref_balance")
    out["result_delta"] = out["result"] - out.pop("ref_result")
    out["balance_delta"] = out["balance"] - out.pop("ref_balance")
    return out


def _binding(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    keys = ["constraint", "board", "action", "category", "year"]
    frames = [
        t["duals"][t["duals"]["binding"] & ~t["duals"]["constraint"].isin(EQUALITY_FAMILIES)]
        for t in tables
    ]
    out = _long(labels, frames, keys + ["dual", "slack"])
    return _against(out, labels[0], keys, "dual", "reference_dual")


def _amounts(t: dict) -> pd.DataFrame:
    acts = t["actions"]
    return acts.groupby(["board", "action", "category"], as_index=False)["amount"].sum()


def _actions_delta(labels: list[str], tables: list[dict]) -> pd.DataFrame:
    columns = ["board", "action", "category", "reference_amount", "amount", "delta", "change"]
    ref = _amounts(tables[0]).rename(columns={"amount": "reference_amount"})
    frames = [pd.DataFrame()]
    for t in tables[1:]:
        if t["boards"].empty or tables[0]["boards"].empty:
            frames.append(pd.DataFrame())
            continue
        both = ref.merge(_amounts(t), on=["board", "action", "category"], how="outer")
        both = both.fillna({"reference_amount": 0.0, "amount": 0.0})
        both["delta"] = both["amount"] - both["reference_amount"]
        both = both[both["delta"].abs() > TOL].copy()
        both["change"] = [
            "enters" if r <= TOL else "leaves" if a <= TOL else "more" if d > 0 else "less"
            for r, a, d in zip(both["reference_amount"], both["amount"], both["delta"], strict=True)
        ]
        frames.append(both.sort_values(["board", "action"]))
    return _long(labels, frames, columns)


def _weights_differ(ref: pd.DataFrame, run: pd.DataFrame) -> bool:
    a = ref.groupby(["board", "action"])["weight"].first()
    b = run.groupby(["board", "action"])["weight"].first()
    common = a.index.intersection(b.index)
    return bool(((a[common] - b[common]).abs() > 1e-9).any())


def _summary(labels, summaries, tables, years, delta, by_board) -> pd.DataFrame:
    rows = []
    ref_summary, ref_tables = summaries[0], tables[0]
    ref_saved = {int(y): v for y, v in (ref_summary.get("savings_by_year") or {}).items()}
    last = by_board[by_board["year"] == by_board["year"].max()].set_index("run")
    for i, (lab, s, t) in enumerate(zip(labels, summaries, tables, strict=True)):
        saved = {int(y): v for y, v in (s.get("savings_by_year") or {}).items()}
        share = last.loc[[lab]].set_index("board")["share"] if lab in last.index else pd.Series()
        mine = delta[delta["run"] == lab]
        enter = mine[mine["change"] == "enters"]
        leave = mine[mine["change"] == "leaves"]
        has_plan = not t["boards"].empty and not ref_tables["boards"].empty
        row = {
            "run": lab,
            "reference": i == 0,
            "priorities": s.get("priorities", ""),
            "scenario": s.get("scenario", ""),
            "overrides": ",".join(s.get("overrides") or []),
            "status": s.get("status", ""),
            "objective_name": s.get("objective_name", ""),
            "objective": _num(s.get("objective")),
            "impact": _num(s.get("impact")),
            "extra_impact": _num(s.get("impact")) - _num(ref_summary.get("impact")),
            "total_shortfall": _num(s.get("total_shortfall")),
            "extra_shortfall": _num(s.get("total_shortfall"))
            - _num(ref_summary.get("total_shortfall")),
        }
        row.update({f"savings_{y}": _num(saved.get(y)) for y in years})
        row.update(
            {f"extra_savings_{y}": _num(saved.get(y)) - _num(ref_saved.get(y)) for y in years}
        )
        row.update(
            largest_share=float(share.max()) if share.notna().any() else math.nan,
            largest_share_board=str(share.idxmax()) if share.notna().any() else "",
            actions_entering=len(enter) if has_plan else math.nan,
            actions_leaving=len(leave) if has_plan else math.nan,
            entering=";".join(enter["board"] + "/" + enter["action"]),
            leaving=";".join(leave["board"] + "/" + leave["action"]),
            weights_differ=_weights_differ(ref_tables["actions"], t["actions"]),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def _num(value: object) -> float:
    return math.nan if value is None else float(value)
