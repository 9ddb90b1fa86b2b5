"""The terminal renderers, and printing rich renderables the same way on a terminal or piped.

* :mod:`tripplan.terminal.show` — ``show``: the trip day by day;
* :mod:`tripplan.terminal.listing` — ``list``: one row per trip;
* :mod:`tripplan.terminal.timeline` — ``tz``: the timeline across zones (computed by
  :mod:`tripplan.timeline`).

Words and formatted values come from :mod:`tripplan.present`; rich is imported only when a
view is drawn, never by ``--json`` output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


def print_view(console: Console, renderable: RenderableType, *, plain: bool) -> None:
    """Print ``renderable``; when piped, without the padding spaces at line ends.

    Whatever text it holds reaches the terminal escaped (:func:`escaped`)."""
    renderable = escaped(renderable)
    if not plain:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")


def fit(text: Text, width: int | None) -> Text:
    """``text`` on lines of at most ``width`` columns, broken at words and Japanese phrases
    with kinsoku (:mod:`tripplan.present.linebreak`, as in the agendas), its styles kept;
    unchanged without a width.

    >>> from rich.text import Text
    >>> fit(Text("バンコク都知事との両都市間連携等にかかるトップ会談"), 30).plain.split()
    ['バンコク都知事との', '両都市間連携等にかかる', 'トップ会談']
    """
    if width is None:
        return text
    from rich.cells import cell_len
    from rich.text import Text

    from tripplan.present.linebreak import spans

    cuts = list(spans(text.plain, max(width, 1), cell_len))
    # one divide for all the lines: slicing a rich Text copies the whole of it each time,
    # quadratic on a title of tens of thousands of characters
    offsets = sorted({offset for cut in cuts for offset in cut} | {0})
    pieces = dict(zip(offsets, text.divide(offsets[1:]), strict=True))
    lines = [pieces[start] if start < end else Text() for start, end in cuts]
    return Text("\n", end=text.end, no_wrap=text.no_wrap).join(lines)


def styled_lines(rows) -> RenderableType:
    """Lines of ``(text, style)`` segments as one rich renderable, each line kept whole
    (no wrapping: the rows are already fitted) and without trailing spaces.

    >>> styled_lines([[("a ", "bold"), ("b  ", None)]]).renderables[0].plain
    'a b'
    """
    from rich.console import Group
    from rich.text import Text

    out = []
    for row in rows:
        line = Text(no_wrap=True, overflow="ignore")
        for segment, style in row:
            line.append(segment, style=style or None)
        line.rstrip()
        out.append(line)
    return Group(*out)


def escaped(renderable: RenderableType) -> RenderableType:
    """``renderable`` whose texts are printed through :func:`tripplan.emit.terminal_safe`:
    no control character of a trip file (ESC sequences that clear the screen or retitle
    the window, BEL, a bare CR) reaches the terminal; rich's own styles still do."""
    return _Escaped(renderable)


class _Escaped:
    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console, options):
        from rich.segment import Segment

        from tripplan.emit import terminal_safe

        for segment in console.render(self.inner, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(terminal_safe(segment.text), segment.style)
