"""The library behind ``tripplan tz``: a trip as a timeline across zones.

One row per item in time order: local date and time with the zone's abbreviation and UTC
offset, the same instant in the home zone (the trip's ``home_timezone`` or ``--home``) and in
UTC, with ``+1``/``−1`` where that date differs from the local one. A marker row stands at
every change of zone ("clocks −2 h: Asia/Tokyo → Asia/Bangkok") and at every daylight-saving
change met on the way. Travel shows its arrival and its duration across zones. Items without
a clock time keep none: they appear in order with their part of day ("night (time TBC)").

The zone findings (``TZ`` rules) come with the timeline; the exit code follows ``validate``:
1 if any is an error, else 0.

Run from the repository root:

>>> tl = timeline("itineraries/2024-06-yokohama-bangkok.toml")
>>> [r.text("en") for r in tl.rows if isinstance(r, ZoneChange)]
['clocks −2 h: Asia/Tokyo → Asia/Bangkok', 'clocks +2 h: Asia/Bangkok → Asia/Tokyo']
>>> tl.exit_code, len(tl.diagnostics)
(0, 0)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripplan.diagnostics import Diagnostic, Severity, fails
from tripplan.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from tripplan.i18n import label, time_not_fixed
from tripplan.load import LoadedTrip
from tripplan.model import PART_OF_DAY_WINDOWS, ItemStatus, PartOfDay, Trip
from tripplan.zones import (
    MINUS,
    UTC,
    ItemTime,
    abbreviation,
    chronological,
    clock_change,
    format_duration,
    get_zone,
    iso_offset,
    offset_change,
    suggest_zone,
    transition_between,
    zone_label,
)

TEXTS: dict[str, dict[str, str]] = {
    "date": {"en": "DATE", "ja": "日付"},
    "local": {"en": "LOCAL", "ja": "現地時刻"},
    "zone": {"en": "ZONE", "ja": "時間帯"},
    "home": {"en": "HOME", "ja": "本国"},
    "utc": {"en": "UTC", "ja": "UTC"},
    "kind": {"en": "KIND", "ja": "種別"},
    "item": {"en": "ITEM", "ja": "項目"},
    "clocks": {"en": "clocks", "ja": "時計"},
    "arrives": {"en": "arrives", "ja": "到着"},
    "until": {"en": "until", "ja": "終了"},
    "home_zone": {"en": "home", "ja": "本国"},
    "legend": {"en": "local time where each item happens, the same instant at home and in UTC",
               "ja": "各項目の現地時刻、同じ時刻の本国時間とUTC"},
    "no_home": {"en": "home zone unknown", "ja": "本国の時間帯が不明"},
    "nonexistent": {"en": "does not exist", "ja": "存在しない時刻"},
    "ambiguous": {"en": "happens twice", "ja": "2回ある時刻"},
    "offset-mismatch": {"en": "offset does not match", "ja": "UTCオフセット不一致"},
    "unknown-zone": {"en": "unknown zone", "ja": "不明な時間帯"},
    "no-zone": {"en": "no zone", "ja": "時間帯なし"},
}


def text(key: str, lang: str) -> str:
    entry = TEXTS[key]
    return entry.get(lang) or entry["en"]


def short_date(day: dt.date, lang: str) -> str:
    """``Mon 10 Mar`` / ``3月10日（月）``.

    >>> short_date(dt.date(2024, 6, 20), "en"), short_date(dt.date(2024, 6, 20), "ja")
    ('Thu 20 Jun', '6月20日（木）')
    """
    from babel.dates import format_date

    if lang == "ja":
        return format_date(day, "M月d日（E）", locale="ja")
    return format_date(day, "EEE d MMM", locale="en")


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


@dataclass
class Moment:
    """One end of an item on the timeline: an instant, or a day and part of day."""

    date: dt.date | None
    zone: str | None
    local: dt.datetime | None = None
    """The instant in the local zone (``None`` if not timed or not resolvable)."""
    home: dt.datetime | None = None
    part_of_day: PartOfDay | None = None
    wall: dt.datetime | None = None
    """The clock time as written, when there is one."""
    problem: str | None = None
    """Why a written time has no instant: ``nonexistent``, ``ambiguous``, ``offset-mismatch``,
    ``unknown-zone`` or ``no-zone``."""

    @property
    def utc(self) -> dt.datetime | None:
        return self.local.astimezone(UTC) if self.local is not None else None

    @property
    def zone_at(self) -> dt.datetime | None:
        """An instant at which to describe the zone (abbreviation and offset): the item's own,
        else the start of its part-of-day window, else noon of its day."""
        if self.local is not None:
            return self.local
        zone = get_zone(self.zone) if self.zone else None
        if zone is None or self.date is None:
            return None
        if self.wall is not None:
            clock = self.wall.replace(tzinfo=None).time()
        elif self.part_of_day is not None:
            clock = PART_OF_DAY_WINDOWS[self.part_of_day][0]
        else:
            clock = dt.time(12)
        return dt.datetime.combine(self.date, clock, tzinfo=zone)

    def to_json(self) -> dict[str, Any]:
        at = self.zone_at
        return {
            "date": self.date.isoformat() if self.date else None,
            "time": f"{self.wall:%H:%M}" if self.wall is not None else None,
            "part_of_day": self.part_of_day.value if self.part_of_day else None,
            "zone": self.zone,
            "abbreviation": abbreviation(at) if at is not None else None,
            "offset": iso_offset(at.utcoffset()) if at is not None else None,
            "local": self.local.isoformat() if self.local is not None else None,
            "home": self.home.isoformat() if self.home is not None else None,
            "home_day": ((self.home.date() - self.local.date()).days
                         if self.home is not None and self.local is not None else None),
            "utc": _utc(self.utc),
            "problem": self.problem,
        }


def _utc(value: dt.datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


@dataclass
class ItemRow:
    """One item: its start, its end (if any) and, for travel, the duration across zones."""

    time: ItemTime
    start: Moment
    end: Moment | None

    @property
    def item(self):
        return self.time.item

    @property
    def duration(self) -> dt.timedelta | None:
        return self.time.duration

    def to_json(self, lang: str) -> dict[str, Any]:
        item = self.item
        minutes = self.duration.total_seconds() / 60 if self.duration is not None else None
        return {
            "type": "item", "id": item.id, "kind": item.kind.value,
            "title": item.title.get(lang), "status": item.status.value,
            "timing": item.timing.value,
            "origin": item.origin if item.kind.is_travel else None,
            "destination": item.destination if item.kind.is_travel else None,
            "place": item.place,
            "start": self.start.to_json(),
            "end": self.end.to_json() if self.end is not None else None,
            "duration_minutes": round(minutes) if minutes is not None else None,
            "duration": format_duration(self.duration, lang) if self.duration is not None
            else None,
        }


@dataclass
class ZoneChange:
    """A marker row: the clocks change, by travel to another zone or by daylight saving."""

    old: str
    new: str
    change: dt.timedelta
    at: dt.datetime | None
    """When (the arrival, or the daylight-saving transition); ``None`` if not known."""
    reason: str
    """``travel`` (after a travel item), ``move`` (items found in another zone without
    travel between them) or ``daylight-saving``."""
    after: str | None = None
    """Id of the item after which the change happens."""

    def text(self, lang: str) -> str:
        head = f"{text('clocks', lang)} {clock_change(self.change, lang=lang)}"
        sep = "：" if lang == "ja" else ": "
        if self.reason == "daylight-saving":
            assert self.at is not None
            zone = get_zone(self.new)
            before = (self.at - dt.timedelta(microseconds=1)).astimezone(zone)
            after = self.at.astimezone(zone)
            names = " → ".join(n for n in (abbreviation(before), abbreviation(after)) if n)
            clock_before = (self.at.astimezone(UTC) + before.utcoffset()).strftime("%H:%M")
            when = f"{short_date(after.date(), lang)} {clock_before} → {after:%H:%M}"
            return f"{head}{sep}{self.new}" + (f" {names}" if names else "") + f", {when}"
        return f"{head}{sep}{self.old} → {self.new}"

    def to_json(self, lang: str) -> dict[str, Any]:
        return {"type": "zone-change", "from": self.old, "to": self.new,
                "clocks_minutes": round(self.change.total_seconds() / 60),
                "at": _utc(self.at.astimezone(UTC)) if self.at is not None else None,
                "reason": self.reason, "after": self.after, "text": self.text(lang)}


Row = ItemRow | ZoneChange


@dataclass
class Timeline:
    loaded: LoadedTrip
    home: str | None
    rows: list[Row] = field(default_factory=list)
    unscheduled: list[ItemRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def trip(self) -> Trip:
        return self.loaded.trip

    @property
    def exit_code(self) -> int:
        """``validate``'s convention: 1 if any zone finding is an error, else 0."""
        return EXIT_FINDINGS if fails(self.diagnostics) else EXIT_OK

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        counts = {s.value: sum(1 for d in self.diagnostics if d.severity is s) for s in Severity}
        return {
            "file": self.loaded.display_path, "trip": self.trip.id,
            "title": self.trip.title.get(lang), "home_timezone": self.home,
            "rows": [r.to_json(lang) for r in self.rows],
            "unscheduled": [r.to_json(lang) for r in self.unscheduled],
            "exit_code": self.exit_code, "counts": counts,
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


def check_home(home: str) -> str:
    """``--home`` must be a zone of the tz database; else a usage error with "did you mean".

    >>> check_home("Europe/Paris")
    'Europe/Paris'
    >>> check_home("Asia/Tokio")
    Traceback (most recent call last):
    tripplan.errors.UsageError: unknown time zone "Asia/Tokio" for --home
    """
    if get_zone(home) is not None:
        return home
    suggestion = suggest_zone(home)
    hint = (f'did you mean "{suggestion}"?' if suggestion
            else "use an IANA zone name such as Asia/Tokyo or Europe/Paris")
    raise UsageError(f'unknown time zone "{home}" for --home', hint=hint)


def timeline(trip: LoadedTrip | str | Path, home: str | None = None) -> Timeline:
    """The trip's timeline and its zone findings.

    ``trip`` is a loaded trip, a path or a trip id; ``home`` (default: the trip's
    ``home_timezone``) is the zone of the home column.
    """
    from tripplan.rules import Context, run_rules, select_rules

    if home is not None:
        check_home(home)
    if not isinstance(trip, LoadedTrip):
        from tripplan.catalog import load_ref

        trip = load_ref(trip)
    ctx = Context(trip)
    home_zone = home or (trip.trip.home_timezone if get_zone(trip.trip.home_timezone) else None)
    result = Timeline(trip, home_zone)
    result.diagnostics = run_rules(ctx, select_rules(["TZ"]))
    current = trip.trip.home_timezone if get_zone(trip.trip.home_timezone) else None
    last_at: dt.datetime | None = None
    for t in chronological(ctx.times):
        row = _row(t, home_zone)
        if t.item.first_day is None:
            result.unscheduled.append(row)
            continue
        at = t.sort_instant
        where = t.location_zone
        if where and current and where != current:
            result.rows.append(ZoneChange(current, where, offset_change(current, where, at or
                                          _noon(t)), at, "move"))
            current, last_at = where, at
        if where and where == current and last_at is not None and at is not None:
            switch = transition_between(where, last_at, at)
            if switch is not None:
                zone = get_zone(where)
                change = (switch.astimezone(zone).utcoffset()
                          - (switch - dt.timedelta(minutes=1)).astimezone(zone).utcoffset())
                result.rows.append(ZoneChange(where, where, change, switch, "daylight-saving"))
        result.rows.append(row)
        arrival = t.end_location_zone
        if t.item.kind.is_travel and arrival and where and arrival != where:
            when = t.end or at or _noon(t)
            result.rows.append(ZoneChange(where, arrival, offset_change(where, arrival, when),
                                          t.end, "travel", after=t.item.id))
        current = arrival or where or current
        last_at = t.end or at or last_at
    return result


def _noon(t: ItemTime) -> dt.datetime:
    """Noon UTC of the item's first day: when to compare zones for an item without a time."""
    return dt.datetime.combine(t.item.first_day or dt.date.min, dt.time(12), tzinfo=UTC)


def _row(t: ItemTime, home: str | None) -> ItemRow:
    item = t.item
    start = _moment(t, "start", home)
    end = None
    if item.end is not None or item.end_date is not None:
        end = _moment(t, "end", home)
    return ItemRow(t, start, end)


def _moment(t: ItemTime, which: str, home: str | None) -> Moment:
    item = t.item
    home_zone = get_zone(home) if home else None
    if which == "start":
        zone, wall, instant, local = t.start_zone, item.start, t.start, t.start_local
        date, part = item.first_day, item.part_of_day
    else:
        zone, wall, instant, local = t.end_zone, item.end, t.end, t.end_local
        date, part = item.last_day, item.end_part_of_day
    zone_ok = zone is not None and get_zone(zone) is not None
    moment = Moment(date, zone, part_of_day=part,
                    wall=wall.replace(tzinfo=None) if wall is not None else None)
    if wall is None:
        return moment
    if instant is not None:
        shown = instant.astimezone(get_zone(zone)) if zone_ok else instant
        moment.local = shown
        moment.date = shown.date()
        moment.home = shown.astimezone(home_zone) if home_zone is not None else None
    elif local is not None:
        moment.problem = local.status
    elif zone is not None and not zone_ok:
        moment.problem = "unknown-zone"
    else:
        moment.problem = "no-zone"
    return moment


# --- the view ---------------------------------------------------------------------------------

Segment = tuple[str, str]  # (text, rich style)


@dataclass
class Line:
    """A line of the view: columns of segments (or one free segment list for markers)."""

    cells: list[list[Segment]] | None = None
    free: list[Segment] | None = None


def _t(value, lang: str) -> str:
    return value.get(lang) if value is not None else ""

def _time_cells(m: Moment, end: Moment | None, lang: str) -> tuple[str, str, str, str]:
    """LOCAL, ZONE, HOME and UTC cells of one moment (with a same-day end as a range)."""
    if m.wall is None:
        at = m.zone_at
        return (time_not_fixed(m.part_of_day.value if m.part_of_day else None, lang),
                zone_label(at) if at is not None else "?", "—", "—")
    if m.local is None:
        problem = text(m.problem or "no-zone", lang)
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
    item = row.item
    style = "strike dim" if item.status is ItemStatus.CANCELLED else "bold"
    out: list[Segment] = [(_t(item.title, lang), style)]
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
        out.append((f" · {text('until', lang)} {_end_text(row.end, lang)}", "dim"))
    return out


def _end_text(m: Moment, lang: str) -> str:
    if m.local is not None:
        return f"{short_date(m.local.date(), lang)} {m.local:%H:%M}"
    day = short_date(m.date, lang) if m.date else ""
    if m.wall is not None:
        return f"{day} {m.wall:%H:%M} ({text(m.problem or 'no-zone', lang)})"
    if m.part_of_day is not None:
        return f"{day} {time_not_fixed(m.part_of_day.value, lang)}"
    return day


def view_lines(tl: Timeline, lang: str = "en") -> list[Line]:
    """The rows of the timeline as columns of styled text (for both views)."""
    trip = tl.trip
    home_head = f"{text('home', lang)} {tl.home}" if tl.home else text("home", lang)
    lines = [Line(cells=[[(text(k, lang), "bold")] for k in ("date", "local", "zone")]
                  + [[(home_head, "bold")]]
                  + [[(text(k, lang), "bold")] for k in ("utc", "kind", "item")])]

    def add(row: ItemRow, date_text: str) -> None:
        same = _same_span(row)
        local, zone, home, utc = _time_cells(row.start, row.end if same else None, lang)
        kind = label("kind", row.item.kind.value, lang)
        lines.append(Line(cells=[[(date_text, "")], [(local, "bold")], [(zone, "")],
                                 [(home, "")], [(utc, "dim")], [(kind, "cyan")],
                                 _item_cell(row, trip, lang)]))
        if row.item.kind.is_travel and not _one_line(row):
            e = row.end
            local, zone, home, utc = _time_cells(e, None, lang)
            note = f"{text('arrives', lang)}"
            if row.duration is not None and row.duration > dt.timedelta(0):
                note += f" · {format_duration(row.duration, lang)}"
            day = short_date(e.date, lang) if e.date else ""
            lines.append(Line(cells=[[(day, "")], [(local, "bold")], [(zone, "")],
                                     [(home, "")], [(utc, "dim")], [("", "")], [(note, "")]]))

    for row in tl.rows:
        if isinstance(row, ZoneChange):
            lines.append(Line(free=[(f"── {row.text(lang)} ──", "bold yellow")]))
        else:
            day = row.start.date
            add(row, short_date(day, lang) if day else "")
    if tl.unscheduled:
        lines.append(Line(free=[("", "")]))
        lines.append(Line(free=[(label("text", "unscheduled", lang), "bold underline")]))
        for row in tl.unscheduled:
            add(row, label("text", "date_tbc", lang))
    return lines


def header_lines(tl: Timeline, lang: str = "en") -> list[Line]:
    trip = tl.trip
    home = (f"{text('home_zone', lang)} {tl.home}" if tl.home else text("no_home", lang))
    return [Line(free=[(_t(trip.title, lang), "bold")]),
            Line(free=[(f"{trip.id} · {trip.start} – {trip.end} · {home}", "")]),
            Line(free=[(text("legend", lang), "dim")]), Line(free=[("", "")])]


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

    widths = _widths(lines)
    out: list[list[Segment]] = []
    for line in lines:
        if line.free is not None:
            out.append(line.free)
            continue
        segments: list[Segment] = []
        for i, cell in enumerate(line.cells):
            segments.extend(cell)
            if i < len(line.cells) - 1:
                pad = widths[i] - cell_len("".join(s for s, _ in cell))
                segments.append((" " * (pad + 2), ""))
        out.append(segments)
    return out


def plain_text(tl: Timeline, lang: str = "en") -> str:
    """The timeline as plain text (what ``tripplan tz`` prints when not on a terminal)."""
    rows = _layout(header_lines(tl, lang) + view_lines(tl, lang))
    return "\n".join("".join(s for s, _ in row).rstrip() for row in rows)


def rich_view(tl: Timeline, lang: str = "en"):
    """The same lines with colours, for a terminal (rich renderable)."""
    from rich.console import Group
    from rich.text import Text

    lines = []
    for row in _layout(header_lines(tl, lang) + view_lines(tl, lang)):
        line = Text(no_wrap=True, overflow="ignore")
        for segment, style in row:
            line.append(segment, style=style or None)
        line.rstrip()
        lines.append(line)
    return Group(*lines)
