"""The agenda as data: one format-independent model behind the HTML, PDF, Markdown and text.

:func:`build_agenda` turns an :class:`~tripplan.export.view.ExportView` and its
:class:`~tripplan.export.view.ExportOptions` into an
:class:`Agenda` — a cover, one :class:`AgendaDay` per day of the trip with its rows and
zone notes, the trip's footnotes where they belong, and a contact sheet. Every piece of
text is already in the job's language(s); renderers only lay it out.

A text in the agenda is a :data:`~tripplan.export.cover.Txt`: a tuple of one string
(``--lang ja`` or ``en``) or, for ``--lang ja+en``, the Japanese and then the English
wording — one string only when both are the same (a name given in one language). The
cover is built by :mod:`tripplan.export.cover`.

Nothing is invented: an item without a clock time says so ("夜（時刻未定）" /
"Night (time TBC)", :attr:`Row.timed` false, so that a renderer can set it apart from a
clock time); local times, zone abbreviations and home times appear only for timed items.
A run of days with nothing scheduled is one :class:`AgendaDay` whose heading says so in
one line ("Days 5–31 · Mon 24 June – Sat 20 July 2024: nothing scheduled"). Dates,
weekday names and numbers come from babel's locale data.

Words come from :mod:`tripplan.present.vocabulary`, dates, counterparts and organisations
from :mod:`tripplan.present.formats`.

>>> import datetime as dt
>>> offset_phrase("Asia/Bangkok", "Asia/Tokyo", dt.date(2024, 6, 20), "en")
'Local time: Asia/Bangkok (UTC+07:00), 2 h behind Tokyo'
>>> offset_phrase("Asia/Bangkok", "Asia/Tokyo", dt.date(2024, 6, 20), "ja")
'現地時間：Asia/Bangkok（UTC+07:00）、東京より2時間遅れ'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import format_date, get_timezone_location

from tripplan.export.cover import Cover, Txt, bi, build_cover, number, text_of
from tripplan.export.view import ExportOptions, ExportView, named_contacts, selected
from tripplan.model import ItemStatus, Text, Trip, TripStatus
from tripplan.present.formats import (
    counterpart,
    date_range,
    join_entries,
    join_list,
    organization,
    phone,
    weekday_date,
)
from tripplan.present.vocabulary import (
    cap,
    inferred_basis,
    kind_label,
    label,
    order_not_given,
    time_not_fixed,
    word,
)
from tripplan.schedule import Entry
from tripplan.zones import get_zone, known_zone, offset_label, short_label

__all__ = ["Agenda", "AgendaDay", "ContactRow", "Cover", "Detail", "Note", "Row", "Txt",
           "ZoneNote", "bi", "build_agenda", "number", "offset_phrase", "text_of"]

LABELLED = ("day", "purpose", "delegation", "hosts", "host", "organizer", "for", "status",
            "source", "time", "kind", "item", "route", "address", "flight_number",
            "internal_notes", "contacts", "name", "department", "title", "phone", "email",
            "topic", "footnotes", "place", "with", "co_hosts", "participants",
            "contact", "interpreter", "attire", "notes", "subtitle", "translation", "inferred")
"""The vocabulary's words an agenda uses as field names and headings (:attr:`Agenda.labels`)."""

FOOTNOTE_MARK = {"ja": "※{id}", "en": "[{id}]"}
"""How a footnote is referred to: ※1 in Japanese, [1] in English (by the first language)."""


# --- the model ----------------------------------------------------------------------------


@dataclass
class Detail:
    """One labelled line of an item: ``場所: バンコク``. Each value is one line."""

    label: Txt
    values: list[Txt]


