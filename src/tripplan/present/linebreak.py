"""Where a line of Japanese or English text may break: the one line breaker of every output
that wraps text (``show`` and ``tz`` on a terminal, the plain-text agenda, the PDF).

Break points, best first:

1. after a run of spaces (Latin words stay whole), and between two **phrases** (文節) of
   Japanese text as BudouX's Japanese model finds them (``トップ会談`` is never cut);
2. when a phrase is wider than a whole line: where it changes script (kanji, hiragana,
   katakana: ``脱炭素|ワークショップ``) or after a ``・`` between words, else between any two
   characters of it where one is Japanese (or another wide script);
3. when even that leaves a piece wider than a line (a long Latin word): where it must.

**Kinsoku** holds at every level but the last: no line starts with closing brackets or
punctuation, small kana, ``ー`` or an iteration mark (``）」』、。・ー っゃ …``) and none ends
with an opening bracket (``（「『``). Spaces at a break are dropped; newlines always break.

Widths are measured by a function the caller gives: :func:`cell_width` (terminal columns)
or a font's advance widths (PDF). It must be additive (a text is as wide as its characters
together): each character is measured once, and the time is linear in the text (a
100,000-character title wraps in a fraction of a second, see ``tests/test_linebreak.py``).
BudouX is imported only when a text holds Japanese.

>>> wrap("バンコク都知事との両都市間連携等にかかるトップ会談", 30, cell_width)
['バンコク都知事との', '両都市間連携等にかかる', 'トップ会談']
>>> wrap("Courtesy call on the Ambassador of Japan", 16, len)
['Courtesy call on', 'the Ambassador', 'of Japan']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable

NO_START = frozenset(
    "、。，．,.;:!?)]}）〕］｝〉》」』】〙〗〟｠»・：；？！‼⁇⁈⁉ー～〜…‥々〻ゝゞヽヾ゠‐"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "ｧｨｩｪｫｯｬｭｮｰ’”％·")
"""Characters that may not begin a line (Japanese kinsoku, and Latin closing punctuation)."""
NO_END = frozenset("([{（〔［｛〈《「『【〘〖〝｟«‘“")
"""Characters that may not end a line."""
_PHRASE_END = frozenset("、。，．！？／")
"""After these a new phrase always begins (BudouX does not know ``／``, say)."""

_WIDE_TEXT = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                        "\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                        "\uffe0-\uffe6\U00020000-\U0003fffd]")
"""Japanese (and other wide) characters: only a text holding some is read by BudouX."""


def is_wide(char: str) -> bool:
    """True for characters a terminal shows two columns wide (CJK, full-width forms)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def _zero_width(char: str) -> bool:
    return bool(unicodedata.combining(char)) or unicodedata.category(char) in ("Mn", "Me",
                                                                                 "Cf")


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: CJK and full-width characters two,
    combining marks and format characters none, everything else one.

    >>> cell_width("会談 10:00"), cell_width("Cafe\u0301")
    (10, 4)
    """
    return sum(0 if _zero_width(c) else 2 if is_wide(c) else 1 for c in text)


def wrap(text: str, width: float, measure: Callable[[str], float],
         first: float | None = None) -> list[str]:
    """``text`` on lines no wider than ``width`` as ``measure`` counts (``first``: the width of
    the first line, when it differs, e.g. after a field name). See the module for where
    lines break.

    >>> wrap("横浜・バンコク脱炭素ワークショップの共催・基調講演", 20, cell_width)
    ['横浜・バンコク脱炭素', 'ワークショップの', '共催・基調講演']
    >>> wrap("バンコクエクスポ（BKK EXPO）への出席・スピーチ", 20, cell_width)
    ['バンコクエクスポ', '（BKK EXPO）への', '出席・スピーチ']
    >>> wrap("abcdefghij k", 4, len)
    ['abcd', 'efgh', 'ij k']
    """
    return [text[start:end] for start, end in spans(text, width, measure, first)]


def spans(text: str, width: float, measure: Callable[[str], float],
          first: float | None = None,
          keep: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Where each line of :func:`wrap` begins and ends in ``text`` (``text[start:end]``): for
    styled text, whose styles are cut at the same places. No line breaks inside a range
    ``text[start:end]`` of ``keep`` (a date, a flight number) unless it is wider than a line.

    >>> text = "Courtesy call\\non the Ambassador"
    >>> spans(text, 10, len), text[14:20]
    ([(0, 8), (9, 13), (14, 20), (21, 31)], 'on the')
    >>> spans("until Fri 21 June", 12, len), spans("until Fri 21 June", 12, len, keep=[(6, 17)])
    ([(0, 12), (13, 17)], [(0, 5), (6, 17)])
    """
    sizes = _Sizes(measure)
    kept = sorted(keep)
    out: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        end = offset + len(paragraph)
        inside = {p - offset for a, b in kept if a < end and b > offset
                  for p in range(max(a, offset) + 1, min(b, end))}
        for start, stop in _paragraph(paragraph, width, sizes, first if not out else None,
                                      inside):
            out.append((offset + start, offset + stop))
        offset = end + 1
    return out


