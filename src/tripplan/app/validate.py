"""``tripplan validate`` and ``tripplan check``: the rules on every trip under the paths.

``validate`` runs the R and TZ rules; ``check`` adds the pre-departure checklist (C rules,
:mod:`tripplan.rules.checklist`) as of a day, and says for each trip whether its checklist
is due. Both go through the one pipeline (:mod:`tripplan.app.pipeline`); ``validate``'s
findings are cached per file, ``check``'s are not (they depend on today's date).

The outcome: ``INVALID`` when a file cannot be read or loaded, ``FINDINGS`` when there are
error findings (or warnings, with ``strict``), else ``OK``.

>>> env = Environment.for_test()
>>> report = validate(env, ["itineraries/2024-06-yokohama-bangkok.toml"], strict=True)
>>> report.files, report.outcome
(1, <Outcome.OK: 'ok'>)
>>> import datetime as dt
>>> due = check(env, ["itineraries/2024-06-yokohama-bangkok.toml"], today=dt.date(2024, 6, 15))
>>> due.trips[0].state, due.outcome, sorted({d.code for d in due.diagnostics})
('due', <Outcome.FINDINGS: 'findings'>, ['C003'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import FileResult, Work, run_files
from tripplan.diagnostics import Diagnostic, fails
from tripplan.errors import UsageError
from tripplan.load import LoadedTrip
from tripplan.rules import Rule, check_trip, select_rules

MAX_JOBS = 256
"""More worker processes than this is a typo, not a machine."""


@dataclass
class Report:
    """What ``validate`` found: the diagnostics of every file, in file order."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    unreadable: int = 0
    strict: bool = False

    @property
    def outcome(self) -> Outcome:
        if self.unreadable:
            return Outcome.INVALID
        return Outcome.FINDINGS if fails(self.diagnostics, strict=self.strict) else Outcome.OK

    def add(self, found: FileResult) -> None:
        self.files += 1
        self.diagnostics.extend(found.diagnostics)
        if not found.readable:
            self.unreadable += 1


def validate(env: Environment, paths: Iterable[str] | None = None, *,
             select: Iterable[str] = (), ignore: Iterable[str] = (), strict: bool = False,
             jobs: int = 0, cache: bool = False) -> Report:
    """The R and TZ rules on every trip under ``paths`` (default: the itineraries folder).

    Files may be checked by ``jobs`` worker processes (0: one per CPU). With ``cache``, a file
    whose text was checked before with the same options is not loaded again.
    """
    from tripplan.cache import ResultCache

    if not 0 <= jobs <= MAX_JOBS:
        raise UsageError(f"{{jobs}} takes 0 (one per CPU) to {MAX_JOBS} worker processes",
                         argument="jobs", hint="leave it out, or e.g. {jobs} 4")
    select, ignore = list(select), list(ignore)
    store = ResultCache.for_command("validate", {"select": select, "ignore": ignore},
                                    enabled=cache)
    work = Work(_findings, encode=_to_cache, decode=_from_cache,
                prepare=lambda: (tuple(_rules(select, ignore)),))
    report = Report(strict=strict)
    for found in run_files(env, paths, work, store=store, jobs=jobs):
        if found.value is not None:
            found.diagnostics = [*found.diagnostics, *found.value]
        report.add(found)
    return report


def _rules(select: list[str], ignore: list[str], *, checklist: bool = False) -> list[Rule]:
    return select_rules(select, ignore, checklist=checklist)


def _findings(loaded: LoadedTrip, rules: tuple[Rule, ...]) -> list[Diagnostic]:
    return check_trip(loaded, rules)


def _to_cache(findings: list[Diagnostic], shown: str) -> dict | None:
    if any(d.file != shown for d in findings):
        return None  # the path is put back when read from the cache: it must be this one
    return {"readable": True, "diagnostics": [{**d.to_json(), "file": None} for d in findings]}


def _from_cache(value: dict, shown: str) -> list[Diagnostic] | None:
    try:
        if not value["readable"]:
            return None
        return [replace(Diagnostic.from_json(d), file=shown) for d in value["diagnostics"]]
    except (TypeError, KeyError, ValueError):  # not an entry this code wrote
        return None


# --- check -----------------------------------------------------------------------------------


@dataclass
class TripDue:
    """When one trip's checklist is due, for the report."""

    id: str
    file: str
    start: dt.date
    end: dt.date
    status: str
    state: str
    due_from: dt.date

    def to_json(self) -> dict:
        return {"id": self.id, "file": self.file, "start": self.start.isoformat(),
                "end": self.end.isoformat(), "status": self.status, "checklist": self.state,
                "due_from": self.due_from.isoformat()}


@dataclass
class CheckReport(Report):
    """A ``validate`` report plus the checklist's dates."""

    today: dt.date = dt.date.min
    days_before: int = 0
    trips: list[TripDue] = field(default_factory=list)


def check(env: Environment, paths: Iterable[str] | None = None, *, today: dt.date | None = None,
          days_before: int | None = None, select: Iterable[str] = (),
          ignore: Iterable[str] = (), strict: bool = False) -> CheckReport:
    """The R, TZ and C rules on the trips under ``paths``, as of ``today`` (default: today)."""
    from tripplan.rules.checklist import DEFAULT_DAYS_BEFORE, check_days_before, with_subsumed

    days_before = DEFAULT_DAYS_BEFORE if days_before is None else days_before
    if days_before < 0:
        raise UsageError(f"{{days_before}} must be 0 or more, not {days_before}",
                         argument="days_before")
    check_days_before(days_before)
    today = today or env.today()
    select = list(select)
    rules = _rules(select, with_subsumed(select, ignore), checklist=True)
    report = CheckReport(strict=strict, today=today, days_before=days_before)
    work = Work(_checked, tuple(rules), today, days_before)
    for found in run_files(env, paths, work):
        if found.value is not None:
            findings, due = found.value
            found.diagnostics = [*found.diagnostics, *findings]
            report.trips.append(due)
        report.add(found)
    return report


def _checked(loaded: LoadedTrip, rules: tuple[Rule, ...], today: dt.date,
             days_before: int) -> tuple[list[Diagnostic], TripDue]:
    from tripplan.model import TripStatus
    from tripplan.rules.checklist import due_state

    trip = loaded.trip
    findings = check_trip(loaded, rules, today=today, days_before=days_before)
    state = due_state(trip.start, trip.end, today=today, days_before=days_before)
    if trip.status is TripStatus.CANCELLED:
        state = "over"
    due = TripDue(trip.id, loaded.display_path, trip.start, trip.end, trip.status.value, state,
                  trip.start - dt.timedelta(days=days_before))
    return findings, due
