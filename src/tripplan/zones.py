"""All time-zone logic: every timed item becomes exactly one aware instant, or a finding.

Zone of an item's start, first match wins (documented in README, "Time zones"):

1. the item's explicit ``timezone``;
2. travel (flights, transfers): the origin's zone — a place's ``timezone``, or the zone of
   its IATA airport (from the ``airportsdata`` database), or a place that is an airport;
3. the zone of the item's ``place`` (its ``timezone``, else its ``airport``'s zone);
4. where the delegation is at that point: the destination zone of the latest travel item
   that ends before this item, else the trip's ``home_timezone``.

The end of travel is in the destination's zone (``end_timezone`` overrides); the end of
anything else is in the start's zone. A naive local time that does not exist (DST gap) or
happens twice (DST fold) is never resolved silently: the item gets no instant and a
finding says which candidates exist; an explicit UTC offset in the file
(``2024-10-27T02:30:00+01:00``) picks one.

Items without a clock time keep none. For ordering only, a date-only item sorts at the start
of its day and a part of day at the start of its window
(:data:`~tripplan.model.PART_OF_DAY_WINDOWS`).

>>> import datetime as dt
>>> r = localize(dt.datetime(2024, 10, 27, 2, 30), "Europe/Paris")
>>> r.status, [c.isoformat() for c in r.candidates]
('ambiguous', ['2024-10-27T02:30:00+02:00', '2024-10-27T02:30:00+01:00'])
>>> localize(dt.datetime(2024, 6, 20, 10, 0), "Asia/Bangkok").instant.isoformat()
'2024-06-20T10:00:00+07:00'
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import zoneinfo
from dataclasses import dataclass, field

from tripplan.model import PART_OF_DAY_WINDOWS, Item, Place, Trip

UTC = dt.UTC


@functools.lru_cache(maxsize=512)
def get_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA zone called ``name`` (tz database from ``tzdata`` if the system has none)."""
    if not name or name != name.strip() or name.startswith("/") or ".." in name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


@functools.lru_cache(maxsize=1)
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def suggest_zone(name: str) -> str | None:
    """The closest real zone name, for "did you mean".

    >>> suggest_zone("Asia/Bangkock"), suggest_zone("asia/tokyo"), suggest_zone("Bangkok")
    ('Asia/Bangkok', 'Asia/Tokyo', 'Asia/Bangkok')
    """
    names = _zone_names()
    lowered = {n.lower(): n for n in names}
    if name.lower() in lowered:
        return lowered[name.lower()]
    by_city = {n.rsplit("/", 1)[-1].lower(): n for n in names}
    key = name.replace(" ", "_").lower()
    if key in by_city:
        return by_city[key]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return close[0] if close else None


@dataclass(frozen=True)
class Localized:
    """A local wall time in a zone: one instant, none (gap) or two (fold)."""

    status: str  # "ok" | "nonexistent" | "ambiguous" | "offset-mismatch"
    candidates: tuple[dt.datetime, ...]

    @property
    def instant(self) -> dt.datetime | None:
        return self.candidates[0] if self.status == "ok" else None


def localize(local: dt.datetime, zone_name: str) -> Localized:
    """Resolve a wall time in a zone, detecting DST gaps and folds.

    ``local`` may carry an explicit UTC offset: it then selects the candidate with that offset.
    """
    zone = get_zone(zone_name)
    if zone is None:
        raise ValueError(f"unknown zone {zone_name}")
    wall = local.replace(tzinfo=None)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    exists = _roundtrips(first) or _roundtrips(second)
    if not exists:
        before = first.astimezone(UTC).astimezone(zone)
        after = second.astimezone(UTC).astimezone(zone)
        candidates = tuple(sorted({before, after}, key=lambda d: d.astimezone(UTC)))
        return Localized("nonexistent", candidates)
    if first.utcoffset() != second.utcoffset():
        candidates = (first, second)
        if local.tzinfo is not None:
            chosen = [c for c in candidates if c.utcoffset() == local.utcoffset()]
            if chosen:
                return Localized("ok", (chosen[0],))
            return Localized("offset-mismatch", candidates)
        return Localized("ambiguous", candidates)
    if local.tzinfo is not None and local.utcoffset() != first.utcoffset():
        return Localized("offset-mismatch", (first,))
    return Localized("ok", (first,))


def _roundtrips(aware: dt.datetime) -> bool:
    back = aware.astimezone(UTC).astimezone(aware.tzinfo)
    return back.replace(tzinfo=None) == aware.replace(tzinfo=None)


@dataclass(frozen=True)
class Airport:
    iata: str
    name: str
    city: str
    country: str
    timezone: str
    lat: float
    lon: float


@functools.lru_cache(maxsize=1)
def _airports() -> dict:
    import airportsdata

    return airportsdata.load("IATA")


@functools.lru_cache(maxsize=256)
def airport(code: str) -> Airport | None:
    """An airport by IATA code, from the maintained ``airportsdata`` database.

    >>> airport("BKK").timezone, airport("HND").city
    ('Asia/Bangkok', 'Tokyo')
    """
    row = _airports().get(code.upper())
    if row is None:
        return None
    return Airport(code.upper(), row["name"], row["city"], row["country"], row["tz"],
                   float(row["lat"]), float(row["lon"]))


@dataclass(frozen=True)
class Endpoint:
    """Where something is: a place of the trip or an airport."""

    label: str
    zone: str | None
    coordinates: tuple[float, float] | None
    place_id: str | None = None
    airport: Airport | None = None


