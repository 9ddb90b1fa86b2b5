"""schema.org reservations and events (JSON-LD) read as :class:`Imported` records.

What mail clients and KDE Itinerary read in confirmation e-mails and web pages:
``FlightReservation`` (``reservationFor`` a ``Flight``), ``LodgingReservation``,
``EventReservation`` and plain ``Event`` (and its subtypes, ``BusinessEvent``...), alone,
in a list, or in an ``@graph``; in a ``.json``/``.jsonld`` file or in the
``<script type="application/ld+json">`` blocks of an HTML page. Times are ISO 8601: a date
is a date-only item, a date and time needs its UTC offset (else ``--timezone``). Errors
name the JSON pointer of the value at fault (``/reservationFor/departureTime``).

>>> data = b'''{"@context": "https://schema.org", "@type": "FlightReservation",
...   "reservationNumber": "XYZ123", "reservationFor": {"@type": "Flight",
...   "flightNumber": "805", "airline": {"@type": "Airline", "iataCode": "NH"},
...   "departureAirport": {"@type": "Airport", "iataCode": "HND"},
...   "arrivalAirport": {"@type": "Airport", "iataCode": "BKK"},
...   "departureTime": "2025-03-10T00:05:00+09:00",
...   "arrivalTime": "2025-03-10T04:50:00+07:00"}}'''
>>> [r] = read_json(data, "booking.json")
>>> r.kind, r.origin, r.destination, r.carrier, r.number, r.start.utc().isoformat()
('flight', 'HND', 'BKK', 'NH', '805', '2025-03-09T15:05:00+00:00')
"""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from typing import Any

from tripplan.importing.records import BadInput, Imported, Party, When
from tripplan.zones import airport, get_zone, localize

RESERVATION_STATUS = {"ReservationCancelled": "cancelled", "ReservationPending": "tentative",
                      "ReservationHold": "tentative", "ReservationConfirmed": "confirmed"}
EVENT_STATUS = {"EventCancelled": "cancelled", "EventPostponed": "tentative",
                "EventRescheduled": "confirmed", "EventScheduled": "confirmed",
                "EventMovedOnline": "confirmed"}


def _short(value: Any) -> str:
    """``https://schema.org/FlightReservation`` → ``FlightReservation``."""
    text = str(value)
    for prefix in ("https://schema.org/", "http://schema.org/", "schema:"):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _types(node: dict) -> list[str]:
    value = node.get("@type", [])
    return [_short(v) for v in (value if isinstance(value, list) else [value])]


