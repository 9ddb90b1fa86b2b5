"""Every value the model accepts can be processed by every command; the rest is refused at
load with a located F code and a help line (issue 12: calendar edges, broken Unicode, huge
spans, long texts, terminal escapes, the audience cut of contacts)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run
from tripplan.emit import dumps, terminal_safe
from tripplan.export.ics_event import clean
from tripplan.present.linebreak import cell_width

READ = [("validate",), ("show",), ("show", "--json"), ("show", "--audience", "public"),
        ("tz",), ("list",)]
EXPORTS = [("--ics", "--no-state", "--lang", "en"), ("--ics", "--no-state", "--lang", "ja"),
           ("--html",), ("--md",), ("--txt",), ("--pdf",), ("--html", "--lang", "ja+en"),
           ("--txt", "--lang", "ja+en", "--audience", "public")]
LOCATED = re.compile(r"^\S+:\d+:\d+: F\d{3} ", re.M)


def trip_text(*, start="2024-06-20", end="2024-06-21", title="Trip", items="") -> str:
    return (f'id = "t"\ntitle = "{title}"\nhome_timezone = "Asia/Tokyo"\n'
            f"start = {start}\nend = {end}\n\n[places.far]\nname = \"Kiritimati\"\n"
            f'timezone = "Pacific/Kiritimati"\n\n[places.west]\nname = "Pago Pago"\n'
            f'timezone = "Pacific/Pago_Pago"\n{items}')


def item(n: int, start: str, end: str, place: str = "far", kind: str = "meeting") -> str:
    return (f'\n[[items]]\nid = "i{n}"\nkind = "{kind}"\ntitle = "Item {n}"\n'
            f'start = {start}\nend = {end}\nplace = "{place}"\nvisibility = "public"\n')


def every_command(path: Path) -> list[tuple[tuple, int, str]]:
    out = []
    for args in READ:
        target = str(path.parent) if args[0] == "list" else str(path)
        result = run(args[0], target, *args[1:])
        out.append((args, result.exit_code, result.stderr))
    for args in EXPORTS:
        result = run("export", str(path), *args, "-o", str(path.parent / "out.bin"))
        out.append((args, result.exit_code, result.stderr))
    return out


# --- the edges of the calendar: total within the range ------------------------------------

@pytest.mark.parametrize(("start", "end", "items"), [
    ("1900-01-01", "1900-01-02", item(1, "1900-01-01T00:00:00", "1900-01-01T00:30:00", "west")
     + item(2, "1900-01-01T23:00:00", "1900-01-02T01:00:00")),
    ("2200-12-30", "2200-12-31", item(1, "2200-12-31T23:59:59", "2200-12-31T23:59:59")
     + item(2, "2200-12-31T22:00:00", "2200-12-31T23:30:00", "west")),
    ("2024-01-01", "2024-12-31", item(1, "2024-03-10T02:30:00", "2024-05-09T02:30:00")),
], ids=["1900", "2200", "a-year-long"])
def test_dates_at_the_ends_of_the_range_go_through_every_command(tmp_path, start, end, items):
    path = tmp_path / "t.toml"
    path.write_text(trip_text(start=start, end=end, items=items), encoding="utf-8")
    for args, code, stderr in every_command(path):
        assert code in (0, 1), (args, stderr)


@pytest.mark.parametrize(("lines", "at", "message"), [
    (("start = 0001-01-01", "end = 2024-06-21"), "4:9", "start: the year 1 is outside 1900–2200"),
    (("start = 2024-06-20", "end = 9999-12-31"), "5:7", "end: the year 9999 is outside 1900–2200"),
    (("start = 2024-06-20", "end = 2124-06-20"), "5:7", "end: 2024-06-20 to 2124-06-20 is "
     "36,524 days; a trip may end at most 365 days after it begins"),
    (("start = 2024-06-20", "end = 2024-06-21", "revision = 1000000000000000000000000000000"),
     "6:12", "revision: input should be less than or equal to 1000000000"),
    (("start = 2024-06-20", "end = 2024-06-21", "travel_speed_kmh = 1e-300"), "6:20",
     "travel_speed_kmh: input should be greater than or equal to 1"),
])
def test_values_out_of_range_are_located_with_a_help_line(tmp_path, lines, at, message):
    path = tmp_path / "t.toml"
    path.write_text('id = "t"\ntitle = "T"\nhome_timezone = "Asia/Tokyo"\n'
                    + "\n".join(lines) + "\n", encoding="utf-8")
    result = run("validate", str(path), "--no-cache")
    assert result.exit_code == 2, result.stdout + result.stderr
    first, help_line = result.stdout.splitlines()[:2]
    assert f"t.toml:{at}: F008 invalid-value {message}" in first, first
    assert help_line.startswith("  help: ")


def test_an_item_lasting_years_is_refused_at_its_end(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(trip_text(items=item(1, "2024-06-20T10:00:00", "2026-06-20T10:00:00")),
                    encoding="utf-8")
    result = run("validate", str(path), "--no-cache")
    assert result.exit_code == 2
    assert re.search(r"t\.toml:\d+:7: F008 invalid-value items\[0\]\.end: 2024-06-20 to "
                     r"2026-06-20 is 730 days; an item may end at most 60 days", result.stdout)


def test_a_trip_ending_a_century_later_is_refused_by_every_command(tmp_path):
    """Refused at load, so no command walks its 36,525 days (how long that takes:
    benchmarks/long_inputs.py)."""
    path = tmp_path / "t.toml"
    path.write_text(trip_text(end="2124-06-20"), encoding="utf-8")
    for args, code, stderr in every_command(path):
        if args[0] == "list":
            continue
        assert code == 2, (args, stderr)
    assert LOCATED.search(run("show", str(path)).stderr)


# --- texts: broken Unicode, control characters, length -------------------------------------

JSON_TRIP = {"id": "t", "title": "T", "home_timezone": "Asia/Tokyo", "start": "2024-06-20",
             "end": "2024-06-20", "places": {"p": {"name": "P"}},
             "items": [{"id": "a", "kind": "meeting", "title": "A", "date": "2024-06-20"}]}


@pytest.mark.parametrize(("where", "shown"), [
    (("title",), "title"), (("id",), "id"), (("places", "p", "timezone"), "places.p.timezone"),
    (("items", 0, "title"), "items[0].title"), (("home_timezone",), "home_timezone"),
    (("key",), 'places."p\\ud800"'),
])
def test_lone_surrogates_are_refused_located_by_every_command(tmp_path, where, shown):
    data = json.loads(json.dumps(JSON_TRIP))
    if where == ("key",):
        data["places"]["p\ud800"] = data["places"].pop("p")
    else:
        node = data
        for part in where[:-1]:
            node = node[part]
        node[where[-1]] = "Asia/Tokyo\ud800" if "zone" in where[-1] else "x\ud800"
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="ascii")  # "\ud800" as JSON writes it
    for args, code, stderr in every_command(path):
        if args[0] == "list":
            continue
        assert code == 2, (args, stderr)
    result = run("validate", str(path), "--no-cache")
    assert re.search(rf"t\.json:1:\d+: F012 bad-text (the key )?{re.escape(shown)} holds "
                     r"\\ud800, half of a broken character", result.stdout), result.stdout
    assert "  help: remove the character" in result.stdout
    assert result.stdout.isascii() or "\ud800" not in result.stdout


@pytest.mark.parametrize("bad", ["\x1b[2J", "\x1b]0;PWNED\x07", "a\rb", "\x85", "\x00", "\x7f"])
def test_control_characters_are_refused_at_load(tmp_path, bad):
    data = {**JSON_TRIP, "title": f"Boss {bad}"}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("show", str(path))
    assert result.exit_code == 2
    assert re.search(r"t\.json:1:\d+: F012 bad-text title holds the control character "
                     r"\\(u00[0-9a-f]{2}|r)", result.stderr)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr + result.stdout)


def test_crlf_in_a_text_is_one_line_break_and_tab_is_kept(tmp_path):
    data = {**JSON_TRIP, "items": [{**JSON_TRIP["items"][0], "title": "One\r\nTwo | x\tz",
                                    "visibility": "public"}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("export", str(path), "--md")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if "One" in line)
    assert "One<br>Two \\| x\tz" in row and "\r" not in result.stdout
    assert run("show", str(path)).exit_code == 0


def test_an_error_quoting_a_text_with_crlf_and_emoji_prints_no_control_character(tmp_path):
    """Found by the fuzz runner: the PDF's missing-glyph message quoted a title with CRLF."""
    data = {**JSON_TRIP, "items": [{**JSON_TRIP["items"][0], "title": "a\tb\r\nc \U0001f642",
                                    "visibility": "public"}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run("export", str(path), "--pdf", "-o", str(tmp_path / "t.pdf"))
    assert result.exit_code == 2
    assert "has no glyphs for \U0001f642" in result.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr), repr(result.stderr)


def test_invisible_characters_the_pdf_font_lacks_are_left_out_without_a_warning(tmp_path):
    """Found by the fuzz runner: fpdf2 printed "missing the following glyphs" for a BOM, and
    for a tab (drawn as a space)."""
    data = {**JSON_TRIP, "title": "Bang\ufeffkok\u200b\tvisit",
            "items": [{**JSON_TRIP["items"][0], "visibility": "public"}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    import subprocess
    import sys

    # a process of its own: fpdf2 warns through logging, which pytest would capture
    result = subprocess.run([sys.executable, "-m", "tripplan", "export", str(path), "--pdf",
                             "-o", str(tmp_path / "t.pdf")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote {tmp_path / 't.pdf'}\n"
    text = subprocess.run(["pdftotext", str(tmp_path / "t.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Bangkok visit" in text


def test_a_100000_character_title_is_refused_located(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(trip_text(title="x" * 100_000), encoding="utf-8")
    result = run("validate", str(path), "--no-cache")
    assert result.exit_code == 2
    assert re.search(r"t\.toml:2:9: F012 bad-text title is 100,000 characters long; at most "
                     r"20,000 are allowed", result.stdout)


@pytest.mark.parametrize("unit", ["x", "word ", "漢"])
def test_a_20000_character_title_loads_shows_and_exports_whole(tmp_path, unit):
    """The longest title the model takes, in every command; ``show`` and the text agenda
    keep all of it, on lines that fit (how long it takes: benchmarks/long_inputs.py)."""
    title = (unit * (20_000 // len(unit)))[:20_000].strip()
    items = item(1, "2024-06-20T10:00:00", "2024-06-20T11:00:00").replace(
        'title = "Item 1"', f'title = "{title}"\nnotes = "{title}"')
    path = tmp_path / "t.toml"
    path.write_text(trip_text(title=title, items=items), encoding="utf-8")
    for args, code, stderr in every_command(path):
        assert code in (0, 1), (args, stderr)
    word, count = unit.strip(), 20_000 // len(unit)
    shown = run("show", str(path), env={"COLUMNS": "80"}).stdout
    assert shown.count(word) == 2 * count  # the trip's title and the item's, nothing cut
    assert max(cell_width(line) for line in shown.splitlines()) <= 80
    assert run("export", str(path), "--txt", "-o", str(tmp_path / "t.txt")).exit_code == 0
    assert (tmp_path / "t.txt").read_text(encoding="utf-8").count(word) >= 2 * count


# --- terminals: escaped, whatever gets through ----------------------------------------------

def test_terminal_safe_writes_controls_as_carets_and_escapes():
    assert terminal_safe("Boss \x1b[2J\x1b[31mRED\x1b]0;PWNED-TITLE\x07") == (
        "Boss ^[[2J^[[31mRED^[]0;PWNED-TITLE^G")
    assert terminal_safe("a\r\nb\rc\x85\ud800\x7f\tt") == "a\nb^Mc\\u0085\\ud800^?\tt"
    assert json.loads(dumps({"x": "\x85\ud800"})) == {"x": "\x85\ud800"}
    dumps({"x": "\ud800"}).encode("utf-8")  # a strict UTF-8 stream takes it


def test_show_list_and_tz_escape_control_characters_the_model_did_not_stop(tmp_path, monkeypatch):
    import tripplan.model

    monkeypatch.setattr(tripplan.model, "text_problems", lambda data, path=(): [])
    evil = "Boss \x1b[2J\x1b[31mRED\x1b]0;PWNED\x07 [link=https://x.example]y[/link]"
    data = {**JSON_TRIP, "title": evil,
            "items": [{**JSON_TRIP["items"][0], "title": evil, "start": "2024-06-20T10:00",
                       "timezone": "Asia/Tokyo"}]}
    data["items"][0].pop("date")
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for args in (("show", str(path)), ("list", str(tmp_path)), ("tz", str(path)),
                 ("validate", str(path))):
        result = run(*args)
        assert result.exit_code in (0, 1), (args, result.stderr)
        shown = result.stdout + result.stderr
        assert "\x1b" not in shown and "\x07" not in shown, args
        assert "^[[2J" in shown or args[0] in ("validate", "list"), args


def test_html_markdown_and_ics_escape_markup_in_texts(tmp_path):
    nasty = "<script>alert(1)</script> | *b* BEGIN:VEVENT"
    data = {**JSON_TRIP, "title": nasty,
            "items": [{**JSON_TRIP["items"][0], "title": nasty, "visibility": "public"}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    html = run("export", str(path), "--html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html
    md = run("export", str(path), "--md").stdout
    assert "\\<script\\>" in md and "\\| \\*b\\*" in md
    ics = run("export", str(path), "--ics", "--no-state").stdout
    assert sum(line == "BEGIN:VEVENT" for line in ics.splitlines()) == 1
    assert clean("a\x07b\rc\x1b") == "ab\nc"


# --- the audience cut of the contact sheet ---------------------------------------------------

CONFIDENTIAL_CONTACT = '''
[contacts.open]
name = "Open Desk"
phone = "+81 3 1111 1111"

[contacts.secret]
name = "Secret Agent"
phone = "+81 3 9999 0000"
email = "agent@example.org"
topic = "The quiet talks"

[[items]]
id = "public-call"
kind = "meeting"
title = "Public call"
date = 2024-06-20
visibility = "public"
contact = "open"

[[items]]
id = "quiet-talks"
kind = "meeting"
title = "Quiet talks"
date = 2024-06-21
visibility = "confidential"
contact = "secret"
internal_notes = "Not for the press"
'''
SECRETS = ("Secret Agent", "9999", "agent@example.org", "The quiet talks", "Quiet talks")


@pytest.fixture
def confidential(tmp_path) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(trip_text() + CONFIDENTIAL_CONTACT, encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["--html", "--md", "--txt"])
@pytest.mark.parametrize("lang", ["ja", "ja+en", "en"])
def test_a_contact_only_a_confidential_item_names_is_on_no_public_agenda(confidential, fmt,
                                                                          lang):
    public = run("export", str(confidential), fmt, "--lang", lang, "--audience", "public")
    assert public.exit_code == 0, public.stderr
    assert "Open Desk" in public.stdout
    assert not [s for s in SECRETS if s in public.stdout]
    internal = run("export", str(confidential), fmt, "--lang", lang)
    assert not [s for s in SECRETS if s in internal.stdout]  # confidential is above internal
    full = run("export", str(confidential), fmt, "--lang", lang, "--audience", "confidential")
    assert "Secret Agent" in full.stdout


@pytest.mark.parametrize("lang", ["ja", "ja+en"])
def test_the_pdf_contact_sheet_is_cut_too(confidential, lang):
    from export_support import options, view_of
    from tripplan.export.agenda import build_agenda

    cut = build_agenda(view_of(confidential), options(lang, audience="public"))
    # the trip names no home country: every language writes the number internationally
    assert [c.phone for c in cut.contacts] == [("+81 3-1111-1111",)]
    result = run("export", str(confidential), "--pdf", "--lang", lang, "--audience", "public",
                 "-o", str(confidential.parent / "a.pdf"))
    assert result.exit_code == 0, result.stderr


def test_a_public_calendar_carries_no_phone_number(confidential):
    public = run("export", str(confidential), "--ics", "--no-state", "--audience", "public")
    assert "1111" not in public.stdout and "Open Desk" in public.stdout
    internal = run("export", str(confidential), "--ics", "--no-state")
    assert "1111" in internal.stdout.replace("\r\n ", "")


def test_show_json_is_cut_for_its_audience(confidential):
    public = run("show", str(confidential), "--json", "--audience", "public")
    assert public.exit_code == 0
    data = json.loads(public.stdout)
    assert data["audience"] == "public"
    assert [i["id"] for i in data["items"]] == ["public-call"]
    assert set(data["trip"]["contacts"]) == {"open"}
    assert not [s for s in SECRETS + ("Not for the press",) if s in public.stdout]
    default = json.loads(run("show", str(confidential), "--json").stdout)
    assert [i["id"] for i in default["items"]] == ["public-call"]
    full = json.loads(run("show", str(confidential), "--json", "--audience",
                          "confidential").stdout)
    assert full["items"][1]["internal_notes"] == "Not for the press"
    assert "Quiet talks" not in run("show", str(confidential)).stdout


# --- command-line values --------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (("add", "{t}", "--kind", "meeting", "--title", "X", "--date", "0001-01-01"),
     'could not read "0001-01-01" as a date: the year 1 is outside 1900–2200'),
    (("add", "{t}", "--kind", "meeting", "--title", "X", "--start", "2024-06-20T10:00",
      "--duration", "99999999h"), "it is longer than 3660 days"),
    (("add", "{t}", "--kind", "meeting", "--title", "X", "--start", "2200-12-31T23:00",
      "--duration", "2h"), "--duration gives 2201-01-01, outside the years 1900–2200"),
    (("move", "{t}", "public-call", "--by", "99999999d"), "it is longer than 3660 days"),
    (("move", "{t}", "public-call", "--to", "0001-01-01"), "the year 1 is outside 1900–2200"),
])
def test_command_line_values_out_of_range_are_exit_2_with_a_hint(confidential, args, message):
    before = confidential.read_bytes()
    result = run(*(a.format(t=confidential) for a in args))
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr
    assert "  hint: " in result.stderr
    assert confidential.read_bytes() == before
