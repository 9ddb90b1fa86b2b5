"""Printed agendas: the HTML through headless Chromium, and the PDF tripplan writes itself.

Needs the Debian packages ``chromium``, ``fonts-noto-cjk``, ``fonts-ipaexfont-gothic`` and
``poppler-utils`` (pdftotext, pdffonts, pdfinfo); a missing one fails the test with the
command that installs it (never a skip). The pages are read back with pdftotext, one
page at a time, so the tests see what a printed sheet would show.
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
from export_support import options, view_of
from tripplan.export import fonts, html, pdf
from tripplan.export.agenda import build_agenda

NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
CHROMIUM = "/usr/bin/chromium"

DAY_HEADINGS = {
    "ja": ["1日目 2024年6月20日（木）", "2日目 2024年6月21日（金）", "3日目 2024年6月22日（土）"],
    "en": ["Day 1 · Thu 20 June 2024", "Day 2 · Fri 21 June 2024",
           "Day 3 · Sat 22 June 2024"],
}
DAY_HEADINGS["ja+en"] = DAY_HEADINGS["ja"]

# Pages of the reference trip printed from HTML (A4): the cover, one page per day, the
# contact sheet — and day 2 (nine items, each with its section of the release as notes,
# and the footnotes ※3, ※4) runs over more pages, most in the bilingual agenda.
CHROMIUM_PAGES = {"ja": 6, "en": 7, "ja+en": 9}
FPDF_PAGES = {"ja": 6, "en": 6, "ja+en": 9}

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
    name = f"agenda-{lang}{'-brief' if brief else ''}"
    page = tmp_path / f"{name}.html"
    page.write_bytes(html.render(*job))
    return chromium_pdf(page, tmp_path / f"{name}.pdf", tmp_path / f"profile-{name}")


def check_days_start_pages(pdf_file: Path, lang: str) -> list[int]:
    """Each day heading is on the first lines of a page, in order; return those pages."""
    pages = []
    for n in range(1, page_count(pdf_file) + 1):
        top = first_lines(page_text(pdf_file, n))
        for i, heading in enumerate(DAY_HEADINGS[lang]):
            if top and top[0] == heading:
                pages.append((i, n))
    assert [i for i, _ in pages] == [0, 1, 2], pages
    numbers = [n for _, n in pages]
    assert numbers == sorted(numbers) and numbers[0] == 2  # the cover is page 1
    # and no heading appears anywhere but at the top of its page
    everything = page_text(pdf_file)
    for heading in DAY_HEADINGS[lang]:
        assert len(re.findall(re.escape(heading).replace("\\ ", r"\s+"), everything)) == 1
    return numbers


# --- HTML printed by Chromium ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_html_agenda_prints_one_day_per_page(lang, tmp_path):
    printed = export_html(tmp_path, lang)
    assert page_count(printed) == CHROMIUM_PAGES[lang]
    check_days_start_pages(printed, lang)
    last = page_text(printed, page_count(printed))
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


def export_pdf(tmp_path: Path, lang: str, *, brief: bool = False, font: str | None = None):
    require_font("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
                 "fonts-ipaexfont-gothic")
    job = view_of(REFERENCE), options(lang, brief=brief, now=NOW, font=font)
    out = tmp_path / f"agenda-{lang}{'-brief' if brief else ''}.pdf"
    out.write_bytes(pdf.render(*job))
    return out


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
def test_pdf_agenda_japanese_extracts_and_days_start_pages(lang, tmp_path):
    out = export_pdf(tmp_path, lang)
    assert page_count(out) == FPDF_PAGES[lang]
    check_days_start_pages(out, lang)
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
