"""Writes that must not surprise: read-only trips, files over the limit, stray temporary
files, owner and mode. Every test runs the real CLI and checks the trip's bytes."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest

from conftest import DATA, run
from tripplan import storage
from tripplan.errors import InputError
from tripplan.load import MAX_FILE_BYTES, load_trip
from tripplan.storage import BACKUP_DIR_NAME, backups_of

SOURCE = DATA / "edit" / "commented.toml"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def trip(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "trips"
    folder.mkdir()
    path = folder / "visit.toml"
    shutil.copy(SOURCE, path)
    monkeypatch.chdir(tmp_path)
    return path


@pytest.fixture
def editor(tmp_path) -> str:
    """An ``$EDITOR`` that renames the press item's title (a real change)."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[-1])\n"
        "p.write_text(p.read_text(encoding='utf-8').replace('Press availability', "
        "'Press conference'), encoding='utf-8')\n", encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


EDITS = {
    "set": ("set", "trips/visit.toml", "press", "status=tentative"),
    "add": ("add", "trips/visit.toml", "--kind", "meeting", "--title", "Talks", "--date",
            "2024-06-21"),
    "cancel": ("cancel", "trips/visit.toml", "press"),
    "rm": ("rm", "trips/visit.toml", "press", "-y"),
    "edit": ("edit", "trips/visit.toml"),
}


