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
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 70


class TripplanError(Exception):
    """An error with a message for a person, an optional hint, and an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


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

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        code = f"{self.code} " if self.code else ""
        return f"{where}{code}{self.message}"


class LockTimeoutError(TripplanError):
    """Another process holds the trip's lock for longer than we may wait."""


class FindingsError(TripplanError):
    """A command refused to act because of findings (e.g. a write that would break a trip).

    ``diagnostics`` holds the findings so the caller can print them.
    """

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, diagnostics: list | None = None, *, hint: str | None = None):
        super().__init__(message, hint=hint)
        self.diagnostics = diagnostics or []
