"""Re-exports update events in place: stable UIDs, SEQUENCE from the trip file alone (the
items' stamps), rising on exactly the changed items, removed or withdrawn items sent again
as cancelled — and nothing kept on the exporting machine, so every clone agrees."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys

import pytest

from conftest import run
from icaljs import icaljs_events
from test_ics_support import ICS_DATA, copy_trip, events, export, item_id, small_trip

V1 = ICS_DATA / "change-v1.toml"
TRIP_ID = "2025-02-change-scenario"
CHANGED = {"moved", "relocated", "called-off", "deleted", "made-confidential", "aide-dropped"}
UNCHANGED = {"unchanged", "reformatted"}


def sequences(data: bytes) -> dict[str, int]:
    return {item_id(uid): int(e["SEQUENCE"]) for uid, e in events(data).items()}


def statuses(data: bytes) -> dict[str, str]:
    return {item_id(uid): str(e["STATUS"]) for uid, e in events(data).items()}


def cli(*args: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, (args, result.stderr)


def make_changes(trip) -> None:
    """What change-v2.toml describes, made with the editing commands (a hand reformat for
    "reformatted", which changes nothing a calendar shows)."""
    path = str(trip)
    cli("move", path, "moved", "--by", "1h")
    cli("set", path, "relocated", "place=prefecture")
    cli("cancel", path, "called-off")
    cli("rm", path, "deleted", "-y")
    cli("set", path, "made-confidential", "visibility=confidential")
    cli("set", path, "aide-dropped", 'participants=["head"]')
    text = trip.read_text(encoding="utf-8")
    text = text.replace('id = "reformatted"\nkind = "other"',
                        'kind = "other"   # keys in another order\nid = "reformatted"')
    trip.write_text(text, encoding="utf-8")


@pytest.fixture
def scenario(tmp_path):
    """change-v1 as tripplan leaves a trip (stamped), exported, then changed."""
    trip = copy_trip(V1, tmp_path, "trip.toml")
    cli("stamp", str(trip))
    first = export(trip)
    make_changes(trip)
    return trip, first


def test_first_export_has_sequence_zero_and_stable_uids(tmp_path) -> None:
    trip = copy_trip(V1, tmp_path, "trip.toml")
    data = export(trip)
    assert set(sequences(data).values()) == {0}
    assert sorted(events(data)) == sorted(f"{i}@{TRIP_ID}.tripplan" for i in CHANGED | UNCHANGED)
    # Same UIDs from another folder (another machine).
    other = copy_trip(V1, tmp_path / "elsewhere", "renamed.toml")
    assert sorted(events(export(other))) == sorted(events(data))


def test_sequence_rises_on_exactly_the_changed_items(scenario) -> None:
    trip, first = scenario
    second = export(trip)
    assert sorted(events(second)) == sorted(events(first))  # same UIDs, nothing duplicated
    seq = sequences(second)
    assert {k for k, v in seq.items() if v == 1} == CHANGED
    assert {k for k, v in seq.items() if v == 0} == UNCHANGED
    assert sorted(e["uid"] for e in icaljs_events(second)) == sorted(events(first))
    # the file says it: every changed item carries its new SEQUENCE, the removed one too
    text = trip.read_text(encoding="utf-8")
    assert text.count("stamp = { sequence = 1, ") == len(CHANGED) - 1
    assert "[removed.deleted]\nsequence = 1\n" in text


def test_cancelled_and_removed_items_are_sent_as_cancelled(scenario) -> None:
    trip, _ = scenario
    second = export(trip)
    status = statuses(second)
    assert status["called-off"] == "CANCELLED"
    assert status["deleted"] == "CANCELLED"
    assert status["moved"] == "CONFIRMED"
    removed = events(second)[f"deleted@{TRIP_ID}.tripplan"]
    assert str(removed["SUMMARY"]).startswith("Cancelled: Call that will be deleted")
    assert str(removed["DESCRIPTION"]) == "Removed from the itinerary."
    assert removed["DTSTART"].dt.isoformat() == "2025-02-04"  # its last known day
    assert str(removed["TRANSP"]) == "TRANSPARENT"


def test_item_made_confidential_is_withdrawn_from_the_public_calendar(scenario) -> None:
    trip, _ = scenario
    public = export(trip, audience="public")
    withdrawn = events(public)[f"made-confidential@{TRIP_ID}.tripplan"]
    assert str(withdrawn["STATUS"]) == "CANCELLED"
    assert int(withdrawn["SEQUENCE"]) == 1
    assert str(withdrawn["DESCRIPTION"]) == "No longer in this calendar."
    # nothing of the item as it is now reaches the public calendar: not its title, not its day
    assert "confidential" not in str(withdrawn["SUMMARY"]).lower()
    assert withdrawn["DTSTART"].dt.isoformat() == "2025-02-03"  # the trip's first day
    confidential = export(trip, audience="confidential")
    kept = events(confidential)[f"made-confidential@{TRIP_ID}.tripplan"]
    assert str(kept["STATUS"]) == "CONFIRMED" and str(kept["CLASS"]) == "CONFIDENTIAL"


def test_participant_taken_off_gets_a_cancellation(scenario) -> None:
    trip, _ = scenario
    aide = events(export(trip, person="aide"))
    assert str(aide[f"aide-dropped@{TRIP_ID}.tripplan"]["STATUS"]) == "CANCELLED"
    head = events(export(trip, person="head"))
    assert str(head[f"aide-dropped@{TRIP_ID}.tripplan"]["STATUS"]) == "CONFIRMED"


def test_confidential_item_never_leaks_into_a_public_calendar_even_when_removed(tmp_path):
    item = """
