"""``tripplan fmt``: canonical layout, comments kept, stable, ``--check`` for CI."""

from __future__ import annotations

import json
import random
import tomllib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DATA, REFERENCE, run
from tripplan.fmt import format_json, format_toml
from tripplan.tomldoc import blocks, comment_texts, scan

MESSY = DATA / "edit" / "messy.toml"


def test_reference_trip_is_already_canonical(in_repo):
    text = REFERENCE.read_text(encoding="utf-8")
    assert format_toml(text) == text
    result = run("fmt", "--check", str(REFERENCE))
    assert result.exit_code == 0
    assert "1 file already formatted" in result.stdout


def test_check_lists_files_and_changes_nothing(tmp_path):
    messy = tmp_path / "messy.toml"
    messy.write_bytes(MESSY.read_bytes())
    clean = tmp_path / "clean.toml"
    clean.write_bytes(REFERENCE.read_bytes())
    result = run("fmt", "--check", str(tmp_path))
    assert result.exit_code == 1
    assert f"would reformat {messy}" in result.stdout and str(clean) not in result.stdout
    assert messy.read_bytes() == MESSY.read_bytes()
    result = run("fmt", "--check", "--diff", str(messy))
    assert "+id = \"2024-06-messy\"" in result.stdout and result.exit_code == 1
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 0 and f"formatted {messy}" in result.stdout
    assert run("fmt", "--check", str(tmp_path)).exit_code == 0


def test_unreadable_files_are_reported_and_exit_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    result = run("fmt", str(tmp_path))
    assert result.exit_code == 2 and "F003 toml-syntax" in result.stderr
    assert bad.read_text(encoding="utf-8") == 'id = "x"\ntitle = \n'


def test_crlf_becomes_lf_and_trailing_spaces_go():
    text = 'id = "x"   \r\ntitle = "T"\r\n\r\n\r\n[places.a]  \r\nname = "A"\r\n'
    assert format_toml(text) == 'id = "x"\ntitle = "T"\n\n[places.a]\nname = "A"\n'


def test_multiline_strings_are_left_alone():
    text = 'id = "x"\nnotes = """\n  indented  \n\n\ntext   """\ntitle = "T"\n'
    out = format_toml(text)
    assert tomllib.loads(out) == tomllib.loads(text)
    assert '"""\n  indented  \n\n\ntext   """' in out


def test_json_is_written_in_canonical_order():
    text = json.dumps({"title": "T", "id": "x", "items": [{"title": "A", "kind": "meal",
                                                          "id": "a"}]})
    out = format_json(text)
    assert list(json.loads(out)) == ["id", "title", "items"]
    assert list(json.loads(out)["items"][0]) == ["id", "kind", "title"]
    assert format_json(out) == out


def test_scanner_knows_tricky_toml():
    text = ('"quoted key" = "a # not a comment"  # real\n'
            "arr = [\n  'x', # in array\n  [1, 2],\n]\n"
            "[ \"t\".b ]\n"
            "s = '''\n[not a header]\n'''\n")
    tomllib.loads(text)
    stmts = scan(text)
    assert [s.kind for s in stmts] == ["keyval", "keyval", "header", "keyval"]
    assert [b.path for b in blocks(text)] == [(), ("t", "b")]
    assert comment_texts(text) == ["# real", "# in array"]


# --- property: any shuffling of the reference formats back to the same data -----------------


def _mess_up(text: str, rng: random.Random) -> str:
    """Shuffle keys inside each table and spoil the spacing, without changing the data."""
    out = []
    for block in blocks(text):
        head = text[block.header.start : block.header.end] if block.header else ""
        body = block.body
        keys = [text[s.start : s.end] for s in body if s.kind == "keyval"]
        rng.shuffle(keys)
        pieces = []
        for stmt in body:
            if stmt.kind == "keyval":
                piece = keys.pop()
                piece = piece.replace(" = ", rng.choice([" = ", "=", "  =   "]), 1)
                pieces.append(rng.choice(["", "  ", "\t"]) + piece)
            else:
                pieces.append(text[stmt.start : stmt.end])
            if rng.random() < 0.2:
                pieces.append("\n" * rng.randint(1, 3))
        lead = "".join(text[s.start : s.end] for s in block.lead)
        out.append(lead + head + "".join(pieces))
    return "".join(out)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_fmt_of_a_shuffled_reference_keeps_data_and_comments_and_is_stable(seed):
    original = REFERENCE.read_text(encoding="utf-8")
    messy = _mess_up(original, random.Random(seed))
    assert messy != original
    assert tomllib.loads(messy) == tomllib.loads(original)
    once = format_toml(messy)
    assert tomllib.loads(once) == tomllib.loads(original)
    assert Counter(comment_texts(once)) == Counter(comment_texts(original))
    assert format_toml(once) == once


def test_diff_is_a_patch_git_applies_even_without_a_last_newline(tmp_path, monkeypatch):
    import subprocess

    trip = {"id": "t", "title": "T", "home_timezone": "Asia/Tokyo", "start": "2024-06-20",
            "end": "2024-06-20",
            "items": [{"kind": "meeting", "id": "a", "title": "A", "date": "2024-06-20"}]}
    path = tmp_path / "t.json"
    text = json.dumps(trip, indent=2)  # no newline at its end, keys not in canonical order
    path.write_text(text, encoding="utf-8")
    # fmt --diff writes nothing; git applies what it printed, giving what fmt writes
    monkeypatch.chdir(tmp_path)
    result = run("fmt", "--diff", "t.json")
    assert result.exit_code == 0
    patch, tail = result.stdout.rsplit("would reformat", 1)
    assert tail == " t.json\n"
    assert patch.splitlines()[:3] == ["--- t.json", "+++ t.json (formatted)", "@@ -6,10 +6,10 @@"]
    assert "}\n\\ No newline at end of file\n" in patch
    (tmp_path / "fmt.patch").write_text(patch, encoding="utf-8")
    subprocess.run(["git", "apply", "-p0", "fmt.patch"], cwd=tmp_path, check=True)
    assert path.read_bytes() == format_json(text).encode("utf-8")


def test_diff_shows_a_bare_cr_of_the_file_as_caret_m(tmp_path):
    """Found by the fuzz runner: JSON allows a CR between tokens, which the diff printed raw
    (on a terminal it sends the cursor back to the start of the line)."""
    path = tmp_path / "t.json"
    path.write_text('{"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",\r"start": '
                    '"2024-06-20", "end": "2024-06-20", "items": []}\n', encoding="utf-8")
    result = run("fmt", "--diff", str(path))
    assert result.exit_code == 0
    assert "\r" not in result.stdout
    assert '-{"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",^M"start": ' in (
        result.stdout)
