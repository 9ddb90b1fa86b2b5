"""Imported events become items of a trip: :func:`plan_import`.

Matching, so that importing a file again updates the items it made:

* tripplan's own UIDs ``<item-id>@<trip-id>.tripplan`` (or ``.<calendar_domain>``) are the
  item ids again;
* any other UID is kept in the item's ``source_uid``; an item that already has it is
  updated in place, else a new item is made (its id from the summary).

Times keep their instants: a timed item's ``start``/``end`` are the wall times in the
event's zone, with the UTC offset written when the wall time alone would not say which
instant (a UTC time in the file, a repeated wall time); ``timezone``/``end_timezone`` are
written only when the place, origin or destination does not already give that zone. An
all-day event is a date-only item (``DTEND`` is exclusive: a two-day event from the 9th
has ``end_date`` the 10th; a lodging's ``DTEND`` is its check-out day, as tripplan writes
it). Places are reused by name (any language), else made, with the event's zone and
``GEO``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from tripplan.edit.values import language_of, slugify, unique_id
from tripplan.export.ics_event import own_item
from tripplan.importing.flights import recognise, route
from tripplan.importing.records import Imported, When
from tripplan.model import Kind, Trip
from tripplan.zones import airport, get_zone, localize

TIMING = ("date", "part_of_day", "start", "end", "end_date", "end_part_of_day", "timezone",
          "end_timezone")
OWNED = ("title", "kind", "status", "visibility", *TIMING, "place", "origin", "destination",
         "carrier", "number", "counterparts", "contact", "source_uid")
"""Keys an import writes; an updated item keeps every other key as it was."""


@dataclass
class ImportPlan:
    """What an import adds to a trip: new places, new items, changes to existing items."""

    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    new: list[dict[str, Any]] = field(default_factory=list)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Item id → the keys the import changes (``None``: remove the key)."""
    matched: int = 0
    """Items of the trip that the import found again (changed or not)."""

    def days(self) -> list[dt.date]:
        out = []
        for item in [*self.new, *self.updates.values()]:
            for key in ("date", "end_date", "start", "end"):
                value = item.get(key)
                if isinstance(value, dt.datetime):
                    out.append(value.date())
                elif isinstance(value, dt.date):
                    out.append(value)
        return out


