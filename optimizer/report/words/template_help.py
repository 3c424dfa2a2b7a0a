"""The explanations an input workbook carries (English, Swedish): one sentence per sheet, one
per column with its unit, one per scenario key and per priority setting. Text only; the rules
themselves are ``docs/scenarios.md``'s and the checks'.
"""

from __future__ import annotations

# sheet: (English, Swedish)
SHEET_HELP: dict[str, tuple[str, str]] = {
    "scenario": (
        "One row per key: the key path (as --set takes it; years as parts, e.g. "
        "targets.result.2027) and its value. A blank value sets nothing. Money in MSEK, rates "
        "as fractions (0.03 = 3 %).",
        "En rad per nyckel: nyckelns sökväg (som för --set; år som delar, t.ex. "
        "targets.result.2027) och dess värde. Tomt värde sätter inget. Belopp i mnkr, "
        "takter som andelar (0,03 = 3 %).",
    ),
    "boards": (
        "The boards (nämnder): one row per board. Money in MSEK.",
        "Nämnderna: en rad per nämnd. Belopp i mnkr.",
    ),
    "frames": (
        "Explicit frames (budgetramar), optional: one row per board and year; overrides "
        "frame0/uprate in that year.",
        "Beslutade ramar, valfritt: en rad per nämnd och år; ersätter frame0/uprate det året.",
    ),
    "actions": (
        "The savings actions (åtgärder): one row per action. Where each can be used, and how "
        "much, is on the potentials sheet.",
        "Åtgärderna: en rad per åtgärd. Var och hur mycket varje åtgärd kan ge står på "
        "bladet potentials.",
    ),
    "potentials": (
        "What each action can deliver in each board: the most full annual effect, MSEK/yr. "
        "A pair not listed has no potential.",
        "Vad varje åtgärd kan ge i varje nämnd: högsta fulla årliga effekt, mnkr/år. Ett par "
        "som saknas har ingen potential.",
    ),
    "priorities": (
        "The priority set: weights (harm per MSEK; 1 = neutral, higher = protected more) and "
        "protected areas (never cut). Merged over a set named in the scenario sheet.",
        "Prioriteringarna: vikter (skada per mnkr; 1 = neutral, högre = skyddas mer) och "
        "skyddade områden (rörs aldrig). Läggs ovanpå en namngiven uppsättning på bladet "
        "scenario.",
    ),
}

