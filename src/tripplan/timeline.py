"""The computation behind ``tripplan tz``: a trip as a timeline across zones.

One row per item in time order: local date and time with the zone's abbreviation and UTC
offset, the same instant in the home zone (the trip's ``home_timezone`` or ``--home``) and in
UTC, with ``+1``/``−1`` where that date differs from the local one. A marker row stands at
every change of zone ("clocks −2 h: Asia/Tokyo → Asia/Bangkok") and at every daylight-saving
change met on the way. Travel shows its arrival and its duration across zones. Items without
a clock time keep none: they appear in order with their part of day ("night (time TBC)").

The zone findings (``TZ`` rules) come with the timeline; the exit code follows ``validate``:
1 if any is an error, else 0. This module computes; :mod:`tripplan.terminal.timeline` draws,
and :mod:`tripplan.app.tz` is the use case.

Run from the repository root:

>>> from tripplan.load import load_trip
>>> tl = timeline(load_trip("itineraries/2024-06-yokohama-bangkok.toml"))
>>> [r.text("en") for r in tl.rows if isinstance(r, ZoneChange)]
['clocks −2 h: Asia/Tokyo → Asia/Bangkok', 'clocks +2 h: Asia/Bangkok → Asia/Tokyo']
>>> tl.exit_code, len(tl.diagnostics)
(0, 0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tripplan import schedule
from tripplan.diagnostics import Diagnostic, Severity, fails
from tripplan.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from tripplan.load import LoadedTrip
from tripplan.model import PART_OF_DAY_WINDOWS, PartOfDay, Trip
from tripplan.present.formats import weekday_date
from tripplan.present.vocabulary import word
from tripplan.zones import (
    UTC,
    ItemTime,
    abbreviation,
    clock_change,
    format_duration,
    get_zone,
    iso_offset,
    offset_change,
    suggest_zone,
    transition_between,
)


@dataclass
class Moment:
    """One end of an item on the timeline: an instant, or a day and part of day."""

    date: dt.date | None
    zone: str | None
    local: dt.datetime | None = None
    """The instant in the local zone (``None`` if not timed or not resolvable)."""
    home: dt.datetime | None = None
    part_of_day: PartOfDay | None = None
    wall: dt.datetime | None = None
    """The clock time as written, when there is one."""
    problem: str | None = None
    """Why a written time has no instant: ``nonexistent``, ``ambiguous``, ``offset-mismatch``,
    ``unknown-zone`` or ``no-zone``."""

    @property
    def utc(self) -> dt.datetime | None:
        return self.local.astimezone(UTC) if self.local is not None else None

    @property
    def zone_at(self) -> dt.datetime | None:
        """An instant at which to describe the zone (abbreviation and offset): the item's own,
        else the start of its part-of-day window, else noon of its day."""
        if self.local is not None:
            return self.local
        zone = get_zone(self.zone) if self.zone else None
        if zone is None or self.date is None:
            return None
        if self.wall is not None:
            clock = self.wall.replace(tzinfo=None).time()
        elif self.part_of_day is not None:
            clock = PART_OF_DAY_WINDOWS[self.part_of_day][0]
        else:
            clock = dt.time(12)
        return dt.datetime.combine(self.date, clock, tzinfo=zone)

    def to_json(self) -> dict[str, Any]:
        at = self.zone_at
        return {
            "date": self.date.isoformat() if self.date else None,
            "time": f"{self.wall:%H:%M}" if self.wall is not None else None,
            "part_of_day": self.part_of_day.value if self.part_of_day else None,
            "zone": self.zone,
            "abbreviation": abbreviation(at) if at is not None else None,
            "offset": iso_offset(at.utcoffset()) if at is not None else None,
            "local": self.local.isoformat() if self.local is not None else None,
            "home": self.home.isoformat() if self.home is not None else None,
            "home_day": ((self.home.date() - self.local.date()).days
                         if self.home is not None and self.local is not None else None),
            "utc": _utc(self.utc),
            "problem": self.problem,
        }


def _utc(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


@dataclass
class ItemRow:
    """One item: its start, its end (if any) and, for travel, the duration across zones."""

    time: ItemTime
    start: Moment
    end: Moment | None

    @property
    def item(self):
        return self.time.item

    @property
    def duration(self) -> dt.timedelta | None:
        return self.time.duration

    def to_json(self, lang: str) -> dict[str, Any]:
        item = self.item
        minutes = self.duration.total_seconds() / 60 if self.duration is not None else None
        return {
            "type": "item", "id": item.id, "kind": item.kind.value,
            "title": item.title.get(lang), "status": item.status.value,
            "timing": item.timing.value,
            "origin": item.origin if item.kind.is_travel else None,
            "destination": item.destination if item.kind.is_travel else None,
            "place": item.place,
            "start": self.start.to_json(),
            "end": self.end.to_json() if self.end is not None else None,
            "duration_minutes": round(minutes) if minutes is not None else None,
            "duration": format_duration(self.duration, lang) if self.duration is not None
            else None,
        }


@dataclass
class ZoneChange:
    """A marker row: the clocks change, by travel to another zone or by daylight saving."""

    old: str
    new: str
    change: dt.timedelta
    at: dt.datetime | None
    """When (the arrival, or the daylight-saving transition); ``None`` if not known."""
    reason: str
    """``travel`` (after a travel item), ``move`` (items found in another zone without
    travel between them) or ``daylight-saving``."""
    after: str | None = None
    """Id of the item after which the change happens."""

    def text(self, lang: str) -> str:
        head = f"{word('clocks', lang)} {clock_change(self.change, lang=lang)}"
        sep = "：" if lang == "ja" else ": "
        if self.reason == "daylight-saving":
            assert self.at is not None
            zone = get_zone(self.new)
            before = (self.at - dt.timedelta(microseconds=1)).astimezone(zone)
            after = self.at.astimezone(zone)
            names = " → ".join(n for n in (abbreviation(before), abbreviation(after)) if n)
            clock_before = (self.at.astimezone(UTC) + before.utcoffset()).strftime("%H:%M")
            when = f"{weekday_date(after.date(), lang)} {clock_before} → {after:%H:%M}"
            return f"{head}{sep}{self.new}" + (f" {names}" if names else "") + f", {when}"
        return f"{head}{sep}{self.old} → {self.new}"

    def to_json(self, lang: str) -> dict[str, Any]:
        return {"type": "zone-change", "from": self.old, "to": self.new,
                "clocks_minutes": round(self.change.total_seconds() / 60),
                "at": _utc(self.at.astimezone(UTC)) if self.at is not None else None,
                "reason": self.reason, "after": self.after, "text": self.text(lang)}


Row = ItemRow | ZoneChange


@dataclass
class Timeline:
    trip: Trip
    file: str
    """The trip's file as the user would type it."""
    home: str | None
    rows: list[Row] = field(default_factory=list)
    unscheduled: list[ItemRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """``validate``'s convention: 1 if any zone finding is an error, else 0."""
        return EXIT_FINDINGS if fails(self.diagnostics) else EXIT_OK

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        counts = {s.value: sum(1 for d in self.diagnostics if d.severity is s) for s in Severity}
        return {
            "file": self.file, "trip": self.trip.id,
            "title": self.trip.title.get(lang), "home_timezone": self.home,
            "rows": [r.to_json(lang) for r in self.rows],
            "unscheduled": [r.to_json(lang) for r in self.unscheduled],
            "exit_code": self.exit_code, "counts": counts,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def check_home(home: str) -> str:
    """The home zone must be a zone of the tz database; else a usage error with "did you mean".

    >>> check_home("Europe/Paris")
    'Europe/Paris'
    >>> check_home("Asia/Tokio")
    Traceback (most recent call last):
    tripplan.errors.UsageError: unknown time zone "Asia/Tokio" for home
    """
    if get_zone(home) is not None:
        return home
    suggestion = suggest_zone(home)
    hint = (f'did you mean "{suggestion}"?' if suggestion
            else "use an IANA zone name such as Asia/Tokyo or Europe/Paris")
    raise UsageError(f'unknown time zone "{home}" for {{home}}', argument="home", hint=hint)


def timeline(trip: LoadedTrip, home: str | None = None) -> Timeline:
    """The trip's timeline and its zone findings (the ``TZ`` rules).

    ``home`` (default: the trip's ``home_timezone``) is the zone of the home column; check
    it first with :func:`check_home`. Loading the trip is the caller's part
    (:func:`tripplan.app.tz.tz`).
    """
    from tripplan.rules import Context, run_rules, select_rules

    ctx = Context(trip)
    home_zone = home or (trip.trip.home_timezone if get_zone(trip.trip.home_timezone) else None)
    result = Timeline(trip.trip, trip.display_path, home_zone)
    result.diagnostics = run_rules(ctx, select_rules(["TZ"]))
    current = trip.trip.home_timezone if get_zone(trip.trip.home_timezone) else None
    last_at: dt.datetime | None = None
    for t in schedule.build(trip.trip, ctx.times).in_order():  # the days' honest order
        row = _row(t, home_zone)
        if t.item.first_day is None:
            result.unscheduled.append(row)
            continue
        at = t.sort_instant
        where = t.location_zone
        if where and current and where != current:
            result.rows.append(ZoneChange(current, where, offset_change(current, where, at or
                                          _noon(t)), at, "move"))
            current, last_at = where, at
        if where and where == current and last_at is not None and at is not None:
            switch = transition_between(where, last_at, at)
            if switch is not None:
                zone = get_zone(where)
                change = (switch.astimezone(zone).utcoffset()
                          - (switch - dt.timedelta(minutes=1)).astimezone(zone).utcoffset())
                result.rows.append(ZoneChange(where, where, change, switch, "daylight-saving"))
        result.rows.append(row)
        arrival = t.end_location_zone
        if t.item.kind.is_travel and arrival and where and arrival != where:
            when = t.end or at or _noon(t)
            result.rows.append(ZoneChange(where, arrival, offset_change(where, arrival, when),
                                          t.end, "travel", after=t.item.id))
        current = arrival or where or current
        last_at = t.end or at or last_at
    return result


def _noon(t: ItemTime) -> dt.datetime:
    """Noon UTC of the item's first day: when to compare zones for an item without a time."""
    return dt.datetime.combine(t.item.first_day or dt.date.min, dt.time(12), tzinfo=UTC)


def _row(t: ItemTime, home: str | None) -> ItemRow:
    item = t.item
    start = _moment(t, "start", home)
    end = None
    if item.end is not None or item.end_date is not None:
        end = _moment(t, "end", home)
    return ItemRow(t, start, end)


def _moment(t: ItemTime, which: str, home: str | None) -> Moment:
    item = t.item
    home_zone = get_zone(home) if home else None
    if which == "start":
        zone, wall, instant, local = t.start_zone, item.start, t.start, t.start_local
        date, part = item.first_day, item.part_of_day
    else:
        zone, wall, instant, local = t.end_zone, item.end, t.end, t.end_local
        date, part = item.last_day, item.end_part_of_day
    zone_ok = zone is not None and get_zone(zone) is not None
    moment = Moment(date, zone, part_of_day=part,
                    wall=wall.replace(tzinfo=None) if wall is not None else None)
    if wall is None:
        return moment
    if instant is not None:
        shown = instant.astimezone(get_zone(zone)) if zone_ok else instant
        moment.local = shown
        moment.date = shown.date()
        moment.home = shown.astimezone(home_zone) if home_zone is not None else None
    elif local is not None:
        moment.problem = local.status
    elif zone is not None and not zone_ok:
        moment.problem = "unknown-zone"
    else:
        moment.problem = "no-zone"
    return moment
