"""Time-zone rules (``TZ`` prefix): wrong clocks caught before the trip.

Every rule works on the zone engine's resolution of the trip (:func:`tripplan.zones.resolve`,
``ctx.times``), computed once per trip; each rule is a single pass or a sort, O(n log n).
The documentation of each rule is its docstring (``tripplan rules TZ003``) and
``docs/timezones.md``.

>>> from tripplan.rules import all_rules
>>> [r.code for r in all_rules() if r.code.startswith("TZ")][:3]
['TZ001', 'TZ002', 'TZ003']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from tripplan.diagnostics import Severity
from tripplan.model import ItemStatus, Kind
from tripplan.rules.registry import Context, Finding, item_loc, rule
from tripplan.zones import (
    DEFAULT_TRAVEL_SPEED_KMH,
    UTC,
    Endpoint,
    ItemTime,
    Localized,
    airport,
    describe_reading,
    format_duration,
    get_zone,
    great_circle_km,
    is_overnight_travel,
    iso_offset,
    localize,
    looks_like_offset,
    offset_label,
    suggest_zone,
    transition_between,
    travel_time,
    zone_label,
)

MIN_FLIGHT_KMH = 150.0
"""Slower than this over the great-circle distance, a flight is implausible (TZ008)."""
MAX_FLIGHT_KMH = 1100.0
"""Faster than this, a flight is implausible (TZ008)."""
MIN_FLIGHT_KM_FOR_SLOW = 300.0
"""The slow bound applies from this distance on: short hops spend most of their time taxiing."""
UNUSUAL_HOURS = range(0, 6)
"""Local start hours (00:00–05:59) at which a meeting is probably a slip (TZ009)."""


def _moment(aware: dt.datetime) -> str:
    """``2024-06-20 10:30 JST (UTC+09:00) = 01:30 UTC``."""
    utc = aware.astimezone(UTC)
    same = utc.date() == aware.date()
    return (f"{aware:%Y-%m-%d %H:%M} {zone_label(aware)} = "
            + (f"{utc:%H:%M} UTC" if same else f"{utc:%Y-%m-%d %H:%M} UTC"))


def _what(t: ItemTime) -> str:
    return f'{t.item.kind.value} "{t.item.id}"'


def _home(ctx: Context) -> str | None:
    home = ctx.trip.home_timezone
    return home if get_zone(home) is not None else None


def _unknown_zone(name: str, loc: tuple, subject: str) -> Finding:
    suggestion = None if looks_like_offset(name) else suggest_zone(name)
    if suggestion:
        help = f'did you mean "{suggestion}"?'
    elif looks_like_offset(name):
        help = ('write an IANA zone name such as "Asia/Bangkok", not an offset or abbreviation: '
                "a zone knows its daylight-saving changes, an offset does not")
    else:
        help = None
    return Finding(loc, f'{subject}"{name}" is not a time zone of the tz database', help=help)


@rule("TZ001", "unknown-zone", Severity.ERROR,
      "A time zone name is not in the tz database (often a typo).",
      'use an IANA zone name such as "Asia/Tokyo" or "Europe/Paris"')
def unknown_zone(ctx: Context) -> Iterator[Finding]:
    """Zone names (``home_timezone``, a place's ``timezone``, an item's ``timezone`` and
    ``end_timezone``) must be IANA names of the tz database (``Asia/Bangkok``), checked with
    ``zoneinfo`` and the ``tzdata`` package. Abbreviations (``JST``) and offsets (``+07:00``) are
    not zones: they do not know daylight saving. The finding points at the key holding the
    name and suggests the closest real zone."""
    trip = ctx.trip
    if get_zone(trip.home_timezone) is None:
        yield _unknown_zone(trip.home_timezone, ("home_timezone",), "home_timezone: ")
    for pid, place in trip.places.items():
        if place.timezone is not None and get_zone(place.timezone) is None:
            yield _unknown_zone(place.timezone, ("places", pid, "timezone"), f'place "{pid}": ')
    for i, item in enumerate(trip.items):
        for key in ("timezone", "end_timezone"):
            name = getattr(item, key)
            if name is not None and get_zone(name) is None:
                finding = _unknown_zone(name, item_loc(i, key), f'item "{item.id}": ')
                yield Finding(finding.loc, finding.message, help=finding.help, item=item.id)


@rule("TZ002", "zone-undetermined", Severity.ERROR,
      "A timed item has no zone: its time would float.",
      'give the item a place with a timezone, or timezone = "…", or a UTC offset')
def zone_undetermined(ctx: Context) -> Iterator[Finding]:
    """A clock time without a zone is not an instant. The zone comes from the item's
    ``timezone``, its origin or place, or where the delegation is (the trip's
    ``home_timezone`` before any travel). The arrival of travel is in the destination's zone:
    a travel item with an end time needs a ``destination`` (or ``end_timezone``). tripplan
    never guesses: such an item gets no instant until the zone is given."""
    home_broken = get_zone(ctx.trip.home_timezone) is None
    for t in ctx.times:
        item = t.item
        if item.start is None:
            continue
        if t.start_zone is None and item.start.tzinfo is None:
            help = None
            if home_broken:
                help = ("the trip's home_timezone is not a valid zone (TZ001); fix it, or give "
                        'this item a place with a timezone or timezone = "…"')
            yield Finding(item_loc(t.index, "start"),
                          f'{_what(t)} starts at {item.start:%Y-%m-%d %H:%M} but nothing says '
                          "in which zone", help=help, item=item.id)
        elif (item.end is not None and item.end.tzinfo is None and t.end_zone is None
              and t.start_zone is not None):
            yield Finding(item_loc(t.index, "end"),
                          f"{_what(t)} ends at {item.end:%Y-%m-%d %H:%M} but has no destination "
                          "to give that time its zone",
                          help='add destination = "BKK" (an IATA code or a place id), or '
                               'end_timezone = "…"', item=item.id)


def _localized(t: ItemTime) -> Iterator[tuple[str, Localized, str]]:
    if t.start_local is not None and t.start_zone:
        yield "start", t.start_local, t.start_zone
    if t.end_local is not None and t.end_zone:
        yield "end", t.end_local, t.end_zone


def _change(local: Localized, zone: str) -> tuple[str, str]:
    """Wall clock just before and just after the transition behind a gap or fold."""
    first, second = local.readings[0], local.readings[1]
    lo, hi = sorted((first.utc, second.utc))
    at = transition_between(zone, lo - dt.timedelta(minutes=1), hi) or hi
    return f"{at + first.offset:%H:%M}", f"{at + second.offset:%H:%M}"


@rule("TZ003", "nonexistent-local-time", Severity.ERROR,
      "A local time that does not exist: the clocks skip it (daylight saving starts).",
      "write the UTC offset you mean (e.g. 2024-03-10T02:30:00-05:00) or the time the clocks "
      "will show")
def nonexistent_local_time(ctx: Context) -> Iterator[Finding]:
    """When daylight saving starts the clocks jump forward (New York, 2024-03-10: 02:00 →
    03:00) and the wall times in between never happen. tripplan does not move such a time
    silently: the item gets no instant, and the finding lists both readings of the time with
    the instant each gives. Write the time the clocks will show, or the UTC offset meant
    (``2024-03-10T02:30:00-05:00``)."""
    for t in ctx.times:
        for key, local, zone in _localized(t):
            if local.status != "nonexistent":
                continue
            wall = getattr(t.item, key).replace(tzinfo=None)
            before, after = _change(local, zone)
            yield Finding(
                item_loc(t.index, key),
                f"{_what(t)}: {key} {wall:%Y-%m-%d %H:%M} does not exist in {zone}; the clocks "
                f"jump from {before} to {after}",
                help=f"write the offset you mean, e.g. {wall:%Y-%m-%dT%H:%M:%S}"
                     f"{iso_offset(local.readings[0].offset)}, or the time the clocks will show",
                item=t.item.id, related=tuple(describe_reading(r) for r in local.readings))


@rule("TZ004", "ambiguous-local-time", Severity.ERROR,
      "A local time that happens twice: the clocks go back over it (daylight saving ends).",
      "write the UTC offset of the one you mean, e.g. 2024-11-03T01:30:00-05:00")
def ambiguous_local_time(ctx: Context) -> Iterator[Finding]:
    """When daylight saving ends the clocks go back (Paris, 2024-10-27: 03:00 → 02:00), so the
    wall times in between happen twice. tripplan never picks one: the finding lists both
    instants; an explicit UTC offset in the file chooses (``2024-10-27T02:30:00+01:00`` is the
    second 02:30)."""
    for t in ctx.times:
        for key, local, zone in _localized(t):
            if local.status != "ambiguous":
                continue
            wall = getattr(t.item, key).replace(tzinfo=None)
            before, after = _change(local, zone)
            second = local.readings[1]
            name = f" ({second.abbreviation})" if second.abbreviation else ""
            yield Finding(
                item_loc(t.index, key),
                f"{_what(t)}: {key} {wall:%Y-%m-%d %H:%M} happens twice in {zone}; the clocks go "
                f"back from {before} to {after}",
                help=f"write the UTC offset of the one you mean, e.g. "
                     f"{wall:%Y-%m-%dT%H:%M:%S}{iso_offset(second.offset)} for the second{name}",
                item=t.item.id, related=tuple(describe_reading(r) for r in local.readings))


@rule("TZ005", "arrival-before-departure", Severity.ERROR,
      "An item ends before it starts once both times are converted to UTC.",
      "the arrival is local time at the destination: check its date and zone")
def arrival_before_departure(ctx: Context) -> Iterator[Finding]:
    """Start and end are each local at their own place (for travel: departure at the origin,
    arrival at the destination), so they are compared as instants. Crossing the date line
    eastward a flight may land on an earlier local date than it left: that is fine as long as
    the instants are in order. Items whose end is before their start in the same zone are
    R004's."""
    for t in ctx.times:
        if t.start is None or t.end is None or t.end_utc >= t.start_utc:
            continue
        item = t.item
        same_zone = t.start_zone == t.end_zone
        if same_zone and item.end.replace(tzinfo=None) < item.start.replace(tzinfo=None):
            continue  # R004 reports it in local time
        verb = ("arrives", "departs") if item.kind.is_travel else ("ends", "starts")
        yield Finding(
            item_loc(t.index, "end"),
            f"{_what(t)} {verb[0]} {format_duration(-t.duration)} before it {verb[1]} "
            "(in UTC)",
            item=item.id,
            related=(f"{verb[1]} {_moment(t.start)}", f"{verb[0]} {_moment(t.end)}"))


