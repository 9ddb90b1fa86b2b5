"""Safe writes of trip files: atomic replace, backups and a per-trip lock.

Every tripplan command that changes a trip goes through this module, so that a
crash, a ``kill -9``, a full disk or two officers editing at once never leave a
trip half written or lose an edit.

Three pieces:

* :func:`atomic_write` writes new bytes to a hidden temporary file in the trip's
  own folder, flushes and ``fsync``\\ s it, renames it over the trip with
  :func:`os.replace` and ``fsync``\\ s the folder. At any moment the trip file is
  either the complete old version or the complete new one, never a mix. The
  file's permission bits (and, where allowed, its owner and group) are kept. A
  trip file that is a symbolic link is written through to its target; the link
  itself stays a link.
* :func:`locked` holds an exclusive lock on a trip file, shared by every
  tripplan process on the machine (and on network file systems that support
  ``flock``).
* :func:`edit_file` is the read-modify-write every editing command should use:
  under the lock it reads the current bytes, calls a transform, and writes the
  result atomically, so two processes each adding an item both end up in the file.

Files this module puts beside a trip ``itineraries/state-visit.toml``
---------------------------------------------------------------------

``itineraries/.tripplan-backup/state-visit.toml.20250301T094512.123456Z.set-3fa9c2d1.bak``
    The version a write replaced (``<name>.<UTC timestamp>.bak``; a ``-1``,
    ``-2`` … suffix after the timestamp if two writes share one; the command that
    wrote, and a digest of what it wrote, before ``.bak`` when the write names its
    command: see :mod:`tripplan.backupfiles`). The last :data:`BACKUP_KEEP` (10)
    backups of each trip are kept unless the write's :class:`BackupPolicy` says
    another number, the oldest pruned first. Backups keep the trip's permission
    bits and its modification time.

    Why a folder of timestamped copies rather than a single ``state-visit.toml~``:
    the office keeps trips in git, but officers run several commands (``add``,
    ``move``, ``cancel``, ``fmt``) between commits, and git only has what was
    committed. A single ``~`` file would hold only the state before the last
    command; ten timestamped versions cover a whole editing session, so "what did
    the trip look like before those three moves?" has an answer. One hidden folder
    keeps ``ls``, ``tripplan list`` and ``glob('*.toml')`` clean (no ``*~`` files
    beside every trip) and is a single line in ``.gitignore``
    (``.tripplan-backup/``); the backups are a local safety net, git stays the
    history. Ten copies of a text file of a few kilobytes cost nothing.

``itineraries/.state-visit.toml.lock``
    The lock file used by :func:`locked`. It is an empty file that stays after
    the lock is released: with ``flock`` the lock belongs to the open file, not
    to the name, and deleting the name while another process waits on it would
    let two processes "hold" the lock at once. It is harmless, may be deleted when
    no tripplan is running, and belongs in ``.gitignore`` (``.*.lock``). Its
    permission bits follow the trip's (a group-writable trip gets a
    group-writable lock file) so that everyone who may edit a trip in a shared
    folder may also lock it.

``itineraries/.state-visit.toml.3f9a0c12d4e5.tmp``
    The temporary file of a write in progress (also in ``.tripplan-backup/``, for
    a backup being made), removed on any error. Only a process killed in the
    middle of a write (``kill -9``, power cut) leaves one behind; it is never the
    trip, starts with ``.`` and ends with ``.tmp`` so no listing of trips picks it
    up, and the next write of the same trip removes it. The writer holds an
    ``flock`` on its temporary file until the rename, so a file that is still
    locked is another process's write in progress and is left alone; an unlocked
    one is removed at once by a write that holds the trip's lock (every edit
    does), and after :data:`STALE_TEMP_AGE` (a minute) by any other write. The
    temporary files are made and cleaned up by :mod:`tripplan.staging`.

For a trip reached through a symbolic link, the lock, the temporary file and
the backup folder are beside the link's target, so every path to the same file
shares one lock.

What is never written
---------------------

* A read-only trip (no write permission for anyone, as after ``chmod 444``, or
  none for the user running tripplan) is not replaced, although its folder would
  allow it: the permissions say "do not change this file". The write is refused
  with :class:`~tripplan.errors.InputError` before anything is read or changed.
* A trip file (``.toml``/``.json``) larger than
  :data:`~tripplan.load.MAX_FILE_BYTES` (5 MiB), which every command would then
  refuse to read (``F010``). Hidden files (a draft kept by ``tripplan edit``)
  are exempt, so that a person's work is never lost to the limit.

Errors
------

Every operating-system error is turned into :class:`~tripplan.errors.InputError`
(exit code 2) naming the file: a missing trip, a folder where a file was
expected, permission denied, a full disk. A lock that cannot be had in time
raises :class:`~tripplan.errors.LockTimeoutError`. Nothing here prints.

Example
-------

>>> import shutil, tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> trip = folder / "visit.toml"
>>> atomic_write(trip, b'title = "Visit"\\n') is None  # a new file: nothing to back up
True
>>> result = edit_file(trip, lambda old: old.replace(b"Visit", b"State visit"))
>>> result.changed, result.backup.read_bytes()
(True, b'title = "Visit"\\n')
>>> trip.read_bytes()
b'title = "State visit"\\n'
>>> edit_file(trip, lambda old: old)  # nothing to change: no write, no backup
EditResult(changed=False, backup=None)
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import errno
import os
import shlex
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tripplan.backupfiles import (
    BACKUP_DIR_NAME,
    BACKUP_KEEP,
    TIMESTAMP_FORMAT,
    Backup,
    BackupName,
    BackupPolicy,
    backup_dir,
    backups_of,
    digest,
    entries,
    prune,
)
from tripplan.errors import InputError, LockTimeoutError, UsageError
from tripplan.load import MAX_FILE_BYTES, TRIP_SUFFIXES
from tripplan.staging import remove_stale, staged
from tripplan.unchanged import ChangedMeanwhile, still, stray_bytes

__all__ = [
    "BACKUP_DIR_NAME",
    "BACKUP_KEEP",
    "BackupPolicy",
    "EditResult",
    "atomic_write",
    "backups_of",
    "check_writable",
    "edit_file",
    "lock_path",
    "locked",
    "read_bytes",
]

#: Unlocked temporary files older than this (seconds) are leftovers of a killed write.
STALE_TEMP_AGE = 60.0

#: How often :func:`edit_file` redoes an edit when another program (one that does not take
#: the lock) changed the file between its read and its write.
EDIT_ATTEMPTS = 5

#: How often a waiting process retries the lock (seconds).
_POLL_INTERVAL = 0.02
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
# fsync of a folder is not supported everywhere; these mean "cannot", not "failed".
_FSYNC_UNSUPPORTED = {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF, errno.EACCES}
#: Resolved trips whose lock this process holds (see :func:`locked`).
_HELD: set[Path] = set()


@dataclass(frozen=True, slots=True)
class EditResult:
    """What :func:`edit_file` did.

    ``changed`` is false when the transform returned the bytes it was given, in
    which case nothing was written. ``backup`` is the backup of the previous
    version, if one was made.

    >>> EditResult(changed=False, backup=None)
    EditResult(changed=False, backup=None)
    """

    changed: bool
    backup: Path | None


# ---------------------------------------------------------------------------
# paths


def _resolve(path: Path) -> Path:
    """The file actually read and written: ``path`` with every symlink followed."""
    return Path(os.path.realpath(os.fspath(path)))


def lock_path(path: Path) -> Path:
    """The lock file used for a trip: ``.<name>.lock`` beside the (resolved) trip.

    >>> lock_path(Path("/trips/visit.toml"))
    PosixPath('/trips/.visit.toml.lock')
    """
    target = _resolve(Path(path))
    return target.with_name(f".{target.name}.lock")


# ---------------------------------------------------------------------------
# errors


def _input_error(action: str, path: Path, exc: OSError) -> InputError:
    """Turn an operating-system error into a message for a person."""
    hint = None
    if isinstance(exc, FileNotFoundError):
        reason = "no such file or folder"
    elif isinstance(exc, IsADirectoryError):
        reason = "it is a folder, not a trip file"
    elif isinstance(exc, NotADirectoryError):
        reason = "a part of the path is a file, not a folder"
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
        hint = "check the permissions of the file and of its folder (ls -l)"
    elif exc.errno == errno.ENOSPC:
        reason = "the disk is full"
        hint = "free some space; the trip file was not changed"
    elif exc.errno == errno.EROFS:
        reason = "the file system is read-only"
    else:
        reason = exc.strerror or str(exc)
    return InputError(f"cannot {action}: {reason}", path=path, hint=hint)


# ---------------------------------------------------------------------------
# reading


def read_bytes(path: Path) -> bytes:
    """Read a trip file, turning every failure into :class:`InputError`.

    A missing file (also one deleted a moment ago), a folder, a special file such
    as a pipe, and a file one may not read are all reported with the path.

    >>> try:
    ...     read_bytes(Path("/nonexistent/visit.toml"))
    ... except InputError as err:
    ...     print(err)
    /nonexistent/visit.toml: cannot read trip file: no such file or folder
    """
    return _read(Path(path), Path(path))


def _read(shown: Path, target: Path) -> bytes:
    """Read ``target``, naming ``shown`` (the path the user gave) in errors."""
    try:
        # O_NONBLOCK: opening a named pipe must not hang waiting for a writer.
        fd = os.open(target, os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK | _O_BINARY)
    except OSError as exc:
        raise _input_error("read trip file", shown, exc) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder, not a trip file" if stat.S_ISDIR(mode) else "not a regular file"
            raise InputError(f"cannot read trip file: it is {what}", path=shown)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError as exc:
        raise _input_error("read trip file", shown, exc) from exc
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------
# writing


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in ``folder`` durable (no-op where unsupported)."""
    if os.name == "nt":  # pragma: no cover - folders cannot be opened on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY | _O_CLOEXEC | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _FSYNC_UNSUPPORTED:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def _make_backup(target: Path, previous: bytes, like: os.stat_result, policy: BackupPolicy,
                 written: bytes) -> Path:
    """Store ``previous`` (the bytes about to be replaced by ``written``) as a backup of
    ``target``, named after ``policy.command`` (if any) and the digest of ``written``.

    If the newest backup already holds exactly these bytes (a write that failed or
    was killed after its backup was made), that backup is returned instead of a
    copy (renamed after this write's command), so repeated failures do not push older
    versions out. Before a new backup is added, older ones are pruned to
    ``policy.keep``, so even writes killed before their own pruning leave at most one
    backup more than that.

    The name's timestamp is never earlier than the newest backup's (a clock set
    back, or two writes in the same microsecond, give the newest timestamp with a
    higher counter), so the names sort in the order the versions were replaced. The
    backup keeps the modification time of the version it holds.
    """
    folder = backup_dir(target)
    try:
        folder.mkdir(exist_ok=True)
    except FileExistsError as exc:  # a file named .tripplan-backup
        raise InputError(
            f"cannot make a backup: {BACKUP_DIR_NAME} exists and is not a folder",
            path=folder,
            hint="move it away, or write without a backup",
        ) from exc
    existing = entries(target)
    tag = (policy.command, digest(written) if policy.command else None)
    if existing and (same := _same_as_newest(existing[-1], previous, tag)) is not None:
        return same
    prune(existing, keep=policy.keep)
    with staged(folder, target.name, previous, like, keep_times=True) as temp:
        stamp, counter = datetime.now(UTC).strftime(TIMESTAMP_FORMAT), 0
        if existing and existing[-1].order >= (stamp, 0):
            stamp, counter = existing[-1].name.stamp, existing[-1].name.counter + 1
        while True:
            backup = folder / BackupName(target.name, stamp, counter, *tag).text()
            if not os.path.lexists(backup):
                break
            counter += 1
        os.replace(temp, backup)
    _fsync_dir(folder)
    return backup


