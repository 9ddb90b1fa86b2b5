"""The PDF agenda, drawn by tripplan itself with fpdf2 and a CJK font embedded.

The font comes from :func:`tripplan.export.fonts.find_cjk_font` (``--font PATH``,
``TRIPPLAN_PDF_FONT``, then the IPAexGothic that comes with tripplan).
Only the glyphs used are embedded (a subset), so the file prints the same anywhere and
its text can be searched and copied. No usable font: an
:class:`~tripplan.errors.InputError` (exit 2) that says how to fix it.

Layout (A4 portrait; ``--brief``: A5 pocket card): the cover at the top of page 1, and
the days flowing after it on the same page and the next ones — no page of its own per
day, but a day's heading, zone line, table header and first row always on one page (never
a heading alone at the bottom of a page). Rows are never split across pages: a row that
does not fit starts the next page, under a repeated table header; only a row longer than
a page goes on over the next pages, line by line, never past a page's foot. Footnotes
follow their day; then the notes no item refers to and the contact sheet, each with its
heading kept with what follows. A run of days with nothing scheduled is one line. Every
page's footer has the trip's title and "Page 3 / 7" (「3／7ページ」). An item without a
clock time ("夜（時刻未定）") is set in grey on a tinted ground, never in the ink of a clock
time, and the time column is made as wide as the longest such phrase so that it never
wraps. Lines break at words and Japanese phrases (:func:`tripplan.present.linebreak.wrap`;
kinsoku: "、。）" never start a line). A font without a bold face gets headings drawn with a
thin outline instead of a bold face.

>>> import datetime as dt, tomllib
>>> from tripplan.model import Trip
>>> from tripplan.present.vocabulary import Languages
>>> with open("itineraries/2024-06-yokohama-bangkok.toml", "rb") as file:
...     view = ExportView.of(Trip.model_validate(tomllib.load(file)))
>>> render(view, ExportOptions(Languages.JA, now=dt.datetime(2024, 6, 25, 9, 0)))[:5]
b'%PDF-'
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from tripplan.errors import InputError
from tripplan.export.agenda import Agenda, AgendaDay, Note, Row, Txt, build_agenda
from tripplan.export.view import ExportOptions, ExportView
from tripplan.present.linebreak import wrap

SUFFIX = ".pdf"

PT = 0.3528  # mm per point
LEADING = 1.38  # line height / font size
INK = (26, 26, 26)
MUTED = (95, 95, 95)
RULE = (185, 185, 185)
SOFT = (238, 238, 238)
MARK = (138, 75, 0)
FAMILY = "jp"


@dataclass
class Line:
    """One line of text in a cell: size in points; ``prefix`` is a field name before it."""

    text: str
    size: float
    bold: bool = False
    color: tuple[int, int, int] = INK
    indent: float = 0.0  # mm from the cell's left edge to the text
    prefix: str = ""
    strike: bool = False
    gap_before: float = 0.0  # mm of space above the line
    chip: bool = False  # on a tinted ground: a time the source does not give

    @property
    def height(self) -> float:
        return self.size * PT * LEADING + self.gap_before


@dataclass(frozen=True)
class Layout:
    page: tuple[float, float]  # width, height in mm
    margin: float
    time_w: float
    kind_w: float  # 0: no kind column (pocket card)
    body: float  # body text size in points
    pad: float = 1.6  # mm inside a row, top and bottom


FULL = Layout((210.0, 297.0), 15.0, 34.0, 25.0, 9.0)  # A4
BRIEF = Layout((148.0, 210.0), 10.0, 31.0, 0.0, 8.0, pad=1.0)  # A5
CHIP = 0.9  # mm of tinted ground left and right of an untimed phrase


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The agenda of ``view`` as PDF bytes (raises InputError when no CJK font is found).

    ``options.font`` is the font found by :func:`~tripplan.export.fonts.find_cjk_font` (the
    export use case looks for it first: a missing font is the likeliest failure), or a font
    file, or ``None`` to look for one here.
    """
    from tripplan.export.fonts import FontChoice, find_cjk_font

    font = options.font if isinstance(options.font, FontChoice) else find_cjk_font(options.font)
    agenda = build_agenda(view, options)
    writer = _Writer(agenda, font, BRIEF if agenda.brief else FULL, options.moment())
    writer.check_glyphs()
    return writer.build()


