"""``tripplan list``: one summary row per trip (drawn by :mod:`tripplan.terminal.listing`).

A row holds only what the list shows, so that it can be kept in :mod:`tripplan.cache`
and a second ``list`` of unchanged files loads no trip at all.

>>> row = TripSummary("x", "Visit", dt.date(2024, 6, 20), dt.date(2024, 6, 22), "confirmed",
...                   11, "x.toml")
>>> TripSummary.from_json(row.to_json()) == row
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str):
    """The table renderers moved to :mod:`tripplan.terminal.listing` (old names kept)."""
    if name in ("plain_table", "list_table", "COLUMNS"):
        from tripplan.terminal import listing

        return getattr(listing, name)
    raise AttributeError(name)
