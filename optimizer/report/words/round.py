"""Words of the planning round (MODEL.md 10.3) in English and Swedish: committed actions,
the follow-up of a plan against its outcome, and two rounds compared. ``labels.WORDS`` holds
them beside the rest; one place per concept."""

from __future__ import annotations

# key: (English, Swedish)
ROUND_WORDS: dict[str, tuple[str, str]] = {
    "sec_committed": (
        "Committed actions (decided in earlier rounds)",
        "Beslutade åtgärder (från tidigare planeringsomgångar)",
    ),
    "sec_committed_lead": (
        "Fixed in this plan and not in its harm score: decided amount, what is delivered, and the "
        "harm they carry ({harm} weighted MSEK-years).",
        "Ligger fast i planen och ingår inte i dess skadepoäng: beslutat belopp, vad som "
        "levereras och skadan de bär ({harm} viktade mnkr-år).",
    ),
    "status_committed": ("committed", "beslutad"),
    "status_new": ("new", "ny"),
    "decided_amount": ("Decided, MSEK/yr", "Beslutat, mnkr/år"),
    "delivered_amount": ("Delivered, MSEK/yr", "Levereras, mnkr/år"),
    "action_status": ("Status", "Status"),
}

FOLLOW_UP_WORDS: dict[str, tuple[str, str]] = {
    "fu_title": ("Follow-up of the savings plan", "Uppföljning av åtgärdsplanen"),
    "fu_intro": (
        "The plan against what happened in {years}: the planned and the realised "
        "balanskravsresultat, and what each board's costs did to it.",
        "Planen mot utfallet {years}: planerat och verkligt balanskravsresultat, och vad varje "
        "nämnds kostnader betydde för det.",
    ),
    "fu_bridge": ("From planned to realised result {year}", "Från planerat till verkligt resultat {year}"),
    "fu_planned_result": ("Planned result", "Planerat resultat"),
    "fu_realised_result": ("Realised result", "Verkligt resultat"),
    "fu_other": ("Revenue, financial and central items", "Intäkter, finansnetto och centrala poster"),
    "fu_boards": ("Costs by board: plan and outcome", "Kostnader per nämnd: plan och utfall"),
    "fu_actions": ("The actions: planned and realised effect", "Åtgärderna: planerad och verklig effekt"),
    "fu_actions_lead": (
        "A negative deviation is a saving delivered short of plan.",
        "En negativ avvikelse är en besparing som levererats under plan.",
    ),
    "fu_deadlines": ("What the deviation does to each deficit", "Vad avvikelsen gör med varje underskott"),
    "fu_deadlines_lead": (
        "The deficits left after the closed years, by the plan and by the outcome, and the extra "
        "to restore by each deadline.",
        "Underskotten som återstår efter de stängda åren, enligt planen och enligt utfallet, och "
        "vad som måste återställas extra till varje tidsgräns.",
    ),
    "fu_no_deficits": ("The scenario has no deficits to restore.", "Scenariot har inga underskott att återställa."),
    "planned": ("Planned", "Planerat"),
    "realised": ("Realised", "Utfall"),
    "deviation": ("Deviation", "Avvikelse"),
    "deviation_pct": ("Deviation, %", "Avvikelse, %"),
    "deficit_year": ("Deficit of", "Underskott från"),
    "restore_by": ("Restore by", "Återställs senast"),
    "decision": ("Decision", "Beslut"),
    "left_planned": ("Left by the plan", "Kvar enligt planen"),
    "left_realised": ("Left by the outcome", "Kvar enligt utfallet"),
    "extra": ("Extra to restore", "Extra att återställa"),
    "result_bkr": ("Balanskravsresultat", "Balanskravsresultat"),
}
ROUND_WORDS.update(FOLLOW_UP_WORDS)
