"""The statements of a TOML text, with their spans: the one scanner of tripplan.

:func:`scan` cuts a text that the parser accepts into statements (blank lines, comment
lines, table headers, ``key = value`` lines) and records where each part is: indentation,
key, value, inline comment, comments inside a multi-line value. Everything that reads TOML
*as written* builds on it: the formatter, the edits and the loader's locator
(:func:`value_positions` walks into inline tables and arrays for it).

>>> text = 'title.en = "T"  # why\\n\\n[[items]]\\nid = "a"\\n'
>>> [(s.kind, s.path) for s in scan(text)]
[('keyval', ('title', 'en')), ('blank', ()), ('header', ('items',)), ('keyval', ('id',))]
>>> first = scan(text)[0]
>>> text[first.value_start:first.value_end], text[first.comment_start:first.line_end(text)]
('"T"', '# why')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tripplan.tomldoc.parse import quoted_key

KeyPath = tuple[str | int, ...]


@dataclass
class Stmt:
    """One statement of a TOML text: a blank line, a comment line, a header or a key/value.

    Offsets are into the text; ``end`` is just after the statement's last newline.
    """

    kind: str  # "blank" | "comment" | "header" | "keyval"
    start: int
    end: int
    indent_end: int = 0
    path: tuple[str, ...] = ()
    array: bool = False
    key_end: int = 0
    value_start: int = 0
    value_end: int = 0
    comment_start: int | None = None
    inner_comments: list[int] = field(default_factory=list)

    def line_end(self, text: str) -> int:
        """End of the statement's last line, without its newline."""
        end = self.end
        if end > self.start and text[end - 1] == "\n":
            end -= 1
        if end > self.start and text[end - 1] == "\r":
            end -= 1
        return end

    def comments(self) -> list[int]:
        """Offsets of the statement's comments: inside its value, then inline."""
        starts = list(self.inner_comments)
        if self.comment_start is not None:
            starts.append(self.comment_start)
        return starts


_BARE = re.compile(r"[A-Za-z0-9_-]+")
_WS = re.compile(r"[ \t]*")
_WS_NL_COMMENT = re.compile(r"(?:[ \t\r\n]+|#[^\n]*)*")
_SCALAR_END = re.compile(r"[,\]}\n#]")


def _skip_ws(s: str, i: int) -> int:
    return _WS.match(s, i).end()


def _after_line(s: str, i: int) -> int:
    """Offset just after the newline ending the line that contains ``i``."""
    j = s.find("\n", i)
    return len(s) if j < 0 else j + 1


def read_key(s: str, i: int) -> tuple[tuple[str, ...], int]:
    """The dotted key starting at ``i`` (spaces allowed) and the offset just after it.

    >>> read_key('a . "b c".d = 1', 0)
    (('a', 'b c', 'd'), 11)
    """
    parts: list[str] = []
    while True:
        i = _skip_ws(s, i)
        if s[i] in "\"'":
            j = skip_toml_string(s, i)
            parts.append(quoted_key(s[i:j]))
        else:
            m = _BARE.match(s, i)
            if m is None:
                raise ValueError(f"no key at offset {i}")
            j = m.end()
            parts.append(m.group())
        i = _skip_ws(s, j)
        if i < len(s) and s[i] == ".":
            i += 1
            continue
        return tuple(parts), j


def _skip_value(s: str, i: int, comments: list[int]) -> int:
    ch = s[i]
    if ch in "\"'":
        return skip_toml_string(s, i)
    if ch in "[{":
        depth = 0
        while True:
            ch = s[i]
            if ch in "\"'":
                i = skip_toml_string(s, i)
                continue
            if ch == "#":
                comments.append(i)
                i = s.find("\n", i)
                continue
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
    j = i
    while j < len(s) and s[j] not in "#\n":
        j += 1
    while j > i and s[j - 1] in " \t\r":
        j -= 1
    return j


def scan(text: str) -> list[Stmt]:
    """The statements of a TOML text that the parser accepts.

    >>> [(s.kind, s.path) for s in scan('# c\\na.b = 1\\n\\n[[items]]\\nid = "x"\\n')]
    [('comment', ()), ('keyval', ('a', 'b')), ('blank', ()), ('header', ('items',)), \
('keyval', ('id',))]
    """
    out: list[Stmt] = []
    i, n = 0, len(text)
    while i < n:
        start = i
        j = _skip_ws(text, i)
        ch = text[j] if j < n else "\n"
        if ch == "\n" or text.startswith("\r\n", j):
            out.append(Stmt("blank", start, _after_line(text, j), indent_end=j))
        elif ch == "#":
            out.append(Stmt("comment", start, _after_line(text, j), indent_end=j,
                            comment_start=j))
        elif ch == "[":
            out.append(_header(text, start, j))
        else:
            out.append(_keyval(text, start, j))
        i = out[-1].end
    return out