@rule("TZ006", "offset-mismatch", Severity.ERROR,
      "A time's explicit UTC offset is not one its zone uses then.",
      "remove the offset (times are local at the place), or correct it")
def offset_mismatch(ctx: Context) -> Iterator[Finding]:
    """A time may carry a UTC offset (``2024-10-27T02:30:00+01:00``) to choose between the
    two readings of a repeated wall time. An offset the item's zone does not use at that
    time means the time or the zone is wrong; the item gets no instant."""
    for t in ctx.times:
        for key, local, zone in _localized(t):
            if local.status != "offset-mismatch":
                continue
            value = getattr(t.item, key)
            given = value.utcoffset() or dt.timedelta(0)
            used = " or ".join(offset_label(r.offset) for r in local.readings)
            meant = value.astimezone(get_zone(zone))
            yield Finding(
                item_loc(t.index, key),
                f"{_what(t)}: {key} {value:%Y-%m-%d %H:%M} has offset {iso_offset(given)}, but "
                f"{zone} is at {used} then",
                item=t.item.id,
                related=(f"{value:%H:%M} {offset_label(given)} = "
                         f"{value.astimezone(UTC):%H:%M} UTC = {meant:%H:%M} in {zone}",))


def _reference(ctx: Context, t: ItemTime | None) -> dt.datetime:
    if t is not None:
        if t.start is not None:
            return t.start
        if t.item.first_day is not None:
            return dt.datetime.combine(t.item.first_day, dt.time(12), tzinfo=UTC)
    return dt.datetime.combine(ctx.trip.start, dt.time(12), tzinfo=UTC)