class _Sizes:
    """Each character measured once (``measure`` is additive)."""

    def __init__(self, measure: Callable[[str], float]) -> None:
        self.cache: dict[str, float] = {}
        self.measure = measure

    def prefix(self, text: str) -> list[float]:
        """``out[i]``: the width of ``text[:i]``."""
        cache, measure = self.cache, self.measure
        out = [0.0]
        total = 0.0
        for char in text:
            size = cache.get(char)
            if size is None:
                size = cache[char] = measure(char)
            total += size
            out.append(total)
        return out


def _paragraph(text: str, width: float, sizes: _Sizes, first: float | None,
               inside: set[int]) -> list[tuple[int, int]]:
    """Greedy filling: each line takes what fits, ending at the last phrase break in it,
    else the last change of script, else the last character break, else where it must.
    Linear: one bisection per line."""
    end_of_text = len(text.rstrip())
    if end_of_text == 0:
        return [(0, 0)]
    widths = sizes.prefix(text)
    phrases, chars = break_points(text)
    scripts, chars = _within(text, chars)
    if inside:
        phrases, scripts, chars = ([p for p in points if p not in inside]
                                   for points in (phrases, scripts, chars))
    out: list[tuple[int, int]] = []
    start = 0
    while start < end_of_text:
        limit = first if first is not None and not out else width
        if widths[end_of_text] - widths[start] <= limit + 1e-9:
            out.append((start, end_of_text))
            break
        fits = bisect_right(widths, widths[start] + limit + 1e-9, lo=start) - 1
        end = (_last(phrases, start, fits) or _last(scripts, start, fits)
               or _last(chars, start, fits) or _forced(text, start, fits))
        out.append((start, end))
        start = end
        while start < end_of_text and text[start].isspace():
            start += 1
    return out


def _last(points: list[int], start: int, fits: int) -> int | None:
    """The last break point in ``(start, fits]``."""
    i = bisect_right(points, fits) - 1
    return points[i] if i >= 0 and points[i] > start else None


def _forced(text: str, start: int, fits: int) -> int:
    """A cut where nothing else fits (a Latin word wider than the line): at least one
    character, kinsoku kept where the piece allows it, never before a combining mark."""
    end = max(fits, start + 1)
    cut = end
    while cut > start + 1 and cut < len(text) and (
            _kind(text[cut]) & (_NO_START | _ZERO) or _kind(text[cut - 1]) & _NO_END):
        cut -= 1
    if cut > start + 1 or end >= len(text):
        return cut
    while start + 1 < end < len(text) and _zero_width(text[end]):
        end -= 1
    return end


_SPACE, _NO_START, _NO_END, _ZERO, _WIDE = 1, 2, 4, 8, 16


@functools.lru_cache(maxsize=8192)
def _kind(char: str) -> int:
    return ((_SPACE if char.isspace() else 0) | (_NO_START if char in NO_START else 0)
            | (_NO_END if char in NO_END else 0) | (_ZERO if _zero_width(char) else 0)
            | (_WIDE if is_wide(char) else 0))


def _between(before: int, after: int) -> bool:
    """Whether two characters (neither a space) may be parted when a phrase is too wide."""
    return (not before & (_SPACE | _NO_END) and not after & (_SPACE | _NO_START | _ZERO)
            and bool((before | after) & _WIDE))


