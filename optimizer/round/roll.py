"""``roll``: the next planning round as an ordinary scenario folder (MODEL.md 10.3).

From a plan and what happened in its closed years (``closed.py``), with ``base`` the last
closed year and ``first = base + 1``:

- ``years``: ``{base, first, last}`` (``last`` unchanged or given); every per-year key moved on
  (``years.py``), in the scenario and in its overrides;
- ``boards.csv``: ``cost0`` = the realised cost of ``base``; ``frame0`` = the plan's frame of
  ``first``; ``frames.csv`` keeps the explicit frames from ``first`` on (decided frames carried);
- ``committed.csv``: the scenario's committed actions and the plan's decisions started up to
  ``base``, at ``realisation = their realisation * the share delivered in base``, with
  ``index_to_base = idx[start, base]`` from the plan's drivers;
- ``balance``: the deficits after the closed years (``ledger.py``); a version-1 balance's
  ``opening`` moves on by the realised balanskravsresultat;
- revenue: ``base`` = the plan's revenue of the new base year, tax raises decided in the closed
  years included (and taken off ``max_ore``, and onto ``rate``); in two parts (10.2) the tax
  part's and the grants' bases, and ``past_wage`` the base year's wage (exact with ``lag: 1``); liquidity: the plan's loans at the end of ``base``
  and its cash less the results below plan;
- actions whose start window has closed keep only their committed amount as potential;
- overrides that set the opening position of the old round (``balance.deficits``/``opening``)
  no longer apply and are left out, said in the header;
- an ``uncertainty`` draw of a board's ``cost0`` is moved to centre on the new ``cost0``;
- everything else is copied, under a header saying where it came from.
"""

from __future__ import annotations

import copy
import csv
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from optimizer.results.core import COMMITTED
from optimizer.results.folder import write_folder
from optimizer.round.closed import Closed, close
from optimizer.round.ledger import roll_ledger
from optimizer.round.outcomes import Outcomes
from optimizer.round.plan import Plan
from optimizer.round.years import move_years
from optimizer.scenario.compose import read_yaml
from optimizer.scenario.financial_core import TAX_BOARD
from optimizer.scenario.inputs import InputError, Problem
from optimizer.scenario.tables import Origin, read_table

COMMITTED_COLUMNS = ["board", "action", "start", "amount", "realisation", "index_to_base", "note"]


@dataclass
class Rolled:
    """The new scenario: its YAML data, header lines, and CSV files by name."""

    data: dict
    header: list[str]
    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)  # file name -> source file

    def fill(self, folder: Path) -> None:
        """Write the scenario into ``folder`` (``write_folder``'s temporary sibling)."""
        text = "".join(f"# {line}\n" if line else "#\n" for line in self.header)
        text += yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=100)
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")
        for name, body in self.files.items():
            (folder / name).write_text(body, encoding="utf-8")
        for name, source in self.copies.items():
            shutil.copyfile(source, folder / name)


def roll(plan: Plan, outcomes: Outcomes, last: int | None = None, source: str = "") -> Rolled:
    """The next round of ``plan`` after ``outcomes`` (module doc); raises ``InputError``."""
    file = plan.scenario_file
    data = read_yaml(file, str(file))
    if "extends" in data:
        raise InputError(Problem(str(file), "extends", data["extends"],
                                 "a scenario without extends (roll writes one whole scenario)"))  # fmt: skip
    closed = close(plan, outcomes)
    base = outcomes.last
    first = base + 1
    old_last = plan.years[-1]
    last = old_last if last is None else last
    if last < first:
        raise InputError(Problem("--last", "", last, f"a year from {first} on"))
    data = copy.deepcopy(data)
    notes: list[str] = []
    if last > old_last:
        notes.append(f"{old_last + 1}–{last} are new plan years: add their result targets, "
                     "frames and limits where they differ from the carried values")  # fmt: skip
    data["name"] = _name(str(data.get("name") or file.parent.name), plan.years, first, last)
    data["years"] = {"base": base, "first": first, "last": last}
    move_years(data, first)
    for override in (data.get("overrides") or {}).values():
        if isinstance(override, dict):
            move_years(override, first)
    _drop_opening_overrides(data, notes)
    rolled = Rolled(data, [])
    tables = _tables(plan, data, file)
    _boards(plan, closed, tables, rolled, base, first)
    _recentre_cost0(data, closed, base)
    _frames(tables, rolled, first)
    committed = _committed(plan, outcomes, base)
    _actions(plan, tables, rolled, first, committed, notes)
    _balance(plan, closed, outcomes, data, first, notes)
    _revenue(plan, data, base, first, notes)
    _liquidity(plan, closed, data, base)
    rolled.files["committed.csv"] = _csv(COMMITTED_COLUMNS, committed)
    data["committed"] = "committed.csv"
    for name in ("groups",):
        if isinstance(data.get(name), str):
            rolled.copies[Path(data[name]).name] = file.parent / data[name]
            data[name] = Path(data[name]).name
    rolled.header = _header(plan, outcomes, source, base, first, last, notes)
    return rolled


