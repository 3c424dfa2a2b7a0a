"""What a report shows of one ``Results``, ready to print: headline cards and tables of text.

The HTML and Markdown renderers lay out the same ``View``; only charts are HTML-only. Numbers
are formatted here by ``Labels`` (language, and typographic spaces for HTML), so both renderers
show the same figures. Definitions (docs/model.md):

- savings in year ``t``: ``sum_b E[b,t]``, the plan's annual effect (``summary.savings_by_year``);
  its share is that over ``sum_b base[b,t]``, the boards' cost without new actions;
- frame margin: ``frame[b,t] - C[b,t]`` (negative = over the frame);
- price of a requirement: its dual, the fall in the objective per MSEK by which it is loosened.
"""

from __future__ import annotations

import math

import pandas as pd

from optimizer.report.view.blocks import (
    Card,
    Table,
    _isnan,
    changes_shown,
    fold_years,
    priorities_label,
)
from optimizer.report.view.lists import Lists
from optimizer.report.view.tiers import tier_sentence
from optimizer.report.words.labels import WORDS, Labels
from optimizer.results.core import Results

AT_FRAME = 0.05  # MSEK: a margin this small is "at the frame"
TOP = 15


class View(Lists):
    """Display-ready pieces of one solve in one language."""

    def __init__(self, results: Results, labels: Labels):
        self.r, self.L, self.s = results, labels, results.summary
        names = self.s.get("names") or {}
        self._boards = names.get("boards") or {}
        self._actions = names.get("actions") or {}
        self._boards.setdefault("region", self.L("region_name"))
        boards = results.tables.get("boards")
        self.has_plan = boards is not None and not boards.empty
        self.years = sorted(int(y) for y in boards["year"].unique()) if self.has_plan else []

    # names ---------------------------------------------------------------------------------
    def board(self, board_id: str, long: bool = False) -> str:
        """The board's name from the scenario; its id only where the scenario gives no name."""
        return str(self._boards.get(str(board_id)) or board_id)

    def action(self, action_id: str) -> str:
        """The action's name from the scenario; its id only where the scenario gives no name."""
        return str(self._actions.get(str(action_id)) or action_id)

    def priorities(self) -> str:
        """The priority set's name in the report's language (its ``label``), else its ``name``."""
        return priorities_label(self.s, self.L.lang)

    def objective_words(self) -> str:
        return self.L(f"objective_{self.s.get('objective_name', 'min_impact')}")

    # headline ------------------------------------------------------------------------------
    def status(self) -> tuple[str, str]:
        """The status sentence and its tone."""
        status = self.r.status
        text = self.L(f"status_{status}") if status else ""
        if status == "shortfall":
            text += " " + self.L(
                "status_short_by", value=self.L.money(self.s.get("total_shortfall"))
            )
        if status in ("optimal", "shortfall") and "shortfall_by_tier" in self.s:
            short = self.r.tables.get("shortfall")
            if short is not None and "board" in short:  # boards by name, not id
                short = short.assign(board=[self.board(b) if b == b else b for b in short["board"]])
            sentence = tier_sentence(self.s, short, self.L.lang, self.r.tables.get("boards"))
            text += f". {sentence[:1].upper()}{sentence[1:]}."
        return text, "good" if status == "optimal" else "bad"

    def status_brief(self) -> str:
        """A few words for a table cell: ``All met``, ``SHORT by 78.0 MSEK``, ``INFEASIBLE``."""
        status = self.r.status
        if status == "shortfall":
            return self.L("brief_shortfall", value=self.L.money(self.s.get("total_shortfall")))
        return self.L(f"brief_{status}") if f"brief_{status}" in WORDS else status

    def cards(self) -> list[Card]:
        L, s = self.L, self.s
        cards: list[Card] = []
        if not self.has_plan:
            return cards
        if s.get("total_shortfall"):
            cards.append(Card(L("short_by"), L.money(s["total_shortfall"]), "", "bad", "shortfall"))
        last = self.years[-1]
        saving = float((s.get("savings_by_year") or {}).get(str(last), math.nan))
        if math.isnan(saving):
            saving = float(self.r.boards.loc[self.r.boards["year"] == last, "effect"].sum())
        base = float(self.r.boards.loc[self.r.boards["year"] == last, "baseline"].sum())
        share = L("savings_share", share=L.percent(saving / base)) if base > 0 else ""
        cards.append(Card(L("savings_last", year=last), L.money(saving, 0), share, key="savings"))
        region = self.r.region
        for value, goal, title, goal_text in (
            ("result", "target", "result_year", "target_is"),
            ("balance", "milestone", "balance_year", "milestone_is"),
        ):
            given = region.dropna(subset=[goal])
            if not given.empty:  # the last year with a target (or milestone) against it
                row = given.iloc[-1]
                ok = row[value] >= row[goal] - 1e-6
                note = L(goal_text, value=L.money(row[goal], 0))
                if value == "balance":  # what a positive balance is: the surplus after restoration
                    note += "; " + L("surplus_after" if row[value] > 0 else "deficit_left")
                cards.append(
                    Card(
                        L(title, year=L.year(row["year"])),
                        L.money(row[value], 0),
                        note,
                        "good" if ok else "bad",
                        key=value,
                    )
                )
        recon = self.r.tables.get("reconciliation")
        if recon is not None and not recon.empty:  # (v2) the balanskravsutredning's last year
            last_row = recon.sort_values("year").iloc[-1]
            left = float(last_row["deficit_left"])
            surplus = float(last_row.get("surplus_after_restoration", 0.0) or 0.0)
            if surplus > 0.5:
                note = f"{L('surplus_after')} {L.money(surplus, 0)}"
            else:
                note = L("all_restored") if left <= 0.5 else L("deficit_left")
            cards.append(
                Card(
                    L("deficit_left_year", year=L.year(last_row["year"])),
                    L.money(left, 0),
                    note,
                    "good" if left <= 0.5 else "bad",
                    key="deficit",
                )
            )
        return cards

    def impact_card(self) -> Card:
        """The harm score (the ``impact`` of summary.json, whatever the objective)."""
        return Card(
            self.L("impact"),
            self.L.num(self.s.get("impact"), 0),
            self.L("impact_note"),
            key="impact",
        )

    def savings_per_year(self) -> dict[int, float]:
        by_year = self.r.boards.groupby("year")["effect"].sum()
        return {int(y): float(v) for y, v in by_year.items()}

    # tables --------------------------------------------------------------------------------
    def region(self) -> Table:
        L, rows, tones = self.L, [], []
        for r in self.r.region.itertuples():
            res_bad = not _isnan(r.target) and r.result < r.target - 1e-6
            bal_bad = not _isnan(r.milestone) and r.balance < r.milestone - 1e-6
            rows.append(
                [
                    L.year(r.year),
                    L.num(r.result),
                    L.num(r.target),
                    L.num(r.balance),
                    L.num(r.milestone),
                ]
            )
            tones.append(["", "bad" if res_bad else "", "", "bad" if bal_bad else "", ""])
        cols = [L("year"), L("result"), L("target"), L("balance"), L("milestone")]
        if self.r.region["milestone"].isna().all():  # no milestones (the law's keys): no column
            return Table(
                cols[:-1],
                [r[:-1] for r in rows],
                [False, True, True, True],
                [t[:-1] for t in tones],
            )
        return Table(cols, rows, [False, True, True, True, True], tones)

    def savings_matrix(self, by: str) -> pd.DataFrame:
        """Annual effect (MSEK) by board or by category (rows) and year (columns), largest first."""
        if by == "board":
            frame = self.r.boards.pivot_table(
                index="board", columns="year", values="effect", aggfunc="sum"
            )
        else:
            effects, actions = self.r.effects, self.r.actions
            if effects.empty:
                return pd.DataFrame(columns=self.years, dtype=float)
            kind = actions.drop_duplicates(["board", "action"]).set_index(["board", "action"])[
                "category"
            ]
            keys = pd.MultiIndex.from_frame(effects[["board", "action"]])
            effects = effects.assign(category=kind.reindex(keys).to_numpy())
            frame = effects.pivot_table(
                index="category", columns="year", values="effect", aggfunc="sum"
            )
        frame = frame.fillna(0.0)
        frame = frame[frame.abs().sum(axis=1) > 1e-9]
        frame.columns = [int(c) for c in frame.columns]
        return frame.loc[frame.sum(axis=1).sort_values(ascending=False).index]

    def savings_table(self, by: str) -> Table:
        L, m = self.L, self.savings_matrix(by)
        last = self.years[-1] if self.years else None
        b = self.r.boards
        base = b[b["year"] == last].groupby("board")["baseline"].sum() if by == "board" else None
        rows = []
        for k in m.index:
            label = self.board(k, long=True) if by == "board" else L.category(k)
            row = [label] + [L.num(v) for v in m.loc[k]]
            if base is not None:
                row.append(L.percent(m.loc[k, last] / base[k]) if base.get(k, 0) > 0 else "")
            rows.append(row)
        if len(m):
            share = (
                [L.percent(m[last].sum() / base.sum())]
                if base is not None and base.sum() > 0
                else []
            )
            rows.append([L("total")] + [L.num(v) for v in m.sum()] + share)
        head = [L("board") if by == "board" else L("category")] + [str(y) for y in m.columns]
        if base is not None:
            head.append(L("share_col", year=last))
        return Table(head, rows, [False] + [True] * (len(head) - 1))

    @property
    def has_margins(self) -> bool:
        """False without a plan, without frames, or where every frame is proposed (its margin
        is 0 by construction: the frame is the plan's cost)."""
        return self.has_plan and bool(self._decided_margins().notna().any().any())

    def _decided_margins(self) -> pd.DataFrame:
        """Board x year margins of the years with a decided frame (``frames.csv`` status; a
        proposed year's margin is 0 by construction, so its column is left out)."""
        m = self.r.boards.pivot(index="board", columns="year", values="margin")
        frames = self.r.tables.get("frames")
        if frames is not None and not frames.empty and "status" in frames:
            decided = set(frames.loc[frames["status"] == "decided", "year"].astype(int))
            m = m[[y for y in m.columns if int(y) in decided]]
        return m

    def margins(self, long: bool = True) -> Table:
        L = self.L
        m = self._decided_margins()
        order = list(dict.fromkeys(self.r.boards["board"]))
        rows, tones = [], []
        for b in order:
            values = [float(v) for v in m.loc[b]]
            rows.append([self.board(b, long=long)] + [L.num(v) for v in values])
            tones.append([""] + [_margin_tone(v) for v in values])
        head = [L("board")] + [str(int(y)) for y in m.columns]
        return Table(head, rows, [False] + [True] * len(m.columns), tones)

    def requirement(self, row) -> str:
        """``Frame HSN 2025``, ``Balance milestone 2027``: a duals row in the user's terms."""
        L = self.L
        parts = [L.family(row.constraint)]
        if row.constraint == "category" and not _isnan(row.category):
            parts.append(L.category(row.category))
        if not _isnan(row.board) and row.board != "":
            parts.append(self.board(row.board))
        if row.constraint == "group" and not _isnan(row.action):  # a group by its actions
            members = ((self.s.get("names") or {}).get("groups") or {}).get(str(row.action))
            parts.append(L.join([self.action(a) for a in members or [row.action]]))
        elif not _isnan(row.action) and row.action != "":
            parts.append(self.action(row.action))
        if not _isnan(row.year) and row.year != "":
            parts.append(L.year(row.year))
        return " ".join(parts)

    def prices(self, caps: bool, top: int = TOP) -> tuple[list[str], list[float], int]:
        """Labels and prices of binding requirements (``caps``: potentials), largest first.

        None for a plan that falls short: its duals are in the weights of what is missing (a
        requirement eased by 1 MSEK lowers the penalty, not the harm score), so they are no
        price a reader can use (``no_prices`` says so)."""
        duals = self.r.tables.get("duals")
        if duals is None or duals.empty or self.r.status == "shortfall":
            return [], [], 0
        priced = duals[duals["binding"].astype(bool) & (duals["dual"] > 1e-9)]
        priced = priced[(priced["constraint"] == "potential") == caps]
        priced = priced.sort_values("dual", ascending=False)
        shown = priced.head(top)
        if caps:
            labels = [f"{self.board(r.board)}: {self.action(r.action)}" for r in shown.itertuples()]
        else:
            labels = [self.requirement(r) for r in shown.itertuples()]
        return labels, [float(v) for v in shown["dual"]], len(priced) - len(shown)

    def no_prices(self) -> str:
        """What stands where no price is shown: nothing binds, or the plan falls short."""
        return self.L("no_prices_shortfall" if self.r.status == "shortfall" else "no_binding")

    def prices_table(self, caps: bool) -> Table:
        labels, values, more = self.prices(caps)
        head = [self.L("action") if caps else self.L("requirement"), self.L("price")]
        rows = [[lab, self.L.num(v, 2)] for lab, v in zip(labels, values, strict=True)]
        return Table(head, rows, [False, True], more=self.L("more_rows", n=more) if more else "")

    def about(self) -> list[tuple[str, str]]:
        L, s = self.L, self.s
        solver = s.get("solver") or {}
        return [
            (L("scenario"), str(s.get("scenario", ""))),
            (L("priorities"), self.priorities()),
            (L("overrides"), ", ".join(changes_shown(s, L.lang)) or L("none")),
            (L("solver"), f"{solver.get('name', '')} {solver.get('version', '')}".strip()),
            (L("tool"), str(s.get("tool_version", ""))),
            (L("inputs"), str(s.get("inputs_sha256", ""))),
        ]


def _margin_tone(value: float) -> str:
    if value < -AT_FRAME:
        return "bad"
    return "at" if value <= AT_FRAME else "good"


__all__ = ["Card", "Table", "View", "fold_years", "priorities_label"]