[[items]]
id = "secret"
kind = "meeting"
title = "Secret meeting"
start = 2025-02-03T10:00:00
end = 2025-02-03T11:00:00
place = "office"
visibility = "confidential"
"""
    other = item.replace('"secret"', '"open"').replace("Secret", "Open").replace(
        '"confidential"', '"public"')
    trip = small_trip(tmp_path, item + other)
    cli("stamp", str(trip))
    assert b"Secret" not in export(trip, audience="public")
    cli("rm", str(trip), "secret", "-y")
    public = export(trip, audience="public")
    assert b"Secret" not in public and b"secret@" not in public
    internal = export(trip, audience="confidential")
    assert str(events(internal)["secret@2025-02-small.tripplan"]["STATUS"]) == "CANCELLED"


def test_no_change_no_new_sequence_and_nothing_written_beside_the_trip(scenario) -> None:
    trip, _ = scenario
    before = sorted(p.name for p in trip.parent.iterdir())
    second = export(trip)
    third = export(trip, audience="public", lang="ja", person="head")
    again = export(trip)
    assert again == second  # the same trip gives the same bytes (DTSTAMP fixed here)
    assert sequences(again) == sequences(second)
    assert all(v <= 1 for v in sequences(third).values())
    assert sorted(p.name for p in trip.parent.iterdir()) == before  # no record, no state
    assert not (trip.parent / ".tripplan").exists()


def test_deleting_every_machine_local_file_changes_no_sequence(scenario) -> None:
    trip, _ = scenario
    second = export(trip)
    for path in trip.parent.iterdir():
        if path.name.startswith(".") or path.name == "out":
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    assert export(trip) == second


def test_removed_item_coming_back_gets_a_higher_sequence(scenario) -> None:
    trip, _ = scenario
    assert sequences(export(trip))["deleted"] == 1  # its cancellation
    cli("add", str(trip), "--kind", "courtesy-call", "--id", "deleted", "--title",
        "Call that will be deleted from the file", "--date", "2025-02-04", "--place",
        "prefecture")
    back = export(trip)
    assert sequences(back)["deleted"] == 2
    assert statuses(back)["deleted"] == "CONFIRMED"
    assert "[removed.deleted]" not in trip.read_text(encoding="utf-8")


def test_no_cancelled_leaves_out_cancelled_and_removed_items(scenario) -> None:
    trip, _ = scenario
    data = export(trip, include_cancelled=False)
    assert "CANCELLED" not in statuses(data).values()
    assert not {"called-off", "deleted", "made-confidential"} & set(sequences(data))
    # Leaving them out does not lose anything: the next full export still cancels them.
    assert statuses(export(trip))["deleted"] == "CANCELLED"


def test_renamed_id_cancels_the_old_event_and_starts_the_new_one(scenario) -> None:
    trip, _ = scenario
    cli("set", str(trip), "moved", "id=moved-again")
    data = export(trip)
    assert statuses(data)["moved"] == "CANCELLED" and sequences(data)["moved"] == 2
    assert statuses(data)["moved-again"] == "CONFIRMED"


def test_hand_edit_raises_sequence_once_and_stamp_records_it(tmp_path) -> None:
    trip = copy_trip(V1, tmp_path, "trip.toml")
    cli("stamp", str(trip))
    text = trip.read_text(encoding="utf-8")
    trip.write_text(text.replace("Meeting that will be moved", "Meeting, renamed by hand"),
                    encoding="utf-8")
    assert sequences(export(trip))["moved"] == 1
    warned = run("validate", str(trip))
    assert warned.exit_code == 0
    assert ('R013 changed-since-stamp [warning] item "moved" changed since it was stamped: '
            "its calendar SEQUENCE is now 1") in warned.stdout
    cli("stamp", str(trip))
    assert sequences(export(trip))["moved"] == 1  # stamping changes no number
    assert "R013" not in run("validate", str(trip)).stdout
    text = trip.read_text(encoding="utf-8")
    trip.write_text(text.replace("renamed by hand", "renamed twice"), encoding="utf-8")
    assert sequences(export(trip))["moved"] == 2


def test_stamp_carries_the_numbers_of_an_old_export_record(tmp_path) -> None:
    """Trips exported by an earlier tripplan kept SEQUENCE beside the trip: none goes down."""
    trip = copy_trip(V1, tmp_path, "trip.toml")
    record = tmp_path / ".tripplan" / f"{TRIP_ID}.ics-state.json"
    record.parent.mkdir()
    events_ = {"moved": {"item": "moved", "sequence": 3, "fingerprint": "0" * 32,
                         "visibility": "public", "participants": None, "reach": None,
                         "face": {}},
               "gone": {"item": "gone", "sequence": 4, "fingerprint": "removed",
                        "visibility": "internal", "participants": None, "reach": None,
                        "face": {"summary": {"en": "Old call"},
                                 "start": {"date": "2025-02-04"}}, "removed": True}}
    record.write_text(json.dumps({"format": 1, "trip": TRIP_ID, "events": {
        f"{k}@{TRIP_ID}.tripplan": v for k, v in events_.items()}}), encoding="utf-8")
    note = run("export", str(trip), "--ics")
    assert note.exit_code == 0
    assert "run `tripplan stamp" in note.stderr
    cli("stamp", str(trip))
    data = export(trip)
    assert sequences(data)["moved"] == 4  # changed since the record's 3 (its fingerprint)
    assert statuses(data)["gone"] == "CANCELLED" and sequences(data)["gone"] == 4
    assert "run `tripplan stamp" not in run("export", str(trip), "--ics").stderr


# --- two officers, two clones ---------------------------------------------------------------


GIT_ENV = {"GIT_AUTHOR_NAME": "o", "GIT_AUTHOR_EMAIL": "o@example.org",
           "GIT_COMMITTER_NAME": "o", "GIT_COMMITTER_EMAIL": "o@example.org",
           "PATH": "/usr/local/bin:/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1"}
DRIVER = f"{shlex.quote(sys.executable)} -m tripplan merge-driver %O %A %B %P"


def git(folder, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          env={**GIT_ENV, "HOME": str(folder)})
    assert done.returncode == 0 or not check, done.stdout + done.stderr
    return done.stdout


def clones(tmp_path, *names: str) -> list:
    """An origin holding the stamped change-v1 trip, with the merge driver of docs/ics.md
    (.gitattributes committed, the driver configured in each clone), and its clones."""
    origin = tmp_path / "origin"
    origin.mkdir()
    trip = copy_trip(V1, origin, "trip.toml")
    cli("stamp", str(trip))
    (origin / ".gitattributes").write_text("*.toml merge=tripplan\n", encoding="utf-8")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "trip.toml", ".gitattributes")
    git(origin, "commit", "-q", "-m", "v1")
    out = []
    for name in names:
        git(tmp_path, "clone", "-q", str(origin), str(tmp_path / name))
        git(tmp_path / name, "config", "merge.tripplan.driver", DRIVER)
        out.append(tmp_path / name)
    return out


def published(data: bytes) -> dict[tuple[str, int], str]:
    """(UID, SEQUENCE) → what the event says (DTSTAMP left out)."""
    out = {}
    for uid, event in events(data).items():
        body = b"\n".join(line for line in event.to_ical().splitlines()
                          if not line.startswith(b"DTSTAMP"))
        out[(uid, int(event["SEQUENCE"]))] = body.decode()
    return out


def test_two_clones_edit_export_merge_and_export_again(tmp_path) -> None:
    a, b = clones(tmp_path, "a", "b")
    seen: dict[tuple[str, int], str] = {}

    def publish(folder) -> dict[str, int]:
        data = export(folder / "trip.toml")
        for key, body in published(data).items():
            assert seen.setdefault(key, body) == body, f"two contents under {key}"
        return sequences(data)

    publish(a)
    cli("move", str(a / "trip.toml"), "moved", "--by", "30m")        # officer A
    cli("add", str(a / "trip.toml"), "--kind", "meal", "--title", "Lunch", "--start",
        "2025-02-04T12:00", "--place", "prefecture")
    cli("set", str(b / "trip.toml"), "relocated", "place=prefecture")  # officer B, another item
    cli("rm", str(b / "trip.toml"), "deleted", "-y")
    cli("add", str(b / "trip.toml"), "--kind", "press", "--title", "Press call", "--start",
        "2025-02-04T12:30", "--place", "prefecture")  # added on the same day, same place
    high = {}
    for folder in (a, b):
        for item, number in publish(folder).items():
            high[item] = max(high.get(item, 0), number)
        git(folder, "commit", "-q", "-am", f"edit in {folder.name}")
    git(a, "pull", "-q", "--no-rebase", str(b), "main")  # merges without a conflict
    text = (a / "trip.toml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and 'id = "lunch"' in text and 'id = "press-call"' in text
    assert run("validate", str(a / "trip.toml")).exit_code == 0
    merged = publish(a)
    assert all(merged[item] >= number for item, number in high.items()), (merged, high)
    assert merged["moved"] == 1 and merged["relocated"] == 1 and merged["deleted"] == 1
    assert statuses(export(a / "trip.toml"))["deleted"] == "CANCELLED"
    # every local file gone (a fresh clone of the merge): the same numbers
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(a), str(fresh))
    assert sequences(export(fresh / "trip.toml")) == merged


def test_both_clones_change_the_same_item_the_merge_is_newer_than_either(tmp_path) -> None:
    a, b = clones(tmp_path, "a", "b")
    cli("move", str(a / "trip.toml"), "moved", "--by", "30m")
    cli("move", str(b / "trip.toml"), "moved", "--by", "2h")
    published_seq = max(sequences(export(folder / "trip.toml"))["moved"] for folder in (a, b))
    for folder in (a, b):
        git(folder, "commit", "-q", "-am", f"edit in {folder.name}")
    git(a, "pull", "-q", "--no-rebase", str(b), "main", check=False)  # a conflict
    text = (a / "trip.toml").read_text(encoding="utf-8")
    assert "<<<<<<< ours" in text
    kept = []  # the officer keeps A's lines in every conflict
    side = None
    for line in text.split("\n"):
        if line.startswith("<<<<<<< "):
            side = "ours"
        elif line.startswith("||||||| ") or line == "=======":
            side = "drop" if side else side
        elif line.startswith(">>>>>>> "):
            side = None
        elif side in (None, "ours"):
            kept.append(line)
    (a / "trip.toml").write_text("\n".join(kept), encoding="utf-8")
    assert run("validate", str(a / "trip.toml")).exit_code == 0
    assert sequences(export(a / "trip.toml"))["moved"] > published_seq
