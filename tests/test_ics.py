"""The content of exported calendars: RFC 5545 form, untimed items, audiences, alarms,
escaping, and the ``tripplan export --ics`` command (exit codes, files, messages)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

import icalendar
import pytest

from conftest import REFERENCE, run
from icaljs import icaljs_events
from test_ics_support import (
    DST_TRIPS,
    copy_trip,
    events,
    export,
    generated_trip,
    parse,
    small_trip,
    unfold,
)
from tripplan.export.ics import clean

REF_ID = "2024-06-yokohama-bangkok"


def ref_event(data: bytes, item: str) -> icalendar.Event:
    return events(data)[f"{item}@{REF_ID}.tripplan"]


@pytest.fixture
def reference(tmp_path):
    return copy_trip(REFERENCE, tmp_path)


# --- the reference trip: nothing has a clock time ----------------------------------------


def test_reference_trip_is_all_day_events_with_no_invented_time(reference) -> None:
    data = export(reference)
    got = events(data)
    assert len(got) == 11
    for event in got.values():
        for name in ("DTSTART", "DTEND"):
            assert event[name].params.get("VALUE") == "DATE"
            assert type(event[name].dt) is dt.date
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert not event.walk("VALARM")
    assert b"VTIMEZONE" not in data  # no TZID used, so none needed
    dates = [line for line in data.split(b"\r\n") if line.startswith((b"DTSTART", b"DTEND"))]
    assert len(dates) == 22 and not any(b"T" in line.split(b":")[1] for line in dates)


def test_reference_trip_untimed_representation(reference) -> None:
    data = export(reference)
    flight = ref_event(data, "return-flight")
    assert str(flight["SUMMARY"]) == (
        "Depart Thailand (night), arrive in Japan (early morning) (time not given)")
    assert (flight["DTSTART"].dt, flight["DTEND"].dt) == (dt.date(2024, 6, 21),
                                                          dt.date(2024, 6, 23))
    assert str(flight["DESCRIPTION"]).startswith(
        "When: Fri 21 June 2024, night → Sat 22 June 2024, early morning (time not given)")
    hotel = ref_event(data, "hotel-bangkok")  # the night of the 20th; check-out on the 21st
    assert (hotel["DTSTART"].dt, hotel["DTEND"].dt) == (dt.date(2024, 6, 20),
                                                        dt.date(2024, 6, 21))
    assert str(hotel["SUMMARY"]) == "Overnight stay in Bangkok"
    meeting = ref_event(data, "governor-meeting")
    assert (meeting["DTSTART"].dt, meeting["DTEND"].dt) == (dt.date(2024, 6, 20),
                                                            dt.date(2024, 6, 21))
    # a completed trip: the source never gave the time (as every agenda says), not "TBC"
    assert str(meeting["SUMMARY"]).endswith(" (time not given)")
    ja = export(reference, lang="ja")
    summary = str(ref_event(ja, "return-flight")["SUMMARY"])
    assert summary == "タイ発（夜）、日本着（早朝）（時刻の記載なし）"
    assert str(ref_event(ja, "outbound-flight")["SUMMARY"]) == "日本発、タイ着（時刻の記載なし）"


def test_reference_trip_properties(reference) -> None:
    data = export(reference)
    cal = parse(data)
    assert str(cal["PRODID"]).startswith("-//tripplan//")
    assert str(cal["VERSION"]) == "2.0"
    # a calendar file or feed, not an iTIP message: no METHOD (RFC 5545 3.7.2, RFC 5546)
    assert "METHOD" not in cal and all("ORGANIZER" not in e for e in cal.walk("VEVENT"))
    # icalendar does not know these two are TEXT: it keeps them escaped, as written.
    assert str(cal["X-WR-CALNAME"]) == "Mayor Takeharu Yamanaka's visit to Bangkok\\, Thailand"
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"])
    meeting = ref_event(data, "governor-meeting")
    assert str(meeting["LOCATION"]) == "Bangkok"
    assert str(meeting["STATUS"]) == "CONFIRMED" and str(meeting["CLASS"]) == "PUBLIC"
    assert [str(c) for c in meeting["CATEGORIES"].cats] == ["Meeting"]
    assert meeting["DTSTAMP"].dt == dt.datetime(2024, 6, 25, 9, 0, tzinfo=dt.UTC)
    description = str(meeting["DESCRIPTION"])
    for text in ("With: Governor of Bangkok, Bangkok Metropolitan Administration",
                 "Participants: whole delegation",
                 "Contact: 中村 恭揚, Director for International Technical Cooperation",
                 "tel. +81 45-671-4396", "※1 City-to-city cooperation with Bangkok:",
                 "――― 日本語 ―――", "電話 045-671-4396",
                 "バンコク都知事との両都市間連携等にかかるトップ会談（時刻の記載なし）",
                 "相手方：バンコク都知事（バンコク都）"):
        assert text in description, text
    assert "GEO" not in meeting  # the source gives no coordinates
    hotel = ref_event(data, "hotel-bangkok")
    assert str(hotel["CLASS"]) == "PRIVATE"  # an internal item
    assert str(ref_event(data, "outbound-flight")["LOCATION"]) == "Japan → Bangkok"


def test_public_audience_drops_internal_items(reference) -> None:
    data = export(reference, audience="public")
    assert f"hotel-bangkok@{REF_ID}.tripplan" not in events(data)
    assert len(events(data)) == 10
    assert {str(e["CLASS"]) for e in events(data).values()} == {"PUBLIC"}


# --- timed items, audiences, alarms --------------------------------------------------------


def test_audiences_on_a_trip_with_internal_and_confidential_items(tmp_path) -> None:
    trip = copy_trip(DST_TRIPS[0], tmp_path)
    key = "@2024-10-paris-london.tripplan"
    public = events(export(trip, audience="public"))
    internal = events(export(trip))
    confidential = events(export(trip, audience="confidential"))
    assert f"security-briefing{key}" not in public and f"security-briefing{key}" not in internal
    assert str(confidential[f"security-briefing{key}"]["CLASS"]) == "CONFIDENTIAL"
    assert "Route B" in str(confidential[f"security-briefing{key}"]["DESCRIPTION"])
    assert f"sunday-lunch{key}" not in public and f"sunday-lunch{key}" in internal
    meeting = f"city-hall-meeting{key}"
    assert "lacquer" not in str(public[meeting]["DESCRIPTION"])
    assert str(public[meeting]["CLASS"]) == "PUBLIC"
    assert "Internal notes (not for distribution): Gift: lacquer box" in str(
        internal[meeting]["DESCRIPTION"])
    assert str(internal[meeting]["CLASS"]) == "PRIVATE"  # it now holds office-only notes
    description = str(internal[meeting]["DESCRIPTION"])
    for text in ("When: Sat 26 October 2024 10:00 Europe/Paris (UTC+02:00) → 11:30 Europe/Paris "
                 "(UTC+02:00) (local times)", "Interpreter: French–Japanese, consecutive",
                 "Attire: Business suit", "tel. +33 1 42 76 40 40, protocol@example.org",
                 "Address: Place de l'Hôtel de Ville, 75004 Paris"):
        assert text in description, text
    assert internal[meeting]["GEO"].latitude == 48.8566
    assert str(internal[f"nuit-reception{key}"]["STATUS"]) == "TENTATIVE"
    flight = internal[f"outbound-flight{key}"]
    assert "Flight: JL 45" in str(flight["DESCRIPTION"])
    assert (flight["GEO"].latitude, flight["GEO"].longitude) == pytest.approx((35.55, 139.78),
                                                                              abs=0.01)
    assert str(flight["TRANSP"]) == "OPAQUE"
    assert str(internal[f"hotel-paris{key}"]["TRANSP"]) == "TRANSPARENT"
    hotel = internal[f"hotel-paris{key}"]  # 3 nights: 25, 26, 27; check-out on the 28th
    assert (hotel["DTSTART"].dt, hotel["DTEND"].dt) == (dt.date(2024, 10, 25),
                                                        dt.date(2024, 10, 28))


def test_for_person_keeps_only_their_items(tmp_path) -> None:
    trip = copy_trip(DST_TRIPS[0], tmp_path)
    aide = events(export(trip, person="aide"))
    head = events(export(trip, person="head"))
    assert "sunday-lunch@2024-10-paris-london.tripplan" not in aide
    assert "sunday-lunch@2024-10-paris-london.tripplan" in head
    assert len(head) == len(aide) + 1
    cal = parse(export(trip, person="aide"))
    assert str(cal["X-WR-CALNAME"]) == "Delegation to Paris and London — Aide"


def test_timed_item_without_end_ends_when_it_starts(tmp_path) -> None:
    data = export(copy_trip(DST_TRIPS[0], tmp_path))
    call = events(data)["guildhall-call@2024-10-paris-london.tripplan"]
    # RFC 5545 3.8.2.2 forbids DTEND = DTSTART; a missing end reads as an hour in some apps
    assert "DTEND" not in call and call["DURATION"].dt == dt.timedelta(0)
    assert "(end time not fixed)" in str(call["DESCRIPTION"])
    read = {e["uid"]: e for e in icaljs_events(data)}[
        "guildhall-call@2024-10-paris-london.tripplan"]
    assert read["start_utc"] == read["end_utc"] == "2024-10-28T15:00:00Z"  # 15:00 GMT, London


def test_alarms_only_on_timed_items_that_happen(tmp_path) -> None:
    trip = copy_trip(DST_TRIPS[0], tmp_path)
    data = export(trip, alarms=["1d", "30m"])
    for uid, event in events(data).items():
        triggers = [a["TRIGGER"].to_ical() for a in event.walk("VALARM")]
        if isinstance(event["DTSTART"].dt, dt.datetime) and str(event["STATUS"]) != "CANCELLED":
            assert triggers == [b"-P1D", b"-PT30M"], uid
            assert all(str(a["ACTION"]) == "DISPLAY" for a in event.walk("VALARM"))
        else:
            assert triggers == [], uid
    assert not any(e.walk("VALARM") for e in events(export(trip)).values())  # none by default


def test_cancelled_trip_cancels_every_event(tmp_path) -> None:
    trip = small_trip(tmp_path, """
