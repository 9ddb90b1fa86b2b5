"""Pre-departure checklist rules (``C`` prefix), run only by ``tripplan check``.

The checklist is *due* from ``--days-before N`` days before the trip's first day (default
7) until its last day. While it is due, every open point is an **error** (exit 1): a CI job
or a pre-commit hook refuses the trip. Before that, the same points are **warnings** (a
to-do list that fails only with ``--strict``). Once the trip is over (today after its last
day), or when it is cancelled, the checklist does not apply and the C rules say nothing.

A ``check`` run is ``validate`` (the R and TZ rules) plus these rules. Where a C rule is the
stricter form of an R or TZ rule it reuses that rule and replaces it in the run
(:data:`SUBSUMES`), so a point is never reported twice.

>>> import datetime as dt
>>> due_state(dt.date(2024, 6, 20), dt.date(2024, 6, 22), today=dt.date(2024, 6, 15),
...           days_before=7)
'due'
>>> due_state(dt.date(2024, 6, 20), dt.date(2024, 6, 22), today=dt.date(2024, 5, 1),
...           days_before=7)
'early'
>>> due_state(dt.date(2024, 6, 20), dt.date(2024, 6, 22), today=dt.date(2024, 6, 23),
...           days_before=7)
'over'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from tripplan.diagnostics import Severity, matches
from tripplan.errors import UsageError
from tripplan.model import ItemStatus, Kind, Timing, TripStatus
from tripplan.rules.registry import RULES, Context, Finding, item_loc, rule

DEFAULT_DAYS_BEFORE = 7
"""Days before departure from which the checklist is due (``--days-before``)."""

MAX_DAYS_BEFORE = 3660
"""The most days before departure a checklist may be due (about ten years)."""

SUBSUMES: dict[str, tuple[str, ...]] = {
    "C002": ("R009",),  # tentative items (R009 only looks at confirmed trips, as a warning)
    "C004": ("R008",),  # meetings without counterpart (R008 is a warning)
    "C005": ("TZ011",),  # nights without a bed or a seat (TZ011 is a warning)
    "C006": ("R014",),  # texts in one language of a bilingual trip (R014 is a warning)
}
"""C rules that replace an R/TZ rule in a ``check`` run (the same point, at checklist level)."""

NIGHT_RULE = "night-not-covered"
"""Name of the TZ rule (TZ011) whose findings :func:`uncovered_night` promotes."""


def check_days_before(days_before: int) -> int:
    """``days_before`` if it is a number of days a checklist can be due, else a
    :class:`~tripplan.errors.UsageError` naming the argument.

    >>> check_days_before(14)
    14
    >>> try:
    ...     check_days_before(99999999999)
    ... except UsageError as err:
    ...     print(err.worded({"days_before": "--days-before"})[0])
    --days-before must be at most 3660 days (about ten years), not 99999999999
    """
    if not 0 <= days_before <= MAX_DAYS_BEFORE:
        bound = "0 or more" if days_before < 0 else \
            f"at most {MAX_DAYS_BEFORE} days (about ten years)"
        raise UsageError(f"{{days_before}} must be {bound}, not {days_before}",
                         hint="the checklist is due this many days before departure, "
                              "e.g. {days_before} 14", argument="days_before")
    return days_before


def due_state(start: dt.date, end: dt.date, *, today: dt.date, days_before: int) -> str:
    """``early`` (before the window), ``due`` (from N days before start to the end) or ``over``.

    ``days_before`` is checked (:func:`check_days_before`); no date is computed from it, so
    a trip at either end of the calendar has a state too.
    """
    check_days_before(days_before)
    if today > end:
        return "over"
    if (start - today).days <= days_before:
        return "due"
    return "early"


def _state(ctx: Context) -> str:
    trip = ctx.trip
    if trip.status is TripStatus.CANCELLED:
        return "over"
    return due_state(trip.start, trip.end, today=_today(ctx), days_before=_days(ctx))


def _today(ctx: Context) -> dt.date:
    return ctx.today if ctx.today is not None else dt.date.today()


def _days(ctx: Context) -> int:
    return ctx.days_before if ctx.days_before is not None else DEFAULT_DAYS_BEFORE


def _severity(state: str) -> Severity:
    return Severity.ERROR if state == "due" else Severity.WARNING


def _when(ctx: Context) -> str:
    """``departure in 5 days`` / ``departure today`` / ``the trip is under way``."""
    days = (ctx.trip.start - _today(ctx)).days
    if days > 1:
        return f"departure in {days} days"
    if days == 1:
        return "departure tomorrow"
    if days == 0:
        return "departure today"
    return "the trip is under way"


@rule("C001", "trip-not-confirmed", Severity.ERROR,
      "The trip's status is not confirmed.",
      'set status = "confirmed" once every arrangement is made', checklist=True)
def trip_not_confirmed(ctx: Context) -> Iterator[Finding]:
    """A trip leaves as ``status = "confirmed"``: a draft is not ready to go.

    Error from ``--days-before`` days before departure, warning before that. Completed and
    cancelled trips pass. Example, three days before departure::

        t.toml:4:10: C001 trip-not-confirmed the trip is still a draft, departure in 3 days
          help: set status = "confirmed" once every arrangement is made
    """
    state = _state(ctx)
    if state == "over" or ctx.trip.status is not TripStatus.DRAFT:
        return
    yield Finding(("status",), f"the trip is still a draft, {_when(ctx)}",
                  severity=_severity(state))


@rule("C002", "tentative-item", Severity.ERROR,
      "An item is still tentative.",
      "confirm the item (remove status, or status = \"confirmed\") or cancel it",
      checklist=True)
def tentative_item(ctx: Context) -> Iterator[Finding]:
    """Every item that stays in the schedule is confirmed before departure. In a ``check``
    run this replaces R009 (which only looks at trips already marked confirmed).

    Error from ``--days-before`` days before departure, warning before that.
    """
    state = _state(ctx)
    if state == "over":
        return
    for i, item in enumerate(ctx.trip.items):
        if item.status is ItemStatus.TENTATIVE:
            yield Finding(item_loc(i, "status"), f'item "{item.id}" is tentative, {_when(ctx)}',
                          item=item.id, severity=_severity(state))


_NO_TIME = {
    Timing.DATE_ONLY: "has a date but no time",
    Timing.PART_OF_DAY: "has only a part of day ({part})",
    Timing.UNSCHEDULED: "has no day and no time",
}


@rule("C003", "time-not-fixed", Severity.ERROR,
      "An item has no clock time although departure is near.",
      "give the local start time (start = 2024-06-21T10:00:00), or cancel the item",
      checklist=True)
def time_not_fixed(ctx: Context) -> Iterator[Finding]:
    """From ``--days-before`` days before departure (default 7) every item that is not
    cancelled has a clock time (``start``): date-only, part-of-day and unscheduled items
    are findings. Before that window this rule is silent: a date is enough while planning.
    Lodging is exempt (a hotel stay is known by its nights; check-in times are the hotel's).

    The reference trip is date-only (its source gives no times), so
    ``tripplan check 2024-06-yokohama-bangkok --today 2024-06-15`` lists every item.
    """
    state = _state(ctx)
    if state != "due":
        return
    for i, item in enumerate(ctx.trip.items):
        timing = item.timing
        if (item.status is ItemStatus.CANCELLED or timing is Timing.TIMED
                or item.kind is Kind.LODGING):
            continue
        part = item.part_of_day.value if item.part_of_day else ""
        what = _NO_TIME[timing].format(part=part)
        key = "part_of_day" if timing is Timing.PART_OF_DAY else "date"
        loc = item_loc(i, key) if timing is not Timing.UNSCHEDULED else item_loc(i)
        day = item.date.isoformat() if item.date else "YYYY-MM-DD"
        yield Finding(loc, f'item "{item.id}" {what}, {_when(ctx)}', item=item.id,
                      at_key=timing is Timing.UNSCHEDULED,
                      help=f"give the local start time: start = {day}THH:MM:00 "
                      "(instead of date/part_of_day), or cancel the item")


@rule("C004", "incomplete-meeting", Severity.ERROR,
      "A meeting or courtesy call has no counterpart or no contact.",
      'add counterparts = [{ title.en = "…" }] and contact = "<contact id>"', checklist=True)
def incomplete_meeting(ctx: Context) -> Iterator[Finding]:
    """The brief of every meeting and courtesy call says with whom (``counterparts``) and
    whom to call about it (``contact``, an id of ``[contacts]``). In a ``check`` run this
    replaces R008 (counterparts only, a warning). Cancelled items are not checked.

    Error from ``--days-before`` days before departure, warning before that.
    """
    state = _state(ctx)
    if state == "over":
        return
    for i, item in enumerate(ctx.trip.items):
        if item.kind not in (Kind.MEETING, Kind.COURTESY_CALL):
            continue
        if item.status is ItemStatus.CANCELLED:
            continue
        missing = [what for what, absent in (("counterpart", not item.counterparts),
                                             ("contact", item.contact is None)) if absent]
        if missing:
            fixes = [_MEETING_FIX[what] for what in missing]
            yield Finding(item_loc(i), f'{item.kind.value} "{item.id}" has no '
                          f"{' and no '.join(missing)}", at_key=True, item=item.id,
                          help="add " + " and ".join(fixes), severity=_severity(state))


_MEETING_FIX = {
    "counterpart": 'counterparts = [{ title.en = "…", organization.en = "…" }]',
    "contact": 'contact = "<id of one of [contacts]>"',
}


@rule("C005", "uncovered-night", Severity.ERROR,
      "A night of the trip has neither lodging nor overnight travel.",
      "add the hotel (kind = \"lodging\", date and end_date) or the overnight travel",
      checklist=True)
def uncovered_night(ctx: Context) -> Iterator[Finding]:
    """The checklist form of TZ011 (``night-not-covered``): the same nights, found by the
    same rule, at checklist level (error once due). In a ``check`` run it replaces TZ011.
    """
    state = _state(ctx)
    if state == "over":
        return
    night_rule = next((r for r in RULES.values() if r.name == NIGHT_RULE and not r.checklist),
                      None)
    if night_rule is None:  # pragma: no cover - the TZ rules are always registered
        return
    for finding in night_rule.check(ctx):
        yield Finding(finding.loc, finding.message, help=finding.help, at_key=finding.at_key,
                      item=finding.item, related=finding.related, severity=_severity(state))


@rule("C006", "missing-language", Severity.ERROR,
      "A text of a bilingual trip lacks one of its languages.",
      "add the missing language (see `tripplan translations TRIP --require en`)",
      checklist=True)
def missing_language(ctx: Context) -> Iterator[Finding]:
    """The checklist form of R014 (``single-language-text``): before departure every text
    of a trip written in two languages has both, so that either hand-out reads whole. In a
    ``check`` run it replaces R014. Error from ``--days-before`` days before departure.
    """
    state = _state(ctx)
    if state == "over":
        return
    single = next((r for r in RULES.values() if r.name == "single-language-text"), None)
    if single is None:  # pragma: no cover - the R rules are always registered
        return
    for finding in single.check(ctx):
        yield Finding(finding.loc, finding.message, help=finding.help, at_key=finding.at_key,
                      item=finding.item, severity=_severity(state))


def with_subsumed(select: Iterable[str], ignore: Iterable[str]) -> list[str]:
    """``ignore`` plus the R/TZ rules that a chosen C rule replaces (:data:`SUBSUMES`).

    >>> with_subsumed([], ["C004"])
    ['C004', 'R009', 'TZ011', 'R014']
    >>> with_subsumed(["C002"], [])
    ['R009']
    """
    chosen_select = [s.strip().upper() for s in select]
    chosen_ignore = [s.strip().upper() for s in ignore]
    out = list(ignore)
    for code, replaced in SUBSUMES.items():
        if (not chosen_select or matches(code, chosen_select)) \
                and not matches(code, chosen_ignore):
            out.extend(replaced)
    return out
