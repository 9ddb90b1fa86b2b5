"""The plain-text agenda: for e-mail in a fixed-width font, at most :data:`WIDTH` columns.

Columns are measured in terminal cells — CJK and full-width characters count two
(:func:`tripplan.present.linebreak.cell_width`) — so the time, kind and item columns line
up in Japanese as in English. Long texts wrap inside their column at words and Japanese
phrases (:func:`tripplan.present.linebreak.wrap`: never before "、。）", never after "（").
Cancelled items are marked ``[中止]`` / ``[cancelled]`` (plain text cannot strike through).

>>> pad("会談", 8) + "|", cell_width(pad("会談", 8))
('会談    |', 8)
>>> columns([["時刻未定"], ["会談"], ["ESCAP 事務局長との会談"]], [10, 8])
['時刻未定    会談      ESCAP 事務局長との会談']
"""

from __future__ import annotations

from tripplan.export.agenda import Agenda, AgendaDay, Note, Row, Txt, build_agenda
from tripplan.export.view import ExportOptions, ExportView
from tripplan.present.linebreak import cell_width, wrap

SUFFIX = ".txt"
WIDTH = 78
"""Line width in cells: fits an e-mail client's 80-column window."""
GAP = 2
"""Cells between two columns."""


def pad(text: str, width: int) -> str:
    """``text`` followed by spaces up to ``width`` cells."""
    return text + " " * max(0, width - cell_width(text))


def columns(cells: list[list[str]], widths: list[int]) -> list[str]:
    """Lay out cells side by side; ``widths`` of all but the last column, in cells.

    Each cell is a list of lines already wrapped to its width. Trailing spaces are cut.
    """
    height = max(len(c) for c in cells)
    lines = []
    for i in range(height):
        parts = [pad(cell[i] if i < len(cell) else "", width) + " " * GAP
                 for cell, width in zip(cells, widths, strict=False)]
        last = cells[-1][i] if i < len(cells[-1]) else ""
        lines.append(("".join(parts) + last).rstrip())
    return lines


def fill(texts: Txt | list[str], width: int) -> list[str]:
    """Each text wrapped to ``width`` cells, one after the other."""
    return [line for text in texts for line in wrap(text, width, cell_width)]


