"""Canonical formatting of trip files (``tripplan fmt``): the canonical key order of every
table, the display width of text, and the formatter of TOML and JSON trips.

The formatter never re-serialises a value: it moves and re-spaces the lines people wrote,
so every value keeps its exact spelling and every comment its exact words. It then proves
it: the formatted text must parse to the same data and hold the same comments as the
original, or nothing is written (an internal error is raised instead).

Canonical form of a TOML trip
-----------------------------

* ``key = value`` with one space on each side of ``=``; no indentation before keys,
  table headers or comment lines (multi-line values such as ``counterparts = [ ... ]``
  are kept as written).
* Keys inside a table follow a stable order (:data:`TRIP_ORDER`, :data:`ITEM_ORDER`, and
  the model's field order for people, places, contacts, footnotes, ...). Keys the format
  does not know keep their relative order after the known ones. Languages inside a text
  (``title.ja`` / ``title.en``) keep the order they were written in. Tables and
  ``[[items]]`` are never reordered: the order of items is data.
* A comment directly above a key (no blank line between) moves with that key; so does an
  inline comment. Comments at the top of a table, before its first key, stay at the top.
  A comment directly above a table header belongs to that table. Comment blocks between
  tables (such as day headings) stay where they are.
* Inline comments are aligned: in each table they start in the same column, column 29
  (:data:`COMMENT_COLUMN`) or further right when a commented line is longer (lines wider
  than :data:`ALIGN_LIMIT` columns get two spaces instead). Japanese characters count as
  two columns, as in a terminal.
* Exactly one blank line before each table (and before each comment block between
  tables), at most one blank line in a row inside a table, none right after a header,
  no trailing spaces, ``\\n`` line ends, exactly one newline at the end of the file.

JSON trips are written with two-space indentation, keys in the same stable order,
non-ASCII characters as they are (no ``\\u`` escapes), and a final newline.

The hand-written reference trip is already in canonical form, so ``tripplan fmt --check``
passes on it.

>>> messy = 'title   =  "T"\\nid="x"   # the id\\n\\n\\n[people.a]\\nname = "A"\\n'
>>> print(format_toml(messy), end="")
id = "x"                    # the id
title = "T"
<BLANKLINE>
[people.a]
name = "A"
"""

from __future__ import annotations

import difflib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan import storage
from tripplan.backupfiles import BackupPolicy
from tripplan.catalog import find_trip, trip_files
from tripplan.errors import UsageError
from tripplan.load import LoadError, display_path, parse_document, read_text
from tripplan.model import Item, Trip, model_at
from tripplan.tomldoc import Block, Stmt, blocks, comment_texts, loads, scan

COMMENT_COLUMN = 28
"""0-based column where inline comments start (column 29 in editors)."""
ALIGN_LIMIT = 60
"""Lines whose code is wider than this do not push the comment column further right."""

TRIP_ORDER = (
    "id", "title", "subtitle", "purpose", "status", "home_timezone", "start", "end",
    "duration", "revision", "calendar_domain", "as_of", "organizer", "hosts", "co_hosts",
    "source", "provenance", "tags", "travel_speed_kmh",
    "order_unknown", "people", "places", "contacts", "footnotes", "items", "removed",
)  # fmt: skip
"""Order of the trip's own keys: identity, dates, revision, then who and the tables."""

ITEM_ORDER = (
    "id", "kind", "title", "status",
    "date", "part_of_day", "start", "end", "end_date", "end_part_of_day",
    "timezone", "end_timezone",
    "place", "origin", "destination", "carrier", "number",
    "participants", "counterparts", "hosts", "co_hosts", "contact", "interpreter", "attire",
    "footnotes", "tags", "visibility", "notes", "internal_notes", "inferred",
    "inferred_links", "stamp",
)  # fmt: skip
"""Order of an item's keys: what, when, where, with whom, then references and notes."""

SECTIONS = ("people", "places", "contacts", "footnotes", "removed")
"""Trip tables whose entries are written as their own ``[section.id]`` tables."""


# --- display width ------------------------------------------------------------------------


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide characters count two.

    >>> width("title.ja = \\"宿泊\\""), width("abc")
    (17, 3)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- canonical key order ------------------------------------------------------------------


def key_order(path: Iterable[str | int]) -> tuple[str, ...] | None:
    """The canonical order of the keys of the table at ``path``; ``None``: keep as written."""
    model = model_at(tuple(path))
    if model is None:
        return None
    if model is Trip:
        return TRIP_ORDER
    if model is Item:
        return ITEM_ORDER
    return tuple(model.model_fields)


