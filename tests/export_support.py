"""Helpers shared by the agenda and calendar tests (no tests here): an export's view and
options made from a trip file and plain values, as the export use case makes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tripplan.export.view import ExportOptions, ExportView
from tripplan.load import load_trip
from tripplan.model import Visibility
from tripplan.present.vocabulary import Languages


def view_of(path: Path) -> ExportView:
    return ExportView.of(load_trip(path).trip)


def options(lang: str = "en", *, now: dt.datetime | None = None, audience: str = "internal",
            alarms=(), **kw) -> ExportOptions:
    return ExportOptions(Languages.parse(lang), Visibility(audience), now=now,
                         alarms=tuple(alarms), **kw)
