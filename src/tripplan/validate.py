"""``tripplan validate`` as a library function.

>>> report = validate_paths(["itineraries/2024-06-yokohama-bangkok.toml"])  # doctest: +SKIP
>>> report.exit_code(strict=True)  # doctest: +SKIP
0
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

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
                   today: dt.date | None = None, days_before: int | None = None,
                   keep_trips: bool = True, jobs: int = 1) -> Report:
    """Load and check every trip under ``paths`` (default: the itineraries folder).

    Input errors (``F`` codes) are reported for files that cannot be loaded; rule findings
    for the others. With ``keep_trips=False`` the loaded trips are not kept, and files may be
    checked by ``jobs`` worker processes (0: one per CPU); findings come out in file order
    either way.
    """
    rules = select_rules(select, ignore, checklist=checklist)
    targets = [find_trip(p) for p in paths] if paths else None
    files = list(trip_files(targets))
    check = partial(_check_file, rules=rules, today=today, days_before=days_before,
                    keep=keep_trips)
    workers = _workers(len(files), jobs) if not keep_trips else 1
    report = Report(files=len(files))
    if workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            outcomes = list(pool.map(check, files, chunksize=max(1, len(files) // (workers * 4))))
    else:
        outcomes = map(check, files)
    for diagnostics, readable, loaded in outcomes:
        report.diagnostics.extend(diagnostics)
        if not readable:
            report.unreadable += 1
        elif loaded is not None:
            report.trips.append(loaded)
    return report


PARALLEL_FROM = 16
"""Fewer files than this are checked in-process: starting workers would cost more."""


def _workers(files: int, jobs: int) -> int:
    if files < PARALLEL_FROM or jobs == 1 or sys.platform != "linux":
        return 1  # fork is the cheap start method, and only safe to rely on on Linux
    return max(1, min(jobs or os.cpu_count() or 1, files))


def _check_file(path: Path, *, rules: list[Rule], today: dt.date | None,
                days_before: int | None, keep: bool,
                ) -> tuple[list[Diagnostic], bool, LoadedTrip | None]:
    """(findings, whether the file could be loaded, the trip if it is to be kept)."""
    try:
        loaded = load_trip(path)
    except LoadError as err:
        return err.diagnostics, False, None
    findings = check_trip(loaded, rules, today=today, days_before=days_before)
    return findings, True, loaded if keep else None
