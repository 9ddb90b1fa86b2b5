"""What every edit writes besides its own change: the items' calendar stamps and the record
of items taken out (see :mod:`tripplan.sequence` for the rule they serve).

After an edit's operation has changed the document, :func:`stamp_document` loads the result
and writes

* a ``stamp`` for each item the edit changed (or added) and each whose stamp no longer
  matches it, so the ``SEQUENCE`` every clone computes is recorded in the file (items the
  edit did not touch and that have no stamp yet are left as they are: ``tripplan stamp``
  stamps them);
* a ``[removed.<id>]`` table for each item id the edit took away (``rm``, an id renamed, an
  item deleted in the editor), with the ``SEQUENCE`` of its cancellation;

and drops the ``[removed.<id>]`` of an id that is back. A result that does not load is left
alone: the edit's own check refuses it.

>>> from tripplan.edit.document import TripDocument
>>> text = '''id = "t"
... title = "T"
... home_timezone = "Asia/Tokyo"
... start = 2024-06-20
... end = 2024-06-20
...
... [[items]]
... id = "a"
... kind = "meeting"
... title = "A"
... date = 2024-06-20
... '''
>>> doc = TripDocument(text, "toml")
>>> stamp_document(doc, None, Path("t.toml"))  # a new trip: every item
>>> print(doc.dumps().splitlines()[-1])  # doctest: +ELLIPSIS
stamp = { sequence = 0, fingerprint = "...", reach = "internal" }
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tripplan.edit.document import TripDocument
from tripplan.load import LoadError, load_text
from tripplan.model import Removed, Stamp, Trip
from tripplan.sequence import fingerprints, new_stamps, sequences, tombstone
from tripplan.tomldoc import InlineTable
from tripplan.zones import resolve


def stamp_value(stamp: Stamp) -> InlineTable:
    """A stamp as the one-line inline table written in the file."""
    return InlineTable(stamp.model_dump(mode="json", exclude_none=True))


def _changed(before: Trip, after: Trip, times) -> set[str]:
    """Ids of the items of ``after`` that are new or differ from ``before``."""
    old = dict(zip((i.id for i in before.items), fingerprints(before, resolve(before)),
                   strict=True))
    return {t.item.id for t, fp in zip(times, fingerprints(after, times), strict=True)
            if old.get(t.item.id) != fp}


def removed_value(gone: Removed) -> dict[str, Any]:
    data = gone.model_dump(mode="python", exclude_none=True, exclude_defaults=False)
    data["title"] = gone.title.model_dump(mode="json")
    data["visibility"] = gone.visibility.value
    if gone.reach is not None:
        data["reach"] = gone.reach.value
    return data


def stamp_document(doc: TripDocument, before: Trip | None, path: Path, *,
                   everything: bool = False) -> None:
    """Stamp what the edit changed (``everything``: every item), and keep a record of the
    items it took away."""
    fmt = "json" if path.suffix.lower() == ".json" else "toml"
    try:
        after = load_text(doc.dumps(), path, fmt).trip
    except LoadError:
        return
    times = resolve(after)
    numbers = sequences(before, resolve(before)) if before is not None else {}
    touched = _changed(before, after, times) if before is not None else None
    floors = {item_id: numbers[item_id] + 1 for item_id in touched or () if item_id in numbers}
    for index, stamp in new_stamps(after, times, unstamped=None if everything else touched,
                                   floors=floors).items():
        doc.set(("items", index, "stamp"), stamp_value(stamp))
    present = {item.id for item in after.items}
    if before is not None:
        for item in before.items:
            if item.id not in present:
                doc.set(("removed", item.id),
                        removed_value(tombstone(item, numbers[item.id])))
    for item_id in after.removed:
        if item_id in present:
            doc.remove_table(("removed", item_id))
