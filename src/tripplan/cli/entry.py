"""The entry point, and the one place where results and exceptions become exit codes.

:func:`main` builds the run's :class:`~tripplan.app.env.Environment`, runs the one command
asked for, and turns what it returns (an :class:`~tripplan.app.outcome.Outcome`) or raises
(a :class:`~tripplan.errors.TripplanError`, a usage error of the option parser, anything
else) into a message on standard error and an exit code: 0 ok, 1 findings, 2 usage or
unreadable input, 70 a bug in tripplan, 130 interrupted. No traceback reaches a user
unless ``--debug`` (or ``TRIPPLAN_DEBUG``) asks for it.
"""

from __future__ import annotations

import os
import re
import sys

import typer

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome, exit_code
from tripplan.cli.complete import COMPLETE_VAR
from tripplan.cli.options import FLAGS
from tripplan.cli.output import Ending, echo, running
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


def main(argv: list[str] | None = None, env: Environment | None = None) -> None:
    """Entry point: run the command, turning every result and exception into an exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    env = env or Environment.from_process()
    with running(env):
        code = _run(args, env)
    sys.exit(code)


def _run(args: list[str], env: Environment) -> int:
    from tripplan.cli.registry import app_for

    if env.environ.get(COMPLETE_VAR):
        return _complete(env)
    debug = "--debug" in args or bool(env.environ.get("TRIPPLAN_DEBUG"))
    try:
        return code_of(app_for(args)(args=args, prog_name="tripplan", standalone_mode=False))
    except typer.Exit as done:
        return done.exit_code
    except typer.Abort:
        echo("Aborted.", err=True)
        return 130
    except UsageProblem as err:  # click's usage errors: bad option, missing argument
        _once(err)
        err.show(file=env.stderr)
        return EXIT_USAGE
    except TripplanError as err:
        report_error(err)
        return err.exit_code
    except KeyboardInterrupt:
        echo("Interrupted.", err=True)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - the last line of defence against tracebacks
        if debug:
            import traceback

            traceback.print_exc(file=env.stderr)
        from tripplan.emit import terminal_safe

        echo(terminal_safe(f"tripplan: internal error: {type(err).__name__}: {err}"), err=True)
        echo("This is a bug in tripplan. Re-run with --debug for the traceback and "
             "report it.", err=True)
        return EXIT_INTERNAL


def _complete(env: Environment) -> int:
    """Shell completion (the shell sets ``_TRIPPLAN_COMPLETE``): only candidates reach the
    shell, never a message; the app holds only the command being completed, when one is
    named, so that a Tab is answered quickly."""
    from tripplan.cli.complete import words
    from tripplan.cli.registry import app_for

    try:
        app_for(words(env.environ))(args=[], prog_name="tripplan", standalone_mode=False)
    except SystemExit as done:  # typer ends completion with sys.exit
        return done.code if isinstance(done.code, int) else EXIT_OK
    except Exception:  # noqa: BLE001 - a broken completion request gives no candidates
        return EXIT_INTERNAL
    return EXIT_OK


def _once(err: BaseException) -> None:
    """A suggestion said once: typer adds "Did you mean 'show'?" to the message of a
    mistyped command, and click adds its own when it shows the error.

    >>> class E(Exception):
    ...     message, possibilities = "No such command 'x'. Did you mean 'show'?", ["show"]
    >>> err = E(); _once(err); err.message
    "No such command 'x'."
    """
    message = getattr(err, "message", None)
    if isinstance(message, str) and getattr(err, "possibilities", None):
        err.message = re.sub(r" Did you mean [^?]*\?$", "", message)


def code_of(result: object) -> int:
    """The exit code of what a command returned (nothing: success)."""
    if isinstance(result, Ending):
        return exit_code(result.outcome, exit_zero=result.exit_zero)
    if isinstance(result, Outcome):
        return exit_code(result)
    return result if isinstance(result, int) else EXIT_OK


def report_error(err: TripplanError) -> None:
    """A library error as the user reads it: its diagnostics, or the message and hint with
    each argument spelled as this command line's flag."""
    from tripplan.emit import terminal_safe
    from tripplan.load import LoadError

    message, hint = (terminal_safe(t) if t else t for t in err.worded(FLAGS))
    diagnostics = getattr(err, "diagnostics", None)
    if diagnostics:
        from tripplan.emit import text_lines

        echo(text_lines(diagnostics), err=True)
        if not isinstance(err, LoadError):
            echo(f"tripplan: {message}", err=True)
        return
    echo(f"tripplan: {message}", err=True)
    if hint:
        echo(f"  hint: {hint}", err=True)
