"""``tz`` on a terminal or a pipe: the timeline of :mod:`tripplan.timeline` as columns.

Column headings and words come from :mod:`tripplan.present.vocabulary`, dates from
:mod:`tripplan.present.formats`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tripplan.model import ItemStatus, Trip, TripStatus
from tripplan.present.formats import text_in, weekday_date
from tripplan.present.vocabulary import kind_label, label, order_not_given, time_not_fixed, word
from tripplan.timeline import ItemRow, Moment, Timeline, ZoneChange
from tripplan.zones import MINUS, format_duration, zone_label


def heading(key: str, lang: str) -> str:
    """A column heading: the word in capitals in English (``LOCAL``), as is in Japanese."""
    text = word(key, lang)
    return text.upper() if lang == "en" else text


def day_mark(other: dt.date, local: dt.date) -> str:
    """``+1``/``−1`` when ``other`` (home or UTC date) differs from the local date.

    >>> day_mark(dt.date(2024, 6, 21), dt.date(2024, 6, 20)), day_mark(dt.date(2024, 6, 19),
    ...     dt.date(2024, 6, 20)), day_mark(dt.date(2024, 6, 20), dt.date(2024, 6, 20))
    ('+1', '−1', '')
    """
    days = (other - local).days
    if days == 0:
        return ""
    return f"+{days}" if days > 0 else f"{MINUS}{-days}"


Segment = tuple[str, str]  # (text, rich style)


@dataclass
class Line:
    """A line of the view: columns of segments (or one free segment list for markers)."""

    cells: list[list[Segment]] | None = None
    free: list[Segment] | None = None



def _time_cells(m: Moment, end: Moment | None, lang: str,
                past: bool = False) -> tuple[str, str, str, str]:
    """LOCAL, ZONE, HOME and UTC cells of one moment (with a same-day end as a range)."""
    if m.wall is None:
        at = m.zone_at
        return (time_not_fixed(m.part_of_day.value if m.part_of_day else None, lang,
                               past=past),
                zone_label(at) if at is not None else "?", "—", "—")
    if m.local is None:
        problem = word(m.problem or "no-zone", lang)
        zone = m.zone or "?"
        return f"{m.wall:%H:%M}", f"{zone}: {problem}", "?", "?"
    local, home, utc = f"{m.local:%H:%M}", "", f"{m.utc:%H:%M}"
    if m.home is not None:
        home = f"{m.home:%H:%M}"
    if end is not None:
        local += f"–{end.local:%H:%M}"
        utc += f"–{end.utc:%H:%M}"
        if m.home is not None and end.home is not None:
            home += f"–{end.home:%H:%M}"
    if m.home is not None:
        mark = day_mark(m.home.date(), m.local.date())
        home += f" {mark}" if mark else ""
    else:
        home = "?"
    mark = day_mark(m.utc.date(), m.local.date())
    utc += f" {mark}" if mark else ""
    return local, zone_label(m.local), home, utc


def _same_span(row: ItemRow) -> bool:
    """Whether the end fits on the start's line (same zone, same local day)."""
    s, e = row.start, row.end
    return (e is not None and s.local is not None and e.local is not None
            and e.local.date() == s.local.date() and e.zone == s.zone)


def _one_line(row: ItemRow) -> bool:
    """Travel within one zone and one day fits on one line; other travel gets an arrival line."""
    return row.end is None or _same_span(row)


def _item_cell(row: ItemRow, trip: Trip, lang: str) -> list[Segment]:
    past = trip.status is TripStatus.COMPLETED
    item = row.item
    style = "strike dim" if item.status is ItemStatus.CANCELLED else "bold"
    out: list[Segment] = [(text_in(item.title, lang), style)]
    if item.kind.is_travel and (item.origin or item.destination):
        out.append((f" · {trip.place_name(item.origin, lang)} → "
                    f"{trip.place_name(item.destination, lang)}", ""))
    if item.number:
        out.append((f" · {item.number}", ""))
    if item.kind.is_travel and _one_line(row) and row.duration is not None:
        out.append((f" · {format_duration(row.duration, lang)}", ""))
    if item.status is not ItemStatus.CONFIRMED:
        out.append((f" [{label('status', item.status.value, lang)}]", "yellow"))
    if row.end is not None and not item.kind.is_travel and not _same_span(row):
        out.append((f" · {word('until', lang)} {_end_text(row.end, lang, past)}", "dim"))
    return out


def _end_text(m: Moment, lang: str, past: bool = False) -> str:
    if m.local is not None:
        return f"{weekday_date(m.local.date(), lang)} {m.local:%H:%M}"
    day = weekday_date(m.date, lang) if m.date else ""
    if m.wall is not None:
        return f"{day} {m.wall:%H:%M} ({word(m.problem or 'no-zone', lang)})"
    if m.part_of_day is not None:
        return f"{day} {time_not_fixed(m.part_of_day.value, lang, past=past)}"
    return day


