"""The office's views across trips: ``agenda``, ``next`` and the filters of ``list``.

Every run has a fixed clock (``Environment.for_test(now=…)``) and is checked by its exact
output. ``tests/data/office/`` holds two trips of a Tokyo office: a visit to Paris (seven
hours behind in May) and a day at home the day after.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from tripplan.app.env import Environment
from tripplan.cli import main

OFFICE = DATA / "office"
EXAMPLE = "itineraries/examples/2025-03-example-tokyo-bangkok.toml"
UTC = dt.UTC


def at(*args: str, now: dt.datetime, environ: dict[str, str] | None = None
       ) -> tuple[int, str, str]:
    """``tripplan ARGS`` with the clock at ``now``: exit code, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    env = Environment.for_test(now=now, environ=environ, stdout=out, stderr=err)
    with pytest.raises(SystemExit) as done:
        main(list(args), env)
    return done.value.code, out.getvalue(), err.getvalue()


NOW = dt.datetime(2025, 5, 1, 3, tzinfo=UTC)


def agenda(*args: str, now: dt.datetime = NOW, **kw) -> tuple[int, str, str]:
    return at("agenda", str(OFFICE), *args, now=now, **kw)


# --- agenda -------------------------------------------------------------------------------

def test_agenda_places_items_on_home_days_with_the_venue_time_beside():
    code, out, err = agenda("--from", "2025-05-10", "--days", "2")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Agenda · Sat 10 – Sun 11 May 2025 · home Asia/Tokyo",
        "home time; local time beside it where it differs",
        "",
        "Sat 10 May 2025",
        "  time TBC     CEST              paris-2025    Visit · Paris City Hall",
        "  19:00–20:30  12:00–13:30 CEST  paris-2025    Lunch · Paris City Hall",
        "  23:00 →      16:00 CEST        paris-2025    Reception · Paris City Hall [tentative]",
        "",
        "Sun 11 May 2025",
        "  time TBC                       tokyo-office  Press · City Hall",
        "  00:45–01:00                    tokyo-office  Briefing · City Hall",
        "  → 01:00      → Sat 18:00 CEST  paris-2025    Reception · ends [tentative]",
        "  01:30        Sat 18:30 CEST    paris-2025    Call home · Paris City Hall",
        "  time TBC     morning CEST      paris-2025    Walk · Paris City Hall",
    ]


def test_agenda_in_japanese_and_for_another_audience():
    code, out, _ = agenda("--from", "2025-05-11", "--to", "2025-05-11", "--lang", "ja",
                          "--audience", "confidential")
    assert code == 0
    assert out.splitlines()[3:] == [
        "2025年5月11日（日）",
        "  時刻未定                      tokyo-office  Press · City Hall",
        "  00:45–01:00                   tokyo-office  Briefing · City Hall",
        "  → 01:00      → 土 18:00 CEST  paris-2025    Reception · 終了 [調整中]",
        "  01:30        土 18:30 CEST    paris-2025    Call home · パリ市庁舎",
        "  時刻未定     午前 CEST        paris-2025    Walk · パリ市庁舎",
        "  17:00        10:00 CEST       paris-2025    Secret talk · パリ市庁舎",
    ]


def test_agenda_of_the_example_trip_night_flight_is_one_line_at_home(in_repo):
    code, out, _ = at("agenda", EXAMPLE, "--from", "2025-03-12", "--days", "2", now=NOW)
    assert code == 0
    assert out.splitlines()[3:] == [
        "Wed 12 March 2025",
        "  11:30–14:00  09:30–12:00 UTC+07:00          2025-03-example-tokyo-bangkok  "
        "City-to-city cooperation workshop (keynote) · United Nations Conference Centre, "
        "Bangkok",
        "  14:30–16:00  12:30–14:00 UTC+07:00          2025-03-example-tokyo-bangkok  "
        "Working lunch with the workshop speakers · Example Thai Restaurant (fictional), "
        "Bangkok",
        "  → 21:00      → 19:00 UTC+07:00              2025-03-example-tokyo-bangkok  "
        "Hotel in Bangkok (2 nights) · ends",
        "  21:00–22:00  19:00–20:00 UTC+07:00          2025-03-example-tokyo-bangkok  "
        "Transfer from the hotel to the airport · Example Riverside Hotel (fictional) → BKK",
        "",
        "Thu 13 March 2025",
        "  00:45–06:55  Wed 22:45 UTC+07:00–06:55 JST  2025-03-example-tokyo-bangkok  "
        "Night flight Bangkok → Tokyo Haneda · BKK → HND",
    ]


