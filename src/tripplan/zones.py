"""All time-zone logic: every timed item becomes exactly one aware instant, or a finding.

This is the one zone module: the rules, ``tripplan tz``, ``show`` and every exporter use it.
The user documentation is ``docs/timezones.md``.

Zone of an item's start, first match wins:

1. the item's explicit ``timezone``;
2. travel (flights, transfers): the origin's zone — a place's ``timezone``, else the zone of
   its ``airport``, or the zone of an IATA code given as ``origin`` (from the ``airportsdata``
   database, never a hand-written table);
3. the zone of the item's ``place`` (its ``timezone``, else its ``airport``'s zone);
4. where the delegation is at that point: the zone of the latest travel destination or place
   before this item (in day order), else the trip's ``home_timezone``.

The end of travel is in the destination's zone (``end_timezone`` overrides); the end of
anything else is in the start's zone (``end_timezone`` overrides too). A travel item with an
end time and no destination has no end zone: that is a finding, never a floating time.

A naive local time that does not exist (DST gap) or happens twice (DST fold) is never
resolved silently: the item gets no instant and a finding lists both readings. An explicit
UTC offset in the file (``2024-10-27T02:30:00+01:00``) picks one.

Items without a clock time keep none. For ordering only, a date-only item sorts at the start
of its day and a part of day at the start of its window
(:data:`~tripplan.model.PART_OF_DAY_WINDOWS`).

>>> import datetime as dt
>>> r = localize(dt.datetime(2024, 10, 27, 2, 30), "Europe/Paris")
>>> r.status, [c.isoformat() for c in r.candidates]
('ambiguous', ['2024-10-27T02:30:00+02:00', '2024-10-27T02:30:00+01:00'])
>>> [describe_reading(x) for x in r.readings]
['02:30 CEST (UTC+02:00) = 00:30 UTC', '02:30 CET (UTC+01:00) = 01:30 UTC']
>>> localize(dt.datetime(2024, 6, 20, 10, 0), "Asia/Bangkok").instant.isoformat()
'2024-06-20T10:00:00+07:00'
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import math
import re
import zoneinfo
from dataclasses import dataclass, field

from tripplan.model import PART_OF_DAY_WINDOWS, Item, PartOfDay, Place, Trip

UTC = dt.UTC
MINUS = "\u2212"
"""The minus sign used in offsets and clock changes (``UTC−05:00``, ``clocks −2 h``)."""

DEFAULT_TRAVEL_SPEED_KMH = 30.0
"""Ground speed over the straight-line distance used to estimate travel between places
(a trip's ``travel_speed_kmh`` overrides it)."""

_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory", "posix", "right"})


@functools.lru_cache(maxsize=512)
def get_zone(name: str) -> zoneinfo.ZoneInfo | None:
    """The IANA zone called ``name`` (tz database from ``tzdata`` if the system has none).

    Names are matched as the tz database spells them; files of the zone folder that are not
    zones (``localtime``, ``posixrules``) are refused so results do not depend on the machine.

    >>> get_zone("Asia/Bangkok").key, get_zone("Asia/Bangkock"), get_zone("localtime")
    ('Asia/Bangkok', None, None)
    """
    if not name or not _ZONE_NAME.match(name) or name.split("/")[0] in _NOT_ZONES:
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
    >>> suggest_zone("New York"), suggest_zone("Nowhere/Atlantis")
    ('America/New_York', None)
    """
    names = _zone_names()
    lowered = {n.lower(): n for n in names}
    if name.lower() in lowered:
        return lowered[name.lower()]
    by_city = {n.rsplit("/", 1)[-1].lower(): n for n in names if "/" in n}
    key = name.strip().replace(" ", "_").lower()
    if key in by_city:
        return by_city[key]
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return close[0] if close else None


def looks_like_offset(name: str) -> bool:
    """Whether a "zone" is really a fixed offset or abbreviation (``+07:00``, ``UTC+9``, ``JST``).

    >>> looks_like_offset("UTC+9"), looks_like_offset("+07:00"), looks_like_offset("JST")
    (True, True, True)
    >>> looks_like_offset("Asia/Tokyo")
    False
    """
    pattern = r"(UTC|GMT)?\s*[+\-\u2212]\s*\d{1,2}(:?\d{2})?|[A-Z]{3,5}"
    return bool(re.fullmatch(pattern, name.strip()))


@dataclass(frozen=True)
class Reading:
    """One way to read a local wall time in a zone: with one of its UTC offsets.

    ``shown`` is the resulting instant as the zone's clocks show it (for a wall time that
    does not exist, a different wall time).
    """

    wall: dt.datetime
    abbreviation: str | None
    offset: dt.timedelta
    utc: dt.datetime
    shown: dt.datetime


@dataclass(frozen=True)
class Localized:
    """A local wall time in a zone: one instant, none (gap) or two (fold).

    ``status`` is ``ok``, ``nonexistent`` (the clocks skip it), ``ambiguous`` (the clocks
    show it twice) or ``offset-mismatch`` (an explicit UTC offset the zone does not use
    then). ``candidates`` are the possible instants, in the zone; ``readings`` explain them.
    """

    status: str
    candidates: tuple[dt.datetime, ...]
    readings: tuple[Reading, ...] = ()
    """How the wall time can be read; empty when it has exactly one reading and it exists."""

    @property
    def instant(self) -> dt.datetime | None:
        return self.candidates[0] if self.status == "ok" else None


def readings(wall: dt.datetime, zone_name: str) -> tuple[Reading, ...]:
    """The distinct readings of a wall time in a zone (two at a gap or a fold, else one).

    >>> for r in readings(dt.datetime(2024, 3, 10, 2, 30), "America/New_York"):
    ...     print(describe_reading(r))
    02:30 EST (UTC−05:00) = 07:30 UTC (the clocks show 03:30 EDT)
    02:30 EDT (UTC−04:00) = 06:30 UTC (the clocks show 01:30 EST)
    """
    zone = get_zone(zone_name)
    if zone is None:
        raise ValueError(f"unknown zone {zone_name}")
    wall = wall.replace(tzinfo=None)
    out: list[Reading] = []
    for fold in (0, 1):
        aware = wall.replace(tzinfo=zone, fold=fold)
        offset = aware.utcoffset() or dt.timedelta(0)
        if any(r.offset == offset for r in out):
            continue
        utc = (wall - offset).replace(tzinfo=UTC)
        out.append(Reading(wall, abbreviation(aware), offset, utc, utc.astimezone(zone)))
    return tuple(out)


def describe_reading(r: Reading) -> str:
    """``01:30 EDT (UTC−04:00) = 05:30 UTC``; the UTC date is added when it differs; for a
    wall time the clocks skip, what they show instead."""
    text = f"{r.wall:%H:%M}"
    if r.abbreviation:
        text += f" {r.abbreviation}"
    text += f" ({offset_label(r.offset)}) = "
    text += f"{r.utc:%H:%M} UTC" if r.utc.date() == r.wall.date() else f"{r.utc:%Y-%m-%d %H:%M} UTC"
    if r.shown.replace(tzinfo=None) != r.wall:
        text += f" (the clocks show {r.shown:%H:%M}"
        text += f" {r.shown.tzname()})" if abbreviation(r.shown) else ")"
    return text


def localize(local: dt.datetime, zone_name: str) -> Localized:
    """Resolve a wall time in a zone, detecting DST gaps and folds.

    ``local`` may carry an explicit UTC offset: it then selects the reading with that offset.

    >>> localize(dt.datetime(2024, 11, 3, 1, 30), "America/New_York").status
    'ambiguous'
    >>> est = dt.timezone(dt.timedelta(hours=-5))
    >>> localize(dt.datetime(2024, 11, 3, 1, 30, tzinfo=est), "America/New_York"
    ...          ).instant.astimezone(UTC).isoformat()
    '2024-11-03T06:30:00+00:00'
    >>> localize(dt.datetime(2024, 3, 10, 2, 30), "America/New_York").status
    'nonexistent'
    """
    zone = get_zone(zone_name)
    if zone is None:
        raise ValueError(f"unknown zone {zone_name}")
    wall = local.replace(tzinfo=None) if local.tzinfo is not None else local
    first = wall.replace(tzinfo=zone)
    offset = first.utcoffset()
    # the usual case: one reading, and it exists
    if first.replace(fold=1).utcoffset() == offset and (
            local.tzinfo is None or local.utcoffset() == offset):
        return Localized("ok", (first,))
    options = readings(wall, zone_name)
    exists = [r for r in options if r.shown.replace(tzinfo=None) == wall]
    if local.tzinfo is not None:
        chosen = [r for r in options if r.offset == local.utcoffset()]
        if chosen:
            return Localized("ok", (chosen[0].shown,), options)
        return Localized("offset-mismatch", tuple(r.shown for r in options), options)
    if not exists:
        return Localized("nonexistent", tuple(r.shown for r in options), options)
    if len(exists) > 1:
        return Localized("ambiguous", tuple(r.shown for r in exists), tuple(exists))
    return Localized("ok", (exists[0].shown,), tuple(exists))


def abbreviation(instant: dt.datetime) -> str | None:
    """The zone's abbreviation at ``instant`` (``JST``, ``CEST``), or ``None`` where the tz
    database has only a number (``+07`` for Asia/Bangkok): offsets are shown apart.

    >>> abbreviation(dt.datetime(2024, 6, 20, tzinfo=get_zone("Asia/Tokyo")))
    'JST'
    >>> abbreviation(dt.datetime(2024, 6, 20, tzinfo=get_zone("Asia/Bangkok"))) is None
    True
    """
    name = instant.tzname()
    if not name or name[0] in "+-" or name.startswith(("UTC", "GMT")) and name != "GMT":
        return None
    return name


def short_label(instant: dt.datetime) -> str:
    """``JST``, or ``UTC+07:00`` for a zone without an abbreviation.

    >>> short_label(dt.datetime(2024, 6, 20, 9, tzinfo=get_zone("Asia/Bangkok")))
    'UTC+07:00'
    """
    return abbreviation(instant) or offset_label(instant)


def zone_label(instant: dt.datetime) -> str:
    """``JST (UTC+09:00)``, or ``UTC+07:00`` for a zone without an abbreviation.

    >>> zone_label(dt.datetime(2024, 10, 27, 12, tzinfo=get_zone("Europe/Paris")))
    'CET (UTC+01:00)'
    """
    abbr = abbreviation(instant)
    return f"{abbr} ({offset_label(instant)})" if abbr else offset_label(instant)


def offset_label(value: dt.datetime | dt.timedelta) -> str:
    """``UTC+07:00`` style label of an aware datetime's offset (or of an offset).

    >>> offset_label(dt.datetime(2024, 6, 20, tzinfo=get_zone("Asia/Kolkata")))
    'UTC+05:30'
    >>> offset_label(dt.timedelta(hours=-3))
    'UTC−03:00'
    """
    offset = value if isinstance(value, dt.timedelta) else value.utcoffset() or dt.timedelta(0)
    sign = "+" if offset >= dt.timedelta(0) else MINUS
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def iso_offset(offset: dt.timedelta) -> str:
    """``-05:00``: an offset as written in a trip file.

    >>> iso_offset(dt.timedelta(hours=5, minutes=45)), iso_offset(dt.timedelta(hours=-5))
    ('+05:45', '-05:00')
    """
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_duration(delta: dt.timedelta, lang: str = "en") -> str:
    """A duration for people: ``6 h 30 min``, ``45 min``, ``2 h`` (Japanese ``6時間30分``).

    >>> format_duration(dt.timedelta(hours=6, minutes=30)), format_duration(dt.timedelta(0))
    ('6 h 30 min', '0 min')
    >>> format_duration(dt.timedelta(hours=-2)), format_duration(dt.timedelta(minutes=390), "ja")
    ('−2 h', '6時間30分')
    """
    minutes = round(delta.total_seconds() / 60)
    sign = MINUS if minutes < 0 else ""
    hours, rest = divmod(abs(minutes), 60)
    if lang == "ja":
        parts = ([f"{hours}時間"] if hours else []) + ([f"{rest}分"] if rest or not hours else [])
        return sign + "".join(parts)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    return sign + " ".join(parts)


def clock_change(delta: dt.timedelta, *, lang: str = "en") -> str:
    """How far the clocks move: ``−2 h``, ``+5 h 30 min``, ``±0``.

    >>> clock_change(dt.timedelta(hours=-2)), clock_change(dt.timedelta(hours=5, minutes=30))
    ('−2 h', '+5 h 30 min')
    """
    if not delta:
        return "±0"
    text = format_duration(delta, lang=lang)
    return text if text.startswith(MINUS) else "+" + text


def offset_change(old_zone: str, new_zone: str, at: dt.datetime) -> dt.timedelta:
    """How the clocks move at ``at`` (aware) going from ``old_zone`` to ``new_zone``.

    >>> at = dt.datetime(2024, 6, 20, 8, tzinfo=UTC)
    >>> clock_change(offset_change("Asia/Tokyo", "Asia/Bangkok", at))
    '−2 h'
    """
    new = at.astimezone(get_zone(new_zone)).utcoffset() or dt.timedelta(0)
    old = at.astimezone(get_zone(old_zone)).utcoffset() or dt.timedelta(0)
    return new - old


def transition_between(zone_name: str, a: dt.datetime, b: dt.datetime) -> dt.datetime | None:
    """The first instant in ``(a, b]`` at which ``zone_name`` changes its offset, to the minute
    (``None`` if the offset at ``b`` is the one at ``a``). Bisection: O(log(b − a)).

    >>> z = "Europe/Paris"
    >>> t = transition_between(z, dt.datetime(2024, 10, 26, tzinfo=UTC),
    ...                        dt.datetime(2024, 10, 28, tzinfo=UTC))
    >>> t.isoformat(), t.astimezone(get_zone(z)).isoformat()
    ('2024-10-27T01:00:00+00:00', '2024-10-27T02:00:00+01:00')
    """
    zone = get_zone(zone_name)
    lo, hi = a.astimezone(UTC), b.astimezone(UTC)
    start = lo.astimezone(zone).utcoffset()
    if hi <= lo or hi.astimezone(zone).utcoffset() == start:
        return None
    while hi - lo > dt.timedelta(minutes=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            mid = lo + dt.timedelta(minutes=1)
        if mid.astimezone(zone).utcoffset() == start:
            lo = mid
        else:
            hi = mid
    return hi


# --- airports ------------------------------------------------------------------------------


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
def _airport_rows() -> bytes | None:
    """The ``airportsdata`` CSV, read once (about 3 MB; searched per code, not parsed whole:
    ``airportsdata.load`` takes ~0.3 s, one lookup here takes a few milliseconds)."""
    from importlib import resources

    try:
        data = resources.files("airportsdata").joinpath("airports.csv").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    expected = b'"icao","iata","name","city","subd","country","elevation","lat","lon","tz"'
    return data if data.startswith(expected) else None


@functools.lru_cache(maxsize=1)
def _airports_loaded() -> dict:
    import airportsdata

    return airportsdata.load("IATA")


def _airport_row(code: str) -> dict | None:
    data = _airport_rows()
    if data is None:  # an airportsdata release with another layout: use its own loader
        return _airports_loaded().get(code)
    needle = b'","' + code.encode("ascii") + b'",'
    at = 0
    while (at := data.find(needle, at)) >= 0:
        line_start = data.rfind(b"\n", 0, at) + 1
        head = data[line_start : at + 1]
        if head.startswith(b'"') and head.count(b'"') == 2:  # the code is the second column
            line_end = data.find(b"\n", at)
            line = data[line_start : line_end if line_end >= 0 else len(data)].decode("utf-8")
            values = next(csv.reader([line], quoting=csv.QUOTE_NONNUMERIC))
            return {"name": values[2], "city": values[3], "country": values[5],
                    "lat": values[7], "lon": values[8], "tz": values[9]}
        at += 1
    return None


@functools.lru_cache(maxsize=1024)
def airport(code: str) -> Airport | None:
    """An airport by IATA code, from the maintained ``airportsdata`` database (read lazily,
    on the first lookup, and cached).

    >>> airport("BKK").timezone, airport("HND").city, airport("XQZ") is None
    ('Asia/Bangkok', 'Tokyo', True)
    """
    code = code.upper()
    if not re.fullmatch(r"[A-Z0-9]{3}", code):
        return None
    row = _airport_row(code)
    if row is None or not row.get("tz"):
        return None
    return Airport(code, row["name"], row["city"], row["country"], row["tz"],
                   float(row["lat"]), float(row["lon"]))


# --- places ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """Where something is: a place of the trip or an airport."""

    label: str
    zone: str | None
    coordinates: tuple[float, float] | None
    place_id: str | None = None
    airport: Airport | None = None

    @property
    def key(self) -> str:
        """What identifies it: the place id, else the IATA code."""
        return self.place_id or (self.airport.iata if self.airport else self.label)


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


def travel_time(km: float, speed_kmh: float | None = None) -> dt.timedelta:
    """Estimated ground travel time over a straight-line distance (rounded to the minute).

    >>> travel_time(12.0), travel_time(12.0, 60.0)
    (datetime.timedelta(seconds=1440), datetime.timedelta(seconds=720))
    """
    speed = speed_kmh or DEFAULT_TRAVEL_SPEED_KMH
    return dt.timedelta(minutes=round(km / speed * 60))


# --- resolving a trip --------------------------------------------------------------------------


@dataclass
class ItemTime:
    """What the zone engine knows of one item's time."""

    index: int
    item: Item
    start_zone: str | None = None
    end_zone: str | None = None
    start_zone_source: str | None = None
    """``item``, ``origin``, ``place`` or ``current`` (where the delegation is)."""
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    start_local: Localized | None = None
    end_local: Localized | None = None
    origin: Endpoint | None = None
    destination: Endpoint | None = None
    sort_instant: dt.datetime | None = None
    problems: list[str] = field(default_factory=list)
    place: Endpoint | None = None
    """The item's ``place``, resolved."""
    location_zone: str | None = None
    """Zone where the delegation is when the item starts: its place's (travel: origin's)
    zone, else where the delegation already is. An explicit ``timezone`` says in which zone
    the time is written (a call home may be written in home time), not where the item is."""
    end_location_zone: str | None = None
    """Zone where the delegation is when the item ends (travel: the destination's)."""

    @property
    def is_timed(self) -> bool:
        return self.item.start is not None

    @functools.cached_property
    def start_utc(self) -> dt.datetime | None:
        """The start in UTC. Compare and subtract instants in UTC: Python compares two
        datetimes of the *same* zone by wall time, ignoring the offset (wrong across a fold)."""
        return self.start.astimezone(UTC) if self.start is not None else None

    @functools.cached_property
    def end_utc(self) -> dt.datetime | None:
        return self.end.astimezone(UTC) if self.end is not None else None

    @property
    def duration(self) -> dt.timedelta | None:
        """End minus start, both in UTC (``None`` unless both are known)."""
        if self.start is None or self.end is None:
            return None
        return self.end_utc - self.start_utc

    @property
    def start_where(self) -> Endpoint | None:
        return self.origin if self.item.kind.is_travel else self.place

    @property
    def end_where(self) -> Endpoint | None:
        return self.destination if self.item.kind.is_travel else self.place


