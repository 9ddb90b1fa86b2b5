"""The tables of a TOML text as blocks of statements: the one block model of tripplan.

A :class:`Block` is one table as written: the comments directly above its header, the
header, and its body up to the next table. ``[[array]]`` elements are numbered like the
data, so a block's :attr:`~Block.path` is the key path of its table
(``("items", 2)``, ``("places", "bangkok")``).

>>> [b.path for b in blocks('id = 1\\n[[items]]\\nid = 2\\n\\n# c\\n[[items]]\\nid = 3\\n')]
[(), ('items', 0), ('items', 1)]
"""

from __future__ import annotations

from dataclasses import dataclass

from tripplan.tomldoc.scan import Stmt, scan


@dataclass
class Block:
    """A table of the document: the comments directly above its header, the header, its body.

    The first block of a document is the root table (no header). ``body`` runs to the next
    block's leading comments, so it ends with the blank lines and free-standing comments
    between the two tables (see :meth:`split`).
    """

    path: tuple
    header: Stmt | None
    lead: list[Stmt]
    body: list[Stmt]

    @property
    def start(self) -> int:
        if self.lead:
            return self.lead[0].start
        if self.header is not None:
            return self.header.start
        return self.body[0].start if self.body else 0

    def split(self) -> tuple[list[Stmt], list[Stmt], list[Stmt]]:
        """``(top, content, gap)`` of the body.

        ``content`` runs from the first key (with the comments directly above it) through the
        last key and the comments directly below it; ``top`` holds what comes before in the
        root table (free comment blocks at the top of the file); ``gap`` the blank lines and
        free comment blocks after the content.
        """
        body = self.body
        keys = [k for k, s in enumerate(body) if s.kind == "keyval"]
        if not keys:
            # A table without keys: comments right below its header are its own.
            end = 0
            if self.header is not None:
                while end < len(body) and body[end].kind == "comment":
                    end += 1
            return [], body[:end], body[end:]
        first, last = keys[0], keys[-1]
        begin = first
        if self.header is None:
            while begin > 0 and body[begin - 1].kind == "comment":
                begin -= 1
        else:
            begin = 0
        end = last + 1
        while end < len(body) and body[end].kind == "comment":
            end += 1
        return body[:begin], body[begin:end], body[end:]

    def content_end(self, default: int) -> int:
        """Offset just after the table's content (keys and the comments that go with them)."""
        _, content, _ = self.split()
        if content:
            return content[-1].end
        if self.header is not None:
            return self.header.end
        return default

    def keyvals(self) -> list[Stmt]:
        return [s for s in self.body if s.kind == "keyval"]


def blocks(text: str, stmts: list[Stmt] | None = None) -> list[Block]:
    """The tables of a TOML text, with ``[[array]]`` elements numbered like the data."""
    stmts = stmts if stmts is not None else scan(text)
    out = [Block((), None, [], [])]
    numbering = TableNumbering()
    for stmt in stmts:
        if stmt.kind != "header":
            out[-1].body.append(stmt)
            continue
        previous = out[-1].body
        k = len(previous)
        while k > 0 and previous[k - 1].kind == "comment":
            k -= 1
        lead = previous[k:]
        del previous[k:]
        out.append(Block(numbering.header(stmt), stmt, lead, []))
    return out


class TableNumbering:
    """Key paths of table headers in document order: ``[[a]]`` elements get their index.

    >>> n = TableNumbering()
    >>> n.path(("items",), array=True), n.path(("items",), array=True)
    (('items', 0), ('items', 1))
    >>> n.path(("items", "extra")), n.arrays
    (('items', 1, 'extra'), {('items',): 1})
    """

    def __init__(self) -> None:
        self.arrays: dict[tuple, int] = {}
        """The last index of each array of tables so far."""

    def header(self, stmt: Stmt) -> tuple:
        return self.path(stmt.path, array=stmt.array)

    def path(self, parts: tuple[str, ...], *, array: bool = False) -> tuple:
        if not array:
            return self.resolve(parts)
        base = (*self.resolve(parts[:-1]), parts[-1])
        self.arrays[base] = self.arrays.get(base, -1) + 1
        return (*base, self.arrays[base])

    def resolve(self, parts: tuple[str, ...]) -> tuple:
        """``parts`` with the current index after each array of tables they go through."""
        path: tuple = ()
        for part in parts:
            path += (part,)
            if path in self.arrays:
                path += (self.arrays[path],)
        return path