def test_agenda_of_the_reference_trip_never_invents_a_time(in_repo):
    code, out, _ = at("agenda", "--from", "2024-06-21", "--days", "2", now=NOW)
    assert code == 0
    lines = out.splitlines()[3:]
    assert lines[:3] == [
        "Fri 21 June 2024",
        "  → time not given                  → UTC+07:00      2024-06-yokohama-bangkok  "
        "Overnight stay in Bangkok · ends",
        "  (2024-06-yokohama-bangkok: order of these items not given)",
    ]
    assert lines[-4:] == [
        "  time not given                    night UTC+07:00  2024-06-yokohama-bangkok  "
        "Depart Thailand (night), arrive in Japan (early morning) · Bangkok → Japan",
        "",
        "Sat 22 June 2024",
        "  → early morning (time not given)                   2024-06-yokohama-bangkok  "
        "Depart Thailand (night), arrive in Japan (early morning) · arrives",
    ]
    clocks = [re.findall(r"(?<![+−])\b\d\d:\d\d", line.split("2024-06-yokohama")[0])
              for line in lines]
    assert not any(clocks)  # the source gives no clock time: none is shown


def test_agenda_default_range_is_a_week_from_today_at_home():
    # 15:30 UTC on 4 May is 00:30 on 5 May in Tokyo: the week is 5–11 May
    code, out, _ = agenda(now=dt.datetime(2025, 5, 4, 15, 30, tzinfo=UTC))
    assert code == 0
    assert out.splitlines()[0] == "Agenda · Mon 5 – Sun 11 May 2025 · home Asia/Tokyo"
    assert "Sat 10 May 2025" in out
    code, out, _ = agenda(now=dt.datetime(2025, 5, 4, 14, 30, tzinfo=UTC))  # 23:30 on the 4th
    assert out.splitlines()[0] == "Agenda · Sun 4 – Sat 10 May 2025 · home Asia/Tokyo"
    assert "Sun 11 May" not in out


def test_agenda_with_nothing_in_range_says_so_and_exits_0():
    code, out, _ = agenda("--from", "2030-01-01", "--days", "1")
    assert code == 0
    assert out.splitlines() == ["Agenda · Tue 1 January 2030 · home Asia/Tokyo",
                                "home time; local time beside it where it differs", "",
                                "Nothing scheduled"]


def test_agenda_json_gives_utc_instants_and_nulls_for_unknown_times():
    code, out, _ = agenda("--from", "2025-05-10", "--days", "2", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["command"], data["from"], data["to"], data["home_timezone"]) == (
        "agenda", "2025-05-10", "2025-05-11", "Asia/Tokyo")
    days = {d["date"]: d["items"] for d in data["days"]}
    reception = [i for i in days["2025-05-10"] if i["item"] == "reception"][0]
    assert (reception["start_utc"], reception["end_utc"], reception["continues"]) == (
        "2025-05-10T14:00:00Z", None, True)
    assert (reception["home_start"], reception["local_start"]) == (
        "2025-05-10T23:00:00+09:00", "2025-05-10T16:00:00+02:00")
    end = [i for i in days["2025-05-11"] if i["item"] == "reception"][0]
    assert (end["continuation"], end["end_utc"], end["home_end"]) == (
        True, "2025-05-10T16:00:00Z", "2025-05-11T01:00:00+09:00")
    walk = days["2025-05-11"][-1]
    assert walk["item"] == "walk" and walk["timing"] == "part-of-day"
    assert (walk["part_of_day"], walk["zone"], walk["local_date"]) == (
        "morning", "Europe/Paris", "2025-05-11")
    assert walk["start_utc"] is walk["home_start"] is walk["local_start"] is None
    assert "secret" not in out  # confidential: cut as show cuts it


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2025-02-30"], 'tripplan: --from: could not read "2025-02-30" as a date'),
    (["--to", "next week"], 'tripplan: --to: could not read "next week" as a date'),
    (["--from", "2025-05-11", "--to", "2025-05-10"],
     "tripplan: --to 2025-05-10 is before --from 2025-05-11"),
    (["--to", "2025-05-10", "--days", "3"], "tripplan: give either --to or --days, not both"),
    (["--days", "0"], "tripplan: --days must be from 1 to 366, not 0"),
    (["--days", "400"], "tripplan: --days must be from 1 to 366, not 400"),
    (["--home", "Europe/Pari"], 'tripplan: unknown time zone "Europe/Pari" for --home'),
    (["--audience", "press"], "Invalid value for '--audience'"),
])
def test_agenda_bad_arguments_exit_2_naming_the_flag(args, message):
    code, out, err = agenda(*args)
    assert code == 2 and out == ""
    assert message in err
    assert "Traceback" not in err