def _same_as_newest(newest: Backup, previous: bytes,
                    tag: tuple[str | None, str | None]) -> Path | None:
    """The newest backup if it already holds ``previous`` (renamed after ``tag``), else None."""
    try:
        if newest.path.stat().st_size != len(previous) or newest.path.read_bytes() != previous:
            return None
    except OSError:
        return None
    name = newest.name
    renamed = newest.path.with_name(BackupName(name.origin, name.stamp, name.counter,
                                               *tag).text())
    if renamed != newest.path and not os.path.lexists(renamed):
        with suppress(OSError):
            os.replace(newest.path, renamed)
            return renamed
    return newest.path


def _refuse_unwritable(path: Path, target: Path, like: os.stat_result) -> None:
    """Refuse to replace a file that is not regular, or that is read-only.

    A read-only file in a writable folder could be replaced (a rename needs only the
    folder), but its permissions say it must not change: as after ``chmod 444``, or
    a file that the user running tripplan may not write.
    """
    if not stat.S_ISREG(like.st_mode):
        what = "a folder, not a trip file" if stat.S_ISDIR(like.st_mode) else "not a regular file"
        raise InputError(f"cannot write trip file: it is {what}", path=path)
    no_write_bits = not stat.S_IMODE(like.st_mode) & 0o222
    if not no_write_bits:
        effective = os.access in os.supports_effective_ids
        if os.access(target, os.W_OK, effective_ids=effective):
            return
    shown = shlex.quote(str(path)) if "{" not in str(path) else "FILE"  # {x} is a placeholder
    hint = f"if it should change, make it writable first, e.g. chmod u+w {shown}"
    if not no_write_bits:
        hint = f"check who may write it (ls -l {shown}); {hint}"
    raise InputError("cannot write trip file: it is read-only; nothing was changed",
                     path=path, hint=hint)