_PARTED = tuple(_between(pair >> 5, pair & 31) for pair in range(1024))
""":func:`_between` of every pair of kinds (``before * 32 + after``)."""
_SPACES = re.compile(r"(?<=\S)\s+")


def break_points(text: str) -> tuple[list[int], list[int]]:
    """Where a line may end in ``text`` (one paragraph), in order: between phrases or before
    spaces, and (for phrases wider than a line) between characters. Kinsoku applied.

    >>> break_points("JICA タイ事務所長（国際協力機構）との面会")
    ([4, 11, 14, 21], [6, 7, 8, 9, 10, 13, 15, 16, 17, 19, 20, 22])
    """
    import operator
    from itertools import compress, count

    kinds = list(map(_kind, text))
    n = len(text)
    phrases = [m.start() for m in _SPACES.finditer(text)
               if not kinds[m.start() - 1] & _NO_END
               and (m.end() == n or not kinds[m.end()] & _NO_START)]
    pairs = map(operator.add, map((32).__mul__, kinds), kinds[1:])
    parted = set(compress(count(1), map(_PARTED.__getitem__, pairs)))
    if not parted:
        return phrases, []
    phrase = parted & _phrases(text) if _WIDE_TEXT.search(text) else set()
    phrase.update(i for i in parted if text[i - 1] in _PHRASE_END)
    return sorted(phrase.union(phrases)), sorted(parted - phrase)


def _script(char: str) -> int:
    """0 kanji, 1 hiragana, 2 katakana (and ``ー``), 3 anything else."""
    code = ord(char)
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or char in "々〆":
        return 0
    if 0x3041 <= code <= 0x309F:
        return 1
    if 0x30A1 <= code <= 0x30FA or char == "ー" or 0x31F0 <= code <= 0x31FF:
        return 2
    return 3


def _within(text: str, chars: list[int]) -> tuple[list[int], list[int]]:
    """The character breaks split in two: where the script changes (``脱炭素|ワークショップ``)
    or after ``・`` between words, and the others (``ワークショッ|プ``)."""
    scripts = list(map(_script, text))
    changes = [i for i in chars if scripts[i - 1] != scripts[i] or text[i - 1] == "・"]
    taken = set(changes)
    return changes, [i for i in chars if i not in taken]


@functools.cache
def _model() -> tuple[tuple[dict[str, int], ...], float]:
    """BudouX's Japanese model as its thirteen feature tables, and the score a boundary must
    pass."""
    import budoux

    model = budoux.load_default_japanese_parser().model
    threshold = sum(sum(group.values()) for group in model.values()) * 0.5
    names = ("UW1", "UW2", "UW3", "UW4", "UW5", "UW6", "BW1", "BW2", "BW3",
             "TW1", "TW2", "TW3", "TW4")
    return tuple(model.get(name, {}) for name in names), threshold


_OFFSETS = (0, 1, 2, 3, 4, 5, 1, 2, 3, 0, 1, 2, 3)
"""Where each feature of boundary ``i`` starts in the text padded by three characters: UW1
is ``text[i-3]``, BW2 ``text[i-1:i+1]``, TW4 ``text[i:i+3]`` (BudouX's parser)."""


def _phrases(text: str) -> frozenset[int]:
    """The offsets at which BudouX's Japanese parser starts a new phrase.

    The same scores as ``budoux.Parser.parse`` (a test compares them), summed table by table
    instead of character by character: ``parse`` glues each phrase together one character
    at a time, which takes quadratic time on a long text without a break.
    """
    import operator
    from itertools import compress, count, repeat

    tables, threshold = _model()
    n = len(text)
    padded = "\0\0\0" + text + "\0\0\0"  # NUL is in no feature of the model: it scores 0
    bigrams = list(map(operator.add, padded, padded[1:]))
    trigrams = list(map(operator.add, bigrams, padded[2:]))
    grams = (padded,) * 6 + (bigrams,) * 3 + (trigrams,) * 4
    columns = [list(map(table.get, seq[1 + at:n + at], repeat(0)))
               for table, seq, at in zip(tables, grams, _OFFSETS, strict=True)]
    scores = map(sum, zip(*columns, strict=True))
    return frozenset(compress(count(1), map(threshold.__lt__, scores)))
