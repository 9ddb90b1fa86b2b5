"""The zone engine: every timed item resolves to exactly one instant, or to a finding.

UTC instants are asserted exactly, for zones without daylight saving (Tokyo, Bangkok), a
European autumn (Paris, last Sunday of October), a US spring (New York, second Sunday of
March), the southern hemisphere (Sydney, Santiago) and the date line (Auckland → Honolulu,
Apia).
"""

from __future__ import annotations

import datetime as dt
import doctest
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, REFERENCE, ROOT
from tripplan import timeline as timeline_module
from tripplan import zones
from tripplan.load import load_trip
from tripplan.model import Trip
from tripplan.rules import timezones as tz_rules
from tripplan.zones import (
    UTC,
    airport,
    chronological,
    clock_change,
    describe_reading,
    format_duration,
    get_zone,
    great_circle_km,
    localize,
    offset_label,
    resolve,
    suggest_zone,
    transition_between,
    zone_label,
)

TZ = DATA / "tz"
EXAMPLE = ROOT / "itineraries" / "examples" / "2025-03-example-tokyo-bangkok.toml"
W = dt.datetime


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def fixed(hours: float) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours))


@pytest.mark.parametrize("module", [zones, tz_rules, timeline_module])
def test_docstring_examples(module, in_repo) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# --- localize --------------------------------------------------------------------------------


@pytest.mark.parametrize(("wall", "zone", "expected"), [
    (W(2024, 6, 20, 10, 0), "Asia/Bangkok", utc(2024, 6, 20, 3, 0)),
    (W(2024, 6, 20, 10, 0), "Asia/Tokyo", utc(2024, 6, 20, 1, 0)),
    (W(2024, 6, 21, 0, 30), "Asia/Tokyo", utc(2024, 6, 20, 15, 30)),
    (W(2024, 10, 26, 10, 0), "Europe/Paris", utc(2024, 10, 26, 8, 0)),  # CEST
    (W(2024, 10, 27, 10, 0), "Europe/Paris", utc(2024, 10, 27, 9, 0)),  # CET
    (W(2024, 10, 27, 3, 0), "Europe/Paris", utc(2024, 10, 27, 2, 0)),  # right after
    (W(2024, 3, 10, 1, 59), "America/New_York", utc(2024, 3, 10, 6, 59)),  # EST
    (W(2024, 3, 10, 3, 0), "America/New_York", utc(2024, 3, 10, 7, 0)),  # EDT
    (W(2024, 4, 6, 14, 0), "Australia/Sydney", utc(2024, 4, 6, 3, 0)),  # AEDT
    (W(2024, 4, 8, 10, 0), "Australia/Sydney", utc(2024, 4, 8, 0, 0)),  # AEST
    (W(2024, 4, 6, 22, 0), "America/Santiago", utc(2024, 4, 7, 1, 0)),  # −03
    (W(2024, 4, 7, 12, 0), "America/Santiago", utc(2024, 4, 7, 16, 0)),  # −04
    (W(2024, 6, 20, 21, 45), "Pacific/Auckland", utc(2024, 6, 20, 9, 45)),
    (W(2024, 6, 20, 8, 25), "Pacific/Honolulu", utc(2024, 6, 20, 18, 25)),
    (W(2011, 12, 29, 12, 0), "Pacific/Apia", utc(2011, 12, 29, 22, 0)),  # UTC−10 then
    (W(2011, 12, 31, 12, 0), "Pacific/Apia", utc(2011, 12, 30, 22, 0)),  # UTC+14 after
])
def test_localize_gives_the_exact_utc_instant(wall, zone, expected) -> None:
    result = localize(wall, zone)
    assert result.status == "ok"
    assert result.instant.astimezone(UTC) == expected
    assert result.instant.tzinfo is get_zone(zone)


def test_paris_fold_has_both_candidates_and_never_picks_one() -> None:
    result = localize(W(2024, 10, 27, 2, 30), "Europe/Paris")
    assert result.status == "ambiguous"
    assert result.instant is None
    assert [c.astimezone(UTC) for c in result.candidates] == [utc(2024, 10, 27, 0, 30),
                                                             utc(2024, 10, 27, 1, 30)]
    assert [describe_reading(r) for r in result.readings] == [
        "02:30 CEST (UTC+02:00) = 00:30 UTC", "02:30 CET (UTC+01:00) = 01:30 UTC"]


@pytest.mark.parametrize(("offset", "expected"), [(2, utc(2024, 10, 27, 0, 30)),
                                                  (1, utc(2024, 10, 27, 1, 30))])
