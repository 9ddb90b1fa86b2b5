"""``tripplan search``: every trip's titles, counterparts, places and notes, in every language,
folded (case, width, compatibility forms), cut for an audience, located in the file."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT, run

TRIPPLAN = str(Path(sys.executable).with_name("tripplan"))
ANSI = re.compile(r"\x1b\[[0-9;]*m")
REF = "itineraries/2024-06-yokohama-bangkok.toml"
EXAMPLE = "itineraries/examples/2025-03-example-tokyo-bangkok.toml"

CUT = """\
id = "cut"
title = "Audience test"
home_timezone = "Asia/Tokyo"
start = 2024-06-20
end = 2024-06-20

[places.open-hall]
name = "Open Hall"
timezone = "Asia/Tokyo"

[places.secret-villa]
name = "Secret Villa"
timezone = "Asia/Tokyo"

[footnotes."1"]
text = "Footnote of the hidden dinner"

[[items]]
id = "public-talk"
kind = "other"
title = "Talk"
date = 2024-06-20
visibility = "public"
place = "open-hall"
notes = "zebra public note"
internal_notes = "zebra internal note"

[[items]]
id = "staff-lunch"
kind = "meal"
title = "Zebra lunch"
date = 2024-06-20

[[items]]
id = "hidden-dinner"
kind = "meal"
title = "Zebra dinner"
date = 2024-06-20
visibility = "confidential"
place = "secret-villa"
footnotes = ["1"]
counterparts = [{ name = "Zebra Person" }]
"""


def hits(*args: str) -> list[dict]:
    result = run("search", *args, "--json")
    return json.loads(result.stdout)["hits"]


def test_plain_lines_on_a_pipe(in_repo):
    result = run("search", "ｊｉｃａ タイ")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"{REF}:233:12: 2024-06-yokohama-bangkok jica-call title.ja: JICA タイ事務所長との面会",
        f"{REF}:238:16: 2024-06-yokohama-bangkok jica-call counterparts[0].title.ja: "
        "JICA タイ事務所長",
        f"{REF}:242:12: 2024-06-yokohama-bangkok jica-call notes.ja: JICA タイ事務所長と面会し、"
        "タイへの日本の開発協力の動向についてお話をお伺いしました。山中市長からは、これま…",
    ]


def test_trip_texts_places_airports_and_footnotes(in_repo):
    lines = run("search", "HND").stdout.splitlines()
    assert lines == [
        f"{EXAMPLE}:114:10: 2025-03-example-tokyo-bangkok outbound-flight origin: HND",
        f"{EXAMPLE}:251:15: 2025-03-example-tokyo-bangkok return-flight destination: HND",
    ]
    trip_level = run("search", "アジア諸都市").stdout.splitlines()
    assert trip_level == [f"{REF}:13:15: 2024-06-yokohama-bangkok - subtitle.ja: …素ワーク"
                          "ショップの開催を通じ、アジア諸都市の脱炭素化連携を促進しました"]
    found = {(h["item"], h["field"], h["key"]) for h in hits("Bangkok City Hall")}
    assert found == {("deputy-governor-meeting", "place", "places.city-hall.name.en")}
    notes = {(h["item"], h["key"]) for h in hits("Champion Mayors")}
    assert ("governor-meeting", "footnotes.2.title.en") in notes
    assert ("governor-meeting", "items[1].notes.en") in notes


def test_folded_case_width_and_half_width_kana(in_repo):
    full_width = [h for h in hits("escap") if h["key"] == "items[7].notes.ja"]
    [note] = full_width
    matched = [note["text"][a:b] for a, b in note["matches"]]
    assert matched == ["ESCAP", "ＥＳＣＡＰ", "ＥＳＣＡＰ", "ESCAP"]
    assert [h["key"] for h in hits("ﾊﾞﾝｺｸｴｸｽﾎﾟ")] == ["items[4].title.ja", "items[4].notes.ja"]
    both = {h["lang"] for h in hits("decarbonization workshop")} | {
        h["lang"] for h in hits("脱炭素ワークショップ")}
    assert both == {"en", "ja"}


def test_every_hit_is_located_at_its_value_in_the_file(in_repo):
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()
    found = [h for h in hits("Bangkok") if h["file"] == REF]
    assert len(found) > 20
    for hit in found:
        line = lines[hit["line"] - 1]
        assert line[hit["column"] - 1] == '"', hit
        assert line[hit["column"]:].startswith(hit["text"][:8]), hit
        assert any(hit["text"][a:b].lower() == "bangkok" for a, b in hit["matches"])


def test_json_envelope(in_repo):
    result = run("search", "Ambassador Extraordinary", "--json")
    data = json.loads(result.stdout)
    assert (data["command"], data["query"], data["audience"], data["trips"]) == (
        "search", "Ambassador Extraordinary", "internal", 2)
    assert data["hits"][0] == {
        "trip": "2024-06-yokohama-bangkok", "item": "ambassador-call",
        "field": "counterparts[0].title", "key": "items[5].counterparts[0].title.en",
        "lang": "en", "text": "Ambassador Extraordinary and Plenipotentiary of Japan to Thailand",
        "matches": [[0, 24]], "file": REF, "line": 221, "column": 43}
    assert data["diagnostics"] == []


def test_exit_codes(in_repo, tmp_path):
    none = run("search", "Paris Hilton")
    assert (none.exit_code, none.stdout, none.stderr) == (
        1, "", 'tripplan: no match for "Paris Hilton" in 2 trips\n')
    assert json.loads(run("search", "Paris Hilton", "--json").stdout)["hits"] == []
    empty = run("search", " ")
    assert (empty.exit_code, empty.stderr.splitlines()[0]) == (
        2, "tripplan: TEXT is empty: give the words to look for")
    bad = run("search", "x", "--audience", "everyone")
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr
    (tmp_path / "ref.toml").write_bytes(REFERENCE.read_bytes())
    (tmp_path / "broken.toml").write_text('id = "broken"\ntitle = \n', encoding="utf-8")
    mixed = run("search", "ESCAP", str(tmp_path))
    assert mixed.exit_code == 2  # a file could not be read: a script must notice
    assert "broken.toml:2:9: F003 toml-syntax" in mixed.stderr
    assert len(mixed.stdout.splitlines()) == 12  # the other trips are still searched


@pytest.mark.parametrize(("audience", "expected"), [
    ("public", [("public-talk", "items[0].notes")]),
    ("internal", [("public-talk", "items[0].notes"), ("public-talk", "items[0].internal_notes"),
                  ("staff-lunch", "items[1].title")]),
    ("confidential", [("public-talk", "items[0].notes"),
                      ("public-talk", "items[0].internal_notes"),
                      ("staff-lunch", "items[1].title"), ("hidden-dinner", "items[2].title"),
                      ("hidden-dinner", "items[2].counterparts[0].name")]),
])
def test_the_audience_cut(tmp_path, audience, expected):
    (tmp_path / "cut.toml").write_text(CUT, encoding="utf-8")
    found = hits("ZEBRA", str(tmp_path), "--audience", audience)
    assert [(h["item"], h["key"]) for h in found] == expected
    # what only a confidential item names is not revealed either
    linked = hits("secret villa", str(tmp_path), "--audience", audience) + hits(
        "footnote of the hidden", str(tmp_path), "--audience", audience)
    shown = [(h["item"], h["key"]) for h in linked]
    assert shown == ([] if audience != "confidential" else [
        ("hidden-dinner", "places.secret-villa.name"), ("hidden-dinner", "footnotes.1.text")])


def test_default_audience_is_what_show_shows(tmp_path):
    (tmp_path / "cut.toml").write_text(CUT, encoding="utf-8")
    assert hits("zebra", str(tmp_path)) == hits("zebra", str(tmp_path), "--audience",
                                                 "internal")
    plain = run("search", "zebra", str(tmp_path), "--audience", "public")
    assert plain.stdout == (f"{tmp_path / 'cut.toml'}:25:9: cut public-talk notes: "
                            "zebra public note\n")


def on_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    base = {k: v for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS")}
    base.update({"TERM": "xterm-256color", "COLUMNS": "120"}, **(env or {}))
    master, slave = pty.openpty()
    proc = subprocess.Popen([TRIPPLAN, *args], stdin=slave, stdout=slave, stderr=slave,
                            env=base, cwd=ROOT, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out.decode("utf-8")


def test_terminal_highlights_the_match_and_no_color_turns_it_off():
    code, styled = on_terminal("search", "ＪＩＣＡ タイ")
    assert code == 0
    assert "\x1b[1;7mJICA タイ\x1b[0m事務所長との面会" in styled
    code, plain = on_terminal("search", "ＪＩＣＡ タイ", env={"NO_COLOR": "1"})
    assert code == 0 and not ANSI.search(plain)
    assert plain.replace("\r\n", "\n").splitlines() == [
        "2024-06-yokohama-bangkok  Mayor Takeharu Yamanaka's visit to Bangkok, Thailand",
        f"  jica-call title.ja  {REF}:233:12",
        "    JICA タイ事務所長との面会",
        f"  jica-call counterparts[0].title.ja  {REF}:238:16",
        "    JICA タイ事務所長",
        f"  jica-call notes.ja  {REF}:242:12",
        "    JICA タイ事務所長と面会し、タイへの日本の開発協力の動向についてお話をお伺いしまし"
        "た。山中市長からは、これまで JICA…",
        "3 matches in 1 trip (2 searched)",
    ]
    assert ANSI.sub("", styled) == plain


def test_the_documented_examples_are_what_it_prints(in_repo):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    out = run("search", "ｅｓｃａｐ 事務局長").stdout.splitlines()
    assert "\n".join(f"  {line}" for line in out[:2]) in readme
    guide = (ROOT / "docs" / "scripting.md").read_text(encoding="utf-8")
    out = run("search", "ESCAP").stdout.splitlines()
    shown = guide.split("$ tripplan search ESCAP\n", 1)[1].split("```", 1)[0].splitlines()
    assert [line for line in shown if line != "…"] == [out[0], out[1], out[8]]
    data = json.loads(run("search", "ESCAP", "--json").stdout)
    documented = re.search(r'\{"trip".*?\}', guide.replace("\n ", " "))
    assert documented and json.loads(documented.group()) == data["hits"][0]


def test_an_empty_place_reference_is_searched_without_a_crash(in_repo):
    """A reproducer of the fuzz runner: ``destination = ""`` made search build an empty Text."""
    trip = "tests/data/fuzz/search-empty-destination.json"
    result = run("search", "0", trip)
    assert (result.exit_code, result.stderr) == (1, 'tripplan: no match for "0" in 1 trip\n')
    found = run("search", "HNL", trip)
    assert (found.exit_code, found.stdout) == (0, (
        "tests/data/fuzz/search-empty-destination.json:55:17: "
        "tz-dateline-2024-06-auckland-honolulu return origin: HNL\n"))