def _window_start(day: dt.date, item: Item) -> dt.time:
    if item.part_of_day is not None:
        return PART_OF_DAY_WINDOWS[item.part_of_day][0]
    return dt.time(0, 0)


def known_zone(zone: str | None) -> str | None:
    """``zone`` if it names a zone of the tz database, else ``None``.

    >>> known_zone("Asia/Tokyo"), known_zone("Asia/Tokio"), known_zone(None)
    ('Asia/Tokyo', None, None)
    """
    return zone if zone and get_zone(zone) is not None else None


def resolve(trip: Trip) -> list[ItemTime]:
    """Resolve every item of ``trip`` (same order as ``trip.items``). O(n log n).

    >>> from tripplan.model import Trip
    >>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
    ...     "start": "2025-03-10", "end": "2025-03-10", "items": [
    ...     {"id": "f", "kind": "flight", "title": "F", "origin": "HND", "destination": "BKK",
    ...      "start": "2025-03-10T10:30:00", "end": "2025-03-10T15:00:00"},
    ...     {"id": "d", "kind": "meal", "title": "D", "start": "2025-03-10T19:00:00"}]})
    >>> f, d = resolve(trip)
    >>> f.start.astimezone(UTC).isoformat(), f.end.astimezone(UTC).isoformat(), str(f.duration)
    ('2025-03-10T01:30:00+00:00', '2025-03-10T08:00:00+00:00', '6:30:00')
    >>> d.start_zone, d.start_zone_source  # no place: where the flight landed
    ('Asia/Bangkok', 'current')
    """
    results = [ItemTime(i, item) for i, item in enumerate(trip.items)]
    # Where the delegation is: walk items in (approximate) chronological order of days.
    order = sorted(results, key=lambda r: (_approx_key(r.item), r.index))
    current_zone = known_zone(trip.home_timezone)
    endpoints: dict[str | None, Endpoint | None] = {None: None}

    def where(ref: str | None) -> Endpoint | None:
        if ref not in endpoints:
            endpoints[ref] = endpoint(trip, ref)
        return endpoints[ref]

    for r in order:
        item = r.item
        r.place = where(item.place) if item.place in trip.places else None
        travel = item.kind.is_travel
        if travel:
            r.origin = where(item.origin) or r.place
            r.destination = where(item.destination)
        _choose_zones(r, current_zone)
        _localize_item(r)
        here = r.origin if travel else r.place
        r.location_zone = (known_zone(here.zone if here else None) or current_zone
                           or known_zone(r.start_zone))
        if travel:
            r.end_location_zone = known_zone(r.end_zone) or (
                None if item.destination is not None else r.location_zone)
        else:
            r.end_location_zone = r.location_zone
        if r.end_location_zone:
            current_zone = r.end_location_zone
    return results


