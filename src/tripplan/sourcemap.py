"""Where each key and value of a TOML or JSON document is, by key path.

The standard parsers (``tomllib``, ``json``) give values but forget positions. To point
every message at the line and column the user wrote, we scan the (already valid) text
once more and record, for each key path such as ``("items", 3, "start")``, the position
of its key and of its value. The scan happens only when a message needs a location, so
a clean file costs nothing.

>>> sm = SourceMap.for_toml('id = "x"\\n\\n[[items]]\\nid = "a"\\nstart = 2024-06-21T10:00:00\\n')
>>> sm.locate(("items", 0, "start"))
(5, 9)
>>> sm.locate(("items", 0, "start"), key=True)
(5, 1)
>>> sm.locate(("items", 0, "nope"))  # missing keys point at their table
(3, 1)
>>> SourceMap.for_json('{"items": [{"id": 1}]}').locate(("items", 0, "id"))
(1, 19)
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_WS = re.compile(r"[ \t]*")
_WS_NL_COMMENT = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_SCALAR_END = re.compile(r"[,\]}\n#]")
_JSON_WS = re.compile(r"[ \t\r\n]*")
_JSON_SCALAR = re.compile(r"-?[0-9][0-9.eE+\-]*|true|false|null")


@dataclass
class SourceMap:
    """Offsets of keys and values by key path, with line/column lookup."""

    text: str
    keys: dict[Path, int] = field(default_factory=dict)
    values: dict[Path, int] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def for_toml(cls, text: str) -> SourceMap:
        sm = cls(text)
        _TomlScanner(text, sm).run()
        return sm

    @classmethod
    def for_json(cls, text: str) -> SourceMap:
        sm = cls(text)
        _JsonScanner(text, sm).run()
        return sm

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of an offset."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def offset(self, path: Iterable[str | int], *, key: bool = False) -> int:
        """Offset of the value (or key) at ``path``; else of its nearest recorded ancestor."""
        path = tuple(path)
        while path:
            table = self.keys if key else self.values
            if path in table:
                return table[path]
            if path in self.keys:
                return self.keys[path]
            path = path[:-1]
            key = True
        return 0

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        return self.line_col(self.offset(path, key=key))

    def _record(self, path: Path, key_at: int | None, value_at: int | None) -> None:
        if key_at is not None:
            self.keys.setdefault(path, key_at)
        if value_at is not None:
            self.values.setdefault(path, value_at)


class _TomlScanner:
    """Scanner for text that ``tomllib`` has already accepted."""

    def __init__(self, text: str, sm: SourceMap) -> None:
        self.s = text
        self.i = 0
        self.sm = sm
        self.table: Path = ()
        self.aot_count: dict[Path, int] = {}

    def run(self) -> None:
        s = self.s
        while True:
            self.i = _WS_NL_COMMENT.match(s, self.i).end()
            if self.i >= len(s):
                return
            start = self.i
            if s.startswith("[[", self.i):
                self.i += 2
                parts = self._key()
                self.i = s.index("]]", self.i) + 2
                base = self._resolve(parts[:-1]) + (parts[-1],)
                index = self.aot_count.get(base, -1) + 1
                self.aot_count[base] = index
                self.table = base + (index,)
                self.sm._record(base, start, None)
                self.sm._record(self.table, start, start)
            elif s[self.i] == "[":
                self.i += 1
                parts = self._key()
                self.i = s.index("]", self.i) + 1
                self.table = self._resolve(parts)
                self.sm._record(self.table, start, start)
            else:
                self._key_value(self.table)

    def _resolve(self, parts: list[str]) -> Path:
        path: Path = ()
        for part in parts:
            path += (part,)
            if path in self.aot_count:
                path += (self.aot_count[path],)
        return path

    def _key(self) -> list[str]:
        s = self.s
        parts: list[str] = []
        while True:
            self.i = _WS.match(s, self.i).end()
            ch = s[self.i]
            if ch in "\"'":
                begin = self.i
                self._skip_string()
                raw = s[begin : self.i]
                import tomllib  # only quoted keys need it: let the TOML parser decode them

                parts.append(next(iter(tomllib.loads(f"{raw} = 0"))))
            else:
                m = _BARE_KEY.match(s, self.i)
                parts.append(m.group())
                self.i = m.end()
            self.i = _WS.match(s, self.i).end()
            if self.i < len(s) and s[self.i] == ".":
                self.i += 1
                continue
            return parts

    def _key_value(self, base: Path) -> None:
        key_at = self.i
        parts = self._key()
        path = base
        for part in parts:
            path += (part,)
            self.sm._record(path, key_at, None)
        self.i = _WS.match(self.s, self.i).end() + 1  # the "="
        self.i = _WS.match(self.s, self.i).end()
        self._value(path)

    def _value(self, path: Path) -> None:
        s = self.s
        self.sm._record(path, None, self.i)
        ch = s[self.i]
        if ch in "\"'":
            self._skip_string()
        elif ch == "{":
            self.i += 1
            while True:
                self.i = _WS.match(s, self.i).end()
                if s[self.i] == "}":
                    self.i += 1
                    return
                if s[self.i] == ",":
                    self.i += 1
                    continue
                self._key_value(path)
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self.i = _WS_NL_COMMENT.match(s, self.i).end()
                if s[self.i] == "]":
                    self.i += 1
                    return
                if s[self.i] == ",":
                    self.i += 1
                    continue
                self._value(path + (index,))
                index += 1
        else:
            m = _SCALAR_END.search(s, self.i)
            self.i = m.start() if m else len(s)

    def _skip_string(self) -> None:
        self.i = skip_toml_string(self.s, self.i)


def skip_toml_string(s: str, i: int) -> int:
    r"""Offset just after the TOML string starting at ``i`` (any of the four kinds).

    >>> skip_toml_string(r'a = "x\"y" # c', 4)
    10
    >>> skip_toml_string("'it' = 1", 0)
    4
    """
    quote = s[i]
    if s.startswith(quote * 3, i):
        end = i + 3
        while True:
            end = s.index(quote * 3, end)
            if quote == '"' and _escaped(s, end):
                end += 1
                continue
            break
        end += 3
        while end < len(s) and s[end] == quote:  # up to two quotes may close the content
            end += 1
        return end
    end = i + 1
    while True:
        end = s.index(quote, end)
        if quote == '"' and _escaped(s, end):
            end += 1
            continue
        return end + 1


def _escaped(s: str, at: int) -> bool:
    backslashes = 0
    j = at - 1
    while j >= 0 and s[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1


class _JsonScanner:
    """Scanner for text that ``json`` has already accepted."""

    def __init__(self, text: str, sm: SourceMap) -> None:
        self.s = text
        self.i = 0
        self.sm = sm

    def run(self) -> None:
        self._ws()
        self._value(())

    def _ws(self) -> None:
        self.i = _JSON_WS.match(self.s, self.i).end()

    def _string(self) -> str:
        begin = self.i
        end = self.i + 1
        while True:
            end = self.s.index('"', end)
            if _escaped(self.s, end):
                end += 1
                continue
            break
        self.i = end + 1
        return json.loads(self.s[begin : self.i])

    def _value(self, path: Path) -> None:
        s = self.s
        self.sm._record(path, None, self.i)
        ch = s[self.i]
        if ch == "{":
            self.i += 1
            while True:
                self._ws()
                if s[self.i] == "}":
                    self.i += 1
                    return
                if s[self.i] == ",":
                    self.i += 1
                    continue
                key_at = self.i
                name = self._string()
                self._ws()
                self.i += 1  # ":"
                self._ws()
                self.sm._record(path + (name,), key_at, None)
                self._value(path + (name,))
        elif ch == "[":
            self.i += 1
            index = 0
            while True:
                self._ws()
                if s[self.i] == "]":
                    self.i += 1
                    return
                if s[self.i] == ",":
                    self.i += 1
                    continue
                self._value(path + (index,))
                index += 1
        elif ch == '"':
            self._string()
        else:
            self.i = _JSON_SCALAR.match(s, self.i).end()
