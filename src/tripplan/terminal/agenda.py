"""``agenda`` and ``next`` on a terminal or a pipe: lines of the office's home calendar.

Each line: the time at home, the time at the venue with its zone beside it when the clocks
there differ, the trip, the item's title and where it is. An item without a clock time says
so ("time TBC", or "time not given" for a completed trip) and, at a venue whose clocks
differ, gives its part of day there; no time is invented. Words come from
:mod:`tripplan.present.vocabulary`, dates from :mod:`tripplan.present.formats`.

Piped, every line carries its trip (for grep); on a terminal too narrow for a trip column,
the trip stands over its items instead, and item texts wrap under their column.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tripplan.model import PART_OF_DAY_WINDOWS, ItemStatus
from tripplan.present.formats import date_range, item_place, text_in, weekday, weekday_date
from tripplan.present.vocabulary import label, order_not_given, time_not_fixed, word
from tripplan.terminal.timeline import Segment, fold
from tripplan.zones import get_zone, short_label

if TYPE_CHECKING:
    from tripplan.app.agenda import AgendaResult
    from tripplan.app.next_trip import NextResult
    from tripplan.homedays import HomeLine

TEXT_MIN = 30
"""Fewer columns than this for the item text, and the trip column becomes a heading."""


def _differs(moment: dt.datetime, home: str) -> bool:
    return moment.utcoffset() != moment.astimezone(get_zone(home)).utcoffset()


def _clock(moment: dt.datetime, day: dt.date, lang: str) -> str:
    """``22:45``, with the weekday when it is not the home day the line stands under."""
    return (f"{weekday(moment.date(), lang)} " if moment.date() != day else "") + \
        f"{moment:%H:%M}"


def _untimed_at(line: HomeLine) -> dt.datetime | None:
    """An instant at the venue on the line's day, to tell its clocks from home's."""
    zone = get_zone(line.zone) if line.zone else None
    if zone is None or line.local_date is None:
        return None
    part = line.item.end_part_of_day if line.continuation else line.item.part_of_day
    clock = PART_OF_DAY_WINDOWS[part][0] if part is not None else dt.time(12)
    return dt.datetime.combine(line.local_date, clock, tzinfo=zone)


def _moments(line: HomeLine) -> list[dt.datetime]:
    """The instants the line shows: its start (and end), or its end."""
    t = line.time
    if line.continuation:
        return [t.end] if t.end is not None else []
    if t.start is None:
        return []
    return [t.start, t.end] if line.shows_end else [t.start]


def home_cell(line: HomeLine, home: str, lang: str) -> str:
    """The time at home: ``10:30–17:00``, ``17:00 →`` (ends on a later day), ``→ 19:00``,
    or the words for a time not known."""
    item, zone = line.item, get_zone(home)
    arrow = "→ " if line.continuation else ""
    timed = item.end is not None if line.continuation else item.start is not None
    moments = _moments(line)
    if moments:
        text = "–".join(f"{m.astimezone(zone):%H:%M}" for m in moments)
        return arrow + text + (" →" if line.split else "")
    if timed:
        return arrow + "?"  # a written time without an instant: the venue column says why
    at = _untimed_at(line)
    part = item.end_part_of_day if line.continuation else item.part_of_day
    shown = part.value if part is not None and (at is None or not _differs(at, home)) else None
    return arrow + time_not_fixed(shown, lang, past=line.past)


def local_cell(line: HomeLine, home: str, lang: str) -> str:
    """The time at the venue when its clocks differ from home's: ``10:00–11:00 UTC+07:00``,
    ``Wed 22:45 UTC+07:00–06:55 JST``; a part of day with its zone; empty otherwise."""
    t, item = line.time, line.item
    arrow = "→ " if line.continuation else ""
    moments = _moments(line)
    if moments:
        zones = [t.end_zone if (line.continuation or i) else t.start_zone
                 for i in range(len(moments))]
        local = [m.astimezone(get_zone(z)) if z and get_zone(z) else m
                 for m, z in zip(moments, zones, strict=True)]
        if not any(_differs(m, home) for m in local):
            return ""
        # the weekday where a clock is on another day than the line's, once for a range
        clocks = [_clock(m, line.day if i == 0 or m.date() == line.day else local[0].date(),
                         lang) for i, m in enumerate(local)]
        labels = [short_label(m) for m in local]
        if len(set(labels)) == 1:
            return arrow + "–".join(clocks) + " " + labels[0]
        return arrow + "–".join(f"{c} {lbl}" for c, lbl in zip(clocks, labels, strict=True))
    wall = item.end if line.continuation else item.start
    if wall is not None:  # a written time without an instant: say why
        return f"{arrow}{wall:%H:%M} ({word(_problem(line), lang)})"
    at = _untimed_at(line)
    if at is None or not _differs(at, home):
        return ""
    part = item.end_part_of_day if line.continuation else item.part_of_day
    head = f"{label('part_of_day', part.value, lang)} " if part is not None else ""
    return f"{arrow}{head}{short_label(at)}"


def _problem(line: HomeLine) -> str:
    """Why a written time has no instant (as ``tz`` words it)."""
    t = line.time
    local, zone = (t.end_local, t.end_zone) if line.continuation else (t.start_local,
                                                                        t.start_zone)
    if local is not None:
        return local.status
    return "unknown-zone" if zone and line.zone is None else "no-zone"


def item_text(line: HomeLine, lang: str) -> list[Segment]:
    """Title · where it is (· arrives / ends, for the end of an item) [status]."""
    item = line.item
    cancelled = item.status is ItemStatus.CANCELLED
    out: list[Segment] = [(text_in(item.title, lang), "strike dim" if cancelled else "bold")]
    if line.continuation:
        out.append((f" · {word('arrives' if item.kind.is_travel else 'ends', lang)}", ""))
    elif where := item_place(line.trip, item, lang):
        out.append((f" · {where}", ""))
    if item.status is not ItemStatus.CONFIRMED:
        out.append((f" [{label('status', item.status.value, lang)}]", "yellow"))
    return out


Row = list[list[Segment]]
"""The cells of one line: home, venue, trip (when shown as a column), item."""


def _rows(lines: list[HomeLine], home: str, lang: str, trip_column: bool) -> list[Row]:
    rows = []
    for line in lines:
        cells = [[(home_cell(line, home, lang), "bold")], [(local_cell(line, home, lang), "")]]
        if trip_column:
            cells.append([(line.trip.id, "cyan")])
        rows.append([*cells, item_text(line, lang)])
    return rows


def _widths(rows: list[Row]) -> list[int]:
    from rich.cells import cell_len

    count = len(rows[0]) - 1 if rows else 0
    return [max(cell_len("".join(s for s, _ in row[i])) for row in rows) for i in range(count)]


def _padded(row: Row, widths: list[int]) -> list[Segment]:
    """``row`` as one line: two spaces in front, columns two apart, empty ones left out."""
    from rich.cells import cell_len

    out: list[Segment] = [("  ", "")]
    for cell, width in zip(row, widths, strict=False):
        if width == 0:
            continue
        out.extend(cell)
        out.append((" " * (width - cell_len("".join(s for s, _ in cell)) + 2), ""))
    out.extend(row[-1])
    return out


def agenda_lines(result: AgendaResult, lang: str, *, width: int | None = None
                 ) -> list[list[Segment]]:
    """The agenda as lines of styled text: a header, then each day and its lines; with
    ``width``, the trip column only when the item text keeps :data:`TEXT_MIN` columns."""
    home = result.home or "UTC"
    out: list[list[Segment]] = [
        [(f"{word('agenda', lang)} · {date_range(result.first, result.last, lang)}"
          + (f" · {word('home', lang)} {result.home}" if result.home else ""), "bold")],
        [(word("agenda_legend", lang), "dim")]]
    if not result.lines:
        return [*out, [("", "")], [(word("no_items", lang), "")]]
    column = True
    rows = _rows(result.lines, home, lang, trip_column=True)
    widths = _widths(rows)
    if width is not None and width - 2 - sum(w + 2 for w in widths if w) < TEXT_MIN:
        column = False
        rows = _rows(result.lines, home, lang, trip_column=False)
        widths = _widths(rows)
    row_of = {id(line): row for line, row in zip(result.lines, rows, strict=True)}
    for day, lines in result.days():
        out += [[("", "")], [(weekday_date(day, lang), "bold underline")]]
        shown_trip, noted = None, set()
        for line in lines:
            if not column and line.trip.id != shown_trip:
                out.append([("  ", ""), (line.trip.id, "cyan")])
            shown_trip = line.trip.id
            if line.order_unknown and line.trip.id not in noted:
                noted.add(line.trip.id)  # once, over the trip's first item without a time
                out.append([("  ", ""), (_order_note(line, lang), "dim")])
            out.append(_padded(row_of[id(line)], widths))
    return out


def _order_note(line: HomeLine, lang: str) -> str:
    note = order_not_given(lang, past=line.past)
    who = f"{line.trip.id}: " if lang == "en" else f"{line.trip.id}："
    return f"({who}{note})" if lang == "en" else f"（{who}{note}）"


def _when_trip(result: NextResult, lang: str) -> str:
    """``Under way (day 2 of 4)`` / ``Next trip (in 5 days)``."""
    trip = result.trip.trip
    if result.current:
        how = word("day_of", lang, n=str(result.day), total=str(len(trip.days())))
        head = word("under_way", lang)
    else:
        days = result.days_until
        how = word("tomorrow", lang) if days == 1 else word("in_days", lang, n=str(days))
        head = word("next_trip", lang)
    return f"{head}（{how}）" if lang == "ja" else f"{head} ({how})"


def next_lines(result: NextResult, lang: str) -> list[list[Segment]]:
    """The trip under way or next: its id, title, dates and status, then its next item as
    one line of the agenda under its home day."""
    if result.trip is None:
        return [[(word("no_next_trip", lang), "")]]
    trip, sep = result.trip.trip, "：" if lang == "ja" else ": "
    out: list[list[Segment]] = [
        [(_when_trip(result, lang) + sep, "bold"), (trip.id, "bold cyan")],
        [(text_in(trip.title, lang), "bold")],
        [(f"{date_range(trip.start, trip.end, lang)} · "
          f"{label('status', trip.status.value, lang)} · {word('home', lang)} {result.home}",
          "")]]
    if result.also:
        out.append([(f"{word('also', lang)}{sep}{', '.join(result.also)}", "dim")])
    line = result.line
    if line is None:
        return [*out, [(word("no_more_items", lang), "")]]
    row = _rows([line], result.home, lang, trip_column=False)[0]
    return [*out, [(f"{word('next_item', lang)}{sep}{weekday_date(line.day, lang)}", "bold")],
            _padded(row, _widths([row]))]


def plain_text(lines: list[list[Segment]]) -> str:
    """Lines of styled text as plain text (what is printed when not on a terminal)."""
    from tripplan.emit import terminal_safe

    return "\n".join(terminal_safe("".join(s for s, _ in line)).rstrip() for line in lines)


def rich_view(lines: list[list[Segment]], width: int | None = None):
    """The same lines with colours for a terminal, item texts wrapped under their column."""
    from tripplan.emit import terminal_safe
    from tripplan.terminal import styled_lines

    rows = []
    for line in lines:
        safe = [(terminal_safe(s), style) for s, style in line]
        rows.extend(fold(safe, width) if width else [safe])
    return styled_lines(rows)
