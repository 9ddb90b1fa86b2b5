"""``tripplan list``: every trip under the paths, one summary row each.

A row (:class:`TripSummary`) holds only what the list shows, so that it can be kept in
:mod:`tripplan.cache` and a second ``list`` of unchanged files loads no trip at all; the
terminal draws it with :mod:`tripplan.terminal.listing`.

Files that cannot be loaded are reported, not fatal: the rows of the others still come,
and the outcome is ``INVALID`` (exit 2) so that a script notices.

>>> result = list_trips(Environment.for_test(), ["itineraries/2024-06-yokohama-bangkok.toml"])
>>> [t.id for t in result.trips], result.outcome
(['2024-06-yokohama-bangkok'], <Outcome.OK: 'ok'>)
>>> TripSummary.from_json(result.trips[0].to_json()) == result.trips[0]
True

Filters (:class:`TripFilter`) keep the trips that pass all of them: ``upcoming`` (the trip
ends today or later, by the environment's clock), ``past`` (it ended before today),
``status``, ``tags`` (it carries every one) and ``year`` (one of its days is in that year).

>>> env = Environment.for_test(now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
>>> [t.id for t in list_trips(env, ["itineraries/"], filters=TripFilter(upcoming=True)).trips]
['2025-03-example-tokyo-bangkok']
>>> [t.id for t in list_trips(env, ["itineraries/"], filters=TripFilter(tags=["bangkok"])).trips]
['2024-06-yokohama-bangkok']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import Work, run_files
from tripplan.diagnostics import Diagnostic

if TYPE_CHECKING:
    from tripplan.load import LoadedTrip


@dataclass
class TripSummary:
    id: str
    title: str
    start: dt.date
    end: dt.date
    status: str
    items: int
    file: str
    tags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "status": self.status, "items": self.items,
                "file": self.file, "tags": list(self.tags)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TripSummary:
        return cls(data["id"], data["title"], dt.date.fromisoformat(data["start"]),
                   dt.date.fromisoformat(data["end"]), data["status"], data["items"],
                   data["file"], list(data["tags"]))


def summarize(loaded: LoadedTrip, lang: str) -> TripSummary:
    trip = loaded.trip
    return TripSummary(trip.id, trip.title.get(lang), trip.start, trip.end, trip.status.value,
                       len(trip.items), loaded.display_path, list(trip.tags))


STATUSES = ("draft", "confirmed", "completed", "cancelled")
"""The trip statuses of the model (:class:`tripplan.model.TripStatus`; a test keeps them
equal, start-up does not import the model)."""


@dataclass(frozen=True)
class TripFilter:
    """Which trips ``list`` shows: those that pass every filter given (see the module)."""

    upcoming: bool = False
    past: bool = False
    status: str | None = None
    tags: tuple[str, ...] | list[str] = ()
    year: int | None = None
    today: dt.date | None = None
    """The day ``upcoming`` and ``past`` are judged on (default: today, by the clock)."""

    def checked(self) -> TripFilter:
        """The filter, or a usage error naming the argument that cannot be."""
        from tripplan.errors import UsageError
        from tripplan.ranges import YEARS, in_years

        if self.upcoming and self.past:
            raise UsageError("give either {upcoming} or {past}, not both", argument="past")
        if self.status is not None and self.status not in STATUSES:
            raise UsageError(f'{{status}} "{self.status}" is not a trip status',
                             argument="status", hint=f"one of {', '.join(STATUSES)}")
        if self.year is not None and not in_years(self.year):
            raise UsageError(f"{{year}} {self.year} is outside the years {YEARS}",
                             argument="year", hint="e.g. {year} 2024")
        return self

    @property
    def active(self) -> bool:
        return bool(self.upcoming or self.past or self.status or self.tags
                    or self.year is not None)

    def keeps(self, row: TripSummary, today: dt.date) -> bool:
        return ((not self.upcoming or row.end >= today) and (not self.past or row.end < today)
                and (self.status is None or row.status == self.status)
                and all(tag in row.tags for tag in self.tags)
                and (self.year is None or row.start.year <= self.year <= row.end.year))


@dataclass
class TripList:
    trips: list[TripSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    filtered: bool = False
    """Filters were given (an empty list means none passed, not that there are no trips)."""

    @property
    def outcome(self) -> Outcome:
        return Outcome.INVALID if self.diagnostics else Outcome.OK


def list_trips(env: Environment, paths: Iterable[str] | None = None, *,
               lang: str | None = None, cache: bool = False,
               filters: TripFilter | None = None) -> TripList:
    """Every trip under ``paths`` (default: the itineraries folder) that passes ``filters``,
    sorted by start and id.

    With ``cache``, the row of a file listed before with the same text comes from
    :mod:`tripplan.cache` and the file is not parsed again.
    """
    from tripplan.cache import ResultCache

    chosen = (filters or TripFilter()).checked()
    language = env.lang(lang)
    store = ResultCache.for_command("list", {"lang": language}, enabled=cache)
    work = Work(summarize, language, encode=_to_cache, decode=_from_cache)
    result = TripList()
    for found in run_files(env, paths, work, store=store):
        result.diagnostics.extend(found.diagnostics)
        if found.value is not None:
            result.trips.append(found.value)
    result.trips.sort(key=lambda s: (s.start, s.id))
    if chosen.active:
        today = chosen.today or env.today()
        result.trips = [row for row in result.trips if chosen.keeps(row, today)]
        result.filtered = True
    return result


def _to_cache(row: TripSummary, shown: str) -> dict | None:
    # the path is put back when read from the cache: it must be the one shown now
    return {**row.to_json(), "file": None} if row.file == shown else None


def _from_cache(value: dict, shown: str) -> TripSummary | None:
    try:
        return TripSummary.from_json({**value, "file": shown})
    except (TypeError, KeyError, ValueError):  # not an entry this code wrote
        return None
