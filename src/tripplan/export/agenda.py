"""The agenda as data: one format-independent model behind the HTML, PDF, Markdown and text.

:func:`build_agenda` turns an :class:`~tripplan.export.view.ExportView` and its
:class:`~tripplan.export.view.ExportOptions` into an
:class:`Agenda` — a cover, one :class:`AgendaDay` per day of the trip with its rows and
zone notes, the trip's footnotes where they belong, and a contact sheet. Every piece of
text is already in the job's language(s); renderers only lay it out.

A text in the agenda is a :data:`Txt`: a tuple of one string (``--lang ja`` or ``en``)
or, for ``--lang ja+en``, the Japanese and then the English wording — one string only
when both are the same (a name given in one language).

Nothing is invented: an item without a clock time says so ("夜（時刻未定）" /
"Night (time TBC)"); local times, zone abbreviations and home times appear only for
timed items. Dates, weekday names and numbers come from babel's locale data.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel.dates import format_date, get_timezone_location
from babel.numbers import format_decimal

from tripplan.export.view import ExportOptions, ExportView, named_contacts, selected
from tripplan.model import ItemStatus, Text, Trip, TripStatus
from tripplan.present.formats import (
    counterpart,
    date_range,
    join_list,
    long_date,
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
    translation_note,
    word,
)
from tripplan.provenance import translator
from tripplan.schedule import Entry
from tripplan.zones import get_zone, known_zone, offset_label, short_label

Txt = tuple[str, ...]
"""One text in the agenda's languages: ``("会談",)``, ``("Meeting",)``, ``("会談", "Meeting")``."""

