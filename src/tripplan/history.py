"""The versions of a trip kept in its backups: what ``tripplan history`` lists, what
``tripplan diff TRIP --rev N`` compares and what ``tripplan restore TRIP --rev N`` puts back.

Versions are counted back from now: **rev 0** is the trip file as it is, **rev 1** the
newest backup (the version the last write replaced), rev 2 the one before, and so on to the
oldest backup kept (:mod:`tripplan.backupfiles`). The numbers move on with every write: after
one more edit, what was rev 1 is rev 2.

When and by which command a version was saved is read from the backup made when it was
written: the next older backup names the command that replaced the older version and the
digest of what that command wrote. If the version still has that digest, it is the one the
command saved, at the time in the backup's name. If not, it was changed afterwards by
something that keeps no backups (an editor, ``git checkout``): its command is unknown and it
is shown as changed outside tripplan, saved at its file's modification time. The oldest
backup has no older one: only its modification time is known. Backups made before tripplan
recorded commands name none.

>>> parse_revs("2"), parse_revs("3..1"), parse_revs("2.."), parse_revs("HEAD~1")
((2, 0), (3, 1), (2, 0), None)
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tripplan import storage
from tripplan.backupfiles import Backup, digest, entries
from tripplan.diff import TripDiff, diff_trips
from tripplan.errors import InputError, UsageError
from tripplan.load import LoadedTrip, LoadError, display_path, load_bytes, trip_format

_REVS = re.compile(r"(?P<old>\d*)\.\.(?P<new>\d*)|(?P<one>\d+)")


@dataclass(frozen=True)
class Version:
    """One version of a trip: the file now (rev 0) or a backup."""

    rev: int
    path: Path
    data: bytes
    backup: Backup | None = None
    saved_at: dt.datetime | None = None
    """When it was saved (aware, UTC), if known."""
    made_by: str | None = None
    """The tripplan command that saved it, if recorded."""
    changed_outside: bool = False
    """Changed after its command saved it, by something that keeps no backup."""

    def label(self, trip_shown: str) -> str:
        """How diff names it: the trip's path, with ``@revN`` for a backup."""
        return trip_shown if self.rev == 0 else f"{trip_shown}@rev{self.rev}"

    def source(self) -> dict[str, Any]:
        """Its number and file, for JSON output."""
        return {"rev": self.rev,
                "backup": display_path(self.path) if self.backup is not None else None}


def parse_revs(text: str) -> tuple[int, int] | None:
    """``N`` (rev N against the file now) or ``N..M`` (rev N against rev M; an end left out
    is 0) as ``(old, new)``; ``None`` for anything else (a git revision)."""
    match = _REVS.fullmatch(text.strip())
    if match is None:
        return None
    if match["one"] is not None:
        return int(match["one"]), 0
    return int(match["old"] or 0), int(match["new"] or 0)


def _mtime(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(os.stat(path).st_mtime, dt.UTC)
    except OSError:
        return None


def _version(rev: int, path: Path, data: bytes, backup: Backup | None,
             older: Backup | None) -> Version:
    """Version ``rev`` with what the next ``older`` backup says about its saving."""
    # a backup made by a command keeps the modification time of the version it holds
    mtime = _mtime(path) if backup is None or backup.name.digest is not None else None
    if older is not None and older.name.digest is not None:
        if digest(data) == older.name.digest:
            return Version(rev, path, data, backup, older.name.replaced_at, older.name.command)
        return Version(rev, path, data, backup, mtime, changed_outside=True)
    if older is not None:  # made before commands were recorded: replaced then, by tripplan
        return Version(rev, path, data, backup, older.name.replaced_at)
    return Version(rev, path, data, backup, mtime)


def versions(path: Path) -> list[Version]:
    """Every version of trip file ``path``, rev 0 (the file now) first."""
    path = Path(path)
    current = storage.read_bytes(path)
    kept: list[tuple[Backup, bytes]] = []
    for backup in reversed(entries(Path(os.path.realpath(path)))):
        try:
            kept.append((backup, storage.read_bytes(backup.path)))
        except InputError:
            if os.path.lexists(backup.path):
                raise
            # pruned by another write a moment ago (only ever the oldest)
    datas = [(path, current, None), *((b.path, data, b) for b, data in kept)]
    backups = [b for b, _ in kept]
    return [_version(rev, shown, data, backup, backups[rev] if rev < len(backups) else None)
            for rev, (shown, data, backup) in enumerate(datas)]


def pick(found: list[Version], rev: int, path: Path) -> Version:
    """Version ``rev`` of ``found``; a usage error naming ``rev`` when there is none."""
    if 0 <= rev < len(found):
        return found[rev]
    shown = display_path(path)
    count = len(found) - 1
    if count == 0:
        raise UsageError(f"{shown} has no backups yet, so there is no rev {rev}",
                         argument="rev", hint="every change (set, add, move, …) keeps the "
                         f"version it replaces; see `tripplan history {shown}`")
    hint = f"see `tripplan history {shown}`"
    if len(str(rev)) >= 4:
        hint += f"; for the git commit {rev}, write {{rev}} {rev}^0"
    raise UsageError(
        f"there is no rev {rev} of {shown}: it has {count} backup{'s' if count != 1 else ''} "
        f"(rev 1{f'–{count}' if count > 1 else ''}; rev 0 is the file as it is now)",
        argument="rev", hint=hint)


def load_version(version: Version, path: Path) -> LoadedTrip:
    """The trip as version ``version`` of trip file ``path`` holds it (errors located in
    the backup)."""
    return load_bytes(version.data, version.path, trip_format(path))


def diff_versions(path: Path, old: int, new: int, *, lang: str = "en") -> TripDiff:
    """``diff TRIP --rev OLD..NEW``: rev ``old`` against rev ``new`` of trip file ``path``."""
    found = versions(path)
    before, after = pick(found, old, path), pick(found, new, path)
    shown = display_path(path)
    changes = diff_trips(load_version(before, path).trip, load_version(after, path).trip,
                         lang=lang, old_label=before.label(shown), new_label=after.label(shown))
    changes.old_source, changes.new_source = before.source(), after.source()
    return changes


@dataclass
class Entry:
    """A version as ``tripplan history`` lists it: the trip it holds (or why it does not
    load) and what changed since the version before it (if both load)."""

    version: Version
    loaded: LoadedTrip | None
    error: LoadError | None = None
    changes: TripDiff | None = None
    oldest: bool = False


def history(path: Path, *, lang: str = "en") -> list[Entry]:
    """Every version of trip file ``path``, newest (rev 0) first, with its changes."""
    found = versions(path)
    out: list[Entry] = []
    for version in found:
        try:
            out.append(Entry(version, load_version(version, path)))
        except LoadError as err:
            out.append(Entry(version, None, err))
    for newer, older in zip(out, out[1:], strict=False):
        if newer.loaded is not None and older.loaded is not None:
            newer.changes = diff_trips(older.loaded.trip, newer.loaded.trip, lang=lang)
    out[-1].oldest = len(out) > 1
    return out
