"""The office's views across trips: ``agenda`` and ``next``.

Each parses its options, calls one use case (:mod:`tripplan.app.agenda`,
:mod:`tripplan.app.next_trip`) and draws the result (:mod:`tripplan.terminal.agenda`, or
the JSON envelope). ``agenda`` exits 0; ``next`` exits 0 when there is a trip under way or
to come, 1 when there is none; both exit 2 on bad arguments or a trip file that cannot be
read.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.options import (
    Audience,
    FormatOption,
    JsonFlag,
    LangOption,
    OutputFormat,
    PathsArg,
    chosen_format,
)
from tripplan.cli.output import console, diagnostics, echo, environment, is_plain, lang

HomeOption = Annotated[str | None, typer.Option(
    "--home", help="The office's home zone (default: home_timezone of the config, else the "
    "trips' own), e.g. Asia/Tokyo.")]
ViewAudience = Annotated[Audience, typer.Option(
    "--audience", help="Who may see it: items above this level are left out (as in show).")]


def _draw(lines_of) -> None:
    """Plain text when piped; on a terminal, coloured and fitted to its width."""
    from tripplan.terminal.agenda import plain_text, rich_view

    if is_plain():
        echo(plain_text(lines_of(None)))
        return
    screen = console()
    screen.print(rich_view(lines_of(screen.width), screen.width), soft_wrap=True)


def agenda_command(
    paths: PathsArg = None,
    first: Annotated[str | None, typer.Option(
        "--from", help="First day (YYYY-MM-DD; default: today at home).",
        show_default=False)] = None,
    last: Annotated[str | None, typer.Option(
        "--to", help="Last day, counted (default: 7 days from the first).",
        show_default=False)] = None,
    days: Annotated[int | None, typer.Option(
        "--days", help="Number of days from the first (instead of --to).",
        show_default=False)] = None,
    home: HomeOption = None,
    audience: ViewAudience = Audience.internal,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang_: LangOption = None,
):
    """Every item of every trip, day by day in home time, the venue's time beside it."""
    from tripplan.app.agenda import agenda
    from tripplan.app.office import read_day

    result = agenda(environment(), paths, first=read_day(first, "from_date"),
                    last=read_day(last, "to_date"), days=days, home=home,
                    audience=audience.value)
    language = lang(lang_)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("agenda", **result.to_json(language))))
        return result.outcome
    from tripplan.terminal.agenda import agenda_lines

    _draw(lambda width: agenda_lines(result, language, width=width))
    diagnostics(result.diagnostics)
    return result.outcome


def next_command(
    paths: PathsArg = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="As if it were the start of this day at home (YYYY-MM-DD); "
        "default: now.", show_default=False)] = None,
    home: HomeOption = None,
    audience: ViewAudience = Audience.internal,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang_: LangOption = None,
):
    """The trip under way, or else the next one, and its next item (exit 1: none)."""
    from tripplan.app.next_trip import next_trip
    from tripplan.app.office import read_day

    result = next_trip(environment(), paths, today=read_day(today, "today"), home=home,
                       audience=audience.value)
    language = lang(lang_)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.app.outcome import exit_code
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("next", exit_code=exit_code(result.outcome),
                            **result.to_json(language))))
        return result.outcome
    from tripplan.terminal.agenda import next_lines

    _draw(lambda width: next_lines(result, language))
    diagnostics(result.diagnostics)
    return result.outcome
