"""Files that are not plain trip files: links, loops, pipes, devices, folders, sizes, bytes.

Every such file is refused with one located ``F001``/``F002``/``F009``/``F010`` diagnostic
and exit 2, and nothing waits on a pipe or reads a device without bound. The commands that
could hang run in a child process with a deadline, so a regression fails instead of
hanging the test run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE, run
from tripplan import load
from tripplan.load import MAX_FILE_BYTES, LoadError, read_text

DEADLINE = 60  # seconds; a command that hangs on a pipe would never finish

PIPE_HELP = "  help: give a .toml or .json trip file (a regular file, not a pipe or a device)"
LOOP_MESSAGE = ("F001 unreadable-file this symbolic link leads round in a circle (a link loop), "
                "not to a trip file")
LOOP_HELP = "  help: point the link at the trip file (ls -l shows where it leads), or remove it"


@pytest.fixture
def trips(tmp_path, monkeypatch) -> Path:
    """A folder with the reference trip, as the current folder and the itineraries folder."""
    folder = tmp_path / "itineraries"
    folder.mkdir()
    shutil.copy(REFERENCE, folder / REFERENCE.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TRIPPLAN_ITINERARIES", str(folder))
    return folder


def in_child(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``tripplan ARGS`` in a child process that must end within :data:`DEADLINE`."""
    return subprocess.run([sys.executable, "-m", "tripplan", *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ}, timeout=DEADLINE)


# --- symbolic link loops -------------------------------------------------------------------


def test_symlink_loop_in_the_folder_is_listed_as_f001_not_a_crash(trips):
    (trips / "loop-a.toml").symlink_to("loop-b.toml")
    (trips / "loop-b.toml").symlink_to("loop-a.toml")
    result = run("list")
    assert result.exit_code == 2, result.stderr
    assert "2024-06-yokohama-bangkok" in result.stdout  # the other trips are still listed
    assert result.stderr.splitlines() == [
        f"itineraries/loop-a.toml:1:1: {LOOP_MESSAGE}", LOOP_HELP,
        f"itineraries/loop-b.toml:1:1: {LOOP_MESSAGE}", LOOP_HELP,
    ]


def test_symlink_loop_given_to_validate_and_show(trips):
    (trips / "self.toml").symlink_to("self.toml")
    result = run("validate", "itineraries/self.toml")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"itineraries/self.toml:1:1: {LOOP_MESSAGE}", LOOP_HELP, "Found 1 error in 1 file."]
    result = run("show", "itineraries/self.toml")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"itineraries/self.toml:1:1: {LOOP_MESSAGE}"


def test_symlink_to_a_trip_is_followed_once(trips, tmp_path):
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir()
    real = elsewhere / "visit.toml"
    shutil.copy(REFERENCE, real)
    (trips / REFERENCE.name).unlink()
    (trips / "visit.toml").symlink_to(real)
    result = run("validate", "itineraries/visit.toml")
    assert result.exit_code in (0, 1), result.stdout  # read and checked like the file itself
    assert "F001" not in result.stdout


def test_broken_symlink(trips):
    (trips / "gone.toml").symlink_to("nowhere.toml")
    result = run("validate", "itineraries/gone.toml")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "itineraries/gone.toml:1:1: F001 unreadable-file this symbolic link leads to no file "
        "(a broken link)",
        "  help: point the link at the trip file, or remove it",
        "Found 1 error in 1 file.",
    ]


# --- named pipes and devices ---------------------------------------------------------------


FIFO_LINE = ("itineraries/x.toml:1:1: F001 unreadable-file this is a named pipe (FIFO), "
             "not a trip file")


@pytest.fixture
def fifo(trips) -> Path:
    pipe = trips / "x.toml"
    os.mkfifo(pipe)
    return pipe


def test_fifo_does_not_make_list_wait(fifo, trips):
    done = in_child("list", cwd=trips.parent)
    assert done.returncode == 2, done.stderr
    assert "2024-06-yokohama-bangkok" in done.stdout
    assert done.stderr.splitlines() == [FIFO_LINE, PIPE_HELP]


def test_fifo_does_not_make_validate_wait(fifo, trips):
    done = in_child("validate", "itineraries/x.toml", cwd=trips.parent)
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines() == [FIFO_LINE, PIPE_HELP, "Found 1 error in 1 file."]


def test_fifo_does_not_make_set_wait(fifo, trips):
    done = in_child("set", "itineraries/x.toml", "--trip", "status=confirmed", cwd=trips.parent)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [FIFO_LINE, PIPE_HELP]
    assert fifo.is_fifo()


def test_fifo_beside_a_trip_does_not_stop_finding_that_trip_by_id(fifo, trips):
    # a lookup by id peeks into every file of the folder for its id: never into a pipe
    before = (trips / REFERENCE.name).read_bytes()
    done = in_child("set", "2024-06-yokohama-bangkok", "--trip", "status=confirmed",
                    cwd=trips.parent)
    assert done.returncode == 0, done.stderr
    assert (trips / REFERENCE.name).read_bytes() != before


