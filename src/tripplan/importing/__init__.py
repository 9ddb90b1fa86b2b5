"""Bringing trips in: calendar files and schema.org reservations become items.

* :mod:`.ical` reads ``.ics`` files (Outlook, Google, Apple, airlines, tripplan's own);
* :mod:`.schemaorg` reads schema.org JSON-LD files and HTML pages that embed it;
* both give :class:`~.records.Imported` records, which :mod:`.build` turns into an
  :class:`~.build.ImportPlan` for one trip, and :mod:`.apply` writes into its document.

The use case is :func:`tripplan.app.importing.import_files`; the user documentation is
``docs/import.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tripplan.importing.records import BadInput, Imported

__all__ = ["BadInput", "Imported", "Source", "read_source"]

ICS_SUFFIXES = (".ics", ".ical", ".ifb", ".icalendar")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".eml")


@dataclass
class Source:
    """What one file gave: its records and the calendar's name (if it has one)."""

    records: list[Imported] = field(default_factory=list)
    name: str | None = None


def read_source(data: bytes, shown: str, *, zone: str | None = None,
                window: tuple[dt.date, dt.date] | None = None) -> Source:
    """The records of one file, read by what it is (its suffix, else its first bytes)."""
    lowered = shown.lower()
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if lowered.endswith(ICS_SUFFIXES) or head.startswith(b"BEGIN:VCALENDAR"):
        from tripplan.importing.ical import Reader

        reader = Reader(data, shown, zone=zone, window=window)
        records = reader.events()
        return Source(records, reader.name)
    from tripplan.importing import schemaorg

    if lowered.endswith(HTML_SUFFIXES) or head.startswith((b"<!DOCTYPE", b"<HTML", b"<")):
        return Source(schemaorg.read_html(data, shown, zone=zone))
    return Source(schemaorg.read_json(data, shown, zone=zone))