def shorten(text: str, width: float, measure) -> str:
    """``text``, cut with "…" to fit ``width`` (in the units of ``measure``).

    >>> shorten("Mayor's visit to Bangkok", 10, len), shorten("横浜", 10, len)
    ("Mayor's v…", '横浜')
    """
    if len(text) <= 500 and measure(text) <= width:
        return text
    text = text[:500]  # no line of a page holds more; the longest prefix that fits, by halves
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(text[:mid].rstrip() + "…") <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def texts_of(value) -> Iterator[str]:
    """Every string in the agenda model (dataclasses, lists, tuples, dicts), in order."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from texts_of(getattr(value, f.name))
    elif isinstance(value, list | tuple):
        for v in value:
            yield from texts_of(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from texts_of(v)


def _add_font(pdf, font) -> None:
    """Register the regular face, and the bold one only if there is a real one.

    (``FontChoice.add_to`` registers the regular face a second time as bold, which
    fpdf2 then parses and subsets twice: a second of the PDF's time for nothing here,
    where a missing bold face is drawn with a thin outline instead.)
    """
    if font.has_bold:
        font.add_to(pdf, FAMILY)
        return
    extra = {"collection_font_number": font.index} if font.index else {}
    pdf.add_font(FAMILY, "", str(font.path), **extra)


class _Writer:
    def __init__(self, agenda: Agenda, font, layout: Layout, now: dt.datetime) -> None:
        from fpdf import FPDF

        agenda_, writer = agenda, self
        # invisible characters the font lacks, and spaces it lacks (a tab): check_glyphs
        self._drop: dict[int, str | None] = {}

        class _PDF(FPDF):
            def footer(self) -> None:  # noqa: D401 - fpdf2 hook
                self.set_y(-self.l_margin + 3)
                self.set_font(FAMILY, "", 7)
                self.set_text_color(*MUTED)
                width = self.w - 2 * self.l_margin
                page = agenda_.page_label(self.page_no(), "{nb}")
                room = width - self.get_string_width(page) - 6
                title = agenda_.cover.title[0].translate(writer._drop)
                self.cell(room, 4, shorten(title, room, self.get_string_width))
                self.cell(width - room, 4, page, align="R")

        self.agenda = agenda
        self.layout = layout
        self.font = font
        pdf = _PDF(orientation="P", unit="mm", format=layout.page)
        pdf.set_margins(layout.margin, layout.margin, layout.margin)
        pdf.set_auto_page_break(False)
        pdf.alias_nb_pages()
        _add_font(pdf, font)
        self._widths: dict[tuple[float, bool], dict[str, float]] = {}
        self.pdf = pdf
        self.width = pdf.w - 2 * layout.margin
        self.layout = dataclasses.replace(layout, time_w=self.time_width(),
                                          kind_w=self.kind_width())
        pdf.set_font(FAMILY, "", layout.body)
        pdf.set_lang(agenda.langs[0])
        cover = agenda.cover
        pdf.set_title(" / ".join(cover.title))
        pdf.set_subject(" / ".join(cover.dates))
        pdf.set_creator("tripplan")
        pdf.set_producer("tripplan (fpdf2)")
        if cover.organizer:
            pdf.set_author(cover.organizer[0])
        pdf.set_creation_date(now if now.tzinfo else now.astimezone())
        self.bottom = pdf.h - layout.margin - 4  # room for the footer
        self.cursor = layout.margin

    def time_width(self) -> float:
        """The time column: wide enough for the longest phrase of an item without a clock
        time ("Early morning (time not given)"), which is never wrapped; at most 40 %."""
        body = self.layout.body
        need = [self.measure(body if i == 0 else body - 1)(text) + 2.5 + 2 * CHIP
                for day in self.agenda.days for row in day.rows if not row.timed
                for i, text in enumerate(row.when)]
        return min(max([self.layout.time_w, *need]), self.width * 0.4)

    def kind_width(self) -> float:
        """The kind column: as wide as its longest kind ("フライト（到着）"), at most 20 %."""
        if not self.layout.kind_w:
            return 0.0
        body = self.layout.body
        need = [self.measure(body if i == 0 else body - 1)(text) + 2.5
                for day in self.agenda.days for row in day.rows
                for i, text in enumerate(row.kind)]
        return min(max([self.layout.kind_w, *need]), self.width * 0.2)

    def check_glyphs(self) -> None:
        """Refuse to drop text: every character must be in the font (else InputError, exit 2).

        fpdf2 would only warn and leave the characters out of the page, so a Thai name
        with a Japanese font would silently vanish from an official document. Invisible
        characters the font lacks (a byte-order mark or a zero-width space pasted into a
        title: categories Cc and Cf) are left out of the page instead, and a space it lacks
        (a tab) is drawn as a plain space, where fpdf2 would print a warning about each.
        """
        cmap = self.pdf.fonts[FAMILY].cmap
        missing: dict[str, str] = {}
        for text in texts_of(self.agenda):
            for char in text:
                if ord(char) in cmap or char == "\n" or char in missing:
                    continue
                if char.isspace():
                    self._drop[ord(char)] = " "
                elif unicodedata.category(char) in ("Cc", "Cf"):
                    self._drop[ord(char)] = None
                else:
                    missing[char] = text
        if missing:
            chars = " ".join(list(missing)[:12]) + (" …" if len(missing) > 12 else "")
            first = " ".join(next(iter(missing.values())).split())  # one line, as a quote
            where = first if len(first) <= 50 else first[:49] + "…"
            family = self.font.family or self.font.path.name
            raise InputError(
                f'the PDF font {family} has no glyphs for {chars} (in "{where}")',
                path=self.font.path,
                hint="give a font that has them and Japanese with {font} PATH, or export "
                "--html: a browser draws each character with any installed font that has it")

    # --- text primitives ------------------------------------------------------------------

    def _font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(FAMILY, "B" if bold and self.font.has_bold else "", size)

    def measure(self, size: float, bold: bool = False):
        """Text width in mm at ``size``: the sum of its characters' advance widths.

        fpdf2 applies no kerning, so this equals ``get_string_width``; caching each
        character's width makes line breaking ten times faster than measuring strings.
        """
        cache = self._widths.setdefault((size, bold and self.font.has_bold), {})

        def width(text: str) -> float:
            total = 0.0
            for char in text:
                w = cache.get(char)
                if w is None:
                    self._font(size, bold)
                    w = cache[char] = self.pdf.get_string_width(char)
                total += w
            return total
        return width

    def lines(self, texts: Txt | list[str], width: float, size: float, *, bold: bool = False,
              color=INK, strike: bool = False, gap: float = 0.0,
              chip: bool = False) -> list[Line]:
        out: list[Line] = []
        for text in texts:
            for piece in wrap(text.translate(self._drop), width, self.measure(size, bold)):
                out.append(Line(piece, size, bold, color, strike=strike,
                                gap_before=gap if not out else 0.0, chip=chip))
        return out

    def draw(self, lines: list[Line], x: float, y: float) -> float:
        pdf = self.pdf
        for line in lines:
            y += line.gap_before
            h = line.size * PT * LEADING
            if line.prefix:
                self._font(line.size * 0.92)
                pdf.set_text_color(*MUTED)
                pdf.text(x, y + h * 0.74, line.prefix)
            self._font(line.size, line.bold)
            pdf.set_text_color(*line.color)
            if line.chip and line.text:
                pdf.set_fill_color(*SOFT)
                pdf.rect(x + line.indent - CHIP, y + h * 0.08,
                         pdf.get_string_width(line.text) + 2 * CHIP, h * 0.84, style="F",
                         round_corners=True, corner_radius=0.7)
            if line.bold and not self.font.has_bold:
                with pdf.local_context(text_mode="FILL_STROKE", line_width=line.size * 0.012,
                                       draw_color=line.color):
                    pdf.text(x + line.indent, y + h * 0.74, line.text)
            else:
                pdf.text(x + line.indent, y + h * 0.74, line.text)
            if line.strike and line.text:
                w = pdf.get_string_width(line.text)
                pdf.set_draw_color(*line.color)
                pdf.set_line_width(0.25)
                mid = y + h * 0.5
                pdf.line(x + line.indent, mid, x + line.indent + w, mid)
            y += h
        return y

    @staticmethod
    def height(lines: list[Line]) -> float:
        return sum(line.height for line in lines)

    def rule(self, y: float, color=RULE, width: float = 0.2) -> None:
        self.pdf.set_draw_color(*color)
        self.pdf.set_line_width(width)
        self.pdf.line(self.layout.margin, y, self.layout.margin + self.width, y)

    # --- document -------------------------------------------------------------------------

    def build(self) -> bytes:
        self.cover()
        for day in self.agenda.days:
            self.day(day)
        if self.agenda.notes:
            heading = self.agenda.labels["footnotes"]
            first = self.note_block(self.agenda.notes[0], self.note_mark_width(self.agenda.notes))
            y = self.start(self.heading_height(heading) + self.height(first))
            y = self.notes(self.agenda.notes, self.heading(heading, y))
            self.cursor = y + self.day_gap
        if self.agenda.contacts:
            self.contacts()
        return bytes(self.pdf.output())

    @property
    def day_gap(self) -> float:
        """Space between one day (or block) and the next heading, in mm."""
        return 4.0 if self.agenda.brief else 8.0

    def start(self, h: float) -> float:
        """Where a block whose first ``h`` mm must stay together starts: at the cursor, or
        at the top of a new page when they do not fit below it (no heading left alone)."""
        if self.cursor + h <= self.bottom or self.cursor <= self.layout.margin:
            return self.cursor
        self.pdf.add_page()
        return self.layout.margin

    def cover(self) -> None:
        pdf, a, c = self.pdf, self.agenda, self.agenda.cover
        brief = a.brief
        pdf.add_page()
        x, y = self.layout.margin, self.layout.margin
        y = self.draw(self.lines([f"{' / '.join(c.kind)} · {' / '.join(c.audience)}"],
                                 self.width, 8.5, color=MUTED), x, y)
        y = self.draw(self.lines(c.title[:1], self.width, 13 if brief else 19, bold=True,
                                 gap=2), x, y)
        y = self.draw(self.lines(c.title[1:], self.width, 9 if brief else 12, color=MUTED), x, y)
        y = self.draw(self.lines(c.dates, self.width, 10 if brief else 13, gap=2), x, y)
        facts = c.facts(brief)
        size = self.layout.body + (0 if brief else 1)
        label_w = max(self.measure(size)(a.label(k)) for k, v in facts if v) + 5
        y += 4
        for key, values in facts:
            if not values:
                continue
            block: list[Line] = []
            for value in values:
                block += self.lines(value, self.width - label_w, size)
            block[0].prefix = a.label(key)
            for line in block:
                line.indent = label_w
            y = self.draw(block, x, y + 1.5)
        gen = self.lines(c.generated, self.width, 7.5, color=MUTED, gap=6 if not brief else 3)
        y = self.draw(gen, x, y)
        self.cursor = y + self.day_gap  # the first day follows on the same page

    @property
    def heading_size(self) -> float:
        return 11.5 if self.agenda.brief else 14

    def heading_height(self, text: Txt) -> float:
        size = self.heading_size
        return (self.height(self.lines(text[:1], self.width, size, bold=True))
                + self.height(self.lines(text[1:], self.width, size * 0.7)) + 2.2)

    def heading(self, text: Txt, y: float, size: float | None = None) -> float:
        size = size or self.heading_size
        x = self.layout.margin
        y = self.draw(self.lines(text[:1], self.width, size, bold=True), x, y)
        y = self.draw(self.lines(text[1:], self.width, size * 0.7, color=MUTED), x, y)
        self.rule(y + 0.8, INK, 0.5)
        return y + 2.2

    def day(self, day: AgendaDay) -> None:
        if day.quiet:
            self.quiet(day)
            return
        y = self.start(self.day_start_height(day))
        y = self.heading(day.heading, y)
        if day.zone:
            y = self.draw(self.lines(day.zone.text, self.width, self.layout.body - 0.5),
                          self.layout.margin, y)
        if day.order_note:
            y = self.draw(self.lines(day.order_note, self.width, self.layout.body - 0.5,
                                     color=MUTED), self.layout.margin, y)
        y = self.table_header(y + 1.5)
        for i, entry in enumerate(day.entries):
            after = day.entries[i + 1] if i + 1 < len(day.entries) else None
            if entry.is_zone_note and after is not None:  # stays with the row it announces
                y = self.fit(y, self.entry_height(entry) + self.entry_height(after))
            y = self.entry(entry, y)
        if day.notes:
            y = self.notes(day.notes, y + 3)
        self.cursor = y + self.day_gap

    def quiet(self, day: AgendaDay) -> None:
        """Days with nothing scheduled: their one line (each language), a thin rule under it."""
        body = self.layout.body
        lines = self.lines(day.heading[:1], self.width, body + 0.5, color=MUTED)
        lines += self.lines(day.heading[1:], self.width, body - 0.5, color=MUTED)
        h = self.height(lines) + 1.2
        y = self.start(h)
        self.draw(lines, self.layout.margin, y)
        self.rule(y + h, RULE, 0.3)
        self.cursor = y + h + self.day_gap

    def day_start_height(self, day: AgendaDay) -> float:
        """Height of a day's heading, zone line, table header and first row (no orphans)."""
        h = self.heading_height(day.heading)
        if day.zone:
            h += self.height(self.lines(day.zone.text, self.width, self.layout.body - 0.5))
        if day.order_note:
            h += self.height(self.lines(day.order_note, self.width, self.layout.body - 0.5))
        h += 1.5 + (self.layout.body - 1.5) * PT * LEADING + 0.6
        page = self.bottom - self.table_header_height() - self.layout.margin
        for entry in day.entries:  # up to the first row, with the zone notes before it
            row = self.entry_height(entry)
            h += row if row <= page else 30  # a row longer than a page: its first lines
            if not entry.is_zone_note:
                break
        return h

    def table_header(self, y: float) -> float:
        a, lay = self.agenda, self.layout
        x = lay.margin
        size = lay.body - 1.5
        heads = [(a.label("time"), lay.time_w)]
        if lay.kind_w:
            heads.append((a.label("kind"), lay.kind_w))
        heads.append((a.label("item"), 0))
        for text, w in heads:
            self.draw([Line(text, size, color=MUTED)], x + 1, y)
            x += w
        y += self.table_header_height()
        self.rule(y, INK, 0.3)
        return y

    def row_columns(self, row: Row) -> list[list[Line]]:
        a, lay = self.agenda, self.layout
        body = lay.body
        item_w = self.width - lay.time_w - lay.kind_w - 2
        time: list[Line] = []
        for i, text in enumerate(row.when):
            zone = f" {row.zone}" if row.zone and i == 0 else ""
            time += self.lines([text + zone], lay.time_w - 2 - (0 if row.timed else 2 * CHIP),
                               body if i == 0 else body - 1,
                               color=INK if i == 0 and row.timed else MUTED,
                               strike=row.cancelled, chip=not row.timed,
                               gap=0.6 if i and not row.timed else 0.0)
        if row.home:
            time += self.lines([f"({row.home})"], lay.time_w - 2, body - 1.5, color=MUTED)
        cols = [time]
        if lay.kind_w:
            kind: list[Line] = []
            for i, text in enumerate(row.kind):
                kind += self.lines([text], lay.kind_w - 2, body if i == 0 else body - 1,
                                   color=INK if i == 0 else MUTED)
            cols.append(kind)
        title = row.title[0]
        if row.marks:
            title += " " + " ".join(row.marks)
        what = []
        if row.status_label:  # never struck through: it says why the row is
            what += self.lines([f"[{' / '.join(row.status_label)}]"], item_w, body - 1,
                               color=MARK)
        what += self.lines([title], item_w, body + 1, bold=not row.continuation,
                           strike=row.cancelled)
        what += self.lines(row.title[1:], item_w, body - 0.5, color=MUTED, strike=row.cancelled)
        if a.brief and row.place:
            what += self.lines([" / ".join(row.place)], item_w, body - 0.5)
        label_w = 0.0
        if row.details:
            measure = self.measure(body - 1)
            label_w = max(measure(" / ".join(d.label)) for d in row.details) + 3
            label_w = min(label_w, item_w * 0.3)
        first_detail = True
        for detail in row.details:
            block: list[Line] = []
            for value in detail.values:
                for j, text in enumerate(value):
                    block += self.lines([text], item_w - label_w, body - (0.5 if j == 0 else 1),
                                        color=INK if j == 0 else MUTED, strike=row.cancelled)
            if not block:
                continue
            block[0].prefix = " / ".join(detail.label)
            block[0].gap_before = 1.2 if first_detail else 0.5
            first_detail = False
            for line in block:
                line.indent = label_w
            what += block
        cols.append(what)
        return cols

    def zone_lines(self, note) -> list[Line]:
        return self.lines([f"→ {t}" for t in note.text], self.width - 4, self.layout.body - 0.5)

    def entry_height(self, entry) -> float:
        if entry.is_zone_note:
            return self.height(self.zone_lines(entry)) + 2 * 1.2
        return max(self.height(c) for c in self.row_columns(entry)) + 2 * self.layout.pad

    def entry(self, entry, y: float) -> float:
        lay = self.layout
        x = lay.margin
        if entry.is_zone_note:
            lines = self.zone_lines(entry)
            h = self.height(lines) + 2 * 1.2
            y = self.fit(y, h)
            self.pdf.set_fill_color(*SOFT)
            self.pdf.rect(x, y, self.width, h, style="F")
            self.draw(lines, x + 2, y + 1.2)
            return y + h
        cols = self.row_columns(entry)
        h = max(self.height(c) for c in cols) + 2 * lay.pad
        if h > self.bottom - self.table_header_height() - lay.margin:
            return self.tall_entry(cols, y)
        y = self.fit(y, h)
        for col, off in zip(cols, self.offsets, strict=False):
            self.draw(col, x + off + 1, y + lay.pad)
        self.rule(y + h)
        return y + h

    @property
    def offsets(self) -> list[float]:
        """Where each column of a row starts, from the left margin (mm)."""
        lay = self.layout
        return [0.0, lay.time_w] + ([lay.time_w + lay.kind_w] if lay.kind_w else [])

    def table_header_height(self) -> float:
        return (self.layout.body - 1.5) * PT * LEADING + 0.6

    def tall_entry(self, cols: list[list[Line]], y: float) -> float:
        """A row longer than a page: each column goes on line by line over the next pages
        (under a repeated table header), so no line is ever drawn past the page's foot."""
        lay = self.layout
        if self.bottom - y < 30:
            y = self.fit(y, self.bottom)
        while True:
            room = self.bottom - y - 2 * lay.pad
            cut = []
            for col in cols:
                used, n = 0.0, 0
                while n < len(col) and used + col[n].height <= room:
                    used, n = used + col[n].height, n + 1
                cut.append(n)
            for col, n, off in zip(cols, cut, self.offsets, strict=False):
                self.draw(col[:n], lay.margin + off + 1, y + lay.pad)
            if all(n == len(col) for n, col in zip(cut, cols, strict=True)):
                h = max(self.height(col) for col in cols) + 2 * lay.pad
                self.rule(y + h)
                return y + h
            cols = [col[n:] for n, col in zip(cut, cols, strict=True)]
            for col in cols:
                if col:
                    col[0] = dataclasses.replace(col[0], gap_before=0.0)
            self.pdf.add_page()
            y = self.table_header(lay.margin)

    def fit(self, y: float, h: float) -> float:
        """Start a new page (with the table header) when ``h`` mm do not fit below ``y``."""
        if y + h <= self.bottom or y <= self.layout.margin + 30:
            return y
        self.pdf.add_page()
        return self.table_header(self.layout.margin)

    def note_mark_width(self, notes: list[Note]) -> float:
        return max(self.measure(self.layout.body - 1.5)(n.mark) for n in notes) + 2.5

    def note_block(self, note: Note, mark_w: float) -> list[Line]:
        size = self.layout.body - 1.5
        block = self.lines(note.title or (), self.width - mark_w, size, bold=True)
        block += self.lines(note.text, self.width - mark_w, size)
        for line in block:
            line.indent = mark_w
        block[0].prefix = note.mark
        block[0].gap_before = 1.2
        return block

    def notes(self, notes: list[Note], y: float) -> float:
        x = self.layout.margin
        mark_w = self.note_mark_width(notes)
        for note in notes:
            block = self.note_block(note, mark_w)
            h = self.height(block)
            if y + h > self.bottom:
                self.pdf.add_page()
                y = self.layout.margin
            y = self.draw(block, x, y)
        return y

    def contacts(self) -> None:
        """The contact sheet after the days, its heading kept with the first contact."""
        a, pdf = self.agenda, self.pdf
        body = self.layout.body - 0.5
        widths = [30.0, 60.0, 30.0]  # the phone column holds +81 45-671-4396 on one line
        widths.append(self.width - sum(widths))
        rows = [[self.lines(k.name, widths[0] - 2, body, bold=True),
                 self.lines([*(k.department or ()), *(k.title or ())], widths[1] - 2, body),
                 self.lines([p for p in (*(k.phone or ()), k.email) if p], widths[2] - 2,
                            body),
                 self.lines(k.topic or (), widths[3] - 2, body)] for k in a.contacts]
        heights = [max(self.height(c) for c in cols) + 2 * self.layout.pad for cols in rows]
        head_h = (body - 1) * PT * LEADING + 2
        whole = self.heading_height(a.labels["contacts"]) + head_h + sum(heights)
        if whole > self.bottom - self.layout.margin:  # longer than a page: keep the start
            whole -= sum(heights[1:])
        y = self.start(whole)  # the whole sheet together when it fits on one page
        y = self.heading(a.labels["contacts"], y)
        heads = [a.label("name"), f"{a.label('department')} · {a.label('title')}",
                 a.label("phone"), a.label("topic")]
        x = self.layout.margin
        for text, w in zip(heads, widths, strict=True):
            self.draw(self.lines([text], w - 2, body - 1, color=MUTED), x + 1, y + 1)
            x += w
        y += head_h
        self.rule(y, INK, 0.3)
        for cols, h in zip(rows, heights, strict=True):
            if y + h > self.bottom:
                pdf.add_page()
                y = self.layout.margin
            x = self.layout.margin
            for col, w in zip(cols, widths, strict=True):
                self.draw(col, x + 1, y + self.layout.pad)
                x += w
            self.rule(y + h)
            y += h
