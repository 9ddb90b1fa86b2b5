"""What every exporter shares: which items go out, for whom, in which language.

An exporter module (``ics``, ``html``, ``markdown``, ``text``, ``pdf``) exposes
``SUFFIX`` (e.g. ``".ics"``) and ``render(job: ExportJob) -> bytes``.

Selection (documented in README, "Export"):

* ``--for PERSON``: items whose ``participants`` include the person (or that have no
  participants list, i.e. the whole delegation);
* ``--audience``: items whose ``visibility`` is at or below the audience
  (public < internal < confidential); ``internal_notes`` only for internal and above;
* cancelled items: kept (the formats mark them) unless the format drops them for the audience.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tripplan.errors import UsageError
from tripplan.load import LoadedTrip
from tripplan.model import Item, ItemStatus, Trip, Visibility
from tripplan.schedule import Schedule, build
from tripplan.zones import ItemTime

FORMATS = ("ics", "html", "pdf", "md", "txt")


@dataclass
class ExportJob:
    loaded: LoadedTrip
    format: str
    lang: str = "en"  # "en" | "ja" | "ja+en" (agendas only)
    person: str | None = None
    audience: Visibility = Visibility.INTERNAL
    include_cancelled: bool = True
    brief: bool = False
    alarms: list[dt.timedelta] = field(default_factory=list)
    font: str | None = None
    now: dt.datetime | None = None
    """The export's timestamp (DTSTAMP, "generated on"); fixed in tests for golden files."""
    record_state: bool = True
    """iCalendar: update the export record beside the trip (SEQUENCE); see docs/ics.md."""
    schedule: Schedule | None = None

    @property
    def trip(self) -> Trip:
        return self.loaded.trip

    def selected(self) -> Schedule:
        """The trip's schedule with only the items this job may show."""
        if self.schedule is None:
            self.schedule = build(self.trip)
        full = self.schedule
        keep = {t.index for t in full.times if self.includes(t.item)}
        times = [t for t in full.times if t.index in keep]
        return build(self.trip, times)

    def includes(self, item: Item) -> bool:
        if item.visibility.rank > self.audience.rank:
            return False
        if self.person is not None and not item.involves(self.person):
            return False
        return not (item.status is ItemStatus.CANCELLED and not self.include_cancelled)

    def show_internal_notes(self) -> bool:
        return self.audience.rank >= Visibility.INTERNAL.rank

    def check(self) -> None:
        if self.person is not None and self.person not in self.trip.people:
            known = ", ".join(self.trip.people) or "(no delegation members defined)"
            raise UsageError(f'"{self.person}" is not a member of the delegation',
                             hint=f"--for takes a person id: {known}")


def times_by_index(times: list[ItemTime]) -> dict[int, ItemTime]:
    return {t.index: t for t in times}