def write_rolled(rolled: Rolled, out: str | Path, force: bool) -> Path:
    """Write ``rolled`` to ``out`` atomically (``results.folder``: never over a folder this
    tool did not write)."""
    return write_folder(out, force, rolled.fill, kind="scenario")


# --------------------------------------------------------------------------- pieces


def _name(name: str, years: list[int], first: int, last: int) -> str:
    for dash in ("–", "-"):
        span = f"{years[0]}{dash}{years[-1]}"
        if span in name:
            return name.replace(span, f"{first}{dash}{last}")
    return f"{name}, {first}–{last}"


def _drop_opening_overrides(data: dict, notes: list[str]) -> None:
    overrides = data.get("overrides") or {}
    for name in list(overrides):
        balance = (overrides[name] or {}).get("balance") if isinstance(overrides[name], dict) else None
        if isinstance(balance, dict) and ({"deficits", "opening"} & set(balance)):
            del overrides[name]
            notes.append(
                f"override '{name}' left out: it set the opening deficits of the earlier round"
            )


def _tables(plan: Plan, data: dict, file: Path) -> dict[str, list[dict]]:
    """The scenario's tables as lists of records (strings from a CSV, YAML values inline)."""
    origin = Origin(str(file), file.parent)
    out: dict[str, list[dict]] = {}
    for name in ("boards", "frames", "actions", "potentials", "committed"):
        spec = data.get(name)
        if spec is None:
            out[name] = []
            continue
        problems: list[Problem] = []
        table = read_table(name, spec, origin, (name,), problems)
        if problems or table is None:
            raise InputError(problems)
        out[name] = [dict(row.values) for row in table.rows]
    return out


def _clean(value: float) -> float:
    """A YAML number without float noise (``7001.9400000000005`` is ``7001.94``)."""
    return round(float(value), 9)


def _num(value: float) -> str:
    return repr(float(value)) if value != int(value) else str(int(value))


def _csv(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: object) -> object:
    """A table cell as a CSV writes it: a list (a ramp, a group's actions) joined by ';'."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return value


def _boards(plan: Plan, closed: Closed, tables: dict, rolled: Rolled, base: int, first: int):
    cost = closed.boards[closed.boards["year"] == base].set_index("board")["realised"]
    k = plan.years.index(first)
    rows = []
    for row in tables["boards"]:
        b = str(row["id"]).strip()
        i = plan.params.boards.index(b)
        rows.append({**row, "cost0": _num(cost[b]), "frame0": _num(plan.params.frame[i, k])})
    columns = list(dict.fromkeys(c for row in tables["boards"] for c in row))
    rolled.files["boards.csv"] = _csv(columns, rows)
    rolled.data["boards"] = "boards.csv"


def _recentre_cost0(data: dict, closed: Closed, base: int) -> None:
    """An ``uncertainty`` draw of a board's ``cost0`` is centred on the base year's outcome:
    its location (mean, low, mode, high) moves by what the new base year's cost moved."""
    draws = data.get("uncertainty")
    if not isinstance(draws, dict):
        return
    cost = closed.boards[closed.boards["year"] == base].set_index("board")["realised"]
    for key, spec in draws.items():
        parts = str(key).split(".")
        if len(parts) != 3 or parts[0] != "boards" or parts[2] != "cost0":
            continue
        if parts[1] not in cost.index or not isinstance(spec, dict):
            continue
        centre = spec.get("mean", spec.get("mode"))
        if not isinstance(centre, int | float):
            continue
        shift = float(cost[parts[1]]) - float(centre)
        for name in ("mean", "low", "mode", "high"):
            if isinstance(spec.get(name), int | float):
                spec[name] = _clean(float(spec[name]) + shift)


