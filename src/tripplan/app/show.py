"""``tripplan show``: one trip and its day-by-day schedule, every instant resolved.

>>> result = show(Environment.for_test(), "itineraries/2024-06-yokohama-bangkok.toml")
>>> result.loaded.trip.id, [day.date.day for day in result.schedule.days]
('2024-06-yokohama-bangkok', [20, 21, 22])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import resolved

if TYPE_CHECKING:
    from tripplan.load import LoadedTrip
    from tripplan.schedule import Schedule


@dataclass
class ShowResult:
    loaded: LoadedTrip
    schedule: Schedule
    outcome: Outcome = Outcome.OK


def show(env: Environment, trip: str) -> ShowResult:
    """The trip named by ``trip`` (an id or a path) with its schedule."""
    loaded, schedule = resolved(env, trip)
    return ShowResult(loaded, schedule)
