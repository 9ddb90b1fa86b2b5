"""``tripplan diff``: two files, or a file and a git revision; human and JSON output."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import DATA, REFERENCE, run
from tripplan.diff import diff_trips
from tripplan.load import load_trip
from tripplan.model import Visibility

SOURCE = DATA / "edit" / "commented.toml"


@pytest.fixture
def versions(tmp_path):
    old = tmp_path / "old.toml"
    new = tmp_path / "new.toml"
    shutil.copy(SOURCE, old)
    shutil.copy(SOURCE, new)
    for args in (["move", str(new), "governor-meeting", "--by", "30m"],
                 ["cancel", str(new), "press"],
                 ["rm", str(new), "arrival", "--yes"],
                 ["add", str(new), "--kind", "meal", "--title", "Lunch", "--start",
                  "2024-06-21T12:30", "--place", "hotel"],
                 ["set", str(new), "--trip", "status=confirmed"]):
        assert run(*args).exit_code == 0
    return old, new


def test_human_report(versions):
    old, new = versions
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"--- {old}",
        f"+++ {new}",
        "Revision 3 → 8",
        "Trip",
        '  status: "draft" → "confirmed"',
        "Added",
        "  + lunch  2024-06-21 12:30  Lunch",
        "Removed",
        "  - arrival  2024-06-20  Arrival",
        "Moved",
        "  ~ governor-meeting  2024-06-21 10:00–11:00 → 2024-06-21 10:30–11:30  "
        "Meeting with the Governor",
        "Changed",
        "  * press  Press availability",
        '      status: "confirmed" → "cancelled"',
    ]


def test_json_report_and_exit_code(versions):
    old, new = versions
    result = run("diff", str(old), str(new), "--json", "--exit-code")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert payload["command"] == "diff" and payload["changed"] is True
    assert payload["old"] == {"file": str(old), "revision": 3}
    items = payload["items"]
    assert [a["id"] for a in items["added"]] == ["lunch"]
    assert [r["id"] for r in items["removed"]] == ["arrival"]
    assert items["moved"] == [{
        "id": "governor-meeting", "title": "Meeting with the Governor",
        "old_when": "2024-06-21 10:00–11:00", "new_when": "2024-06-21 10:30–11:30",
        "changes": []}]
    assert items["changed"][0]["changes"] == [
        {"key": "status", "old": "confirmed", "new": "cancelled"}]
    assert payload["trip"] == [{"key": "status", "old": "draft", "new": "confirmed"}]


def test_same_trip_in_both_forms_has_no_changes(tmp_path):
    converted = tmp_path / "ref.json"
    assert run("convert", str(REFERENCE), "-o", str(converted)).exit_code == 0
    result = run("diff", str(REFERENCE), str(converted), "--exit-code")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "No changes."


def test_japanese_titles_with_lang(versions):
    old, new = versions
    result = run("diff", str(old), str(new), "--lang", "ja")
    assert "~ governor-meeting  2024-06-21 10:00–11:00 → 2024-06-21 10:30–11:30  知事との会談" \
        in result.stdout


def test_default_values_equal_left_out_values(tmp_path):
    explicit = tmp_path / "explicit.toml"
    explicit.write_text(SOURCE.read_text(encoding="utf-8").replace(
        'title.en = "Press availability"\n',
        'title.en = "Press availability"\nstatus = "confirmed"\nvisibility = "internal"\n'),
        encoding="utf-8")
    old, new = load_trip(SOURCE).trip, load_trip(explicit).trip
    assert "status" in new.items[3].model_fields_set
    assert diff_trips(old, new).is_empty
    changed = load_trip(explicit).trip
    changed.items[3].visibility = Visibility.PUBLIC
    assert [c.key for c in diff_trips(old, changed).changed[0].changes] == ["visibility"]


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_rev_compares_with_git(tmp_path):
    repo = tmp_path / "repo"
    (repo / "itineraries").mkdir(parents=True)
    trip = repo / "itineraries" / "visit.toml"
    shutil.copy(SOURCE, trip)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    assert run("cancel", str(trip), "press").exit_code == 0
    git(repo, "commit", "-q", "-am", "second")
    assert run("move", str(trip), "breakfast", "--by", "1h").exit_code == 0

    result = run("diff", str(trip), "--rev", "HEAD~1")
    assert result.exit_code == 0, result.stderr
    assert f"--- {trip}@HEAD~1" in result.stdout
    assert "Revision 3 → 5" in result.stdout
    assert "* press" in result.stdout and "~ breakfast" in result.stdout
    result = run("diff", str(trip), "--rev", "HEAD", "--json")
    payload = json.loads(result.stdout)
    assert [m["id"] for m in payload["items"]["moved"]] == ["breakfast"]
    assert payload["items"]["changed"] == []


def test_rev_errors(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    trip = outside / "visit.toml"
    shutil.copy(SOURCE, trip)
    result = run("diff", str(trip), "--rev", "HEAD")
    assert result.exit_code == 2 and "is not in a git repository" in result.stderr

    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(SOURCE, repo / "visit.toml")
    (repo / "other.txt").write_text("x")
    git(repo, "init", "-q")
    git(repo, "add", "other.txt")
    git(repo, "commit", "-q", "-m", "first")
    result = run("diff", str(repo / "visit.toml"), "--rev", "HEAD")
    assert result.exit_code == 2 and "visit.toml is not in revision HEAD" in result.stderr
    result = run("diff", str(repo / "visit.toml"), "--rev", "nosuchbranch")
    assert result.exit_code == 2
    assert '"nosuchbranch" is not a revision of this git repository' in result.stderr


def test_usage_errors(versions):
    old, new = versions
    assert run("diff", str(old)).exit_code == 2
    assert run("diff", str(old), str(new), "--rev", "HEAD").exit_code == 2
    broken = old.parent / "broken.toml"
    broken.write_text("id = \n", encoding="utf-8")
    result = run("diff", str(old), str(broken))
    assert result.exit_code == 2 and "F003" in result.stderr
