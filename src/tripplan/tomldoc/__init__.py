"""The TOML document engine: one parser, one scanner, one block model, one serialiser.

tripplan reads TOML in two ways. As *data*, through the one parser (:mod:`.parse`, tomli).
As *text as written*, whenever a position or a byte matters: the loader's locator
(:mod:`tripplan.sourcemap`) points messages at a line and column, the formatter
(:mod:`tripplan.fmt`) moves and re-spaces the lines people wrote, and the edits
(:mod:`tripplan.edit.tomltext`) rewrite only the lines of the keys that change. All three
build on the same pieces:

* :mod:`.scan` — :func:`scan` cuts a text into statements (:class:`Stmt`: blank, comment,
  header, key/value) with the spans of their key, value and comments;
  :func:`value_positions` walks into inline tables and arrays;
* :mod:`.blocks` — :func:`blocks` groups statements into tables (:class:`Block`), with
  ``[[array]]`` elements numbered like the data;
* :mod:`.write` — :func:`toml_value`, :func:`keyval_lines`, :func:`render_toml` write
  values and documents in the hand-written style.

>>> text = 'id = "t"\\n\\n[[items]]\\nid = "a"  # first\\n'
>>> [(b.path, [s.path for s in b.keyvals()]) for b in blocks(text)]
[((), [('id',)]), (('items', 0), [('id',)])]
>>> keyval_lines(("title",), {"en": "Visit"})
['title.en = "Visit"']
"""

from __future__ import annotations

from tripplan.tomldoc.blocks import Block, TableNumbering, blocks
from tripplan.tomldoc.parse import TOMLDecodeError, loads
from tripplan.tomldoc.scan import Stmt, comment_texts, scan, skip_toml_string, value_positions
from tripplan.tomldoc.write import (
    InlineTable,
    keyval_lines,
    render_toml,
    table_lines,
    toml_key,
    toml_string,
    toml_value,
    value_text,
)

__all__ = [
    "Block", "InlineTable", "Stmt", "TOMLDecodeError", "TableNumbering", "blocks",
    "comment_texts",
    "keyval_lines", "loads", "render_toml", "scan", "skip_toml_string", "table_lines", "toml_key",
    "toml_string", "toml_value", "value_positions", "value_text",
]
