"""What a calendar event or a reservation says, before it becomes an item.

The readers (:mod:`tripplan.importing.ical`, :mod:`tripplan.importing.schemaorg`) turn
their input into :class:`Imported` records; :mod:`tripplan.importing.build` turns those
into items of a trip. A record's times are exact: a calendar day (an all-day event), or an
aware instant with the IANA zone it is shown in (``zone`` is ``None`` only for a UTC time
whose zone the file does not say).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tripplan.errors import InputError


class BadInput(InputError):
    """An import file that cannot be read as it claims to be (exit 2), located by line
    (``.ics``) or by JSON pointer (JSON-LD)."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 line: int | None = None, pointer: str | None = None,
                 hint: str | None = None) -> None:
        if pointer is not None:
            message = f"at {pointer or '/'}: {message}"
        super().__init__(message, path=path, line=line, hint=hint)
        self.pointer = pointer


@dataclass(frozen=True)
class When:
    """A DTSTART/DTEND (or startDate/endDate): a day, or an instant shown in a zone."""

    day: dt.date | None = None
    instant: dt.datetime | None = None
    zone: str | None = None
    """IANA zone the time was written in (``None``: a UTC time, zone not given)."""
    guessed: bool = False
    """The zone was not in the file (``--timezone``, the airport's, the trip's)."""
    offset: dt.timedelta | None = None
    """The UTC offset the file wrote with a time that has no zone (JSON-LD)."""

    @property
    def is_day(self) -> bool:
        return self.day is not None

    def utc(self) -> dt.datetime | None:
        return self.instant.astimezone(dt.UTC) if self.instant is not None else None


@dataclass(frozen=True)
class Party:
    """An attendee or organizer: a name and/or an e-mail address."""

    name: str | None = None
    email: str | None = None

    @property
    def label(self) -> str:
        return self.name or (self.email or "").split("@")[0] or "?"


@dataclass
class Imported:
    """One event or reservation, as read."""

    source: str
    """Where it was read: ``file.ics:12`` or ``file.json#/0``."""
    uid: str | None
    summary: str
    start: When
    end: When | None = None
    kind: str | None = None
    """A kind of the trip format, when the input says it (CATEGORIES, a reservation type)."""
    location: str | None = None
    address: str | None = None
    geo: tuple[float, float] | None = None
    status: str | None = None
    visibility: str | None = None
    parts_of_day: tuple[str | None, str | None] | None = None
    organizer: Party | None = None
    attendees: list[Party] = field(default_factory=list)
    origin: str | None = None
    """Travel: an IATA code or a place name."""
    destination: str | None = None
    carrier: str | None = None
    number: str | None = None
    notes: str | None = None
