"""R017 overlapping-trips: a catalogue rule, run by ``validate`` and ``check`` over the trips
they are given, located at the start/end keys of both files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import REFERENCE, ROOT, run

TRIP = """\
id = "{id}"
title = "{id}"
status = "{status}"
home_timezone = "Asia/Tokyo"
start = {start}
end = {end}

[people.{key}]
name = {name}
principal = true

[places.hall]
name = "Hall"
timezone = "Asia/Tokyo"

[[items]]
id = "hotel"
kind = "lodging"
title = "Hotel"
date = {start}
end_date = {end}
place = "hall"
"""
"""A trip with one item over its days (no other rule has anything to say)."""

YAMANAKA = '{ ja = "山中 竹春", en = "Takeharu Yamanaka" }'


def trip(folder: Path, trip_id: str, start: str, end: str, *, key: str = "mayor",
         name: str = YAMANAKA, status: str = "confirmed") -> Path:
    path = folder / f"{trip_id}.toml"
    path.write_text(TRIP.format(id=trip_id, start=start, end=end, key=key, name=name,
                                status=status), encoding="utf-8")
    return path


def found(*args: str) -> list[tuple]:
    result = run("validate", *args, "--format", "json")
    data = json.loads(result.stdout)
    return [(Path(d["file"]).name, d["line"], d["column"], d["code"], d["key"], d["message"],
             d["related"]) for d in data["diagnostics"]]


def test_two_overlapping_trips_of_one_principal(tmp_path):
    a = trip(tmp_path, "2024-06-bangkok", "2024-06-20", "2024-06-22")
    # the same person, written without the space, under another person id
    b = trip(tmp_path, "2024-06-seoul", "2024-06-21", "2024-06-25", key="yamanaka",
             name='{ ja = "山中竹春" }')
    assert found(str(tmp_path)) == [
        ("2024-06-bangkok.toml", 6, 7, "R017", "end",
         'the trip overlaps trip "2024-06-seoul" (2024-06-21 to 2024-06-25) of the same '
         "principal, 山中 竹春: both from 2024-06-21 to 2024-06-22",
         [f"2024-06-seoul: {b}:5:9"]),
        ("2024-06-seoul.toml", 5, 9, "R017", "start",
         'the trip overlaps trip "2024-06-bangkok" (2024-06-20 to 2024-06-22) of the same '
         "principal, 山中竹春: both from 2024-06-21 to 2024-06-22",
         [f"2024-06-bangkok: {a}:6:7"]),
    ]
    # the locations are the start and end values of each file
    assert a.read_text(encoding="utf-8").splitlines()[5][6:] == "2024-06-22"
    assert b.read_text(encoding="utf-8").splitlines()[4][8:] == "2024-06-21"


def test_a_warning_in_text_exit_zero_unless_strict(tmp_path):
    trip(tmp_path, "a", "2024-06-20", "2024-06-22")
    trip(tmp_path, "b", "2024-06-22", "2024-06-23", name='"TAKEHARU YAMANAKA"')
    result = run("validate", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'a.toml'}:6:7: R017 overlapping-trips [warning] the trip overlaps trip "
        '"b" (2024-06-22 to 2024-06-23) of the same principal, 山中 竹春: both on 2024-06-22',
        f"  b: {tmp_path / 'b.toml'}:5:9",
        '  help: move or shorten one of the trips, or cancel the one that will not happen '
        '(status = "cancelled")',
        f"{tmp_path / 'b.toml'}:5:9: R017 overlapping-trips [warning] the trip overlaps trip "
        '"a" (2024-06-20 to 2024-06-22) of the same principal, TAKEHARU YAMANAKA: both on '
        "2024-06-22",
        f"  a: {tmp_path / 'a.toml'}:6:7",
        '  help: move or shorten one of the trips, or cancel the one that will not happen '
        '(status = "cancelled")',
        "Found 2 warnings in 2 files.",
    ]
    assert run("validate", str(tmp_path), "--strict").exit_code == 1


def test_trips_that_do_not_overlap_or_not_of_one_principal(tmp_path):
    trip(tmp_path, "june", "2024-06-20", "2024-06-22")
    trip(tmp_path, "next-day", "2024-06-23", "2024-06-25")  # back to back, no shared day
    trip(tmp_path, "deputy", "2024-06-21", "2024-06-24", name='"Hanako Mihon"')
    trip(tmp_path, "called-off", "2024-06-21", "2024-06-21", status="cancelled")
    no_principal = trip(tmp_path, "nobody", "2024-06-21", "2024-06-21")
    no_principal.write_text(no_principal.read_text(encoding="utf-8").replace(
        "principal = true\n", ""), encoding="utf-8")
    assert [d for d in found(str(tmp_path)) if d[3] == "R017"] == []


def test_copies_of_one_trip_are_not_compared(tmp_path):
    trip(tmp_path, "t", "2024-06-20", "2024-06-22")
    sub = tmp_path / "old"
    sub.mkdir()
    trip(sub, "t", "2024-06-20", "2024-06-22")
    assert found(str(tmp_path)) == []


def test_only_the_trips_given_are_compared(tmp_path):
    a = trip(tmp_path, "a", "2024-06-20", "2024-06-22")
    b = trip(tmp_path, "b", "2024-06-21", "2024-06-22")
    assert found(str(a)) == []
    assert [d[0] for d in found(str(a), str(b))] == ["a.toml", "b.toml"]


def test_select_and_ignore(tmp_path):
    trip(tmp_path, "a", "2024-06-20", "2024-06-22")
    trip(tmp_path, "b", "2024-06-21", "2024-06-22", key="x")
    (tmp_path / "b.toml").write_text((tmp_path / "b.toml").read_text(encoding="utf-8")
                                     .replace('place = "hall"', 'place = "hal"'),
                                     encoding="utf-8")
    codes = [d[3] for d in found(str(tmp_path))]
    assert codes == ["R017", "R017", "R002"]
    assert [d[3] for d in found(str(tmp_path), "--ignore", "R017")] == ["R002"]
    assert [d[3] for d in found(str(tmp_path), "--select", "R017")] == ["R017", "R017"]
    assert [d[3] for d in found(str(tmp_path), "--select", "TZ")] == []


def test_the_cache_gives_the_same_findings(tmp_path):
    trips = tmp_path / "trips"
    trips.mkdir()
    trip(trips, "a", "2024-06-20", "2024-06-22")
    trip(trips, "b", "2024-06-21", "2024-06-22")
    env = {"TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    first = run("validate", str(trips), env=env)
    second = run("validate", str(trips), env=env)
    assert sorted(p.name for p in (tmp_path / "cache").rglob("*.json")) != []
    assert (second.exit_code, second.stdout) == (first.exit_code, first.stdout)
    assert first.stdout.count("R017") == 2
    # one trip moved: the unchanged one comes from the cache, the finding goes away
    trip(trips, "b", "2024-06-23", "2024-06-24")
    assert "R017" not in run("validate", str(trips), env=env).stdout


def test_a_json_trip_is_located_in_its_own_text(tmp_path):
    a = trip(tmp_path, "a", "2024-06-20", "2024-06-22")
    run("convert", str(trip(tmp_path, "b", "2024-06-21", "2024-06-22")), "-o",
        str(tmp_path / "b.json"))
    (tmp_path / "b.toml").unlink()
    text = (tmp_path / "b.json").read_text(encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), 1) if '"start"' in s)
    column = text.splitlines()[line - 1].index('"2024-06-21"') + 1
    assert found(str(tmp_path)) == [
        ("a.toml", 6, 7, "R017", "end", 'the trip overlaps trip "b" (2024-06-21 to 2024-06-22) '
         "of the same principal, 山中 竹春: both from 2024-06-21 to 2024-06-22",
         [f"b: {tmp_path / 'b.json'}:{line}:{column}"]),
        ("b.json", line, column, "R017", "start", 'the trip overlaps trip "a" (2024-06-20 to '
         "2024-06-22) of the same principal, 山中 竹春: both from 2024-06-21 to 2024-06-22",
         [f"a: {a}:6:7"]),
    ]


def test_check_runs_it_too(tmp_path):
    trip(tmp_path, "a", "2024-06-20", "2024-06-22")
    trip(tmp_path, "b", "2024-06-21", "2024-06-22")
    result = run("check", str(tmp_path), "--today", "2024-05-01", "--json")
    data = json.loads(result.stdout)
    assert [(Path(d["file"]).name, d["key"]) for d in data["diagnostics"]
            if d["code"] == "R017"] == [("a.toml", "end"), ("b.toml", "start")]
    quiet = run("check", str(tmp_path), "--today", "2024-05-01", "--ignore", "R017", "--json")
    assert "R017" not in quiet.stdout


def test_the_shipped_trips_stay_clean(tmp_path):
    result = run("validate", str(ROOT / "itineraries"), "--select", "R017", "--json")
    assert (result.exit_code, json.loads(result.stdout)["diagnostics"]) == (0, [])
    # and a second copy of the reference under another id does overlap it
    shutil.copy(REFERENCE, tmp_path / "ref.toml")
    text = REFERENCE.read_text(encoding="utf-8").replace(
        'id = "2024-06-yokohama-bangkok"', 'id = "2024-06-yokohama-bangkok-2"')
    (tmp_path / "again.toml").write_text(text, encoding="utf-8")
    assert [d[4] for d in found(str(tmp_path), "--select", "R017")] == ["start", "end"]


def test_rules_lists_it_as_a_catalogue_rule():
    data = json.loads(run("rules", "--json").stdout)
    rule = next(r for r in data["rules"] if r["code"] == "R017")
    assert (rule["name"], rule["severity"], rule["catalog"]) == (
        "overlapping-trips", "warning", True)
    assert all(not r["catalog"] for r in data["rules"] if r["code"] != "R017")