def view_lines(tl: Timeline, lang: str = "en") -> list[Line]:
    """The rows of the timeline as columns of styled text (for both views)."""
    trip = tl.trip
    home_head = f"{heading('home', lang)} {tl.home}" if tl.home else heading("home", lang)
    lines = [Line(cells=[[(heading(k, lang), "bold")] for k in ("date", "local", "zone")]
                  + [[(home_head, "bold")]]
                  + [[(heading(k, lang), "bold")] for k in ("utc", "kind", "item")])]

    past = trip.status is TripStatus.COMPLETED
    unknown = set(trip.order_unknown)

    def add(row: ItemRow, date_text: str) -> None:
        same = _same_span(row)
        local, zone, home, utc = _time_cells(row.start, row.end if same else None, lang, past)
        kind = kind_label(row.item.kind.value, lang)
        lines.append(Line(cells=[[(date_text, "")], [(local, "bold")], [(zone, "")],
                                 [(home, "")], [(utc, "dim")], [(kind, "cyan")],
                                 _item_cell(row, trip, lang)]))
        if row.item.kind.is_travel and not _one_line(row):
            e = row.end
            local, zone, home, utc = _time_cells(e, None, lang, past)
            note = word("arrives", lang)
            if row.duration is not None and row.duration > dt.timedelta(0):
                note += f" · {format_duration(row.duration, lang)}"
            day = weekday_date(e.date, lang) if e.date else ""
            lines.append(Line(cells=[[(day, "")], [(local, "bold")], [(zone, "")],
                                     [(home, "")], [(utc, "dim")], [("", "")], [(note, "")]]))

    for row in tl.rows:
        if isinstance(row, ZoneChange):
            lines.append(Line(free=[(f"── {row.text(lang)} ──", "bold yellow")]))
        else:
            day = row.start.date
            if day in unknown and row.item.start is None:
                unknown.discard(day)  # once, over the day's first item without a time
                note = order_not_given(lang, past=past)
                lines.append(Line(free=[(f"({note})" if lang == "en" else f"（{note}）",
                                         "dim")]))
            add(row, weekday_date(day, lang) if day else "")
    if tl.unscheduled:
        lines.append(Line(free=[("", "")]))
        lines.append(Line(free=[(word("unscheduled", lang), "bold underline")]))
        for row in tl.unscheduled:
            add(row, word("date_tbc", lang))
    return lines


def header_lines(tl: Timeline, lang: str = "en") -> list[Line]:
    trip = tl.trip
    home = f"{word('home', lang)} {tl.home}" if tl.home else word("no_home", lang)
    return [Line(free=[(text_in(trip.title, lang), "bold")]),
            Line(free=[(f"{trip.id} · {trip.start} – {trip.end} · {home}", "")]),
            Line(free=[(word("legend", lang), "dim")]), Line(free=[("", "")])]


def _widths(lines: list[Line]) -> list[int]:
    from rich.cells import cell_len

    widths: list[int] = []
    for line in lines:
        if line.cells is None:
            continue
        for i, cell in enumerate(line.cells[:-1]):
            size = cell_len("".join(s for s, _ in cell))
            if i >= len(widths):
                widths.append(size)
            else:
                widths[i] = max(widths[i], size)
    return widths


def _layout(lines: list[Line]) -> list[list[Segment]]:
    from rich.cells import cell_len

    from tripplan.emit import terminal_safe

    widths = _widths(lines)
    out: list[list[Segment]] = []
    for line in lines:
        if line.free is not None:
            out.append([(terminal_safe(s), style) for s, style in line.free])
            continue
        segments: list[Segment] = []
        for i, cell in enumerate(line.cells):
            segments.extend((terminal_safe(s), style) for s, style in cell)
            if i < len(line.cells) - 1:
                pad = widths[i] - cell_len("".join(s for s, _ in cell))
                segments.append((" " * (pad + 2), ""))
        out.append(segments)
    return out


def plain_text(tl: Timeline, lang: str = "en") -> str:
    """The timeline as plain text (what ``tripplan tz`` prints when not on a terminal)."""
    rows = _layout(header_lines(tl, lang) + view_lines(tl, lang))
    return "\n".join("".join(s for s, _ in row).rstrip() for row in rows)


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_OPEN = "（「『【〔［｛〈《"
_CLOSE = "、。，．）」』】〕］｝〉》・：；？！ー"
_UNIT = re.compile(rf"[{_OPEN}]*(?:[{_CJK}]|[^\s{_CJK}]+)[{_CLOSE}]*\s*|\s+")
"""Where a line may break: after a word and its spaces, or after any CJK character; an
opening bracket stays with what follows it, closing punctuation with what precedes it."""


def fold(row: list[Segment], width: int) -> list[list[Segment]]:
    """``row`` on lines of at most ``width`` columns: the item text (after the last column
    gap) wraps at words or CJK characters, continuation lines indented under it.

    >>> row = [("2024", ""), ("  ", ""), ("alpha beta gamma", "")]
    >>> ["".join(s for s, _ in line).rstrip() for line in fold(row, 17)]
    ['2024  alpha beta', '      gamma']
    """
    from rich.cells import cell_len

    total = sum(cell_len(s) for s, _ in row)
    if total <= width or len(row) < 2:
        return [row]
    start = len(row) - 1
    for k in range(len(row) - 1):
        if row[k][0] and not row[k][0].strip():
            start = k + 1  # the item text begins after the last column gap
    indent = sum(cell_len(s) for s, _ in row[:start])
    room = max(width - indent, 10)
    lines: list[list[Segment]] = [list(row[:start])]
    used = 0
    for text, style in row[start:]:
        for unit in _UNIT.findall(text):
            size = cell_len(unit.rstrip())
            if used and used + size > room:
                lines.append([(" " * indent, "")])
                used = 0
                unit = unit.lstrip()
                if not unit:
                    continue
            lines[-1].append((unit, style))
            used += cell_len(unit)
    return lines


def rich_view(tl: Timeline, lang: str = "en", width: int | None = None):
    """The same lines with colours, for a terminal (rich renderable), folded to ``width``."""
    from rich.console import Group
    from rich.text import Text

    lines = []
    for layout_row in _layout(header_lines(tl, lang) + view_lines(tl, lang)):
        for row in fold(layout_row, width) if width else [layout_row]:
            line = Text(no_wrap=True, overflow="ignore")
            for segment, style in row:
                line.append(segment, style=style or None)
            line.rstrip()
            lines.append(line)
    return Group(*lines)
