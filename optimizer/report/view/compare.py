"""What a comparison report shows: several solves side by side, each against a reference.

``runs_of`` accepts what a caller has: a mapping ``{name: Results}``, a sequence of ``Results``,
or a ``Comparison`` (``optimizer/analysis/compare``), read through the runs' own ``Results`` it
carries, with its reference; another object with ``runs`` (or ``results``) holding either, and
optionally ``reference`` (the name of the reference run; default the first). A change is
``value[run] - value[reference]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from optimizer.analysis.compare.runs import Comparison
from optimizer.report.view.blocks import override_label
from optimizer.report.view.plan import Table, View, priorities_label
from optimizer.report.words.labels import Labels
from optimizer.results.core import Results, changes_applied


def runs_of(comparison: object) -> tuple[list[tuple[str, Results]], str]:
    """``([(name, Results), ...], reference name)`` from any accepted comparison form; a
    ``Comparison`` is read through the runs' own ``Results`` it carries (``results``)."""
    reference = getattr(comparison, "reference", None)
    if isinstance(comparison, Comparison):
        if not comparison.results:
            raise TypeError(
                "a comparison without its runs' results cannot be reported: compare the runs "
                "again (balansplan compare) rather than reading its tables"
            )
        reference = (comparison.meta or {}).get("reference")
    inner = comparison
    for attr in ("runs", "results"):
        if not isinstance(comparison, Mapping | Sequence) and hasattr(comparison, attr):
            inner = getattr(comparison, attr)
            break
    if isinstance(inner, Mapping):
        runs = [(str(k), v) for k, v in inner.items()]
    elif isinstance(inner, Sequence) and not isinstance(inner, str):
        runs = []
        for i, item in enumerate(inner):
            if isinstance(item, tuple):
                runs.append((str(item[0]), item[1]))
            else:
                name = str(item.summary.get("priorities") or f"{i + 1}")
                extra = ", ".join(changes_applied(item.summary))
                runs.append((f"{name} [{extra}]" if extra else name, item))
    else:
        raise TypeError(f"cannot compare {type(comparison).__name__}: expected runs of Results")
    if not runs or not all(isinstance(r, Results) for _, r in runs):
        raise TypeError("a comparison needs at least one Results")
    names = [n for n, _ in runs]
    if len(set(names)) < len(names):
        runs = [(f"{n} ({i + 1})", r) for i, (n, r) in enumerate(runs)]
    names = [n for n, _ in runs]
    ref = str(reference) if reference is not None and str(reference) in names else names[0]
    return runs, ref


