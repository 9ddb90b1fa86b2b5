"""Helpers shared by the agenda and calendar tests (no tests here): an export's view and
options made from a trip file and plain values, as the export use case makes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tripplan.export.view import ExportOptions, ExportView
from tripplan.load import load_trip
from tripplan.model import Visibility
from tripplan.present.vocabulary import Languages


def view_of(path: Path) -> ExportView:
    return ExportView.of(load_trip(path).trip)


def options(lang: str = "en", *, now: dt.datetime | None = None, audience: str = "internal",
            alarms=(), **kw) -> ExportOptions:
    return ExportOptions(Languages.parse(lang), Visibility(audience), now=now,
                         alarms=tuple(alarms), **kw)


FIRST_DAY = dt.date(2024, 6, 20)
NOTE = {"ja": "両都市の脱炭素化施策について協議を行いました。",
        "en": "The two cities discussed the decarbonization measures they are taking. "}


def spaced_trip(path: Path, days: int, busy: dict[int, int], *, sentences: int = 3) -> Path:
    """Write a trip of ``days`` days from 20 June 2024 in Bangkok with items only on the days
    of ``busy`` (day number → how many items). A day's first item is timed (10:00–11:00),
    the others have only a part of the day; item ``k`` of a day has ``sentences × k``
    sentences of notes, so rows differ in height and page breaks fall in different
    places."""
    end = FIRST_DAY + dt.timedelta(days=days - 1)
    lines = ['id = "spaced"', 'title.ja = "長期派遣"', 'title.en = "Long secondment"',
             'status = "confirmed"', 'home_timezone = "Asia/Tokyo"',
             f"start = {FIRST_DAY}", f"end = {end}", "",
             "[places.bangkok]", 'name.ja = "バンコク"', 'name.en = "Bangkok"',
             'country = "TH"', 'timezone = "Asia/Bangkok"', ""]
    for number, count in sorted(busy.items()):
        day = FIRST_DAY + dt.timedelta(days=number - 1)
        for k in range(1, count + 1):
            when = ([f"start = {day}T10:00:00", f"end = {day}T11:00:00"] if k == 1
                    else [f"date = {day}", 'part_of_day = "afternoon"'])
            lines += ["[[items]]", f'id = "d{number}-{k}"', 'kind = "meeting"',
                      f'title.ja = "{number}日目の会談{k}"',
                      f'title.en = "Day {number} meeting {k}"',
                      *when, 'place = "bangkok"',
                      f'notes.ja = "{NOTE["ja"] * (sentences * k)}"',
                      f'notes.en = "{(NOTE["en"] * (sentences * k)).strip()}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