def place_endpoint(place_id: str, place: Place) -> Endpoint:
    ap = airport(place.airport) if place.airport else None
    zone = place.timezone or (ap.timezone if ap else None)
    coords = None
    if place.coordinates is not None:
        coords = (place.coordinates.lat, place.coordinates.lon)
    elif ap is not None:
        coords = (ap.lat, ap.lon)
    return Endpoint(place.name.get("en") or place_id, zone, coords, place_id, ap)


def endpoint(trip: Trip, ref: str | None) -> Endpoint | None:
    """A place id or an IATA code → :class:`Endpoint` (``None`` if unknown)."""
    if ref is None:
        return None
    if ref in trip.places:
        return place_endpoint(ref, trip.places[ref])
    if len(ref) == 3 and ref.isalpha() and ref.isupper():
        ap = airport(ref)
        if ap is not None:
            return Endpoint(f"{ap.iata} {ap.name}", ap.timezone, (ap.lat, ap.lon), None, ap)
    return None


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km on a sphere of radius 6371 km (haversine).

    >>> round(great_circle_km((35.5523, 139.7798), (13.6811, 100.7475)))  # HND–BKK
    4589
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


@dataclass
class ItemTime:
    """What the zone engine knows of one item's time."""

    index: int
    item: Item
    start_zone: str | None = None
    end_zone: str | None = None
    start_zone_source: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    start_local: Localized | None = None
    end_local: Localized | None = None
    origin: Endpoint | None = None
    destination: Endpoint | None = None
    sort_instant: dt.datetime | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def is_timed(self) -> bool:
        return self.item.start is not None


def _window_start(day: dt.date, item: Item) -> dt.time:
    if item.part_of_day is not None:
        return PART_OF_DAY_WINDOWS[item.part_of_day][0]
    return dt.time(0, 0)


def resolve(trip: Trip) -> list[ItemTime]:
    """Resolve every item of ``trip`` (same order as ``trip.items``)."""
    results = [ItemTime(i, item) for i, item in enumerate(trip.items)]
    # Where the delegation is: walk items in (approximate) chronological order of days.
    order = sorted(results, key=lambda r: (_approx_key(r.item), r.index))
    current_zone = trip.home_timezone if get_zone(trip.home_timezone) else None
    for r in order:
        item = r.item
        place = trip.places.get(item.place) if item.place else None
        place_ep = place_endpoint(item.place, place) if place is not None else None
        if item.kind.is_travel:
            r.origin = endpoint(trip, item.origin) or place_ep
            r.destination = endpoint(trip, item.destination)
        if item.timezone:
            r.start_zone, r.start_zone_source = item.timezone, "item"
        elif r.origin is not None and r.origin.zone:
            r.start_zone, r.start_zone_source = r.origin.zone, "origin"
        elif place_ep is not None and place_ep.zone:
            r.start_zone, r.start_zone_source = place_ep.zone, "place"
        elif current_zone:
            r.start_zone, r.start_zone_source = current_zone, "current"
        if item.end_timezone:
            r.end_zone = item.end_timezone
        elif item.kind.is_travel:
            if r.destination is not None and r.destination.zone:
                r.end_zone = r.destination.zone
            elif item.destination is None and item.timezone:
                r.end_zone = item.timezone
        else:
            r.end_zone = r.start_zone
        _localize_item(r)
        if item.kind.is_travel and r.end_zone and get_zone(r.end_zone):
            current_zone = r.end_zone
        elif place_ep is not None and place_ep.zone and get_zone(place_ep.zone):
            current_zone = place_ep.zone
    return results


def _approx_key(item: Item) -> tuple:
    day = item.first_day or dt.date.max
    if item.start is not None:
        return (day, item.start.time().replace(tzinfo=None))
    return (day, _window_start(day, item))


def _localize_item(r: ItemTime) -> None:
    item = r.item
    zone_ok = r.start_zone is not None and get_zone(r.start_zone) is not None
    if item.start is not None:
        if zone_ok:
            r.start_local = localize(item.start, r.start_zone)
            r.start = r.start_local.instant
        elif item.start.tzinfo is not None:
            r.start = item.start
        if item.end is not None:
            end_ok = r.end_zone is not None and get_zone(r.end_zone) is not None
            if end_ok:
                r.end_local = localize(item.end, r.end_zone)
                r.end = r.end_local.instant
            elif item.end.tzinfo is not None:
                r.end = item.end
        r.sort_instant = r.start
    elif item.date is not None and zone_ok:
        local = dt.datetime.combine(item.date, _window_start(item.date, item))
        r.sort_instant = local.replace(tzinfo=get_zone(r.start_zone)).astimezone(UTC)


def chronological(times: list[ItemTime]) -> list[ItemTime]:
    """Items in time order: by instant where known, untimed items at their day or window."""

    def key(r: ItemTime) -> tuple:
        if r.sort_instant is not None:
            return (0, r.sort_instant.astimezone(UTC).replace(tzinfo=None), r.index)
        day = r.item.first_day
        if day is None:
            return (1, dt.datetime.max, r.index)
        return (0, dt.datetime.combine(day, _window_start(day, r.item)), r.index)

    return sorted(times, key=key)


def offset_label(instant: dt.datetime) -> str:
    """``UTC+07:00`` style label of an aware datetime's offset.

    >>> offset_label(dt.datetime(2024, 6, 20, tzinfo=get_zone("Asia/Kolkata")))
    'UTC+05:30'
    """
    offset = instant.utcoffset() or dt.timedelta(0)
    sign = "+" if offset >= dt.timedelta(0) else "−"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
