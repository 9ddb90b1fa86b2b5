"""The accepted ranges of a trip's values, shared by the model and the readers of typed input.

Every value inside them can be processed by every command (zones, rules, agendas,
calendars); a value outside is refused where it is read: in a file with a located ``F``
code (:mod:`tripplan.model`), on the command line with exit code 2 (:mod:`tripplan.parse_input`,
:mod:`tripplan.durations`). This module imports nothing, so a reader of dates can use it
without loading the model.

>>> in_years(1900), in_years(2201)
(True, False)
"""

from __future__ import annotations

MIN_YEAR, MAX_YEAR = 1900, 2200
"""Years of every date and time a trip may hold."""
MAX_TRIP_DAYS = 366
"""Days from a trip's first to its last day, both counted."""
MAX_ITEM_DAYS = 60
"""Days an item's end may lie after its start."""
MAX_TEXT = 20_000
"""Characters of one text (a title, a note, any string of the file)."""
MAX_KEY = 200
"""Characters of one key (an id of a table, a language code)."""
MAX_REVISION = 10**9
MAX_DURATION_DAYS = 3660
"""The longest duration typed on the command line (about ten years)."""
YEARS = f"{MIN_YEAR}–{MAX_YEAR}"


def in_years(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR
