"""``show --json``: the trip as data, the file's own values plus the resolved instants.

The terminal view of ``show`` is :func:`tripplan.terminal.show.show_view` (still reachable
here as ``show_view`` for callers of the old name).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tripplan.load import LoadedTrip
from tripplan.schedule import Schedule


def __getattr__(name: str):
    if name == "show_view":
        from tripplan.terminal.show import show_view

        return show_view
    raise AttributeError(name)


def show_json(loaded: LoadedTrip, schedule: Schedule) -> dict[str, Any]:
    """The trip as data: the file's own values plus the resolved instants."""
    trip = loaded.trip
    items = []
    for time in schedule.times:
        data = time.item.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
        data["timing"] = time.item.timing.value
        data["resolved"] = {
            "start_zone": time.start_zone, "end_zone": time.end_zone,
            "start_utc": _utc(time.start), "end_utc": _utc(time.end),
        }
        items.append(data)
    return {
        "file": loaded.display_path,
        "trip": trip.model_dump(mode="json", exclude_none=True, exclude={"items"}),
        "days": [{"date": d.date.isoformat(),
                  "items": [{"id": e.item.id, "continuation": e.continuation}
                            for e in d.entries]} for d in schedule.days],
        "unscheduled": [time.item.id for time in schedule.unscheduled],
        "items": items,
    }


def _utc(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
