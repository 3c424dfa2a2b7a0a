"""Words of the futures pages (MODEL.md 10.4) in English and Swedish: the plan in N futures
(``stress``) and the robust plan (``robust``). One place for the words of each language, beside
``labels.WORDS`` and ``round.ROUND_WORDS``."""

from __future__ import annotations

STRESS_WORDS = {
    "en": {
        "title": "The plan in {n} futures",
        "lead": "The plan's decisions are held as decided; in each of {n} futures drawn from the "
        "scenario's uncertainty (seed {seed}) costs, revenue, interest, financing and the "
        "law's balance follow. The law fails in {law} of the futures; the nearest deadline "
        "({year}) in {near}.",
        "lead_none": "The plan's decisions are held as decided in {n} futures (seed {seed}). "
        "The law fails in {law} of the futures.",
        "fan": "Result (balanskravsresultat) by year, MSEK",
        "law_min": "the law's minimum",
        "forecast": "the forecast",
        "reqs": "Requirements that fail in some future",
        "none_fail": "No requirement fails in any future.",
        "head": ["requirement", "board/category", "year", "fails in", "mean shortfall",
                 "P90 shortfall", "unit"],
        "drivers": "What drives the {year} deadline",
        "dhead": ["uncertain input", "its P10", "its P90", "fails at P10", "fails at P90",
                  "rank correlation"],
        "ledger": "Each deficit at its deadline (the law's ledger)",
        "lhead": ["deficit of", "part", "statutory deadline", "decided deadline", "arises in",
                  "overdue in", "left then, mean", "P90"],
        "part": {"opening": "opening", "exempted": "exempted", "new": "new"},
        "after": "after the plan",
        "years": "Result and deficit left by year, MSEK",
        "yhead": ["year", "result P10", "P50", "P90", "law's minimum", "deficit left P10",
                  "P50", "P90"],
        "req": {"no_deficit": "no deficit", "deadline": "deficit restored by deadline",
                "result": "result target", "frame": "frame (decided)", "attrition": "staff "
                "beyond attrition", "cash": "minimum cash", "category": "category target",
                "milestone": "milestone"},
    },
    "sv": {
        "title": "Planen i {n} framtider",
        "lead": "Planens beslut ligger fast; i var och en av {n} framtider dragna ur scenariots "
        "osäkerhet (frö {seed}) följer kostnader, intäkter, räntor, finansiering och "
        "balanskravet. Lagen brister i {law} av framtiderna; närmaste återställningsfrist "
        "({year}) i {near}.",
        "lead_none": "Planens beslut ligger fast i {n} framtider (frö {seed}). Lagen brister i "
        "{law} av framtiderna.",
        "fan": "Balanskravsresultat per år, mnkr",
        "law_min": "lagens lägsta",
        "forecast": "prognosen",
        "reqs": "Krav som brister i någon framtid",
        "none_fail": "Inget krav brister i någon framtid.",
        "head": ["krav", "nämnd/kategori", "år", "brister i", "medelunderskott",
                 "P90 underskott", "enhet"],
        "drivers": "Vad som driver fristen {year}",
        "dhead": ["osäker indata", "dess P10", "dess P90", "brister vid P10", "brister vid P90",
                  "rangkorrelation"],
        "ledger": "Varje underskott vid sin frist (balanskravsutredningen)",
        "lhead": ["underskott från", "del", "lagens frist", "beslutad frist", "uppstår i",
                  "försenat i", "kvar då, medel", "P90"],
        "part": {"opening": "ingående", "exempted": "undantaget", "new": "nytt"},
        "after": "efter planen",
        "years": "Resultat och kvarvarande underskott per år, mnkr",
        "yhead": ["år", "resultat P10", "P50", "P90", "lagens lägsta", "kvar att återställa P10",
                  "P50", "P90"],
        "req": {"no_deficit": "inget nytt underskott", "deadline": "underskott återställt i tid",
                "result": "resultatmål", "frame": "ram (beslutad)", "attrition": "personal utöver "
                "naturlig avgång", "cash": "lägsta likviditet", "category": "kategorimål",
                "milestone": "delmål"},
    },
}  # fmt: skip

