"""One edit of a trip file, from the bytes on disk to the bytes written: :func:`apply_edit`.

Every edit goes through :func:`tripplan.storage.edit_file`: under the trip's lock the
current bytes are read, the change is made on a :class:`~tripplan.edit.document.TripDocument`,
the result is checked, and the file is replaced atomically with the previous version kept
in ``.tripplan-backup/`` beside the trip. If anything goes wrong nothing is written.

Before writing, the new text is loaded and checked with validate's rules. An edit is
refused when it would **introduce** a problem:

* a value the trip format cannot load (wrong type, unknown status, ...):
  :class:`RefusedEdit`, an input error (exit 2), never written (not even with ``force``);
* a new error-level finding (e.g. ``R002`` unknown place): :class:`FindingsError` (exit 1),
  unless ``force`` (then it is written and reported in :attr:`EditOutcome.forced`);
* a local time that does not exist or happens twice (DST gap or fold) in the item's zone:
  a usage error with the candidates (:func:`check_local_times`).

Problems the file already had do not block an unrelated edit (so a half-finished trip can
still be edited). Each saved change raises the trip's ``revision`` by one (the key is added
after ``end`` if missing); a revision the user set higher by hand is kept.

>>> doc = TripDocument('id = "t"\\nend = 2024-06-22\\nrevision = 3\\n', "toml")
>>> bump_revision(doc, 3)
>>> doc.get(("revision",))
4
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan import storage
from tripplan.backupfiles import BackupPolicy
from tripplan.catalog import find_trip
from tripplan.diagnostics import Diagnostic, Severity
from tripplan.diff import TripDiff, diff_trips
from tripplan.edit.document import TripDocument
from tripplan.edit.stamps import stamp_document
from tripplan.errors import FindingsError, InputError, UsageError
from tripplan.load import LoadedTrip, LoadError, display_path, load_text, parse_document, read_text
from tripplan.model import Trip
from tripplan.rules import check_trip, select_rules
from tripplan.tomldoc import TOMLDecodeError, loads
from tripplan.zones import offset_label, resolve


class RefusedEdit(InputError):
    """An edit whose result could not be loaded as a trip (exit 2; never written)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("not saved: the trip would not load with this change; nothing was "
                         "changed", hint="fix the value (see above)")
        self.diagnostics = diagnostics


@dataclass
class Assessment:
    """A trip text as loaded and checked: the trip (if it loads) and its findings."""

    loaded: LoadedTrip | None
    diagnostics: list[Diagnostic]
    error: LoadError | None = None

    def require(self) -> LoadedTrip:
        if self.loaded is None:
            assert self.error is not None
            raise self.error
        return self.loaded

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def assess(text: str, path: Path, fmt: str) -> Assessment:
    """Load ``text`` as the trip at ``path`` and check it with every rule."""
    try:
        loaded = load_text(text, path, fmt)
    except LoadError as err:
        return Assessment(None, err.diagnostics, err)
    return Assessment(loaded, check_trip(loaded, select_rules()))


def format_of(path: Path) -> str:
    """``json`` or ``toml``, by the file's suffix."""
    return "json" if path.suffix.lower() == ".json" else "toml"


def _offset_text(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")[16:]


def check_local_times(trip: Trip, ids: set[str]) -> None:
    """Refuse local times of items ``ids`` that fall in a DST gap or fold of their zone."""
    for t in resolve(trip):
        if t.item.id not in ids:
            continue
        for which, local, value, zone in (("start", t.start_local, t.item.start, t.start_zone),
                                          ("end", t.end_local, t.item.end, t.end_zone)):
            if local is None or value is None or local.status == "ok":
                continue
            _refuse_local_time(f'item "{t.item.id}": {which} {value:%Y-%m-%d %H:%M}',
                               local, value, zone)


def _refuse_local_time(who: str, local: Any, value: dt.datetime, zone: str) -> None:
    if local.status == "nonexistent":
        walls = sorted(local.candidates, key=lambda c: c.replace(tzinfo=None))
        options = " or ".join(f"{c:%H:%M} ({offset_label(c)})" for c in walls)
        raise UsageError(f"{who} does not exist in {zone}: the clocks go forward then",
                         hint=f"choose a time that exists, e.g. {options}")
    if local.status == "ambiguous":
        first, second = local.candidates
        raise UsageError(
            f"{who} happens twice in {zone}: the clocks go back then "
            f"({offset_label(first)} first, then {offset_label(second)})",
            hint=f"give the offset to choose one: {value:%Y-%m-%dT%H:%M}"
                 f"{_offset_text(first)} or {value:%Y-%m-%dT%H:%M}{_offset_text(second)}")
    right = " or ".join(offset_label(c) for c in local.candidates)
    raise UsageError(f"{who}: the offset {offset_label(value)} is not used in {zone} "
                     f"at that time ({right})", hint="give the right offset, or none")


@dataclass
class EditOutcome:
    """What an edit did, for the front end to report."""

    path: Path
    changed: bool
    revision: int | None = None
    backup: Path | None = None
    item: str | None = None
    message: str = ""
    changes: TripDiff | None = None
    forced: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    draft: Path | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": display_path(self.path), "changed": self.changed, "revision": self.revision,
            "backup": str(self.backup) if self.backup else None, "item": self.item,
            "message": self.message,
            "changes": self.changes.to_json() if self.changes is not None else None,
            "forced": [d.to_json() for d in self.forced],
            "warnings": [d.to_json() for d in self.warnings],
        }


