"""Editing trips without losing a byte: ``new``, ``add``, ``set``, ``move``, ``cancel``,
``rm``, ``edit`` and ``convert`` as library functions.

How an edit is made
-------------------

Every edit goes through :func:`tripplan.storage.edit_file`: under the trip's lock the
current bytes are read, the change is made, the result is checked, and the file is replaced
atomically with the previous version kept in ``.tripplan-backup/`` beside the trip. If
anything goes wrong nothing is written.

* TOML files are edited as text, statement by statement (:mod:`tripplan.fmt` knows where
  each key, table and comment is): only the lines of the keys that change are rewritten,
  so every comment, blank line and key order the officer wrote survives. A changed value
  keeps its inline comment, still aligned. A removed key leaves its inline comment behind
  as a comment line. A new key goes to its canonical place in its table
  (:data:`tripplan.fmt.ITEM_ORDER`); a new item is written in the hand-written style
  (dotted ``title.ja`` keys, a blank line before ``[[items]]``).
* JSON files are edited as data and written with stable formatting
  (:func:`tripplan.fmt.dump_json` layout, existing key order kept, new keys in canonical
  place).

Before writing, the new text is loaded and checked with validate's rules. An edit is
refused when it would **introduce** a problem:

* a value the trip format cannot load (wrong type, unknown status, ...): an input error,
  exit 2, never written (not even with ``--force``);
* a new error-level finding (e.g. ``R002`` unknown place): :class:`FindingsError`, exit 1,
  unless ``force`` (then it is written and reported);
* a local time that does not exist or happens twice (DST gap or fold) in the item's zone:
  exit 2, with the candidates.

Problems the file already had do not block an unrelated edit (so a half-finished trip can
still be edited). Each saved change raises the trip's ``revision`` by one (the key is added
after ``end`` if missing); a revision the user set higher by hand is kept.

>>> text = '''id = "t"  # the id
... title = "T"
... home_timezone = "Asia/Tokyo"
... start = 2024-06-20
... end = 2024-06-22
...
... [[items]]
... id = "a"
... kind = "meeting"
... title.en = "A"
... date = 2024-06-21            # time not fixed yet
... '''
>>> doc = TripDocument(text, "toml")
>>> doc.set(("items", 0, "status"), "tentative")
>>> doc.set(("items", 0, "date"), dt.date(2024, 6, 22))
>>> print(doc.dumps(), end="")
id = "t"  # the id
title = "T"
home_timezone = "Asia/Tokyo"
start = 2024-06-20
end = 2024-06-22
<BLANKLINE>
[[items]]
id = "a"
kind = "meeting"
title.en = "A"
status = "tentative"
date = 2024-06-22            # time not fixed yet
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import json
import os
import re
import shlex
import subprocess
import tomllib
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tripplan.diagnostics import Diagnostic, Severity
from tripplan.errors import FindingsError, InputError, UsageError
from tripplan.fmt import (
    Block,
    Stmt,
    blocks,
    canonical_data,
    comment_texts,
    dump_json,
    key_rank,
    scan,
    width,
)

if typing.TYPE_CHECKING:
    from tripplan.diff import TripDiff
    from tripplan.load import LoadedTrip, LoadError
    from tripplan.model import Trip

SECTIONS = ("people", "places", "contacts", "footnotes")
"""Trip tables whose entries are written as their own ``[section.id]`` tables."""


# --- TOML text of values ------------------------------------------------------------------

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


def toml_string(text: str) -> str:
    """A TOML basic string; non-ASCII characters are kept as they are.

    >>> print(toml_string('say "こんにちは"\\n'))
    "say \\"こんにちは\\"\\n"
    """
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
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


def keyval_lines(key: tuple[str, ...], value: Any) -> list[str]:
    """Lines of ``key = value`` in the hand-written style: tables as dotted keys, lists of
    tables one per line.

    >>> keyval_lines(("title",), {"ja": "会談", "en": "Meeting"})
    ['title.ja = "会談"', 'title.en = "Meeting"']
    >>> keyval_lines(("counterparts",), [{"title": {"en": "Governor"}}])
    ['counterparts = [', '  { title.en = "Governor" },', ']']
    """
    name = ".".join(toml_key(k) for k in key)
    if isinstance(value, dict) and value:
        lines: list[str] = []
        for sub, sub_value in value.items():
            lines.extend(keyval_lines((*key, sub), sub_value))
        return lines
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"{name} = [", *(f"  {toml_value(v)}," for v in value), "]"]
    return [f"{name} = {toml_value(value)}"]


def render_toml(data: dict) -> str:
    """A whole trip as TOML in the hand-written style (used by ``convert --to toml``).

    Root keys first, then ``[people.<id>]``, ``[places.<id>]``, ``[contacts.<id>]``,
    ``[footnotes."<id>"]`` tables and ``[[items]]``, each after a blank line.
    """
    data = canonical_data(data)
    lines: list[str] = []
    for key, value in data.items():
        if key in SECTIONS and isinstance(value, dict) and value or key == "items" and value:
            continue
        lines.extend(keyval_lines((key,), value))
    for section in SECTIONS:
        for entry_id, entry in (data.get(section) or {}).items():
            lines.extend(["", f"[{section}.{toml_key(entry_id)}]"])
            for key, value in entry.items():
                lines.extend(keyval_lines((key,), value))
    for item in data.get("items") or []:
        lines.extend(["", "[[items]]"])
        for key, value in item.items():
            lines.extend(keyval_lines((key,), value))
    return "\n".join(lines) + "\n"


def json_value(value: Any) -> Any:
    """A value as JSON data (dates and times as ISO 8601 text)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds" if not value.microsecond else "auto")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


# --- documents ------------------------------------------------------------------------------

_DELETE = object()


class TripDocument:
    """A trip file's text with editing operations that keep everything else as it was.

    Paths are tuples of keys as in the data: ``("items", 3, "title", "en")``,
    ``("places", "bangkok", "timezone")``, ``("revision",)``.
    """

    def __init__(self, text: str, fmt: str) -> None:
        self.fmt = fmt
        self.original = text
        self.crlf = "\r\n" in text and "\n" not in text.replace("\r\n", "")
        self.text = text.replace("\r\n", "\n") if self.crlf else text
        self._json: dict | None = None
        self._dirty = False
        if fmt == "json":
            self._json = json.loads(text)

    # reading
    def data(self) -> dict:
        if self._json is not None:
            return self._json
        return tomllib.loads(self.text)

    def get(self, path: tuple, default: Any = None) -> Any:
        node: Any = self.data()
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def has(self, path: tuple) -> bool:
        return self.get(path, _DELETE) is not _DELETE

    @property
    def changed(self) -> bool:
        if self._json is not None:
            return self._dirty
        return self.dumps() != self.original

    def dumps(self) -> str:
        if self._json is not None:
            if not self._dirty:
                return self.original
            return json.dumps(self._json, ensure_ascii=False, indent=2) + "\n"
        return self.text.replace("\n", "\r\n") if self.crlf else self.text

    def item_index(self, item_id: str) -> int:
        """Index of the item with id ``item_id``; a usage error (with "did you mean") if none."""
        items = self.data().get("items") or []
        ids = [it.get("id") if isinstance(it, dict) else None for it in items]
        found = [i for i, x in enumerate(ids) if x == item_id]
        if not found:
            known = [str(x) for x in ids if x]
            close = difflib.get_close_matches(item_id, known, n=1, cutoff=0.5)
            hint = f'did you mean "{close[0]}"?' if close else (
                "item ids: " + ", ".join(known) if known else "the trip has no items yet")
            raise UsageError(f'no item "{item_id}" in this trip', hint=hint)
        if len(found) > 1:
            raise UsageError(f'{len(found)} items have the id "{item_id}"',
                             hint="give each item its own id first (tripplan edit TRIP)")
        return found[0]

    # writing
    def set(self, path: tuple, value: Any) -> None:
        current = self.get(path, _DELETE)
        target = json_value(value) if self._json is not None else value
        if current is not _DELETE and current == target and type(current) is type(target):
            return
        if self._json is not None:
            self._json_set(path, json_value(value))
        else:
            self.text = _checked(_toml_set(self.text, path, value))

    def unset(self, path: tuple) -> None:
        if not self.has(path):
            return
        if self._json is not None:
            parent = self.get(path[:-1])
            del parent[path[-1]]
            self._dirty = True
        else:
            self.text = _checked(_toml_set(self.text, path, _DELETE))

    def replace_key(self, path: tuple, new_key: str, value: Any) -> None:
        """Replace key ``path`` by ``new_key = value`` in the same place (keeping its comment)."""
        if self._json is not None:
            parent = self.get(path[:-1])
            items = [(new_key if k == path[-1] else k, json_value(value) if k == path[-1]
                      else v) for k, v in parent.items() if k != new_key]
            parent.clear()
            parent.update(items)
            self._dirty = True
            return
        self.text = _checked(_toml_rename(self.text, path, new_key, value))

    def insert_item(self, item: dict, anchor: tuple) -> None:
        """Insert a new item. ``anchor``: ``("after", j)`` just after item j, ``("before", j)``
        just above item j (below comments between them), ``("before-gap", j)`` above item j
        and the comment blocks before it, ``("end",)`` at the end of the file."""
        if self._json is not None:
            items = self._json.setdefault("items", [])
            where = {"after": lambda j: j + 1, "before": lambda j: j,
                     "before-gap": lambda j: j}.get(anchor[0])
            items.insert(where(anchor[1]) if where else len(items), json_value(item))
            self._dirty = True
            return
        self.text = _checked(_toml_insert_item(self.text, item, anchor))

    def remove_item(self, index: int) -> None:
        if self._json is not None:
            del self._json["items"][index]
            self._dirty = True
            return
        self.text = _checked(_toml_remove_item(self.text, index))

    def _json_set(self, path: tuple, value: Any) -> None:
        node: Any = self._json
        for depth, part in enumerate(path[:-1]):
            if isinstance(node, dict) and part not in node:
                _insert_ordered(node, part, {}, path[:depth])
            node = node[part]
            if not isinstance(node, dict | list):
                raise UsageError(f"{'.'.join(map(str, path[: depth + 1]))} is not a table")
        key = path[-1]
        if isinstance(node, dict) and key not in node:
            _insert_ordered(node, key, value, path[:-1])
        else:
            node[key] = value
        self._dirty = True