@dataclass
class Row:
    """One item (or the later-day end of one, ``continuation``) in a day."""

    item_id: str
    status: str  # "confirmed" | "tentative" | "cancelled"
    continuation: bool
    when: Txt  # "10:00–11:30" or "夜（時刻未定）"
    zone: str | None  # zone abbreviation of a timed item: "JST", "UTC+07:00"
    home: str | None  # home time of a timed item in another zone: "Tokyo 12:00", "東京 土 01:00"
    kind: Txt
    title: Txt
    status_label: Txt | None
    marks: list[str]  # footnote marks: ["※1", "※2"]
    place: Txt | None  # where, in one line (the pocket card shows only this)
    details: list[Detail] = field(default_factory=list)
    timed: bool = True
    """``when`` is a clock time; false for "夜（時刻未定）", "→ time not given", "Date TBC"."""

    is_zone_note = False

    @property
    def cancelled(self) -> bool:
        return self.status == ItemStatus.CANCELLED.value

    @property
    def tentative(self) -> bool:
        return self.status == ItemStatus.TENTATIVE.value


@dataclass
class ZoneNote:
    """The local zone and its offset from home, where it starts to apply."""

    zone: str
    text: Txt
    changed: bool  # the zone differs from the one before

    is_zone_note = True


@dataclass
class Note:
    """A footnote of the trip: ``※1 バンコク都との都市間協力: …``."""

    id: str
    mark: str
    title: Txt | None
    text: Txt


@dataclass
class AgendaDay:
    date: dt.date | None  # None for the items whose day is not fixed yet
    number: int
    heading: Txt  # "1日目 2024年6月20日（木）"
    zone: ZoneNote | None
    entries: list[Row | ZoneNote]
    notes: list[Note]
    order_note: Txt | None = None
    """"Order of these items not given": the day's untimed items are in no known order."""
    last: dt.date | None = None
    """Set for days with nothing scheduled: this entry stands for ``date`` to ``last`` (one
    day or a run of them, numbered ``number`` on), and ``heading`` is the one line that
    says so; it has no zone line, rows or notes."""

    @property
    def quiet(self) -> bool:
        """Nothing is scheduled on these days: they read as one line."""
        return self.last is not None

    @property
    def rows(self) -> list[Row]:
        return [e for e in self.entries if not e.is_zone_note]


@dataclass
class ContactRow:
    name: Txt
    department: Txt | None
    title: Txt | None
    phone: Txt | None  # in each language's way: "045-671-4396", "+81 45-671-4396"
    email: str | None
    topic: Txt | None


@dataclass
class Agenda:
    """Everything an agenda shows, in order, in the job's languages."""

    lang: str  # "ja" | "en" | "ja+en"
    langs: tuple[str, ...]
    brief: bool
    audience: str
    cover: Cover
    days: list[AgendaDay]
    notes: list[Note]  # footnotes no item refers to: listed after the days
    contacts: list[ContactRow]
    labels: dict[str, Txt]

    @property
    def html_lang(self) -> str:
        return self.langs[0]

    @property
    def colon(self) -> str:
        """What follows a field name: "：" when Japanese leads, ": " otherwise."""
        return "：" if self.langs[0] == "ja" else ": "

    def label(self, key: str, sep: str = " / ") -> str:
        """A field name in one line: "場所", "Place" or "場所 / Place"."""
        return sep.join(self.labels[key])

    def page_label(self, n: int, total: int | str) -> str:
        """Page number "3／7ページ" / "Page 3 / 7" (numbers through babel)."""
        lang = self.langs[0]
        return cap(word("page", lang, n=number(n, lang), total=str(total)), lang)

    @property
    def page_words(self) -> str:
        """The page number's wording with ``{n}`` and ``{total}`` left in (for a renderer
        whose page numbers are counters, as CSS's): "Page {n} / {total}"."""
        return cap(word("page", self.langs[0]), self.langs[0])


# --- building -----------------------------------------------------------------------------


def day_heading(n: int, day: dt.date, lang: str) -> str:
    """``1日目　2024年6月20日（木）`` / ``Day 1 · Thursday 20 June 2024``."""
    sep = "　" if lang == "ja" else " · "
    return f"{word('day', lang, n=number(n, lang))}{sep}{weekday_date(day, lang)}"


