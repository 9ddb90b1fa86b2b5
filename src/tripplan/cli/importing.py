"""``tripplan import``: calendar files and schema.org reservations into a trip (docs/import.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.complete import trip_ids
from tripplan.cli.output import echo, environment


def import_command(
    files: Annotated[list[str], typer.Argument(
        help="Files to import: .ics calendars, JSON-LD (.json, .jsonld) or HTML pages that "
        "embed schema.org JSON-LD.", show_default=False)],
    into: Annotated[str | None, typer.Option(
        "--into", help="The trip (id or file) to import into; items are matched by UID.",
        autocompletion=trip_ids)]
    = None,
    new: Annotated[str | None, typer.Option(
        "--new", help="Make a new trip with this id in the itineraries folder (its dates "
        "from the events).")] = None,
    timezone: Annotated[str | None, typer.Option(
        "--timezone", help="IANA zone of floating times (and of UTC times whose zone the "
        "file does not say), e.g. Asia/Tokyo.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change; write nothing.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Save even if the result brings new error findings (and say so).")]
    = False,
    json_flag: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
    = False,
):
    """Import calendar events and reservations (.ics, JSON-LD, HTML) as items of a trip."""
    from tripplan.app.importing import import_files
    from tripplan.emit import dumps, envelope, text_lines
    from tripplan.load import display_path

    result = import_files(environment(), files, into=into, new=new, timezone=timezone,
                          dry_run=dry_run, force=force)
    if json_flag:
        echo(dumps(envelope("import", **result.to_json())))
        return result.outcome
    for line in result.changes.lines(heading=False):
        echo(line)
    shown = display_path(result.path)
    if result.dry_run:
        echo(f"{result.message}; dry run: nothing written to {shown}")
    elif result.created:
        echo(f"{result.message}; created {shown}")
    elif result.written:
        echo(f"{result.message}; saved {shown} (revision {result.revision})")
    else:
        echo(f"{result.message}; no change: {shown} already says that")
    if result.warnings:
        echo(text_lines(result.warnings), err=True)
    return result.outcome
