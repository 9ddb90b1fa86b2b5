"""Editing trips without losing a byte: ``new``, ``add``, ``set``, ``move``, ``cancel``,
``rm``, ``edit`` and ``convert`` as library functions.

The package holds, by what it is:

* :mod:`.values` — keys and values typed on the command line, read the way the model
  needs them (dates without a year take the trip's);
* :mod:`.tomltext` — changes to a TOML text statement by statement, on the TOML document
  engine (:mod:`tripplan.tomldoc`), so every comment, blank line and key order survives;
* :mod:`.document` — :class:`TripDocument`: the same edits on TOML text and JSON data;
* :mod:`.transaction` — :func:`apply_edit`: one edit under the trip's lock, checked with
  validate's rules before it is written; :class:`EditOutcome`, what it did;
* :mod:`.operations` — the edits of set, add, move, cancel and rm as named functions;
* :mod:`.editor` — the session in the person's own editor;
* :mod:`.templates` — new trips from the commented template;
* :mod:`.convert` — TOML ↔ JSON.

The public names below are importable from this package (``from tripplan.edit import
set_fields``); each is loaded from its module on first use, so importing the package costs
nothing.

>>> from tripplan.edit import parse_key
>>> parse_key('footnotes."1".text')
('footnotes', '1', 'text')
"""

from __future__ import annotations

import importlib
import typing

_EXPORTS = {
    "values": ("TripDates", "convert_value", "parse_key", "value_kind", "text_value",
               "language_of", "slugify"),
    "document": ("TripDocument",),
    "transaction": ("EditOutcome", "RefusedEdit", "apply_edit"),
    "operations": ("NewItem", "add_item", "cancel_item", "move_item", "remove_item",
                   "set_fields"),
    "editor": ("Chooser", "edit_in_editor", "editor_command"),
    "templates": ("Created", "NewTrip", "Prompter", "new_trip"),
    "convert": ("Converted", "convert_file"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "Chooser", "Converted", "Created", "EditOutcome", "NewItem", "NewTrip", "Prompter",
    "RefusedEdit", "TripDates", "TripDocument", "add_item", "apply_edit", "cancel_item",
    "convert_file", "convert_value", "edit_in_editor", "editor_command", "language_of",
    "move_item", "new_trip", "parse_key", "remove_item", "set_fields", "slugify",
    "text_value", "value_kind",
]

if typing.TYPE_CHECKING:
    from tripplan.edit.convert import Converted, convert_file
    from tripplan.edit.document import TripDocument
    from tripplan.edit.editor import Chooser, edit_in_editor, editor_command
    from tripplan.edit.operations import (
        NewItem,
        add_item,
        cancel_item,
        move_item,
        remove_item,
        set_fields,
    )
    from tripplan.edit.templates import Created, NewTrip, Prompter, new_trip
    from tripplan.edit.transaction import EditOutcome, RefusedEdit, apply_edit
    from tripplan.edit.values import (
        TripDates,
        convert_value,
        language_of,
        parse_key,
        slugify,
        text_value,
        value_kind,
    )


def __getattr__(name: str) -> typing.Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
