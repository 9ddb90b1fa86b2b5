"""``export_trips``: the library function behind ``tripplan export``.

>>> export_trips(["2024-06-yokohama-bangkok"], "ics", output=Path("out/trip.ics"))  # doctest: +SKIP
[PosixPath('out/trip.ics')]
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from tripplan.catalog import find_trip, trip_files
from tripplan.errors import UsageError
from tripplan.export.base import ExportJob
from tripplan.load import load_trip
from tripplan.model import Visibility

MODULES = {"ics": "ics", "html": "html", "pdf": "pdf", "md": "markdown", "txt": "text"}


def exporter(fmt: str):
    """The module that renders ``fmt`` (imported only when that format is asked for)."""
    return importlib.import_module(f"tripplan.export.{MODULES[fmt]}")


def parse_alarms(values: Iterable[str]) -> list[dt.timedelta]:
    from tripplan.parse_input import parse_duration

    alarms = []
    for value in values:
        duration = parse_duration(value)
        if duration <= dt.timedelta(0):
            raise UsageError(f'--alarm "{value}" must be a positive duration before the item',
                             hint="e.g. --alarm 1d --alarm 30m")
        alarms.append(duration)
    return alarms


def export_trips(refs: Iterable[str], fmt: str, *, output: Path | None = None,
                 person: str | None = None, audience: str = "internal", lang: str = "en",
                 alarms: Iterable[str] = (), include_cancelled: bool = True,
                 brief: bool = False, font: str | None = None,
                 stdout: BinaryIO | None = None, now: dt.datetime | None = None,
                 record_state: bool = True) -> list[Path]:
    """Export each trip named in ``refs``; return the files written (none for stdout)."""
    if lang == "ja+en" and fmt == "ics":
        raise UsageError("--lang ja+en is for agendas; calendars take --lang ja or --lang en",
                         hint="the other language is kept in each event's description")
    paths: list[Path] = []
    for ref in refs:
        path = find_trip(ref)
        paths.extend(trip_files([path]) if path.is_dir() else [path])
    if not paths:
        raise UsageError("no trip files found", hint="see `tripplan list`")
    module = exporter(fmt)
    several = len(paths) > 1
    if several and output is None:
        raise UsageError(f"{len(paths)} trips to export: give a folder with -o",
                         hint=f"tripplan export {' '.join(refs)} --{fmt} -o out/")
    if several and output.exists() and not output.is_dir():
        raise UsageError(f"{output} is a file; several trips need a folder")
    if fmt == "pdf" and output is None and stdout is not None and _is_tty(stdout):
        raise UsageError("a PDF cannot be shown in the terminal", hint="add -o agenda.pdf")
    parsed_alarms = parse_alarms(alarms)
    written: list[Path] = []
    with _progress(len(paths)) as advance:
        for path in paths:
            loaded = load_trip(path)
            job = ExportJob(loaded, fmt, lang=lang, person=person,
                            audience=Visibility(audience), alarms=parsed_alarms,
                            include_cancelled=include_cancelled, brief=brief, font=font, now=now,
                            record_state=record_state)
            job.check()
            data = module.render(job)
            if output is None:
                (stdout or sys.stdout.buffer).write(data)
            else:
                target = output / f"{loaded.trip.id}{module.SUFFIX}" if several else output
                _write(target, data)
                written.append(target)
            advance()
    return written


def _is_tty(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _write(target: Path, data: bytes) -> None:
    from tripplan.storage import atomic_write

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data, backup=False)


class _progress:
    """A progress bar on standard error, only on a terminal and only after a moment."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None
        self.task = None
        self.started = time.monotonic()

    def __enter__(self):
        return self.advance

    def advance(self) -> None:
        if self.bar is None and self.total > 1 and sys.stderr.isatty() \
                and time.monotonic() - self.started > 0.5:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("exporting", total=self.total)
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
