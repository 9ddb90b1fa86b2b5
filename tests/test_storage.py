"""Tests of tripplan.storage: atomic writes under kill -9, locking, backups, errors.

The fault-injection and concurrency tests run real processes. Their timings are
random, their assertions hold for every timing. Set ``TRIPPLAN_LONG_TESTS=1`` for
ten times as many kill trials; ``TRIPPLAN_TEST_SEED`` replays a run's timings.
"""

from __future__ import annotations

import doctest
import errno
import os
import random
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path

import pytest

import tripplan
from tripplan import staging, storage
from tripplan.cli.options import FLAGS
from tripplan.errors import InputError, LockTimeoutError, UsageError
from tripplan.storage import (
    BACKUP_DIR_NAME,
    BACKUP_KEEP,
    EditResult,
    atomic_write,
    backups_of,
    edit_file,
    lock_path,
    locked,
    read_bytes,
)

LONG = os.environ.get("TRIPPLAN_LONG_TESTS") == "1"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# Two large contents that no mix of the two can equal.
CONTENT_A = b"# version A\n" + b"a" * 200_000
CONTENT_B = b"# version B\n" + b"b" * 300_000


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    """``tmp_path`` with symlinks resolved, as storage reports paths (macOS /tmp is a link)."""
    return tmp_path.resolve()


def _child_env() -> dict[str, str]:
    """Environment for child Pythons: import this very tripplan, unbuffered."""
    env = dict(os.environ)
    src = str(Path(tripplan.__file__).resolve().parents[1])
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    return env