@dataclass
class Change:
    """What an operation reports back: the items whose times it set, a message, an item id."""

    touched: set[str] = field(default_factory=set)
    message: str = ""
    item: str | None = None


Operation = Callable[[TripDocument, Assessment], Change]
"""Changes the document; told the trip as it was (model and findings)."""


def bump_revision(doc: TripDocument, original: Any) -> None:
    """Raise the revision by one from ``original`` (unless it was raised by hand)."""
    current = doc.get(("revision",))
    if original is not None and (not isinstance(original, int) or isinstance(original, bool)):
        return  # not a number: the validation reports it; we do not overwrite it
    base = original or 0
    if isinstance(current, int) and not isinstance(current, bool) and current > base:
        return  # raised by hand: kept
    doc.set(("revision",), base + 1)


def original_revision(text: str, fmt: str) -> Any:
    """The ``revision`` written in a trip text (None if it has none or does not parse)."""
    try:
        data = json.loads(text) if fmt == "json" else loads(text)
    except (ValueError, TOMLDecodeError):
        return None
    return data.get("revision") if isinstance(data, dict) else None


def _key(d: Diagnostic) -> tuple[str, str]:
    return d.code, d.message


@dataclass
class Checked:
    """An edit that passed the checks: the trip before and after, what it let through."""

    before: LoadedTrip | None
    after: LoadedTrip | None
    revision: Any
    forced: list[Diagnostic]
    warnings: list[Diagnostic]


@dataclass
class EditTransaction:
    """One edit of the file at ``path``, run by :func:`tripplan.storage.edit_file` under the
    lock (:meth:`transform`); afterwards it holds what the operation said and what was
    checked."""

    path: Path
    operation: Operation
    force: bool = False
    bump: bool = True
    change: Change = field(default_factory=Change)
    checked: Checked | None = None

    @property
    def fmt(self) -> str:
        return format_of(self.path)

    def transform(self, current: bytes) -> bytes:
        try:
            text = current.decode("utf-8")
        except UnicodeDecodeError:
            read_text(self.path)
            raise
        before = assess(text, self.path, self.fmt)
        if before.error is not None:
            parse_document(text, self.fmt, display_path(self.path))  # not even TOML/JSON
        doc = TripDocument(text, self.fmt)
        self.change = self.operation(doc, before)
        if not doc.changed:
            return current
        if self.bump:
            bump_revision(doc, original_revision(text, self.fmt))
        stamp_document(doc, before.loaded.trip if before.loaded else None, self.path)
        new_text = doc.dumps()
        self.checked = self.check(before, assess(new_text, self.path, self.fmt))
        self.checked.revision = doc.get(("revision",))
        return new_text.encode("utf-8")

    def check(self, before: Assessment, after: Assessment) -> Checked:
        """What the edit brings in that was not there; refused unless it may be written."""
        known = {_key(d) for d in before.diagnostics}
        new = [d for d in after.diagnostics if _key(d) not in known]
        errors = [d for d in new if d.severity is Severity.ERROR]
        if after.loaded is None and errors:
            raise RefusedEdit(errors)
        if self.change.touched and after.loaded is not None:
            check_local_times(after.loaded.trip, self.change.touched)
        if errors and not self.force:
            raise FindingsError(
                f"not saved: this change would make {display_path(self.path)} invalid "
                f"({len(errors)} error{'s' if len(errors) != 1 else ''}); nothing was changed "
                "(fix the change, or add {force} to save it anyway as work in progress)",
                errors, argument="force")
        warnings = [d for d in new if d.severity is not Severity.ERROR]
        return Checked(before.loaded, after.loaded, None, errors, warnings)


def apply_edit(ref: str | Path, operation: Operation, *, force: bool = False,
               lock_timeout: float = 10.0, bump: bool = True,
               backup: BackupPolicy | None = None) -> EditOutcome:
    """Run ``operation`` on trip ``ref`` under its lock, check the result, write it.

    ``operation(doc, before)`` changes ``doc`` (a :class:`TripDocument`); ``before`` holds the
    trip as it was (an :class:`Assessment`). See the module documentation for the checks.
    ``backup`` says how many backups are kept and which command the new one names.
    """
    path = find_trip(ref)
    read_text(path)  # a missing, binary or empty file is reported before anything else
    edit = EditTransaction(path, operation, force=force, bump=bump)
    written = storage.edit_file(path, edit.transform, timeout=lock_timeout,
                                backup=backup or BackupPolicy())
    outcome = EditOutcome(path, written.changed, backup=written.backup, item=edit.change.item,
                          message=edit.change.message)
    checked = edit.checked
    if written.changed and checked is not None:
        outcome.revision = checked.revision
        outcome.forced = checked.forced
        outcome.warnings = checked.warnings
        if checked.before is not None and checked.after is not None:
            outcome.changes = diff_trips(checked.before.trip, checked.after.trip)
    return outcome