[[items]]
id = "visit"
kind = "meeting"
title = "Visit"
start = 2025-02-03T10:00:00
end = 2025-02-03T11:00:00
place = "office"
""".replace('home_timezone', 'home_timezone'))
    text = trip.read_text().replace('start = 2025-02-03\n', 'status = "cancelled"\nstart = '
                                    '2025-02-03\n', 1)
    trip.write_text(text)
    event = events(export(trip, alarms=["30m"]))["visit@2025-02-small.tripplan"]
    assert str(event["STATUS"]) == "CANCELLED" and str(event["TRANSP"]) == "TRANSPARENT"
    assert str(event["SUMMARY"]) == "Cancelled: Visit" and not event.walk("VALARM")


def test_items_without_a_day_are_left_out(tmp_path) -> None:
    trip = small_trip(tmp_path, """
[[items]]
id = "someday"
kind = "meeting"
title = "Meeting, date not fixed yet"

[[items]]
id = "known"
kind = "meeting"
title = "Known day"
date = 2025-02-04
""")
    assert sorted(events(export(trip))) == ["known@2025-02-small.tripplan"]


# --- RFC 5545 form: CRLF, 75 octets, escaping -----------------------------------------------

# Characters of 1, 2, 3 and 4 octets in UTF-8, so folds land at every offset.
MIXED = "aé日𠮷" * 30 + "バンコク都知事との両都市間連携等にかかるトップ会談" * 4


def long_text_trip(tmp_path):
    items = ""
    for shift in range(8):
        title = "x" * shift + MIXED
        items += f"""