def quiet_line(first: AgendaDay, last: AgendaDay, lang: str) -> str:
    """The one line of days with nothing scheduled, ``first`` to ``last`` (or one day).

    >>> a, b = (AgendaDay(dt.date(2024, 6, d), n, (), None, [], []) for d, n in ((24, 5), (30, 11)))
    >>> quiet_line(a, b, "en")
    'Days 5–11 · Mon 24 – Sun 30 June 2024: nothing scheduled'
    >>> quiet_line(a, b, "ja")
    '5～11日目　2024年6月24日（月）～6月30日（日）：予定なし'
    >>> quiet_line(a, a, "ja")
    '5日目　2024年6月24日（月）：予定なし'
    """
    if first.number == last.number:
        days = day_heading(first.number, first.date, lang)
    else:
        sep = "　" if lang == "ja" else " · "
        days = (word("days", lang, first=number(first.number, lang),
                     last=number(last.number, lang))
                + sep + date_range(first.date, last.date, lang))
    return word("nothing_scheduled", lang, days=days)


def _fold_quiet(days: list[AgendaDay], langs) -> list[AgendaDay]:
    """Each run of days with nothing scheduled becomes one :attr:`AgendaDay.quiet` entry,
    so that a long trip with a few busy days prints no page or block per empty day."""
    out: list[AgendaDay] = []
    run: list[AgendaDay] = []

    def close() -> None:
        if run:
            first, last = run[0], run[-1]
            heading = bi(langs, lambda lang: quiet_line(first, last, lang))
            out.append(AgendaDay(first.date, first.number, heading, None, [], [],
                                 last=last.date))
            run.clear()

    for day in days:
        if day.date is not None and not day.entries:
            run.append(day)
            continue
        close()
        out.append(day)
    close()
    return out


