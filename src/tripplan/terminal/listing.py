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


def list_table(rows: list[TripSummary], *, plain: bool) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None if plain else box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    # ids, dates and status are what people copy and scan: never wrapped; titles wrap
    for name in COLUMNS:
        table.add_column(name, justify="right" if name == "ITEMS" else "left",
                         no_wrap=name not in ("TITLE", "FILE"), overflow="fold",
                         ratio=1 if name in ("TITLE", "FILE") else None)
    for r in rows:  # Text, not markup: a title "[link=…]" is shown as written
        table.add_row(*(Text(cell) for cell in _cells(r)))
    return table
