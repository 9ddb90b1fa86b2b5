"""``tripplan list``: every trip under the paths, one summary row each.

Files that cannot be loaded are reported, not fatal: the rows of the others still come,
and the outcome is ``INVALID`` (exit 2) so that a script notices.

>>> import os
>>> env = Environment.for_test()
>>> result = list_trips(env, ["itineraries/2024-06-yokohama-bangkok.toml"])  # doctest: +SKIP
>>> [t.id for t in result.trips], result.outcome  # doctest: +SKIP
(['2024-06-yokohama-bangkok'], <Outcome.OK: 'ok'>)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import Work, run_files
from tripplan.diagnostics import Diagnostic
from tripplan.listing import TripSummary, summarize


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
