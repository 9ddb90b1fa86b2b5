"""``tz`` on a terminal or a pipe: the timeline of :mod:`tripplan.timeline` as columns.

Column headings and words come from :mod:`tripplan.present.vocabulary`, dates from
:mod:`tripplan.present.formats`.

On a pipe every column is there and each item takes one line. On a terminal the view fits
its width: while the item column would get fewer than :data:`ITEM_MIN` columns, the layout
narrows step by step (:data:`STEPS`): the home and UTC columns are left out when they show
nothing the local one does not ("—" throughout, or the same times), then each day's date
becomes a heading over its items instead of a column, then the cells get compact (a part
of day over "(time not given)", the zone's abbreviation without its offset, HOME without
its zone), then the kind moves into the item text. Ids, dates and times are never cut; the
item text wraps under its column at words and Japanese phrases
(:mod:`tripplan.present.linebreak`), and so do the lines across the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tripplan.model import ItemStatus, Trip, TripStatus
from tripplan.present.formats import join_list, text_in, weekday_date
from tripplan.present.vocabulary import kind_label, label, order_not_given, time_not_fixed, word
from tripplan.timeline import ItemRow, Moment, Timeline, ZoneChange
from tripplan.zones import MINUS, format_duration, short_label, zone_label


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

COLUMNS = ("date", "local", "zone", "home", "utc", "kind")
"""The fixed columns, left to right; the item text follows them."""
STEPS: tuple[tuple[str, ...], ...] = (
    (), ("empty",), ("empty", "days"), ("empty", "days", "short"),
    ("empty", "days", "short", "kind"))
"""The layouts a terminal tries, widest first (see the module)."""
ITEM_MIN = 30
"""Columns the item text should get before the layout narrows further."""
GAP = 2
"""Spaces between two columns."""


@dataclass
class Cell:
    """One column of one line: its text, style, and its lines in the compact layout."""

    text: str
    style: str = ""
    short: tuple[str, ...] | None = None

    def lines(self, short: bool) -> tuple[str, ...]:
        if short and self.short is not None:
            return self.short
        return (self.text,) if self.text else ()


@dataclass
class Line:
    """A line of the view: the six cells of :data:`COLUMNS` and the item's segments, or one
    free segment list (a title, a zone change); ``day`` is the date it falls under."""

    cells: list[Cell] | None = None
    item: list[Segment] = field(default_factory=list)
    free: list[Segment] | None = None
    day: str | None = None
    head: bool = False


def _two_lines(text: str, lang: str) -> tuple[str, ...]:
    """``night (time not given)`` as ``night`` over ``(time not given)``.

    >>> _two_lines("早朝（時刻の記載なし）", "ja"), _two_lines("time TBC", "en")
    (('早朝', '（時刻の記載なし）'), ('time TBC',))
    """
    opening = "（" if lang == "ja" else " ("
    head, found, tail = text.partition(opening)
    return (head, opening.strip() + tail) if found else (text,)


def _time_cells(m: Moment, end: Moment | None, lang: str, past: bool = False) -> list[Cell]:
    """LOCAL, ZONE, HOME and UTC cells of one moment (with a same-day end as a range)."""
    if m.wall is None:
        at = m.zone_at
        text = time_not_fixed(m.part_of_day.value if m.part_of_day else None, lang, past=past)
        zone = Cell(zone_label(at), short=(short_label(at),)) if at is not None else Cell("?")
        return [Cell(text, "bold", _two_lines(text, lang)), zone, Cell("—"), Cell("—", "dim")]
    if m.local is None:
        problem = word(m.problem or "no-zone", lang)
        zone = m.zone or "?"
        return [Cell(f"{m.wall:%H:%M}", "bold"),
                Cell(f"{zone}: {problem}", short=(f"{zone}:", problem)), Cell("?"),
                Cell("?", "dim")]
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
    return [Cell(local, "bold"), Cell(zone_label(m.local), short=(short_label(m.local),)),
            Cell(home), Cell(utc, "dim")]


def _same_span(row: ItemRow) -> bool:
    """Whether the end fits on the start's line (same zone, same local day)."""
    s, e = row.start, row.end
    return (e is not None and s.local is not None and e.local is not None
            and e.local.date() == s.local.date() and e.zone == s.zone)


