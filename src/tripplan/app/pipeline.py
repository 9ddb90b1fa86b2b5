"""The one pipeline of every command that reads trips: paths → read → cache → load → work.

``list`` and ``validate`` (and ``check``) go through :func:`run_files`: the trip files under
the paths are found (:mod:`tripplan.catalog`), each is read (a file that cannot be read
gives its ``F`` diagnostics), looked up in the result cache (:mod:`tripplan.cache`) by its
text, and only when not found loaded (:mod:`tripplan.load`) and handed to the command's own
work function, whose answer is cached for next time. Files come back in the order found,
whichever way (cache, in-process, worker processes) their answer was made.

Commands about one trip (``show``, ``tz``, ``export``) use :func:`load_one` and
:func:`resolved`.

>>> from tripplan.app.listing import summarize
>>> from tripplan.app.env import Environment
>>> found = run_files(Environment.for_test(), ["itineraries/2024-06-yokohama-bangkok.toml"],
...                   Work(summarize, "en"))
>>> [f.value.id for f in found]
['2024-06-yokohama-bangkok']
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from tripplan.catalog import find_trip, load_ref, trip_files
from tripplan.diagnostics import Diagnostic
from tripplan.load import LoadedTrip, LoadError, display_path, load_text, read_text

if TYPE_CHECKING:
    from tripplan.app.env import Environment
    from tripplan.cache import ResultCache
    from tripplan.schedule import Schedule

T = TypeVar("T")

PARALLEL_FROM = 16
"""Fewer files than this are worked on in-process: starting workers would cost more."""


class Work(Generic[T]):
    """What a command computes from one loaded trip: ``function(loaded, *args)``.

    ``encode``/``decode`` turn the answer into the JSON value kept in the cache and back
    (``decode`` gets the path as shown, since entries are written without it, and returns
    ``None`` for an entry this code did not write). The function and its arguments must be
    picklable (a module-level function) for worker processes.
    """

    function: Callable[..., T]
    args: tuple = ()
    encode: Callable[[T, str], Any] | None = None
    decode: Callable[[Any, str], T | None] | None = None
    def __init__(self, function: Callable[..., T], *args: Any, encode=None, decode=None,
                 prepare: Callable[[], tuple] | None = None) -> None:
        self.function, self.args = function, args
        self.encode, self.decode = encode, decode
        self.prepare = prepare
        """Gives more arguments, made only when a file must really be worked on (rules
        are imported and selected only then: a fully cached run never needs them)."""

    def ready(self) -> None:
        if self.prepare is not None:
            self.args, self.prepare = (*self.args, *self.prepare()), None

    def __call__(self, loaded: LoadedTrip) -> T:
        return self.function(loaded, *self.args)


@dataclass
class FileResult(Generic[T]):
    """One trip file's answer, or the input errors that kept it from being loaded."""

    path: Path
    value: T | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return self.value is not None


def files_under(env: Environment, paths: Iterable[str] | None) -> list[Path]:
    """Trip files under ``paths`` (ids, files or folders; default: the itineraries folder)."""
    def folder() -> str:
        return env.settings.itineraries

    targets = [find_trip(p, folder=folder) for p in paths] if paths else None
    return list(trip_files(targets, folder=folder))


def run_files(env: Environment, paths: Iterable[str] | None, work: Work[T], *,
              store: ResultCache | None = None, jobs: int = 1) -> list[FileResult[T]]:
    """``work`` on every trip file under ``paths``, reusing ``store``'s answers."""
    files = files_under(env, paths)
    results: list[FileResult[T]] = [FileResult(path) for path in files]
    todo: list[tuple[int, str | None]] = []
    for index, path in enumerate(files):
        if store is None:
            todo.append((index, None))
            continue
        try:
            text = read_text(path)
        except LoadError as err:
            results[index].diagnostics = list(err.diagnostics)
            continue
        cached = store.get(path, text)
        value = work.decode(cached, display_path(path)) if cached is not None and work.decode \
            else None
        if value is None:
            todo.append((index, text))
        else:
            results[index].value = value
    if todo or not files:
        work.ready()
    done = _map(work, [(files[i], text) for i, text in todo], jobs)
    for (index, text), result in zip(todo, done, strict=True):
        results[index] = result
        if store is not None and text is not None and result.value is not None and work.encode:
            entry = work.encode(result.value, display_path(result.path))
            if entry is not None:
                store.put(result.path, text, entry)
    return results


def _map(work: Work[T], jobs_: list[tuple[Path, str | None]], jobs: int) -> list[FileResult[T]]:
    run = _Runner(work)
    workers = _workers(len(jobs_), jobs)
    if workers <= 1:
        return list(map(run, jobs_))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(run, jobs_, chunksize=max(1, len(jobs_) // (workers * 4))))


@dataclass
class _Runner(Generic[T]):
    """Load one file (from its text when already read) and work on it."""

    work: Work[T]

    def __call__(self, job: tuple[Path, str | None]) -> FileResult[T]:
        path, text = job
        try:
            if text is None:
                text = read_text(path)
            loaded = load_text(text, path)
        except LoadError as err:
            return FileResult(path, diagnostics=list(err.diagnostics))
        return FileResult(path, self.work(loaded))


def _workers(files: int, jobs: int) -> int:
    if files < PARALLEL_FROM or jobs == 1 or sys.platform != "linux":
        return 1  # fork is the cheap start method, and only safe to rely on on Linux
    return max(1, min(jobs or os.cpu_count() or 1, files))


def load_one(env: Environment, ref: str | Path) -> LoadedTrip:
    """The trip named by an id or a path, loaded (a :class:`LoadError` when it cannot be)."""
    return load_ref(ref, folder=lambda: env.settings.itineraries)


def resolved(env: Environment, ref: str | Path) -> tuple[LoadedTrip, Schedule]:
    """The trip named by ``ref`` and its day-by-day schedule, every instant resolved."""
    from tripplan.schedule import build

    loaded = load_one(env, ref)
    return loaded, build(loaded.trip)
