"""Changes to a trip's TOML text, statement by statement, keeping every other byte.

Built on the TOML document engine (:mod:`tripplan.tomldoc`): the statement of a key is
found through the blocks of the text, and only its lines are rewritten. A changed value
keeps its inline comment, still aligned; a removed key leaves its comment behind as a
comment line; a new key goes to its canonical place in its table
(:func:`tripplan.fmt.key_rank`); a new item is written in the hand-written style. Keys
inside inline tables (``title = { ja = "…" }``) are changed with tomlkit. Every result is
parsed again before it is used.

>>> import datetime as dt
>>> text = '[[items]]\\nid = "a"\\ndate = 2024-06-21  # not fixed\\n'
>>> print(set_key(text, ("items", 0, "date"), dt.date(2024, 6, 22)), end="")
[[items]]
id = "a"
date = 2024-06-22  # not fixed
>>> print(set_key(text, ("items", 0, "status"), "tentative"), end="")
[[items]]
id = "a"
status = "tentative"
date = 2024-06-21  # not fixed
"""

from __future__ import annotations

from typing import Any

import tomlkit

from tripplan.errors import UsageError
from tripplan.fmt import SECTIONS, canonical_data, key_rank, width
from tripplan.tomldoc import (
    Block,
    Stmt,
    TOMLDecodeError,
    blocks,
    keyval_lines,
    loads,
    scan,
    table_lines,
    toml_key,
    toml_value,
    value_text,
)

DELETE = object()
"""The value that removes a key (:func:`set_key`)."""

def _checked(text: str) -> str:
    try:
        loads(text)
    except TOMLDecodeError as err:  # pragma: no cover - a bug in the editing code
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


def set_key(text: str, path: tuple, value: Any) -> str:
    """``text`` with the key at ``path`` set to ``value`` (:data:`DELETE`: removed)."""
    return _checked(_set(text, path, value))


def _set(text: str, path: tuple, value: Any) -> str:
    stmts = scan(text)
    bls = blocks(text, stmts)
    block = _block_for(bls, path)
    rest = tuple(path[len(block.path) :])
    kvs = block.keyvals()
    for stmt in kvs:
        if stmt.path == rest:
            if value is DELETE:
                return _remove_stmts(text, [stmt])
            if isinstance(value, dict) and value:
                lines = _comment_lines(text, stmt) + keyval_lines(rest, value)
                return _replace_stmt(text, stmt, lines)
            prefix = text[stmt.start : stmt.value_start]
            code = _with_comment(text, stmt, prefix + value_text(value))
            return text[: stmt.start] + code + _newline_of(text, stmt) + text[stmt.end :]
    for stmt in kvs:
        n = len(stmt.path)
        if n < len(rest) and rest[:n] == stmt.path:
            return _tomlkit_edit(text, stmt, rest[n:], value)
    children = [s for s in kvs if len(s.path) > len(rest) and s.path[: len(rest)] == rest]
    if children:
        if value is DELETE:
            return _remove_stmts(text, children)
        lines = [line for s in children for line in _comment_lines(text, s)]
        lines += keyval_lines(rest, value)
        first, others = children[0], children[1:]
        text = _remove_stmts(text, others, keep_comments=False)
        return _replace_stmt(text, _scan_find(text, first.start), lines)
    deeper = [b for b in bls if len(b.path) > len(block.path)
              and b.path[: len(block.path) + len(rest)] == block.path + rest]
    if deeper:
        shown = ".".join(str(p) for p in deeper[0].path)
        raise UsageError(f"{shown} is written as its own table [{shown}]",
                         hint="set its keys one by one, e.g. " + shown + ".name.en=…")
    if value is DELETE:
        return text
    if block.header is None and len(rest) >= 2 and rest[0] in SECTIONS:
        return _new_section_table(text, bls, rest[:2], rest[2:], value)
    return _insert_keyval(text, bls, block, rest, value)


def _scan_find(text: str, start: int) -> Stmt:
    """The statement starting at offset ``start`` (after an edit before it, offsets hold)."""
    for stmt in scan(text):
        if stmt.start == start:
            return stmt
    raise RuntimeError("statement lost during an edit")  # pragma: no cover


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
            if value is DELETE:
                return text
            node[part] = tomlkit.inline_table()
        node = node[part]
    if not isinstance(node, dict):
        raise UsageError(f"{shown} is a single value, not a table",
                         hint=f'replace it whole ({shown}="…"), or give each language: '
                              f"{shown}.ja=… {shown}.en=…")
    if value is DELETE:
        if inner[-1] not in node:
            return text
        del node[inner[-1]]
    else:
        node[inner[-1]] = value
    new = tomlkit.dumps(doc)
    if not source.endswith("\n"):
        new = new.rstrip("\n")
    return text[: stmt.indent_end] + new + text[stmt.end :]


def rename_key(text: str, path: tuple, new_key: str, value: Any) -> str:
    """``text`` with key ``path`` replaced by ``new_key = value`` in the same place."""
    return _checked(_rename(text, path, new_key, value))


def _rename(text: str, path: tuple, new_key: str, value: Any) -> str:
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
    if rest:
        lines += keyval_lines(rest, value)
    elif isinstance(value, dict):
        lines += [line for key, sub in value.items() for line in keyval_lines((key,), sub)]
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

    >>> import datetime as dt
    >>> print(item_block_text({"id": "lunch", "kind": "meal", "title": {"en": "Lunch"},
    ...                        "date": dt.date(2024, 6, 21)}), end="")
    [[items]]
    id = "lunch"
    kind = "meal"
    title.en = "Lunch"
    date = 2024-06-21
    """
    lines = table_lines("[[items]]", canonical_data({"items": [item]})["items"][0])
    return "\n".join(lines) + "\n"


def insert_item(text: str, item: dict, anchor: tuple) -> str:
    """``text`` with a new ``[[items]]`` table at ``anchor`` (see
    :meth:`tripplan.edit.document.TripDocument.insert_item`)."""
    return _checked(_insert_item(text, item, anchor))


def _insert_item(text: str, item: dict, anchor: tuple) -> str:
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
    if "items" in loads(text):  # items, but not as [[items]] tables
        raise UsageError("the items of this file are not written as [[items]] tables",
                         hint="edit it with `tripplan edit`")
    return text + ("\n" if text else "") + new


def remove_table(text: str, path: tuple) -> str:
    """``text`` without the table ``[path]`` (``[removed.x]``): its header, keys and the blank
    lines before it; ``text`` itself when there is no such table."""
    bls = blocks(text)
    found = [b for b in bls if b.header is not None and tuple(b.path) == tuple(path)]
    if not found:
        return text
    block = found[0]
    start, end = block.start, block.content_end(len(text))
    while start > 0 and text[start - 1] == "\n" and text[:start - 1].endswith("\n"):
        start -= 1  # the blank lines that separated it from the table before
    return _checked(text[:start] + text[end:])


def remove_item(text: str, index: int) -> str:
    """``text`` without item ``index`` (its tables and the blank lines after them)."""
    return _checked(_remove_item(text, index))


def _remove_item(text: str, index: int) -> str:
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
