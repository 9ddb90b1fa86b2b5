"""Calendar ``SEQUENCE`` numbers, derived from the trip file alone.

A calendar app updates an event it holds only when the new copy has the same ``UID`` and a
higher ``SEQUENCE``. tripplan computes every ``SEQUENCE`` from what every clone of the trip
file has, never from a record on one machine, so two officers exporting the same file get
the same numbers, and deleting every local file changes none of them.

The rule
--------

Each item carries a **stamp**, written by tripplan's edits::

    stamp = { sequence = 2, fingerprint = "3fa9c2d14b7e" }

The fingerprint is a hash of everything the item's calendar event is made from: the item,
the places, contact, people and footnotes it names, its resolved instants and zones, and
whether the trip is cancelled (:func:`fingerprint`). An item's ``SEQUENCE`` is

* the stamp's ``sequence`` while the item still matches its fingerprint;
* one more when it does not (it was changed by hand since tripplan stamped it);
* 0 for an item that has no stamp yet;

and never less than one more than the ``sequence`` of a removed item with the same id
(an item that comes back). Every edit command stamps what it changed (and stamps items that
have no stamp yet); ``tripplan stamp`` records hand edits. So a second hand edit of the
same item before it is stamped cannot raise the number again: ``validate`` warns about
items changed since their stamp (R013).

Items taken out (``tripplan rm``, an id renamed, an item deleted in ``tripplan edit``) are
kept under ``[removed.<id>]`` with the ``SEQUENCE`` of their cancellation, so every calendar
made from any clone sends the cancellation. The stamp also records the widest audience and
the people whose calendars ever held the item (``reach``, ``reached``), so that a calendar
that no longer selects it (made confidential, a participant taken off) sends it as
withdrawn.

Merging two versions
--------------------

Two officers who change *different* items merge without conflict: each item keeps the stamp
of the side that changed it, which is the ``SEQUENCE`` that side published. When both change
the *same* item, git stops at a conflict on that item's lines, stamp included; whichever
side's stamp is kept, a resolved content that differs from it is one ``SEQUENCE`` further on.
Keeping one side's lines *entirely* (content and stamp) would reuse a number the other side
may have published for other content: after resolving, run ``tripplan stamp --bump ITEM``
(see docs/ics.md, "Working as a team").

>>> from tripplan.model import Trip
>>> from tripplan.zones import resolve
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2024-06-20", "end": "2024-06-20", "items": [{"id": "visit",
...     "title": "Visit", "kind": "meeting", "start": "2024-06-20T10:00"}]})
>>> sequences(trip, resolve(trip))
{'visit': 0}
>>> stamped = Trip.model_validate({**trip.model_dump(mode="json", exclude_none=True),
...     "items": [{**trip.items[0].model_dump(mode="json", exclude_none=True),
...                "stamp": {"sequence": 4, "fingerprint": fingerprints(trip, resolve(trip))[0]}}]})
>>> sequences(stamped, resolve(stamped))
{'visit': 4}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable

from tripplan.model import Item, Removed, Stamp, Trip, TripStatus, Visibility
from tripplan.zones import ItemTime

FINGERPRINT_LENGTH = 12
LEVELS = tuple(Visibility)
_TABLES = ("places", "contacts", "people", "footnotes")


class _Sources:
    """The trip's tables serialised once; each item adds only its own entries."""

    def __init__(self, trip: Trip) -> None:
        dumped = trip.model_dump(mode="json", exclude_none=True)
        self.encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True,
                                       separators=(",", ":")).encode
        self.items = [{k: v for k, v in item.items() if k != "stamp"}
                      for item in dumped["items"]]
        self.tables = {name: {key: self.encode(value) for key, value in dumped[name].items()}
                       for name in _TABLES}
        self.cancelled = trip.status is TripStatus.CANCELLED

    def _table(self, name: str, keys: Iterable[str | None]) -> str:
        table = self.tables[name]
        chosen = sorted({k for k in keys if k is not None and k in table})
        return "{" + ",".join(f"{self.encode(k)}:{table[k]}" for k in chosen) + "}"

    def fingerprint(self, t: ItemTime) -> str:
        item = t.item
        resolved = [_utc(t.start), _utc(t.end), t.start_zone, t.end_zone]
        blob = "".join((
            '{"cancelled":', "true" if self.cancelled else "false",
            ',"contacts":', self._table("contacts", (item.contact,)),
            ',"footnotes":', self._table("footnotes", item.footnotes),
            ',"item":', self.encode(self.items[t.index]),
            ',"people":', self._table("people", item.participants or ()),
            ',"places":', self._table("places", (item.place, item.origin, item.destination)),
            ',"resolved":', self.encode(resolved), "}"))
        return hashlib.sha256(blob.encode()).hexdigest()[:FINGERPRINT_LENGTH]


