"""Where things are in an ``.ics`` file: the line of each event and of its properties.

icalendar keeps no positions, so the text is scanned once: content lines are unfolded
(RFC 5545 3.1) and each is remembered with the physical line it starts on. Events are
numbered in file order, as icalendar's ``walk("VEVENT")`` returns them; the properties of
an event's alarms are not the event's.

>>> text = "BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:a\\r\\nSUMMARY:Long\\r\\n  title\\r\\n"
>>> text += "DTSTART:20240610T100000\\r\\nEND:VEVENT\\r\\nEND:VCALENDAR\\r\\n"
>>> where = Positions(text)
>>> where.event_line(0), where.property_line(0, "DTSTART"), where.line_of("SUMMARY:Long title")
(2, 6, 4)
"""

from __future__ import annotations

import re

_NAME = re.compile(r"^([A-Za-z0-9-]+)[;:]")


class Positions:
    """Lines of the events and properties of one calendar text."""

    def __init__(self, text: str) -> None:
        self.logical: list[tuple[int, str]] = []
        for number, physical in enumerate(text.splitlines(), start=1):
            if physical[:1] in (" ", "\t") and self.logical:
                start, joined = self.logical[-1]
                self.logical[-1] = (start, joined + physical[1:])
            else:
                self.logical.append((number, physical))
        self.events: list[tuple[int, dict[str, int]]] = []
        depth_in_event = 0
        for number, line in self.logical:
            upper = line.upper()
            if upper.startswith("BEGIN:"):
                if upper == "BEGIN:VEVENT":
                    self.events.append((number, {}))
                    depth_in_event = 1
                elif depth_in_event:
                    depth_in_event += 1
                continue
            if upper.startswith("END:"):
                depth_in_event = max(0, depth_in_event - 1) if depth_in_event else 0
                continue
            if depth_in_event == 1:
                match = _NAME.match(line)
                if match:
                    self.events[-1][1].setdefault(match.group(1).upper(), number)

    def event_line(self, index: int) -> int | None:
        """The line of the ``BEGIN:VEVENT`` of event ``index`` (0: the first in the file)."""
        return self.events[index][0] if 0 <= index < len(self.events) else None

    def property_line(self, index: int, name: str) -> int | None:
        """The line of property ``name`` of event ``index``, else the event's own line."""
        if not 0 <= index < len(self.events):
            return None
        start, props = self.events[index]
        return props.get(name.upper(), start)

    def line_of(self, content: str) -> int | None:
        """The line where the (unfolded) content line ``content`` starts."""
        for number, line in self.logical:
            if line == content or line.strip() == content.strip():
                return number
        return None
