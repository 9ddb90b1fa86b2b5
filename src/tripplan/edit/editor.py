"""Editing a trip in the person's own editor (``edit``): :func:`edit_in_editor`.

The person edits a copy; the trip is replaced only by a valid file, through the lock, with
the revision raised. A draft that is not valid is re-opened, kept beside the trip (hidden,
see :func:`draft_path`) or abandoned; a trip that changed on disk meanwhile is never
overwritten.

>>> editor_command("code --wait")
['code', '--wait']
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tripplan import storage
from tripplan.backupfiles import BackupPolicy
from tripplan.catalog import find_trip
from tripplan.diagnostics import Diagnostic, Severity
from tripplan.diff import diff_trips
from tripplan.edit.document import TripDocument
from tripplan.edit.transaction import (
    Assessment,
    EditOutcome,
    assess,
    bump_revision,
    format_of,
    original_revision,
)
from tripplan.errors import FindingsError, UsageError
from tripplan.load import display_path, input_diagnostic, load_text, load_trip, read_text

Chooser = Callable[[list[Diagnostic]], str]
"""Shows findings and returns the person's choice: ``r`` (re-open), ``k`` (keep), ``a``."""


class _Conflict(Exception):
    pass


def editor_command(explicit: str | None = None,
                   environ: Mapping[str, str] | None = None) -> list[str]:
    """The editor to run: ``explicit``, ``$VISUAL``, ``$EDITOR`` (of ``environ``, default the
    process's), else ``vi`` (``notepad`` on Windows). The value may hold arguments:
    ``code --wait``, ``"C:/Program Files/x.exe" -w``.
    """
    environ = os.environ if environ is None else environ
    for value in (explicit, environ.get("VISUAL"), environ.get("EDITOR")):
        if value and value.strip():
            try:
                return shlex.split(value, posix=os.name != "nt")
            except ValueError as err:
                raise UsageError(f"cannot read the editor command {value!r}: {err}") from None
    return ["notepad"] if os.name == "nt" else ["vi"]


