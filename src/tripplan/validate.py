"""``tripplan validate`` as a library function.

>>> report = validate_paths(["itineraries/2024-06-yokohama-bangkok.toml"])  # doctest: +SKIP
>>> report.exit_code(strict=True)  # doctest: +SKIP
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from tripplan.catalog import find_trip, trip_files
from tripplan.diagnostics import Diagnostic, fails
from tripplan.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from tripplan.load import LoadedTrip, LoadError, load_trip
from tripplan.rules import Context, Rule, run_rules, select_rules


@dataclass
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    unreadable: int = 0
    trips: list[LoadedTrip] = field(default_factory=list)

    def exit_code(self, *, strict: bool = False) -> int:
        if self.unreadable:
            return EXIT_USAGE
        return EXIT_FINDINGS if fails(self.diagnostics, strict=strict) else EXIT_OK


def check_trip(loaded: LoadedTrip, rules: Iterable[Rule], *, today: dt.date | None = None,
               days_before: int | None = None) -> list[Diagnostic]:
    ctx = Context(loaded, today=today, days_before=days_before)
    return run_rules(ctx, rules)


def validate_paths(paths: Iterable[str] | None = None, *, select: Iterable[str] | None = None,
                   ignore: Iterable[str] | None = None, checklist: bool = False,
                   today: dt.date | None = None, days_before: int | None = None) -> Report:
    """Load and check every trip under ``paths`` (default: the itineraries folder).

    Input errors (``F`` codes) are reported for files that cannot be loaded; rule findings
    for the others.
    """
    rules = select_rules(select, ignore, checklist=checklist)
    report = Report()
    targets = [find_trip(p) for p in paths] if paths else None
    for path in trip_files(targets):
        report.files += 1
        try:
            loaded = load_trip(path)
        except LoadError as err:
            report.unreadable += 1
            report.diagnostics.extend(err.diagnostics)
            continue
        report.trips.append(loaded)
        report.diagnostics.extend(check_trip(loaded, rules, today=today, days_before=days_before))
    return report
