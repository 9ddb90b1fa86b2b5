"""Values typed on the command line, read the way the trip format needs them.

A key such as ``title.en`` or ``footnotes."1".text`` is read as TOML reads it
(:func:`parse_key`); the model says what kind of value it takes (:func:`value_kind`); the
text typed is then read as that kind (:func:`convert_value`): text as typed, dates and
times in every form of :mod:`tripplan.parse_input` (a date without a year takes the trip's,
:class:`TripDates`), numbers, booleans and lists as TOML. Also here: the languages of a
text given as ``title`` / ``title_ja`` / ``title_en`` and ids made from titles.

>>> path = parse_key("start")
>>> convert_value("6月21日 10時30分", value_kind(("items", 0, *path)), "start",
...               TripDates(dt.date(2024, 6, 20), dt.date(2024, 6, 22)))
datetime.datetime(2024, 6, 21, 10, 30)
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from tripplan.errors import UsageError
from tripplan.model import Text, Trip, unwrap_annotation
from tripplan.parse_input import parse_date, parse_datetime
from tripplan.tomldoc import TOMLDecodeError, loads


def parse_key(key: str) -> tuple[str, ...]:
    """A dotted key as TOML reads it: ``title.en``, ``footnotes."1".text.ja``.

    >>> parse_key('title.en'), parse_key('footnotes."1".text')
    (('title', 'en'), ('footnotes', '1', 'text'))
    """
    try:
        data = loads(f"{key} = 0")
    except TOMLDecodeError:
        raise UsageError(f'"{key}" is not a key',
                         hint='keys are names such as status or title.en; quote parts with '
                              'other characters: footnotes."1".text') from None
    path: list[str] = []
    node: Any = data
    while isinstance(node, dict):
        (name, node), = node.items()
        path.append(name)
    return tuple(path)


def value_kind(path: tuple) -> str:
    """How a value typed for ``path`` is read: ``text``, ``str``, ``date``, ``datetime``,
    ``bool``, ``int``, ``float``, ``list_str`` or ``toml``. Unknown keys are usage errors.

    >>> value_kind(("items", 0, "start")), value_kind(("items", 0, "title", "en"))
    ('datetime', 'str')
    >>> value_kind(("places", "x", "coordinates", "lat")), value_kind(("items", 0, "footnotes"))
    ('float', 'list_str')
    """
    annotation = unwrap_annotation(_annotation_at(path))
    if annotation is Text:
        return "text"
    if annotation is bool:
        return "bool"
    if annotation is dt.datetime:
        return "datetime"
    if annotation is dt.date:
        return "date"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    if annotation is str or (isinstance(annotation, type) and issubclass(annotation, enum.Enum)):
        return "str"
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args and unwrap_annotation(args[0]) is str:
        return "list_str"
    return "toml"


_WHAT = {"items": "an item", "people": "a person", "places": "a place", "contacts": "a contact",
         "footnotes": "a footnote"}


def _annotation_at(path: tuple) -> Any:
    """The model's type annotation of the value at ``path`` (usage errors for unknown keys)."""
    annotation: Any = Trip
    where = "the trip"
    for depth, part in enumerate(path):
        annotation = unwrap_annotation(annotation)
        if annotation is Text:
            if depth == len(path) - 1:
                return str  # one language of a text
            raise UsageError(f"{'.'.join(map(str, path[: depth + 1]))} is a language; it has "
                             "no keys below it")
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = annotation.model_fields
            if part not in fields:
                names = sorted(fields)
                close = difflib.get_close_matches(str(part), names, n=1, cutoff=0.6)
                hint = f'did you mean "{close[0]}"?' if close else "keys: " + ", ".join(names)
                raise UsageError(f'unknown key "{part}" for {where}', hint=hint)
            annotation = fields[part].annotation
            where = _WHAT.get(str(part), f'"{part}"')
            continue
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is list and args and isinstance(part, int):
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        else:
            raise UsageError(f"{'.'.join(map(str, path[:depth]))} has no key \"{part}\"")
    return annotation


def _toml_literal(raw: str) -> tuple[bool, Any]:
    try:
        data = loads(f"v = {raw}\n")
    except TOMLDecodeError:
        return False, None
    if list(data) != ["v"]:
        return False, None
    return True, data["v"]


@dataclass
class TripDates:
    """How dates typed for one trip are read: forms without a year take the trip's year
    (the end's year when that is the one that puts the day inside the trip)."""

    start: dt.date | None = None
    end: dt.date | None = None

    def _years(self) -> list[int | None]:
        years: list[int | None] = []
        for d in (self.start, self.end):
            if d is not None and d.year not in years:
                years.append(d.year)
        return years or [None]

    def _pick(self, results: list[Any], day: Callable[[Any], dt.date]) -> Any:
        if self.start is not None and self.end is not None:
            for value in results:
                if self.start <= day(value) <= self.end:
                    return value
        return results[0]

    def date(self, raw: str) -> dt.date:
        results = [parse_date(raw, default_year=y) for y in self._years()]
        return self._pick(results, lambda d: d)

    def datetime(self, raw: str, default_date: dt.date | None = None) -> dt.datetime:
        results = [parse_datetime(raw, default_date=default_date, default_year=y)
                   for y in self._years()]
        return self._pick(results, lambda d: d.date())


