"""Printing rich renderables the same way for every view, on a terminal or piped."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def print_view(console: Console, renderable: RenderableType, *, plain: bool) -> None:
    """Print ``renderable``; when piped, without the padding spaces at line ends."""
    if not plain:
        console.print(renderable)
        return
    with console.capture() as captured:
        console.print(renderable)
    text = "\n".join(line.rstrip() for line in captured.get().splitlines())
    console.file.write(text + "\n")