def _snapshot(path: Path) -> tuple[bytes, int, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_ino, info.st_mtime_ns, stat.S_IMODE(info.st_mode)


# --- read-only trips -----------------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(EDITS))
def test_read_only_trip_is_never_replaced(trip, editor, command):
    copy = trip.with_name("copy.toml")  # the same edit on a writable copy is saved
    shutil.copy(trip, copy)
    done = run(*[a.replace("visit.toml", "copy.toml") for a in EDITS[command]],
               env={"EDITOR": editor, "VISUAL": ""})
    assert done.exit_code == 0, done.stderr
    assert copy.read_bytes() != trip.read_bytes()
    trip.chmod(0o444)
    before = _snapshot(trip)
    result = run(*EDITS[command], env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 2, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        "tripplan: trips/visit.toml: cannot write trip file: it is read-only; nothing was changed",
        "  hint: if it should change, make it writable first, e.g. chmod u+w trips/visit.toml",
    ]
    assert _snapshot(trip) == before
    assert backups_of(trip) == []
    assert sorted(p.name for p in trip.parent.glob("*.toml")) == ["copy.toml", "visit.toml"]


def test_read_only_is_judged_by_the_permission_bits_also_for_root(trip):
    # root may write anything; a file nobody may write is still not replaced
    trip.chmod(0o400)
    before = _snapshot(trip)
    result = run("set", "trips/visit.toml", "--trip", "status=confirmed")
    assert result.exit_code == 2
    assert "it is read-only" in result.stderr
    assert _snapshot(trip) == before


def test_made_writable_again_it_is_saved(trip):
    trip.chmod(0o444)
    assert run("cancel", "trips/visit.toml", "press").exit_code == 2
    trip.chmod(0o644)
    result = run("cancel", "trips/visit.toml", "press")
    assert result.exit_code == 0, result.stderr
    assert 'status = "cancelled"' in trip.read_text(encoding="utf-8")


def test_check_writable_lets_a_command_ask_before_work(trip):
    storage.check_writable(trip)
    storage.check_writable(trip.with_name("new.toml"))
    trip.chmod(0o444)
    with pytest.raises(InputError, match="read-only") as caught:
        storage.check_writable(trip)
    assert caught.value.path == str(trip)
    assert caught.value.hint == ("if it should change, make it writable first, "
                                 f"e.g. chmod u+w {trip}")


# --- a write tripplan could not read back --------------------------------------------------


def _pad_to(path: Path, size: int) -> None:
    """Grow the trip with a trailing comment to exactly ``size`` bytes."""
    text = path.read_bytes()
    filler = size - len(text) - len(b"# \n")
    path.write_bytes(text + b"# " + b"x" * filler + b"\n")
    assert path.stat().st_size == size


def test_set_that_would_pass_the_size_limit_is_refused(trip):
    _pad_to(trip, MAX_FILE_BYTES - 20)
    assert load_trip(trip).trip.id == "2024-06-test-visit"  # just under the limit: readable
    before = _snapshot(trip)
    result = run("set", "trips/visit.toml", "press", "title.en=" + "P" * 100)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("tripplan: trips/visit.toml: cannot write trip file: it would be ")
    assert lines[0].endswith(" bytes, more than the 5 MiB (5,242,880 bytes) a trip file may "
                             "have; nothing was changed")
    assert lines[1] == ("  hint: tripplan refuses to read a larger trip file (F010): shorten "
                        "long texts (notes, descriptions), or split the trip")
    assert _snapshot(trip) == before
    assert backups_of(trip) == []
    assert run("validate", "trips/visit.toml").exit_code in (0, 1)  # still readable


def test_set_that_stays_under_the_limit_is_saved(trip):
    _pad_to(trip, MAX_FILE_BYTES - 2000)
    result = run("set", "trips/visit.toml", "press", "title.en=" + "P" * 100)
    assert result.exit_code == 0, result.stderr
    assert trip.stat().st_size <= MAX_FILE_BYTES


# --- stray temporary files of interrupted saves --------------------------------------------


def test_next_write_removes_stray_temporary_files_of_that_trip(trip):
    folder = trip.parent
    backups = folder / BACKUP_DIR_NAME
    backups.mkdir()
    strays = [folder / ".visit.toml.0123456789ab.tmp", backups / ".visit.toml.a1b2c3d4e5f6.tmp"]
    kept = [folder / ".visit.toml.notes.tmp", folder / ".other.toml.0123456789ab.tmp",
            folder / "visit.toml.0123456789ab.tmp", backups / ".visit.toml.keep.tmp"]
    for path in strays + kept:
        path.write_bytes(b"half a trip")  # just now: the trip's lock says they are dead
    result = run("set", "trips/visit.toml", "press", "status=tentative")
    assert result.exit_code == 0, result.stderr
    assert [p for p in strays if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert len(backups_of(trip)) == 1


def test_a_write_in_progress_is_not_disturbed(trip):
    import fcntl

    busy = trip.parent / ".visit.toml.00aa11bb22cc.tmp"
    busy.write_bytes(b"being written")
    os.utime(busy, (time.time() - 3600,) * 2)
    fd = os.open(busy, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as its writer holds it until the rename
    try:
        assert run("cancel", "trips/visit.toml", "press").exit_code == 0
        assert busy.read_bytes() == b"being written"
    finally:
        os.close(fd)
    assert run("set", "trips/visit.toml", "press", "status=tentative").exit_code == 0
    assert not busy.exists()  # its writer is gone: now it is a leftover


# --- owner and mode ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664])
def test_save_keeps_the_mode(trip, mode):
    trip.chmod(mode)
    assert run("set", "trips/visit.toml", "press", "status=tentative").exit_code == 0
    assert stat.S_IMODE(trip.stat().st_mode) == mode
    assert stat.S_IMODE(backups_of(trip)[0].stat().st_mode) == mode


def test_save_keeps_the_owner_and_group(trip):
    owner = (65534, 65534) if IS_ROOT else (os.getuid(), trip.stat().st_gid)
    if IS_ROOT:  # only root can give a file away: then to another owner
        os.chown(trip, *owner)
    trip.chmod(0o664)
    before = trip.stat().st_ino
    assert run("set", "trips/visit.toml", "press", "status=tentative").exit_code == 0
    after = trip.stat()
    assert after.st_ino != before  # replaced, not rewritten in place
    assert (after.st_uid, after.st_gid) == owner
    assert stat.S_IMODE(after.st_mode) == 0o664


def test_edit_of_a_read_only_trip_refuses_before_the_editor_opens(trip, tmp_path):
    """The officer's work in the editor is never asked for when it cannot be saved."""
    marker = tmp_path / "editor-ran"
    script = tmp_path / "mark.py"
    script.write_text(f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\n",
                      encoding="utf-8")
    trip.chmod(0o444)
    before = _snapshot(trip)
    result = run("edit", "trips/visit.toml",
                 env={"EDITOR": f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}",
                      "VISUAL": ""})
    assert result.exit_code == 2
    assert "it is read-only; nothing was changed" in result.stderr
    assert not marker.exists()
    assert _snapshot(trip) == before
