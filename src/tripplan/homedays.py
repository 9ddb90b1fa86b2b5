"""Items of many trips on the days of the office's home calendar (``agenda`` and ``next``).

A trip's schedule (:mod:`tripplan.schedule`) groups its items under the local days at the
venue. The office reads them on its own calendar, in its home zone:

* a timed item stands under the home day of its start instant (23:00 in Bangkok is 01:00
  the next day in Tokyo), and, when it ends on a later home day, again there as its end
  (a :attr:`HomeLine.continuation`, drawn ``→ 06:55``);
* an item without a clock time stands under the day the file gives (its local date: no
  time is invented to move it to another day), its end under its ``end_date``.

Within a day, timed items of every trip are in time order; an item without a clock time
keeps the place its trip's schedule gives it (right after the item it follows there, or
at the start of the day), so the day reads as ``show`` reads it.

>>> from tripplan.load import load_trip
>>> from tripplan.schedule import build
>>> loaded = load_trip("itineraries/examples/2025-03-example-tokyo-bangkok.toml")
>>> lines = day_lines([trip_lines(loaded.trip, build(loaded.trip), "Asia/Tokyo", 0)])
>>> [(line.day.day, line.item.id, line.continuation) for line in lines][-3:]
[(12, 'hotel', True), (12, 'departure-transfer', False), (13, 'return-flight', False)]

The night flight leaves Bangkok at 22:45 on the 12th and lands in Tokyo at 06:55 on the
13th: at home both are on the 13th, so it is one line there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from tripplan.model import PART_OF_DAY_WINDOWS, Item, Trip, TripStatus
from tripplan.schedule import Schedule
from tripplan.zones import UTC, ItemTime, get_zone, known_zone

START_OF_DAY = float("-inf")
"""Where a line without an instant stands when nothing of its trip comes before it."""


@dataclass
class HomeLine:
    """One line of the office's calendar: an item's start (with its end when that falls on
    the same home day), or its end on a later home day."""

    trip: Trip
    time: ItemTime
    day: dt.date
    """The home day it stands under."""
    continuation: bool = False
    """The end of an item that began on an earlier home day."""
    split: bool = False
    """A start whose end stands on a later home day (as a continuation)."""
    at: float | None = None
    """Its instant (seconds) for ordering; ``None`` for a line without a clock time."""
    rank: tuple[int, int] = (0, 0)
    """The trip's place among the trips, the line's place in its trip's schedule."""

    @property
    def item(self) -> Item:
        return self.time.item

    @property
    def past(self) -> bool:
        """Of a completed trip: a missing time was never given, not still to be confirmed."""
        return self.trip.status is TripStatus.COMPLETED

    @property
    def shows_end(self) -> bool:
        """A start line that shows the end too (same home day, a known end instant)."""
        return not self.continuation and not self.split and self.time.end is not None

    @property
    def order_unknown(self) -> bool:
        """An item without a clock time on a day whose order the trip says is not known."""
        item = self.item
        return (not self.continuation and item.start is None
                and item.first_day in self.trip.order_unknown)

    @property
    def zone(self) -> str | None:
        """The zone of the moment the line is about (the end's for a continuation)."""
        t = self.time
        if self.continuation:
            return known_zone(t.end_zone) or known_zone(t.end_location_zone)
        return known_zone(t.start_zone) or known_zone(t.location_zone)

    @property
    def local_date(self) -> dt.date | None:
        """The date at the venue (the file's date) of the moment the line is about."""
        t, item = self.time, self.item
        moment = t.end if self.continuation else t.start
        zone = get_zone(self.zone) if self.zone else None
        if moment is not None and zone is not None:
            return moment.astimezone(zone).date()
        return item.last_day if self.continuation else item.first_day

    def to_json(self, lang: str, home: str) -> dict[str, Any]:
        t, item = self.time, self.item
        zone = get_zone(home)
        start, end = (None, t.end) if self.continuation else (
            t.start, t.end if self.shows_end else None)
        return {
            "date": self.day.isoformat(), "trip": self.trip.id, "item": item.id,
            "title": item.title.get(lang), "kind": item.kind.value,
            "status": item.status.value, "timing": item.timing.value,
            "continuation": self.continuation, "continues": self.split,
            "order_unknown": self.order_unknown,
            "local_date": _iso(self.local_date), "zone": self.zone,
            "part_of_day": _value(item.end_part_of_day if self.continuation
                                  else item.part_of_day),
            "start_utc": _utc(start), "end_utc": _utc(end),
            "home_start": _iso(start.astimezone(zone) if start else None),
            "home_end": _iso(end.astimezone(zone) if end else None),
            "local_start": _iso(_local(start, t.start_zone)),
            "local_end": _iso(_local(end, t.end_zone)),
        }


