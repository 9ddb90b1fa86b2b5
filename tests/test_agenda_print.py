"""Printed agendas: the HTML through headless Chromium, and the PDF tripplan writes itself.

Needs the Debian packages ``chromium``, ``fonts-noto-cjk``, ``fonts-ipaexfont-gothic`` and
``poppler-utils`` (pdftotext, pdffonts, pdfinfo, pdftoppm); a missing one fails the test
with the command that installs it (never a skip). The pages are read back with pdftotext,
one page at a time, so the tests see what a printed sheet would show, and a few pixels
are read from pdftoppm's rendering of a page where a style is what is tested.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import REFERENCE, run
from export_support import options, spaced_trip, view_of
from tripplan.export import fonts, html, pdf
from tripplan.export.agenda import build_agenda

NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
CHROMIUM = "/usr/bin/chromium"

# Pages of the reference trip printed on A4: the cover with day 1 under it, the days
# flowing on (day 2 has nine items, each with its section of the release as notes, and
# the footnotes ※3, ※4), and the contact sheet, kept on one page. It was 6, 7 and 9 pages
# from HTML and 6, 6 and 9 from the PDF when each day started a page of its own.
CHROMIUM_PAGES = {"ja": 4, "en": 5, "ja+en": 7}
FPDF_PAGES = {"ja": 4, "en": 5, "ja+en": 8}
TITLE = {"ja": "山中竹春 横浜市長 タイ・バンコク訪問",
         "en": "Mayor Takeharu Yamanaka's visit to Bangkok, Thailand"}
TITLE["ja+en"] = TITLE["ja"]

JAPANESE = ["バンコク都知事との両都市間連携等にかかるトップ会談", "夜（時刻の記載なし）",
            "横浜・バンコク脱炭素ワークショップの共催・基調講演", "045-671-4396"]


def require_tool(name: str, package: str) -> str:
    path = shutil.which(name) or (name if Path(name).is_file() else None)
    if path is None:
        pytest.fail(f"{name} is missing: install it with `sudo apt-get install {package}`")
    return path


def require_font(path: str, package: str) -> None:
    if not Path(path).is_file():
        pytest.fail(f"{path} is missing: install it with `sudo apt-get install {package}`")


def page_count(pdf_file: Path) -> int:
    info = subprocess.run([require_tool("pdfinfo", "poppler-utils"), str(pdf_file)],
                          capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def page_text(pdf_file: Path, page: int | None = None, *, layout: bool = True) -> str:
    """The text of one page (or all), laid out as printed or (``layout=False``) in the
    reading order of each block, where a phrase wrapped inside a table cell stays whole."""
    args = [require_tool("pdftotext", "poppler-utils")] + (["-layout"] if layout else [])
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    done = subprocess.run([*args, str(pdf_file), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def first_lines(text: str, n: int = 2) -> list[str]:
    return [re.sub(r"\s+", " ", line).strip() for line in text.splitlines() if line.strip()][:n]


def chromium_pdf(html_file: Path, out: Path, profile: Path) -> Path:
    require_tool(CHROMIUM, "chromium")
    require_font("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk")
    args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--print-to-pdf={out}", "--no-pdf-header-footer",
            html_file.resolve().as_uri()]
    done = subprocess.run(args, capture_output=True, text=True, timeout=180)
    assert out.is_file(), f"chromium printed nothing ({done.returncode}): {done.stderr[-2000:]}"
    return out


def export_html(tmp_path: Path, lang: str, *, brief: bool = False, trip: Path = REFERENCE):
    job = view_of(trip), options(lang, brief=brief, now=NOW)
    name = f"{trip.stem}-{lang}{'-brief' if brief else ''}"
    page = tmp_path / f"{name}.html"
    page.write_bytes(html.render(*job))
    return chromium_pdf(page, tmp_path / f"{name}.pdf", tmp_path / f"profile-{name}")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_of(pdf_file: Path, *, layout: bool = True) -> list[str]:
    return [page_text(pdf_file, n, layout=layout) for n in range(1, page_count(pdf_file) + 1)]


def check_days_flow(pdf_file: Path, trip: Path, lang: str, *, first: int = 1) -> list[int]:
    """The cover and day 1 share page 1; each day's heading is printed once, in order, and
    on the page of its heading come its zone line and its first row too (no heading alone
    at the foot of a page). Returns the page of each day heading. (``first``: the page of
    day 1's heading, when its first row is longer than a page and Chromium starts it on
    page 2.)"""
    agenda = build_agenda(view_of(trip), options(lang, now=NOW))
    pages = [flat(p) for p in pages_of(pdf_file, layout=False)]
    found = []
    for day in (d for d in agenda.days if d.date is not None and not d.quiet):
        heading = flat(day.heading[0])
        where = [n for n, text in enumerate(pages, start=1) if heading in text]
        assert len(where) == 1 and pages[where[0] - 1].count(heading) == 1, (heading, where)
        page = pages[where[0] - 1]
        after = page[page.index(heading):]
        assert flat(day.zone.text[0]) in after, (heading, "zone line on the next page")
        assert flat(day.rows[0].title[0]) in after, (heading, "alone at the foot of a page")
        found.append(where[0])
    assert found == sorted(found) and found[0] == first, found
    assert flat(agenda.cover.title[0]) in pages[0]
    return found


def check_footers(pdf_file: Path, title: str, lang: str) -> None:
    """Every page ends with the trip's title and "Page n / N" (「n／Nページ」)."""
    total = page_count(pdf_file)
    for n, text in enumerate(pages_of(pdf_file), start=1):
        last = [line for line in text.splitlines() if line.strip()][-1]
        label = f"{n}／{total}ページ" if lang != "en" else f"Page {n} / {total}"
        assert re.sub(r"\s+", " ", last).strip() == f"{title} {label}", (n, last)


