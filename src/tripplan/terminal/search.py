"""``search`` on a terminal or a pipe: each text that holds the query, where it is.

Piped, one line per hit, for grep and awk (``-`` when the text is the trip's own)::

    FILE:LINE:COL: TRIP ITEM KEY: TEXT

On a terminal, the hits under a heading per trip, the query highlighted in each text.
Long texts (notes) are shown around their first match (:func:`tripplan.textmatch.excerpt`).

>>> from tripplan.app.search import Hit
>>> hit = Hit("bkk", "escap-meeting", "title", "items[7].title.ja", "ja",
...           "ESCAP 事務局長との会談", ((0, 5),), "bkk.toml", 250, 12)
>>> print(plain_lines([hit]))
bkk.toml:250:12: bkk escap-meeting title.ja: ESCAP 事務局長との会談
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text as RichText

    from tripplan.app.search import Hit, SearchResult

PLAIN_WIDTH = 110
"""Columns of the text of a piped hit (the location and key come before it)."""

MATCH_STYLE = "bold reverse"


def shown_key(hit: Hit) -> str:
    """The key as a reader looks for it: within the item for the item's own texts
    (``counterparts[0].title.en``), else the whole path (``places.bangkok.name.en``)."""
    if hit.item is not None and hit.key.startswith("items["):
        return hit.key.split("]", 1)[1].lstrip(".")
    return hit.key


def plain_lines(hits: Sequence[Hit]) -> str:
    """One line per hit (see the module's example)."""
    from tripplan.emit import terminal_safe
    from tripplan.textmatch import excerpt

    lines = []
    for hit in hits:
        text, _ = excerpt(hit.text, list(hit.spans), most=PLAIN_WIDTH)
        lines.append(terminal_safe(f"{hit.location}: {hit.trip} {hit.item or '-'} "
                                   f"{shown_key(hit)}: {text}"))
    return "\n".join(lines)


def marked(text: str, spans: Sequence[tuple[int, int]]) -> RichText:
    """``text`` with each span in the match style.

    >>> marked("Governor of Bangkok", [(12, 19)]).spans
    [Span(12, 19, 'bold reverse')]
    """
    from rich.text import Text as RichText

    shown = RichText(text)
    for begin, end in spans:
        shown.stylize(MATCH_STYLE, begin, end)
    return shown


def search_view(result: SearchResult, lang: str, *, width: int) -> RenderableType:
    """The hits grouped by trip: a heading (id and title), then two lines per hit (item, key
    and location; the text, the query highlighted)."""
    from rich.console import Group
    from rich.text import Text as RichText

    from tripplan.present.formats import text_in
    from tripplan.textmatch import excerpt

    parts: list[RenderableType] = []
    for found in result.found:
        if parts:
            parts.append(RichText(""))
        heading = RichText()
        heading.append(found.trip, style="bold")
        heading.append(f"  {text_in(found.title, lang)}")
        parts.append(heading)
        for hit in found.hits:
            where = RichText("  ")
            if hit.item is not None:
                where.append(hit.item, style="bold")
                where.append(" ")
            where.append(shown_key(hit))
            where.append(f"  {hit.location}", style="dim")
            parts.append(where)
            text, spans = excerpt(hit.text, list(hit.spans), most=max(40, width - 4))
            parts.append(RichText("    ").append_text(marked(text, spans)))
    hits, trips = len(result.hits), len(result.found)
    parts.append(RichText(f"{hits} match{'es' if hits != 1 else ''} in {trips} "
                          f"trip{'s' if trips != 1 else ''} ({result.trips} searched)",
                          style="dim"))
    return Group(*parts)
