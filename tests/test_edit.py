"""The editing commands through the CLI: values, refusals, --force, revisions, dates."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
import tomllib

import pytest

from conftest import DATA, REFERENCE, run
from tripplan import storage
from tripplan.edit.document import TripDocument
from tripplan.edit.values import convert_value, parse_key, value_kind
from tripplan.errors import UsageError
from tripplan.load import load_trip

SOURCE = DATA / "edit" / "commented.toml"


@pytest.fixture
def trip(tmp_path):
    path = tmp_path / "visit.toml"
    shutil.copy(SOURCE, path)
    return path


def data(path):
    return tomllib.loads(path.read_text(encoding="utf-8"))


def item(path, item_id):
    return next(it for it in data(path)["items"] if it["id"] == item_id)


# --- set ---------------------------------------------------------------------------------


def test_set_reads_values_by_key(trip):
    result = run("set", str(trip), "governor-meeting", "status=tentative", "place=hotel",
                 'title.en="Top meeting"', "start=10:15", "end=2024-06-21 11:15",
                 "tags=protocol, vip", "participants=[\"mayor\"]")
    assert result.exit_code == 0, result.stderr
    it = item(trip, "governor-meeting")
    assert it["status"] == "tentative" and it["place"] == "hotel"
    assert it["title"] == {"ja": "知事との会談", "en": "Top meeting"}
    assert it["start"] == dt.datetime(2024, 6, 21, 10, 15)  # a time alone: the item's day
    assert it["end"] == dt.datetime(2024, 6, 21, 11, 15)
    assert it["tags"] == ["protocol", "vip"] and it["participants"] == ["mayor"]
    assert "status: \"confirmed\" → \"tentative\"" in result.stdout
    assert f"saved {trip}" in result.stdout and "(revision 4)" in result.stdout


def test_set_japanese_and_full_width_dates(trip):
    result = run("set", str(trip), "departure", "date=令和6年6月２１日")
    assert result.exit_code == 0, result.stderr
    assert item(trip, "departure")["date"] == dt.date(2024, 6, 21)
    result = run("set", str(trip), "governor-meeting", "start=6月21日 9時30分")
    assert result.exit_code == 0, result.stderr
    assert item(trip, "governor-meeting")["start"] == dt.datetime(2024, 6, 21, 9, 30)


def test_set_trip_level_keys_and_new_place(trip):
    result = run("set", str(trip), "--trip", "status=confirmed",
                 "places.embassy.name.en=Embassy of Japan")
    assert result.exit_code == 0, result.stderr
    assert data(trip)["status"] == "confirmed"
    assert data(trip)["places"]["embassy"] == {"name": {"en": "Embassy of Japan"}}
    assert "[places.embassy]" in trip.read_text(encoding="utf-8")


def test_set_refuses_a_change_that_breaks_the_trip_byte_for_byte(trip):
    before = trip.read_bytes()
    result = run("set", str(trip), "governor-meeting", "place=nowhere")
    assert result.exit_code == 1
    assert 'R002 unknown-place item "governor-meeting" refers to place "nowhere"' in result.stderr
    assert "not saved" in result.stderr and "--force" in result.stderr
    assert trip.read_bytes() == before
    assert not (trip.parent / ".tripplan-backup").exists()


def test_force_writes_and_says_so(trip):
    result = run("set", str(trip), "governor-meeting", "place=nowhere", "--force")
    assert result.exit_code == 0
    assert item(trip, "governor-meeting")["place"] == "nowhere"
    assert "R002" in result.stderr and "because of --force" in result.stderr
    assert data(trip)["revision"] == 4
    # an existing error does not block the next, unrelated edit
    result = run("set", str(trip), "press", "status=tentative")
    assert result.exit_code == 0, result.stderr
    assert data(trip)["revision"] == 5


def test_value_the_format_cannot_load_is_an_input_error_even_with_force(trip):
    before = trip.read_bytes()
    result = run("set", str(trip), "press", "status=confimed", "--force")
    assert result.exit_code == 2
    assert '"confimed" is not a valid status' in result.stderr
    assert 'did you mean "confirmed"?' in result.stderr
    assert trip.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["press", "stauts=confirmed"], 'unknown key "stauts" for an item'),
    (["pres", "status=confirmed"], 'no item "pres" in this trip'),
    (["press", "status"], '"status" is not key=value'),
    (["press", "status="], "status= has no value"),
    (["status=confirmed"], '"status=confirmed" is not an item id'),
    (["press", "start=yesterday at ten"], 'could not read "yesterday at ten"'),
    (["press", "start=06/07/2024 10:00"], "ambiguous"),
    (["press", "title.en.x=1"], "title.en is a language"),
    (["--trip", "items=[]"], "items are changed one at a time"),
    (["press", "counterparts=Governor"], "counterparts takes a TOML value"),
])
def test_set_bad_forms_are_usage_errors(trip, args, message):
    before = trip.read_bytes()
    result = run("set", str(trip), *args)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert trip.read_bytes() == before


def test_unknown_item_suggests_the_closest(trip):
    result = run("set", str(trip), "govenor-meeting", "status=tentative")
    assert 'did you mean "governor-meeting"?' in result.stderr


def test_bad_date_shows_what_was_understood_and_the_accepted_forms(trip):
    result = run("set", str(trip), "departure", "date=2024年13月1日")
    assert result.exit_code == 2
    assert "month 13 does not exist" in result.stderr
    assert "accepted:" in result.stderr and "令和6年6月21日" in result.stderr


def test_unset_keeps_the_inline_comment(trip):
    result = run("set", str(trip), "governor-meeting", "--unset", "notes")
    assert result.exit_code == 0, result.stderr
    text = trip.read_text(encoding="utf-8")
    assert "notes" not in item(trip, "governor-meeting")
    assert "\n# protocol\n" in text
    result = run("set", str(trip), "governor-meeting", "--unset", "notes")
    assert result.exit_code == 2 and 'has no key "notes"' in result.stderr


def test_revision_is_added_after_end_when_missing(tmp_path):
    path = tmp_path / "t.toml"
    text = SOURCE.read_text(encoding="utf-8").replace("revision = 3\n", "")
    path.write_text(text, encoding="utf-8")
    assert run("cancel", str(path), "press").exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("end = 2024-06-22            # last day") + 1] == "revision = 1"


def test_revision_raised_by_hand_is_kept(trip):
    assert run("set", str(trip), "--trip", "revision=10").exit_code == 0
    assert data(trip)["revision"] == 10
    assert run("set", str(trip), "--trip", "revision=2").exit_code == 0
    assert data(trip)["revision"] == 11  # never goes down


def test_no_change_writes_nothing(trip):
    before = trip.read_bytes()
    result = run("set", str(trip), "press", 'title.en=Press availability')
    assert result.exit_code == 0
    assert "no change" in result.stdout
    assert trip.read_bytes() == before


# --- add -----------------------------------------------------------------------------------


def test_add_with_japanese_dates_and_trip_year(trip):
    result = run("add", str(trip), "--kind", "meeting", "--title", "知事との夕食",
                 "--date", "令和6年6月21日", "--start", "6月21日 19時30分",
                 "--duration", "1時間30分", "--place", "city-hall",
                 "--set", 'counterparts=[{ title.en = "Governor" }]')
    assert result.exit_code == 0, result.stderr
    added = item(trip, "meeting-2024-06-21")
    assert added["title"] == {"ja": "知事との夕食"}
    assert added["start"] == dt.datetime(2024, 6, 21, 19, 30)
    assert added["end"] == dt.datetime(2024, 6, 21, 21, 0)
    assert "date" not in added  # the start says the day
    # a second one with the same title and day gets a unique id
    result = run("add", str(trip), "--kind", "meeting", "--title", "会談", "--date", "6月21日",
                 "--set", 'counterparts=[{ title.en = "Governor" }]')
    assert result.exit_code == 0, result.stderr
    assert item(trip, "meeting-2024-06-21-2")["date"] == dt.date(2024, 6, 21)


def test_add_id_from_english_title_and_order(trip):
    result = run("add", str(trip), "--kind", "meal", "--title-ja", "昼食",
                 "--title-en", "Lunch with the Governor", "--start", "2024-06-21T12:15",
                 "--end", "13:00", "--place", "hotel")
    assert result.exit_code == 0, result.stderr
    ids = [it["id"] for it in data(trip)["items"]]
    assert ids == ["arrival", "breakfast", "governor-meeting", "press", "lunch-with-the-governor",
                   "departure"]
    assert item(trip, "lunch-with-the-governor")["title"] == {"ja": "昼食",
                                                             "en": "Lunch with the Governor"}


def test_add_refuses_an_existing_id_and_bad_choices(trip):
    before = trip.read_bytes()
    result = run("add", str(trip), "--kind", "meal", "--title", "x", "--id", "press")
    assert result.exit_code == 2 and 'id "press" already exists' in result.stderr
    result = run("add", str(trip), "--kind", "meating", "--title", "x")
    assert result.exit_code == 2 and 'did you mean "meeting"?' in result.stderr
    result = run("add", str(trip), "--kind", "meal", "--title", "x", "--end", "10:00")
    assert result.exit_code == 2 and "--end and --duration need --start" in result.stderr
    result = run("add", str(trip), "--kind", "meal", "--title", "x", "--date", "2024-06-21",
                 "--start", "2024-06-22T10:00")
    assert result.exit_code == 2 and "is not on --date" in result.stderr
    result = run("add", str(trip), "--kind", "meal", "--title", "x", "--date", "2024-07-01")
    assert result.exit_code == 1 and "R005" in result.stderr
    assert trip.read_bytes() == before


# --- move ----------------------------------------------------------------------------------


def test_move_by_keeps_the_length_and_cascade_only_moves_the_same_day(trip):
    result = run("move", str(trip), "governor-meeting", "--by=-15m", "--cascade")
    assert result.exit_code == 0, result.stderr
    assert item(trip, "governor-meeting")["start"] == dt.datetime(2024, 6, 21, 9, 45)
    assert item(trip, "governor-meeting")["end"] == dt.datetime(2024, 6, 21, 10, 45)
    assert item(trip, "press")["start"] == dt.datetime(2024, 6, 21, 11, 15)
    assert item(trip, "breakfast")["start"] == dt.datetime(2024, 6, 21, 8, 0)  # earlier: stays
    assert "~ governor-meeting  2024-06-21 10:00–11:00 → 2024-06-21 09:45–10:45" in result.stdout


def test_move_timed_to_another_day_keeps_the_time(trip):
    result = run("move", str(trip), "press", "--to", "2024年6月22日")
    assert result.exit_code == 0, result.stderr
    assert item(trip, "press")["start"] == dt.datetime(2024, 6, 22, 11, 30)
    assert item(trip, "press")["end"] == dt.datetime(2024, 6, 22, 12, 0)


def test_move_untimed(trip):
    assert run("move", str(trip), "departure", "--by", "-1d").exit_code == 0
    assert item(trip, "departure")["date"] == dt.date(2024, 6, 21)
    result = run("move", str(trip), "departure", "--by", "30m")
    assert result.exit_code == 2 and "whole days" in result.stderr
    result = run("move", str(trip), "departure", "--to", "2024-06-21T07:15")
    assert result.exit_code == 0, result.stderr
    moved = item(trip, "departure")
    assert moved["start"] == dt.datetime(2024, 6, 21, 7, 15)
    assert "part_of_day" not in moved and "date" not in moved
    result = run("move", str(trip), "arrival", "--to", "2024-06-21", "--cascade")
    assert result.exit_code == 2 and "has no time" in result.stderr


def test_move_needs_to_or_by(trip):
    assert run("move", str(trip), "press").exit_code == 2
    assert run("move", str(trip), "press", "--to", "10:00", "--by", "1h").exit_code == 2


DST_TRIP = """id = "dst"
title = "DST"
home_timezone = "Europe/Paris"
start = 2024-03-30
end = 2024-10-28

