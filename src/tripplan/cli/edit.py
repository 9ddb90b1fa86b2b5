"""Editing commands: new, add, set, move, cancel, rm, edit, fmt, convert, diff, history,
restore.

Each command reads its options, calls one use case of :mod:`tripplan.app.edit`,
:mod:`tripplan.app.fmt`, :mod:`tripplan.app.diff` or :mod:`tripplan.app.history`, prints
what it did and returns the
outcome. The use cases decide whether to ask (``new`` and ``rm``'s questions, ``edit``'s
re-open/keep/abandon are only asked when standard input is a terminal). See docs/editing.md.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tripplan.app.outcome import Outcome
from tripplan.cli.complete import first_item_id, item_ids, trip_ids, trips_but
from tripplan.cli.options import ItemArg, Lang, TripArg
from tripplan.cli.output import echo, environment
from tripplan.cli.output import lang as chosen_lang
from tripplan.errors import UsageError

Force = Annotated[bool, typer.Option(
    "--force", help="Save even if the change brings new error findings (and say so).")]
LockTimeout = Annotated[float, typer.Option(
    "--lock-timeout", metavar="SECONDS",
    help="How long to wait for another tripplan editing the same trip.")]
Json = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def _report(command: str, result, json_flag: bool) -> Outcome:
    from tripplan.emit import dumps, envelope, text_lines
    from tripplan.load import display_path

    outcome = result.edit
    if json_flag:
        echo(dumps(envelope(command, **outcome.to_json())))
    else:
        if outcome.changes is not None:
            for line in outcome.changes.lines(heading=False):
                echo(line)
        if outcome.changed:
            what = f"{outcome.message}; " if outcome.message else ""
            echo(f"{what}saved {display_path(outcome.path)} (revision {outcome.revision})")
        else:
            echo(outcome.message or f"no change: {display_path(outcome.path)} "
                                          "already says that")
    if outcome.forced:
        echo(text_lines(outcome.forced), err=True)
        n = len(outcome.forced)
        echo(f"tripplan: warning: saved with {n} error{'s' if n != 1 else ''} "
                   "because of --force; `tripplan validate` will report "
                   f"{'them' if n != 1 else 'it'}", err=True)
    if outcome.warnings:
        echo(text_lines(outcome.warnings), err=True)
    return result.outcome


def new_command(
    trip_id: Annotated[str | None, typer.Argument(
        metavar="[ID]", help="Trip id, also the file name (default: YYYY-MM-title).",
        show_default=False)] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="Title; Japanese if it has kana or kanji, else English.")] = None,
    title_ja: Annotated[str | None, typer.Option("--title-ja", help="Japanese title.")] = None,
    title_en: Annotated[str | None, typer.Option("--title-en", help="English title.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="First day.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Last day.")] = None,
    home_timezone: Annotated[str | None, typer.Option(
        "--home-timezone", help="IANA zone of home, e.g. Asia/Tokyo (default: config).")]
    = None,
    principal: Annotated[str | None, typer.Option(
        "--principal", help="Name of the head of the delegation.")] = None,
    folder: Annotated[str | None, typer.Option(
        "--dir", help="Folder for the new file (default: the itineraries folder).")] = None,
):
    """Start a new trip from the commented template (asks on a terminal, else flags)."""
    from tripplan.app.edit import NewTrip, new_trip
    from tripplan.load import display_path

    class Prompter:
        def ask(self, label: str, default: str | None = None) -> str:
            return typer.prompt(label, default=default or "", show_default=bool(default),
                                err=True)

        def tell(self, message: str) -> None:
            echo(message, err=True)

    spec = NewTrip(trip_id, title, title_ja, title_en, start, end, home_timezone, principal,
                   folder)
    result = new_trip(environment(), spec, prompter=Prompter())
    echo(f"created {display_path(result.created.path)}")
    return result.outcome


def add_command(
    trip: TripArg,
    kind: Annotated[str, typer.Option(
        "--kind", help="meeting, courtesy-call, meal, flight, ... (see docs/editing.md).")],
    title: Annotated[str | None, typer.Option(
        "--title", help="Title; Japanese if it has kana or kanji, else English.")] = None,
    title_ja: Annotated[str | None, typer.Option("--title-ja", help="Japanese title.")] = None,
    title_en: Annotated[str | None, typer.Option("--title-en", help="English title.")] = None,
    item_id: Annotated[str | None, typer.Option(
        "--id", help="Item id (default: from the English title, else KIND-DATE).")] = None,
    date: Annotated[str | None, typer.Option("--date", help="Day (no time fixed).")] = None,
    start: Annotated[str | None, typer.Option(
        "--start", help="Local start: date and time, or a time with --date.")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Local end (time or date and time).")]
    = None,
    duration: Annotated[str | None, typer.Option(
        "--duration", help="Length instead of --end, e.g. 1h30m.")] = None,
    end_date: Annotated[str | None, typer.Option(
        "--end-date", help="Last day, for items over several days.")] = None,
    part_of_day: Annotated[str | None, typer.Option(
        "--part-of-day", help="early-morning, morning, afternoon, evening or night.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Place id.")] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="Travel: place id or IATA.")]
    = None,
    destination: Annotated[str | None, typer.Option(
        "--destination", help="Travel: place id or IATA.")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help="confirmed (default), tentative or cancelled.")] = None,
    visibility: Annotated[str | None, typer.Option(
        "--visibility", help="public, internal (default) or confidential.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Notes (language detected).")]
    = None,
    assignments: Annotated[list[str] | None, typer.Option(
        "--set", metavar="KEY=VALUE", help="Any other key, as for `tripplan set` (repeatable).")]
    = None,
    force: Force = False,
    lock_timeout: LockTimeout = 10.0,
    json_flag: Json = False,
):
    """Add an item, placed in time order in the file; its id is made from the title."""
    from tripplan.app.edit import NewItem, add_item

    spec = NewItem(kind, title, title_ja, title_en, item_id, date, start, end, duration,
                   end_date, part_of_day, place, origin, destination, status, visibility, notes,
                   assignments or [])
    result = add_item(environment(), trip, spec, force=force, lock_timeout=lock_timeout)
    return _report("add", result, json_flag)


def set_command(
    trip: TripArg,
    args: Annotated[list[str] | None, typer.Argument(
        metavar="ITEM KEY=VALUE...", help="Item id, then key=value pairs (with --trip: only "
        "the pairs).", show_default=False, autocompletion=first_item_id)] = None,
    trip_level: Annotated[bool, typer.Option(
        "--trip", help="Set keys of the trip itself (title, status, places.x.name.en, ...).")]
    = False,
    unset: Annotated[list[str] | None, typer.Option(
        "--unset", metavar="KEY", help="Remove a key (repeatable).")] = None,
    force: Force = False,
    lock_timeout: LockTimeout = 10.0,
    json_flag: Json = False,
):
    """Change keys of an item (or of the trip with --trip): status=confirmed title.en="…"."""
    from tripplan.app.edit import set_fields

    args = list(args or [])
    item = None
    if not trip_level:
        if not args:
            raise UsageError("give the item id, then key=value pairs",
                             hint="tripplan set TRIP ITEM status=confirmed; for the trip's own "
                                  "keys: tripplan set TRIP --trip status=confirmed")
        if "=" in args[0]:
            raise UsageError(f'"{args[0]}" is not an item id',
                             hint="give the item id before the key=value pairs, or --trip for "
                                  "the trip's own keys")
        item, args = args[0], args[1:]
    result = set_fields(environment(), trip, item, args, unset or [], force=force,
                        lock_timeout=lock_timeout)
    return _report("set", result, json_flag)


def move_command(
    trip: TripArg,
    item: ItemArg,
    to: Annotated[str | None, typer.Option(
        "--to", help="New start (date and time, a time, or a date).")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", help="Shift, e.g. 30m, -1h, 1d (use --by=-30m for earlier).")] = None,
    cascade: Annotated[bool, typer.Option(
        "--cascade", help="Also move the later timed items of the same day.")] = False,
    force: Force = False,
    lock_timeout: LockTimeout = 10.0,
    json_flag: Json = False,
):
    """Move an item (start and end together); --cascade moves the rest of its day too."""
    from tripplan.app.edit import move_item

    result = move_item(environment(), trip, item, to=to, by=by, cascade=cascade, force=force,
                       lock_timeout=lock_timeout)
    return _report("move", result, json_flag)


def cancel_command(
    trip: TripArg,
    item: ItemArg,
    force: Force = False,
    lock_timeout: LockTimeout = 10.0,
    json_flag: Json = False,
):
    """Mark an item cancelled (it stays in the trip so calendars are told)."""
    from tripplan.app.edit import cancel_item

    result = cancel_item(environment(), trip, item, force=force, lock_timeout=lock_timeout)
    return _report("cancel", result, json_flag)


def rm_command(
    trip: TripArg,
    item: ItemArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
    = False,
    lock_timeout: LockTimeout = 10.0,
    json_flag: Json = False,
):
    """Delete an item after confirmation (--yes when not on a terminal)."""
    from tripplan.app.edit import remove_item

    def confirm(question: str) -> bool:
        return typer.confirm(question, default=False, err=True)

    result = remove_item(environment(), trip, item, yes=yes, confirm=confirm,
                         lock_timeout=lock_timeout)
    return _report("rm", result, json_flag)


def edit_command(
    trip: TripArg,
    editor: Annotated[str | None, typer.Option(
        "--editor", help="Editor command (default: $VISUAL, $EDITOR, vi).")] = None,
    lock_timeout: LockTimeout = 10.0,
):
    """Edit a trip in your editor; it is saved only if it is valid."""
    from tripplan.app.edit import edit_in_editor

    def choose(errors) -> str:
        from tripplan.emit import text_lines

        echo(text_lines(errors), err=True)
        while True:
            answer = typer.prompt("The trip is not valid: [r]e-open the editor, [k]eep the "
                                  "draft aside, [a]bandon", default="r", err=True)
            choice = answer.strip().lower()[:1]
            if choice in ("r", "k", "a"):
                return choice
            echo("  answer r, k or a", err=True)

    result = edit_in_editor(environment(), trip, editor=editor, choose=choose,
                            lock_timeout=lock_timeout)
    return _report("edit", result, False)


def fmt_command(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Trip files, folders or ids (default: the itineraries folder).",
        show_default=False, autocompletion=trips_but("paths"))] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Change nothing; exit 1 if a file is not formatted (for CI).")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Show what would change, as a diff; change nothing.")] = False,
    lock_timeout: LockTimeout = 10.0,
):
    """Format trips canonically (key order, alignment, blank lines), keeping every comment."""
    from tripplan.app.fmt import format_trips
    from tripplan.emit import terminal_safe, text_lines
    from tripplan.load import display_path

    formatted = format_trips(environment(), paths, check=check, diff=diff,
                             lock_timeout=lock_timeout)
    report = formatted.report
    for result in report.results:
        if result.diff:  # the file's own lines: a bare CR in one is shown as ^M
            echo(terminal_safe(result.diff), nl=False)
        if result.changed:
            verb = "would reformat" if check or diff else "formatted"
            echo(f"{verb} {display_path(result.path)}")
    unchanged = len(report.results) - len(report.changed)
    if unchanged:
        echo(f"{unchanged} file{'s' if unchanged != 1 else ''} already formatted",
                   err=bool(report.changed))
    if report.diagnostics:
        echo(text_lines(report.diagnostics), err=True)
    return formatted.outcome


def stamp_command(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Trip files, folders or ids (default: the itineraries folder).",
        show_default=False, autocompletion=trips_but("paths"))] = None,
    bump: Annotated[list[str] | None, typer.Option(
        "--bump", metavar="ITEM", help="Move this item one calendar SEQUENCE on (after a merge "
        "kept one side's lines; repeatable).", autocompletion=item_ids)] = None,
    lock_timeout: LockTimeout = 10.0,
):
    """Record each item's calendar SEQUENCE in the trip file (after hand edits or a merge)."""
    from tripplan.app.stamp import stamp
    from tripplan.load import display_path

    result = stamp(environment(), paths, bump=bump or [], lock_timeout=lock_timeout)
    for done in result.edits:
        verb = "stamped" if done.changed else "already stamped:"
        echo(f"{verb} {display_path(done.path)}")
    return result.outcome


