"""Is the file on disk still the one an edit read? (for :func:`tripplan.storage.edit_file`)

A program that writes a trip file without tripplan's lock (an editor, a script appending
with ``>>``) may change it between tripplan's read and its write. Just before the rename
:func:`still` compares the file with the bytes the edit was based on: bytes appended
meanwhile are appended to the new version too, any other change raises
:class:`ChangedMeanwhile` (the edit then runs again on the new bytes). After the rename,
:func:`stray_bytes` looks at the replaced file for an append that landed in it during the
rename itself.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)

MAX_STRAY = 5 * 1024 * 1024 + 1
#: How long after the rename the replaced file is watched for a late append (seconds).
STRAY_GRACE = 0.02


class ChangedMeanwhile(Exception):
    """The file on disk is no longer the one an edit was based on (another program wrote)."""


def still(target: Path, expected: bytes, temp: Path, read: Callable[[], bytes]
          ) -> tuple[int, bytes]:
    """Make sure ``target`` still holds ``expected`` just before ``temp`` replaces it.

    Bytes another program appended meanwhile are appended to ``temp`` too (they come after
    the edit, as if written just after it); any other change raises
    :class:`ChangedMeanwhile`. Returns a descriptor of ``target`` (to look at the replaced
    file after the rename, see :func:`stray_bytes`) and the bytes it holds."""
    for _ in range(1000):
        try:
            fd = os.open(target, os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK | _O_BINARY)
        except OSError:
            raise ChangedMeanwhile() from None
        now = read()
        if now == expected:
            return fd, now
        os.close(fd)
        if not now.startswith(expected):
            raise ChangedMeanwhile()
        with open(temp, "ab") as f:
            f.write(now[len(expected):])
        expected = now
    raise ChangedMeanwhile()


def stray_bytes(fd: int | None, expected: bytes) -> bytes | None:
    """What the replaced file holds if another program wrote into it during the rename."""
    if fd is None:
        return None
    try:
        # a writer that opened the file just before the rename may write a moment later
        time.sleep(STRAY_GRACE)
        size = os.fstat(fd).st_size
        return None if size == len(expected) else os.pread(fd, MAX_STRAY, 0)
    finally:
        os.close(fd)
