"""``tripplan publish``: trips to a CalDAV calendar collection."""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.cli.complete import person_ids, trips_but
from tripplan.cli.options import Audience, JsonFlag, Lang
from tripplan.cli.output import echo, environment


def publish_command(
    trips: Annotated[list[str], typer.Argument(
        help="Trip ids, files or folders (a folder publishes every trip in it).",
        autocompletion=trips_but("trips"))],
    to: Annotated[str, typer.Option(
        "--to", help="The calendar collection's URL, e.g. "
        "https://HOST/remote.php/dav/calendars/USER/CALENDAR/.", show_default=False)],
    person: Annotated[str | None, typer.Option(
        "--for", help="Only the items this delegation member takes part in (person id): "
        "a per-person calendar, one collection each.", autocompletion=person_ids)] = None,
    audience: Annotated[Audience, typer.Option(
        "--audience", help="What may leave the office: items above this level are left out.")]
    = Audience.internal,
    lang: Annotated[Lang | None, typer.Option(
        "--lang", help="Language of the events (ja or en).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would be created, updated, cancelled or deleted; "
        "change nothing.")] = False,
    create: Annotated[bool, typer.Option(
        "--create", help="Make the collection (MKCALENDAR) if it does not exist.")] = False,
    delete_removed: Annotated[bool, typer.Option(
        "--delete-removed", help="Delete the server's copies of removed and cancelled items "
        "instead of marking them cancelled.")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace events someone changed on the server (after looking at "
        "them) instead of stopping with a conflict.")] = False,
    json: JsonFlag = False,
):
    """Publish trips to a CalDAV calendar (Radicale, Nextcloud, iCloud...): one event each,
    updated in place, never overwriting a change made on the server."""
    from tripplan.app.publish import publish
    from tripplan.cli.export import ProgressBar
    from tripplan.model import Visibility
    from tripplan.present.vocabulary import Languages

    env = environment()
    bar = ProgressBar(env.stderr_is_terminal and not json, "publishing")
    try:
        result = publish(
            env, trips, to=to, person=person, audience=Visibility(audience.value),
            lang=Languages(lang.value) if lang is not None else None, dry_run=dry_run,
            create=create, delete_removed=delete_removed, overwrite=overwrite, progress=bar)
    finally:
        bar.stop()
    if json:
        from tripplan.emit import dumps, envelope

        echo(dumps(envelope("publish", **result.to_json())))
    else:
        _report(result)
    if result.error is not None:
        raise result.error
    return result.outcome


DONE = {"create": "created", "update": "updated", "cancel": "cancelled", "delete": "deleted",
        "unchanged": "unchanged", "conflict": "in conflict"}
PLANNED = {"create": "to create", "update": "to update", "cancel": "to cancel",
           "delete": "to delete", "unchanged": "unchanged", "conflict": "in conflict"}


def _report(result) -> None:
    """One line per event on standard output, the totals on standard error."""
    for trip in result.trips:
        for action in trip.actions:
            note = ""
            if action.writes and not result.dry_run and not action.written:
                note = "  (not written)"
            elif action.reason:
                note = f"  ({action.reason})"
            echo(f"{action.kind.value:<9}  {action.uid}  {action.summary}{note}")
    words = PLANNED if result.dry_run else DONE
    counts = ", ".join(f"{n} {words[kind]}" for kind, n in result.counts().items() if n)
    made = ""
    if result.created_collection:
        made = "collection would be created; " if result.dry_run else "collection created; "
    if result.dry_run:
        echo(f"dry run, nothing changed on {result.collection}: {made}{counts or 'no events'}",
             err=True)
    else:
        written = sum(a.written for a in result.actions)
        echo(f"published to {result.collection}: {made}{counts or 'no events'} "
             f"({written} written)", err=True)
