"""``show`` on a terminal: the trip day by day, each item with its time as the file gives it.

The view only formats: what to show comes from :mod:`tripplan.schedule`, words from
:mod:`tripplan.present.vocabulary`, dates, counterparts and organisations from
:mod:`tripplan.present.formats` (so they read as in the agendas and the calendar). rich
measures CJK characters as two columns, so Japanese lines up.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tripplan.model import Item, ItemStatus, Trip
from tripplan.present.formats import (
    colon,
    counterpart,
    join_entries,
    organization,
    phone,
    place_name,
    text_in,
    weekday_date,
)
from tripplan.present.vocabulary import (
    cap,
    inferred_basis,
    kind_label,
    label,
    order_not_given,
    time_not_fixed,
    translation_note,
    word,
)
from tripplan.provenance import translator
from tripplan.schedule import Entry, Schedule
from tripplan.terminal import fit
from tripplan.zones import short_label

if TYPE_CHECKING:  # rich is imported when a view is drawn: --json output never loads it
    from rich.console import RenderableType
    from rich.text import Text as RichText


def field(key: str, lang: str) -> str:
    """A field name and what follows it: ``Place: `` / ``場所：``."""
    return cap(word(key, lang), lang) + colon(lang)


def _untimed(part_of_day: str | None, lang: str, past: bool) -> str:
    """"night" over "(time not given)": two short lines keep the time column narrow."""
    text = time_not_fixed(part_of_day, lang, past=past)
    if part_of_day is None:
        return text
    head, _, tail = text.partition("（" if lang == "ja" else " (")
    return f"{head}\n{'（' if lang == 'ja' else '('}{tail}"


def when_text(entry: Entry, lang: str, *, past: bool = False) -> str:
    """The item's time as the file gives it: exact, part of day, or not fixed (``past``:
    a completed trip, whose missing times were never given)."""
    item, time = entry.item, entry.time
    if entry.continuation:
        if item.end is not None:
            return f"→ {item.end:%H:%M}"
        if item.end_part_of_day is not None:
            return "→ " + _untimed(item.end_part_of_day.value, lang, past)
        return "→ " + time_not_fixed(None, lang, past=past)
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
    return _untimed(item.part_of_day.value if item.part_of_day else None, lang, past)


def _short_day(moment: dt.datetime, lang: str) -> str:
    """``12 Mar 19:00`` / ``3/12 19:00``: the end of an item that runs into another day."""
    from babel.dates import format_datetime

    pattern = "M/d H:mm" if lang == "ja" else "d MMM HH:mm"
    return format_datetime(moment.replace(tzinfo=None), pattern, locale=lang)


def item_lines(trip: Trip, item: Item, lang: str, *, continuation: bool) -> RichText:
    from rich.text import Text as RichText

    title = text_in(item.title, lang)
    text = RichText(title, style="strike" if item.status is ItemStatus.CANCELLED else "bold")
    if item.inferred is not None:
        text.append(f"  {word('inferred_mark', lang)}", style="magenta")
    other = "ja" if lang == "en" else "en"
    if item.title.has(other) and item.title.get(other) != title:
        text.append(f"\n{item.title.get(other)}", style="dim")
    if item.status is not ItemStatus.CONFIRMED:
        text.append(f"  [{label('status', item.status.value, lang)}]", style="yellow")
    if continuation:
        return text
    if item.inferred is not None:
        basis = inferred_basis(text_in(item.inferred, lang), lang)
        text.append(f"\n{field('inferred', lang)}{basis}", style="magenta")
    if item.kind.is_travel and (item.origin or item.destination):
        text.append(f"\n{trip.place_name(item.origin, lang)}"
                    f"{_link_mark(item, 'origin', lang)} → "
                    f"{trip.place_name(item.destination, lang)}"
                    f"{_link_mark(item, 'destination', lang)}")
    if item.place and item.place in trip.places:
        where = place_name(trip.places[item.place], lang)
        text.append(f"\n{field('place', lang)}{where}{_link_mark(item, 'place', lang)}")
    if item.counterparts:
        names = join_entries((counterpart(c, lang) + _mark(c.inferred, lang)
                              for c in item.counterparts), lang)
        text.append(f"\n{field('with', lang)}{names}")
    if item.co_hosts:
        names = join_entries((organization(o, lang) + _mark(o.inferred, lang)
                              for o in item.co_hosts), lang)
        text.append(f"\n{field('co_hosts', lang)}{names}")
    if item.contact and item.contact in trip.contacts:
        contact = trip.contacts[item.contact]
        who = " ".join(p for p in (text_in(contact.name, lang), phone(contact, trip, lang)) if p)
        text.append(f"\n{field('contact', lang)}{who}{_link_mark(item, 'contact', lang)}")
    return text


def _mark(basis: object, lang: str) -> str:
    """`` (inferred)`` / ``（推定）`` after a fact the source does not state."""
    if basis is None:
        return ""
    return ("" if lang == "ja" else " ") + word("inferred_link", lang)


def _link_mark(item: Item, link: str, lang: str) -> str:
    return _mark((item.inferred_links or {}).get(link), lang)


def trip_header(trip: Trip, lang: str) -> RichText:
    """Title, subtitle, dates (with the source's duration), status and the principal."""
    from rich.text import Text as RichText

    header = RichText(text_in(trip.title, lang), style="bold")
    if trip.subtitle is not None:
        header.append(f"\n{text_in(trip.subtitle, lang)}", style="dim")
    duration = ""
    if trip.duration is not None:
        length = text_in(trip.duration, lang)
        duration = f"（{length}）" if lang == "ja" else f" ({length})"
    header.append(f"\n{trip.id} · {trip.start} – {trip.end}{duration} · "
                  f"{label('status', trip.status.value, lang)} · "
                  f"{word('revision_short', lang, n=str(trip.revision))}")
    principal = trip.principal
    if principal:
        person = principal[1]
        name, role = text_in(person.name, lang), text_in(person.role, lang)
        if lang == "ja":
            who = f"{role} {name}" if role else name
        else:
            who = f"{name}, {role}" if role else name
        header.append(f"\n{who}")
    return header


def show_view(schedule: Schedule, lang: str, *, plain: bool,
              width: int | None = None) -> RenderableType:
    """The trip day by day; with a ``width``, every text broken to fit it at words and
    Japanese phrases (:func:`tripplan.terminal.fit`), the item column under itself."""
    from rich.console import Group
    from rich.text import Text as RichText

    trip = schedule.trip
    parts: list[RenderableType] = [fit(trip_header(trip, lang), width)]
    widths = _column_widths(schedule, lang, width)
    for day in schedule.days:
        parts.append(RichText(""))
        parts.append(RichText(weekday_date(day.date, lang), style="bold underline"))
        if not day.entries:
            parts.append(RichText("  —", style="dim"))
            continue
        if day.order_unknown and day.untimed:
            note = cap(order_not_given(lang, past=schedule.past), lang)
            parts.append(fit(RichText(f"({note})" if lang == "en" else f"（{note}）",
                                      style="dim"), width))
        parts.append(_entries_table(trip, day.entries, lang, widths, past=schedule.past))
    if schedule.unscheduled:
        parts.append(RichText(""))
        parts.append(RichText(word("unscheduled", lang), style="bold underline"))
        entries = [Entry(time) for time in schedule.unscheduled]
        parts.append(_entries_table(trip, entries, lang, widths, no_date=True,
                                    past=schedule.past))
    translated = translator(trip, lang)
    if translated is not None:
        parts.append(RichText(""))
        parts.append(fit(RichText(translation_note(lang, translated, lang), style="dim"),
                         width))
    return Group(*parts)


ITEM_MIN = 16
"""The item column is never narrower (on a narrower terminal, lines run over)."""


def _column_widths(schedule: Schedule, lang: str,
                   width: int | None) -> tuple[int, int, int | None]:
    """Widths of the time, kind and item columns, the same for every day so columns line
    up (the item column takes what the terminal has left: two gaps of three columns)."""
    from rich.cells import cell_len

    entries = [e for day in schedule.days for e in day.entries]
    whens = [cell_len(line) for e in entries
             for line in when_text(e, lang, past=schedule.past).splitlines()]
    if schedule.unscheduled:
        whens.append(cell_len(word("date_tbc", lang)))
    kinds = [cell_len(kind_label(e.item.kind.value, lang)) for e in entries]
    kinds += [cell_len(kind_label(t.item.kind.value, lang)) for t in schedule.unscheduled]
    when, kind = max(whens, default=5), max(kinds, default=4)
    return when, kind, None if width is None else max(width - when - kind - 6, ITEM_MIN)


def _entries_table(trip: Trip, entries: list[Entry], lang: str,
                   widths: tuple[int, int, int | None], *,
                   no_date: bool = False, past: bool = False):
    from rich.table import Table

    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 2))
    table.add_column("when", no_wrap=True, width=widths[0])
    table.add_column("kind", no_wrap=True, width=widths[1])
    table.add_column("item", overflow="fold", width=widths[2])
    for entry in entries:
        when = word("date_tbc", lang) if no_date else when_text(entry, lang, past=past)
        kind = kind_label(entry.item.kind.value, lang)
        item = item_lines(trip, entry.item, lang, continuation=entry.continuation)
        table.add_row(when, kind, fit(item, widths[2]))
    return table