[[items]]
id = "long-{shift}"
kind = "meeting"
title.ja = "{title}"
title.en = "{title[::-1]}"
date = 2025-02-04
notes.ja = "{title}"
"""
    return small_trip(tmp_path, items, title="長い" * 40)


def exports_to_check(tmp_path):
    yield export(long_text_trip(tmp_path / "long"), lang="ja")
    yield export(copy_trip(REFERENCE, tmp_path / "ref"), lang="ja")
    yield export(copy_trip(DST_TRIPS[0], tmp_path / "eu"), audience="confidential")
    yield export(generated_trip(tmp_path / "gen"), lang="ja")


def test_crlf_and_no_line_longer_than_75_octets(tmp_path) -> None:
    for data in exports_to_check(tmp_path):
        assert data.endswith(b"\r\n")
        assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, line
            line.decode("utf-8")  # never a UTF-8 character split across two lines


def test_unfolding_restores_the_exact_japanese_text(tmp_path) -> None:
    data = export(long_text_trip(tmp_path), lang="ja")
    assert max(len(line) for line in data.split(b"\r\n")) > 70  # really folded
    got = events(data)
    icaljs = {e["uid"]: e["summary"] for e in icaljs_events(data)}
    for shift in range(8):
        title = "x" * shift + MIXED
        uid = f"long-{shift}@2025-02-small.tripplan"
        expected = f"{title}（時刻未定）"
        assert str(got[uid]["SUMMARY"]) == expected
        assert icaljs[uid] == expected
        assert f"SUMMARY:{expected}" in unfold(data)
        assert f"備考：{title}" in str(got[uid]["DESCRIPTION"])
    assert str(parse(data)["X-WR-CALNAME"]) == "長い" * 40  # no escaping needed here


def unescape(value: str) -> str:
    """RFC 5545 TEXT unescaping (icalendar leaves NAME and X-WR-CALNAME as written)."""
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


# (a bare CR and BEL are refused at load, F012; clean() still drops them: test_robust_text)
EVIL = r"Evil\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:injected@x\nSUMMARY:pwned, a; b \\ c\r\nEND"
EVIL_TEXT = clean("Evil\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:injected@x\nSUMMARY:pwned, a; b \\ c"
                  "\r\nEND")


def test_text_cannot_inject_structure(tmp_path) -> None:
    trip = small_trip(tmp_path, f"""
