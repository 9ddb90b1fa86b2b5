"""Flights recognised in what airlines and booking sites write in a calendar event.

Airline files name the airports by IATA code in the summary or the location: "HND → BKK",
"HND-BKK", "NH 805 Tokyo (HND) to Bangkok (BKK)", "Flight to Bangkok (BKK) from Tokyo
(HND)" is not guessed at: only two codes in travel order are. Every code is checked
against the ``airportsdata`` database (:func:`tripplan.zones.airport`), so "UTC" or "CET"
in a summary is never taken for an airport.

>>> f = recognise("NH 805 Tokyo (HND) to Bangkok (BKK)", None)
>>> f.origin, f.destination, f.carrier, f.number
('HND', 'BKK', 'NH', '805')
>>> recognise("Flight JL45", "HND → CDG").destination
'CDG'
>>> recognise("Meeting at UTC office", "Room ABC") is None
True
>>> route("HND Tokyo International Airport → Bangkok")
('HND', 'Bangkok')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tripplan.zones import airport

_PAIR = re.compile(r"\b([A-Z]{3})\s*(?:→|->|⇒|>|–|—|-|/|\bto\b)\s*([A-Z]{3})\b")
_PAREN = re.compile(r"\(([A-Z]{3})\)")
_FLIGHT_NUMBER = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]|[0-9][A-Z])\s?(\d{1,4})(?!\d)")
_ARROWS = ("→", " -> ", " ⇒ ")


@dataclass(frozen=True)
class Flight:
    origin: str
    destination: str
    carrier: str | None = None
    number: str | None = None


def _known(code: str) -> bool:
    return airport(code) is not None


def _codes(text: str) -> tuple[str, str] | None:
    for match in _PAIR.finditer(text):
        a, b = match.groups()
        if a != b and _known(a) and _known(b):
            return a, b
    found = [c for c in _PAREN.findall(text) if _known(c)]
    if len(found) >= 2 and found[0] != found[1]:
        return found[0], found[1]
    sides = route(text)
    if sides and all(s is not None and len(s) == 3 and s.isupper() for s in sides):
        return sides[0], sides[1]  # type: ignore[return-value]
    return None


def recognise(summary: str, location: str | None) -> Flight | None:
    """A flight, when the summary or the location names two airports in travel order."""
    codes = None
    for text in (location, summary):
        if text and (codes := _codes(text)) is not None:
            break
    if codes is None:
        return None
    carrier = number = None
    for match in _FLIGHT_NUMBER.finditer(summary):
        if match.group(1) + match.group(2)[:1] in codes:
            continue
        carrier, number = match.groups()
        break
    return Flight(codes[0], codes[1], carrier, number)


def endpoint(side: str) -> str | None:
    """One side of "A → B": an IATA code when it is one (alone, or followed by the airport's
    name), else the text itself; ``None`` for "?" or nothing."""
    side = side.strip()
    if not side or side == "?":
        return None
    head = side.split(" ", 1)[0]
    if len(head) == 3 and head.isupper() and head.isalpha() and _known(head):
        rest = side[3:].strip()
        ap = airport(head)
        if not rest or (ap is not None and rest == ap.name):
            return head
    return side


def route(text: str | None) -> tuple[str | None, str | None] | None:
    """``(origin, destination)`` of a location written "A → B" (as tripplan writes travel)."""
    if not text:
        return None
    for arrow in _ARROWS:
        if arrow in text:
            a, b = text.split(arrow, 1)
            return endpoint(a), endpoint(b)
    return None
