"""iCalendar (RFC 5545) export: one ``.ics`` calendar per trip, read the same by every client.

``render_calendar(view, options, record)`` returns the bytes of a ``VCALENDAR``
(``METHOD:PUBLISH``) with one ``VEVENT`` per item the options select (see
:mod:`tripplan.export.view`), in time order, and a ``VTIMEZONE`` from
:func:`tripplan.export.vtimezone.vtimezone` for every ``TZID`` used — and the export record
brought up to date. ``render(view, options)`` is the same from an empty record. The events'
contents are made by :mod:`tripplan.export.ics_event`. The full design is in
``docs/ics.md``; in short:

* **UID** ``<item-id>@<trip-id>.tripplan``: the same on every export and every machine.
* **SEQUENCE** from the export record kept beside the trip
  (:mod:`tripplan.export.ics_state`): it rises whenever anything the event can show
  changes; removed items come back as ``STATUS:CANCELLED`` with a higher ``SEQUENCE``.
* **Timed items**: ``DTSTART;TZID=<start zone>`` and ``DTEND;TZID=<end zone>`` (a flight
  from Tokyo to Bangkok has both). A wall time that is repeated or skipped at a
  daylight-saving change is written in UTC (``...Z``) instead, because ical.js reads
  those differently from RFC 5545. Never a floating time. No end: ``DTEND = DTSTART``.
* **Untimed items** (date only, part of day): all-day events (``VALUE=DATE``, exclusive
  ``DTEND``), ``TRANSP:TRANSPARENT``, the part of day and "time TBC" in the summary;
  a lodging from the 20th to the 21st covers the night of the 20th (``DTEND`` = the
  check-out day). Items without a date are left out: there is no honest day to show.

>>> import datetime as dt
>>> from tripplan.model import Trip
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2024-06-20", "end": "2024-06-20", "items": [{"id": "visit",
...     "title": "Visit", "kind": "meeting", "start": "2024-06-20T10:00"}]})
>>> out = render_calendar(ExportView.of(trip), ExportOptions(), ExportState("t"))
>>> b"UID:visit@t.tripplan" in out.data, out.record.events["visit@t.tripplan"].sequence
(True, 0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import icalendar

from tripplan.errors import UsageError
from tripplan.export.ics_event import (
    CLASSES,
    EventBuilder,
    EventContent,
    Moment,
    clean,
    tx,
    uid,
)
from tripplan.export.ics_state import ExportState, Observation
from tripplan.export.view import ExportOptions, ExportView, UnexportableItem
from tripplan.export.vtimezone import vtimezone
from tripplan.model import Item, Timing, Trip
from tripplan.present.vocabulary import Languages, word
from tripplan.zones import ItemTime, chronological, get_zone

SUFFIX = ".ics"
PRODID = "-//tripplan//tripplan iCalendar export//EN"
UTC = dt.UTC


@dataclass(frozen=True)
class CalendarExport:
    """A rendered calendar and the export record after it."""

    data: bytes
    record: ExportState


# --- checks --------------------------------------------------------------------------------


def check_languages(languages: Languages) -> None:
    """A calendar has one language: a usage error for ``ja+en``."""
    if languages is Languages.JA_EN:
        raise UsageError("{lang} ja+en is for agendas; calendars take {lang} ja or {lang} en",
                         argument="lang",
                         hint="the other language is kept in each event's description")


def check(view: ExportView, options: ExportOptions) -> None:
    """Refuse, before anything is rendered or recorded, a calendar that cannot be made:
    a bilingual one, one for a person not in the delegation, or items with no honest time."""
    check_languages(options.languages)
    options.check(view.trip)
    _check(view.schedule.times)


def _check(times: list[ItemTime]) -> None:
    """Refuse (:class:`~tripplan.export.view.UnexportableItem`, exit 2) what cannot be
    written honestly."""
    seen: set[str] = set()
    for t in times:
        item = t.item
        if item.id in seen:
            _fail(t, "id", "two items have this id; each calendar event needs its own",
                  "rename one of them")
        seen.add(item.id)
        if item.timing is Timing.TIMED:
            for key, local, value, zone in (("start", t.start_local, t.start, t.start_zone),
                                            ("end", t.end_local, t.end, t.end_zone)):
                if key == "end" and item.end is None:
                    continue
                if value is None:
                    _fail(t, key, _unresolved(local, zone),
                          "give the UTC offset, e.g. 2024-10-27T02:30:00+01:00, or fix the "
                          "zone; `tripplan validate` explains")
            if t.end_utc is not None and t.start_utc is not None and t.end_utc < t.start_utc:
                _fail(t, "end", "ends before it starts")
        elif item.timing is not Timing.UNSCHEDULED:
            assert item.date is not None
            if item.end_date is not None and item.end_date < item.date:
                _fail(t, "end_date", "ends before it starts")


def _fail(t: ItemTime, key: str, message: str, hint: str | None = None):
    raise UnexportableItem(f'item "{t.item.id}": {message}', ("items", t.index, key),
                           hint=hint or "run `tripplan validate` for details")


def _unresolved(local, zone: str | None) -> str:
    if zone is None or get_zone(zone) is None:
        return f"its time zone is not known ({zone or 'none given'}), so its time is not " \
               "an instant"
    status = getattr(local, "status", None)
    if status == "ambiguous":
        return f"this local time happens twice in {zone} (clocks go back)"
    if status == "nonexistent":
        return f"this local time does not exist in {zone} (clocks go forward)"
    if status == "offset-mismatch":
        return f"the UTC offset given is not one {zone} uses at that time"
    return f"its time cannot be placed in {zone}"


# --- assembly ------------------------------------------------------------------------------


def _text(value: str) -> icalendar.vText:
    # Always vText: icalendar 7 writes NAME and X-WR-CALNAME unescaped otherwise.
    return icalendar.vText(clean(value))


def _event(uid_: str, content: EventContent, sequence: int, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("UID", uid_)
    event.add("DTSTAMP", stamp)
    event.add("SEQUENCE", sequence)
    event.add("DTSTART", content.start.value(), parameters=_zone_of_utc(content.start))
    event.add("DTEND", content.end.value(), parameters=_zone_of_utc(content.end))
    event.add("SUMMARY", _text(content.summary))
    if content.location:
        event.add("LOCATION", _text(content.location))
    if content.geo is not None:
        event.add("GEO", content.geo)
    if content.description:
        event.add("DESCRIPTION", _text(content.description))
    if content.categories:
        event.add("CATEGORIES", [_text(c) for c in content.categories])
    event.add("STATUS", content.status)
    event.add("TRANSP", content.transp)
    event.add("CLASS", content.klass)
    for name, value in content.extra.items():
        event.add(name, value)
    for before in content.alarms:
        alarm = icalendar.Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", _text(content.summary))
        alarm.add("TRIGGER", -before)
        event.add_component(alarm)
    return event


def _zone_of_utc(moment: Moment) -> dict[str, str] | None:
    """A time written in UTC keeps its zone for ``tripplan import``: ``X-TRIPPLAN-TZID``."""
    value = moment.value()
    if isinstance(value, dt.datetime) and value.tzinfo is UTC and moment.tzid:
        return {"X-TRIPPLAN-TZID": moment.tzid}
    return None


def own_properties(item: Item, klass: str) -> dict[str, str]:
    """What only tripplan reads back (docs/import.md): the parts of day, which the summary
    may not show, and the item's visibility when ``CLASS`` says more (internal notes)."""
    extra = {}
    if item.part_of_day is not None or item.end_part_of_day is not None:
        parts = (item.part_of_day, item.end_part_of_day)
        extra["X-TRIPPLAN-PART-OF-DAY"] = "/".join(p.value if p else "" for p in parts
                                                   ).rstrip("/")
    if CLASSES[item.visibility] != klass:
        extra["X-TRIPPLAN-VISIBILITY"] = item.visibility.value
    return extra


