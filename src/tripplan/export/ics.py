"""iCalendar (RFC 5545) export: one ``.ics`` calendar per trip, read the same by every client.

``render(view, options)`` returns the bytes of a ``VCALENDAR`` with one ``VEVENT`` per item
the options select (see :mod:`tripplan.export.view`), in time order, a cancellation for each
event the calendar may hold but must no longer show, and a ``VTIMEZONE`` from
:func:`tripplan.export.vtimezone.vtimezone` for every ``TZID`` used. The events' contents
are made by :mod:`tripplan.export.ics_event`. The full design is in ``docs/ics.md``; in short:

* **UID** ``<item-id>@<trip-id>.tripplan``: the same on every export and every machine.
* **SEQUENCE** from the trip file alone (:mod:`tripplan.sequence`): the item's stamp, one
  more when it changed since; removed items (``[removed.<id>]``) come back as
  ``STATUS:CANCELLED``. Nothing is kept on the exporting machine.
* **METHOD** only for an iTIP-style file (``options.method``, e.g. ``PUBLISH``), and then
  every event has an ``ORGANIZER``; a plain calendar file or feed has none.
* **Timed items**: ``DTSTART;TZID=<start zone>`` and ``DTEND;TZID=<end zone>`` (a flight
  from Tokyo to Bangkok has both). A wall time that is repeated or skipped at a
  daylight-saving change is written in UTC (``...Z``) instead, because ical.js reads
  those differently from RFC 5545. Never a floating time. No end: ``DURATION:P0D``
  (a ``DTEND`` equal to ``DTSTART`` is not allowed).
* **Untimed items** (date only, part of day): all-day events (``VALUE=DATE``, exclusive
  ``DTEND``), ``TRANSP:TRANSPARENT``, the part of day and "time TBC" in the summary;
  a lodging from the 20th to the 21st covers the night of the 20th (``DTEND`` = the
  check-out day). Items without a date are left out: there is no honest day to show.

>>> import datetime as dt
>>> from tripplan.model import Trip
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2024-06-20", "end": "2024-06-20", "items": [{"id": "visit",
...     "title": "Visit", "kind": "meeting", "start": "2024-06-20T10:00"}]})
>>> data = render(ExportView.of(trip), ExportOptions(now=dt.datetime(2024, 6, 1, tzinfo=dt.UTC)))
>>> lines = data.decode().splitlines()
>>> "UID:visit@t.tripplan" in lines, "SEQUENCE:0" in lines, "DURATION:P0D" in lines
(True, True, True)
>>> any(line.startswith(("METHOD", "DTEND")) for line in lines)
False
"""

from __future__ import annotations

import datetime as dt

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
from tripplan.export.view import ExportOptions, ExportView, UnexportableItem
from tripplan.export.vtimezone import vtimezone
from tripplan.model import Item, Timing, Trip, Visibility
from tripplan.present.vocabulary import Languages, word
from tripplan.sequence import sequences
from tripplan.zones import ItemTime, chronological, get_zone

SUFFIX = ".ics"
PRODID = "-//tripplan//tripplan iCalendar export//EN"
UTC = dt.UTC


# --- checks --------------------------------------------------------------------------------


def check_languages(languages: Languages) -> None:
    """A calendar has one language: a usage error for ``ja+en``."""
    if languages is Languages.JA_EN:
        raise UsageError("{lang} ja+en is for agendas; calendars take {lang} ja or {lang} en",
                         argument="lang",
                         hint="the other language is kept in each event's description")


