"""Another program's change is never lost: ``set`` races a writer that does not take the
lock (a script appending to the trip), and every append is still in the file."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import DATA, run
from tripplan import storage
from tripplan.errors import InputError

SOURCE = DATA / "edit" / "commented.toml"

WRITER = textwrap.dedent("""
    import sys, time
    path, stop = sys.argv[1], sys.argv[2]
    n = 0
    while True:
        try:
            open(stop).close()
            break
        except FileNotFoundError:
            pass
        with open(path, "a", encoding="utf-8") as f:  # like `echo ... >> trip.toml`
            f.write(f"# appended by another program {n}\\n")
        n += 1
        time.sleep(0.002)
    print(n)
""")


@pytest.mark.slow
def test_an_external_writer_racing_100_sets_loses_no_append(tmp_path, monkeypatch):
    trip = tmp_path / "visit.toml"
    shutil.copy(SOURCE, trip)
    monkeypatch.chdir(tmp_path)
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(trip), str(stop)],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.05)
        for i in range(100):
            result = run("set", str(trip), "press", f"notes.en=round {i}")
            assert result.exit_code == 0, result.stderr
    finally:
        stop.touch()
        appended = int(writer.communicate(timeout=30)[0])
    text = trip.read_text(encoding="utf-8")
    assert appended > 100
    missing = [n for n in range(appended) if f"# appended by another program {n}\n" not in text]
    assert missing == []
    assert 'notes.en = "round 99"' in text or "round 99" in text


def test_a_change_between_read_and_write_makes_the_edit_run_again_on_the_new_bytes(tmp_path):
    trip = tmp_path / "t.toml"
    trip.write_bytes(b"a = 1\n")
    seen: list[bytes] = []

    def transform(current: bytes) -> bytes:
        seen.append(current)
        if len(seen) == 1:  # another program appends while tripplan works
            with open(trip, "ab") as f:
                f.write(b"# theirs\n")
        return current.replace(b"a = 1", b"a = 2")

    assert storage.edit_file(trip, transform).changed
    assert seen == [b"a = 1\n"]  # an append: the edit stays, their bytes follow it
    assert trip.read_bytes() == b"a = 2\n# theirs\n"


def test_a_rewrite_between_read_and_write_makes_the_edit_run_again(tmp_path):
    trip = tmp_path / "t.toml"
    trip.write_bytes(b"a = 1\n")
    seen: list[bytes] = []

    def transform(current: bytes) -> bytes:
        seen.append(current)
        if len(seen) == 1:  # another program rewrites the file (not an append)
            trip.write_bytes(b"b = 1\na = 1\n")
        return current.replace(b"a = 1", b"a = 2")

    assert storage.edit_file(trip, transform).changed
    assert seen == [b"a = 1\n", b"b = 1\na = 1\n"]
    assert trip.read_bytes() == b"b = 1\na = 2\n"


def test_a_file_that_keeps_being_rewritten_is_refused_and_kept(tmp_path):
    trip = tmp_path / "t.toml"
    trip.write_bytes(b"a = 1\n")
    rounds = iter(range(100))

    def transform(current: bytes) -> bytes:
        trip.write_bytes(f"# theirs {next(rounds)}\na = 1\n".encode())
        return b"a = 2\n"

    with pytest.raises(InputError) as caught:
        storage.edit_file(trip, transform)
    assert "another program kept changing the file" in str(caught.value)
    assert caught.value.exit_code == 2
    assert trip.read_bytes() == f"# theirs {storage.EDIT_ATTEMPTS - 1}\na = 1\n".encode()
