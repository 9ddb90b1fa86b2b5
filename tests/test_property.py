"""Property-based tests: tripplan ends every run in a result or a located message, never a
traceback, and never loses data between its storage forms.

Valid trips are generated from the model's own rules (ids, texts in several languages,
the four ways of timing an item, zones with and without DST, airports, flights across
zones); broken inputs are random mutations of the real trip files. Profiles and the long
run: see ``tests/hypothesis_profiles.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

import hypothesis_profiles
from conftest import REFERENCE, ROOT, run
from tripplan.load import LoadError, load_text
from tripplan.model import Kind, PartOfDay, Trip

SCALE = hypothesis_profiles.SCALE
EXAMPLE = ROOT / "itineraries" / "examples" / "2025-03-example-tokyo-bangkok.toml"
WORK = Path(tempfile.mkdtemp(prefix="tripplan-property-"))

@pytest.fixture(autouse=True, scope="module")
def _build_the_command_line_once():
    """typer rebuilds the click group (every command's signature) on each call, ~50 ms;
    thousands of in-process runs share one build here. Each run still goes through
    :func:`tripplan.cli.main`, as a user's does."""
    import typer.main

    original = typer.main.get_command
    built: dict[tuple, object] = {}

    def cached(typer_instance):
        # keyed by the commands too: the CLI builds an app holding only the invoked command,
        # and a freed app's id() is soon given to the next one
        key = (id(typer_instance), tuple(id(c) for c in typer_instance.registered_commands))
        if key not in built:
            built[key] = original(typer_instance)
        return built[key]

    typer.main.get_command = cached
    yield
    typer.main.get_command = original


# --- a small TOML writer (values only as TOML spells them) --------------------------------


def toml_str(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, except that DEL must be escaped too.

    >>> toml_str('say "hi"\\n\\x7f')
    '"say \\\\"hi\\\\"\\\\n\\\\u007f"'
    """
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return toml_str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_str(k)} = {toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(type(value))


def to_toml(data: dict) -> str:
    """Top-level keys, then ``[people."id"]``-style tables, then ``[[items]]``."""
    lines = []
    tables = {k: v for k, v in data.items() if k in ("people", "places", "contacts", "footnotes")}
    for key, value in data.items():
        if key not in tables and key != "items":
            lines.append(f"{toml_str(key)} = {toml_value(value)}")
    for name, table in tables.items():
        for key, entry in table.items():
            lines.append(f"\n[{name}.{toml_str(key)}]")
            lines.extend(f"{toml_str(k)} = {toml_value(v)}" for k, v in entry.items())
    for item in data.get("items", []):
        lines.append("\n[[items]]")
        lines.extend(f"{toml_str(k)} = {toml_value(v)}" for k, v in item.items())
    return "\n".join(lines) + "\n"


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=lambda v: v.isoformat())


def dump(trip: Trip) -> dict:
    """A trip back to plain data, leaving out what the file did not say."""
    return trip.model_dump(mode="python", exclude_unset=True, by_alias=True)


def load(text: str, name: str) -> Trip:
    return load_text(text, WORK / name).trip


# --- strategies of valid trips ------------------------------------------------------------

ZONES = ["Asia/Tokyo", "Asia/Bangkok", "Europe/Paris", "America/New_York", "Asia/Kathmandu",
         "Australia/Lord_Howe", "Pacific/Chatham", "UTC", "America/St_Johns"]
AIRPORTS = ["HND", "NRT", "BKK", "DMK", "CDG", "JFK", "SYD"]
slugs = st.from_regex(r"\A[a-z0-9][a-z0-9._-]{0,15}\Z")
# any character a person may type, Japanese included; of the control characters only tab
# and newline (the model refuses the others: they could reach a terminal)
chars = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n")
plain = st.text(chars, min_size=1, max_size=40).filter(lambda s: s.strip())
texts = st.one_of(
    plain,
    st.dictionaries(st.sampled_from(["ja", "en", "th", "zh-Hant"]), plain, min_size=1,
                    max_size=3),
)
phones = st.from_regex(r"\A\+?[0-9][0-9 ()-]{2,20}\Z")


@st.composite
def items(draw, i: int, days: list[dt.date], places: list[str], people: list[str],
          contacts: list[str], notes: list[str]) -> dict:
    kind = draw(st.sampled_from(list(Kind)))
    item: dict = {"id": f"item-{i}", "kind": kind.value, "title": draw(texts)}
    day = draw(st.sampled_from(days))
    timing = draw(st.sampled_from(["timed", "timed", "part", "date", "none"]))
    if timing == "timed":
        start = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)),
                                                 draw(st.sampled_from([0, 15, 30, 45]))))
        item["start"] = start
        if draw(st.booleans()):
            item["end"] = start + dt.timedelta(minutes=draw(st.integers(0, 20 * 60)))
    elif timing == "part":
        item["date"] = day
        item["part_of_day"] = draw(st.sampled_from(list(PartOfDay))).value
        if draw(st.booleans()) and day < days[-1]:
            item["end_date"] = day + dt.timedelta(days=1)
            item["end_part_of_day"] = draw(st.sampled_from(list(PartOfDay))).value
    elif timing == "date":
        item["date"] = day
        if draw(st.booleans()):
            item["end_date"] = draw(st.sampled_from([d for d in days if d >= day]))
    if kind.is_travel:
        ends = places + AIRPORTS
        item["origin"] = draw(st.sampled_from(ends))
        item["destination"] = draw(st.sampled_from(ends))
    elif places and draw(st.booleans()):
        item["place"] = draw(st.sampled_from(places))
    if draw(st.integers(0, 4)) == 0:
        item["timezone"] = draw(st.sampled_from(ZONES))
    if draw(st.integers(0, 5)) == 0:
        item["status"] = draw(st.sampled_from(["tentative", "cancelled"]))
    item["visibility"] = draw(st.sampled_from(["public", "internal", "confidential"]))
    if people and draw(st.booleans()):
        item["participants"] = draw(st.lists(st.sampled_from(people), min_size=1,
                                             unique=True))
    if kind in (Kind.MEETING, Kind.COURTESY_CALL) and draw(st.booleans()):
        item["counterparts"] = [{"title": draw(texts)}
                                for _ in range(draw(st.integers(1, 2)))]
    if contacts and draw(st.booleans()):
        item["contact"] = draw(st.sampled_from(contacts))
    if notes and draw(st.booleans()):
        item["footnotes"] = draw(st.lists(st.sampled_from(notes), min_size=1, unique=True))
    for key in ("notes", "internal_notes", "attire", "interpreter"):
        if draw(st.integers(0, 3)) == 0:
            item[key] = draw(texts)
    return item


@st.composite
def trips(draw, max_items: int = 8) -> dict:
    start = draw(st.dates(dt.date(2000, 1, 1), dt.date(2035, 12, 31)))
    days = [start + dt.timedelta(days=n) for n in range(draw(st.integers(0, 4)) + 1)]
    people_ids = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    place_ids = draw(st.lists(slugs, max_size=3, unique=True))
    contact_ids = draw(st.lists(slugs, max_size=2, unique=True))
    note_ids = [str(n) for n in range(1, draw(st.integers(0, 2)) + 1)]
    data: dict = {
        "id": draw(slugs), "title": draw(texts),
        "status": draw(st.sampled_from(["draft", "confirmed", "completed", "cancelled"])),
        "home_timezone": draw(st.sampled_from(ZONES)), "start": days[0], "end": days[-1],
        "revision": draw(st.integers(0, 10**6)),
    }
    if draw(st.booleans()):
        data["purpose"] = draw(texts)
    if draw(st.booleans()):
        data["tags"] = draw(st.lists(plain, max_size=3))
    data["people"] = {pid: {"name": draw(texts), "principal": n == 0}
                      for n, pid in enumerate(people_ids)}
    places = {}
    for pid in place_ids:
        place: dict = {"name": draw(texts)}
        if draw(st.integers(0, 3)) == 0:
            place["airport"] = draw(st.sampled_from(AIRPORTS))
        else:
            place["timezone"] = draw(st.sampled_from(ZONES))
        if draw(st.booleans()):
            place["coordinates"] = {"lat": draw(st.floats(-90, 90)),
                                    "lon": draw(st.floats(-180, 180))}
        places[pid] = place
    if places:
        data["places"] = places
    if contact_ids:
        data["contacts"] = {cid: {"name": draw(texts), "phone": draw(phones)}
                            for cid in contact_ids}
    if note_ids:
        data["footnotes"] = {nid: {"text": draw(texts)} for nid in note_ids}
    data["items"] = [draw(items(i, days, place_ids, people_ids, contact_ids, note_ids))
                     for i in range(draw(st.integers(0, max_items)))]
    return data


# --- valid trips: round trips -------------------------------------------------------------


@given(trips())
def test_toml_and_json_hold_the_same_trip(data):
    expected = Trip.model_validate(data)
    from_toml = load(to_toml(data), "t.toml")
    from_json = load(to_json(data), "t.json")
    assert from_toml == expected
    assert from_json == expected


@given(trips())
def test_load_dump_load_is_identity(data):
    first = load(to_toml(data), "t.toml")
    again_toml = load(to_toml(dump(first)), "t.toml")
    again_json = load(to_json(dump(first)), "t.json")
    assert again_toml == first
    assert again_json == first
    assert dump(again_toml) == dump(first)


@given(trips())
def test_toml_to_json_to_toml_is_lossless(data):
    """TOML → data → JSON → data → TOML: the same trip at every step, and the same data."""
    toml_text = to_toml(data)
    via_json = json.loads(to_json(tomllib.loads(toml_text)))
    back = load(to_toml(dump(load(json.dumps(via_json), "t.json"))), "t.toml")
    assert back == load(toml_text, "t.toml")


@given(trips())
def test_fmt_keeps_the_data(data):
    """``tripplan fmt`` (the canonical layout) never changes what a trip says."""
    from tripplan.fmt import format_json, format_toml

    text = to_toml(data)
    formatted = format_toml(text)
    assert tomllib.loads(formatted) == tomllib.loads(text)
    assert format_toml(formatted) == formatted
    assert json.loads(format_json(to_json(data))) == json.loads(to_json(data))


# --- valid trips: every command ends cleanly ----------------------------------------------


def write(data: dict, name: str = "trip.toml") -> Path:
    path = WORK / name
    path.write_text(to_toml(data) if name.endswith(".toml") else to_json(data),
                    encoding="utf-8")
    return path


def assert_clean_end(result, *allowed: int) -> None:
    note(result.stderr)
    assert result.exit_code in allowed, result.stderr
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr


@given(trips())
def test_read_commands_never_fail_on_a_valid_trip(data):
    path = str(write(data))
    validate = run("validate", path, "--json")
    assert_clean_end(validate, 0, 1)
    errors = json.loads(validate.stdout)["counts"]["error"]
    event(f"validate: {'errors' if errors else 'clean'}")
    for args in (("show", path), ("show", path, "--json", "--lang", "ja"), ("list", path),
                 ("tz", path), ("tz", path, "--json"),
                 ("check", path, "--today", data["start"].isoformat())):
        assert_clean_end(run(*args), 0, 1)
    assert_clean_end(run("check", path, "--format", "github"), 0, 1)


@pytest.mark.parametrize("fmt", ["ics", "txt", "md"])
@settings(max_examples=max(10, int(60 * SCALE)))
@given(data=trips())
def test_export_never_fails_on_a_valid_trip(fmt, data):
    path = str(write(data, f"export-{fmt}.toml"))
    errors = json.loads(run("validate", path, "--json").stdout)["counts"]["error"]
    for audience in ("public", "confidential"):
        result = run("export", path, f"--{fmt}", "--audience", audience)
        if errors:  # a trip with errors may be refused (exit 1 or 2), never with a crash
            assert_clean_end(result, 0, 1, 2)
        else:
            assert_clean_end(result, 0)
            assert result.stdout_bytes
    event(f"{fmt}: {'refused or exported' if errors else 'exported'}")


# --- broken inputs: mutations of real files ---------------------------------------------------

SOURCES = {
    "reference.toml": REFERENCE.read_bytes(),
    "example.toml": EXAMPLE.read_bytes(),
    "reference.json": to_json(tomllib.loads(REFERENCE.read_text(encoding="utf-8"))).encode(),
}
KEY_LINE = re.compile(rb"^([A-Za-z_][A-Za-z0-9_.]*)\s*=", re.MULTILINE)
WRONG_VALUES = [b"1", b"-3.5", b"true", b"[]", b'["a", 1]', b"{}", b'{ x = 1 }', b'""',
                b'"   "', b"2024-06-20", b"2024-06-20T10:00:00", b"10:00:00", b"nan", b"inf",
                b'"2024-02-30"', b'"\\u0000"', b'"Asia/Bangkock"', b"1e400", b"0x10"]


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[name])
    for _ in range(draw(st.integers(1, 3))):
        data = bytearray(draw(mutation(bytes(data))))
    return name, bytes(data)


def mutation(data: bytes):
    lines = data.split(b"\n")

    def pick(n):
        return st.integers(0, max(n - 1, 0))

    return st.one_of(
        # bytes flipped, inserted or removed
        st.tuples(pick(len(data)), st.binary(min_size=1, max_size=4)).map(
            lambda t: data[:t[0]] + t[1] + data[t[0] + len(t[1]):]),
        st.tuples(pick(len(data)), st.binary(min_size=1, max_size=8)).map(
            lambda t: data[:t[0]] + t[1] + data[t[0]:]),
        st.tuples(pick(len(data)), st.integers(1, 64)).map(
            lambda t: data[:t[0]] + data[t[0] + t[1]:]),
        # lines deleted, duplicated, swapped
        pick(len(lines)).map(lambda i: b"\n".join(lines[:i] + lines[i + 1:])),
        pick(len(lines)).map(lambda i: b"\n".join(lines[:i + 1] + lines[i:])),
        st.tuples(pick(len(lines)), pick(len(lines))).map(
            lambda t: b"\n".join(_swap(lines, *t))),
        # keys renamed, values of the wrong type
        st.tuples(st.sampled_from(_keys(data) or [b"id"]),
                  st.from_regex(rb"\A[a-z_]{1,12}\Z")).map(
            lambda t: data.replace(t[0] + b" =", t[1] + b" =", 1)),
        st.tuples(st.sampled_from(_keys(data) or [b"id"]), st.sampled_from(WRONG_VALUES)).map(
            lambda t: re.sub(rb"^(" + re.escape(t[0]) + rb"\s*=\s*).*$",
                             lambda m: m.group(1) + t[1], data, count=1, flags=re.MULTILINE)),
        # huge and deeply nested values, control characters, invalid UTF-8
        st.tuples(pick(len(lines)), st.integers(50, 3000), st.sampled_from([b"[", b"{a="])).map(
            lambda t: b"\n".join(lines[:t[0]] + [b"title = " + t[2] * t[1]] + lines[t[0]:])),
        st.tuples(pick(len(lines)), st.integers(1000, 200_000)).map(
            lambda t: b"\n".join(lines[:t[0]] + [b'notes = "' + b"x" * t[1] + b'"']
                                 + lines[t[0]:])),
        st.tuples(pick(len(data)), st.sampled_from([b"\x00", b"\x01", b"\x1b[31m", b"\x7f",
                                                    b"\r", b"\x0c", b"\xe2\x80\xae"])).map(
            lambda t: data[:t[0]] + t[1] + data[t[0]:]),
        st.tuples(pick(len(data)), st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80",
                                                    b"\x82\xa0", b"\xef\xbb\xbf"])).map(
            lambda t: data[:t[0]] + t[1] + data[t[0]:]),
    )


def _swap(lines: list[bytes], i: int, j: int) -> list[bytes]:
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out


def _keys(data: bytes) -> list[bytes]:
    return sorted(set(KEY_LINE.findall(data)))


NAMED = re.compile(r"^\S+?(:\d+)?(:\d+)?: (F0\d\d) [a-z0-9-]+ ", re.MULTILINE)
LINE_NEEDED = {"F003", "F004", "F005", "F006", "F007", "F008"}
"""Syntax and value errors point at a line; file-level ones (binary, empty, too large,
unreadable) name the file."""


def assert_result_or_located_message(result, path: Path) -> None:
    note(f"exit {result.exit_code}\nstdout: {result.stdout[:2000]}\nstderr: {result.stderr}")
    assert result.exit_code in (0, 1, 2)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if result.exit_code == 2:
        output = result.stdout + result.stderr
        found = NAMED.findall(output)
        assert found, "an input error names the file"
        for line, _, code in found:
            assert line or code not in LINE_NEEDED, f"{code} without a line"


@settings(max_examples=int(700 * SCALE))
@given(mutated())
def test_mutated_files_validate_to_a_result_or_a_located_message(case):
    name, data = case
    path = WORK / f"mutated-{name}"
    path.write_bytes(data)
    result = run("validate", str(path))
    assert_result_or_located_message(result, path)
    event(f"validate exit {result.exit_code}")


@settings(max_examples=int(200 * SCALE))
@given(mutated(), st.sampled_from([
    ("show",), ("show", "--json"), ("list",), ("tz",), ("check", "--today", "2024-06-15"),
    ("validate", "--format", "github")]))
def test_mutated_files_in_every_read_command(case, command):
    name, data = case
    path = WORK / f"mutated-cmd-{name}"
    path.write_bytes(data)
    result = run(command[0], str(path), *command[1:])
    note(f"command: {command}")
    assert result.exit_code in (0, 1, 2)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert path.name in result.stdout + result.stderr


@settings(max_examples=int(100 * SCALE))
@given(mutated(), st.sampled_from(["ics", "txt", "md"]))
def test_mutated_files_export_or_refuse(case, fmt):
    name, data = case
    path = WORK / f"mutated-export-{name}"
    path.write_bytes(data)
    result = run("export", str(path), f"--{fmt}")
    note(f"stderr: {result.stderr}")
    assert result.exit_code in (0, 1, 2)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


@settings(max_examples=int(200 * SCALE), suppress_health_check=list(HealthCheck))
@given(st.one_of(
    st.binary(max_size=500),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                 lambda kids: st.lists(kids) | st.dictionaries(st.text(), kids),
                 max_leaves=50).map(lambda v: json.dumps(v).encode()),
), st.sampled_from(["x.toml", "x.json"]))
def test_arbitrary_bytes(data, name):
    path = WORK / f"arbitrary-{name}"
    path.write_bytes(data)
    result = run("validate", str(path))
    assert result.exit_code in (0, 1, 2)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert path.name in result.stdout + result.stderr


# --- the seeds above are not the only inputs: a few fixed nasty ones ---------------------------


@pytest.mark.parametrize(("name", "text", "expected"), [
    # found by the tests above, fixed in load.py: each was an internal error (exit 70)
    ("x.json", '{"":Infinity}', r":1:5: F004 json-syntax JSON syntax: Infinity is not a JSON"),
    ("x.json", '{"revision": NaN}', r":1:14: F004 json-syntax JSON syntax: NaN is not a JSON"),
    ("x.json", '{"id": "a",\n "id": "b"}', r':2:2: F004 json-syntax the key "id" appears twice'),
    ("x.toml", "title = " + "{a=" * 600 + "1" + "}" * 600, r":1:\d+: F003 toml-syntax values are"),
])
def test_found_crashes_stay_fixed(name, text, expected):
    path = WORK / f"found-{name}"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert re.search(re.escape(str(path)) + expected, result.stdout), result.stdout


@pytest.mark.parametrize("text", [
    "title = " + "[" * 5000 + "]" * 5000,
    "title = " + "{a=" * 5000 + "1" + "}" * 5000,
    '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}",
])
def test_deep_nesting_is_a_located_message(text):
    path = WORK / ("deep.json" if text.startswith("{") else "deep.toml")
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert re.search(r":1:\d+: F00[34] [a-z-]+ values are nested more than 100 levels deep",
                     result.stdout)


def test_a_load_error_is_always_located():
    """LoadError from the loader always carries a file and, for syntax, a line."""
    with pytest.raises(LoadError) as err:
        load_text("id = [\n", WORK / "x.toml")
    d = err.value.diagnostics[0]
    assert (d.file is not None, d.line) == (True, 1)
