"""Issue 16: the reference trip against its source, and where each text and fact comes from.

``tests/data/release/`` holds what the press release gives (schedule table, contacts, notes
※1–※4, the body of each section), copied from its text. The reference trip must carry each
with the same wording, mark every English text as a translation (or as the release's own
English), and say so — and mark what it only infers — in ``show`` and the agendas.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
import unicodedata
from zoneinfo import ZoneInfo

import pytest

from conftest import REFERENCE, ROOT, run
from export_support import options, view_of
from tripplan.export import html, markdown, text
from tripplan.load import load_trip
from tripplan.provenance import inferred_facts, key_path, origin, texts

RELEASE = tomllib.loads((ROOT / "tests" / "data" / "release" / "yokohama-bangkok-2024-06.toml")
                        .read_text(encoding="utf-8"))
TRIP = load_trip(REFERENCE).trip
NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def same(text: str) -> str:
    """Wording compared as printed: full-width forms and spacing of the layout aside."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- the release, fact by fact ------------------------------------------------------------


@pytest.mark.parametrize("day", RELEASE["schedule"], ids=lambda d: str(d["date"]))
def test_every_line_of_the_schedule_table_is_an_item_of_that_day(day):
    on_day = [it for it in TRIP.items if it.first_day <= day["date"] <= it.last_day]
    titles = [it.title.get("ja", fallback=False) or "" for it in on_day]
    for line in day["lines"]:
        assert any(line in title for title in titles), (day["date"], line)


def test_every_item_but_the_inferred_hotel_is_a_line_of_the_schedule_table():
    lines = [line for day in RELEASE["schedule"] for line in day["lines"]]
    for item in TRIP.items:
        if item.inferred is None:
            title = item.title.get("ja")
            assert any(line in title for line in lines), item.id
    assert [it.id for it in TRIP.items if it.inferred is not None] == ["hotel-bangkok"]
    assert str(TRIP.item("hotel-bangkok").inferred) == "１泊３日"


@pytest.mark.parametrize("given", RELEASE["contacts"], ids=lambda c: c["name"])
def test_every_contact_of_the_release_with_the_same_wording(given):
    found = [c for c in TRIP.contacts.values() if c.name.get("ja") == given["name"]]
    assert len(found) == 1, given["name"]
    contact = found[0]
    assert isinstance(contact.name.root, str)  # given in Japanese only: no invented reading
    assert same(contact.phone) == same(given["phone"])
    for key in ("topic", "department", "title"):
        assert same(getattr(contact, key).get("ja")) == same(given[key]), key


@pytest.mark.parametrize("note", RELEASE["notes"], ids=lambda n: "※" + n["id"])
def test_every_note_of_the_release_with_the_same_wording(note):
    footnote = TRIP.footnotes[note["id"]]
    assert footnote.text.get("ja") == note["text"]
    assert footnote.title.get("ja") == note["title"]
    if "english" in note:  # the release's own English name, kept as printed
        assert same(footnote.title.get("en")) == same(note["english"])
        assert origin(TRIP, ("footnotes", note["id"], "title"), "en") == "source"


@pytest.mark.parametrize("section", RELEASE["sections"], ids=lambda s: str(s["number"]))
def test_every_section_is_its_items_notes_word_for_word(section):
    item = TRIP.item(section["item"])
    assert item.notes.get("ja") == section["text"]
    assert item.notes.has("en")  # with an editorial translation


def test_subtitle_and_duration_as_printed():
    assert TRIP.subtitle.get("ja") == RELEASE["subtitle"]
    assert TRIP.duration.get("ja") == RELEASE["duration"]


def test_no_fact_the_release_does_not_give():
    """The facts issue 16 found invented are gone (or, for links, marked inferred)."""
    dump = json.dumps(TRIP.model_dump(mode="json"), ensure_ascii=False)
    for invented in ("在タイ日本国大使館", "Embassy of Japan", "独立行政法人", "MOEJ", "SENA",
                     "Chief Representative", "Executive Secretary", "Secretary-General",
                     "(BMA)", '"BMA"', "courtesy-call"):
        assert invented not in dump, invented
    assert TRIP.item("bkk-expo-speech").hosts == []  # the release: invited by the Governor
    assert all(it.start is None and it.end is None for it in TRIP.items)