def key_rank(path: Iterable[str | int], key: str) -> int:
    """Position of ``key`` in the canonical order of the table at ``path`` (unknown: last).

    >>> key_rank(("items", 0), "kind") < key_rank(("items", 0), "visibility")
    True
    """
    order = key_order(path)
    if order is None:
        return 0
    try:
        return order.index(key)
    except ValueError:
        return len(order)


def canonical_data(value: Any, path: tuple = ()) -> Any:
    """A copy of trip data with every table's keys in canonical order (for JSON).

    >>> list(canonical_data({"title": "T", "id": "x", "items": [{"kind": "meal", "id": "a"}]}))
    ['id', 'title', 'items']
    """
    if isinstance(value, dict):
        order = key_order(path)
        keys = list(value)
        if order is not None:
            keys.sort(key=lambda k: order.index(k) if k in order else len(order))
        return {k: canonical_data(value[k], (*path, k)) for k in keys}
    if isinstance(value, list):
        return [canonical_data(v, (*path, i)) for i, v in enumerate(value)]
    return value


# --- formatting ---------------------------------------------------------------------------


@dataclass
class _Entry:
    stmt: Stmt
    lead: list[Stmt]
    blank_before: bool
    rank: int


def _code(text: str, stmt: Stmt) -> str:
    """The statement without indentation and inline comment, with ``key = value`` spacing."""
    if stmt.kind == "keyval":
        key = text[stmt.indent_end : stmt.key_end]
        return f"{key} = {text[stmt.value_start : stmt.value_end]}"
    if stmt.kind == "header":
        return text[stmt.indent_end : stmt.key_end]
    return ""


def _comment(text: str, stmt: Stmt) -> str | None:
    if stmt.comment_start is None:
        return None
    return text[stmt.comment_start : stmt.line_end(text)].rstrip()


def _lines(text: str, stmts: list[Stmt]) -> list[str]:
    """Comment and blank lines, cleaned; runs of blank lines become one."""
    out: list[str] = []
    for stmt in stmts:
        if stmt.kind == "blank":
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(_comment(text, stmt) or "")
    while out and out[-1] == "":
        out.pop()
    while out and out[0] == "":
        out.pop(0)
    return out


def _groups(text: str, stmts: list[Stmt]) -> list[list[str]]:
    """Comment blocks separated by blank lines."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in _lines(text, stmts) + [""]:
        if line == "":
            if current:
                groups.append(current)
            current = []
        else:
            current.append(line)
    return groups


def _render_core(text: str, block: Block, content: list[Stmt]) -> list[str]:
    """Lead comments, header and keys of one table (keys in canonical order)."""
    top: list[Stmt] = []
    first = next((k for k, s in enumerate(content) if s.kind == "keyval"), None)
    if first is not None:  # comments before the first key stay at the top of the table
        top, content = content[:first], content[first:]
    entries: list[_Entry] = []
    pending: list[Stmt] = []
    for stmt in content:
        if stmt.kind == "keyval":
            lead = list(pending)
            blank = bool(lead) and lead[0].kind == "blank"
            while lead and lead[0].kind == "blank":
                lead.pop(0)
            rank = key_rank(block.path, stmt.path[0])
            entries.append(_Entry(stmt, lead, blank, rank))
            pending = []
        else:
            pending.append(stmt)
    tail = pending
    ordered = sorted(entries, key=lambda e: e.rank)
    if ordered:
        ordered[0] = _Entry(ordered[0].stmt, ordered[0].lead, False, ordered[0].rank)

    # Inline comments of one table start in one column.
    codes = {id(e.stmt): _code(text, e.stmt) for e in ordered}
    single = [e for e in ordered if e.stmt.comment_start is not None
              and "\n" not in codes[id(e.stmt)]]
    widths = [width(codes[id(e.stmt)]) for e in single]
    column = max([COMMENT_COLUMN] + [w + 2 for w in widths if w + 2 <= ALIGN_LIMIT])

    out: list[str] = list(_lines(text, block.lead))
    if block.header is not None:
        header = _code(text, block.header)
        comment = _comment(text, block.header)
        out.append(f"{header}  {comment}" if comment else header)
    top_lines = _lines(text, top)
    if top_lines:
        out.extend(top_lines)
        if top[-1].kind == "blank":
            out.append("")
    for entry in ordered:
        if entry.blank_before:
            out.append("")
        out.extend(_lines(text, entry.lead))
        code = codes[id(entry.stmt)]
        comment = _comment(text, entry.stmt)
        if "\n" in code:
            # A multi-line value: kept as written, from its first line to its end.
            rest = text[entry.stmt.value_end : entry.stmt.line_end(text)]
            out.extend((code + rest.rstrip()).split("\n"))
        elif comment:
            w = width(code)
            pad = column - w if w + 2 <= column else 2
            out.append(code + " " * pad + comment)
        else:
            out.append(code)
    out.extend(_lines(text, tail))
    return out


def format_toml(text: str) -> str:
    """The canonical form of a TOML trip text (see the module documentation).

    Raises :class:`ValueError` if the text is not TOML, and :class:`RuntimeError` if the
    result would not hold the same data and comments (a bug: nothing must be written).
    """
    original = text
    text = text.replace("\r\n", "\n")
    stmts = scan(text)
    paragraphs: list[list[str]] = []
    for block in blocks(text, stmts):
        top, content, gap = block.split()
        paragraphs.extend(_groups(text, top))
        core = _render_core(text, block, content)
        if core:
            paragraphs.append(core)
        paragraphs.extend(_groups(text, gap))
    result = "\n\n".join("\n".join(p) for p in paragraphs)
    result = result + "\n" if result else ""
    _check_same(original, result)
    return result


def _check_same(before: str, after: str) -> None:
    if loads(before) != loads(after):
        raise RuntimeError("formatting would change the trip's data; nothing was written")
    if Counter(comment_texts(before.replace("\r\n", "\n"))) != Counter(comment_texts(after)):
        raise RuntimeError("formatting would lose a comment; nothing was written")


def format_json(text: str) -> str:
    """The canonical form of a JSON trip text.

    >>> print(format_json('{"title": "T", "id": "x"}'), end="")
    {
      "id": "x",
      "title": "T"
    }
    """
    data = json.loads(text)
    return dump_json(data)


def dump_json(data: Any) -> str:
    """JSON text of trip data: keys in canonical order, two-space indent, final newline."""
    return json.dumps(canonical_data(data), ensure_ascii=False, indent=2) + "\n"


def format_text(text: str, fmt: str) -> str:
    return format_json(text) if fmt == "json" else format_toml(text)


# --- tripplan fmt ---------------------------------------------------------------------------


@dataclass
class FmtResult:
    path: Path
    changed: bool
    diff: str = ""
    backup: Path | None = None


@dataclass
class FmtReport:
    results: list[FmtResult] = field(default_factory=list)
    diagnostics: list = field(default_factory=list)

    @property
    def changed(self) -> list[FmtResult]:
        return [r for r in self.results if r.changed]


def _file_format(path: Path) -> str:
    return "json" if path.suffix.lower() == ".json" else "toml"


def _formatted(path: Path, text: str) -> str:
    """Canonical text of ``path``'s ``text``; syntax errors become a located LoadError."""
    fmt = _file_format(path)
    parse_document(text, fmt, display_path(path))  # raises LoadError with the position
    return format_text(text, fmt)