def test_symlink_to_dev_zero_is_refused_without_reading(trips):
    (trips / "zero.toml").symlink_to("/dev/zero")
    done = in_child("validate", "itineraries/zero.toml", cwd=trips.parent)
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines() == [
        "itineraries/zero.toml:1:1: F001 unreadable-file this symbolic link leads to a device, "
        "not a trip file",
        PIPE_HELP,
        "Found 1 error in 1 file.",
    ]


# --- folders named like trip files ---------------------------------------------------------


def test_folder_named_like_a_trip_is_not_all_checks_passed(trips):
    (trips / "x.toml").mkdir()
    result = run("validate", "itineraries/x.toml")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "itineraries/x.toml:1:1: F001 unreadable-file this is a folder, not a trip file",
        "  help: give a .toml or .json file, or use `tripplan list` for a folder",
        "Found 1 error in 1 file.",
    ]
    result = run("list", "itineraries/x.toml")
    assert result.exit_code == 2
    assert result.stderr.startswith("itineraries/x.toml:1:1: F001 unreadable-file this is a "
                                    "folder, not a trip file\n")


def test_a_plain_folder_is_still_searched(trips):
    result = run("validate", "itineraries")
    assert "F001" not in result.stdout
    assert result.exit_code in (0, 1)


# --- size: checked before reading, reads bounded -------------------------------------------


def test_file_at_the_limit_is_read_one_byte_more_is_f010_at_1_1(tmp_path):
    at_limit = tmp_path / "at.toml"
    at_limit.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert len(read_text(at_limit)) == MAX_FILE_BYTES
    over = tmp_path / "over.toml"
    over.write_bytes(b"#" * MAX_FILE_BYTES + b"\n")
    result = run("validate", str(over))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{over}:1:1: F010 file-too-large the file is 5.0 MiB; a trip file is at most 5 MiB",
        "  help: is this really a trip file?",
        "Found 1 error in 1 file.",
    ]


def test_huge_sparse_file_is_refused_by_its_size(tmp_path):
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as f:
        f.truncate(64 * 1024 * 1024 * 1024)  # 64 GiB of holes: reading it would take minutes
    result = run("validate", str(huge))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        f"{huge}:1:1: F010 file-too-large the file is 65536.0 MiB; a trip file is at most 5 MiB")


def test_file_that_grows_after_its_stat_is_read_only_to_the_limit(tmp_path, monkeypatch):
    grown = tmp_path / "grown.toml"
    grown.write_bytes(b"#" * (2 * MAX_FILE_BYTES))
    real_stat, real_fdopen = os.stat, os.fdopen
    asked: list[int] = []

    def stale_stat(path, *args, **kwargs):  # the size as it was a moment ago
        info = real_stat(path, *args, **kwargs)
        if Path(path) == grown:
            return os.stat_result((*info[:6], 10, *info[7:10]))
        return info

    class Spy:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

        def fileno(self):
            return self.f.fileno()

        def read(self, n=-1):
            asked.append(n)
            return self.f.read(n)

    monkeypatch.setattr(load.os, "stat", stale_stat)
    monkeypatch.setattr(load.os, "fdopen", lambda *a, **k: Spy(real_fdopen(*a, **k)))
    with pytest.raises(LoadError) as caught:
        read_text(grown)
    monkeypatch.undo()
    assert asked == [MAX_FILE_BYTES + 1]
    d = caught.value.diagnostics[0]
    assert (d.code, d.line, d.column) == ("F010", 1, 1)


# --- located F009 and F002 -----------------------------------------------------------------


def test_empty_and_blank_files_are_f009_at_1_1(tmp_path):
    for name, content in (("empty.toml", b""), ("blank.json", b"\n  \n\t\n")):
        path = tmp_path / name
        path.write_bytes(content)
        result = run("validate", str(path))
        assert result.exit_code == 2
        assert result.stdout.splitlines()[:2] == [
            f"{path}:1:1: F009 empty-file the file is empty",
            "  help: start a new trip with `tripplan new`, or restore the file from its backup",
        ]


def test_f002_points_at_the_first_undecodable_byte(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('id = "t"\ntitle = "東京 '.encode() + b"caf\xe9\"\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:2] == [
        f"{path}:2:16: F002 not-utf8 the file is not UTF-8: byte 0xe9 cannot be read",
        "  help: save the file as UTF-8 (files from older Japanese editors are often Shift_JIS)",
    ]


def test_binary_file_points_at_its_first_nul_byte(tmp_path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b'id = "t"\nab\x00cd\n')
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:2] == [
        f"{path}:2:3: F002 not-utf8 this is a binary file, not a trip file",
        "  help: give a .toml or .json trip file",
    ]
