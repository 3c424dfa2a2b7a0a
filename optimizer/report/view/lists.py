"""The lists of a report's view: the actions (one row per action), requirements not met, the
conflict and its least relaxations, protected areas and liquidity. ``View`` inherits them."""

from __future__ import annotations

import pandas as pd

from optimizer.report.view.blocks import Table, _isnan, fold_years
from optimizer.report.view.tiers import TIER_OF, TIERS
from optimizer.results.core import committed_actions, new_actions


class Lists:
    """Tables and lists of one solve; ``self.r``, ``self.L``, ``self.s``, ``board``, ``action``,
    ``savings_matrix``, ``years`` and ``has_plan`` come from ``View``."""

    def action_rows(self) -> pd.DataFrame:
        """One row per (board, action): start years folded in, the full effect summed.

        Columns ``board, action, category, starts, amount, weight`` (``starts`` a sorted list),
        boards in the order of their savings, actions largest first; rows that round to 0,0
        are left out (their effect is below what a table shows).
        """
        a = new_actions(self.r.actions)
        if a.empty:
            return pd.DataFrame(columns=["board", "action", "category", "starts", "amount"])
        grouped = a.groupby(["board", "action"], sort=False).agg(
            category=("category", "first"),
            starts=("start_year", lambda v: sorted({int(x) for x in v})),
            amount=("amount", "sum"),
            weight=("weight", "max"),
        )
        grouped = grouped[grouped["amount"].round(1) != 0].reset_index()
        order = {b: i for i, b in enumerate(self.savings_matrix("board").index)}
        grouped["_o"] = grouped["board"].map(order).fillna(len(order))
        grouped = grouped.sort_values(["_o", "amount"], ascending=[True, False])
        return grouped.drop(columns="_o").reset_index(drop=True)

    def actions(self) -> Table:
        """The action table of the appendix: one row per action, grouped by board (a board's
        name on its first row only), the total full effect at the end."""
        L, a = self.L, self.action_rows()
        rows, last_board = [], None
        for r in a.itertuples():
            rows.append(
                [
                    self.board(r.board) if r.board != last_board else "",
                    self.action(r.action),
                    L.category(r.category),
                    fold_years(r.starts),
                    L.num(r.amount),
                    L.num(r.weight, 2),
                ]
            )
            last_board = r.board
        if rows:
            rows.append([L("total"), "", "", "", L.num(a["amount"].sum()), ""])
        head = [L("board"), L("action"), L("category"), L("start_year"), L("amount"), L("weight")]
        return Table(head, rows, [False, False, False, False, True, True])

    def committed(self) -> Table:
        """The committed actions (MODEL.md 10.3): board, action, start, decided amount, what is
        delivered, status; empty without them."""
        L, c = self.L, committed_actions(self.r.actions)
        rows = [
            [
                self.board(r.board),
                self.action(r.action),
                L.year(r.start_year),
                L.num(r.amount),
                L.num(r.expected),
                L("status_committed"),
            ]
            for r in c.itertuples()
        ]
        head = [L("board"), L("action"), L("start_year"), L("decided_amount")]
        head += [L("delivered_amount"), L("action_status")]
        return Table(head, rows, [False, False, False, True, True, False])

    def committed_lead(self) -> str:
        """The committed section's lead, with their harm (``summary.committed_impact``)."""
        return self.L("sec_committed_lead", harm=self.L.num(self.s.get("committed_impact"), 0))

    def actions_reconciled(self) -> str:
        """One line that reconciles the table's total (full effect at the scenario's base prices)
        with the headline (the effect in the last plan year, after indexation and ramps)."""
        if not self.has_plan or new_actions(self.r.actions).empty:
            return ""
        last = self.years[-1]
        headline = float(self.r.boards.loc[self.r.boards["year"] == last, "effect"].sum())
        total = float(self.action_rows()["amount"].sum())
        return self.L(
            "actions_reconcile",
            total=self.L.money(total),
            year=last,
            headline=self.L.money(headline),
        )

    def shortfall(self) -> Table:
        L, frame = self.L, self.r.tables.get("shortfall")
        if frame is None or frame.empty:
            return Table([], [], [])
        rows = []
        tiers = {tier: i for i, tier in enumerate(TIERS)}  # the law first, then targets, frames
        rank = frame["requirement"].map(lambda f: tiers.get(TIER_OF.get(str(f), ""), len(tiers)))
        frame = frame.assign(_rank=rank).sort_values(["_rank", "year"], kind="stable")
        for r in frame.itertuples():
            shown = {"board": self.board, "category": L.category, "year": L.year}
            where = " ".join(
                shown[k](v)
                for k, v in (("board", r.board), ("category", r.category), ("year", r.year))
                if not _isnan(v) and v != ""
            )
            unit = f" ({L('fte_unit')})" if r.requirement == "attrition" else ""  # not MSEK
            rows.append(
                [
                    f"{L.family(r.requirement)} {where}{unit}".strip(),
                    L.num(r.target),
                    L.num(r.value),
                    L.num(r.shortfall),
                ]
            )
        head = [L("requirement"), L("target"), L("value"), L("shortfall")]
        return Table(head, rows, [False, True, True, True], [["", "", "", "bad"]] * len(rows))

    def conflict(self) -> list[str]:
        """The requirements in conflict with their values; the potentials of a board as one
        line (how many actions, their total potential)."""
        L, out, pots = self.L, [], {}
        for c in self.s.get("conflict") or []:
            family = c.get("requirement", "")
            value = c.get("value")
            if family == "potential":
                count, total = pots.get(c.get("board"), (0, 0.0))
                pots[c.get("board")] = (count + 1, total + float(value or 0.0))
                continue
            words = [L.family(family)]
            if c.get("board") is not None:
                words.append(self.board(c["board"]))
            if c.get("category") is not None:
                words.append(L.category(c["category"]))
            if c.get("action") is not None:
                words.append(self.action(c["action"]))
            if c.get("year") is not None:
                words.append(L.year(c["year"]))
            text = " ".join(words)
            out.append(f"{text}: {L.money(value)}" if value is not None else text)
        for board, (count, total) in pots.items():
            out.append(L("conflict_pots", board=self.board(board), n=count, total=L.money(total)))
        return out

    def relaxations(self) -> list[str]:
        """The least relaxations that make the scenario feasible, each alone, in words."""
        L, relax = self.L, self.s.get("relaxation") or {}
        out = []
        for r in relax.get("requirements", []):
            where = " ".join(
                self.board(r[k])
                if k == "board"
                else (L.category(r[k]) if k == "category" else L.year(r[k]))
                for k in ("board", "category", "year")
                if k in r
            )
            out.append(
                L(
                    "relax_raise" if r["requirement"] == "frame" else "relax_lower",
                    what=f"{L.family(r['requirement']).lower()} {where}".strip(),
                    value=L.money(r.get("value")),
                    by=L.money(r["relax_by"]),
                )
            )
        for p in relax.get("potentials", []):
            out.append(L("relax_pot", board=self.board(p["board"]), by=L.money(p["raise_by"])))
        return out

    def protected(self) -> Table:
        L, frame = self.L, self.r.tables.get("protected")
        if frame is None or frame.empty:
            return Table([], [], [])
        rows = [
            [
                self.board(r.board),
                self.action(r.action),
                L.category(r.category),
                L.num(r.potential),
                L.reason(r.reason),
            ]
            for r in frame.itertuples()
        ]
        head = [L("board"), L("action"), L("category"), L("pot"), L("reason")]
        if len({row[-1] for row in rows}) == 1:  # one reason for all: said once, below
            note = f"{L('reason')}: {rows[0][-1]}"
            return Table(
                head[:-1], [row[:-1] for row in rows], [False, False, False, True], more=note
            )
        return Table(head, rows, [False, False, False, True, False])

    def liquidity(self) -> Table:
        L, frame = self.L, self.r.tables.get("liquidity")
        if frame is None or frame.empty:
            return Table([], [], [])
        rows = [
            [L.year(r.year), L.num(r.cash), L.num(r.loans), L.num(r.min_cash), L.num(r.shortfall)]
            for r in frame.itertuples()
        ]
        head = [L("year"), L("cash"), L("loans"), L("min_cash_col"), L("shortfall")]
        return Table(head, rows, [False, True, True, True, True])
