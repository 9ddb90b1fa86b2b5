"""The one place where commands are registered, in the order ``tripplan --help`` lists them.

Command modules define plain functions and import nothing from here, so the CLI has no
import cycle: ``entry`` → ``registry`` → command modules → ``options``/``output``.
"""

from __future__ import annotations

import functools
from typing import Annotated

import typer

from tripplan.cli import (
    checks,
    edit,
    export,
    importing,
    office,
    publish,
    read,
    translations,
    tz,
)

APP_SETTINGS = {
    "name": "tripplan",
    "help": "Itineraries for official trips: list, show, validate, check time zones, export.",
    "add_completion": True,
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

COMMANDS = (
    ("list", read.list_command),
    ("show", read.show_command),
    ("search", read.search_command),
    ("agenda", office.agenda_command),
    ("next", office.next_command),
    ("validate", checks.validate_command),
    ("rules", read.rules_command),
    ("check", checks.check_command),
    ("translations", translations.translations_command),
    ("schema", checks.schema_command),
    ("new", edit.new_command),
    ("add", edit.add_command),
    ("set", edit.set_command),
    ("move", edit.move_command),
    ("cancel", edit.cancel_command),
    ("rm", edit.rm_command),
    ("edit", edit.edit_command),
    ("fmt", edit.fmt_command),
    ("stamp", edit.stamp_command),
    ("merge-driver", edit.merge_driver_command),
    ("convert", edit.convert_command),
    ("diff", edit.diff_command),
    ("history", edit.history_command),
    ("restore", edit.restore_command),
    ("export", export.export_command),
    ("publish", publish.publish_command),
    ("import", importing.import_command),
    ("tz", tz.tz_command),
)


def _version(value: bool) -> None:
    if value:
        from tripplan import __version__
        from tripplan.cli.output import echo

        echo(f"tripplan {__version__}")
        raise typer.Exit(0)


def _build(commands) -> typer.Typer:
    app = typer.Typer(**APP_SETTINGS)

    def root(
        version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                              help="Print the version and exit.")] = False,
        debug: Annotated[bool, typer.Option("--debug",
                                            help="Show tracebacks of internal errors.")] = False,
    ) -> None:
        """tripplan: itineraries for official trips."""

    app.callback()(root)
    for name, function in commands:
        app.command(name)(function)
    return app


app = _build(COMMANDS)


def app_for(args: list[str]) -> typer.Typer:
    """``app`` with only the command being run, when one is named.

    typer builds the options of every registered command before parsing; building just the
    one invoked keeps start-up short. Help and completion without a command use the full app.
    """
    name = next((arg for arg in args if not arg.startswith("-")), None)
    return _one_command(name) or app


@functools.cache
def _one_command(name: str | None) -> typer.Typer | None:
    chosen = [(n, f) for n, f in COMMANDS if n == name]
    return _build(chosen) if chosen else None