def _disagree(zone_a: str, zone_b: str, at: dt.datetime) -> bool:
    a, b = get_zone(zone_a), get_zone(zone_b)
    if a is None or b is None or zone_a == zone_b:
        return False
    return at.astimezone(a).utcoffset() != at.astimezone(b).utcoffset()


@rule("TZ007", "zone-disagrees-with-place", Severity.WARNING,
      "An explicit zone differs from the zone of the item's place, origin or airport.",
      "remove the explicit zone to use the place's, or keep it if the time is deliberately "
      "written in that zone")
def zone_disagrees_with_place(ctx: Context) -> Iterator[Finding]:
    """An item's ``timezone`` overrides its place's zone (for travel, its origin's; an
    ``end_timezone``, the destination's), and a place's ``timezone`` overrides its airport's.
    When they give different UTC offsets at the item's time, one of them is probably wrong.
    Different names with the same offset then (``Asia/Bangkok`` and ``Asia/Jakarta``) are not
    reported."""
    trip = ctx.trip
    for pid, place in trip.places.items():
        ap = airport(place.airport) if place.airport else None
        at = _reference(ctx, None)
        if place.timezone and ap is not None and _disagree(place.timezone, ap.timezone, at):
            yield Finding(("places", pid, "timezone"),
                          f'place "{pid}" has timezone {place.timezone} but its airport '
                          f"{ap.iata} is in {ap.timezone}")
    for t in ctx.times:
        item = t.item
        if item.timezone is None and item.end_timezone is None:
            continue
        at = _reference(ctx, t)
        start_where = t.origin if item.kind.is_travel else t.place
        end_where = t.destination if item.kind.is_travel else t.place
        checks = (("timezone", item.timezone, start_where, "origin" if item.kind.is_travel
                   else "place"),
                  ("end_timezone", item.end_timezone, end_where, "destination"
                   if item.kind.is_travel else "place"))
        for key, zone, where, role in checks:
            if zone is None or where is None or where.zone is None:
                continue
            when = t.end if key == "end_timezone" and t.end is not None else at
            if _disagree(zone, where.zone, when):
                here = when.astimezone(get_zone(zone))
                there = when.astimezone(get_zone(where.zone))
                yield Finding(item_loc(t.index, key),
                              f"{_what(t)} has {key} {zone} ({offset_label(here)}) but its "
                              f'{role} "{where.key}" is in {where.zone} ({offset_label(there)})',
                              item=item.id)


