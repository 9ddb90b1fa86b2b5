"""``export --ics`` then ``import --new`` gives the same trip back: every shipped trip and
every iCalendar test trip, in Japanese and in English.

Compared per item: id, kind, title (in the calendar's language), status, visibility, the
untimed state (date only, part of day, end part of day, end day) and, for timed items, the
instants of start and end and the zones they are shown in. Unscheduled items are not in a
calendar (there is no honest day to show), so they are not expected back. A lodging without
``end_date`` is one night in every output, so it comes back with the check-out day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from tripplan.app.env import Environment
from tripplan.app.importing import import_files
from tripplan.export import ics
from tripplan.export.view import ExportOptions, ExportView
from tripplan.load import load_trip
from tripplan.model import Item, Kind, Timing, TripStatus, Visibility
from tripplan.present.vocabulary import Languages
from tripplan.zones import resolve

TRIPS = sorted([*(ROOT / "itineraries").rglob("*.toml"), *(DATA / "ics").glob("*.toml")])
NOW = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)


def _end_date(item: Item) -> dt.date | None:
    if item.kind is Kind.LODGING and item.timing is not Timing.TIMED and item.date:
        return item.end_date or item.date + dt.timedelta(days=1)
    return None if item.end_date == item.date else item.end_date


def facts(trip, lang: str) -> dict[str, dict]:
    out = {}
    cancelled_trip = trip.status is TripStatus.CANCELLED
    for t in resolve(trip):
        item = t.item
        if item.timing is Timing.UNSCHEDULED:
            continue
        entry = {
            "kind": item.kind.value, "title": item.title.get(lang),
            "status": "cancelled" if cancelled_trip else item.status.value,
            "visibility": item.visibility.value, "timing": item.timing.value,
            "date": item.date if item.timing is not Timing.TIMED else None,
            "part_of_day": item.part_of_day, "end_part_of_day": item.end_part_of_day,
            "end_date": _end_date(item) if item.timing is not Timing.TIMED else None,
        }
        if item.timing is Timing.TIMED:
            entry.update(start=t.start_utc, end=t.end_utc if item.end else None,
                         start_zone=t.start_zone, end_zone=t.end_zone if item.end else None)
        out[item.id] = entry
    return out


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("path", TRIPS, ids=lambda p: p.stem)
def test_export_then_import_gives_the_trip_back(path: Path, lang: str, tmp_path: Path):
    trip = load_trip(path).trip
    options = ExportOptions(Languages(lang), audience=Visibility.CONFIDENTIAL, now=NOW)
    calendar = tmp_path / f"{trip.id}.{lang}.ics"
    calendar.write_bytes(ics.render(ExportView.of(trip), options))
    env = Environment.for_test(now=NOW, environ={"TRIPPLAN_ITINERARIES": str(tmp_path / "t")})
    result = import_files(env, [calendar], new="round-trip")
    assert result.created and result.path.is_file()
    again = load_trip(result.path).trip
    expected = facts(trip, lang)
    assert expected and facts(again, lang) == expected
