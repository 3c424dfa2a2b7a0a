"""The phrasebook of ``explain``: numbers and words in English (``en``) and Swedish (``sv``).

Numbers: English ``1,234.5``; Swedish ``1 234,5`` (space between thousands, decimal comma).
Money is ``MSEK`` in English and ``mnkr`` in Swedish. Every sentence template lives here, so
both languages stay complete together (a test checks that they have the same keys).
"""

from __future__ import annotations

import math

from optimizer.report.words.codes import CATEGORIES as CODE_CATEGORIES
from optimizer.report.words.labels import Labels

LANGS = ("en", "sv")

# the categories in running text: codes.CATEGORIES' names, lower case (one list of the words)
CATEGORIES = {
    lang: {code: pair[i][0].lower() + pair[i][1:] for code, pair in CODE_CATEGORIES.items()}
    for i, lang in enumerate(LANGS)
}

NAMES = {  # a requirement row as a noun phrase
    "en": {
        "frame": "the {year} frame of {board}",
        "result": "the {year} result target",
        "milestone": "the {year} balance milestone",
        "deadline": "the deadline to restore the deficits due by {year}",
        "no_deficit": "the balance requirement of {year} (no new deficit)",
        "exemption": "the {year} exemption under synnerliga skäl",
        "category": "the {year} target for {category}",
        "floor": "the {year} cost floor of {board}",
        "freeze": "the {year} cost-freeze ceiling",
        "min_cash": "the {year} least-cash requirement",
        "cash": "the {year} cash balance",
        "potential": "the potential of {action} in {board}",
        "pace": "the {year} pace limit of {board}",
        "invest": "the {year} investment room",
        "other": "the requirement {key}",
    },
    "sv": {
        "frame": "ramen {year} för {board}",
        "result": "resultatmålet {year}",
        "milestone": "balanskravets delmål {year}",
        "deadline": "kravet att återställa underskotten som förfaller {year}",
        "no_deficit": "balanskravet {year} (inget nytt underskott)",
        "exemption": "undantaget {year} på grund av synnerliga skäl",
        "category": "målet för {category} {year}",
        "floor": "kostnadsgolvet {year} för {board}",
        "freeze": "kostnadstaket {year}",
        "min_cash": "kravet på lägsta kassa {year}",
        "cash": "kassan {year}",
        "potential": "potentialen för {action} i {board}",
        "pace": "förändringstakten {year} för {board}",
        "invest": "investeringsutrymmet {year}",
        "other": "kravet {key}",
    },
}