def test_an_explicit_offset_chooses_the_reading_of_a_fold(offset, expected) -> None:
    result = localize(W(2024, 10, 27, 2, 30, tzinfo=fixed(offset)), "Europe/Paris")
    assert result.status == "ok"
    assert result.instant.astimezone(UTC) == expected


def test_new_york_fall_back_offset_from_the_issue() -> None:
    result = localize(W(2024, 11, 3, 1, 30, tzinfo=fixed(-5)), "America/New_York")
    assert result.instant.astimezone(UTC) == utc(2024, 11, 3, 6, 30)
    assert result.instant.tzname() == "EST"
    both = localize(W(2024, 11, 3, 1, 30), "America/New_York")
    assert [describe_reading(r) for r in both.readings] == [
        "01:30 EDT (UTC−04:00) = 05:30 UTC", "01:30 EST (UTC−05:00) = 06:30 UTC"]


def test_new_york_gap_is_nonexistent_with_both_readings() -> None:
    result = localize(W(2024, 3, 10, 2, 30), "America/New_York")
    assert result.status == "nonexistent"
    assert result.instant is None
    assert [r.utc for r in result.readings] == [utc(2024, 3, 10, 7, 30), utc(2024, 3, 10, 6, 30)]
    assert [describe_reading(r) for r in result.readings] == [
        "02:30 EST (UTC−05:00) = 07:30 UTC (the clocks show 03:30 EDT)",
        "02:30 EDT (UTC−04:00) = 06:30 UTC (the clocks show 01:30 EST)",
    ]


def test_an_explicit_offset_chooses_in_a_gap_too() -> None:
    result = localize(W(2024, 3, 10, 2, 30, tzinfo=fixed(-5)), "America/New_York")
    assert result.status == "ok"
    assert result.instant.astimezone(UTC) == utc(2024, 3, 10, 7, 30)
    assert f"{result.instant:%H:%M %Z}" == "03:30 EDT"


def test_sydney_fold_in_april() -> None:
    result = localize(W(2024, 4, 7, 2, 30), "Australia/Sydney")
    assert result.status == "ambiguous"
    assert [r.utc for r in result.readings] == [utc(2024, 4, 6, 15, 30), utc(2024, 4, 6, 16, 30)]
    assert [describe_reading(r) for r in result.readings] == [
        "02:30 AEDT (UTC+11:00) = 2024-04-06 15:30 UTC",
        "02:30 AEST (UTC+10:00) = 2024-04-06 16:30 UTC",
    ]


def test_santiago_fold_and_gap() -> None:
    fold = localize(W(2024, 4, 6, 23, 30), "America/Santiago")
    assert fold.status == "ambiguous"
    assert [r.utc for r in fold.readings] == [utc(2024, 4, 7, 2, 30), utc(2024, 4, 7, 3, 30)]
    assert [describe_reading(r) for r in fold.readings] == [  # numeric abbreviations left out
        "23:30 (UTC−03:00) = 2024-04-07 02:30 UTC", "23:30 (UTC−04:00) = 2024-04-07 03:30 UTC"]
    gap = localize(W(2024, 9, 8, 0, 30), "America/Santiago")
    assert gap.status == "nonexistent"


def test_apia_skipped_a_whole_day_at_the_date_line() -> None:
    result = localize(W(2011, 12, 30, 12, 0), "Pacific/Apia")
    assert result.status == "nonexistent"
    assert [offset_label(r.offset) for r in result.readings] == ["UTC−10:00", "UTC+14:00"]


def test_offset_mismatch_gives_no_instant() -> None:
    result = localize(W(2024, 6, 20, 10, 0, tzinfo=fixed(9)), "Asia/Bangkok")
    assert result.status == "offset-mismatch"
    assert result.instant is None


def test_localize_refuses_an_unknown_zone() -> None:
    with pytest.raises(ValueError, match="unknown zone"):
        localize(W(2024, 6, 20, 10, 0), "Asia/Bangkock")


# --- zone names ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Asia/Bangkock", "JST", "+07:00", "", " Asia/Tokyo",
                                  "../etc/passwd", "/usr/share/zoneinfo/UTC", "localtime",
                                  "posixrules", "asia/tokyo"])
def test_get_zone_refuses_what_is_not_a_zone_name(name) -> None:
    assert get_zone(name) is None


@pytest.mark.parametrize(("typed", "meant"), [
    ("Asia/Bangkock", "Asia/Bangkok"), ("asia/tokyo", "Asia/Tokyo"), ("Bangkok", "Asia/Bangkok"),
    ("Europe/Pari", "Europe/Paris"), ("New York", "America/New_York"),
    ("Australia/Sidney", "Australia/Sydney"),
])
def test_suggest_zone(typed, meant) -> None:
    assert suggest_zone(typed) == meant


