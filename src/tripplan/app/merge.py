"""``tripplan merge-driver``: git's merge of a trip file, as a merge driver.

Git runs it for files that ``.gitattributes`` marks ``merge=tripplan`` (docs/ics.md,
"Working as a team")::

    tripplan merge-driver %O %A %B %P

with the common ancestor, our version (where the result is written) and theirs. The
outcome is ``OK`` for a clean merge, ``FINDINGS`` when conflicts are left marked in the
file for a person (git then reports the conflict); see :mod:`tripplan.merge`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.errors import InputError
from tripplan.merge import merge_trip_texts
from tripplan.storage import atomic_write


@dataclass
class MergeResult:
    clean: bool

    @property
    def outcome(self) -> Outcome:
        return Outcome.OK if self.clean else Outcome.FINDINGS


def merge_driver(env: Environment, base: Path, ours: Path, theirs: Path,
                 path: str | None = None) -> MergeResult:
    """Merge ``theirs`` into ``ours`` (written in place) from ``base``; ``path`` is the
    file's name in the repository (its suffix says TOML or JSON)."""
    texts = []
    for file in (base, ours, theirs):
        try:
            texts.append(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read a version to merge: {err}", path=file) from None
    merged = merge_trip_texts(*texts, Path(path or ours))
    atomic_write(ours, merged.text.encode("utf-8"), backup=False)
    return MergeResult(merged.clean)
