"""What the follow-up report says (MODEL.md 10.3), in the reader's language: the deviation
bridge of each closed year first, then costs by board, the actions, and the deadlines.
Every renderer (HTML, Markdown, Excel) shows these tables and steps."""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.report.view.blocks import Table
from optimizer.report.words.labels import Labels
from optimizer.round.follow_up import FollowUp


@dataclass
class FollowUpView:
    """The follow-up ``f`` in language ``lang``."""

    f: FollowUp
    lang: str = "en"
    html: bool = False

    def __post_init__(self) -> None:
        self.L = Labels(self.lang, html=self.html)
        names = self.f.summary.get("names") or {}
        self._boards = names.get("boards") or {}
        self._actions = names.get("actions") or {}

    @property
    def years(self) -> list[int]:
        return [int(t) for t in self.f.summary["closed_years"]]

    def title(self) -> str:
        return f"{self.L('fu_title')}: {self.f.summary.get('scenario') or ''}"

    def intro(self) -> str:
        years = self.L.join([str(t) for t in self.years])
        return self.L("fu_intro", years=years)

    def board(self, b: str) -> str:
        return self._boards.get(b, b)

    def action(self, a: str) -> str:
        return self._actions.get(a, a)

    def bridge_steps(self, year: int) -> list[tuple[str, float, str]]:
        """The bridge of ``year`` with its labels in words."""
        words = {"planned": self.L("fu_planned_result"), "realised": self.L("fu_realised_result"),
                 "other": self.L("fu_other")}  # fmt: skip
        return [(words.get(label, self.board(label)), value, kind)
                for label, value, kind in self.f.bridge(year)]  # fmt: skip

    def bridge_table(self, year: int) -> Table:
        rows = [[label, self.L.num(value)] for label, value, _ in self.bridge_steps(year)]
        return Table([self.L("fu_bridge", year=year), self.L("unit")], rows, [False, True])

    def boards(self) -> Table:
        L, rows = self.L, []
        for r in self.f.boards.itertuples():
            pct = "" if r.deviation_pct != r.deviation_pct else L.percent(r.deviation_pct)
            rows.append([self.board(r.board), L.year(r.year), L.num(r.planned), L.num(r.realised),
                         L.num(r.deviation), pct])  # fmt: skip
        head = [L("board"), L("year"), L("planned"), L("realised"), L("deviation"),
                L("deviation_pct")]  # fmt: skip
        return Table(head, rows, [False, False, True, True, True, True])

    def actions(self) -> Table:
        L, rows = self.L, []
        for r in self.f.actions.itertuples():
            pct = L.percent(r.deviation / r.planned) if abs(r.planned) > 1e-9 else ""
            rows.append([self.board(r.board), self.action(r.action), L.year(r.start_year),
                         L.year(r.year), L.num(r.planned), L.num(r.realised), L.num(r.deviation),
                         pct])  # fmt: skip
        head = [L("board"), L("action"), L("start_year"), L("year"), L("planned"),
                L("realised"), L("deviation"), L("deviation_pct")]  # fmt: skip
        return Table(head, rows, [False, False, False, False, True, True, True, True])

    def deadlines(self) -> Table:
        L, rows = self.L, []
        for r in self.f.deadlines.itertuples():
            rows.append([L.year(r.deficit_year), L.year(r.restore_by), str(r.decision or ""),
                         L.num(r.left_planned), L.num(r.left_realised), L.num(r.extra)])  # fmt: skip
        head = [L("deficit_year"), L("restore_by"), L("decision"), L("left_planned"),
                L("left_realised"), L("extra")]  # fmt: skip
        return Table(head, rows, [False, False, False, True, True, True])
