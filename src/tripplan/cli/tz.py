"""``tripplan tz``: the trip as a timeline across zones, and its zone findings.

The command stays thin: :func:`tripplan.app.tz.tz` does the work; findings go to
standard error (JSON: inside the envelope), and the exit code follows ``validate``
(0 clean or warnings only, 1 zone errors, 2 unreadable input or a bad ``--home``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.complete import trip_ids
from tripplan.cli.options import FormatOption, JsonFlag, LangOption, OutputFormat, chosen_format
from tripplan.cli.output import console, diagnostics, echo, environment, is_plain, lang


def tz_command(
    trip: Annotated[str, typer.Argument(help="Trip id or path.", autocompletion=trip_ids)],
    home: Annotated[str | None, typer.Option(
        "--home", help="Zone of the home column (default: the trip's home_timezone), "
        "e.g. Europe/Paris.")] = None,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang_: LangOption = None,
):
    """Timeline across time zones: local, home and UTC times, zone changes, zone findings."""
    from tripplan.app.tz import tz

    found = tz(environment(), trip, home=home)
    result, outcome = found.timeline, found.outcome
    language = lang(lang_)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("tz", **result.to_json(language))))
        return outcome
    if is_plain():
        from tripplan.terminal.timeline import plain_text

        echo(plain_text(result, language))
    else:
        from tripplan.terminal.timeline import rich_view

        screen = console()
        screen.print(rich_view(result, language, width=screen.width), soft_wrap=True)
    diagnostics(result.diagnostics)
    return outcome