class Child:
    """A child Python running ``script``, driven line by line over its stdin/stdout.

    A watchdog kills it after ``deadline`` seconds, so a hang fails the test
    instead of hanging the run.
    """

    def __init__(self, script: str, *args: object, deadline: float = 120.0) -> None:
        # stderr goes to a file: a pipe nobody reads could fill up and block the child.
        self._stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - closed in close()
        self.stderr = ""
        self.proc = subprocess.Popen(
            [sys.executable, "-c", script, *map(str, args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            env=_child_env(),
        )
        self._watchdog = threading.Timer(deadline, self.proc.kill)
        self._watchdog.daemon = True
        self._watchdog.start()

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            self.close()
            pytest.fail(f"child process ended early; its stderr:\n{self.stderr}")
        return line.strip()

    def expect(self, word: str) -> None:
        got = self.read()
        assert got == word, f"child said {got!r}, expected {word!r}"

    def close(self) -> None:
        self._watchdog.cancel()
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            with suppress(BrokenPipeError):
                self.proc.stdin.close()  # tells the child to finish
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        if not self._stderr.closed:
            self._stderr.seek(0)
            self.stderr = self._stderr.read()
            self._stderr.close()


def _describe(data: bytes) -> str:
    """Short description of file contents for assertion messages (not 300 KB of bytes)."""
    return f"{len(data)} bytes starting {data[:14]!r}, ending {data[-6:]!r}"


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob(".*.tmp")) if folder.exists() else []


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------
# fault injection: kill -9 at random moments of a write

# Imports storage once, then for every "go" forks a writer that rewrites the trip
# with A and B in turn (with backups) until the test kills it with SIGKILL; on
# "reap" it collects the writer and reports its wait status. Forking keeps a trial
# at a few milliseconds instead of an interpreter start; reaping only when told
# keeps the pid from being reused before the test has sent its signal.
FORKING_WRITER = r"""
import os, sys, traceback
from pathlib import Path
from tripplan.storage import atomic_write

path = Path(sys.argv[1])
contents = [Path(sys.argv[3]).read_bytes(), Path(sys.argv[2]).read_bytes()]
print("ready", flush=True)
while sys.stdin.readline().strip() == "go":
    pid = os.fork()
    if pid == 0:
        try:
            i = 0
            while True:
                atomic_write(path, contents[i % 2])
                i += 1
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(1)
    print(pid, flush=True)
    if sys.stdin.readline().strip() != "reap":
        break
    print(os.waitpid(pid, 0)[1], flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL (POSIX)")
def test_kill_9_at_any_moment_leaves_old_or_new_file(tmp, monkeypatch, capsys):
    trials = 2000 if LONG else 250
    seed = int(os.environ.get("TRIPPLAN_TEST_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    folder = tmp / "itineraries"
    folder.mkdir()
    trip = folder / "visit.toml"
    trip.write_bytes(CONTENT_A)
    trip.chmod(0o640)
    (tmp / "a.bin").write_bytes(CONTENT_A)
    (tmp / "b.bin").write_bytes(CONTENT_B)
    backup_folder = folder / BACKUP_DIR_NAME

    seen = {CONTENT_A: 0, CONTENT_B: 0}
    killed_mid_write = 0
    started = time.monotonic()
    child = Child(FORKING_WRITER, trip, tmp / "a.bin", tmp / "b.bin", deadline=900)
    try:
        child.expect("ready")
        for trial in range(trials):
            temps_before = len(_temps(folder)) + len(_temps(backup_folder))
            child.send("go")
            writer = int(child.read())
            time.sleep(rng.uniform(0.0, 0.050))
            os.kill(writer, signal.SIGKILL)
            child.send("reap")
            status = int(child.read())
            where = f"trial {trial}, seed {seed}"
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                f"{where}: the writer ended by itself (status {status}), not by our SIGKILL"
            )

            content = trip.read_bytes()
            assert content in seen, f"{where}: trip is neither A nor B: {_describe(content)}"
            seen[content] += 1
            assert [p.name for p in folder.glob("*.toml")] == ["visit.toml"], where
            assert not trip.is_symlink() and stat.S_IMODE(trip.stat().st_mode) == 0o640, where
            backups = backups_of(trip)
            # A kill between making a backup and pruning may leave one extra.
            assert len(backups) <= BACKUP_KEEP + 1, where
            for backup in backups:
                assert backup.read_bytes() in seen, f"{where}: {backup.name} is torn"
            assert not [p for p in backup_folder.glob("*.bak") if p not in backups], where
            if len(_temps(folder)) + len(_temps(backup_folder)) > temps_before:
                killed_mid_write += 1
    finally:
        child.close()
    elapsed = time.monotonic() - started

    # Leftover temporary files are removed by a later write once they are stale.
    assert all(name.startswith(".visit.toml.") for name in _temps(folder))
    monkeypatch.setattr(storage, "STALE_TEMP_AGE", 0.0)
    time.sleep(0.01)
    atomic_write(trip, CONTENT_A)
    assert _temps(folder) == [] and _temps(backup_folder) == []
    assert _names(folder) == [BACKUP_DIR_NAME, "visit.toml"]
    assert len(backups_of(trip)) == BACKUP_KEEP

    with capsys.disabled():
        print(
            f"\n[fault injection] {trials} SIGKILLs in {elapsed:.1f} s (seed {seed}): "
            f"A {seen[CONTENT_A]}, B {seen[CONTENT_B]}, "
            f"{killed_mid_write} kills left a temporary file (killed mid-write)"
        )


# ---------------------------------------------------------------------------
# concurrency: read-modify-write from several processes at once

APPENDER = r"""
import sys
from pathlib import Path
from tripplan.storage import edit_file

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
sys.stdin.readline()
for i in range(count):
    line = f"{name}-{i:03d}\n".encode()
    edit_file(path, lambda old: old + line, timeout=300)
print("done", flush=True)
"""


def test_concurrent_edits_lose_nothing(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"# lines\n")
    workers, count = ["w0", "w1", "w2"], 50
    children = [Child(APPENDER, trip, name, count, deadline=300) for name in workers]
    try:
        for child in children:
            child.expect("ready")
        for child in children:  # all start together
            child.send("go")
        for child in children:
            child.expect("done")
    finally:
        for child in children:
            child.close()

    lines = trip.read_bytes().decode().splitlines()
    assert lines[0] == "# lines"
    expected = [f"{name}-{i:03d}" for name in workers for i in range(count)]
    assert sorted(lines[1:]) == sorted(expected), "an edit was lost or doubled"
    for name in workers:  # each process's edits land in its own order
        mine = [line for line in lines if line.startswith(name + "-")]
        assert mine == sorted(mine)
    assert len(backups_of(trip)) == BACKUP_KEEP
    assert _temps(tmp) == []


# ---------------------------------------------------------------------------
# lock timeout

HOLDER = r"""
import sys, time
from pathlib import Path
from tripplan.storage import atomic_write, locked

path, hold = Path(sys.argv[1]), float(sys.argv[2])
with locked(path, timeout=30) as target:
    print("locked", flush=True)
    if hold < 0:
        sys.stdin.readline()
    else:
        time.sleep(hold)
        atomic_write(target, target.read_bytes() + b"holder\n")
print("released", flush=True)
"""


def test_lock_timeout_changes_nothing(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"before\n")
    calls = []

    def transform(old: bytes) -> bytes:
        calls.append(old)
        return old + b"mine\n"

    holder = Child(HOLDER, trip, -1)
    try:
        holder.expect("locked")
        started = time.monotonic()
        with pytest.raises(LockTimeoutError) as caught:
            edit_file(trip, transform, timeout=0.5)
        waited = time.monotonic() - started
        assert 0.45 <= waited < 10  # a little slack: filelock starts its own clock
        with pytest.raises(LockTimeoutError):
            edit_file(trip, transform, timeout=0)  # one attempt, no wait
        assert calls == []
        assert trip.read_bytes() == b"before\n"
        assert not (tmp / BACKUP_DIR_NAME).exists()
        message = str(caught.value)
        assert "visit.toml" in message and "another tripplan is editing" in message
        assert caught.value.argument == "lock_timeout"  # the CLI spells it as its flag:
        assert "raise --lock-timeout" in (caught.value.worded(FLAGS)[1] or "")
        assert caught.value.exit_code == 2

        holder.send("release")
        holder.expect("released")
    finally:
        holder.close()
    assert edit_file(trip, transform, timeout=10).changed
    assert trip.read_bytes() == b"before\nmine\n"


def test_waiting_writer_gets_the_lock_after_the_holder(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"start\n")
    holder = Child(HOLDER, trip, 0.3)
    try:
        holder.expect("locked")
        result = edit_file(trip, lambda old: old + b"waiter\n", timeout=60)
        holder.expect("released")
    finally:
        holder.close()
    assert result.changed
    assert trip.read_bytes() == b"start\nholder\nwaiter\n"


def test_lock_is_a_hidden_file_beside_the_trip_and_not_reentrant(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"x")
    with locked(trip) as target:
        assert target == trip.resolve()
        with pytest.raises(LockTimeoutError), locked(trip, timeout=0.1):
            pass
    assert lock_path(trip) == tmp / ".visit.toml.lock"
    assert (tmp / ".visit.toml.lock").exists()
    assert [p.name for p in tmp.glob("*.toml")] == ["visit.toml"]
    with locked(trip, timeout=0):  # released: free again at once
        pass


def test_lock_file_is_writable_by_whoever_may_write_the_trip(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"x")
    trip.chmod(0o664)
    with locked(trip):
        pass
    assert stat.S_IMODE(lock_path(trip).stat().st_mode) == 0o664


@pytest.mark.parametrize("timeout", [-1, float("nan")])
def test_lock_timeout_must_not_be_negative(tmp, timeout):
    with (
        pytest.raises(UsageError, match="lock timeout"),
        locked(tmp / "t.toml", timeout=timeout),
    ):
        pass


# ---------------------------------------------------------------------------
# atomic write: mechanics


def test_new_file_has_no_backup_and_follows_umask(tmp):
    old_umask = os.umask(0o027)
    try:
        assert atomic_write(tmp / "new.toml", b"x") is None
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp / "new.toml").stat().st_mode) == 0o640
    assert _names(tmp) == ["new.toml"]


def test_temp_file_is_hidden_in_same_folder_and_synced_before_rename(tmp, monkeypatch):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"old")
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(("fsync", kind))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", Path(src).name))
        assert Path(src).parent == Path(dst).parent
        assert Path(src).read_bytes() in (b"old", b"new")  # complete before the rename
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(trip, b"new", backup=False)
    assert [e[0] for e in events] == ["fsync", "replace", "fsync"]
    assert events[0] == ("fsync", "file") and events[2] == ("fsync", "dir")
    temp_name = events[1][1]
    assert temp_name.startswith(".visit.toml.") and temp_name.endswith(".tmp")
    assert trip.read_bytes() == b"new"
    assert _names(tmp) == ["visit.toml"]


def test_accepts_bytearray_and_rejects_text(tmp):
    trip = tmp / "visit.toml"
    atomic_write(trip, bytearray(b"x"))
    assert trip.read_bytes() == b"x"
    with pytest.raises(TypeError):
        atomic_write(trip, "text")  # type: ignore[arg-type]
    assert trip.read_bytes() == b"x"


# ---------------------------------------------------------------------------
# backups, mode, symlinks


def test_backup_holds_the_previous_version(tmp):
    trip = tmp / "visit.toml"
    assert atomic_write(trip, b"v1") is None
    first = atomic_write(trip, b"v2")
    second = atomic_write(trip, b"v3")
    assert first is not None and second is not None
    assert first.parent == tmp / BACKUP_DIR_NAME
    assert first.read_bytes() == b"v1" and second.read_bytes() == b"v2"
    assert first.name.startswith("visit.toml.") and first.name.endswith("Z.bak")
    assert backups_of(trip) == [first, second]
    assert trip.read_bytes() == b"v3"
    assert _names(tmp) == [BACKUP_DIR_NAME, "visit.toml"]


def test_backup_name_is_a_utc_timestamp(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    before = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    backup = atomic_write(trip, b"v2")
    stamp = backup.name.removeprefix("visit.toml.").removesuffix(".bak")
    when = datetime.strptime(stamp, "%Y%m%dT%H%M%S.%fZ")
    assert before <= when <= datetime.now(UTC).replace(tzinfo=None)


def test_pruning_keeps_the_last_ten(tmp):
    trip = tmp / "visit.toml"
    for version in range(15):
        atomic_write(trip, f"v{version}".encode())
    backups = backups_of(trip)
    assert len(backups) == BACKUP_KEEP == 10
    assert [b.read_bytes() for b in backups] == [f"v{n}".encode() for n in range(4, 14)]
    assert sorted((tmp / BACKUP_DIR_NAME).iterdir()) == backups


def test_same_timestamp_backups_get_a_counter_and_prune_in_order(tmp, monkeypatch):
    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2025, 3, 1, 9, 45, 12, 123456, tzinfo=tz)

    monkeypatch.setattr(storage, "datetime", FrozenClock)
    trip = tmp / "visit.toml"
    for version in range(14):
        atomic_write(trip, f"v{version}".encode())
    backups = backups_of(trip)
    assert [b.read_bytes() for b in backups] == [f"v{n}".encode() for n in range(3, 13)]
    assert backups[0].name == "visit.toml.20250301T094512.123456Z-3.bak"
    assert backups[-1].name == "visit.toml.20250301T094512.123456Z-12.bak"


def test_pruning_leaves_other_files_alone(tmp):
    trip, other = tmp / "visit.toml", tmp / "visit.toml.draft.toml"
    folder = tmp / BACKUP_DIR_NAME
    atomic_write(other, b"o1")
    atomic_write(other, b"o2")
    folder.joinpath("visit.toml.keep-me.bak").write_bytes(b"mine")
    for version in range(13):
        atomic_write(trip, f"v{version}".encode())
    assert len(backups_of(trip)) == BACKUP_KEEP
    assert [b.read_bytes() for b in backups_of(other)] == [b"o1"]
    assert folder.joinpath("visit.toml.keep-me.bak").read_bytes() == b"mine"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_mode_is_preserved_for_file_and_backup(tmp, mode):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    trip.chmod(mode)
    backup = atomic_write(trip, b"v2")
    result = edit_file(trip, lambda old: old + b"!")
    assert stat.S_IMODE(trip.stat().st_mode) == mode
    assert stat.S_IMODE(backup.stat().st_mode) == mode
    assert stat.S_IMODE(result.backup.stat().st_mode) == mode


def test_symlinked_trip_is_written_through_and_stays_a_link(tmp):
    shared = tmp / "shared"
    shared.mkdir()
    real = shared / "visit.toml"
    real.write_bytes(b"v1")
    trips = tmp / "itineraries"
    trips.mkdir()
    link = trips / "visit.toml"
    link.symlink_to(Path("..") / "shared" / "visit.toml")

    result = edit_file(link, lambda old: old + b"+v2")
    assert link.is_symlink() and os.readlink(link) == os.path.join("..", "shared", "visit.toml")
    assert real.read_bytes() == b"v1+v2" and link.read_bytes() == b"v1+v2"
    assert result.backup.parent == shared / BACKUP_DIR_NAME
    assert result.backup.read_bytes() == b"v1"
    assert backups_of(link) == backups_of(real) == [result.backup]
    assert lock_path(link) == lock_path(real) == shared / ".visit.toml.lock"
    assert _names(trips) == ["visit.toml"]
    atomic_write(link, b"v3")
    assert link.is_symlink() and real.read_bytes() == b"v3"


def test_transform_raising_leaves_file_and_backups_untouched(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    atomic_write(trip, b"v2")
    before = trip.stat()
    backups_before = [(b, b.read_bytes()) for b in backups_of(trip)]

    class Refused(Exception):
        pass

    def transform(old: bytes) -> bytes:
        raise Refused("the move would overlap the state dinner")

    with pytest.raises(Refused):
        edit_file(trip, transform)
    after = trip.stat()
    assert trip.read_bytes() == b"v2"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert [(b, b.read_bytes()) for b in backups_of(trip)] == backups_before
    assert _temps(tmp) == [] and _temps(tmp / BACKUP_DIR_NAME) == []
    with locked(trip, timeout=0):  # and the lock was released
        pass


def test_identical_result_writes_nothing(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    before = trip.stat()
    assert edit_file(trip, lambda old: bytes(old)) == EditResult(changed=False, backup=None)
    after = trip.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not (tmp / BACKUP_DIR_NAME).exists()


def test_edit_without_backup(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    assert edit_file(trip, lambda old: b"v2", backup=False) == EditResult(True, None)
    assert atomic_write(trip, b"v3", backup=False) is None
    assert trip.read_bytes() == b"v3"
    assert not (tmp / BACKUP_DIR_NAME).exists()


def test_transform_must_return_bytes(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    with pytest.raises(TypeError, match="bytes"):
        edit_file(trip, lambda old: old.decode())  # type: ignore[arg-type, return-value]
    assert trip.read_bytes() == b"v1"


def _leftovers(folder: Path) -> dict[str, Path]:
    """Temporary files as a killed write leaves them, and lookalikes that are not ours."""
    (folder / BACKUP_DIR_NAME).mkdir(exist_ok=True)
    paths = {
        "old": folder / ".visit.toml.0123456789ab.tmp",
        "old in backups": folder / BACKUP_DIR_NAME / ".visit.toml.00112233aabb.tmp",
        "fresh": folder / ".visit.toml.ba9876543210.tmp",
        "fresh in backups": folder / BACKUP_DIR_NAME / ".visit.toml.ffeeddccbbaa.tmp",
        "lookalike": folder / ".visit.toml.notes.tmp",
        "other trip": folder / ".other.toml.0123456789ab.tmp",
    }
    two_minutes_ago = time.time() - storage.STALE_TEMP_AGE - 60
    for name, path in paths.items():
        path.write_bytes(b"partial")
        if not name.startswith("fresh"):
            os.utime(path, (two_minutes_ago, two_minutes_ago))
    return paths


def _in_flight(path: Path) -> int:
    """Open ``path`` and hold its lock, as a writer does until its rename."""
    import fcntl

    fd = os.open(path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def test_stale_after_a_minute_without_the_trip_lock(tmp):
    assert storage.STALE_TEMP_AGE == 60.0
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    paths = _leftovers(tmp)
    busy = tmp / ".visit.toml.0a0b0c0d0e0f.tmp"  # old, but its writer is still at it
    busy.write_bytes(b"partial")
    os.utime(busy, (0, 0))
    fd = _in_flight(busy)
    try:
        atomic_write(trip, b"v2")  # no lock: only what is older than a minute may go
    finally:
        os.close(fd)
    gone = {name for name, path in paths.items() if not path.exists()}
    assert gone == {"old", "old in backups"}
    assert busy.exists()


def test_under_the_trip_lock_every_unlocked_leftover_goes(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    paths = _leftovers(tmp)
    busy = tmp / ".visit.toml.0a0b0c0d0e0f.tmp"  # fresh and locked: a write in progress
    busy.write_bytes(b"partial")
    fd = _in_flight(busy)
    try:
        edit_file(trip, lambda old: b"v2")
    finally:
        os.close(fd)
    gone = {name for name, path in paths.items() if not path.exists()}
    assert gone == {"old", "old in backups", "fresh", "fresh in backups"}
    assert busy.exists() and paths["lookalike"].exists() and paths["other trip"].exists()
    assert trip.read_bytes() == b"v2"
    assert len(backups_of(trip)) == 1


def test_writer_holds_the_lock_of_its_temporary_file_until_the_rename(tmp, monkeypatch):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    real_replace = os.replace
    seen: list[bool | None] = []

    def replace(src, dst):
        probe = os.open(src, os.O_RDONLY)
        try:
            seen.append(staging._try_lock(probe))
        finally:
            os.close(probe)
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    edit_file(trip, lambda old: b"v2")
    assert seen == [False, False]  # the backup's temporary file, then the trip's


# ---------------------------------------------------------------------------
# errors become InputError, never a raw OSError


def test_directory_is_an_input_error(tmp):
    folder = tmp / "visit.toml"
    folder.mkdir()
    for action in (
        lambda: read_bytes(folder),
        lambda: edit_file(folder, lambda old: old),
        lambda: atomic_write(folder, b"x"),
    ):
        with pytest.raises(InputError, match="folder") as caught:
            action()
        assert caught.value.path == str(folder)
    assert folder.is_dir() and _names(folder) == []


def test_missing_file_is_an_input_error(tmp):
    missing = tmp / "missing.toml"
    with pytest.raises(InputError, match="no such file") as caught:
        edit_file(missing, lambda old: pytest.fail("transform called"))
    assert str(caught.value).startswith(str(missing))
    with pytest.raises(InputError, match="no such file"):
        read_bytes(missing)
    with pytest.raises(InputError, match="no such file"):
        atomic_write(tmp / "no-folder" / "visit.toml", b"x")
    assert _names(tmp) == []


def test_file_deleted_before_reading_is_an_input_error(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    with locked(trip) as target:
        trip.unlink()
        with pytest.raises(InputError, match="no such file"):
            read_bytes(target)


def test_special_file_is_an_input_error_without_hanging(tmp):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    pipe = tmp / "visit.toml"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        read_bytes(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        atomic_write(pipe, b"x")


def test_unreadable_file_is_an_input_error(tmp, monkeypatch):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    if not IS_ROOT:  # root reads anything: then only the simulated case below
        trip.chmod(0)
        with pytest.raises(InputError, match="permission denied"):
            edit_file(trip, lambda old: old + b"x")
        trip.chmod(0o644)
    real_open = os.open

    def deny(path, *args, **kwargs):
        if Path(path) == trip:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(InputError, match="permission denied") as caught:
        edit_file(trip, lambda old: old + b"x")
    assert "permissions" in caught.value.hint
    monkeypatch.undo()
    assert trip.read_bytes() == b"v1"


@pytest.mark.parametrize("backup", [True, False])
def test_failing_rename_is_an_input_error_and_leaves_no_trace(tmp, monkeypatch, backup):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")

    def refuse(src, dst):
        raise PermissionError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(InputError, match="permission denied") as caught:
        edit_file(trip, lambda old: b"v2", backup=backup)
    assert caught.value.path == str(trip)
    with pytest.raises(InputError, match="permission denied"):
        atomic_write(trip, b"v2", backup=backup)
    assert trip.read_bytes() == b"v1"
    assert _temps(tmp) == [] and _temps(tmp / BACKUP_DIR_NAME) == []
    assert backups_of(trip) == []


def test_unwritable_folder_is_an_input_error(tmp, monkeypatch):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    if not IS_ROOT:  # root writes anywhere: then only the simulated case below
        tmp.chmod(0o555)
        try:
            with pytest.raises(InputError, match="permission denied"):
                atomic_write(trip, b"v2")
        finally:
            tmp.chmod(0o755)
    real_open = os.open

    def read_only_folder(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(path).parent == tmp:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_folder)
    with pytest.raises(InputError, match="permission denied"):
        atomic_write(trip, b"v2", backup=False)
    monkeypatch.undo()
    assert trip.read_bytes() == b"v1"
    assert _names(tmp) == ["visit.toml"]


@pytest.mark.parametrize("backup", [True, False])
def test_full_disk_is_an_input_error_and_leaves_no_trace(tmp, monkeypatch, backup):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError, match="disk is full") as caught:
        edit_file(trip, lambda old: b"v2", backup=backup)
    monkeypatch.undo()
    assert "not changed" in caught.value.hint
    assert trip.read_bytes() == b"v1"
    assert _temps(tmp) == [] and _temps(tmp / BACKUP_DIR_NAME) == []


def test_folder_sync_failure_after_rename_says_the_file_was_written(tmp, monkeypatch):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    real_fsync = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(InputError, match="was written") as caught:
        atomic_write(trip, b"v2", backup=False)
    monkeypatch.undo()
    assert "previous version" in caught.value.hint
    assert trip.read_bytes() == b"v2"


def test_backup_folder_that_is_a_file_is_an_input_error(tmp):
    trip = tmp / "visit.toml"
    trip.write_bytes(b"v1")
    (tmp / BACKUP_DIR_NAME).write_bytes(b"not a folder")
    with pytest.raises(InputError, match="not a folder"):
        edit_file(trip, lambda old: b"v2")
    assert trip.read_bytes() == b"v1"
    assert edit_file(trip, lambda old: b"v2", backup=False).changed


def test_docstring_examples():
    result = doctest.testmod(storage, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
