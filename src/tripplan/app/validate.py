"""``tripplan validate`` and ``tripplan check``: the rules on every trip under the paths.

``validate`` runs the R and TZ rules (the catalogue rules, such as R017 overlapping trips
of one principal, over all the trips given); ``check`` adds the pre-departure checklist (C rules,
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
from tripplan.rules import Rule, TripFacts, catalog_rules, check_trip, select_rules

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
    results = run_files(env, paths, work, store=store, jobs=jobs)
    facts = []
    for found in results:
        if found.value is not None:
            findings, _facts = found.value
            found.diagnostics = [*found.diagnostics, *findings]
        facts.append(found.value[1] if found.value is not None else None)
    with_catalog(results, facts, catalog_rules(select, ignore))
    for found in results:
        report.add(found)
    return report


def _rules(select: list[str], ignore: list[str], *, checklist: bool = False) -> list[Rule]:
    return select_rules(select, ignore, checklist=checklist)


Checked = tuple[list[Diagnostic], TripFacts]
"""One trip's findings, and its facts for the catalogue rules."""


def _findings(loaded: LoadedTrip, rules: tuple[Rule, ...]) -> Checked:
    return check_trip(loaded, rules), TripFacts.of(loaded)


def _to_cache(checked: Checked, shown: str) -> dict | None:
    findings, facts = checked
    if facts.file != shown or any(d.file != shown for d in findings):
        return None  # the path is put back when read from the cache: it must be this one
    return {"readable": True, "diagnostics": [{**d.to_json(), "file": None} for d in findings],
            "facts": facts.to_json()}


def _from_cache(value: dict, shown: str) -> Checked | None:
    try:
        if not value["readable"]:
            return None
        return ([replace(Diagnostic.from_json(d), file=shown) for d in value["diagnostics"]],
                TripFacts.from_json(value["facts"], shown))
    except (TypeError, KeyError, ValueError):  # not an entry this code wrote
        return None


def with_catalog(results: list[FileResult], facts: list[TripFacts | None],
                 rules: list[Rule]) -> None:
    """Add the findings of the catalogue ``rules`` over the trips that could be loaded to
    the diagnostics of their files (each file's list stays sorted)."""
    from tripplan.rules import run_catalog_rules

    known = [(found, trip) for found, trip in zip(results, facts, strict=True)
             if trip is not None]
    if len(known) < 2 or not rules:
        return
    paths = {trip.file: found.path for found, trip in known}
    found_all = run_catalog_rules([trip for _, trip in known], rules, _locator(paths))
    for found, trip in known:
        extra = [d for d in found_all if d.file == trip.file]
        if extra:
            found.diagnostics = sorted([*found.diagnostics, *extra], key=Diagnostic.sort_key)


def _locator(paths: dict):
    """Where a key path is in a trip's file: the file is read again for it (catalogue
    findings are rare, and a cached run has no text at hand)."""
    maps: dict = {}

    def locate(trip: TripFacts, loc: tuple) -> tuple[int, int]:
        from tripplan.load import LoadError, read_text
        from tripplan.sourcemap import SourceMap

        if trip.file not in maps:
            path = paths[trip.file]
            try:
                text = read_text(path)
            except LoadError:  # gone since it was checked
                maps[trip.file] = None
            else:
                json = path.suffix.lower() == ".json"
                maps[trip.file] = SourceMap.for_json(text) if json else SourceMap.for_toml(text)
        found = maps[trip.file]
        return found.locate(loc) if found is not None else (1, 1)

    return locate


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
    ignored = with_subsumed(select, ignore)
    rules = _rules(select, ignored, checklist=True)
    report = CheckReport(strict=strict, today=today, days_before=days_before)
    work = Work(_checked, tuple(rules), today, days_before)
    results = run_files(env, paths, work)
    facts = []
    for found in results:
        if found.value is not None:
            findings, due, _facts = found.value
            found.diagnostics = [*found.diagnostics, *findings]
            report.trips.append(due)
        facts.append(found.value[2] if found.value is not None else None)
    with_catalog(results, facts, catalog_rules(select, ignored))
    for found in results:
        report.add(found)
    return report


def _checked(loaded: LoadedTrip, rules: tuple[Rule, ...], today: dt.date,
             days_before: int) -> tuple[list[Diagnostic], TripDue, TripFacts]:
    from tripplan.model import TripStatus
    from tripplan.rules.checklist import due_state

    trip = loaded.trip
    findings = check_trip(loaded, rules, today=today, days_before=days_before)
    state = due_state(trip.start, trip.end, today=today, days_before=days_before)
    if trip.status is TripStatus.CANCELLED:
        state = "over"
    due = TripDue(trip.id, loaded.display_path, trip.start, trip.end, trip.status.value, state,
                  trip.start - dt.timedelta(days=days_before))
    return findings, due, TripFacts.of(loaded)
