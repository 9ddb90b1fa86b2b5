"""Terminal view of ``show`` (rich renderables), plus its JSON form.

``list`` has its own module, :mod:`tripplan.listing`.

The view layer only formats: what to show comes from :mod:`tripplan.schedule`.
rich measures CJK characters as two columns, so Japanese lines up.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tripplan.i18n import label, time_not_fixed
from tripplan.load import LoadedTrip
from tripplan.model import Counterpart, Item, ItemStatus, Text, Trip
from tripplan.schedule import Entry, Schedule
from tripplan.zones import short_label

if TYPE_CHECKING:  # rich is imported by the text views only: --json output never loads it
    from rich.console import RenderableType
    from rich.text import Text as RichText


def t(value: Text | None, lang: str) -> str:
    return value.get(lang) if value is not None else ""


def weekday_date(day: dt.date, lang: str) -> str:
    """``Thu 20 Jun 2024`` / ``2024年6月20日（木）`` via babel's locale data."""
    from babel.dates import format_date

    if lang == "ja":
        return format_date(day, "y年M月d日（E）", locale="ja")
    return format_date(day, "EEE d MMM y", locale="en")


def when_text(entry: Entry, lang: str) -> str:
    """The item's time as the file gives it: exact, part of day, or not fixed."""
    item, time = entry.item, entry.time
    if entry.continuation:
        if item.end is not None:
            return f"→ {item.end:%H:%M}"
        if item.end_part_of_day is not None:
            return "→ " + time_not_fixed(item.end_part_of_day.value, lang)
        return "→ " + label("text", "time_tbc", lang)
    if item.start is not None:
        text = f"{item.start:%H:%M}"
        if item.end is not None:
            same_day = item.end.date() == item.start.date()
            text += f"–{item.end:%H:%M}" if same_day else f"–{_short_day(item.end, lang)}"
        if time.start is not None:
            start_label = short_label(time.start)
            text += f"\n{start_label}"
            if time.end is not None and short_label(time.end) != start_label:
                text += f" → {short_label(time.end)}"
        return text
    return time_not_fixed(item.part_of_day.value if item.part_of_day else None, lang)


def _short_day(moment: dt.datetime, lang: str) -> str:
    """``12 Mar 19:00`` / ``3/12 19:00``: the end of an item that runs into another day."""
    from babel.dates import format_datetime

    pattern = "M/d H:mm" if lang == "ja" else "d MMM HH:mm"
    return format_datetime(moment.replace(tzinfo=None), pattern, locale=lang)


def counterpart_text(c: Counterpart, lang: str) -> str:
    parts = [t(c.honorific, lang), t(c.name, lang)]
    who = " ".join(p for p in parts if p)
    role = ", ".join(p for p in (t(c.title, lang), t(c.organization, lang)) if p)
    if who and role:
        return f"{who} ({role})"
    return who or role


def item_lines(trip: Trip, item: Item, lang: str, *, continuation: bool) -> RichText:
    from rich.text import Text as RichText

    title = t(item.title, lang)
    text = RichText(title, style="strike" if item.status is ItemStatus.CANCELLED else "bold")
    other = "ja" if lang == "en" else "en"
    if item.title.has(other) and item.title.get(other) != title:
        text.append(f"\n{item.title.get(other)}", style="dim")
    if item.status is not ItemStatus.CONFIRMED:
        text.append(f"  [{label('status', item.status.value, lang)}]", style="yellow")
    if continuation:
        return text
    if item.kind.is_travel and (item.origin or item.destination):
        text.append(f"\n{trip.place_name(item.origin, lang)} → "
                    f"{trip.place_name(item.destination, lang)}")
    if item.place and item.place in trip.places:
        place = trip.places[item.place]
        name, city = t(place.name, lang), t(place.city, lang)
        where = f"{name}, {city}" if city and city not in name else name
        text.append(f"\n{label('text', 'place', lang)}: {where}")
    if item.counterparts:
        names = "; ".join(counterpart_text(c, lang) for c in item.counterparts)
        text.append(f"\n{label('text', 'with', lang)}: {names}")
    if item.co_hosts:
        names = ", ".join(t(o.short, lang) or t(o.name, lang) for o in item.co_hosts)
        text.append(f"\n{label('text', 'co_hosts', lang)}: {names}")
    return text