def _frames(tables: dict, rolled: Rolled, first: int) -> None:
    rows = [r for r in tables["frames"] if int(str(r["year"]).strip()) >= first]
    if not rows:
        rolled.data.pop("frames", None)
        return
    columns = list(dict.fromkeys(c for row in tables["frames"] for c in row))
    rolled.files["frames.csv"] = _csv(columns, rows)
    rolled.data["frames"] = "frames.csv"


def _committed(plan: Plan, outcomes: Outcomes, base: int) -> list[dict]:
    """The committed actions of the new round (module doc), in the plan's row order."""
    p, inputs = plan.params, plan.inputs
    years = plan.years
    cum = np.cumprod(1.0 + p.g, axis=1) if inputs.index_effects else np.ones_like(p.g)
    k_base = years.index(base)
    old = {(c.board, c.action, c.start): c for c in inputs.committed}
    rows = []
    for r in plan.rows.itertuples(index=False):
        if int(r.start_year) > base and r.status != COMMITTED:
            continue  # a new decision of an open year: the next round decides again
        b = p.boards.index(r.board)
        start = int(r.start_year)
        if start <= inputs.base_year:  # already committed before the old plan
            index = old[(r.board, r.action, start)].index_to_base * cum[b, k_base]
        else:
            index = cum[b, k_base] / cum[b, years.index(start)]
        share = outcomes.share(r.board, r.action, base)
        rows.append(
            {
                "board": r.board,
                "action": r.action,
                "start": start,
                "amount": _num(r.amount),
                "realisation": _num(r.realisation * share),
                "index_to_base": "" if start >= base else _num(index),
                "note": "committed earlier" if r.status == "committed" else f"decided in the plan for {years[0]}–{years[-1]}",
            }
        )
    return rows


def _actions(plan: Plan, tables: dict, rolled: Rolled, first: int, committed: list, notes: list):
    """Start windows clamped to the new years; an action whose window has closed keeps only its
    committed amount as potential."""
    used: dict[tuple[str, str], float] = {}
    for c in committed:
        key = (c["board"], c["action"])
        used[key] = used.get(key, 0.0) + float(c["amount"])
    closed_actions = set()
    rows = []
    for row in tables["actions"]:
        row = dict(row)
        latest = row.get("latest")
        if latest not in (None, "") and int(str(latest).strip()) < first:
            closed_actions.add(str(row["id"]).strip())
            row["latest"] = first
        earliest = row.get("earliest")
        if earliest not in (None, "") and int(str(earliest).strip()) < first:
            row["earliest"] = first
        rows.append(row)
    columns = list(dict.fromkeys(c for row in tables["actions"] for c in row))
    rolled.files["actions.csv"] = _csv(columns, rows)
    rolled.data["actions"] = "actions.csv"
    pots = []
    for row in tables["potentials"]:
        row = dict(row)
        key = (str(row["board"]).strip(), str(row["action"]).strip())
        if key[1] in closed_actions:
            row["pot"] = _num(used.get(key, 0.0))
        pots.append(row)
    if closed_actions:
        notes.append(f"start windows closed before {first}: {', '.join(sorted(closed_actions))} "
                     "(potential = the committed amount)")  # fmt: skip
    columns = list(dict.fromkeys(c for row in tables["potentials"] for c in row))
    rolled.files["potentials.csv"] = _csv(columns, pots)
    rolled.data["potentials"] = "potentials.csv"


