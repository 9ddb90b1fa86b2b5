"""Find a font with Japanese glyphs that fpdf2 can embed in a PDF agenda.

``tripplan export TRIP --pdf`` writes the PDF itself with fpdf2 and embeds a subset of
the font, so the file prints the same on any machine. This module only *finds and
checks* the font; it never draws anything.

Search order of :func:`find_cjk_font`:

1. the path given with ``--font PATH`` (passed in as ``explicit``);
2. the environment variable ``TRIPPLAN_PDF_FONT``;
3. :data:`BUNDLED_FONT`, the IPAexGothic that ships inside the package
   (``tripplan/fonts/ipaexg.ttf``, IPA Font License v1.0, unmodified, its licence beside
   it), so that every machine prints the same PDF right after ``pip install``;
4. only if that file is missing (a repackaged tripplan without it) or unusable:
   :data:`WELL_KNOWN_FONTS`, fonts checked with fpdf2 2.8.9 (embedding, text extraction
   with ``pdftotext`` and rendering with ``pdftoppm``);
5. fontconfig: the best match of ``fc-match ':lang=ja'``, then the other fonts of
   ``fc-list ':lang=ja'``, if those commands exist.

A font given explicitly (1 or 2) that cannot be used is an error with a precise
message; it is never silently replaced by another font. Fonts found by steps 3 to 5
are checked the same way and skipped when unusable. Every candidate must:

* be a TrueType/OpenType file or collection (``.ttf``, ``.otf``, ``.ttc``, ``.otc``)
  that fontTools can read;
* have outline glyphs (``glyf`` or CID-keyed ``CFF``; not ``CFF2`` or name-keyed ``CFF``,
  which fpdf2 2.8.9 embeds as a mismatched font program) and allow
  embedding (OS/2 ``fsType`` is not "restricted license");
* map every character of :data:`SAMPLE_TEXT` (``日本語の予定表``) in its cmap;
* if it is a collection or has CFF outlines, run with an fpdf2 that can embed those
  (``add_font(collection_font_number=...)``, fpdf2 2.8.6 and later).

IPAexGothic is the bundled font: TrueType outlines embed with every fpdf2 release, it was
the fastest and gave the smallest PDFs. Noto Sans CJK JP (``fonts-noto-cjk``) has a Bold
face but needs fpdf2 2.8.6+; give it with ``--font`` to use it.

Example (with nothing given, the bundled font is chosen):

>>> choice = find_cjk_font(environ={})
>>> choice.path == BUNDLED_FONT, choice.path.name, choice.index, choice.family
(True, 'ipaexg.ttf', 0, 'IPAexGothic')
>>> choice.source
'bundled'
>>> from fpdf import FPDF
>>> pdf = FPDF()
>>> choice.add_to(pdf)
'jp'
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tripplan.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from fpdf import FPDF

SAMPLE_TEXT = "日本語の予定表"
"""Characters a font must map to count as "has Japanese glyphs" (kanji and kana)."""

ENV_VAR = "TRIPPLAN_PDF_FONT"
"""Environment variable naming a font file, used when ``--font`` is not given."""

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
"""File name endings fpdf2 accepts for an outline font (compared case-insensitively)."""

BUNDLED_FONT = Path(__file__).resolve().parent.parent / "fonts" / "ipaexg.ttf"
"""IPAexGothic as shipped in the package (IPA Font License v1.0: redistributed unmodified,
``fonts/IPA_Font_License_Agreement_v1.0.txt`` beside it); used after ``--font`` and
``TRIPPLAN_PDF_FONT``, before any font of the system."""

WELL_KNOWN_FONTS: tuple[str, ...] = (
    # IPAexGothic, TrueType outlines: works with any fpdf2, fastest, smallest output.
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",  # Debian/Ubuntu fonts-ipaexfont-gothic
    # Noto Sans / Serif CJK JP (face 0 of the collection), CID-keyed CFF: fpdf2 >= 2.8.6.
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",  # Debian/Ubuntu fonts-noto-cjk
    # Debian's alternatives link to the preferred Japanese gothic TrueType font.
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
)
"""Regular faces tried, in order, when the bundled font is missing or unusable."""

FC_TIMEOUT_SECONDS = 30
"""fontconfig may build its cache on first use; never wait longer than this."""

FC_MAX_CANDIDATES = 10
"""At most this many fontconfig results are opened and checked."""

NO_FONT_MESSAGE = "no font with Japanese glyphs was found for the PDF"
EXPLICIT = "font"
"""The source of a font given by the caller: the ``font`` argument (``{font}`` in messages,
which the front end writes its own way, e.g. ``--font``)."""
NO_FONT_HINT = (
    "pass a font file with {font} PATH or set TRIPPLAN_PDF_FONT=PATH, or install one: "
    "on Debian/Ubuntu `sudo apt-get install fonts-ipaexfont-gothic` (or fonts-noto-cjk); "
    "on macOS e.g. {font} '/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc'; "
    "on Windows e.g. {font} C:\\Windows\\Fonts\\YuGothR.ttc"
)
BAD_FONT_HINT = (
    "use a TrueType/OpenType font with Japanese glyphs, e.g. "
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf "
    "(Debian/Ubuntu: `sudo apt-get install fonts-ipaexfont-gothic`); without one, the PDF "
    "uses the IPAexGothic that comes with tripplan"
)
_FPDF_FIRST_CFF_TTC_VERSION = "2.8.6"
_SFNT_MAGICS = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")


@dataclass(frozen=True)
class FontChoice:
    """A font fpdf2 can embed, with the face to use and an optional bold face.

    ``index`` is the face number inside a collection (``.ttc``/``.otc``), 0 otherwise;
    it is what fpdf2 calls ``collection_font_number``. ``family`` is the font's own
    family name (for messages and PDF metadata); :meth:`add_to` registers the font
    under a family name of your choice. ``source`` says where the font came from:
    ``"font"`` (the caller's argument), ``"TRIPPLAN_PDF_FONT"``, ``"bundled"`` (the font
    that comes with tripplan), ``"well-known"`` or ``"fontconfig"``.

    >>> FontChoice(Path("/f/ipaexg.ttf"), family="IPAexGothic").has_bold
    False
    """

    path: Path
    index: int = 0
    family: str = ""
    bold_path: Path | None = None
    bold_index: int = 0
    source: str = ""

    @property
    def has_bold(self) -> bool:
        """True when a real bold face was found next to the regular one."""
        return self.bold_path is not None

    def add_to(self, pdf: FPDF, family: str = "jp") -> str:
        """Register the font with ``pdf`` under ``family`` for styles ``""`` and ``"B"``.

        Without a bold face the regular face is registered for ``"B"`` too, so
        ``pdf.set_font(family, "B")`` (and ``<b>`` in ``write_html``) never fails;
        check :attr:`has_bold` to emphasise some other way. Returns ``family``.

        >>> from fpdf import FPDF
        >>> pdf = FPDF()
        >>> FontChoice(Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")).add_to(pdf)
        'jp'
        >>> sorted(pdf.fonts)
        ['jp', 'jpB']
        """
        pdf.add_font(family, "", str(self.path), **_face_kwargs(self.index))
        if self.bold_path is not None:
            pdf.add_font(family, "B", str(self.bold_path), **_face_kwargs(self.bold_index))
        else:
            pdf.add_font(family, "B", str(self.path), **_face_kwargs(self.index))
        return family


def find_cjk_font(explicit: str | os.PathLike[str] | None = None, *,
                  environ: Mapping[str, str] | None = None) -> FontChoice:
    """Return the font to embed in a PDF with Japanese text.

    ``explicit`` is the ``--font`` value; ``environ`` the environment variables (default:
    this process's). If it (or else ``TRIPPLAN_PDF_FONT``) is given
    it must be usable, or :class:`~tripplan.errors.InputError` (exit 2) says why.
    Otherwise the bundled font (:data:`BUNDLED_FONT`) is returned, or if that file is
    missing or unusable the first usable font of :data:`WELL_KNOWN_FONTS` and then of
    fontconfig; if there is none, ``InputError`` says so and how to fix it.

    >>> find_cjk_font("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    ... # doctest: +NORMALIZE_WHITESPACE
    FontChoice(path=PosixPath('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
               index=0, family='Noto Sans CJK JP',
               bold_path=PosixPath('/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc'),
               bold_index=0, source='font')
    >>> find_cjk_font("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    Traceback (most recent call last):
    ...
    tripplan.errors.InputError: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf: \
the font given by font has no Japanese glyphs (none for "日本語の予定表")
    """
    if explicit is not None and str(explicit) != "":
        return _explicit_choice(Path(explicit).expanduser(), EXPLICIT)
    from_env = (os.environ if environ is None else environ).get(ENV_VAR, "")
    if from_env:
        return _explicit_choice(Path(from_env).expanduser(), ENV_VAR)

    rejected: list[str] = []
    choice = _installed_font(rejected)
    if choice is not None:
        return choice
    hint = NO_FONT_HINT
    if not BUNDLED_FONT.is_file():
        hint += f". The font that comes with tripplan is missing ({BUNDLED_FONT}): reinstall it"
    if rejected:
        hint += ". Found but not usable: " + "; ".join(rejected)
    raise InputError(NO_FONT_MESSAGE, hint=hint)


def _installed_font(rejected: list[str]) -> FontChoice | None:
    """The bundled font, else the first usable well-known or fontconfig font; None if there
    is none. Each font found but unusable is added to ``rejected`` with the reason."""
    if BUNDLED_FONT.is_file():
        try:
            index, family = check_font_file(BUNDLED_FONT)
        except UnusableFontError as exc:
            rejected.append(f"{BUNDLED_FONT} ({exc})")
        else:
            return FontChoice(BUNDLED_FONT, index, family, source="bundled")
    for name in WELL_KNOWN_FONTS:
        path = Path(name)
        if not path.is_file():
            continue
        try:
            index, family = check_font_file(path)
        except UnusableFontError as exc:
            rejected.append(f"{path} ({exc})")
            continue
        return _with_bold(path, index, family, "well-known")

    for path, fc_index in _fontconfig_candidates():
        try:
            face = _check(path, fc_index)
        except UnusableFontError as exc:
            rejected.append(f"{path} ({exc})")
            continue
        if face.weight >= 600:  # a bold face listed next to its regular one
            continue
        return _with_bold(path, face.index, face.family, "fontconfig")
    return None


class UnusableFontError(ValueError):
    """Why a file cannot be used as the PDF's Japanese font (a phrase, not a sentence).

    The phrase completes "the font ... ", e.g. ``has no Japanese glyphs (...)``.
    """


def check_font_file(path: str | os.PathLike[str], index: int | None = None) -> tuple[int, str]:
    """Check that fpdf2 can embed ``path`` with Japanese text; return (face index, family).

    In a collection the face ``index`` is checked, or when ``index`` is None the first
    face whose family name contains "JP" and has the glyphs, else the first with them.
    Raises :class:`UnusableFontError` with the reason otherwise.

    >>> check_font_file("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
    (0, 'IPAexGothic')
    >>> check_font_file("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    (0, 'Noto Sans CJK JP')
    >>> check_font_file("/no/such.ttf")
    Traceback (most recent call last):
    ...
    tripplan.export.fonts.UnusableFontError: does not exist
    """
    face = _check(Path(path), index)
    return face.index, face.family


# --- internals ------------------------------------------------------------------------


def _check(path: Path, index: int | None) -> _Face:
    if not path.exists():
        raise UnusableFontError("does not exist")
    if path.is_dir():
        raise UnusableFontError("is a directory, not a font file")
    if path.suffix.lower() not in FONT_SUFFIXES:
        raise UnusableFontError(
            "is not a kind of font file fpdf2 can embed: use a .ttf, .otf, .ttc or .otc file"
        )
    try:
        with path.open("rb") as stream:
            magic = stream.read(4)
    except OSError as exc:
        raise UnusableFontError(f"cannot be read ({exc.strerror or exc})") from exc
    if magic not in _SFNT_MAGICS:
        raise UnusableFontError("is not a TrueType/OpenType font file")

    is_collection = magic == b"ttcf"
    face = _read_face(path, is_collection, index)
    _check_face(face)
    if (is_collection or face.outlines == "CFF ") and not _fpdf_can_embed_cff_and_collections():
        what = "a font collection" if is_collection else "CFF outlines"
        raise UnusableFontError(
            f"needs fpdf2 {_FPDF_FIRST_CFF_TTC_VERSION} or later to embed {what}"
            f" (fpdf2 {_fpdf_version()} is installed)"
        )
    return face


@dataclass(frozen=True)
class _Face:
    index: int
    family: str
    weight: int
    outlines: str  # "glyf", "CFF ", "CFF2" or "" (bitmaps only)
    cid_keyed: bool  # CFF outlines with a ROS (as in every CJK OpenType font)
    restricted: bool
    missing: str  # characters of SAMPLE_TEXT the cmap does not map


def _read_face(path: Path, is_collection: bool, index: int | None) -> _Face:
    """Describe face ``index``, or pick one: a "JP" face with the glyphs, else any with them.

    Only names are read for every face of a collection; cmaps (slow for CJK fonts)
    are read one face at a time until one maps all of :data:`SAMPLE_TEXT`.
    """
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if not is_collection:
            with TTFont(str(path), lazy=True) as font:
                return _describe(0, font)
        with TTCollection(str(path), lazy=True) as collection:
            fonts = list(enumerate(collection.fonts))
            if not fonts:
                raise UnusableFontError("is an empty font collection")
            if index is not None:
                if not 0 <= index < len(fonts):
                    raise UnusableFontError(f"has no face number {index}")
                return _describe(index, fonts[index][1])
            fonts.sort(key=lambda item: "JP" not in _family(item[1]).split())  # stable
            first: _Face | None = None
            for i, font in fonts:
                face = _describe(i, font)
                if not face.missing:
                    return face
                first = first or face
            return first  # no face has the glyphs: report the preferred one
    except UnusableFontError:
        raise
    except Exception as exc:  # fontTools raises many kinds on damaged files
        raise UnusableFontError(f"is a damaged font file ({type(exc).__name__}: {exc})") from exc


def _family(font) -> str:
    if "name" not in font:
        return ""
    name_table = font["name"]
    return str(name_table.getDebugName(16) or name_table.getDebugName(1) or "")


def _describe(index: int, font) -> _Face:
    for table in ("cmap", "head", "hmtx", "name"):
        if table not in font:
            raise UnusableFontError(f"has no '{table}' table")
    family = _family(font)
    cmap = font.getBestCmap() or {}
    missing = "".join(ch for ch in SAMPLE_TEXT if ord(ch) not in cmap)
    outlines = next((t for t in ("glyf", "CFF ", "CFF2") if t in font), "")
    cid_keyed = False
    if outlines == "CFF ":  # parses the CFF header and top dict: ~0.2 s for Noto CJK
        cid_keyed = hasattr(font["CFF "].cff.topDictIndex[0], "ROS")
    weight, restricted = 400, False
    if "OS/2" in font:
        os2 = font["OS/2"]
        weight = int(os2.usWeightClass)
        restricted = (int(os2.fsType) & 0x000F) == 0x0002
    return _Face(index, family, weight, outlines, cid_keyed, restricted, missing)


def _check_face(face: _Face) -> None:
    if face.missing == SAMPLE_TEXT:
        raise UnusableFontError(f'has no Japanese glyphs (none for "{SAMPLE_TEXT}")')
    if face.missing:
        raise UnusableFontError(
            f'lacks Japanese glyphs (none for "{face.missing}" of "{SAMPLE_TEXT}")'
        )
    if face.outlines == "":
        raise UnusableFontError("has no outline glyphs (bitmap-only font)")
    if face.outlines == "CFF2":
        raise UnusableFontError("has CFF2 (variable) outlines, which fpdf2 cannot embed")
    if face.outlines == "CFF " and not face.cid_keyed:
        # fpdf2 2.8.9 writes such fonts as CIDFontType0 with a FontFile2 stream
        # (poppler: "Mismatch between font type and embedded font file").
        raise UnusableFontError("has CFF outlines that are not CID-keyed; fpdf2 embeds those badly")
    if face.restricted:
        raise UnusableFontError("does not allow embedding (OS/2 fsType: restricted license)")


def _explicit_choice(path: Path, source: str) -> FontChoice:
    try:
        index, family = check_font_file(path)
    except UnusableFontError as exc:
        hint = BAD_FONT_HINT
        if source == ENV_VAR:
            hint = f"fix or unset {ENV_VAR}; " + hint
        given = "{font}" if source == EXPLICIT else source
        raise InputError(f"the font given by {given} {exc}", path=path, hint=hint) from exc
    return _with_bold(path, index, family, source)


def _with_bold(path: Path, index: int, family: str, source: str) -> FontChoice:
    bold_path, bold_index = _find_bold(path, index)
    return FontChoice(path, index, family, bold_path, bold_index, source)


def _find_bold(path: Path, index: int) -> tuple[Path | None, int]:
    """The bold sibling of a "…Regular…" file, if it is a usable bold face.

    ``NotoSansCJK-Regular.ttc`` → ``NotoSansCJK-Bold.ttc`` (same face index).
    """
    stem = path.name
    if "Regular" not in stem:
        return None, 0
    head, _, tail = stem.rpartition("Regular")
    bold = path.with_name(f"{head}Bold{tail}")
    if not bold.is_file():
        return None, 0
    try:
        face = _check(bold, index)
    except UnusableFontError:
        return None, 0
    return (bold, face.index) if face.weight >= 600 else (None, 0)


def _fontconfig_candidates() -> list[tuple[Path, int]]:
    """Fonts fontconfig says support Japanese: the best match first, then the rest."""
    best = _run_fc(["fc-match", "-f", "%{file}\t%{index}\n", ":lang=ja"]) or []
    japanese = _run_fc(["fc-list", "-f", "%{file}\t%{index}\n", ":lang=ja"])
    if japanese is None:  # no fc-list: fc-match's answer is checked like any other
        return best[:FC_MAX_CANDIDATES]
    # fc-match always answers, falling back to a Latin font when no Japanese one is
    # installed; trust it only when fc-list agrees that the font supports Japanese.
    ordered = [c for c in best if c in japanese]
    ordered += sorted(c for c in japanese if c not in ordered)
    return ordered[:FC_MAX_CANDIDATES]


def _run_fc(argv: list[str]) -> list[tuple[Path, int]] | None:
    """(file, face index) pairs printed by a fontconfig command; None if it cannot run."""
    exe = shutil.which(argv[0])
    if exe is None:
        return None
    try:
        done = subprocess.run(
            [exe, *argv[1:]],
            capture_output=True,
            text=True,
            timeout=FC_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    found: list[tuple[Path, int]] = []
    for line in done.stdout.splitlines():
        file, _, index = line.partition("\t")
        # fontconfig's index is face + (named instance << 16) for variable fonts
        candidate = (Path(file), _int(index) & 0xFFFF)
        if file and Path(file).suffix.lower() in FONT_SUFFIXES and candidate not in found:
            found.append(candidate)
    return found


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _face_kwargs(index: int) -> dict[str, int]:
    # Pass collection_font_number only when needed, so plain .ttf files keep working
    # with fpdf2 releases older than 2.8.6 (which do not know the argument).
    return {"collection_font_number": index} if index else {}


def _fpdf_can_embed_cff_and_collections() -> bool:
    import inspect

    from fpdf import FPDF

    return "collection_font_number" in inspect.signature(FPDF.add_font).parameters


def _fpdf_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fpdf2")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"