def _one_line(row: ItemRow) -> bool:
    """Travel within one zone and one day fits on one line; other travel gets an arrival line."""
    return row.end is None or _same_span(row)


class Whole(str):
    """A text no line breaks inside: a date, a time, a flight number, a duration."""


def _item_cell(row: ItemRow, trip: Trip, lang: str) -> list[Segment]:
    past = trip.status is TripStatus.COMPLETED
    item = row.item
    style = "strike dim" if item.status is ItemStatus.CANCELLED else "bold"
    out: list[Segment] = [(text_in(item.title, lang), style)]
    if item.kind.is_travel and (item.origin or item.destination):
        out.append((f" · {trip.place_name(item.origin, lang)} → "
                    f"{trip.place_name(item.destination, lang)}", ""))
    if item.number:
        out += [(" · ", ""), (Whole(item.number), "")]
    if item.kind.is_travel and _one_line(row) and row.duration is not None:
        out += [(" · ", ""), (Whole(format_duration(row.duration, lang)), "")]
    if item.status is not ItemStatus.CONFIRMED:
        out.append((f" [{label('status', item.status.value, lang)}]", "yellow"))
    if row.end is not None and not item.kind.is_travel and not _same_span(row):
        out += [(f" · {word('until', lang)} ", "dim"), *_end_text(row.end, lang, past)]
    return out


def _end_text(m: Moment, lang: str, past: bool = False) -> list[Segment]:
    if m.local is not None:
        return [(Whole(f"{weekday_date(m.local.date(), lang)} {m.local:%H:%M}"), "dim")]
    day = [(Whole(weekday_date(m.date, lang)), "dim")] if m.date else []
    if m.wall is not None:
        return [*day, (f" {m.wall:%H:%M} ({word(m.problem or 'no-zone', lang)})", "dim")]
    if m.part_of_day is not None:
        return [*day, (f" {time_not_fixed(m.part_of_day.value, lang, past=past)}", "dim")]
    return day


def view_lines(tl: Timeline, lang: str = "en") -> list[Line]:
    """The rows of the timeline as cells of styled text (for both views)."""
    trip = tl.trip
    home_head = f"{heading('home', lang)} {tl.home}" if tl.home else heading("home", lang)
    lines = [Line(cells=[Cell(heading(k, lang), "bold") for k in ("date", "local", "zone")]
                  + [Cell(home_head, "bold", (heading("home", lang),))]
                  + [Cell(heading(k, lang), "bold") for k in ("utc", "kind")],
                  item=[(heading("item", lang), "bold")], head=True)]
    past = trip.status is TripStatus.COMPLETED
    unknown = set(trip.order_unknown)

    def add(row: ItemRow, date_text: str, day: str | None) -> None:
        same = _same_span(row)
        times = _time_cells(row.start, row.end if same else None, lang, past)
        kind = kind_label(row.item.kind.value, lang)
        lines.append(Line(cells=[Cell(date_text), *times, Cell(kind, "cyan")],
                          item=_item_cell(row, trip, lang), day=day))
        if row.item.kind.is_travel and not _one_line(row):
            e = row.end
            note: list[Segment] = [(word("arrives", lang), "")]
            if row.duration is not None and row.duration > dt.timedelta(0):
                note += [(" · ", ""), (Whole(format_duration(row.duration, lang)), "")]
            arrival = weekday_date(e.date, lang) if e.date else ""
            lines.append(Line(cells=[Cell(arrival), *_time_cells(e, None, lang, past), Cell("")],
                              item=note, day=arrival if day is not None else None))

    for row in tl.rows:
        if isinstance(row, ZoneChange):
            lines.append(Line(free=[(f"── {row.text(lang)} ──", "bold yellow")]))
            continue
        day = row.start.date
        date_text = weekday_date(day, lang) if day else ""
        if day in unknown and row.item.start is None:
            unknown.discard(day)  # once, over the day's first item without a time
            note = order_not_given(lang, past=past)
            lines.append(Line(free=[(f"({note})" if lang == "en" else f"（{note}）", "dim")],
                              day=date_text))
        add(row, date_text, date_text)
    if tl.unscheduled:
        lines.append(Line(free=[("", "")]))
        lines.append(Line(free=[(word("unscheduled", lang), "bold underline")]))
        for row in tl.unscheduled:
            add(row, word("date_tbc", lang), None)
    return lines