LABELLED = ("day", "purpose", "delegation", "hosts", "host", "organizer", "for", "status",
            "source", "time", "kind", "item", "route", "address", "flight_number",
            "internal_notes", "contacts", "name", "department", "title", "phone", "email",
            "topic", "footnotes", "no_items", "place", "with", "co_hosts", "participants",
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
class Cover:
    title: Txt
    kind: Txt  # "日程表" / "携帯用日程表"
    dates: Txt
    purpose: Txt | None
    for_person: Txt | None
    delegation: list[Txt]
    hosts: list[Txt]
    co_hosts: list[Txt]
    organizer: Txt | None
    revision: Txt
    as_of: Txt | None
    status: Txt
    audience: Txt
    generated: Txt
    source: Txt | None
    subtitle: Txt | None = None
    translation: Txt | None = None  # "English: editorial translation" on English hand-outs

    @property
    def summary(self) -> Txt:
        """Revision, "as of" date and status in one line per language."""
        parts = [self.revision, *([self.as_of] if self.as_of else []), self.status]
        n = max(len(p) for p in parts)
        return tuple(dict.fromkeys(" · ".join(p[min(i, len(p) - 1)] for p in parts)
                                   for i in range(n)))

    def facts(self, brief: bool) -> list[tuple[str, list[Txt]]]:
        """The labelled lines under the title, in order, empty ones left out (the pocket
        card keeps only who it is for and the status)."""
        facts: list[tuple[str, list[Txt]]] = [("for", [self.for_person] if self.for_person
                                               else [])]
        if not brief:
            facts += [("subtitle", [self.subtitle] if self.subtitle else []),
                      ("purpose", [self.purpose] if self.purpose else []),
                      ("delegation", self.delegation), ("hosts", self.hosts),
                      ("co_hosts", self.co_hosts),
                      ("organizer", [self.organizer] if self.organizer else [])]
        status, note = self.summary, self.translation
        if brief and note and len(note) == len(status):  # the pocket card: on the same lines
            status, note = tuple(f"{s} · {n}" for s, n in zip(status, note, strict=True)), None
        facts.append(("status", [status]))
        if not brief:
            facts.append(("source", [self.source] if self.source else []))
        facts.append(("translation", [note] if note else []))
        return [(key, values) for key, values in facts if values]


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
        """Page number "3／7" / "3 / 7" (numbers through babel)."""
        lang = self.langs[0]
        return word("page", lang, n=number(n, lang), total=str(total))


# --- building -----------------------------------------------------------------------------


def bi(langs: Iterable[str], make: Callable[[str], str | None]) -> Txt:
    """``make(lang)`` for each language, without empty or repeated wordings.

    >>> bi(("ja", "en"), lambda lang: {"ja": "会談", "en": "Meeting"}[lang])
    ('会談', 'Meeting')
    >>> bi(("ja", "en"), lambda lang: "045-671-4396")
    ('045-671-4396',)
    """
    out: list[str] = []
    for lang in langs:
        text = make(lang)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def text_of(value: Text | None, langs: Iterable[str]) -> Txt | None:
    """A model :class:`~tripplan.model.Text` in the agenda's languages (None if absent).

    A language the file does not give falls back to the other one, once.

    >>> text_of(Text({"ja": "中村 恭揚"}), ("ja", "en"))
    ('中村 恭揚',)
    """
    if value is None:
        return None
    return bi(langs, value.get) or None


def number(n: int, lang: str) -> str:
    """An integer as the locale writes it (babel).

    >>> number(1234, "ja"), number(1234, "en")
    ('1,234', '1,234')
    """
    return format_decimal(n, locale=lang)


def day_heading(n: int, day: dt.date, lang: str) -> str:
    """``1日目　2024年6月20日（木）`` / ``Day 1 · Thursday 20 June 2024``."""
    sep = "　" if lang == "ja" else " · "
    return f"{word('day', lang, n=number(n, lang))}{sep}{weekday_date(day, lang)}"


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
                  _cover(trip, options, langs), days, loose, contacts, labels)


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
              route or place)
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
        add("co_hosts", [bi(langs, lambda lang: join_list(
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


def _translation(trip: Trip, langs) -> Txt | None:
    """The footnote of a hand-out with translated texts, in each of its languages."""
    notes = [(code, translator(trip, code)) for code in langs]
    notes = [(code, who) for code, who in notes if who is not None]
    if not notes:
        return None
    return bi(langs, lambda lang: "; ".join(translation_note(code, who, lang)
                                            for code, who in notes))


def _dates(trip: Trip, langs) -> Txt:
    """The trip's dates, with its length as the source gives it (１泊３日)."""
    def one(lang: str) -> str:
        text = date_range(trip.start, trip.end, lang)
        if trip.duration is None:
            return text
        length = trip.duration.get(lang)
        return f"{text}（{length}）" if lang == "ja" else f"{text} ({length})"
    return bi(langs, one)


def _person(trip: Trip, key: str, langs) -> Txt:
    person = trip.people[key]

    def one(lang: str) -> str:
        name = person.name.get(lang)
        role = person.role.get(lang) if person.role else ""
        org = person.organization.get(lang) if person.organization else ""
        if lang == "ja":
            text = f"{role}　{name}" if role else name
            extra = [org] if org else []
            if person.principal:
                extra.append(word("head", lang))
            return text + "".join(f"（{e}）" for e in extra)
        text = ", ".join(p for p in (name, role, org) if p)
        return text + (f" ({word('head', lang)})" if person.principal else "")
    return bi(langs, one)


def _cover(trip: Trip, options: ExportOptions, langs) -> Cover:
    now = options.moment()

    def generated(lang: str) -> str:
        when = f"{long_date(now.date(), lang)} {now:%H:%M}"
        if now.tzinfo is not None:
            when += f" {short_label(now)}"
        return word("generated", lang, when=when)

    for_person = None
    if options.person is not None:
        for_person = _person(trip, options.person, langs)
    people = [key for key, _ in trip.delegation()]
    return Cover(
        title=text_of(trip.title, langs) or (trip.id,),
        kind=bi(langs, lambda lang: word("brief" if options.brief else "full", lang)),
        dates=_dates(trip, langs),
        purpose=text_of(trip.purpose, langs),
        for_person=for_person,
        delegation=[_person(trip, key, langs) for key in people],
        hosts=[bi(langs, lambda lang, o=o: organization(o, lang)) for o in trip.hosts],
        co_hosts=[bi(langs, lambda lang, o=o: organization(o, lang)) for o in trip.co_hosts],
        organizer=text_of(trip.organizer, langs),
        revision=bi(langs, lambda lang: word("revision", lang, n=number(trip.revision, lang))),
        as_of=bi(langs, lambda lang: word("as_of", lang, date=long_date(trip.as_of, lang)))
        if trip.as_of else None,
        status=bi(langs, lambda lang: cap(label("status", trip.status.value, lang), lang)),
        audience=bi(langs, lambda lang: word(f"audience.{options.audience.value}", lang)),
        generated=bi(langs, generated),
        source=text_of(trip.source, langs),
        subtitle=text_of(trip.subtitle, langs),
        translation=_translation(trip, langs),
    )
