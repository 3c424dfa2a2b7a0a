"""Words and numbers of the reports in English (default) and Swedish.

``Labels(lang)`` gives a label by key (``L("savings")``), the Swedish or English name of a
category or a requirement family, and numbers in the language's format:
English ``1,234.5``, Swedish ``1 234,5`` (a space, non-breaking in HTML, between thousands and a
decimal comma). Unknown keys fall back to the key itself, so a user's own category shows as
written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimizer.report.words.codes import CATEGORIES, FAMILIES, REASONS
from optimizer.report.words.round import ROUND_WORDS

LANGS = ("en", "sv")
NBSP = "\u00a0"
MINUS = "\u2212"

# key: (English, Swedish)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Savings plan", "Åtgärdsplan"),
    "compare_title": ("Comparison of savings plans", "Jämförelse av åtgärdsplaner"),
    "unit": ("MSEK", "mnkr"),
    "unit_year": ("MSEK/yr", "mnkr/år"),
    "scenario": ("Scenario", "Scenario"),
    "priorities": ("Priorities", "Prioriteringar"),
    "overrides": ("Changes applied", "Tillämpade ändringar"),
    "none": ("none", "inga"),
    "status": ("Status", "Status"),
    "status_optimal": ("Every requirement is met", "Alla krav uppfylls"),
    "status_shortfall": (
        "SHORTFALL: no plan meets every requirement",
        "KRAV EJ UPPFYLLT: ingen plan uppfyller alla krav",
    ),
    "status_infeasible": (
        "INFEASIBLE: the requirements cannot all be met",
        "OMÖJLIGT: kraven kan inte uppfyllas samtidigt",
    ),
    "status_time_limit": (
        "TIME LIMIT: stopped before a proven optimum; no plan",
        "TIDSGRÄNS: avbröts före bevisat optimum; ingen plan",
    ),
    "status_short_by": ("(short by {value})", "({value} saknas)"),
    "brief_optimal": ("All met", "Alla krav uppfylls"),
    "brief_shortfall": ("SHORT by {value}", "Krav ej uppfyllt: {value} saknas"),
    "brief_infeasible": ("INFEASIBLE", "OMÖJLIG"),
    "brief_time_limit": ("TIME LIMIT", "TIDSGRÄNS"),
    "short_by": ("Short by", "Saknas för att uppfylla kraven"),
    "shortfall_title": ("Requirements that are not met", "Krav som inte uppfylls"),
    "shortfall_lead": (
        "Even the best plan falls short of these requirements. Decide which to relax, or find "
        "more savings.",
        "Inte ens den bästa planen når dessa krav. Besluta vilka som ska mildras, eller hitta fler "
        "åtgärder.",
    ),
    "conflict_title": ("Requirements in conflict", "Krav som står i konflikt"),
    "share_col": ("Share of cost {year}", "Andel av kostnad {year}"),
    "savings_last": ("Yearly savings by {year}", "Årlig besparing {year}"),
    "savings_share": ("{share} of the boards' costs", "{share} av nämndernas kostnader"),
    "result_year": ("Result {year}", "Resultat {year}"),
    "target_is": ("target {value}", "mål {value}"),
    "balance_year": (
        "Accumulated balance result, end of {year}",
        "Ackumulerat balanskravsresultat vid utgången av {year}",
    ),
    "deficit_left_year": (
        "Deficit left to restore, end of {year}",
        "Underskott kvar att återställa vid utgången av {year}",
    ),
    "all_restored": ("every deficit restored", "alla underskott återställda"),
    "surplus_after": ("surplus after restoration", "överskott efter återställande"),
    "deficit_left": ("deficit still to restore", "underskott kvar att återställa"),
    "milestone_is": ("milestone {value}", "delmål {value}"),
    "impact": ("Harm score", "Skadepoäng"),
    "impact_note": (
        "weighted MSEK-years; lower is better",
        "viktade mnkr-år; lägre är bättre",
    ),
    "impact_help": (
        "The harm score adds up every saving's effect (MSEK) for every year it lasts, each "
        "weighted by how much that kind of saving hurts under the chosen priorities. The plan "
        "below has the least harm score that meets the requirements.",
        "Skadepoängen summerar varje åtgärds effekt (mnkr) för varje år den verkar, viktad med "
        "hur mycket just den sortens besparing skadar enligt de valda prioriteringarna. Planen har "
        "den lägsta skadepoäng som uppfyller kraven.",
    ),
    "cmp_harm_lead": (
        "Each plan's harm score in its own priorities' weights (weighted MSEK-years; lower is "
        "better). It compares plans of one priority set; what a priority costs is said above, "
        "in kronor and staff.",
        "Varje plans skadepoäng med dess egna prioriteringars vikter (viktade mnkr-år; lägre är "
        "bättre). Den jämför planer med samma prioriteringar; vad en prioritering kostar står "
        "ovan, i kronor och personal.",
    ),
    "sec_savings_year": ("Savings per year", "Besparing per år"),
    "sec_result": ("Result against target", "Resultat mot mål"),
    "sec_result_lead": (
        "The region's result (årets resultat) each year, and the budgeted target.",
        "Regionens årets resultat varje år och budgeterat mål.",
    ),
    "sec_balance": (
        "Accumulated balance result against the restoration plan",
        "Ackumulerat balanskravsresultat mot återställandeplanen",
    ),
    "sec_balance_lead": (
        "The accumulated result (negative = a deficit still to restore) against the milestones "
        "of the restoration plan.",
        "Ackumulerat resultat (negativt = underskott kvar att återställa) mot delmålen i "
        "återställandeplanen.",
    ),
    "sec_board": ("Savings by board", "Besparing per nämnd"),
    "sec_category": ("Savings by kind of action", "Besparing per typ av åtgärd"),
    "sec_savings_lead": (
        "Annual effect of the plan's actions (MSEK), each year.",
        "Årlig effekt av planens åtgärder (mnkr), varje år.",
    ),
    "sec_margin": ("Frame margins by board and year", "Marginal mot ram per nämnd och år"),
    "sec_margin_lead": (
        "Frame minus cost (MSEK): 0 = exactly at the frame, negative = over the frame.",
        "Ram minus kostnad (mnkr): 0 = precis på ramen, negativt = över ramen.",
    ),
    "sec_duals": ("What each binding requirement costs", "Vad varje bindande krav kostar"),
    "sec_duals_lead": (
        "Loosening a requirement by 1 MSEK would lower the {objective} by this much. The "
        "larger the number, the more that requirement drives the cuts.",
        "Om kravet lättas med 1 mnkr sjunker {objective} så här mycket. Ju större tal, desto mer "
        "driver kravet besparingarna.",
    ),
    "sec_caps": (
        "Actions used to their full potential",
        "Åtgärder som används fullt ut",
    ),
    "sec_caps_lead": (
        "One more MSEK of potential in these actions would lower the {objective} by this much.",
        "En mnkr mer potential i dessa åtgärder skulle sänka {objective} så här mycket.",
    ),
    "sec_actions": ("The actions", "Åtgärderna"),
    "sec_actions_lead": (
        "Full annual effect of each action and the year it starts.",
        "Full årlig effekt av varje åtgärd och året den startar.",
    ),
    "sec_protected": ("Protected (never cut)", "Skyddat (får inte röras)"),
    "sec_liquidity": ("Liquidity and loans", "Likviditet och lån"),
    "sec_about": ("About this report", "Om rapporten"),
    "fte_unit": ("full-time equivalents", "årsarbetare"),
    "no_binding": ("No requirement binds with a price.", "Inget krav binder med ett pris."),
    "no_prices_shortfall": (
        "No prices: the plan falls short, so each requirement's dual measures the weight of what "
        "is missing, not harm. Decide which requirements to relax (above), then compare again.",
        "Inga priser: planen uppfyller inte alla krav, så varje kravs dualvärde mäter vikten av "
        "det som saknas, inte skada. Besluta vilka krav som ska mildras (ovan) och jämför igen.",
    ),
    "no_plan": ("No plan to show.", "Ingen plan att visa."),
    "more_rows": ("… and {n} more", "… och {n} till"),
    "year": ("Year", "År"),
    "board": ("Board", "Nämnd"),
    "action": ("Action", "Åtgärd"),
    "category": ("Kind", "Typ"),
    "start_year": ("Starts", "Startår"),
    "amount": ("Full effect (MSEK/yr)", "Full effekt (mnkr/år)"),
    "weight": ("Harm weight", "Skadevikt"),
    "result": ("Result", "Resultat"),
    "target": ("Target", "Mål"),
    "balance": ("Accumulated balance result", "Ackumulerat balanskravsresultat"),
    "milestone": ("Milestone", "Delmål"),
    "requirement": ("Requirement", "Krav"),
    "price": ("Price per MSEK", "Pris per mnkr"),
    "value": ("Reached", "Uppnått"),
    "shortfall": ("Shortfall", "Saknas"),
    "total": ("Total", "Totalt"),
    "pot": ("Potential (MSEK/yr)", "Potential (mnkr/år)"),
    "reason": ("Protected by", "Skyddad genom"),
    "cash": ("Cash", "Likvida medel"),
    "loans": ("Loans", "Lån"),
    "min_cash_col": ("Least cash", "Lägsta likviditet"),
    "baseline": ("Cost without actions", "Kostnad utan åtgärder"),
    "cost": ("Cost", "Kostnad"),
    "frame": ("Frame", "Ram"),
    "met": ("met", "uppfyllt"),
    "not_met": ("not met", "ej uppfyllt"),
    "objective_min_impact": ("harm score", "skadepoängen"),
    "objective_min_savings": ("total savings", "den totala besparingen"),
    "objective_min_max_share": ("largest share cut", "den största andelen"),
    "solver": ("Solver", "Lösare"),
    "tool": ("balansplan version", "balansplan version"),
    "inputs": ("Inputs (SHA-256)", "Indata (SHA-256)"),
    "generated": ("Made with balansplan", "Skapad med balansplan"),
    "run": ("Plan", "Plan"),
    "reference": ("reference", "referens"),
    "diff": ("Change vs {ref}", "Skillnad mot {ref}"),
    "cmp_headline": ("Headline numbers", "Nyckeltal"),
    "cmp_actions_lead": (
        "Total full effect per action (MSEK/yr, all start years); empty = not used.",
        "Total full effekt per åtgärd (mnkr/år, alla startår); tom = används inte.",
    ),
    "cmp_changes_lead": (
        "The actions whose total full effect (MSEK/yr) differs between the plans.",
        "Åtgärder vars totala fulla effekt (mnkr/år) skiljer sig mellan planerna.",
    ),
    "region_name": ("The region (tax rate)", "Regionen (skattesats)"),
    "actions_reconcile": (
        "The total, {total} a year, is the actions' full effect at the scenario's base prices; "
        "indexed to {year} prices and with each action's ramp (temporary measures end) it is the "
        "{headline} of the summary.",
        "Totalen, {total} per år, är åtgärdernas fulla effekt i scenariots basårspriser; "
        "uppräknad till {year} års priser och med varje åtgärds upptrappning (tillfälliga "
        "åtgärder upphör) blir den sammanfattningens {headline}.",
    ),
    "sec_summary": ("Summary", "Sammanfattning"),
    "sec_bridge": (
        "From the result without new actions to the result with the plan, {year}",
        "Från resultatet utan nya åtgärder till resultatet med planen {year}",
    ),
    "bridge_lead": (
        "MSEK and share of tax revenue and general state grants; the black line is the "
        "result required that year.",
        "Miljoner kronor och andel av skatter och generella statsbidrag; den svarta linjen är "
        "det resultat som krävs det året.",
    ),
    "bridge_lead_table": (  # the same without a chart (Markdown, the workbook)
        "MSEK and share of tax revenue and general state grants.",
        "Miljoner kronor och andel av skatter och generella statsbidrag.",
    ),
    "bridge_without": ("Without new actions", "Utan nya åtgärder"),
    "bridge_costs": ("One-off costs and depreciation", "Engångskostnader och avskrivningar"),
    "bridge_others": ("Other boards", "Övriga nämnder"),
    "bridge_with": ("With the plan", "Med planen"),
    "bridge_requirement": ("Required result", "Krav på resultat"),
    "bridge_step": ("Step", "Steg"),
    "share_revenue": (
        "% of tax revenue and general grants",
        "% av skatter och generella statsbidrag",
    ),
    "s_gap": (
        "Without new actions the result in {year} would be {without} ({share} of tax revenue "
        "and general grants); the requirement is {requirement}, a gap of {gap}.",
        "Utan nya åtgärder blir resultatet {year} {without} ({share} av skatter och generella "
        "statsbidrag); kravet är {requirement}, ett gap på {gap}.",
    ),
    "s_no_gap": (
        "Without new actions the result in {year} would be {without}, enough for the requirement.",
        "Utan nya åtgärder blir resultatet {year} {without}, vilket räcker för kravet.",
    ),
    "s_savings": (
        "The plan must save {listing} (the annual effect of its actions).",
        "Planen behöver spara {listing} (åtgärdernas årliga effekt).",
    ),
    "s_year_item": ("{value} in {year}", "{value} {year}"),
    "s_boards": (
        "The savings in {year} are carried by {boards} of the total.",
        "Besparingen {year} bärs av {boards} av totalen.",
    ),
    "s_driver": (
        "{tier} drive the total: they alone need {need} over the plan period, against {others}.",
        "{tier} driver totalen: de kräver ensamma {need} under planperioden, mot {others}.",
    ),
    "s_driver_alone": (
        "{tier} drive the total: they alone need {need} over the plan period.",
        "{tier} driver totalen: de kräver ensamma {need} under planperioden.",
    ),
    "tier_frames": ("The boards' frames", "Nämndernas ramar"),
    "tier_targets": ("The result targets", "Resultatmålen"),
    "tier_law": (
        "The law's requirements (restore the deficits, no new deficit)",
        "Lagens krav (återställa underskotten, inga nya underskott)",
    ),
    "sec_appendix": ("Appendix", "Bilaga"),
    "and": ("and", "och"),
    "conflict_pots": (
        "Potentials of {board}: {n} actions, {total} in all",
        "Potentialer i {board}: {n} åtgärder, sammanlagt {total}",
    ),
    "relax_title": ("The least relaxations", "De minsta lättnaderna"),
    "relax_lead": (
        "Each of these alone would make the requirements possible to meet together.",
        "Var och en av dessa skulle ensam göra kraven möjliga att uppfylla samtidigt.",
    ),
    "relax_raise": ("raise {what} ({value}) by {by}", "höj {what} ({value}) med {by}"),
    "relax_lower": ("lower {what} ({value}) by {by}", "sänk {what} ({value}) med {by}"),
    "relax_pot": (
        "or raise the potentials of {board} by {by}",
        "eller höj potentialerna i {board} med {by}",
    ),
    "price_title": ("What does the priority cost? {name}", "Vad kostar prioriteringen? {name}"),
    "price_meets": (
        "Every requirement is still met.",
        "Alla krav uppfylls fortfarande.",
    ),
    "price_breaks": (
        "{requirement} is not met: {value} against {target}, {gap} MSEK short.",
        "{requirement} uppfylls inte: {value} mot {target}, {gap} mnkr saknas.",
    ),
    "price_shift": (
        "Against the reference, savings in {year} move between boards: {items}.",
        "Jämfört med referensen flyttas besparingen {year} mellan nämnderna: {items}.",
    ),
    "price_shift_kind": (
        "Between kinds of action: {items}.",
        "Mellan åtgärdstyperna: {items}.",
    ),
    "price_staff": (
        "Staff in {year} against the reference, in full-time equivalents: {items}.",
        "Personalen {year} jämfört med referensen, i årsarbetare: {items}.",
    ),
    "price_enter": ("Actions that enter the plan: {items}.", "Åtgärder som tillkommer: {items}."),
    "price_leave": ("Actions that leave the plan: {items}.", "Åtgärder som utgår: {items}."),
    "price_more": ("Actions used more: {items}.", "Åtgärder som används mer: {items}."),
    "price_less": ("Actions used less: {items}.", "Åtgärder som används mindre: {items}."),
    "and_more": ("and {n} more", "och {n} till"),
    "binding_count": ("Binding requirements", "Bindande krav"),
    # the comparison's page and workbook (html/compare.py, excel/compare.py)
    "cmp_lead_brackets": (
        "Each plan is the least-harm plan under its own priorities. Changes in brackets are "
        "against the reference plan, {ref}.",
        "Varje plan är den minst skadliga planen under sina egna prioriteringar. Skillnader "
        "inom parentes är mot referensplanen, {ref}.",
    ),
    "cmp_last": ("in {year}, by plan", "{year}, per plan"),
    "cmp_new": ("used here, not in the reference", "används här, inte i referensen"),
    "cmp_gone": ("used in the reference, not here", "används i referensen, inte här"),
    "cmp_lead": (
        "Each plan is the least-harm plan under its own priorities. Changes are against the "
        "reference plan, {ref}.",
        "Varje plan är den minst skadliga planen under sina egna prioriteringar. Skillnaderna "
        "är mot referensplanen, {ref}.",
    ),
    "cmp_change": ("change", "skillnad"),
    "cmp_largest": (
        "Largest share of a board's cost {year}",
        "Största andel av en nämnds kostnad {year}",
    ),
    "cmp_largest_board": ("Board with the largest share", "Nämnd med störst andel"),
    "cmp_entering": ("Actions entering", "Åtgärder som tillkommer"),
    "cmp_leaving": ("Actions leaving", "Åtgärder som utgår"),
    "cmp_by_plan": ("Actions by plan", "Åtgärder per plan"),
    # the frames, the balanskravsutredning and staff (view/frames.py, law.py, staff.py)
    "frames_title": ("Frames: decided and proposed", "Ramar: beslutade och föreslagna"),
    "frames_lead": (
        "The frames of the years not yet decided are proposed by the plan (marked); the change is "
        "against what today's rule for the frames would give.",
        "Ramarna för de år som inte är beslutade föreslås av planen (markerade); förändringen är "
        "mot vad dagens regel för ramarna skulle ge.",
    ),
    "proposed_change": ("Proposed change {year}", "Föreslagen förändring {year}"),
    "reconciliation_title": ("Balance requirement reconciliation", "Balanskravsutredning"),
    "reconciliation_lead": (
        "The law's reconciliation of the result (kommunallagen): deficits are restored oldest "
        "first, within their deadline.",
        "Lagens avstämning av resultatet (kommunallagen): underskott återställs äldst först, "
        "inom sin tidsfrist.",
    ),
    "staff_title": ("Staff: change in full-time equivalents", "Personal: förändring i årsarbetare"),
    "staff_lead": (
        "The change in staff the plan's actions mean, per board and year (årsarbetare).",
        "Den förändring i personal som planens åtgärder innebär, per nämnd och år (årsarbetare).",
    ),
    # the tax rate in words and the MIP note (view/notes.py)
    "min_size_detail": (
        "{value} MSEK/yr or nothing: not taken",
        "{value} mnkr/år eller inget: inte tagen",
    ),
    "tax_same": ("the tax rate stays unchanged", "skattesatsen är oförändrad"),
    "tax_up": ("the tax rises by {ore} öre {when}", "skattesatsen höjs med {ore} öre {when}"),
    "tax_from": ("from {year}", "från {year}"),
    "decisions": (
        "Decisions the council must take: {items}.",
        "Beslut som fullmäktige behöver fatta: {items}.",
    ),
    "decide_frames": ("frame adjustments {items}", "ramjusteringar {items}"),
    "decide_frame": ("{board} {year} {msek} MSEK", "{board} {year} {msek} mnkr"),
    "decide_tax": ("the tax rate: {text}", "skattesatsen: {text}"),
    "decide_deadline": (
        "the extended deadline of the {year} deficit ({decided} instead of {statutory})",
        "förlängd tid för underskottet {year} ({decided} i stället för {statutory})",
    ),
    "decide_never": (
        "that the {year} deficit is not restored",
        "att underskottet {year} inte återställs",
    ),
    "tax_step_up": ("rises by {ore} öre from {year}", "höjs med {ore} öre från {year}"),
    "tax_step_down": ("falls by {ore} öre from {year}", "sänks med {ore} öre från {year}"),
    "tax_steps": ("the tax {steps}", "skattesatsen {steps}"),
    "tax_in_force": (
        "in force {year}: {ore} öre, {msek} MSEK{per}",
        "{year}: {ore} öre, {msek} mnkr{per}",
    ),
    "tax_per_inhabitant": (", {kr} kronor per inhabitant", ", {kr} kronor per invånare"),
    "mip_note": (
        "Minimum sizes make this a MIP ({n} take-or-leave decisions, {taken} taken): the prices "
        "(duals), ranges and reasons are from the LP with the integer decisions fixed.",
        "Minsta storlekar gör detta till ett blandat heltalsproblem ({n} ta-eller-lämna-beslut, "
        "{taken} tagna): priserna (dualvärdena), intervallen och skälen kommer från LP-problemet "
        "med heltalsbesluten fixerade.",
    ),
}

WORDS.update(ROUND_WORDS)  # the planning round's words (words/round.py)


@dataclass(frozen=True)
class Labels:
    """Labels and number formatting for one language; ``html`` chooses typographic spaces."""

    lang: str = "en"
    html: bool = False

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"language {self.lang!r}: expected one of {', '.join(LANGS)}")

    @property
    def _i(self) -> int:
        return LANGS.index(self.lang)

    def __call__(self, key: str, **fields: object) -> str:
        """The label ``key``, with ``{name}`` fields filled in."""
        pair = WORDS.get(key)
        text = pair[self._i] if pair else key
        return text.format(**fields) if fields else text

    def category(self, name: str) -> str:
        """A category's display name; a user's own category as written."""
        pair = CATEGORIES.get(str(name))
        return pair[self._i] if pair else str(name)

    def family(self, name: str) -> str:
        """A requirement family's display name (docs/model.md)."""
        pair = FAMILIES.get(str(name))
        return pair[self._i] if pair else str(name)

    def reason(self, name: str) -> str:
        pair = REASONS.get(str(name))
        return pair[self._i] if pair else str(name)

    def num(self, value: object, digits: int = 1) -> str:
        """``value`` with ``digits`` decimals in the language's format; '' for missing.

        ``-0.0`` is shown as ``0.0``. English: ``-1,234.5``; Swedish: ``-1 234,5``; in HTML the
        thousands space is non-breaking and the minus a real minus sign.
        """
        if value is None:
            return ""
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            return "∞" if number > 0 else "-∞"
        text = f"{abs(number):,.{digits}f}"
        if self.lang == "sv":
            text = text.replace(",", " ").replace(".", ",")
        if self.html:
            text = text.replace(" ", NBSP)
        negative = number < 0 and float(f"{number:.{digits}f}") != 0.0
        return ((MINUS if self.html else "-") + text) if negative else text

    def money(self, value: object, digits: int = 1) -> str:
        """``1 234,5 mnkr`` / ``1,234.5 MSEK``."""
        text = self.num(value, digits)
        return f"{text}{NBSP if self.html else ' '}{self('unit')}" if text else ""

    def percent(self, fraction: float, digits: int = 1) -> str:
        """``3.3 %`` / ``3,3 %`` from a fraction."""
        text = self.num(100.0 * fraction, digits)
        return f"{text}{NBSP if self.html else ' '}%" if text else ""

    def join(self, items: list[str]) -> str:
        """``a, b and c`` / ``a, b och c``."""
        items = [i for i in items if i]
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def year(self, value: object) -> str:
        """A year as ``2027`` (never ``2027.0`` or ``2 027``)."""
        try:
            return str(int(float(value)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