def check_writable(path: Path) -> None:
    """Raise the :class:`~tripplan.errors.InputError` a write of ``path`` would raise
    because the file is read-only or not a regular file; a missing file is fine.

    For a command that asks a person for work before it writes (``tripplan edit``):
    ask only when the work can be saved.

    >>> check_writable(Path("/nonexistent/visit.toml")) is None
    True
    """
    path = Path(path)
    target = _resolve(path)
    try:
        like = os.stat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _input_error("write trip file", path, exc) from exc
    _refuse_unwritable(path, target, like)


def _refuse_too_large(path: Path, target: Path, data: bytes) -> None:
    """Refuse to write a trip file larger than every command would read (``F010``)."""
    name = target.name
    if len(data) <= MAX_FILE_BYTES or name.startswith(".") or \
            not name.lower().endswith(TRIP_SUFFIXES):
        return
    raise InputError(
        f"cannot write trip file: it would be {len(data):,} bytes, more than the "
        f"{MAX_FILE_BYTES // 1024 // 1024} MiB ({MAX_FILE_BYTES:,} bytes) a trip file may "
        "have; nothing was changed",
        path=path,
        hint="tripplan refuses to read a larger trip file (F010): shorten long texts "
             "(notes, descriptions), or split the trip",
    )


def _atomic_write(
    path: Path, target: Path, data: bytes, backup: bool | BackupPolicy,
    previous: bytes | None, *, based_on: bytes | None = None, strays: list[bytes] | None = None,
) -> Path | None:
    """:func:`atomic_write` on the resolved ``target``; ``previous`` if already read.

    With ``based_on``, the file is compared with those bytes after the new version is
    staged, just before the rename: if another program changed it meanwhile, nothing is
    replaced and :class:`ChangedMeanwhile` is raised; what was written into the replaced
    file during the rename goes to ``strays``."""
    try:
        like: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        like = None
    except OSError as exc:
        raise _input_error("write trip file", path, exc) from exc
    if like is not None:
        _refuse_unwritable(path, target, like)
    _refuse_too_large(path, target, data)
    remove_stale(target.name, (target.parent, backup_dir(target)),
                 max_age=STALE_TEMP_AGE, holding_lock=target in _HELD)

    backup_path = None
    policy = _policy(backup)
    try:
        if policy is not None and like is not None:
            if previous is None:
                previous = _read(path, target)
            backup_path = _make_backup(target, previous, like, policy, data)
        with staged(target.parent, target.name, data, like) as temp:
            old, based_on = (still(target, based_on, temp, lambda: _read(path, target))
                             if based_on is not None else (None, None))
            os.replace(temp, target)
        if strays is not None and (stray := stray_bytes(old, based_on or b"")) is not None:
            strays.append(stray)
    except OSError as exc:
        raise _input_error("write trip file", path, exc) from exc
    try:
        _fsync_dir(target.parent)
    except OSError as exc:
        raise InputError(
            "the trip file was written, but its folder could not be synced to disk: "
            f"{exc.strerror or exc}",
            path=path,
            hint="check the disk; a power cut now could bring back the previous version",
        ) from exc
    if backup_path is not None and policy is not None:
        prune(entries(target), keep=policy.keep)
    return backup_path


