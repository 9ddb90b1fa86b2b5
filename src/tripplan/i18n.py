"""Labels in Japanese and English shared by every output (terminal, agendas, calendars).

>>> label("part_of_day", "night", "ja"), label("kind", "courtesy-call", "en")
('夜', 'courtesy call')
>>> time_not_fixed("night", "en"), time_not_fixed("night", "ja"), time_not_fixed(None, "ja")
('night (time TBC)', '夜（時刻未定）', '時刻未定')
"""

from __future__ import annotations

LABELS: dict[str, dict[str, dict[str, str]]] = {
    "part_of_day": {
        "early-morning": {"en": "early morning", "ja": "早朝"},
        "morning": {"en": "morning", "ja": "午前"},
        "afternoon": {"en": "afternoon", "ja": "午後"},
        "evening": {"en": "evening", "ja": "夕方"},
        "night": {"en": "night", "ja": "夜"},
    },
    "kind": {
        "flight": {"en": "flight", "ja": "フライト"},
        "ground-transfer": {"en": "transfer", "ja": "移動"},
        "lodging": {"en": "lodging", "ja": "宿泊"},
        "meeting": {"en": "meeting", "ja": "会談"},
        "courtesy-call": {"en": "courtesy call", "ja": "表敬・面会"},
        "workshop": {"en": "workshop", "ja": "ワークショップ"},
        "speech": {"en": "speech", "ja": "スピーチ"},
        "ceremony": {"en": "ceremony", "ja": "式典"},
        "meal": {"en": "meal", "ja": "会食"},
        "press": {"en": "press", "ja": "取材"},
        "free-time": {"en": "free time", "ja": "自由時間"},
        "other": {"en": "other", "ja": "その他"},
    },
    "status": {
        "confirmed": {"en": "confirmed", "ja": "確定"},
        "tentative": {"en": "tentative", "ja": "調整中"},
        "cancelled": {"en": "cancelled", "ja": "中止"},
        "draft": {"en": "draft", "ja": "案"},
        "completed": {"en": "completed", "ja": "実施済"},
    },
    "text": {
        "time_tbc": {"en": "time TBC", "ja": "時刻未定"},
        "date_tbc": {"en": "date TBC", "ja": "日程未定"},
        "unscheduled": {"en": "Not yet scheduled", "ja": "日程未定の項目"},
        "arrives": {"en": "arrives", "ja": "着"},
        "ends": {"en": "ends", "ja": "終了"},
        "place": {"en": "Place", "ja": "場所"},
        "with": {"en": "With", "ja": "相手方"},
        "co_hosts": {"en": "Co-hosts", "ja": "共催"},
        "participants": {"en": "Participants", "ja": "出席者"},
        "whole_delegation": {"en": "whole delegation", "ja": "全員"},
        "contact": {"en": "Contact", "ja": "担当"},
        "interpreter": {"en": "Interpreter", "ja": "通訳"},
        "attire": {"en": "Attire", "ja": "服装"},
        "notes": {"en": "Notes", "ja": "備考"},
    },
}


def label(group: str, key: str, lang: str) -> str:
    entry = LABELS[group][key]
    return entry.get(lang) or entry["en"]


def time_not_fixed(part_of_day: str | None, lang: str) -> str:
    """How an item without a clock time is announced: never an invented time."""
    tbc = label("text", "time_tbc", lang)
    if part_of_day is None:
        return tbc
    part = label("part_of_day", part_of_day, lang)
    return f"{part}（{tbc}）" if lang == "ja" else f"{part} ({tbc})"