class Builder:
    """Turns records into an :class:`ImportPlan` against ``trip`` (the trip as it is)."""

    def __init__(self, trip: Trip, *, zone: str | None = None) -> None:
        self.trip = trip
        self.zone = zone
        self.plan = ImportPlan()
        self.place_names: dict[str, str] = {}
        for key, place in trip.places.items():
            for text in [*_texts(place.name.root), *_as_exported(trip, key)]:
                self.place_names.setdefault(text.casefold(), key)
        self.by_uid = {it.source_uid: it.id for it in trip.items if it.source_uid}
        self.ids = {it.id for it in trip.items}
        self.last_zone = zone or trip.home_timezone

    # -- the plan -----------------------------------------------------------------------

    def build(self, records: list[Imported]) -> ImportPlan:
        for record in sorted(records, key=_order):
            item_id, existing = self.identify(record)
            item = self.item(record, item_id)
            if existing:
                self.plan.matched += 1
                changes = self.update_of(item, record)
                if changes:
                    self.plan.updates[item_id] = changes
            else:
                if item.get("status") == "confirmed":
                    del item["status"]
                self.plan.new.append(item)
        return self.plan

    def identify(self, record: Imported) -> tuple[str, bool]:
        """The item id of ``record`` and whether the trip already has that item."""
        uid = record.uid or ""
        own = own_item(uid, self.trip.calendar_domain)
        if own:
            item_id = own
        elif uid in self.by_uid:
            item_id = self.by_uid[uid]
        else:
            base = slugify(record.summary) or f"{self.kind(record)[0]}-{_first_day(record)}"
            item_id = unique_id(base, self.ids)
        existing = item_id in self.ids and any(it.id == item_id for it in self.trip.items)
        if not existing and item_id in self.ids:  # the same id twice in one import
            item_id = unique_id(item_id, self.ids)
        self.ids.add(item_id)
        return item_id, existing

    def update_of(self, item: dict[str, Any], record: Imported) -> dict[str, Any]:
        """The changes to an existing item: the keys whose value the import changes, and
        the timing keys it no longer has (``None``); a title in its own language only."""
        current = self.trip.item(item["id"])
        assert current is not None
        given = {k: v for k, v in item.items() if not k.startswith("_") and k != "id"}
        if item.get("_default_kind"):
            given.pop("kind", None)
        for key in TIMING:
            given.setdefault(key, None)
        dumped = current.model_dump(mode="python", exclude_none=True)
        out: dict[str, Any] = {}
        for key, value in given.items():
            if key == "title":
                lang, text = next(iter(value.items()))
                if current.title.get(lang, fallback=False) != text:
                    out[key] = value
                continue
            old = dumped.get(key)
            if hasattr(old, "value"):
                old = old.value
            if key == "counterparts" and old is not None:
                old = [c for c in old]
            if value is None and key not in dumped:
                continue
            if value == old and type(value) is type(old):
                continue
            if value == old and not isinstance(value, dt.datetime):
                continue
            out[key] = value
        return out

    # -- one item -----------------------------------------------------------------------

    def item(self, record: Imported, item_id: str) -> dict[str, Any]:
        kind, default_kind = self.kind(record)
        item: dict[str, Any] = {"id": item_id, "kind": kind,
                                "title": {language_of(record.summary): record.summary}}
        if default_kind:
            item["_default_kind"] = True
        if record.status:
            item["status"] = record.status
        if record.visibility:
            item["visibility"] = record.visibility
        travel = Kind(kind).is_travel
        if travel:
            self.route(record, item)
        elif record.location:
            item["place"] = self.place(record.location, record, record.start)
        self.timing(record, item, travel)
        self.people(record, item)
        uid = record.uid or ""
        if uid and not own_item(uid, self.trip.calendar_domain):
            item["source_uid"] = uid
        return item

    def kind(self, record: Imported) -> tuple[str, bool]:
        if record.kind:
            return record.kind, False
        if record.origin and record.destination or recognise(record.summary, record.location):
            return Kind.FLIGHT.value, False
        if record.organizer or record.attendees:
            return Kind.MEETING.value, True
        return Kind.OTHER.value, True

    def route(self, record: Imported, item: dict[str, Any]) -> None:
        origin, destination = record.origin, record.destination
        flight = recognise(record.summary, record.location)
        if flight is not None and not (origin and destination):
            origin, destination = flight.origin, flight.destination
            item["carrier"], item["number"] = flight.carrier, flight.number
        elif not (origin or destination):
            origin, destination = route(record.location) or (None, None)
        if record.carrier:
            item["carrier"] = record.carrier
        if record.number:
            item["number"] = record.number
        for key in ("carrier", "number"):
            if item.get(key) is None:
                item.pop(key, None)
        for key, ref, when in (("origin", origin, record.start),
                               ("destination", destination, record.end)):
            if ref is None:
                continue
            is_code = len(ref) == 3 and ref.isupper() and airport(ref) is not None
            item[key] = ref if is_code else self.place(ref, None, when)

    def place(self, name: str, record: Imported | None, when: When | None) -> str:
        """The id of the place called ``name``: an existing one, else a new one."""
        key = self.place_names.get(name.strip().casefold())
        if key is not None:
            made = self.plan.places.get(key)
            if made is not None and "timezone" not in made and when is not None \
                    and when.zone and not when.guessed:
                made["timezone"] = when.zone  # a place made by this import: now its zone
            return key
        slug = slugify(name)
        slug = slug if re.search(r"[a-z]", slug) else f"place-{slug}".strip("-")
        key = unique_id(slug, set(self.trip.places) | set(self.plan.places))
        place: dict[str, Any] = {"name": {language_of(name): name.strip()}}
        if record is not None and record.address:
            place["address"] = record.address
        if when is not None and when.zone and not when.guessed:
            place["timezone"] = when.zone
        if record is not None and record.geo is not None:
            place["coordinates"] = {"lat": float(record.geo[0]), "lon": float(record.geo[1])}
        self.plan.places[key] = place
        self.place_names[name.strip().casefold()] = key
        return key

    # -- times --------------------------------------------------------------------------

    def timing(self, record: Imported, item: dict[str, Any], travel: bool) -> None:
        start, end = record.start, record.end
        if start.day is not None:
            self.days(record, item)
            return
        zone = self.zone_of(start, item.get("origin") if travel else None)
        item["start"] = _wall(start, zone)
        if end is not None and end.instant is not None and end.instant != start.instant:
            end_zone = self.zone_of(end, item.get("destination") if travel else None,
                                    default=zone)
            item["end"] = _wall(end, end_zone)
        else:
            end_zone = zone
        given = self.given_zone(item, "origin" if travel else "place")
        if given != zone:
            item["timezone"] = zone
        if "end" in item:
            if travel:
                default = self.given_zone(item, "destination") if item.get("destination") \
                    else item.get("timezone", given)
            else:
                default = zone
            if default != end_zone:
                item["end_timezone"] = end_zone
        self.last_zone = end_zone

    def days(self, record: Imported, item: dict[str, Any]) -> None:
        start, end = record.start.day, record.end.day if record.end else None
        assert start is not None
        item["date"] = start
        last = None
        if end is not None:
            last = end if item["kind"] == Kind.LODGING.value else end - dt.timedelta(days=1)
        first_part, end_part = record.parts_of_day or (None, None)
        if last is not None and last > start:
            item["end_date"] = last
        elif end_part is not None:
            item["end_date"] = start
        if first_part:
            item["part_of_day"] = first_part
        if end_part:
            item["end_part_of_day"] = end_part

    def zone_of(self, when: When, ref: str | None, *, default: str | None = None) -> str:
        """The zone of a time: the file's; else the airport's, ``--timezone``, the start's
        or where the trip is — the first that has the offset the file wrote, if it wrote
        one (else the fixed-offset zone ``Etc/GMT-7`` for UTC+07:00)."""
        if when.zone:
            return when.zone
        candidates = []
        if ref and len(ref) == 3 and (ap := airport(ref)) is not None:
            candidates.append(ap.timezone)
        candidates += [z for z in (self.zone, default, self.last_zone) if z]
        if when.offset is None or when.instant is None:
            return candidates[0]
        for zone in candidates:
            if when.instant.astimezone(get_zone(zone)).utcoffset() == when.offset:
                return zone
        hours, rest = divmod(int(when.offset.total_seconds()), 3600)
        if rest == 0 and hours != 0:
            return f"Etc/GMT{-hours:+d}"
        return "UTC" if rest == 0 else candidates[0]

    def given_zone(self, item: dict[str, Any], key: str) -> str | None:
        """The zone the item's place (origin, destination) already gives."""
        ref = item.get(key)
        if ref is None:
            return None
        place = self.plan.places.get(ref)
        if place is not None:
            return place.get("timezone")
        if ref in self.trip.places:
            found = self.trip.places[ref]
            ap = airport(found.airport) if found.airport else None
            return found.timezone or (ap.timezone if ap else None)
        ap = airport(ref) if len(ref) == 3 else None
        return ap.timezone if ap else None

    # -- people -------------------------------------------------------------------------

    def people(self, record: Imported, item: dict[str, Any]) -> None:
        ours = {t.casefold() for p in self.trip.people.values() for t in _texts(p.name.root)}
        contacts = {c.email.casefold(): key for key, c in self.trip.contacts.items() if c.email}
        counterparts, seen = [], set()
        parties = [p for p in (record.organizer, *record.attendees) if p is not None]
        for index, party in enumerate(parties):
            if party.email and party.email.casefold() in contacts:
                if index == 0 and record.organizer is not None:
                    item["contact"] = contacts[party.email.casefold()]
                continue
            if party.name and party.name.casefold() in ours:
                continue
            if party.label.casefold() in seen:
                continue
            seen.add(party.label.casefold())
            counterparts.append({"name": {language_of(party.label): party.label}})
        if counterparts:
            item["counterparts"] = counterparts


