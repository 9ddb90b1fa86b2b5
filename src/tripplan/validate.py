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
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from tripplan.catalog import find_trip, trip_files
from tripplan.diagnostics import Diagnostic, fails
from tripplan.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from tripplan.load import LoadedTrip, LoadError, display_path, load_text, load_trip, read_text
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
                   keep_trips: bool = True, jobs: int = 1, cache: bool = False) -> Report:
    """Load and check every trip under ``paths`` (default: the itineraries folder).

    Input errors (``F`` codes) are reported for files that cannot be loaded; rule findings
    for the others. With ``keep_trips=False`` the loaded trips are not kept, and files may be
    checked by ``jobs`` worker processes (0: one per CPU); findings come out in file order
    either way. With ``cache`` (and ``keep_trips=False``, without the date-dependent
    checklist) a file whose text was checked before with the same options is not loaded
    again: its findings come from :mod:`tripplan.cache`.
    """
    select, ignore = list(select or []), list(ignore or [])
    targets = [find_trip(p) for p in paths] if paths else None
    files = list(trip_files(targets))
    from tripplan.cache import ResultCache

    store = ResultCache.for_command("validate", {"select": select, "ignore": ignore},
                                    enabled=cache and not keep_trips and not checklist)
    outcomes: list[Outcome | None] = [None] * len(files)
    jobs_left: list[tuple[int, Path, str | None]] = []
    for index, path in enumerate(files):
        if store is None:
            jobs_left.append((index, path, None))
            continue
        try:
            text = read_text(path)
        except LoadError as err:
            outcomes[index] = (err.diagnostics, False, None)
            continue
        outcomes[index] = _outcome_from_cache(store.get(path, text), display_path(path))
        if outcomes[index] is None:
            jobs_left.append((index, path, text))
    if jobs_left or not files:  # (a cached answer was given under these same, valid options)
        rules = select_rules(select, ignore, checklist=checklist)
        check = partial(_check_file, rules=rules, today=today, days_before=days_before,
                        keep=keep_trips)
        work = [(path, text) for _index, path, text in jobs_left]
        workers = _workers(len(work), jobs) if not keep_trips else 1
        if workers > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                done = list(pool.map(check, work,
                                     chunksize=max(1, len(work) // (workers * 4))))
        else:
            done = list(map(check, work))
        for (index, path, text), outcome in zip(jobs_left, done, strict=True):
            outcomes[index] = outcome
            if store is not None and text is not None:
                value = _outcome_to_cache(outcome, display_path(path))
                if value is not None:
                    store.put(path, text, value)
    report = Report(files=len(files))
    for diagnostics, readable, loaded in outcomes:  # type: ignore[misc]
        report.diagnostics.extend(diagnostics)
        if not readable:
            report.unreadable += 1
        elif loaded is not None:
            report.trips.append(loaded)
    return report


Outcome = tuple[list[Diagnostic], bool, "LoadedTrip | None"]
"""(findings, whether the file could be loaded, the trip if it is to be kept)."""


def _outcome_to_cache(outcome: Outcome, shown: str) -> dict | None:
    diagnostics, readable, _loaded = outcome
    if any(d.file != shown for d in diagnostics):
        return None  # the path is put back when read from the cache: it must be this one
    return {"readable": readable,
            "diagnostics": [{**d.to_json(), "file": None} for d in diagnostics]}


def _outcome_from_cache(value: dict | None, shown: str) -> Outcome | None:
    try:
        return ([replace(Diagnostic.from_json(d), file=shown) for d in value["diagnostics"]],
                bool(value["readable"]), None)
    except (TypeError, KeyError, ValueError):  # no entry, or not one this code wrote
        return None


PARALLEL_FROM = 16
"""Fewer files than this are checked in-process: starting workers would cost more."""


def _workers(files: int, jobs: int) -> int:
    if files < PARALLEL_FROM or jobs == 1 or sys.platform != "linux":
        return 1  # fork is the cheap start method, and only safe to rely on on Linux
    return max(1, min(jobs or os.cpu_count() or 1, files))


def _check_file(job: tuple[Path, str | None], *, rules: list[Rule], today: dt.date | None,
                days_before: int | None, keep: bool) -> Outcome:
    path, text = job
    try:
        loaded = load_trip(path) if text is None else load_text(text, path)
    except LoadError as err:
        return err.diagnostics, False, None
    findings = check_trip(loaded, rules, today=today, days_before=days_before)
    return findings, True, loaded if keep else None