# (sheet, column): (English, Swedish)
COLUMN_HELP: dict[tuple[str, str], tuple[str, str]] = {
    ("scenario", "key"): ("key path", "nyckel"),
    ("scenario", "value"): (
        "number, text, true/false, or a list [..] / mapping {..}",
        "tal, text, true/false, eller en lista [..] / mappning {..}",
    ),
    ("scenario", "explanation"): ("what it means (not read)", "vad den betyder (läses inte)"),
    ("boards", "id"): ("unique id, e.g. HSN", "unikt id, t.ex. HSN"),
    ("boards", "name"): ("display name", "namn"),
    ("boards", "cost0"): ("base-year cost (utfall), MSEK", "kostnad basåret (utfall), mnkr"),
    ("boards", "pshare"): ("personnel share of costs, 0-1", "personalandel av kostnaderna, 0-1"),
    ("boards", "frame0"): ("frame in the first plan year, MSEK", "ram första planåret, mnkr"),
    ("boards", "uprate"): (
        "yearly frame uprating (0.02) or index",
        "årlig uppräkning av ramen (0,02) eller index",
    ),
    ("boards", "volume"): ("volume growth per year, fraction", "volymökning per år, andel"),
    ("boards", "fte0"): ("staff in the base year, årsarbetare", "personal basåret, årsarbetare"),
    ("boards", "cost_per_fte"): (
        "cost per årsarbetare in the base year, MSEK",
        "kostnad per årsarbetare basåret, mnkr",
    ),
    ("frames", "board"): ("board id", "nämndens id"),
    ("frames", "year"): ("plan year", "planår"),
    ("frames", "frame"): ("frame, MSEK", "ram, mnkr"),
    ("actions", "id"): ("unique id, e.g. hyr-min", "unikt id, t.ex. hyr-min"),
    ("actions", "name"): ("display name", "namn"),
    ("actions", "category"): (
        "efficiency, digitalisation, purchased_care, hired_staff, structural, collaboration, "
        "revenue, or your own",
        "efficiency, digitalisation, purchased_care, hired_staff, structural, collaboration, "
        "revenue, eller egen",
    ),
    ("actions", "ramp"): (
        "share of full effect in year 1; 2; ... after start, e.g. 0.5;1.0",
        "andel av full effekt år 1; 2; ... efter start, t.ex. 0.5;1.0",
    ),
    ("actions", "oneoff"): (
        "one-off cost per MSEK of full effect",
        "engångskostnad per mnkr full effekt",
    ),
    ("actions", "capex"): (
        "investment per MSEK of full effect",
        "investering per mnkr full effekt",
    ),
    ("actions", "life"): ("depreciation years, whole", "avskrivningstid, hela år"),
    ("actions", "earliest"): ("first allowed start year", "tidigaste startår"),
    ("actions", "latest"): ("last allowed start year", "senaste startår"),
    ("actions", "weight"): (
        "harm per MSEK-year, >= 0 (1 = neutral)",
        "skada per mnkr-år, >= 0 (1 = neutral)",
    ),
    ("actions", "realisation"): (
        "share of a decided MSEK expected to be delivered, 0-1 (blank = 1)",
        "andel av en beslutad mnkr som väntas levereras, 0-1 (tom = 1)",
    ),
    ("actions", "staff_share"): (
        "share of the effect that is staff cost, 0-1 (blank = 0)",
        "andel av effekten som är personalkostnad, 0-1 (tom = 0)",
    ),
    ("actions", "min_size"): (
        "least size if taken, MSEK/yr (blank = none)",
        "minsta storlek om den tas, mnkr/år (tom = ingen)",
    ),
    ("potentials", "board"): ("board id", "nämndens id"),
    ("potentials", "action"): ("action id", "åtgärdens id"),
    ("potentials", "pot"): (
        "most full annual effect, MSEK/yr",
        "högsta fulla årliga effekt, mnkr/år",
    ),
    ("priorities", "setting"): ("what the row sets (see the note)", "vad raden sätter (se note)"),
    ("priorities", "board"): ("board id", "nämndens id"),
    ("priorities", "category"): ("category", "kategori"),
    ("priorities", "action"): ("action id", "åtgärdens id"),
    ("priorities", "year"): ("plan year (floor)", "planår (golv)"),
    ("priorities", "value"): (
        "weight >= 0, MSEK (floor), or text",
        "vikt >= 0, mnkr (golv), eller text",
    ),
    ("priorities", "note"): ("what it means (not read)", "vad den betyder (läses inte)"),
}
FREE_TEXT_HELP = ("free text (not read)", "fri text (läses inte)")