def _calendar_name(trip: Trip, options: ExportOptions) -> str:
    name = tx(trip.title, options.lang)
    if options.person is not None:
        person = trip.people[options.person]
        name += f" — {tx(person.name, options.lang)}"
    return name


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The trip as iCalendar bytes, every ``SEQUENCE`` from an empty export record."""
    return render_calendar(view, options, ExportState(view.trip.id)).data


def render_calendar(view: ExportView, options: ExportOptions,
                    record: ExportState) -> CalendarExport:
    """The trip as iCalendar bytes, with ``record`` (the export record, left unchanged)
    brought up to date by this export (see :mod:`tripplan.export.ics_state`)."""
    check(view, options)
    trip, times = view.trip, view.schedule.times
    builder = EventBuilder(trip)
    dated = [t for t in chronological(times) if t.item.timing is not Timing.UNSCHEDULED]
    seen = {uid(t.item.id, trip.id): builder.observation(t) for t in dated}
    state = record.observed(seen)

    included: set[str] = set()
    contents: list[tuple[str, EventContent]] = []
    for t in dated:
        if not options.includes(t.item):
            continue
        key = uid(t.item.id, trip.id)
        included.add(key)
        content = builder.content(t, options.lang, internal=options.shows_internal_notes())
        if content.timed and content.status != "CANCELLED":
            content.alarms = list(options.alarms)
        content.extra = own_properties(t.item, content.klass)
        contents.append((key, content))
    contents += _withdrawn(options, state, included, seen)
    stamp = options.moment().astimezone(UTC).replace(microsecond=0)
    return CalendarExport(_calendar(trip, options, contents, state, stamp), state)


def _calendar(trip: Trip, options: ExportOptions, contents: list[tuple[str, EventContent]],
              state: ExportState, stamp: dt.datetime) -> bytes:
    used: dict[str, list[dt.datetime]] = {}
    for _, content in contents:
        for moment in (content.start, content.end):
            value = moment.value()
            if isinstance(value, dt.datetime) and moment.tzid and value.tzinfo is not UTC:
                used.setdefault(moment.tzid, []).append(value)
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", _text(_calendar_name(trip, options)))
    cal.add("X-WR-CALNAME", _text(_calendar_name(trip, options)))
    if trip.purpose is not None:
        cal.add("DESCRIPTION", _text(tx(trip.purpose, options.lang)))
    for tzid in sorted(used):
        cal.add_component(vtimezone(tzid, min(used[tzid]), max(used[tzid])))
    for key, content in contents:
        cal.add_component(_event(key, content, state.events[key].sequence, stamp))
    return cal.to_ical()


def _withdrawn(options: ExportOptions, state: ExportState, included: set[str],
               seen: dict[str, Observation]) -> list[tuple[str, EventContent]]:
    """Cancellations for events this calendar may hold but must no longer show.

    An item removed from the trip, or one this calendar no longer selects (made
    confidential, a participant taken off), is sent again as ``STATUS:CANCELLED`` with
    the last face this calendar's audience could see, so calendars take it away.
    Cancelled items stay out with ``--no-cancelled``.
    """
    if not options.include_cancelled:
        return []
    out = []
    for key in sorted(state.events):
        record = state.events[key]
        if key in included or not record.reached(options.person):
            continue
        face = record.face_for(options.audience.value)
        if face is None:
            continue
        lang = options.lang if options.lang in face["summary"] else next(iter(face["summary"]))
        start, end = Moment.from_json(face["start"]), Moment.from_json(face["end"])
        note = word("removed" if key not in seen else "withdrawn", lang)
        out.append((key, EventContent(
            summary=word("cancelled_mark", lang) + clean(face["summary"][lang]), start=start,
            end=end, status="CANCELLED", transp="TRANSPARENT", klass=face["class"],
            categories=[], description=note, timed=start.day is None)))
    return out