def _utc(value: dt.datetime | None) -> str | None:
    return None if value is None else value.astimezone(dt.UTC).isoformat()


def fingerprints(trip: Trip, times: list[ItemTime]) -> list[str]:
    """The fingerprint of every item, in the order of ``times`` (one per item)."""
    sources = _Sources(trip)
    return [sources.fingerprint(t) for t in times]


def _own(stamp: Stamp | None, fingerprint: str) -> int:
    if stamp is None:
        return 0
    return stamp.sequence if stamp.fingerprint == fingerprint else stamp.sequence + 1


def sequences(trip: Trip, times: list[ItemTime]) -> dict[str, int]:
    """The ``SEQUENCE`` of every item's event, by item id (see the module's rule)."""
    out: dict[str, int] = {}
    for t, fp in zip(times, fingerprints(trip, times), strict=True):
        number = _own(t.item.stamp, fp)
        gone = trip.removed.get(t.item.id)
        if gone is not None:
            number = max(number, gone.sequence + 1)
        out.setdefault(t.item.id, number)
    return out


def changed_since_stamp(trip: Trip, times: list[ItemTime]) -> list[ItemTime]:
    """Items whose content no longer matches their stamp (changed by hand)."""
    return [t for t, fp in zip(times, fingerprints(trip, times), strict=True)
            if t.item.stamp is not None and t.item.stamp.fingerprint != fp]


# --- what an edit writes ----------------------------------------------------------------------


def _wider(a: Visibility | None, b: Visibility) -> Visibility:
    return b if a is None or LEVELS.index(b) < LEVELS.index(a) else a


def _reached(stamp: Stamp | None, item: Item) -> list[str] | None:
    """Everyone whose calendar held the item, now and before (``None``: the whole
    delegation, which a stamp without ``reached`` records)."""
    if item.participants is None or (stamp is not None and stamp.reached is None):
        return None
    return sorted(set(stamp.reached if stamp else ()) | set(item.participants))


def new_stamps(trip: Trip, times: list[ItemTime], *, unstamped: Iterable[str] | None = None,
               floors: dict[str, int] | None = None) -> dict[int, Stamp]:
    """The stamps to write, by item index: for items whose stamp no longer matches, and for
    items without one — all of them, or only those in ``unstamped``; each keeps the
    ``SEQUENCE`` the item already has (at least its ``floors`` entry: an edit that changed an
    item gives it one more than it had) and widens its reach."""
    numbers = sequences(trip, times)
    for item_id, floor in (floors or {}).items():
        if item_id in numbers:
            numbers[item_id] = max(numbers[item_id], floor)
    chosen = None if unstamped is None else set(unstamped)
    out: dict[int, Stamp] = {}
    for t, fp in zip(times, fingerprints(trip, times), strict=True):
        old = t.item.stamp
        if old is None and chosen is not None and t.item.id not in chosen:
            continue
        stamp = Stamp(sequence=numbers[t.item.id], fingerprint=fp,
                      reach=_wider(old.reach if old else None, t.item.visibility),
                      reached=_reached(old, t.item))
        if stamp != old:
            out[t.index] = stamp
    return out


def bumped(stamp: Stamp | None) -> Stamp | None:
    """``stamp`` one ``SEQUENCE`` further on (after a merge kept one side's lines)."""
    if stamp is None:
        return None
    return stamp.model_copy(update={"sequence": stamp.sequence + 1})


def tombstone(item: Item, sequence: int) -> Removed:
    """What is kept of an item taken out: enough to cancel it in every calendar."""
    stamp = item.stamp
    return Removed(sequence=sequence + 1, title=item.title, date=item.first_day,
                   end_date=item.last_day if item.last_day != item.first_day else None,
                   visibility=item.visibility,
                   reach=_wider(stamp.reach if stamp else None, item.visibility),
                   participants=_reached(stamp, item))

