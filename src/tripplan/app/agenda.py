"""``tripplan agenda``: every item of every trip within a range of days, day by day, on the
office's home calendar.

The range is ``first`` to ``last`` (both counted), or ``days`` days from ``first``; ``first``
is today at home by default (the environment's clock), the range 7 days. Items are placed
on home days by :mod:`tripplan.homedays`; the terminal draws the result with
:mod:`tripplan.terminal.agenda`.

>>> import datetime as dt
>>> env = Environment.for_test(now=dt.datetime(2025, 3, 9, 20, tzinfo=dt.UTC))
>>> result = agenda(env, days=2)
>>> result.first, result.last, result.home  # 05:00 on the 10th in Tokyo
(datetime.date(2025, 3, 10), datetime.date(2025, 3, 11), 'Asia/Tokyo')
>>> [line.item.id for line in result.lines][:3]
['outbound-flight', 'airport-transfer', 'hotel']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.app.env import Environment
from tripplan.app.office import catalogue, office_home
from tripplan.app.outcome import Outcome
from tripplan.diagnostics import Diagnostic
from tripplan.errors import UsageError

if TYPE_CHECKING:
    from tripplan.homedays import HomeLine

DEFAULT_DAYS = 7
MAX_DAYS = 366


@dataclass
class AgendaResult:
    first: dt.date
    last: dt.date
    home: str | None
    """The office's home zone (``None`` when there are no trips at all)."""
    lines: list[HomeLine] = field(default_factory=list)
    """Day by day, each day in its order (see :mod:`tripplan.homedays`)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    audience: str = "internal"

    @property
    def outcome(self) -> Outcome:
        return Outcome.INVALID if self.diagnostics else Outcome.OK

    def days(self) -> list[tuple[dt.date, list[HomeLine]]]:
        """The days that hold a line, each with its lines."""
        out: list[tuple[dt.date, list[HomeLine]]] = []
        for line in self.lines:
            if not out or out[-1][0] != line.day:
                out.append((line.day, []))
            out[-1][1].append(line)
        return out

    def to_json(self, lang: str) -> dict[str, Any]:
        home = self.home or "UTC"
        return {"from": self.first.isoformat(), "to": self.last.isoformat(),
                "home_timezone": self.home, "audience": self.audience,
                "days": [{"date": day.isoformat(),
                          "items": [line.to_json(lang, home) for line in lines]}
                         for day, lines in self.days()],
                "diagnostics": [d.to_json() for d in self.diagnostics]}


def agenda_range(today: dt.date, first: dt.date | None, last: dt.date | None,
                 days: int | None) -> tuple[dt.date, dt.date]:
    """The first and last day of the range, or a usage error naming the argument at fault.

    >>> agenda_range(dt.date(2024, 6, 18), None, None, None)
    (datetime.date(2024, 6, 18), datetime.date(2024, 6, 24))
    >>> agenda_range(dt.date(2024, 6, 18), dt.date(2024, 6, 20), dt.date(2024, 6, 19), None)
    Traceback (most recent call last):
    tripplan.errors.UsageError: to_date 2024-06-19 is before from_date 2024-06-20
    """
    from tripplan.ranges import MAX_YEAR, MIN_YEAR, YEARS

    if days is not None and last is not None:
        raise UsageError("give either {to_date} or {days}, not both", argument="days",
                         hint="{from_date} DAY {to_date} DAY, or {from_date} DAY {days} N")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise UsageError(f"{{days}} must be from 1 to {MAX_DAYS}, not {days}", argument="days",
                         hint="e.g. {days} 7 for a week")
    first = first or today
    for value, argument in ((first, "from_date"), (last, "to_date")):
        if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise UsageError(f"{{{argument}}} {value} is outside the years {YEARS}",
                             argument=argument)
    if last is None:
        last = first + dt.timedelta(days=(days or DEFAULT_DAYS) - 1)
    if last < first:
        raise UsageError(f"{{to_date}} {last} is before {{from_date}} {first}",
                         argument="to_date", hint="give the earlier day to {from_date}")
    return first, last


def agenda(env: Environment, paths: Iterable[str] | None = None, *,
           first: dt.date | None = None, last: dt.date | None = None, days: int | None = None,
           home: str | None = None, audience: str = "internal") -> AgendaResult:
    """The items of the trips under ``paths`` (default: the itineraries folder) from ``first``
    to ``last`` on the home calendar of the office (``home``, see :mod:`tripplan.app.office`);
    each trip cut for ``audience`` as ``show`` cuts it."""
    from tripplan.homedays import day_lines, trip_lines
    from tripplan.zones import get_zone

    found = catalogue(env, paths, audience)
    zone = office_home(env, home, found.trips)
    today = env.now().astimezone(get_zone(zone)).date() if zone else env.today()
    first, last = agenda_range(today, first, last, days)
    result = AgendaResult(first, last, zone, diagnostics=found.diagnostics, audience=audience)
    if zone is None:
        return result
    lines = [trip_lines(t.trip, t.schedule, zone, rank) for rank, t in enumerate(found.trips)]
    result.lines = day_lines(lines, first, last)
    return result
