"""The values trip fields are made of: texts in languages, dates in range, ids, codes.

Each is a pydantic annotated type (or the :class:`Text` root model) with the limits of
:mod:`tripplan.ranges` and a message in words a protocol officer understands; the trip
model (:mod:`tripplan.model`) is built from them. Text is checked for control characters
and lone surrogates before pydantic sees it (:func:`text_problems`), so no message ever
repeats a character that could rewrite a terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    RootModel,
    StringConstraints,
    WithJsonSchema,
)

from tripplan.ranges import (
    MAX_KEY,
    MAX_TEXT,
    MAX_YEAR,
    MIN_YEAR,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
LANG_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]
"""An id: lower-case letters, digits, ``-``, ``_`` and ``.``, starting with a letter or digit."""

# --- the accepted ranges (their figures are in tripplan.ranges): every value inside them can
# be processed by every command; the rest is refused at load with a located F code.

_BAD_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]|\r(?!\n)")


def escaped_char(char: str) -> str:
    r"""A character as a reader can see it in a message: ``\u001b``, ``\ud800``.

    >>> escaped_char("\x1b"), escaped_char("\ud800"), escaped_char("\r")
    ('\\u001b', '\\ud800', '\\r')
    """
    return {"\r": "\\r", "\t": "\\t", "\n": "\\n"}.get(char, f"\\u{ord(char):04x}")


def text_problem(value: str, limit: int = MAX_TEXT) -> str | None:
    r"""What is wrong with a string of a trip file (``None``: nothing).

    Refused: control characters other than tab and newline (C0, DEL, C1, so also ESC and
    a CR not followed by LF), lone UTF-16 surrogates (JSON allows ``"\ud800"``), and more
    than ``limit`` characters.

    >>> text_problem("Boss \x1b[2J")
    'holds the control character \\u001b (ESC)'
    >>> text_problem("a\ud800"), text_problem("ok\r\n\tok")
    ('holds \\ud800, half of a broken character', None)
    """
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    bad = _BAD_CHARACTER.search(value)
    if bad is None:
        return None
    char = bad.group()
    if "\ud800" <= char <= "\udfff":
        return f"holds {escaped_char(char)}, half of a broken character"
    name = {"\x1b": " (ESC)", "\r": " (a carriage return without a line feed)",
            "\x00": " (NUL)"}.get(char, "")
    return f"holds the control character {escaped_char(char)}{name}"


def text_problems(data: Any, path: tuple = ()) -> list[tuple[tuple, bool, str]]:
    """Every key and string of plain ``data`` that :func:`text_problem` refuses:
    ``(path, at_key, problem)``, in document order."""
    found: list[tuple[tuple, bool, str]] = []
    stack: list[tuple[tuple, Any]] = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            if problem := text_problem(node):
                found.append((where, False, problem))
        elif isinstance(node, dict):
            for key, value in reversed(list(node.items())):
                if isinstance(key, str) and (problem := text_problem(key, MAX_KEY)):
                    found.append(((*where, key), True, problem))
                else:
                    stack.append(((*where, key), value))
        elif isinstance(node, list):
            stack.extend(((*where, i), value) for i, value in reversed(list(enumerate(node))))
    return found


def _in_range(value: dt.date) -> dt.date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"the year {value.year} is outside {MIN_YEAR}–{MAX_YEAR}; "
                         "is it a typo?")
    return value


def _no_number(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        raise ValueError("expected a date like 2024-06-20, not a number")
    return value


def _date_not_datetime(value: Any) -> Any:
    value = _no_number(value)
    if isinstance(value, dt.datetime):
        raise ValueError("expected a date without a time (2024-06-20); for a time use start/end")
    return value


Date = Annotated[dt.date, BeforeValidator(_date_not_datetime), AfterValidator(_in_range)]
# JSON Schema: a pattern, not format "date-time" (RFC 3339 needs an offset; TOML local
# date-times such as 2024-06-21T10:00:00 have none, and editors such as taplo reject them).
DateTime = Annotated[dt.datetime, BeforeValidator(_no_number), AfterValidator(_in_range),
                     WithJsonSchema({
    "type": "string", "description": "Local date and time, e.g. 2024-06-21T10:00:00.",
    "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$"})]

IataCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]

DEFAULT_LANGS = ("en", "ja")


def _text_shape(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: v.replace("\r\n", "\n") if isinstance(v, str) else v
                 for k, v in value.items()}
    if isinstance(value, str):
        value = value.replace("\r\n", "\n")  # a text from Windows: one kind of line break
        if not value.strip():
            raise ValueError("the text is empty")
        return value
    if isinstance(value, dict):
        if not value:
            raise ValueError('a table of languages needs at least one language, e.g. en = "..."')
        for lang, text in value.items():
            if not isinstance(lang, str) or not LANG_PATTERN.match(lang):
                raise ValueError(
                    f'"{lang}" is not a language code; use codes such as "ja", "en", "th"'
                )
            if not isinstance(text, str):
                raise ValueError(f'the "{lang}" text must be a string in quotes')
            if not text.strip():
                raise ValueError(f'the "{lang}" text is empty')
        return value
    raise ValueError('expected text: a string in quotes, or languages like { ja = "…", en = "…" }')


class Text(RootModel[Annotated[str | dict[str, str], BeforeValidator(_text_shape)]]):
    """Text in one or several languages: a plain string or a table ``{ja = "…", en = "…"}``.

    >>> Text("Bangkok").get("ja")
    'Bangkok'
    >>> Text({"ja": "バンコク", "en": "Bangkok"}).get("en")
    'Bangkok'
    >>> Text({"ja": "バンコク"}).get("en")
    'バンコク'
    >>> Text({"ja": "バンコク"}).get("en", fallback=False) is None
    True
    """

    def get(self, lang: str, *, fallback: bool = True) -> str | None:
        """The text in ``lang``; else (with ``fallback``) the first other language given."""
        if isinstance(self.root, str):
            return self.root
        if lang in self.root:
            return self.root[lang]
        if not fallback:
            return None
        for other in DEFAULT_LANGS:
            if other in self.root:
                return self.root[other]
        return next(iter(self.root.values()))

    def has(self, lang: str) -> bool:
        return isinstance(self.root, str) or lang in self.root

    @property
    def languages(self) -> tuple[str, ...]:
        return () if isinstance(self.root, str) else tuple(self.root)

    def __str__(self) -> str:
        return self.get("en") or ""


Basis = Text
"""Why an inferred fact is believed, e.g. ``"１泊３日"`` (a plain string or ja/en)."""


def _within(begin: dt.date, end: dt.date, most: int, what: str) -> None:
    """Refuse an ``end`` more than ``most`` days after ``begin`` (dates or date-times)."""
    first = begin.date() if isinstance(begin, dt.datetime) else begin
    last = end.date() if isinstance(end, dt.datetime) else end
    days = (last - first).days
    if days > most:
        raise ValueError(f"{first} to {last} is {days:,} days; {what} may end at most "
                         f"{most} days after it begins")
