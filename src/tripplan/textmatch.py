"""Finding a text the way a reader means it: case, width and compatibility forms folded.

Both the text and the query are folded with NFKC and case folding, so that full-width
``ＥＳＣＡＰ`` matches ``escap``, half-width ``ﾊﾞﾝｺｸ`` matches ``バンコク`` and ``Ⅻ`` matches
``xii``. Matches are given as spans of the *original* text, so that a view can highlight
what the file says.

>>> find("ＥＳＣＡＰ 事務局長との会談", "escap")
[(0, 5)]
>>> text = "ﾊﾞﾝｺｸ都"
>>> [text[a:b] for a, b in find(text, "バンコク")]
['ﾊﾞﾝｺｸ']
>>> find("Bangkok and BANGKOK", "bangkok")
[(0, 7), (12, 19)]
>>> find("Bangkok", "Paris")
[]
>>> fold("  Takeharu\u3000YAMANAKA "), same_name("山中 竹春", "山中竹春")
('  takeharu yamanaka ', True)
"""

from __future__ import annotations

import re
import unicodedata

_JOINS_PREVIOUS = frozenset("\uff9e\uff9f")
"""Half-width voiced sound marks: NFKC joins ﾊﾞ into one character (バ), so they belong to
the character before them."""

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """``text`` as it is compared: NFKC, case-folded (and NFKC again, as case folding can
    leave a text that is not normalised)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def same_name(a: str, b: str) -> bool:
    """Whether two names are written alike: folded, with spaces left out (``山中 竹春``,
    ``山中竹春`` and ``山中　竹春`` are one name)."""
    return name_key(a) == name_key(b)


def name_key(name: str) -> str:
    """A name folded and without spaces, to compare names by."""
    return _SPACE.sub("", fold(name))


def find(text: str, query: str) -> list[tuple[int, int]]:
    """The spans of ``text`` (start, end; in order, not overlapping) where the folded
    ``query`` occurs in the folded ``text``; none for an empty query."""
    needle = fold(query)
    if not needle or needle not in fold(text):
        return []
    folded, origin = _folded_with_origin(text)
    spans: list[tuple[int, int]] = []
    at = folded.find(needle)
    while at != -1:
        end = at + len(needle)
        begin, finish = origin[at][0], origin[end - 1][1]
        if spans and begin < spans[-1][1]:  # within a character already matched
            spans[-1] = (spans[-1][0], max(finish, spans[-1][1]))
        else:
            spans.append((begin, finish))
        at = folded.find(needle, end)
    return spans


def _folded_with_origin(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text, and for each of its characters the span of ``text`` it comes from.

    Each base character is folded together with the marks that combine with it; when that
    does not give the whole text's folding (a script whose letters join across such
    boundaries), every character is taken to come from the whole text.
    """
    pieces: list[str] = []
    origin: list[tuple[int, int]] = []
    for begin, end in _clusters(text):
        piece = fold(text[begin:end])
        pieces.append(piece)
        origin.extend([(begin, end)] * len(piece))
    folded = "".join(pieces)
    if folded != fold(text):
        folded = fold(text)
        origin = [(0, len(text))] * len(folded)
    return folded, origin


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of a base character and the combining marks after it."""
    starts = [i for i, char in enumerate(text)
              if i == 0 or (unicodedata.combining(char) == 0 and char not in _JOINS_PREVIOUS)]
    return list(zip(starts, [*starts[1:], len(text)], strict=True))


def cells(text: str) -> int:
    """Terminal columns of ``text`` (wide and full-width characters count two).

    >>> cells("Bangkok"), cells("バンコク"), cells("ﾊﾞﾝｺｸ")
    (7, 8, 5)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in text)


def excerpt(text: str, spans: list[tuple[int, int]], *, before: int = 30,
            most: int = 110) -> tuple[str, list[tuple[int, int]]]:
    """The part of ``text`` around its first match, at most about ``most`` columns, on one
    line (line breaks shown as spaces), with ``…`` where text is left out; and the spans
    within it.

    >>> excerpt("short text", [(6, 10)])
    ('short text', [(6, 10)])
    >>> line, marks = excerpt("x" * 50 + "Bangkok" + "y" * 100, [(50, 57)], most=40)
    >>> line, [line[a:b] for a, b in marks]
    ('…xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxBangkoky…', ['Bangkok'])
    """
    flat = text.replace("\n", " ").replace("\t", " ")
    if cells(flat) <= most:
        return flat, list(spans)
    first = spans[0][0] if spans else 0
    start = first
    while start > 0 and cells(flat[start - 1:first]) <= before:
        start -= 1
    end, width = start, 0
    while end < len(flat) and width + cells(flat[end]) <= most - 2:
        width += cells(flat[end])
        end += 1
    end = max(end, min(len(flat), spans[0][1])) if spans else end
    head = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    shift = len(head) - start
    inside = [(max(a, start) + shift, min(b, end) + shift) for a, b in spans
              if b > start and a < end]
    return head + flat[start:end] + tail, inside