def test_labels() -> None:
    summer = dt.datetime(2024, 10, 26, 12, tzinfo=get_zone("Europe/Paris"))
    assert zone_label(summer) == "CEST (UTC+02:00)"
    assert zone_label(dt.datetime(2024, 6, 20, tzinfo=get_zone("Asia/Bangkok"))) == "UTC+07:00"
    assert zone_label(dt.datetime(2024, 6, 20, tzinfo=get_zone("Asia/Kathmandu"))) == "UTC+05:45"
    assert offset_label(dt.timedelta(hours=-9, minutes=-30)) == "UTC−09:30"
    assert format_duration(dt.timedelta(hours=14, minutes=30)) == "14 h 30 min"
    assert format_duration(dt.timedelta(minutes=45)) == "45 min"
    assert format_duration(dt.timedelta(hours=9)) == "9 h"
    assert format_duration(dt.timedelta(minutes=390), "ja") == "6時間30分"
    assert clock_change(dt.timedelta(hours=-22)) == "−22 h"
    assert clock_change(dt.timedelta(hours=1)) == "+1 h"
    assert clock_change(dt.timedelta(0)) == "±0"


@pytest.mark.parametrize(("zone", "lo", "hi", "expected"), [
    ("Europe/Paris", utc(2024, 10, 26), utc(2024, 10, 28), utc(2024, 10, 27, 1, 0)),
    ("America/New_York", utc(2024, 3, 9), utc(2024, 3, 11), utc(2024, 3, 10, 7, 0)),
    ("Australia/Sydney", utc(2024, 4, 5), utc(2024, 4, 8), utc(2024, 4, 6, 16, 0)),
    ("Asia/Bangkok", utc(2024, 1, 1), utc(2024, 12, 31), None),
])
def test_transition_between(zone, lo, hi, expected) -> None:
    assert transition_between(zone, lo, hi) == expected


# --- airports --------------------------------------------------------------------------------


def test_airports_from_the_database() -> None:
    hnd, bkk = airport("HND"), airport("BKK")
    assert (hnd.timezone, hnd.city, hnd.country) == ("Asia/Tokyo", "Tokyo", "JP")
    assert (bkk.timezone, bkk.name) == ("Asia/Bangkok", "Suvarnabhumi Airport")
    assert airport("hnd") == hnd
    assert airport("XQZ") is None
    assert airport("HN") is None
    assert round(great_circle_km((hnd.lat, hnd.lon), (bkk.lat, bkk.lon))) == 4589


def test_airport_lookup_agrees_with_airportsdata_load() -> None:
    import airportsdata

    table = airportsdata.load("IATA")
    for code in sorted(table)[::40]:
        row, ours = table[code], airport(code)
        if not row["tz"]:
            assert ours is None
            continue
        assert (ours.timezone, ours.name, ours.city, ours.country) == (
            row["tz"], row["name"], row["city"], row["country"]), code
        assert (ours.lat, ours.lon) == (float(row["lat"]), float(row["lon"])), code


