"""``explain``: a plain-language account of one solve, in English or Swedish, from ``Results``.

No solver is imported here: every sentence is read off a table of the results folder and ends
with a tag naming it (``[ranging.csv: frame HSN 2026]``), so each can be traced to its row.

The numbers (signs as in docs/model.md, "Outputs"; ``step`` = 10 MSEK by default):

- a dual ``y`` is the fall in the stage-2 objective per MSEK by which a row is loosened, so
  tightening a binding requirement by ``step`` raises the objective by ``x = step * y``, and
  raising a limit (potential, pace, investment room) by ``step`` lowers it by ``x``;
- that price holds while the right-hand side stays in ``[lower, upper]`` (``ranging.csv``): up
  to ``+(upper - value)`` for a row tightened or loosened upwards (result, milestone, category,
  floor, least cash; potential, pace, investment room), up to ``-(value - lower)`` for one
  tightened downwards (frame, cost freeze). A row flagged ``degenerate``, or whose range ends at
  its value in the direction described, has no unique price, and the text says so;
- a marginal action is in the plan with ``0 < sum_s x[b,a,s] < pot[b,a]`` and reduced cost 0;
- what would change the plan first is the range end (of a binding row's right-hand side, or of
  an action's weight) nearest its value in relative terms, ``|end - value| / |value|`` (the
  absolute distance where ``value`` is 0); ends at distance 0 (degenerate) are left out.

Tables absent from older results folders (``ranging``, ``why_not``) drop their sentences.
"""

from __future__ import annotations

import math

from optimizer.report.explain.rows import (
    KEY_FIELDS,
    LIMITS,
    PER_YEAR,
    STAFF,
    TIGHTEN,
    TINY,
    Price,
    RangeEnd,
    binding_keys,
    key_text,
    potentials,
    prices,
    range_ends,
    row_key,
    to_float,
)
from optimizer.report.explain.why import left_out
from optimizer.report.view.blocks import changes_shown
from optimizer.report.view.plan import priorities_label
from optimizer.report.view.tiers import tier_sentence
from optimizer.report.words.phrases import (
    LANGS,
    TEXT,
    category_name,
    digits_for,
    num,
    pct,
    requirement_name,
)
from optimizer.results.core import Results, committed_actions, new_actions

AMOUNT_TOL = 1e-6  # MSEK: an amount below this is not used


