"""What ``validate`` and ``list`` found in each trip file, kept so that running them again on
files that have not changed skips parsing and the model (as ruff's cache does).

One entry per command and file: ``<folder>/v1/<namespace>/<hash of the file's path>.json``
holds ``{"key": ..., "value": ...}``. The key is a hash of everything the result depends on:

* the file's text (not its time stamp: a ``git checkout`` that restores the same bytes
  keeps the entry, an edit within the same second does not);
* the command's options (rule selection, language);
* tripplan's own code (size and modification time of each of its modules, and its version);
* the packages that decide a result — pydantic, pydantic-core, tomli, tzdata,
  airportsdata, phonenumbers — by installed version, the Python version, and the zone
  database on disk.

A result is only ever served for exactly the same input under exactly the same code, so
the cache cannot make a finding appear or disappear; deleting the folder is always safe.

The folder is ``$TRIPPLAN_CACHE_DIR``, else the platform's cache folder
(Linux: ``~/.cache/tripplan``; macOS: ``~/Library/Caches/tripplan``; Windows:
``%LOCALAPPDATA%\\tripplan\\Cache``). ``--no-cache`` or ``TRIPPLAN_NO_CACHE=1`` turns it
off. A cache that cannot be read or written is ignored, never an error.

>>> import tempfile, pathlib
>>> cache = ResultCache("doc", {"lang": "en"}, folder=pathlib.Path(tempfile.mkdtemp()))
>>> trip = pathlib.Path("trip.toml")
>>> cache.get(trip, 'id = "x"') is None
True
>>> cache.put(trip, 'id = "x"', {"items": 3})
>>> cache.get(trip, 'id = "x"')
{'items': 3}
>>> cache.get(trip, 'id = "y"') is None  # the file changed
True
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tripplan import __version__

FORMAT = "v1"
CACHE_DIR_ENV = "TRIPPLAN_CACHE_DIR"
NO_CACHE_ENV = "TRIPPLAN_NO_CACHE"

RESULT_PACKAGES = ("airportsdata", "phonenumbers", "pydantic", "pydantic_core", "tomli",
                   "tzdata")
"""Installed packages whose version can change what a command finds in a trip."""


class ResultCache:
    """Results per file for one command (``namespace``) run with ``options``."""

    def __init__(self, namespace: str, options: Mapping[str, Any], *, folder: Path) -> None:
        self.folder = folder / FORMAT / namespace
        self._salt = json.dumps([__version__, namespace, dict(options), environment()],
                                sort_keys=True, default=str).encode()

    @classmethod
    def for_command(cls, namespace: str, options: Mapping[str, Any], *,
                    enabled: bool = True) -> ResultCache | None:
        """The cache of ``namespace``, or ``None`` when turned off (``--no-cache``, env)."""
        if not enabled or os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
            return None
        return cls(namespace, options, folder=cache_folder())

    def _entry(self, path: Path) -> Path:
        where = os.path.abspath(path).encode("utf-8", "surrogateescape")
        return self.folder / f"{hashlib.blake2b(where, digest_size=16).hexdigest()}.json"

    def _key(self, text: str) -> str:
        digest = hashlib.blake2b(self._salt, digest_size=32)
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, path: Path, text: str) -> Any | None:
        """The value stored for ``path`` with exactly this ``text``, else ``None``."""
        try:
            entry = json.loads(self._entry(path).read_bytes())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != self._key(text):
            return None
        return entry.get("value")

    def put(self, path: Path, text: str, value: Any) -> None:
        """Store ``value`` for ``path`` with this ``text`` (written whole, or not at all)."""
        entry = self._entry(path)
        partial = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps({"key": self._key(text), "value": value},
                                          ensure_ascii=False), encoding="utf-8")
            os.replace(partial, entry)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def cache_folder() -> Path:
    """``$TRIPPLAN_CACHE_DIR``, else the platform's cache folder for tripplan."""
    explicit = os.environ.get(CACHE_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("tripplan", appauthor=False)


@functools.cache
def environment() -> list:
    """What, besides the file and the options, a cached result depends on (once a process)."""
    return [sys.version, _code_stamp(), _package_versions(), _zone_data_stamp()]


def _code_stamp(root: Path | None = None) -> list:
    """Size and modification time of every module of tripplan: an edited checkout is new code."""
    root = root or Path(__file__).resolve().parent
    stamps = []
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".py"):
                info = os.stat(os.path.join(folder, name))
                stamps.append((os.path.relpath(os.path.join(folder, name), root),
                               info.st_size, info.st_mtime_ns))
    return sorted(stamps)


def _package_versions() -> list[str]:
    """``name-version`` of each of :data:`RESULT_PACKAGES` installed on ``sys.path``.

    Read from the ``*.dist-info`` folder names rather than ``importlib.metadata``, which
    alone costs more start-up time than the cache saves.
    """
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info") and name.split("-", 1)[0].lower() in RESULT_PACKAGES:
                found.append(name)
    return sorted(found)


def _zone_data_stamp() -> list:
    """The system zone database (used before the tzdata package) by modification time."""
    import zoneinfo

    stamps = []
    for folder in zoneinfo.TZPATH:
        for name in ("", "tzdata.zi"):
            with contextlib.suppress(OSError):
                stamps.append((folder, name, os.stat(os.path.join(folder, name)).st_mtime_ns))
    return stamps
