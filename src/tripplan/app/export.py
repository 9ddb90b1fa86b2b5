"""``tripplan export``: trips to iCalendar or printable agendas, written to files or stdout.

:func:`export` finds the trip files (:mod:`tripplan.catalog`), loads each one
(:mod:`tripplan.load`), resolves its schedule, has the format's exporter render it
(:mod:`tripplan.export`: pure, bytes in memory) and writes the bytes through the safe-write
module (:mod:`tripplan.storage`) or to the environment's standard output. For iCalendar it
also keeps the trip's export record (:mod:`tripplan.export.ics_state`): read, passed to the
exporter, and written back — atomically, under the record's lock, only when it changed, and
*before* the calendar — so that ``SEQUENCE`` rises when an event changes.

It draws nothing: ``progress(done, total)`` is called after each trip, and the front end
draws a bar if it likes.

>>> import datetime as dt, io
>>> env = Environment.for_test(now=dt.datetime(2024, 6, 25, 9, tzinfo=dt.UTC),
...                            stdout=io.StringIO())
>>> result = export(env, ["itineraries/2024-06-yokohama-bangkok.toml"], ExportFormat.MD,
...                 lang=Languages.EN, brief=True)
>>> result.outcome, result.written, env.stdout.getvalue().splitlines()[0]
(<Outcome.OK: 'ok'>, [], "# Mayor Takeharu Yamanaka's visit to Bangkok, Thailand")
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.errors import InputError, UsageError
from tripplan.export.view import ExportOptions, ExportView, UnexportableItem
from tripplan.model import Visibility
from tripplan.present.vocabulary import Languages

if TYPE_CHECKING:
    from tripplan.export.ics_state import ExportState
    from tripplan.load import LoadedTrip


class ExportFormat(enum.StrEnum):
    """The formats, as ``--ics``, ``--html``... name them, with the module rendering each."""

    ICS = "ics"
    HTML = "html"
    PDF = "pdf"
    MD = "md"
    TXT = "txt"
    JSONLD = "jsonld"

    @property
    def module(self) -> str:
        return {"md": "markdown", "txt": "text"}.get(self.value, self.value)


Progress = Callable[[int, int], None]
"""Called after each trip with (trips done, trips in all)."""


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    """The files written (none when the export went to standard output)."""
    outcome: Outcome = Outcome.OK


def exporter(fmt: ExportFormat) -> ModuleType:
    """The module that renders ``fmt`` (imported only when that format is asked for)."""
    return importlib.import_module(f"tripplan.export.{fmt.module}")


def export(env: Environment, trips: Sequence[str], fmt: ExportFormat | str, *,
           output: Path | None = None, person: str | None = None,
           audience: Visibility = Visibility.INTERNAL, lang: Languages | None = None,
           alarms: Iterable[dt.timedelta] = (), include_cancelled: bool = True,
           record_state: bool = True, brief: bool = False, font: str | Path | None = None,
           progress: Progress | None = None) -> ExportResult:
    """Export each trip named in ``trips`` (ids, files or folders) in format ``fmt``.

    ``output`` is the file to write, or the folder when there are several trips (one file
    each, named by trip id); ``None`` writes to standard output. ``lang`` defaults to the
    configured language; ``record_state`` (iCalendar) updates the export record beside the
    trip. Usage errors name the argument at fault (``{person}``, ``{output}``...).
    """
    fmt = ExportFormat(fmt)
    languages = lang if lang is not None else Languages(env.lang())
    if fmt is ExportFormat.ICS and languages is Languages.JA_EN:
        from tripplan.export.ics import check_languages

        check_languages(languages)
    paths = _trip_files(env, trips)
    several = len(paths) > 1
    if several and output is None:
        raise UsageError(f"{len(paths)} trips to export: give a folder with {{output}}",
                         argument="output",
                         hint=f"tripplan export {' '.join(trips)} --{fmt} {{output}} out/")
    if several and output.exists() and not output.is_dir():
        raise UsageError(f"{output} is a file; several trips need a folder", argument="output")
    if fmt is ExportFormat.PDF and output is None and env.stdout_is_terminal:
        raise UsageError("a PDF cannot be shown in the terminal", argument="output",
                         hint="add {output} agenda.pdf")
    options = ExportOptions(
        languages=languages, audience=audience, person=person,
        include_cancelled=include_cancelled, brief=brief, alarms=_checked_alarms(alarms),
        font=_font(font, env) if fmt is ExportFormat.PDF else None,
        now=env.now().astimezone())
    module = exporter(fmt)
    result = ExportResult()
    for done, path in enumerate(paths, start=1):
        loaded = _load(path)
        data = _render(module, fmt, loaded, options, record_state=record_state)
        if output is None:
            env.stdout_bytes.write(data)
        else:
            target = output / f"{loaded.trip.id}{module.SUFFIX}" if several else output
            _write(target, data)
            result.written.append(target)
        if progress is not None:
            progress(done, len(paths))
    return result


def _trip_files(env: Environment, refs: Sequence[str]) -> list[Path]:
    from tripplan.catalog import find_trip, trip_files

    def folder() -> str:
        return env.settings.itineraries

    paths: list[Path] = []
    for ref in refs:
        path = find_trip(ref, folder=folder)
        paths.extend(trip_files([path], folder=folder) if path.is_dir() else [path])
    if not paths:
        raise UsageError("no trip files found", hint="see `tripplan list`")
    return paths


def _load(path: Path) -> LoadedTrip:
    from tripplan.load import load_trip

    return load_trip(path)


def _checked_alarms(alarms: Iterable[dt.timedelta]) -> tuple[dt.timedelta, ...]:
    checked = tuple(alarms)
    for before in checked:
        if before <= dt.timedelta(0):
            minutes = round(before.total_seconds() / 60)
            raise UsageError(f"{{alarms}} must be a positive duration before the item, "
                             f"not {minutes} min", argument="alarms",
                             hint="e.g. {alarms} 1d {alarms} 30m")
    return checked


def _font(font: str | Path | None, env: Environment):
    """The PDF's font, looked for first: a missing font is the likeliest failure."""
    from tripplan.export.fonts import find_cjk_font

    return find_cjk_font(font, environ=env.environ)


