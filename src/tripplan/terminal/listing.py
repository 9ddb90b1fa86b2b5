"""``list`` on a terminal or a pipe: the trips as a table.

>>> import datetime as dt
>>> from tripplan.app.listing import TripSummary
>>> row = TripSummary("bkk", "バンコク訪問", dt.date(2024, 6, 20), dt.date(2024, 6, 22),
...                   "draft", 11, "bkk.toml")
>>> print(plain_table([row]))
ID   TITLE         DATES               STATUS  ITEMS  FILE
bkk  バンコク訪問  2024-06-20 – 06-22  draft      11  bkk.toml
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table

    from tripplan.app.listing import TripSummary

COLUMNS = ("ID", "TITLE", "DATES", "STATUS", "ITEMS", "FILE")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _cells(row: TripSummary) -> tuple[str, ...]:
    end = row.end.isoformat()[5:] if row.end.year == row.start.year else row.end.isoformat()
    return (row.id, row.title, f"{row.start} – {end}", row.status, str(row.items), row.file)


def plain_table(rows: list[TripSummary]) -> str:
    """The table as plain text for pipes: one line per trip, columns two spaces apart.

    The same text as :func:`list_table` printed without a terminal (a test compares them),
    without loading rich's console: scripts call ``list`` often. Wide (CJK) characters
    count as two columns.

    See the module's example.
    """
    from rich.cells import cell_len

    from tripplan.emit import terminal_safe

    table = [COLUMNS] + [tuple(terminal_safe(_CONTROL.sub(" ", c)) for c in _cells(r))
                         for r in rows]
    widths = [max(cell_len(line[i]) for line in table) for i in range(len(COLUMNS))]
    out = []
    for line in table:
        cells = []
        for name, cell, width in zip(COLUMNS, line, widths, strict=True):
            pad = " " * (width - cell_len(cell))
            cells.append(pad + cell if name == "ITEMS" else cell + pad)
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)


def wrap_path(path: str, width: int) -> str:
    """``path`` on lines of at most ``width`` columns, broken only after a ``/``.

    >>> print(wrap_path("itineraries/examples/2025-03-example.toml", 24))
    itineraries/examples/
    2025-03-example.toml
    """
    lines, line = [], ""
    for part in path.split("/"):
        piece = part if not line else "/" + part
        if line and len(line) + len(piece) > width:
            lines.append(line + "/")
            line = part
        else:
            line += piece
    return "\n".join([*lines, line])


TITLE_MIN = 16
"""Fewer columns than this for titles, and the title column goes too."""


GAP = 3
"""Columns between two columns of the terminal table (padding, rule, padding)."""
EDGES = 2


def _layout(rows: list[TripSummary], width: int) -> tuple[list[str], int, int]:
    """Which columns fit ``width`` (ids, dates, status and counts always; then the title and
    the file), and the widths left for the title and the file."""
    from rich.cells import cell_len

    cells = [_cells(r) for r in rows]
    need = {name: max(len(name), *(cell_len(c[i]) for c in cells))
            for i, name in enumerate(COLUMNS)}
    fixed = sum(need[n] for n in ("ID", "DATES", "STATUS", "ITEMS")) + GAP * 3 + EDGES
    room = width - fixed - GAP  # for the title (and the file, a gap further)
    longest_part = max(len(part) for c in cells for part in c[5].split("/"))
    if room >= need["TITLE"] + GAP + need["FILE"]:
        return list(COLUMNS), need["TITLE"], need["FILE"]
    if room >= TITLE_MIN + GAP + longest_part:
        file_width = max(longest_part, min(need["FILE"], room - GAP - max(TITLE_MIN,
                                                                            room // 2)))
        return list(COLUMNS), room - GAP - file_width, file_width
    if room >= TITLE_MIN:
        return ["ID", "TITLE", "DATES", "STATUS", "ITEMS"], room, 0
    return ["ID", "DATES", "STATUS", "ITEMS"], 0, 0


def _column(rows: list[TripSummary], name: str) -> list[str]:
    index = COLUMNS.index(name)
    return [_cells(r)[index] for r in rows]


def list_table(rows: list[TripSummary], *, plain: bool, width: int | None = None) -> Table:
    """The trips as a rich table that fits ``width`` columns: ids, dates, status and counts
    are never cut; titles wrap at words and Japanese phrases, paths after a ``/``, and when
    there is no room the file column goes first, then the title."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown, title_width, file_width = (_layout(rows, width) if width and rows
                                      else (list(COLUMNS), 0, 0))
    table = Table(box=None if plain else box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for name in shown:
        table.add_column(name, justify="right" if name == "ITEMS" else "left",
                         no_wrap=name not in ("TITLE", "FILE"), overflow="fold",
                         width=title_width if name == "TITLE" and title_width else
                         file_width if name == "FILE" and file_width else None,
                         min_width=None if name in ("TITLE", "FILE") or not width else
                         max(len(name), *(len(c) for c in _column(rows, name))),
                         ratio=1 if name in ("TITLE", "FILE") and not width else None)
    from tripplan.terminal import fit

    for r in rows:  # Text, not markup: a title "[link=…]" is shown as written
        cells = {name: Text(cell) for name, cell in zip(COLUMNS, _cells(r), strict=True)}
        if file_width:
            cells["FILE"] = Text(wrap_path(cells["FILE"].plain, file_width))
        if title_width:  # at words and Japanese phrases, as everywhere
            cells["TITLE"] = fit(cells["TITLE"], title_width)
        table.add_row(*(cells[name] for name in shown))
    return table
