"""Temporary files of atomic writes: made durably, locked while in flight, and cleaned up.

:mod:`tripplan.storage` writes every new version of a file (and every backup) to a
hidden ``.<name>.<12 hex digits>.tmp`` beside it and renames it into place. This
module makes those files (:func:`staged`) and removes the ones a killed write left
behind (:func:`remove_stale`).

A writer holds an ``flock`` on its temporary file from just after creating it until
after the rename. The kernel drops that lock when the writer ends, however it ends
(``kill -9`` included), so a temporary file whose lock can be taken is a leftover and
one whose lock cannot is a write in progress, which is never touched.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with staged(folder, "visit.toml", b"v1", None) as temp:
...     _ = os.replace(temp, folder / "visit.toml")
>>> sorted(p.name for p in folder.iterdir())
['visit.toml']
>>> (folder / ".visit.toml.0123456789ab.tmp").write_bytes(b"half") and None
>>> remove_stale("visit.toml", [folder], max_age=60.0, holding_lock=True)
>>> sorted(p.name for p in folder.iterdir())
['visit.toml']
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: temporary files are judged by age alone
    fcntl = None  # type: ignore[assignment]

_TEMP_TOKEN_BYTES = 6
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


def _temp_pattern(name: str) -> re.Pattern[str]:
    hex_digits = 2 * _TEMP_TOKEN_BYTES
    return re.compile(rf"\.{re.escape(name)}\.[0-9a-f]{{{hex_digits}}}\.tmp")


@contextmanager
def staged(folder: Path, name: str, data: bytes, like: os.stat_result | None, *,
           keep_times: bool = False) -> Iterator[Path]:
    """A new hidden ``.<name>.<random>.tmp`` in ``folder`` holding ``data``, durably.

    With ``like`` (the stat of the file being replaced) the temporary file gets its
    permission bits and, where allowed, its owner and group (and, with ``keep_times``,
    its access and modification times: a backup); without it, the
    usual mode for a new file (0o666 less the umask). The file stays ``flock``-ed
    while the ``with`` body runs (the rename), which tells other writers it is in
    progress (see :func:`remove_stale`); it is removed if the body fails.
    """
    temp, fd = _new_temp(folder, name, 0o600 if like is not None else 0o666)
    try:
        try:
            with os.fdopen(fd, "wb", closefd=False) as f:
                if like is not None:
                    _copy_metadata(f.fileno(), like)
                f.write(data)
                f.flush()
                if keep_times and like is not None:
                    _copy_times(f.fileno(), temp, like)
                os.fsync(f.fileno())
            yield temp
        except BaseException:
            with suppress(OSError):
                os.unlink(temp)
            raise
    finally:
        os.close(fd)


def _new_temp(folder: Path, name: str, create_mode: int) -> tuple[Path, int]:
    """Create and lock a temporary file with a fresh random name: its path and descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY
    while True:
        temp = folder / f".{name}.{secrets.token_hex(_TEMP_TOKEN_BYTES)}.tmp"
        try:
            fd = os.open(temp, flags, create_mode)
        except FileExistsError:  # pragma: no cover - 48 random bits collided
            continue
        if _try_lock(fd) is not False:
            return temp, fd
        # In the instant since it was made, a cleaner took it for a leftover and is
        # removing it: take another name.
        os.close(fd)  # pragma: no cover


def _try_lock(fd: int) -> bool | None:
    """Take an exclusive ``flock`` on ``fd`` without waiting: ``True`` if taken, ``False``
    if another open file holds it, ``None`` where locks are not available."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # e.g. ENOLCK on a network file system without locks
        return None
    return True


def _copy_metadata(fd: int, like: os.stat_result) -> None:
    """Give the open file ``fd`` the owner, group and permission bits of ``like``."""
    if hasattr(os, "fchown"):
        current = os.fstat(fd)
        if (current.st_uid, current.st_gid) != (like.st_uid, like.st_gid):
            # Only root may give a file away; a member may still set the group.
            with suppress(PermissionError):
                os.fchown(fd, like.st_uid, like.st_gid)
            if os.fstat(fd).st_gid != like.st_gid:
                with suppress(PermissionError):
                    os.fchown(fd, -1, like.st_gid)
    if hasattr(os, "fchmod"):  # after chown, which may clear set-id bits
        os.fchmod(fd, stat.S_IMODE(like.st_mode))


def _copy_times(fd: int, path: Path, like: os.stat_result) -> None:
    """Give the file the access and modification times of ``like`` (best effort)."""
    times = (like.st_atime_ns, like.st_mtime_ns)
    with suppress(OSError):
        if os.utime in os.supports_fd:
            os.utime(fd, ns=times)
        else:  # pragma: no cover - platforms without futimens
            os.utime(path, ns=times)


def remove_stale(name: str, folders: Iterable[Path], *, max_age: float,
                 holding_lock: bool) -> None:
    """Delete temporary files of the file ``name`` left in ``folders`` by killed writes
    (best effort).

    Only files named exactly like the temporary files :func:`staged` makes for
    ``name`` are looked at. One still ``flock``-ed by its
    writer is a write in progress and is never touched. An unlocked one is a
    leftover: removed at once when this process holds the trip's lock (every
    writer of the trip then waits for us), else once untouched for ``max_age``
    seconds (a writer that does not lock the trip might
    have created it an instant ago and not yet locked it).
    """
    pattern = _temp_pattern(name)
    cutoff = time.time() - max_age
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not pattern.fullmatch(entry.name):
                continue
            with suppress(OSError):
                if not entry.is_file(follow_symlinks=False):
                    continue
                young = entry.stat(follow_symlinks=False).st_mtime >= cutoff
                if holding_lock or not young:
                    _remove_if_abandoned(entry.path)


def _remove_if_abandoned(temp: str) -> None:
    """Delete the temporary file ``temp`` unless its writer still holds its lock."""
    fd = os.open(temp, os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if _try_lock(fd) is not False:
            os.unlink(temp)
    finally:
        os.close(fd)
