"""The HTML agenda: one self-contained file (CSS inline, no network), printable on A4.

Rendered from :func:`tripplan.export.agenda.build_agenda` with the jinja2 template
``templates/agenda.html.j2`` and its style sheet ``templates/agenda.css``. Autoescape is
on, so every text of the trip file is shown as text: a title ``<script>`` stays visible
and harmless. Printing (a browser's "Print", or headless Chromium ``--print-to-pdf``)
gives the cover, then each day from the top of a new page, rows never split across
pages, and the contact sheet on its own page; ``--brief`` prints an A5 pocket card.

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

from tripplan.export.agenda import build_agenda
from tripplan.export.view import ExportOptions, ExportView

SUFFIX = ".html"


@functools.lru_cache(maxsize=1)
def environment():
    """The jinja2 environment of the agenda templates (autoescape on, strict undefined)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("tripplan", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The agenda of ``view`` as a UTF-8 HTML document."""
    from tripplan.export.jsonld import script

    agenda = build_agenda(view, options)
    page = environment().get_template("agenda.html.j2").render(
        agenda=agenda, jsonld=script(view, options))
    return page.encode("utf-8")
