"""Commands import only what they need: ``validate`` never loads the iCalendar, PDF or
template code. Each command runs in a fresh interpreter whose ``sys.modules`` is read back
at exit (timings are in benchmarks/, not here)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import REFERENCE, ROOT, in_fresh_process

HEAVY = ("icalendar", "fpdf", "jinja2", "tripplan.export")
"""Modules (and their submodules) only the export commands may import."""


def imported(*args: str) -> tuple[int, set[str]]:
    code, _stdout, modules = in_fresh_process(*args)
    return code, modules


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", [
    ("validate", str(REFERENCE)),
    ("validate",),
    ("validate", str(REFERENCE), "--format", "github"),
    ("list",),
    ("list", "--json"),
    ("check", str(REFERENCE), "--today", "2024-06-15"),
    ("show", "2024-06-yokohama-bangkok"),
    ("search", "ESCAP"),
    ("agenda", "--from", "2024-06-20"),
    ("next", "--today", "2024-06-21"),
    ("list", "--upcoming", "--tag", "bangkok"),
    ("rules",),
    ("schema",),
])
def test_read_commands_never_import_export_code(args):
    code, modules = imported(*args)
    assert code in (0, 1)
    assert "tripplan.cli" in modules  # the wrapper really ran the command
    assert heavy(modules) == []


@pytest.mark.parametrize("args", [
    ("validate", str(REFERENCE)),
    ("check", str(REFERENCE), "--json"),
    ("list", str(REFERENCE), "--json"),
    ("show", str(REFERENCE), "--json"),
    ("search", "ESCAP", "--json"),
    ("search", "ESCAP"),  # piped: plain lines
    ("agenda", "--from", "2024-06-20", "--json"),
    ("next", "--today", "2024-06-21", "--json"),
])
def test_machine_readable_output_never_imports_rich_layout(args):
    code, modules = imported(*args)
    assert code in (0, 1)
    assert not {"rich.console", "rich.table"} & modules


@pytest.mark.parametrize("args", [
    ("list",),
    ("list", "--json"),
    ("show", str(REFERENCE), "--json"),
    ("rules",),
    ("schema",),
])
def test_commands_that_write_no_phone_number_never_import_libphonenumber(args):
    code, modules = imported(*args)
    assert code == 0 and "tripplan.cli" in modules
    assert not {m for m in modules if m == "phonenumbers" or m.startswith("phonenumbers.")}


def test_show_does_import_libphonenumber():
    """The check above can fail: ``show`` writes each item's contact with the number."""
    code, modules = imported("show", str(REFERENCE))
    assert code == 0 and "phonenumbers" in modules


def test_version_imports_no_model():
    code, modules = imported("--version")
    assert code == 0
    assert not {"pydantic", "tripplan.model", "tripplan.load", "rich.console"} & modules


def test_export_does_import_them(tmp_path):
    """The check above can fail: the export command does load the iCalendar code."""
    trip = tmp_path / "trip.toml"  # the export keeps state beside the trip: use a copy
    trip.write_bytes(REFERENCE.read_bytes())
    code, modules = imported("export", str(trip), "--ics")
    assert code == 0
    assert "icalendar" in modules and "tripplan.export.ics" in modules


def test_benchmark_corpus_is_clean_and_exports(tmp_path):
    """The generated corpus of benchmarks/ is what it claims: timed items across zones that
    the zone engine resolves without a finding, and that export (timings: benchmarks/)."""
    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gen_corpus.py"), str(corpus),
                    "--trips", "3", "--items", "60"], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "tripplan", "validate", str(corpus), "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    report = json.loads(done.stdout)
    assert (done.returncode, report["files"], report["diagnostics"]) == (0, 3, [])
    text = (corpus / "trip-0000.toml").read_text(encoding="utf-8")
    assert text.count("[[items]]") == 60
    assert {"Asia/Tokyo", "Asia/Bangkok", "Europe/Paris"} <= set(
        re.findall(r'timezone = "([^"]+)"', text))
    out = tmp_path / "ics"
    done = subprocess.run([sys.executable, "-m", "tripplan", "export", str(corpus), "--ics",
                           "-o", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    events = tmp_path / "events.json"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ics_baseline.py"), "extract",
                    str(out), str(events)], check=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ics_baseline.py"), "build",
                    str(events), str(tmp_path / "base")], check=True)
    ours = (out / "bench-0000.ics").read_text(encoding="utf-8")
    theirs = (tmp_path / "base" / "bench-0000.ics").read_text(encoding="utf-8")

    def events_of(ics: str) -> list[str]:  # the same events, byte for byte (but DTSTAMP)
        body = ics[ics.index("BEGIN:VEVENT"):]
        return [line for line in body.splitlines() if not line.startswith("DTSTAMP")]

    assert events_of(ours) == events_of(theirs)
