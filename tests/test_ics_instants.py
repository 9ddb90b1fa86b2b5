"""Every exported event, read by two independent parsers, is at the instant the trip says.

Each calendar is read (a) by python ``icalendar``, resolving every TZID with the
file's *own* VTIMEZONE (and, separately, as icalendar does by default), and (b) by
Mozilla ical.js (tests/js, what Thunderbird uses) with only the file's VTIMEZONEs
registered. Each timed event's start and end, in UTC, must equal what
:func:`tripplan.zones.resolve` computes; each all-day event must cover the days the
documented rules give. Trips: the reference trip, every trip in itineraries/ (the
example included), trips across DST changes in Europe, the United States and the
southern hemisphere, and a generated trip of 100 items in ten zones.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from icaljs import icaljs_events
from test_ics_support import (
    DST_TRIPS,
    UTC,
    copy_trip,
    events,
    export,
    generated_trip,
    item_id,
    parse,
    repository_trips,
)
from tripplan.export.vtimezone import wall_time_is_unique
from tripplan.load import load_trip
from tripplan.model import Kind, Timing
from tripplan.zones import get_zone, resolve


def expected_events(trip_path: Path) -> dict[str, dict]:
    """What each item must become, computed from the model and zones.resolve()."""
    trip = load_trip(trip_path).trip
    out = {}
    for t in resolve(trip):
        item = t.item
        if item.timing is Timing.UNSCHEDULED:
            continue
        if item.timing is Timing.TIMED:
            end = t.end if t.end is not None else t.start
            out[item.id] = {"timed": True, "start": t.start.astimezone(UTC),
                            "end": end.astimezone(UTC), "start_zone": t.start_zone,
                            "end_zone": t.end_zone if t.end is not None else t.start_zone,
                            "start_local": t.start, "end_local": end}
        else:
            last = item.end_date or item.date
            if item.kind is Kind.LODGING:  # the nights; the check-out day is not covered
                end = max(last, item.date + dt.timedelta(days=1))
            else:
                end = last + dt.timedelta(days=1)
            out[item.id] = {"timed": False, "start": item.date, "end": end}
    return out


def own_zones(cal) -> dict[str, dt.tzinfo]:
    return {str(c["TZID"]): c.to_tz(lookup_tzid=False) for c in cal.walk("VTIMEZONE")}


def utc_with_own_zone(prop, zones: dict[str, dt.tzinfo]) -> dt.datetime:
    tzid = prop.params.get("TZID")
    value = prop.dt
    assert isinstance(value, dt.datetime)
    if tzid is None:  # never floating: UTC only
        assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(0), prop.to_ical()
        return value.astimezone(UTC)
    assert tzid in zones, f"TZID {tzid} has no VTIMEZONE in the file"
    return value.replace(tzinfo=None).replace(tzinfo=zones[tzid]).astimezone(UTC)


def check_python_icalendar(data: bytes, want: dict[str, dict]) -> None:
    cal = parse(data)
    zones = own_zones(cal)
    got = events(data)
    assert sorted(item_id(u) for u in got) == sorted(want)
    used_tzids = set()
    for uid, event in got.items():
        expected = want[item_id(uid)]
        for key, name in (("start", "DTSTART"), ("end", "DTEND")):
            if name == "DTEND" and "DTEND" not in event:  # a start and no end: zero length
                assert event["DURATION"].dt == dt.timedelta(0), uid
                assert expected["end"] == expected["start"], uid
                continue
            prop = event[name]
            if not expected["timed"]:
                assert prop.params.get("VALUE") == "DATE", (uid, name)
                assert type(prop.dt) is dt.date and prop.dt == expected[key], (uid, name)
                continue
            assert utc_with_own_zone(prop, zones) == expected[key], (uid, name)
            assert prop.dt.astimezone(UTC) == expected[key], (uid, name)  # icalendar's own way
            tzid = prop.params.get("TZID")
            local = expected[f"{key}_local"]
            if wall_time_is_unique(local):
                assert tzid == expected[f"{key}_zone"], (uid, name, tzid)
            else:  # a repeated or skipped wall time is written in UTC
                assert tzid is None and prop.to_ical().endswith(b"Z"), (uid, name)
            if tzid:
                used_tzids.add(tzid)
    assert set(zones) == used_tzids, "one VTIMEZONE per TZID used, and only those"


def check_icaljs(data: bytes, want: dict[str, dict]) -> None:
    got = icaljs_events(data)
    assert sorted(item_id(e["uid"]) for e in got) == sorted(want)
    for event in got:
        expected = want[item_id(event["uid"])]
        for key in ("start", "end"):
            if expected["timed"]:
                assert event[f"{key}_is_date"] is False
                assert event[f"{key}_utc"] == expected[key].strftime("%Y-%m-%dT%H:%M:%SZ"), (
                    event["uid"], key)
            else:
                assert event[f"{key}_is_date"] is True
                assert event[f"{key}_utc"] == expected[key].isoformat(), (event["uid"], key)


def check_both(trip_copy: Path, **options) -> bytes:
    data = export(trip_copy, **options)
    want = expected_events(trip_copy)
    check_python_icalendar(data, want)
    check_icaljs(data, want)
    return data


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_repository_trips_read_the_same_by_both_parsers(tmp_path, lang) -> None:
    trips = repository_trips()
    for index, source in enumerate(trips):
        check_both(copy_trip(source, tmp_path / str(index)), lang=lang)


@pytest.mark.parametrize("source", DST_TRIPS, ids=lambda p: p.stem)
def test_dst_trips_read_the_same_by_both_parsers(tmp_path, source) -> None:
    data = check_both(copy_trip(source, tmp_path), audience="confidential")
    # The trips really cross a DST change and use several zones with TZIDs.
    text = data.decode()
    assert text.count("BEGIN:VTIMEZONE") >= 3
    assert "BEGIN:DAYLIGHT" in text


def test_dst_trip_repeated_wall_time_is_written_in_utc(tmp_path) -> None:
    data = export(copy_trip(DST_TRIPS[0], tmp_path))
    reception = events(data)["nuit-reception@2024-10-paris-london.tripplan"]
    assert reception["DTSTART"].to_ical() == b"20241027T013000"
    assert reception["DTSTART"].params["TZID"] == "Europe/Paris"
    assert reception["DTEND"].to_ical() == b"20241027T013000Z"  # 02:30 CET, the second one
    south = export(copy_trip(DST_TRIPS[2], tmp_path))
    harbour = events(south)["harbour-event@2024-04-sydney-auckland.tripplan"]
    assert harbour["DTSTART"].to_ical() == b"20240406T163000Z"  # 02:30 AEST, the second one
    assert harbour["DTEND"].params["TZID"] == "Australia/Sydney"


def test_flight_starts_and_ends_in_its_own_zones(tmp_path) -> None:
    data = export(copy_trip(DST_TRIPS[1], tmp_path))
    lines = [line for line in data.decode().split("\r\n") if line.startswith("DT")]
    assert "DTSTART;TZID=Asia/Tokyo:20240308T110000" in lines
    assert "DTEND;TZID=America/New_York:20240308T103000" in lines
    assert "DTSTART;TZID=America/New_York:20240311T080000" in lines
    assert "DTEND;TZID=America/Los_Angeles:20240311T112500" in lines
    # Across the spring-forward gap: 01:00 EST to 03:30 EDT is 1 h 30 min.
    dinner = events(data)["late-dinner@2024-03-new-york-los-angeles.tripplan"]
    duration = dinner["DTEND"].dt.astimezone(UTC) - dinner["DTSTART"].dt.astimezone(UTC)
    assert duration == dt.timedelta(hours=1, minutes=30)


def test_no_floating_time_anywhere(tmp_path) -> None:
    for index, source in enumerate([*DST_TRIPS, *repository_trips()]):
        data = export(copy_trip(source, tmp_path / str(index)), audience="confidential")
        for event in parse(data).walk("VEVENT"):
            for name in ("DTSTART", "DTEND"):
                if name not in event:
                    assert event["DURATION"].dt == dt.timedelta(0)
                    continue
                value = event[name].dt
                if isinstance(value, dt.datetime):
                    assert value.tzinfo is not None, (source.name, event["UID"], name)
                    if "TZID" in event[name].params:
                        assert get_zone(event[name].params["TZID"]) is not None


def test_generated_trip_of_100_items(tmp_path) -> None:
    trip = generated_trip(tmp_path)
    data = check_both(trip)
    assert data.count(b"BEGIN:VEVENT") == 100
    assert data.count(b"BEGIN:VTIMEZONE") == 10