class CompareView:
    """Display-ready pieces of several solves, the reference first among equals."""

    def __init__(self, comparison: object, labels: Labels):
        self.L = labels
        runs, reference = runs_of(comparison)
        self.shown = {n: shown_name(n, r, labels.lang) for n, r in runs}
        if len(set(self.shown.values())) < len(self.shown):  # labels must keep runs apart
            self.shown = {n: n for n, _ in runs}
        self.runs = [(self.shown[n], r) for n, r in runs]
        self.reference = self.shown[reference]
        delta = getattr(comparison, "actions_delta", None)
        self.actions_delta = delta if isinstance(delta, pd.DataFrame) else None
        self.changes_only = False
        self.names = [n for n, _ in self.runs]
        self.views = {n: View(r, labels) for n, r in self.runs}
        self.ref = self.views[self.reference]
        years = [v.years for v in self.views.values() if v.has_plan]
        self.years = years[0] if years else []

    def _delta(self, name: str, value: float, ref: float, digits: int) -> str:
        text = self.L.num(value, digits)
        if name == self.reference or not text or math.isnan(ref):
            return text
        change = value - ref
        sign = "+" if change > 0 and self.L.num(change, digits).strip("0,.\u00a0 ") else ""
        return f"{text} ({sign}{self.L.num(change, digits)})"

    def headline(self) -> Table:
        """Rows: status, shortfall, savings per year, result and balance at the end, and the
        binding requirements. The harm score is the appendix's (``harm``): it compares plans of
        one priority set, and a priority's price is said in money (``view/price.py``)."""
        L = self.L
        rows: list[list[str]] = [[L("status")] + [self.views[n].status_brief() for n in self.names]]
        tones = [[""] + [self.views[n].status()[1] for n in self.names]]

        def metric(label: str, get, digits: int = 1) -> None:
            values = {n: get(self.views[n]) for n in self.names}
            ref = values[self.reference]
            rows.append([label] + [self._delta(n, values[n], ref, digits) for n in self.names])
            tones.append([""] * (len(self.names) + 1))

        metric(L("shortfall"), lambda v: _num(v.s.get("total_shortfall")), 1)
        for year in self.years:
            metric(
                f"{L('sec_savings_year')} {year}",
                lambda v, y=year: v.savings_per_year().get(y, math.nan),
            )
        if self.years:
            last = self.years[-1]
            metric(f"{L('result')} {last}", lambda v: _region_at(v, last, "result"))
            metric(f"{L('balance')} {last}", lambda v: _region_at(v, last, "balance"))
        metric(L("binding_count"), lambda v: float(len(v.prices(False, top=10**9)[0])), 0)
        return Table([""] + self.names, rows, [False] + [True] * len(self.names), tones)

    def harm(self) -> Table:
        """The appendix's one row: each plan's harm score in its own weights (and its change
        against the reference)."""
        values = {n: _num(self.views[n].s.get("impact")) for n in self.names}
        ref = values[self.reference]
        row = [self.L("impact")] + [self._delta(n, values[n], ref, 0) for n in self.names]
        return Table([""] + self.names, [row], [False] + [True] * len(self.names))

    def series(self, get) -> list[tuple[str, list[float]]]:
        """One value per plan year per run, from ``get(view) -> {year: value}``."""
        out = []
        for n in self.names:
            view = self.views[n]
            values = get(view) if view.has_plan else {}
            out.append((n, [float(values.get(y, math.nan)) for y in self.years]))
        return out

    def last_year_matrix(self, by: str) -> pd.DataFrame:
        """Savings in the last plan year by board or category (rows) and run (columns)."""
        cols = {}
        for n in self.names:
            view = self.views[n]
            if view.has_plan:
                m = view.savings_matrix(by)
                cols[n] = m[self.years[-1]] if len(m) else pd.Series(dtype=float)
        frame = pd.DataFrame(cols).fillna(0.0)
        if frame.empty:
            return frame
        return frame.loc[frame.max(axis=1).sort_values(ascending=False).index]

    def last_year_table(self, by: str) -> Table:
        L, m = self.L, self.last_year_matrix(by)
        name = (lambda k: self.ref.board(k, long=True)) if by == "board" else L.category
        rows = []
        for k in m.index:
            ref = float(m.loc[k].get(self.reference, 0.0))
            rows.append(
                [name(k)]
                + [self._delta(n, float(m.loc[k].get(n, 0.0)), ref, 1) for n in self.names]
            )
        if len(m):
            total = m.sum()
            rows.append(
                [L("total")]
                + [
                    self._delta(
                        n, float(total.get(n, 0.0)), float(total.get(self.reference, 0.0)), 1
                    )
                    for n in self.names
                ]
            )
        head = [L("board") if by == "board" else L("category")] + self.names
        return Table(head, rows, [False] + [True] * len(self.names))

    def prices(self, top: int = 20) -> Table:
        """Binding requirements (not potentials) by run: the price per MSEK, '' where not binding."""
        L, found = self.L, {}
        for n in self.names:
            labels, values, _ = self.views[n].prices(False, top=10**9)
            for label, value in zip(labels, values, strict=True):
                found.setdefault(label, {})[n] = value
        order = sorted(found, key=lambda k: -max(found[k].values()))[:top]
        rows = [[k] + [L.num(found[k].get(n), 2) for n in self.names] for k in order]
        more = len(found) - len(order)
        return Table(
            [L("requirement")] + self.names,
            rows,
            [False] + [True] * len(self.names),
            more=L("more_rows", n=more) if more else "",
        )

    def actions(self) -> Table:
        """Total full effect per (board, action) by run; tones mark entering (new) and leaving (gone)."""
        L, totals = self.L, {}
        for n in self.names:
            actions = self.views[n].r.tables.get("actions")
            if actions is None or actions.empty:
                continue
            for (b, a, c), amount in (
                actions.groupby(["board", "action", "category"])["amount"].sum().items()
            ):
                totals.setdefault((b, a, c), {})[n] = float(amount)
        self.changes_only = not totals and self.actions_delta is not None
        if self.changes_only:  # only the changes against the reference are known
            for r in self.actions_delta.itertuples():
                by = totals.setdefault((r.board, r.action, r.category), {})
                by[self.shown.get(str(r.run), str(r.run))] = float(r.amount)
                by.setdefault(self.reference, float(r.reference_amount))
            for by in totals.values():
                for n in self.names:
                    by.setdefault(n, by[self.reference])
        rows, tones = [], []
        for (b, a, c), by in sorted(
            totals.items(), key=lambda kv: (kv[0][0], -max(kv[1].values()))
        ):
            in_ref = by.get(self.reference, 0.0) > 1e-6
            row, tone = [self.ref.board(b), self.ref.action(a), L.category(c)], ["", "", ""]
            for n in self.names:
                used = by.get(n, 0.0) > 1e-6
                row.append(L.num(by[n]) if used else "")
                tone.append(
                    "" if n == self.reference or used == in_ref else ("new" if used else "gone")
                )
            rows.append(row)
            tones.append(tone)
        head = [L("board"), L("action"), L("category")] + self.names
        return Table(head, rows, [False, False, False] + [True] * len(self.names), tones)


def shown_name(name: str, results: Results, lang: str) -> str:
    """A run's name for the reader: its priority set's label in ``lang`` where the run is named
    by the set (``Protect care [high-wages]`` -> ``Skydda vården [high-wages]``)."""
    code = str(results.summary.get("priorities") or "")
    label = priorities_label(results.summary, lang)
    if code and name.startswith(code) and label:
        name = label + name[len(code) :]
    for override in results.summary.get("overrides") or []:  # [high-wages] -> [Högre löner]
        shown = override_label(results.summary, override, lang)
        name = re.sub(r"(?<![\w-])" + re.escape(str(override)) + r"(?![\w-])", shown, name)
    return name


def _num(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _region_at(view: View, year: int, column: str) -> float:
    if not view.has_plan:
        return math.nan
    region = view.r.region
    hit = region.loc[region["year"] == year, column]
    return float(hit.iloc[0]) if len(hit) else math.nan
