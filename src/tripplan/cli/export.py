"""``tripplan export``: iCalendar, printable agendas, JSON-LD and vCards."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from tripplan.cli.complete import trips_but
from tripplan.cli.options import Audience, AudienceOption, ExportLang, PersonOption
from tripplan.cli.output import echo, environment
from tripplan.errors import UsageError

Output = Annotated[str | None, typer.Option(
    "--output", "-o", help="File to write (a folder when exporting several trips); "
    "default: standard output.")]
Alarms = Annotated[list[str] | None, typer.Option(
    "--alarm", help="iCalendar reminder before each timed item, e.g. 1d, 30m (repeatable).")]
IncludeCancelled = Annotated[bool, typer.Option(
    "--include-cancelled/--no-cancelled",
    help="Export cancelled and removed items (as cancelled) so calendars remove them; "
    "default on.")]
RecordState = Annotated[bool, typer.Option(
    "--state/--no-state", help="No effect, kept for old scripts: SEQUENCE now comes from the "
    "trip file itself (docs/ics.md).")]
Method = Annotated[str | None, typer.Option(
    "--method", help="iCalendar: 'publish' for an iTIP-style file (METHOD:PUBLISH; needs "
    "--organizer). Default: a plain calendar file, no METHOD.")]
OrganizerOption = Annotated[str | None, typer.Option(
    "--organizer", help="iCalendar: the e-mail address of the office that sends the "
    "calendar (ORGANIZER of every event).")]
Brief = Annotated[bool, typer.Option(
    "--brief", help="Agendas: the pocket card (times, titles, places) instead of the full "
    "brief.")]
Font = Annotated[str | None, typer.Option("--font", help="PDF: a font file with Japanese glyphs.")]


def _flag(name: str, help: str):
    return Annotated[bool, typer.Option(f"--{name}", help=help)]


def export_command(
    trips: Annotated[list[str], typer.Argument(
        help="Trip ids, files or folders (a folder exports every trip in it).",
        autocompletion=trips_but("trips"))],
    ics: _flag("ics", "iCalendar (.ics) for calendar apps.") = False,
    html: _flag("html", "Printable HTML agenda.") = False,
    pdf: _flag("pdf", "PDF agenda.") = False,
    md: _flag("md", "Markdown agenda.") = False,
    txt: _flag("txt", "Plain-text agenda.") = False,
    jsonld: _flag("jsonld", "schema.org JSON-LD for mail and itinerary apps (reservations, "
                  "events).") = False,
    vcard: _flag("vcard", "vCard 4.0 (.vcf) of the contacts, for address books.") = False,
    output: Output = None,
    person: PersonOption = None,
    audience: AudienceOption = Audience.internal,
    lang: Annotated[ExportLang | None, typer.Option(
        "--lang", help="Language: ja, en, or ja+en (bilingual agendas).")] = None,
    alarms: Alarms = None,
    include_cancelled: IncludeCancelled = True,
    record_state: RecordState = True,  # noqa: ARG001 - accepted, no effect
    method: Method = None,
    organizer: OrganizerOption = None,
    brief: Brief = False,
    font: Font = None,
):
    """Export trips to iCalendar, printable agendas (HTML, PDF, Markdown, text), JSON-LD or
    vCards of the contacts."""
    chosen = _one_format(ics=ics, html=html, pdf=pdf, md=md, txt=txt, jsonld=jsonld,
                         vcard=vcard)
    from tripplan.app.export import export, infer_format
    from tripplan.model import Visibility
    from tripplan.present.vocabulary import Languages

    fmt = infer_format(chosen, Path(output) if output else None)
    env = environment()
    bar = ProgressBar(env.stderr_is_terminal)
    try:
        result = export(
            env, trips, fmt, output=Path(output) if output else None, person=person,
            audience=Visibility(audience.value),
            lang=Languages(lang.value) if lang is not None else None,
            alarms=_durations(alarms), include_cancelled=include_cancelled,
            brief=brief, font=font, method=method, organizer=organizer,
            progress=bar)
    finally:
        bar.stop()
    for path in result.written:
        echo(f"wrote {path}", err=True)
    for note in result.notes:
        echo(f"tripplan: note: {note}", err=True)
    return result.outcome


def _one_format(**flags: bool) -> str | None:
    """The format flag given, or None (the ``-o`` file's extension then says it)."""
    chosen = [name for name, flag in flags.items() if flag]
    if len(chosen) > 1:
        raise UsageError("choose one format", hint="tripplan export TRIP --ics | "
                         "--html | --pdf | --md | --txt | --jsonld | --vcard")
    return chosen[0] if chosen else None


def _durations(values: list[str] | None) -> list:
    from tripplan.parse_input import parse_duration

    return [parse_duration(value) for value in values or []]


class ProgressBar:
    """A progress bar on standard error, only on a terminal and only after half a second."""

    def __init__(self, on_terminal: bool, label: str = "exporting") -> None:
        self.on_terminal = on_terminal
        self.label = label
        self.started = time.monotonic()
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total > 1 and self.on_terminal \
                and time.monotonic() - self.started > 0.5:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total, completed=done - 1)
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
