"""The one vocabulary: every ja/en word shown to a reader, and the language of an output.

:data:`LABELS` names the values of the trip format (kinds, statuses, parts of day);
:data:`WORDS` holds every other word of every output — ``show``, ``tz``, the agendas and
the calendar — so that "arrives" reads 到着 wherever it appears. English labels are lower
case (they run inside sentences); :func:`cap` starts them upper case for a column.

>>> label("part_of_day", "night", "ja"), label("kind", "courtesy-call", "en")
('夜', 'courtesy call')
>>> word("arrives", "ja"), word("day", "en", n="2"), cap(word("arrives", "en"), "en")
('到着', 'Day 2', 'Arrives')
>>> time_not_fixed("night", "en"), time_not_fixed("night", "ja"), time_not_fixed(None, "ja")
('night (time TBC)', '夜（時刻未定）', '時刻未定')

:class:`Languages` is what ``--lang`` chooses: one language, or Japanese and English
together (agendas only), the first one leading.

>>> Languages.JA_EN.codes, Languages.JA_EN.lead, Languages.EN.codes
(('ja', 'en'), 'ja', ('en',))
>>> Languages.parse("ja+en") is Languages.JA_EN
True
"""

from __future__ import annotations

import enum

from tripplan.errors import UsageError

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
}
"""Names of the trip format's values, by group: ``part_of_day``, ``kind``, ``status``."""

