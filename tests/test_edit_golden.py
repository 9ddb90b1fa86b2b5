"""Round-trip golden files: every editing command run on a file full of comments.

Each case copies ``tests/data/edit/commented.toml`` (or ``messy.toml``), runs one command
through the CLI, and compares the whole result with ``tests/golden/edit/<case>``. Every
comment of the input must still be in the output (``rm`` loses only the comments inside
the removed item). After a deliberate change of output, regenerate the golden files with
``TRIPPLAN_UPDATE_GOLDEN=1 pytest tests/test_edit_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from conftest import DATA, run
from tripplan.fmt import comment_texts, format_toml
from tripplan.load import load_trip

GOLDEN = Path(__file__).resolve().parent / "golden" / "edit"
SOURCE = DATA / "edit" / "commented.toml"
MESSY = DATA / "edit" / "messy.toml"
UPDATE = bool(os.environ.get("TRIPPLAN_UPDATE_GOLDEN"))

REMOVED_WITH_GOVERNOR_MEETING = ["# one hour", "# the counterpart is known by title only",
                                 "# protocol"]

CASES = {
    "set-item": ["set", "{trip}", "governor-meeting", "status=tentative",
                 "title.en=Meeting with the Governor of Bangkok", "place=hotel"],
    "set-trip": ["set", "{trip}", "--trip", "status=confirmed", "title.ja=テスト訪問（改）",
                 "places.embassy.name.en=Embassy of Japan", "places.embassy.timezone=Asia/Bangkok"],
    "set-unset": ["set", "{trip}", "governor-meeting", "--unset", "notes", "--unset", "end"],
    "add-timed": ["add", "{trip}", "--kind", "meal", "--title", "Lunch", "--date", "2024-06-21",
                  "--start", "12:30", "--end", "13:30", "--place", "hotel"],
    "add-japanese": ["add", "{trip}", "--kind", "meeting", "--title", "会談", "--date",
                     "令和6年6月22日", "--set", "counterparts=[{ title.ja = \"知事\" }]"],
    "add-first-day": ["add", "{trip}", "--kind", "ground-transfer", "--title-en",
                      "Transfer to the hotel", "--start", "2024-06-20T18:00", "--duration",
                      "45m", "--destination", "hotel"],
    "move-cascade": ["move", "{trip}", "breakfast", "--by", "30m", "--cascade"],
    "move-to-time": ["move", "{trip}", "arrival", "--to", "6月20日 15時"],
    "move-day": ["move", "{trip}", "departure", "--to", "2024-06-21"],
    "cancel": ["cancel", "{trip}", "press"],
    "rm": ["rm", "{trip}", "governor-meeting", "--yes"],
}


def _golden(name: str, produced: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(produced, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with TRIPPLAN_UPDATE_GOLDEN=1"
    assert produced == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_command_on_commented_file_matches_golden_and_keeps_comments(case, tmp_path):
    trip = tmp_path / "commented.toml"
    shutil.copy(SOURCE, trip)
    before = trip.read_text(encoding="utf-8")
    args = [a.replace("{trip}", str(trip)) for a in CASES[case]]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    after = trip.read_text(encoding="utf-8")
    _golden(f"{case}.toml", after)

    lost = Counter(comment_texts(before)) - Counter(comment_texts(after))
    expected_lost = Counter(REMOVED_WITH_GOVERNOR_MEETING if case == "rm" else [])
    assert lost == expected_lost
    # the edit is saved as a new revision, and the result is a valid trip
    assert load_trip(trip).trip.revision == 4
    assert run("validate", str(trip), "--select", "R").exit_code == 0


def test_goldens_differ_from_the_source_only_where_the_command_acts():
    """A guard against golden files that were regenerated wholesale: outside the edited
    item, every line of the source is still there, in order."""
    source = SOURCE.read_text(encoding="utf-8").splitlines()
    cancelled = (GOLDEN / "cancel.toml").read_text(encoding="utf-8").splitlines()
    assert [line for line in cancelled if line != 'status = "cancelled"'
            and not line.startswith("stamp = { sequence = 1, ")] == [
        line if line != "revision = 3" else "revision = 4" for line in source]
    # the cancelled item (and only it) is stamped one calendar SEQUENCE on
    assert sum(line.startswith("stamp = ") for line in cancelled) == 1


def test_fmt_golden_and_idempotent(tmp_path):
    trip = tmp_path / "messy.toml"
    shutil.copy(MESSY, trip)
    before = trip.read_text(encoding="utf-8")
    check = run("fmt", "--check", str(trip))
    assert check.exit_code == 1
    assert f"would reformat {trip}" in check.stdout
    assert trip.read_text(encoding="utf-8") == before  # --check writes nothing
    assert run("fmt", str(trip)).exit_code == 0
    after = trip.read_text(encoding="utf-8")
    _golden("fmt-messy.toml", after)
    assert Counter(comment_texts(after)) == Counter(comment_texts(before))
    assert tomllib.loads(after) == tomllib.loads(before)
    assert format_toml(after) == after
    assert run("fmt", "--check", str(trip)).exit_code == 0
    # formatting is not a change of content: the revision stays
    assert tomllib.loads(after).get("revision") == tomllib.loads(before).get("revision")


def test_fmt_of_commented_file_golden(tmp_path):
    trip = tmp_path / "commented.toml"
    shutil.copy(SOURCE, trip)
    assert run("fmt", str(trip)).exit_code == 0
    after = trip.read_text(encoding="utf-8")
    _golden("fmt-commented.toml", after)
    assert Counter(comment_texts(after)) == Counter(comment_texts(SOURCE.read_text("utf-8")))


def test_convert_golden(tmp_path):
    out = tmp_path / "commented.json"
    result = run("convert", str(SOURCE), "--to", "json", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    _golden("convert.json", out.read_text(encoding="utf-8"))
    assert "comments of the TOML file cannot be carried into JSON" in result.stderr