def header_lines(tl: Timeline, lang: str = "en") -> list[Line]:
    trip = tl.trip
    home = f"{word('home', lang)} {tl.home}" if tl.home else word("no_home", lang)
    return [Line(free=[(text_in(trip.title, lang), "bold")]),
            Line(free=[(f"{trip.id} · {trip.start} – {trip.end} · {home}", "")]),
            Line(free=[(word("legend", lang), "dim")]), Line(free=[("", "")])]


def _carries_nothing(lines: list[Line], column: int) -> bool:
    """Whether a home or UTC column shows only "—" or "?", or the local time itself."""
    local = COLUMNS.index("local")
    return all(line.cells[column].text in ("", "—", "?")
               or line.cells[column].text == line.cells[local].text
               for line in lines if line.cells is not None and not line.head)


def _shown(lines: list[Line], steps: tuple[str, ...] | frozenset[str]) -> list[int]:
    """The columns a layout keeps."""
    gone = set()
    if "empty" in steps:
        gone |= {c for c in ("home", "utc") if _carries_nothing(lines, COLUMNS.index(c))}
    if "days" in steps:
        gone.add("date")
    if "kind" in steps:
        gone.add("kind")
    return [i for i, name in enumerate(COLUMNS) if name not in gone]


def _widths(lines: list[Line], shown: list[int], short: bool) -> list[int]:
    from rich.cells import cell_len

    return [max((cell_len(text) for line in lines if line.cells is not None
                 for text in line.cells[i].lines(short)), default=0) for i in shown]


def _plan(lines: list[Line], width: int) -> tuple[str, ...]:
    """The widest layout of :data:`STEPS` that leaves the item :data:`ITEM_MIN` columns."""
    for steps in STEPS:
        shown = _shown(lines, steps)
        used = sum(_widths(lines, shown, "short" in steps)) + GAP * len(shown)
        if width - used >= ITEM_MIN:
            return steps
    return STEPS[-1]


def _left_out(lines: list[Line], shown: list[int], lang: str) -> list[Line]:
    """A note under the legend when the home or UTC column is left out."""
    gone = [heading(c, lang) for c in ("home", "utc") if COLUMNS.index(c) not in shown]
    if not gone:
        return []
    return [Line(free=[(word("columns_left_out", lang, columns=join_list(gone, lang)), "dim")])]


def _wrap(segments: list[Segment], width: int | None) -> list[list[Segment]]:
    """``segments`` on lines of at most ``width`` columns, broken at words and Japanese
    phrases (:func:`tripplan.present.linebreak.spans`), each piece keeping its style."""
    if width is None:
        return [segments]
    from rich.cells import cell_len

    from tripplan.present.linebreak import spans

    text = "".join(s for s, _ in segments)
    bounds, at = [], 0
    for s, style in segments:
        bounds.append((at, at + len(s), style))
        at += len(s)
    whole = [(a, b) for (a, b, _), (s, _) in zip(bounds, segments, strict=True)
             if isinstance(s, Whole)]
    out = []
    for start, end in spans(text, max(width, 1), cell_len, keep=whole):
        out.append([(text[max(a, start):min(b, end)], style) for a, b, style in bounds
                    if max(a, start) < min(b, end)])
    return out


