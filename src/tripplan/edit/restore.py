"""Putting an earlier version of a trip back: :func:`restore_version` (``tripplan restore``).

A restore is an edit like the others, through :func:`tripplan.storage.edit_file`: under the
trip's lock, atomically, with the version it replaces kept as a backup (so a restore can be
undone by restoring rev 1), the file's owner and mode kept. The file gets the *content* of
the version restored, and goes on from the version it replaces where calendars and agendas
need it to:

* the ``revision`` is one more than the current one (a "Rev. 5" agenda printed since is not
  mistaken for the restored version);
* each item keeps the calendar stamp it has now, and is stamped one ``SEQUENCE`` further on
  if its content changes, so calendars that got a later version take the restored one;
  items the restore takes out are recorded under ``[removed.<id>]`` (their cancellation is
  sent), and items that come back are numbered past their cancellation.

So ``tripplan diff`` between the restored file and the version restored shows no change.

A version that does not load (broken by hand before it was replaced) is refused with its
located errors unless ``force``; with ``force`` its bytes are written back as they are. A
version that loads but brings error findings the file does not have now is refused unless
``force``, as any edit is. If the file changed after the person was asked, nothing is
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tripplan import storage
from tripplan.backupfiles import BackupPolicy
from tripplan.diagnostics import Diagnostic
from tripplan.diff import diff_trips
from tripplan.edit.document import TripDocument
from tripplan.edit.stamps import removed_value, stamp_document, stamp_value
from tripplan.edit.transaction import (
    Assessment,
    Change,
    Checked,
    EditOutcome,
    EditTransaction,
    assess,
    bump_revision,
    format_of,
    original_revision,
)
from tripplan.errors import InputError
from tripplan.history import Version
from tripplan.load import LoadError, display_path, load_bytes
from tripplan.model import Trip


class RefusedRestore(InputError):
    """A version that does not load, restored without ``force`` (exit 2; nothing written)."""

    def __init__(self, rev: int, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"not restored: rev {rev} does not load (see above); nothing was "
                         "changed (add {force} to restore it as it is)")
        self.diagnostics = diagnostics


def _nothing(doc: TripDocument, before: Assessment) -> Change:
    return Change()


def _carry(doc: TripDocument, restored: Trip, current: Trip) -> None:
    """Give the restored items the stamps they have now, and keep the record of items
    taken out since (see the module documentation)."""
    now = {item.id: item for item in current.items}
    for index, item in enumerate(restored.items):
        mine = now.get(item.id)
        if mine is not None and mine.stamp is not None and mine.stamp != item.stamp:
            doc.set(("items", index, "stamp"), stamp_value(mine.stamp))
    for item_id, gone in current.removed.items():
        if item_id not in restored.removed:
            doc.set(("removed", item_id), removed_value(gone))


@dataclass
class _Restoring:
    """The transform :func:`tripplan.storage.edit_file` runs under the lock."""

    path: Path
    version: Version
    expected: bytes
    force: bool
    checked: Checked | None = None
    revision: object = None

    def __call__(self, current: bytes) -> bytes:
        if current != self.expected:
            raise InputError(
                f"not restored: {display_path(self.path)} changed while you were asked; "
                "nothing was changed", hint="run the restore again to see what it would change")
        fmt = format_of(self.path)
        try:
            load_bytes(self.version.data, self.version.path, fmt)
        except LoadError as err:
            if not self.force:
                raise RefusedRestore(self.version.rev, err.diagnostics) from None
            self.revision = original_revision(self.version.data.decode("utf-8", "replace"), fmt)
            return self.version.data
        text = self.version.data.decode("utf-8")
        wanted = assess(text, self.version.path, fmt)
        assert wanted.loaded is not None
        try:
            now_text = current.decode("utf-8")
        except UnicodeDecodeError:  # the file now is not even text: nothing to go on from
            now_text = ""
        now = assess(now_text, self.path, fmt) if now_text else Assessment(None, [])
        doc = TripDocument(text, fmt)
        if now.loaded is not None:
            _carry(doc, wanted.loaded.trip, now.loaded.trip)
        bump_revision(doc, original_revision(now_text, fmt))
        stamp_document(doc, now.loaded.trip if now.loaded else None, self.path)
        new_text = doc.dumps()
        self.checked = self._check(now, assess(new_text, self.path, fmt))
        self.revision = doc.get(("revision",))
        return new_text.encode("utf-8")

    def _check(self, now: Assessment, after: Assessment) -> Checked:
        return EditTransaction(self.path, _nothing, force=self.force).check(now, after)


def restore_version(path: Path, version: Version, *, expected: bytes, force: bool = False,
                    lock_timeout: float = 10.0,
                    backup: BackupPolicy | None = None) -> EditOutcome:
    """Write the content of ``version`` back as trip file ``path`` (see the module
    documentation); ``expected`` is the file's bytes as the person saw them."""
    restoring = _Restoring(path, version, expected, force)
    written = storage.edit_file(path, restoring, timeout=lock_timeout,
                                backup=backup or BackupPolicy(command="restore"))
    outcome = EditOutcome(path, written.changed, backup=written.backup,
                          message=f"restored rev {version.rev}")
    if not written.changed:
        outcome.message = f"no change: rev {version.rev} is what {display_path(path)} holds"
        return outcome
    outcome.revision = restoring.revision  # type: ignore[assignment]
    checked = restoring.checked
    if checked is not None:
        outcome.forced, outcome.warnings = checked.forced, checked.warnings
        if checked.before is not None and checked.after is not None:
            outcome.changes = diff_trips(checked.before.trip, checked.after.trip)
    return outcome
