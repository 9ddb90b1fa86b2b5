"""``tripplan tz``: the timeline across zones, exactly as a user sees it, its JSON, its exit
codes. Whole outputs are compared with files in tests/data/tz (reviewed by hand)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import DATA, REFERENCE, ROOT, run

TZ = DATA / "tz"
EXAMPLE = ROOT / "itineraries" / "examples" / "2025-03-example-tokyo-bangkok.toml"


def golden(name: str) -> str:
    return (TZ / name).read_text(encoding="utf-8")


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def test_example_trip_timeline(in_repo) -> None:
    result = run("tz", "itineraries/examples/2025-03-example-tokyo-bangkok.toml")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == golden("tz-example.txt")
    out = lines(result)
    assert ("Mon 10 March 2025  10:30        JST (UTC+09:00)  10:30            01:30        Flight"
            in out[5])
    assert out[6].startswith(
        "Mon 10 March 2025  15:00        UTC+07:00        17:00            08:00")
    assert out[6].endswith("arrives · 6 h 30 min")
    assert out[7] == "── clocks −2 h: Asia/Tokyo → Asia/Bangkok ──"
    assert out[-3].startswith(
        "Wed 12 March 2025  22:45        UTC+07:00        00:45 +1         15:45")
    assert "21:55 −1" in out[-2] and out[-2].endswith("arrives · 6 h 10 min")
    assert out[-1] == "── clocks +2 h: Asia/Bangkok → Asia/Tokyo ──"
    assert "[tentative]" in golden("tz-example.txt")


def test_reference_trip_without_clock_times_still_shows_the_zone_changes(in_repo) -> None:
    result = run("tz", str(REFERENCE))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == golden("tz-reference.txt")
    out = lines(result)
    markers = [line for line in out if line.startswith("──")]
    assert markers == ["── clocks −2 h: Asia/Tokyo → Asia/Bangkok ──",
                       "── clocks +2 h: Asia/Bangkok → Asia/Tokyo ──"]
    night = next(line for line in out if "Depart Thailand" in line)
    assert night.startswith("Fri 21 June 2024  night (time not given)          UTC+07:00        —")
    arrival = out[out.index(night) + 1]
    assert arrival.startswith(
        "Sat 22 June 2024  early morning (time not given)  JST (UTC+09:00)  —")
    assert "(order of these items not given)" in out
    offsets_removed = re.sub(r"UTC[+−]\d\d:\d\d", "", result.stdout)
    assert not re.search(r"\d\d:\d\d", offsets_removed)  # no clock time is invented


def test_reference_trip_in_japanese(in_repo) -> None:
    result = run("tz", str(REFERENCE), "--lang", "ja")
    assert result.exit_code == 0
    assert result.stdout == golden("tz-reference-ja.txt")
    assert "── 時計 −2時間：Asia/Tokyo → Asia/Bangkok ──" in lines(result)
    assert "夜（時刻の記載なし）" in result.stdout and "（順序の記載なし）" in lines(result)


def test_trip_by_id_and_home_override(in_repo) -> None:
    result = run("tz", "2025-03-example-tokyo-bangkok", "--home", "Europe/Paris")
    assert result.exit_code == 0
    out = lines(result)
    assert out[1].endswith("· home Europe/Paris")
    assert "HOME Europe/Paris" in out[4]
    # 10:30 JST = 01:30 UTC = 02:30 CET (Paris is still on winter time on 10 March 2025)
    assert out[5].startswith("Mon 10 March 2025  10:30        JST (UTC+09:00)  02:30")
    # 06:55 JST on the 13th is still the 12th in Paris
    assert "22:55 −1" in out[-2]


def test_bad_home_zone_is_a_usage_error_with_did_you_mean(in_repo) -> None:
    result = run("tz", str(EXAMPLE), "--home", "Asia/Tokio")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == ('tripplan: unknown time zone "Asia/Tokio" for --home\n'
                             '  hint: did you mean "Asia/Tokyo"?\n')


def test_unreadable_trip_exits_2(tmp_path) -> None:
    result = run("tz", str(tmp_path / "missing.toml"))
    assert result.exit_code == 2
    assert "F001 unreadable-file no such file or folder" in result.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    assert run("tz", str(broken)).exit_code == 2


@pytest.mark.parametrize(("name", "code", "finding"), [
    ("tz003-trigger.toml", 1, "TZ003 nonexistent-local-time"),
    ("tz004-trigger.toml", 1, "TZ004 ambiguous-local-time"),
    ("tz001-trigger.toml", 1, "TZ001 unknown-zone"),
    ("tz009-trigger.toml", 0, "TZ009 unusual-local-hour [warning]"),
    ("tz011-trigger.toml", 0, "TZ011 night-not-covered [warning]"),
    ("tz004-ok.toml", 0, None),
])
def test_exit_code_follows_validate(name, code, finding) -> None:
    result = run("tz", str(TZ / name))
    assert result.exit_code == code
    assert "\nDATE " in result.stdout  # the timeline is printed even with findings
    if finding is None:
        assert result.stderr == ""
    else:
        assert finding in result.stderr
        assert finding not in result.stdout


def test_times_that_cannot_be_resolved_are_shown_as_such() -> None:
    out = lines(run("tz", str(TZ / "tz004-trigger.toml")))
    row = next(line for line in out if "Night transfer" in line)
    assert row.split()[:9] == ["Sun", "27", "October", "2024", "02:30", "Europe/Paris:",
                                "happens", "twice", "?"]
    gap = next(line for line in lines(run("tz", str(TZ / "tz003-trigger.toml")))
               if "Early transfer" in line)
    assert "America/New_York: does not exist  ?" in gap


@pytest.mark.parametrize(("name", "marker"), [
    ("europe-2024-10-paris.toml",
     "── clocks −1 h: Europe/Paris CEST → CET, Sun 27 October 2024 03:00 → 02:00 ──"),
    ("us-2024-03-new-york.toml",
     "── clocks +1 h: America/New_York EST → EDT, Sun 10 March 2024 02:00 → 03:00 ──"),
    ("south-2024-04-sydney.toml",
     "── clocks −1 h: Australia/Sydney AEDT → AEST, Sun 7 April 2024 03:00 → 02:00 ──"),
])
def test_daylight_saving_changes_during_the_stay_are_marked(name, marker) -> None:
    result = run("tz", str(TZ / name))
    assert result.exit_code == 0
    assert marker in lines(result)


def test_date_line_crossing() -> None:
    out = lines(run("tz", str(TZ / "dateline-2024-06-auckland-honolulu.toml")))
    assert out[5].startswith("Thu 20 June 2024  21:45        NZST (UTC+12:00)  21:45")
    assert out[6].startswith("Thu 20 June 2024  08:25        HST (UTC−10:00)   06:25 +1")
    assert out[6].endswith("arrives · 8 h 40 min")
    assert out[7] == "── clocks −22 h: Pacific/Auckland → Pacific/Honolulu ──"
    assert out[-1] == "── clocks +22 h: Pacific/Honolulu → Pacific/Auckland ──"


def test_json_envelope_with_utc_instants(in_repo) -> None:
    result = run("tz", str(EXAMPLE), "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    assert (data["tripplan"], data["schema"], data["command"]) == ("0.1.0", 1, "tz")
    assert (data["trip"], data["home_timezone"], data["exit_code"]) == (
        "2025-03-example-tokyo-bangkok", "Asia/Tokyo", 0)
    assert data["counts"] == {"error": 0, "warning": 0, "info": 0}
    flight = data["rows"][0]
    assert flight["id"] == "outbound-flight"
    assert flight["start"] == {
        "date": "2025-03-10", "time": "10:30", "part_of_day": None, "zone": "Asia/Tokyo",
        "abbreviation": "JST", "offset": "+09:00", "local": "2025-03-10T10:30:00+09:00",
        "home": "2025-03-10T10:30:00+09:00", "home_day": 0, "utc": "2025-03-10T01:30:00Z",
        "problem": None}
    assert flight["end"]["utc"] == "2025-03-10T08:00:00Z"
    assert (flight["end"]["abbreviation"], flight["end"]["offset"]) == (None, "+07:00")
    assert (flight["duration_minutes"], flight["duration"]) == (390, "6 h 30 min")
    assert data["rows"][1] == {
        "type": "zone-change", "from": "Asia/Tokyo", "to": "Asia/Bangkok", "clocks_minutes": -120,
        "at": "2025-03-10T08:00:00Z", "reason": "travel", "after": "outbound-flight",
        "text": "clocks −2 h: Asia/Tokyo → Asia/Bangkok"}
    back = next(r for r in data["rows"] if r.get("id") == "return-flight")
    assert (back["start"]["utc"], back["end"]["utc"]) == ("2025-03-12T15:45:00Z",
                                                          "2025-03-12T21:55:00Z")
    assert back["start"]["home_day"] == 1
    assert run("tz", str(EXAMPLE), "--format", "json").stdout == result.stdout


def test_json_of_the_reference_trip_has_no_invented_times(in_repo) -> None:
    data = json.loads(run("tz", str(REFERENCE), "--json").stdout)
    items = [r for r in data["rows"] if r["type"] == "item"]
    assert len(items) == 11
    assert all(r["start"]["utc"] is None and r["start"]["time"] is None for r in items)
    ret = items[-1]
    assert (ret["id"], ret["start"]["part_of_day"], ret["end"]["part_of_day"]) == (
        "return-flight", "night", "early-morning")
    assert (ret["start"]["zone"], ret["end"]["zone"]) == ("Asia/Bangkok", "Asia/Tokyo")
    assert [(r["from"], r["to"], r["clocks_minutes"], r["at"]) for r in data["rows"]
            if r["type"] == "zone-change"] == [("Asia/Tokyo", "Asia/Bangkok", -120, None),
                                               ("Asia/Bangkok", "Asia/Tokyo", 120, None)]


def test_json_carries_the_findings_and_the_exit_code() -> None:
    result = run("tz", str(TZ / "tz003-trigger.toml"), "--json")
    assert (result.exit_code, result.stderr) == (1, "")
    data = json.loads(result.stdout)
    assert data["exit_code"] == 1
    assert data["counts"]["error"] == 1
    (finding,) = data["diagnostics"]
    assert (finding["code"], finding["key"]) == ("TZ003", "items[0].start")
    assert finding["related"] == ["02:30 EST (UTC−05:00) = 07:30 UTC (the clocks show 03:30 EDT)",
                                  "02:30 EDT (UTC−04:00) = 06:30 UTC (the clocks show 01:30 EST)"]
    assert data["rows"][0]["start"]["problem"] == "nonexistent"
    assert data["rows"][0]["start"]["utc"] is None


def test_help_lists_the_options() -> None:
    result = run("tz", "--help")
    assert result.exit_code == 0
    for option in ("--home", "--format", "--json", "--lang"):
        assert option in result.stdout