# key path (years left out): (English, Swedish)
KEY_HELP: dict[str, tuple[str, str]] = {
    "name": ("the scenario's name", "scenariots namn"),
    "description": ("free text", "fri text"),
    "years.base": (
        "last year with an outcome (utfall) = first - 1",
        "sista år med utfall = first - 1",
    ),
    "years.first": ("first plan year", "första planåret"),
    "years.last": ("last plan year", "sista planåret"),
    "economy.revenue": (
        "tax revenue and general grants, MSEK: base (base year) and growth, or per year",
        "skatteintäkter och generella statsbidrag, mnkr: base (basåret) och growth, eller per år",
    ),
    "economy.revenue.base": (
        "tax revenue and general grants in the base year, MSEK",
        "skatter och generella statsbidrag basåret, mnkr",
    ),
    "economy.revenue.growth": (
        "yearly growth of that revenue, fraction",
        "årlig ökning av dessa, andel",
    ),
    "economy.revenue.real_growth": (
        "yearly real growth of the tax base besides wages, fraction",
        "årlig real ökning av skatteunderlaget utöver lönerna, andel",
    ),
    "economy.revenue.wage_elasticity": (
        "revenue growth per unit of wage increase",
        "intäktsökning per enhet lönerevision",
    ),
    "economy.tax_rate.per_ore": ("MSEK per öre of tax rate", "mnkr per öre skattesats"),
    "economy.tax_rate.max_ore": ("largest tax raise, öre", "största skattehöjning, öre"),
    "economy.tax_rate.earliest": ("first year a raise may start", "första år en höjning får börja"),
    "economy.tax_rate.weight": (
        "harm per MSEK-year of added tax",
        "skada per mnkr-år av höjd skatt",
    ),
    "groups": (
        "overlapping potentials: [{group, board, actions, pot}]",
        "överlappande potentialer: [{group, board, actions, pot}]",
    ),
    "economy.grants": (
        "targeted state grants (riktade statsbidrag), MSEK",
        "riktade statsbidrag, mnkr",
    ),
    "economy.financial": (
        "financial net (finansnetto), signed, MSEK",
        "finansnetto, med tecken, mnkr",
    ),
    "economy.central": (
        "costs outside every board's frame, MSEK",
        "kostnader utanför nämndernas ramar, mnkr",
    ),
    "drivers.wage": ("wage increase (lönerevision), fraction", "lönerevision, andel"),
    "drivers.price": ("price increase, fraction", "prisökning, andel"),
    "drivers.volume": ("volume growth of a board, fraction", "volymökning för en nämnd, andel"),
    "index_effects": (
        "true: a saving grows with its board's costs",
        "true: en besparing växer med nämndens kostnader",
    ),
    "targets.result": (
        "least result (årets resultat) in that year, MSEK",
        "lägsta årets resultat det året, mnkr",
    ),
    "targets.result_share": (
        "least result as a share of skatter och generella statsbidrag (0.02 = 2 %); the larger "
        "of this and targets.result",
        "lägsta resultat som andel av skatter och generella statsbidrag (0,02 = 2 %); det "
        "större av detta och targets.result",
    ),
    "balance.deficits": (
        "opening deficits: [{year, amount (negative), restore_by, decision}], restored oldest "
        "first; restore_by after year + 3 needs the assembly's decision",
        "ingående underskott: [{year, amount (negativt), restore_by, decision}], äldsta först; "
        "restore_by efter år + 3 kräver fullmäktiges beslut",
    ),
    "balance.exempt": (
        "deficit exempted under synnerliga skäl in that year (at most the deficit), MSEK",
        "underskott undantaget på grund av synnerliga skäl det året (högst underskottet), mnkr",
    ),
    "balance.gains": (
        "realised gains in that year, left out of the balanskravsresultat, MSEK",
        "realisationsvinster det året, räknas bort från balanskravsresultatet, mnkr",
    ),
    "balance.restore_within": (
        "years within which a new deficit is restored (default 3)",
        "antal år inom vilka ett nytt underskott ska återställas (standard 3)",
    ),
    "frames_decided_through": (
        "last year whose frames are decided; later frames are proposed by the plan",
        "sista året med beslutade ramar; senare ramar föreslås av planen",
    ),
    "requirements": (
        "tiers in order: [law, targets, frames]; [[law, targets, frames]] is one stage",
        "nivåer i ordning: [law, targets, frames]; [[law, targets, frames]] är ett steg",
    ),
    "tail_years": (
        "years after the plan an effect still running keeps counting as harm (default 5)",
        "år efter planen som en kvarstående effekt räknas som skada (standard 5)",
    ),
    "targets.categories": (
        "least total effect of a category in that year, MSEK",
        "lägsta totala effekt av en kategori det året, mnkr",
    ),
    "balance.opening": (
        "opening accumulated balance, negative = a deficit, MSEK",
        "ingående balanskravsresultat, negativt = underskott, mnkr",
    ),
    "balance.adjustments": (
        "fixed adjustment of the balance in that year, MSEK",
        "fast justering av balansen det året, mnkr",
    ),
    "balance.milestones": (
        "least accumulated balance at the end of that year, MSEK",
        "lägsta ackumulerade balans vid årets slut, mnkr",
    ),
    "limits.pace": (
        "new full effect in one year at most this share of a board's cost",
        "ny full effekt ett år högst denna andel av nämndens kostnad",
    ),
    "limits.cost_freeze": (
        "years in which total cost may not exceed the base year's, a list",
        "år då total kostnad inte får överstiga basårets, en lista",
    ),
    "limits.investment": (
        "investment room (investeringsutrymme) in that year, MSEK",
        "investeringsutrymme det året, mnkr",
    ),
    "limits.liquidity": ("liquidity (likviditet), MSEK", "likviditet, mnkr"),
    "limits.liquidity.opening_cash": ("cash at the start, MSEK", "likvida medel vid start, mnkr"),
    "limits.liquidity.min_cash": (
        "least cash at any year end, MSEK",
        "lägsta likvida medel vid årsskifte, mnkr",
    ),
    "limits.liquidity.opening_loans": ("loans at the start, MSEK", "lån vid start, mnkr"),
    "limits.liquidity.loan_cap": ("loan ceiling (lånetak), MSEK", "lånetak, mnkr"),
    "limits.liquidity.investments": (
        "investments of the existing plan in that year, MSEK",
        "investeringar i befintlig plan det året, mnkr",
    ),
    "limits.liquidity.depreciation": (
        "depreciation of the existing plan in that year, MSEK",
        "avskrivningar i befintlig plan det året, mnkr",
    ),
    "priorities": (
        "a priority set by name (balanced, protect-care, ...), or use the priorities sheet",
        "en prioriteringsuppsättning med namn (balanced, protect-care, ...), eller bladet priorities",
    ),
    "objective": (
        "min_impact, min_savings or min_max_share",
        "min_impact, min_savings eller min_max_share",
    ),
    "shortfall_weights": (
        "weight >= 0 of that kind of shortfall",
        "vikt >= 0 för den sortens underskott",
    ),
    "uncertainty": (
        "a distribution for sweep --samples, e.g. {dist: normal, mean: 0.035, sd: 0.005}",
        "en fördelning för sweep --samples, t.ex. {dist: normal, mean: 0.035, sd: 0.005}",
    ),
    "overrides": (
        "a named variant: apply it with --use {name}",
        "en namngiven variant: används med --use {name}",
    ),
}
# priorities sheet setting: (English, Swedish)
SETTING_HELP: dict[str, tuple[str, str]] = {
    "name": ("the set's name", "uppsättningens namn"),
    "description": ("free text", "fri text"),
    "label_sv": ("the set's name in Swedish reports", "uppsättningens namn i svenska rapporter"),
    "label_en": ("the set's name in English reports", "uppsättningens namn i engelska rapporter"),
    "objective": ("replaces the scenario's objective", "ersätter scenariots målfunktion"),
    "board_weight": ("weight of every action in the board", "vikt för alla åtgärder i nämnden"),
    "category_weight": (
        "weight of every action of the category",
        "vikt för alla åtgärder av kategorin",
    ),
    "action_weight": ("weight of the action", "vikt för åtgärden"),
    "protected_board": ("no action in the board", "ingen åtgärd i nämnden"),
    "protected_category": (
        "no action of the category in the board (blank: every board)",
        "ingen åtgärd av kategorin i nämnden (tom: alla nämnder)",
    ),
    "protected_action": (
        "the action is never used in the board",
        "åtgärden används aldrig i nämnden",
    ),
    "floor": (
        "the board's cost may not fall below value in that year, MSEK",
        "nämndens kostnad får inte understiga value det året, mnkr",
    ),
}

WORDS: dict[str, tuple[str, str]] = {
    "readme": ("README", "Läs mig"),
    "title": ("Scenario workbook for balansplan", "Scenarioarbetsbok för balansplan"),
    "intro": (
        "Fill in the sheets, then check and solve the workbook:",
        "Fyll i bladen, kontrollera och lös sedan arbetsboken:",
    ),
    "keep": (
        "Keep the sheet names and the column names in the header row (a unit in brackets "
        "after a name is fine). Rows above the header are help and are not read. Messages "
        "name the sheet, the Excel row and the column.",
        "Behåll bladens namn och kolumnnamnen i rubrikraden (en enhet inom parentes efter "
        "namnet går bra). Rader ovanför rubriken är hjälptext och läses inte. Felmeddelanden "
        "anger blad, Excel-rad och kolumn.",
    ),
    "sheet": ("Sheet", "Blad"),
    "column": ("Column", "Kolumn"),
    "meaning": ("Meaning and unit", "Betydelse och enhet"),
    "from": ("Written from", "Skriven från"),
}
