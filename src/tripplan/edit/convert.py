"""The same trip in the other storage form (``convert``): TOML ↔ JSON, losslessly.

TOML is written in the hand-written style by the TOML document engine
(:func:`tripplan.tomldoc.render_toml`), keys in canonical order (:mod:`tripplan.fmt`):

>>> print(trip_toml({"title": "T", "id": "t", "places": {"bkk": {"name": "Bangkok"}}}), end="")
id = "t"
title = "T"
<BLANKLINE>
[places.bkk]
name = "Bangkok"
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tripplan import storage
from tripplan.backupfiles import BackupPolicy
from tripplan.catalog import load_ref
from tripplan.errors import UsageError
from tripplan.fmt import SECTIONS, canonical_data, dump_json
from tripplan.load import load_text
from tripplan.tomldoc import comment_texts, render_toml


def trip_toml(data: dict) -> str:
    """A whole trip as TOML in the hand-written style: root keys first, then
    ``[people.<id>]``, ``[places.<id>]``, ``[contacts.<id>]``, ``[footnotes."<id>"]`` tables
    and ``[[items]]``, each after a blank line."""
    return render_toml(canonical_data(data), sections=SECTIONS, arrays=("items",))


@dataclass
class Converted:
    text: str
    format: str
    output: Path | None = None
    comments_dropped: int = 0
    backup: Path | None = None


def _target_format(to: str | None, out_path: Path | None) -> str:
    if to is None and out_path is not None and out_path.suffix.lower() in (".json", ".toml"):
        to = out_path.suffix.lower()[1:]
    if to not in ("json", "toml"):
        raise UsageError("choose the form to convert to: {to} json or {to} toml", argument="to")
    if out_path is not None and out_path.suffix.lower() != f".{to}":
        raise UsageError(f"{out_path} does not end in .{to}", argument="output",
                         hint=f"name the output file *.{to}, or leave {{output}} out to print it")
    return to


def convert_file(ref: str | Path, to: str | None = None, output: str | Path | None = None,
                 *, force: bool = False, backup: BackupPolicy | None = None) -> Converted:
    """``convert``: the same trip in the other storage form (TOML ↔ JSON).

    Lossless: the result loads to a model equal to the original (checked before anything
    is written). Keys are written in canonical order. TOML comments cannot go into JSON;
    ``comments_dropped`` says how many were left behind. ``output`` that exists is
    replaced only with ``force`` (its previous version goes to the backup folder).
    """
    loaded = load_ref(ref)
    out_path = Path(output) if output is not None else None
    to = _target_format(to, out_path)
    if loaded.format == to:
        raise UsageError(f"{loaded.display_path} is already {to.upper()}",
                         hint="to reformat it, use: tripplan fmt " + loaded.display_path)
    trip = loaded.trip
    if to == "json":
        text = dump_json(trip.model_dump(mode="json", exclude_unset=True))
    else:
        text = trip_toml(trip.model_dump(mode="python", exclude_unset=True))
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
                raise UsageError(f"{out_path} already exists", argument="output",
                                 hint="choose another {output}, or add {force} to replace it "
                                      "(its previous version is kept as a backup)")
            result.backup = storage.atomic_write(out_path, text.encode("utf-8"),
                                                 backup=backup or BackupPolicy())
    return result
