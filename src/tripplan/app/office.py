"""What ``agenda`` and ``next`` share: the trips of the catalogue, each with its schedule cut
for an audience, and the office's home zone.

The trips are found as ``tripplan list`` finds them (:func:`tripplan.app.pipeline.run_files`:
the itineraries folder, or the paths given); a file that cannot be read is reported, not
fatal. Cancelled trips are left out: nothing of theirs happens.

The office's **home zone** is, in this order: ``--home``, ``home_timezone`` of the config
file (or ``TRIPPLAN_HOME_TIMEZONE``), else the ``home_timezone`` the trips themselves give
when they all give the same one. Trips of different homes without a configured zone are a
usage error that says how to choose (``tz`` decides "home" the same way for one trip: the
flag, else the trip's own zone).

>>> env = Environment.for_test()
>>> found = catalogue(env, ["itineraries/"])
>>> sorted(t.trip.id for t in found.trips), office_home(env, None, found.trips)
(['2024-06-yokohama-bangkok', '2025-03-example-tokyo-bangkok'], 'Asia/Tokyo')
>>> read_day("2024/6/20", "from_date")
datetime.date(2024, 6, 20)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tripplan.app.env import Environment
from tripplan.app.pipeline import Work, run_files
from tripplan.diagnostics import Diagnostic
from tripplan.errors import UsageError

if TYPE_CHECKING:
    from tripplan.load import LoadedTrip
    from tripplan.model import Trip
    from tripplan.schedule import Schedule

AUDIENCES = ("public", "internal", "confidential")


@dataclass
class TripDays:
    """One trip of the catalogue and its day-by-day schedule."""

    loaded: LoadedTrip
    schedule: Schedule

    @property
    def trip(self) -> Trip:
        return self.loaded.trip


@dataclass
class Catalogue:
    trips: list[TripDays] = field(default_factory=list)
    """Sorted by first day and id; cancelled trips left out."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Why a file could not be read."""


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise UsageError(f"{{audience}} is one of {', '.join(AUDIENCES)}, not {audience}",
                         hint="e.g. {audience} public", argument="audience")
    return audience


def scheduled(loaded: LoadedTrip, audience: str) -> TripDays:
    """The trip's schedule holding only the items ``audience`` may see (as ``show``)."""
    from tripplan.model import Visibility
    from tripplan.schedule import build
    from tripplan.zones import resolve

    rank = Visibility(audience).rank
    times = [t for t in resolve(loaded.trip) if t.item.visibility.rank <= rank]
    return TripDays(loaded, build(loaded.trip, times))


def catalogue(env: Environment, paths: Iterable[str] | None = None,
              audience: str = "internal") -> Catalogue:
    """Every trip under ``paths`` (default: the itineraries folder) but the cancelled ones."""
    from tripplan.model import TripStatus

    check_audience(audience)
    found = Catalogue()
    for result in run_files(env, paths, Work(scheduled, audience)):
        found.diagnostics.extend(result.diagnostics)
        if result.value is not None and result.value.trip.status is not TripStatus.CANCELLED:
            found.trips.append(result.value)
    found.trips.sort(key=lambda t: (t.trip.start, t.trip.id))
    return found


def office_home(env: Environment, home: str | None, trips: list[TripDays]) -> str | None:
    """The office's home zone (see the module); ``None`` only when there are no trips."""
    from tripplan.timeline import check_home
    from tripplan.zones import known_zone

    if home is not None:
        return check_home(home)
    if env.settings.home_timezone:
        return env.settings.home_timezone
    zones = sorted({t.trip.home_timezone for t in trips if known_zone(t.trip.home_timezone)})
    if len(zones) == 1:
        return zones[0]
    if not zones and not trips:
        return None
    why = (f"the trips have different home zones ({', '.join(zones)})" if zones else
           "no trip gives a home_timezone of the tz database")
    raise UsageError(f"{why}: which one is the office's?", argument="home",
                     hint="give {home} ZONE (e.g. {home} Asia/Tokyo), or set home_timezone in "
                     "the config file or TRIPPLAN_HOME_TIMEZONE")


def trip_home(trip: Trip, fixed: str | None) -> str:
    """The home zone ``next`` reads one trip in: ``fixed`` (the flag or the config), else the
    trip's own ``home_timezone``."""
    from tripplan.zones import known_zone

    zone = fixed or known_zone(trip.home_timezone)
    if zone is None:
        raise UsageError(f'trip "{trip.id}" has home_timezone "{trip.home_timezone}", not a '
                         "zone of the tz database", argument="home",
                         hint="correct it (tripplan validate shows where), or give {home} ZONE")
    return zone


def read_day(text: str | None, argument: str) -> dt.date | None:
    """A day typed on the command line (``2024-06-20``, ``2024年6月20日``, ``令和6年6月20日``,
    ``June 20, 2024``); a usage error naming ``argument`` when it is not one."""
    if text is None:
        return None
    from tripplan.parse_input import parse_date

    try:
        return parse_date(text)
    except UsageError as err:
        raise UsageError(f"{{{argument}}}: {err.message}", argument=argument,
                         hint=f"write the day with its year, e.g. {{{argument}}} 2024-06-20, "
                         "2024年6月20日 or 20 Jun 2024") from None