def _amount(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(word("hours", lang, n=number(hours, lang)))
    if rest:
        parts.append(word("minutes", lang, n=number(rest, lang)))
    return ("" if lang == "ja" else " ").join(parts)


def home_city(home: str, lang: str) -> str:
    """The city of the home zone as the locale names it: 東京 / Tokyo."""
    zone = get_zone(home)
    if zone is None:
        return home
    return get_timezone_location(zone, locale=lang, return_city=True)


def offset_phrase(zone: str, home: str, day: dt.date, lang: str) -> str:
    """Where the local zone stands against home time on ``day`` (at local noon)."""
    local_zone, home_zone = get_zone(zone), get_zone(home)
    at = dt.datetime.combine(day, dt.time(12), tzinfo=local_zone)
    label_ = offset_label(at)
    head = (f"{word('local_time', lang)}：{zone}（{label_}）" if lang == "ja"
            else f"{word('local_time', lang)}: {zone} ({label_})")
    if home_zone is None:
        return head
    diff = int((at.utcoffset() - at.astimezone(home_zone).utcoffset()).total_seconds()) // 60
    city = home_city(home, lang)
    if diff == 0:
        tail = word("same_as", lang, city=city)
    else:
        key = "ahead" if diff > 0 else "behind"
        tail = word(key, lang, city=city, amount=_amount(abs(diff), lang))
    return f"{head}、{tail}" if lang == "ja" else f"{head}, {tail}"


def footnote_mark(note_id: str, lang: str) -> str:
    return FOOTNOTE_MARK["ja" if lang == "ja" else "en"].format(id=note_id)


def build_agenda(view: ExportView, options: ExportOptions) -> Agenda:
    """The agenda of ``view``: the items ``options`` select, in their language(s) and audience.

    Cancelled items are struck through (``Row.cancelled``) except for the public audience,
    which does not see them at all; internal notes only when
    :meth:`~tripplan.export.view.ExportOptions.shows_internal_notes`.
    """
    options.check(view.trip)
    langs = options.languages.codes
    trip = view.trip
    schedule = selected(view, options)
    keep = options.lists
    referenced = {fid for it in trip.items for fid in it.footnotes}
    days = _days(trip, options, schedule.days, keep, langs)
    unscheduled = [e for e in (Entry(t) for t in schedule.unscheduled) if keep(e.item)]
    if unscheduled:
        heading = bi(langs, lambda lang: word("unscheduled", lang))
        rows = [_row(trip, options, e, langs, no_date=True) for e in unscheduled]
        days.append(AgendaDay(None, 0, heading, None, rows, []))
    loose = [] if options.brief else [_note(fid, trip, langs) for fid in trip.footnotes
                                  if fid not in referenced]
    shown = [t.item for t in schedule.times if keep(t.item)]
    contacts = [] if options.brief else _contact_sheet(trip, shown, langs)
    labels = {key: bi(langs, lambda lang, k=key: cap(word(k, lang), lang)) for key in LABELLED}
    return Agenda(options.languages.value, langs, options.brief, options.audience.value,
                  build_cover(trip, options, langs), _fold_quiet(days, langs), loose,
                  contacts, labels)


def _days(trip: Trip, options: ExportOptions, schedule_days, keep, langs) -> list[AgendaDay]:
    """One :class:`AgendaDay` per day: its rows, a zone note wherever the local zone changes,
    and each footnote after the first day that refers to it."""
    listed: set[str] = set()
    days: list[AgendaDay] = []
    current: str | None = None
    for number_, day in enumerate(schedule_days, start=1):
        entries = [e for e in day.entries if keep(e.item)]
        first = next((z for z in (_zone_at(e) for e in entries) if z), None)
        start_zone = first or current or known_zone(trip.home_timezone)
        note = None
        if start_zone:
            note = _zone_note(start_zone, trip, day.date, langs,
                              changed=current is not None and start_zone != current)
            current = start_zone
        rows: list[Row | ZoneNote] = []
        notes: list[Note] = []
        for entry in entries:
            zone = _zone_at(entry)
            if zone and zone != current:
                rows.append(_zone_note(zone, trip, day.date, langs, changed=True))
                current = zone
            rows.append(_row(trip, options, entry, langs))
            if not options.brief and not entry.continuation:
                for fid in entry.item.footnotes:
                    if fid in trip.footnotes and fid not in listed:
                        listed.add(fid)
                        notes.append(_note(fid, trip, langs))
            after = _zone_after(entry, day.date)
            if after and after != current:
                rows.append(_zone_note(after, trip, day.date, langs, changed=True))
                current = after
        heading = bi(langs, lambda lang, n=number_, d=day.date: day_heading(n, d, lang))
        order = None
        if day.order_unknown and any(e.item.start is None and not e.continuation
                                     for e in entries):
            order = bi(langs, lambda lang: cap(order_not_given(lang, past=_past(trip)), lang))
        days.append(AgendaDay(day.date, number_, heading, note, rows, notes, order))
    return days


def _where(t, end: bool) -> str | None:
    """Zone where the delegation is at an item's start (or end).

    The zone engine's ``location_zone`` / ``end_location_zone`` (an item's explicit
    ``timezone`` does not move the delegation), else the item's zones.
    """
    if end:
        return known_zone(t.end_location_zone) or known_zone(t.end_zone)
    return known_zone(t.location_zone) or known_zone(t.start_zone)


def _zone_at(entry: Entry) -> str | None:
    """The zone an entry happens in (its end's zone for the later-day end of an item)."""
    if entry.continuation:
        return _where(entry.time, True) or _where(entry.time, False)
    return _where(entry.time, False)


def _zone_after(entry: Entry, day: dt.date | None) -> str | None:
    """Where the delegation is after an entry: travel that ends this day moves it."""
    item = entry.item
    if item.kind.is_travel and (entry.continuation or item.last_day == day):
        return _where(entry.time, True) or _where(entry.time, False)
    return None


def _zone_note(zone: str, trip: Trip, day: dt.date | None, langs, *, changed: bool) -> ZoneNote:
    on = day or trip.start
    return ZoneNote(zone, bi(langs, lambda lang: offset_phrase(zone, trip.home_timezone, on,
                                                                  lang)), changed)


def _note(fid: str, trip: Trip, langs) -> Note:
    footnote = trip.footnotes[fid]
    return Note(fid, footnote_mark(fid, langs[0]), text_of(footnote.title, langs),
                text_of(footnote.text, langs) or ())


def _contact_sheet(trip: Trip, shown: list, langs) -> list[ContactRow]:
    """The contacts of the items the agenda shows, in the trip's order: a contact whom only
    items cut for this audience (or left out as cancelled) name is not printed
    (:func:`~tripplan.export.view.named_contacts`, as the vCards)."""
    return [_contact(trip, c, langs) for _key, c in named_contacts(trip, shown)]


def _contact(trip: Trip, contact, langs) -> ContactRow:
    return ContactRow(text_of(contact.name, langs) or (), text_of(contact.department, langs),
                      text_of(contact.title, langs),
                      bi(langs, lambda lang: phone(contact, trip, lang)) or None,
                      contact.email, text_of(contact.topic, langs))


def _place_text(trip: Trip, place_id: str | None, lang: str) -> str:
    if not place_id or place_id not in trip.places:
        return ""
    place = trip.places[place_id]
    name = place.name.get(lang)
    city = place.city.get(lang) if place.city else ""
    if city and city not in name:
        return f"{name}、{city}" if lang == "ja" else f"{name}, {city}"
    return name


def _past(trip: Trip) -> bool:
    """A completed trip: times it lacks were never given (not "to be confirmed")."""
    return trip.status is TripStatus.COMPLETED


def _when(entry: Entry, lang: str, past: bool = False) -> str:
    item, t = entry.item, entry.time
    if entry.continuation:
        if item.end is not None:
            end = t.end if t.end is not None else item.end
            return f"→ {end:%H:%M}"
        if item.end_part_of_day is not None:
            return "→ " + cap(time_not_fixed(item.end_part_of_day.value, lang, past=past),
                              lang)
        return "→ " + cap(time_not_fixed(None, lang, past=past), lang)
    if item.start is not None:
        start = t.start if t.start is not None else item.start
        text = f"{start:%H:%M}"
        if item.end is not None:
            end = t.end if t.end is not None else item.end
            same_day = end.date() == start.date()
            if same_day:
                text += f"–{end:%H:%M}"  # a later end is shown on its own day
        return text
    pod = item.part_of_day.value if item.part_of_day else None
    return cap(time_not_fixed(pod, lang, past=past), lang)


def _zone_and_home(entry: Entry, home: str, lead: str) -> tuple[str | None, str | None]:
    """The zone abbreviation(s) of a timed entry and its time at home, when that differs."""
    item, t = entry.item, entry.time
    if item.start is None:
        return None, None
    shown = []  # (instant) of the times shown in the row
    if entry.continuation:
        if t.end is not None:
            shown.append(t.end)
    else:
        if t.start is not None:
            shown.append(t.start)
        if t.end is not None and item.end is not None and t.start is not None \
                and t.end.date() == t.start.date():
            shown.append(t.end)
    if not shown:
        return None, None
    abbrs = list(dict.fromkeys(short_label(s) for s in shown))
    zone = " → ".join(abbrs)
    home_zone = get_zone(home)
    if home_zone is None or all(s.utcoffset() == s.astimezone(home_zone).utcoffset()
                                for s in shown):
        return zone, None
    at_home = [s.astimezone(home_zone) for s in shown]
    local_day = shown[0].date()
    text = "–".join(f"{h:%H:%M}" for h in at_home)
    if at_home[0].date() != local_day:
        text = f"{format_date(at_home[0].date(), 'E', locale=lead)} {text}"
    return zone, f"{home_city(home, lead)} {text}"


def _row(trip: Trip, options: ExportOptions, entry: Entry, langs, *,
         no_date: bool = False) -> Row:
    item = entry.item
    lead = langs[0]
    if no_date:
        when = bi(langs, lambda lang: cap(word("date_tbc", lang), lang))
    else:
        when = bi(langs, lambda lang: _when(entry, lang, _past(trip)))
    zone, home = _zone_and_home(entry, trip.home_timezone, lead)

    def kind(lang: str) -> str:
        text = kind_label(item.kind.value, lang)
        if entry.continuation:
            what = word("arrives" if item.kind.is_travel else "ends", lang)
            text += f"（{what}）" if lang == "ja" else f" ({what})"
        return text

    status_label = None
    if item.status is not ItemStatus.CONFIRMED:
        status_label = bi(langs, lambda lang: label("status", item.status.value, lang))
    route = None
    if item.kind.is_travel and (item.origin or item.destination):
        route = bi(langs, lambda lang: f"{trip.place_name(item.origin, lang)} → "
                                       f"{trip.place_name(item.destination, lang)}")
    place = bi(langs, lambda lang: _place_text(trip, item.place, lang)) or None
    marks = [] if entry.continuation or options.brief else [
        footnote_mark(f, lead) for f in item.footnotes if f in trip.footnotes]
    if item.inferred is not None and not entry.continuation:
        marks.append(word("inferred_mark", lead))
    row = Row(item.id, item.status.value, entry.continuation, when, zone, home,
              bi(langs, kind), text_of(item.title, langs) or (item.id,), status_label, marks,
              route or place, timed=not no_date and (
                  item.end is not None if entry.continuation else item.start is not None))
    if options.brief or entry.continuation:
        return row
    row.details = _details(trip, options, entry, langs, route)
    return row


def _details(trip: Trip, options: ExportOptions, entry: Entry, langs,
             route: Txt | None) -> list[Detail]:
    item = entry.item
    details: list[Detail] = []

    def add(key: str, values: list[Txt | None]) -> None:
        values = [v for v in values if v]
        if values:
            details.append(Detail(bi(langs, lambda lang: cap(word(key, lang), lang)),
                                  values))

    if route:
        flight = " ".join(p for p in (item.carrier, item.number) if p)
        add("route", [route])
        if flight:
            add("flight_number", [(flight,)])
    if item.inferred is not None:
        add("inferred", [bi(langs, lambda lang: inferred_basis(item.inferred.get(lang), lang))])
    if item.place and item.place in trip.places:
        place = trip.places[item.place]
        add("place", [bi(langs, lambda lang: _place_text(trip, item.place, lang)
                         + _mark((item.inferred_links or {}).get("place"), lang))])
        add("address", [text_of(place.address, langs)])
    add("host", [bi(langs, lambda lang, o=o: organization(o, lang)) for o in item.hosts])
    if item.co_hosts:
        add("co_hosts", [bi(langs, lambda lang: join_entries(
            [organization(o, lang) for o in item.co_hosts], lang))])
    add("with", [bi(langs, lambda lang, c=c: counterpart(c, lang) + _mark(c.inferred, lang))
                 for c in item.counterparts])
    if item.participants is not None:
        add("participants", [bi(langs, lambda lang: join_list(
            [trip.people[p].name.get(lang) if p in trip.people else p
             for p in item.participants], lang))])
    add("interpreter", [text_of(item.interpreter, langs)])
    add("attire", [text_of(item.attire, langs)])
    if item.contact and item.contact in trip.contacts:
        contact = trip.contacts[item.contact]
        add("contact", [bi(langs, lambda lang: " ".join(
            p for p in (contact.name.get(lang), phone(contact, trip, lang)) if p)
            + _mark((item.inferred_links or {}).get("contact"), lang))])
    add("notes", [text_of(item.notes, langs)])
    if options.shows_internal_notes():
        add("internal_notes", [text_of(item.internal_notes, langs)])
    return details


def _mark(basis: Text | None, lang: str) -> str:
    """`` (inferred)`` / ``（推定）`` after a link the source does not state."""
    if basis is None:
        return ""
    return ("" if lang == "ja" else " ") + word("inferred_link", lang)
