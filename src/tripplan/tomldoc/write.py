"""Values written as TOML text: the one serialiser of tripplan.

Keys bare when they can be, strings as basic strings with non-ASCII kept, tables inline
with dotted keys, and whole documents in the hand-written style (dotted ``title.ja`` keys,
``[section.id]`` tables, ``[[items]]`` after a blank line).

>>> print(render_toml({"id": "t", "title": {"ja": "訪問", "en": "Visit"},
...                    "places": {"bkk": {"name": "Bangkok"}}, "items": [{"id": "a"}]},
...                   sections=("places",), arrays=("items",)), end="")
id = "t"
title.ja = "訪問"
title.en = "Visit"
<BLANKLINE>
[places.bkk]
name = "Bangkok"
<BLANKLINE>
[[items]]
id = "a"
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    """A key as written in TOML: bare when it can be, quoted otherwise (also all-digit ids,
    as in ``[footnotes."1"]``).

    >>> toml_key("title"), toml_key("1"), toml_key("a b")
    ('title', '"1"', '"a b"')
    """
    if _BARE_KEY.fullmatch(key) and not key.isdigit():
        return key
    return toml_string(key)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def toml_string(text: str) -> str:
    """A TOML basic string; non-ASCII characters are kept as they are.

    >>> print(toml_string('say "こんにちは"\\n'))
    "say \\"こんにちは\\"\\n"
    """
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_value(value: Any) -> str:
    """One value in TOML syntax (tables inline, with dotted keys for nested tables).

    >>> toml_value(dt.datetime(2024, 6, 21, 10, 30)), toml_value(["1", "2"])
    ('2024-06-21T10:30:00', '["1", "2"]')
    >>> toml_value({"title": {"ja": "知事", "en": "Governor"}})
    '{ title.ja = "知事", title.en = "Governor" }'
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(str(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text if any(c in text for c in ".eEn") else text + ".0"
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds" if not value.microsecond else "auto")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = _dotted(value)
        if not pairs:
            return "{}"
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in pairs) + " }"
    raise TypeError(f"cannot write {type(value).__name__} in TOML")


def _dotted(table: dict, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in table.items():
        name = f"{prefix}.{toml_key(key)}" if prefix else toml_key(key)
        if isinstance(value, dict) and value:
            out.extend(_dotted(value, name))
        else:
            out.append((name, value))
    return out


class InlineTable(dict):
    """A table to write on its key's one line, ``key = { a = 1, b = "x" }``, rather than as
    dotted keys (values tripplan keeps, such as an item's stamp: one line to merge)."""


def keyval_lines(key: tuple[str, ...], value: Any) -> list[str]:
    """Lines of ``key = value`` in the hand-written style: tables as dotted keys, lists of
    tables one per line.

    >>> keyval_lines(("title",), {"ja": "会談", "en": "Meeting"})
    ['title.ja = "会談"', 'title.en = "Meeting"']
    >>> keyval_lines(("stamp",), InlineTable(sequence=2, fingerprint="3fa9"))
    ['stamp = { sequence = 2, fingerprint = "3fa9" }']
    >>> keyval_lines(("counterparts",), [{"title": {"en": "Governor"}}])
    ['counterparts = [', '  { title.en = "Governor" },', ']']
    """
    name = ".".join(toml_key(k) for k in key)
    if isinstance(value, InlineTable):
        return [f"{name} = {toml_value(dict(value))}"]
    if isinstance(value, dict) and value:
        lines: list[str] = []
        for sub, sub_value in value.items():
            lines.extend(keyval_lines((*key, sub), sub_value))
        return lines
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"{name} = [", *(f"  {toml_value(v)}," for v in value), "]"]
    return [f"{name} = {toml_value(value)}"]


def value_text(value: Any) -> str:
    """The text after ``key = `` for ``value`` (a list of tables over several lines).

    >>> print(value_text([{"id": "a"}]))
    [
      { id = "a" },
    ]
    """
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "\n".join(keyval_lines(("x",), value))[len("x = ") :]
    return toml_value(value)


def table_lines(header: str, table: dict) -> list[str]:
    """A table: its header line, then its keys (see :func:`keyval_lines`)."""
    lines = [header]
    for key, value in table.items():
        lines.extend(keyval_lines((key,), value))
    return lines


def render_toml(data: dict, *, sections: Iterable[str] = (), arrays: Iterable[str] = ()) -> str:
    """A whole document as TOML in the hand-written style.

    Root keys first; then, for each name in ``sections``, each entry of that table as its
    own ``[name.<id>]`` table; then each element of the lists named in ``arrays`` as a
    ``[[name]]`` table; each table after a blank line. Keys are written in the order given.
    """
    sections, arrays = tuple(sections), tuple(arrays)
    lines: list[str] = []
    for key, value in data.items():
        if key in sections and isinstance(value, dict) and value or key in arrays and value:
            continue
        lines.extend(keyval_lines((key,), value))
    for section in sections:
        for entry_id, entry in (data.get(section) or {}).items():
            lines.append("")
            lines.extend(table_lines(f"[{section}.{toml_key(entry_id)}]", entry))
    for name in arrays:
        for element in data.get(name) or []:
            lines.append("")
            lines.extend(table_lines(f"[[{toml_key(name)}]]", element))
    return "\n".join(lines) + "\n"
