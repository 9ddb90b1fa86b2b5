"""``tripplan next``: the trip under way (today is one of its days) or else the next one to
come, and its next item.

"Today" is the day at home by the environment's clock (or the day given, from its start at
home), home being ``--home`` or the config's zone, else each trip's own ``home_timezone``.
The next item is the first of the trip's items, in the order of its days, that is still to
come: one whose start is not yet past, or, without a clock time, whose part of day has not
yet ended, or whose day is today or later at the venue (it may be over: the file does not
say when it happens). Cancelled items are not next.

The outcome is ``OK`` when a trip is found, ``FINDINGS`` (exit 1) when there is none, and
``INVALID`` (exit 2) when a trip file cannot be read (it may be the next one).

>>> import datetime as dt
>>> env = Environment.for_test(now=dt.datetime(2025, 3, 11, 4, tzinfo=dt.UTC))
>>> found = next_trip(env)
>>> found.trip.trip.id, found.current, found.line.item.id  # 13:00 in Tokyo, 11:00 in Bangkok
('2025-03-example-tokyo-bangkok', True, 'embassy-call')
>>> next_trip(env, today=dt.date(2026, 1, 1)).outcome
<Outcome.FINDINGS: 'findings'>
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.app.env import Environment
from tripplan.app.office import TripDays, catalogue, trip_home
from tripplan.app.outcome import Outcome
from tripplan.diagnostics import Diagnostic

if TYPE_CHECKING:
    from tripplan.homedays import HomeLine


@dataclass
class NextResult:
    trip: TripDays | None = None
    current: bool = False
    """Today is one of the trip's days (else it is still to come)."""
    today: dt.date | None = None
    """Today at the trip's home."""
    home: str | None = None
    line: HomeLine | None = None
    """The trip's next item (``None``: nothing of it is still to come)."""
    also: list[str] = field(default_factory=list)
    """Ids of other trips under way too (or starting the same day as this one)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        if self.diagnostics:
            return Outcome.INVALID
        return Outcome.OK if self.trip is not None else Outcome.FINDINGS

    @property
    def days_until(self) -> int | None:
        """Days until a trip to come starts (``None`` for one under way)."""
        if self.trip is None or self.today is None or self.current:
            return None
        return (self.trip.trip.start - self.today).days

    @property
    def day(self) -> int | None:
        """Which day of a trip under way today is (1: its first)."""
        if self.trip is None or self.today is None or not self.current:
            return None
        return (self.today - self.trip.trip.start).days + 1

    def to_json(self, lang: str) -> dict[str, Any]:
        found: dict[str, Any] = {"trip": None, "current": False, "today": None, "day": None,
                                 "days_until": None, "next_item": None, "also": self.also,
                                 "diagnostics": [d.to_json() for d in self.diagnostics]}
        if self.trip is None:
            return found
        trip = self.trip.trip
        found.update(
            trip={"id": trip.id, "title": trip.title.get(lang), "start": trip.start.isoformat(),
                  "end": trip.end.isoformat(), "status": trip.status.value,
                  "file": self.trip.loaded.display_path, "home_timezone": self.home},
            current=self.current, today=self.today.isoformat(), day=self.day,
            days_until=self.days_until,
            next_item=self.line.to_json(lang, self.home) if self.line is not None else None)
        return found


def _now(env: Environment, today: dt.date | None, zone: str) -> dt.datetime:
    from tripplan.zones import get_zone

    if today is not None:
        return dt.datetime.combine(today, dt.time(0), tzinfo=get_zone(zone))
    return env.now().astimezone(get_zone(zone))


def next_trip(env: Environment, paths: Iterable[str] | None = None, *,
              today: dt.date | None = None, home: str | None = None,
              audience: str = "internal") -> NextResult:
    """The trip under way or next of those under ``paths`` (default: the itineraries
    folder), as of ``today`` (default: the clock), and its next item for ``audience``."""
    from tripplan.timeline import check_home

    found = catalogue(env, paths, audience)
    fixed = check_home(home) if home is not None else env.settings.home_timezone
    result = NextResult(diagnostics=found.diagnostics)
    current, coming = [], []
    for t in found.trips:
        zone = trip_home(t.trip, fixed)
        now = _now(env, today, zone)
        if t.trip.start <= now.date() <= t.trip.end:
            current.append((t, zone, now))
        elif t.trip.start > now.date():
            coming.append((t, zone, now))
    chosen = current or sorted(coming, key=lambda c: (c[0].trip.start, c[0].trip.id))
    if not chosen:
        return result
    t, zone, now = chosen[0]
    result.trip, result.current, result.today, result.home = t, bool(current), now.date(), zone
    result.also = [c[0].trip.id for c in chosen[1:]
                   if current or c[0].trip.start == t.trip.start]
    result.line = next_line(t, zone, now)
    return result


def next_line(t: TripDays, zone: str, now: dt.datetime) -> HomeLine | None:
    """The first line of the trip, in its days' order, whose item is still to come."""
    from tripplan.homedays import day_lines, trip_lines
    from tripplan.model import ItemStatus

    for line in day_lines([trip_lines(t.trip, t.schedule, zone, 0)]):
        if line.continuation or line.item.status is ItemStatus.CANCELLED:
            continue
        if not _over(line, now):
            return line
    return None


def _over(line: HomeLine, now: dt.datetime) -> bool:
    """Whether the start of ``line``'s item is past at ``now`` (see the module)."""
    from tripplan.model import PART_OF_DAY_WINDOWS
    from tripplan.zones import get_zone

    t, item = line.time, line.item
    if t.start is not None:
        return t.start < now
    if item.part_of_day is not None and t.sort_instant is not None:
        return t.sort_instant + PART_OF_DAY_WINDOWS[item.part_of_day][1] <= now
    zone = get_zone(line.zone) if line.zone else None
    today_there = now.astimezone(zone).date() if zone is not None else now.date()
    return line.local_date is not None and line.local_date < today_there