def _other_home(tmp_path: Path) -> Path:
    folder = tmp_path / "trips"
    shutil.copytree(OFFICE, folder)
    paris = folder / "paris.toml"
    paris.write_text(paris.read_text(encoding="utf-8").replace(
        'home_timezone = "Asia/Tokyo"', 'home_timezone = "Asia/Seoul"'), encoding="utf-8")
    return folder


def test_trips_of_different_homes_need_the_office_zone(tmp_path):
    folder = str(_other_home(tmp_path))
    code, out, err = at("agenda", folder, "--from", "2025-05-10", now=NOW)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "tripplan: the trips have different home zones (Asia/Seoul, Asia/Tokyo): which one is "
        "the office's?",
        "  hint: give --home ZONE (e.g. --home Asia/Tokyo), or set home_timezone in the config "
        "file or TRIPPLAN_HOME_TIMEZONE"]
    code, out, _ = at("agenda", folder, "--from", "2025-05-10", "--home", "Europe/Paris",
                      now=NOW)
    assert code == 0
    assert out.splitlines()[0] == "Agenda · Sat 10 – Fri 16 May 2025 · home Europe/Paris"
    lunch = next(line for line in out.splitlines() if "Lunch" in line)
    assert lunch.split() == ["12:00–13:30", "paris-2025", "Lunch", "·", "Paris", "City", "Hall"]
    code, out, _ = at("agenda", folder, "--from", "2025-05-10", now=NOW,
                      environ={"TRIPPLAN_HOME_TIMEZONE": "Asia/Tokyo"})
    assert code == 0 and "home Asia/Tokyo" in out


def test_cancelled_trips_are_left_out_and_broken_files_reported(tmp_path):
    folder = tmp_path / "trips"
    shutil.copytree(OFFICE, folder)
    tokyo = folder / "tokyo.toml"
    tokyo.write_text(tokyo.read_text(encoding="utf-8").replace(
        'home_timezone =', 'status = "cancelled"\nhome_timezone ='), encoding="utf-8")
    (folder / "broken.toml").write_text('id = "x"\ntitle = \n', encoding="utf-8")
    code, out, err = at("agenda", str(folder), "--from", "2025-05-11", "--days", "1", now=NOW)
    assert code == 2  # as list: a script notices the file it could not read
    assert "tokyo-office" not in out and "paris-2025" in out
    assert err.startswith(f"{folder / 'broken.toml'}:2:9: F003 toml-syntax")


# --- next ---------------------------------------------------------------------------------

def next_(*args: str, now: dt.datetime, **kw) -> tuple[int, str, str]:
    return at("next", str(OFFICE), *args, now=now, **kw)


def test_next_before_a_trip_names_it_and_its_first_item():
    code, out, err = next_(now=dt.datetime(2025, 5, 8, 12, tzinfo=UTC))  # 21:00 on the 8th
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Next trip (in 2 days): paris-2025",
        "Paris visit",
        "Sat 10 – Sun 11 May 2025 · confirmed · home Asia/Tokyo",
        "Next item: Sat 10 May 2025",
        "  time TBC  CEST  Visit · Paris City Hall",
    ]
    code, out, _ = next_(now=dt.datetime(2025, 5, 8, 15, tzinfo=UTC))  # 00:00 on the 9th
    assert out.splitlines()[0] == "Next trip (tomorrow): paris-2025"


def test_next_during_a_trip_keeps_todays_item_without_a_time():
    # 14:30 UTC on the 10th: 23:30 in Tokyo, 16:30 in Paris. The visit of the 10th has no
    # time: it may still come, so it is next (the lunch and the reception have begun)
    code, out, _ = next_(now=dt.datetime(2025, 5, 10, 14, 30, tzinfo=UTC))
    assert code == 0
    assert out.splitlines() == [
        "Under way (day 1 of 2): paris-2025",
        "Paris visit",
        "Sat 10 – Sun 11 May 2025 · confirmed · home Asia/Tokyo",
        "Next item: Sat 10 May 2025",
        "  time TBC  CEST  Visit · Paris City Hall",
    ]
    # 22:30 UTC: 00:30 on the 11th in Paris, the visit's day is over
    code, out, _ = next_(now=dt.datetime(2025, 5, 10, 22, 30, tzinfo=UTC))
    assert out.splitlines()[-1] == "  time TBC  morning CEST  Walk · Paris City Hall"