def _choose_zones(r: ItemTime, current_zone: str | None) -> None:
    """The zones ``r`` starts and ends in: the item's own, its origin's or place's, the
    destination's for travel, else where the delegation is (``current_zone``)."""
    item = r.item
    if item.timezone:
        r.start_zone, r.start_zone_source = item.timezone, "item"
    elif r.origin is not None and r.origin.zone:
        r.start_zone, r.start_zone_source = r.origin.zone, "origin"
    elif r.place is not None and r.place.zone:
        r.start_zone, r.start_zone_source = r.place.zone, "place"
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


def _approx_key(item: Item) -> tuple:
    day = item.first_day or dt.date.max
    if item.start is not None:
        return (day, item.start.time().replace(tzinfo=None))
    return (day, _window_start(day, item))


def _localize_item(r: ItemTime) -> None:
    item = r.item
    zone = known_zone(r.start_zone)
    if item.start is not None:
        if zone:
            r.start_local = localize(item.start, zone)
            r.start = r.start_local.instant
        elif item.start.tzinfo is not None and r.start_zone is None:
            r.start = item.start  # an explicit offset is an instant, even without a zone
        if item.end is not None:
            end_zone = known_zone(r.end_zone)
            if end_zone:
                r.end_local = localize(item.end, end_zone)
                r.end = r.end_local.instant
            elif item.end.tzinfo is not None and r.end_zone is None:
                r.end = item.end
        if r.start is not None:
            r.sort_instant = r.start_utc
        elif zone:  # a skipped or repeated wall time: ordered by its first reading
            r.sort_instant = item.start.replace(tzinfo=get_zone(zone), fold=0).astimezone(UTC)
    elif item.date is not None and zone:
        local = dt.datetime.combine(item.date, _window_start(item.date, item))
        r.sort_instant = local.replace(tzinfo=get_zone(zone)).astimezone(UTC)


def chronological(times: list[ItemTime]) -> list[ItemTime]:
    """Items in time order: by instant where known, untimed items at their day or window;
    items without a day last, in file order."""

    def key(r: ItemTime) -> tuple:
        if r.sort_instant is not None:
            return (0, r.sort_instant.astimezone(UTC).replace(tzinfo=None), r.index)
        day = r.item.first_day
        if day is None:
            return (1, dt.datetime.max, r.index)
        return (0, dt.datetime.combine(day, _window_start(day, r.item)), r.index)

    return sorted(times, key=key)


def is_overnight_travel(item: Item) -> bool:
    """Travel that runs into the next day (or leaves at night): it covers a night."""
    if not item.kind.is_travel:
        return False
    first, last = item.first_day, item.last_day
    return (first is not None and last is not None and last > first) or (
        item.part_of_day is PartOfDay.NIGHT)

