"""Finding trip files: folders, paths and trip ids.

``tripplan list`` and every command that takes ``TRIP`` go through here: a path to a file,
a folder (searched recursively for ``*.toml`` and ``*.json``, hidden files and folders
skipped), or a trip id looked up in the itineraries folder.

Nothing here reads a file that is not a regular file: a named pipe, a device or a symbolic
link loop under a folder is yielded like any trip file, and :func:`tripplan.load.read_text`
refuses it (``F001``); a folder given by a name that ends in ``.toml`` or ``.json`` is a
path to a trip file, not a folder to search, and is refused the same way.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tripplan.errors import UsageError
from tripplan.load import TRIP_SUFFIXES, LoadedTrip, load_trip

_ID_LINE = re.compile(r'^\s*"?id"?\s*[=:]\s*"([^"]+)"', re.MULTILINE)


Folder = str | Path | Callable[[], str | Path] | None
"""The itineraries folder, or a function that gives it (read only when a lookup needs it)."""


def itineraries_folder(folder: Folder = None) -> Path:
    """The folder of trips: ``folder`` if given, else ``$TRIPPLAN_ITINERARIES``, the config
    file, or ./itineraries."""
    if callable(folder):
        folder = folder()
    if folder:
        return Path(folder)
    from tripplan.config import settings

    return Path(settings().itineraries)


def trip_files(paths: Iterable[str | Path] | None = None, *,
               folder: Folder = None) -> Iterator[Path]:
    """Trip files under ``paths`` (default: ``folder``, else the itineraries folder), sorted,
    no duplicates.

    A path that does not exist is yielded as is, so that loading it reports it.
    """
    seen: set[Path] = set()
    roots = [Path(p) for p in paths] if paths else [itineraries_folder(folder)]
    for root in roots:
        found = sorted(_walk(root)) if _is_folder(root) else [root]
        for path in found:
            key = Path(os.path.realpath(path))  # never raises, even for a link loop
            if key not in seen:
                seen.add(key)
                yield path


def _is_folder(root: Path) -> bool:
    """Whether ``root`` is a folder to search (a folder named like a trip file is not)."""
    return root.is_dir() and not root.name.lower().endswith(TRIP_SUFFIXES)


def _walk(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "node_modules"]
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(TRIP_SUFFIXES):
                yield Path(dirpath) / name


def head(path: Path, size: int = 4096) -> str | None:
    """The first ``size`` bytes of a regular file as text, without waiting on a pipe or a
    device (``None`` for what is not a regular file or cannot be read)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        with os.fdopen(os.open(path, flags), "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            return f.read(size).decode("utf-8", errors="replace")
    except OSError:
        return None


def quick_id(text: str | None) -> str | None:
    """The trip ``id`` in the head of a trip file (TOML or JSON), found without parsing.

    >>> quick_id('# a trip\\nid = "2024-06-bkk"\\n'), quick_id('{\\n  "id": "x"'), quick_id("")
    ('2024-06-bkk', 'x', None)
    """
    m = _ID_LINE.search(text or "")
    return m.group(1) if m else None


def _quick_id(path: Path) -> str | None:
    """The ``id`` near the top of a regular file, without waiting on a pipe or a device."""
    return quick_id(head(path))


def find_trip(ref: str | Path, *, folder: Folder = None) -> Path:
    """The file of trip ``ref``: a path, or a trip id searched in ``folder`` (default: the
    itineraries folder)."""
    path = Path(ref)
    if path.exists() or path.suffix.lower() in TRIP_SUFFIXES or os.sep in str(ref):
        return path
    folder = itineraries_folder(folder)
    candidates = list(trip_files([folder])) if folder.is_dir() else []
    ids: dict[str, Path] = {}
    for candidate in candidates:
        if candidate.stem == ref:
            return candidate
        trip_id = _quick_id(candidate)
        if trip_id:
            ids.setdefault(trip_id, candidate)
    if str(ref) in ids:
        return ids[str(ref)]
    close = difflib.get_close_matches(str(ref), list(ids), n=1, cutoff=0.5)
    hint = f'did you mean "{close[0]}"?' if close else "see `tripplan list` for the trips"
    raise UsageError(f'no trip "{ref}" in {folder}/ (and no such file)', hint=hint)


def load_ref(ref: str | Path, *, folder: Folder = None) -> LoadedTrip:
    """Load the trip named by a path or an id."""
    return load_trip(find_trip(ref, folder=folder))
