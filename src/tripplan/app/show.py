"""``tripplan show``: one trip and its day-by-day schedule, every instant resolved.

>>> result = show(Environment.for_test(), "itineraries/2024-06-yokohama-bangkok.toml")
>>> result.loaded.trip.id, [day.date.day for day in result.schedule.days]
('2024-06-yokohama-bangkok', [20, 21, 22])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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

    def to_json(self) -> dict[str, Any]:
        """``show --json``: the file's own values plus the resolved zones and instants."""
        trip = self.loaded.trip
        items = []
        for time in self.schedule.times:
            data = time.item.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
            data["timing"] = time.item.timing.value
            data["resolved"] = {
                "start_zone": time.start_zone, "end_zone": time.end_zone,
                "start_utc": _utc(time.start), "end_utc": _utc(time.end),
            }
            items.append(data)
        return {
            "file": self.loaded.display_path,
            "trip": trip.model_dump(mode="json", exclude_none=True, exclude={"items"}),
            "days": [{"date": d.date.isoformat(),
                      "items": [{"id": e.item.id, "continuation": e.continuation}
                                for e in d.entries]} for d in self.schedule.days],
            "unscheduled": [time.item.id for time in self.schedule.unscheduled],
            "items": items,
        }


def _utc(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def show(env: Environment, trip: str) -> ShowResult:
    """The trip named by ``trip`` (an id or a path) with its schedule."""
    loaded, schedule = resolved(env, trip)
    return ShowResult(loaded, schedule)
