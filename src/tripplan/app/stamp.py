"""``tripplan stamp``: record in the trip file the calendar ``SEQUENCE`` of every item.

Edits made with tripplan stamp what they change; this use case is for the rest:

* items changed by hand (in a text editor, by a merge): their stamp is brought up to date
  with the ``SEQUENCE`` they already have (one more than the old stamp), so that a second
  hand edit raises it again;
* items that have no stamp yet (a hand-written trip);
* ``bump``: items whose stamp a merge took from one side although the other side may have
  published other content under the same number: one ``SEQUENCE`` further on;
* a trip exported by an earlier tripplan, which kept ``SEQUENCE`` in an export record beside
  the trip (``.tripplan/<trip-id>.ics-state.json``): its numbers are carried into the file,
  so none goes down, and its removed items become ``[removed.<id>]`` entries.

The revision is not raised: the trip says nothing new.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import files_under
from tripplan.edit.document import TripDocument
from tripplan.edit.stamps import removed_value, stamp_document, stamp_value
from tripplan.edit.transaction import Assessment, Change, EditOutcome, apply_edit
from tripplan.errors import UsageError
from tripplan.model import Removed, Stamp, Trip
from tripplan.sequence import bumped, sequences
from tripplan.zones import resolve


@dataclass
class StampResult:
    edits: list[EditOutcome] = field(default_factory=list)
    outcome: Outcome = Outcome.OK


def stamp(env: Environment, paths: Iterable[str] | None = None, *, bump: Iterable[str] = (),
          lock_timeout: float = 10.0) -> StampResult:
    """Stamp every item of the trips under ``paths``; ``bump`` names items (ids) to move one
    ``SEQUENCE`` further on (only with a single trip)."""
    files = files_under(env, paths)
    bump = list(bump)
    if bump and len(files) != 1:
        raise UsageError("{bump} names items of one trip: give exactly one trip",
                         argument="bump")
    result = StampResult()
    for path in files:
        result.edits.append(apply_edit(path, _Stamping(path, bump), lock_timeout=lock_timeout,
                                       bump=False, backup=env.backups("stamp")))
    return result


@dataclass
class _Stamping:
    path: Path
    bump: list[str]

    def __call__(self, doc: TripDocument, before: Assessment) -> Change:
        trip = before.require().trip
        unknown = [item for item in self.bump if trip.item(item) is None]
        if unknown:
            raise UsageError(f'no item "{unknown[0]}" in {trip.id}', argument="bump",
                             hint="give item ids, as `tripplan show` lists them")
        _carry_legacy_record(doc, trip, self.path)
        stamp_document(doc, trip, self.path, everything=True)
        for item_id in self.bump:
            index = next(i for i, item in enumerate(trip.items) if item.id == item_id)
            current = doc.get(("items", index, "stamp"))
            raised = bumped(Stamp.model_validate(current))
            assert raised is not None
            doc.set(("items", index, "stamp"), stamp_value(raised))
        return Change(message="stamped" if doc.changed else "")


def _carry_legacy_record(doc: TripDocument, trip: Trip, path: Path) -> None:
    """Carry the ``SEQUENCE`` numbers of an old export record into the document."""
    from tripplan.export.ics_state import state_path

    record_path = state_path(path, trip.id)
    if not record_path.is_file():
        return
    from tripplan.export.ics_event import EventBuilder, uid
    from tripplan.export.ics_state import ExportState
    from tripplan.load import display_path

    record = ExportState.from_bytes(record_path.read_bytes(), trip=trip.id,
                                    shown=display_path(record_path))
    times = resolve(trip)
    numbers = sequences(trip, times)
    builder = EventBuilder(trip)
    present = set()
    for t in times:
        present.add(t.item.id)
        old = record.events.get(uid(t.item.id, trip.id))
        if old is None or old.removed:
            continue
        floor = old.sequence + (old.fingerprint != builder.fingerprint(t))
        if floor > numbers[t.item.id]:
            # a stamp that matches nothing: the item is then at `floor`, and stamped so below
            doc.set(("items", t.index, "stamp"), stamp_value(
                Stamp(sequence=floor - 1, fingerprint="0" * 12)))
    for _uid, old in sorted(record.events.items()):
        if old.removed and old.item not in present and old.item not in trip.removed:
            summary = old.face.get("summary") or {"en": old.item}
            day = old.face.get("start", {}).get("date") or old.face.get("start", {}).get("utc")
            doc.set(("removed", old.item), removed_value(Removed.model_validate({
                "sequence": old.sequence, "title": summary,
                "date": day[:10] if day else None, "visibility": old.visibility,
                "participants": old.reach})))
