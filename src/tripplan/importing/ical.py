"""iCalendar files (``.ics``) read as :class:`~tripplan.importing.records.Imported` events.

* **Zones.** ``DTSTART;TZID=…`` is read as the wall time it says in the IANA zone the
  ``TZID`` names: an IANA name as is, a Windows name as Outlook writes it ("Tokyo Standard
  Time") through the CLDR ``windowsZones`` table that icalendar ships
  (``icalendar.timezone.windows_to_olson``), a "globally unique" ``/vendor/Area/City`` by
  its IANA part. The file's ``VTIMEZONE`` picks between the two readings of a repeated wall
  time. Google's ``X-WR-TIMEZONE`` calendars are first brought into RFC 5545 form with the
  ``x-wr-timezone`` package.
* **UTC** times (``…Z``) stay the instants they are; their zone is chosen later
  (``X-TRIPPLAN-TZID`` when tripplan wrote it, else the airport's or the trip's).
* **Floating** times (no zone at all) are refused, located, unless ``zone`` says where
  they are.
* **Repeating** events (``RRULE``, ``RDATE``) are expanded within ``window`` with the
  ``recurring-ical-events`` package; each occurrence's UID is ``UID#RECURRENCE-ID``.
* tripplan's own calendars are read back exactly: the "(time TBC)" and part-of-day words
  it adds to all-day summaries and the "Cancelled: " mark are taken off again, and
  ``X-TRIPPLAN-PART-OF-DAY`` / ``X-TRIPPLAN-VISIBILITY`` restore what a summary or
  ``CLASS`` cannot say.

Heavy packages are imported here only, when an ``.ics`` file is read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tripplan.importing.lines import Positions
from tripplan.importing.records import BadInput, Imported, Party, When
from tripplan.model import Kind, PartOfDay, Visibility
from tripplan.zones import get_zone, localize

UTC = dt.UTC
CLASSES = {"PUBLIC": "public", "PRIVATE": "internal", "CONFIDENTIAL": "confidential"}
STATUSES = {"CONFIRMED": "confirmed", "TENTATIVE": "tentative", "CANCELLED": "cancelled"}
ZONE_HINT = "give {timezone} ZONE (an IANA zone such as Asia/Tokyo) to say where they are"


def iana_zone(tzid: str | None, tzinfo: Any = None) -> str | None:
    """The IANA zone a ``TZID`` (or a tzinfo) stands for, or ``None``.

    >>> iana_zone("Tokyo Standard Time"), iana_zone("Europe/Paris")
    ('Asia/Tokyo', 'Europe/Paris')
    >>> iana_zone("/freeassociation.sourceforge.net/Tzfile/Europe/London"), iana_zone("Mars")
    ('Europe/London', None)
    """
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    for candidate in (getattr(tzinfo, "key", None), getattr(tzinfo, "zone", None)):
        if isinstance(candidate, str) and get_zone(candidate) is not None:
            return candidate
    if not tzid:
        return None
    cleaned = tzid.strip().strip('"')
    if get_zone(cleaned) is not None:
        return cleaned
    if cleaned in WINDOWS_TO_OLSON:
        return WINDOWS_TO_OLSON[cleaned]
    parts = cleaned.strip("/").split("/")
    for start in range(1, len(parts)):
        if get_zone("/".join(parts[start:])) is not None:
            return "/".join(parts[start:])
    return None


class Reader:
    """Reads one ``.ics`` text; ``shown`` is how its path is shown in messages."""

    def __init__(self, data: bytes, shown: str, *, zone: str | None = None,
                 window: tuple[dt.date, dt.date] | None = None) -> None:
        self.shown = shown
        self.zone = zone
        self.window = window
        try:
            self.text = data.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            raise BadInput("not UTF-8 text", path=shown, line=line,
                           hint="save the calendar as UTF-8") from None
        self.where = Positions(self.text)
        self.name: str | None = None

    def fail(self, message: str, *, index: int | None = None, prop: str | None = None,
             line: int | None = None, hint: str | None = None) -> BadInput:
        if line is None and index is not None:
            line = (self.where.property_line(index, prop) if prop
                    else self.where.event_line(index))
        return BadInput(message, path=self.shown, line=line, hint=hint)

    # -- the calendar ----------------------------------------------------------------------

    def calendar(self) -> Any:
        import icalendar

        if "BEGIN:VCALENDAR" not in self.text.upper():
            raise self.fail("not an iCalendar file (no BEGIN:VCALENDAR)", line=1)
        try:
            cal = icalendar.Calendar.from_ical(self.text)
        except ValueError as err:
            raise self.fail(f"not a valid calendar: {err}", line=self._line_in(str(err))
                            ) from None
        for index, event in enumerate(cal.walk("VEVENT")):
            for prop, message in getattr(event, "errors", []):
                line = self._line_in(message) if prop is None else None
                raise self.fail(f"{prop or 'a line'} cannot be read: {message}", index=index,
                                prop=prop, line=line)
        self.name = _text(cal.get("X-WR-CALNAME")) or _text(cal.get("NAME"))
        if cal.get("X-WR-TIMEZONE"):
            import x_wr_timezone

            cal = x_wr_timezone.to_standard(cal)
        return cal

    def _line_in(self, message: str) -> int | None:
        quoted = re.search(r"'([^']+)'", message)
        return self.where.line_of(quoted.group(1)) if quoted else None

    def events(self) -> list[Imported]:
        """Every event of the file (occurrences of repeating ones within the window)."""
        cal = self.calendar()
        events = list(cal.walk("VEVENT"))
        for index, event in enumerate(events):
            self._check_floating(event, index)
        repeating = {str(e.get("UID")) for e in events if e.get("RRULE") or e.get("RDATE")}
        out: list[Imported] = []
        for index, event in enumerate(events):
            if str(event.get("UID")) in repeating:
                continue
            out.append(self.event(event, index))
        if repeating:
            out.extend(self._occurrences(cal, events, repeating, out))
        return out

    def _check_floating(self, event: Any, index: int) -> None:
        for prop in ("DTSTART", "DTEND"):
            if prop not in event:
                continue
            value = event.decoded(prop)
            if isinstance(value, dt.datetime) and value.tzinfo is None and self.zone is None:
                title = str(event.get("SUMMARY", "")).strip() or str(event.get("UID", ""))
                raise self.fail(f'event "{title}": {prop} {value:%Y-%m-%d %H:%M} is a floating '
                                "time (no time zone), so it is not an instant", index=index,
                                prop=prop, hint=ZONE_HINT)
        if "DTSTART" not in event:
            raise self.fail("an event without DTSTART has no day to import", index=index)

    def _occurrences(self, cal: Any, events: list, repeating: set[str],
                     single: list[Imported]) -> list[Imported]:
        import recurring_ical_events

        start, end = self.window or _span(single, events, repeating)
        index_of = {str(e.get("UID")): i for i, e in reversed(list(enumerate(events)))}
        found = recurring_ical_events.of(cal).between(start, end + dt.timedelta(days=1))
        out = []
        for occurrence in found:
            uid = str(occurrence.get("UID"))
            if uid not in repeating:
                continue
            rid = occurrence.get("RECURRENCE-ID") or occurrence.get("DTSTART")
            record = self.event(occurrence, index_of[uid])
            record.uid = f"{uid}#{rid.to_ical().decode()}"
            out.append(record)
        return out

    # -- one event -------------------------------------------------------------------------

    def moment(self, event: Any, prop: str, index: int) -> When:
        value = event.decoded(prop)
        if not isinstance(value, dt.datetime):
            return When(day=value)
        params = event[prop].params
        if value.tzinfo is None:
            assert self.zone is not None
            return _in_zone(value, self.zone, guessed=True)
        from icalendar.timezone import is_utc

        if is_utc(value.tzinfo) or value.utcoffset() == dt.timedelta(0) and not params.get(
                "TZID"):
            said = params.get("X-TRIPPLAN-TZID")
            zone = said if said and get_zone(said) is not None else None
            return When(instant=value.astimezone(UTC), zone=zone)
        zone = iana_zone(params.get("TZID"), value.tzinfo)
        if zone is None:
            if self.zone is None:
                raise self.fail(f'time zone "{params.get("TZID")}" is not one tripplan knows',
                                index=index, prop=prop, hint=ZONE_HINT)
            return When(instant=value.astimezone(UTC), zone=self.zone, guessed=True)
        return _in_zone(value, zone)

    def event(self, event: Any, index: int) -> Imported:
        start = self.moment(event, "DTSTART", index)
        end = None
        if "DTEND" in event:
            end = self.moment(event, "DTEND", index)
        elif "DURATION" in event:
            duration = event.decoded("DURATION")
            end = (When(day=start.day + duration) if start.day is not None else
                   When(instant=start.instant + duration, zone=start.zone,
                        guessed=start.guessed))
        status = STATUSES.get(str(event.get("STATUS", "")).upper())
        summary, parts = _summary(str(event.get("SUMMARY", "")).strip(), status, start.is_day,
                                  _parts(event.get("X-TRIPPLAN-PART-OF-DAY")))
        location, address, geo = _where(event)
        record = Imported(
            source=f"{self.shown}:{self.where.event_line(index)}", uid=_text(event.get("UID")),
            summary=summary, start=start, end=end, kind=_kind(event),
            location=location, address=address, geo=geo, status=status,
            visibility=_visibility(event), parts_of_day=parts,
            organizer=_party(event.get("ORGANIZER")),
            attendees=[p for p in map(_party, _many(event.get("ATTENDEE"))) if p])
        return record


def _span(single: list[Imported], events: list, repeating: set[str]) -> tuple[dt.date, dt.date]:
    """The days of the single events; else a year from the first repeating one."""
    days = [d for r in single for d in _days(r)]
    if days:
        return min(days), max(days)
    firsts = []
    for event in events:
        if str(event.get("UID")) in repeating:
            value = event.decoded("DTSTART")
            firsts.append(value.date() if isinstance(value, dt.datetime) else value)
    return min(firsts), min(firsts) + dt.timedelta(days=365)


def _days(record: Imported) -> list[dt.date]:
    out = []
    for when in (record.start, record.end):
        if when is None:
            continue
        if when.day is not None:
            out.append(when.day)
        elif when.instant is not None:
            out.append(when.instant.date())
    return out


def _in_zone(value: dt.datetime, zone: str, *, guessed: bool = False) -> When:
    """The wall time ``value`` says, in IANA ``zone`` (its own offset picks between two)."""
    wall = value.replace(tzinfo=None)
    local = localize(wall, zone)
    instant = local.instant
    if instant is None:
        offset = value.utcoffset() if value.tzinfo is not None else None
        matching = [c for c in local.candidates if c.utcoffset() == offset]
        instant = matching[0] if matching else (
            value.astimezone(UTC) if value.tzinfo is not None else local.candidates[0])
    return When(instant=instant.astimezone(UTC), zone=zone, guessed=guessed)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _many(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _where(event: Any) -> tuple[str | None, str | None, tuple[float, float] | None]:
    """Place name, address and coordinates: ``LOCATION`` (its first line the name, the
    rest the address, as Apple Calendar writes it), ``GEO``, else Apple's
    ``X-APPLE-STRUCTURED-LOCATION`` (``geo:lat,lon`` with ``X-TITLE``/``X-ADDRESS``)."""
    location, address = _text(event.get("LOCATION")), None
    if location and "\n" in location:
        first, rest = location.split("\n", 1)
        location, address = first.strip(), ", ".join(
            part.strip() for part in rest.splitlines() if part.strip()) or None
    geo = _geo(event.get("GEO"))
    apple = event.get("X-APPLE-STRUCTURED-LOCATION")
    if apple is not None:
        params = getattr(apple, "params", {})
        match = re.match(r"geo:\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)", str(apple))
        if geo is None and match:
            geo = (float(match.group(1)), float(match.group(2)))
        location = location or _text(params.get("X-TITLE"))
        address = address or _text(params.get("X-ADDRESS"))
    return location, address, geo


def _geo(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    try:
        return (float(value.latitude), float(value.longitude))
    except (AttributeError, TypeError, ValueError):
        return None


def _party(value: Any) -> Party | None:
    if value is None:
        return None
    address = str(value)
    email = address[7:] if address.lower().startswith("mailto:") else None
    name = value.params.get("CN") if hasattr(value, "params") else None
    name = str(name).strip() if name else None
    if not (name or email):
        return None
    return Party(name or None, email or None)


def _kind(event: Any) -> str | None:
    from tripplan.present.vocabulary import kind_label

    names = {}
    for kind in Kind:
        names[kind.value] = kind.value
        for lang in ("en", "ja"):
            names[kind_label(kind.value, lang).casefold()] = kind.value
    for categories in _many(event.get("CATEGORIES")):
        for category in getattr(categories, "cats", [categories]):
            found = names.get(str(category).strip().casefold())
            if found:
                return found
    return None


def _visibility(event: Any) -> str | None:
    said = str(event.get("X-TRIPPLAN-VISIBILITY", "")).lower()
    if said in {v.value for v in Visibility}:
        return said
    return CLASSES.get(str(event.get("CLASS", "")).upper())


def _parts(value: Any) -> tuple[str | None, str | None] | None:
    """``X-TRIPPLAN-PART-OF-DAY:night/early-morning`` → ``("night", "early-morning")``."""
    if value is None:
        return None
    known = {p.value for p in PartOfDay}
    first, _, second = str(value).strip().partition("/")
    parts = (first if first in known else None, second if second in known else None)
    return parts if parts != (None, None) else None


def _summary(summary: str, status: str | None, all_day: bool,
             parts: tuple[str | None, str | None] | None
             ) -> tuple[str, tuple[str | None, str | None] | None]:
    """The title again, without the marks tripplan's calendar export adds to it, and the
    parts of day those marks named (when no ``X-TRIPPLAN-PART-OF-DAY`` says them)."""
    from tripplan.present.vocabulary import word

    if status == "cancelled":
        for lang in ("en", "ja"):
            mark = word("cancelled_mark", lang)
            if summary.startswith(mark) and len(summary) > len(mark):
                summary = summary[len(mark):]
    if all_day:
        if parts:  # said by tripplan: the words may also be left out (already in the title)
            named = [p for p in parts if p]
            tries = [(named, True), (named, False), ([], True), ([], False)]
            stripped = _strip_untimed(summary, tries)
            return (stripped if stripped is not None else summary), parts
        for first, second in _PART_CHOICES:
            named = [p for p in (first, second) if p]
            stripped = _strip_untimed(summary, [(named, True), (named, False)])
            if stripped is not None:
                return stripped, (first, second)
        stripped = _strip_untimed(summary, [([], True)])
        if stripped is not None:
            return stripped, None
    return summary or "(no title)", parts


_ORDERED_PARTS = [p.value for p in PartOfDay]
_PART_CHOICES: list[tuple[str | None, str | None]] = [
    (a, b) for a in _ORDERED_PARTS for b in _ORDERED_PARTS] + [
    (a, None) for a in _ORDERED_PARTS] + [(None, b) for b in _ORDERED_PARTS]


def _strip_untimed(summary: str, tries: list[tuple[list[str], bool]]) -> str | None:
    """``summary`` without the "(night, time TBC)" tripplan adds, for the first of ``tries``
    (parts of day named, "time TBC" or not) that it ends with."""
    from tripplan.export.ics_event import untimed_summary

    for lang in ("en", "ja"):
        for named, tbc in tries:
            for past in (False, True):  # "time TBC", or "time not given" (a completed trip)
                suffix = untimed_summary("", lang, named, tbc=tbc, past=past)
                # "（夜・時刻未定）": how calendars exported before 、 wrote it
                for written in dict.fromkeys((suffix, suffix.replace("、", "・"))):
                    if written and summary.endswith(written) and len(summary) > len(written):
                        return summary[: -len(written)]
    return None