def test_every_item_contact_is_marked_inferred_with_the_contacts_topic():
    for item in TRIP.items:
        if item.contact is None:
            continue
        basis = str(item.inferred_links["contact"])
        assert basis == TRIP.contacts[item.contact].topic.get("ja"), item.id
    assert TRIP.item("eec-meeting").contact == "nakamura"  # the whole itinerary


# --- every English text is a translation --------------------------------------------------


def test_every_english_text_is_marked_as_a_translation():
    english = [(path, t) for path, t in texts(TRIP) if "en" in t.languages]
    assert len(english) > 50
    release_english = {same(n["english"]) for n in RELEASE["notes"] if "english" in n}
    for path, value in english:
        where = origin(TRIP, path, "en")
        if where == "source":  # only what the release itself prints in English
            assert same(value.get("en")) in release_english, key_path(path)
        else:
            assert where == "editorial", key_path(path)
    for path, value in texts(TRIP):
        if "ja" in value.languages:
            assert origin(TRIP, path, "ja") == "source", key_path(path)


# --- shown where it matters ---------------------------------------------------------------


def test_show_in_english_says_the_english_is_editorial_and_marks_the_hotel(in_repo):
    result = run("show", "2024-06-yokohama-bangkok", "--lang", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == "English: editorial translation"
    assert "2024-06-yokohama-bangkok · 2024-06-20 – 2024-06-22 (3 days, 1 night) · " \
           "completed · rev. 1" in lines
    hotel = lines.index("time not given     Lodging    Overnight stay in Bangkok  [inferred]")
    assert lines[hotel + 1:hotel + 4] == [
        "                              宿泊（バンコク）",
        "                              Inferred: from １泊３日",
        "                              Place: Bangkok (inferred)",
    ]


def test_show_in_japanese_marks_the_hotel_and_needs_no_translation_note(in_repo):
    result = run("show", "2024-06-yokohama-bangkok", "--lang", "ja")
    lines = result.stdout.splitlines()
    assert ("2024-06-yokohama-bangkok · 2024-06-20 – 2024-06-22（１泊３日） · 実施済 · "
            "第1版") in lines
    assert "時刻の記載なし       宿泊             宿泊（バンコク）  ［推定］" in lines
    assert "                                      推定：１泊３日より" in lines
    assert "翻訳" not in result.stdout and "editorial" not in result.stdout


def test_show_json_carries_the_provenance(in_repo):
    data = json.loads(run("show", "2024-06-yokohama-bangkok", "--json").stdout)
    assert data["trip"]["provenance"] == {
        "source_language": "ja", "translations": {"en": "editorial"},
        "verbatim": ["footnotes.2.title.en", "footnotes.4.title.en"]}
    assert data["trip"]["duration"] == {"ja": "１泊３日", "en": "3 days, 1 night"}
    hotel = next(it for it in data["items"] if it["id"] == "hotel-bangkok")
    assert hotel["inferred"] == "１泊３日"
    assert hotel["inferred_links"] == {"place": "タイの首都バンコクを訪問"}


def render(module, lang: str, **kw) -> str:
    return module.render(view_of(REFERENCE), options(lang, now=NOW, **kw)).decode("utf-8")


def test_english_agenda_says_editorial_translation_and_marks_the_hotel():
    lines = render(text, "en").splitlines()
    assert "Thu 20 – Sat 22 June 2024 (3 days, 1 night)" in lines
    assert "Translation  English: editorial translation" in lines
    hotel = lines.index("Time not given      Lodging           Overnight stay in Bangkok "
                        "[inferred]")
    assert lines[hotel + 1:hotel + 3] == [
        "                                      Inferred: from １泊３日",
        "                                      Place: Bangkok (inferred)",
    ]
    md = render(markdown, "en")
    assert "- **Translation**: English: editorial translation" in md
    assert r"**Overnight stay in Bangkok** \[inferred\]<br>Inferred: from １泊３日" in md
    page = render(html, "en")
    assert ('<dt>Translation</dt><dd class="translation"><span>English: editorial translation'
            '</span></dd>') in page
    assert "Overnight stay in Bangkok<span class=\"marks\">[inferred]</span>" in page


def test_bilingual_hand_outs_give_the_note_in_both_languages_japanese_ones_none():
    both = render(text, "ja+en")
    assert "英語は編集部による翻訳" in both and "English: editorial translation" in both
    assert "宿泊（バンコク） ［推定］" in both
    pocket = render(text, "ja+en", brief=True)  # on the status lines: the card stays short
    assert "第1版 · 2024年6月25日現在 · 実施済 · 英語は編集部による翻訳" in pocket
    assert "［推定］" in pocket
    japanese = render(text, "ja")
    assert "翻訳" not in japanese
    assert "（１泊３日）" in japanese


def test_pdf_agenda_carries_the_note():
    from tripplan.export import pdf

    data = pdf.render(view_of(REFERENCE), options("en", now=NOW))
    assert data.startswith(b"%PDF")


# --- tripplan translations ----------------------------------------------------------------


def test_translations_lists_editorial_texts_with_file_and_line(in_repo):
    result = run("translations", "2024-06-yokohama-bangkok", "--require", "en")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("itineraries/2024-06-yokohama-bangkok.toml: languages ja "
                               "(source), en (editorial); ")
    assert "itineraries/2024-06-yokohama-bangkok.toml:11: title (en editorial)" in lines
    assert not any("footnotes.2.title " in line for line in lines)  # the release's English


def test_translations_exit_1_when_a_required_language_is_missing(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        'title.en = "Overnight stay in Bangkok"\n', ""), encoding="utf-8")
    result = run("translations", str(path), "--require", "en")
    assert result.exit_code == 1
    assert f"{path}:165: items.2.title lacks en" in result.stdout.splitlines()
    data = json.loads(run("translations", str(path), "--json").stdout)
    assert data["command"] == "translations" and data["missing"] == ["items.2.title"]
    entry = next(t for t in data["texts"] if t["key"] == "items.2.title")
    assert entry == {"key": "items.2.title", "line": 165, "column": 1, "languages": ["ja"],
                     "missing": ["en"], "origins": {"ja": "source"}}
    assert run("translations", str(path), "--require", "e n").exit_code == 2


