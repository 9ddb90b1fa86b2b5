"""What the readers of typed input share: Unicode normalisation and their errors.

>>> normalize("２０２４年６月２１日　１０：３０"), quote("x" * 100)[-5:]
('2024年6月21日 10:30', '..."')
"""

from __future__ import annotations

import unicodedata

from tripplan.errors import UsageError


class Reject(Exception):
    """Internal: why a text could not be read (becomes a UsageError in the public API)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_DASHES = str.maketrans({"\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


def normalize(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return " ".join(s.split())


def quote(text: str) -> str:
    shown = " ".join(str(text).split())
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return f'"{shown}"'


def fail(text: str, what: str, reason: str, hint: str) -> UsageError:
    return UsageError(f"could not read {quote(text)} as {what}: {reason}", hint=hint)
