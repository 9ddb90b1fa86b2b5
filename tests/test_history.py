"""The versions kept in ``.tripplan-backup/``: ``tripplan history``, ``diff --rev N``,
``restore --rev N``, and how many backups are kept.

The reference trip is copied and edited three times with ``tripplan set``, with the clock
that names backups set to known instants (and the copy's modification time too), so every
time shown is known.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT, run
from tripplan import storage
from tripplan.app.env import Environment
from tripplan.backupfiles import BACKUP_DIR_NAME, digest, parse_name
from tripplan.errors import InputError
from tripplan.load import load_trip
from tripplan.sequence import sequences
from tripplan.zones import resolve

UTC = dt.UTC
ORIGINAL_MTIME = dt.datetime(2024, 6, 17, 23, 0, 0, tzinfo=UTC)  # 08:00 in Tokyo
EDITS = [  # (UTC instant of the write, the set command's arguments)
    (dt.datetime(2024, 6, 18, 1, 15, 0, tzinfo=UTC), ["jica-call", "status=cancelled"]),
    (dt.datetime(2024, 6, 18, 1, 16, 30, tzinfo=UTC),
     ["governor-meeting", "title.en=Top-level meeting with the Governor of Bangkok"]),
    (dt.datetime(2024, 6, 18, 1, 17, 45, tzinfo=UTC), ["--trip", "as_of=2024-06-26"]),
]
TRIP = "itineraries/visit.toml"


class Clock(dt.datetime):
    """The clock that names backups (``storage.datetime``), set by the test."""

    instant = ORIGINAL_MTIME

    @classmethod
    def now(cls, tz=None):
        return cls.instant.astimezone(tz)


def _set_clock(monkeypatch, instant: dt.datetime) -> None:
    monkeypatch.setattr(storage, "datetime", Clock)
    Clock.instant = instant


def _touch(path: Path, instant: dt.datetime) -> None:
    seconds = instant.timestamp()
    os.utime(path, (seconds, seconds))


def _edit(monkeypatch, instant: dt.datetime, *args: str) -> None:
    _set_clock(monkeypatch, instant)
    assert run("set", TRIP, *args).exit_code == 0
    _touch(Path(TRIP), instant + dt.timedelta(milliseconds=3))  # the write a moment later


@pytest.fixture
def edited(tmp_path, monkeypatch):
    """A copy of the reference trip, then three `set`s: revisions 1 (the copy) to 4."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "itineraries").mkdir()
    trip = tmp_path / TRIP
    shutil.copy(REFERENCE, trip)
    _touch(trip, ORIGINAL_MTIME)
    for instant, args in EDITS:
        _edit(monkeypatch, instant, *args)
    return trip


def _backups(trip: Path) -> list[Path]:
    return storage.backups_of(trip)


# --- history ---------------------------------------------------------------------------------


def test_history_lists_every_version(edited):
    result = run("history", TRIP)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "itineraries/visit.toml: 3 backups (at most 10 kept); times in Asia/Tokyo",
        "rev  saved                by   revision  changes",
        "0    2024-06-18 10:17:45  set  4         trip (as_of)",
        "1    2024-06-18 10:16:30  set  3         changed governor-meeting (title.en)",
        "2    2024-06-18 10:15:00  set  2         changed jica-call (status)",
        "3    2024-06-18 08:00:00  —    1         oldest backup kept",
    ]


def test_history_in_japanese_and_in_the_configured_zone(edited):
    result = run("history", TRIP, "--lang", "ja", env={"TRIPPLAN_HOME_TIMEZONE": "Asia/Bangkok"})
    assert result.stdout.splitlines() == [
        "itineraries/visit.toml：バックアップ3件（最大10件を保存）、時刻はAsia/Bangkok",
        "rev  保存日時             コマンド  版  変更内容",
        "0    2024-06-18 08:17:45  set       4   旅程全体（as_of）",
        "1    2024-06-18 08:16:30  set       3   変更 governor-meeting（title.en）",
        "2    2024-06-18 08:15:00  set       2   変更 jica-call（status）",
        "3    2024-06-18 06:00:00  —         1   保存されている最も古い版",
    ]