def merge_driver_command(
    base: Annotated[str, typer.Argument(help="The common ancestor (git's %O).")],
    ours: Annotated[str, typer.Argument(help="Our version; the merge is written here (%A).")],
    theirs: Annotated[str, typer.Argument(help="Their version (%B).")],
    path: Annotated[str | None, typer.Argument(help="The file's path in the repository (%P).")]
    = None,
):
    """Merge two versions of a trip for git (a merge driver; see docs/ics.md)."""
    from pathlib import Path

    from tripplan.app.merge import merge_driver

    result = merge_driver(environment(), Path(base), Path(ours), Path(theirs), path)
    if not result.clean:
        echo(f"tripplan: conflicts left in {path or ours}: resolve them, then run "
             "`tripplan stamp` on the trip", err=True)
    return result.outcome


def convert_command(
    file: Annotated[str, typer.Argument(help="Trip id or path.", show_default=False,
                                        autocompletion=trip_ids)],
    to: Annotated[str | None, typer.Option(
        "--to", help="json or toml (default: from -o's suffix).")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="File to write (default: standard output).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace -o if it exists (the old file is backed up).")] = False,
):
    """Convert a trip between TOML and JSON, losslessly (TOML comments cannot go to JSON)."""
    from tripplan.app.edit import convert_file
    from tripplan.load import display_path

    converted = convert_file(environment(), file, to=to, output=output, force=force)
    result = converted.converted
    if result.comments_dropped:
        n = result.comments_dropped
        echo(f"tripplan: note: {n} comment{'s' if n != 1 else ''} of the TOML file "
                   "cannot be carried into JSON (JSON has no comments); keep the TOML file "
                   "if you need them", err=True)
    if result.output is None:
        echo(result.text, nl=False)
    else:
        echo(f"wrote {display_path(result.output)}", err=True)
    return converted.outcome