def _value(part) -> str | None:
    return part.value if part is not None else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _utc(value: dt.datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else None


def _local(instant: dt.datetime | None, zone: str | None) -> dt.datetime | None:
    if instant is None:
        return None
    tz = get_zone(zone) if known_zone(zone) else None
    return instant.astimezone(tz) if tz is not None else instant


def home_date(instant: dt.datetime, home: str) -> dt.date:
    """The day of the home calendar on which ``instant`` falls.

    >>> home_date(dt.datetime(2025, 3, 12, 15, 45, tzinfo=UTC), "Asia/Tokyo")
    datetime.date(2025, 3, 13)
    """
    return instant.astimezone(get_zone(home)).date()


def _days(t: ItemTime, home: str) -> tuple[dt.date | None, dt.date | None]:
    """The home days of the item's start and end (``None`` for the end when it has none
    apart from its start)."""
    item = t.item
    start = home_date(t.start, home) if t.start is not None else item.first_day
    if t.end is not None:
        return start, home_date(t.end, home)
    if item.last_day is not None and item.last_day != item.first_day:
        return start, item.last_day
    return start, None


def _start_at(t: ItemTime) -> float | None:
    item = t.item
    if item.start is None and item.part_of_day is None:
        return None  # a date only: its place comes from the schedule
    return t.sort_instant.timestamp() if t.sort_instant is not None else None


def _end_at(t: ItemTime) -> float | None:
    item = t.item
    if t.end is not None:
        return t.end.timestamp()
    zone = known_zone(t.end_zone) or known_zone(t.end_location_zone)
    if item.end_part_of_day is not None and item.end_date is not None and zone:
        start = PART_OF_DAY_WINDOWS[item.end_part_of_day][0]
        return dt.datetime.combine(item.end_date, start, tzinfo=get_zone(zone)).timestamp()
    return None


def trip_lines(trip: Trip, schedule: Schedule, home: str, rank: int) -> list[HomeLine]:
    """The lines of one trip, in its schedule's order (items without a day left out)."""
    out: list[HomeLine] = []
    for day in schedule.days:
        for entry in day.entries:
            t = entry.time
            start, end = _days(t, home)
            split = end is not None and end != start
            if entry.continuation:
                if split:
                    out.append(HomeLine(trip, t, end, continuation=True, at=_end_at(t)))
                continue
            out.append(HomeLine(trip, t, start, split=split, at=_start_at(t)))
            if split and t.item.first_day == t.item.last_day:
                # the same day at the venue, the next one at home: no entry in the schedule
                out.append(HomeLine(trip, t, end, continuation=True, at=_end_at(t)))
    for index, line in enumerate(out):
        line.rank = (rank, index)
    return out


def day_lines(trips: list[list[HomeLine]], first: dt.date | None = None,
              last: dt.date | None = None) -> list[HomeLine]:
    """The lines of all ``trips`` from ``first`` to ``last`` (home days), day by day.

    In a day, a line keeps the place of its trip's schedule: a line without an instant
    stands right after the line of its trip before it (at the start of the day when there
    is none), and the lines of all trips are merged by instant.
    """
    chosen = [line for lines in trips for line in lines
              if (first is None or line.day >= first) and (last is None or line.day <= last)]
    keys: dict[int, tuple] = {}
    before: dict[tuple[dt.date, int], float] = {}
    for line in sorted(chosen, key=lambda ln: ln.rank):
        slot = (line.day, line.rank[0])
        at = line.at if line.at is not None else before.get(slot, START_OF_DAY)
        before[slot] = at
        keys[id(line)] = (line.day, at, line.rank)
    return sorted(chosen, key=lambda ln: keys[id(ln)])