def test_next_skips_what_has_begun(in_repo):
    # 08:00 UTC is 15:00 in Bangkok: the call on the ambassador began at 14:00
    code, out, _ = at("next", EXAMPLE, now=dt.datetime(2025, 3, 11, 8, tzinfo=UTC))
    assert code == 0
    assert out.splitlines()[-2:] == [
        "Next item: Tue 11 March 2025",
        "  18:00–19:30  16:00–17:30 UTC+07:00  Visit to a waste-to-energy plant (to be "
        "confirmed) · Waste-to-energy plant (fictional), Bangkok [tentative]"]


def test_next_keeps_an_item_of_today_without_a_time_until_its_part_of_day_ends():
    # 11:00 in Paris on the 11th: the morning (07:00–12:00) has not ended
    code, out, _ = next_(now=dt.datetime(2025, 5, 11, 9, tzinfo=UTC))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Under way (day 2 of 2): paris-2025"
    assert lines[-1] == "  time TBC  morning CEST  Walk · Paris City Hall"
    assert lines[1:] == [  # the other trip of the day is named
        "Paris visit", "Sat 10 – Sun 11 May 2025 · confirmed · home Asia/Tokyo",
        "also: tokyo-office", "Next item: Sun 11 May 2025",
        "  time TBC  morning CEST  Walk · Paris City Hall"]
    # 12:30 in Paris: the morning is over, and the confidential talk is not for this view
    code, out, _ = next_(now=dt.datetime(2025, 5, 11, 10, 30, tzinfo=UTC))
    assert out.splitlines()[-1] == "No more items in this trip"


def test_next_without_a_trip_exits_1():
    code, out, err = next_(now=dt.datetime(2025, 5, 12, 0, tzinfo=UTC))
    assert (code, out, err) == (1, "No trip under way or to come\n", "")
    code, out, _ = next_("--json", now=dt.datetime(2025, 5, 12, 0, tzinfo=UTC))
    data = json.loads(out)
    assert (code, data["exit_code"], data["trip"], data["next_item"]) == (1, 1, None, None)


def test_next_today_flag_japanese_and_json(in_repo):
    code, out, _ = at("next", "--today", "2025-03-11", "--lang", "ja", now=NOW)
    assert code == 0
    assert out.splitlines() == [
        "実施中（4日間の2日目）：2025-03-example-tokyo-bangkok",
        "【架空の例】市長のバンコク訪問（2025年3月）",
        "2025年3月10日（月）～3月13日（木） · 案 · 本国 Asia/Tokyo",
        "次の予定：2025年3月11日（火）",
        "  12:00–13:00  10:00–11:00 UTC+07:00  バンコク副知事との会談 · バンコク都庁、Bangkok",
    ]
    code, out, _ = at("next", "--today", "2025-03-01", "--json", now=NOW)
    data = json.loads(out)
    assert (data["command"], data["exit_code"], data["current"], data["days_until"]) == (
        "next", 0, False, 9)
    assert data["trip"]["id"] == "2025-03-example-tokyo-bangkok"
    item = data["next_item"]
    assert (item["item"], item["start_utc"], item["end_utc"]) == (
        "outbound-flight", "2025-03-10T01:30:00Z", "2025-03-10T08:00:00Z")
    assert (item["home_end"], item["local_end"]) == (
        "2025-03-10T17:00:00+09:00", "2025-03-10T15:00:00+07:00")
    code, _, err = at("next", "--today", "11 March", now=NOW)
    assert code == 2 and err.startswith('tripplan: --today: could not read "11 March"')


def test_a_trip_whose_home_zone_is_unknown_is_a_usage_error(tmp_path):
    folder = tmp_path / "trips"
    folder.mkdir()
    text = (OFFICE / "tokyo.toml").read_text(encoding="utf-8")
    (folder / "t.toml").write_text(text.replace('"Asia/Tokyo"\nstart', '"Asia/Tokio"\nstart'),
                                   encoding="utf-8")
    code, _, err = at("next", str(folder), now=NOW)
    assert code == 2
    assert err.splitlines()[0] == ('tripplan: trip "tokyo-office" has home_timezone '
                                   '"Asia/Tokio", not a zone of the tz database')
    code, out, _ = at("next", str(folder), "--home", "Asia/Tokyo", now=NOW)
    assert code == 0 and out.startswith("Next trip (in 10 days): tokyo-office")


# --- list filters -------------------------------------------------------------------------

def ids(*args: str, now: dt.datetime = dt.datetime(2025, 1, 1, tzinfo=UTC)) -> list[str]:
    code, out, _ = at("list", "itineraries", "--json", "--no-cache", *args, now=now)
    assert code == 0
    return [t["id"] for t in json.loads(out)["trips"]]