def diff_command(
    old: Annotated[str, typer.Argument(help="Old version (trip id or path); with --rev, the "
                                            "trip to compare.", show_default=False,
                                       autocompletion=trip_ids)],
    new: Annotated[str | None, typer.Argument(help="New version (trip id or path).",
                                              show_default=False, autocompletion=trip_ids)]
    = None,
    rev: Annotated[str | None, typer.Option(
        "--rev", help="A version kept in the backups: N (against the file now) or N..M "
        "(rev 0 is the file now, 1 the newest backup); anything else is a git revision "
        "(e.g. HEAD~1).")]
    = None,
    json_flag: Json = False,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help="Exit 1 when the versions differ (like git diff --exit-code).")]
    = False,
    lang_: Annotated[Lang | None, typer.Option(
        "--lang", help="Language of titles and headings.")] = None,
):
    """What changed between two versions of a trip: items added, removed, moved, changed."""
    from tripplan.app.diff import compare_trips
    from tripplan.emit import dumps, envelope
    from tripplan.present.vocabulary import word

    lang = chosen_lang(lang_)
    compared = compare_trips(environment(), old, new, rev=rev, lang=lang, exit_code=exit_code)
    result = compared.diff
    if json_flag:
        echo(dumps(envelope("diff", **result.to_json())))
    else:
        echo(f"--- {result.old_label}\n+++ {result.new_label}")
        lines = result.lines(lang=lang)
        if result.is_empty:  # the revision may differ: the heading says so
            lines.append(word("no_changes", lang))
        echo("\n".join(lines))
    return compared.outcome


