"""``tripplan import`` on the shapes real calendars and booking mails have (tests/data/import/:
written from the published formats of Outlook, Google Calendar, Apple Calendar, airline
e-tickets and schema.org), with the exact UTC instant of every item."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import DATA, run
from tripplan.app.env import Environment
from tripplan.app.importing import import_files
from tripplan.errors import InputError, UsageError
from tripplan.load import load_trip
from tripplan.zones import resolve

IMPORT = DATA / "import"
NOW = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def env_for(folder: Path) -> Environment:
    return Environment.for_test(now=NOW, environ={"TRIPPLAN_ITINERARIES": str(folder)})


def imported(tmp_path: Path, *names: str, **options):
    result = import_files(env_for(tmp_path), [IMPORT / n for n in names], new="imported",
                          **options)
    trip = load_trip(result.path).trip
    return trip, {t.item.id: t for t in resolve(trip)}


def test_outlook_export_with_windows_zone_names(tmp_path):
    trip, times = imported(tmp_path, "outlook.ics")
    briefing = times["other-2025-03-07"]
    assert briefing.start_zone == "Asia/Tokyo"  # "Tokyo Standard Time"
    assert (briefing.start_utc, briefing.end_utc) == (utc(2025, 3, 7, 6), utc(2025, 3, 7, 7))
    assert briefing.item.visibility.value == "internal"  # CLASS:PRIVATE
    meeting = times["meeting-with-the-deputy-governor"]
    assert meeting.start_zone == "Asia/Bangkok"  # "SE Asia Standard Time"
    assert (meeting.start_utc, meeting.end_utc) == (utc(2025, 3, 11, 3), utc(2025, 3, 11, 4, 30))
    item = meeting.item
    assert (item.kind.value, item.status.value, item.visibility.value) == (
        "meeting", "tentative", "public")
    assert [c.name.get("en") for c in item.counterparts] == ["Somchai Jaidee", "Hanako Suzuki"]
    assert trip.places[item.place].name.get("en") == "Bangkok City Hall"
    assert item.source_uid.startswith("040000008200E00074C5B7101A82E008")
    assert (trip.start, trip.end) == (dt.date(2025, 3, 7), dt.date(2025, 3, 11))


def test_google_export_with_x_wr_timezone(tmp_path):
    trip, times = imported(tmp_path, "google.ics")
    dinner = times["welcome-dinner"]
    assert dinner.start_zone == "Asia/Bangkok"  # UTC times shown in X-WR-TIMEZONE
    assert dinner.item.start == dt.datetime(2025, 3, 10, 19, 0)
    assert (dinner.start_utc, dinner.end_utc) == (utc(2025, 3, 10, 12), utc(2025, 3, 10, 14))
    fair = times["energy-fair"].item
    assert (fair.timing.value, fair.date, fair.end_date) == (
        "date-only", dt.date(2025, 3, 12), dt.date(2025, 3, 13))  # DTEND is exclusive
    assert fair.start is None and fair.status.value == "tentative"
    assert trip.title.get("en") == "Bangkok visit"


def test_apple_export(tmp_path):
    trip, times = imported(tmp_path, "apple.ics")
    stay = times["other-2025-03-10"].item
    assert (stay.date, stay.end_date, stay.start) == (dt.date(2025, 3, 10), dt.date(2025, 3, 13),
                                                      None)
    call = times["other-2025-03-11"]
    assert (call.start_utc, call.end_utc) == (utc(2025, 3, 11, 7), utc(2025, 3, 11, 7, 45))
    place = trip.places[call.item.place]
    assert (place.name.get("en"), place.address.get("en")) == (
        "Embassy of Japan", "177 Witthayu Road, Bangkok 10330")
    assert (place.coordinates.lat, place.coordinates.lon) == (13.738927, 100.548113)
    assert trip.title.get("ja") == "出張"


def test_airline_flights(tmp_path):
    _, times = imported(tmp_path, "airline.ics")
    out = times["nh-805-tokyo-hnd-to-bangkok-bkk"]
    item = out.item
    assert (item.kind.value, item.origin, item.destination, item.carrier, item.number) == (
        "flight", "HND", "BKK", "NH", "805")
    assert (out.start_zone, out.end_zone) == ("Asia/Tokyo", "Asia/Bangkok")
    assert (out.start_utc, out.end_utc) == (utc(2025, 3, 9, 15, 5), utc(2025, 3, 9, 21, 50))
    assert item.start.isoformat() == "2025-03-10T00:05:00+09:00"  # the instant, in local time
    back = times["flight-tg-682-bkk-hnd"]
    assert (back.item.origin, back.item.destination, back.item.carrier) == ("BKK", "HND", "TG")
    assert (back.start_utc, back.end_utc) == (utc(2025, 3, 12, 15, 45), utc(2025, 3, 12, 21, 55))
    assert back.item.end.isoformat() == "2025-03-13T06:55:00+09:00"


def test_weekly_event_expanded_within_the_trip(tmp_path):
    target = tmp_path / "2025-03-paris.toml"
    shutil.copy(IMPORT / "weekly-trip.toml", target)
    result = import_files(env_for(tmp_path), [IMPORT / "weekly.ics"], into=str(target))
    assert result.written and result.revision == 1
    times = [t for t in resolve(load_trip(target).trip) if t.item.id != "arrival"]
    starts = sorted(t.start_utc for t in times)
    # 24 March in CET, 31 March moved to 10:00 CEST (its own RECURRENCE-ID), 7 April in CEST
    assert starts == [utc(2025, 3, 24, 8), utc(2025, 3, 31, 8), utc(2025, 4, 7, 7)]
    assert {t.item.place for t in times} == {"embassy"}  # the place is found by name
    assert all(t.item.timezone is None for t in times)  # the place gives the zone
    uids = sorted(t.item.source_uid for t in times)
    assert uids[0] == "weekly-call-7f3a@office.example#20250324T090000"


def test_floating_times_are_refused_unless_a_zone_is_given(tmp_path):
    with pytest.raises(InputError) as caught:
        imported(tmp_path, "floating.ics")
    assert caught.value.line == 7 and "floating time" in caught.value.message
    assert "{timezone}" in caught.value.hint
    assert not (tmp_path / "imported.toml").exists()
    trip, times = imported(tmp_path, "floating.ics", timezone="Asia/Bangkok")
    visit = next(iter(times.values()))
    assert (visit.start_utc, visit.end_utc) == (utc(2025, 3, 11, 2), utc(2025, 3, 11, 3, 30))
    place = trip.places[visit.item.place]
    assert (place.coordinates.lat, place.coordinates.lon) == (13.0911, 101.0452)  # GEO


def test_floating_times_on_the_command_line(tmp_path):
    done = run("import", str(IMPORT / "floating.ics"), "--new", "x",
               env={"TRIPPLAN_ITINERARIES": str(tmp_path)})
    assert done.exit_code == 2
    assert "floating.ics:7:" in done.stderr and "--timezone" in done.stderr
    assert not list(tmp_path.iterdir())


def test_broken_ics_is_located(tmp_path):
    with pytest.raises(InputError) as caught:
        imported(tmp_path, "broken.ics")
    assert caught.value.line == 13 and "DTSTART" in caught.value.message


def test_json_ld_reservations(tmp_path):
    trip, times = imported(tmp_path, "booking.jsonld")
    flight = times["nh-805-hnd-bkk"]
    assert (flight.item.kind.value, flight.item.origin, flight.item.destination) == (
        "flight", "HND", "BKK")
    assert (flight.start_utc, flight.end_utc) == (utc(2025, 3, 9, 15, 5), utc(2025, 3, 9, 21, 50))
    hotel = times["riverside-hotel-bangkok"]
    assert hotel.item.kind.value == "lodging" and hotel.item.source_uid == "HTL-778812"
    assert (hotel.start_utc, hotel.end_utc) == (utc(2025, 3, 10, 7), utc(2025, 3, 12, 5))
    place = trip.places[hotel.item.place]
    assert place.address.get("en") == "257 Charoen Nakhon Road, 10600, Bangkok, TH"


def test_html_page_with_embedded_json_ld(tmp_path):
    trip, times = imported(tmp_path, "confirmation.html")
    [forum] = times.values()
    assert forum.item.title.get("en") == "Asia Energy Forum: opening session"
    assert (forum.start_utc, forum.end_utc) == (utc(2025, 3, 11, 2, 30), utc(2025, 3, 11, 5))
    assert [c.name.get("en") for c in forum.item.counterparts] == ["Thai Energy Association"]
    assert forum.item.source_uid == "AEF-2025-0042"


def test_bad_json_ld_names_the_json_pointer(tmp_path):
    with pytest.raises(InputError) as caught:
        imported(tmp_path, "bad.jsonld")
    assert caught.value.message.startswith("at /reservationFor/departureTime:")


def test_reimport_updates_in_place_and_dry_run_writes_nothing(tmp_path):
    target = tmp_path / "2025-03-paris.toml"
    shutil.copy(IMPORT / "weekly-trip.toml", target)
    env = env_for(tmp_path)
    import_files(env, [IMPORT / "weekly.ics"], into=str(target))
    changed = tmp_path / "weekly.ics"
    text = (IMPORT / "weekly.ics").read_bytes()
    for old, new in ((b"DTSTART;TZID=Europe/Paris:20250331T100000", b"T110000"),
                     (b"DTEND;TZID=Europe/Paris:20250331T103000", b"T113000")):
        text = text.replace(old, old[: -len(new)] + new)
    changed.write_bytes(text)
    before = target.read_bytes()
    dry = import_files(env, [changed], into=str(target), dry_run=True)
    assert target.read_bytes() == before and not dry.written
    assert [c.id for c in dry.changes.moved] == ["monday-call-with-tokyo-moved"]
    assert dry.message == "0 new items, 1 updated, 2 unchanged"
    done = import_files(env, [changed], into=str(target))
    assert done.written and done.revision == 2
    trip = load_trip(target).trip
    assert len(trip.items) == 4
    assert trip.item("monday-call-with-tokyo-moved").start == dt.datetime(2025, 3, 31, 11, 0)
    again = import_files(env, [changed], into=str(target))
    assert not again.written and again.changes.is_empty


def test_own_calendar_maps_back_to_item_ids(tmp_path):
    """tripplan's UIDs are its item ids: importing its own calendar changes nothing."""
    source = DATA / "ics" / "dst-europe.toml"
    target = tmp_path / source.name
    shutil.copy(source, target)
    calendar = tmp_path / "trip.ics"
    assert run("export", str(target), "--ics", "--no-state", "-o", str(calendar)).exit_code == 0
    result = import_files(env_for(tmp_path), [calendar], into=str(target))
    assert not result.written and result.changes.is_empty
    assert result.message.endswith("10 unchanged")
    assert target.read_bytes() == source.read_bytes()


