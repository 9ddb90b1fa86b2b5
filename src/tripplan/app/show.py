"""``tripplan show``: one trip and its day-by-day schedule, every instant resolved.

>>> result = show(Environment.for_test(), "itineraries/2024-06-yokohama-bangkok.toml")
>>> result.loaded.trip.id, [day.date.day for day in result.schedule.days]
('2024-06-yokohama-bangkok', [20, 21, 22])

Like a hand-out, ``show`` is cut for an audience (default ``internal``): items above it are
left out, and internal notes are shown only at ``internal`` and above.
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
    audience: str = "internal"
    """``public``, ``internal`` or ``confidential``: what the schedule was cut for."""

    def to_json(self) -> dict[str, Any]:
        """``show --json``: the file's own values plus the resolved zones and instants."""
        trip = self.loaded.trip
        items = []
        hidden = {"internal_notes"} if self.audience == "public" else set()
        for time in self.schedule.times:
            data = time.item.model_dump(mode="json", exclude_none=True, exclude_defaults=False,
                                        exclude=hidden)
            data["timing"] = time.item.timing.value
            data["resolved"] = {
                "start_zone": time.start_zone, "end_zone": time.end_zone,
                "start_utc": _utc(time.start), "end_utc": _utc(time.end),
            }
            items.append(data)
        return {
            "file": self.loaded.display_path,
            "audience": self.audience,
            "trip": trip.model_dump(mode="json", exclude_none=True, exclude={
                "items": True, **self._cut(trip)}),
            "days": [{"date": d.date.isoformat(),
                      "items": [{"id": e.item.id, "continuation": e.continuation}
                                for e in d.entries]} for d in self.schedule.days],
            "unscheduled": [time.item.id for time in self.schedule.unscheduled],
            "items": items,
        }


    def _cut(self, trip) -> dict[str, Any]:
        """Contacts and footnotes that only items cut for the audience name (left out)."""
        shown = [t.item for t in self.schedule.times]
        cut: dict[str, Any] = {}
        for key, names in (("contacts", lambda it: [it.contact] if it.contact else []),
                           ("footnotes", lambda it: it.footnotes)):
            named_by_shown = {n for it in shown for n in names(it)}
            named = {n for it in trip.items for n in names(it)}
            if hidden := (named - named_by_shown) & set(getattr(trip, key)):
                cut[key] = dict.fromkeys(hidden, True)
        return cut


def _utc(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


AUDIENCES = ("public", "internal", "confidential")


def audience_rank(audience: str) -> int:
    """0, 1 or 2 for ``public``, ``internal`` or ``confidential``; a usage error otherwise.

    >>> audience_rank("internal")
    1
    """
    from tripplan.errors import UsageError

    if audience not in AUDIENCES:
        raise UsageError(f"{{audience}} is one of {', '.join(AUDIENCES)}, not {audience}",
                         hint="e.g. {audience} public", argument="audience")
    return AUDIENCES.index(audience)


def show(env: Environment, trip: str, audience: str = "internal") -> ShowResult:
    """The trip named by ``trip`` (an id or a path) with its schedule, holding only the items
    ``audience`` may see (``public`` < ``internal`` < ``confidential``)."""
    rank = audience_rank(audience)
    loaded, schedule = resolved(env, trip)
    if any(AUDIENCES.index(t.item.visibility.value) > rank for t in schedule.times):
        from tripplan.schedule import build

        times = [t for t in schedule.times if AUDIENCES.index(t.item.visibility.value) <= rank]
        schedule = build(schedule.trip, times)
    return ShowResult(loaded, schedule, audience=audience)