WORDS: dict[str, dict[str, str]] = {
    # times and days
    "time_tbc": {"en": "time TBC", "ja": "時刻未定"},
    "time_not_given": {"en": "time not given", "ja": "時刻の記載なし"},
    "order_tbc": {"en": "order of these items not given", "ja": "順序は未定"},
    "order_not_given": {"en": "order of these items not given", "ja": "順序の記載なし"},
    "date_tbc": {"en": "date TBC", "ja": "日程未定"},
    "no_date": {"en": "no date", "ja": "日付未定"},
    "unscheduled": {"en": "Not yet scheduled", "ja": "日程未定の項目"},
    "arrives": {"en": "arrives", "ja": "到着"},
    "ends": {"en": "ends", "ja": "終了"},
    "until": {"en": "until", "ja": "終了"},
    "when": {"en": "When", "ja": "日時"},
    "local_times": {"en": "local times", "ja": "現地時間"},
    "not_fixed": {"en": "clock time not fixed", "ja": "時刻未定"},
    "end_tbc": {"en": "end time not fixed", "ja": "終了時刻未定"},
    "check_in": {"en": "check-in", "ja": "チェックイン"},
    "check_out": {"en": "check-out", "ja": "チェックアウト"},
    "day": {"en": "Day {n}", "ja": "{n}日目"},
    "days": {"en": "Days {first}–{last}", "ja": "{first}～{last}日目"},
    "no_items": {"en": "Nothing scheduled", "ja": "予定なし"},
    "nothing_scheduled": {"en": "{days}: nothing scheduled", "ja": "{days}：予定なし"},
    # zones
    "local_time": {"en": "Local time", "ja": "現地時間"},
    "same_as": {"en": "same as {city}", "ja": "{city}と同じ"},
    "behind": {"en": "{amount} behind {city}", "ja": "{city}より{amount}遅れ"},
    "ahead": {"en": "{amount} ahead of {city}", "ja": "{city}より{amount}進み"},
    "hours": {"en": "{n} h", "ja": "{n}時間"},
    "minutes": {"en": "{n} min", "ja": "{n}分"},
    "clocks": {"en": "clocks", "ja": "時計"},
    "home": {"en": "home", "ja": "本国"},
    "no_home": {"en": "home zone unknown", "ja": "本国の時間帯が不明"},
    "legend": {"en": "local time where each item happens, the same instant at home and in UTC",
               "ja": "各項目の現地時刻、同じ時刻の本国時間とUTC"},
    "columns_left_out": {"en": "{columns} left out: nothing there beyond the local time",
                         "ja": "{columns}の列は省略（現地時刻以外の情報なし）"},
    "nonexistent": {"en": "does not exist", "ja": "存在しない時刻"},
    "ambiguous": {"en": "happens twice", "ja": "2回ある時刻"},
    "offset-mismatch": {"en": "offset does not match", "ja": "UTCオフセット不一致"},
    "unknown-zone": {"en": "unknown zone", "ja": "不明な時間帯"},
    "no-zone": {"en": "no zone", "ja": "時間帯なし"},
    # columns
    "date": {"en": "date", "ja": "日付"},
    "time": {"en": "time", "ja": "時刻"},
    "local": {"en": "local", "ja": "現地時刻"},
    "zone": {"en": "zone", "ja": "時間帯"},
    "utc": {"en": "UTC", "ja": "UTC"},
    "kind": {"en": "kind", "ja": "種別"},
    "item": {"en": "item", "ja": "内容"},
    # lists: names in a row, and entries that hold the first separator themselves
    "list_separator": {"en": ", ", "ja": "、"},
    "entry_separator": {"en": "; ", "ja": "／"},
    # an item's fields
    "place": {"en": "place", "ja": "場所"},
    "address": {"en": "address", "ja": "住所"},
    "route": {"en": "route", "ja": "区間"},
    "from": {"en": "from", "ja": "出発地"},
    "to": {"en": "to", "ja": "到着地"},
    "flight_number": {"en": "flight", "ja": "便名"},
    "with": {"en": "with", "ja": "相手方"},
    "host": {"en": "host", "ja": "主催"},
    "hosts": {"en": "hosts", "ja": "主催"},
    "co_hosts": {"en": "co-hosts", "ja": "共催"},
    "participants": {"en": "participants", "ja": "出席者"},
    "whole_delegation": {"en": "whole delegation", "ja": "全員"},
    "contact": {"en": "contact", "ja": "担当"},
    "interpreter": {"en": "interpreter", "ja": "通訳"},
    "attire": {"en": "attire", "ja": "服装"},
    "notes": {"en": "notes", "ja": "備考"},
    "internal_notes": {"en": "internal notes", "ja": "内部メモ"},
    "internal_notes_private": {"en": "internal notes (not for distribution)",
                               "ja": "内部メモ（外部配布不可）"},
    "status": {"en": "status", "ja": "状況"},
    "tel": {"en": "tel.", "ja": "電話"},
    "cancelled_mark": {"en": "Cancelled: ", "ja": "【中止】"},
    "removed": {"en": "Removed from the itinerary.", "ja": "この予定は行程から削除されました。"},
    "withdrawn": {"en": "No longer in this calendar.",
                  "ja": "この予定はこのカレンダーの対象外になりました。"},
    "withdrawn_summary": {"en": "item withdrawn from this calendar",
                          "ja": "このカレンダーから取り下げられた予定"},
    "language": {"en": "English", "ja": "日本語"},
    # the trip and its documents
    "purpose": {"en": "purpose", "ja": "目的"},
    "delegation": {"en": "delegation", "ja": "訪問団"},
    "head": {"en": "head of delegation", "ja": "団長"},
    "organizer": {"en": "prepared by", "ja": "作成"},
    "for": {"en": "for", "ja": "対象者"},
    "revision": {"en": "Revision {n}", "ja": "第{n}版"},
    "revision_short": {"en": "rev. {n}", "ja": "第{n}版"},
    "as_of": {"en": "As of {date}", "ja": "{date}現在"},
    "generated": {"en": "Generated {when}", "ja": "出力日時：{when}"},
    "source": {"en": "source", "ja": "出典"},
    "contacts": {"en": "contacts", "ja": "連絡先"},
    "name": {"en": "name", "ja": "氏名"},
    "department": {"en": "department", "ja": "所属"},
    "title": {"en": "title", "ja": "役職"},
    "phone": {"en": "phone", "ja": "電話"},
    "email": {"en": "e-mail", "ja": "メール"},
    "topic": {"en": "topic", "ja": "担当事項"},
    "footnotes": {"en": "notes", "ja": "注"},
    "brief": {"en": "Pocket schedule", "ja": "携帯用日程表"},
    "full": {"en": "Itinerary", "ja": "日程表"},
    "audience.public": {"en": "Public version", "ja": "公開用"},
    "audience.internal": {"en": "Internal", "ja": "内部資料"},
    "audience.confidential": {"en": "Confidential", "ja": "取扱注意"},
    "page": {"en": "page {n} / {total}", "ja": "{n}／{total}ページ"},
    # provenance: the source's wording, translations, inferences
    "subtitle": {"en": "subtitle", "ja": "副題"},
    "duration": {"en": "duration", "ja": "期間"},
    "translation": {"en": "translation", "ja": "翻訳"},
    "inferred": {"en": "inferred", "ja": "推定"},
    "inferred_mark": {"en": "[inferred]", "ja": "［推定］"},
    "inferred_link": {"en": "(inferred)", "ja": "（推定）"},
    "basis": {"en": "from {basis}", "ja": "{basis}より"},
    "translation_note": {"en": "{language}: {translator}", "ja": "{language}は{translator}"},
    "language_name.en": {"en": "English", "ja": "英語"},
    "language_name.ja": {"en": "Japanese", "ja": "日本語"},
    "translator.editorial": {"en": "editorial translation", "ja": "編集部による翻訳"},
    "translator.official": {"en": "official translation", "ja": "公式の翻訳"},
    "translator.machine": {"en": "machine translation", "ja": "機械翻訳"},
    "source_wording": {"en": "source's wording", "ja": "出典の原文"},
    "missing": {"en": "missing", "ja": "未記載"},
    # the office's views across trips: agenda, next
    "agenda": {"en": "Agenda", "ja": "予定表"},
    "agenda_legend": {"en": "home time; local time beside it where it differs",
                      "ja": "本国時間。現地時間が異なる場合は併記"},
    "trip": {"en": "trip", "ja": "出張"},
    "under_way": {"en": "Under way", "ja": "実施中"},
    "next_trip": {"en": "Next trip", "ja": "次の出張"},
    "next_item": {"en": "Next item", "ja": "次の予定"},
    "day_of": {"en": "day {n} of {total}", "ja": "{total}日間の{n}日目"},
    "in_days": {"en": "in {n} days", "ja": "{n}日後"},
    "tomorrow": {"en": "tomorrow", "ja": "明日"},
    "no_next_trip": {"en": "No trip under way or to come", "ja": "実施中・予定の出張はありません"},
    "no_more_items": {"en": "No more items in this trip", "ja": "この出張の残りの予定はありません"},
    "also": {"en": "also", "ja": "ほかに"},
    # what changed between two versions (diff, the edits' reports, history)
    "change_trip": {"en": "trip", "ja": "旅程全体"},
    "change_added": {"en": "added", "ja": "追加"},
    "change_removed": {"en": "removed", "ja": "削除"},
    "change_moved": {"en": "moved", "ja": "日時変更"},
    "change_changed": {"en": "changed", "ja": "変更"},
    "change_revision": {"en": "Revision {old} → {new}", "ja": "第{old}版 → 第{new}版"},
    "no_changes": {"en": "No changes.", "ja": "変更なし"},
    "no_content_change": {"en": "no change in content", "ja": "内容の変更なし"},
    "and_more": {"en": "and {n} more", "ja": "ほか{n}件"},
    # the versions kept in backups (history, restore)
    "history_head": {"en": "{file}: {n} backups (at most {keep} kept); times in {zone}",
                     "ja": "{file}：バックアップ{n}件（最大{keep}件を保存）、時刻は{zone}"},
    "history_rev": {"en": "rev", "ja": "rev"},
    "history_saved": {"en": "saved", "ja": "保存日時"},
    "history_by": {"en": "by", "ja": "コマンド"},
    "history_revision": {"en": "revision", "ja": "版"},
    "history_changes": {"en": "changes", "ja": "変更内容"},
    "not_recorded": {"en": "—", "ja": "—"},
    "changed_outside": {"en": "outside tripplan", "ja": "tripplan外"},
    "oldest_backup": {"en": "oldest backup kept", "ja": "保存されている最も古い版"},
    "does_not_load": {"en": "does not load ({code}, line {line})",
                      "ja": "読み込めません（{code}、{line}行目）"},
}
"""Every other word of every output, by key; ``{name}`` marks a value filled in."""