[[items]]
id = "evil"
kind = "meeting"
title = "{EVIL}"
date = 2025-02-04
place = "evil-place"
notes = "{EVIL}"
internal_notes = "{EVIL}"
counterparts = [{{ title = "{EVIL}" }}]

[[items]]
id = "plain"
kind = "meeting"
title = "Plain; with, punctuation \\\\ and BEGIN:VCALENDAR"
start = 2025-02-04T10:00:00
place = "office"

[places.evil-place]
name = "{EVIL}"
address = "{EVIL}"
timezone = "Asia/Tokyo"
""", title=EVIL)
    text = trip.read_text().replace('name = "Head"', f'name = "{EVIL}"')
    trip.write_text(text)
    assert EVIL_TEXT.count("\n") == 5 and "\x07" not in EVIL_TEXT
    data = export(trip, person="head")
    lines = unfold(data)
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 2
    assert sum(line == "END:VEVENT" for line in lines) == 2
    assert not any(line.startswith(("UID:injected", "SUMMARY:pwned", "END:VEVENT\\")) for line in
                   lines)
    assert b"\x07" not in data
    got = events(data)
    assert sorted(got) == ["evil@2025-02-small.tripplan", "plain@2025-02-small.tripplan"]
    evil = got["evil@2025-02-small.tripplan"]
    assert str(evil["SUMMARY"]) == f"{EVIL_TEXT} (time TBC)"
    assert str(evil["LOCATION"]) == f"{EVIL_TEXT}, {EVIL_TEXT}"
    assert f"Notes: {EVIL_TEXT}" in str(evil["DESCRIPTION"])
    plain = got["plain@2025-02-small.tripplan"]
    names = ["CATEGORIES", "CLASS", "DESCRIPTION", "DTEND", "DTSTAMP", "DTSTART", "LOCATION",
             "SEQUENCE", "STATUS", "SUMMARY", "TRANSP", "UID"]
    assert sorted(evil.keys()) == names
    # the plain item has a start and no end: DURATION:P0D instead of DTEND
    assert sorted(plain.keys()) == sorted({*names} - {"DTEND"} | {"DURATION"})
    assert str(plain["SUMMARY"]) == "Plain; with, punctuation \\ and BEGIN:VCALENDAR"
    cal = parse(data)
    assert unescape(str(cal["NAME"])) == f"{EVIL_TEXT} — {EVIL_TEXT}"
    assert unescape(str(cal["X-WR-CALNAME"])) == f"{EVIL_TEXT} — {EVIL_TEXT}"
    assert len(cal.subcomponents) == 3  # one VTIMEZONE, two VEVENTs
    read = icaljs_events(data)
    assert sorted(e["uid"] for e in read) == sorted(got)
    assert {e["uid"]: e["summary"] for e in read}["evil@2025-02-small.tripplan"] == str(
        evil["SUMMARY"])


# --- errors: located messages, exit 2, never a traceback -----------------------------------


def test_ambiguous_local_time_is_refused_with_its_location(tmp_path) -> None:
    trip = small_trip(tmp_path, """