def history_command(
    trip: TripArg,
    json_flag: Json = False,
    lang_: Annotated[Lang | None, typer.Option(
        "--lang", help="Language of the headings and summaries.")] = None,
):
    """The versions kept in the trip's backups: rev, when saved, by which command, changes."""
    from tripplan.app.history import trip_history
    from tripplan.emit import dumps, envelope

    result = trip_history(environment(), trip, lang=chosen_lang(lang_))
    if json_flag:
        echo(dumps(envelope("history", **result.to_json())))
    else:
        echo("\n".join(result.lines()))
    return result.outcome


def restore_command(
    trip: TripArg,
    rev: Annotated[int, typer.Option(
        "--rev", metavar="N", help="The version to put back: 1 is the newest backup (see "
        "`tripplan history`).", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
    = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Restore even a version that does not load, or that brings error "
        "findings.")] = False,
    lock_timeout: LockTimeout = 10.0,
    json_flag: Json = False,
):
    """Put an earlier version of the trip back (the current one is kept as a backup)."""
    from tripplan.app.history import restore_revision
    from tripplan.present.vocabulary import cap, word

    def confirm(question: str, changes) -> bool:
        if changes is not None:
            lines = changes.lines(heading=False)
            echo("\n".join(lines) if lines else cap(word("no_content_change", "en"), "en"),
                 err=True)
        return typer.confirm(question, default=False, err=True)

    result = restore_revision(environment(), trip, rev, yes=yes, force=force, confirm=confirm,
                              lock_timeout=lock_timeout)
    return _report("restore", result, json_flag)
