"""``tripplan export``: trips to iCalendar, printable agendas, JSON-LD or vCards, written to
files or stdout.

:func:`export` finds the trip files (:mod:`tripplan.catalog`), loads each one
(:mod:`tripplan.load`), resolves its schedule, has the format's exporter render it
(:mod:`tripplan.export`: pure, bytes in memory) and writes the bytes through the safe-write
module (:mod:`tripplan.storage`) or to the environment's standard output. A calendar's
``SEQUENCE`` numbers come from the trip file itself (:mod:`tripplan.sequence`): nothing is
kept beside the trip, and the same file gives the same calendar on every machine.

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

import dataclasses
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
from tripplan.export.view import ExportOptions, ExportView, Organizer, UnexportableItem
from tripplan.model import Visibility
from tripplan.present.vocabulary import Languages

if TYPE_CHECKING:
    from tripplan.load import LoadedTrip


class ExportFormat(enum.StrEnum):
    """The formats, as ``--ics``, ``--html``... name them, with the module rendering each."""

    ICS = "ics"
    HTML = "html"
    PDF = "pdf"
    MD = "md"
    TXT = "txt"
    JSONLD = "jsonld"
    VCARD = "vcard"

    @property
    def module(self) -> str:
        return {"md": "markdown", "txt": "text"}.get(self.value, self.value)


SUFFIXES = {".ics": ExportFormat.ICS, ".html": ExportFormat.HTML, ".htm": ExportFormat.HTML,
            ".pdf": ExportFormat.PDF, ".md": ExportFormat.MD, ".txt": ExportFormat.TXT,
            ".jsonld": ExportFormat.JSONLD, ".vcf": ExportFormat.VCARD}
"""The format a file name's extension says (the export modules' ``SUFFIX``, and ``.htm``)."""

FLAGS_HINT = "tripplan export TRIP --ics | --html | --pdf | --md | --txt | --jsonld | --vcard"


def infer_format(chosen: str | None, output: Path | None) -> ExportFormat:
    """The format of an export: the one chosen, else the one ``output``'s extension says.

    A chosen format and a file name that says another one are refused (``--html -o x.pdf``
    would write HTML into a file every program opens as a PDF).

    >>> infer_format(None, Path("agenda.pdf")), infer_format("md", Path("out"))
    (<ExportFormat.PDF: 'pdf'>, <ExportFormat.MD: 'md'>)
    >>> infer_format("html", Path("x.pdf"))
    Traceback (most recent call last):
    tripplan.errors.UsageError: output x.pdf names a pdf file, not html
    """
    said = SUFFIXES.get(output.suffix.lower()) if output is not None else None
    if chosen is None:
        if said is None:
            raise UsageError("choose a format, or an {output} file name that says one",
                             argument="output", hint=FLAGS_HINT)
        return said
    fmt = ExportFormat(chosen)
    if said is not None and said is not fmt:
        suffix = next(s for s, f in SUFFIXES.items() if f is fmt)
        raise UsageError(f"{{output}} {output} names a {said.value} file, not {fmt.value}",
                         argument="output", hint=f"name the file {output.with_suffix(suffix)}")
    return fmt


Progress = Callable[[int, int], None]
"""Called after each trip with (trips done, trips in all)."""


@dataclass
class ExportResult:
    written: list[Path] = field(default_factory=list)
    """The files written (none when the export went to standard output)."""
    notes: list[str] = field(default_factory=list)
    """What the person should know (e.g. an old export record to carry into the file)."""
    outcome: Outcome = Outcome.OK


def exporter(fmt: ExportFormat) -> ModuleType:
    """The module that renders ``fmt`` (imported only when that format is asked for)."""
    return importlib.import_module(f"tripplan.export.{fmt.module}")


def export(env: Environment, trips: Sequence[str], fmt: ExportFormat | str, *,
           output: Path | None = None, person: str | None = None,
           audience: Visibility = Visibility.INTERNAL, lang: Languages | None = None,
           alarms: Iterable[dt.timedelta] = (), include_cancelled: bool = True,
           brief: bool = False, font: str | Path | None = None, method: str | None = None,
           organizer: str | None = None, progress: Progress | None = None) -> ExportResult:
    """Export each trip named in ``trips`` (ids, files or folders) in format ``fmt``.

    ``output`` is the file to write, or the folder when there are several trips (one file
    each, named by trip id); ``None`` writes to standard output. ``lang`` defaults to the
    configured language. ``method`` (iCalendar: ``PUBLISH``) makes an iTIP-style file, whose
    events then need ``organizer`` (an e-mail address). Usage errors name the argument at
    fault (``{person}``, ``{output}``...).
    """
    fmt = ExportFormat(fmt)
    languages = lang if lang is not None else Languages(env.lang())
    if fmt is ExportFormat.ICS and languages is Languages.JA_EN:
        from tripplan.export.ics import check_languages

        check_languages(languages)
    paths = trip_paths(env, trips)
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
        now=env.now().astimezone(), method=_method(method, organizer, fmt),
        organizer=_organizer(organizer))
    module = exporter(fmt)
    result = ExportResult()
    for done, path in enumerate(paths, start=1):
        loaded = load_path(path)
        data = render_trip(module, loaded, _with_organizer_name(options, loaded))
        if fmt is ExportFormat.ICS:
            result.notes.extend(_legacy_note(loaded))
        if fmt is ExportFormat.VCARD and not data:
            result.notes.append(f"{loaded.display_path} lists no contacts for this export "
                                "(none that its items shown to this audience name)")
        if output is None:
            env.stdout_bytes.write(data)
        else:
            target = output / f"{loaded.trip.id}{module.SUFFIX}" if several else output
            result.notes.extend(_made_folders(target.parent))
            _write(target, data)
            result.written.append(target)
        if progress is not None:
            progress(done, len(paths))
    return result


def trip_paths(env: Environment, refs: Sequence[str]) -> list[Path]:
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


def load_path(path: Path) -> LoadedTrip:
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


def _legacy_note(loaded: LoadedTrip) -> list[str]:
    """A note when an earlier tripplan's export record lies beside a trip not yet stamped."""
    from tripplan.export.ics_state import state_path
    from tripplan.load import display_path

    record = state_path(loaded.path, loaded.trip.id)
    if not record.is_file() or all(item.stamp is not None for item in loaded.trip.items):
        return []
    return [f"{display_path(record)} holds the calendar SEQUENCE numbers of an earlier "
            f"tripplan: run `tripplan stamp {loaded.display_path}` once to carry them into the "
            "trip file (until then, calendars that imported this trip may ignore updates)"]