def fold(row: list[Segment], width: int) -> list[list[Segment]]:
    """``row`` on lines of at most ``width`` columns: the item text (after the last column
    gap) wraps at words and Japanese phrases (:func:`_wrap`), continuation lines indented
    under it. For views that lay out their own columns (``agenda``, ``next``).

    >>> row = [("2024", ""), ("  ", ""), ("alpha beta gamma", "")]
    >>> ["".join(s for s, _ in line).rstrip() for line in fold(row, 17)]
    ['2024  alpha beta', '      gamma']
    >>> row = [("会談", ""), ("  ", ""), ("バンコク都知事との両都市間連携等にかかるトップ会談", "")]
    >>> ["".join(s for s, _ in line).strip() for line in fold(row, 36)]
    ['会談  バンコク都知事との', '両都市間連携等にかかる', 'トップ会談']
    """
    from rich.cells import cell_len

    if sum(cell_len(s) for s, _ in row) <= width or len(row) < 2:
        return [row]
    start = len(row) - 1
    for k in range(len(row) - 1):
        if row[k][0] and not row[k][0].strip():
            start = k + 1  # the item text begins after the last column gap
    indent = sum(cell_len(s) for s, _ in row[:start])
    first, *rest = _wrap(list(row[start:]), max(width - indent, 10))
    return [list(row[:start]) + first] + [[(" " * indent, ""), *line] for line in rest]


def _safe(text: str) -> str:
    """:func:`tripplan.emit.terminal_safe`, a :class:`Whole` staying whole."""
    from tripplan.emit import terminal_safe

    safe = terminal_safe(text)
    return Whole(safe) if isinstance(text, Whole) else safe


def _row(line: Line, shown: list[int], widths: list[int], room: int | None,
         steps: tuple[str, ...]) -> list[list[Segment]]:
    """One line of cells as screen lines: the fixed columns padded, the item text wrapped
    to ``room`` under its column."""
    from rich.cells import cell_len

    from tripplan.emit import terminal_safe

    short = "short" in steps
    columns = [(line.cells[i].lines(short), line.cells[i].style) for i in shown]
    item = list(line.item)
    kind = line.cells[COLUMNS.index("kind")].text
    if "kind" in steps and kind and not line.head:
        item = [(kind, "cyan"), (" · ", ""), *item]
    items = _wrap([(_safe(s), style) for s, style in item], room)
    out = []
    for k in range(max(len(items), *(len(cell) for cell, _ in columns))):
        segments: list[Segment] = []
        for (cell, style), width in zip(columns, widths, strict=True):
            text = cell[k] if k < len(cell) else ""
            segments += [(terminal_safe(text), style),
                         (" " * (width - cell_len(text) + GAP), "")]
        out.append(segments + (items[k] if k < len(items) else []))
    return out


def render(tl: Timeline, lang: str = "en", width: int | None = None) -> list[list[Segment]]:
    """The timeline as screen lines of styled segments: every column and one line per item
    without a ``width``; else the widest layout of :data:`STEPS` that fits it."""
    from tripplan.emit import terminal_safe

    lines = view_lines(tl, lang)
    steps = _plan(lines, width) if width else ()
    shown = _shown(lines, steps)
    widths = _widths(lines, shown, "short" in steps)
    room = None if width is None else max(width - sum(widths) - GAP * len(shown), 10)
    out: list[list[Segment]] = []
    day = None
    top = header_lines(tl, lang)
    for line in top[:3] + _left_out(lines, shown, lang) + top[3:] + lines:
        if "days" in steps and line.day and line.day != day:
            day = line.day
            out += [[("", "")], [(terminal_safe(day), "bold underline")]]
        if line.free is not None:
            out += _wrap([(terminal_safe(s), style) for s, style in line.free], width)
        else:
            out += _row(line, shown, widths, room, steps)
    return out


def plain_text(tl: Timeline, lang: str = "en") -> str:
    """The timeline as plain text (what ``tripplan tz`` prints when not on a terminal)."""
    return "\n".join("".join(s for s, _ in row).rstrip() for row in render(tl, lang))


def rich_view(tl: Timeline, lang: str = "en", width: int | None = None):
    """The same lines with colours, for a terminal (rich renderable), fitted to ``width``."""
    from tripplan.terminal import styled_lines

    return styled_lines(render(tl, lang, width))
