"""What every exporter is given: the trip with its resolved schedule, and typed options.

An exporter module (``ics``, ``html``, ``markdown``, ``text``, ``pdf``, ``jsonld``,
``vcard``) exposes ``SUFFIX`` (e.g. ``".ics"``) and
``render(view: ExportView, options: ExportOptions) -> bytes``. It
reads no file but a font, takes no lock, writes nothing and draws nothing: the export use
case (:mod:`tripplan.app.export`) finds and loads the trips, writes the bytes and keeps the
calendar's export record.

Selection (documented in README, "Export"):

* ``person``: items whose ``participants`` include the person (or that have no
  participants list, i.e. the whole delegation);
* ``audience``: items whose ``visibility`` is at or below the audience
  (public < internal < confidential); ``internal_notes`` only for internal and above;
* cancelled items: kept (the formats mark them) unless the format drops them for the audience.

>>> from tripplan.model import Trip
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2024-06-20", "end": "2024-06-20", "items": [
...         {"id": "a", "title": "A", "kind": "meeting", "date": "2024-06-20"},
...         {"id": "b", "title": "B", "kind": "meeting", "date": "2024-06-20",
...          "visibility": "confidential"}]})
>>> view = ExportView.of(trip)
>>> [t.item.id for t in selected(view, ExportOptions()).times]
['a']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tripplan.errors import InputError, UsageError
from tripplan.model import Contact, Item, ItemStatus, Trip, Visibility
from tripplan.present.vocabulary import Languages
from tripplan.schedule import Schedule, build

if TYPE_CHECKING:
    from tripplan.export.fonts import FontChoice


@dataclass(frozen=True)
class ExportView:
    """A trip and its schedule, every instant already resolved (:func:`tripplan.zones.resolve`)."""

    trip: Trip
    schedule: Schedule

    @classmethod
    def of(cls, trip: Trip) -> ExportView:
        return cls(trip, build(trip))


@dataclass(frozen=True)
class Organizer:
    """Who sends an iTIP-style calendar (``ORGANIZER;CN=name:mailto:address``)."""

    address: str
    """A ``mailto:`` URI."""
    name: str | None = None


@dataclass(frozen=True)
class ExportOptions:
    """How to export: for whom, in which languages, with what."""

    languages: Languages = Languages.EN
    audience: Visibility = Visibility.INTERNAL
    person: str | None = None
    """Only the items this delegation member (a person id) takes part in."""
    include_cancelled: bool = True
    brief: bool = False
    """Agendas: the pocket card instead of the full brief."""
    alarms: tuple[dt.timedelta, ...] = ()
    """iCalendar: a reminder this long before each timed item."""
    font: FontChoice | str | Path | None = None
    """PDF: the font (found by :func:`tripplan.export.fonts.find_cjk_font`) or its file."""
    now: dt.datetime | None = None
    """The export's timestamp (DTSTAMP, "generated on"); fixed in tests for golden files."""
    method: str | None = None
    """iCalendar: ``PUBLISH`` for an iTIP-style file (then every event has an ORGANIZER);
    ``None`` for a plain calendar file or feed, which has no ``METHOD`` (RFC 5545 3.7.2)."""
    organizer: Organizer | None = None

    @property
    def lang(self) -> str:
        """The leading language (the only one of a calendar)."""
        return self.languages.lead

    def includes(self, item: Item) -> bool:
        if item.visibility.rank > self.audience.rank:
            return False
        if self.person is not None and not item.involves(self.person):
            return False
        return not (item.status is ItemStatus.CANCELLED and not self.include_cancelled)

    def lists(self, item: Item) -> bool:
        """Whether a hand-out lists an item it selected: the public sees no cancelled ones."""
        return not (self.audience is Visibility.PUBLIC and item.status is ItemStatus.CANCELLED)

    def shows_internal_notes(self) -> bool:
        return self.audience.rank >= Visibility.INTERNAL.rank

    def moment(self) -> dt.datetime:
        """:attr:`now`, or (when a caller gave none) the current local time."""
        return self.now or dt.datetime.now().astimezone()

    def check(self, trip: Trip) -> None:
        """A usage error when the options cannot apply to ``trip`` (an unknown person)."""
        if self.person is not None and self.person not in trip.people:
            known = ", ".join(trip.people) or "(no delegation members defined)"
            raise UsageError(f'"{self.person}" is not a member of the delegation',
                             argument="person", hint=f"{{person}} takes a person id: {known}")


def selected(view: ExportView, options: ExportOptions) -> Schedule:
    """The view's schedule with only the items ``options`` let through."""
    times = [t for t in view.schedule.times if options.includes(t.item)]
    return build(view.trip, times)


def named_contacts(trip: Trip, items: Iterable[Item]) -> list[tuple[str, Contact]]:
    """The contacts ``items`` name, in the trip's order (with their ids)."""
    named = {item.contact for item in items if item.contact}
    return [(key, contact) for key, contact in trip.contacts.items() if key in named]


def listed_contacts(view: ExportView, options: ExportOptions) -> list[tuple[str, Contact]]:
    """The contacts a hand-out lists (the agenda's contact sheet, the vCards): those named
    by the items it lists. A contact whom only items cut for the audience or the person name
    (or cancelled items, for the public) is left out, and so is one no item names.

    >>> from tripplan.model import Trip
    >>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
    ...     "start": "2024-06-20", "end": "2024-06-20",
    ...     "contacts": {"a": {"name": "A"}, "b": {"name": "B"}, "c": {"name": "C"}},
    ...     "items": [{"id": "x", "title": "X", "kind": "meeting", "contact": "a",
    ...                "visibility": "public"},
    ...               {"id": "y", "title": "Y", "kind": "meeting", "contact": "b",
    ...                "visibility": "confidential"}]})
    >>> view = ExportView.of(trip)
    >>> [key for key, _ in listed_contacts(view, ExportOptions(audience=Visibility.PUBLIC))]
    ['a']
    >>> [key for key, _ in listed_contacts(view,
    ...                                    ExportOptions(audience=Visibility.CONFIDENTIAL))]
    ['a', 'b']
    """
    items = [t.item for t in selected(view, options).times if options.lists(t.item)]
    return named_contacts(view.trip, items)


class UnexportableItem(InputError):
    """An item that cannot be written honestly; ``field`` is its key path in the trip
    (``("items", 3, "start")``), which the use case turns into a file, line and column."""

    def __init__(self, message: str, field: tuple, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field
