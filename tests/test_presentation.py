"""One presentation layer: every output format writes a counterpart, a date, a kind and a phone
number the same.

The reference trip and the example trips are rendered in every format — ``show`` (text and
``--json``), ``tz``, the calendar, and the HTML, Markdown, plain-text and PDF agendas (the
PDF through the agenda model it draws, whose every string it embeds) — in Japanese and in
English. Each counterpart (as :func:`tripplan.present.formats.counterpart` writes it), each
item's day with its weekday (:func:`~tripplan.present.formats.weekday_date`) and each kind
(:func:`~tripplan.present.vocabulary.kind_label`) must read identically in all of them, and
so must each contact's phone number (:func:`~tripplan.present.formats.phone`).
Line breaks and the indentation of wrapped lines are not part of the comparison.
"""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re
from pathlib import Path

import icalendar
import pytest

from conftest import REFERENCE, ROOT, run
from export_support import options, view_of
from tripplan.export import html, markdown, text
from tripplan.export.agenda import build_agenda
from tripplan.export.ics import render as render_calendar
from tripplan.export.pdf import texts_of
from tripplan.load import load_trip
from tripplan.present.formats import counterpart, join_entries, organization, phone, weekday_date
from tripplan.present.vocabulary import kind_label

TRIPS = [REFERENCE, *sorted((ROOT / "itineraries" / "examples").glob("*.toml"))]
NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=dt.UTC)
LANGS = ["ja", "en"]


def flat(text: str) -> str:
    """``text`` without any white space: wrapped lines compare equal to unwrapped ones."""
    return re.sub(r"\s+", "", text)


def calendar_text(data: bytes) -> str:
    """Every SUMMARY, DESCRIPTION and CATEGORIES value of a calendar, unescaped."""
    out = []
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        out += [str(event.get("SUMMARY", "")), str(event.get("DESCRIPTION", ""))]
        categories = event.get("CATEGORIES")
        if categories is not None:
            out += [str(c) for c in categories.cats]
    return "\n".join(out)


def outputs(path: Path, lang: str) -> dict[str, str]:
    """Every format's text of trip ``path`` in ``lang``, flattened."""
    view, chosen = view_of(path), options(lang, now=NOW)
    shown = run("show", str(path), "--lang", lang)
    timeline = run("tz", str(path), "--lang", lang)
    assert shown.exit_code == 0 and timeline.exit_code in (0, 1), (shown.stderr, timeline.stderr)
    texts = {
        "show": shown.stdout,
        "tz": timeline.stdout,
        "ics": calendar_text(render_calendar(view, chosen)),
        "html": html_module.unescape(re.sub(r"<[^>]+>", "", html.render(view, chosen).decode())),
        "md": re.sub(r"\\(.)", r"\1", markdown.render(view, chosen).decode()),
        "txt": text.render(view, chosen).decode(),
        "pdf": "\n".join(texts_of(build_agenda(view, chosen))),
    }
    return {name: flat(value) for name, value in texts.items()}


@pytest.fixture(scope="module", params=[(p, lang) for p in TRIPS for lang in LANGS],
                ids=lambda p: f"{p[0].stem}-{p[1]}")
def rendered(request):
    path, lang = request.param
    return load_trip(path).trip, lang, outputs(path, lang)


def test_counterparts_read_the_same_in_every_format(rendered) -> None:
    trip, lang, texts = rendered
    written = {counterpart(c, lang) for item in trip.items for c in item.counterparts}
    for name in ("show", "ics", "html", "md", "txt", "pdf"):  # tz shows no counterparts
        for wording in written:
            assert flat(wording) in texts[name], (name, wording)


def test_dates_with_weekday_read_the_same_in_every_format(rendered) -> None:
    trip, lang, texts = rendered
    days = {item.first_day for item in trip.items if item.first_day is not None}
    assert days
    for name, value in texts.items():
        for day in days:
            assert flat(weekday_date(day, lang)) in value, (name, day)


def test_kinds_read_the_same_in_every_format(rendered) -> None:
    trip, lang, texts = rendered
    kinds = {item.kind.value for item in trip.items if item.first_day is not None}
    for name, value in texts.items():
        for kind in kinds:
            assert flat(kind_label(kind, lang)) in value, (name, kind)


def test_phone_numbers_read_the_same_in_every_format(rendered) -> None:
    """English outputs dial from abroad (+81 45-671-4396); Japanese ones keep a home number
    as the office wrote it. The calendar carries both languages, so only the others are
    checked for the absence of the other way."""
    trip, lang, texts = rendered
    named = {item.contact for item in trip.items if item.contact}
    numbers = {phone(trip.contacts[key], trip, lang) for key in named}
    assert numbers
    if trip.id == "2024-06-yokohama-bangkok":
        assert ("+81 45-671-4396" if lang == "en" else "045-671-4396") in numbers
    for name in ("show", "ics", "html", "md", "txt", "pdf"):  # tz shows no contacts
        for number in numbers:
            assert flat(number) in texts[name], (name, number)
    if trip.id == "2024-06-yokohama-bangkok":
        other = flat("045-671-4396" if lang == "en" else "+81 45-671-4396")
        assert all(other not in texts[name] for name in ("show", "html", "md", "txt", "pdf"))


@pytest.mark.parametrize("path", TRIPS, ids=lambda p: p.stem)
def test_show_json_has_the_items_the_text_views_show(path: Path) -> None:
    """``show --json`` carries the file's own values (no wording): every item, by id."""
    result = run("show", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [i["id"] for i in data["items"]] == [i.id for i in load_trip(path).trip.items]


def test_co_hosts_read_as_one_list_in_every_format(rendered) -> None:
    """Co-hosts are one list, joined by the vocabulary's separator: 、 in Japanese (／ only
    when an organisation carries its role after a 、), ", " or "; " in English."""
    trip, lang, texts = rendered
    lists = {join_entries([organization(o, lang) for o in item.co_hosts], lang)
             for item in trip.items if item.co_hosts}
    assert lists or trip.id != "2024-06-yokohama-bangkok"
    for name in ("show", "ics", "html", "md", "txt", "pdf"):
        for wording in lists:
            assert flat(wording) in texts[name], (name, wording)


CJK = "\u3040-\u30ff\u4e00-\u9fff"
JAPANESE_COMMA = re.compile(f"[{CJK}）」』],[{CJK}（「『]")


def test_japanese_lists_are_never_joined_with_an_ascii_comma(rendered) -> None:
    trip, lang, texts = rendered
    if lang != "ja":
        return
    assert flat("横浜市、バンコク都、日本国環境省") in "".join(texts.values()) or (
        trip.id != "2024-06-yokohama-bangkok")
    for name, value in texts.items():
        assert not JAPANESE_COMMA.search(value), (name, JAPANESE_COMMA.search(value))
