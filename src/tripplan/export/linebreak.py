"""Breaking lines of Japanese and English text, shared by the plain-text and PDF agendas.

Widths are measured by a function given by the caller: :func:`cell_width` (terminal
columns, for plain text) or a font's advance widths (PDF).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

_NO_START = set("、。，．,.;:!?)]}）〕］｝〉》」』】・：；？！ー～…‥々"
                "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ’”％")
"""Characters that may not begin a line (Japanese kinsoku, and Latin closing punctuation)."""
_NO_END = set("([{（〔［｛〈《「『【‘“")
"""Characters that may not end a line."""


def is_wide(char: str) -> bool:
    """True for characters a terminal shows two columns wide (CJK, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: CJK and full-width characters two,
    combining marks and format characters none, everything else one.

    >>> cell_width("会談 10:00"), cell_width("Cafe\u0301")
    (10, 4)
    """
    return sum(0 if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf")
               else 2 if is_wide(c) else 1 for c in text)


def _units(text: str) -> list[tuple[bool, str]]:
    """Unbreakable pieces of ``text``, each with whether a space precedes it.

    A Latin word is one piece; each CJK character is a piece of its own; kinsoku
    characters stick to their neighbour. One pass, linear in the text.
    """
    units: list[tuple[bool, str]] = []
    current: list[str] = []
    current_space = space = glue_next = last_wide = False
    for char in text:
        if char.isspace():
            space = True
            glue_next = False
            continue
        wide = is_wide(char)
        if current and not space and (glue_next or char in _NO_START
                                      or (not wide and not last_wide)):
            current.append(char)
        else:
            if current:
                units.append((current_space, "".join(current)))
            current, current_space = [char], space
        last_wide = wide
        glue_next = char in _NO_END
        space = False
    if current:
        units.append((current_space, "".join(current)))
    return units


def wrap(text: str, width: float, measure: Callable[[str], float],
         first: float | None = None) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` as ``measure`` counts.

    ``first`` is the width of the first line, when it differs (a field name before it).
    Spaces and the gaps between CJK characters are break points; "、。）" never start a
    line and "（「" never end one. A piece wider than a whole line is cut where it must.
    ``measure`` must be additive (the width of a text is the sum of its characters'), so
    each piece is measured once and the time is linear in the text.

    >>> wrap("横浜・バンコク脱炭素ワークショップの共催・基調講演", 20, cell_width)
    ['横浜・バンコク脱炭素', 'ワークショップの共', '催・基調講演']
    >>> wrap("Courtesy call on the Ambassador of Japan", 16, len)
    ['Courtesy call on', 'the Ambassador', 'of Japan']
    >>> wrap("（JICA）タイ事務所長との面会。", 10, cell_width)
    ['（JICA）タ', 'イ事務所長', 'との面会。']
    >>> wrap("abcdefghij k", 4, len)
    ['abcd', 'efgh', 'ij k']
    """
    lines: list[str] = []

    def limit() -> float:
        return first if first is not None and not lines else width

    space_width = measure(" ")
    for paragraph in text.split("\n"):
        parts: list[str] = []
        used = 0.0
        for space, unit in _units(paragraph):
            size = measure(unit)
            gap = space_width if space and parts else 0.0
            if parts and used + gap + size > limit():
                lines.append("".join(parts))
                parts, used, gap = [], 0.0, 0.0
            if not parts and size > limit():  # one piece too wide: cut it
                parts, used = _cut(unit, measure, limit, lines)
                continue
            if gap:
                parts.append(" ")
            parts.append(unit)
            used += gap + size
        lines.append("".join(parts))
    return lines


def _cut(unit: str, measure: Callable[[str], float], limit: Callable[[], float],
         lines: list[str]) -> tuple[list[str], float]:
    """Lines of ``unit`` cut where they must (appended to ``lines``); the rest, and its
    width, begin the next line."""
    piece: list[str] = []
    used = 0.0
    for char in unit:
        size = measure(char)
        if piece and used + size > limit():
            lines.append("".join(piece))
            piece, used = [], 0.0
        piece.append(char)
        used += size
    return piece, used
