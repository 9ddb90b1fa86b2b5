"""schema.org JSON-LD: the trip as reservations and events that mail clients, KDE Itinerary
and search engines read.

One document ``{"@context": "https://schema.org", "@graph": [...]}`` with a node per item
the options select (see :mod:`tripplan.export.view`), in time order:

* flights: ``FlightReservation`` whose ``reservationFor`` is a ``Flight`` (``flightNumber``,
  ``airline``, ``departureAirport``/``arrivalAirport`` with their IATA codes and
  coordinates, ``departureTime``/``arrivalTime``);
* lodging: ``LodgingReservation`` (``checkinTime``/``checkoutTime``, the hotel as a
  ``LodgingBusiness`` with its address and ``geo``);
* everything else: an ``Event`` (``startDate``/``endDate``, ``location`` with address and
  ``geo``, ``organizer`` from the hosts, ``attendee`` from the counterparts,
  ``eventStatus``), its kind in ``additionalType`` (``tripplan:meeting``).

Times are ISO 8601 with the UTC offset of the zone they happen in
(``2025-03-10T10:30:00+09:00``); an item without a clock time has date values only
(``2024-06-20``; a flight's day is ``departureDay``), never an invented time. Every node
has the item's calendar UID as ``identifier``, so ``tripplan import`` finds the item again.
The HTML agenda embeds the same document (:func:`script`); as in the agendas, the public
audience sees no cancelled items.

>>> from tripplan.model import Trip
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2025-03-10", "end": "2025-03-10", "items": [{"id": "f", "kind": "flight",
...     "title": "F", "origin": "HND", "destination": "BKK", "carrier": "NH", "number": "805",
...     "start": "2025-03-10T10:30", "end": "2025-03-10T15:00"}]})
>>> [node] = document(ExportView.of(trip), ExportOptions())["@graph"]
>>> node["@type"], node["reservationFor"]["departureTime"], node["reservationFor"]["arrivalTime"]
('FlightReservation', '2025-03-10T10:30:00+09:00', '2025-03-10T15:00:00+07:00')
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tripplan.export.ics_event import uid
from tripplan.export.view import ExportOptions, ExportView
from tripplan.model import (
    Counterpart,
    Item,
    ItemStatus,
    Kind,
    Place,
    Timing,
    Trip,
    TripStatus,
    Visibility,
)
from tripplan.present.formats import organization
from tripplan.zones import ItemTime, airport, chronological

SUFFIX = ".jsonld"
CONTEXT = "https://schema.org"


def _text(value, lang: str) -> str | None:
    return value.get(lang) if value is not None else None


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if v not in (None, "", [], {})}


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _days(item: Item) -> tuple[str | None, str | None]:
    """Date values of an item without a clock time (a lodging: check-in and check-out)."""
    if item.date is None:
        return None, None
    last = item.end_date
    if item.kind is Kind.LODGING and last is None:
        last = item.date + dt.timedelta(days=1)
    return item.date.isoformat(), last.isoformat() if last is not None else None


def _times(t: ItemTime) -> tuple[str | None, str | None]:
    if t.item.timing is Timing.TIMED:
        end = _moment(t.end)
        if end is None and t.item.end_date is not None:
            end = t.item.end_date.isoformat()
        return _moment(t.start), end
    return _days(t.item)


class Graph:
    """The JSON-LD nodes of one trip, in one language."""

    def __init__(self, trip: Trip, lang: str) -> None:
        self.trip = trip
        self.lang = lang

    def cancelled(self, item: Item) -> bool:
        return item.status is ItemStatus.CANCELLED or self.trip.status is TripStatus.CANCELLED

    def place(self, ref: str | None, kind: str = "Place") -> dict[str, Any] | None:
        if ref is None:
            return None
        place = self.trip.places.get(ref)
        if place is None:
            ap = airport(ref) if len(ref) == 3 and ref.isupper() else None
            if ap is None:
                return {"@type": kind, "name": ref}
            return _airport(ap.iata)
        if place.airport and kind != "LodgingBusiness":
            node = _airport(place.airport) or {}
            return _clean({**node, "name": _text(place.name, self.lang)})
        return _clean({"@type": kind, "name": _text(place.name, self.lang),
                       "address": self.address(place), "geo": _geo(place)})

    def address(self, place: Place) -> dict[str, Any] | None:
        node = _clean({"@type": "PostalAddress",
                       "streetAddress": _text(place.address, self.lang),
                       "addressLocality": _text(place.city, self.lang),
                       "addressCountry": place.country})
        return node if len(node) > 1 else None

    def person(self, c: Counterpart) -> dict[str, Any]:
        name = _text(c.name, self.lang) or _text(c.title, self.lang) or _text(
            c.organization, self.lang)
        org = _text(c.organization, self.lang)
        return _clean({"@type": "Person", "name": name, "jobTitle": _text(c.title, self.lang),
                       "honorificPrefix": _text(c.honorific, self.lang),
                       "affiliation": {"@type": "Organization", "name": org} if org else None})

    def node(self, t: ItemTime) -> dict[str, Any]:
        item = t.item
        if item.kind is Kind.FLIGHT:
            return self.flight(t)
        if item.kind is Kind.LODGING:
            return self.lodging(t)
        return self.event(t)

    def reservation(self, item: Item, kind: str) -> dict[str, Any]:
        status = ("ReservationCancelled" if self.cancelled(item) else
                  "ReservationPending" if item.status is ItemStatus.TENTATIVE else
                  "ReservationConfirmed")
        return {"@type": kind, "identifier": uid(item.id, self.trip.id, self.trip.calendar_domain),
                "reservationStatus": f"{CONTEXT}/{status}"}

    def flight(self, t: ItemTime) -> dict[str, Any]:
        item = t.item
        start, end = _times(t)
        timed = item.timing is Timing.TIMED
        carrier = item.carrier if item.carrier and len(item.carrier) == 2 else None
        flight = _clean({
            "@type": "Flight", "name": _text(item.title, self.lang),
            "flightNumber": item.number,
            "airline": {"@type": "Airline", "iataCode": carrier} if carrier else None,
            "departureAirport": self.place(item.origin or item.place, "Airport"),
            "arrivalAirport": self.place(item.destination, "Airport"),
            "departureTime" if timed else "departureDay": start,
            "arrivalTime": end if timed else None})
        return {**self.reservation(item, "FlightReservation"), "reservationFor": flight}

    def lodging(self, t: ItemTime) -> dict[str, Any]:
        item = t.item
        start, end = _times(t)
        hotel = self.place(item.place, "LodgingBusiness") or {
            "@type": "LodgingBusiness", "name": _text(item.title, self.lang)}
        return _clean({**self.reservation(item, "LodgingReservation"),
                       "name": _text(item.title, self.lang), "reservationFor": hotel,
                       "checkinTime": start, "checkoutTime": end})

    def event(self, t: ItemTime) -> dict[str, Any]:
        item = t.item
        start, end = _times(t)
        where = item.origin if item.kind.is_travel and item.origin else item.place
        hosts = [*item.hosts, *item.co_hosts]
        return _clean({
            "@type": "Event", "identifier": uid(item.id, self.trip.id, self.trip.calendar_domain),
            "name": _text(item.title, self.lang),
            "additionalType": f"tripplan:{item.kind.value}",
            "startDate": start, "endDate": end, "location": self.place(where),
            "eventStatus": f"{CONTEXT}/"
                           f"{'EventCancelled' if self.cancelled(item) else 'EventScheduled'}",
            "organizer": [{"@type": "Organization", "name": organization(o, self.lang)}
                          for o in hosts],
            "attendee": [self.person(c) for c in item.counterparts],
            "description": _text(item.notes, self.lang),
        })


def _airport(code: str) -> dict[str, Any] | None:
    ap = airport(code)
    if ap is None:
        return None
    return {"@type": "Airport", "iataCode": ap.iata, "name": ap.name,
            "geo": {"@type": "GeoCoordinates", "latitude": ap.lat, "longitude": ap.lon}}


def _geo(place: Place) -> dict[str, Any] | None:
    if place.coordinates is not None:
        return {"@type": "GeoCoordinates", "latitude": place.coordinates.lat,
                "longitude": place.coordinates.lon}
    ap = airport(place.airport) if place.airport else None
    if ap is not None:
        return {"@type": "GeoCoordinates", "latitude": ap.lat, "longitude": ap.lon}
    return None


def document(view: ExportView, options: ExportOptions) -> dict[str, Any]:
    """The JSON-LD document of the items ``options`` select (those with a day)."""
    options.check(view.trip)
    graph = Graph(view.trip, options.lang)
    public = options.audience is Visibility.PUBLIC  # as the agendas: no cancelled items
    nodes = [graph.node(t) for t in chronological(view.schedule.times)
             if t.item.timing is not Timing.UNSCHEDULED and options.includes(t.item)
             and not (public and graph.cancelled(t.item))]
    return {"@context": CONTEXT, "@graph": nodes}


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The JSON-LD document as UTF-8 JSON."""
    text = json.dumps(document(view, options), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def script(view: ExportView, options: ExportOptions) -> str:
    """The document as the content of an HTML ``<script type="application/ld+json">``:
    ``<``, ``>`` and ``&`` escaped as JSON ``\\u`` escapes, so no text of the trip can end
    the script."""
    text = json.dumps(document(view, options), ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