def _as_exported(trip: Trip, place: str) -> list[str]:
    """How tripplan's calendar writes the place in LOCATION (name, city, address)."""
    from tripplan.export.ics_event import EventBuilder
    from tripplan.model import Item

    probe = Item(id="probe", kind=Kind.MEETING, title="probe", place=place)
    builder = EventBuilder(trip)
    return [text for lang in ("en", "ja") if (text := builder.location(probe, lang))]


def _texts(value: str | dict[str, str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value.values())


def _wall(when: When, zone: str) -> dt.datetime:
    """The time to write: the wall time in ``zone``, with its offset unless it is the only
    reading of that wall time and the file gave the zone."""
    assert when.instant is not None
    local = when.instant.astimezone(get_zone(zone))
    wall = local.replace(tzinfo=None, fold=0)
    if when.zone and localize(wall, zone).status == "ok":
        return wall
    return local.replace(tzinfo=dt.timezone(local.utcoffset()))


def _first_day(record: Imported) -> str:
    if record.start.day is not None:
        return record.start.day.isoformat()
    assert record.start.instant is not None
    return record.start.instant.date().isoformat()


def _order(record: Imported) -> tuple:
    if record.start.day is not None:
        return (dt.datetime.combine(record.start.day, dt.time(0), tzinfo=dt.UTC), 0)
    return (record.start.utc(), 1)
