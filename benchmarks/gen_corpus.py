"""Generate a corpus of trips for the benchmarks: N trips × M items, timed across zones.

Each trip is a tour Tokyo → Bangkok → Paris → New York → Tokyo (zones with and without
daylight saving time, flights that cross the date line), with a hotel for every night, six
timed meetings a day at places with their own zones, counterparts and contacts. Flight
arrival times are computed from real zone offsets, so the trips are clean for the zone
engine: ``tripplan validate`` finds nothing. The generator is deterministic (seeded).

Usage::

    python benchmarks/gen_corpus.py OUT_DIR [--trips 100] [--items 100] [--seed 1]

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> stats = generate(out, trips=2, items=30)
>>> stats["trips"], stats["items"], len(list(out.glob("*.toml")))
(2, 60, 2)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

CITIES = [
    # (id, name, zone, airport, flight hours to the next city)
    ("tokyo", "Tokyo", "Asia/Tokyo", "HND", 6.5),
    ("bangkok", "Bangkok", "Asia/Bangkok", "BKK", 13.0),
    ("paris", "Paris", "Europe/Paris", "CDG", 8.5),
    ("new-york", "New York", "America/New_York", "JFK", 14.0),
]
SLOTS = [(9, 0), (10, 30), (12, 0), (14, 0), (15, 30), (17, 0)]
KINDS = ["meeting", "courtesy-call", "workshop", "speech", "meal", "press"]


def toml_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(out: Path, *, trips: int = 100, items: int = 100, seed: int = 1) -> dict:
    """Write ``trips`` trip files of ``items`` items each into ``out``; return counts."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total = 0
    for n in range(trips):
        text, count = _trip(n, items, rng)
        (out / f"trip-{n:04d}.toml").write_text(text, encoding="utf-8")
        total += count
    return {"trips": trips, "items": total}


def _trip(n: int, count: int, rng: random.Random) -> tuple[str, int]:
    start = dt.date(2025, 1, 6) + dt.timedelta(days=7 * (n % 40))
    trip_id = f"bench-{n:04d}"
    lines = [
        f'id = "{trip_id}"',
        f'title.ja = "ベンチマーク出張 {n}"',
        f'title.en = "Benchmark trip {n}"',
        'status = "confirmed"',
        'home_timezone = "Asia/Tokyo"',
        f"start = {start}",
        "end = END",
        "",
        "[people.principal]",
        f'name.en = "Principal {n}"',  # one principal per trip: their dates overlap (R016)
        "principal = true",
        "",
        "[people.aide]",
        'name.en = "Aide"',
    ]
    for cid, name, zone, _airport, _hours in CITIES:
        for k in range(3):
            lines += ["", f"[places.{cid}-{k}]", f'name.en = "{name} venue {k}"',
                      f'city.en = "{name}"', f'timezone = "{zone}"']
        lines += ["", f"[places.{cid}-hotel]", f'name.en = "{name} hotel"',
                  f'timezone = "{zone}"']
    lines += ["", "[contacts.desk]", 'name.en = "Protocol desk"', 'phone = "+81 45 000 0000"']

    items: list[str] = []
    last_days: list[dt.date] = []
    day = start
    city = 0
    made = 0
    while made < count:
        cid, name, zone, airport, hours = CITIES[city % len(CITIES)]
        # a day in this city: meetings, then the hotel night (or the flight on)
        for slot, (h, m) in enumerate(SLOTS):
            if made >= count - 2:
                break
            begin = dt.datetime.combine(day, dt.time(h, m))
            end = begin + dt.timedelta(minutes=60)
            kind = KINDS[(made + slot) % len(KINDS)]
            item_id = f"{kind}-{made}"
            title = f"{kind.replace('-', ' ').title()} {made} in {name}"
            block = [f'id = "{item_id}"', f'kind = "{kind}"', f"title.en = {toml_str(title)}",
                     f'title.ja = "予定 {made}"', f"start = {begin:%Y-%m-%dT%H:%M:%S}",
                     f"end = {end:%Y-%m-%dT%H:%M:%S}", f'place = "{cid}-{rng.randrange(3)}"',
                     'visibility = "public"', 'contact = "desk"']
            if kind in ("meeting", "courtesy-call"):
                block.append(f'counterparts = [{{ title.en = "Counterpart {made}", '
                             f'organization.en = "Office of {name}" }}]')
            items.append("\n".join(block))
            last_days.append(day)
            made += 1
        stay_here = rng.random() < 0.6 and made < count - 1
        if stay_here:
            night_end = day + dt.timedelta(days=1)
            items.append("\n".join([
                f'id = "hotel-{made}"', 'kind = "lodging"', f'title.en = "Hotel in {name}"',
                f"date = {day}", f"end_date = {night_end}", f'place = "{cid}-hotel"']))
            last_days.append(night_end)
            made += 1
            day = night_end
            continue
        # fly on: depart 20:00 local, arrive by real offsets
        ncid, nname, nzone, nairport, _ = CITIES[(city + 1) % len(CITIES)]
        depart = dt.datetime.combine(day, dt.time(20, 0))
        utc = depart.replace(tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
        arrive = (utc + dt.timedelta(hours=hours)).astimezone(ZoneInfo(nzone)).replace(
            tzinfo=None)
        item_id = f"flight-{made}"
        title = f"Flight {name} → {nname}"
        items.append("\n".join([
            f'id = "{item_id}"', 'kind = "flight"', f"title.en = {toml_str(title)}",
            f'origin = "{airport}"', f'destination = "{nairport}"',
            f"start = {depart:%Y-%m-%dT%H:%M:%S}", f"end = {arrive:%Y-%m-%dT%H:%M:%S}",
            'visibility = "public"', f'number = "XB {100 + made}"']))
        last_days.append(arrive.date())
        made += 1
        city += 1
        day = arrive.date()
        if arrive.hour >= 12:  # landed in the afternoon: the night is in a hotel there
            items.append("\n".join([
                f'id = "hotel-{made}"', 'kind = "lodging"', f'title.en = "Hotel in {nname}"',
                f"date = {day}", f"end_date = {day + dt.timedelta(days=1)}",
                f'place = "{ncid}-hotel"']))
            last_days.append(day + dt.timedelta(days=1))
            made += 1
            day += dt.timedelta(days=1)
    items = items[:count]  # the last flight may bring its hotel night: keep exactly `count`
    end = max(last_days[:count])  # the trip ends with its last item: no night left open
    text = "\n".join(lines).replace("end = END", f"end = {end}")
    text += "".join(f"\n\n[[items]]\n{block}" for block in items) + "\n"
    return text, len(items)



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--trips", type=int, default=100)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stats = generate(args.out, trips=args.trips, items=args.items, seed=args.seed)
    print(f"{stats['trips']} trips, {stats['items']} items in {args.out}")


if __name__ == "__main__":
    main()
