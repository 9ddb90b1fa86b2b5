"""The one line breaker (tripplan.present.linebreak): exact breaks of the reference trip's long
Japanese texts, kinsoku at every width, BudouX's own phrases, and time linear in the text."""

from __future__ import annotations

import random
import re
import tomllib

import pytest

from conftest import REFERENCE
from tripplan.present.linebreak import NO_END, NO_START, _phrases, cell_width, spans, wrap


def texts_of(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts_of(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts_of(v)]
    return []


REFERENCE_TEXTS = texts_of(tomllib.loads(REFERENCE.read_text(encoding="utf-8")))
JAPANESE = [t for t in REFERENCE_TEXTS if re.search("[\u3040-\u30ff\u4e00-\u9fff]", t)]


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("バンコク都知事との両都市間連携等にかかるトップ会談", 40,
     ["バンコク都知事との両都市間連携等にかかる", "トップ会談"]),
    ("バンコク都知事との両都市間連携等にかかるトップ会談", 30,
     ["バンコク都知事との", "両都市間連携等にかかる", "トップ会談"]),
    ("バンコク都知事との両都市間連携等にかかるトップ会談", 20,
     ["バンコク都知事との", "両都市間連携等に", "かかるトップ会談"]),
    ("横浜・バンコク脱炭素ワークショップの共催・基調講演", 40,
     ["横浜・バンコク脱炭素ワークショップの", "共催・基調講演"]),
    # a phrase wider than the line breaks where its script changes, not inside a word
    ("横浜・バンコク脱炭素ワークショップの共催・基調講演", 20,
     ["横浜・バンコク脱炭素", "ワークショップの", "共催・基調講演"]),
    ("バンコクエクスポ（BKK EXPO）への出席・スピーチ", 30,
     ["バンコクエクスポ（BKK EXPO）", "への出席・スピーチ"]),
    ("バンコクエクスポ（BKK EXPO）への出席・スピーチ", 20,
     ["バンコクエクスポ", "（BKK EXPO）への", "出席・スピーチ"]),
    ("東部経済回廊（EEC）事務局長との会談", 20, ["東部経済回廊（EEC）", "事務局長との会談"]),
    ("ESCAP 事務局長（国際連合（国連）アジア太平洋経済社会委員会（ESCAP））", 40,
     ["ESCAP 事務局長（国際連合（国連）", "アジア太平洋経済社会委員会（ESCAP））"]),
    ("タイ工業省産業振興局長（タイ工業省）", 30, ["タイ工業省産業振興局長", "（タイ工業省）"]),
    ("在タイ日本国特命全権大使との面会", 20, ["在タイ日本国", "特命全権大使との面会"]),
    ("バンコク都、国連機関及びタイ政府機関とのトップ会談や脱炭素ワークショップの開催を通じ、"
     "アジア諸都市の脱炭素化連携を促進しました", 40,
     ["バンコク都、国連機関及びタイ政府機関との", "トップ会談や脱炭素ワークショップの開催を",
      "通じ、アジア諸都市の脱炭素化連携を", "促進しました"]),
    ("Meeting with the head of the Department of Industrial Promotion", 30,
     ["Meeting with the head of the", "Department of Industrial", "Promotion"]),
])
def test_exact_breaks_of_the_reference_titles(text, width, lines):
    """Titles of the reference trip, and counterparts as ``show`` writes them."""
    assert wrap(text, width, cell_width) == lines


def test_words_and_bracketed_names_are_never_cut_where_they_fit():
    """What issue #15 saw: "ト/ップ", "（ESCAP" / "）"."""
    whole = ["トップ会談", "ワークショップ", "（ESCAP）", "（EEC）", "（OECC）", "スピーチ",
             "事務局長"]
    for text in JAPANESE:
        for width in range(16, 72, 2):
            lines = wrap(text, width, cell_width)
            for word in whole:
                if word in text and cell_width(word) <= width:
                    assert sum(line.count(word) for line in lines) == text.count(word), (
                        word, width, lines)


@pytest.mark.parametrize("width", range(6, 61))
def test_kinsoku_and_widths_hold_for_every_reference_text(width):
    for text in REFERENCE_TEXTS:
        for paragraph in text.split("\n"):
            lines = wrap(paragraph, width, cell_width)
            assert all(cell_width(line) <= width for line in lines), (width, lines)
            assert _same_but_breaks(paragraph, lines), (width, lines)
            if width < 10:  # "ビュー）" (8 columns) cannot be parted by kinsoku: cut it
                continue
            for before, after in zip(lines, lines[1:], strict=False):
                assert after[0] not in NO_START, (width, before, after)
                assert before[-1] not in NO_END, (width, before, after)


def _same_but_breaks(paragraph: str, lines: list[str]) -> bool:
    """The lines are the paragraph with only the spaces at the breaks taken out."""
    rest = paragraph.rstrip()
    for line in lines:
        if not rest.startswith(line):
            return False
        rest = rest[len(line):].lstrip()
    return rest == ""


def test_phrases_are_budoux_own():
    """The phrase breaks are those of budoux.Parser.parse (computed table by table, which
    stays linear where parse is quadratic on a long text without a break)."""
    import budoux

    parser = budoux.load_default_japanese_parser()

    def starts(text: str) -> set[int]:
        out, at = set(), 0
        for chunk in parser.parse(text)[:-1]:
            at += len(chunk)
            out.add(at)
        return out

    samples = list(REFERENCE_TEXTS)
    rnd = random.Random(15)
    alphabet = "あいうえおかきくけこっャー、。（）「」会談東京都市 abcXYZ12・"
    samples += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 80)))
                for _ in range(500)]
    for text in samples:
        assert _phrases(text) == starts(text), text


def test_styled_text_breaks_at_the_same_places():
    text = "会談の相手方：バンコク都知事（バンコク都）"
    assert [text[a:b] for a, b in spans(text, 16, cell_width)] == wrap(text, 16, cell_width)
    assert spans("until Fri 21 June 2024", 16, len, keep=[(6, 22)]) == [(0, 5), (6, 22)]


@pytest.mark.parametrize("title", [
    "バンコク都知事との両都市間連携等にかかるトップ会談" * 4000,  # phrases
    "ー" * 100_000,  # no break at all: budoux.Parser.parse takes seconds on it
    "（" * 100_000,  # every break forbidden by kinsoku
    "Courtesy call on the Ambassador " * 3125,
])
def test_a_100000_character_title_wraps_on_lines_that_fit_losing_nothing(title):
    """How long it takes: benchmarks/long_inputs.py."""
    title = title[:100_000]
    lines = wrap(title, 40, cell_width)
    assert all(1 <= cell_width(line) <= 40 for line in lines)
    if " " in title:  # the spaces a line ends at are dropped, nothing else
        assert " ".join(lines) == " ".join(title.split())
    else:
        assert "".join(lines) == title
