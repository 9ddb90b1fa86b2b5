"""The editing use cases: new, add, set, move, cancel, rm, edit and convert.

Each takes the :class:`~tripplan.app.env.Environment`, the trip (an id or a path) and typed
arguments, runs one function of :mod:`tripplan.edit`, and returns a result carrying its
:class:`~tripplan.app.outcome.Outcome`. An edit that is refused raises (a
:class:`~tripplan.errors.TripplanError` naming the argument at fault); one that is made,
or that had nothing to change, is ``OK``. Questions to a person (``new``'s prompts,
``rm``'s confirmation, ``edit``'s re-open/keep/abandon) are asked only when standard
input is a terminal.

>>> import io
>>> env = Environment.for_test()
>>> move_item(env, "any", "lunch")
Traceback (most recent call last):
tripplan.errors.UsageError: give either to or by
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tripplan import edit
from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.edit import Converted, Created, EditOutcome, NewItem, NewTrip, Prompter
from tripplan.edit.editor import Chooser
from tripplan.errors import UsageError

__all__ = [
    "ConvertResult", "EditResult", "NewItem", "NewTrip", "NewTripResult", "add_item",
    "cancel_item", "convert_file", "edit_in_editor", "move_item", "new_trip", "remove_item",
    "set_fields",
]


@dataclass
class EditResult:
    """What an edit did (:class:`~tripplan.edit.EditOutcome`) and its outcome."""

    edit: EditOutcome
    outcome: Outcome = Outcome.OK


@dataclass
class NewTripResult:
    created: Created
    outcome: Outcome = Outcome.OK


@dataclass
class ConvertResult:
    converted: Converted
    outcome: Outcome = Outcome.OK


def new_trip(env: Environment, spec: NewTrip, *, prompter: Prompter | None = None
             ) -> NewTripResult:
    """A new trip from the template; ``prompter`` asks for what is missing on a terminal."""
    asking = prompter if env.stdin_is_terminal else None
    created = edit.new_trip(spec, prompter=asking, default_zone=env.settings.home_timezone)
    return NewTripResult(created)


def add_item(env: Environment, trip: str | Path, spec: NewItem, *, force: bool = False,
             lock_timeout: float = 10.0) -> EditResult:
    """A new item, in time order in the file."""
    return EditResult(edit.add_item(trip, spec, force=force, lock_timeout=lock_timeout,
                                    backup=env.backups("add")))


def set_fields(env: Environment, trip: str | Path, item: str | None, assignments: list[str],
               unset: list[str] | None = None, *, force: bool = False,
               lock_timeout: float = 10.0) -> EditResult:
    """Keys of item ``item`` (None: of the trip) set from ``key=value`` texts, or removed."""
    return EditResult(edit.set_fields(trip, item, assignments, unset or [], force=force,
                                      lock_timeout=lock_timeout, backup=env.backups("set")))


def move_item(env: Environment, trip: str | Path, item: str, *, to: str | None = None,
              by: str | None = None, cascade: bool = False, force: bool = False,
              lock_timeout: float = 10.0) -> EditResult:
    """Item ``item`` moved ``to`` a time or ``by`` a duration (``cascade``: its day too)."""
    return EditResult(edit.move_item(trip, item, to=to, by=by, cascade=cascade, force=force,
                                     lock_timeout=lock_timeout, backup=env.backups("move")))


def cancel_item(env: Environment, trip: str | Path, item: str, *, force: bool = False,
                lock_timeout: float = 10.0) -> EditResult:
    """Item ``item`` marked cancelled."""
    return EditResult(edit.cancel_item(trip, item, force=force, lock_timeout=lock_timeout,
                                       backup=env.backups("cancel")))


def remove_item(env: Environment, trip: str | Path, item: str, *, yes: bool = False,
                confirm: Callable[[str], bool] | None = None,
                lock_timeout: float = 10.0) -> EditResult:
    """Item ``item`` deleted, after ``confirm`` (on a terminal) unless ``yes``."""
    asking = confirm if env.stdin_is_terminal else None
    return EditResult(edit.remove_item(trip, item, yes=yes, confirm=asking,
                                       lock_timeout=lock_timeout, backup=env.backups("rm")))


def edit_in_editor(env: Environment, trip: str | Path, *, editor: str | None = None,
                   choose: Chooser | None = None, lock_timeout: float = 10.0) -> EditResult:
    """The trip edited in the person's editor, saved only if valid (``choose`` decides on a
    terminal what happens to a draft that is not)."""
    asking = choose if env.stdin_is_terminal else None
    return EditResult(edit.edit_in_editor(trip, editor=editor, choose=asking,
                                          lock_timeout=lock_timeout, environ=env.environ,
                                          backup=env.backups("edit")))


def convert_file(env: Environment, trip: str | Path, *, to: str | None = None,
                 output: str | Path | None = None, force: bool = False) -> ConvertResult:
    """The trip in the other storage form ``to`` (``json``/``toml``; default: from
    ``output``'s suffix), printed or written to ``output`` (replaced only with ``force``)."""
    if to is not None and to.lower() not in ("json", "toml"):
        raise UsageError(f'"{to}" is not a trip format', hint="{to} json or {to} toml",
                         argument="to")
    converted = edit.convert_file(trip, to.lower() if to else None, output, force=force,
                                  backup=env.backups("convert"))
    return ConvertResult(converted)
