"""Exceptions that become one message and one exit code.

Every error a user can cause is a :class:`TripplanError`. The CLI turns it into a
message on standard error and ``exit_code`` in exactly one place
(:func:`tripplan.cli.main`); library code raises and never prints.

Exit codes (the same for every command):

* 0 — success, nothing to report;
* 1 — the command ran and found problems (findings at error level, ``--strict`` warnings);
* 2 — usage error or input that cannot be read or parsed;
* 70 — an internal error (a bug in tripplan); ``--debug`` shows the traceback.

>>> err = InputError("date is not valid", path="trip.toml", line=3, column=8, hint="use YYYY-MM-DD")
>>> str(err)
'trip.toml:3:8: date is not valid'

Errors about a command's arguments name the argument, not the flag: the library does not
know how a front end spells it. ``{name}`` in a message or hint stands for an argument;
:meth:`TripplanError.worded` fills it in with the front end's wording (the CLI passes
``--days-before`` for ``days_before``, ``--for`` for ``person``, ...):

>>> err = UsageError("{days_before} must be 0 or more, not -1", argument="days_before")
>>> str(err), err.argument
('days_before must be 0 or more, not -1', 'days_before')
>>> err.worded({"days_before": "--days-before"})
('--days-before must be 0 or more, not -1', None)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


class TripplanError(Exception):
    """An error with a message for a person, an optional hint, and an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None,
                 argument: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.argument = argument
        """The argument at fault (a use case's parameter name), when there is one."""

    def __str__(self) -> str:
        return self.worded()[0]

    def prefix(self) -> str:
        """What stands before the message (a location, a code); nothing by default."""
        return ""

    def worded(self, names: Mapping[str, str] | None = None) -> tuple[str, str | None]:
        """Message and hint with each ``{argument}`` written as ``names`` spells it."""
        hint = _fill(self.hint, names) if self.hint is not None else None
        return self.prefix() + _fill(str(self.message), names), hint


class ArgumentNames(dict):
    """Argument names as a front end spells them; a name not in the table is :meth:`spell`-ed.

    >>> class Flags(ArgumentNames):
    ...     def spell(self, name): return "--" + name.replace("_", "-")
    >>> Flags({"person": "--for"})["person"], Flags()["days_before"]
    ('--for', '--days-before')
    """

    def spell(self, name: str) -> str:
        return name

    def __missing__(self, key: str) -> str:
        return self.spell(key)


def _fill(text: str, names: Mapping[str, str] | None) -> str:
    """``text`` with ``{argument}`` placeholders filled in (other braces are left alone).

    >>> _fill("{force} to save; {not a name} stays", {"force": "--force"})
    '--force to save; {not a name} stays'
    """
    if "{" not in text:
        return text
    table = names if isinstance(names, ArgumentNames) else ArgumentNames(names or {})
    return _PLACEHOLDER.sub(lambda m: table[m.group(1)], text)


class UsageError(TripplanError):
    """The command was called wrongly (bad option value, unknown trip id, ...)."""


class InputError(TripplanError):
    """Input that cannot be read or understood, located where possible.

    ``code`` is a stable diagnostic code such as ``F003``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.code = code

    def prefix(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        code = f"{self.code} " if self.code else ""
        return f"{where}{code}"


class LockTimeoutError(TripplanError):
    """Another process holds the trip's lock for longer than we may wait."""


class FindingsError(TripplanError):
    """A command refused to act because of findings (e.g. a write that would break a trip).

    ``diagnostics`` holds the findings so the caller can print them.
    """

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, diagnostics: list | None = None, *, hint: str | None = None,
                 argument: str | None = None):
        super().__init__(message, hint=hint, argument=argument)
        self.diagnostics = diagnostics or []
