"""Where each key and value of a TOML or JSON document is, by key path.

The parsers (tomli, ``json``) give values but forget positions. To point every message at
the line and column the user wrote, we scan the (already valid) text once more and record,
for each key path such as ``("items", 3, "start")``, the position of its key and of its
value. TOML is scanned by the TOML document engine (:mod:`tripplan.tomldoc`: its statements,
its table numbering, and :func:`~tripplan.tomldoc.value_positions` inside values). The scan
happens only when a message needs a location, so a clean file costs nothing.

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

from tripplan.tomldoc.blocks import TableNumbering
from tripplan.tomldoc.scan import escaped, keyval_positions, scan

Path = tuple[str | int, ...]

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
        _record_toml(text, sm)
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


def _record_toml(text: str, sm: SourceMap) -> None:
    """Record every table, key and value of a TOML text that the parser accepted."""
    numbering = TableNumbering()
    table: Path = ()
    for stmt in scan(text):
        at = stmt.indent_end
        if stmt.kind == "header":
            table = numbering.header(stmt)
            if stmt.array:
                sm._record(table[:-1], at, None)
            sm._record(table, at, at)
        elif stmt.kind == "keyval":
            keyval_positions(text, at, table, sm._record)


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
            if escaped(self.s, end):
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