[[items]]
id = "fold"
kind = "meeting"
title = "At 02:30 on the night the clocks go back"
start = 2024-10-27T02:30:00
timezone = "Europe/Paris"
""")
    trip.write_text(trip.read_text().replace("2025-02-03", "2024-10-26").replace(
        "2025-02-05", "2024-10-28"))
    result = run("export", str(trip), "--ics", "--no-state")
    assert result.exit_code == 2, result.stderr
    assert "trip.toml:20:9: item \"fold\": this local time happens twice in Europe/Paris" in (
        result.stderr)
    assert "2024-10-27T02:30:00+01:00" in result.stderr  # the hint
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_unknown_zone_is_refused(tmp_path) -> None:
    trip = small_trip(tmp_path, """
[[items]]
id = "nowhere"
kind = "meeting"
title = "Somewhere"
start = 2025-02-04T10:00:00
timezone = "Mars/Olympus_Mons"
""")
    result = run("export", str(trip), "--ics")
    assert result.exit_code == 2
    assert 'item "nowhere": its time zone is not known (Mars/Olympus_Mons)' in result.stderr


def test_duplicate_item_ids_are_refused(tmp_path) -> None:
    item = '\n[[items]]\nid = "twice"\nkind = "meeting"\ntitle = "T"\ndate = 2025-02-04\n'
    trip = small_trip(tmp_path, item + item)
    result = run("export", str(trip), "--ics")
    assert result.exit_code == 2 and "two items have this id" in result.stderr


# --- the command -------------------------------------------------------------------------------


def test_cli_stdout_and_file(reference, tmp_path) -> None:
    result = run("export", str(reference), "--ics")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    target = tmp_path / "cal" / "mayor.ics"
    result = run("export", str(reference), "--ics", "-o", str(target), "--lang", "ja",
                 "--alarm", "1h")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and f"wrote {target}" in result.stderr
    assert "日本発、タイ着（時刻の記載なし）" in target.read_text(encoding="utf-8")


def test_cli_several_trips_write_one_file_each(tmp_path) -> None:
    folder = tmp_path / "trips"
    copy_trip(REFERENCE, folder)
    copy_trip(DST_TRIPS[1], folder)
    out = tmp_path / "out"
    result = run("export", str(folder), "--ics", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "2024-03-new-york-los-angeles.ics", "2024-06-yokohama-bangkok.ics"]
    assert not (folder / ".tripplan").exists()  # nothing kept on this machine
    result = run("export", str(folder), "--ics")
    assert result.exit_code == 2 and "give a folder with -o" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--for", "nobody"], '"nobody" is not a member of the delegation'),
    (["--alarm", "soon"], "soon"),
    (["--alarm", "-30m"], "positive"),
    (["--lang", "ja+en"], "--lang ja+en is for agendas"),
    (["--audience", "secret"], "secret"),
])
def test_cli_usage_errors(reference, args, message) -> None:
    result = run("export", str(reference), "--ics", *args)
    assert result.exit_code == 2, (args, result.stderr)
    assert message in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert not (reference.parent / ".tripplan").exists()


def test_cli_does_not_import_icalendar() -> None:
    code = ("import sys, tripplan.cli, tripplan.cli.export; "
            "print('icalendar' in sys.modules, 'tripplan.export.ics' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_method_publish_only_with_an_organizer(tmp_path, reference) -> None:
    trip = copy_trip(REFERENCE, tmp_path)
    refused = run("export", str(trip), "--ics", "--method", "publish")
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        "tripplan: an iTIP-style calendar (METHOD:PUBLISH) needs its organizer",
        "  hint: add --organizer with the office's e-mail address"]
    bad = run("export", str(trip), "--ics", "--method", "publish", "--organizer", "nobody")
    assert bad.exit_code == 2 and '--organizer "nobody" is not an e-mail address' in bad.stderr
    done = run("export", str(trip), "--ics", "--method", "publish", "--organizer",
               "protocol@city.example")
    assert done.exit_code == 0, done.stderr
    cal = parse(done.stdout_bytes)
    assert str(cal["METHOD"]) == "PUBLISH"
    organizers = {e["ORGANIZER"].to_ical() for e in cal.walk("VEVENT")}
    assert organizers == {b"mailto:protocol@city.example"}
    names = {e["ORGANIZER"].params["CN"] for e in cal.walk("VEVENT")}
    assert len(names) == 1 and next(iter(names)).startswith(
        "City of Yokohama, International Affairs Bureau")  # the trip's organizer
    assert run("export", str(trip), "--html", "--method", "publish").exit_code == 2


KHAL_READS = """
import datetime as dt, sys, zoneinfo
from khal.khalendar.event import Event
utc = zoneinfo.ZoneInfo("UTC")
formats = {name: "%Y-%m-%d %H:%M" for name in (
    "timeformat", "dateformat", "longdateformat", "datetimeformat", "longdatetimeformat")}
