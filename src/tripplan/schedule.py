"""The day-by-day schedule of a trip, shared by ``show``, ``tz`` and the agendas.

Items are grouped under the local day they start (and, for items that run into a later
day such as an overnight flight, again under the day they end, as a continuation).
Within a day they are in time order: timed items by instant, untimed items at their part
of day's window, date-only items first. Items with no date are listed apart.

>>> from tripplan.load import load_trip
>>> loaded = load_trip("itineraries/2024-06-yokohama-bangkok.toml")  # doctest: +SKIP
>>> [len(d.entries) for d in build(loaded.trip).days]  # doctest: +SKIP
[3, 8, 1]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tripplan.model import Item, Trip
from tripplan.zones import ItemTime, chronological, resolve


@dataclass(frozen=True)
class Entry:
    time: ItemTime
    continuation: bool = False
    """True on the day an item that began earlier ends (e.g. the arrival of a night flight)."""

    @property
    def item(self) -> Item:
        return self.time.item


@dataclass
class Day:
    date: dt.date
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Schedule:
    trip: Trip
    times: list[ItemTime]
    days: list[Day]
    unscheduled: list[ItemTime]


def build(trip: Trip, times: list[ItemTime] | None = None) -> Schedule:
    """Group ``trip``'s items by day (every day of the trip appears, even if empty)."""
    times = times if times is not None else resolve(trip)
    by_day: dict[dt.date, list[Entry]] = {day: [] for day in trip.days()}
    unscheduled = []
    for t in chronological(times):
        first, last = t.item.first_day, t.item.last_day
        if first is None:
            unscheduled.append(t)
            continue
        by_day.setdefault(first, []).append(Entry(t))
        if last is not None and last != first:
            by_day.setdefault(last, []).append(Entry(t, continuation=True))
    days = []
    for day in sorted(by_day):
        entries = sorted(by_day[day], key=lambda e: _entry_key(e, day))
        days.append(Day(day, entries))
    return Schedule(trip, times, days, unscheduled)


def _entry_key(entry: Entry, day: dt.date) -> tuple:
    from tripplan.model import PART_OF_DAY_WINDOWS

    item = entry.item
    if entry.continuation:
        if item.end is not None:
            return (1, item.end.replace(tzinfo=None).time(), entry.time.index)
        if item.end_part_of_day is not None:
            return (1, PART_OF_DAY_WINDOWS[item.end_part_of_day][0], entry.time.index)
        return (0, dt.time(0), entry.time.index)
    if item.start is not None:
        return (1, item.start.replace(tzinfo=None).time(), entry.time.index)
    if item.part_of_day is not None:
        return (1, PART_OF_DAY_WINDOWS[item.part_of_day][0], entry.time.index)
    return (0, dt.time(0), entry.time.index)
