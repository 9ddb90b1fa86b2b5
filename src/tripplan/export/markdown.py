"""The Markdown agenda: for pasting into mail or a wiki; tables render on GitHub.

Each day is a GitHub table (time, kind, item); an item's details follow its title in the
same cell, one per line (``<br>``). Every text from the trip file goes through
:func:`escape`, so ``|``, ``*``, ``_``, ``<``, backticks and the like show as themselves
and never break a table or start a tag.

>>> escape("A | B <script>alert(1)</script> *x*")
'A \\\\| B \\\\<script\\\\>alert(1)\\\\</script\\\\> \\\\*x\\\\*'
"""

from __future__ import annotations

import re

from tripplan.export.agenda import Agenda, AgendaDay, Note, Row, Txt, build_agenda
from tripplan.export.view import ExportOptions, ExportView

SUFFIX = ".md"

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&!$])")


def escape(text: str) -> str:
    """``text`` as literal Markdown (GitHub Flavored): markup characters backslash-escaped.

    Line breaks become ``<br>``, the only line break a table cell can hold. (No text of
    the trip starts a Markdown line, so list and heading markers need no escaping.)
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br>".join(_SPECIAL.sub(r"\\\1", line) for line in lines)


def _txt(t: Txt | None, sep: str = "<br>") -> str:
    return sep.join(escape(s) for s in t or ())


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The agenda of ``view`` as UTF-8 Markdown."""
    agenda = build_agenda(view, options)
    out: list[str] = []
    _cover(agenda, out)
    for day in agenda.days:
        _day(agenda, day, out)
    if agenda.notes:
        out += [f"## {escape(agenda.label('footnotes'))}", ""]
        _notes(agenda.notes, agenda, out)
    if agenda.contacts:
        _contacts(agenda, out)
    while out and out[-1] == "":
        out.pop()
    return ("\n".join(out) + "\n").encode("utf-8")


def _cover(agenda: Agenda, out: list[str]) -> None:
    c = agenda.cover
    out += [f"# {escape(c.title[0])}", ""]
    if len(c.title) > 1:
        out += [f"*{_txt(c.title[1:])}*", ""]
    out += [f"{_txt(c.kind, ' / ')} · {_txt(c.audience, ' / ')}", ""]
    out += [f"**{_txt(c.dates, ' / ')}**", ""]
    colon = agenda.colon
    facts = c.facts(agenda.brief)
    for key, values in facts:
        text = "<br>".join(_txt(v) for v in values)
        out.append(f"- **{escape(agenda.label(key))}**{escape(colon)}{text}")
    out += ["", f"*{_txt(c.generated, ' / ')}*", ""]


def _day(agenda: Agenda, day: AgendaDay, out: list[str]) -> None:
    if day.quiet:  # days with nothing scheduled: one line, in each language
        out += [f"*{_txt(day.heading, ' / ')}*", ""]
        return
    out += [f"## {escape(day.heading[0])}", ""]
    if len(day.heading) > 1:
        out += [f"*{_txt(day.heading[1:])}*", ""]
    if day.zone:
        out += [_txt(day.zone.text), ""]
    if day.order_note:
        out += [f"*{_txt(day.order_note, ' / ')}*", ""]
    if day.entries:
        brief = agenda.brief
        head = [agenda.label("time")] + ([] if brief else [agenda.label("kind")]) \
            + [agenda.label("item")]
        out.append("| " + " | ".join(escape(h) for h in head) + " |")
        out.append("|" + "|".join("---" for _ in head) + "|")
        for entry in day.entries:
            if entry.is_zone_note:
                cells = [""] * (len(head) - 1) + [f"*→ {_txt(entry.text)}*"]
            else:
                cells = [_when(entry)] + ([] if brief else [_txt(entry.kind)]) \
                    + [_item(agenda, entry)]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if day.notes:
        _notes(day.notes, agenda, out)


def _when(row: Row) -> str:
    text = _txt(row.when)
    if row.cancelled:
        text = f"~~{text}~~"
    if row.zone:
        text += f" {escape(row.zone)}"
    if row.home:
        text += f"<br><sub>({escape(row.home)})</sub>"
    return text


def _item(agenda: Agenda, row: Row) -> str:
    title = escape(row.title[0])
    if row.cancelled:
        title = f"~~{title}~~"
    text = f"**{title}**" if not row.continuation else title
    if row.marks:
        text += " " + escape(" ".join(row.marks))
    if row.status_label:
        text += f" \\[{_txt(row.status_label, ' / ')}\\]"
    lines = [text] + [escape(s) for s in row.title[1:]]
    if agenda.brief and row.place:
        lines.append(_txt(row.place, " / "))
    colon = escape(agenda.colon)
    for detail in row.details:
        name = escape(" / ".join(detail.label))
        for i, value in enumerate(detail.values):
            prefix = f"{name}{colon}" if i == 0 else ""
            lines.append(prefix + _txt(value))
    return "<br>".join(lines)


def _notes(notes: list[Note], agenda: Agenda, out: list[str]) -> None:
    for note in notes:
        title = f"**{_txt(note.title, ' / ')}**{escape(agenda.colon)}" if note.title else ""
        out.append(f"- {escape(note.mark)} {title}{_txt(note.text)}")
    out.append("")


def _contacts(agenda: Agenda, out: list[str]) -> None:
    out += [f"## {escape(agenda.label('contacts'))}", ""]
    head = [agenda.label(k) for k in ("name", "department", "title", "phone", "topic")]
    out.append("| " + " | ".join(escape(h) for h in head) + " |")
    out.append("|" + "|".join("---" for _ in head) + "|")
    for k in agenda.contacts:
        phone = _txt(k.phone)
        if k.email:
            phone += ("<br>" if phone else "") + escape(k.email)
        cells = [_txt(k.name), _txt(k.department), _txt(k.title), phone, _txt(k.topic)]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
