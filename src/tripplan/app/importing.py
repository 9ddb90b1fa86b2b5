"""``tripplan import``: calendar files and schema.org reservations become items of a trip.

:func:`import_files` reads every file (:mod:`tripplan.importing`), plans the items against
the trip (``into``: an existing trip, matched by UID; ``new``: a new trip file in the
itineraries folder, its dates from the events) and writes them through the same validated,
atomic, revision-raising edit as every other change
(:func:`tripplan.edit.transaction.apply_edit`). Nothing is written unless every file reads
and the whole result validates; ``dry_run`` reports the same changes and writes nothing.

>>> import datetime as dt
>>> env = Environment.for_test(now=dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC))
>>> import_files(env, ["x.ics"])
Traceback (most recent call last):
tripplan.errors.UsageError: give into (an existing trip) or new (an id for a new trip)
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.errors import FindingsError, InputError, UsageError

if TYPE_CHECKING:
    from tripplan.diagnostics import Diagnostic
    from tripplan.diff import TripDiff
    from tripplan.importing import Source
    from tripplan.model import Trip


@dataclass
class ImportResult:
    """What an import did (or, with ``dry_run``, would do)."""

    path: Path
    changes: TripDiff
    written: bool = False
    dry_run: bool = False
    created: bool = False
    revision: int | None = None
    message: str = ""
    warnings: list[Diagnostic] = field(default_factory=list)
    outcome: Outcome = Outcome.OK

    def to_json(self) -> dict[str, Any]:
        from tripplan.load import display_path

        return {"file": display_path(self.path), "written": self.written,
                "dry_run": self.dry_run, "created": self.created, "revision": self.revision,
                "message": self.message, "changes": self.changes.to_json(),
                "warnings": [d.to_json() for d in self.warnings]}


def import_files(env: Environment, files: Sequence[str | Path], *, into: str | None = None,
                 new: str | None = None, timezone: str | None = None, dry_run: bool = False,
                 force: bool = False, lock_timeout: float = 10.0) -> ImportResult:
    """Import ``files`` (``.ics``, JSON-LD, HTML) into trip ``into`` or a new trip ``new``."""
    if (into is None) == (new is None):
        raise UsageError("give into (an existing trip) or new (an id for a new trip)"
                         if into is None else "give either {into} or {new}, not both",
                         argument="into", hint="{into} TRIP, or {new} ID for a new trip file")
    if not files:
        raise UsageError("no files to import", argument="files")
    zone = _checked_zone(timezone)
    if into is not None:
        return _into(env, files, into, zone, dry_run=dry_run, force=force,
                     lock_timeout=lock_timeout)
    assert new is not None
    return _new(env, files, new, zone, dry_run=dry_run, force=force)


def _checked_zone(name: str | None) -> str | None:
    from tripplan.zones import get_zone, suggest_zone

    if name is None:
        return None
    if get_zone(name) is None:
        close = suggest_zone(name)
        raise UsageError(f'{{timezone}} "{name}" is not a time zone', argument="timezone",
                         hint=f'did you mean "{close}"?' if close else
                         "give an IANA zone such as Asia/Tokyo or Europe/Paris")
    return name


def _read(files: Sequence[str | Path], zone: str | None, window) -> list[Source]:
    from tripplan.importing import read_source
    from tripplan.load import display_path

    sources = []
    for file in files:
        path = Path(file)
        shown = display_path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", path=shown) from None
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror or err}", path=shown) from None
        sources.append(read_source(data, shown, zone=zone, window=window))
    return sources


def _into(env: Environment, files: Sequence[str | Path], into: str, zone: str | None, *,
          dry_run: bool, force: bool, lock_timeout: float) -> ImportResult:
    from tripplan.catalog import find_trip
    from tripplan.edit.transaction import EditTransaction, apply_edit
    from tripplan.importing.apply import operation, summary
    from tripplan.importing.build import Builder
    from tripplan.load import load_trip

    path = find_trip(into, folder=lambda: env.settings.itineraries)
    trip = load_trip(path).trip
    sources = _read(files, zone, (trip.start, trip.end))
    plan = Builder(trip, zone=zone).build([r for s in sources for r in s.records])
    step = functools.partial(operation, plan)
    if dry_run:
        edit = EditTransaction(path, step, force=force)
        edit.transform(path.read_bytes())
        return ImportResult(path, _diff(trip, edit), dry_run=True, message=summary(plan))
    done = apply_edit(path, step, force=force, lock_timeout=lock_timeout,
                      backup=env.backups("import"))
    from tripplan.diff import TripDiff

    return ImportResult(path, done.changes or TripDiff(), written=done.changed,
                        revision=done.revision, message=summary(plan),
                        warnings=done.warnings + done.forced)


def _diff(trip: Trip, edit: Any) -> TripDiff:
    from tripplan.diff import TripDiff, diff_trips

    checked = edit.checked
    if checked is None or checked.after is None:
        return TripDiff()
    return diff_trips(trip, checked.after.trip)


def _new(env: Environment, files: Sequence[str | Path], trip_id: str, zone: str | None, *,
         dry_run: bool, force: bool) -> ImportResult:
    from tripplan.catalog import itineraries_folder
    from tripplan.diff import diff_trips
    from tripplan.importing.apply import new_trip_data, new_trip_text
    from tripplan.importing.build import Builder
    from tripplan.load import display_path, load_text
    from tripplan.model import Trip

    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", trip_id):
        raise UsageError(f'{{new}} "{trip_id}" is not a valid trip id', argument="new",
                         hint="ids use lower-case letters, digits, '-', '_' and '.'")
    path = itineraries_folder(env.settings.itineraries) / f"{trip_id}.toml"
    if path.exists():
        raise UsageError(f"{display_path(path)} already exists; nothing was written",
                         argument="new", hint=f"import into it: {{into}} {trip_id}")
    sources = _read(files, zone, None)
    records = [r for s in sources for r in s.records]
    home = zone or _common_zone(records) or env.settings.home_timezone or "UTC"
    today = env.today()
    empty = Trip(id=trip_id, title=trip_id, home_timezone=home, start=today, end=today)
    plan = Builder(empty, zone=zone).build(records)
    title = next((s.name for s in sources if s.name), None) or trip_id
    text = new_trip_text(new_trip_data(trip_id, title, home, plan, today=today))
    loaded = load_text(text, path)
    warnings = _check_new(loaded, force=force)
    same = {key: getattr(loaded.trip, key) for key in ("title", "start", "end", "places")}
    changes = diff_trips(empty.model_copy(update=same), loaded.trip)
    count = len(loaded.trip.items)
    message = f"{count} item{'s' if count != 1 else ''} in a new trip"
    if dry_run:
        return ImportResult(path, changes, dry_run=True, created=False, message=message,
                            warnings=warnings)
    _write_new(path, text)
    return ImportResult(path, changes, written=True, created=True, revision=0,
                        message=message, warnings=warnings)


def _common_zone(records: list) -> str | None:
    zones = Counter(w.zone for r in records for w in (r.start, r.end)
                    if w is not None and w.zone and not w.guessed)
    return zones.most_common(1)[0][0] if zones else None


def _check_new(loaded: Any, *, force: bool) -> list[Diagnostic]:
    from tripplan.diagnostics import Severity
    from tripplan.rules import check_trip, select_rules

    found = check_trip(loaded, select_rules())
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors and not force:
        raise FindingsError("not saved: the imported trip would not be valid "
                            f"({len(errors)} error{'s' if len(errors) != 1 else ''}); "
                            "nothing was written (add {force} to save it anyway)",
                            errors, argument="force")
    return found


def _write_new(path: Path, text: str) -> None:
    from tripplan import storage
    from tripplan.load import display_path

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder: {err.strerror or err}",
                         path=path.parent) from None
    with storage.locked(path):
        if path.exists():
            raise UsageError(f"{display_path(path)} already exists; nothing was written")
        storage.atomic_write(path, text.encode("utf-8"), backup=False)