def explain(
    results: Results,
    lang: str = "en",
    *,
    step: float = 10.0,
    top: int = 8,
    per_reason: int = 3,
    nearest: int = 3,
) -> str:
    """The account of ``results`` in ``lang`` (``en`` or ``sv``), as Markdown-ish plain text.

    ``top`` caps the prices listed per section and the marginal actions per board,
    ``per_reason`` the left-out actions per reason, ``nearest`` the range ends listed.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    ex = Explainer(results, lang, step, top, per_reason, nearest)
    sections = [ex.headline()]
    if results.status in ("optimal", "shortfall") and "actions" in results.tables:
        sections += [ex.shortfall(), ex.prices(), ex.marginal(), left_out(ex), ex.nearest()]
    return "\n\n".join(s for s in sections if s) + "\n"


def _record_key(record: dict) -> dict:
    """The key fields of a summary.json record (conflict, relaxation)."""
    return {f: record[f] for f in KEY_FIELDS if record.get(f) is not None}


class Explainer:
    """The sections of the account; each method returns one block of text ('' to skip)."""

    def __init__(self, results: Results, lang: str, step: float, top: int, per: int, near: int):
        self.r, self.lang, self.step = results, lang, step
        self.top, self.per, self.near = top, per, near
        self.t = TEXT[lang]
        self.ranging = results.tables.get("ranging")
        self.why_not = results.tables.get("why_not")
        name = results.summary.get("objective_name", "min_impact")
        self.objective = self.t["obj_savings" if name == "min_savings" else "obj_impact"]
        names = results.summary.get("names") or {}
        self.boards, self.actions = names.get("boards") or {}, names.get("actions") or {}

    def board(self, board_id: object) -> str:
        """A board's name from the scenario (its id where none is given)."""
        return str(self.boards.get(str(board_id)) or board_id)

    def action(self, action_id: object) -> str:
        """An action's name from the scenario (its id where none is given)."""
        return str(self.actions.get(str(action_id)) or action_id)

    def n(self, value: float, digits: int = 1) -> str:
        return num(value, digits, self.lang)

    def amount(self, value: float) -> str:
        """An amount in MSEK: one decimal, two significant digits below 1 (never a false 0)."""
        return self.n(value, digits_for(value))

    def pair(self, value: float, end: float, digits: int = 1) -> tuple[str, str]:
        """``value`` and ``end`` with enough decimals (up to 6) to tell them apart."""
        while digits < 6 and self.n(value, digits) == self.n(end, digits):
            digits += 1
        return self.n(value, digits), self.n(end, digits)

    def name(self, family: str, key: dict) -> str:
        """The row in words, boards and actions by their names (``key_text`` keeps the ids for
        the bracketed source references)."""
        shown = dict(key)
        if shown.get("board"):
            shown["board"] = self.board(shown["board"])
        if shown.get("action"):
            shown["action"] = self.action(shown["action"])
        return requirement_name(family, shown, self.lang, key_text(family, key))

    def more(self, count: int, table: str) -> list[str]:
        return [self.t["more"].format(n=count, table=table)] if count > 0 else []

    def unit(self, family: str) -> str:
        if family in STAFF:
            return self.t["staff"]
        return self.t["msek_year" if family in PER_YEAR else "msek"]

    # ------------------------------------------------------------------ headline

    def headline(self) -> str:
        s, t = self.r.summary, self.t
        lines = [t["title"].format(scenario=s.get("scenario", ""))]
        overrides = ", ".join(changes_shown(s, self.lang))
        context = t["context_overrides" if overrides else "context"]
        priorities = priorities_label(s, self.lang)
        lines.append(context.format(overrides=overrides, priorities=priorities))
        status = self.r.status
        template = t.get(f"status_{status}", t["status_other"])
        total = self.n(s.get("total_shortfall") or 0.0)
        lines.append(template.format(total=total, status=status) + " [summary.json]")
        if status in ("optimal", "shortfall") and "shortfall_by_tier" in s:
            sentence = tier_sentence(
                s, self.r.tables.get("shortfall"), self.lang, self.r.tables.get("boards")
            )
            lines.append(
                sentence[:1].upper() + sentence[1:] + ". [summary.json: shortfall_by_tier]"
            )
        lines += self.conflict()
        if status in ("optimal", "shortfall") and s.get("impact") is not None:
            goal = t.get(f"goal_{s.get('objective_name', 'min_impact')}", "")
            impact = t["impact"].format(impact=self.n(float(s["impact"]), 0), goal=goal)
            lines.append(impact + " [summary.json]")
            years = t["list_sep"].join(
                t["year_item"].format(year=y, value=self.n(float(v)))
                for y, v in (s.get("savings_by_year") or {}).items()
            )
            lines.append(t["savings"].format(years=years) + " [summary.json]")
            lines += self.committed()
        return "\n".join(lines)

    def committed(self) -> list[str]:
        """The committed actions (MODEL.md 10.3) in one sentence: how many, decided and
        delivered, their harm apart from the harm score (summary.json, actions.csv)."""
        s = self.r.summary
        if s.get("committed_impact") is None:
            return []
        rows = committed_actions(self.r.actions)
        text = self.t["committed"].format(
            n=len(rows),
            decided=self.n(float(rows["amount"].sum())),
            delivered=self.n(float(rows["expected"].sum())),
            harm=self.n(float(s["committed_impact"]), 0),
        )
        return [text + " [actions.csv: status committed; summary.json: committed_impact]"]

    def conflict(self) -> list[str]:
        """The irreducible infeasible set and the least relaxations (summary.json, strict)."""
        t, s = self.t, self.r.summary
        lines = [t["conflict_head"]] if s.get("conflict") else []
        for c in s.get("conflict") or []:
            family, key = str(c["requirement"]), _record_key(c)
            value, unit = self.n(to_float(c.get("value"))), self.unit(family)
            name = self.name(family, key)
            lines.append(t["conflict_item"].format(name=name, value=value, unit=unit))
        relax = s.get("relaxation") or {}
        items = []
        for r in relax.get("requirements") or []:
            family, key = str(r["requirement"]), _record_key(r)
            loosen = "relax_raise" if TIGHTEN.get(family) == "lower" else "relax_lower"
            by, unit = self.amount(to_float(r.get("relax_by"))), self.unit(family)
            items.append(t[loosen].format(name=self.name(family, key), by=by, unit=unit))
        if items:
            lines.append(t["relax_requirements"].format(items=", ".join(items)) + " [summary.json]")
        items = [
            t["relax_potential_item"].format(
                board=self.board(r["board"]), by=self.amount(to_float(r["raise_by"]))
            )
            for r in relax.get("potentials") or []
        ]
        if items:
            lines.append(t["relax_potentials"].format(items=", ".join(items)) + " [summary.json]")
        return lines

    # ------------------------------------------------------------------ shortfall

    def shortfall(self) -> str:
        table = self.r.tables.get("shortfall")
        if table is None or table.empty:
            return ""
        lines = [self.t["h_shortfall"]]
        for _, row in table.sort_values("shortfall", ascending=False, kind="stable").iterrows():
            requirement, key = str(row["requirement"]), row_key(row)
            template = self.t.get(f"sf_{requirement}", self.t["sf_other"])
            text = template.format(
                requirement=requirement,
                board=self.board(key.get("board", "")),
                year=key.get("year", ""),
                category=category_name(str(key.get("category", "")), self.lang),
                gap=self.n(float(row["shortfall"])),
                value=self.n(to_float(row["value"])),
                target=self.n(to_float(row["target"])),
            )
            lines.append(f"{text} [shortfall.csv: {key_text(requirement, key)}]")
        return "\n".join(lines)

    # ------------------------------------------------------------------ prices

    def price_sentence(self, p: Price) -> str:
        t, unit = self.t, self.unit(p.family)
        tag = f" [{p.table}: {key_text(p.family, p.key)}]"
        if p.not_unique:
            if math.isnan(p.lower) or math.isnan(p.upper):
                span = t["degenerate_norange"]
            elif abs(p.upper - p.lower) <= TINY * max(1.0, abs(p.value)):
                span = t["degenerate_point"].format(value=self.n(p.value), unit=unit)
            else:  # enough decimals to tell the ends apart (never "between 0.0 and 0.0")
                lower, upper = self.pair(p.lower, p.upper)
                span = t["degenerate_range"].format(lower=lower, upper=upper, unit=unit)
            name, dual = self.name(p.family, p.key), self.n(p.dual, 2)
            return t["degenerate"].format(name=name, dual=dual, unit=unit, range=span) + tag
        up = p.direction == "raise"
        step = self.step
        if math.isnan(p.reach):
            holds = ""  # no ranging: the note under the section says so
        elif math.isinf(p.reach):
            holds = t["holds_any_up" if up else "holds_any_down"]
        elif p.reach < self.step:  # quote the price only within its range, and what lies beyond
            step = p.reach
            holds = t["beyond_up" if up else "beyond_down"].format(
                y=self.amount(p.reach), unit=unit
            )
        else:
            holds = t["holds_up" if up else "holds_down"].format(y=self.amount(p.reach), unit=unit)
        template = (
            "tighten" if p.family in TIGHTEN else "loosen" if p.family in LIMITS else "loosen_other"
        )
        text = t[template].format(
            verb=t[p.direction],
            name=self.name(p.family, p.key),
            step=self.amount(step) if step < self.step else self.n(step, 0),
            unit=unit,
            objective=self.objective,
            x=self.amount(step * p.dual),
            holds=holds,
        )
        return text + tag

    def prices(self) -> str:
        rows = prices(self.r)
        priced = sorted(
            (p for p in rows if abs(p.dual) > TINY),
            key=lambda p: (-p.dual, key_text(p.family, p.key)),
        )
        table = "ranging.csv" if self.ranging is not None else "duals.csv"
        blocks = []
        msek = [p for p in priced if p.family not in STAFF]  # a price per årsarbetare is apart
        staff = [p for p in priced if p.family in STAFF]
        for heading, empty, members in (
            ("h_requirements", "none_binding", [p for p in msek if p.family not in LIMITS]),
            ("h_limits", "none_limits", [p for p in msek if p.family in LIMITS]),
            ("h_staff", "", staff),
        ):
            if not empty and not members:  # the staff block only where a staff row is priced
                continue
            lines = [self.t[heading]]
            if self.r.status == "shortfall" and members:
                lines.append(self.t["shortfall_prices"])
            lines += [self.price_sentence(p) for p in members[: self.top]] or [self.t[empty]]
            lines += self.more(len(members) - self.top, table)
            blocks.append(lines)
        binding = binding_keys(self.r)
        zero = [
            p
            for p in rows
            if abs(p.dual) <= TINY
            and p.degenerate
            and (binding is None or key_text(p.family, p.key) in binding)
        ]
        if zero:
            items = ", ".join(self.name(p.family, p.key) for p in zero[: self.top])
            tags = "; ".join(key_text(p.family, p.key) for p in zero[: self.top])
            text = self.t["zero_degenerate"].format(items=items)
            blocks[0] += [f"{text} [ranging.csv: {tags}]", *self.more(len(zero) - self.top, table)]
        unranged = [p for p in priced[: self.top] if math.isnan(p.reach) and not p.not_unique]
        if self.ranging is None or unranged:
            blocks[0].append(self.t["no_ranging"])
        return "\n\n".join("\n".join(lines) for lines in blocks)

    # ------------------------------------------------------------------ marginal actions

    def marginal(self) -> str:
        acts = new_actions(self.r.actions)
        lines = [self.t["h_marginal"], self.t["marginal_intro"]]
        pots = potentials(self.r)
        pairs = (
            acts.assign(rc=acts["reduced_cost"].abs())
            .groupby(["board", "action"], sort=False)
            .agg(amount=("amount", "sum"), rc=("rc", "min"))
        )
        found: dict[str, list[str]] = {}
        for (board, action), row in pairs.iterrows():
            pot = pots.get((board, action), math.nan)
            if math.isnan(pot) or row["rc"] > TINY or row["amount"] <= AMOUNT_TOL:
                continue
            if pot - row["amount"] <= AMOUNT_TOL * max(1.0, pot):
                continue
            item = self.t["marginal_item"].format(
                action=self.action(action),
                amount=self.amount(row["amount"]),
                potential=self.amount(pot),
            )
            found.setdefault(board, []).append(item)
        if not found:
            return "\n".join(lines + [self.t["marginal_none"]])
        for board, items in found.items():
            shown = items[: self.top]
            if len(items) > self.top:
                shown.append(self.t["and_more"].format(n=len(items) - self.top))
            text = self.t["marginal_board"].format(board=self.board(board), items=", ".join(shown))
            lines.append(f"{text} [actions.csv: {board}]")
        return "\n".join(lines)

    # ------------------------------------------------------------------ nearest change

    def nearest(self) -> str:
        lines = [self.t["h_nearest"]]
        if self.ranging is None:
            return "\n".join(lines + [self.t["no_ranging_nearest"]])
        ends, skipped = range_ends(self.ranging)
        lines.append(self.t["nearest_intro" if ends else "nearest_none"])
        lines += ["- " + self._nearest_sentence(e) for e in ends[: self.near]]
        if skipped:
            lines.append(self.t["nearest_degenerate"])
        return "\n".join(lines)

    def _nearest_sentence(self, e: RangeEnd) -> str:
        t, key = self.t, e.key
        change = pct((e.end - e.value) / abs(e.value), self.lang) if abs(e.value) > TINY else ""
        if e.kind == "weight":
            value, end = self.pair(e.value, e.end, 2)
            text = t["nearest_lower_w" if e.end < e.value else "nearest_raise_w"].format(
                action=self.action(key.get("action", "")),
                board=self.board(key.get("board", "")),
                value=value,
                end=end,
                pct=change,
            )
            return f"{text} [ranging.csv: weight {key.get('board', '')} {key.get('action', '')}]"
        unit = self.unit(e.family)
        if not change:
            change = (
                "+" if e.end > e.value else "-"
            ) + f"{self.amount(abs(e.end - e.value))} {unit}"
        value, end = self.pair(e.value, e.end)
        text = t["nearest_rhs"].format(
            verb=t["raise" if e.end > e.value else "lower"],
            name=self.name(e.family, key),
            value=value,
            end=end,
            unit=unit,
            pct=change,
        )
        return f"{text} [ranging.csv: {key_text(e.family, key)}]"
