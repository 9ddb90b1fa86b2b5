"""Finding a font with Japanese glyphs for the PDF agenda (tripplan.export.fonts).

CI must install the Debian packages fonts-ipaexfont-gothic, fonts-noto-cjk, fontconfig
and poppler-utils; a test fails (never skips) with the apt-get command when one is
missing. Small fonts for the error cases are built here with fontTools; fontconfig is
faked with shell scripts except in one test of the real fc-match/fc-list.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont

from tripplan.errors import EXIT_USAGE, InputError
from tripplan.export import fonts
from tripplan.export.fonts import (
    BUNDLED_FONT,
    ENV_VAR,
    SAMPLE_TEXT,
    FontChoice,
    UnusableFontError,
    check_font_file,
    find_cjk_font,
)

IPAEX = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
NOTO_SANS = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
NOTO_SANS_BOLD = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
JP_LINE = "山中 竹春 横浜市長 タイ・バンコク訪問 ６月２０日（木） GREEN×EXPO 2027 ～"
EN_LINE = "Visit of Mayor Takeharu Yamanaka to Bangkok, Thailand"

BAD_FONT_HINT = (
    "use a TrueType/OpenType font with Japanese glyphs, e.g. "
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf "
    "(Debian/Ubuntu: `sudo apt-get install fonts-ipaexfont-gothic`); without one, the PDF "
    "uses the IPAexGothic that comes with tripplan"
)


def worded(err) -> str:
    """The message as the CLI writes it (the ``font`` argument is ``--font`` there)."""
    return err.worded({"font": "--font"})[0]


NO_FONT_HINT = (
    "pass a font file with {font} PATH or set TRIPPLAN_PDF_FONT=PATH, or install one: "
    "on Debian/Ubuntu `sudo apt-get install fonts-ipaexfont-gothic` (or fonts-noto-cjk); "
    "on macOS e.g. {font} '/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc'; "
    "on Windows e.g. {font} C:\\Windows\\Fonts\\YuGothR.ttc"
)


def missing_bundled(path: Path) -> str:
    """What the hint adds when the font that comes with tripplan is not where it belongs."""
    return f". The font that comes with tripplan is missing ({path}): reinstall it"


# --- helpers ------------------------------------------------------------------------------


def require_file(path: Path, package: str) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: install it with `apt-get install {package}`")
    return path


def require_tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not on PATH: install it with `apt-get install poppler-utils`")
    return exe


def build_font(
    path: Path,
    family: str,
    chars: str,
    *,
    style: str = "Regular",
    weight: int = 400,
    fs_type: int = 0,
) -> Path:
    """Write a small TrueType font mapping ``chars`` (and space) to box glyphs."""
    glyph_names = {ord(ch): f"uni{ord(ch):04X}" for ch in chars if ch != " "}
    order = [".notdef", "space", *glyph_names.values()]
    advance = {name: 1000 if int(name[3:] or "0", 16) > 0x7F else 500 for name in order[2:]}
    advance |= {".notdef": 500, "space": 250}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({32: "space", **glyph_names})
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        if name != "space":
            pen.moveTo((50, 0))
            pen.lineTo((50, 700))
            pen.lineTo((advance[name] - 50, 700))
            pen.lineTo((advance[name] - 50, 0))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (advance[name], 50) for name in order})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": style})
    builder.setupOS2(
        usWeightClass=weight,
        fsType=fs_type,
        sTypoAscender=880,
        sTypoDescender=-120,
        usWinAscent=880,
        usWinDescent=120,
    )
    builder.setupPost()
    builder.save(str(path))
    return path


def build_collection(path: Path, members: list[Path]) -> Path:
    collection = TTCollection()
    collection.fonts = [TTFont(str(member)) for member in members]
    collection.save(str(path))
    return path


def pdf_with(choice: FontChoice, out: Path) -> Path:
    """One page: the Japanese and English lines in regular, then the Japanese in bold."""
    from fpdf import FPDF

    pdf = FPDF()
    family = choice.add_to(pdf)
    pdf.add_page()
    pdf.set_font(family, "", 11)
    pdf.multi_cell(0, text=f"{JP_LINE}\n{EN_LINE}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "B", 11)
    pdf.multi_cell(0, text=JP_LINE)
    pdf.output(str(out))
    return out


def pdftotext(pdf: Path) -> list[str]:
    exe = require_tool("pdftotext")
    done = subprocess.run(
        [exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return [line for line in done.stdout.splitlines() if line.strip()]


def pdffonts(pdf: Path) -> list[list[str]]:
    exe = require_tool("pdffonts")
    done = subprocess.run([exe, str(pdf)], capture_output=True, text=True, check=True)
    return [line.split() for line in done.stdout.splitlines()[2:]]


def fake_fontconfig(bin_dir: Path, *, match: str, listing: str | None) -> None:
    """Put fc-match (and fc-list unless ``listing`` is None) printing fixed lines on PATH."""
    bin_dir.mkdir(exist_ok=True)
    commands = {"fc-match": match} if listing is None else {"fc-match": match, "fc-list": listing}
    for name, output in commands.items():
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\nprintf '{output}'\n", encoding="utf-8")
        script.chmod(0o755)


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.fixture
def no_bundled_font(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A tripplan repackaged without its font: the bundled file is missing; returns its path."""
    gone = tmp_path / "site-packages" / "tripplan" / "fonts" / "ipaexg.ttf"
    monkeypatch.setattr(fonts, "BUNDLED_FONT", gone)
    return gone