def _alternative(t: ItemTime, zone: str | None, km: float) -> str | None:
    """The flight's duration and speed if its arrival were read in ``zone`` instead."""
    if zone is None or zone == t.end_zone or t.item.end is None or t.start is None:
        return None
    try:
        other = localize(t.item.end.replace(tzinfo=None), zone).instant
    except ValueError:
        return None
    if other is None or other.astimezone(UTC) <= t.start_utc:
        return None
    took = other.astimezone(UTC) - t.start_utc
    hours = took.total_seconds() / 3600
    speed = km / hours
    if not MIN_FLIGHT_KMH <= speed <= MAX_FLIGHT_KMH:
        return None
    return (f"if the arrival {t.item.end:%H:%M} were {zone} time, the flight would take "
            f"{format_duration(took)} ({speed:,.0f} km/h)")


@rule("TZ008", "implausible-flight-speed", Severity.WARNING,
      "A flight's speed over the great-circle distance between its airports is implausible.",
      "departure is local time at the origin, arrival local time at the destination: check that "
      "neither was typed in another zone (or in home time), and the arrival's date")
def implausible_flight_speed(ctx: Context) -> Iterator[Finding]:
    """The distance between the airports (great circle, from their coordinates) divided by
    the flight's duration in UTC must lie between 150 and 1,100 km/h (the slow bound from
    300 km on). Outside that, the arrival was almost always typed in the departure's zone or
    in home time, or on the wrong day."""
    home = _home(ctx)
    for t in ctx.times:
        item = t.item
        if item.kind is not Kind.FLIGHT or t.duration is None or t.duration <= dt.timedelta(0):
            continue
        if t.origin is None or t.destination is None:
            continue
        if t.origin.coordinates is None or t.destination.coordinates is None:
            continue
        km = great_circle_km(t.origin.coordinates, t.destination.coordinates)
        speed = km / (t.duration.total_seconds() / 3600)
        if speed > MAX_FLIGHT_KMH:
            verdict = "faster than any airliner"
        elif speed < MIN_FLIGHT_KMH and km >= MIN_FLIGHT_KM_FOR_SLOW:
            verdict = "slower than any airliner"
        else:
            continue
        related = [f"departs {_moment(t.start)}", f"arrives {_moment(t.end)}"]
        for zone in dict.fromkeys((t.start_zone, home)):
            alt = _alternative(t, zone, km)
            if alt:
                related.append(alt)
        yield Finding(item_loc(t.index, "end"),
                      f'flight "{item.id}" {t.origin.key} → {t.destination.key}: {km:,.0f} km in '
                      f"{format_duration(t.duration)} is {speed:,.0f} km/h, {verdict}",
                      item=item.id, related=tuple(related))


