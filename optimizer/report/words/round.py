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
