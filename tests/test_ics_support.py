"""Helpers shared by the ``test_ics*`` modules (no tests here).

Every export runs on a *copy* of the trip in a temporary folder, because an iCalendar
export writes its record (``.tripplan/<trip-id>.ics-state.json``) beside the trip.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar

from conftest import DATA, REFERENCE, ROOT
from export_support import options as typed
from tripplan.app.env import Environment
from tripplan.app.export import export as export_use_case
from tripplan.parse_input import parse_duration

ICS_DATA = DATA / "ics"
GOLDEN = Path(__file__).resolve().parent / "golden" / "ics"
NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=dt.UTC)
UTC = dt.UTC

DST_TRIPS = [ICS_DATA / "dst-europe.toml", ICS_DATA / "dst-us.toml", ICS_DATA / "dst-south.toml"]


def copy_trip(source: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (name or source.name)
    shutil.copyfile(source, target)
    return target


def export(trip: Path, *, now: dt.datetime = NOW, **options) -> bytes:
    """Export ``trip`` (already a copy in a temporary folder) to bytes, as the CLI does."""
    out = trip.parent / "out" / f"{trip.stem}.{options.get('lang', 'en')}.ics"
    chosen = typed(options.pop("lang", "en"), audience=options.pop("audience", "internal"),
                   alarms=[parse_duration(a) for a in options.pop("alarms", ())])
    export_use_case(Environment.for_test(now=now), [str(trip)], "ics", output=out,
                    lang=chosen.languages, audience=chosen.audience, alarms=chosen.alarms,
                    **options)
    return out.read_bytes()


def repository_trips() -> list[Path]:
    """The reference trip and every other trip shipped in itineraries/ (examples included)."""
    from tripplan.catalog import trip_files

    found = list(trip_files([ROOT / "itineraries"]))
    assert REFERENCE in found
    return found


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def events(data: bytes) -> dict[str, icalendar.Event]:
    """VEVENTs by UID (python icalendar)."""
    out = {}
    for event in parse(data).walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in out, f"duplicate UID {uid}"
        out[uid] = event
    return out


def item_id(uid: str) -> str:
    return uid.split("@", 1)[0]


def unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


TRIP_HEAD = """\
id = "{id}"
title = "{title}"
home_timezone = "Asia/Tokyo"
start = 2025-02-03
end = 2025-02-05

[people.head]
name = "Head"
principal = true

[places.office]
name = "Office"
timezone = "Asia/Tokyo"
"""


def small_trip(folder: Path, items: str, *, trip_id: str = "2025-02-small",
               title: str = "Small trip", name: str = "trip.toml") -> Path:
    """A minimal valid trip with the given ``[[items]]`` TOML."""
    return write(folder, name, TRIP_HEAD.format(id=trip_id, title=title) + "\n" + items)


ZONES_FOR_GENERATED = [
    ("Asia/Tokyo", "HND"), ("Europe/Paris", "CDG"), ("America/New_York", "JFK"),
    ("Australia/Sydney", "SYD"), ("Asia/Kolkata", "DEL"), ("Asia/Kathmandu", "KTM"),
    ("America/Santiago", "SCL"), ("Pacific/Auckland", "AKL"), ("Europe/London", "LHR"),
    ("America/Los_Angeles", "LAX"),
]


def generated_trip(folder: Path, n_items: int = 100) -> Path:
    """A trip of ``n_items`` items over a year in ten zones (DST in both hemispheres):
    timed meetings, flights between zones, date-only and part-of-day items."""
    lines = [
        'id = "2024-generated"', 'title.en = "Generated trip"',
        'title.ja = "生成された出張"', 'home_timezone = "Asia/Tokyo"',
        "start = 2024-01-02", "end = 2024-12-31", "",
        "[people.head]", 'name = "Head"', "principal = true", "",
        "[people.aide]", 'name = "Aide"', "",
    ]
    for index, (zone, _) in enumerate(ZONES_FOR_GENERATED):
        lines += [f"[places.p{index}]", f'name = "Place {index}"', f'timezone = "{zone}"',
                  f"coordinates = {{ lat = {10.5 + index}, lon = {20.25 + index} }}", ""]
    parts = ["early-morning", "morning", "afternoon", "evening", "night"]
    for i in range(n_items):
        day = dt.date(2024, 1, 3) + dt.timedelta(days=(i * 37) % 360)
        zone_index = (i + i // 10) % len(ZONES_FOR_GENERATED)
        lines += ["[[items]]", f'id = "item-{i:03d}"']
        if i % 10 == 3:
            nxt = (zone_index + 3) % len(ZONES_FOR_GENERATED)
            lines += ['kind = "flight"', f'title = "Flight {i}"',
                      f'origin = "{ZONES_FOR_GENERATED[zone_index][1]}"',
                      f'destination = "{ZONES_FOR_GENERATED[nxt][1]}"',
                      f"start = {day.isoformat()}T11:15:00",
                      f"end = {(day + dt.timedelta(days=1)).isoformat()}T16:40:00"]
        elif i % 10 == 5:
            lines += ['kind = "meeting"', f'title.en = "Day item {i}"',
                      f'title.ja = "終日の項目{i}"', f"date = {day.isoformat()}",
                      f'place = "p{zone_index}"']
        elif i % 10 == 7:
            lines += ['kind = "meal"', f'title = "Part of day {i}"',
                      f"date = {day.isoformat()}", f'part_of_day = "{parts[i % 5]}"',
                      f'place = "p{zone_index}"']
        else:
            lines += ['kind = "meeting"', f'title.en = "Meeting {i}"',
                      f'title.ja = "会談{i}（{zone}）"',
                      f"start = {day.isoformat()}T{9 + i % 8:02d}:30:00",
                      f"end = {day.isoformat()}T{10 + i % 8:02d}:45:00",
                      f'place = "p{zone_index}"', 'participants = ["head", "aide"]',
                      f'notes = "Agenda {i}: budget, schedule; follow-up"']
        lines.append("")
    return write(folder, "generated.toml", "\n".join(lines))
