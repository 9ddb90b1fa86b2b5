"""Checking commands: ``validate``, ``check`` (the pre-departure checklist) and ``schema``.

``check`` is ``validate`` plus the checklist rules (``C`` codes, see
:mod:`tripplan.rules.checklist`); its output formats, exit codes and ``--select``/``--ignore``
are the same. Example, five days before the reference trip leaves::

    $ tripplan check 2024-06-yokohama-bangkok --today 2024-06-15 --quiet
    itineraries/2024-06-yokohama-bangkok.toml:141:8: C003 time-not-fixed item "outbound-flight" ...

``schema`` prints the JSON Schema of the trip format, generated from the model; the copy in
``schema/trip.schema.json`` is what editors point at (``#:schema`` in a trip file).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from tripplan.cli.options import (
    ColorChoice,
    ColorOption,
    DiagnosticFormat,
    DiagnosticFormatOption,
    ExitZeroOption,
    IgnoreOption,
    JsonFlag,
    NoCacheOption,
    PathsArg,
    QuietOption,
    SelectOption,
    chosen_format,
    split_codes,
    wants_color,
)
from tripplan.cli.output import Ending, echo, environment
from tripplan.errors import UsageError


def parse_today(value: str | None) -> dt.date | None:
    """``--today`` as a date; a usage error (exit 2) when it is not ``YYYY-MM-DD``.

    >>> parse_today("2024-06-15")
    datetime.date(2024, 6, 15)
    >>> parse_today(None) is None
    True
    """
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f'--today "{value}" is not a date',
                         hint="write it as YYYY-MM-DD, e.g. --today 2024-06-15") from None


def validate_command(
    paths: PathsArg = None,
    fmt: DiagnosticFormatOption = DiagnosticFormat.text,
    json_flag: JsonFlag = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail too (exit 1): the last check before departure.")]
    = False,
    exit_zero: ExitZeroOption = False,
    quiet: QuietOption = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for many files (0: one per CPU).")] = 0,
    no_cache: NoCacheOption = False,
    color: ColorOption = ColorChoice.auto,
):
    """Check trip files and print findings (exit 0 clean, 1 findings, 2 unreadable input)."""
    from tripplan.app.validate import validate

    report = validate(environment(), paths, select=split_codes(select),
                      ignore=split_codes(ignore), strict=strict, jobs=jobs, cache=not no_cache)
    _emit("validate", report, chosen_format(fmt, json_flag), quiet=quiet, color=color)
    return Ending(report.outcome, exit_zero=exit_zero)


def check_command(
    paths: PathsArg = None,
    days_before: Annotated[int, typer.Option(
        "--days-before", min=0, help="The checklist is due this many days before departure "
        "(open points are errors from then on, warnings before).")] = 7,
    today: Annotated[str | None, typer.Option(
        "--today", help="Check as if today were this date (YYYY-MM-DD); default: today.",
        show_default=False)] = None,
    fmt: DiagnosticFormatOption = DiagnosticFormat.text,
    json_flag: JsonFlag = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail too (exit 1), e.g. checklist points not yet due.")]
    = False,
    exit_zero: ExitZeroOption = False,
    quiet: QuietOption = False,
    color: ColorOption = ColorChoice.auto,
):
    """Pre-departure checklist: validate plus confirmed status, no tentative items, clock
    times within --days-before of departure, meetings with counterpart and contact, every
    night covered (exit 0 ready, 1 open points, 2 unreadable input)."""
    from tripplan.app.validate import check

    report = check(environment(), paths, today=parse_today(today), days_before=days_before,
                   select=split_codes(select), ignore=split_codes(ignore), strict=strict)
    _emit("check", report, chosen_format(fmt, json_flag), quiet=quiet, color=color)
    return Ending(report.outcome, exit_zero=exit_zero)


def _emit(command: str, report, fmt: str, *, quiet: bool,
          color: ColorChoice = ColorChoice.auto) -> None:
    from tripplan import emit
    from tripplan.app.outcome import exit_code

    env = environment()
    paint = wants_color(color, is_terminal=env.stdout_is_terminal, no_color=env.no_color)
    if fmt == "json":
        extra = {}
        if command == "check":
            extra = {"today": report.today.isoformat(), "days_before": report.days_before,
                     "trips": [t.to_json() for t in report.trips]}
        echo(emit.json_report(command, report.diagnostics, report.files,
                              exit_code(report.outcome), **extra))
    elif fmt == "github":
        if report.diagnostics:
            echo(emit.github_lines(report.diagnostics))
    else:
        if report.diagnostics:
            echo(emit.text_lines(report.diagnostics, color=paint), color=paint)
        if quiet:
            return
        for trip in getattr(report, "trips", ()):
            echo(due_line(trip, report.today))
        echo(emit.summary(report.diagnostics, report.files, color=paint), color=paint)


def due_line(trip, today: dt.date) -> str:
    """One line per trip: when it leaves and whether its checklist is due.

    >>> from tripplan.app.validate import TripDue
    >>> t = TripDue("t", "t.toml", dt.date(2024, 6, 20), dt.date(2024, 6, 22), "draft", "due",
    ...             dt.date(2024, 6, 13))
    >>> due_line(t, dt.date(2024, 6, 15))
    't: departs 2024-06-20 (in 5 days); checklist due since 2024-06-13'
    """
    days = (trip.start - today).days
    when = {0: "today", 1: "tomorrow"}.get(days, f"in {days} days" if days > 1 else "")
    if trip.state == "over":
        why = "cancelled" if trip.status == "cancelled" else f"ended {trip.end}"
        return f"{trip.id}: {why}; the checklist no longer applies"
    if trip.state == "due":
        if days < 0:
            return f"{trip.id}: under way since {trip.start}; checklist due"
        return f"{trip.id}: departs {trip.start} ({when}); checklist due since {trip.due_from}"
    return f"{trip.id}: departs {trip.start} ({when}); checklist due from {trip.due_from}"


def schema_command():
    """Print the JSON Schema of the trip format (for editors: see docs/scripting.md)."""
    from tripplan.emit import dumps
    from tripplan.model import json_schema

    echo(dumps(json_schema()))
