"""The export record of a trip: what each calendar event looked like when last exported.

Calendars update an imported event in place only when the new copy has the same UID
and a higher ``SEQUENCE``. tripplan therefore keeps, beside the trip, one small JSON
file per trip::

    itineraries/2024-06-yokohama-bangkok.toml
    itineraries/.tripplan/2024-06-yokohama-bangkok.ics-state.json

For every event (by UID) it records a fingerprint of everything the event can show,
the ``SEQUENCE`` last exported, who could see it (visibility, participants) and a
*face*: the summary in every language and the start and end, enough to re-emit the
event as ``STATUS:CANCELLED`` once the item is removed from the trip or leaves a
calendar (made confidential, a participant taken off).

:meth:`ExportState.observe` compares an export with the record: a changed fingerprint
raises ``SEQUENCE`` by one; an item no longer in the trip is marked removed and its
``SEQUENCE`` raised once. The record depends only on the trip's successive contents,
never on the options of one export (``--for``, ``--audience``, ``--lang``), so every
calendar made from the trip agrees on each event's ``SEQUENCE``. Comments, formatting
and the order of items in the TOML are not in the fingerprint: hand edits that change
nothing visible leave ``SEQUENCE`` alone.

This module is data in, data out: :func:`tripplan.export.ics.render_calendar` takes the
record and gives back the calendar and the updated record (:meth:`ExportState.observed`).
The export use case (:mod:`tripplan.app.export`) reads the file and writes it (atomically,
under the trip's lock, only when it changes) *before* the calendar is written or printed:
a crash in between can skip a number, never reuse one.

>>> obs = Observation("visit", "abc", "public", None, {"summary": {"en": "Visit"}})
>>> state = ExportState("trip")
>>> state.observe({"visit@trip.tripplan": obs})
>>> state.events["visit@trip.tripplan"].sequence
0
>>> state.observe({"visit@trip.tripplan": obs._replace(fingerprint="abd")})
>>> state.events["visit@trip.tripplan"].sequence
1
>>> state.observe({})  # the item was deleted from the trip
>>> record = state.events["visit@trip.tripplan"]
>>> record.removed, record.sequence
(True, 2)
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tripplan.errors import InputError
from tripplan.model import Visibility

STATE_DIR = ".tripplan"
"""Hidden folder beside the trips (skipped by ``tripplan list`` and ``validate``)."""
STATE_SUFFIX = ".ics-state.json"
FORMAT = 1
REMOVED = "removed"
"""The fingerprint of an event whose item is no longer in the trip."""
ABOUT = ("Written by `tripplan export --ics`: what each calendar event looked like when last "
         "exported, so that SEQUENCE rises when it changes. Keep it with the trip (commit it); "
         "do not edit it. See docs/ics.md.")
LEVELS = tuple(v.value for v in Visibility)


def state_path(trip_file: Path, trip_id: str) -> Path:
    """Where the export record of trip ``trip_id`` stored in ``trip_file`` lives.

    >>> state_path(Path("itineraries/visit.toml"), "2024-06-visit").as_posix()
    'itineraries/.tripplan/2024-06-visit.ics-state.json'
    """
    return trip_file.parent / STATE_DIR / f"{trip_id}{STATE_SUFFIX}"


class Observation(NamedTuple):
    """What one export sees of one item."""

    item: str
    fingerprint: str
    visibility: str
    participants: list[str] | None
    face: dict[str, Any]


@dataclass
class Record:
    """The record of one event (one UID)."""

    item: str
    sequence: int
    fingerprint: str
    visibility: str
    participants: list[str] | None
    reach: list[str] | None
    """Everyone whose calendar ever had the event (``None``: the whole delegation)."""
    face: dict[str, Any]
    older_faces: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Last face shown at audience levels below the current visibility."""
    removed: bool = False

    def face_for(self, audience: str) -> dict[str, Any] | None:
        """The last face a calendar for ``audience`` could have received (``None``: never).

        >>> r = Record("x", 1, "f", "confidential", None, None, {"v": 2}, {"public": {"v": 1}})
        >>> r.face_for("public"), r.face_for("internal"), r.face_for("confidential")
        ({'v': 1}, None, {'v': 2})
        """
        if LEVELS.index(self.visibility) <= LEVELS.index(audience):
            return self.face
        return self.older_faces.get(audience)

    def copy(self) -> Record:
        """A copy that :meth:`ExportState.observe` may change (faces are replaced, never
        changed in place, so they are shared)."""
        return dataclasses.replace(self, older_faces=dict(self.older_faces))

    def reached(self, person: str | None) -> bool:
        return person is None or self.reach is None or person in self.reach

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "item": self.item, "sequence": self.sequence, "fingerprint": self.fingerprint,
            "visibility": self.visibility, "participants": self.participants,
            "reach": self.reach, "face": self.face,
        }
        if self.older_faces:
            data["older_faces"] = self.older_faces
        if self.removed:
            data["removed"] = True
        return data


