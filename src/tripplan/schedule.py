"""The day-by-day schedule of a trip, shared by ``show``, ``tz`` and the agendas.

Items are grouped under the local day they start (and, for items that run into a later
day such as an overnight flight, again under the day they end, as a continuation).
Within a day they are in the order the day's facts give, never in an invented one:

* timed items by their local time, items with only a part of day at its window (so a
  "departure at night" comes after the day's other items);
* the end of a stay or other date-only continuation first;
* date-only items before the timed ones, in file order, except where the day says more:
  a lodging comes after the day's last arrival (one checks in after landing), and an item
  in the zone a journey of that day arrives in comes after that journey.

A day listed in the trip's ``order_unknown`` has its untimed items in no known order
(:attr:`Day.order_unknown`); every view says so. Items with no date are listed apart.

>>> from tripplan.load import load_trip
>>> loaded = load_trip("itineraries/2024-06-yokohama-bangkok.toml")  # doctest: +SKIP
>>> [len(d.entries) for d in build(loaded.trip).days]  # doctest: +SKIP
[3, 8, 1]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tripplan.model import PART_OF_DAY_WINDOWS, Item, Kind, Trip, TripStatus
from tripplan.zones import ItemTime, chronological, get_zone, resolve


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
    order_unknown: bool = False
    """The trip says the order of this day's items without a clock time is not known."""

    @property
    def untimed(self) -> list[Entry]:
        """The day's entries without a clock time (what ``order_unknown`` is about)."""
        return [e for e in self.entries if not e.continuation and e.item.start is None]


@dataclass
class Schedule:
    trip: Trip
    times: list[ItemTime]
    days: list[Day]
    unscheduled: list[ItemTime]

    @property
    def past(self) -> bool:
        """A completed trip: a missing time was never given, not still to be confirmed."""
        return self.trip.status is TripStatus.COMPLETED

    def in_order(self) -> list[ItemTime]:
        """Every item once, in the order the days show them, the undated ones last."""
        out = [e.time for day in self.days for e in day.entries if not e.continuation]
        return out + list(self.unscheduled)


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
    unknown = set(trip.order_unknown)
    days = [Day(day, in_day_order(by_day[day], day), day in unknown) for day in sorted(by_day)]
    return Schedule(trip, times, days, unscheduled)


Key = tuple[float, int, int]
"""Where an entry stands in its day: its instant in seconds (``BEFORE``, ``START``: the
date-only items ahead of the timed ones), a tie-breaker (after an anchor), the item's
index in the file."""

BEFORE, START = -2e18, -1e18
"""Positions of a date-only continuation (the end of a stay) and of other date-only items."""


def in_day_order(entries: list[Entry], day: dt.date) -> list[Entry]:
    """``entries`` of ``day`` in the order the day's facts give (see the module)."""
    keys = {id(e): _base_key(e, day) for e in entries}
    arrivals = [e for e in entries if e.item.kind.is_travel
                and (e.continuation or e.item.last_day == day)]
    for entry in entries:
        if entry.continuation or entry.item.start is not None \
                or entry.item.part_of_day is not None:
            continue
        anchor = _anchor(entry, arrivals, keys)
        if anchor is not None:
            keys[id(entry)] = anchor
    return sorted(entries, key=lambda e: keys[id(e)])


def _anchor(entry: Entry, arrivals: list[Entry], keys: dict[int, Key]) -> Key | None:
    """The place of a date-only entry right after the arrival the day's facts put it after."""
    if entry.item.kind is Kind.LODGING:
        before = [e for e in arrivals if e is not entry]
        if not before:
            return (START, 2, entry.time.index)  # after the day's other date-only items
        last = max(keys[id(e)] for e in before)
        return (last[0], 2, entry.time.index)
    zone = entry.time.location_zone
    if zone is None:
        return None
    for arrival in sorted(arrivals, key=lambda e: keys[id(e)]):
        t = arrival.time
        if arrival is not entry and t.end_location_zone == zone != t.location_zone:
            return (keys[id(arrival)][0], 1, entry.time.index)
    return None


def _at(day: dt.date, wall: dt.time, zone: str | None) -> float:
    """Seconds of ``wall`` on ``day`` in ``zone`` (read as UTC when the zone is unknown)."""
    tz = get_zone(zone) if zone else None
    return dt.datetime.combine(day, wall, tzinfo=tz or dt.UTC).timestamp()


def _base_key(entry: Entry, day: dt.date) -> Key:
    item, t = entry.item, entry.time
    index = t.index
    if entry.continuation:
        if t.end is not None:
            return (t.end.timestamp(), 0, index)
        if item.end is not None:
            return (_at(day, item.end.replace(tzinfo=None).time(), t.end_zone), 0, index)
        if item.end_part_of_day is not None:
            window = PART_OF_DAY_WINDOWS[item.end_part_of_day][0]
            return (_at(day, window, t.end_location_zone or t.end_zone), 0, index)
        return (BEFORE, 0, index)
    if item.start is not None or item.part_of_day is not None:
        if t.sort_instant is not None:
            return (t.sort_instant.timestamp(), 0, index)
        wall = (item.start.replace(tzinfo=None).time() if item.start is not None
                else PART_OF_DAY_WINDOWS[item.part_of_day][0])
        return (_at(day, wall, None), 0, index)
    return (START, 0, index)