def show_view(schedule: Schedule, lang: str, *, plain: bool) -> RenderableType:
    from rich.console import Group
    from rich.text import Text as RichText

    trip = schedule.trip
    parts: list[RenderableType] = []
    header = RichText(t(trip.title, lang), style="bold")
    header.append(f"\n{trip.id} · {trip.start} – {trip.end} · "
                  f"{label('status', trip.status.value, lang)} · rev. {trip.revision}")
    principal = trip.principal
    if principal:
        person = principal[1]
        name, role = t(person.name, lang), t(person.role, lang)
        if lang == "ja":
            who = f"{role} {name}" if role else name
        else:
            who = f"{name}, {role}" if role else name
        header.append(f"\n{who}")
    parts.append(header)
    widths = _column_widths(schedule, lang)
    for day in schedule.days:
        parts.append(RichText(""))
        parts.append(RichText(weekday_date(day.date, lang), style="bold underline"))
        if not day.entries:
            parts.append(RichText("  —", style="dim"))
            continue
        parts.append(_entries_table(trip, day.entries, lang, widths))
    if schedule.unscheduled:
        parts.append(RichText(""))
        parts.append(RichText(label("text", "unscheduled", lang), style="bold underline"))
        entries = [Entry(time) for time in schedule.unscheduled]
        parts.append(_entries_table(trip, entries, lang, widths, no_date=True))
    return Group(*parts)


def _column_widths(schedule: Schedule, lang: str) -> tuple[int, int]:
    """Widths of the time and kind columns, the same for every day so columns line up."""
    from rich.cells import cell_len

    entries = [e for day in schedule.days for e in day.entries]
    whens = [cell_len(line) for e in entries for line in when_text(e, lang).splitlines()]
    if schedule.unscheduled:
        whens.append(cell_len(label("text", "date_tbc", lang)))
    kinds = [cell_len(label("kind", e.item.kind.value, lang)) for e in entries]
    kinds += [cell_len(label("kind", t.item.kind.value, lang)) for t in schedule.unscheduled]
    return max(whens, default=5), max(kinds, default=4)


def _entries_table(trip: Trip, entries: list[Entry], lang: str, widths: tuple[int, int], *,
                   no_date: bool = False):
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 2))
    table.add_column("when", no_wrap=True, width=widths[0])
    table.add_column("kind", no_wrap=True, width=widths[1])
    table.add_column("item", overflow="fold")
    for entry in entries:
        when = label("text", "date_tbc", lang) if no_date else when_text(entry, lang)
        kind = label("kind", entry.item.kind.value, lang)
        table.add_row(when, kind, item_lines(trip, entry.item, lang,
                                             continuation=entry.continuation))
    return table


def show_json(loaded: LoadedTrip, schedule: Schedule) -> dict[str, Any]:
    """The trip as data: the file's own values plus the resolved instants."""
    trip = loaded.trip
    items = []
    for time in schedule.times:
        data = time.item.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
        data["timing"] = time.item.timing.value
        data["resolved"] = {
            "start_zone": time.start_zone, "end_zone": time.end_zone,
            "start_utc": _utc(time.start), "end_utc": _utc(time.end),
        }
        items.append(data)
    return {
        "file": loaded.display_path,
        "trip": trip.model_dump(mode="json", exclude_none=True, exclude={"items"}),
        "days": [{"date": d.date.isoformat(),
                  "items": [{"id": e.item.id, "continuation": e.continuation}
                            for e in d.entries]} for d in schedule.days],
        "unscheduled": [time.item.id for time in schedule.unscheduled],
        "items": items,
    }


def _utc(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
