"""The PDF agenda right after ``pip install``: the IPAexGothic that comes with tripplan.

A fresh virtual environment gets tripplan from a plain (not editable) ``pip install`` of a
copy of the source tree, as a user installs it. With ``TRIPPLAN_PDF_FONT`` unset and a
fontconfig configuration that knows no font at all, ``tripplan export --pdf`` still writes
the reference trip in Japanese and in English, with the font embedded. The installation
takes about a minute (pip resolves and installs every dependency); needs poppler-utils.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT

EMPTY_FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig></fontconfig>
"""


def require_tool(name: str) -> str:
    exe = shutil.which(name)
    if exe is None:
        pytest.fail(f"{name} is not on PATH: install it with `apt-get install poppler-utils`")
    return exe


def source_copy(target: Path) -> Path:
    """What an sdist holds: the project file, the README and the package (no build output)."""
    target.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    return target


def user_environment(home: Path) -> dict[str, str]:
    """A user's environment: no tripplan settings, no font named, no font fontconfig knows."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TRIPPLAN_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    config = home / "fonts.conf"
    config.write_text(EMPTY_FONTCONFIG, encoding="utf-8")
    env |= {"FONTCONFIG_FILE": str(config), "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache")}
    return env


def test_pdf_agenda_right_after_pip_install(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                           str(source_copy(tmp_path / "tripplan-src"))],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]

    home = tmp_path / "home"
    home.mkdir()
    env = user_environment(home)
    if shutil.which("fc-list"):  # fontconfig itself sees no font at all
        listed = subprocess.run(["fc-list"], env=env, capture_output=True, text=True)
        assert listed.stdout.strip() == ""

    # the installed package holds the font, unmodified, with its licence beside it
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "from tripplan.export.fonts import find_cjk_font; c = find_cjk_font(); "
         "print(c.source, c.family, c.path, sep='\\n')"],
        env=env, cwd=home, capture_output=True, text=True, check=True).stdout.splitlines()
    source, family, path = where
    installed = Path(path)
    assert (source, family) == ("bundled", "IPAexGothic")
    assert installed.is_relative_to(venv) and "site-packages" in installed.parts
    bundled = ROOT / "src" / "tripplan" / "fonts" / "ipaexg.ttf"
    assert hashlib.sha256(installed.read_bytes()).digest() == \
        hashlib.sha256(bundled.read_bytes()).digest()
    assert (installed.parent / "IPA_Font_License_Agreement_v1.0.txt").is_file()

    for lang, sample in (("ja", "バンコク都知事との両都市間連携等にかかるトップ会談"),
                         ("en", "Top-level meeting with the Governor of Bangkok")):
        out = tmp_path / f"agenda-{lang}.pdf"
        run = subprocess.run([str(venv / "bin" / "tripplan"), "export", str(REFERENCE), "--pdf",
                              "--lang", lang, "-o", str(out)],
                             env=env, cwd=home, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert out.read_bytes().startswith(b"%PDF-")
        listing = subprocess.run([require_tool("pdffonts"), str(out)], capture_output=True,
                                 text=True, check=True).stdout.splitlines()[2:]
        assert listing, "no font in the PDF"
        for row in listing:
            # name, type (1-3 words), encoding, emb, sub, uni, object, generation
            assert re.match(r"[A-Z]{6}\+IPAexGothic ", row), row
            assert row.split()[-5:-2] == ["yes", "yes", "yes"], row
        text = subprocess.run([require_tool("pdftotext"), str(out), "-"], capture_output=True,
                              check=True).stdout.decode("utf-8")
        flat = re.sub(r"\s+", "" if lang == "ja" else " ", text)
        assert sample in flat
        assert "中村" in text  # a name given only in Japanese, in the English agenda too
