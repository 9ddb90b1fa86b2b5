"""``tripplan check`` (the pre-departure checklist) and ``tripplan schema``.

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

from tripplan.cli import (
    DiagnosticFormat,
    DiagnosticFormatOption,
    ExitZeroOption,
    IgnoreOption,
    JsonFlag,
    PathsArg,
    QuietOption,
    SelectOption,
    _format,
    _split_codes,
    app,
)
from tripplan.errors import EXIT_FINDINGS, EXIT_OK, UsageError


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


@app.command("check")
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
) -> None:
    """Pre-departure checklist: validate plus confirmed status, no tentative items, clock
    times within --days-before of departure, meetings with counterpart and contact, every
    night covered (exit 0 ready, 1 open points, 2 unreadable input)."""
    from tripplan.rules.checklist import check_paths

    result = check_paths(paths or [], today=parse_today(today), days_before=days_before,
                         select=_split_codes(select), ignore=_split_codes(ignore))
    code = result.exit_code(strict=strict)
    _emit(result, _format(fmt, json_flag), code, quiet=quiet)
    if exit_zero and code == EXIT_FINDINGS:
        code = EXIT_OK
    raise typer.Exit(code)


def _emit(result, fmt: str, code: int, *, quiet: bool) -> None:
    from tripplan import emit

    report = result.report
    if fmt == "json":
        typer.echo(emit.json_report(
            "check", report.diagnostics, report.files, code, today=result.today.isoformat(),
            days_before=result.days_before, trips=[t.to_json() for t in result.trips]))
        return
    if fmt == "github":
        if report.diagnostics:
            typer.echo(emit.github_lines(report.diagnostics))
        return
    if report.diagnostics:
        typer.echo(emit.text_lines(report.diagnostics))
    if quiet:
        return
    for trip in result.trips:
        typer.echo(_due_line(trip, result.today))
    typer.echo(emit.summary(report.diagnostics, report.files))


def _due_line(trip, today: dt.date) -> str:
    """One line per trip: when it leaves and whether its checklist is due.

    >>> from tripplan.rules.checklist import TripDue
    >>> t = TripDue("t", "t.toml", dt.date(2024, 6, 20), dt.date(2024, 6, 22), "draft", "due",
    ...             dt.date(2024, 6, 13))
    >>> _due_line(t, dt.date(2024, 6, 15))
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


@app.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of the trip format (for editors: see docs/scripting.md)."""
    from tripplan.emit import dumps
    from tripplan.model import json_schema

    typer.echo(dumps(json_schema()))