@pytest.fixture
def nothing_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_env: None,
                      no_bundled_font: Path) -> Path:
    """No bundled font, no well-known font and no fontconfig on PATH; returns an empty bin
    directory."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", ())
    monkeypatch.setenv("PATH", str(bin_dir))
    return bin_dir


@pytest.fixture
def latin_font(tmp_path: Path) -> Path:
    return build_font(tmp_path / "Latin-Regular.ttf", "Latin Only", "ABCabc 123")


@pytest.fixture
def tiny_jp(tmp_path: Path) -> Path:
    return build_font(tmp_path / "Tiny-Regular.ttf", "Tiny JP", SAMPLE_TEXT + JP_LINE + EN_LINE)


# --- discovery ----------------------------------------------------------------------------


def test_discovery_prefers_the_bundled_ipaexgothic(no_env: None) -> None:
    require_file(IPAEX, "fonts-ipaexfont-gothic")  # installed, and still not the one chosen
    choice = find_cjk_font()
    assert choice == FontChoice(BUNDLED_FONT, 0, "IPAexGothic", None, 0, "bundled")
    assert BUNDLED_FONT.parent.name == "fonts" and BUNDLED_FONT.parent.parent.name == "tripplan"
    assert not choice.has_bold


def test_the_bundled_font_is_unmodified_and_has_its_licence_beside_it() -> None:
    # IPA Font License v1.0, art. 3.2: redistributed unaltered, under its name, with the
    # agreement attached. The README beside it gives the checksum of the upstream file.
    readme = (BUNDLED_FONT.parent / "README.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256(BUNDLED_FONT.read_bytes()).hexdigest()
    assert f"sha256 {digest}" in readme
    if IPAEX.is_file():
        assert BUNDLED_FONT.read_bytes() == IPAEX.read_bytes()
    licence = (BUNDLED_FONT.parent / "IPA_Font_License_Agreement_v1.0.txt").read_text(
        encoding="utf-8")
    assert licence.startswith("IPAフォントライセンスv1.0\n")
    assert "\nIPA Font License Agreement v1.0\n" in licence
    assert "The Recipient must attach a copy of this Agreement" in licence
    assert licence.rstrip().endswith("This Agreement shall be construed under the laws of Japan.")


def test_without_the_bundled_font_a_system_font_is_used(
    no_env: None, no_bundled_font: Path
) -> None:
    require_file(IPAEX, "fonts-ipaexfont-gothic")
    assert find_cjk_font() == FontChoice(IPAEX, 0, "IPAexGothic", None, 0, "well-known")


def test_a_damaged_bundled_font_is_skipped_and_named(
    monkeypatch: pytest.MonkeyPatch, nothing_installed: Path, tiny_jp: Path
) -> None:
    damaged = _text_file_named_ttf(nothing_installed.parent)
    monkeypatch.setattr(fonts, "BUNDLED_FONT", damaged)
    with pytest.raises(InputError) as info:
        find_cjk_font()
    assert info.value.hint == (
        NO_FONT_HINT + f". Found but not usable: {damaged} (is not a TrueType/OpenType font file)")
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", (str(tiny_jp),))
    assert (find_cjk_font().path, find_cjk_font().source) == (tiny_jp, "well-known")


def test_discovery_falls_back_to_noto_sans_cjk_jp_with_bold(
    monkeypatch: pytest.MonkeyPatch, nothing_installed: Path
) -> None:
    require_file(NOTO_SANS, "fonts-noto-cjk")
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", ("/nonexistent/ipaexg.ttf", str(NOTO_SANS)))
    choice = find_cjk_font()
    assert choice == FontChoice(NOTO_SANS, 0, "Noto Sans CJK JP", NOTO_SANS_BOLD, 0, "well-known")
    assert choice.has_bold


def test_explicit_path_wins_over_env_and_discovery(
    monkeypatch: pytest.MonkeyPatch, tiny_jp: Path
) -> None:
    require_file(IPAEX, "fonts-ipaexfont-gothic")
    monkeypatch.setenv(ENV_VAR, str(IPAEX))
    choice = find_cjk_font(tiny_jp)
    assert (choice.path, choice.family, choice.source) == (tiny_jp, "Tiny JP", "font")
    assert find_cjk_font(str(tiny_jp)).path == tiny_jp


def test_env_var_used_without_explicit_path(monkeypatch: pytest.MonkeyPatch, tiny_jp: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tiny_jp))
    choice = find_cjk_font()
    assert (choice.path, choice.source) == (tiny_jp, ENV_VAR)
    assert find_cjk_font("").source == ENV_VAR  # an empty --font counts as not given


def test_bad_env_var_is_an_error_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.ttf"
    monkeypatch.setenv(ENV_VAR, str(missing))
    with pytest.raises(InputError) as info:
        find_cjk_font()
    assert str(info.value) == f"{missing}: the font given by TRIPPLAN_PDF_FONT does not exist"
    assert info.value.hint == "fix or unset TRIPPLAN_PDF_FONT; " + BAD_FONT_HINT
    assert info.value.exit_code == EXIT_USAGE == 2


def _text_file_named_ttf(tmp_path: Path) -> Path:
    path = tmp_path / "notes.ttf"
    path.write_text("this is not a font\n", encoding="utf-8")
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "fonts.ttf"
    path.mkdir()
    return path


def _partial(tmp_path: Path) -> Path:
    return build_font(tmp_path / "Kana-Regular.ttf", "Kana", "のA")


def _wrong_suffix(tmp_path: Path) -> Path:
    font = build_font(tmp_path / "x.ttf", "X", SAMPLE_TEXT)
    return font.rename(tmp_path / "x.pfb")


def _restricted(tmp_path: Path) -> Path:
    return build_font(tmp_path / "Locked-Regular.ttf", "Locked", SAMPLE_TEXT, fs_type=2)


def _truncated(tmp_path: Path) -> Path:
    font = build_font(tmp_path / "cut.ttf", "Cut", SAMPLE_TEXT)
    cut = tmp_path / "cut-short.ttf"
    cut.write_bytes(font.read_bytes()[:40])
    return cut


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "missing.ttf", "does not exist"),
        (_directory, "is a directory, not a font file"),
        (_text_file_named_ttf, "is not a TrueType/OpenType font file"),
        (
            lambda tmp: build_font(tmp / "Latin-Regular.ttf", "Latin", "ABC abc"),
            'has no Japanese glyphs (none for "日本語の予定表")',
        ),
        (_partial, 'lacks Japanese glyphs (none for "日本語予定表" of "日本語の予定表")'),
        (
            _wrong_suffix,
            "is not a kind of font file fpdf2 can embed: use a .ttf, .otf, .ttc or .otc file",
        ),
        (_restricted, "does not allow embedding (OS/2 fsType: restricted license)"),
    ],
    ids=["missing", "directory", "text-as-ttf", "latin-only", "partial", "suffix", "restricted"],
)
def test_bad_font_option_gets_a_precise_message(
    tmp_path: Path, no_env: None, make, reason: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        find_cjk_font(path)
    assert worded(info.value) == f"{path}: the font given by --font {reason}"
    assert info.value.path == str(path)
    assert info.value.hint == BAD_FONT_HINT
    assert info.value.exit_code == 2


def test_damaged_font_is_reported(tmp_path: Path, no_env: None) -> None:
    path = _truncated(tmp_path)
    with pytest.raises(InputError) as info:
        find_cjk_font(path)
    assert worded(info.value).startswith(
        f"{path}: the font given by --font is a damaged font file (")


def test_nothing_found_message_and_hint(nothing_installed: Path, no_bundled_font: Path) -> None:
    with pytest.raises(InputError) as info:
        find_cjk_font()
    err = info.value
    assert str(err) == "no font with Japanese glyphs was found for the PDF"
    assert err.hint == NO_FONT_HINT + missing_bundled(no_bundled_font)
    assert err.exit_code == 2
    assert err.path is None


def test_nothing_found_names_fonts_that_were_rejected(
    monkeypatch: pytest.MonkeyPatch, nothing_installed: Path, latin_font: Path,
    no_bundled_font: Path
) -> None:
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", (str(latin_font),))
    with pytest.raises(InputError) as info:
        find_cjk_font()
    assert info.value.hint == (
        NO_FONT_HINT + missing_bundled(no_bundled_font)
        + f". Found but not usable: {latin_font} "
        '(has no Japanese glyphs (none for "日本語の予定表"))'
    )


def test_fontconfig_result_is_used_and_checked(
    nothing_installed: Path, latin_font: Path, tiny_jp: Path
) -> None:
    fake_fontconfig(
        nothing_installed,
        match=f"{latin_font}\\t0\\n",
        listing=f"{latin_font}\\t0\\n{tiny_jp}\\t0\\n",
    )
    choice = find_cjk_font()
    assert (choice.path, choice.source) == (tiny_jp, "fontconfig")


def test_fontconfig_latin_fallback_is_ignored(nothing_installed: Path, latin_font: Path,
                                              no_bundled_font: Path) -> None:
    # fc-match answers with a Latin font when nothing supports Japanese; fc-list is empty.
    fake_fontconfig(nothing_installed, match=f"{latin_font}\\t0\\n", listing="")
    with pytest.raises(InputError) as info:
        find_cjk_font()
    assert info.value.hint == NO_FONT_HINT + missing_bundled(no_bundled_font)


def test_fc_match_alone_is_checked(nothing_installed: Path, tiny_jp: Path) -> None:
    fake_fontconfig(nothing_installed, match=f"{tiny_jp}\\t0\\n", listing=None)
    assert find_cjk_font().path == tiny_jp


def test_real_fontconfig_finds_a_usable_font(monkeypatch: pytest.MonkeyPatch, no_env,
                                             no_bundled_font) -> None:
    if shutil.which("fc-match") is None:
        pytest.fail("fc-match is not on PATH: install it with `apt-get install fontconfig`")
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", ())
    choice = find_cjk_font()
    assert choice.source == "fontconfig"
    check_font_file(choice.path, choice.index)


# --- collections, bold faces, fpdf2 support -----------------------------------------------


def test_collection_face_with_jp_name_is_chosen(tmp_path: Path, no_env: None) -> None:
    korean = build_font(tmp_path / "a.ttf", "Demo KR", SAMPLE_TEXT + JP_LINE + EN_LINE)
    latin = build_font(tmp_path / "b.ttf", "Demo Latin", "ABC")
    japanese = build_font(tmp_path / "c.ttf", "Demo JP", SAMPLE_TEXT + JP_LINE + EN_LINE)
    ttc = build_collection(tmp_path / "Demo-Regular.ttc", [korean, latin, japanese])
    assert check_font_file(ttc) == (2, "Demo JP")
    assert check_font_file(ttc, index=0) == (0, "Demo KR")
    with pytest.raises(UnusableFontError, match="has no Japanese glyphs"):
        check_font_file(ttc, index=1)
    with pytest.raises(UnusableFontError, match="has no face number 7"):
        check_font_file(ttc, index=7)

    # The face index reaches fpdf2: the text comes back from face 2 of the collection.
    choice = find_cjk_font(ttc)
    assert (choice.index, choice.family) == (2, "Demo JP")
    assert pdftotext(pdf_with(choice, tmp_path / "ttc.pdf")) == [JP_LINE, EN_LINE, JP_LINE]


def test_collection_without_jp_name_uses_first_face_with_glyphs(tmp_path: Path) -> None:
    latin = build_font(tmp_path / "a.ttf", "Demo Latin", "ABC")
    chinese = build_font(tmp_path / "b.ttf", "Demo SC", SAMPLE_TEXT)
    assert check_font_file(build_collection(tmp_path / "d.ttc", [latin, chinese])) == (
        1,
        "Demo SC",
    )


def test_collections_need_fpdf2_2_8_6(monkeypatch: pytest.MonkeyPatch, no_env: None,
                                      no_bundled_font: Path) -> None:
    require_file(NOTO_SANS, "fonts-noto-cjk")
    require_file(IPAEX, "fonts-ipaexfont-gothic")
    monkeypatch.setattr(fonts, "_fpdf_can_embed_cff_and_collections", lambda: False)
    with pytest.raises(InputError) as info:
        find_cjk_font(NOTO_SANS)
    assert worded(info.value) == (
        f"{NOTO_SANS}: the font given by --font needs fpdf2 2.8.6 or later to embed a font"
        f" collection (fpdf2 {fonts._fpdf_version()} is installed)"
    )
    monkeypatch.setattr(fonts, "WELL_KNOWN_FONTS", (str(NOTO_SANS), str(IPAEX)))
    assert find_cjk_font().path == IPAEX


def test_bold_sibling_is_found_only_if_really_bold(tmp_path: Path, tiny_jp: Path) -> None:
    text = SAMPLE_TEXT + JP_LINE + EN_LINE
    bold = build_font(tmp_path / "Tiny-Bold.ttf", "Tiny JP", text, style="Bold", weight=700)
    choice = find_cjk_font(tiny_jp)
    assert (choice.bold_path, choice.bold_index, choice.has_bold) == (bold, 0, True)

    build_font(tmp_path / "Tiny-Bold.ttf", "Tiny JP", text, weight=400)
    assert find_cjk_font(tiny_jp).bold_path is None


def test_no_fonttools_or_fpdf_import_at_import_time() -> None:
    code = (
        "import sys, tripplan.export.fonts; "
        "print(sorted(m for m in ('fontTools', 'fpdf') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- the PDF itself -----------------------------------------------------------------------


def _check_pdf(pdf: Path) -> list[str]:
    """Text extracts back identically; every font is embedded, subset, with ToUnicode."""
    assert pdftotext(pdf) == [JP_LINE, EN_LINE, JP_LINE]
    rows = pdffonts(pdf)
    assert len(rows) == 2, rows  # regular and bold (the regular face again if no bold)
    for row in rows:
        # columns: name, type (1-3 words), encoding, emb, sub, uni, object, generation
        assert row[-5:-2] == ["yes", "yes", "yes"], row
        assert row[0].startswith("MPDFAA+"), row  # subset tag
    return [row[0] for row in rows]


def test_pdf_with_discovered_font_embeds_and_extracts(tmp_path: Path, no_env: None) -> None:
    require_tool("pdftotext")
    require_file(IPAEX, "fonts-ipaexfont-gothic")
    names = _check_pdf(pdf_with(find_cjk_font(), tmp_path / "agenda.pdf"))
    assert names == ["MPDFAA+IPAexGothic", "MPDFAA+IPAexGothic"]


def test_pdf_with_noto_sans_cjk_regular_and_bold(tmp_path: Path, no_env: None) -> None:
    require_tool("pdftotext")
    choice = find_cjk_font(require_file(NOTO_SANS, "fonts-noto-cjk"))
    names = _check_pdf(pdf_with(choice, tmp_path / "noto.pdf"))
    assert names == ["MPDFAA+NotoSansCJKJP", "MPDFAA+NotoSansCJKJPBold"]