TEXT = {
    "en": {
        "msek": "MSEK",
        "msek_year": "MSEK/yr",
        "title": "# Why this plan: {scenario}",
        "context": "Priorities: {priorities}.",
        "context_overrides": "Overrides: {overrides}. Priorities: {priorities}.",
        "status_optimal": "Status: optimal. Every requirement is met.",
        "status_shortfall": "Status: shortfall. No plan meets every requirement; {total} MSEK falls short in all.",
        "status_infeasible": "Status: infeasible. The requirements cannot all be met at once.",
        "status_time_limit": "Status: time limit. The solver stopped before a proven optimum; there is no plan to explain.",
        "status_other": "Status: {status}.",
        "committed": "Committed actions from earlier rounds: {n}, {decided} MSEK/yr decided and {delivered} delivered; they are fixed in the plan and cannot be undone, and their harm ({harm} weighted MSEK-years) is not in the harm score.",
        "impact": "Harm score: {impact} weighted MSEK-years (lower is better). The harm score adds up every saving's effect (MSEK) for every year it lasts, weighted by how much that kind of saving hurts under the priorities; the plan has the least harm score that meets the requirements{goal}.",
        "savings": "Savings per year (MSEK): {years}.",
        "year_item": "{year}: {value}",
        "list_sep": ", ",
        "obj_impact": "the harm score",
        "goal_min_savings": " (this plan was chosen for the least total savings)",
        "goal_min_max_share": " (this plan was chosen for the smallest largest share cut of a board)",
        "obj_savings": "the total savings",
        "conflict_head": "These requirements conflict (an irreducible infeasible set):",
        "conflict_item": "- {name}: {value} {unit}",
        "relax_requirements": "The least relaxation that makes the requirements possible: {items}.",
        "relax_lower": "lower {name} by {by} {unit}",
        "relax_raise": "raise {name} by {by} {unit}",
        "relax_potentials": "Or, with every requirement kept: raise potentials {items}.",
        "relax_potential_item": "in {board} by {by} MSEK/yr",
        "h_shortfall": "## Shortfall",
        "sf_frame": "{board} overruns its {year} frame by {gap} MSEK (cost {value} against the frame {target}).",
        "sf_result": "The {year} result falls short of its target by {gap} MSEK ({value} against {target}).",
        "sf_milestone": "The accumulated balance at the end of {year} falls short of the milestone by {gap} MSEK ({value} against {target}).",
        "sf_deadline": "The deficits due by the end of {year} are {gap} MSEK short of restored ({value} restored of {target}).",
        "sf_no_deficit": "{year} ends in a deficit of {gap} MSEK that no exemption covers (the balance requirement, Kommunallagen 11 kap.).",
        "sf_category": "Savings in {category} in {year} fall short of the target by {gap} MSEK ({value} against {target}).",
        "sf_cash": "Cash in {year} falls short of the least level by {gap} MSEK ({value} against {target}).",
        "sf_other": "{requirement} {year} falls short by {gap} MSEK ({value} against {target}).",
        "h_requirements": "## What the binding requirements cost",
        "h_limits": "## What more room would save",
        "shortfall_prices": "With a shortfall, these prices hold the total shortfall at its least value: they are what a change costs in impact with the shortfall kept as it is, not what removing the shortfall would cost.",
        "none_binding": "No requirement binds with a price: the plan is not held back by any of them.",
        "none_limits": "No limit binds with a price.",
        "no_ranging": "(These results hold no ranging.csv, so neither the ranges of these prices nor whether each is unique are known.)",
        "lower": "Lowering",
        "raise": "Raising",
        "tighten": "{verb} {name} by {step} {unit} raises {objective} by {x}{holds}.",
        "loosen": "{verb} {name} by {step} {unit} lowers {objective} by {x}{holds}.",
        "loosen_other": "Loosening {name} by {step} {unit} lowers {objective} by {x}{holds}.",
        "holds_up": "; this price holds for up to +{y} {unit}",
        "holds_down": "; this price holds for up to -{y} {unit}",
        "holds_any_up": "; this price holds for any increase",
        "holds_any_down": "; this price holds for any cut",
        "degenerate": "The price of {name} is not unique (a degenerate solution): the solver reports {dual} per {unit}, but other prices are equally valid, and this one holds only {range}.",
        "degenerate_range": "while the requirement stays between {lower} and {upper} {unit}",
        "beyond_up": "; beyond +{y} {unit} the price changes, because other actions become marginal",
        "beyond_down": "; beyond -{y} {unit} the price changes, because other actions become marginal",
        "degenerate_point": "at its current value {value} {unit}",
        "degenerate_norange": "over a range that is not known",
        "zero_degenerate": "These also bind, at a price of 0 that is not unique (tightening them may cost): {items}.",
        "more": "... and {n} more (see {table}).",
        "h_marginal": "## Marginal actions",
        "marginal_intro": "A marginal action is in the plan but below its potential, with reduced cost 0: a change in its board's requirements is met by more or less of it first, unless a pace limit holds it back (see below).",
        "marginal_board": "In {board}: {items}.",
        "marginal_item": "{action} ({amount} of {potential} MSEK/yr)",
        "marginal_none": "No action is marginal: every action in the plan is at its potential.",
        "and_more": "{n} more",
        "h_left_out": "## Left out or held back, and why",
        "why_none": "No action with potential was left unused.",
        "no_why_not": "(These results hold no why_not.csv, so the reasons are not known.)",
        "reason_too_costly": "Too costly (the weight at which each would enter):",
        "reason_displaced_by": "Displaced by a cheaper action for the same requirement:",
        "reason_not_needed": "Not needed (more would only add to the harm score):",
        "reason_pace_limited": "Held back by the board's pace limit:",
        "reason_potential_reached": "Used to the full, but only from their allowed start years:",
        "reason_outside_window": "No allowed start year has effect within the plan:",
        "reason_no_effect": "Deliver nothing (realisation 0), so no start year or weight brings them in:",
        "reason_min_size": "Left out by their minimum size (taken whole or not at all):",
        "reason_protected": "Protected by the priority set (never cut):",
        "reason_other": "Other reasons:",
        "why_item": "{board} {action} ({amount} of {potential} MSEK/yr{extra})",
        "extra_weight": "; would enter at a weight of {need}",
        "extra_weight_now": "; would enter at a weight of {need}, now {now}",
        "extra_displaced": "; displaced by {by}",
        "extra_detail": "; {detail}",
        "extra_starts": "; starts {first}–{last}",
        "extra_window": "; starts {first}–{last}, plan {pfirst}–{plast}",
        "extra_pace": "; the pace limit binds in {years}",
        "extra_marginal": "; the marginal action",
        "extra_nothing_binds": "; nothing it could help binds",
        "extra_protected_board": "; the whole board is protected",
        "extra_protected_category": "; its kind of action is protected in the board",
        "extra_protected_action": "; the action is protected",
        "h_nearest": "## What would change the plan first",
        "nearest_intro": "The nearest ends of the ranges, relative to their current values:",
        "nearest_rhs": "{verb} {name} from {value} to {end} {unit} ({pct}) changes which actions are marginal, and so the prices.",
        "nearest_lower_w": "Lowering the weight of {action} in {board} from {value} to {end} ({pct}) changes the plan: below that, more of it is used.",
        "nearest_raise_w": "Raising the weight of {action} in {board} from {value} to {end} ({pct}) changes the plan: above that, less of it is used.",
        "nearest_none": "No range ends within reach: the plan holds for every change of one requirement or weight.",
        "nearest_degenerate": "(Range ends at the current value, from degenerate rows, are left out; see the prices above.)",
        "no_ranging_nearest": "(These results hold no ranging.csv: solve again to see what would change the plan first.)",
    },
    "sv": {
        "msek": "mnkr",
        "msek_year": "mnkr/år",
        "title": "# Varför denna plan: {scenario}",
        "context": "Prioriteringar: {priorities}.",
        "context_overrides": "Tillägg: {overrides}. Prioriteringar: {priorities}.",
        "status_optimal": "Status: alla krav uppfylls.",
        "status_shortfall": "Status: krav ej uppfyllt. Ingen plan uppfyller alla krav; totalt saknas {total} mnkr.",
        "status_infeasible": "Status: ogenomförbar. Kraven kan inte uppfyllas samtidigt.",
        "status_time_limit": "Status: tidsgräns. Lösaren avbröt före ett bevisat optimum; det finns ingen plan att förklara.",
        "status_other": "Status: {status}.",
        "committed": "Beslutade åtgärder från tidigare planeringsomgångar: {n}, {decided} mnkr/år beslutat och {delivered} levereras; de ligger fast i planen och kan inte göras ogjorda, och deras skada ({harm} viktade mnkr-år) ingår inte i skadepoängen.",
        "impact": "Skadepoäng: {impact} viktade mnkr-år (lägre är bättre). Skadepoängen summerar varje åtgärds effekt (mnkr) för varje år den verkar, viktad med hur mycket just den sortens besparing skadar enligt prioriteringarna; planen har den lägsta skadepoäng som uppfyller kraven{goal}.",
        "savings": "Besparingar per år (mnkr): {years}.",
        "year_item": "{year}: {value}",
        "list_sep": "; ",
        "obj_impact": "skadepoängen",
        "goal_min_savings": " (planen valdes för minsta totala besparing)",
        "goal_min_max_share": " (planen valdes för minsta största besparingsandel för en nämnd)",
        "obj_savings": "den samlade besparingen",
        "conflict_head": "Dessa krav går inte ihop (en minimal motsägelsefull mängd):",
        "conflict_item": "- {name}: {value} {unit}",
        "relax_requirements": "Den minsta lättnad som gör kraven möjliga: {items}.",
        "relax_lower": "sänk {name} med {by} {unit}",
        "relax_raise": "höj {name} med {by} {unit}",
        "relax_potentials": "Eller, med alla krav kvar: höj potentialerna {items}.",
        "relax_potential_item": "i {board} med {by} mnkr/år",
        "h_shortfall": "## Krav som inte uppfylls",
        "sf_frame": "{board} överskrider sin ram {year} med {gap} mnkr (kostnad {value} mot ramen {target}).",
        "sf_result": "Resultatet {year} understiger målet med {gap} mnkr ({value} mot {target}).",
        "sf_milestone": "Den ackumulerade balansen vid utgången av {year} understiger delmålet med {gap} mnkr ({value} mot {target}).",
        "sf_deadline": "Underskotten som ska vara återställda vid utgången av {year} saknar {gap} mnkr ({value} återställt av {target}).",
        "sf_no_deficit": "{year} slutar med ett underskott på {gap} mnkr som inget undantag täcker (balanskravet, kommunallagen 11 kap.).",
        "sf_category": "Besparingarna inom {category} {year} understiger målet med {gap} mnkr ({value} mot {target}).",
        "sf_cash": "Kassan {year} understiger lägsta nivån med {gap} mnkr ({value} mot {target}).",
        "sf_other": "{requirement} {year} understiger kravet med {gap} mnkr ({value} mot {target}).",
        "h_requirements": "## Vad de bindande kraven kostar",
        "h_limits": "## Vad mer utrymme skulle spara",
        "shortfall_prices": "När krav inte uppfylls gäller priserna med det som saknas hållet vid sitt minsta värde: de visar vad en ändring kostar i skadepoäng när det som saknas är oförändrat, inte vad det skulle kosta att uppfylla kraven.",
        "none_binding": "Inget krav binder med ett pris: planen hålls inte tillbaka av något av dem.",
        "none_limits": "Ingen gräns binder med ett pris.",
        "no_ranging": "(Resultaten saknar ranging.csv, så varken prisernas giltighetsintervall eller om de är entydiga är kända.)",
        "lower": "Att sänka",
        "raise": "Att höja",
        "tighten": "{verb} {name} med {step} {unit} ökar {objective} med {x}{holds}.",
        "loosen": "{verb} {name} med {step} {unit} minskar {objective} med {x}{holds}.",
        "loosen_other": "Att lätta på {name} med {step} {unit} minskar {objective} med {x}{holds}.",
        "holds_up": "; priset gäller upp till +{y} {unit}",
        "holds_down": "; priset gäller upp till -{y} {unit}",
        "holds_any_up": "; priset gäller för varje höjning",
        "holds_any_down": "; priset gäller för varje sänkning",
        "degenerate": "Priset för {name} är inte entydigt (degenererad lösning): lösaren anger {dual} per {unit}, men andra priser är lika giltiga, och detta gäller bara {range}.",
        "degenerate_range": "så länge kravet ligger mellan {lower} och {upper} {unit}",
        "beyond_up": "; utöver +{y} {unit} ändras priset, eftersom andra åtgärder blir marginella",
        "beyond_down": "; utöver -{y} {unit} ändras priset, eftersom andra åtgärder blir marginella",
        "degenerate_point": "vid nuvarande värde {value} {unit}",
        "degenerate_norange": "inom ett intervall som inte är känt",
        "zero_degenerate": "Dessa binder också, till priset 0 som inte är entydigt (att skärpa dem kan kosta): {items}.",
        "more": "... och {n} till (se {table}).",
        "h_marginal": "## Marginella åtgärder",
        "marginal_intro": "En marginell åtgärd ingår i planen men under sin potential, med reducerad kostnad 0: en ändring av nämndens krav möts först med mer eller mindre av den, om inte förändringstakten håller den tillbaka (se nedan).",
        "marginal_board": "I {board}: {items}.",
        "marginal_item": "{action} ({amount} av {potential} mnkr/år)",
        "marginal_none": "Ingen åtgärd är marginell: varje åtgärd i planen är vid sin potential.",
        "and_more": "{n} till",
        "h_left_out": "## Utelämnade eller begränsade åtgärder, och varför",
        "why_none": "Ingen åtgärd med potential lämnades oanvänd.",
        "no_why_not": "(Resultaten saknar why_not.csv, så skälen är inte kända.)",
        "reason_too_costly": "För dyra (vikten då åtgärden skulle komma med):",
        "reason_displaced_by": "Undanträngda av en billigare åtgärd för samma krav:",
        "reason_not_needed": "Behövs inte (mer skulle bara öka skadepoängen):",
        "reason_pace_limited": "Begränsade av nämndens förändringstakt:",
        "reason_potential_reached": "Fullt utnyttjade, men bara från sina tillåtna startår:",
        "reason_outside_window": "Inget tillåtet startår ger effekt inom planen:",
        "reason_no_effect": "Ger ingen effekt (realiseringsgrad 0), så inget startår eller vikt tar med dem:",
        "reason_min_size": "Utelämnade på grund av sin minsta storlek (hela eller inte alls):",
        "reason_protected": "Skyddade i prioriteringen (rörs aldrig):",
        "reason_other": "Andra skäl:",
        "why_item": "{board} {action} ({amount} av {potential} mnkr/år{extra})",
        "extra_weight": "; skulle komma med vid vikten {need}",
        "extra_weight_now": "; skulle komma med vid vikten {need}, nu {now}",
        "extra_displaced": "; undanträngd av {by}",
        "extra_detail": "; {detail}",
        "extra_starts": "; startår {first}–{last}",
        "extra_window": "; startår {first}–{last}, planen {pfirst}–{plast}",
        "extra_pace": "; förändringstakten binder {years}",
        "extra_marginal": "; den marginella åtgärden",
        "extra_nothing_binds": "; inget krav som den kan hjälpa binder",
        "extra_protected_board": "; hela nämnden är skyddad",
        "extra_protected_category": "; åtgärdstypen är skyddad i nämnden",
        "extra_protected_action": "; åtgärden är skyddad",
        "h_nearest": "## Vad som först skulle ändra planen",
        "nearest_intro": "De närmaste intervallgränserna, i förhållande till nuvarande värden:",
        "nearest_rhs": "{verb} {name} från {value} till {end} {unit} ({pct}) ändrar vilka åtgärder som är marginella, och därmed priserna.",
        "nearest_lower_w": "Att sänka vikten för {action} i {board} från {value} till {end} ({pct}) ändrar planen: under den används mer av åtgärden.",
        "nearest_raise_w": "Att höja vikten för {action} i {board} från {value} till {end} ({pct}) ändrar planen: över den används mindre av åtgärden.",
        "nearest_none": "Ingen intervallgräns är inom räckhåll: planen håller för varje ändring av ett krav eller en vikt.",
        "nearest_degenerate": "(Intervallgränser vid nuvarande värde, från degenererade rader, är utelämnade; se priserna ovan.)",
        "no_ranging_nearest": "(Resultaten saknar ranging.csv: lös om scenariot för att se vad som först skulle ändra planen.)",
    },
}