def _insert_ordered(table: dict, key: str, value: Any, path: tuple) -> None:
    """Add ``key`` to a JSON object at its canonical place among the existing keys."""
    rank = key_rank(path, key)
    items = list(table.items())
    at = 0
    for i, (k, _) in enumerate(items):
        if key_rank(path, k) <= rank:
            at = i + 1
    items.insert(at, (key, value))
    table.clear()
    table.update(items)


def _checked(text: str) -> str:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:  # pragma: no cover - a bug in the editing code
        raise RuntimeError(f"an edit produced invalid TOML ({err}); nothing was written") from err
    return text


def _block_for(bls: list[Block], path: tuple) -> Block:
    best = bls[0]
    for block in bls[1:]:
        n = len(block.path)
        if path[:n] == block.path and n > len(best.path):
            best = block
    if path and path[0] == "items" and len(path) > 1 and best.path[:2] != path[:2]:
        raise UsageError("the items of this file are not written as [[items]] tables",
                         hint="edit it with `tripplan edit`, or convert it: tripplan convert "
                              "FILE --to json, then back --to toml")
    return best


def _comment_lines(text: str, stmt: Stmt) -> list[str]:
    indent = text[stmt.start : stmt.indent_end]
    starts = list(stmt.inner_comments)
    if stmt.comment_start is not None:
        starts.append(stmt.comment_start)
    lines = []
    for at in sorted(starts):
        end = text.find("\n", at)
        lines.append(indent + text[at : len(text) if end < 0 else end].rstrip())
    return lines


def _newline_of(text: str, stmt: Stmt) -> str:
    return text[stmt.line_end(text) : stmt.end]


def _with_comment(text: str, stmt: Stmt, code: str) -> str:
    """``code`` followed by the statement's inline comment, at the same column if possible."""
    if stmt.comment_start is None:
        return code
    comment = text[stmt.comment_start : stmt.line_end(text)].rstrip()
    line_start = text.rfind("\n", 0, stmt.comment_start) + 1
    column = width(text[line_start : stmt.comment_start])
    old_pad = stmt.comment_start - stmt.value_end if stmt.kind == "keyval" else 2
    last = code.rsplit("\n", 1)[-1]
    pad = max(min(2, max(old_pad, 1)), column - width(last))
    return code + " " * pad + comment


def _toml_set(text: str, path: tuple, value: Any) -> str:
    stmts = scan(text)
    bls = blocks(text, stmts)
    block = _block_for(bls, path)
    rest = tuple(path[len(block.path) :])
    kvs = block.keyvals()
    for stmt in kvs:
        if stmt.path == rest:
            if value is _DELETE:
                return _remove_stmts(text, [stmt])
            if isinstance(value, dict) and value:
                lines = _comment_lines(text, stmt) + keyval_lines(rest, value)
                return _replace_stmt(text, stmt, lines)
            prefix = text[stmt.start : stmt.value_start]
            code = _with_comment(text, stmt, prefix + _value_text(value))
            return text[: stmt.start] + code + _newline_of(text, stmt) + text[stmt.end :]
    for stmt in kvs:
        n = len(stmt.path)
        if n < len(rest) and rest[:n] == stmt.path:
            return _tomlkit_edit(text, stmt, rest[n:], value)
    children = [s for s in kvs if len(s.path) > len(rest) and s.path[: len(rest)] == rest]
    if children:
        if value is _DELETE:
            return _remove_stmts(text, children)
        lines = [line for s in children for line in _comment_lines(text, s)]
        lines += keyval_lines(rest, value)
        first, others = children[0], children[1:]
        text = _remove_stmts(text, others, keep_comments=False)
        return _replace_stmt(text, scan_find(text, first.start), lines)
    deeper = [b for b in bls if len(b.path) > len(block.path)
              and b.path[: len(block.path) + len(rest)] == block.path + rest]
    if deeper:
        shown = ".".join(str(p) for p in deeper[0].path)
        raise UsageError(f"{shown} is written as its own table [{shown}]",
                         hint="set its keys one by one, e.g. " + shown + ".name.en=…")
    if value is _DELETE:
        return text
    if block.header is None and len(rest) >= 2 and rest[0] in SECTIONS:
        return _new_section_table(text, bls, rest[:2], rest[2:], value)
    return _insert_keyval(text, bls, block, rest, value)


def scan_find(text: str, start: int) -> Stmt:
    """The statement starting at offset ``start`` (after an edit before it, offsets hold)."""
    for stmt in scan(text):
        if stmt.start == start:
            return stmt
    raise RuntimeError("statement lost during an edit")  # pragma: no cover


def _value_text(value: Any) -> str:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "\n".join(keyval_lines(("x",), value))[len("x = ") :]
    return toml_value(value)


def _replace_stmt(text: str, stmt: Stmt, lines: list[str]) -> str:
    indent = text[stmt.start : stmt.indent_end]
    new = "".join(indent + line + "\n" for line in lines)
    if not _newline_of(text, stmt):
        new = new[:-1]
    return text[: stmt.start] + new + text[stmt.end :]


def _remove_stmts(text: str, stmts: list[Stmt], *, keep_comments: bool = True) -> str:
    for stmt in sorted(stmts, key=lambda s: s.start, reverse=True):
        lines = _comment_lines(text, stmt) if keep_comments else []
        if lines:
            text = text[: stmt.start] + "".join(line.rstrip() + "\n" for line in lines) \
                + text[stmt.end :]
        else:
            text = text[: stmt.start] + text[stmt.end :]
    return text