@dataclass
class ExportState:
    trip: str
    events: dict[str, Record] = field(default_factory=dict)

    def observe(self, seen: dict[str, Observation]) -> None:
        """Bring the record up to date with the events of one export (every item of the trip)."""
        for uid, obs in seen.items():
            old = self.events.get(uid)
            if old is None:
                self.events[uid] = Record(obs.item, 0, obs.fingerprint, obs.visibility,
                                          _sorted(obs.participants),
                                          _sorted(obs.participants), obs.face)
                continue
            if old.fingerprint != obs.fingerprint:
                old.sequence += 1
            old.fingerprint = obs.fingerprint
            old.removed = False
            new_rank, old_rank = LEVELS.index(obs.visibility), LEVELS.index(old.visibility)
            # Levels that could see the old face but not the new one keep the old face;
            # levels that see the new face no longer need an older one.
            for level in LEVELS[old_rank:new_rank]:
                old.older_faces[level] = old.face
            for level in LEVELS[new_rank:]:
                old.older_faces.pop(level, None)
            old.visibility = obs.visibility
            old.face = obs.face
            old.participants = _sorted(obs.participants)
            if old.reach is not None:
                old.reach = (None if obs.participants is None
                             else sorted(set(old.reach) | set(obs.participants)))
        for uid, record in self.events.items():
            if uid not in seen and not record.removed:
                record.removed = True
                record.fingerprint = REMOVED
                record.sequence += 1

    def observed(self, seen: dict[str, Observation]) -> ExportState:
        """A copy of the record brought up to date with ``seen`` (this one is left as it is).

        >>> old = ExportState("trip")
        >>> new = old.observed({"v@trip.tripplan": Observation("v", "f", "public", None, {})})
        >>> len(old.events), len(new.events)
        (0, 1)
        """
        new = ExportState(self.trip, {uid: record.copy() for uid, record in self.events.items()})
        new.observe(seen)
        return new

    def to_bytes(self) -> bytes:
        data = {"about": ABOUT, "format": FORMAT, "trip": self.trip,
                "events": {uid: self.events[uid].to_json() for uid in sorted(self.events)}}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes, *, trip: str, shown: str) -> ExportState:
        """Parse a record file; any problem is an :class:`InputError` naming the file."""
        hint = ("restore it from version control (git checkout -- FILE); deleting it restarts "
                "every SEQUENCE at 0, and calendars that imported the trip may then ignore "
                "updates")
        try:
            raw = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError("the export record is not UTF-8 text", path=shown,
                             hint=hint) from None
        except json.JSONDecodeError as err:
            raise InputError(f"the export record is not valid JSON: {err.msg}", path=shown,
                             line=err.lineno, column=err.colno, hint=hint) from None
        try:
            if not isinstance(raw, dict) or raw.get("format") != FORMAT:
                raise ValueError(f"unknown format (expected \"format\": {FORMAT})")
            if raw.get("trip") != trip:
                raise ValueError(f'it belongs to trip "{raw.get("trip")}", not "{trip}"')
            events = {uid: _record(uid, value) for uid, value in _dict(raw["events"]).items()}
        except (KeyError, TypeError, ValueError) as err:
            message = f'missing "{err.args[0]}"' if isinstance(err, KeyError) else str(err)
            raise InputError(f"the export record cannot be used: {message}", path=shown,
                             hint=hint) from None
        return cls(trip, events)


def _sorted(values: list[str] | None) -> list[str] | None:
    return None if values is None else sorted(set(values))


def _dict(value: Any) -> dict:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _record(uid: str, value: Any) -> Record:
    value = _dict(value)
    sequence = value["sequence"]
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        raise ValueError(f"{uid}: sequence must be a whole number >= 0")
    if value["visibility"] not in LEVELS:
        raise ValueError(f"{uid}: unknown visibility {value['visibility']!r}")
    for name in ("participants", "reach"):
        if value[name] is not None and not (
                isinstance(value[name], list) and all(isinstance(p, str) for p in value[name])):
            raise ValueError(f"{uid}: {name} must be a list of person ids or null")
    older = {k: _dict(v) for k, v in _dict(value.get("older_faces", {})).items()}
    if any(level not in LEVELS for level in older):
        raise ValueError(f"{uid}: unknown level in older_faces")
    return Record(str(value["item"]), sequence, str(value["fingerprint"]), value["visibility"],
                  value["participants"], value["reach"], _dict(value["face"]), older,
                  bool(value.get("removed", False)))
