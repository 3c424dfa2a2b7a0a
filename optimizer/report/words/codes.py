"""The codes of the results files in the reader's words, English and Swedish side by side:
categories (``actions.csv`` category), requirement families (``duals.csv`` constraint,
``shortfall.csv`` requirement), the reconciliation's items (``reconciliation.csv`` columns), the
reasons of ``why_not.csv`` and their details, what protects a pair (``protected.csv``) and how an
action changes between plans (``actions_delta``). A code not listed is shown as written (a
user's own category)."""

from __future__ import annotations

# reconciliation.csv column: (English, Swedish)
RECONCILIATION: dict[str, tuple[str, str]] = {
    "result": ("Result for the year", "Årets resultat"),
    "gains": ("less realised gains", "Avgår realisationsvinster"),
    "adjustments": ("adjustments", "Justeringar"),
    "bkr": ("Balance requirement result", "Årets balanskravsresultat"),
    "exempt_used": ("of which exempt (synnerliga skäl)", "varav synnerliga skäl"),
    "new_deficit": ("New deficit to restore", "Nytt underskott att återställa"),
    "restored": ("Deficit restored", "Återställt underskott"),
    "deficit_left": ("Deficit left to restore", "Underskott kvar att återställa"),
    "deficit_due": ("of which due this year", "varav att återställa i år"),
    "surplus_after_restoration": ("Surplus after restoration", "Överskott efter återställande"),
}

CATEGORIES: dict[str, tuple[str, str]] = {
    "efficiency": ("Efficiency", "Effektivisering"),
    "digitalisation": ("Digitalisation", "Digitalisering"),
    "purchased_care": ("Purchased care", "Köpt vård"),
    "hired_staff": ("Hired staff", "Inhyrd bemanning"),
    "structural": ("Structural change", "Strukturförändring"),
    "collaboration": ("Collaboration", "Samverkan"),
    "revenue": ("Revenue", "Intäkter"),
}

FAMILIES: dict[str, tuple[str, str]] = {
    "frame": ("Frame", "Budgetram"),
    "result": ("Result target", "Resultatmål"),
    "milestone": ("Balance milestone", "Delmål balanskrav"),
    "potential": ("Potential", "Potential"),
    "pace": ("Pace of change", "Förändringstakt"),
    "freeze": ("Cost freeze", "Kostnadsstopp"),
    "category": ("Category target", "Kategorimål"),
    "invest": ("Investment room", "Investeringsutrymme"),
    "floor": ("Cost floor", "Kostnadsgolv"),
    "cash": ("Cash", "Likviditet"),
    "min_cash": ("Least cash", "Lägsta likviditet"),
    "loans": ("Loan ceiling", "Lånetak"),
    "max_share": ("Largest share", "Största andel"),
    # section 9 (docs/model.md): the law, staff and the tax lever
    "no_deficit": ("Balance requirement (no new deficit)", "Balanskravet (inget nytt underskott)"),
    "deadline": ("Restoring the deficits due", "Återställande av underskott som förfaller"),
    "exemption": ("Exemption (synnerliga skäl)", "Synnerliga skäl"),
    "attrition": ("Staff cut beyond attrition", "Personalminskning utöver naturliga avgångar"),
    "group": ("Shared potential", "Gemensam potential"),
    "min_size": ("Minimum size", "Minsta storlek"),
    "min_size_on": ("Minimum size", "Minsta storlek"),
    "tax_max": ("Largest tax rise", "Högsta skattehöjning"),
    "cost": ("Cost", "Kostnad"),
    "interest": ("Interest", "Räntor"),
}

REASONS: dict[str, tuple[str, str]] = {
    "board": ("the whole board", "hela nämnden"),
    "category": ("its kind of action", "åtgärdstypen"),
    "action": ("this action itself", "just denna åtgärd"),
}

# why_not.csv reason: (English, Swedish)
WHY: dict[str, tuple[str, str]] = {
    "protected": ("Protected", "Skyddad"),
    "no_effect": ("Delivers nothing (realisation 0)", "Ger ingen effekt (realiseringsgrad 0)"),
    "outside_window": ("Outside its start years", "Utanför startåren"),
    "min_size": ("Left out by its minimum size", "Utelämnad på grund av sin minsta storlek"),
    "potential_reached": ("Potential used up", "Potentialen är utnyttjad"),
    "pace_limited": ("Limited by the pace of change", "Begränsad av förändringstakten"),
    "not_needed": ("Not needed", "Behövs inte"),
    "displaced_by": ("Displaced by another action", "Undanträngd av en annan åtgärd"),
    "too_costly": ("Too harmful for what it saves", "För skadlig för vad den sparar"),
}
CHANGE: dict[str, tuple[str, str]] = {
    "enters": ("Enters", "Tillkommer"),
    "leaves": ("Leaves", "Utgår"),
    "more": ("More", "Mer"),
    "less": ("Less", "Mindre"),
}

# why_not.csv detail codes: (English, Swedish)
DETAIL: dict[str, tuple[str, str]] = {
    "marginal": ("the marginal action", "den marginella åtgärden"),
    "nothing binds": ("nothing it could help binds", "inget krav som den kan hjälpa binder"),
    "board": ("the whole board is protected", "hela nämnden är skyddad"),
    "category": ("its kind is protected", "åtgärdstypen är skyddad"),
    "action": ("the action is protected", "åtgärden är skyddad"),
}
