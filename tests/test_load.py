"""Loading: every broken input gets a located message and exit code 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA, REFERENCE, run
from tripplan.load import LoadError, load_trip
from tripplan.model import Kind, PartOfDay, Timing

BROKEN = DATA / "broken"

# file → the exact diagnostics (location, code, message) and first help line
EXPECTED = {
    "toml-syntax.toml": [
        ("2:11", "F003", "TOML syntax: illegal character '\\n'",
         'a text value is not closed: add the closing quote (") on this line'),
    ],
    "unquoted-text.toml": [
        ("2:9", "F003", "TOML syntax: invalid value",
         'put text in quotes ("…"); write dates as 2024-06-20 and times as 2024-06-20T10:00'),
    ],
    "duplicate-key.toml": [
        ("3:9", "F003", "TOML syntax: cannot overwrite a value",
         "each key may be given only once per table; remove or rename the repeated one"),
    ],
    "unknown-key.toml": [
        ("7:1", "F006", 'missing required key "title" in items[0]', "add title = … here"),
        ("10:1", "F005", 'unknown key "titel" in items[0]', 'did you mean "title"?'),
    ],
    "missing-fields.toml": [
        ("1:1", "F006", 'missing required key "home_timezone"', "add home_timezone = … here"),
        ("6:1", "F006", 'missing required key "id" in items[0]', "add id = … here"),
    ],
    "bad-values.toml": [
        ("6:10", "F008",
         '"confirmd" is not a valid status; expected one of: draft, confirmed, completed, '
         "cancelled", 'did you mean "confirmed"?'),
        ("10:11", "F008", '"thailand" is not a country code',
         "write the ISO 3166 two-letter code in capitals, e.g. TH or JP"),
        ("16:8", "F008", 'items[0].date: "21 June" is not a valid date',
         "write dates as 2024-06-20 (in TOML, without quotes)"),
        ("17:16", "F007", 'items[0].participants must be a list [ ... ], not "yamanaka"',
         'write a list in brackets: ["a", "b"]'),
    ],
    "wrong-types.toml": [
        ("2:9", "F008",
         'title: expected text: a string in quotes, or languages like { ja = "…", en = "…" }',
         None),
        ("5:7", "F008",
         "end: expected a date without a time (2024-06-20); for a time use start/end", None),
        ("9:13", "F007", 'people.a.principal must be true or false, not "yes"',
         "write true or false without quotes"),
    ],
    "timing-conflict.toml": [
        ("7:1", "F008", "items[0]: an item with an exact start cannot also have a part_of_day",
         None),
    ],
    "syntax.json": [
        ("4:3", "F004", "JSON syntax: expecting ',' delimiter",
         "check for a missing comma or quote just before this point"),
    ],
    "unknown-key.json": [
        ("8:50", "F005", 'unknown key "dat" in items[0]', 'did you mean "date"?'),
    ],
    "top-level-array.json": [
        ("1:1", "F007", "a trip file must hold one JSON object { ... }", None),
    ],
    "empty.toml": [
        ("1:1", "F009", "the file is empty",
         "start a new trip with `tripplan new`, or restore the file from its backup"),
    ],
    "bom.toml": [
        ("1:1", "F002", "the file starts with a byte order mark (BOM)",
         "save it as UTF-8 without BOM (in Notepad: Save as → Encoding: UTF-8)"),
    ],
    "shift-jis.toml": [
        ("2:10", "F002", "the file is not UTF-8: byte 0x93 cannot be read",
         "save the file as UTF-8 (files from older Japanese editors are often Shift_JIS)"),
    ],
    "binary.toml": [
        ("1:1", "F002", "this is a binary file, not a trip file",
         "give a .toml or .json trip file"),
    ],
}


def test_every_broken_file_has_expectations():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_diagnostics(name):
    with pytest.raises(LoadError) as caught:
        load_trip(BROKEN / name)
    got = [(f"{d.line}:{d.column}" if d.line else "", d.code, d.message, d.help)
           for d in caught.value.diagnostics]
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_cli_exit_2_with_located_lines(name, in_repo):
    result = run("validate", f"tests/data/broken/{name}")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    for location, code, message, help in EXPECTED[name]:
        where = f"tests/data/broken/{name}" + (f":{location}" if location else "")
        assert any(line.startswith(f"{where}: {code} ") and line.endswith(message)
                   for line in lines), (where, code, message, lines)
        if help:
            assert f"  help: {help}" in lines
    assert "Traceback" not in result.stdout + result.stderr


def test_missing_file_and_folder_and_wrong_suffix(tmp_path, in_repo):
    result = run("validate", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert f"{tmp_path}/nope.toml: F001 unreadable-file no such file or folder" in result.stdout
    folder = tmp_path / "trip.toml"
    folder.mkdir()
    result = run("show", str(folder))
    assert result.exit_code == 2
    assert "F001 unreadable-file this is a folder, not a trip file" in result.stderr
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    result = run("show", str(text))
    assert result.exit_code == 2
    assert "F011 unsupported-file-type notes.txt is not a trip file" in result.stderr


def test_huge_file(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (6 * 1024 * 1024) + b"\n")
    result = run("validate", str(big))
    assert result.exit_code == 2
    assert "F010 file-too-large the file is 6.0 MiB; a trip file is at most 5 MiB" in result.stdout


def test_unknown_trip_id_suggests(in_repo):
    result = run("show", "2024-06-yokohama-bangkk")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        'tripplan: no trip "2024-06-yokohama-bangkk" in itineraries/ (and no such file)',
        '  hint: did you mean "2024-06-yokohama-bangkok"?',
    ]


# --- the reference trip ----------------------------------------------------------------


def test_reference_trip_loads_to_the_expected_items():
    trip = load_trip(REFERENCE).trip
    assert trip.id == "2024-06-yokohama-bangkok"
    assert (trip.start, trip.end) == (dt.date(2024, 6, 20), dt.date(2024, 6, 22))
    assert trip.home_timezone == "Asia/Tokyo"
    assert [(i.id, i.kind, i.first_day.day, i.timing) for i in trip.items] == [
        ("outbound-flight", Kind.FLIGHT, 20, Timing.DATE_ONLY),
        ("governor-meeting", Kind.MEETING, 20, Timing.DATE_ONLY),
        ("hotel-bangkok", Kind.LODGING, 20, Timing.DATE_ONLY),
        ("decarbonization-workshop", Kind.WORKSHOP, 21, Timing.DATE_ONLY),
        ("bkk-expo-speech", Kind.SPEECH, 21, Timing.DATE_ONLY),
        # 面会 is a meeting: the release does not call either a courtesy call
        ("ambassador-call", Kind.MEETING, 21, Timing.DATE_ONLY),
        ("jica-call", Kind.MEETING, 21, Timing.DATE_ONLY),
        ("escap-meeting", Kind.MEETING, 21, Timing.DATE_ONLY),
        ("dip-meeting", Kind.MEETING, 21, Timing.DATE_ONLY),
        ("eec-meeting", Kind.MEETING, 21, Timing.DATE_ONLY),
        ("return-flight", Kind.FLIGHT, 21, Timing.PART_OF_DAY),
    ]
    # the source gives no clock time anywhere: none may appear
    assert all(i.start is None and i.end is None for i in trip.items)
    ret = trip.item("return-flight")
    assert (ret.part_of_day, ret.end_date, ret.end_part_of_day) == (
        PartOfDay.NIGHT, dt.date(2024, 6, 22), PartOfDay.EARLY_MORNING)
    assert [(k, c.phone) for k, c in trip.contacts.items()] == [
        ("nakamura", "045-671-4396"), ("yokouchi", "045-671-4712"),
        ("chiba", "045-671-4711"), ("anyoji", "045-671-4933"),
    ]
    assert list(trip.footnotes) == ["1", "2", "3", "4"]
    workshop = trip.item("decarbonization-workshop")
    assert [o.name.get("ja") for o in workshop.co_hosts] == [
        "横浜市", "バンコク都", "日本国環境省", "一般社団法人海外環境協力センター"]
    assert trip.principal[0] == "yamanaka"
    kinds = [i.kind for i in trip.items]
    assert kinds.count(Kind.LODGING) == 1


def test_json_and_toml_forms_load_to_the_same_model(tmp_path):
    import json

    trip = load_trip(REFERENCE).trip
    as_json = tmp_path / "trip.json"
    as_json.write_text(json.dumps(trip.model_dump(mode="json", exclude_none=True),
                                  ensure_ascii=False), encoding="utf-8")
    assert load_trip(as_json).trip == trip


def test_json_position_of_nested_error(tmp_path):
    path = tmp_path / "t.json"
    path.write_text('{"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",\n'
                    ' "start": "2024-06-20", "end": "2024-06-22",\n'
                    ' "items": [{"id": "a", "kind": "meeting", "title": "M",\n'
                    '   "counterparts": [{"name": 5}]}]}', encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        load_trip(path)
    (d,) = caught.value.diagnostics
    assert (d.line, d.column, d.key) == (4, 30, "items[0].counterparts[0].name")


def test_path_objects_accepted():
    assert load_trip(Path(REFERENCE)).trip.id == load_trip(str(REFERENCE)).trip.id
