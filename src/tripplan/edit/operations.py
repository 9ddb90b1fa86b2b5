"""The edits of ``set``, ``add``, ``move``, ``cancel`` and ``rm`` as library functions.

Each edit reads its arguments first (usage errors before the trip is locked), then runs one
named operation (``*_operation(plan, doc, before)``) inside :func:`apply_edit`, which checks
and writes the result. Errors name the argument at fault as ``{name}`` placeholders (see
:class:`tripplan.errors.TripplanError`); the front end spells them.

>>> plan = plan_set("lunch", ["status=tentative"])
>>> [(key, path, raw, kind) for key, path, raw, kind in plan.assignments]
[('status', ('status',), 'tentative', 'str')]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan.backupfiles import BackupPolicy
from tripplan.catalog import find_trip
from tripplan.edit.document import TripDocument
from tripplan.edit.transaction import Assessment, Change, EditOutcome, apply_edit, format_of
from tripplan.edit.values import (
    TripDates,
    convert_value,
    parse_key,
    slugify,
    split_assignment,
    text_value,
    unique_id,
    value_kind,
)
from tripplan.errors import UsageError
from tripplan.load import display_path, read_text
from tripplan.model import PART_OF_DAY_WINDOWS, ItemStatus, Kind, PartOfDay, Trip, Visibility
from tripplan.parse_input import DATE_HINT, DATETIME_HINT, parse_duration
from tripplan.ranges import YEARS, in_years
from tripplan.zones import resolve

Assignment = tuple[str, tuple, str, str]
"""``(key as typed, key path, value as typed, value kind)``."""


# --- set ---------------------------------------------------------------------------------------


@dataclass
class SetPlan:
    """The keys ``set`` changes (read before the trip is locked)."""

    item_id: str | None
    assignments: list[Assignment]
    removals: list[tuple[str, tuple]]


def plan_set(item_id: str | None, assignments: list[str],
             unset: list[str] | None = None) -> SetPlan:
    """Read ``key=value`` pairs and keys to remove; usage errors for unknown keys."""
    unset = unset or []
    if not assignments and not unset:
        raise UsageError("nothing to set", hint="give key=value pairs or {unset} KEY",
                         argument="unset")
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
    return SetPlan(item_id, parsed, removals)


def set_operation(plan: SetPlan, doc: TripDocument, before: Assessment) -> Change:
    item_id = plan.item_id
    dates, day = _dates_of(doc, before, item_id)
    prefix: tuple = () if item_id is None else ("items", doc.item_index(item_id))
    for key, path, raw, kind in plan.assignments:
        doc.set(prefix + path, convert_value(raw, kind, key, dates, day))
    for key, path in plan.removals:
        if not doc.has(prefix + path):
            where = "the trip" if item_id is None else f'item "{item_id}"'
            raise UsageError(f'{where} has no key "{key}" to remove')
        doc.unset(prefix + path)
    touched = {item_id} if item_id is not None else set()
    if item_id is not None and any(p[0] == "id" for _, p, _, _ in plan.assignments):
        touched = {str(doc.get(prefix + ("id",)))}
    return Change(touched=touched, item=item_id)


def set_fields(ref: str | Path, item_id: str | None, assignments: list[str],
               unset: list[str] | None = None, *, force: bool = False,
               lock_timeout: float = 10.0, backup: BackupPolicy | None = None) -> EditOutcome:
    """``set TRIP ITEM key=value ...`` (``item_id`` None: the trip's own keys).

    Each value is read according to its key (see :func:`~tripplan.edit.values.convert_value`
    and docs/editing.md): text keys take the text as typed, date and time keys every form of
    :mod:`tripplan.parse_input`, other keys a TOML value.
    """
    plan = plan_set(item_id, assignments, unset)
    return apply_edit(ref, functools.partial(set_operation, plan), force=force,
                      lock_timeout=lock_timeout, backup=backup)


def _check_settable(path: tuple, item_id: str | None, *, removing: bool = False) -> None:
    if item_id is None and path[0] == "items":
        raise UsageError("items are changed one at a time",
                         hint="tripplan set TRIP ITEM key=value (or add, rm, move)")
    if path == ("id",) and removing:
        raise UsageError("the id cannot be removed")
    if item_id is None and path == ("revision",) and removing:
        raise UsageError("the revision cannot be removed")


def _dates_of(doc: TripDocument, before: Assessment, item_id: str | None
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


@dataclass
class NewItem:
    """What ``add`` was given (as typed; read by :func:`add_item`)."""

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


@dataclass
class AddPlan:
    """A new item as read from :class:`NewItem` before the trip is locked."""

    spec: NewItem
    kind: str
    title: dict[str, str]
    extra: list[Assignment]


def plan_add(spec: NewItem) -> AddPlan:
    """Check what ``add`` was given that does not depend on the trip."""
    kind = _choice(spec.kind, Kind, "kind")
    title = text_value(spec.title, spec.title_ja, spec.title_en)
    if title is None:
        raise UsageError("an item needs a title",
                         hint='{title} "…" (and/or {title_ja}, {title_en})', argument="title")
    extra = []
    for text in spec.assignments:
        key, raw = split_assignment(text)
        path = parse_key(key)
        extra.append((key, path, raw, value_kind(("items", 0) + path)))
    if spec.id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", spec.id):
        raise UsageError(f'"{spec.id}" is not a valid id',
                         hint="ids use lower-case letters, digits, '-', '_' and '.', "
                              "e.g. lunch-with-governor", argument="id")
    if spec.end is not None and spec.duration is not None:
        raise UsageError("give either {end} or {duration}, not both", argument="duration")
    if spec.start is None and (spec.end is not None or spec.duration is not None):
        raise UsageError("{end} and {duration} need {start}", argument="start",
                         hint="for an item known by day only, use {date} (and {end_date})")
    if spec.start is not None and spec.part_of_day is not None:
        raise UsageError("an item with {start} cannot also have {part_of_day}",
                         argument="part_of_day")
    if spec.part_of_day is not None and spec.date is None:
        raise UsageError("{part_of_day} needs {date}", argument="date")
    return AddPlan(spec, kind, title, extra)


@dataclass
class _When:
    date: dt.date | None
    start: dt.datetime | None
    end: dt.datetime | None
    end_date: dt.date | None

    @property
    def day(self) -> dt.date | None:
        return self.start.date() if self.start is not None else self.date


def _when(spec: NewItem, dates: TripDates) -> _When:
    """The day and times of a new item, read with the trip's dates."""
    date = dates.date(spec.date) if spec.date is not None else None
    start = dates.datetime(spec.start, default_date=date) if spec.start else None
    if start is not None and date is not None and start.date() != date:
        raise UsageError(f"{{start}} {start:%Y-%m-%d %H:%M} is not on {{date}} {date}",
                         hint="give only {start} with its date, or a time on that day",
                         argument="start")
    end = None
    if spec.end is not None and start is not None:
        end = dates.datetime(spec.end, default_date=start.date())
    if spec.duration is not None and start is not None:
        end = start + parse_duration(spec.duration)
        within_years(end, "duration")
    end_date = dates.date(spec.end_date) if spec.end_date is not None else None
    return _When(date, start, end, end_date)


def within_years(value: dt.date, argument: str) -> dt.date:
    """``value`` (a day or a moment computed from ``argument``) if its year is one a trip may
    hold; else a :class:`UsageError` naming the argument (exit 2, never an overflow)."""
    if not in_years(value.year):
        raise UsageError(f"{{{argument}}} gives {value:%Y-%m-%d}, outside the years {YEARS}",
                         hint=f"a trip's dates lie in the years {YEARS}: check {{{argument}}}",
                         argument=argument)
    return value


def _new_item_id(plan: AddPlan, doc: TripDocument, day: dt.date | None) -> str:
    spec = plan.spec
    data = doc.data()
    taken = {str(it.get("id")) for it in data.get("items") or [] if isinstance(it, dict)}
    if spec.id is not None:
        if spec.id in taken:
            raise UsageError(f'an item with id "{spec.id}" already exists',
                             hint="choose another id, or leave {id} out to get one",
                             argument="id")
        return spec.id
    slug = slugify(plan.title["en"]) if "en" in plan.title else ""
    fallback = f"{plan.kind}-{day.isoformat()}" if day is not None else plan.kind
    return unique_id(slug or fallback, taken)


def _new_item(plan: AddPlan, item_id: str, when: _When) -> dict[str, Any]:
    """The new item's data, keys in the order they are written."""
    spec = plan.spec
    item: dict[str, Any] = {"id": item_id, "kind": plan.kind, "title": plan.title}
    if spec.status is not None:
        item["status"] = _choice(spec.status, ItemStatus, "status")
    if when.start is not None:
        item["start"] = when.start
        if when.end is not None:
            item["end"] = when.end
    elif when.date is not None:
        item["date"] = when.date
        if spec.part_of_day is not None:
            item["part_of_day"] = _choice(spec.part_of_day, PartOfDay, "part of day")
    if when.end_date is not None:
        item["end_date"] = when.end_date
    for key in ("place", "origin", "destination"):
        if getattr(spec, key) is not None:
            item[key] = getattr(spec, key)
    if spec.visibility is not None:
        item["visibility"] = _choice(spec.visibility, Visibility, "visibility")
    if spec.notes is not None:
        item["notes"] = text_value(spec.notes, what="notes")
    return item


def add_operation(plan: AddPlan, doc: TripDocument, before: Assessment) -> Change:
    trip = before.require().trip
    dates = TripDates(trip.start, trip.end)
    when = _when(plan.spec, dates)
    item_id = _new_item_id(plan, doc, when.day)
    item = _new_item(plan, item_id, when)
    doc.insert_item(item, chronological_anchor(trip, when.day, when.start,
                                               item.get("part_of_day")))
    index = doc.item_index(item_id)
    for key, path, raw, kind_of in plan.extra:
        doc.set(("items", index, *path), convert_value(raw, kind_of, key, dates, when.day))
    return Change(touched={item_id}, item=item_id, message=f'added item "{item_id}"')


def add_item(ref: str | Path, spec: NewItem, *, force: bool = False,
             lock_timeout: float = 10.0, backup: BackupPolicy | None = None) -> EditOutcome:
    """``add``: a new item, placed in chronological order in the file."""
    plan = plan_add(spec)
    return apply_edit(ref, functools.partial(add_operation, plan), force=force,
                      lock_timeout=lock_timeout, backup=backup)


# --- move --------------------------------------------------------------------------------------


@dataclass
class MovePlan:
    """Where ``move`` takes an item: ``to`` a date and/or time, or ``by`` a duration."""

    item_id: str
    to: str | None = None
    by: str | None = None
    cascade: bool = False


@dataclass
class _Target:
    at: dt.datetime | None = None
    date: dt.date | None = None
    delta: dt.timedelta | None = None


def _move_target(plan: MovePlan, dates: TripDates, item: Any) -> _Target:
    if plan.to is None:
        return _Target(delta=parse_duration(plan.by or ""))
    try:
        return _Target(at=dates.datetime(plan.to, default_date=item.first_day))
    except UsageError as first_error:
        try:
            return _Target(date=dates.date(plan.to))
        except UsageError:
            raise UsageError(str(first_error), hint=f"{DATETIME_HINT}; or a date only: "
                             + DATE_HINT.removeprefix("accepted: ")) from None


def _move_timed(plan: MovePlan, doc: TripDocument, trip: Trip, index: int,
                target: _Target) -> set[str]:
    item = trip.items[index]
    old = item.start
    if target.at is not None:
        new_start = target.at
    elif target.date is not None:
        new_start = dt.datetime.combine(target.date, old.timetz())
    else:
        new_start = old + target.delta
    within_years(new_start, "by" if target.delta is not None else "to")
    shift = new_start.replace(tzinfo=None) - old.replace(tzinfo=None)
    _shift_timed(doc, ("items", index), item, new_start, shift)
    touched = {item.id}
    if plan.cascade:
        for j in _followers(trip, index):
            other = trip.items[j]
            _shift_timed(doc, ("items", j), other, other.start + shift, shift)
            touched.add(other.id)
    return touched


def _move_by_day(plan: MovePlan, doc: TripDocument, item: Any, index: int,
                 target: _Target) -> None:
    if plan.cascade:
        raise UsageError(f'item "{item.id}" has no time, so {{cascade}} has nothing to go by',
                         hint="{cascade} moves the later timed items of the same day",
                         argument="cascade")
    if target.delta is not None:
        if item.date is None:
            raise UsageError(f'item "{item.id}" has no date to move from', argument="by",
                             hint="give it one: {to} 2024-06-21 (or a date and time)")
        if target.delta % dt.timedelta(days=1):
            raise UsageError(f'item "{item.id}" has no time; move it by whole days '
                             "(e.g. {by} 1d)", hint="or give it a time: {to} 2024-06-21T10:30",
                             argument="by")
        target.date = within_years(item.date + target.delta, "by")
    base = ("items", index)
    if target.at is not None:
        days = (target.at.date() - item.date) if item.date else dt.timedelta(0)
        if doc.has(base + ("date",)):
            doc.replace_key(base + ("date",), "start", target.at)
        else:
            doc.set(base + ("start",), target.at)
        doc.unset(base + ("part_of_day",))
    else:
        assert target.date is not None
        days = (target.date - item.date) if item.date else dt.timedelta(0)
        doc.set(base + ("date",), target.date)
    _shift_end_date(doc, base, item, days)


def move_operation(plan: MovePlan, doc: TripDocument, before: Assessment) -> Change:
    trip = before.require().trip
    index = doc.item_index(plan.item_id)
    item = trip.items[index]
    target = _move_target(plan, TripDates(trip.start, trip.end), item)
    if item.start is not None:
        return Change(touched=_move_timed(plan, doc, trip, index, target), item=item.id)
    _move_by_day(plan, doc, item, index, target)
    return Change(touched={item.id}, item=item.id)


def move_item(ref: str | Path, item_id: str, *, to: str | None = None, by: str | None = None,
              cascade: bool = False, force: bool = False,
              lock_timeout: float = 10.0, backup: BackupPolicy | None = None) -> EditOutcome:
    """``move``: shift an item (start and end together) to ``to`` or by ``by``.

    * timed item: ``to`` a date and time (or a time: same day; or a date: same time) or
      ``by`` a duration; ``cascade`` moves the later timed items of the same local day
      by the same amount;
    * date-only or part-of-day item: ``to`` a date changes the day (``end_date`` follows);
      ``to`` a date and time gives it a start (``date`` becomes ``start`` in place,
      ``part_of_day`` is removed); ``by`` whole days;
    * unscheduled item: ``to`` gives it a date or a start.
    """
    if (to is None) == (by is None):
        raise UsageError("give either {to} or {by}", argument="to",
                         hint="{to} 2024-06-21T10:30 (or 10:30, or 2024-06-22), {by} 30m")
    plan = MovePlan(item_id, to, by, cascade)
    return apply_edit(ref, functools.partial(move_operation, plan), force=force,
                      lock_timeout=lock_timeout, backup=backup)


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


def cancel_operation(item_id: str, doc: TripDocument, before: Assessment) -> Change:
    index = doc.item_index(item_id)
    if doc.get(("items", index, "status")) == "cancelled":
        return Change(item=item_id, message=f'item "{item_id}" is already cancelled')
    doc.set(("items", index, "status"), "cancelled")
    return Change(item=item_id)


def cancel_item(ref: str | Path, item_id: str, *, force: bool = False,
                lock_timeout: float = 10.0, backup: BackupPolicy | None = None) -> EditOutcome:
    """``cancel``: ``status = "cancelled"``; the item stays so calendars are told."""
    return apply_edit(ref, functools.partial(cancel_operation, item_id), force=force,
                      lock_timeout=lock_timeout, backup=backup)


def remove_operation(item_id: str, doc: TripDocument, before: Assessment) -> Change:
    doc.remove_item(doc.item_index(item_id))
    return Change(item=item_id, message=f'removed item "{item_id}"')


def removal_question(path: Path, item_id: str) -> str:
    """What to ask before removing item ``item_id`` of the trip at ``path``."""
    doc = TripDocument(read_text(path), format_of(path))
    index = doc.item_index(item_id)
    title = doc.get(("items", index, "title"))
    if isinstance(title, dict):
        title = title.get("en") or next(iter(title.values()), "")
    return f'Remove item "{item_id}" ({title}) from {display_path(path)}?'


def remove_item(ref: str | Path, item_id: str, *, yes: bool = False,
                confirm: Callable[[str], bool] | None = None, force: bool = False,
                lock_timeout: float = 10.0, backup: BackupPolicy | None = None) -> EditOutcome:
    """``rm``: delete an item after ``confirm(question)`` (or ``yes``).

    Without ``yes`` and without a way to ask (not a terminal), nothing is removed (usage
    error). The question is asked before the trip is locked, so that a person thinking
    does not block other edits.
    """
    path = find_trip(ref)
    if not yes:
        if confirm is None:
            raise UsageError(f'not removing "{item_id}" without confirmation', argument="yes",
                             hint="add {yes} to remove it (or run it in a terminal to be "
                                  "asked); `tripplan cancel` keeps it as cancelled")
        if not confirm(removal_question(path, item_id)):
            return EditOutcome(path, False, item=item_id, message="nothing removed")
    return apply_edit(path, functools.partial(remove_operation, item_id), force=force,
                      lock_timeout=lock_timeout, backup=backup)
