"""The export record of earlier tripplan versions, read once to carry its numbers forward.

Before ``SEQUENCE`` came from the trip file (:mod:`tripplan.sequence`), ``tripplan export
--ics`` kept one JSON file per trip beside it::

    itineraries/.tripplan/2024-06-yokohama-bangkok.ics-state.json

holding, for every event (by UID), the ``SEQUENCE`` last exported, a fingerprint of what the
event showed then (:meth:`tripplan.export.ics_event.EventBuilder.fingerprint`), who could
see it, whether it was removed, and its last *face* (summary, start, end). Nothing writes it
any more; ``tripplan stamp`` (:mod:`tripplan.app.stamp`) reads it so that no number goes
down and no removal is forgotten. Parsing is pure: bytes in, :class:`ExportState` out, any
problem an :class:`~tripplan.errors.InputError` naming the file.

>>> data = (b'{"format": 1, "trip": "t", "events": {"v@t.tripplan": {"item": "v", '
...         b'"sequence": 2, "fingerprint": "f", "visibility": "public", "participants": null, '
...         b'"reach": null, "face": {}}}}')
>>> ExportState.from_bytes(data, trip="t", shown="t.json").events["v@t.tripplan"].sequence
2
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan.errors import InputError
from tripplan.model import Visibility

STATE_DIR = ".tripplan"
"""Hidden folder beside the trips (skipped by ``tripplan list`` and ``validate``)."""
STATE_SUFFIX = ".ics-state.json"
FORMAT = 1
LEVELS = tuple(v.value for v in Visibility)


def state_path(trip_file: Path, trip_id: str) -> Path:
    """Where the export record of trip ``trip_id`` stored in ``trip_file`` lives.

    >>> state_path(Path("itineraries/visit.toml"), "2024-06-visit").as_posix()
    'itineraries/.tripplan/2024-06-visit.ics-state.json'
    """
    return trip_file.parent / STATE_DIR / f"{trip_id}{STATE_SUFFIX}"


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


@dataclass
class ExportState:
    trip: str
    events: dict[str, Record] = field(default_factory=dict)

    @classmethod
    def from_bytes(cls, data: bytes, *, trip: str, shown: str) -> ExportState:
        """Parse a record file; any problem is an :class:`InputError` naming the file."""
        hint = ("restore it from version control (git checkout -- FILE), or delete it if every "
                "item of the trip is stamped already (see docs/ics.md)")
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