[places.paris]
name = "Paris"
timezone = "Europe/Paris"

[[items]]
id = "spring"
kind = "meal"
title = "Spring"
start = 2024-03-31T01:00:00
end = 2024-03-31T01:45:00
place = "paris"

[[items]]
id = "autumn"
kind = "meal"
title = "Autumn"
start = 2024-10-27T01:00:00
place = "paris"
"""


def test_move_into_a_dst_gap_or_fold_is_refused(tmp_path):
    path = tmp_path / "dst.toml"
    path.write_text(DST_TRIP, encoding="utf-8")
    before = path.read_bytes()
    result = run("move", str(path), "spring", "--by", "1h30m")
    assert result.exit_code == 2
    assert "start 2024-03-31 02:30 does not exist in Europe/Paris" in result.stderr
    assert "01:30 (UTC+01:00) or 03:30 (UTC+02:00)" in result.stderr
    result = run("move", str(path), "autumn", "--to", "2024-10-27T02:30")
    assert result.exit_code == 2
    assert "happens twice in Europe/Paris" in result.stderr
    assert "2024-10-27T02:30+02:00 or 2024-10-27T02:30+01:00" in result.stderr
    assert path.read_bytes() == before
    # the offset chooses one of the two
    result = run("move", str(path), "autumn", "--to", "2024-10-27T02:30+01:00")
    assert result.exit_code == 0, result.stderr
    assert "start = 2024-10-27T02:30:00+01:00" in path.read_text(encoding="utf-8")


# --- cancel, rm ------------------------------------------------------------------------------


def test_cancel_keeps_the_item_and_twice_is_no_change(trip):
    assert run("cancel", str(trip), "press").exit_code == 0
    assert item(trip, "press")["status"] == "cancelled"
    before = trip.read_bytes()
    result = run("cancel", str(trip), "press")
    assert result.exit_code == 0 and "already cancelled" in result.stdout
    assert trip.read_bytes() == before


def test_rm_without_yes_off_a_terminal_refuses(trip):
    before = trip.read_bytes()
    result = run("rm", str(trip), "press")
    assert result.exit_code == 2
    assert "without confirmation" in result.stderr and "--yes" in result.stderr
    assert trip.read_bytes() == before
    assert run("rm", str(trip), "press", "-y").exit_code == 0
    assert "press" not in [it["id"] for it in data(trip)["items"]]


# --- files, locks, formats ---------------------------------------------------------------------


def test_backup_holds_the_previous_version(trip):
    before = trip.read_bytes()
    result = run("cancel", str(trip), "press", "--json")
    payload = json.loads(result.stdout)
    assert payload["command"] == "cancel" and payload["changed"] is True
    assert payload["revision"] == 4
    backups = storage.backups_of(trip)
    assert len(backups) == 1 and backups[0].read_bytes() == before
    assert payload["backup"] == str(backups[0])


def test_a_held_lock_times_out_and_changes_nothing(trip):
    before = trip.read_bytes()
    held, release = threading.Event(), threading.Event()

    def hold():
        with storage.locked(trip, timeout=5):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(5)
    try:
        result = run("cancel", str(trip), "press", "--lock-timeout", "0.2")
    finally:
        release.set()
        thread.join()
    assert result.exit_code == 2
    assert "another tripplan is editing this trip" in result.stderr
    assert trip.read_bytes() == before


def test_json_trip_is_edited_as_json(tmp_path):
    path = tmp_path / "ref.json"
    assert run("convert", str(REFERENCE), "-o", str(path)).exit_code == 0
    result = run("set", str(path), "jica-call", "status=tentative")
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    saved = json.loads(text)
    jica = next(it for it in saved["items"] if it["id"] == "jica-call")
    assert list(jica)[:4] == ["id", "kind", "title", "status"]  # canonical place
    assert saved["revision"] == 2
    assert text.endswith("}\n") and '  "id": "2024-06-yokohama-bangkok"' in text
    result = run("add", str(path), "--kind", "meal", "--title", "Dinner", "--date", "2024-06-20")
    assert result.exit_code == 0, result.stderr
    assert [it["id"] for it in json.loads(path.read_text())["items"]][3] == "dinner"


def test_crlf_files_stay_crlf(tmp_path):
    path = tmp_path / "crlf.toml"
    path.write_bytes(SOURCE.read_bytes().replace(b"\n", b"\r\n"))
    assert run("cancel", str(path), "press").exit_code == 0
    raw = path.read_bytes()
    assert b'status = "cancelled"\r\n' in raw and b"\n" not in raw.replace(b"\r\n", b"")


def test_reference_trip_edits_keep_every_other_byte(tmp_path):
    path = tmp_path / "ref.toml"
    shutil.copy(REFERENCE, path)
    before = path.read_text(encoding="utf-8")
    assert run("set", str(path), "--trip", "status=confirmed").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after == before.replace('status = "completed"', 'status = "confirmed"').replace(
        "revision = 1", "revision = 2")
    assert load_trip(path).trip.revision == 2


# --- library pieces --------------------------------------------------------------------------


def test_value_kinds_follow_the_model():
    assert value_kind(("items", 0, "status")) == "str"
    assert value_kind(("items", 0, "title")) == "text"
    assert value_kind(("end",)) == "date"
    assert value_kind(("people", "x", "principal")) == "bool"
    assert value_kind(("travel_speed_kmh",)) == "float"
    with pytest.raises(UsageError, match='unknown key "visibilty" for an item') as caught:
        value_kind(("items", 0, "visibilty"))
    assert caught.value.hint == 'did you mean "visibility"?'
    assert parse_key('footnotes."1".title.en') == ("footnotes", "1", "title", "en")


def test_convert_value_forms():
    from tripplan.edit.values import TripDates

    dates = TripDates(dt.date(2024, 12, 30), dt.date(2025, 1, 2))
    assert convert_value("1月2日", "date", "date", dates) == dt.date(2025, 1, 2)  # the trip's
    assert convert_value("12月31日", "date", "date", dates) == dt.date(2024, 12, 31)
    assert convert_value("13", "float", "lat", dates) == 13.0
    assert convert_value("true", "bool", "principal", dates) is True
    with pytest.raises(UsageError):
        convert_value("yes", "bool", "principal", dates)
    assert convert_value('{ ja = "会談" }', "text", "title", dates) == {"ja": "会談"}


def test_document_replace_key_keeps_position_and_comment():
    doc = TripDocument('[[items]]\nid = "a"\ndate = 2024-06-20  # why\nplace = "x"\n', "toml")
    doc.replace_key(("items", 0, "date"), "start", dt.datetime(2024, 6, 20, 10))
    assert doc.dumps() == ('[[items]]\nid = "a"\nstart = 2024-06-20T10:00:00  # why\n'
                           'place = "x"\n')


def test_inline_table_text_is_edited_in_place():
    doc = TripDocument('[[items]]\nid = "a"\ntitle = { ja = "会談" }  # t\n', "toml")
    doc.set(("items", 0, "title", "en"), "Meeting")
    assert tomllib.loads(doc.dumps())["items"][0]["title"] == {"ja": "会談", "en": "Meeting"}
    assert "# t" in doc.dumps()
    doc = TripDocument('[[items]]\nid = "a"\ntitle = "Meeting"\n', "toml")
    with pytest.raises(UsageError, match="is a single value"):
        doc.set(("items", 0, "title", "ja"), "会談")


@pytest.mark.parametrize("module", ["tripplan.edit.values", "tripplan.fmt", "tripplan.diff"])
def test_doctests(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 3 and result.failed == 0