def test_history_json(edited):
    payload = json.loads(run("history", TRIP, "--json").stdout)
    assert payload["command"] == "history"
    assert (payload["file"], payload["zone"], payload["keep"]) == (TRIP, "Asia/Tokyo", 10)
    rows = [(v["rev"], v["saved_at"], v["by"], v["revision"], v["summary"])
            for v in payload["versions"]]
    assert rows == [
        (0, "2024-06-18T01:17:45Z", "set", 4, "trip (as_of)"),
        (1, "2024-06-18T01:16:30Z", "set", 3, "changed governor-meeting (title.en)"),
        (2, "2024-06-18T01:15:00Z", "set", 2, "changed jica-call (status)"),
        (3, "2024-06-17T23:00:00Z", None, 1, "oldest backup kept"),
    ]
    newest = _backups(edited)[-1]
    assert payload["versions"][1]["backup"] == f"itineraries/{BACKUP_DIR_NAME}/{newest.name}"
    assert payload["versions"][0]["backup"] is None
    assert payload["versions"][0]["changes"]["trip"] == [
        {"key": "as_of", "old": "2024-06-25", "new": "2024-06-26"}]


def test_a_backup_names_its_command_and_what_it_wrote_and_keeps_the_time(edited):
    names = [parse_name(b.name) for b in _backups(edited)]
    assert [n.command for n in names] == ["set", "set", "set"]
    assert names[0].text() == "visit.toml.20240618T011500.000000Z.set-" \
        f"{digest(_backups(edited)[1].read_bytes())}.bak"
    assert names[-1].digest == digest(edited.read_bytes())
    # the oldest backup holds the copy, with the copy's modification time
    assert _backups(edited)[0].read_bytes() == REFERENCE.read_bytes()
    assert _backups(edited)[0].stat().st_mtime == ORIGINAL_MTIME.timestamp()


def test_a_version_changed_by_hand_is_shown_as_changed_outside_tripplan(edited):
    text = edited.read_text(encoding="utf-8").replace('as_of = 2024-06-26', 'as_of = 2024-06-27')
    edited.write_text(text, encoding="utf-8")
    _touch(edited, dt.datetime(2024, 6, 18, 2, 0, 0, tzinfo=UTC))
    lines = run("history", TRIP).stdout.splitlines()
    assert lines[2] == "0    2024-06-18 11:00:00  outside tripplan  4         trip (as_of)"
    assert lines[3].startswith("1    2024-06-18 10:16:30  set  ")


def test_backups_made_before_commands_were_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    trip = tmp_path / "visit.toml"
    shutil.copy(REFERENCE, trip)
    text = REFERENCE.read_text(encoding="utf-8")
    _set_clock(monkeypatch, dt.datetime(2024, 6, 18, 1, 0, tzinfo=UTC))
    storage.atomic_write(trip, text.replace("revision = 1", "revision = 2").encode())
    lines = run("history", "visit.toml").stdout.splitlines()
    assert lines[2].startswith("0    2024-06-18 10:00:00  —   2         no change in content")
    assert lines[3].startswith("1    ")  # its own saving time is not known: no command
    assert lines[3].split()[1:3] == ["—", "—"]


