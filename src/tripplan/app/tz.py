"""``tripplan tz``: one trip as a timeline across zones, with its zone findings.

:func:`tz` checks the home zone, loads the trip (:func:`tripplan.catalog.load_ref`) and has
:func:`tripplan.timeline.timeline` compute the rows and run the ``TZ`` rules. The outcome
follows ``validate``: findings at error level are :attr:`Outcome.FINDINGS`.

>>> result = tz(Environment.for_test(), "itineraries/2024-06-yokohama-bangkok.toml", home=None)
>>> result.outcome, result.timeline.home, len(result.timeline.rows)
(<Outcome.OK: 'ok'>, 'Asia/Tokyo', 13)
"""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.timeline import Timeline


@dataclass
class TzResult:
    timeline: Timeline
    outcome: Outcome


def tz(env: Environment, trip: str, *, home: str | None) -> TzResult:
    """The timeline of ``trip`` (an id or a path); ``home`` overrides the trip's home zone."""
    from tripplan.catalog import load_ref
    from tripplan.diagnostics import fails
    from tripplan.timeline import check_home, timeline

    if home is not None:
        check_home(home)
    result = timeline(load_ref(trip), home)
    return TzResult(result, Outcome.FINDINGS if fails(result.diagnostics) else Outcome.OK)