def check_untimed_on_one_line(pdf_file: Path, trip: Path, lang: str) -> int:
    """Every phrase of a time the source does not give is printed whole on one line."""
    agenda = build_agenda(view_of(trip), options(lang, now=NOW))
    lines = [re.sub(r"\s+", " ", line) for line in page_text(pdf_file).splitlines()]
    phrases = {s for d in agenda.days for r in d.rows if not r.timed for s in r.when}
    for phrase in phrases:
        assert any(phrase in line for line in lines), (phrase, "wrapped")
    return len(phrases)


def word_boxes(pdf_file: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(word, xMin, yMin, xMax, yMax) in points of the words pdftotext finds on a page."""
    done = subprocess.run([require_tool("pdftotext", "poppler-utils"), "-bbox", "-f", str(page),
                           "-l", str(page), str(pdf_file), "-"], capture_output=True, check=True)
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                       r"([^<]*)</word>", done.stdout.decode("utf-8"))
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def gray_page(pdf_file: Path, page: int) -> tuple[int, bytes]:
    """The page rendered by pdftoppm at 288 dpi (four pixels a point) in grey: (width,
    pixels)."""
    done = subprocess.run([require_tool("pdftoppm", "poppler-utils"), "-r", "288", "-gray",
                           "-f", str(page), "-l", str(page), str(pdf_file)],
                          capture_output=True, check=True)
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", done.stdout)
    return int(head.group(1)), done.stdout[head.end():]


def check_untimed_style(pdf_file: Path, untimed: str, timed: str) -> None:
    """A time the source does not give is grey on a tinted ground; a clock time is in ink
    on white: read from the pixels of page 1 around and inside each word."""
    width, pixels = gray_page(pdf_file, 1)

    def at(x: float, y: float) -> int:  # x, y in points
        return pixels[int(y * 4) * width + int(x * 4)]

    def look(word: str) -> tuple[int, int]:
        """The darkest pixel of the word's text, and the paper just left of it."""
        _, x0, y0, x1, y1 = next(b for b in word_boxes(pdf_file, 1) if b[0] == word)
        ink = min(at(x / 4, y / 4) for x in range(int(x0 * 4), int(x1 * 4))
                  for y in range(int(y0 * 4), int(y1 * 4)))
        return ink, at(x0 - 1.5, (y0 + y1) / 2)
    ink, ground = look(untimed)
    assert ink > 70 and 200 < ground < 250, (untimed, ink, ground)  # grey text, a tint
    ink, ground = look(timed)
    assert ink < 50 and ground > 250, (timed, ink, ground)  # ink on white paper


# --- HTML printed by Chromium ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_html_agenda_prints_the_days_flowing_under_the_cover(lang, tmp_path):
    printed = export_html(tmp_path, lang)
    assert page_count(printed) == CHROMIUM_PAGES[lang]
    check_days_flow(printed, REFERENCE, lang)
    check_footers(printed, TITLE[lang], lang)
    assert check_untimed_on_one_line(printed, REFERENCE, lang) >= 4
    last = page_text(printed, page_count(printed))  # the contact sheet, whole, on a page
    assert first_lines(last, 1)[0] in ("連絡先", "Contacts", "連絡先 / Contacts")
    everything = page_text(printed, layout=False)
    if lang != "en":
        for sample in JAPANESE:
            assert sample in re.sub(r"\s+", "", everything), sample
    else:
        assert "Night (time not given)" in re.sub(r"\s+", " ", everything)
        assert "中村 恭揚" in everything  # a name given only in Japanese


@pytest.mark.parametrize("lang", ["en", "ja+en"])
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_rows_are_not_split_across_pages(fmt, lang, tmp_path):
    # In English and bilingual, day 2 needs more than a page: rows move whole to the next.
    printed = export_html(tmp_path, lang) if fmt == "html" else export_pdf(tmp_path, lang)
    pages = [re.sub(r"\s+", "", page_text(printed, n, layout=False))
             for n in range(1, page_count(printed) + 1)]
    agenda = build_agenda(view_of(REFERENCE), options(lang, now=NOW))
    checked = 0
    for row in (r for d in agenda.days for r in d.rows if r.details):
        title = re.sub(r"\s+", "", row.title[-1])
        end = re.sub(r"\s+", "", row.details[-1].values[-1][-1])[-12:]
        assert any(title in p and end in p for p in pages), (title, "split across pages")
        checked += 1
    assert checked == 11


# --- both: long trips, empty days, untimed items ---------------------------------------------


def printed(fmt: str, tmp_path: Path, lang: str, trip: Path) -> Path:
    return export_html(tmp_path, lang, trip=trip) if fmt == "html" else \
        export_pdf(tmp_path, lang, trip=trip)


@pytest.mark.parametrize("lang", ["en", "ja+en"])
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_day_heading_is_never_alone_at_the_foot_of_a_page(fmt, lang, tmp_path):
    # Twelve busy days of rows of different heights: page breaks fall everywhere.
    trip = spaced_trip(tmp_path / "busy.toml", 12, {n: 2 + n % 4 for n in range(1, 13)})
    out = printed(fmt, tmp_path, lang, trip)
    assert page_count(out) >= 8
    pages = check_days_flow(out, trip, lang)
    assert len(set(pages)) >= 6  # days share pages, and start anywhere on them
    check_footers(out, "長期派遣" if lang != "en" else "Long secondment", lang)


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_run_of_empty_days_prints_as_one_line(fmt, tmp_path):
    trip = spaced_trip(tmp_path / "month.toml", 30, {1: 2, 16: 1, 30: 1})
    out = printed(fmt, tmp_path, "ja", trip)
    assert page_count(out) == 1
    lines = [re.sub(r"\s+", " ", line).strip() for line in page_text(out).splitlines()]
    assert "2～15日目 2024年6月21日（金）～7月4日（木）：予定なし" in lines
    assert "17～29日目 2024年7月6日（土）～7月18日（木）：予定なし" in lines
    empty = [*range(2, 16), *range(17, 30)]  # no heading, block or page of their own
    assert not [line for line in lines if re.match(r"(\d+)日目 ", line)
                and int(line.split("日目")[0]) in empty]
    assert flat(page_text(out)).count("予定なし") == 2
    check_days_flow(out, trip, "ja")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_an_untimed_item_does_not_look_like_a_clock_time(fmt, lang, tmp_path):
    trip = spaced_trip(tmp_path / "month.toml", 30, {1: 2, 16: 1, 30: 1})
    out = printed(fmt, tmp_path, lang, trip)
    check_untimed_style(out, "午後（時刻未定）" if lang == "ja" else "Afternoon", "10:00–11:00")
    assert check_untimed_on_one_line(out, trip, lang) == 1


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_row_longer_than_a_page_goes_on_over_the_next_pages(fmt, tmp_path):
    # 3 items of 36, 72 and 108 sentences of notes (in each language), then one more day
    trip = spaced_trip(tmp_path / "long-notes.toml", 2, {1: 3, 2: 1}, sentences=36)
    out = printed(fmt, tmp_path, "ja+en", trip)
    assert page_count(out) >= 6
    text = page_text(out, layout=False)  # the pages one after the other, without what
    text = re.sub(r"長期派遣|\d+／\d+ページ", " ", text)  # a page adds: footer, table header
    text = re.sub(r"\s+", " ", re.sub(r"時刻 / Time\s+種別 / Kind\s+内容 / Item", " ", text))
    sentence = "The two cities discussed the decarbonization measures they are taking."
    assert text.count(sentence) == 36 * (1 + 2 + 3) + 36  # no line lost, none twice
    assert flat(text).count("両都市の脱炭素化施策について協議を行いました。") == 36 * 7
    # Chromium moves a row it cannot keep whole to the next page before it splits it (with
    # its heading, kept with it); tripplan's PDF starts it under the cover.
    check_days_flow(out, trip, "ja+en", first=2 if fmt == "html" else 1)
    check_footers(out, "長期派遣", "ja+en")  # and the footer is never written over


def test_html_pocket_card_is_one_or_two_pages(tmp_path):
    printed = export_html(tmp_path, "ja+en", brief=True)
    assert page_count(printed) in (1, 2)
    size = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
    assert "(A5)" in size


def test_html_shows_a_script_title_as_text(tmp_path):
    trip = tmp_path / "nasty.toml"
    text = REFERENCE.read_text(encoding="utf-8").replace(
        'title.en = "Top-level meeting with the Governor of Bangkok on inter-city cooperation"',
        'title.en = "<script>document.title=\'hacked\'</script> | *Top meeting*"')
    trip.write_text(text, encoding="utf-8")
    printed = export_html(tmp_path, "en", trip=trip)
    assert "<script>document.title='hacked'</script> | *Top meeting*" in page_text(printed)


# --- the PDF tripplan writes with fpdf2 -----------------------------------------------------


def export_pdf(tmp_path: Path, lang: str, *, brief: bool = False, font: str | None = None,
               trip: Path = REFERENCE):
    job = view_of(trip), options(lang, brief=brief, now=NOW, font=font)
    out = tmp_path / f"{trip.stem}-{lang}{'-brief' if brief else ''}.pdf"
    out.write_bytes(pdf.render(*job))
    return out


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_pdf_agenda_japanese_extracts_and_the_days_flow(lang, tmp_path):
    out = export_pdf(tmp_path, lang)
    assert page_count(out) == FPDF_PAGES[lang]
    check_days_flow(out, REFERENCE, lang)
    check_footers(out, TITLE[lang], lang)
    assert check_untimed_on_one_line(out, REFERENCE, lang) >= 4
    everything = page_text(out, layout=False)
    flat = re.sub(r"\s+", "", everything)
    if lang == "en":
        assert "Night (time not given)" in re.sub(r"\s+", " ", everything) and "中村恭揚" in flat
    else:
        for sample in JAPANESE:
            assert sample in flat, sample
        assert "2024年6月20日（木）～6月22日（土）" in flat


@pytest.mark.parametrize("font", [None, "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"])
def test_pdf_fonts_are_embedded(font, tmp_path):
    if font:
        require_font(font, "fonts-noto-cjk")
    out = export_pdf(tmp_path, "ja", font=font)
    listing = subprocess.run([require_tool("pdffonts", "poppler-utils"), str(out)],
                             capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows, listing
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row
    expected = "IPAexGothic" if font is None else "NotoSansCJKJP"
    assert expected in listing
    flat = re.sub(r"\s+", "", page_text(out))
    assert "バンコク都知事との両都市間連携等にかかるトップ会談" in flat


def test_pdf_pocket_card_is_one_or_two_a5_pages(tmp_path):
    out = export_pdf(tmp_path, "ja+en", brief=True)
    assert page_count(out) in (1, 2)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert round(width / 72 * 25.4) == 148 and round(height / 72 * 25.4) == 210
    assert "夜（時刻の記載なし）" in re.sub(r"\s+", "", page_text(out))


def test_pdf_without_a_japanese_font_says_how_to_fix_it(tmp_path, monkeypatch, in_repo):
    monkeypatch.setattr(fonts, "BUNDLED_FONT", tmp_path / "not-shipped" / "ipaexg.ttf")
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", ())
    monkeypatch.setattr(fonts, "_fontconfig_candidates", lambda: [])
    result = run("export", "2024-06-yokohama-bangkok", "--pdf", "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 2
    assert "no font with Japanese glyphs was found for the PDF" in result.stderr
    assert "--font PATH" in result.stderr and "fonts-ipaexfont-gothic" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_pdf_with_a_font_lacking_japanese_is_exit_2(tmp_path, in_repo):
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    require_font(latin, "fonts-dejavu-core")
    result = run("export", "2024-06-yokohama-bangkok", "--pdf", "--font", latin,
                 "-o", str(tmp_path / "a.pdf"))
    assert result.exit_code == 2
    assert "has no Japanese glyphs" in result.stderr


def test_pdf_refuses_to_drop_characters_its_font_lacks(tmp_path):
    # IPAexGothic has no Thai: fpdf2 alone would warn and leave the name out of the page.
    trip = tmp_path / "thai.toml"
    trip.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        'name.en = "Bangkok"', 'name.en = "Bangkok (กรุงเทพมหานคร)"'), encoding="utf-8")
    target = tmp_path / "a.pdf"
    result = run("export", str(trip), "--pdf", "--lang", "en", "-o", str(target),
                 "--font", "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
    assert result.exit_code == 2
    assert "the PDF font IPAexGothic has no glyphs for ก ร" in result.stderr
    assert '(in "Japan → Bangkok (กรุงเทพมหานคร)")' in result.stderr  # the first use
    assert "--html" in result.stderr and not target.exists()
    assert run("export", str(trip), "--html", "-o", str(tmp_path / "a.html")).exit_code == 0


def test_pdf_command_writes_a_file(tmp_path, in_repo):
    target = tmp_path / "agenda.pdf"
    result = run("export", "2024-06-yokohama-bangkok", "--pdf", "--lang", "ja", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
