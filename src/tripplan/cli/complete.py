"""Shell completion of trip ids, item ids and person ids: typer's ``autocompletion``.

Each callback gets what typer gives it (the parsed context, the word being completed) and
returns ``(value, description)`` pairs from :mod:`tripplan.app.complete`. Whatever goes
wrong (a broken trip file, an unreadable config file) gives no candidates: nothing is ever
printed into the shell but candidates. The shell falls back to file names when there are
none (a path being typed).

:func:`words` is what :func:`tripplan.cli.entry.main` reads to build only the command being
completed (the shells pass the command line in the environment, not as arguments).

>>> words({"_TRIPPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "tripplan move bkk ",
...        "COMP_CWORD": "3"})
['move', 'bkk']
>>> words({"_TRIPPLAN_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "tripplan show 20"})
['show']
>>> words({})
[]
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Mapping

import typer

COMPLETE_VAR = "_TRIPPLAN_COMPLETE"

Pairs = list[tuple[str, str]]


def words(environ: Mapping[str, str]) -> list[str]:
    """The words of the command line before the one being completed (none when not
    completing, or when the line cannot be read)."""
    instruction = environ.get(COMPLETE_VAR, "")
    if not instruction.startswith("complete"):
        return []
    try:
        if instruction.endswith("bash"):
            line, cword = shlex.split(environ.get("COMP_WORDS", "")), int(environ["COMP_CWORD"])
            return line[1:cword]
        text = environ.get("_TYPER_COMPLETE_ARGS", "")
        line = shlex.split(text)
        return line[1:] if text.endswith(" ") else line[1:-1]
    except (ValueError, KeyError):
        return []


def _pairs(found) -> Pairs:
    return [(c.value, c.help or "") for c in found]


def _quietly(complete: Callable[[typer.Context, str], Pairs]):
    def guarded(ctx: typer.Context, incomplete: str) -> Pairs:
        try:
            return complete(ctx, incomplete)
        except Exception:  # noqa: BLE001 - completion must never break the shell's line
            return []

    guarded.__name__ = complete.__name__
    guarded.__doc__ = complete.__doc__
    return guarded


def _env():
    from tripplan.cli.output import environment

    return environment()


def _given(ctx: typer.Context, name: str) -> list[str]:
    value = ctx.params.get(name)
    if isinstance(value, str):
        return [value]
    return [v for v in value or [] if isinstance(v, str)]


def _trips_given(ctx: typer.Context, name: str) -> list[str]:
    """The trips of the list argument ``name``. While an option's value is being completed
    the parser leaves the arguments out (``export TRIP --for <Tab>``): then the words of the
    line that are no option (a word that names no trip gives no candidates later)."""
    return _given(ctx, name) or [w for w in words(_env().environ)[1:] if not w.startswith("-")]


def trips_but(name: str | None = None):
    """Completion of trip ids; for the list argument ``name``, those not given yet."""

    def trip_ids(ctx: typer.Context, incomplete: str) -> Pairs:
        from tripplan.app.complete import trip_candidates

        given = _given(ctx, name) if name else []
        return _pairs(trip_candidates(_env(), incomplete, given=given))

    return _quietly(trip_ids)


def _item_ids(ctx: typer.Context, incomplete: str) -> Pairs:
    """The item ids of the trip given before (``trip``), or of the one trip of ``paths``."""
    from tripplan.app.complete import item_candidates

    trip = ctx.params.get("trip")
    if trip is None:  # stamp TRIP --bump <Tab>
        paths = _trips_given(ctx, "paths")
        trip = paths[0] if len(paths) == 1 else None
    return _pairs(item_candidates(_env(), trip, incomplete))


def _first_item_id(ctx: typer.Context, incomplete: str) -> Pairs:
    """``set TRIP ITEM KEY=VALUE…``: item ids for the first word only (none with --trip)."""
    if _given(ctx, "args") or ctx.params.get("trip_level"):
        return []
    return _item_ids(ctx, incomplete)


def _person_ids(ctx: typer.Context, incomplete: str) -> Pairs:
    """The delegation members of the trips given before."""
    from tripplan.app.complete import person_candidates

    return _pairs(person_candidates(_env(), _trips_given(ctx, "trips"), incomplete))


item_ids = _quietly(_item_ids)
first_item_id = _quietly(_first_item_id)
person_ids = _quietly(_person_ids)
trip_ids = trips_but()
