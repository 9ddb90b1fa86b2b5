"""The command line: a thin typer layer over the library.

Each command parses options, calls one library function and hands the result to a view or
emitter. Errors are not caught here but in :func:`main`, the one place where exceptions
become messages and exit codes (0 ok, 1 findings, 2 usage or unreadable input, 70 bug).
Heavy modules (icalendar, PDF, agendas) are imported inside the commands that need them.
"""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated

import typer

from tripplan import __version__
from tripplan.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, TripplanError


def _usage_problems() -> tuple[type[BaseException], ...]:
    """Exception classes of command-line usage errors (bad option, missing argument).

    typer up to 0.25 raises click's; later releases raise those of their vendored click.
    """
    found: list[type[BaseException]] = []
    try:
        from click.exceptions import ClickException

        found.append(ClickException)
    except ImportError:  # pragma: no cover - depends on the installed typer
        pass
    vendored = getattr(typer, "TyperException", None)
    if vendored is not None:
        found.append(vendored)
    return tuple(found)


UsageProblem = _usage_problems()

APP_SETTINGS = {
    "name": "tripplan",
    "help": "Itineraries for official trips: list, show, validate, check time zones, export.",
    "add_completion": True,
    "no_args_is_help": True,
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}

app = typer.Typer(**APP_SETTINGS)


def app_for(args: list[str]) -> typer.Typer:
    """``app`` with only the command being run, when one is named.

    typer builds the options of every registered command before parsing; building just the
    one invoked keeps start-up short. Help and completion without a command use the full app.
    """
    name = next((arg for arg in args if not arg.startswith("-")), None)
    chosen = [info for info in app.registered_commands
              if (info.name or info.callback.__name__) == name]
    if not chosen:
        return app
    slim = typer.Typer(**APP_SETTINGS)
    slim.registered_callback = app.registered_callback
    slim.registered_commands = chosen
    return slim


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


class Lang(enum.StrEnum):
    en = "en"
    ja = "ja"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tripplan {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")]
    = False,
) -> None:
    """tripplan: itineraries for official trips."""


# --- output helpers ---------------------------------------------------------------------


def _console(stderr: bool = False):
    from rich.console import Console

    no_color = bool(os.environ.get("NO_COLOR"))  # no bold or dim either, not just no colour
    return Console(stderr=stderr, highlight=False, soft_wrap=False,
                   color_system=None if no_color else "auto")


def _is_plain() -> bool:
    return not sys.stdout.isatty()


def _lang(lang: Lang | None) -> str:
    if lang is not None:
        return lang.value
    from tripplan.config import settings

    return settings().lang


def _format(fmt, json_flag: bool):
    return "json" if json_flag else fmt.value


def _split_codes(values: list[str] | None) -> list[str]:
    return [code for value in values or [] for code in value.split(",") if code.strip()]


JsonFlag = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
LangOption = Annotated[Lang | None, typer.Option("--lang", help="Language of titles and labels.")]
DiagnosticFormatOption = Annotated[DiagnosticFormat, typer.Option(
    "--format", help="Output format.")]
