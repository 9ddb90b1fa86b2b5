"""Forwards to :mod:`tripplan.present.vocabulary` for callers not yet moved (diff.py).

>>> label("part_of_day", "night", "ja")
'夜'
"""

from __future__ import annotations

from tripplan.present.vocabulary import label, time_not_fixed

__all__ = ["label", "time_not_fixed"]
