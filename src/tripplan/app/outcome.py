"""What a use case came to, and the one table that turns it into an exit code.

Exit codes are part of tripplan's API (pre-trip checklists call it from scripts); they are
the same for every command:

========== ==== ==========================================================================
outcome    code meaning
========== ==== ==========================================================================
``OK``        0 success, nothing to report (warnings only, unless strict)
``FINDINGS``  1 the command ran and found problems (error findings, ``--strict`` warnings,
                a file ``fmt --check`` would change, versions that differ)
``INVALID``   2 usage error, or input that cannot be read or parsed
========== ==== ==========================================================================

Exceptions are mapped by :mod:`tripplan.cli` (a :class:`~tripplan.errors.TripplanError`
carries its own code; anything else is an internal error, 70).

>>> exit_code(Outcome.FINDINGS), exit_code(Outcome.worst([Outcome.OK, Outcome.INVALID]))
(1, 2)
>>> exit_code(Outcome.FINDINGS, exit_zero=True)
0
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from tripplan.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE


class Outcome(enum.Enum):
    OK = "ok"
    FINDINGS = "findings"
    INVALID = "invalid"

    @staticmethod
    def worst(outcomes: Iterable[Outcome]) -> Outcome:
        """The most serious of ``outcomes`` (``OK`` when there are none)."""
        order = (Outcome.OK, Outcome.FINDINGS, Outcome.INVALID)
        return max(outcomes, key=order.index, default=Outcome.OK)


EXIT_CODES = {Outcome.OK: EXIT_OK, Outcome.FINDINGS: EXIT_FINDINGS, Outcome.INVALID: EXIT_USAGE}


def exit_code(outcome: Outcome, *, exit_zero: bool = False) -> int:
    """The process exit code of ``outcome``; ``exit_zero`` lets findings pass (not input errors)."""
    if exit_zero and outcome is Outcome.FINDINGS:
        return EXIT_OK
    return EXIT_CODES[outcome]
