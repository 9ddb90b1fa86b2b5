"""Re-exports update events in place: stable UIDs, SEQUENCE rising on exactly the changed
items, removed or withdrawn items sent again as cancelled, and the export record beside
the trip (``.tripplan/<trip-id>.ics-state.json``)."""

from __future__ import annotations

import json
import os

import pytest

from conftest import run
from icaljs import icaljs_events
from test_ics_support import ICS_DATA, copy_trip, events, export, item_id, small_trip
from tripplan.errors import InputError
from tripplan.export.ics_state import ExportState, state_path

V1, V2 = ICS_DATA / "change-v1.toml", ICS_DATA / "change-v2.toml"
TRIP_ID = "2025-02-change-scenario"
CHANGED = {"moved", "relocated", "called-off", "deleted", "made-confidential", "aide-dropped"}
UNCHANGED = {"unchanged", "reformatted"}


def sequences(data: bytes) -> dict[str, int]:
    return {item_id(uid): int(e["SEQUENCE"]) for uid, e in events(data).items()}


def statuses(data: bytes) -> dict[str, str]:
    return {item_id(uid): str(e["STATUS"]) for uid, e in events(data).items()}


@pytest.fixture
def scenario(tmp_path):
    """Export change-v1, then overwrite the trip with change-v2 (a hand edit)."""
    trip = copy_trip(V1, tmp_path, "trip.toml")
    first = export(trip)
    copy_trip(V2, tmp_path, "trip.toml")
    return trip, first


def test_first_export_has_sequence_zero_and_stable_uids(tmp_path) -> None:
    trip = copy_trip(V1, tmp_path, "trip.toml")
    data = export(trip)
    assert set(sequences(data).values()) == {0}
    assert sorted(events(data)) == sorted(f"{i}@{TRIP_ID}.tripplan" for i in CHANGED | UNCHANGED)
    # Same UIDs from another folder (another machine), with no record at all.
    other = copy_trip(V1, tmp_path / "elsewhere", "renamed.toml")
    assert sorted(events(export(other))) == sorted(events(data))


def test_sequence_rises_on_exactly_the_changed_items(scenario) -> None:
    trip, first = scenario
    second = export(trip)
    assert sorted(events(second)) == sorted(events(first))  # same UIDs, nothing duplicated
    seq = sequences(second)
    assert {k for k, v in seq.items() if v == 1} == CHANGED
    assert {k for k, v in seq.items() if v == 0} == UNCHANGED
    # ical.js sees the same events and UIDs.
    assert sorted(e["uid"] for e in icaljs_events(second)) == sorted(events(first))


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
    assert b"Secret" not in export(trip, audience="public")
    small_trip(tmp_path, other)  # the secret item is deleted from the file
    public = export(trip, audience="public")
    assert b"Secret" not in public and b"secret@" not in public
    internal = export(trip, audience="confidential")
    assert str(events(internal)["secret@2025-02-small.tripplan"]["STATUS"]) == "CANCELLED"


def test_no_change_no_new_sequence_and_record_not_rewritten(scenario) -> None:
    trip, _ = scenario
    second = export(trip)
    record = state_path(trip, TRIP_ID)
    before = record.stat()
    third = export(trip, audience="public", lang="ja", person="head")
    again = export(trip)
    assert sequences(again) == sequences(second)
    assert all(v <= 1 for v in sequences(third).values())
    after = record.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_removed_item_coming_back_gets_a_higher_sequence(scenario) -> None:
    trip, _ = scenario
    export(trip)  # "deleted" is now recorded as removed, SEQUENCE 1
    copy_trip(V1, trip.parent, "trip.toml")
    back = export(trip)
    assert sequences(back)["deleted"] == 2
    assert statuses(back)["deleted"] == "CONFIRMED"


def test_no_cancelled_leaves_out_cancelled_and_removed_items(scenario) -> None:
    trip, _ = scenario
    data = export(trip, include_cancelled=False)
    assert "CANCELLED" not in statuses(data).values()
    assert not {"called-off", "deleted", "made-confidential"} & set(sequences(data))
    # Leaving them out does not lose the record: the next full export still cancels them.
    assert statuses(export(trip))["deleted"] == "CANCELLED"