def test_history_of_a_trip_without_backups(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(REFERENCE, tmp_path / "visit.toml")
    _touch(tmp_path / "visit.toml", ORIGINAL_MTIME)
    assert run("history", "visit.toml").stdout.splitlines() == [
        "visit.toml: 0 backups (at most 10 kept); times in Asia/Tokyo",
        "rev  saved                by  revision  changes",
        "0    2024-06-18 08:00:00  —   1         —",
    ]


# --- diff --rev N, diff of a backup file ---------------------------------------------------------


def test_diff_rev_n_compares_a_backup_with_the_file(edited):
    result = run("diff", TRIP, "--rev", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "--- itineraries/visit.toml@rev2",
        "+++ itineraries/visit.toml",
        "Revision 2 → 4",
        "Trip",
        "  as_of: \"2024-06-25\" → \"2024-06-26\"",
        "Changed",
        "  * governor-meeting  Top-level meeting with the Governor of Bangkok",
        '      title.en: "Top-level meeting with the Governor of Bangkok on inter-city '
        'cooperation" → "Top-level meeting with the Governor of Bangkok"',
    ]


def test_diff_rev_range(edited):
    result = run("diff", TRIP, "--rev", "3..2", "--lang", "ja")
    assert result.stdout.splitlines() == [
        "--- itineraries/visit.toml@rev3",
        "+++ itineraries/visit.toml@rev2",
        "第1版 → 第2版",
        "変更",
        "  * jica-call  JICA タイ事務所長との面会",
        '      status: "confirmed" → "cancelled"',
    ]
    backwards = run("diff", TRIP, "--rev", "1..2", "--json", "--exit-code")
    assert backwards.exit_code == 1
    payload = json.loads(backwards.stdout)
    assert payload["old"]["rev"] == 1 and payload["new"]["rev"] == 2
    assert payload["new"]["backup"] == f"itineraries/{BACKUP_DIR_NAME}/{_backups(edited)[1].name}"
    assert payload["items"]["changed"][0]["changes"][0]["new"] == (
        "Top-level meeting with the Governor of Bangkok on inter-city cooperation")
    assert run("diff", TRIP, "--rev", "0", "--exit-code").stdout.splitlines()[-1] == "No changes."


def test_diff_of_a_backup_file_given_by_its_path(edited):
    backup = _backups(edited)[0]
    shown = f"itineraries/{BACKUP_DIR_NAME}/{backup.name}"
    result = run("diff", shown, TRIP)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [f"--- {shown}", f"+++ {TRIP}", "Revision 1 → 4"]
    assert run("validate", shown).exit_code == 0


def test_a_rev_that_does_not_exist(edited, tmp_path):
    result = run("diff", TRIP, "--rev", "7")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "tripplan: there is no rev 7 of itineraries/visit.toml: it has 3 backups (rev 1–3; "
        "rev 0 is the file as it is now)",
        "  hint: see `tripplan history itineraries/visit.toml`",
    ]
    looks_like_git = run("diff", TRIP, "--rev", "1234567")
    assert looks_like_git.stderr.splitlines()[-1].endswith(
        "; for the git commit 1234567, write --rev 1234567^0")
    shutil.copy(REFERENCE, tmp_path / "new.toml")
    none_yet = run("diff", "new.toml", "--rev", "1")
    assert none_yet.exit_code == 2
    assert none_yet.stderr.splitlines()[0] == \
        "tripplan: new.toml has no backups yet, so there is no rev 1"


# --- restore ---------------------------------------------------------------------------------


def test_restore_then_diff_shows_no_change(edited, monkeypatch):
    before = edited.read_bytes()
    kept = _backups(edited)[1].read_text(encoding="utf-8")  # rev 2: after the first set
    _set_clock(monkeypatch, dt.datetime(2024, 6, 18, 1, 20, tzinfo=UTC))
    result = run("restore", TRIP, "--rev", "2", "--yes")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Trip",
        "  as_of: \"2024-06-26\" → \"2024-06-25\"",
        "Changed",
        "  * governor-meeting  Top-level meeting with the Governor of Bangkok on inter-city "
        "cooperation",
        '      title.en: "Top-level meeting with the Governor of Bangkok" → "Top-level meeting '
        'with the Governor of Bangkok on inter-city cooperation"',
        "restored rev 2; saved itineraries/visit.toml (revision 5)",
    ]
    # the content of rev 2 (now rev 3), the revision and the changed item's stamp go on
    same = run("diff", TRIP, "--rev", "3", "--exit-code")
    assert same.exit_code == 0
    assert same.stdout.splitlines() == ["--- itineraries/visit.toml@rev3",
                                        "+++ itineraries/visit.toml", "Revision 2 → 5",
                                        "No changes."]
    restored = edited.read_text(encoding="utf-8")
    differing = [(a, b) for a, b in zip(kept.splitlines(), restored.splitlines(), strict=True)
                 if a != b]
    assert [a.split(" = ")[0] for a, _ in differing] == ["revision", "stamp"]
    assert differing[0] == ("revision = 2", "revision = 5")
    assert "sequence = 1," in differing[1][0] and "sequence = 3," in differing[1][1]
    # the version it replaced is the newest backup: the restore can be undone
    assert _backups(edited)[-1].read_bytes() == before
    assert parse_name(_backups(edited)[-1].name).command == "restore"
    lines = run("history", TRIP).stdout.splitlines()
    assert lines[2] == "0    2024-06-18 10:20:00  restore  5         trip (as_of); changed " \
                       "governor-meeting (title.en)"
    undo = run("restore", TRIP, "--rev", "1", "--yes")
    assert undo.stdout.splitlines()[-1] == \
        "restored rev 1; saved itineraries/visit.toml (revision 6)"
    assert run("diff", TRIP, "--rev", "2", "--exit-code").exit_code == 0


