"""What changed between two versions of a trip: the "Rev. 3" notes.

Items are matched by id. An item is

* **added** / **removed** when its id is only in the new / old version (an item whose id
  was changed shows as one removed and one added);
* **moved** when any of its timing keys changed (``date``, ``part_of_day``, ``start``,
  ``end``, ``end_date``, ``end_part_of_day``): shown as old → new time, with its other
  changed keys;
* **changed** when other keys changed (``key: old → new``; a cancellation is
  ``status: "confirmed" → "cancelled"``).

Trip-level keys (title, dates, people, places, ...) are compared the same way; the
``revision`` is shown in the heading, not as a change. Values are compared as the model
reads them, so a key that is written out with its default value (``status = "confirmed"``)
equals one left out, and reformatting or converting a trip between TOML and JSON shows no
change. The order of items in the file is not compared.

>>> from tripplan.model import Trip
>>> base = {"id": "t", "title": "T", "home_timezone": "Asia/Tokyo", "start": "2024-06-20",
...         "end": "2024-06-22"}
>>> old = Trip.model_validate({**base, "items": [
...     {"id": "a", "kind": "meeting", "title": "A", "start": "2024-06-21T10:00:00"},
...     {"id": "b", "kind": "meal", "title": "B", "date": "2024-06-21"}]})
>>> new = Trip.model_validate({**base, "revision": 1, "items": [
...     {"id": "a", "kind": "meeting", "title": "A", "start": "2024-06-21T10:30:00"},
...     {"id": "b", "kind": "meal", "title": "B", "date": "2024-06-21", "status": "cancelled"}]})
>>> print("\\n".join(diff_trips(old, new).lines()))
Revision 0 → 1
Moved
  ~ a  2024-06-21 10:00 → 2024-06-21 10:30  A
Changed
  * b  B
      status: "confirmed" → "cancelled"
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan.catalog import find_trip, load_ref
from tripplan.errors import UsageError
from tripplan.load import load_text
from tripplan.model import Item, Trip
from tripplan.present.formats import join_list, paren
from tripplan.present.vocabulary import cap, label, word
from tripplan.zones import offset_label

TIMING_KEYS = ("date", "part_of_day", "start", "end", "end_date", "end_part_of_day")
"""Keys whose change makes an item "moved"."""


@dataclass(frozen=True)
class FieldChange:
    """One key whose value differs; ``None`` stands for "not given"."""

    key: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "old": self.old, "new": self.new}

    def line(self) -> str:
        return f"{self.key}: {_show(self.old)} → {_show(self.new)}"


@dataclass(frozen=True)
class ItemRef:
    id: str
    title: str
    when: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "when": self.when}


@dataclass(frozen=True)
class ItemChange:
    id: str
    title: str
    old_when: str
    new_when: str
    changes: tuple[FieldChange, ...]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "old_when": self.old_when,
                "new_when": self.new_when, "changes": [c.to_json() for c in self.changes]}


@dataclass
class TripDiff:
    """The differences between an old and a new version of one trip."""

    old_label: str = "old"
    new_label: str = "new"
    old_revision: int | None = None
    new_revision: int | None = None
    trip: list[FieldChange] = field(default_factory=list)
    added: list[ItemRef] = field(default_factory=list)
    removed: list[ItemRef] = field(default_factory=list)
    moved: list[ItemChange] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    old_source: dict[str, Any] = field(default_factory=dict)
    """For a version kept in a backup: ``rev`` (0 = the file now) and ``backup`` (its file)."""
    new_source: dict[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.trip or self.added or self.removed or self.moved or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "old": {"file": self.old_label, "revision": self.old_revision, **self.old_source},
            "new": {"file": self.new_label, "revision": self.new_revision, **self.new_source},
            "changed": not self.is_empty,
            "trip": [c.to_json() for c in self.trip],
            "items": {
                "added": [r.to_json() for r in self.added],
                "removed": [r.to_json() for r in self.removed],
                "moved": [c.to_json() for c in self.moved],
                "changed": [c.to_json() for c in self.changed],
            },
        }

    def lines(self, *, heading: bool = True, lang: str = "en") -> list[str]:
        """The human report, one line per entry (see the module example); headings in
        ``lang``."""
        def title(key: str) -> str:
            return cap(word(key, lang), lang)

        out: list[str] = []
        if heading and self.old_revision != self.new_revision:
            out.append(word("change_revision", lang, old=str(self.old_revision),
                            new=str(self.new_revision)))
        if self.trip:
            out.append(title("change_trip"))
            out.extend(f"  {c.line()}" for c in self.trip)
        for key, refs, sign in (("change_added", self.added, "+"),
                                ("change_removed", self.removed, "-")):
            if refs:
                out.append(title(key))
                out.extend(f"  {sign} {r.id}  {r.when}  {r.title}" for r in refs)
        if self.moved:
            out.append(title("change_moved"))
            for c in self.moved:
                out.append(f"  ~ {c.id}  {c.old_when} → {c.new_when}  {c.title}")
                out.extend(f"      {f.line()}" for f in c.changes)
        if self.changed:
            out.append(title("change_changed"))
            for c in self.changed:
                out.append(f"  * {c.id}  {c.title}")
                out.extend(f"      {f.line()}" for f in c.changes)
        return out

    def summary(self, lang: str = "en", *, limit: int = 3) -> str:
        """The changes in one line, at most ``limit`` entries (``tripplan history``).

        >>> TripDiff(changed=[ItemChange("lunch", "Lunch", "", "", (
        ...     FieldChange("status", "confirmed", "cancelled"),))]).summary()
        'changed lunch (status)'
        >>> TripDiff().summary("ja")
        '内容の変更なし'
        >>> TripDiff(trip=[FieldChange("title.en", "A", "B")], added=[ItemRef("a", "A", ""),
        ...     ItemRef("b", "B", ""), ItemRef("c", "C", "")]).summary("ja")
        '旅程全体（title.en）／追加 a、b／ほか1件'
        """
        def keys(changes) -> str:
            return paren(join_list((c.key for c in changes), lang), lang) if changes else ""

        entries = [("change_trip", "")] if self.trip else []
        entries += [("change_added", r.id) for r in self.added]
        entries += [("change_removed", r.id) for r in self.removed]
        entries += [("change_moved", c.id) for c in self.moved]
        entries += [("change_changed", c.id + keys(c.changes)) for c in self.changed]
        if not entries:
            return word("no_content_change", lang)
        groups: list[tuple[str, list[str]]] = []
        for kind, text in entries[:limit]:
            if groups and groups[-1][0] == kind:
                groups[-1][1].append(text)
            else:
                groups.append((kind, [text]))
        parts = [word(kind, lang) + keys(self.trip) if kind == "change_trip"
                 else f"{word(kind, lang)} {join_list(texts, lang)}" for kind, texts in groups]
        if len(entries) > limit:
            parts.append(word("and_more", lang, n=str(len(entries) - limit)))
        return word("entry_separator", lang).join(parts)  # groups: always "; " / "／"


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested tables → dotted keys; lists and scalars are leaves.

    >>> _flatten({"title": {"ja": "会談", "en": "Meeting"}, "tags": ["a"]})
    {'title.ja': '会談', 'title.en': 'Meeting', 'tags': ['a']}
    """
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, sub in value.items():
            out.update(_flatten(sub, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value}


def _fields(model: Any, exclude: set[str] | None = None) -> dict[str, Any]:
    return _flatten(model.model_dump(mode="json", exclude=exclude))


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    keys = list(old) + [k for k in new if k not in old]
    return [FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]


def when(item: Item, lang: str = "en") -> str:
    """An item's time as written: ``2024-06-21 10:30–11:30``, ``2024-06-21 night``, ...

    >>> when(Item(id="a", kind="meal", title="A", start=dt.datetime(2024, 6, 21, 10, 30),
    ...           end=dt.datetime(2024, 6, 21, 11, 30)))
    '2024-06-21 10:30–11:30'
    >>> when(Item(id="a", kind="lodging", title="A", date=dt.date(2024, 6, 20),
    ...           end_date=dt.date(2024, 6, 21)))
    '2024-06-20 – 2024-06-21'
    """
    if item.start is not None:
        text = _clock(item.start, with_date=True)
        if item.end is not None:
            same_day = item.end.date() == item.start.date()
            text += "–" + _clock(item.end, with_date=not same_day)
        elif item.end_date is not None and item.end_date != item.start.date():
            text += f" – {item.end_date}"
        return text
    if item.date is None:
        return word("no_date", lang)
    text = str(item.date)
    if item.part_of_day is not None:
        text += " " + label("part_of_day", item.part_of_day.value, lang)
    if item.end_date is not None and (item.end_date != item.date or item.end_part_of_day):
        text += f" – {item.end_date}"
        if item.end_part_of_day is not None:
            text += " " + label("part_of_day", item.end_part_of_day.value, lang)
    return text


def _clock(value: dt.datetime, *, with_date: bool) -> str:
    text = f"{value:%Y-%m-%d %H:%M}" if with_date else f"{value:%H:%M}"
    if value.second:
        text += f":{value.second:02d}"
    if value.tzinfo is not None:
        text += f" ({offset_label(value)})"
    return text


def diff_trips(old: Trip, new: Trip, *, lang: str = "en", old_label: str = "old",
               new_label: str = "new") -> TripDiff:
    """Compare two versions of a trip (see the module documentation)."""
    result = TripDiff(old_label, new_label, old.revision, new.revision)
    result.trip = _changes(_fields(old, {"items", "revision", "removed"}),
                           _fields(new, {"items", "revision", "removed"}))
    old_items = {it.id: it for it in old.items}
    new_items = {it.id: it for it in new.items}
    for item in new.items:
        if item.id not in old_items:
            result.added.append(ItemRef(item.id, item.title.get(lang) or "", when(item, lang)))
    for item in old.items:
        if item.id not in new_items:
            result.removed.append(ItemRef(item.id, item.title.get(lang) or "", when(item, lang)))
            continue
        after = new_items[item.id]
        changes = _changes(_fields(item, {"stamp"}), _fields(after, {"stamp"}))
        if not changes:
            continue
        timing = [c for c in changes if c.key.split(".")[0] in TIMING_KEYS]
        others = tuple(c for c in changes if c.key.split(".")[0] not in TIMING_KEYS)
        entry = ItemChange(item.id, after.title.get(lang) or "", when(item, lang),
                           when(after, lang), others if timing else tuple(changes))
        (result.moved if timing else result.changed).append(entry)
    return result


# --- the library function behind `tripplan diff` -------------------------------------------


def git_show(path: Path, rev: str) -> str:
    """The text of ``path`` in git revision ``rev`` (``git show REV:./NAME`` in its folder)."""
    git = shutil.which("git")
    if git is None:
        raise UsageError("git is not installed, so {rev} cannot be used", argument="rev",
                         hint="compare two files instead: tripplan diff OLD NEW")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise UsageError(f"{path}: no such folder")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([git, "-C", str(folder), *args], capture_output=True)

    if run("rev-parse", "--show-toplevel").returncode != 0:
        raise UsageError(f"{path} is not in a git repository, so {{rev}} cannot be used",
                         argument="rev",
                         hint="compare two files instead: tripplan diff OLD NEW")
    if run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise UsageError(f'"{rev}" is not a revision of this git repository',
                         hint="use a commit, branch or tag, e.g. HEAD~1 (see `git log`)")
    shown = run("show", f"{rev}:./{path.name}")
    if shown.returncode != 0:
        raise UsageError(f"{path.name} is not in revision {rev}",
                         hint="the file may have been added or renamed after that revision "
                              "(see `git log --follow -- FILE`)")
    try:
        return shown.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{path.name} in revision {rev} is not UTF-8 text") from None


def diff_refs(old: str, new: str | None = None, *, rev: str | None = None,
              lang: str = "en") -> TripDiff:
    """``diff OLD NEW``, or ``diff FILE`` with ``rev`` (FILE then is NEW).

    Both versions must load (a version that does not is an input error, exit 2).
    """
    if (new is None) == (rev is None):
        raise UsageError("give either two trips (OLD NEW) or one trip and {rev} REV",
                         hint="tripplan diff old.toml new.toml, or tripplan diff trip.toml "
                              "{rev} HEAD~1", argument="rev")
    if rev is not None:
        current = load_ref(old)
        path = find_trip(old)
        fmt = "json" if path.suffix.lower() == ".json" else "toml"
        before = load_text(git_show(path, rev), Path(f"{current.display_path}@{rev}"), fmt)
        after = current
        labels = (f"{current.display_path}@{rev}", current.display_path)
    else:
        before, after = load_ref(old), load_ref(new)
        labels = (before.display_path, after.display_path)
    return diff_trips(before.trip, after.trip, lang=lang, old_label=labels[0],
                      new_label=labels[1])