BKK, EXAMPLE_ID = "2024-06-yokohama-bangkok", "2025-03-example-tokyo-bangkok"


@pytest.mark.parametrize(("args", "expected"), [
    ((), [BKK, EXAMPLE_ID]),
    (("--upcoming",), [EXAMPLE_ID]),
    (("--past",), [BKK]),
    (("--upcoming", "--today", "2025-03-13"), [EXAMPLE_ID]),  # ends today: still upcoming
    (("--past", "--today", "2025-03-14"), [BKK, EXAMPLE_ID]),
    (("--status", "completed"), [BKK]),
    (("--status", "cancelled"), []),
    (("--tag", "bangkok"), [BKK]),
    (("--tag", "example", "--tag", "fictional"), [EXAMPLE_ID]),
    (("--tag", "example", "--tag", "bangkok"), []),
    (("--year", "2025"), [EXAMPLE_ID]),
    (("--year", "2024", "--past", "--tag", "decarbonization"), [BKK]),
    (("--year", "2024", "--upcoming"), []),
])
def test_list_filters_combine(in_repo, args, expected):
    assert ids(*args) == expected


def test_list_json_carries_tags_and_says_when_nothing_matches(in_repo):
    code, out, _ = at("list", "itineraries", "--json", now=NOW)
    assert json.loads(out)["trips"][0]["tags"] == ["bangkok", "decarbonization",
                                                   "green-expo-2027"]
    code, out, err = at("list", "--year", "2023", now=NOW)
    assert (code, out, err) == (0, "", "No trips match the filters.\n")


def test_list_upcoming_follows_the_clock(in_repo):
    assert ids("--upcoming", now=dt.datetime(2025, 3, 14, 12, tzinfo=UTC)) == []
    assert ids("--upcoming", now=dt.datetime(2024, 6, 22, 12, tzinfo=UTC)) == [BKK, EXAMPLE_ID]


@pytest.mark.parametrize(("args", "message"), [
    (["--upcoming", "--past"], "tripplan: give either --upcoming or --past, not both"),
    (["--year", "1492"], "tripplan: --year 1492 is outside the years 1900–2200"),
    (["--year", "soon"], "Invalid value for '--year'"),
    (["--status", "done"], "Invalid value for '--status'"),
    (["--today", "2025-13-01", "--past"], 'tripplan: --today: could not read "2025-13-01"'),
])
def test_list_bad_filters_exit_2(in_repo, args, message):
    code, out, err = at("list", *args, now=NOW)
    assert (code, out) == (2, "")
    assert message in err


def test_status_choices_are_the_models():
    from tripplan.app.listing import STATUSES
    from tripplan.cli.options import TripStatusChoice
    from tripplan.model import TripStatus

    assert [s.value for s in TripStatusChoice] == [s.value for s in TripStatus] == list(STATUSES)


def test_the_reference_trip_tags_are_documented_in_the_schema():
    schema = json.loads((ROOT / "schema" / "trip.schema.json").read_text(encoding="utf-8"))
    assert "tripplan list --tag" in schema["properties"]["tags"]["description"]


def test_agenda_across_the_date_line_names_the_venue_weekday():
    trip = DATA / "tz" / "dateline-2024-06-auckland-honolulu.toml"
    code, out, _ = at("agenda", str(trip), "--from", "2024-06-20", "--days", "4", now=NOW)
    assert code == 0
    rows = [line.split("  tz-dateline")[0].rstrip() for line in out.splitlines()
            if "tz-dateline" in line]
    assert rows == [
        "  21:45 →",                                   # leaves Auckland on Thursday night
        "  time TBC     HST",
        "  → 06:25      → Thu 08:25 HST",              # lands on Thursday in Honolulu
        "  10:00–11:30  Thu 12:00–13:30 HST",
        "  08:00–09:00  Fri 10:00–11:00 HST",
        "  → time TBC   → HST",
        "  09:00–18:00  Sat 11:00 HST–18:00 NZST",
    ]


def test_a_time_the_clocks_skip_has_no_home_time():
    trip = DATA / "tz" / "tz003-trigger.toml"
    code, out, _ = at("agenda", str(trip), "--from", "2024-03-10", "--days", "1", now=NOW)
    assert code == 0
    assert out.splitlines()[-1] == (
        "  ?  02:30 (does not exist)  tz003-trigger  Early transfer to JFK · ? → JFK")
    code, out, _ = at("agenda", str(trip), "--from", "2024-03-10", "--days", "1", "--json",
                      now=NOW)
    item = json.loads(out)["days"][0]["items"][0]
    assert (item["timing"], item["start_utc"], item["home_start"]) == ("timed", None, None)
