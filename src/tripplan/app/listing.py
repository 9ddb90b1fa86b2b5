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

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "status": self.status, "items": self.items,
                "file": self.file}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TripSummary:
        return cls(data["id"], data["title"], dt.date.fromisoformat(data["start"]),
                   dt.date.fromisoformat(data["end"]), data["status"], data["items"],
                   data["file"])


def summarize(loaded: LoadedTrip, lang: str) -> TripSummary:
    trip = loaded.trip
    return TripSummary(trip.id, trip.title.get(lang), trip.start, trip.end, trip.status.value,
                       len(trip.items), loaded.display_path)


@dataclass
class TripList:
    trips: list[TripSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        return Outcome.INVALID if self.diagnostics else Outcome.OK


def list_trips(env: Environment, paths: Iterable[str] | None = None, *,
               lang: str | None = None, cache: bool = False) -> TripList:
    """Every trip under ``paths`` (default: the itineraries folder), sorted by start and id.

    With ``cache``, the row of a file listed before with the same text comes from
    :mod:`tripplan.cache` and the file is not parsed again.
    """
    from tripplan.cache import ResultCache

    language = env.lang(lang)
    store = ResultCache.for_command("list", {"lang": language}, enabled=cache)
    work = Work(summarize, language, encode=_to_cache, decode=_from_cache)
    result = TripList()
    for found in run_files(env, paths, work, store=store):
        result.diagnostics.extend(found.diagnostics)
        if found.value is not None:
            result.trips.append(found.value)
    result.trips.sort(key=lambda s: (s.start, s.id))
    return result


def _to_cache(row: TripSummary, shown: str) -> dict | None:
    # the path is put back when read from the cache: it must be the one shown now
    return {**row.to_json(), "file": None} if row.file == shown else None


def _from_cache(value: dict, shown: str) -> TripSummary | None:
    try:
        return TripSummary.from_json({**value, "file": shown})
    except (TypeError, KeyError, ValueError):  # not an entry this code wrote
        return None