def _policy(backup: bool | BackupPolicy) -> BackupPolicy | None:
    if isinstance(backup, BackupPolicy):
        return backup
    return BackupPolicy() if backup else None


def atomic_write(path: Path, data: bytes, *, backup: bool | BackupPolicy = True
                 ) -> Path | None:
    """Replace the contents of ``path`` with ``data`` atomically; return the backup made.

    The bytes go to a hidden temporary file in the same folder, which is flushed,
    ``fsync``\\ ed and renamed over ``path`` (:func:`os.replace`); then the folder
    is ``fsync``\\ ed. A crash at any moment leaves either the old file or the new
    one. The permission bits (and, where allowed, owner and group) of an existing
    file are kept; a new file gets 0o666 less the umask. If ``path`` is a symbolic
    link, its target is replaced and the link stays.

    With ``backup`` (the default) and an existing file, the old contents are first
    stored in ``.tripplan-backup/`` beside the file (see the module documentation)
    and the path of that backup is returned; otherwise ``None``. A
    :class:`BackupPolicy` as ``backup`` says how many backups are kept and which
    command the new one names.

    This does not lock: for a read-modify-write use :func:`edit_file`. Replacing
    the file gives it a new inode, so other hard links to the old file keep the
    old contents.

    Raises :class:`~tripplan.errors.InputError` if the file or its folder cannot
    be written (the file is then unchanged and no temporary file is left).

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "visit.toml", b"v1") is None
    True
    >>> backup = atomic_write(folder / "visit.toml", b"v2")
    >>> backup.parent.name, backup.read_bytes()
    ('.tripplan-backup', b'v1')
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file is left
    ['.tripplan-backup', 'visit.toml']
    >>> shutil.rmtree(folder)
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"atomic_write needs bytes, not {type(data).__name__}")
    path = Path(path)
    return _atomic_write(path, _resolve(path), bytes(data), backup, None)


# ---------------------------------------------------------------------------
# locking


def _check_timeout(timeout: float) -> None:
    if not timeout >= 0:  # also rejects NaN
        raise UsageError(
            f"lock timeout must be zero or more seconds, not {timeout}",
            hint="use {lock_timeout} with a number of seconds, e.g. {lock_timeout} 30",
            argument="lock_timeout",
        )


@contextmanager
def locked(path: Path, *, timeout: float = 10.0) -> Iterator[Path]:
    """Hold the exclusive lock of a trip file; yield the resolved path to read and write.

    The lock is an ``flock`` on ``.<name>.lock`` beside the trip (beside the target
    of a symbolic link), shared by all tripplan processes. The lock file stays
    afterwards, empty and harmless (see the module documentation). Waiting gives up
    after ``timeout`` seconds (``0`` tries once) and raises
    :class:`~tripplan.errors.LockTimeoutError`; nothing has been read or changed
    then. The lock is not re-entrant: taking it again in the same process while
    holding it waits for itself and times out.

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with locked(folder / "visit.toml") as target:
    ...     atomic_write(target, b"v1")
    >>> sorted(p.name for p in folder.iterdir())
    ['.visit.toml.lock', 'visit.toml']
    >>> shutil.rmtree(folder)
    """
    _check_timeout(timeout)
    # Imported here: filelock takes a tenth of a second to import, which commands
    # that only read trips should not pay.
    from filelock import FileLock, Timeout

    path = Path(path)
    target = _resolve(path)
    lock_file = target.with_name(f".{target.name}.lock")
    options: dict[str, int] = {}
    with suppress(OSError):
        # Whoever may write the trip may lock it (matters in shared folders).
        options["mode"] = (stat.S_IMODE(os.stat(target).st_mode) & 0o666) | 0o600
    lock = FileLock(os.fspath(lock_file), **options)
    try:
        lock.acquire(timeout=timeout, poll_interval=_POLL_INTERVAL)
    except Timeout as exc:
        raise LockTimeoutError(
            f"{path}: another tripplan is editing this trip "
            f"(its lock {lock_file.name} is still held after {timeout:g} s)",
            hint="try again when the other edit has finished, or raise {lock_timeout}",
            argument="lock_timeout",
        ) from exc
    except OSError as exc:
        raise _input_error(f"lock trip file ({lock_file.name})", path, exc) from exc
    _HELD.add(target)
    try:
        yield target
    finally:
        _HELD.discard(target)
        lock.release()


def edit_file(
    path: Path,
    transform: Callable[[bytes], bytes],
    *,
    timeout: float = 10.0,
    backup: bool | BackupPolicy = True,
) -> EditResult:
    """Read-modify-write a trip file under its lock.

    Takes the lock (see :func:`locked`), reads the current bytes, calls
    ``transform(current)`` and, if the result differs, writes it with
    :func:`atomic_write` before releasing the lock. So two processes that each add
    an item both end up in the file. A program that writes without the lock is noticed
    too: just before the rename the file is compared with the bytes the edit was based
    on (and the replaced file is looked at after it); if it changed, ``transform`` (a
    pure function of the bytes) runs again on the new bytes, at most
    :data:`EDIT_ATTEMPTS` times, then the edit is refused: nothing is lost. If
    ``transform`` raises, nothing is written; if it returns the same bytes, nothing is
    written and no backup is made.

    Raises :class:`~tripplan.errors.LockTimeoutError` if another process holds the
    lock for more than ``timeout`` seconds (``transform`` is then not called), and
    :class:`~tripplan.errors.InputError` if the file cannot be read (missing,
    a folder, permission denied) or written.

    >>> import shutil, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> trip = folder / "visit.toml"
    >>> _ = atomic_write(trip, b"[[item]]\\n")
    >>> edit_file(trip, lambda old: old + b"[[item]]\\n").changed
    True
    >>> trip.read_bytes().count(b"[[item]]")
    2
    >>> shutil.rmtree(folder)
    """
    path = Path(path)
    if not _resolve(path).exists():
        _read(path, path)  # raises the error that says why; no lock file is left behind
    with locked(path, timeout=timeout) as target:
        return _edit_locked(path, target, transform, backup)


def _edit_locked(path: Path, target: Path, transform: Callable[[bytes], bytes],
                 backup: bool | BackupPolicy) -> EditResult:
    """:func:`edit_file` once the lock is held.

    When another program changed the file meanwhile by *appending* to it (a script, a
    ``>>``), its bytes are put after the edited text, as if it had written just after
    tripplan; any other change makes ``transform`` run again on the new bytes."""
    disk = _read(path, target)
    new, runs = _transformed(transform, disk), 1
    for _attempt in range(EDIT_ATTEMPTS * 10):
        if new == disk:
            return EditResult(changed=False, backup=None)
        strays: list[bytes] = []
        try:
            made = _atomic_write(path, target, new, backup, disk, based_on=disk,
                                 strays=strays)
        except ChangedMeanwhile:
            now = _read(path, target)
            if now.startswith(disk):  # appended: the edit stays, their bytes follow it
                new, disk = new + now[len(disk):], now
                continue
            if runs >= EDIT_ATTEMPTS:
                break
            disk, runs = now, runs + 1
            new = _transformed(transform, disk)
            continue
        if not strays:
            return EditResult(changed=True, backup=made)
        # it appended to the replaced file during the rename: write again with that too
        now, stray = _read(path, target), strays[0]
        if not (stray.startswith(disk) and now.startswith(new)):
            break
        new, disk = new + stray[len(disk):] + now[len(new):], now
    raise InputError(
        "not saved: another program kept changing the file while tripplan edited it; "
        "nothing was changed", path=path,
        hint="close the other program (or wait until it has finished), then try again")


def _transformed(transform: Callable[[bytes], bytes], current: bytes) -> bytes:
    new = transform(current)
    if not isinstance(new, bytes | bytearray | memoryview):
        raise TypeError(f"transform must return bytes, not {type(new).__name__}")
    return bytes(new)
