"""A trip file being edited: :class:`TripDocument`, the same operations on TOML and JSON.

TOML is edited as text (:mod:`tripplan.edit.tomltext`: only the lines of the keys that
change are rewritten, every comment and blank line stays); JSON as data, written with
stable formatting (existing key order kept, new keys in their canonical place). Paths are
tuples of keys as in the data: ``("items", 3, "title", "en")``, ``("revision",)``.

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

import datetime as dt
import difflib
import json
from typing import Any

from tripplan.edit import tomltext
from tripplan.errors import UsageError
from tripplan.fmt import key_rank
from tripplan.tomldoc import loads


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
        return loads(self.text)

    def get(self, path: tuple, default: Any = None) -> Any:
        node: Any = self.data()
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return default
        return node

    def has(self, path: tuple) -> bool:
        return self.get(path, tomltext.DELETE) is not tomltext.DELETE

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
        current = self.get(path, tomltext.DELETE)
        target = json_value(value) if self._json is not None else value
        if current is not tomltext.DELETE and current == target and type(current) is type(target):
            return
        if self._json is not None:
            self._json_set(path, json_value(value))
        else:
            self.text = tomltext.set_key(self.text, path, value)

    def unset(self, path: tuple) -> None:
        if not self.has(path):
            return
        if self._json is not None:
            parent = self.get(path[:-1])
            del parent[path[-1]]
            self._dirty = True
        else:
            self.text = tomltext.set_key(self.text, path, tomltext.DELETE)

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
        self.text = tomltext.rename_key(self.text, path, new_key, value)

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
        self.text = tomltext.insert_item(self.text, item, anchor)

    def remove_table(self, path: tuple) -> None:
        """Take out the whole table at ``path`` (e.g. ``("removed", "press")``)."""
        if self._json is not None:
            parent = self.get(path[:-1], None)
            if isinstance(parent, dict) and path[-1] in parent:
                del parent[path[-1]]
                if not parent and len(path) > 1:
                    del self.get(path[:-2])[path[-2]]
                self._dirty = True
            return
        self.text = tomltext.remove_table(self.text, path)

    def remove_item(self, index: int) -> None:
        if self._json is not None:
            del self._json["items"][index]
            self._dirty = True
            return
        self.text = tomltext.remove_item(self.text, index)

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
