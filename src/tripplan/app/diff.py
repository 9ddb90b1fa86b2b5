"""The comparison use case (``diff``): what changed between two versions of a trip: two
files, a file and its version in git, or two of the versions kept in its backups.

The outcome is ``FINDINGS`` when ``exit_code`` is asked and the versions differ, else
``OK``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.diff import TripDiff, diff_refs


@dataclass
class DiffResult:
    """The changes (:class:`~tripplan.diff.TripDiff`) and the outcome."""

    diff: TripDiff
    outcome: Outcome = Outcome.OK


def compare_trips(env: Environment, old: str, new: str | None = None, *,
                  rev: str | None = None, lang: str | None = None,
                  exit_code: bool = False) -> DiffResult:
    """``old`` against ``new``, or the file ``old`` against its version in git ``rev``, or
    against the version ``rev`` kept in its backups when ``rev`` is a number ``N`` or a range
    ``N..M`` (rev 0 is the file now, 1 its newest backup, …); titles in ``lang`` (default:
    the configured language)."""
    from tripplan.history import parse_revs

    revs = parse_revs(rev) if rev is not None and new is None else None
    if revs is not None:
        from tripplan.catalog import find_trip
        from tripplan.history import diff_versions

        path = find_trip(old, folder=lambda: env.settings.itineraries)
        changes = diff_versions(path, *revs, lang=env.lang(lang))
    else:
        changes = diff_refs(old, new, rev=rev, lang=env.lang(lang))
    differ = exit_code and not changes.is_empty
    return DiffResult(changes, Outcome.FINDINGS if differ else Outcome.OK)