def draft_path(path: Path, now: dt.datetime | None = None) -> Path:
    """Where a draft that failed validation is kept: hidden, beside the trip.

    >>> draft_path(Path("itineraries/visit.toml"), dt.datetime(2024, 6, 21, 10, 30)).name
    '.visit.draft-20240621-103000.toml'
    """
    now = now or dt.datetime.now()
    candidate = path.with_name(f".{path.stem}.draft-{now:%Y%m%d-%H%M%S}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f".{path.stem}.draft-{now:%Y%m%d-%H%M%S}-{n}{path.suffix}")
        n += 1
    return candidate


def _keep_draft(path: Path, data: bytes) -> Path:
    target = draft_path(path)
    storage.atomic_write(target, data, backup=False)
    return target


@dataclass
class EditorSession:
    """The person editing a copy of the trip at ``path`` (``original``: its bytes)."""

    path: Path
    original: bytes
    command: list[str]
    choose: Chooser | None = None

    @property
    def shown(self) -> str:
        return display_path(self.path)

    def run_editor(self, draft: Path) -> bytes:
        """Run the editor on ``draft``; its bytes when the editor exits normally."""
        try:
            status = subprocess.run([*self.command, str(draft)]).returncode
        except FileNotFoundError:
            raise UsageError(f'cannot start the editor "{self.command[0]}"',
                             hint="set $VISUAL or $EDITOR, e.g. export EDITOR=nano") from None
        except PermissionError:
            raise UsageError(f'cannot run the editor "{self.command[0]}" (permission denied)',
                             hint="set $VISUAL or $EDITOR to an editor you may run") from None
        edited = draft.read_bytes()
        if status != 0:
            if edited == self.original:
                raise FindingsError(f"the editor exited with status {status}; "
                                    f"{self.shown} was not changed")
            kept = _keep_draft(self.path, edited)
            raise FindingsError(f"the editor exited with status {status}; {self.shown} was not "
                                f"changed; your version is kept in {display_path(kept)}")
        return edited

    def review(self, edited: bytes) -> tuple[str, Assessment] | None:
        """The edited text and its checks when it is valid; None when it is not."""
        try:
            text = edited.decode("utf-8")
        except UnicodeDecodeError:
            errors = [input_diagnostic("F002", "the file is not UTF-8 text", file=self.shown,
                                       help="save it as UTF-8")]
        else:
            state = assess(text, self.path, format_of(self.path))
            errors = state.errors()
            if not errors:
                return text, state
        self.decide(edited, errors)
        return None

    def decide(self, edited: bytes, errors: list[Diagnostic]) -> None:
        """Ask what to do with a draft that is not valid; returns only to re-open it."""
        choice = self.choose(errors) if self.choose is not None else "k"
        if choice == "r":
            return
        if choice == "a":
            raise FindingsError(f"abandoned: {self.shown} was not changed")
        kept = _keep_draft(self.path, edited)
        raise FindingsError(
            f"not saved: {self.shown} was not changed; your version is kept in "
            f"{display_path(kept)} (fix it with `tripplan edit {display_path(kept)}`, then "
            "copy it over the trip)", [] if self.choose is not None else errors)

    def edit(self) -> tuple[bytes, str, Assessment] | None:
        """Edit until the draft is valid; None when the person changed nothing."""
        with tempfile.TemporaryDirectory(prefix="tripplan-edit-") as folder:
            draft = Path(folder) / self.path.name
            draft.write_bytes(self.original)
            while True:
                edited = self.run_editor(draft)
                if edited == self.original:
                    return None
                reviewed = self.review(edited)
                if reviewed is not None:
                    return edited, *reviewed

    def save(self, edited: bytes, text: str, lock_timeout: float,
             backup: BackupPolicy | None = None) -> storage.EditResult:
        """Replace the trip by ``text`` (revision raised) unless it changed meanwhile."""
        fmt = format_of(self.path)

        def transform(current: bytes) -> bytes:
            if current != self.original:
                raise _Conflict
            doc = TripDocument(text, fmt)
            bump_revision(doc, original_revision(self.original.decode("utf-8", "replace"), fmt))
            return doc.dumps().encode("utf-8")

        try:
            return storage.edit_file(self.path, transform, timeout=lock_timeout,
                                     backup=backup or BackupPolicy())
        except _Conflict:
            kept = _keep_draft(self.path, edited)
            raise FindingsError(
                f"not saved: {self.shown} was changed by someone else while you edited it; "
                f"your version is kept in {display_path(kept)}",
                hint=f"compare with: tripplan diff {self.shown} {display_path(kept)}; then "
                     "edit again") from None


def edit_in_editor(ref: str | Path, *, editor: str | None = None,
                   choose: Chooser | None = None, lock_timeout: float = 10.0,
                   environ: Mapping[str, str] | None = None,
                   backup: BackupPolicy | None = None) -> EditOutcome:
    """``edit``: edit a copy in the editor; replace the trip only by a valid file.

    The copy is in a private temporary folder (same file name, so editors pick the right
    syntax). After the editor exits: unchanged → nothing happens; valid (no error-level
    finding) → saved through the lock with the revision raised; otherwise ``choose``
    decides: re-open the editor on the draft, keep the draft beside the trip (see
    :func:`draft_path`), or abandon it. Without ``choose`` (not a terminal) the draft is
    kept. If the trip changed on disk while it was being edited, nothing is overwritten:
    the draft is kept and the command fails. ``environ`` holds ``$VISUAL`` and ``$EDITOR``.
    """
    path = find_trip(ref)
    read_text(path)
    storage.check_writable(path)  # before the person's work, not after it
    session = EditorSession(path, storage.read_bytes(path), editor_command(editor, environ),
                            choose)
    done = session.edit()
    if done is None:
        return EditOutcome(path, False, message="no changes")
    edited, text, state = done
    warnings = [d for d in state.diagnostics if d.severity is not Severity.ERROR]
    result = session.save(edited, text, lock_timeout, backup)
    outcome = EditOutcome(path, result.changed, backup=result.backup, warnings=warnings)
    after = load_trip(path)
    outcome.revision = after.trip.revision
    with contextlib.suppress(Exception):
        before = load_text(session.original.decode("utf-8"), path, format_of(path))
        outcome.changes = diff_trips(before.trip, after.trip)
    return outcome
