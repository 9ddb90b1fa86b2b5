"""The calendar's events before they become iCalendar: their timing, texts and fingerprint.

:class:`EventBuilder` turns one resolved item (:class:`~tripplan.zones.ItemTime`) into an
:class:`EventContent` in one language for one audience — summary, ``DTSTART``/``DTEND``
as :class:`Moment`\\ s, description, location, coordinates — and the fingerprint the export
records of earlier versions held (read by ``tripplan stamp``). Pure: no I/O, no icalendar
objects (:mod:`tripplan.export.ics` assembles those).

>>> untimed_summary("Depart Thailand", "en", ["night"])
'Depart Thailand (night, time TBC)'
>>> untimed_summary("タイ発", "ja", ["night", "early-morning"])
'タイ発（夜→早朝、時刻未定）'
>>> untimed_summary("Depart Thailand (night)", "en", ["night"])  # already in the title
'Depart Thailand (night) (time TBC)'
>>> uid("governor-meeting", "2024-06-yokohama-bangkok")
'governor-meeting@2024-06-yokohama-bangkok.tripplan'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from tripplan.export.vtimezone import wall_time_is_unique
from tripplan.model import Item, ItemStatus, Kind, Text, Timing, Trip, TripStatus, Visibility
from tripplan.present.formats import (
    clock_in_zone,
    colon,
    counterpart,
    join_entries,
    join_list,
    organization,
    paren,
    phone,
    weekday_date,
)
from tripplan.present.vocabulary import cap, kind_label, label, word
from tripplan.zones import ItemTime, airport, get_zone, known_zone

UTC = dt.UTC
LANGS = ("en", "ja")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
CLASSES = {Visibility.PUBLIC: "PUBLIC", Visibility.INTERNAL: "PRIVATE",
          Visibility.CONFIDENTIAL: "CONFIDENTIAL"}


def other_lang(lang: str) -> str:
    return "en" if lang == "ja" else "ja"


def uid(item_id: str, trip_id: str, domain: str | None = None) -> str:
    """The event's UID: stable across exports and machines, readable in support calls, and
    domain-style: ``<item>@<trip>.<the trip's calendar_domain>`` (``.tripplan`` when the
    trip names none, as earlier versions wrote).

    >>> uid("visit", "2024-06-x", "city.example.jp")
    'visit@2024-06-x.city.example.jp'
    """
    return f"{item_id}@{trip_id}.{domain or 'tripplan'}"


def own_item(event_uid: str, domain: str | None = None) -> str | None:
    """The item id in a UID tripplan made (for any trip, with ``domain`` or ``.tripplan``).

    >>> own_item("visit@2024-06-x.tripplan"), own_item("visit@x.city.example.jp", "city.example.jp")
    ('visit', 'visit')
    >>> own_item("040000008200E00074C5B7101A82E008@outlook.com") is None
    True
    """
    item, at, right = event_uid.partition("@")
    if not at or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", item):
        return None
    for suffix in {".tripplan", f".{domain}" if domain else ".tripplan"}:
        if right.endswith(suffix) and re.fullmatch(r"[a-z0-9][a-z0-9._-]*",
                                                   right[: -len(suffix)]):
            return item
    return None


def clean(text: str) -> str:
    """Text safe for an iCalendar TEXT value: CR and CRLF become LF, control characters go.

    Escaping of ``\\``, ``,``, ``;`` and newlines is left to icalendar's ``vText``.

    >>> clean("a\\r\\nb\\rc\\x00d\\te")
    'a\\nb\\ncd\\te'
    """
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def tx(value: Text | None, lang: str) -> str:
    return clean(value.get(lang) or "") if value is not None else ""


def untimed_summary(title: str, lang: str, parts: list[str], *, tbc: bool = True,
                    past: bool = False) -> str:
    """Title of an all-day event: the parts of day and "time TBC" ("time not given" for a
    trip that is over: ``past``), never a clock time.

    Parts of day already written in the title in parentheses are not repeated.

    >>> untimed_summary("Depart Thailand", "en", ["night"], past=True)
    'Depart Thailand (night, time not given)'
    """
    unknown = "time_not_given" if past else "time_tbc"
    labels = [label("part_of_day", p, lang) for p in parts]
    if labels and all(f"({x})" in title or f"（{x}）" in title for x in labels):
        labels = []
    if lang == "ja":
        when = "→".join(labels)
        notes = [when] if when else []
        if tbc:
            notes.append(word(unknown, lang))
        return f"{title}（{join_list(notes, lang)}）" if notes else title
    when = " → ".join(labels)
    notes = [when] if when else []
    if tbc:
        notes.append(word(unknown, lang))
    return f"{title} ({join_list(notes, lang)})" if notes else title


# --- the event, before it becomes iCalendar ------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """A DTSTART/DTEND value: a calendar day (all-day event) or an instant shown in a zone.

    >>> m = Moment(instant=dt.datetime(2024, 10, 27, 0, 30, tzinfo=UTC), tzid="Europe/Paris")
    >>> m.value().isoformat()  # 02:30 happens twice in Paris that night: written in UTC
    '2024-10-27T00:30:00+00:00'
    >>> Moment(instant=dt.datetime(2024, 6, 20, 1, tzinfo=UTC), tzid="Asia/Tokyo").value()
    datetime.datetime(2024, 6, 20, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Tokyo'))
    """

    day: dt.date | None = None
    instant: dt.datetime | None = None
    tzid: str | None = None

    def value(self) -> dt.date | dt.datetime:
        if self.day is not None:
            return self.day
        assert self.instant is not None
        zone = get_zone(self.tzid) if self.tzid else None
        if zone is not None:
            local = self.instant.astimezone(zone)
            if wall_time_is_unique(local):
                return local
        return self.instant.astimezone(UTC)

    def to_json(self) -> dict[str, str]:
        if self.day is not None:
            return {"date": self.day.isoformat()}
        assert self.instant is not None
        data = {"utc": self.instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}
        if self.tzid:
            data["tzid"] = self.tzid
        return data

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Moment:
        if "date" in data:
            return cls(day=dt.date.fromisoformat(data["date"]))
        instant = dt.datetime.strptime(data["utc"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        return cls(instant=instant, tzid=data.get("tzid"))


@dataclass
class EventContent:
    """What one VEVENT shows, in one language, for one audience (no UID, stamp or sequence)."""

    summary: str
    start: Moment
    end: Moment
    status: str
    transp: str
    klass: str
    categories: list[str]
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    timed: bool = True
    alarms: list[dt.timedelta] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    """``X-TRIPPLAN-*`` properties, so that ``tripplan import`` reads the item back exactly."""

    def canonical(self) -> dict[str, Any]:
        return {"summary": self.summary, "start": self.start.to_json(),
                "end": self.end.to_json(), "status": self.status, "transp": self.transp,
                "class": self.klass, "categories": self.categories,
                "description": self.description, "location": self.location,
                "geo": list(self.geo) if self.geo else None}


class EventBuilder:
    """Turns the items of one trip into :class:`EventContent` (pure, no I/O)."""

    def __init__(self, trip: Trip) -> None:
        self.trip = trip
        self._sources: Sources | None = None

    # -- timing -------------------------------------------------------------------------

    def moments(self, t: ItemTime) -> tuple[Moment, Moment]:
        item = t.item
        if item.timing is Timing.TIMED:
            assert t.start is not None
            start = Moment(instant=t.start.astimezone(UTC), tzid=known_zone(t.start_zone))
            if t.end is not None:
                return start, Moment(instant=t.end.astimezone(UTC), tzid=known_zone(t.end_zone))
            return start, start
        assert item.date is not None
        last = item.end_date or item.date
        if item.kind is Kind.LODGING:  # the nights: the check-out day is not covered
            end = max(last, item.date + dt.timedelta(days=1))
        else:
            end = last + dt.timedelta(days=1)
        return Moment(day=item.date), Moment(day=end)

    def when(self, t: ItemTime, lang: str) -> str:
        item = t.item
        if item.timing is Timing.TIMED:
            assert t.start is not None
            text = f"{weekday_date(t.start.date(), lang)} {clock_in_zone(t.start, t.start_zone)}"
            if t.end is not None:
                end_day = "" if t.end.date() == t.start.date() else weekday_date(t.end.date(), lang)
                text += f" → {end_day + ' ' if end_day else ''}{clock_in_zone(t.end, t.end_zone)}"
                return text + paren(word("local_times", lang), lang)
            if item.end_date is not None:
                end = weekday_date(item.end_date, lang)
                if item.end_part_of_day is not None:
                    end += ("" if lang == "ja" else ", ") + label(
                        "part_of_day", item.end_part_of_day.value, lang)
                return f"{text} → {end}" + paren(word("end_tbc", lang), lang)
            return text + paren(word("end_tbc", lang), lang)
        assert item.date is not None
        if item.kind is Kind.LODGING:
            out = item.end_date or item.date + dt.timedelta(days=1)
            return (f"{word('check_in', lang)} {weekday_date(item.date, lang)} → "
                    f"{word('check_out', lang)} {weekday_date(out, lang)}")
        space = "" if lang == "ja" else ", "
        text = weekday_date(item.date, lang)
        if item.part_of_day is not None:
            text += space + label("part_of_day", item.part_of_day.value, lang)
        if item.end_date is not None and item.end_date != item.date:
            text += " → " + weekday_date(item.end_date, lang)
            if item.end_part_of_day is not None:
                text += space + label("part_of_day", item.end_part_of_day.value, lang)
        elif item.end_part_of_day is not None:
            text += " → " + label("part_of_day", item.end_part_of_day.value, lang)
        over = self.trip.status is TripStatus.COMPLETED
        return text + paren(word("time_not_given" if over else "not_fixed", lang), lang)

    def summary(self, item: Item, lang: str, *, mark_cancelled: bool = True) -> str:
        title = tx(item.title, lang)
        if item.timing is not Timing.TIMED:
            parts = [p.value for p in (item.part_of_day, item.end_part_of_day) if p is not None]
            title = untimed_summary(title, lang, parts, tbc=item.kind is not Kind.LODGING,
                                    past=self.trip.status is TripStatus.COMPLETED)
        if mark_cancelled and self.cancelled(item):
            title = word("cancelled_mark", lang) + title
        return title

    def cancelled(self, item: Item) -> bool:
        return item.status is ItemStatus.CANCELLED or self.trip.status is TripStatus.CANCELLED

    # -- places -------------------------------------------------------------------------

    def endpoint(self, ref: str | None, lang: str) -> str:
        if ref is None:
            return ""
        place = self.trip.places.get(ref)
        if place is not None:
            return tx(place.name, lang)
        ap = airport(ref) if len(ref) == 3 and ref.isupper() else None
        return f"{ap.iata} {ap.name}" if ap is not None else clean(ref)

    def place_text(self, item: Item, lang: str) -> tuple[str, str]:
        """(name with city, address) of the item's place."""
        place = self.trip.places.get(item.place) if item.place else None
        if place is None:
            return "", ""
        name, city = tx(place.name, lang), tx(place.city, lang)
        if place.airport and place.airport not in name:
            name += paren(place.airport, lang)
        where = join_list((name, city), lang) if city and city not in name else name
        return where, tx(place.address, lang)

    def location(self, item: Item, lang: str) -> str:
        if item.kind.is_travel and (item.origin or item.destination):
            origin = self.endpoint(item.origin, lang) or self.place_text(item, lang)[0] or "?"
            return f"{origin} → {self.endpoint(item.destination, lang) or '?'}"
        where, address = self.place_text(item, lang)
        return join_list((where, address), lang)

    def geo(self, t: ItemTime) -> tuple[float, float] | None:
        """Coordinates of the place, or (travel) of the origin; airports' when known."""
        if t.item.kind.is_travel and t.origin is not None and t.origin.coordinates:
            return t.origin.coordinates
        place = self.trip.places.get(t.item.place) if t.item.place else None
        if place is not None:
            if place.coordinates is not None:
                return (place.coordinates.lat, place.coordinates.lon)
            ap = airport(place.airport) if place.airport else None
            if ap is not None:
                return (ap.lat, ap.lon)
        return None

    # -- description --------------------------------------------------------------------

    def details(self, t: ItemTime, lang: str, internal: bool) -> list[str]:
        item, trip = t.item, self.trip
        lines: list[str] = []

        sep = colon(lang)

        def add(key: str, value: str) -> None:
            if value:
                lines.append(f"{cap(word(key, lang), lang)}{sep}{value}")

        add("when", self.when(t, lang))
        if item.kind.is_travel:
            add("from", self.endpoint(item.origin, lang) or self.place_text(item, lang)[0])
            add("to", self.endpoint(item.destination, lang))
            add("flight_number", " ".join(clean(p) for p in (item.carrier, item.number) if p))
        else:
            where, address = self.place_text(item, lang)
            add("place", where)
            add("address", address)
        add("with", join_entries([clean(counterpart(c, lang)) for c in item.counterparts], lang))
        add("hosts", join_entries([clean(organization(o, lang)) for o in item.hosts], lang))
        add("co_hosts", join_entries([clean(organization(o, lang)) for o in item.co_hosts],
                                     lang))
        if item.participants is None:
            who = word("whole_delegation", lang)
        else:
            who = join_entries([self.person(p, lang) for p in item.participants], lang)
        add("participants", who)
        if item.contact:
            add("contact", self.contact(item.contact, lang, with_phone=internal))
        add("interpreter", tx(item.interpreter, lang))
        add("attire", tx(item.attire, lang))
        if self.cancelled(item) or item.status is not ItemStatus.CONFIRMED:
            status = ItemStatus.CANCELLED if self.cancelled(item) else item.status
            add("status", label("status", status.value, lang))
        add("notes", tx(item.notes, lang))
        if internal:
            add("internal_notes_private", tx(item.internal_notes, lang))
        for key in item.footnotes:
            note = trip.footnotes.get(key)
            if note is None:
                continue
            head = f"※{clean(key)}"
            title = tx(note.title, lang)
            lines.append(f"{head} {title}{sep}{tx(note.text, lang)}" if title
                         else f"{head} {tx(note.text, lang)}")
        return lines

    def person(self, key: str, lang: str) -> str:
        person = self.trip.people.get(key)
        if person is None:
            return clean(key)
        role = tx(person.role, lang)
        return tx(person.name, lang) + (paren(role, lang) if role else "")

    def contact(self, key: str, lang: str, *, with_phone: bool = True) -> str:
        """Who to call; a public calendar (``with_phone=False``) carries no phone number."""
        contact = self.trip.contacts.get(key)
        if contact is None:
            return clean(key)
        parts = [tx(contact.name, lang), tx(contact.title, lang), tx(contact.department, lang)]
        if contact.phone and with_phone:
            parts.append(f"{word('tel', lang)} {clean(phone(contact, self.trip, lang))}")
        if contact.email:
            parts.append(clean(contact.email))
        return join_list(parts, lang)

    def description(self, t: ItemTime, lang: str, internal: bool) -> str:
        lines = self.details(t, lang, internal)
        other = other_lang(lang)
        if other in t.item.title.languages:
            lines += ["", f"――― {word('language', other)} ―――", self.summary(t.item, other)]
            lines += self.details(t, other, internal)
        return "\n".join(lines)

    # -- the whole event ----------------------------------------------------------------

    def content(self, t: ItemTime, lang: str, *, internal: bool) -> EventContent:
        item = t.item
        start, end = self.moments(t)
        cancelled = self.cancelled(item)
        timed = item.timing is Timing.TIMED
        level = item.visibility
        if internal and item.internal_notes is not None and level is Visibility.PUBLIC:
            level = Visibility.INTERNAL  # the event now holds notes for the office only
        opaque = timed and not cancelled and item.kind is not Kind.LODGING
        return EventContent(
            summary=self.summary(item, lang),
            start=start, end=end,
            status="CANCELLED" if cancelled else item.status.value.upper(),
            transp="OPAQUE" if opaque else "TRANSPARENT",
            klass=CLASSES[level],
            categories=[kind_label(item.kind.value, lang)],
            description=self.description(t, lang, internal),
            location=self.location(item, lang),
            geo=self.geo(t),
            timed=timed,
        )

    def fingerprint(self, t: ItemTime) -> str:
        """Hash of everything the event is made from, in every language, at every audience:
        the item, the places, contact, people and footnotes it names, and its resolved times.

        Hashing the sources rather than rendered events costs a fraction of rendering every
        variant; a change the event cannot show (a tag) also raises SEQUENCE, harmlessly.
        The trip is serialised once (:class:`Sources`); each event adds only its own item.
        """
        if self._sources is None:
            self._sources = Sources(self.trip)
        return self._sources.fingerprint(t, [m.to_json() for m in self.moments(t)],
                                         self.cancelled(t.item))



class Sources:
    """The trip's sources serialised once, to fingerprint each event from its own parts.

    A fingerprint is the SHA-256 of the canonical JSON (sorted keys, no spaces) of
    ``{"cancelled", "contacts", "footnotes", "item", "moments", "people", "places"}``: the
    item and the entries of the trip's tables it names. Records written by earlier
    exports hold these very hashes, so the text is put together here from pieces encoded
    once per trip, byte for byte what encoding the whole object would give.
    """

    TABLES = ("places", "contacts", "people", "footnotes")

    def __init__(self, trip: Trip) -> None:
        dumped = trip.model_dump(mode="json", exclude_none=True)
        self.encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")).encode
        self.items = dumped["items"]
        self.tables = {name: {key: self.encode(value) for key, value in dumped[name].items()}
                       for name in self.TABLES}

    def _table(self, name: str, keys) -> str:
        table = self.tables[name]
        chosen = sorted({k for k in keys if k is not None and k in table})
        return "{" + ",".join(f"{self.encode(k)}:{table[k]}" for k in chosen) + "}"

    def fingerprint(self, t: ItemTime, moments: list[dict[str, str]], cancelled: bool) -> str:
        item = t.item
        blob = "".join((
            '{"cancelled":', "true" if cancelled else "false",
            ',"contacts":', self._table("contacts", (item.contact,)),
            ',"footnotes":', self._table("footnotes", item.footnotes),
            ',"item":', self.encode(self.items[t.index]),
            ',"moments":', self.encode(moments),
            ',"people":', self._table("people", item.participants or ()),
            ',"places":', self._table("places", (item.place, item.origin, item.destination)),
            "}"))
        return hashlib.sha256(blob.encode()).hexdigest()[:32]
