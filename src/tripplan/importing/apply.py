"""An :class:`~tripplan.importing.build.ImportPlan` written into a trip document.

:func:`operation` is an edit operation for :func:`tripplan.edit.transaction.apply_edit`
(the same validated, atomic, revision-raising write as every edit): new places first,
then new items in time order (each where ``add`` would put it), then the changes to
existing items, key by key, so that keys the import does not own (notes, participants,
footnotes...) and the file's comments stay as they are. :func:`new_trip_text` is the text
of a new trip made only of imported items.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tripplan.edit.document import TripDocument
from tripplan.edit.operations import chronological_anchor
from tripplan.edit.transaction import Assessment, Change
from tripplan.importing.build import ImportPlan
from tripplan.model import Item, Trip


def clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if not k.startswith("_") and v is not None}


def _anchor_index(anchor: tuple, count: int) -> int:
    if anchor[0] == "after":
        return anchor[1] + 1
    if anchor[0] in ("before", "before-gap"):
        return anchor[1]
    return count


def operation(plan: ImportPlan, doc: TripDocument, before: Assessment) -> Change:
    """Apply ``plan`` to ``doc`` (the trip as it was is ``before``)."""
    trip = before.require().trip
    for key, place in plan.places.items():
        doc.set(("places", key), place)
    items: list[Item] = list(trip.items)
    for raw in plan.new:
        item = clean(raw)
        model = Item.model_validate(item)
        current = trip.model_copy(update={"items": items})
        anchor = chronological_anchor(current, model.first_day, model.start,
                                      model.part_of_day.value if model.part_of_day else None)
        doc.insert_item(item, anchor)
        items.insert(_anchor_index(anchor, len(items)), model)
    for item_id, changes in plan.updates.items():
        index = doc.item_index(item_id)
        for key, value in changes.items():
            if key.startswith("_"):
                continue
            _set(doc, ("items", index, key), value)
    touched = {clean(i)["id"] for i in plan.new} | set(plan.updates)
    message = summary(plan)
    return Change(touched=touched, message=message)


def summary(plan: ImportPlan) -> str:
    """``3 new items, 1 updated, 4 unchanged``."""
    new, updated = len(plan.new), len(plan.updates)
    return (f"{new} new item{'s' if new != 1 else ''}, {updated} updated, "
            f"{plan.matched - updated} unchanged")


def _set(doc: TripDocument, path: tuple, value: Any) -> None:
    if value is None:
        doc.unset(path)
        return
    current = doc.get(path)
    if path[-1] == "title" and isinstance(value, dict):
        if isinstance(current, dict):
            for lang, text in value.items():
                if current.get(lang) != text:
                    doc.set((*path, lang), text)
            return
        if isinstance(current, str) and current in value.values():
            return
    if current == value and type(current) is type(value):
        return
    doc.set(path, value)


def new_trip_data(trip_id: str, title: str, home_timezone: str, plan: ImportPlan,
                  *, today: dt.date) -> dict[str, Any]:
    """A new trip's data: its dates from the items' days."""
    from tripplan.edit.values import language_of

    days = plan.days() or [today]
    return {"id": trip_id, "title": {language_of(title): title},
            "home_timezone": home_timezone, "start": min(days), "end": max(days),
            "places": plan.places, "items": [clean(i) for i in plan.new]}


def new_trip_text(data: dict[str, Any]) -> str:
    """The TOML of a new trip, in the canonical layout (items in time order)."""
    from tripplan.fmt import canonical_data
    from tripplan.tomldoc import render_toml

    trip = Trip.model_validate(data)
    order = sorted(range(len(trip.items)), key=lambda i: _sort_key(trip.items[i]))
    data = dict(data, items=[data["items"][i] for i in order])
    if not data.get("places"):
        data.pop("places", None)
    header = "# Imported by `tripplan import`.\n\n"
    return header + render_toml(canonical_data(data), sections=("places",), arrays=("items",))


def _sort_key(item: Item) -> tuple:
    day = item.first_day or dt.date.max
    if item.start is not None:
        return (day, 1, item.start.replace(tzinfo=None).time())
    return (day, 0, dt.time(0))