def convert_value(raw: str, kind: str, key: str, dates: TripDates,
                  day: dt.date | None = None) -> Any:
    """The value typed as ``key=raw``, read according to ``kind`` (see :func:`value_kind`).

    >>> convert_value("confirmed", "str", "status", TripDates())
    'confirmed'
    >>> convert_value('"Top meeting"', "str", "title.en", TripDates())
    'Top meeting'
    >>> convert_value("6月21日 10時30分", "datetime", "start", TripDates(dt.date(2024, 6, 20)))
    datetime.datetime(2024, 6, 21, 10, 30)
    >>> convert_value("1, 2", "list_str", "footnotes", TripDates())
    ['1', '2']
    """
    if raw == "":
        raise UsageError(f"{key}= has no value", hint=f"to remove the key use {{unset}} {key}",
                         argument="unset")
    if kind in ("str", "text"):
        return _text(raw, kind, key)
    if kind == "date":
        return dates.date(raw)
    if kind == "datetime":
        return dates.datetime(raw, default_date=day)
    if kind == "bool":
        lowered = raw.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        raise UsageError(f'{key} takes true or false, not "{raw}"')
    if kind in ("int", "float"):
        return _number(raw, kind, key)
    if kind == "list_str":
        return _list_of_text(raw, key)
    ok, value = _toml_literal(raw.strip())
    if not ok:
        raise UsageError(f"{key} takes a TOML value, not {raw!r}",
                         hint=f'e.g. {key}=[{{ title.en = "Governor of Bangkok" }}] '
                              "(quote the whole argument for the shell)")
    return value


def _text(raw: str, kind: str, key: str) -> Any:
    """Text as typed (a quoted TOML string is unquoted); a whole text may be a TOML table."""
    stripped = raw.strip()
    if kind == "text" and stripped.startswith("{"):
        ok, value = _toml_literal(stripped)
        if not ok or not isinstance(value, dict):
            raise UsageError(f"{key}: {raw} is not a TOML table",
                             hint=f'write {key}={{ ja = "…", en = "…" }}, or set one '
                                  f'language: {key}.en="…"')
        return value
    if stripped[:1] in "\"'" and len(stripped) > 1:
        ok, value = _toml_literal(stripped)
        if ok and isinstance(value, str):
            return value
    return raw


def _number(raw: str, kind: str, key: str) -> int | float:
    ok, value = _toml_literal(raw.strip())
    if ok and isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "float":
            return float(value)
        if isinstance(value, int):
            return value
    what = "a whole number" if kind == "int" else "a number"
    raise UsageError(f'{key} takes {what}, not "{raw}"')


def _list_of_text(raw: str, key: str) -> list:
    stripped = raw.strip()
    if stripped.startswith("["):
        ok, value = _toml_literal(stripped)
        if not ok or not isinstance(value, list):
            raise UsageError(f"{key}: {raw} is not a TOML list",
                             hint=f'write {key}=["a", "b"] or {key}=a,b')
        return value
    return [part.strip() for part in raw.split(",") if part.strip()]


def split_assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f'"{text}" is not key=value',
                         hint='e.g. status=confirmed, title.en="New title", start=10:30')
    return key.strip(), value


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def language_of(text: str) -> str:
    """``ja`` for text with kana or kanji, else ``en``.

    >>> language_of("バンコク都知事との会談"), language_of("Lunch")
    ('ja', 'en')
    """
    return "ja" if _JAPANESE.search(text) else "en"


def text_value(auto: str | None = None, ja: str | None = None, en: str | None = None,
               *, what: str = "title") -> dict[str, str] | None:
    """Languages of a text given as argument ``what`` (language detected: Japanese when it
    has kana or kanji), ``what_ja`` and ``what_en``. Errors name those arguments.

    >>> text_value("会談", en="Meeting")
    {'ja': '会談', 'en': 'Meeting'}
    >>> text_value("Lunch", en="Meeting")
    Traceback (most recent call last):
    tripplan.errors.UsageError: title and title_en both give the en text
    """
    values = {"ja": ja, "en": en}
    if auto is not None:
        lang = language_of(auto)
        if values[lang] is not None:
            raise UsageError(f"{{{what}}} and {{{what}_{lang}}} both give the {lang} text",
                             hint=f"give it once ({{{what}}} detects the language: text with "
                                  "kana or kanji is Japanese)", argument=what)
        values[lang] = auto
    for lang, value in values.items():
        if value is not None and not value.strip():
            name = what if value is auto else f"{what}_{lang}"
            raise UsageError(f"{{{name}}} is empty", argument=name)
    result = {k: v for k, v in values.items() if v is not None}
    return result or None


def slugify(text: str, max_length: int = 48) -> str:
    """An id from English text: lower-case ASCII words joined by ``-``.

    >>> slugify("Lunch with the Governor (BMA)"), slugify("Café René"), slugify("会談")
    ('lunch-with-the-governor-bma', 'cafe-rene', '')
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ... whichever is free.

    >>> unique_id("meeting-2024-06-21", {"meeting-2024-06-21"})
    'meeting-2024-06-21-2'
    """
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
