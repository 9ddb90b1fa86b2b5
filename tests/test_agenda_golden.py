"""Golden files of the agendas of the reference trip: every text format in every language.

The files in ``tests/golden/agenda/`` are the exact output of ``tripplan export`` for the
reference trip with a fixed "now". A difference fails the test with a diff; after a
deliberate change of layout, look at the new output and then rewrite the files with
``AGENDA_UPDATE_GOLDEN=1 pytest tests/test_agenda_golden.py``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from zoneinfo import ZoneInfo

import pytest

from conftest import REFERENCE, ROOT
from export_support import options, view_of
from tripplan.export import html, markdown, text

GOLDEN = ROOT / "tests" / "golden" / "agenda"
NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
MODULES = {"html": html, "md": markdown, "txt": text}
UPDATE = os.environ.get("AGENDA_UPDATE_GOLDEN") == "1"


def render(fmt: str, lang: str, *, brief: bool = False, audience: str = "internal") -> str:
    job = options(lang, brief=brief, now=NOW, audience=audience)
    return MODULES[fmt].render(view_of(REFERENCE), job).decode("utf-8")


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: create it with AGENDA_UPDATE_GOLDEN=1 pytest {__file__}")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            str(path), "actual", n=2))
        pytest.fail(f"{name} differs from the golden file:\n{diff[:6000]}")


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_reference_agenda_matches_golden_file(fmt, lang):
    check(f"reference-{lang}.{fmt}", render(fmt, lang))


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_reference_pocket_card_matches_golden_file(fmt):
    check(f"reference-brief-ja+en.{fmt}", render(fmt, "ja+en", brief=True))


def test_public_reference_agenda_matches_golden_file():
    # The public version leaves out the (internal) hotel: day 1 has two rows, day 2 no
    # continuation of the stay.
    actual = render("txt", "ja", audience="public")
    check("reference-public-ja.txt", actual)
    assert "宿泊（バンコク）" not in actual


def test_rendering_is_deterministic():
    assert render("html", "ja+en") == render("html", "ja+en")
    assert render("txt", "en") == render("txt", "en")
