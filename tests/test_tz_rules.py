"""Zone rules (TZ prefix): each rule has a trip file that triggers it and one that does not
(tests/data/tz/tzNNN-trigger.toml and tzNNN-ok.toml); findings are asserted exactly as
``tripplan validate`` prints them (tzNNN-trigger.expected)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from conftest import DATA, REFERENCE, ROOT, run
from tripplan.app.env import Environment
from tripplan.app.outcome import exit_code
from tripplan.app.validate import validate
from tripplan.emit import text_lines
from tripplan.rules import all_rules

TZ = DATA / "tz"
EXAMPLES = ROOT / "itineraries" / "examples"
TZ_CODES = [r.code for r in all_rules() if r.code.startswith("TZ")]



def expected(code: str) -> str:
    """What ``tripplan validate`` prints for the trigger file (reviewed by hand)."""
    return (TZ / f"{code.lower()}-trigger.expected").read_text(encoding="utf-8").rstrip("\n")


def test_every_tz_rule_has_expectations_and_both_files() -> None:
    assert [f"TZ{n:03d}" for n in range(1, 14)] == TZ_CODES
    for code in TZ_CODES:
        assert (TZ / f"{code.lower()}-trigger.expected").is_file()
        assert (TZ / f"{code.lower()}-trigger.toml").is_file()
        assert (TZ / f"{code.lower()}-ok.toml").is_file()


@pytest.mark.parametrize("code", TZ_CODES)
def test_trigger_file_gives_exactly_these_findings(code, in_repo) -> None:
    report = validate_paths([f"tests/data/tz/{code.lower()}-trigger.toml"])
    assert text_lines(report.diagnostics) == expected(code)
    # no other rule (R or TZ) fires on it: the file is about this rule only
    assert {d.code for d in report.diagnostics} == {code}


@pytest.mark.parametrize("code", TZ_CODES)
def test_ok_file_passes_every_rule(code, in_repo) -> None:
    report = validate_paths([f"tests/data/tz/{code.lower()}-ok.toml"])
    assert report.diagnostics == []
    assert exit_code(replace(report, strict=True).outcome) == 0


@pytest.mark.parametrize("name", [
    "europe-2024-10-paris.toml", "us-2024-03-new-york.toml", "south-2024-04-sydney.toml",
    "dateline-2024-06-auckland-honolulu.toml",
])
def test_trips_across_daylight_saving_and_the_date_line_are_clean(name) -> None:
    report = validate_paths([str(TZ / name)])
    assert report.diagnostics == []


def test_reference_trip_and_examples_validate_clean(in_repo) -> None:
    result = run("validate", "--strict", str(REFERENCE), str(EXAMPLES))
    assert (result.exit_code, result.stdout) == (0, "All checks passed (2 files).\n")


def test_reference_trip_nights_are_covered_by_hotel_and_return_flight() -> None:
    report = validate_paths([str(REFERENCE)], select=["TZ011"])
    assert report.diagnostics == []


def test_rule_documentation(in_repo) -> None:
    result = run("rules", "TZ004")
    assert result.exit_code == 0
    assert result.stdout.startswith("TZ004 ambiguous-local-time (error)\n")
    assert "2024-10-27T02:30:00+01:00" in result.stdout
    for r in all_rules():
        if r.code.startswith("TZ"):
            assert len(r.doc) > 80, r.code


# --- details, on small trips written by the tests --------------------------------------------

HEAD = """\
id = "t"
title = "T"
home_timezone = "{home}"
start = {start}
end = {end}
{extra}
[people.a]
name = "A"
principal = true

[people.b]
name = "B"

[places.bangkok]
name = "Bangkok"
timezone = "Asia/Bangkok"

[places.city-hall]
name = "City Hall"
timezone = "Asia/Bangkok"
coordinates = {{ lat = 13.7536, lon = 100.5013 }}