def _tomlkit_edit(text: str, stmt: Stmt, inner: tuple, value: Any) -> str:
    """Change a key inside an inline table (``title = { ja = "…" }``) with tomlkit."""
    import tomlkit

    source = text[stmt.indent_end : stmt.end]
    doc = tomlkit.parse(source if source.endswith("\n") else source + "\n")
    node: Any = doc
    for part in stmt.path:
        node = node[part]
    shown = ".".join(stmt.path)
    for part in inner[:-1]:
        if not isinstance(node, dict):
            break
        if part not in node:
            if value is _DELETE:
                return text
            node[part] = tomlkit.inline_table()
        node = node[part]
    if not isinstance(node, dict):
        raise UsageError(f"{shown} is a single value, not a table",
                         hint=f'replace it whole ({shown}="…"), or give each language: '
                              f"{shown}.ja=… {shown}.en=…")
    if value is _DELETE:
        if inner[-1] not in node:
            return text
        del node[inner[-1]]
    else:
        node[inner[-1]] = value
    new = tomlkit.dumps(doc)
    if not source.endswith("\n"):
        new = new.rstrip("\n")
    return text[: stmt.indent_end] + new + text[stmt.end :]


def _toml_rename(text: str, path: tuple, new_key: str, value: Any) -> str:
    bls = blocks(text)
    block = _block_for(bls, path)
    rest = tuple(path[len(block.path) :])
    for stmt in block.keyvals():
        if stmt.path == rest:
            indent = text[stmt.start : stmt.indent_end]
            code = _with_comment(text, stmt, f"{indent}{toml_key(new_key)} = {toml_value(value)}")
            return text[: stmt.start] + code + _newline_of(text, stmt) + text[stmt.end :]
    raise RuntimeError(f"no key {path} to replace")  # pragma: no cover - callers check


def _insert_at(text: str, pos: int, new: str) -> str:
    if pos > 0 and text[pos - 1] != "\n":
        new = "\n" + new
    return text[:pos] + new + text[pos:]


def _insert_keyval(text: str, bls: list[Block], block: Block, rest: tuple, value: Any) -> str:
    lines = keyval_lines(rest, value)
    new = "".join(line + "\n" for line in lines)
    kvs = block.keyvals()
    rank = key_rank(block.path, rest[0])
    before = [s for s in kvs if key_rank(block.path, s.path[0]) <= rank]
    if before:
        return _insert_at(text, before[-1].end, new)
    if kvs:
        at = block.body.index(kvs[0])
        while at > 0 and block.body[at - 1].kind == "comment":
            at -= 1
        return _insert_at(text, block.body[at].start, new)
    if block.header is not None:
        return _insert_at(text, block.header.end, new)
    if len(bls) > 1:  # a root table with no keys yet: before the first table
        return _insert_at(text, bls[1].start, new + "\n")
    return _insert_at(text, len(text), new)


def _new_section_table(text: str, bls: list[Block], table: tuple, rest: tuple,
                       value: Any) -> str:
    lines = [f"[{table[0]}.{toml_key(table[1])}]"]
    lines += keyval_lines(rest, value) if rest else []
    new = "\n" + "".join(line + "\n" for line in lines)
    same = [b for b in bls[1:] if b.path[:1] == table[:1]]
    rank = key_rank((), table[0])
    if same:
        anchor = same[-1]
    else:
        later = [i for i, b in enumerate(bls) if i and key_rank((), str(b.path[0])) > rank]
        anchor = bls[later[0] - 1] if later else bls[-1]
    return _insert_at(text, anchor.content_end(len(text)), new)