class JsonReader:
    """Reads the JSON-LD of one file (or one script block of a page)."""

    def __init__(self, shown: str, zone: str | None) -> None:
        self.shown = shown
        self.zone = zone

    def fail(self, message: str, pointer: str, hint: str | None = None) -> BadInput:
        return BadInput(message, path=self.shown, pointer=pointer, hint=hint)

    def records(self, data: Any) -> list[Imported]:
        out: list[Imported] = []
        for pointer, node in _nodes(data, ""):
            types = _types(node)
            record = None
            if "FlightReservation" in types:
                record = self.flight(node, pointer)
            elif "LodgingReservation" in types:
                record = self.lodging(node, pointer)
            elif any(t.endswith("Reservation") for t in types):
                target = node.get("reservationFor")
                if isinstance(target, dict):
                    record = self.event(target, f"{pointer}/reservationFor", node)
            elif any(t == "Event" or t.endswith("Event") for t in types):
                record = self.event(node, pointer, None)
            if record is not None:
                out.append(record)
        if not out:
            raise self.fail("no schema.org reservation or event found", "",
                            hint="tripplan reads FlightReservation, LodgingReservation, "
                                 "EventReservation and Event")
        return out

    # -- values -----------------------------------------------------------------------

    def when(self, value: Any, pointer: str, zone: str | None = None) -> When:
        if not isinstance(value, str):
            raise self.fail("expected an ISO 8601 date or date and time", pointer)
        text = value.strip()
        try:
            if len(text) == 10:
                return When(day=dt.date.fromisoformat(text))
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise self.fail(f'"{text}" is not an ISO 8601 date or date and time', pointer,
                            hint="e.g. 2025-03-10 or 2025-03-10T09:30:00+07:00") from None
        if parsed.tzinfo is None:
            chosen = zone or self.zone
            if chosen is None:
                raise self.fail(f'"{text}" has no UTC offset, so it is not an instant', pointer,
                                hint="give {timezone} ZONE to say where these times are")
            local = localize(parsed, chosen)
            instant = local.instant or local.candidates[0]
            return When(instant=instant.astimezone(dt.UTC), zone=chosen, guessed=zone is None)
        instant = parsed.astimezone(dt.UTC)
        if zone and get_zone(zone) is not None and \
                instant.astimezone(get_zone(zone)).utcoffset() == parsed.utcoffset():
            return When(instant=instant, zone=zone)
        return When(instant=instant, offset=parsed.utcoffset())

    def required(self, node: dict, key: str, pointer: str) -> Any:
        if key not in node:
            raise self.fail(f"{key} is missing", f"{pointer}/{key}")
        return node[key]

    # -- the types --------------------------------------------------------------------

    def flight(self, node: dict, pointer: str) -> Imported:
        flight = self.required(node, "reservationFor", pointer)
        at = f"{pointer}/reservationFor"
        if not isinstance(flight, dict):
            raise self.fail("expected a Flight", at)
        codes, zones = [], []
        for key in ("departureAirport", "arrivalAirport"):
            place = flight.get(key)
            code = place.get("iataCode") if isinstance(place, dict) else None
            name = place.get("name") if isinstance(place, dict) else place
            ap = airport(code.upper()) if isinstance(code, str) else None
            if ap is None and not (isinstance(name, str) and name.strip()):
                raise self.fail("expected an airport with its IATA code (or a name)",
                                f"{at}/{key}")
            codes.append(ap.iata if ap else name.strip())
            zones.append(ap.timezone if ap else None)
        start_key = "departureTime" if "departureTime" in flight else "departureDay"
        start = self.when(self.required(flight, start_key, at), f"{at}/{start_key}", zones[0])
        end = None
        if "arrivalTime" in flight:
            end = self.when(flight["arrivalTime"], f"{at}/arrivalTime", zones[1])
        airline = flight.get("airline")
        carrier = airline.get("iataCode") if isinstance(airline, dict) else None
        number = str(flight.get("flightNumber") or "") or None
        summary = flight.get("name") or " ".join(
            p for p in (carrier, number, f"{codes[0]} → {codes[1]}") if p)
        return Imported(source=f"{self.shown}#{pointer}", uid=_uid(node, flight),
                        summary=str(summary), start=start, end=end, kind="flight",
                        origin=codes[0], destination=codes[1], carrier=carrier, number=number,
                        status=_status(node), visibility=_visibility(node))

    def lodging(self, node: dict, pointer: str) -> Imported:
        hotel = node.get("reservationFor")
        hotel = hotel if isinstance(hotel, dict) else {}
        start = self.when(self.required(node, "checkinTime", pointer), f"{pointer}/checkinTime")
        end = None
        if "checkoutTime" in node:
            end = self.when(node["checkoutTime"], f"{pointer}/checkoutTime")
        name = str(hotel.get("name") or node.get("name") or "Hotel")
        return Imported(source=f"{self.shown}#{pointer}", uid=_uid(node, hotel),
                        summary=str(node.get("name") or name), start=start, end=end,
                        kind="lodging", location=name, address=_address(hotel.get("address")),
                        geo=_geo(hotel.get("geo")), status=_status(node),
                        visibility=_visibility(node))

    def event(self, node: dict, pointer: str, reservation: dict | None) -> Imported:
        start = self.when(self.required(node, "startDate", pointer), f"{pointer}/startDate")
        end = None
        if "endDate" in node:
            end = self.when(node["endDate"], f"{pointer}/endDate", start.zone)
        place = node.get("location")
        name = place.get("name") if isinstance(place, dict) else place
        holder = reservation or node
        kind = node.get("additionalType") if isinstance(node.get("additionalType"), str) \
            else None
        return Imported(
            source=f"{self.shown}#{pointer}", uid=_uid(holder, node),
            summary=str(node.get("name") or "(no title)"), start=start, end=end,
            kind=_tripplan_kind(kind),
            location=str(name) if name else None,
            address=_address(place.get("address")) if isinstance(place, dict) else None,
            geo=_geo(place.get("geo")) if isinstance(place, dict) else None,
            status=_status(holder) or EVENT_STATUS.get(_short(node.get("eventStatus", ""))),
            visibility=_visibility(node), organizer=_party(node.get("organizer")),
            attendees=[p for p in map(_party, _many(node.get("attendee"))) if p])