@rule("TZ009", "unusual-local-hour", Severity.WARNING,
      "A meeting or other non-travel item starts between 00:00 and 05:59 local time.",
      "write 24-hour local times at the place (14:00, not 02:00); if the hour is right, "
      "ignore this finding with --ignore TZ009")
def unusual_local_hour(ctx: Context) -> Iterator[Finding]:
    """Official appointments rarely start in the small hours. A start between 00:00 and 05:59
    local time is usually an AM/PM slip (2:00 for 14:00) or a time typed in home time instead
    of local time. Travel and lodging are not checked: night flights and late check-ins are
    normal."""
    home = _home(ctx)
    for t in ctx.times:
        item = t.item
        if (item.start is None or item.kind.is_travel or item.kind is Kind.LODGING
                or item.status is ItemStatus.CANCELLED):
            continue
        if item.start.hour not in UNUSUAL_HOURS:
            continue
        related: list[str] = []
        if t.start is not None and home and home != t.start_zone:
            at_home = t.start.astimezone(get_zone(home))
            related.append(f"{t.start:%H:%M} here is {at_home:%H:%M} in {home} (home)")
        yield Finding(item_loc(t.index, "start"),
                      f"{_what(t)} starts at {item.start:%H:%M} local time"
                      + (f" in {t.start_zone}" if t.start_zone else "")
                      + ": an AM/PM slip, or a time typed in another zone?",
                      item=item.id, related=tuple(related))


@rule("TZ010", "not-enough-travel-time", Severity.WARNING,
      "Consecutive items at different places leave less time than getting there needs.",
      "leave more time between them, or set the trip's travel_speed_kmh if the delegation "
      "travels faster")
def not_enough_travel_time(ctx: Context) -> Iterator[Finding]:
    """For each delegation member, consecutive timed items (in UTC order; lodging and cancelled
    items left out) at different places with coordinates: the time between the end of one and
    the start of the next must cover the straight-line distance at the trip's
    ``travel_speed_kmh`` (default 30 km/h, city traffic and detours included). A place's
    position is its ``coordinates``, else its airport's; travel starts at its origin and ends
    at its destination. Overlaps are R007's."""
    speed = ctx.trip.travel_speed_kmh
    everyone = list(ctx.trip.people) or ["(delegation)"]
    # one entry per item, computed once: (start, end, where it starts, where it ends, time)
    Stop = tuple[dt.datetime, dt.datetime, Endpoint | None, Endpoint | None, ItemTime]
    by_person: dict[str, list[Stop]] = defaultdict(list)
    for t in ctx.times:
        item = t.item
        if t.start is None or item.status is ItemStatus.CANCELLED or item.kind is Kind.LODGING:
            continue
        start = t.start_utc
        end = t.end_utc if t.end is not None and t.end_utc >= start else start
        here, there = t.start_where, t.end_where
        stop = (start, end, here if here is not None and here.coordinates else None,
                there if there is not None and there.coordinates else None, t)
        for person in item.participants if item.participants is not None else everyone:
            by_person[person].append(stop)
    reported: set[tuple[int, int]] = set()
    distances: dict[tuple[str, str], tuple[float, dt.timedelta]] = {}
    zero = dt.timedelta(0)
    for stops in by_person.values():
        stops.sort(key=lambda s: (s[0], s[4].index))
        for (_, a_end, _, there, a), (b_start, _, here, _, b) in pairwise(stops):
            if there is None or here is None:
                continue
            pair = (there.key, here.key)
            gap = b_start - a_end
            if pair[0] == pair[1] or gap < zero or (a.index, b.index) in reported:
                continue
            if pair not in distances:
                km = great_circle_km(there.coordinates, here.coordinates)
                distances[pair] = (km, travel_time(km, speed))
            km, need = distances[pair]
            if gap >= need:
                continue
            reported.add((a.index, b.index))
            yield Finding(item_loc(b.index, "start"),
                          f'{_what(b)} starts {format_duration(gap)} after "{a.item.id}" ends, '
                          f'but "{there.key}" → "{here.key}" is {km:,.1f} km: about '
                          f"{format_duration(need)} at {speed or DEFAULT_TRAVEL_SPEED_KMH:g} km/h",
                          item=b.item.id)