def num(value: float, digits: int, lang: str) -> str:
    """``value`` rounded to ``digits`` decimals: ``-1,234.5`` (en) or ``-1 234,5`` (sv).

    A value that rounds to zero is printed without a sign; an infinite one as ``∞``/``-∞``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    return Labels(lang).num(value, digits)  # one number format per language


def digits_for(value: float) -> int:
    """Decimals to show: 1 from 1 up, else two significant digits (``0.54``, ``0.012``), at most 6."""
    size = abs(value)
    if size >= 1 or size == 0 or math.isnan(size) or math.isinf(size):
        return 1
    return min(6, 1 - math.floor(math.log10(size)))


def pct(fraction: float, lang: str) -> str:
    """A signed share: ``+23.2%`` (en) or ``+23,2 %`` (sv); ``+0.22%`` below one per cent."""
    share = abs(fraction) * 100.0
    body = num(share, digits_for(share), lang)
    sign = "-" if fraction < 0 else "+"
    return f"{sign}{body}%" if lang == "en" else f"{sign}{body} %"


def category_name(category: str, lang: str) -> str:
    """A category id in the reader's language (the id itself where none is known)."""
    return CATEGORIES[lang].get(category, category)


def requirement_name(
    family: str, key: dict, lang: str, key_text: str = "", capital: bool = False
) -> str:
    """Name the row ``family[key]`` (``key`` holds board, action, category, year)."""
    fields = dict(key)
    if fields.get("category"):
        fields["category"] = category_name(str(fields["category"]), lang)
    template = NAMES[lang].get(family, NAMES[lang]["other"])
    text = template.format(key=key_text or family, **{k: fields.get(k, "") for k in _FIELDS})
    return text[:1].upper() + text[1:] if capital else text


_FIELDS = ("board", "action", "category", "year")