def _balance(plan: Plan, closed: Closed, outcomes: Outcomes, data: dict, first: int, notes: list):
    balance = data.get("balance")
    if not isinstance(balance, dict):
        return
    bkr = dict(zip(closed.region["year"], closed.region["realised"], strict=True))
    if plan.inputs.balance_law:
        decided = {t: (o.restore_by, o.decision) for t, o in outcomes.years.items()}
        open_ = roll_ledger(plan.inputs, bkr, decided, first)
        balance["deficits"] = [d.record() for d in open_] or None
        for d in open_:
            if d.overdue is not None:
                notes.append(f"the {d.year} deficit was due by {d.overdue} and is overdue: "
                             f"due by {first} here")  # fmt: skip
    if balance.get("opening") is not None:
        balance["opening"] = _clean(float(balance["opening"]) + float(sum(bkr.values())))
    for key in ("exempt", "gains", "adjustments", "milestones"):
        if balance.get(key) == {}:
            balance.pop(key)


def _revenue(plan: Plan, data: dict, base: int, first: int, notes: list) -> None:
    economy = data.get("economy") or {}
    inputs = plan.inputs
    region = plan.results.region.set_index("year")
    revenue = economy.get("revenue")
    tax_in_base = float(region.at[base, "tax_revenue"]) if "tax_revenue" in region else 0.0
    if isinstance(revenue, dict) and "base" in revenue:
        revenue["base"] = _clean(float(inputs.revenue[base]) + tax_in_base)
    elif isinstance(revenue, dict) and inputs.tax_revenue:  # (10.2) in two parts
        taxed = float(inputs.tax_revenue[base])
        if isinstance(revenue.get("tax"), dict):
            revenue["tax"]["base"] = _clean(taxed + tax_in_base)
            revenue["tax"]["past_wage"] = _clean(inputs.wage[base])  # the wage tax follows
        if isinstance(revenue.get("grants"), dict):
            revenue["grants"]["base"] = _clean(float(inputs.revenue[base]) - taxed)
    tax = economy.get("tax_rate")
    if isinstance(tax, dict):
        acts = plan.results.actions
        raised = acts[(acts["board"].astype(str) == TAX_BOARD) & (acts["start_year"] <= base)]
        ore = float(raised["amount"].sum())
        if ore > 0:
            tax["max_ore"] = float(tax.get("max_ore", 0)) - ore
            if tax.get("rate") is not None:  # the rate in kronor now holds the raise
                tax["rate"] = _clean(float(tax["rate"]) + ore / 100.0)
            notes.append(f"a tax raise of {ore:g} öre decided for the closed years is in the "
                         "revenue base and off max_ore")  # fmt: skip
        if isinstance(tax.get("per_ore"), int | float):
            per_ore = float(tax["per_ore"]) * inputs.revenue[first] / inputs.revenue[plan.years[0]]
            tax["per_ore"] = _clean(per_ore)
        if tax.get("earliest") is not None and int(tax["earliest"]) < first:
            tax["earliest"] = first


def _liquidity(plan: Plan, closed: Closed, data: dict, base: int) -> None:
    liq = (data.get("limits") or {}).get("liquidity")
    table = plan.results.tables.get("liquidity")
    if not isinstance(liq, dict) or table is None or table.empty:
        return
    row = table.set_index("year").loc[base]
    below = float(closed.region["deviation"].sum())  # results below plan cost cash
    liq["opening_cash"] = _clean(float(row["cash"]) + below)
    liq["opening_loans"] = _clean(float(row["loans"]))


def _header(plan: Plan, outcomes: Outcomes, source: str, base: int, first: int, last: int,
            notes: list[str]) -> list[str]:  # fmt: skip
    closed = f"{min(outcomes.years)}–{base}" if len(outcomes.years) > 1 else str(base)
    lines = [
        f"The planning round {first}–{last}, written by 'balansplan roll' (MODEL.md 10.3) from",
        f"  the scenario {plan.scenario_file.parent.name}/{plan.scenario_file.name},",
        f"  the plan in {Path(source or plan.folder).name} and the outcomes in "
        f"{Path(outcomes.file).name}",
        f"  (closed years {closed}). cost0 is the {base} outcome, the deficits are the ledger",
        f"  after {closed}, committed.csv holds the actions decided up to {base} at their",
        "  realised share; everything else is copied from the earlier scenario (comments are not).",
        f"Made by: balansplan roll {Path(source or plan.folder).name} --outcomes "
        f"{Path(outcomes.file).name} --out NEW_SCENARIO",
    ]
    if notes:
        lines += ["", "Notes:"] + [f"- {note}" for note in notes]
    return lines + [""]
