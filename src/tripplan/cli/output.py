"""How commands print: through the run's :class:`~tripplan.app.env.Environment`.

:func:`tripplan.cli.entry.main` makes one environment per run (:func:`running`); commands
get it with :func:`environment` and print with :func:`echo`, so nothing here reads
``sys.stdout`` behind the run's back. A command returns what its use case came to
(:class:`~tripplan.app.outcome.Outcome`, or an :class:`Ending` with ``--exit-zero``); the
exit code is decided by ``main`` alone.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome

if TYPE_CHECKING:
    from rich.console import Console

    from tripplan.diagnostics import Diagnostic

_ENV: contextvars.ContextVar[Environment | None] = contextvars.ContextVar("env", default=None)


@contextlib.contextmanager
def running(env: Environment) -> Iterator[Environment]:
    """Make ``env`` the environment of the commands run inside."""
    token = _ENV.set(env)
    try:
        yield env
    finally:
        _ENV.reset(token)


def environment() -> Environment:
    """The environment of this run (the process's own, outside :func:`running`)."""
    return _ENV.get() or Environment.from_process()


def echo(text: str = "", *, err: bool = False, nl: bool = True, color: bool = False) -> None:
    """``text`` on the run's standard output (``err``: error); ``color``: its ANSI colours
    kept even off a terminal (``--color always``), which click would strip."""
    env = environment()
    typer.echo(text, file=env.stderr if err else env.stdout, nl=nl, color=color or None)


def is_plain() -> bool:
    """Output goes to a pipe or a file: no colours, no padding, one line per row."""
    return not environment().stdout_is_terminal


def console(*, stderr: bool = False) -> Console:
    from rich.console import Console

    env = environment()
    no_color = env.no_color  # no bold or dim either, not just no colour
    return Console(file=env.stderr if stderr else env.stdout, highlight=False, soft_wrap=False,
                   color_system=None if no_color else "auto")


def lang(chosen) -> str:
    """``--lang`` as given, else the configured language."""
    return environment().lang(chosen.value if chosen is not None else None)


def diagnostics(found: Sequence[Diagnostic]) -> None:
    """Diagnostics on standard error, ruff-style."""
    if found:
        from tripplan.emit import text_lines

        echo(text_lines(found), err=True)


@dataclass(frozen=True)
class Ending:
    """A command's outcome and whether ``--exit-zero`` lets findings pass."""

    outcome: Outcome
    exit_zero: bool = False