def label(group: str, key: str, lang: str) -> str:
    """The name of a value of the trip format (see :data:`LABELS`)."""
    entry = LABELS[group][key]
    return entry.get(lang) or entry["en"]


def kind_label(kind: str, lang: str) -> str:
    """The kind of an item as every output shows it: ``Courtesy call`` / ``表敬・面会``."""
    return cap(label("kind", kind, lang), lang)


def word(key: str, lang: str, **values: str) -> str:
    """Word ``key`` of :data:`WORDS` in ``lang``, with ``values`` filled in."""
    entry = WORDS[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def cap(text: str, lang: str) -> str:
    """An English label as a heading or column starts it: upper case first."""
    return text[:1].upper() + text[1:] if lang == "en" else text


def time_not_fixed(part_of_day: str | None, lang: str, *, past: bool = False) -> str:
    """How an item without a clock time is announced: never an invented time.

    ``past`` (a completed trip): the time was never given, not still to be confirmed.

    >>> time_not_fixed("night", "ja", past=True), time_not_fixed(None, "en", past=True)
    ('夜（時刻の記載なし）', 'time not given')
    """
    tbc = word("time_not_given" if past else "time_tbc", lang)
    if part_of_day is None:
        return tbc
    part = label("part_of_day", part_of_day, lang)
    return f"{part}（{tbc}）" if lang == "ja" else f"{part} ({tbc})"


def order_not_given(lang: str, *, past: bool = False) -> str:
    """The line over a day whose items without a clock time are in no known order.

    >>> order_not_given("ja"), order_not_given("ja", past=True), order_not_given("en")
    ('順序は未定', '順序の記載なし', 'order of these items not given')
    """
    return word("order_not_given" if past else "order_tbc", lang)


def translation_note(language: str, translator: str, lang: str) -> str:
    """The footnote of a hand-out whose ``language`` texts are translations, in ``lang``.

    >>> translation_note("en", "editorial", "en"), translation_note("en", "editorial", "ja")
    ('English: editorial translation', '英語は編集部による翻訳')
    """
    name = WORDS.get(f"language_name.{language}", {}).get(lang, language)
    return word("translation_note", lang, language=name,
                translator=word(f"translator.{translator}", lang))


def inferred_basis(basis: str, lang: str) -> str:
    """What an inferred fact rests on: ``from １泊３日`` / ``１泊３日より``."""
    return word("basis", lang, basis=basis)


class Languages(enum.StrEnum):
    """The languages of an output, written as ``--lang`` takes them."""

    JA = "ja"
    EN = "en"
    JA_EN = "ja+en"

    @property
    def codes(self) -> tuple[str, ...]:
        """The languages shown, the leading one first."""
        return ("ja", "en") if self is Languages.JA_EN else (self.value,)

    @property
    def lead(self) -> str:
        return self.codes[0]

    @property
    def bilingual(self) -> bool:
        return len(self.codes) > 1

    @classmethod
    def parse(cls, text: str) -> Languages:
        """The choice written ``text``; a usage error naming the ``lang`` argument otherwise.

        >>> Languages.parse("fr")
        Traceback (most recent call last):
        tripplan.errors.UsageError: lang "fr" is not an agenda language
        """
        try:
            return cls(text)
        except ValueError:
            raise UsageError(f'{{lang}} "{text}" is not an agenda language', argument="lang",
                             hint="use {lang} ja, {lang} en or {lang} ja+en") from None
