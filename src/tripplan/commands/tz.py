"""``tripplan tz``: the trip as a timeline across zones, and its zone findings.

The command stays thin: :func:`tripplan.timeline.timeline` does the work; findings go to
standard error (JSON: inside the envelope), and the exit code follows ``validate``
(0 clean or warnings only, 1 zone errors, 2 unreadable input or a bad ``--home``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli import (
    JsonFlag,
    LangOption,
    OutputFormat,
    _console,
    _format,
    _is_plain,
    _lang,
    app,
)


@app.command("tz")
def tz_command(
    trip: Annotated[str, typer.Argument(help="Trip id or path.")],
    home: Annotated[str | None, typer.Option(
        "--home", help="Zone of the home column (default: the trip's home_timezone), "
        "e.g. Europe/Paris.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
    = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Timeline across time zones: local, home and UTC times, zone changes, zone findings."""
    from tripplan.timeline import timeline

    result = timeline(trip, home=home)
    language = _lang(lang)
    if _format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        typer.echo(dumps(envelope("tz", **result.to_json(language))))
    else:
        if _is_plain():
            from tripplan.timeline import plain_text

            typer.echo(plain_text(result, language))
        else:
            from tripplan.timeline import rich_view

            _console().print(rich_view(result, language), soft_wrap=True)
        if result.diagnostics:
            from tripplan.emit import text_lines

            typer.echo(text_lines(result.diagnostics), err=True)
    raise typer.Exit(result.exit_code)
