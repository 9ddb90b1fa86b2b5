"""The use cases of a trip's backups: ``history`` (the versions kept) and ``restore``.

Versions are numbered back from now, rev 0 being the file as it is (see
:mod:`tripplan.history`). Times are shown in the office's zone: the ``home_timezone``
setting, else the trip's own ``home_timezone``, else UTC.

>>> import datetime as dt
>>> saved_text(dt.datetime(2024, 6, 18, 1, 15, 30, tzinfo=dt.UTC), "Asia/Tokyo", "en")
'2024-06-18 10:15:30'
>>> saved_text(None, "Asia/Tokyo", "ja")
'—'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.diff import TripDiff
from tripplan.edit.transaction import EditOutcome
from tripplan.errors import UsageError
from tripplan.history import Entry, Version
from tripplan.present.vocabulary import word

Confirm = Callable[[str, TripDiff | None], bool]
"""Asks a person: the question, and what the restore would change (None: not known)."""


def saved_text(moment: dt.datetime | None, zone: str, lang: str) -> str:
    """A version's saving time in ``zone``, to the second; a dash when it is not known."""
    if moment is None:
        return word("not_recorded", lang)
    from tripplan.zones import get_zone

    return f"{moment.astimezone(get_zone(zone) or dt.UTC):%Y-%m-%d %H:%M:%S}"


def office_zone(env: Environment, entries: list[Entry]) -> str:
    """The ``home_timezone`` setting, else the trip's (newest version that loads), else UTC."""
    if env.settings.home_timezone:
        return env.settings.home_timezone
    for entry in entries:
        if entry.loaded is not None:
            return entry.loaded.trip.home_timezone
    return "UTC"


def _by(version: Version, lang: str) -> str:
    if version.made_by:
        return version.made_by
    return word("changed_outside" if version.changed_outside else "not_recorded", lang)


def _summary(entry: Entry, lang: str) -> str:
    if entry.error is not None:
        first = entry.error.diagnostics[0]
        return word("does_not_load", lang, code=first.code, line=str(first.line or 1))
    if entry.changes is not None:
        return entry.changes.summary(lang)
    return word("oldest_backup" if entry.oldest else "not_recorded", lang)


def _width(text: str) -> int:
    from tripplan.fmt import width

    return width(text)


@dataclass
class HistoryResult:
    """The versions of one trip, newest first, and how to show them."""

    path: Path
    entries: list[Entry]
    zone: str
    keep: int
    lang: str = "en"
    outcome: Outcome = Outcome.OK

    def rows(self) -> list[list[str]]:
        lang = self.lang
        head = [word(f"history_{key}", lang)
                for key in ("rev", "saved", "by", "revision", "changes")]
        body = [[str(e.version.rev), saved_text(e.version.saved_at, self.zone, lang),
                 _by(e.version, lang),
                 str(e.loaded.trip.revision) if e.loaded is not None else word(
                     "not_recorded", lang), _summary(e, lang)] for e in self.entries]
        return [head, *body]

    def lines(self) -> list[str]:
        """The table of ``tripplan history``: a heading line, then one line per version."""
        from tripplan.load import display_path

        rows = self.rows()
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        out = [word("history_head", self.lang, file=display_path(self.path),
                    n=str(len(self.entries) - 1), keep=str(self.keep), zone=self.zone)]
        for row in rows:
            cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths,
                                                                          strict=False)]
            out.append("  ".join([*cells, row[-1]]).rstrip())
        return out

    def to_json(self) -> dict[str, Any]:
        from tripplan.load import display_path

        return {"file": display_path(self.path), "zone": self.zone, "keep": self.keep,
                "versions": [_entry_json(e, self.zone, self.lang) for e in self.entries]}


def _entry_json(entry: Entry, zone: str, lang: str) -> dict[str, Any]:
    version = entry.version
    saved = version.saved_at
    return {
        **version.source(),
        "saved_at": saved.isoformat().replace("+00:00", "Z") if saved else None,
        "saved_local": saved_text(saved, zone, lang) if saved else None,
        "by": version.made_by, "changed_outside": version.changed_outside,
        "revision": entry.loaded.trip.revision if entry.loaded is not None else None,
        "loads": entry.loaded is not None,
        "errors": [d.to_json() for d in entry.error.diagnostics] if entry.error else [],
        "summary": _summary(entry, lang),
        "changes": entry.changes.to_json() if entry.changes is not None else None,
    }


def trip_history(env: Environment, trip: str | Path, *, lang: str | None = None
                 ) -> HistoryResult:
    """The versions of ``trip`` kept in its backups, rev 0 (the file now) first."""
    from tripplan.catalog import find_trip
    from tripplan.history import history

    path = find_trip(trip, folder=lambda: env.settings.itineraries)
    chosen = env.lang(lang)
    entries = history(path, lang=chosen)
    return HistoryResult(path, entries, office_zone(env, entries), env.settings.backups,
                         chosen)


@dataclass
class RestoreResult:
    """What the restore did (an :class:`~tripplan.edit.EditOutcome`) and its outcome."""

    edit: EditOutcome
    outcome: Outcome = Outcome.OK


def _question(path: Path, version: Version, zone: str) -> str:
    from tripplan.load import display_path

    saved = saved_text(version.saved_at, zone, "en")
    by = f" by {version.made_by}" if version.made_by else ""
    when = f" (saved {saved} {zone}{by})" if version.saved_at else ""
    return f"Restore {display_path(path)} to rev {version.rev}{when}?"


def restore_revision(env: Environment, trip: str | Path, rev: int, *, yes: bool = False,
                     force: bool = False, confirm: Confirm | None = None,
                     lock_timeout: float = 10.0) -> RestoreResult:
    """Put version ``rev`` of ``trip`` back (see :mod:`tripplan.edit.restore`), after
    ``confirm`` (asked only on a terminal) unless ``yes``."""
    from tripplan.catalog import find_trip
    from tripplan.edit.restore import RefusedRestore, restore_version
    from tripplan.history import history, pick

    path = find_trip(trip, folder=lambda: env.settings.itineraries)
    if rev == 0:
        raise UsageError("rev 0 is the trip as it is now: there is nothing to restore",
                         argument="rev", hint="give 1 for the version before the last change; "
                         "`tripplan history TRIP` lists them")
    entries = history(path)
    version = pick([e.version for e in entries], rev, path)
    chosen, current = entries[rev], entries[0]
    if chosen.error is not None and not force:
        raise RefusedRestore(rev, chosen.error.diagnostics)
    if not yes:
        asking = confirm if env.stdin_is_terminal else None
        if asking is None:
            raise UsageError(f"not restoring rev {rev} without confirmation", argument="yes",
                             hint="add {yes} to restore it (or run it in a terminal to be "
                                  "asked); `tripplan diff TRIP --rev N` shows what it would "
                                  "change")
        preview = _preview(current, chosen)
        if not asking(_question(path, version, office_zone(env, entries)), preview):
            return RestoreResult(EditOutcome(path, False, message="nothing restored"))
    done = restore_version(path, version, expected=current.version.data, force=force,
                           lock_timeout=lock_timeout, backup=env.backups("restore"))
    return RestoreResult(done)


def _preview(current: Entry, chosen: Entry) -> TripDiff | None:
    """What restoring ``chosen`` would change in the file now (if both load)."""
    from tripplan.diff import diff_trips

    if current.loaded is None or chosen.loaded is None:
        return None
    return diff_trips(current.loaded.trip, chosen.loaded.trip)