def check(view: ExportView, options: ExportOptions) -> None:
    """Refuse, before anything is rendered, a calendar that cannot be made:
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
                    _fail(t, key, _unresolved(local, zone), _offset_hint(local, zone))
            if t.end_utc is not None and t.start_utc is not None and t.end_utc < t.start_utc:
                _fail(t, "end", "ends before it starts")
        elif item.timing is not Timing.UNSCHEDULED:
            assert item.date is not None
            if item.end_date is not None and item.end_date < item.date:
                _fail(t, "end_date", "ends before it starts")


def _fail(t: ItemTime, key: str, message: str, hint: str | None = None):
    raise UnexportableItem(f'item "{t.item.id}": {message}', ("items", t.index, key),
                           hint=hint or "run `tripplan validate` for details")


def _offset_hint(local, zone: str | None) -> str:
    """What to write for a wall time that a DST change makes unusable, in its own zone:
    the time with each offset that zone uses around then.

    >>> from tripplan.zones import localize
    >>> import datetime as dt
    >>> _offset_hint(localize(dt.datetime(2024, 11, 3, 1, 30), "America/New_York"),
    ...              "America/New_York")
    'give the UTC offset: 2024-11-03T01:30:00-04:00 or 2024-11-03T01:30:00-05:00'
    """
    readings = getattr(local, "readings", ())
    if not readings or zone is None:
        return "fix the zone, or give the UTC offset; `tripplan validate` explains"
    walls = [r.wall.replace(tzinfo=dt.timezone(r.offset)).isoformat() for r in readings]
    return "give the UTC offset: " + " or ".join(walls)


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
    if content.end == content.start:
        # an item with a start and no end lasts no time: RFC 5545 (3.6.1, 3.8.2.2) forbids a
        # DTEND equal to DTSTART, and clients read a missing end as one hour or one day
        event.add("DURATION", dt.timedelta(0))
    else:
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
    """The trip as iCalendar bytes (see the module documentation and docs/ics.md).

    Every ``SEQUENCE`` comes from the trip file (:mod:`tripplan.sequence`). Besides the
    selected items, the calendar holds a cancellation for each item it may have held before
    and must no longer show: removed items (``[removed.<id>]``) and items this calendar no
    longer selects (made confidential, a participant taken off) — unless
    ``include_cancelled`` is off.
    """
    check(view, options)
    trip, times = view.trip, view.schedule.times
    numbers = sequences(trip, times)
    builder = EventBuilder(trip)
    contents: list[tuple[str, EventContent, int]] = []
    for t in chronological(times):
        item = t.item
        if item.timing is Timing.UNSCHEDULED:
            continue  # no honest day to show
        key = uid(item.id, trip.id, trip.calendar_domain)
        if options.includes(item):
            content = builder.content(t, options.lang, internal=options.shows_internal_notes())
            if content.timed and content.status != "CANCELLED":
                content.alarms = list(options.alarms)
            content.extra = own_properties(item, content.klass)
            contents.append((key, content, numbers[item.id]))
        elif options.include_cancelled and item.stamp is not None and _held(
                options, item.stamp.reach, item.stamp.reached):
            contents.append((key, _withdrawn(trip, options), numbers[item.id]))
    if options.include_cancelled:
        contents += _removed(trip, options)
    stamp = options.moment().astimezone(UTC).replace(microsecond=0)
    return _calendar(trip, options, contents, stamp)


def _held(options: ExportOptions, reach: Visibility | None, people: list[str] | None) -> bool:
    """Whether this calendar may hold an event that reached ``reach`` and ``people``."""
    if reach is None or reach.rank > options.audience.rank:
        return False
    return options.person is None or people is None or options.person in people


def _withdrawn(trip: Trip, options: ExportOptions) -> EventContent:
    """The cancellation of an event this calendar no longer selects: it says nothing of the
    item as it is now (not even its day), only that it is gone from this calendar."""
    lang = options.lang
    day = Moment(day=trip.start)
    return EventContent(
        summary=word("cancelled_mark", lang) + word("withdrawn_summary", lang), start=day,
        end=Moment(day=trip.start + dt.timedelta(days=1)), status="CANCELLED",
        transp="TRANSPARENT", klass=CLASSES[options.audience], categories=[],
        description=word("withdrawn", lang), timed=False)


def _removed(trip: Trip, options: ExportOptions) -> list[tuple[str, EventContent, int]]:
    """The cancellations of items taken out of the trip, for calendars that held them."""
    present = {item.id for item in trip.items}
    lang = options.lang
    out = []
    for item_id, gone in sorted(trip.removed.items()):
        if item_id in present or not _held(options, gone.reach or gone.visibility,
                                           gone.participants):
            continue
        title = (tx(gone.title, lang) if gone.visibility.rank <= options.audience.rank
                 else word("withdrawn_summary", lang))
        first = gone.date or trip.start
        last = gone.end_date or first
        content = EventContent(
            summary=word("cancelled_mark", lang) + title, start=Moment(day=first),
            end=Moment(day=last + dt.timedelta(days=1)), status="CANCELLED",
            transp="TRANSPARENT", klass=CLASSES[min(gone.visibility, options.audience,
                                                    key=lambda v: v.rank)],
            categories=[], description=word("removed", lang), timed=False)
        out.append((uid(item_id, trip.id, trip.calendar_domain), content, gone.sequence))
    return out


def _calendar(trip: Trip, options: ExportOptions,
              contents: list[tuple[str, EventContent, int]], stamp: dt.datetime) -> bytes:
    used: dict[str, list[dt.datetime]] = {}
    for _, content, _sequence in contents:
        for moment in (content.start, content.end):
            value = moment.value()
            if isinstance(value, dt.datetime) and moment.tzid and value.tzinfo is not UTC:
                used.setdefault(moment.tzid, []).append(value)
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if options.method is not None:
        cal.add("METHOD", options.method)
    cal.add("NAME", _text(_calendar_name(trip, options)))
    cal.add("X-WR-CALNAME", _text(_calendar_name(trip, options)))
    if trip.purpose is not None:
        cal.add("DESCRIPTION", _text(tx(trip.purpose, options.lang)))
    for tzid in sorted(used):
        cal.add_component(vtimezone(tzid, min(used[tzid]), max(used[tzid])))
    for key, content, sequence in contents:
        event = _event(key, content, sequence, stamp)
        if options.organizer is not None:
            event.add("ORGANIZER", options.organizer.address,
                      parameters={"CN": options.organizer.name} if options.organizer.name
                      else None)
        cal.add_component(event)
    return cal.to_ical()