def _method(method: str | None, organizer: str | None, fmt: ExportFormat) -> str | None:
    if method is None:
        return None
    if fmt is not ExportFormat.ICS:
        raise UsageError("{method} is for calendars (--ics)", argument="method")
    if method.upper() != "PUBLISH":
        raise UsageError(f'{{method}} "{method}" is not one tripplan writes',
                         argument="method", hint="{method} publish")
    if organizer is None:
        raise UsageError("an iTIP-style calendar (METHOD:PUBLISH) needs its organizer",
                         argument="organizer",
                         hint="add {organizer} with the office's e-mail address")
    return "PUBLISH"


def _organizer(organizer: str | None) -> Organizer | None:
    if organizer is None:
        return None
    address = organizer.strip().removeprefix("mailto:")
    if "@" not in address or any(c.isspace() for c in address):
        raise UsageError(f'{{organizer}} "{organizer}" is not an e-mail address',
                         argument="organizer", hint="e.g. {organizer} protocol@city.example")
    return Organizer(f"mailto:{address}")


def _with_organizer_name(options: ExportOptions, loaded: LoadedTrip) -> ExportOptions:
    """The organizer named as the trip names its office (``organizer`` of the trip)."""
    if options.organizer is None or loaded.trip.organizer is None:
        return options
    name = loaded.trip.organizer.get(options.lang)
    return dataclasses.replace(options, organizer=Organizer(options.organizer.address, name))


def render_trip(module: ModuleType, loaded: LoadedTrip, options: ExportOptions) -> bytes:
    view = ExportView.of(loaded.trip)
    try:
        options.check(loaded.trip)
        return module.render(view, options)
    except UnexportableItem as err:
        line, column = loaded.locate(err.field)
        raise InputError(err.message, path=loaded.display_path, line=line, column=column,
                         hint=err.hint) from None


def _made_folders(folder: Path) -> list[str]:
    """Create ``folder`` if it is missing, and say so (a typo in -o shows at once)."""
    if folder.is_dir():
        return []
    from tripplan.load import display_path

    try:
        folder.mkdir(parents=True)
    except OSError as err:
        raise UsageError(f"cannot create the folder {display_path(folder)}: "
                         f"{err.strerror or err}", argument="output",
                         hint="check the path given to {output}") from None
    return [f"created the folder {display_path(folder)}"]


def _write(target: Path, data: bytes) -> None:
    from tripplan.storage import atomic_write

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data, backup=False)
