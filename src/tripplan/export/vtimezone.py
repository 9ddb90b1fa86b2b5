"""VTIMEZONE components from the IANA time zone database (stdlib :mod:`zoneinfo`).

Every TZID an exported ``.ics`` file uses gets a VTIMEZONE built here. Some
clients (Mozilla ical.js, hence Thunderbird) compute offsets from the file's own
definition only, so it has to be right for every instant the trip touches.

Why not icalendar's own generator (``icalendar.Timezone.from_tzid``,
``Calendar.add_missing_timezones``; checked with icalendar 7.3.2): it covers
1970-2038 whatever the trip, and it groups the onsets of one observance in *one*
comma-separated ``RDATE`` line::

    BEGIN:DAYLIGHT
    DTSTART:19760328T020000
    RDATE:19770403T030000,19780402T030000,19790401T030000,19800406T030000,1981
     0329T030000,...

ical.js reads only the first value of an RDATE property and, for a sub-component
with RDATEs, ignores the DTSTART; it therefore sees Paris summer time only in
1977 and puts a 10:00 meeting in June 2024 at 09:00Z instead of 08:00Z. Its RDATE
times are moreover the wall time *after* a spring-forward, not the ``TZOFFSETFROM``
time RFC 5545 asks for.

What this module emits instead, for a window of whole calendar years around the
trip (``PAD_YEARS`` before the year of ``first`` and after the year of ``last``):

* one observance in force at the window's start (``DTSTART`` = local midnight of
  1 January, ``TZOFFSETFROM`` = ``TZOFFSETTO``); for a zone without transitions in
  the window (Asia/Tokyo, Asia/Bangkok) that is the whole definition;
* one STANDARD or DAYLIGHT sub-component per transition in the window, with
  ``DTSTART`` the local wall time just before the change (in ``TZOFFSETFROM``, as
  RFC 5545 section 3.6.5 requires), ``TZOFFSETFROM``, ``TZOFFSETTO`` and ``TZNAME``.

No RRULE and no RDATE at all, so there is nothing for a client to expand or
misread, and the output depends only on the zone and the two years (same input,
same bytes). DAYLIGHT means zoneinfo reports a non-zero ``dst()``. Instants
outside the window get the offset of the nearest observance (ical.js: before the
first one it assumes UTC), hence the padding. Offsets with seconds (local mean
time, before the 1970s) are written as ``+HHMMSS``; ical.js drops the seconds.

The transitions are found by probing :mod:`zoneinfo` (the same database the rest
of tripplan computes with) every ``_STEP`` seconds and bisecting to the second.
Two transitions of one zone have never been closer than about four days since
1900 (tzdata 2026), so a 12-hour step cannot step over one.

>>> import datetime as dt
>>> from zoneinfo import ZoneInfo
>>> paris = ZoneInfo("Europe/Paris")
>>> vtz = vtimezone("Europe/Paris", dt.datetime(2024, 6, 18, 9, tzinfo=paris),
...                 dt.datetime(2024, 6, 25, 18, tzinfo=paris))
>>> [(c.name, c["DTSTART"].dt.isoformat()) for c in vtz.subcomponents][:3]
[('STANDARD', '2023-01-01T00:00:00'), ('DAYLIGHT', '2023-03-26T02:00:00'), \
('STANDARD', '2023-10-29T03:00:00')]
>>> len(vtz.subcomponents)  # the start plus two transitions in each of 2023-2025
7
>>> tokyo = ZoneInfo("Asia/Tokyo")
>>> t = vtimezone("Asia/Tokyo", dt.datetime(2024, 6, 17, tzinfo=tokyo),
...               dt.datetime(2024, 6, 22, tzinfo=tokyo))
>>> print(t.to_ical().decode().replace("\\r\\n", "\\n"), end="")
BEGIN:VTIMEZONE
TZID:Asia/Tokyo
BEGIN:STANDARD
DTSTART:20230101T000000
TZNAME:JST
TZOFFSETFROM:+0900
TZOFFSETTO:+0900
END:STANDARD
END:VTIMEZONE
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

__all__ = ["PAD_YEARS", "vtimezone", "wall_time_is_unique"]

#: Whole calendar years covered before the year of ``first`` and after that of ``last``.
PAD_YEARS = 1

#: Probe interval in seconds; must be shorter than any gap between two transitions.
_STEP = 12 * 3600

_EPOCH = dt.datetime(1970, 1, 1)


class _State(NamedTuple):
    offset: dt.timedelta
    is_dst: bool
    name: str


class _Observance(NamedTuple):
    daylight: bool
    start: dt.datetime  # naive local wall time, in offset_from
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str


def _zone(zone_name: str) -> ZoneInfo:
    try:
        return ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as err:
        raise ValueError(f"unknown IANA time zone: {zone_name!r}") from err


def _state(zone: ZoneInfo, timestamp: int) -> _State:
    local = dt.datetime.fromtimestamp(timestamp, zone)
    offset = local.utcoffset()
    dst = local.dst()
    assert offset is not None and dst is not None  # zoneinfo always answers
    return _State(offset, bool(dst), local.tzname() or "")


def _wall(timestamp: int, offset: dt.timedelta) -> dt.datetime:
    return _EPOCH + dt.timedelta(seconds=timestamp) + offset


@lru_cache(maxsize=256)
def _observances(zone_name: str, first_year: int, last_year: int) -> tuple[_Observance, ...]:
    """Observances of ``zone_name`` from 1 January ``first_year`` to the end of ``last_year``."""
    zone = _zone(zone_name)
    start = int(dt.datetime(first_year, 1, 1, tzinfo=zone).timestamp())
    end = int(dt.datetime(last_year + 1, 1, 1, tzinfo=zone).timestamp())  # exclusive

    current = _state(zone, start)
    found = [
        _Observance(
            current.is_dst,
            _wall(start, current.offset),
            current.offset,
            current.offset,
            current.name,
        )
    ]
    low = start
    while low < end - 1:
        high = min(low + _STEP, end - 1)
        if _state(zone, high) == current:
            low = high
            continue
        # _state(low) == current != _state(high): bisect to the first second that differs.
        while high - low > 1:
            middle = (low + high) // 2
            if _state(zone, middle) == current:
                low = middle
            else:
                high = middle
        new = _state(zone, high)
        found.append(
            _Observance(
                new.is_dst, _wall(high, current.offset), current.offset, new.offset, new.name
            )
        )
        current, low = new, high
    return tuple(found)


def vtimezone(zone_name: str, first: dt.datetime, last: dt.datetime) -> icalendar.Timezone:
    """Return a VTIMEZONE for IANA zone ``zone_name`` valid for instants ``first``..``last``.

    ``first`` and ``last`` are aware datetimes (any zone), ``first <= last``. The
    component covers whole calendar years of ``zone_name``, from 1 January of
    ``PAD_YEARS`` before the year of ``first`` to 31 December of ``PAD_YEARS`` after
    the year of ``last``: one observance in force at the start, then one STANDARD or
    DAYLIGHT sub-component per transition (no RRULE, no RDATE). The result is a new
    component each call; equal arguments (up to those years) give identical bytes.

    >>> import datetime as dt
    >>> utc = dt.timezone.utc
    >>> ny = vtimezone("America/New_York", dt.datetime(2024, 3, 1, tzinfo=utc),
    ...                dt.datetime(2024, 3, 20, tzinfo=utc))
    >>> [(c.name, c["DTSTART"].dt.isoformat(), str(c["TZNAME"])) for c in ny.subcomponents][2:4]
    [('STANDARD', '2023-11-05T02:00:00', 'EST'), ('DAYLIGHT', '2024-03-10T02:00:00', 'EDT')]

    Raises :class:`ValueError` for an unknown zone, a naive datetime or ``first > last``.
    """
    if first.utcoffset() is None or last.utcoffset() is None:
        raise ValueError("vtimezone() needs aware datetimes for first and last")
    if first > last:
        raise ValueError(f"first ({first.isoformat()}) is after last ({last.isoformat()})")
    zone = _zone(zone_name)
    first_year = first.astimezone(zone).year - PAD_YEARS
    last_year = last.astimezone(zone).year + PAD_YEARS

    component = icalendar.Timezone()
    component.add("TZID", zone_name)
    for observance in _observances(zone_name, first_year, last_year):
        sub = icalendar.TimezoneDaylight() if observance.daylight else icalendar.TimezoneStandard()
        sub.add("DTSTART", observance.start)
        sub.add("TZOFFSETFROM", observance.offset_from)
        sub.add("TZOFFSETTO", observance.offset_to)
        sub.add("TZNAME", observance.name)
        component.add_component(sub)
    return component


def wall_time_is_unique(moment: dt.datetime) -> bool:
    """Whether the local wall time of aware ``moment`` names exactly one instant in its zone.

    False for a time repeated when clocks go back (either fold) and for one skipped
    when they go forward. Such a time must not be exported as ``DTSTART;TZID=...``:
    RFC 5545 reads a repeated time as its first occurrence and a skipped one with
    the offset before the gap (as zoneinfo does with ``fold=0``), but ical.js 2.2.1
    (Thunderbird) takes the second occurrence and the offset after the gap. Written
    in UTC (``...Z``) every reader agrees.

    >>> import datetime as dt
    >>> from zoneinfo import ZoneInfo
    >>> paris = ZoneInfo("Europe/Paris")
    >>> wall_time_is_unique(dt.datetime(2024, 10, 27, 3, 30, tzinfo=paris))
    True
    >>> wall_time_is_unique(dt.datetime(2024, 10, 27, 2, 30, tzinfo=paris, fold=1))
    False
    >>> wall_time_is_unique(dt.datetime(2024, 3, 31, 2, 30, tzinfo=paris))  # skipped
    False
    """
    if moment.utcoffset() is None:
        raise ValueError("wall_time_is_unique() needs an aware datetime")
    return moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset()