[places.eec]
name = "EEC"
timezone = "Asia/Bangkok"
coordinates = {{ lat = 13.3611, lon = 100.9847 }}
"""


def check(tmp_path: Path, items: str, *, select: str, home: str = "Asia/Tokyo",
          start: str = "2024-06-20", end: str = "2024-06-20", extra: str = "") -> list:
    path = tmp_path / "t.toml"
    path.write_text(HEAD.format(home=home, start=start, end=end, extra=extra) + items,
                    encoding="utf-8")
    return validate_paths([str(path)], select=[select]).diagnostics


def validate_paths(paths: list[str], select: tuple[str, ...] = ()):
    """``tripplan validate``'s use case, in this process's (isolated) environment."""
    return validate(Environment.from_process(), paths, select=select)


def item(id: str, kind: str, **fields: str) -> str:
    lines = [f'\n[[items]]\nid = "{id}"\nkind = "{kind}"\ntitle = "{id}"']
    lines += [f"{k} = {v}" for k, v in fields.items()]
    return "\n".join(lines) + "\n"


def test_tz002_undetermined_start_when_home_zone_is_broken(tmp_path) -> None:
    found = check(tmp_path, item("m", "meal", start="2024-06-20T10:00:00"), select="TZ002",
                  home="Asia/Tokio")
    assert [(d.key, d.message) for d in found] == [
        ("items[0].start", 'meal "m" starts at 2024-06-20 10:00 but nothing says in which zone')]
    assert "home_timezone is not a valid zone (TZ001)" in found[0].help


def test_tz004_reports_an_ambiguous_end_too(tmp_path) -> None:
    items = item("late", "meal", place='"bangkok"', timezone='"Europe/Paris"',
                 start="2024-10-26T23:00:00", end="2024-10-27T02:15:00")
    found = check(tmp_path, items, select="TZ004", start="2024-10-26", end="2024-10-27")
    assert [d.key for d in found] == ["items[0].end"]
    assert found[0].related == ("02:15 CEST (UTC+02:00) = 00:15 UTC",
                                "02:15 CET (UTC+01:00) = 01:15 UTC")


def test_tz005_leaves_same_zone_local_reversal_to_r004(tmp_path) -> None:
    items = item("m", "meeting", place='"bangkok"', start="2024-06-20T11:00:00",
                 end="2024-06-20T10:00:00", counterparts='[{ title = "X" }]')
    assert check(tmp_path, items, select="TZ005") == []
    assert [d.code for d in check(tmp_path, items, select="R004")] == ["R004"]


def test_tz005_catches_a_fold_reversal_r004_cannot_see(tmp_path) -> None:
    items = item("m", "meal", place='"bangkok"', timezone='"Europe/Paris"',
                 start="2024-10-27T02:10:00+01:00", end="2024-10-27T02:20:00+02:00")
    found = check(tmp_path, items, select="TZ005", start="2024-10-27", end="2024-10-27")
    assert [d.message for d in found] == ['meal "m" ends 50 min before it starts (in UTC)']


def test_tz008_slow_flight_and_short_hops(tmp_path) -> None:
    slow = item("f", "flight", origin='"HND"', destination='"BKK"',
                start="2024-06-20T10:30:00", end="2024-06-22T15:00:00")
    found = check(tmp_path, slow, select="TZ008", end="2024-06-22")
    assert [d.message for d in found] == [
        'flight "f" HND → BKK: 4,589 km in 54 h 30 min is 84 km/h, slower than any airliner']
    assert found[0].related == (  # read in Tokyo time it would still be too slow: no hint
        "departs 2024-06-20 10:30 JST (UTC+09:00) = 01:30 UTC",
        "arrives 2024-06-22 15:00 UTC+07:00 = 08:00 UTC")
    hop = item("h", "flight", origin='"HND"', destination='"NRT"',
               start="2024-06-20T10:00:00", end="2024-06-20T11:00:00")
    assert check(tmp_path, hop, select="TZ008") == []  # 66 km in 1 h: too short to judge


def test_tz010_only_for_the_same_person_and_overridable(tmp_path) -> None:
    items = (item("one", "meeting", place='"city-hall"', participants='["a"]',
                  start="2024-06-20T10:00:00", end="2024-06-20T11:00:00",
                  counterparts='[{ title = "X" }]')
             + item("two", "meeting", place='"eec"', participants='["b"]',
                    start="2024-06-20T11:30:00", end="2024-06-20T12:00:00",
                    counterparts='[{ title = "Y" }]'))
    assert check(tmp_path, items, select="TZ010") == []
    together = items.replace('participants = ["b"]', 'participants = ["a", "b"]')
    assert [d.item for d in check(tmp_path, together, select="TZ010")] == ["two"]
    fast = check(tmp_path, together, select="TZ010", extra="travel_speed_kmh = 150.0\n")
    assert fast == []


def test_tz011_cancelled_lodging_covers_nothing_timed_lodging_does(tmp_path) -> None:
    cancelled = item("h", "lodging", place='"bangkok"', status='"cancelled"',
                     date="2024-06-20", end_date="2024-06-22")
    found = check(tmp_path, cancelled, select="TZ011", end="2024-06-22")
    assert {d.message.split(" for ")[1] for d in found} == {
        "the night of Thu 20 Jun → Fri 21 Jun 2024", "the night of Fri 21 Jun → Sat 22 Jun 2024"}
    timed = item("h", "lodging", place='"bangkok"', start="2024-06-20T15:00:00",
                 end="2024-06-22T11:00:00")
    assert check(tmp_path, timed, select="TZ011", end="2024-06-22") == []
    night_flight = item("f", "flight", origin='"BKK"', destination='"HND"', date="2024-06-20",
                        part_of_day='"night"')
    assert check(tmp_path, night_flight, select="TZ011", end="2024-06-21") == []


def test_tz012_does_not_warn_about_a_file_that_is_simply_unordered(tmp_path) -> None:
    items = (item("late", "meal", place='"bangkok"', start="2024-06-20T19:00:00")
             + item("early", "meal", place='"bangkok"', start="2024-06-20T08:00:00"))
    assert check(tmp_path, items, select="TZ012") == []


def test_tz_rules_check_a_large_trip(tmp_path) -> None:
    """Thousands of items, every rule run (how long it takes: benchmarks/long_inputs.py)."""
    parts = []
    for n in range(3000):
        day, hour = divmod(n, 10)
        parts.append(item(f"i{n}", "meal", place='"city-hall"' if n % 2 else '"eec"',
                          participants='["a"]' if n % 3 else '["a", "b"]',
                          start=f"2024-06-{1 + day % 28:02d}T{8 + hour:02d}:00:00",
                          end=f"2024-06-{1 + day % 28:02d}T{8 + hour:02d}:30:00"))
    path = tmp_path / "big.toml"
    path.write_text(HEAD.format(home="Asia/Tokyo", start="2024-06-01", end="2024-06-28",
                                extra="") + "".join(parts), encoding="utf-8")
    report = validate_paths([str(path)], select=["TZ"])
    assert report.files == 1
    codes = {d.code for d in report.diagnostics}
    assert codes == {"TZ010", "TZ011"}, codes  # travel time and nights
