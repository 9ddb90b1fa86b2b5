"""The HTML agenda: one self-contained file (CSS inline, no network), printable on A4.

Rendered from :func:`tripplan.export.agenda.build_agenda` with the jinja2 template
``templates/agenda.html.j2`` and its style sheet ``templates/agenda.css``. Autoescape is
on, so every text of the trip file is shown as text: a title ``<script>`` stays visible
and harmless; the two texts written into the style sheet (the page footer's title and
page number, CSS ``@page`` margin boxes) go through :func:`css_string`. Printing (a
browser's "Print", or headless Chromium ``--print-to-pdf``) gives the cover with the
first day under it, the days flowing on (a day's heading never alone at the foot of a
page), rows never split across pages, the trip's title and "Page 3 / 7" in every page's
footer; ``--brief`` prints an A5 pocket card. A time the source does not give is set
apart from clock times and never wrapped (``span.untimed``).

>>> import datetime as dt, tomllib
>>> from tripplan.model import Trip
>>> from tripplan.present.vocabulary import Languages
>>> with open("itineraries/2024-06-yokohama-bangkok.toml", "rb") as file:
...     trip = Trip.model_validate(tomllib.load(file))
>>> options = ExportOptions(Languages.JA, now=dt.datetime(2024, 6, 25, 9, 0))
>>> page = render(ExportView.of(trip), options).decode()
>>> page.startswith("<!DOCTYPE html>"), "夜（時刻の記載なし）" in page, "<link" in page
(True, True, False)
"""

from __future__ import annotations

import functools
import re

from tripplan.export.agenda import build_agenda
from tripplan.export.view import ExportOptions, ExportView

SUFFIX = ".html"


@functools.lru_cache(maxsize=1)
def environment():
    """The jinja2 environment of the agenda templates (autoescape on, strict undefined)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("tripplan", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["css_page_counter"] = css_page_counter
    return env


def css_string(text: str):
    """``text`` as a quoted CSS string that cannot end the string or the ``<style>``
    element it is written in (``"``, ``\\``, ``<``, ``>``, ``&`` and control characters as
    CSS escapes); marked safe for the template.

    >>> print(css_string('Visit "A" </style><script>'))
    "Visit \\22 A\\22  \\3c /style\\3e \\3c script\\3e "
    """
    from markupsafe import Markup

    def escape(match: re.Match[str]) -> str:
        return f"\\{ord(match.group()):x} "

    return Markup('"' + re.sub(r'["\\<>&\x00-\x1f\x7f]', escape, text) + '"')


def css_page_counter(words: str):
    """A page number's wording with ``{n}`` and ``{total}`` as a CSS ``content`` value.

    >>> print(css_page_counter("Page {n} / {total}"))
    "Page " counter(page) " / " counter(pages)
    >>> print(css_page_counter("{n}／{total}ページ"))
    counter(page) "／" counter(pages) "ページ"
    """
    from markupsafe import Markup

    parts = []
    for part in re.split(r"(\{n\}|\{total\})", words):
        if part in ("{n}", "{total}"):
            parts.append("counter(page)" if part == "{n}" else "counter(pages)")
        elif part:
            parts.append(css_string(part))
    return Markup(" ".join(parts))


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The agenda of ``view`` as a UTF-8 HTML document."""
    from tripplan.export.jsonld import script

    agenda = build_agenda(view, options)
    page = environment().get_template("agenda.html.j2").render(
        agenda=agenda, jsonld=script(view, options))
    return page.encode("utf-8")
