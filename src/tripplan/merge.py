"""What a merge of two versions of a trip gives: git's line merge, made to know trips.

``tripplan merge-driver`` is a git merge driver (docs/ics.md, "Working as a team"). For a
TOML trip changed on two branches it

1. writes the same ``revision`` into all three versions: one more than the higher of the
   two sides (a merge is a change of its own, and both sides raising ``revision`` is no
   conflict);
2. for an item both sides changed differently, raises the stamp's ``sequence`` on both
   sides to one more than the higher of the two, so whichever lines are kept the merged
   event is newer than anything either side published (:mod:`tripplan.sequence`);
3. takes the ``[removed.<id>]`` tables out of the three versions and puts back, after the
   merge, those of both sides (the higher ``sequence`` of an id removed on both), except
   for an id that is still an item;
4. merges the texts line by line (``git merge-file``), and where both sides only *added*
   lines at the same place (two officers adding items to the same day) keeps both
   additions, ours first.

What remains a conflict (both sides changed the same lines) is left marked for a person,
and the driver reports a conflict. A version that does not load as a trip, or a JSON trip,
is merged by lines only.

>>> _union_of_additions(["x", "<<<<<<< ours", "[[items]]", "id = 'a'", "||||||| base",
...                      "=======", "[[items]]", "id = 'b'", ">>>>>>> theirs", "y"])
['x', '[[items]]', "id = 'a'", '', '[[items]]', "id = 'b'", 'y']
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tripplan.edit.document import TripDocument
from tripplan.edit.stamps import removed_value, stamp_value
from tripplan.load import LoadError, load_text
from tripplan.model import Removed, Stamp, Trip
from tripplan.sequence import fingerprints
from tripplan.zones import resolve


@dataclass
class Merged:
    text: str
    clean: bool
    """False when conflicts are left for a person (marked in :attr:`text`)."""


def merge_trip_texts(base: str, ours: str, theirs: str, path: Path) -> Merged:
    """The merge of ``ours`` and ``theirs``, two versions of the trip at ``path`` made
    from ``base``."""
    if path.suffix.lower() != ".toml":
        return _merge_lines(base, ours, theirs)
    try:
        trips = [load_text(text, path, "toml").trip for text in (base, ours, theirs)]
    except LoadError:
        return _merge_lines(base, ours, theirs)
    docs = [TripDocument(text, "toml") for text in (base, ours, theirs)]
    _same_revision(docs, trips)
    _newer_stamps(docs, trips)
    removed = _union_removed(trips[1], trips[2])
    for doc, trip in zip(docs, trips, strict=True):
        for item_id in trip.removed:
            doc.remove_table(("removed", item_id))
    merged = _merge_lines(*(doc.dumps() for doc in docs))
    if not merged.clean:
        return merged
    doc = TripDocument(merged.text, "toml")
    present = {item.id for item in load_text(merged.text, path, "toml").trip.items}
    for item_id, gone in sorted(removed.items()):
        if item_id not in present:
            doc.set(("removed", item_id), removed_value(gone))
    text = doc.dumps()
    try:
        load_text(text, path, "toml")
    except LoadError:
        return Merged(text, False)
    return Merged(text, True)


def _same_revision(docs: list[TripDocument], trips: list[Trip]) -> None:
    base, ours, theirs = trips
    if ours.revision == theirs.revision == base.revision:
        return
    revision = max(ours.revision, theirs.revision) + 1
    for doc in docs:
        doc.set(("revision",), revision)


def _by_id(trip: Trip) -> dict[str, tuple[int, str]]:
    """Item id → (index, fingerprint)."""
    prints = fingerprints(trip, resolve(trip))
    return {item.id: (index, fp) for index, (item, fp) in enumerate(zip(trip.items, prints,
                                                                         strict=True))}


def _newer_stamps(docs: list[TripDocument], trips: list[Trip]) -> None:
    base, ours, theirs = (_by_id(trip) for trip in trips)
    for item_id in ours.keys() & theirs.keys():
        (o_index, o_fp), (t_index, t_fp) = ours[item_id], theirs[item_id]
        b_fp = base.get(item_id, (None, None))[1]
        if o_fp == t_fp or b_fp in (o_fp, t_fp):
            continue  # one side only, or both the same: no conflict of numbers
        o_stamp = trips[1].items[o_index].stamp
        t_stamp = trips[2].items[t_index].stamp
        high = max(s.sequence if s else 0 for s in (o_stamp, t_stamp)) + 1
        for doc, index, stamp, fp in ((docs[1], o_index, o_stamp, o_fp),
                                      (docs[2], t_index, t_stamp, t_fp)):
            raised = (stamp.model_copy(update={"sequence": high}) if stamp is not None
                      else Stamp(sequence=high, fingerprint=fp))
            doc.set(("items", index, "stamp"), stamp_value(raised))


def _union_removed(ours: Trip, theirs: Trip) -> dict[str, Removed]:
    out = dict(ours.removed)
    for item_id, gone in theirs.removed.items():
        if item_id not in out or gone.sequence > out[item_id].sequence:
            out[item_id] = gone
    return out


def _merge_lines(base: str, ours: str, theirs: str) -> Merged:
    """``git merge-file`` of the three texts (diff3 style), additions on both sides kept."""
    with tempfile.TemporaryDirectory(prefix="tripplan-merge-") as folder:
        files = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            file = Path(folder) / name
            file.write_text(text, encoding="utf-8")
            files.append(str(file))
        done = subprocess.run(["git", "merge-file", "-p", "--diff3", "-L", "ours", "-L",
                               "base", "-L", "theirs", *files], capture_output=True,
                              text=True, check=False)
    if done.returncode < 0 or done.returncode > 127:
        raise RuntimeError(f"git merge-file failed: {done.stderr.strip()}")
    lines = _union_of_additions(done.stdout.split("\n"))
    text = "\n".join(lines)
    return Merged(text, not any(line.startswith("<<<<<<< ") for line in lines))


def _union_of_additions(lines: list[str]) -> list[str]:
    """Conflict hunks where both sides only added lines (the base part is empty or blank)
    become both additions, ours first; other hunks stay as they are."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("<<<<<<< "):
            out.append(lines[i])
            i += 1
            continue
        try:
            mid = lines.index("||||||| base", i)
            sep = lines.index("=======", mid)
            end = next(j for j in range(sep, len(lines)) if lines[j].startswith(">>>>>>> "))
        except (ValueError, StopIteration):
            out.extend(lines[i:])
            break
        ours, base, theirs = lines[i + 1:mid], lines[mid + 1:sep], lines[sep + 1:end]
        if all(not line.strip() for line in base):
            gap = [""] if ours and theirs and ours[-1].strip() and theirs[0].strip() else []
            out.extend(ours + gap + theirs)
        else:
            out.extend(lines[i:end + 1])
        i = end + 1
    return out