def test_nothing_is_written_unless_every_file_reads(tmp_path):
    target = tmp_path / "2025-03-paris.toml"
    shutil.copy(IMPORT / "weekly-trip.toml", target)
    before = target.read_bytes()
    with pytest.raises(InputError):
        import_files(env_for(tmp_path), [IMPORT / "weekly.ics", IMPORT / "broken.ics"],
                     into=str(target))
    assert target.read_bytes() == before


def test_arguments_are_checked():
    env = Environment.for_test(now=NOW)
    with pytest.raises(UsageError) as caught:
        import_files(env, [IMPORT / "google.ics"], into="a", new="b")
    assert caught.value.argument == "into"
    with pytest.raises(UsageError) as caught:
        import_files(env, [IMPORT / "google.ics"], new="b", timezone="Asia/Bangkock")
    assert caught.value.argument == "timezone" and "Asia/Bangkok" in caught.value.hint


def test_command_line_reports_what_changed(tmp_path):
    done = run("import", str(IMPORT / "google.ics"), "--new", "bkk", "--dry-run",
               env={"TRIPPLAN_ITINERARIES": str(tmp_path)})
    assert done.exit_code == 0, done.stderr
    assert "+ welcome-dinner" in done.stdout and "dry run" in done.stdout
    assert not list(tmp_path.iterdir())
    done = run("import", str(IMPORT / "google.ics"), "--new", "bkk", "--json",
               env={"TRIPPLAN_ITINERARIES": str(tmp_path)})
    assert done.exit_code == 0 and '"created": true' in done.stdout
    assert (tmp_path / "bkk.toml").is_file()


def test_untimed_marks_of_old_and_new_calendars_come_off_the_title():
    """tripplan's calendars write "（夜→早朝、時刻未定）" (、 between notes); those exported
    before wrote "（夜→早朝・時刻未定）". Import reads both back to the title and parts."""
    from tripplan.importing.ical import _summary

    for summary in ("タイ発（夜→早朝、時刻未定）", "タイ発（夜→早朝・時刻未定）"):
        assert _summary(summary, None, True, None) == ("タイ発", ("night", "early-morning"))
