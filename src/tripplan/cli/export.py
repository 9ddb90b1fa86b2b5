"""``tripplan export``: iCalendar and printable agendas."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from tripplan.cli.options import Audience, ExportLang
from tripplan.cli.output import echo, environment
from tripplan.errors import UsageError


def export_command(
    trips: Annotated[list[str], typer.Argument(
        help="Trip ids, files or folders (a folder exports every trip in it).")],
    ics: Annotated[bool, typer.Option("--ics", help="iCalendar (.ics) for calendar apps.")]
    = False,
    html: Annotated[bool, typer.Option("--html", help="Printable HTML agenda.")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="PDF agenda.")] = False,
    md: Annotated[bool, typer.Option("--md", help="Markdown agenda.")] = False,
    txt: Annotated[bool, typer.Option("--txt", help="Plain-text agenda.")] = False,
    jsonld: Annotated[bool, typer.Option("--jsonld", help="schema.org JSON-LD for mail and "
                                         "itinerary apps (reservations, events).")] = False,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="File to write (a folder when exporting several trips); "
        "default: standard output.")] = None,
    person: Annotated[str | None, typer.Option(
        "--for", help="Only the items this delegation member takes part in (person id).")]
    = None,
    audience: Annotated[Audience, typer.Option(
        "--audience", help="What may leave the office: items above this level are left out.")]
    = Audience.internal,
    lang: Annotated[ExportLang | None, typer.Option(
        "--lang", help="Language: ja, en, or ja+en (bilingual agendas).")] = None,
    alarms: Annotated[list[str] | None, typer.Option(
        "--alarm", help="iCalendar reminder before each timed item, e.g. 1d, 30m "
        "(repeatable).")] = None,
    include_cancelled: Annotated[bool, typer.Option(
        "--include-cancelled/--no-cancelled",
        help="Export cancelled items (as cancelled) so calendars remove them; default on.")]
    = True,
    record_state: Annotated[bool, typer.Option(
        "--state/--no-state",
        help="iCalendar: record the export beside the trip (.tripplan/) so SEQUENCE rises "
        "when an item changes; --no-state only to look (never publish such a file).")]
    = True,
    brief: Annotated[bool, typer.Option(
        "--brief", help="Agendas: the pocket card (times, titles, places) instead of the "
        "full brief.")] = False,
    font: Annotated[str | None, typer.Option(
        "--font", help="PDF: a font file with Japanese glyphs.")] = None,
):
    """Export trips to iCalendar, printable agendas (HTML, PDF, Markdown, text) or JSON-LD."""
    fmt = _one_format(ics=ics, html=html, pdf=pdf, md=md, txt=txt, jsonld=jsonld)
    from tripplan.app.export import export
    from tripplan.model import Visibility
    from tripplan.present.vocabulary import Languages

    env = environment()
    bar = ProgressBar(env.stderr_is_terminal)
    try:
        result = export(
            env, trips, fmt, output=Path(output) if output else None, person=person,
            audience=Visibility(audience.value),
            lang=Languages(lang.value) if lang is not None else None,
            alarms=_durations(alarms), include_cancelled=include_cancelled,
            record_state=record_state, brief=brief, font=font, progress=bar)
    finally:
        bar.stop()
    for path in result.written:
        echo(f"wrote {path}", err=True)
    return result.outcome


def _one_format(**flags: bool) -> str:
    chosen = [name for name, flag in flags.items() if flag]
    if len(chosen) != 1:
        raise UsageError("choose exactly one format", hint="tripplan export TRIP --ics | "
                         "--html | --pdf | --md | --txt | --jsonld")
    return chosen[0]


def _durations(values: list[str] | None) -> list:
    from tripplan.parse_input import parse_duration

    return [parse_duration(value) for value in values or []]


class ProgressBar:
    """A progress bar on standard error, only on a terminal and only after half a second."""

    def __init__(self, on_terminal: bool) -> None:
        self.on_terminal = on_terminal
        self.started = time.monotonic()
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None and total > 1 and self.on_terminal \
                and time.monotonic() - self.started > 0.5:
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.bar.start()
            self.task = self.bar.add_task("exporting", total=total, completed=done - 1)
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
