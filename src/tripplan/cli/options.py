"""The options that several commands share, as public names, and how flags are spelled.

Typed all the way: ``--lang`` is a :class:`Lang` (or :class:`ExportLang` for agendas),
``--audience`` an :class:`Audience` whose values are those of
:class:`tripplan.model.Visibility` (a test keeps them equal; start-up does not import the
model). :data:`FLAGS` is how the library's argument names are written on this command line,
for errors that name the argument at fault (:meth:`tripplan.errors.TripplanError.worded`).

>>> FLAGS["person"], FLAGS["days_before"], split_codes(["R001,TZ", "C"])
('--for', '--days-before', ['R001', 'TZ', 'C'])
"""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from tripplan.cli.complete import item_ids, person_ids, trip_ids, trips_but
from tripplan.errors import ArgumentNames


class OutputFormat(enum.StrEnum):
    text = "text"
    json = "json"


class RulesFormat(enum.StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class DiagnosticFormat(enum.StrEnum):
    text = "text"
    json = "json"
    github = "github"


class ColorChoice(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def wants_color(choice: ColorChoice, *, is_terminal: bool, no_color: bool) -> bool:
    """``--color``: ``always``, ``never``, or (``auto``) on a terminal unless ``NO_COLOR`` is
    set to anything but nothing (https://no-color.org; the flag wins over the variable).

    >>> wants_color(ColorChoice.auto, is_terminal=True, no_color=True)
    False
    >>> wants_color(ColorChoice.always, is_terminal=False, no_color=True)
    True
    """
    if choice is ColorChoice.auto:
        return is_terminal and not no_color
    return choice is ColorChoice.always


class Lang(enum.StrEnum):
    en = "en"
    ja = "ja"


class ExportLang(enum.StrEnum):
    en = "en"
    ja = "ja"
    both = "ja+en"


class Audience(enum.StrEnum):
    """model.Visibility's values, repeated so that start-up does not import the model."""

    public = "public"
    internal = "internal"
    confidential = "confidential"


class TripStatusChoice(enum.StrEnum):
    """model.TripStatus's values, repeated so that start-up does not import the model."""

    draft = "draft"
    confirmed = "confirmed"
    completed = "completed"
    cancelled = "cancelled"


class _Flags(ArgumentNames):
    def spell(self, name: str) -> str:
        return "--" + name.replace("_", "-")


FLAGS = _Flags({
    "person": "--for",
    "output": "-o",
    "trip_level": "--trip",
    "assignments": "--set",
    "unset": "--unset",
    "record_state": "--state",
    "alarms": "--alarm",
    "exit_code": "--exit-code",
    "code": "CODE",
    "trip": "TRIP",
    "trips": "TRIP",
    "paths": "PATHS",
    "text": "TEXT",
    "from_date": "--from",
    "to_date": "--to",
})
"""The library's argument names as flags of this command line (``foo_bar``: ``--foo-bar``)."""


def split_codes(values: list[str] | None) -> list[str]:
    """Rule codes given as repeated and comma-separated ``--select``/``--ignore`` values."""
    return [code for value in values or [] for code in value.split(",") if code.strip()]


def chosen_format(fmt: enum.StrEnum, json_flag: bool) -> str:
    """``--format``, or ``json`` with ``--json``."""
    return "json" if json_flag else fmt.value


JsonFlag = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
LangOption = Annotated[Lang | None, typer.Option("--lang", help="Language of titles and labels.")]
FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
DiagnosticFormatOption = Annotated[DiagnosticFormat, typer.Option(
    "--format", help="Output format.")]
SelectOption = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these rule codes or prefixes (comma-separated, repeatable).")]
IgnoreOption = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Skip these rule codes or prefixes (comma-separated, repeatable).")]
ExitZeroOption = Annotated[bool, typer.Option(
    "--exit-zero", help="Exit 0 even when there are findings (not for unreadable files).")]
ColorOption = Annotated[ColorChoice, typer.Option(
    "--color", help="Colour the findings: auto (on a terminal, unless NO_COLOR is set), "
    "always or never.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only.")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Read every file again instead of reusing results for unchanged files.")]
PathsArg = Annotated[list[str] | None, typer.Argument(
    help="Trip files, folders or trip ids (default: the itineraries folder).", show_default=False,
    autocompletion=trips_but("paths"))]
TripArg = Annotated[str, typer.Argument(help="Trip id or path.", show_default=False,
                                        autocompletion=trip_ids)]
ItemArg = Annotated[str, typer.Argument(help="Item id.", show_default=False,
                                        autocompletion=item_ids)]
PersonOption = Annotated[str | None, typer.Option(
    "--for", help="Only the items this delegation member takes part in (person id).",
    autocompletion=person_ids)]
AudienceOption = Annotated[Audience, typer.Option(
    "--audience", help="What may leave the office: items above this level are left out.")]
AudienceShownOption = Annotated[Audience, typer.Option(
    "--audience", help="Who may see it: items above this level are left out, internal "
    "notes below internal.")]