def _nodes(data: Any, pointer: str):
    """Every JSON object of the document with its JSON pointer (``@graph`` and lists)."""
    if isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nodes(value, f"{pointer}/{index}")
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _nodes(data["@graph"], f"{pointer}/@graph")
        if "@type" in data:
            yield pointer, data


def _many(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _uid(*nodes: dict) -> str | None:
    for node in nodes:
        for key in ("identifier", "reservationNumber", "reservationId", "@id"):
            value = node.get(key)
            if isinstance(value, str | int) and str(value).strip():
                return str(value).strip()
    return None


def _status(node: dict) -> str | None:
    return RESERVATION_STATUS.get(_short(node.get("reservationStatus", "")))


def _visibility(node: dict) -> str | None:
    value = node.get("tripplanVisibility")
    return value if value in ("public", "internal", "confidential") else None


def _tripplan_kind(value: str | None) -> str | None:
    from tripplan.model import Kind

    if value and value.startswith("tripplan:") and value[9:] in {k.value for k in Kind}:
        return value[9:]
    return None


def _address(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        parts = [value.get(k) for k in ("streetAddress", "postalCode", "addressLocality",
                                         "addressRegion", "addressCountry")]
        text = ", ".join(str(p) for p in parts if isinstance(p, str) and p.strip())
        return text or None
    return None


def _geo(value: Any) -> tuple[float, float] | None:
    if isinstance(value, dict):
        try:
            return (float(value["latitude"]), float(value["longitude"]))
        except (KeyError, TypeError, ValueError):
            return None
    return None


def _party(value: Any) -> Party | None:
    if isinstance(value, str):
        return Party(name=value.strip() or None)
    if isinstance(value, dict):
        email = value.get("email")
        email = email[7:] if isinstance(email, str) and email.startswith("mailto:") else email
        name = value.get("name")
        if name or email:
            return Party(str(name) if name else None, str(email) if email else None)
    return None


IMPORT_HINT = ("import reads iCalendar (.ics), schema.org JSON-LD (.json, .jsonld) and HTML "
               "pages that embed JSON-LD (.html)")


def read_json(data: bytes, shown: str, *, zone: str | None = None) -> list[Imported]:
    """The records of a JSON-LD document."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BadInput("not UTF-8 text", path=shown) from None
    except json.JSONDecodeError as err:
        raise BadInput(f"not JSON: {err.msg} (column {err.colno})", path=shown,
                       line=err.lineno, hint=IMPORT_HINT) from None
    return JsonReader(shown, zone).records(document)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[int, str]] = []
        self._open: int | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        kind = dict(attrs).get("type", "") or ""
        if tag == "script" and kind.split(";")[0].strip().lower() == "application/ld+json":
            self._open, self._text = self.getpos()[0], []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.blocks.append((self._open, "".join(self._text)))
            self._open = None


def read_html(data: bytes, shown: str, *, zone: str | None = None) -> list[Imported]:
    """The records of every JSON-LD block of an HTML page."""
    parser = _Scripts()
    parser.feed(data.decode("utf-8", errors="replace"))
    parser.close()
    if not parser.blocks:
        raise BadInput('no <script type="application/ld+json"> in this page', path=shown)
    out: list[Imported] = []
    for line, text in parser.blocks:
        where = f"{shown} (script at line {line})"
        try:
            document = json.loads(text)
        except json.JSONDecodeError as err:
            raise BadInput(f"not JSON: {err.msg}", path=shown,
                           line=line + err.lineno - 1) from None
        out.extend(JsonReader(where, zone).records(document))
    return out