@rule("TZ011", "night-not-covered", Severity.WARNING,
      "A night of the trip has neither lodging nor overnight travel.",
      'add the hotel (kind = "lodging" with date and end_date, or start and end) or the '
      "overnight travel")
def night_not_covered(ctx: Context) -> Iterator[Finding]:
    """Every night between the trip's first and last day needs a bed or a seat: a lodging
    item (not cancelled) from that day to the next or later (a lodging with only a date
    covers that one night), or travel that runs into the next day or leaves at night. One
    sweep over the items and the days: O(n + days)."""
    trip = ctx.trip
    nights = (trip.end - trip.start).days
    if nights <= 0:
        return
    delta = [0] * (nights + 1)
    last_item_of_day: dict[dt.date, int] = {}
    for i, item in enumerate(trip.items):
        first = item.first_day
        if first is not None:
            last_item_of_day[first] = i
        if item.status is ItemStatus.CANCELLED or first is None:
            continue
        last = item.last_day or first
        if item.kind is Kind.LODGING or is_overnight_travel(item):
            span = (first, max(last, first + dt.timedelta(days=1)))
        else:
            continue
        lo = max((span[0] - trip.start).days, 0)
        hi = min((span[1] - trip.start).days, nights)  # nights lo .. hi-1 covered
        if lo < hi:
            delta[lo] += 1
            delta[hi] -= 1
    covered = 0
    for n in range(nights):
        covered += delta[n]
        if covered > 0:
            continue
        night = trip.start + dt.timedelta(days=n)
        where = last_item_of_day.get(night)
        loc = item_loc(where) if where is not None else ("end",)
        yield Finding(loc, f"no lodging or overnight travel for the night of {night:%a %d %b} → "
                      f"{night + dt.timedelta(days=1):%a %d %b %Y}", at_key=where is not None)


@rule("TZ012", "file-order-differs-in-utc", Severity.WARNING,
      "Items listed in clock order in the file happen in another order once converted to UTC.",
      "check both items' zones; the file is never reordered (`tripplan tz` shows the true order)")
def file_order_differs_in_utc(ctx: Context) -> Iterator[Finding]:
    """Two timed items next to each other in the file (among timed items), the second with the
    later or equal clock time as written, whose instants are the other way round: one of the
    two times is probably in the wrong zone. tripplan warns and never reorders the file."""
    previous: ItemTime | None = None
    for t in ctx.times:
        if t.start is None:
            continue
        if previous is not None:
            wall_a = previous.item.start.replace(tzinfo=None)
            wall_b = t.item.start.replace(tzinfo=None)
            if wall_a <= wall_b and t.start_utc < previous.start_utc:
                yield Finding(
                    item_loc(t.index, "start"),
                    f'{_what(t)} follows "{previous.item.id}" in the file and on the clock '
                    f"({wall_a:%H:%M} → {wall_b:%H:%M}) but happens "
                    f"{format_duration(previous.start_utc - t.start_utc)} before it",
                    item=t.item.id,
                    related=(f'"{previous.item.id}": {_moment(previous.start)}',
                             f'"{t.item.id}": {_moment(t.start)}'))
        previous = t


@rule("TZ013", "unknown-airport", Severity.ERROR,
      "A place's airport code is not in the airport database.",
      "check the IATA code (three capital letters, e.g. HND, NRT, BKK, DMK)")
def unknown_airport(ctx: Context) -> Iterator[Finding]:
    """A place's ``airport`` gives its zone and position from the ``airportsdata`` database;
    an unknown code gives neither. (Codes given directly as an item's ``origin`` or
    ``destination`` are checked by R002.)"""
    for pid, place in ctx.trip.places.items():
        if place.airport and airport(place.airport) is None:
            yield Finding(("places", pid, "airport"),
                          f'place "{pid}": "{place.airport}" is not a known IATA airport code')