SelectOption = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these rule codes or prefixes (comma-separated, repeatable).")]
IgnoreOption = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Skip these rule codes or prefixes (comma-separated, repeatable).")]
ExitZeroOption = Annotated[bool, typer.Option(
    "--exit-zero", help="Exit 0 even when there are findings (not for unreadable files).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print findings only.")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Read every file again instead of reusing results for unchanged files.")]
PathsArg = Annotated[list[str] | None, typer.Argument(
    help="Trip files, folders or trip ids (default: the itineraries folder).", show_default=False)]


# --- commands ---------------------------------------------------------------------------


@app.command("list")
def list_command(
    paths: PathsArg = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
    = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang: LangOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List trips: id, title, dates, status, number of items, file."""
    from tripplan import library
    from tripplan.emit import dumps, envelope, text_lines
    from tripplan.listing import list_table, plain_table
    from tripplan.terminal import print_view

    language = _lang(lang)
    result = library.list_trips(paths, lang=language, cache=not no_cache)
    if _format(fmt, json_flag) == "json":
        typer.echo(dumps(envelope("list", trips=[r.to_json() for r in result.trips],
                                  diagnostics=[d.to_json() for d in result.diagnostics])))
    else:
        if result.trips and _is_plain():  # one line per trip, for grep and awk
            typer.echo(plain_table(result.trips))
        elif result.trips:
            print_view(_console(), list_table(result.trips, plain=False), plain=False)
        elif not result.diagnostics:
            typer.echo("No trips found.", err=True)
    if result.diagnostics:
        typer.echo(text_lines(result.diagnostics), err=True)
        raise typer.Exit(EXIT_USAGE)


@app.command("show")
def show_command(
    trip: Annotated[str, typer.Argument(help="Trip id or path.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
    = OutputFormat.text,
    json_flag: JsonFlag = False,
    lang: LangOption = None,
) -> None:
    """Show a trip day by day, each item with its time as the file gives it."""
    from tripplan import library

    loaded, schedule = library.show_trip(trip)
    if _format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope
        from tripplan.views import show_json

        typer.echo(dumps(envelope("show", **show_json(loaded, schedule))))
        return
    from tripplan.terminal import print_view
    from tripplan.views import show_view

    plain = _is_plain()
    print_view(_console(), show_view(schedule, _lang(lang), plain=plain), plain=plain)


@app.command("validate")
def validate_command(
    paths: PathsArg = None,
    fmt: DiagnosticFormatOption = DiagnosticFormat.text,
    json_flag: JsonFlag = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Warnings fail too (exit 1): the last check before departure.")]
    = False,
    exit_zero: ExitZeroOption = False,
    quiet: QuietOption = False,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes for many files (0: one per CPU).")] = 0,
    no_cache: NoCacheOption = False,
) -> None:
    """Check trip files and print findings (exit 0 clean, 1 findings, 2 unreadable input)."""
    from tripplan.validate import validate_paths

    report = validate_paths(paths, select=_split_codes(select), ignore=_split_codes(ignore),
                            keep_trips=False, jobs=jobs, cache=not no_cache)
    code = report.exit_code(strict=strict)
    _emit_report("validate", report, _format(fmt, json_flag), code, quiet=quiet)
    if exit_zero and code == 1:
        code = EXIT_OK
    raise typer.Exit(code)


def _emit_report(command: str, report, fmt: str, code: int, *, quiet: bool) -> None:
    from tripplan import emit

    if fmt == "json":
        typer.echo(emit.json_report(command, report.diagnostics, report.files, code))
    elif fmt == "github":
        if report.diagnostics:
            typer.echo(emit.github_lines(report.diagnostics))
    else:
        if report.diagnostics:
            typer.echo(emit.text_lines(report.diagnostics))
        if not quiet:
            typer.echo(emit.summary(report.diagnostics, report.files))


@app.command("rules")
def rules_command(
    code: Annotated[str | None, typer.Argument(help="Show the documentation of one rule.")]
    = None,
    fmt: Annotated[RulesFormat, typer.Option(
        "--format", help="Output format (markdown: the table of README.md).")]
    = RulesFormat.text,
    json_flag: JsonFlag = False,
) -> None:
    """List the checks: code, name, severity and what each one finds."""
    from tripplan import library

    if fmt is RulesFormat.markdown:
        typer.echo(library.rules_markdown())
        return
    rules, input_errors = library.rule_catalog(code)
    if _format(fmt, json_flag) == "json":
        from tripplan.emit import dumps, envelope

        typer.echo(dumps(envelope("rules", rules=[r.to_json() for r in rules],
                                  input_errors=input_errors)))
        return
    if code is not None:
        r = rules[0]
        typer.echo(f"{r.code} {r.name} ({r.severity.value})\n\n{r.summary}\n\n{r.doc}\n\n"
                   f"help: {r.help}")
        return
    for r in rules:
        typer.echo(f"{r.code:6} {r.name:32} {r.severity.value:8} {r.summary}")
    for entry in input_errors:
        typer.echo(f"{entry['code']:6} {entry['name']:32} {'input':8} {entry['summary']}")


# --- the one place where errors become messages and exit codes ----------------------------


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turning every exception into a message and an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or bool(os.environ.get("TRIPPLAN_DEBUG"))
    try:
        result = app_for(args)(args=args, prog_name="tripplan", standalone_mode=False)
        code = result if isinstance(result, int) else EXIT_OK
    except typer.Exit as done:
        code = done.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        code = 130
    except UsageProblem as err:  # click's usage errors: bad option, missing argument
        err.show()
        code = EXIT_USAGE
    except TripplanError as err:
        _report_error(err)
        code = err.exit_code
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        code = 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            import traceback

            traceback.print_exc()
        typer.echo(f"tripplan: internal error: {type(err).__name__}: {err}", err=True)
        typer.echo("This is a bug in tripplan. Re-run with --debug for the traceback and "
                   "report it.", err=True)
        code = EXIT_INTERNAL
    sys.exit(code)


def _report_error(err: TripplanError) -> None:
    from tripplan.load import LoadError

    diagnostics = getattr(err, "diagnostics", None)
    if diagnostics:
        from tripplan.emit import text_lines

        typer.echo(text_lines(diagnostics), err=True)
        if not isinstance(err, LoadError):
            typer.echo(f"tripplan: {err}", err=True)
        return
    typer.echo(f"tripplan: {err}", err=True)
    if err.hint:
        typer.echo(f"  hint: {err.hint}", err=True)


# Commands defined in their own modules register themselves on `app` when imported.
from tripplan.commands import check, edit, export, tz  # noqa: E402,F401
