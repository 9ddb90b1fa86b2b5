"""The environment a use case runs in, passed in rather than read from globals.

A front end builds one :class:`Environment` per run: the CLI from the process
(:meth:`Environment.from_process`), tests from strings and a fixed clock. Use cases read the
settings, today's date and the working folder from it, and never touch ``sys.stdout``,
``os.environ`` or the clock themselves, so that the same call gives the same result in a
terminal, a pipe, a test or another program.

>>> import datetime as dt, io
>>> env = Environment.for_test(now=dt.datetime(2024, 6, 15, 9, tzinfo=dt.UTC),
...                            environ={"TRIPPLAN_LANG": "ja"})
>>> env.today(), env.settings.lang, env.stdout_is_terminal
(datetime.date(2024, 6, 15), 'ja', False)
"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from tripplan.backupfiles import BackupPolicy
    from tripplan.config import Settings


def _system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Environment:
    stdin: IO[str] = field(default_factory=io.StringIO)
    stdout: IO[str] = field(default_factory=io.StringIO)
    stderr: IO[str] = field(default_factory=io.StringIO)
    stdin_is_terminal: bool = False
    stdout_is_terminal: bool = False
    stderr_is_terminal: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    cwd: Path = field(default_factory=Path.cwd)
    clock: Callable[[], dt.datetime] = _system_now
    """The current instant (aware); :meth:`today` is its date in the local zone."""
    _settings: Settings | None = field(default=None, repr=False)

    @classmethod
    def from_process(cls) -> Environment:
        """The environment of this process: its streams, variables, folder and clock."""
        return cls(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr,
                   stdin_is_terminal=_isatty(sys.stdin), stdout_is_terminal=_isatty(sys.stdout),
                   stderr_is_terminal=_isatty(sys.stderr), environ=os.environ, cwd=Path.cwd())

    @classmethod
    def for_test(cls, *, now: dt.datetime | None = None, environ: Mapping[str, str] | None = None,
                 **streams) -> Environment:
        """An environment of strings, no terminal, no config file and (if given) a fixed clock."""
        clock = (lambda: now) if now is not None else _system_now
        environ = {"TRIPPLAN_CONFIG": str(Path(os.devnull) / "none"), **(environ or {})}
        return cls(environ=environ, clock=clock, **streams)

    @property
    def stdout_bytes(self) -> IO[bytes]:
        """Standard output for bytes (an agenda, a calendar)."""
        return getattr(self.stdout, "buffer", None) or _TextAsBytes(self.stdout)

    @property
    def settings(self) -> Settings:
        """Defaults, the config file and the environment variables (read once)."""
        if self._settings is None:
            self._settings = _read_settings(self.environ)
        return self._settings

    @property
    def no_color(self) -> bool:
        return bool(self.environ.get("NO_COLOR"))

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        return self.clock().astimezone().date()

    def lang(self, chosen: str | None = None) -> str:
        """``chosen`` (a flag), else the configured language."""
        return chosen if chosen is not None else self.settings.lang

    def backups(self, command: str) -> BackupPolicy:
        """How a write by ``command`` keeps the version it replaces: as many backups as the
        ``backups`` setting says, the new one named after ``command``."""
        from tripplan.backupfiles import BackupPolicy

        return BackupPolicy(keep=self.settings.backups, command=command)


def _read_settings(environ: Mapping[str, str]) -> Settings:
    from tripplan.config import read_settings

    return read_settings(environ)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _TextAsBytes(io.RawIOBase):
    """Bytes written to a text stream (a test's ``StringIO``), decoded as UTF-8."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.text.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)