def hanging(head: str, texts: Txt, width: int) -> list[str]:
    """``head`` then the texts wrapped beside it.

    Continuation lines are indented under the text when ``head`` is short, else by two
    cells, so that a long field name does not squeeze its value into a narrow strip.
    """
    indent = cell_width(head)
    rest = indent if width - indent >= 32 else 2
    lines: list[str] = []
    for text in texts:
        lines += wrap(text, width - rest, cell_width, first=None if lines else width - indent)
    return [(head if i == 0 else " " * rest) + line for i, line in enumerate(lines)]


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The agenda of ``view`` as UTF-8 plain text."""
    agenda = build_agenda(view, options)
    out: list[str] = []
    _cover(agenda, out)
    widths = _widths(agenda)
    for day in agenda.days:
        _day(agenda, day, widths, out)
    if agenda.notes:
        out += ["", "=" * WIDTH, agenda.label("footnotes"), "-" * WIDTH]
        _notes(agenda.notes, out)
    if agenda.contacts:
        _contacts(agenda, out)
    return ("\n".join(line.rstrip() for line in out).rstrip("\n") + "\n").encode("utf-8")


def _cover(agenda: Agenda, out: list[str]) -> None:
    c = agenda.cover
    out += fill(c.title, WIDTH)
    out += [f"{' / '.join(c.kind)} · {' / '.join(c.audience)}"]
    out += fill(c.dates, WIDTH)
    out.append("")
    facts = c.facts(agenda.brief)
    names = {k: agenda.label(k) for k, _ in facts}
    width = max(cell_width(n) for n in names.values()) + GAP
    for key, values in facts:
        head = pad(names[key], width)
        for i, value in enumerate(values):
            out += hanging(head if i == 0 else " " * width, value, WIDTH)
    out += ["", *fill(c.generated, WIDTH)]


def _widths(agenda: Agenda) -> list[int]:
    """Time (and kind) column widths: as wide as their longest line, within limits."""
    rows = [r for d in agenda.days for r in d.rows]
    time = max([cell_width(agenda.label("time"))]
               + [cell_width(s) for r in rows for s in _time_lines(r)], default=8)
    widths = [min(max(time, 8), 18)]
    if not agenda.brief:
        kind = max([cell_width(agenda.label("kind"))]
                   + [cell_width(s) for r in rows for s in r.kind], default=6)
        widths.append(min(max(kind, 6), 16))
    return widths


def _time_lines(row: Row) -> list[str]:
    lines = list(row.when)
    if row.zone:
        lines[0] = f"{lines[0]} {row.zone}"
    if row.home:
        lines.append(f"({row.home})")
    return lines


def _time_cell(row: Row, width: int) -> list[str]:
    """The time column of a row. A time the source does not give is never broken inside
    its words: "Afternoon (time TBC)" too wide for the column becomes "Afternoon" over
    "(time TBC)", never "Afternoon (time" over "TBC)".

    >>> _time_cell(Row("a", "confirmed", False, ("Afternoon (time TBC)",), None, None, (),
    ...                ("A",), None, [], None, timed=False), 18)
    ['Afternoon', '(time TBC)']
    """
    if row.timed:
        return fill(_time_lines(row), width)
    lines: list[str] = []
    for text in _time_lines(row):
        cut = max(text.rfind(" ("), text.rfind("（"))
        if cell_width(text) > width and cut > 0:
            lines += fill([text[:cut].rstrip(), text[cut:].lstrip()], width)
        else:
            lines += fill([text], width)
    return lines


def _day(agenda: Agenda, day: AgendaDay, widths: list[int], out: list[str]) -> None:
    out += ["", "=" * WIDTH, *fill(day.heading, WIDTH)]
    if day.quiet:  # days with nothing scheduled: their one line is all
        return
    if day.zone:
        out += fill(day.zone.text, WIDTH)
    if day.order_note:
        out += fill(day.order_note, WIDTH)
    out.append("-" * WIDTH)
    rest = WIDTH - sum(w + GAP for w in widths)
    head = [[agenda.label("time")]] + ([[agenda.label("kind")]] if not agenda.brief else []) \
        + [[agenda.label("item")]]
    out += columns(head, widths)
    out.append("-" * WIDTH)
    for i, entry in enumerate(day.entries):
        if i:
            out.append("")
        if entry.is_zone_note:
            out += hanging("→ ", entry.text, WIDTH)
            continue
        cells = [_time_cell(entry, widths[0])]
        if not agenda.brief:
            cells.append(fill(entry.kind, widths[1]))
        cells.append(_item(agenda, entry, rest))
        out += columns(cells, widths)
    if day.notes:
        out.append("-" * WIDTH)
        _notes(day.notes, out)


def _item(agenda: Agenda, row: Row, width: int) -> list[str]:
    title = row.title[0]
    badge = ""
    if row.status_label:
        badge = f"[{' / '.join(row.status_label)}] "
    marks = (" " + " ".join(row.marks)) if row.marks else ""
    lines = fill([badge + title + marks, *row.title[1:]], width)
    if agenda.brief and row.place:
        lines += fill(row.place, width)
    for detail in row.details:
        name = " / ".join(detail.label) + agenda.colon
        for i, value in enumerate(detail.values):
            head = name if i == 0 else " " * cell_width(name)
            lines += hanging(head, value, width)
    return lines


def _notes(notes: list[Note], out: list[str]) -> None:
    for note in notes:
        head = note.mark + " "
        texts = (*(note.title or ()), *note.text)
        out += hanging(head, texts, WIDTH)


def _contacts(agenda: Agenda, out: list[str]) -> None:
    out += ["", "=" * WIDTH, agenda.label("contacts"), "-" * WIDTH]
    names = [s for k in agenda.contacts for s in k.name]
    name_width = min(max([cell_width(agenda.label("name")), *map(cell_width, names)]), 20)
    phones = [p for k in agenda.contacts for p in (*(k.phone or ()), k.email or "")]
    phone_width = min(max([cell_width(agenda.label("phone")), *map(cell_width, phones)]), 24)
    widths = [name_width, phone_width]
    rest = WIDTH - sum(w + GAP for w in widths)
    head = f"{agenda.label('department')} · {agenda.label('title')} · {agenda.label('topic')}"
    out += columns([[agenda.label("name")], [agenda.label("phone")], fill([head], rest)],
                   widths)
    out.append("-" * WIDTH)
    for i, k in enumerate(agenda.contacts):
        if i:
            out.append("")
        phone = [p for p in (*(k.phone or ()), k.email) if p]
        about = fill([*(k.department or ()), *(k.title or ())], rest)
        if k.topic:
            about += hanging(agenda.label("topic") + agenda.colon, k.topic, rest)
        out += columns([fill(k.name, name_width), phone, about], widths)