def _render(module: ModuleType, fmt: ExportFormat, loaded: LoadedTrip,
            options: ExportOptions, *, record_state: bool) -> bytes:
    view = ExportView.of(loaded.trip)
    try:
        if fmt is ExportFormat.ICS:
            return _calendar(module, loaded, view, options, record_state=record_state)
        options.check(loaded.trip)
        return module.render(view, options)
    except UnexportableItem as err:
        line, column = loaded.locate(err.field)
        raise InputError(err.message, path=loaded.display_path, line=line, column=column,
                         hint=err.hint) from None


def _calendar(ics: ModuleType, loaded: LoadedTrip, view: ExportView, options: ExportOptions,
              *, record_state: bool) -> bytes:
    """The calendar, with the export record read and (if ``record_state``) written back.

    Read, render and write happen under the record's lock
    (:func:`tripplan.storage.locked`), so two exports at once cannot hand out the same
    ``SEQUENCE`` for different contents. Nothing is written when nothing changed.
    """
    from tripplan.export.ics_state import state_path
    from tripplan.load import display_path

    ics.check(view, options)  # before the record is read or its folder made
    path = state_path(loaded.path, view.trip.id)
    shown = display_path(path)
    if not record_state:
        return ics.render_calendar(view, options, _read_record(path, view.trip.id, shown)).data
    from tripplan.storage import atomic_write, locked

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder of the export record: {err.strerror}",
                         path=shown, hint="give write access to the trip's folder, or turn off "
                         "{record_state} (then SEQUENCE is not guaranteed to rise)") from None
    with locked(path) as target:
        record = _read_record(target, view.trip.id, shown)
        out = ics.render_calendar(view, options, record)
        if out.record != record or not target.exists():
            atomic_write(target, out.record.to_bytes(), backup=False)
    return out.data


def _read_record(path: Path, trip: str, shown: str) -> ExportState:
    from tripplan.export.ics_state import ExportState

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ExportState(trip)
    except OSError as err:
        raise InputError(f"cannot read the export record: {err.strerror}", path=shown) from None
    return ExportState.from_bytes(data, trip=trip, shown=shown)


def _write(target: Path, data: bytes) -> None:
    from tripplan.storage import atomic_write

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data, backup=False)
