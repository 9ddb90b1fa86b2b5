"""The comparison use case (``diff``): what changed between two versions of a trip.

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
    """``old`` against ``new``, or the file ``old`` against its version in git ``rev``;
    titles in ``lang`` (default: the configured language)."""
    changes = diff_refs(old, new, rev=rev, lang=env.lang(lang))
    differ = exit_code and not changes.is_empty
    return DiffResult(changes, Outcome.FINDINGS if differ else Outcome.OK)
