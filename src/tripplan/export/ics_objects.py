"""A rendered calendar as CalDAV calendar objects: one per event, each standing alone.

A CalDAV collection stores one *calendar object resource* per event (RFC 4791 §4.1): a
``VCALENDAR`` holding one ``VEVENT`` (with its alarms) and the ``VTIMEZONE``\\ s that event
refers to, and no ``METHOD``. :func:`split` cuts what :func:`tripplan.export.ics.render`
gives into such objects, unchanged but for that: the events, their ``SEQUENCE`` and their
zones are the exporter's. The rest is what the publish command needs to compare and mark
objects without keeping anything on the machine:

* :func:`same_content` — two objects that differ only in ``DTSTAMP``/``SEQUENCE`` (or in
  how a server re-serialised them) are the same event: tripplan does not write it again.
* :func:`sealed` adds ``X-TRIPPLAN-DIGEST``, a digest of the event as tripplan wrote it;
  :func:`is_own` tells whether a server's copy is still exactly that (nobody edited it in a
  calendar app since), so a publish never overwrites someone else's change unknowingly.
* :func:`belongs_to_trip` — the one place that knows which UIDs a trip's events have.

Pure: bytes in, bytes out.

>>> from tripplan.export.ics import render
>>> from tripplan.export.view import ExportOptions, ExportView
>>> from tripplan.model import Trip
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2024-06-20", "end": "2024-06-20", "items": [{"id": "visit",
...     "title": "Visit", "kind": "meeting", "start": "2024-06-20T10:00"}]})
>>> [obj] = split(render(ExportView.of(trip), ExportOptions()))
>>> obj.uid, obj.resource_name, obj.tzids, b"METHOD" in obj.data
('visit@t.tripplan', 'visit@t.tripplan.ics', ('Asia/Tokyo',), False)
>>> is_own(obj.data), is_own(sealed(obj.data)), belongs_to_trip(obj.uid, "t")
(False, True, True)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from urllib.parse import quote

import icalendar

from tripplan.export.ics_event import uid as event_uid
from tripplan.present.vocabulary import word

DIGEST = "X-TRIPPLAN-DIGEST"
"""The property holding the digest of the event as tripplan wrote it."""
CALENDAR_KEEPS = ("PRODID", "VERSION", "CALSCALE")
"""The calendar's own properties an object keeps (never ``METHOD``, nor the calendar name)."""
NOT_CONTENT = {"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED", DIGEST}
"""What two copies of one event may differ in and still be the same event."""
CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class CalendarObject:
    """One event as a stand-alone calendar object."""

    uid: str
    data: bytes
    sequence: int
    status: str
    summary: str
    tzids: tuple[str, ...] = ()

    @property
    def resource_name(self) -> str:
        """The resource's name in the collection: the UID, percent-quoted, then ``.ics``."""
        return quote(self.uid, safe="@") + ".ics"

    @property
    def cancelled(self) -> bool:
        return self.status == CANCELLED


def belongs_to_trip(uid: str, trip_id: str, domain: str | None = None) -> bool:
    """Whether ``uid`` is the UID of an event of trip ``trip_id`` (whatever its item).

    Follows :func:`tripplan.export.ics_event.uid`, whatever its format: the UID of a
    made-up item shows what stands before and after the item id.

    >>> belongs_to_trip("visit@t.tripplan", "t"), belongs_to_trip("visit@xt.tripplan", "t")
    (True, False)
    """
    marker = "\x00"
    before, _, after = event_uid(marker, trip_id, domain).partition(marker)
    return len(uid) > len(before) + len(after) and uid.startswith(before) \
        and uid.endswith(after)


def split(data: bytes) -> list[CalendarObject]:
    """Each ``VEVENT`` of a rendered calendar as a calendar object of its own, in order."""
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(c["TZID"]): c for c in calendar.walk("VTIMEZONE")}
    out = []
    for event in calendar.walk("VEVENT"):
        used = tuple(sorted(t for t in _tzids(event) if t in zones))
        obj = icalendar.Calendar()
        for name in CALENDAR_KEEPS:
            if name in calendar:
                obj.add(name, calendar[name])
        for tzid in used:
            obj.add_component(zones[tzid])
        obj.add_component(event)
        out.append(describe(obj.to_ical()))
    return out


def _tzids(component: icalendar.cal.Component) -> set[str]:
    """Every ``TZID`` parameter used in ``component`` and its subcomponents."""
    found = set()
    for sub in component.walk():
        for value in sub.property_items(recursive=False, sorted=False):
            params = getattr(value[1], "params", None)
            if params and "TZID" in params:
                found.add(str(params["TZID"]))
    return found