def _item_blocks(bls: list[Block]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i, block in enumerate(bls):
        if len(block.path) >= 2 and block.path[0] == "items" and isinstance(block.path[1], int):
            out.setdefault(block.path[1], []).append(i)
    return out


def item_block_text(item: dict) -> str:
    """A new ``[[items]]`` table in the hand-written style.

    >>> print(item_block_text({"id": "lunch", "kind": "meal", "title": {"en": "Lunch"},
    ...                        "date": dt.date(2024, 6, 21)}), end="")
    [[items]]
    id = "lunch"
    kind = "meal"
    title.en = "Lunch"
    date = 2024-06-21
    """
    lines = ["[[items]]"]
    for key, value in canonical_data({"items": [item]})["items"][0].items():
        lines.extend(keyval_lines((key,), value))
    return "\n".join(lines) + "\n"


def _toml_insert_item(text: str, item: dict, anchor: tuple) -> str:
    bls = blocks(text)
    owned = _item_blocks(bls)
    new = item_block_text(item)
    if not text.endswith("\n") and text:
        text += "\n"
    kind = anchor[0]
    if kind == "after" and anchor[1] in owned:
        last = bls[owned[anchor[1]][-1]]
        return _insert_at(text, last.content_end(len(text)), "\n" + new)
    if kind == "before" and anchor[1] in owned:
        return _insert_at(text, bls[owned[anchor[1]][0]].start, new + "\n")
    if kind == "before-gap" and anchor[1] in owned:
        previous = bls[owned[anchor[1]][0] - 1]
        return _insert_at(text, previous.content_end(len(text)), "\n" + new)
    if "items" in tomllib.loads(text):  # items, but not as [[items]] tables
        raise UsageError("the items of this file are not written as [[items]] tables",
                         hint="edit it with `tripplan edit`")
    return text + ("\n" if text else "") + new


def _toml_remove_item(text: str, index: int) -> str:
    bls = blocks(text)
    owned = _item_blocks(bls)
    if index not in owned:
        raise UsageError("the items of this file are not written as [[items]] tables",
                         hint="edit it with `tripplan edit`")
    first, last = bls[owned[index][0]], bls[owned[index][-1]]
    start = first.start
    end = last.content_end(len(text))
    _, _, gap = last.split()
    for stmt in gap:
        if stmt.kind != "blank":
            break
        end = stmt.end
    new = text[:start] + text[end:]
    trailing = len(text) - len(text.rstrip("\n"))
    if len(new) - len(new.rstrip("\n")) > max(trailing, 1):
        new = new.rstrip("\n") + "\n" * max(trailing, 1)
    return new


# --- values typed on the command line -------------------------------------------------------


def parse_key(key: str) -> tuple[str, ...]:
    """A dotted key as TOML reads it: ``title.en``, ``footnotes."1".text.ja``.

    >>> parse_key('title.en'), parse_key('footnotes."1".text')
    (('title', 'en'), ('footnotes', '1', 'text'))
    """
    try:
        data = tomllib.loads(f"{key} = 0")
    except tomllib.TOMLDecodeError:
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
    import enum

    from pydantic import BaseModel

    from tripplan.model import Text, Trip, unwrap_annotation

    annotation: Any = Trip
    where = "the trip"
    for depth, part in enumerate(path):
        annotation = unwrap_annotation(annotation)
        if annotation is Text:
            if depth == len(path) - 1:
                return "str"
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
            where = {"items": "an item", "people": "a person", "places": "a place",
                     "contacts": "a contact", "footnotes": "a footnote"}.get(str(part),
                                                                              f'"{part}"')
            continue
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is list and args and isinstance(part, int):
            annotation = args[0]
        elif origin is dict and len(args) == 2:
            annotation = args[1]
        else:
            raise UsageError(f"{'.'.join(map(str, path[:depth]))} has no key \"{part}\"")
    annotation = unwrap_annotation(annotation)
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


def _toml_literal(raw: str) -> tuple[bool, Any]:
    try:
        data = tomllib.loads(f"v = {raw}\n")
    except tomllib.TOMLDecodeError:
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
        from tripplan.parse_input import parse_date

        results = [parse_date(raw, default_year=y) for y in self._years()]
        return self._pick(results, lambda d: d)

    def datetime(self, raw: str, default_date: dt.date | None = None) -> dt.datetime:
        from tripplan.parse_input import parse_datetime

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
        raise UsageError(f"{key}= has no value", hint=f"to remove the key use --unset {key}")
    if kind in ("str", "text"):
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
        ok, value = _toml_literal(raw.strip())
        if ok and isinstance(value, int | float) and not isinstance(value, bool):
            if kind == "float":
                return float(value)
            if isinstance(value, int):
                return value
        what = "a whole number" if kind == "int" else "a number"
        raise UsageError(f'{key} takes {what}, not "{raw}"')
    if kind == "list_str":
        stripped = raw.strip()
        if stripped.startswith("["):
            ok, value = _toml_literal(stripped)
            if not ok or not isinstance(value, list):
                raise UsageError(f"{key}: {raw} is not a TOML list",
                                 hint=f'write {key}=["a", "b"] or {key}=a,b')
            return value
        return [part.strip() for part in raw.split(",") if part.strip()]
    ok, value = _toml_literal(raw.strip())
    if not ok:
        raise UsageError(f"{key} takes a TOML value, not {raw!r}",
                         hint=f'e.g. {key}=[{{ title.en = "Governor of Bangkok" }}] '
                              "(quote the whole argument for the shell)")
    return value


def split_assignment(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(f'"{text}" is not key=value',
                         hint='e.g. status=confirmed, title.en="New title", start=10:30')
    return key.strip(), value


# --- checking and writing ---------------------------------------------------------------------


class RefusedEdit(InputError):
    """An edit whose result could not be loaded as a trip (exit 2; never written)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("not saved: the trip would not load with this change; nothing was "
                         "changed", hint="fix the value (see above)")
        self.diagnostics = diagnostics


@dataclass
class _State:
    loaded: LoadedTrip | None
    diagnostics: list[Diagnostic]
    error: LoadError | None = None

    def require(self) -> LoadedTrip:
        if self.loaded is None:
            assert self.error is not None
            raise self.error
        return self.loaded


def _assess(text: str, path: Path, fmt: str) -> _State:
    from tripplan.load import LoadError, load_text
    from tripplan.rules import check_trip, select_rules

    try:
        loaded = load_text(text, path, fmt)
    except LoadError as err:
        return _State(None, err.diagnostics, err)
    return _State(loaded, check_trip(loaded, select_rules()))


def _fmt_of(path: Path) -> str:
    return "json" if path.suffix.lower() == ".json" else "toml"


def _offset_text(value: dt.datetime) -> str:
    return value.isoformat(timespec="minutes")[16:]


def check_local_times(trip: Trip, ids: set[str]) -> None:
    """Refuse local times of items ``ids`` that fall in a DST gap or fold of their zone."""
    from tripplan.zones import offset_label, resolve

    for t in resolve(trip):
        if t.item.id not in ids:
            continue
        for which, local, value, zone in (("start", t.start_local, t.item.start, t.start_zone),
                                          ("end", t.end_local, t.item.end, t.end_zone)):
            if local is None or value is None or local.status == "ok":
                continue
            wall = f"{value:%Y-%m-%d %H:%M}"
            who = f'item "{t.item.id}": {which} {wall}'
            if local.status == "nonexistent":
                walls = sorted(local.candidates, key=lambda c: c.replace(tzinfo=None))
                options = " or ".join(f"{c:%H:%M} ({offset_label(c)})" for c in walls)
                raise UsageError(f"{who} does not exist in {zone}: the clocks go forward then",
                                 hint=f"choose a time that exists, e.g. {options}")
            if local.status == "ambiguous":
                first, second = local.candidates
                raise UsageError(
                    f"{who} happens twice in {zone}: the clocks go back then "
                    f"({offset_label(first)} first, then {offset_label(second)})",
                    hint=f"give the offset to choose one: {value:%Y-%m-%dT%H:%M}"
                         f"{_offset_text(first)} or {value:%Y-%m-%dT%H:%M}{_offset_text(second)}")
            right = " or ".join(offset_label(c) for c in local.candidates)
            raise UsageError(f"{who}: the offset {offset_label(value)} is not used in {zone} "
                             f"at that time ({right})",
                             hint="give the right offset, or none")


@dataclass
class EditOutcome:
    """What an edit did, for the command to report."""

    path: Path
    changed: bool
    revision: int | None = None
    backup: Path | None = None
    item: str | None = None
    message: str = ""
    changes: TripDiff | None = None
    forced: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    draft: Path | None = None

    def to_json(self) -> dict[str, Any]:
        from tripplan.load import display_path

        return {
            "file": display_path(self.path), "changed": self.changed, "revision": self.revision,
            "backup": str(self.backup) if self.backup else None, "item": self.item,
            "message": self.message,
            "changes": self.changes.to_json() if self.changes is not None else None,
            "forced": [d.to_json() for d in self.forced],
            "warnings": [d.to_json() for d in self.warnings],
        }


@dataclass
class _Change:
    """What an operation reports back: the items whose times it set, a message, an item id."""

    touched: set[str] = field(default_factory=set)
    message: str = ""
    item: str | None = None


Operation = Callable[[TripDocument, _State], _Change]


def _bump_revision(doc: TripDocument, original: Any) -> None:
    current = doc.get(("revision",))
    if original is not None and (not isinstance(original, int) or isinstance(original, bool)):
        return  # not a number: the validation reports it; we do not overwrite it
    base = original or 0
    if isinstance(current, int) and not isinstance(current, bool) and current > base:
        return  # raised by hand: kept
    doc.set(("revision",), base + 1)


def _key(d: Diagnostic) -> tuple[str, str]:
    return d.code, d.message


def apply_edit(ref: str | Path, operation: Operation, *, force: bool = False,
               lock_timeout: float = 10.0, bump: bool = True) -> EditOutcome:
    """Run ``operation`` on trip ``ref`` under its lock, check the result, write it.

    ``operation(doc, before)`` changes ``doc`` (a :class:`TripDocument`); ``before`` holds the
    trip as it was (model and findings). See the module documentation for the checks.
    """
    from tripplan import storage
    from tripplan.catalog import find_trip
    from tripplan.diff import diff_trips
    from tripplan.load import display_path, parse_document, read_text

    path = find_trip(ref)
    read_text(path)  # a missing, binary or empty file is reported before anything else
    fmt = _fmt_of(path)
    box: dict[str, Any] = {}

    def transform(current: bytes) -> bytes:
        try:
            text = current.decode("utf-8")
        except UnicodeDecodeError:
            read_text(path)
            raise
        before = _assess(text, path, fmt)
        if before.error is not None:
            parse_document(text, fmt, display_path(path))  # not even TOML/JSON: say where
        doc = TripDocument(text, fmt)
        change = operation(doc, before)
        box["change"] = change
        if not doc.changed:
            return current
        if bump:
            _bump_revision(doc, doc_original_revision(text, fmt))
        new_text = doc.dumps()
        after = _assess(new_text, path, fmt)
        known = {_key(d) for d in before.diagnostics}
        new = [d for d in after.diagnostics if _key(d) not in known]
        errors = [d for d in new if d.severity is Severity.ERROR]
        if after.loaded is None and errors:
            raise RefusedEdit(errors)
        if change.touched and after.loaded is not None:
            check_local_times(after.loaded.trip, change.touched)
        if errors and not force:
            raise FindingsError(
                f"not saved: this change would make {display_path(path)} invalid "
                f"({len(errors)} error{'s' if len(errors) != 1 else ''}); nothing was changed "
                "(fix the change, or add --force to save it anyway as work in progress)",
                errors)
        box["forced"] = errors
        box["warnings"] = [d for d in new if d.severity is not Severity.ERROR]
        box["after"] = after.loaded
        box["before"] = before.loaded
        box["revision"] = doc.get(("revision",))
        return new_text.encode("utf-8")

    result = storage.edit_file(path, transform, timeout=lock_timeout)
    change: _Change = box.get("change") or _Change()
    outcome = EditOutcome(path, result.changed, backup=result.backup, item=change.item,
                          message=change.message)
    if result.changed:
        after, before = box["after"], box["before"]
        outcome.revision = box["revision"]
        outcome.forced = box["forced"]
        outcome.warnings = box["warnings"]
        if before is not None and after is not None:
            outcome.changes = diff_trips(before.trip, after.trip)
    return outcome


def doc_original_revision(text: str, fmt: str) -> Any:
    try:
        data = json.loads(text) if fmt == "json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError):
        return None
    return data.get("revision") if isinstance(data, dict) else None


# --- set ---------------------------------------------------------------------------------------


def set_fields(ref: str | Path, item_id: str | None, assignments: list[str],
               unset: list[str] | None = None, *, force: bool = False,
               lock_timeout: float = 10.0) -> EditOutcome:
    """``tripplan set TRIP ITEM key=value ...`` (``item_id`` None: the trip's own keys).

    Each value is read according to its key (see :func:`convert_value` and
    docs/editing.md): text keys take the text as typed, date and time keys every form of
    :mod:`tripplan.parse_input`, other keys a TOML value.
    """
    unset = unset or []
    if not assignments and not unset:
        raise UsageError("nothing to set", hint="give key=value pairs or --unset KEY")
    parsed = []
    base: tuple = () if item_id is None else ("items", 0)
    for text in assignments:
        key, raw = split_assignment(text)
        path = parse_key(key)
        _check_settable(path, item_id)
        parsed.append((key, path, raw, value_kind(base + path)))
    removals = []
    for key in unset:
        path = parse_key(key)
        _check_settable(path, item_id, removing=True)
        value_kind(base + path)
        removals.append((key, path))

    def operation(doc: TripDocument, before: _State) -> _Change:
        dates, day = _dates_of(doc, before, item_id)
        prefix: tuple = () if item_id is None else ("items", doc.item_index(item_id))
        for key, path, raw, kind in parsed:
            doc.set(prefix + path, convert_value(raw, kind, key, dates, day))
        for key, path in removals:
            if not doc.has(prefix + path):
                where = "the trip" if item_id is None else f'item "{item_id}"'
                raise UsageError(f'{where} has no key "{key}" to remove')
            doc.unset(prefix + path)
        touched = {item_id} if item_id is not None else set()
        if item_id is not None and any(p[0] == "id" for _, p, _, _ in parsed):
            touched = {str(doc.get(prefix + ("id",)))}
        return _Change(touched=touched, item=item_id)

    return apply_edit(ref, operation, force=force, lock_timeout=lock_timeout)


def _check_settable(path: tuple, item_id: str | None, *, removing: bool = False) -> None:
    if item_id is None and path[0] == "items":
        raise UsageError("items are changed one at a time",
                         hint="tripplan set TRIP ITEM key=value (or add, rm, move)")
    if path == ("id",) and removing:
        raise UsageError("the id cannot be removed")
    if item_id is None and path == ("revision",) and removing:
        raise UsageError("the revision cannot be removed")


def _dates_of(doc: TripDocument, before: _State, item_id: str | None
              ) -> tuple[TripDates, dt.date | None]:
    if before.loaded is not None:
        trip = before.loaded.trip
        day = None
        if item_id is not None and (item := trip.item(item_id)) is not None:
            day = item.first_day
        return TripDates(trip.start, trip.end), day
    data = doc.data()

    def as_date(value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                return dt.date.fromisoformat(value[:10])
        return None

    return TripDates(as_date(data.get("start")), as_date(data.get("end"))), None


# --- add ---------------------------------------------------------------------------------------

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def language_of(text: str) -> str:
    """``ja`` for text with kana or kanji, else ``en``.

    >>> language_of("バンコク都知事との会談"), language_of("Lunch")
    ('ja', 'en')
    """
    return "ja" if _JAPANESE.search(text) else "en"


def text_value(auto: str | None = None, ja: str | None = None, en: str | None = None,
               *, what: str = "--title") -> dict[str, str] | None:
    """Languages of a text from ``--title`` (language detected), ``--title-ja``, ``--title-en``.

    >>> text_value("会談", en="Meeting")
    {'ja': '会談', 'en': 'Meeting'}
    """
    values = {"ja": ja, "en": en}
    if auto is not None:
        lang = language_of(auto)
        if values[lang] is not None:
            raise UsageError(f"{what} and {what}-{lang} both give the {lang} text",
                             hint=f"give it once ({what} detects the language: text with kana "
                                  "or kanji is Japanese)")
        values[lang] = auto
    for lang, value in values.items():
        if value is not None and not value.strip():
            raise UsageError(f"{what}-{lang if auto is None else ''} is empty".replace("-  ", " "))
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


@dataclass
class NewItem:
    """What ``tripplan add`` was given (as typed; read by :func:`add_item`)."""

    kind: str
    title: str | None = None
    title_ja: str | None = None
    title_en: str | None = None
    id: str | None = None
    date: str | None = None
    start: str | None = None
    end: str | None = None
    duration: str | None = None
    end_date: str | None = None
    part_of_day: str | None = None
    place: str | None = None
    origin: str | None = None
    destination: str | None = None
    status: str | None = None
    visibility: str | None = None
    notes: str | None = None
    assignments: list[str] = field(default_factory=list)


def _choice(value: str, enum_type: Any, option: str) -> str:
    choices = [m.value for m in enum_type]
    if value in choices:
        return value
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    raise UsageError(f'"{value}" is not a valid {option}',
                     hint=(f'did you mean "{close[0]}"? ' if close else "")
                     + "choose from: " + ", ".join(choices))


def _order_key(first_day: dt.date | None, start: dt.datetime | None,
               part_of_day: str | None) -> tuple:
    from tripplan.model import PART_OF_DAY_WINDOWS, PartOfDay

    if first_day is None:
        return (dt.date.max, 1, dt.time(0))
    if start is not None:
        return (first_day, 1, start.replace(tzinfo=None).time())
    if part_of_day is not None:
        return (first_day, 1, PART_OF_DAY_WINDOWS[PartOfDay(part_of_day)][0])
    return (first_day, 0, dt.time(0))


def chronological_anchor(trip: Trip, first_day: dt.date | None, start: dt.datetime | None,
                         part_of_day: str | None) -> tuple:
    """Where a new item goes: after the last item that is not later, next to its own day.

    Items are compared by day, then date-only items first, then by local start (or the
    start of their part of day). Items without a date go last.
    """
    new_key = _order_key(first_day, start, part_of_day)
    keys = [_order_key(it.first_day, it.start,
                       it.part_of_day.value if it.part_of_day else None) for it in trip.items]
    if not keys:
        return ("end",)
    earlier = [j for j, k in enumerate(keys) if k <= new_key]
    if not earlier:
        same_day = trip.items[0].first_day == first_day
        return ("before", 0) if same_day else ("before-gap", 0)
    j = earlier[-1]
    if j + 1 < len(keys):
        following = trip.items[j + 1].first_day
        if following == first_day and trip.items[j].first_day != first_day:
            return ("before", j + 1)
    return ("after", j)


def add_item(ref: str | Path, spec: NewItem, *, force: bool = False,
             lock_timeout: float = 10.0) -> EditOutcome:
    """``tripplan add``: a new item, placed in chronological order in the file."""
    from tripplan.model import ItemStatus, Kind, PartOfDay, Visibility

    kind = _choice(spec.kind, Kind, "kind")
    title = text_value(spec.title, spec.title_ja, spec.title_en)
    if title is None:
        raise UsageError("an item needs a title", hint='--title "…" (and/or --title-ja, '
                                                      "--title-en)")
    extra = []
    for text in spec.assignments:
        key, raw = split_assignment(text)
        path = parse_key(key)
        extra.append((key, path, raw, value_kind(("items", 0) + path)))
    if spec.id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", spec.id):
        raise UsageError(f'"{spec.id}" is not a valid id',
                         hint="ids use lower-case letters, digits, '-', '_' and '.', "
                              "e.g. lunch-with-governor")
    if spec.end is not None and spec.duration is not None:
        raise UsageError("give either --end or --duration, not both")
    if spec.start is None and (spec.end is not None or spec.duration is not None):
        raise UsageError("--end and --duration need --start",
                         hint="for an item known by day only, use --date (and --end-date)")
    if spec.start is not None and spec.part_of_day is not None:
        raise UsageError("an item with --start cannot also have --part-of-day")
    if spec.part_of_day is not None and spec.date is None:
        raise UsageError("--part-of-day needs --date")

    def operation(doc: TripDocument, before: _State) -> _Change:
        from tripplan.parse_input import parse_duration

        loaded = before.require()
        trip = loaded.trip
        dates = TripDates(trip.start, trip.end)
        date = dates.date(spec.date) if spec.date is not None else None
        start = dates.datetime(spec.start, default_date=date) if spec.start else None
        if start is not None and date is not None and start.date() != date:
            raise UsageError(f"--start {start:%Y-%m-%d %H:%M} is not on --date {date}",
                             hint="give only --start with its date, or a time on that day")
        end = None
        if spec.end is not None and start is not None:
            end = dates.datetime(spec.end, default_date=start.date())
        if spec.duration is not None and start is not None:
            end = start + parse_duration(spec.duration)
        end_date = dates.date(spec.end_date) if spec.end_date is not None else None
        data = doc.data()
        taken = {str(it.get("id")) for it in data.get("items") or [] if isinstance(it, dict)}
        if spec.id is not None:
            if spec.id in taken:
                raise UsageError(f'an item with id "{spec.id}" already exists',
                                 hint="choose another id, or leave --id out to get one")
            item_id = spec.id
        else:
            slug = slugify(title["en"]) if "en" in title else ""
            day = start.date() if start is not None else date
            fallback = f"{kind}-{day.isoformat()}" if day is not None else kind
            item_id = unique_id(slug or fallback, taken)
        item: dict[str, Any] = {"id": item_id, "kind": kind, "title": title}
        if spec.status is not None:
            item["status"] = _choice(spec.status, ItemStatus, "status")
        if start is not None:
            item["start"] = start
            if end is not None:
                item["end"] = end
        elif date is not None:
            item["date"] = date
            if spec.part_of_day is not None:
                item["part_of_day"] = _choice(spec.part_of_day, PartOfDay, "part of day")
        if end_date is not None:
            item["end_date"] = end_date
        for key in ("place", "origin", "destination"):
            if getattr(spec, key) is not None:
                item[key] = getattr(spec, key)
        if spec.visibility is not None:
            item["visibility"] = _choice(spec.visibility, Visibility, "visibility")
        if spec.notes is not None:
            item["notes"] = text_value(spec.notes, what="--notes")
        anchor = chronological_anchor(trip, start.date() if start else date, start,
                                      item.get("part_of_day"))
        doc.insert_item(item, anchor)
        index = doc.item_index(item_id)
        for key, path, raw, kind_of in extra:
            value = convert_value(raw, kind_of, key, dates, start.date() if start else date)
            doc.set(("items", index, *path), value)
        return _Change(touched={item_id}, item=item_id, message=f'added item "{item_id}"')

    return apply_edit(ref, operation, force=force, lock_timeout=lock_timeout)


# --- move --------------------------------------------------------------------------------------


def move_item(ref: str | Path, item_id: str, *, to: str | None = None, by: str | None = None,
              cascade: bool = False, force: bool = False,
              lock_timeout: float = 10.0) -> EditOutcome:
    """``tripplan move``: shift an item (start and end together) to ``to`` or by ``by``.

    * timed item: ``--to`` a date and time (or a time: same day; or a date: same time) or
      ``--by`` a duration; ``cascade`` moves the later timed items of the same local day
      by the same amount;
    * date-only or part-of-day item: ``--to`` a date changes the day (``end_date`` follows);
      ``--to`` a date and time gives it a start (``date`` becomes ``start`` in place,
      ``part_of_day`` is removed); ``--by`` whole days;
    * unscheduled item: ``--to`` gives it a date or a start.
    """
    if (to is None) == (by is None):
        raise UsageError("give either --to or --by",
                         hint="--to 2024-06-21T10:30 (or 10:30, or 2024-06-22), --by 30m")

    def operation(doc: TripDocument, before: _State) -> _Change:
        from tripplan.parse_input import DATE_HINT, DATETIME_HINT, parse_duration

        trip = before.require().trip
        index = doc.item_index(item_id)
        item = trip.items[index]
        dates = TripDates(trip.start, trip.end)
        target_dt: dt.datetime | None = None
        target_date: dt.date | None = None
        delta: dt.timedelta | None = None
        if to is not None:
            try:
                target_dt = dates.datetime(to, default_date=item.first_day)
            except UsageError as first_error:
                try:
                    target_date = dates.date(to)
                except UsageError:
                    raise UsageError(str(first_error),
                                     hint=f"{DATETIME_HINT}; or a date only: "
                                          + DATE_HINT.removeprefix("accepted: ")
                                     ) from None
        else:
            delta = parse_duration(by or "")
        base = ("items", index)
        touched = {item.id}
        if item.start is not None:
            old = item.start
            if target_dt is not None:
                new_start = target_dt
            elif target_date is not None:
                new_start = dt.datetime.combine(target_date, old.timetz())
            else:
                new_start = old + delta
            shift = new_start.replace(tzinfo=None) - old.replace(tzinfo=None)
            _shift_timed(doc, base, item, new_start, shift)
            if cascade:
                for j in _followers(trip, index):
                    other = trip.items[j]
                    _shift_timed(doc, ("items", j), other, other.start + shift, shift)
                    touched.add(other.id)
            return _Change(touched=touched, item=item.id)
        if cascade:
            raise UsageError(f'item "{item.id}" has no time, so --cascade has nothing to go by',
                             hint="--cascade moves the later timed items of the same day")
        if delta is not None:
            if item.date is None:
                raise UsageError(f'item "{item.id}" has no date to move from',
                                 hint="give it one: --to 2024-06-21 (or a date and time)")
            if delta % dt.timedelta(days=1):
                raise UsageError(f'item "{item.id}" has no time; move it by whole days '
                                 "(e.g. --by 1d)", hint="or give it a time: --to 2024-06-21T10:30")
            target_date = item.date + delta
        if target_dt is not None:
            days = (target_dt.date() - item.date) if item.date else dt.timedelta(0)
            if doc.has(base + ("date",)):
                doc.replace_key(base + ("date",), "start", target_dt)
            else:
                doc.set(base + ("start",), target_dt)
            doc.unset(base + ("part_of_day",))
            _shift_end_date(doc, base, item, days)
        else:
            assert target_date is not None
            days = (target_date - item.date) if item.date else dt.timedelta(0)
            doc.set(base + ("date",), target_date)
            _shift_end_date(doc, base, item, days)
        return _Change(touched=touched, item=item.id)

    return apply_edit(ref, operation, force=force, lock_timeout=lock_timeout)


def _shift_timed(doc: TripDocument, base: tuple, item: Any, new_start: dt.datetime,
                 shift: dt.timedelta) -> None:
    doc.set(base + ("start",), new_start)
    if item.end is not None:
        doc.set(base + ("end",), item.end + shift)
    if item.date is not None:
        doc.set(base + ("date",), new_start.date())
    days = new_start.date() - item.start.date()
    _shift_end_date(doc, base, item, days)


def _shift_end_date(doc: TripDocument, base: tuple, item: Any, days: dt.timedelta) -> None:
    if item.end_date is not None and days:
        doc.set(base + ("end_date",), item.end_date + days)


def _followers(trip: Trip, index: int) -> list[int]:
    """Timed items after item ``index`` on the same local day (by instant where known)."""
    from tripplan.zones import resolve

    times = resolve(trip)
    moved = times[index]
    day = moved.item.start.date()

    def later(t: Any) -> bool:
        if t.start is not None and moved.start is not None:  # both are instants
            return (t.start, t.index) > (moved.start, index)
        wall = t.item.start.replace(tzinfo=None)
        return (wall, t.index) > (moved.item.start.replace(tzinfo=None), index)

    return [t.index for t in times if t.index != index and t.item.start is not None
            and t.item.start.date() == day and later(t)]


# --- cancel, rm --------------------------------------------------------------------------------


def cancel_item(ref: str | Path, item_id: str, *, force: bool = False,
                lock_timeout: float = 10.0) -> EditOutcome:
    """``tripplan cancel``: ``status = "cancelled"``; the item stays so calendars are told."""

    def operation(doc: TripDocument, before: _State) -> _Change:
        index = doc.item_index(item_id)
        if doc.get(("items", index, "status")) == "cancelled":
            return _Change(item=item_id, message=f'item "{item_id}" is already cancelled')
        doc.set(("items", index, "status"), "cancelled")
        return _Change(item=item_id)

    return apply_edit(ref, operation, force=force, lock_timeout=lock_timeout)


def remove_item(ref: str | Path, item_id: str, *, yes: bool = False,
                confirm: Callable[[str], bool] | None = None, force: bool = False,
                lock_timeout: float = 10.0) -> EditOutcome:
    """``tripplan rm``: delete an item after ``confirm(question)`` (or ``yes``).

    Without ``yes`` and without a way to ask (not a terminal), nothing is removed (usage
    error). The question is asked before the trip is locked, so that a person thinking
    does not block other edits.
    """
    from tripplan.catalog import find_trip
    from tripplan.load import display_path, read_text

    path = find_trip(ref)
    if not yes:
        if confirm is None:
            raise UsageError(f'not removing "{item_id}" without confirmation',
                             hint="add --yes to remove it (or run it in a terminal to be "
                                  "asked); `tripplan cancel` keeps it as cancelled")
        doc = TripDocument(read_text(path), _fmt_of(path))
        index = doc.item_index(item_id)
        title = doc.get(("items", index, "title"))
        if isinstance(title, dict):
            title = title.get("en") or next(iter(title.values()), "")
        question = f'Remove item "{item_id}" ({title}) from {display_path(path)}?'
        if not confirm(question):
            return EditOutcome(path, False, item=item_id, message="nothing removed")

    def operation(doc: TripDocument, before: _State) -> _Change:
        doc.remove_item(doc.item_index(item_id))
        return _Change(item=item_id, message=f'removed item "{item_id}"')

    return apply_edit(path, operation, force=force, lock_timeout=lock_timeout)


# --- edit in $EDITOR ------------------------------------------------------------------------


class _Conflict(Exception):
    pass


def editor_command(explicit: str | None = None) -> list[str]:
    """The editor to run: ``explicit``, ``$VISUAL``, ``$EDITOR``, else ``vi`` (``notepad`` on
    Windows). The value may hold arguments: ``code --wait``, ``"C:/Program Files/x.exe" -w``.

    >>> editor_command("code --wait")
    ['code', '--wait']
    """
    for value in (explicit, os.environ.get("VISUAL"), os.environ.get("EDITOR")):
        if value and value.strip():
            try:
                return shlex.split(value, posix=os.name != "nt")
            except ValueError as err:
                raise UsageError(f"cannot read the editor command {value!r}: {err}") from None
    return ["notepad"] if os.name == "nt" else ["vi"]


def draft_path(path: Path, now: dt.datetime | None = None) -> Path:
    """Where a draft that failed validation is kept: hidden, beside the trip.

    >>> draft_path(Path("itineraries/visit.toml"), dt.datetime(2024, 6, 21, 10, 30)).name
    '.visit.draft-20240621-103000.toml'
    """
    now = now or dt.datetime.now()
    candidate = path.with_name(f".{path.stem}.draft-{now:%Y%m%d-%H%M%S}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f".{path.stem}.draft-{now:%Y%m%d-%H%M%S}-{n}{path.suffix}")
        n += 1
    return candidate


def _keep_draft(path: Path, data: bytes) -> Path:
    from tripplan import storage

    target = draft_path(path)
    storage.atomic_write(target, data, backup=False)
    return target


Chooser = Callable[[list[Diagnostic]], str]
"""Shows findings and returns the person's choice: ``r`` (re-open), ``k`` (keep), ``a``."""


def edit_in_editor(ref: str | Path, *, editor: str | None = None,
                   choose: Chooser | None = None, lock_timeout: float = 10.0) -> EditOutcome:
    """``tripplan edit``: edit a copy in the editor; replace the trip only by a valid file.

    The copy is in a private temporary folder (same file name, so editors pick the right
    syntax). After the editor exits: unchanged → nothing happens; valid (no error-level
    finding) → saved through the lock with the revision raised; otherwise ``choose``
    decides: re-open the editor on the draft, keep the draft beside the trip (see
    :func:`draft_path`), or abandon it. Without ``choose`` (not a terminal) the draft is
    kept. If the trip changed on disk while it was being edited, nothing is overwritten:
    the draft is kept and the command fails.
    """
    import tempfile

    from tripplan import storage
    from tripplan.catalog import find_trip
    from tripplan.load import display_path, input_diagnostic, read_text

    path = find_trip(ref)
    read_text(path)
    original = storage.read_bytes(path)
    command = editor_command(editor)
    fmt = _fmt_of(path)
    shown = display_path(path)
    with tempfile.TemporaryDirectory(prefix="tripplan-edit-") as folder:
        draft = Path(folder) / path.name
        draft.write_bytes(original)
        while True:
            try:
                status = subprocess.run([*command, str(draft)]).returncode
            except FileNotFoundError:
                raise UsageError(f'cannot start the editor "{command[0]}"',
                                 hint="set $VISUAL or $EDITOR, e.g. export EDITOR=nano") from None
            except PermissionError:
                raise UsageError(f'cannot run the editor "{command[0]}" (permission denied)',
                                 hint="set $VISUAL or $EDITOR to an editor you may run") from None
            edited = draft.read_bytes()
            if status != 0:
                if edited == original:
                    raise FindingsError(f"the editor exited with status {status}; "
                                        f"{shown} was not changed")
                kept = _keep_draft(path, edited)
                raise FindingsError(f"the editor exited with status {status}; {shown} was not "
                                    f"changed; your version is kept in {display_path(kept)}")
            if edited == original:
                return EditOutcome(path, False, message="no changes")
            try:
                text = edited.decode("utf-8")
            except UnicodeDecodeError:
                text = None
                errors = [input_diagnostic("F002", "the file is not UTF-8 text", file=shown,
                                           help="save it as UTF-8")]
            if text is not None:
                state = _assess(text, path, fmt)
                errors = [d for d in state.diagnostics if d.severity is Severity.ERROR]
                if not errors:
                    break
            choice = choose(errors) if choose is not None else "k"
            if choice == "r":
                continue
            if choice == "a":
                raise FindingsError(f"abandoned: {shown} was not changed")
            kept = _keep_draft(path, edited)
            raise FindingsError(
                f"not saved: {shown} was not changed; your version is kept in "
                f"{display_path(kept)} (fix it with `tripplan edit {display_path(kept)}`, then "
                "copy it over the trip)", [] if choose is not None else errors)

    warnings = [d for d in state.diagnostics if d.severity is not Severity.ERROR]

    def transform(current: bytes) -> bytes:
        if current != original:
            raise _Conflict
        doc = TripDocument(text, fmt)
        _bump_revision(doc, doc_original_revision(original.decode("utf-8", "replace"), fmt))
        return doc.dumps().encode("utf-8")

    try:
        result = storage.edit_file(path, transform, timeout=lock_timeout)
    except _Conflict:
        kept = _keep_draft(path, edited)
        raise FindingsError(
            f"not saved: {shown} was changed by someone else while you edited it; your "
            f"version is kept in {display_path(kept)}",
            hint=f"compare with: tripplan diff {shown} {display_path(kept)}; then edit again"
        ) from None
    from tripplan.diff import diff_trips
    from tripplan.load import load_text, load_trip

    outcome = EditOutcome(path, result.changed, backup=result.backup, warnings=warnings)
    after = load_trip(path)
    outcome.revision = after.trip.revision
    with contextlib.suppress(Exception):
        before = load_text(original.decode("utf-8"), path, fmt)
        outcome.changes = diff_trips(before.trip, after.trip)
    return outcome


# --- convert -------------------------------------------------------------------------------


@dataclass
class Converted:
    text: str
    format: str
    output: Path | None = None
    comments_dropped: int = 0
    backup: Path | None = None


def convert_file(ref: str | Path, to: str | None = None, output: str | Path | None = None,
                 *, force: bool = False) -> Converted:
    """``tripplan convert``: the same trip in the other storage form (TOML ↔ JSON).

    Lossless: the result loads to a model equal to the original (checked before anything
    is written). Keys are written in canonical order. TOML comments cannot go into JSON;
    ``comments_dropped`` says how many were left behind. ``output`` that exists is
    replaced only with ``force`` (its previous version goes to the backup folder).
    """
    from tripplan import storage
    from tripplan.catalog import load_ref
    from tripplan.load import load_text

    loaded = load_ref(ref)
    out_path = Path(output) if output is not None else None
    if to is None and out_path is not None and out_path.suffix.lower() in (".json", ".toml"):
        to = out_path.suffix.lower()[1:]
    if to not in ("json", "toml"):
        raise UsageError("choose the form to convert to: --to json or --to toml")
    if out_path is not None and out_path.suffix.lower() != f".{to}":
        raise UsageError(f"{out_path} does not end in .{to}",
                         hint=f"name the output file *.{to}, or leave -o out to print it")
    if loaded.format == to:
        raise UsageError(f"{loaded.display_path} is already {to.upper()}",
                         hint="to reformat it, use: tripplan fmt " + loaded.display_path)
    trip = loaded.trip
    if to == "json":
        text = dump_json(trip.model_dump(mode="json", exclude_unset=True))
    else:
        text = render_toml(trip.model_dump(mode="python", exclude_unset=True))
    check = load_text(text, out_path or loaded.path.with_suffix(f".{to}"), to)
    if check.trip != trip:  # pragma: no cover - a bug: never write a lossy conversion
        raise RuntimeError("the conversion would change the trip; nothing was written")
    result = Converted(text, to)
    if loaded.format == "toml":
        result.comments_dropped = len(comment_texts(loaded.text))
    if out_path is not None:
        result.output = out_path
        with storage.locked(out_path):
            if out_path.exists() and not force:
                raise UsageError(f"{out_path} already exists",
                                 hint="choose another -o, or add --force to replace it "
                                      "(its previous version is kept as a backup)")
            result.backup = storage.atomic_write(out_path, text.encode("utf-8"))
    return result


# --- new ----------------------------------------------------------------------------------


class Prompter(Protocol):
    """How :func:`new_trip` asks a person (the command supplies a terminal prompter)."""

    def ask(self, label: str, default: str | None = None) -> str: ...

    def tell(self, message: str) -> None: ...


@dataclass
class NewTrip:
    """What ``tripplan new`` was given (as typed)."""

    id: str | None = None
    title: str | None = None
    title_ja: str | None = None
    title_en: str | None = None
    start: str | None = None
    end: str | None = None
    home_timezone: str | None = None
    principal: str | None = None
    folder: str | None = None


def _check_zone(name: str) -> str:
    from tripplan.zones import get_zone, suggest_zone

    name = name.strip()
    if get_zone(name) is not None:
        return name
    close = suggest_zone(name)
    raise UsageError(f'"{name}" is not a time zone',
                     hint=f'did you mean "{close}"?' if close else
                     "use an IANA zone name such as Asia/Tokyo (see `tripplan tz`)")


def _check_id(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        raise UsageError(f'"{value}" is not a valid trip id',
                         hint="lower-case letters, digits and '-', e.g. 2024-06-bangkok")
    return value


def _ask(prompter: Prompter | None, label: str, read: Callable[[str], Any],
         given: str | None, default: str | None = None, *, optional: bool = False) -> Any:
    """``given`` read with ``read``; else asked until it reads (or None if optional)."""
    if given is not None or prompter is None:
        return read(given) if given is not None else None
    while True:
        answer = prompter.ask(label, default).strip()
        if not answer:
            if optional:
                return None
            prompter.tell("  an answer is needed")
            continue
        try:
            return read(answer)
        except UsageError as err:
            prompter.tell(f"  {err}" + (f"\n  {err.hint}" if err.hint else ""))


@dataclass
class Created:
    path: Path
    id: str


def template_text() -> str:
    from importlib.resources import files

    return (files("tripplan") / "templates" / "new-trip.toml").read_text(encoding="utf-8")


def new_trip(spec: NewTrip, *, prompter: Prompter | None = None) -> Created:
    """``tripplan new``: a new trip file from the commented template.

    Values not given are asked through ``prompter`` (a terminal); without one, missing
    values are a usage error naming the flags. Refuses to overwrite an existing file.
    """
    from tripplan import storage
    from tripplan.catalog import itineraries_folder
    from tripplan.config import settings
    from tripplan.load import display_path, load_text
    from tripplan.parse_input import parse_date
    from tripplan.rules import check_trip, select_rules

    titles = text_value(spec.title, spec.title_ja, spec.title_en) or {}
    zone = spec.home_timezone or settings().home_timezone
    if prompter is None:
        missing = [flag for flag, value in (("--title", titles), ("--start", spec.start),
                                            ("--end", spec.end), ("--home-timezone", zone))
                   if not value]
        if missing:
            raise UsageError("missing " + ", ".join(missing),
                             hint="give them as options, or run `tripplan new` in a terminal "
                                  "to be asked")
    if not titles and prompter is not None:
        while not titles:
            ja = _ask(prompter, "Title in Japanese (empty to skip)", str, None, optional=True)
            en = _ask(prompter, "Title in English (empty to skip)", str, None, optional=True)
            titles = {k: v for k, v in (("ja", ja), ("en", en)) if v}
            if not titles:
                prompter.tell("  a trip needs a title in at least one language")
    start = _ask(prompter, "First day (2024-06-20, 2024年6月20日, 令和6年6月20日)",
                 parse_date, spec.start)

    def read_end(raw: str) -> dt.date:
        end = parse_date(raw, default_year=start.year)
        if end < start:
            raise UsageError(f"the last day ({end}) is before the first ({start})")
        return end

    end = _ask(prompter, "Last day", read_end, spec.end)
    zone = _ask(prompter, "Home time zone (e.g. Asia/Tokyo)", _check_zone,
                spec.home_timezone, default=settings().home_timezone) \
        if spec.home_timezone or prompter is not None else _check_zone(zone)
    principal = _ask(prompter, "Principal, the head of the delegation (name; empty to skip)",
                     str, spec.principal, optional=True)
    slug = slugify(titles.get("en", ""))
    suggested = f"{start:%Y-%m}-{slug}" if slug else None
    if spec.id is None and prompter is None and suggested is None:
        raise UsageError("give the trip an id (no English title to make one from)",
                         hint="e.g. tripplan new 2024-06-bangkok ...")
    trip_id = _ask(prompter, "Trip id (the file name)", _check_id, spec.id, default=suggested) \
        if spec.id is not None or prompter is not None else _check_id(suggested or "")
    folder = Path(spec.folder) if spec.folder else itineraries_folder()
    path = folder / f"{trip_id}.toml"
    if path.exists():
        raise UsageError(f"{display_path(path)} already exists; nothing was written",
                         hint="choose another id, or edit it: tripplan edit " + trip_id)
    text = render_new_trip(trip_id, titles, start, end, zone, principal)
    loaded = load_text(text, path)
    errors = [d for d in check_trip(loaded, select_rules()) if d.severity is Severity.ERROR]
    if errors:  # pragma: no cover - the template and the checks above prevent this
        raise FindingsError("the new trip would not be valid; nothing was written", errors)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder: {err.strerror or err}", path=folder) from None
    with storage.locked(path):
        if path.exists():
            raise UsageError(f"{display_path(path)} already exists; nothing was written")
        storage.atomic_write(path, text.encode("utf-8"), backup=False)
    return Created(path, trip_id)


def render_new_trip(trip_id: str, titles: dict[str, str], start: dt.date, end: dt.date,
                    zone: str, principal: str | None) -> str:
    """The template with its ``{{ name }}`` slots filled (values written as TOML).

    >>> text = render_new_trip("2024-06-bangkok", {"en": "Visit to Bangkok"},
    ...     dt.date(2024, 6, 20), dt.date(2024, 6, 22), "Asia/Tokyo", "Takeharu Yamanaka")
    >>> print("\\n".join(line for line in text.splitlines() if line.startswith(("id", "[people",
    ...     "start", "name"))))
    id = "2024-06-bangkok"
    start = 2024-06-20
    [people.takeharu-yamanaka]
    name.en = "Takeharu Yamanaka"
    """
    heading = " / ".join(titles.values()).replace("\n", " ")
    if principal:
        person = slugify(principal) or "principal"
        people = "\n".join([
            "# The delegation: exactly one person is the principal (listed first in agendas).",
            f"[people.{toml_key(person)}]",
            *keyval_lines(("name",), {language_of(principal): principal}),
            '# role.en = "…"',
            "principal = true",
        ])
    else:
        people = "\n".join([
            "# The delegation: exactly one person is the principal (listed first in agendas).",
            "# [people.principal]",
            '# name.en = "…"',
            '# role.en = "…"',
            "# principal = true",
        ])
    slots = {
        "heading": heading,
        "id": toml_string(trip_id),
        "trip": trip_id,
        "title": "\n".join(keyval_lines(("title",), titles)),
        "home_timezone": toml_string(zone),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "people": people,
    }
    text = template_text()
    for name, value in slots.items():
        text = text.replace("{{ " + name + " }}", value)
    return text