def unified_diff(old: str, new: str, shown: str) -> str:
    r"""What formatting changes, as a unified diff that ``patch`` and ``git apply`` take: a
    last line without its newline is marked as diff marks it.

    >>> print(unified_diff('id = "t"', 'id = "t"\n', "t.toml"), end="")
    --- t.toml
    +++ t.toml (formatted)
    @@ -1 +1 @@
    -id = "t"
    \ No newline at end of file
    +id = "t"
    """
    def split(text: str) -> list[str]:  # at newlines only: a bare CR stays in its line
        parts = text.split("\n")
        return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])

    lines = []
    for line in difflib.unified_diff(split(old), split(new), fromfile=shown,
                                     tofile=f"{shown} (formatted)"):
        lines.append(line)
        if not line.endswith("\n"):
            lines.append("\n\\ No newline at end of file\n")
    return "".join(lines)


def fmt_paths(paths: Iterable[str] | None = None, *, check: bool = False,
              show_diff: bool = False, lock_timeout: float = 10.0,
              backup: BackupPolicy | None = None) -> FmtReport:
    """Format every trip under ``paths`` (default: the itineraries folder) in place.

    With ``check`` nothing is written: the report lists the files that would change.
    Files that cannot be read or parsed are reported in ``diagnostics``, not fatal.
    Formatting never changes data, so it does not raise a trip's ``revision``.
    """
    report = FmtReport()
    targets = [find_trip(p) for p in paths] if paths else None
    for path in trip_files(targets):
        try:
            text = read_text(path)
            new = _formatted(path, text)
        except LoadError as err:
            report.diagnostics.extend(err.diagnostics)
            continue
        changed = new != text
        diff = ""
        if changed and show_diff:
            diff = unified_diff(text, new, display_path(path))
        result = FmtResult(path, changed, diff)
        if changed and not check:
            def transform(current: bytes, path: Path = path) -> bytes:
                return _formatted(path, current.decode("utf-8")).encode("utf-8")

            written = storage.edit_file(path, transform, timeout=lock_timeout,
                                        backup=backup or BackupPolicy())
            result.backup = written.backup
        report.results.append(result)
    if targets is not None and not report.results and not report.diagnostics:
        raise UsageError("no trip files found", hint="give .toml or .json trip files or folders")
    return report