def test_airport_data_is_read_lazily() -> None:
    code = (
        "import tripplan.zones as z, tripplan.load as l, tripplan.rules as r\n"
        "t = l.load_trip(r'" + str(REFERENCE) + "')\n"
        "r.run_rules(r.Context(t), r.select_rules())\n"
        "print(z._airport_rows.cache_info().currsize, z._airports_loaded.cache_info().currsize)\n"
        "z.airport('BKK'); z.airport('HND')\n"
        "print(z._airport_rows.cache_info().currsize, z._airports_loaded.cache_info().currsize)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # nothing read for a trip without airports; then one read of the file, no full parse
    assert out.stdout.split("\n")[:2] == ["0 0", "1 0"]


# --- resolving trips -------------------------------------------------------------------------


def starts_and_ends(path) -> dict[str, tuple]:
    times = resolve(load_trip(path).trip)
    return {t.item.id: (t.start.astimezone(UTC) if t.start else None,
                        t.end.astimezone(UTC) if t.end else None) for t in times}


def test_example_trip_tokyo_bangkok_instants() -> None:
    got = starts_and_ends(EXAMPLE)
    assert got["outbound-flight"] == (utc(2025, 3, 10, 1, 30), utc(2025, 3, 10, 8, 0))
    assert got["airport-transfer"] == (utc(2025, 3, 10, 9, 0), utc(2025, 3, 10, 10, 0))
    assert got["hotel"] == (utc(2025, 3, 10, 10, 0), utc(2025, 3, 12, 12, 0))
    assert got["deputy-governor-meeting"] == (utc(2025, 3, 11, 3, 0), utc(2025, 3, 11, 4, 0))
    assert got["return-flight"] == (utc(2025, 3, 12, 15, 45), utc(2025, 3, 12, 21, 55))
    times = {t.item.id: t for t in resolve(load_trip(EXAMPLE).trip)}
    assert times["outbound-flight"].duration == dt.timedelta(hours=6, minutes=30)
    assert times["return-flight"].duration == dt.timedelta(hours=6, minutes=10)
    assert (times["outbound-flight"].start_zone, times["outbound-flight"].end_zone) == (
        "Asia/Tokyo", "Asia/Bangkok")


def test_reference_trip_has_zones_but_no_invented_times() -> None:
    times = resolve(load_trip(REFERENCE).trip)
    assert all(t.start is None and t.end is None for t in times)
    by_id = {t.item.id: t for t in times}
    assert (by_id["outbound-flight"].start_zone, by_id["outbound-flight"].end_zone) == (
        "Asia/Tokyo", "Asia/Bangkok")
    assert (by_id["return-flight"].start_zone, by_id["return-flight"].end_zone) == (
        "Asia/Bangkok", "Asia/Tokyo")
    assert by_id["eec-meeting"].start_zone == "Asia/Bangkok"
    # for ordering only: the night window starts at 21:00 Bangkok time
    assert by_id["return-flight"].sort_instant == utc(2024, 6, 21, 14, 0)
    order = [t.item.id for t in chronological(times)]
    assert order[0] == "outbound-flight" and order[-1] == "return-flight"


def test_europe_across_the_last_sunday_of_october() -> None:
    got = starts_and_ends(TZ / "europe-2024-10-paris.toml")
    assert got["outbound"] == (utc(2024, 10, 24, 13, 0), utc(2024, 10, 25, 3, 30))
    assert got["saturday-meeting"] == (utc(2024, 10, 26, 8, 0), utc(2024, 10, 26, 9, 0))
    assert got["reception"] == (utc(2024, 10, 26, 18, 0), utc(2024, 10, 26, 21, 0))
    assert got["sunday-meeting"] == (utc(2024, 10, 27, 9, 0), utc(2024, 10, 27, 10, 0))
    assert got["return"] == (utc(2024, 10, 27, 18, 0), utc(2024, 10, 28, 7, 45))


def test_united_states_across_the_second_sunday_of_march() -> None:
    got = starts_and_ends(TZ / "us-2024-03-new-york.toml")
    assert got["outbound"] == (utc(2024, 3, 8, 2, 0), utc(2024, 3, 8, 15, 45))
    assert got["saturday-meeting"] == (utc(2024, 3, 9, 15, 0), utc(2024, 3, 9, 16, 0))
    assert got["monday-meeting"] == (utc(2024, 3, 11, 14, 0), utc(2024, 3, 11, 15, 0))
    assert got["return"] == (utc(2024, 3, 12, 17, 0), utc(2024, 3, 13, 7, 30))


def test_southern_hemisphere_sydney_in_april() -> None:
    got = starts_and_ends(TZ / "south-2024-04-sydney.toml")
    assert got["outbound"] == (utc(2024, 4, 5, 13, 0), utc(2024, 4, 5, 22, 30))
    assert got["saturday-meeting"] == (utc(2024, 4, 6, 3, 0), utc(2024, 4, 6, 4, 0))
    assert got["monday-meeting"] == (utc(2024, 4, 8, 0, 0), utc(2024, 4, 8, 1, 0))
    assert got["return"] == (utc(2024, 4, 8, 11, 0), utc(2024, 4, 8, 20, 30))


def test_date_line_auckland_to_honolulu_lands_before_it_leaves_locally() -> None:
    got = starts_and_ends(TZ / "dateline-2024-06-auckland-honolulu.toml")
    assert got["outbound"] == (utc(2024, 6, 20, 9, 45), utc(2024, 6, 20, 18, 25))
    assert got["welcome-lunch"] == (utc(2024, 6, 20, 22, 0), utc(2024, 6, 20, 23, 30))
    assert got["return"] == (utc(2024, 6, 22, 21, 0), utc(2024, 6, 23, 6, 0))


def trip_with(items: list[dict], **extra) -> Trip:
    data = {"id": "t", "title": "T", "home_timezone": "Asia/Tokyo", "start": "2024-06-20",
            "end": "2024-06-21", "items": items,
            "places": {"bkk-place": {"name": "B", "timezone": "Asia/Bangkok"},
                       "airport-place": {"name": "A", "airport": "DMK"},
                       "no-zone": {"name": "N"}}}
    data.update(extra)
    return Trip.model_validate(data)


def test_resolution_order_item_origin_place_current_home() -> None:
    trip = trip_with([
        {"id": "home", "kind": "meeting", "title": "x", "start": "2024-06-20T08:00:00"},
        {"id": "explicit", "kind": "meeting", "title": "x", "place": "bkk-place",
         "timezone": "Europe/Paris", "start": "2024-06-20T09:00:00"},
        {"id": "fly", "kind": "flight", "title": "x", "origin": "HND", "destination": "SYD",
         "start": "2024-06-20T10:00:00", "end": "2024-06-20T20:00:00"},
        {"id": "current", "kind": "meal", "title": "x", "place": "no-zone",
         "start": "2024-06-20T21:00:00"},
        {"id": "at-place", "kind": "meeting", "title": "x", "place": "bkk-place",
         "start": "2024-06-21T10:00:00"},
        {"id": "airport-zone", "kind": "meeting", "title": "x", "place": "airport-place",
         "start": "2024-06-21T12:00:00"},
    ])
    got = {t.item.id: (t.start_zone, t.start_zone_source) for t in resolve(trip)}
    assert got == {
        "home": ("Asia/Tokyo", "current"),
        "explicit": ("Europe/Paris", "item"),
        "fly": ("Asia/Tokyo", "origin"),
        "current": ("Australia/Sydney", "current"),
        "at-place": ("Asia/Bangkok", "place"),
        "airport-zone": ("Asia/Bangkok", "place"),
    }


def test_travel_ends_in_the_destination_zone_unless_end_timezone_says_otherwise() -> None:
    trip = trip_with([
        {"id": "a", "kind": "flight", "title": "x", "origin": "HND", "destination": "BKK",
         "start": "2024-06-20T10:30:00", "end": "2024-06-20T15:00:00"},
        {"id": "b", "kind": "flight", "title": "x", "origin": "HND", "destination": "BKK",
         "end_timezone": "Asia/Tokyo",
         "start": "2024-06-20T10:30:00", "end": "2024-06-20T17:00:00"},
        {"id": "c", "kind": "flight", "title": "x", "origin": "HND",
         "start": "2024-06-20T10:30:00", "end": "2024-06-20T17:00:00"},
    ])
    a, b, c = resolve(trip)
    assert a.end == b.end == dt.datetime(2024, 6, 20, 8, 0, tzinfo=UTC)
    assert (c.end_zone, c.end) == (None, None)  # no destination: no floating arrival


def test_an_offset_without_any_zone_is_still_an_instant() -> None:
    trip = trip_with([{"id": "a", "kind": "meeting", "title": "x",
                       "start": "2024-06-20T10:00:00+07:00"}], home_timezone="Nowhere/City")
    (a,) = resolve(trip)
    assert a.start_zone is None
    assert a.start == utc(2024, 6, 20, 3, 0)


# --- properties ------------------------------------------------------------------------------

ZONES = ["Asia/Tokyo", "Asia/Bangkok", "Europe/Paris", "Europe/London", "America/New_York",
         "Australia/Sydney", "America/Santiago", "Pacific/Auckland", "Pacific/Apia",
         "Asia/Kathmandu", "Australia/Lord_Howe"]


@settings(max_examples=400, deadline=None)
@given(wall=st.datetimes(min_value=W(2010, 1, 1), max_value=W(2030, 12, 31)),
       zone=st.sampled_from(ZONES))
def test_localize_agrees_with_zoneinfo_round_trips(wall, zone) -> None:
    tz = get_zone(zone)
    result = localize(wall, zone)
    back = [c.astimezone(UTC).astimezone(tz).replace(tzinfo=None) for c in result.candidates]
    if result.status == "ok":
        assert back == [wall]
        assert result.instant.utcoffset() is not None  # aware: never a floating time
    elif result.status == "ambiguous":
        assert back == [wall, wall]
        first, second = result.candidates
        assert first.astimezone(UTC) < second.astimezone(UTC)
        for candidate in result.candidates:  # an explicit offset picks exactly that one
            chosen = localize(wall.replace(tzinfo=dt.timezone(candidate.utcoffset())), zone)
            assert chosen.instant.astimezone(UTC) == candidate.astimezone(UTC)
    else:
        assert result.status == "nonexistent"
        assert wall not in back and len(result.readings) == 2