ROBUST_WORDS = {
    "en": {
        "title": "A plan for {n} futures: commit {first}–{last} now",
        "title0": "A plan for {n} futures: nothing committed",
        "commit": "Commit now: {count} decisions starting {first}–{last}, {msek} MSEK a year "
        "in full effect (the forecast's plan: {fmsek}). Harm of what is committed: {harm} "
        "(the forecast's plan in the same years: {fharm}).",
        "cost": "Expected harm over the futures: {robust} against {held} for the forecast's "
        "plan held with the same later decisions ({delta}).",
        "safer": "Measured by {risk}, the law's shortfall is {r_law} MSEK against {f_law} for "
        "the forecast's plan.",
        "deadlines": "Probability that each requirement of the law fails",
        "dhead": ["requirement", "year", "robust plan", "forecast's plan",
                  "mean shortfall, robust", "mean shortfall, forecast"],
        "values": "Value of the stochastic solution and of perfect information",
        "vhead": ["", "VSS (forecast's plan − robust)", "EVPI (robust − foresight)"],
        "actions": "Decisions to commit now",
        "ahead": ["board", "action", "start", "MSEK a year"],
        "req": {"no_deficit": "no deficit", "deadline": "deficit restored by deadline"},
        "tier": {"law": "law shortfall (risk measure)", "targets": "targets shortfall",
                 "frames": "frames shortfall", "law:expected": "law shortfall, expected",
                 "targets:expected": "targets shortfall, expected",
                 "frames:expected": "frames shortfall, expected", "min_impact": "expected harm",
                 "min_savings": "expected savings", "min_max_share": "expected largest share"},
    },
    "sv": {
        "title": "En plan för {n} framtider: besluta {first}–{last} nu",
        "title0": "En plan för {n} framtider: inget beslutas nu",
        "commit": "Besluta nu: {count} åtgärder med start {first}–{last}, {msek} mnkr per år "
        "med full effekt (prognosens plan: {fmsek}). Skada av det som beslutas: {harm} "
        "(prognosens plan samma år: {fharm}).",
        "cost": "Förväntad skada över framtiderna: {robust} mot {held} för prognosens plan med "
        "samma senare beslut ({delta}).",
        "safer": "Mätt som {risk} är lagens underskott {r_law} mnkr mot {f_law} för prognosens "
        "plan.",
        "deadlines": "Sannolikhet att varje krav i lagen brister",
        "dhead": ["krav", "år", "robust plan", "prognosens plan", "medelunderskott, robust",
                  "medelunderskott, prognos"],
        "values": "Värdet av den stokastiska lösningen och av perfekt information",
        "vhead": ["", "VSS (prognosens plan − robust)", "EVPI (robust − förutseende)"],
        "actions": "Beslut att fatta nu",
        "ahead": ["nämnd", "åtgärd", "start", "mnkr per år"],
        "req": {"no_deficit": "inget nytt underskott", "deadline": "underskott återställt i tid"},
        "tier": {"law": "lagens underskott (riskmått)", "targets": "målens underskott",
                 "frames": "ramarnas underskott", "law:expected": "lagens underskott, väntevärde",
                 "targets:expected": "målens underskott, väntevärde",
                 "frames:expected": "ramarnas underskott, väntevärde", "min_impact": "förväntad skada",
                 "min_savings": "förväntade besparingar", "min_max_share": "största andel"},
    },
}  # fmt: skip
RISK_WORDS = {
    "en": {"expected": "the expected value", "worst": "the worst future", "cvar": "CVaR at {a}"},
    "sv": {"expected": "väntevärdet", "worst": "den sämsta framtiden", "cvar": "CVaR vid {a}"},
}
