"""Reading commands: ``list``, ``show``, ``search`` and ``rules``.

Each parses its options, calls one use case of :mod:`tripplan.app` and hands the result to
a renderer (terminal views, the JSON envelope); heavy modules are imported inside.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.complete import trip_ids
from tripplan.cli.options import (
    Audience,
    AudienceShownOption,
    FormatOption,
    JsonFlag,
    LangOption,
    NoCacheOption,
    OutputFormat,
    PathsArg,
    RulesFormat,
    TripStatusChoice,
    chosen_format,
)
from tripplan.cli.output import diagnostics, echo, environment, is_plain, lang


def list_command(
    paths: PathsArg = None,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang_: LangOption = None,
    no_cache: NoCacheOption = False,
    upcoming: Annotated[bool, typer.Option(
        "--upcoming", help="Only trips that end today or later.")] = False,
    past: Annotated[bool, typer.Option("--past", help="Only trips that ended before today.")]
    = False,
    status: Annotated[TripStatusChoice | None, typer.Option(
        "--status", help="Only trips of this status.")] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", help="Only trips with this tag (repeatable: every one).")] = None,
    year: Annotated[int | None, typer.Option(
        "--year", help="Only trips with a day in this year.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", help="Judge --upcoming and --past as if today were this day (YYYY-MM-DD).",
        show_default=False)] = None,
):
    """List trips: id, title, dates, status, number of items, file (filters combine)."""
    from tripplan.app.listing import TripFilter, list_trips
    from tripplan.app.office import read_day

    filters = TripFilter(upcoming=upcoming, past=past, status=status.value if status else None,
                         tags=tuple(tag or ()), year=year, today=read_day(today, "today"))
    result = list_trips(environment(), paths, lang=lang(lang_), cache=not no_cache,
                        filters=filters)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("list", trips=[r.to_json() for r in result.trips],
                            diagnostics=[d.to_json() for d in result.diagnostics])))
    elif result.trips and is_plain():  # one line per trip, for grep and awk
        from tripplan.terminal.listing import plain_table

        echo(plain_table(result.trips))
    elif result.trips:
        from tripplan.cli.output import console
        from tripplan.terminal import print_view
        from tripplan.terminal.listing import list_table

        screen = console()
        print_view(screen, list_table(result.trips, plain=False, width=screen.width),
                   plain=False)
    elif result.filtered and not result.diagnostics:
        echo("No trips match the filters.", err=True)
    elif not result.diagnostics:
        echo("No trips found.", err=True)
    diagnostics(result.diagnostics)
    return result.outcome


def show_command(
    trip: Annotated[str | None, typer.Argument(
        help="Trip id or path (without it: the list of trips).", show_default=False,
        autocompletion=trip_ids)] = None,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang_: LangOption = None,
    audience: AudienceShownOption = Audience.internal,
):
    """Show a trip day by day, each item with its time as the file gives it."""
    if trip is None:
        return _which_trip()
    from tripplan.app.show import show

    result = show(environment(), trip, audience.value)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("show", **result.to_json())))
        return result.outcome
    from tripplan.cli.output import console
    from tripplan.terminal import print_view
    from tripplan.terminal.show import show_view

    plain = is_plain()
    screen = console()
    print_view(screen, show_view(result.schedule, lang(lang_), plain=plain, width=screen.width),
               plain=plain)
    return result.outcome


def search_command(
    text: Annotated[str, typer.Argument(
        help="What to look for (case, full-width and half-width forms do not matter).",
        show_default=False)],
    paths: PathsArg = None,
    fmt: FormatOption = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang_: LangOption = None,
    audience: AudienceShownOption = Audience.internal,
):
    """Find a text in every trip: titles, counterparts, places, notes, in every language
    (exit 0 found, 1 not found, 2 unreadable input)."""
    from tripplan.app.search import search

    result = search(environment(), text, paths, audience=audience.value)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("search", **result.to_json())))
    elif result.found and is_plain():  # one line per hit, for grep and awk
        from tripplan.terminal.search import plain_lines

        echo(plain_lines(result.hits))
    elif result.found:
        from tripplan.cli.output import console
        from tripplan.terminal import print_view
        from tripplan.terminal.search import search_view

        screen = console()
        print_view(screen, search_view(result, lang(lang_), width=screen.width), plain=False)
    elif not result.diagnostics:
        from tripplan.emit import terminal_safe

        trips = f"{result.trips} trip{'s' if result.trips != 1 else ''}"
        echo(terminal_safe(f'tripplan: no match for "{result.query}" in {trips}'), err=True)
    diagnostics(result.diagnostics)
    return result.outcome


def plain_text(doc: str) -> str:
    """A docstring as a person reads it on a terminal: reST roles and literals unmarked (its
    lines as written, the indentation already taken off by the rule registry).

    >>> plain_text("Uses :func:`tripplan.zones.resolve` and ``end``; see *this*.")
    'Uses tripplan.zones.resolve and end; see this.'
    """
    import re

    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", doc)
    text = re.sub(r"``([^`]+)``", r"\1", text)
    return re.sub(r"(?<![\w*])\*([^*\n]+)\*(?!\w)", r"\1", text)


def _which_trip():
    """``show`` without a trip: the trips there are, and how to show one (exit 2)."""
    from tripplan.app.listing import list_trips
    from tripplan.app.outcome import Outcome
    from tripplan.terminal.listing import plain_table

    found = list_trips(environment(), None, lang=lang(None))
    if found.trips:
        echo("tripplan: which trip? give its id or file, e.g. "
             f"`tripplan show {found.trips[0].id}`; the trips:", err=True)
        echo(plain_table(found.trips), err=True)
    else:
        echo("tripplan: which trip? give its id or file (no trips found in the itineraries "
             "folder)", err=True)
    diagnostics(found.diagnostics)
    return Outcome.INVALID


def rules_command(
    code: Annotated[str | None, typer.Argument(help="Show the documentation of one rule.")]
    = None,
    fmt: Annotated[RulesFormat, typer.Option(
        "--format", help="Output format (markdown: the table of README.md).")]
    = RulesFormat.text,
    json_flag: JsonFlag = False,
):
    """List the checks: code, name, severity and what each one finds."""
    from tripplan.app.rules import rule_catalog, rules_markdown

    if fmt is RulesFormat.markdown:
        echo(rules_markdown())
        return None
    catalog = rule_catalog(environment(), code)
    if chosen_format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("rules", rules=[r.to_json() for r in catalog.rules],
                            input_errors=catalog.input_errors)))
    elif code is not None:
        r = catalog.rules[0]
        echo(f"{r.code} {r.name} ({r.severity.value})\n\n{r.summary}\n\n{plain_text(r.doc)}\n\n"
             f"help: {r.help}")
    else:
        for r in catalog.rules:
            echo(f"{r.code:6} {r.name:32} {r.severity.value:8} {r.summary}")
        for entry in catalog.input_errors:
            echo(f"{entry['code']:6} {entry['name']:32} {'input':8} {entry['summary']}")
    return catalog.outcome