def test_calendars_take_the_restored_version(edited):
    """Every item's SEQUENCE after the restore is at least the one calendars last got, and
    higher for each item whose content the restore changes."""
    def numbers(path):
        trip = load_trip(path).trip
        return sequences(trip, resolve(trip))

    published = numbers(edited)
    assert run("restore", TRIP, "--rev", "3", "--yes").exit_code == 0
    now = numbers(edited)
    assert now["jica-call"] == published["jica-call"] + 1
    assert now["governor-meeting"] == published["governor-meeting"] + 1
    assert {k: v for k, v in now.items() if k not in ("jica-call", "governor-meeting")} == \
        {k: v for k, v in published.items() if k not in ("jica-call", "governor-meeting")}


def test_restore_brings_back_an_item_after_its_cancellation_was_sent(edited):
    assert run("rm", TRIP, "eec-meeting", "--yes").exit_code == 0
    gone = load_trip(edited).trip.removed["eec-meeting"].sequence
    assert run("restore", TRIP, "--rev", "1", "--yes").exit_code == 0
    trip = load_trip(edited).trip
    assert "eec-meeting" not in trip.removed
    assert sequences(trip, resolve(trip))["eec-meeting"] == gone + 1


def test_restore_needs_yes_off_a_terminal(edited):
    before = edited.read_bytes()
    result = run("restore", TRIP, "--rev", "2")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "tripplan: not restoring rev 2 without confirmation",
        "  hint: add --yes to restore it (or run it in a terminal to be asked); "
        "`tripplan diff TRIP --rev N` shows what it would change",
    ]
    assert edited.read_bytes() == before and len(_backups(edited)) == 3


@pytest.mark.parametrize(("rev", "message"), [
    ("9", "tripplan: there is no rev 9 of itineraries/visit.toml: it has 3 backups (rev 1–3; "
          "rev 0 is the file as it is now)"),
    ("0", "tripplan: rev 0 is the trip as it is now: there is nothing to restore"),
])
def test_restore_of_a_rev_that_does_not_exist(edited, rev, message):
    before = edited.read_bytes()
    result = run("restore", TRIP, "--rev", rev, "--yes")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert edited.read_bytes() == before


def test_a_version_that_does_not_load_is_restored_only_with_force(edited):
    good = edited.read_bytes()
    broken = good.replace(b'status = "completed"', b'status = "complete"')
    edited.write_bytes(broken)  # broken by hand
    assert run("validate", TRIP).exit_code == 2
    # restoring the version before the hand edit mends it; the broken one is kept
    fixed = run("restore", TRIP, "--rev", "1", "--yes")
    assert fixed.exit_code == 0, fixed.stderr
    assert load_trip(edited).trip.status.value == "completed"
    assert _backups(edited)[-1].read_bytes() == broken
    refused = run("restore", TRIP, "--rev", "1", "--yes")
    assert refused.exit_code == 2
    shown = f"itineraries/{BACKUP_DIR_NAME}/{_backups(edited)[-1].name}"
    line = next(n for n, text in enumerate(broken.decode().splitlines(), 1)
                if text.startswith('status = "complete"'))
    assert refused.stderr.splitlines()[0].startswith(f"{shown}:{line}:10: F008 ")
    assert refused.stderr.splitlines()[-1] == (
        "tripplan: not restored: rev 1 does not load (see above); nothing was changed (add "
        "--force to restore it as it is)")
    assert run("restore", TRIP, "--rev", "1", "--yes", "--force").exit_code == 0
    assert edited.read_bytes() == broken