def _header(text: str, start: int, j: int) -> Stmt:
    array = text.startswith("[[", j)
    path, k = read_key(text, j + (2 if array else 1))
    k = _skip_ws(text, k) + (2 if array else 1)
    stmt = Stmt("header", start, 0, indent_end=j, path=path, array=array,
                key_end=k, value_start=k, value_end=k)
    return _finish_line(text, stmt, k)


def _keyval(text: str, start: int, j: int) -> Stmt:
    path, key_end = read_key(text, j)
    k = _skip_ws(text, key_end)
    if text[k] != "=":
        raise ValueError(f"expected = at offset {k}")
    value_start = _skip_ws(text, k + 1)
    stmt = Stmt("keyval", start, 0, indent_end=j, path=path, key_end=key_end,
                value_start=value_start)
    stmt.value_end = _skip_value(text, value_start, stmt.inner_comments)
    return _finish_line(text, stmt, stmt.value_end)


def _finish_line(text: str, stmt: Stmt, k: int) -> Stmt:
    k = _skip_ws(text, k)
    if k < len(text) and text[k] == "#":
        stmt.comment_start = k
    stmt.end = _after_line(text, k)
    return stmt


def comment_texts(text: str, stmts: list[Stmt] | None = None) -> list[str]:
    """Every comment of the text (``# ...`` to the end of its line, trailing spaces removed).

    >>> comment_texts('a = [ # one\\n  1,\\n]  # two\\n# three\\n')
    ['# one', '# two', '# three']
    """
    found: list[tuple[int, str]] = []
    for stmt in stmts if stmts is not None else scan(text):
        for at in stmt.comments():
            end = text.find("\n", at)
            found.append((at, text[at : len(text) if end < 0 else end].rstrip()))
    return [t for _, t in sorted(found)]


Record = Callable[[KeyPath, "int | None", "int | None"], None]
"""Told ``(path, key offset, value offset)`` for each key and value found."""


def value_positions(s: str, i: int, path: KeyPath, record: Record) -> int:
    """Walk the value starting at ``i``: ``record`` each key and value inside inline tables
    and arrays (array elements by index); return the offset just after the value.

    >>> found = []
    >>> value_positions('{ a = [1, { b = 2 }] }', 0, ("t",), lambda *f: found.append(f))
    22
    >>> found  # doctest: +NORMALIZE_WHITESPACE
    [(('t',), None, 0), (('t', 'a'), 2, None), (('t', 'a'), None, 6),
     (('t', 'a', 0), None, 7), (('t', 'a', 1), None, 10), (('t', 'a', 1, 'b'), 12, None),
     (('t', 'a', 1, 'b'), None, 16)]
    """
    record(path, None, i)
    ch = s[i]
    if ch in "\"'":
        return skip_toml_string(s, i)
    if ch == "{":
        return _inline_table(s, i + 1, path, record)
    if ch == "[":
        return _array(s, i + 1, path, record)
    m = _SCALAR_END.search(s, i)
    return m.start() if m else len(s)


def _inline_table(s: str, i: int, path: KeyPath, record: Record) -> int:
    while True:
        i = _skip_ws(s, i)
        if s[i] == "}":
            return i + 1
        if s[i] == ",":
            i += 1
            continue
        i = keyval_positions(s, i, path, record)


def _array(s: str, i: int, path: KeyPath, record: Record) -> int:
    index = 0
    while True:
        i = _WS_NL_COMMENT.match(s, i).end()
        if s[i] == "]":
            return i + 1
        if s[i] == ",":
            i += 1
            continue
        i = value_positions(s, i, (*path, index), record)
        index += 1


def keyval_positions(s: str, i: int, table: KeyPath, record: Record) -> int:
    """Walk ``key = value`` at ``i`` in ``table``: each prefix of a dotted key is recorded
    at the key's offset, then the value (see :func:`value_positions`)."""
    parts, j = read_key(s, i)
    path = table
    for part in parts:
        path = (*path, part)
        record(path, i, None)
    j = _skip_ws(s, _skip_ws(s, j) + 1)  # past the "="
    return value_positions(s, j, path, record)


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
            if quote == '"' and escaped(s, end):
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
        if quote == '"' and escaped(s, end):
            end += 1
            continue
        return end + 1


def escaped(s: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    backslashes = 0
    j = at - 1
    while j >= 0 and s[j] == "\\":
        backslashes += 1
        j -= 1
    return backslashes % 2 == 1