def test_record_file_is_beside_the_trip_and_ignored_by_list_and_validate(scenario) -> None:
    trip, _ = scenario
    record = trip.parent / ".tripplan" / f"{TRIP_ID}.ics-state.json"
    assert record.is_file()
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["trip"] == TRIP_ID and data["format"] == 1
    assert data["events"][f"moved@{TRIP_ID}.tripplan"]["sequence"] == 0
    listed = run("list", str(trip.parent), "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [t["id"] for t in json.loads(listed.stdout)["trips"]] == [TRIP_ID]
    validated = run("validate", str(trip.parent), "--format", "json")
    assert validated.exit_code in (0, 1), validated.stderr
    assert json.loads(validated.stdout)["files"] == 1


def test_stdout_export_updates_the_record_and_no_state_does_not(tmp_path) -> None:
    trip = copy_trip(V1, tmp_path, "trip.toml")
    looked = run("export", str(trip), "--ics", "--no-state")
    assert looked.exit_code == 0, looked.stderr
    assert not (tmp_path / ".tripplan").exists()
    piped = run("export", str(trip), "--ics")  # e.g. `tripplan export … --ics > file.ics`
    assert piped.exit_code == 0, piped.stderr
    assert state_path(trip, TRIP_ID).is_file()
    copy_trip(V2, tmp_path, "trip.toml")
    assert b"SEQUENCE:1" in run("export", str(trip), "--ics").stdout_bytes


def test_broken_record_is_a_located_error_not_a_traceback(tmp_path) -> None:
    trip = copy_trip(V1, tmp_path, "trip.toml")
    record = state_path(trip, TRIP_ID)
    record.parent.mkdir()
    record.write_text('{"format": 1, "trip": "2025-02-change-scenario",\n "events": {,}}\n')
    result = run("export", str(trip), "--ics")
    assert result.exit_code == 2
    assert ".tripplan/2025-02-change-scenario.ics-state.json:2:" in result.stderr
    assert "restore it from version control" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    record.write_text('{"format": 1, "trip": "another-trip", "events": {}}\n')
    result = run("export", str(trip), "--ics")
    assert result.exit_code == 2 and 'belongs to trip "another-trip"' in result.stderr
    record.write_text('{"format": 1, "trip": "2025-02-change-scenario", "events": '
                      '{"x": {"sequence": -1}}}\n')
    result = run("export", str(trip), "--ics")
    assert result.exit_code == 2 and "cannot be used" in result.stderr


def test_record_is_written_before_the_calendar(tmp_path, monkeypatch) -> None:
    """If writing the calendar fails, the record already holds the new SEQUENCE: a number
    may be skipped, never handed out twice for different contents."""
    trip = copy_trip(V1, tmp_path, "trip.toml")
    export(trip)
    copy_trip(V2, tmp_path, "trip.toml")
    from tripplan.app import export as export_module

    def broken_write(target, data):
        raise InputError("disk full", path=target)

    monkeypatch.setattr(export_module, "_write", broken_write)
    with pytest.raises(InputError):
        export(trip)
    recorded = ExportState.from_bytes(state_path(trip, TRIP_ID).read_bytes(), trip=TRIP_ID,
                                      shown="x")
    assert recorded.events[f"moved@{TRIP_ID}.tripplan"].sequence == 1
    monkeypatch.undo()
    assert sequences(export(trip))["moved"] == 1


def test_record_survives_concurrent_exports(tmp_path) -> None:
    """Two processes exporting at once: the lock serialises them, the record stays valid."""
    import subprocess
    import sys

    trip = copy_trip(V1, tmp_path, "trip.toml")
    code = ("import sys; from tripplan.app.env import Environment; "
            "from tripplan.app.export import export; "
            "export(Environment.from_process(), [sys.argv[1]], 'ics', "
            "output=__import__('pathlib').Path(sys.argv[2]))")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(trip), str(tmp_path / f"{n}.ics")],
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
             for n in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    state = ExportState.from_bytes(state_path(trip, TRIP_ID).read_bytes(), trip=TRIP_ID,
                                   shown="x")
    assert {r.sequence for r in state.events.values()} == {0}
    assert len(state.events) == len(CHANGED | UNCHANGED)


def _fingerprint_of_whole_object(trip, t, moments, cancelled) -> str:
    """The fingerprint as earlier exports made it: canonical JSON of one object per event."""
    import hashlib
    import json

    item = t.item

    def dump(table: dict, keys) -> dict:
        return {k: table[k].model_dump(mode="json", exclude_none=True)
                for k in keys if k is not None and k in table}

    data = {"item": item.model_dump(mode="json", exclude_none=True),
            "places": dump(trip.places, (item.place, item.origin, item.destination)),
            "contacts": dump(trip.contacts, (item.contact,)),
            "people": dump(trip.people, item.participants or ()),
            "footnotes": dump(trip.footnotes, item.footnotes),
            "moments": moments, "cancelled": cancelled}
    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def test_fingerprints_made_once_per_trip_equal_those_of_earlier_records() -> None:
    """Records written before the trip was serialised once per export stay valid: the same
    hash for every event of every shipped trip (no SEQUENCE rises after an upgrade)."""
    from test_ics_support import repository_trips
    from tripplan.export.ics_event import EventBuilder
    from tripplan.load import load_trip
    from tripplan.zones import resolve

    checked = 0
    for path in [*repository_trips(), V1, V2]:
        trip = load_trip(path).trip
        builder = EventBuilder(trip)
        for t in resolve(trip):
            if t.item.timing.value == "unscheduled" or t.item.first_day is None:
                continue
            moments = [m.to_json() for m in builder.moments(t)]
            assert builder.fingerprint(t) == _fingerprint_of_whole_object(
                trip, t, moments, builder.cancelled(t.item)), (path.name, t.item.id)
            checked += 1
    assert checked > 30