def test_a_restore_refused_when_the_file_changed_while_the_person_was_asked(edited):
    def confirm(question, changes):
        assert question.startswith("Restore itineraries/visit.toml to rev 2 (saved "
                                   "2024-06-18 10:15:00 Asia/Tokyo by set)?")
        assert [c.id for c in changes.changed] == ["governor-meeting"]
        assert run("cancel", TRIP, "eec-meeting").exit_code == 0  # someone else, meanwhile
        return True

    from tripplan.app.history import restore_revision

    env = Environment(stdin_is_terminal=True, environ=dict(os.environ))
    with pytest.raises(InputError, match="changed while you were asked; nothing was changed"):
        restore_revision(env, TRIP, 2, confirm=confirm)
    assert load_trip(edited).trip.revision == 5  # the other edit stays


def _in_terminal(args: list[str], answer: bytes, cwd: Path) -> tuple[int, str]:
    """Run tripplan in a pseudo-terminal, answer its question, return (code, output)."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100"}
    child = subprocess.Popen([sys.executable, "-m", "tripplan", *args], stdin=terminal,
                             stdout=terminal, stderr=terminal, cwd=cwd, env=env)
    os.close(terminal)
    seen, answered, deadline = b"", False, time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"[y/N]: " in seen:
            os.write(controller, answer)
            answered = True
        if child.poll() is not None and not ready:
            break
    code = child.wait(timeout=60)
    os.close(controller)
    return code, seen.decode("utf-8", "replace").replace("\r\n", "\n")


@pytest.mark.parametrize(("answer", "restored"), [(b"y\n", True), (b"n\n", False)])
def test_restore_asks_on_a_terminal(edited, tmp_path, answer, restored):
    before = edited.read_bytes()
    code, output = _in_terminal(["restore", TRIP, "--rev", "1"], answer, tmp_path)
    assert code == 0, output
    assert "  * governor-meeting" not in output  # rev 1 differs in as_of only
    assert output.startswith("Trip\n  as_of: \"2024-06-26\" → \"2024-06-25\"\n"
                             "Restore itineraries/visit.toml to rev 1 (saved "
                             "2024-06-18 10:16:30 Asia/Tokyo by set)? [y/N]: ")
    if restored:
        assert "restored rev 1; saved itineraries/visit.toml (revision 5)" in output
        assert load_trip(edited).trip.as_of == dt.date(2024, 6, 25)
    else:
        assert output.rstrip().endswith("nothing restored")
        assert edited.read_bytes() == before


# --- how many backups are kept ---------------------------------------------------------------


def test_the_backups_setting_bounds_them_and_keeps_the_newest(edited, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("backups = 2\n", encoding="utf-8")
    before = edited.read_bytes()
    result = run("cancel", TRIP, "eec-meeting", env={"TRIPPLAN_CONFIG": str(config)})
    assert result.exit_code == 0
    assert [b.read_bytes() for b in _backups(edited)][-1] == before
    assert len(_backups(edited)) == 2
    assert run("history", TRIP, env={"TRIPPLAN_CONFIG": str(config)}).stdout.splitlines()[0] \
        == "itineraries/visit.toml: 2 backups (at most 2 kept); times in Asia/Tokyo"
    run("cancel", TRIP, "dip-meeting", env={"TRIPPLAN_BACKUPS": "1"})
    assert len(_backups(edited)) == 1


@pytest.mark.parametrize(("setting", "message"), [
    ({"TRIPPLAN_BACKUPS": "0"},
     'tripplan: F008 "0" (TRIPPLAN_BACKUPS) is not a number of backups to keep'),
    ({"TRIPPLAN_BACKUPS": "ten"},
     'tripplan: F008 "ten" (TRIPPLAN_BACKUPS) is not a number of backups to keep'),
])
def test_a_bad_backups_setting_is_refused(edited, setting, message):
    before = edited.read_bytes()
    result = run("cancel", TRIP, "eec-meeting", env=setting)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        message, "  hint: give a whole number from 1 to 1000 (the default is 10)"]
    assert edited.read_bytes() == before


def test_backups_in_the_config_file_is_a_number(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('lang = "en"\nbackups = "20"\n', encoding="utf-8")
    result = run("history", str(REFERENCE), env={"TRIPPLAN_CONFIG": str(config)})
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f'tripplan: {config}:2: F007 "backups" must be a whole number, e.g. backups = 20')


def test_a_version_with_error_findings_is_restored_only_with_force(edited):
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('place = "bangkok"', 'place = "nowhere"', 1),
                      encoding="utf-8")  # R002: an unknown place, by hand
    assert run("set", TRIP, "jica-call", "status=confirmed").exit_code == 0
    edited.write_text(edited.read_text(encoding="utf-8").replace(
        'place = "nowhere"', 'place = "bangkok"'), encoding="utf-8")  # mended by hand
    mended = edited.read_bytes()
    refused = run("restore", TRIP, "--rev", "1", "--yes")
    assert refused.exit_code == 1
    assert " R002 " in refused.stderr.splitlines()[0]
    assert refused.stderr.splitlines()[-1].startswith(
        "tripplan: not saved: this change would make itineraries/visit.toml invalid (1 error)")
    assert edited.read_bytes() == mended
    forced = run("restore", TRIP, "--rev", "1", "--yes", "--force")
    assert forced.exit_code == 0
    assert "saved with 1 error because of --force" in forced.stderr
    assert 'place = "nowhere"' in edited.read_text(encoding="utf-8")


# --- the backups themselves (storage) --------------------------------------------------------


def test_a_policy_keeps_its_number_of_backups_and_names_its_command(tmp_path, monkeypatch):
    from tripplan.backupfiles import BackupPolicy

    trip = tmp_path / "visit.toml"
    trip.write_bytes(b"v0")
    for n in range(1, 6):
        _set_clock(monkeypatch, dt.datetime(2025, 3, 1, 9, n, tzinfo=UTC))
        storage.atomic_write(trip, f"v{n}".encode(), backup=BackupPolicy(keep=3, command="set"))
    assert [b.read_bytes() for b in _backups(trip)] == [b"v2", b"v3", b"v4"]
    assert [b.name for b in _backups(trip)][-1] == \
        f"visit.toml.20250301T090500.000000Z.set-{digest(b'v5')}.bak"


def test_a_retried_write_renames_the_backup_it_reuses(tmp_path, monkeypatch):
    """A write killed after its backup was made leaves that backup; the next write of the
    same version reuses it, named after what the next write wrote."""
    from tripplan.backupfiles import BackupPolicy

    trip = tmp_path / "visit.toml"
    trip.write_bytes(b"v0")
    _set_clock(monkeypatch, dt.datetime(2025, 3, 1, 9, 0, tzinfo=UTC))
    storage.atomic_write(trip, b"v1", backup=BackupPolicy(command="set"))
    trip.write_bytes(b"v0")  # as if the write of v1 had not happened
    _set_clock(monkeypatch, dt.datetime(2025, 3, 1, 9, 1, tzinfo=UTC))
    storage.atomic_write(trip, b"v2", backup=BackupPolicy(command="move"))
    assert [b.name for b in _backups(trip)] == [
        f"visit.toml.20250301T090000.000000Z.move-{digest(b'v2')}.bak"]


@pytest.mark.parametrize(("keep", "command", "message"), [
    (0, None, "keep at least one backup, not 0"),
    (1001, None, "keep at most 1000 backups, not 1001"),
    (1, "Set Me", "not a command name: 'Set Me'"),
])
def test_a_policy_is_checked(keep, command, message):
    from tripplan.backupfiles import BackupPolicy

    with pytest.raises(ValueError, match=message):
        BackupPolicy(keep=keep, command=command)
