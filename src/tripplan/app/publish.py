"""``tripplan publish``: trips to a CalDAV collection, one calendar object per event.

:func:`publish` checks the collection URL and finds the credentials
(:mod:`tripplan.publish.target`), reaches the collection (creating it with ``create``),
renders each trip's calendar exactly as ``export --ics`` does (the same ``SEQUENCE``\\ s,
taken from the trip file, and the same ``--for``/``--audience`` cut), cuts it into calendar
objects (:mod:`tripplan.export.ics_objects`), compares them with the collection's and writes the
difference (:mod:`tripplan.publish.caldav_sync`). ``dry_run`` reads the server and changes
nothing, here or there.

It draws nothing and prints nothing: ``progress(done, total)`` is called after each write,
and the result lists every event's action, written or not. A conflict (someone changed an
event on the server) or a failure half-way comes back as :attr:`PublishResult.error` with
the outcome ``INVALID``, after everything that could be written was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.errors import TripplanError
from tripplan.model import Visibility
from tripplan.present.vocabulary import Languages

if TYPE_CHECKING:
    from tripplan.export.ics_objects import CalendarObject
    from tripplan.publish.caldav_sync import Action, Server

Progress = Callable[[int, int], None]
"""Called after each write with (writes done, writes in all)."""


@dataclass
class TripPublished:
    trip: str
    file: str
    actions: list[Action] = field(default_factory=list)


@dataclass
class PublishResult:
    collection: str
    """The collection's URL, without any user name."""
    dry_run: bool = False
    created_collection: bool = False
    """The collection did not exist and was (or, in a dry run, would be) created."""
    trips: list[TripPublished] = field(default_factory=list)
    error: TripplanError | None = None
    """A conflict, or what stopped the writes half-way: the command's message."""

    @property
    def actions(self) -> list[Action]:
        return [a for t in self.trips for a in t.actions]

    @property
    def outcome(self) -> Outcome:
        return Outcome.INVALID if self.error is not None else Outcome.OK

    def counts(self) -> dict[str, int]:
        from tripplan.publish.caldav_sync import Kind

        found = Counter(a.kind.value for a in self.actions)
        return {kind.value: found.get(kind.value, 0) for kind in Kind}

    def to_json(self) -> dict[str, Any]:
        return {"collection": self.collection, "dry_run": self.dry_run,
                "created_collection": self.created_collection, "counts": self.counts(),
                "written": sum(a.written for a in self.actions),
                "trips": [{"trip": t.trip, "file": t.file,
                           "events": [a.to_json() for a in t.actions]} for t in self.trips]}


def publish(env: Environment, trips: Sequence[str], *, to: str, person: str | None = None,
            audience: Visibility = Visibility.INTERNAL, lang: Languages | None = None,
            dry_run: bool = False, create: bool = False, delete_removed: bool = False,
            overwrite: bool = False, progress: Progress | None = None) -> PublishResult:
    """Publish each trip named in ``trips`` (ids, files or folders) to the collection ``to``.

    ``delete_removed`` deletes the server's copies of removed and cancelled events instead
    of marking them cancelled; ``overwrite`` replaces events someone changed on the server
    (otherwise a conflict). Usage errors name the argument at fault (``{to}``...).
    """
    from tripplan.app.export import trip_paths
    from tripplan.publish.caldav_sync import Server
    from tripplan.publish.target import collection, find_credentials

    target = collection(to)
    languages = lang if lang is not None else Languages(env.lang())
    if languages is Languages.JA_EN:
        from tripplan.export.ics import check_languages

        check_languages(languages)
    paths = trip_paths(env, trips)
    server = Server(target, find_credentials(target, env.environ))
    result = PublishResult(target.shown, dry_run=dry_run)
    try:
        exists = server.exists()
        if not exists and not create:
            raise _missing(target.shown)
        rendered = [_rendered(env, path, languages, audience, person)
                    for path in paths]
        if not exists:
            result.created_collection = True
            if not dry_run:
                server.make(rendered[0][3] or rendered[0][0].trip)
        remotes = server.resources() if exists else []
        _plan(env, result, rendered, remotes, lang=languages.lead,
              delete_removed=delete_removed, overwrite=overwrite)
        if not dry_run:
            _apply(server, result, progress)
    finally:
        server.close()
    return result


def _missing(shown: str) -> TripplanError:
    from tripplan.publish.caldav_sync import PublishError

    return PublishError(f"{{to}} {shown}: no calendar collection there (HTTP 404)",
                        argument="to", hint="check the URL; add {create} to make the "
                        "collection (MKCALENDAR)")


def _rendered(env: Environment, path, languages: Languages, audience: Visibility,
              person: str | None):
    """(trip, objects, UIDs the calendar shows, calendar name) of one trip file."""
    from tripplan.app.export import ExportFormat, exporter, load_path, render_trip
    from tripplan.export import ics_objects
    from tripplan.export.ics_event import uid
    from tripplan.export.view import ExportOptions, ExportView
    from tripplan.load import display_path

    loaded = load_path(path)
    options = ExportOptions(languages=languages, audience=audience, person=person,
                            include_cancelled=True, now=env.now().astimezone())
    data = render_trip(exporter(ExportFormat.ICS), loaded, options)
    trip = loaded.trip
    times = ExportView.of(trip).schedule.times
    wanted = {uid(t.item.id, trip.id, trip.calendar_domain) for t in times
              if options.includes(t.item)}
    shown = TripPublished(trip.id, display_path(loaded.path))
    return shown, ics_objects.split(data), wanted, ics_objects.calendar_name(data)


def _plan(env: Environment, result: PublishResult, rendered, remotes, *, lang: str,
          delete_removed: bool, overwrite: bool) -> None:
    from tripplan.publish.caldav_sync import plan, trip_resources

    objects: list[CalendarObject]
    for shown, objects, wanted, _name in rendered:
        shown.actions = plan(trip_resources(remotes, shown.trip), objects, wanted,
                             base=result.collection, delete_removed=delete_removed,
                             overwrite=overwrite, stamp=env.now(), lang=lang)
        result.trips.append(shown)
    conflicts = [a for a in result.actions if a.kind.value == "conflict"]
    if conflicts:
        result.error = _conflict(conflicts)


def _apply(server: Server, result: PublishResult, progress: Progress | None) -> None:
    from tripplan.publish.caldav_sync import apply

    writes = [a for a in result.actions if a.writes]
    applied = apply(server, result.actions, progress=progress, total=len(writes))
    conflicts = applied.conflicts
    if applied.error is not None:
        left = sum(1 for a in writes if not a.written and a not in conflicts)
        applied.error.message += f" ({applied.written} of {len(writes)} changes written, " \
            f"{left} not)"
        result.error = applied.error
    elif conflicts:
        result.error = _conflict(conflicts)


def _conflict(conflicts: list[Action]) -> TripplanError:
    from tripplan.publish.caldav_sync import PublishError

    names = ", ".join(f'"{a.uid}" ({a.summary})' for a in conflicts[:3])
    more = f" and {len(conflicts) - 3} more" if len(conflicts) > 3 else ""
    several = len(conflicts) > 1
    return PublishError(
        f"{'events' if several else 'event'} {names}{more} changed on the server since "
        f"tripplan published {'them' if several else 'it'}: not overwritten",
        hint="look at the change in a calendar app; then change the trip to match and "
        "publish again, or add {overwrite} to replace the server's copy with the trip's")