event = Event.fromString(sys.stdin.read(), locale={
    "local_timezone": utc, "default_timezone": utc, "weeknumbers": False,
    "firstweekday": 0, "unicode_symbols": True, **formats})
print(event.start.astimezone(dt.UTC).isoformat(), event.end - event.start)
"""


def test_an_item_without_an_end_reads_as_zero_length_in_khal(tmp_path) -> None:
    """khal (a third reader, besides python icalendar and ical.js) sees no length either.
    In its own process: importing khal switches icalendar to pytz for the whole process."""
    from tripplan.export.ics_objects import split

    data = export(copy_trip(DST_TRIPS[0], tmp_path))
    [call] = [o for o in split(data) if o.uid == "guildhall-call@2024-10-paris-london.tripplan"]
    read = subprocess.run([sys.executable, "-c", KHAL_READS], input=call.data.decode("utf-8"),
                          capture_output=True, text=True, check=True)
    assert read.stdout.split() == ["2024-10-28T15:00:00+00:00", "0:00:00"]


def test_calendar_domain_makes_uids_unique_across_offices(tmp_path) -> None:
    """Two offices may both name a trip "2025-02-small": their own domain keeps the UIDs apart,
    and tripplan still reads its UIDs back as item ids (import, publish)."""
    from tripplan.export.ics_event import own_item
    from tripplan.export.ics_objects import belongs_to_trip

    item = '\n[[items]]\nid = "visit"\nkind = "meeting"\ntitle = "Visit"\ndate = 2025-02-03\n'
    trip = small_trip(tmp_path, item)
    trip.write_text(trip.read_text(encoding="utf-8").replace(
        'home_timezone', 'calendar_domain = "city.example.jp"\nhome_timezone', 1),
        encoding="utf-8")
    assert run("validate", str(trip)).exit_code == 0
    [uid_] = events(export(trip))
    assert uid_ == "visit@2025-02-small.city.example.jp"
    assert own_item(uid_, "city.example.jp") == "visit"
    assert belongs_to_trip(uid_, "2025-02-small", "city.example.jp")
    assert not belongs_to_trip(uid_, "2025-02-small")  # another office's trip of that id
    bad = trip.read_text(encoding="utf-8").replace("city.example.jp", "Not A Domain")
    trip.write_text(bad, encoding="utf-8")
    assert run("validate", str(trip)).exit_code == 2