def describe(data: bytes) -> CalendarObject:
    """The calendar object in ``data`` (one event; a server's copy or one of :func:`split`).

    Raises ``ValueError`` for data that is not a calendar with exactly one UID.
    """
    event = _event(data)
    return CalendarObject(
        uid=str(event["UID"]), data=data, sequence=int(event.get("SEQUENCE", 0)),
        status=str(event.get("STATUS", "CONFIRMED")).upper(),
        summary=str(event.get("SUMMARY", "")),
        tzids=tuple(sorted(_tzids(event))))


def _calendar(data: bytes) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(data)
    except Exception as err:  # icalendar raises ValueError, and sometimes others
        raise ValueError(f"not an iCalendar object: {err}") from None


def _event(data: bytes, calendar: icalendar.Calendar | None = None) -> icalendar.Event:
    calendar = calendar if calendar is not None else _calendar(data)
    events = calendar.walk("VEVENT")
    uids = {str(e.get("UID")) for e in events}
    if not events or len(uids) != 1 or None in uids or "None" in uids:
        raise ValueError("not a calendar object with one event UID")
    return events[0]


def _canonical(component: icalendar.cal.Component) -> tuple:
    """``component`` as a value that ignores property order, folding and escaping style."""
    props = []
    for name, value in component.property_items(recursive=False, sorted=False):
        if name in NOT_CONTENT or name in ("BEGIN", "END"):
            continue
        params = tuple(sorted((k.upper(), str(v)) for k, v in getattr(value, "params",
                                                                      {}).items()))
        props.append((name, params, _value(value)))
    subs = sorted(_canonical(sub) for sub in component.subcomponents)
    return component.name, tuple(sorted(props)), tuple(subs)


def _value(value) -> str:
    try:
        return value.to_ical().decode("utf-8") if hasattr(value, "to_ical") else str(value)
    except Exception:  # a value icalendar cannot write back: compare its text
        return str(value)


def _fingerprint(data: bytes) -> tuple:
    calendar = _calendar(data)
    event = _event(data, calendar)
    zones = tuple(sorted(str(z["TZID"]) for z in calendar.walk("VTIMEZONE")))
    return _canonical(event), zones


def same_content(a: bytes, b: bytes) -> bool:
    """Whether two calendar objects hold the same event (``DTSTAMP``, ``SEQUENCE``, the
    digest, property order and line folding apart)."""
    try:
        return _fingerprint(a) == _fingerprint(b)
    except ValueError:
        return False


def _digest(event: icalendar.Event) -> str:
    content = _canonical(event)
    # SEQUENCE is part of what tripplan wrote: a client that edits an event raises it
    sequence = str(int(event.get("SEQUENCE", 0)))
    return hashlib.sha256(repr((content, sequence)).encode("utf-8")).hexdigest()[:32]


def is_own(data: bytes) -> bool:
    """Whether ``data`` is an object exactly as tripplan sealed it (nobody edited it since).

    Server-side re-serialisation (property order, folding) does not count as an edit.
    """
    try:
        event = _event(data)
    except ValueError:
        return False
    return str(event.get(DIGEST, "")) == _digest(event)


def sealed(data: bytes, *, sequence: int | None = None) -> bytes:
    """``data`` with ``SEQUENCE`` set (when given) and the digest of what it now holds."""
    calendar = _calendar(data)
    event = _event(data, calendar)
    if sequence is not None:
        event.pop("SEQUENCE", None)
        event.add("SEQUENCE", sequence)
    event.pop(DIGEST, None)
    event.add(DIGEST, _digest(event))
    return calendar.to_ical()


def cancelled(data: bytes, *, sequence: int, stamp: dt.datetime, lang: str) -> bytes:
    """A server's copy of an event turned into its cancellation (``STATUS:CANCELLED``,
    ``SEQUENCE`` given, no alarms, marked in the summary), sealed."""
    calendar = _calendar(data)
    event = _event(data, calendar)
    for name in ("STATUS", "TRANSP", "DTSTAMP"):
        event.pop(name, None)
    event.add("STATUS", CANCELLED)
    event.add("TRANSP", "TRANSPARENT")
    event.add("DTSTAMP", stamp.astimezone(dt.UTC).replace(microsecond=0))
    event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    mark = word("cancelled_mark", lang)
    summary = str(event.get("SUMMARY", ""))
    if not summary.startswith(mark):
        event.pop("SUMMARY", None)
        event.add("SUMMARY", icalendar.vText(mark + summary))
    return sealed(calendar.to_ical(), sequence=sequence)


def calendar_name(data: bytes) -> str | None:
    """The name a rendered calendar gives itself (``NAME``, else ``X-WR-CALNAME``)."""
    calendar = _calendar(data)
    name = calendar.get("NAME") or calendar.get("X-WR-CALNAME")
    return str(name) if name is not None else None