def test_translations_of_a_trip_without_provenance(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text('id = "t"\ntitle = { ja = "旅", en = "Trip" }\nhome_timezone = '
                    '"Asia/Tokyo"\nstart = 2024-06-20\nend = 2024-06-20\n', encoding="utf-8")
    result = run("translations", str(path), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["texts"][0]["origins"] == {"ja": None, "en": None}  # not declared


# --- rules --------------------------------------------------------------------------------


def test_reference_trip_marked_confirmed_reports_its_inferences(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        'status = "completed"', 'status = "confirmed"'), encoding="utf-8")
    data = json.loads(run("validate", str(path), "--select", "R015", "--json").stdout)
    messages = [d["message"] for d in data["diagnostics"]]
    assert len(messages) == len(list(inferred_facts(TRIP)))
    assert 'item "hotel-bangkok" is inferred (１泊３日) but the trip is confirmed' in messages


def test_check_requires_both_languages_before_departure(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        'status = "completed"', 'status = "confirmed"').replace(
        'title.en = "Overnight stay in Bangkok"\n', ""), encoding="utf-8")
    result = run("check", str(path), "--select", "C006", "--today", "2024-06-18", "--json")
    data = json.loads(result.stdout)
    assert [(d["code"], d["severity"], d["message"]) for d in data["diagnostics"]] == [
        ("C006", "error", "items.2.title has no en text")]
    assert result.exit_code == 1
    assert json.loads(run("validate", str(path), "--select", "R014", "--json").stdout)[
        "counts"]["warning"] == 1
