"""``tripplan convert``: TOML ↔ JSON without losing anything the model holds."""

from __future__ import annotations

import json

from conftest import DATA, REFERENCE, run
from tripplan.load import load_trip

SOURCE = DATA / "edit" / "commented.toml"


def test_reference_round_trips_both_ways(tmp_path):
    as_json = tmp_path / "ref.json"
    back = tmp_path / "back.toml"
    result = run("convert", str(REFERENCE), "--to", "json", "-o", str(as_json))
    assert result.exit_code == 0, result.stderr
    assert "20 comments of the TOML file cannot be carried into JSON" in result.stderr
    assert load_trip(as_json).trip == load_trip(REFERENCE).trip
    result = run("convert", str(as_json), "--to", "toml", "-o", str(back))
    assert result.exit_code == 0, result.stderr
    assert "comment" not in result.stderr  # nothing is lost going to TOML
    assert load_trip(back).trip == load_trip(REFERENCE).trip
    # only what the file gave: no defaults are written out
    data = json.loads(as_json.read_text(encoding="utf-8"))
    assert "status" not in data["items"][0] and "participants" not in data["items"][0]
    # the TOML written is in canonical form
    assert run("fmt", "--check", str(back)).exit_code == 0


def test_to_standard_output(tmp_path):
    result = run("convert", str(SOURCE), "--to", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "2024-06-test-visit"
    assert "comments of the TOML file cannot be carried into JSON" in result.stderr


def test_offsets_and_times_survive(tmp_path):
    trip = tmp_path / "t.toml"
    trip.write_text(SOURCE.read_text(encoding="utf-8").replace(
        "start = 2024-06-21T10:00:00", "start = 2024-06-21T10:00:00+07:00"), encoding="utf-8")
    out = tmp_path / "t.json"
    assert run("convert", str(trip), "-o", str(out)).exit_code == 0
    assert '"start": "2024-06-21T10:00:00+07:00"' in out.read_text(encoding="utf-8")
    back = tmp_path / "back.toml"
    assert run("convert", str(out), "-o", str(back)).exit_code == 0
    assert "start = 2024-06-21T10:00:00+07:00" in back.read_text(encoding="utf-8")
    assert load_trip(back).trip == load_trip(trip).trip


def test_refusals(tmp_path):
    out = tmp_path / "x.json"
    out.write_text("{}", encoding="utf-8")
    result = run("convert", str(SOURCE), "-o", str(out))
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "{}"
    result = run("convert", str(SOURCE), "-o", str(out), "--force")
    assert result.exit_code == 0
    assert load_trip(out).trip == load_trip(SOURCE).trip
    assert run("convert", str(SOURCE), "--to", "toml").exit_code == 2  # already TOML
    assert run("convert", str(SOURCE), "--to", "yaml").exit_code == 2
    assert run("convert", str(SOURCE)).exit_code == 2  # no --to, no -o
    result = run("convert", str(SOURCE), "--to", "json", "-o", str(tmp_path / "x.toml"))
    assert result.exit_code == 2 and "does not end in .json" in result.stderr
