"""The backups of a trip file: what they are called, where they are, how many are kept.

Every write that replaces a trip keeps the version it replaces in the hidden folder
``.tripplan-backup/`` beside the trip (:mod:`tripplan.storage` makes them). A backup's name
says whose backup it is and when the version was replaced (UTC); a backup made by a
tripplan command also names the command and the first eight hex digits of the SHA-256 of
the version it wrote in its place::

    visit.toml.20250301T094512.123456Z.bak                  a write that names no command
    visit.toml.20250301T094512.123456Z-1.set-3fa9c2d1.bak   the second backup that
                                                            microsecond, made by `set`

The digest is how ``tripplan history`` knows that the next version is the one ``set``
wrote, and not one changed by hand (or by git) since. A backup keeps the modification time
of the version it holds. Names sort in the order the versions were replaced.

>>> name = parse_name("visit.toml.20250301T094512.123456Z-1.set-3fa9c2d1.bak")
>>> name.origin, name.counter, name.command, name.digest, name.replaced_at.isoformat()
('visit.toml', 1, 'set', '3fa9c2d1', '2025-03-01T09:45:12.123456+00:00')
>>> name.text() == "visit.toml.20250301T094512.123456Z-1.set-3fa9c2d1.bak"
True
>>> parse_name("visit.toml.keep-me.bak") is None
True
"""

from __future__ import annotations

import hashlib
import os
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = [
    "BACKUP_DIR_NAME", "BACKUP_KEEP", "MAX_KEEP", "Backup", "BackupName", "BackupPolicy",
    "backup_dir", "backups_of", "digest", "entries", "parse_name", "prune",
]

#: Name of the hidden folder, beside the trips, that holds backups.
BACKUP_DIR_NAME = ".tripplan-backup"
#: How many backups of each trip are kept unless the ``backups`` setting says otherwise.
BACKUP_KEEP = 10
#: The most backups of one trip the ``backups`` setting may ask for.
MAX_KEEP = 1000
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%S.%fZ"
DIGEST_LENGTH = 8

_COMMAND = r"[a-z][a-z0-9-]{0,31}"
_TAIL = (r"\.(?P<ts>\d{8}T\d{6}\.\d{6}Z)(?:-(?P<n>\d+))?"
         rf"(?:\.(?P<cmd>{_COMMAND})-(?P<digest>[0-9a-f]{{{DIGEST_LENGTH}}}))?\.bak")
_ANY = re.compile(r"(?P<origin>.+)" + _TAIL)


@dataclass(frozen=True, slots=True)
class BackupPolicy:
    """How a write keeps the version it replaces: the last ``keep`` backups of the trip are
    kept (the oldest pruned first, never the newest), and ``command`` (``set``, ``restore``,
    …) is recorded in the new backup's name.

    >>> BackupPolicy(keep=0)
    Traceback (most recent call last):
    ValueError: keep at least one backup, not 0
    """

    keep: int = BACKUP_KEEP
    command: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.keep <= MAX_KEEP:
            raise ValueError(f"keep at least one backup, not {self.keep}" if self.keep < 1
                             else f"keep at most {MAX_KEEP} backups, not {self.keep}")
        if self.command is not None and not re.fullmatch(_COMMAND, self.command):
            raise ValueError(f"not a command name: {self.command!r}")


@dataclass(frozen=True, slots=True)
class BackupName:
    """The parts of a backup's file name (see the module documentation)."""

    origin: str
    stamp: str
    counter: int = 0
    command: str | None = None
    digest: str | None = None

    @property
    def replaced_at(self) -> datetime:
        """When the version in this backup was replaced (aware, UTC)."""
        return datetime.strptime(self.stamp, TIMESTAMP_FORMAT).replace(tzinfo=UTC)

    def text(self) -> str:
        counter = f"-{self.counter}" if self.counter else ""
        tag = f".{self.command}-{self.digest}" if self.command and self.digest else ""
        return f"{self.origin}.{self.stamp}{counter}{tag}.bak"


def parse_name(name: str, origin: str | None = None) -> BackupName | None:
    """The parts of backup file name ``name`` (only a backup of ``origin``, if given);
    ``None`` for any other name."""
    match = _ANY.fullmatch(name)
    if match is None or (origin is not None and match["origin"] != origin):
        return None
    try:
        datetime.strptime(match["ts"], TIMESTAMP_FORMAT)
    except ValueError:  # 20251399T…: digits, but no date
        return None
    return BackupName(match["origin"], match["ts"], int(match["n"] or 0), match["cmd"],
                      match["digest"])


def digest(data: bytes) -> str:
    """The digest a backup's name records of the version written in its place.

    >>> digest(b"v2")
    'fb04dcb6'
    """
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file of a trip: its path and what its name says."""

    path: Path
    name: BackupName

    @property
    def order(self) -> tuple[str, int]:
        return self.name.stamp, self.name.counter


def _resolve(path: Path) -> Path:
    return Path(os.path.realpath(os.fspath(path)))


def backup_dir(target: Path) -> Path:
    """The backup folder of the (resolved) trip file ``target``."""
    return target.parent / BACKUP_DIR_NAME


def entries(target: Path) -> list[Backup]:
    """The backups of the resolved trip file ``target``, oldest first."""
    found: list[Backup] = []
    try:
        listed = list(os.scandir(backup_dir(target)))
    except OSError:
        return []
    for entry in listed:
        name = parse_name(entry.name, target.name)
        if name is not None:
            found.append(Backup(Path(entry.path), name))
    found.sort(key=lambda b: b.order)
    return found


def backups_of(path: Path) -> list[Path]:
    """The backups of a trip, oldest first (empty if there are none).

    >>> backups_of(Path("/nonexistent/visit.toml"))
    []
    """
    return [backup.path for backup in entries(_resolve(Path(path)))]


def prune(found: list[Backup], *, keep: int) -> None:
    """Delete all but the newest ``keep`` of ``found`` (sorted oldest first); best effort."""
    for old in found[: max(len(found) - max(keep, 1), 0)]:
        with suppress(OSError):
            old.path.unlink()
