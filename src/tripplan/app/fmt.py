"""The formatting use case (``fmt``): trips rewritten in canonical form, or checked.

The outcome is ``INVALID`` when a file cannot be read or parsed, ``FINDINGS`` when
``check`` is asked and a file would change, else ``OK``.

>>> FormatResult(FmtReport(), check=True).outcome
<Outcome.OK: 'ok'>
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.fmt import FmtReport, fmt_paths


@dataclass
class FormatResult:
    """Each file formatted (or that would be), what could not be read, and the outcome."""

    report: FmtReport
    check: bool = False

    @property
    def outcome(self) -> Outcome:
        if self.report.diagnostics:
            return Outcome.INVALID
        if self.check and self.report.changed:
            return Outcome.FINDINGS
        return Outcome.OK


def format_trips(env: Environment, paths: Iterable[str] | None = None, *, check: bool = False,
                 diff: bool = False, lock_timeout: float = 10.0) -> FormatResult:
    """Format the trips under ``paths`` (default: the itineraries folder) in place; with
    ``check`` write nothing; with ``diff`` write nothing either and keep a unified diff of
    each change (what would change; exit 1 only with ``check``)."""
    report = fmt_paths(list(paths) if paths else None, check=check or diff, show_diff=diff,
                       lock_timeout=lock_timeout, backup=env.backups("fmt"))
    return FormatResult(report, check)
