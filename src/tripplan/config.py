"""Defaults a person sets once: itineraries folder, home zone, language, backups kept.

Read from, lowest priority first:

1. built-in defaults (``itineraries``, no home zone, ``en``, 10 backups of each trip);
2. the config file ``config.toml`` in the platform's config folder
   (Linux: ``~/.config/tripplan/config.toml``, or ``$XDG_CONFIG_HOME/tripplan/config.toml``;
   macOS: ``~/Library/Application Support/tripplan/config.toml``;
   Windows: ``%LOCALAPPDATA%\\tripplan\\config.toml``), or the file named by
   ``$TRIPPLAN_CONFIG``;
3. environment variables ``TRIPPLAN_ITINERARIES``, ``TRIPPLAN_HOME_TIMEZONE``,
   ``TRIPPLAN_LANG``, ``TRIPPLAN_BACKUPS`` (an empty variable counts as unset).

Command-line flags win over all of these (``--lang``, ``--home``, paths given to ``list``).
A config file that cannot be read, or holds an unknown key or a bad value, stops every
command that needs it with a located message and exit code 2. ``~`` is expanded in
``itineraries``; a relative folder is relative to the current folder.

Example ``config.toml``::

    itineraries = "~/protocol/itineraries"
    home_timezone = "Asia/Tokyo"
    lang = "ja"
    backups = 20        # how many earlier versions of each trip are kept (1 to 1000)

>>> import os, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "config.toml").write_text('lang = "ja"\\n', encoding="utf-8")
>>> read_settings({"TRIPPLAN_CONFIG": str(folder / "config.toml")}).lang
'ja'
>>> read_settings({"TRIPPLAN_CONFIG": str(folder / "config.toml"), "TRIPPLAN_LANG": "en"}).lang
'en'
>>> read_settings({"TRIPPLAN_CONFIG": str(folder / "none.toml")}).sources["lang"]
'default'
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from tripplan.backupfiles import BACKUP_KEEP, MAX_KEEP
from tripplan.errors import InputError

LANGS = ("en", "ja")

ENV = {
    "itineraries": "TRIPPLAN_ITINERARIES",
    "home_timezone": "TRIPPLAN_HOME_TIMEZONE",
    "lang": "TRIPPLAN_LANG",
    "backups": "TRIPPLAN_BACKUPS",
}
"""The environment variable of each setting."""

CONFIG_ENV = "TRIPPLAN_CONFIG"


@dataclass(frozen=True)
class Settings:
    itineraries: str = "itineraries"
    home_timezone: str | None = None
    lang: str = "en"
    backups: int = BACKUP_KEEP
    """How many backups of each trip the edits keep (``tripplan history`` lists them)."""
    config_file: str | None = None
    """The config file that was read (``None`` when there is none)."""
    sources: dict[str, str] = field(default_factory=dict, compare=False)
    """Where each setting came from: ``default``, ``config`` or the environment variable."""


KEYS = tuple(f.name for f in fields(Settings) if f.name not in ("config_file", "sources"))


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The config file: ``$TRIPPLAN_CONFIG``, else ``config.toml`` in the platform's folder."""
    environ = os.environ if environ is None else environ
    explicit = environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return platformdirs.user_config_path("tripplan", appauthor=False) / "config.toml"


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings of this process (read once; tests call ``settings.cache_clear()``)."""
    return read_settings(os.environ)


def read_settings(environ: Mapping[str, str]) -> Settings:
    """Defaults, then the config file, then the environment (flags are applied by commands)."""
    values: dict[str, str] = {}
    sources = {key: "default" for key in KEYS}
    path = config_path(environ)
    config_file = None
    if path.exists():
        for key, value in _read_file(path).items():
            values[key] = value
            sources[key] = "config"
        config_file = str(path)
    for key, env in ENV.items():
        if environ.get(env):
            values[key] = environ[env]
            sources[key] = env
    for key, value in values.items():
        _check(key, value, sources[key], path)
    if "itineraries" in values:
        values["itineraries"] = str(Path(values["itineraries"]).expanduser())
    typed: dict[str, object] = dict(values)
    if "backups" in values:
        typed["backups"] = int(values["backups"])
    return Settings(**typed, config_file=config_file, sources=sources)  # type: ignore[arg-type]


def _read_file(path: Path) -> dict[str, str]:
    from tripplan.tomldoc.parse import TOMLDecodeError, loads

    try:
        text = path.read_bytes().decode("utf-8")
    except IsADirectoryError:
        raise InputError("the config file is a folder", path=path, code="F001",
                         hint=f"give a file in {CONFIG_ENV}, or remove the folder") from None
    except OSError as err:
        raise InputError(f"the config file cannot be read: {err.strerror or err}", path=path,
                         code="F001", hint="fix its permissions, or remove it") from None
    except UnicodeDecodeError as err:
        line = err.object.count(b"\n", 0, err.start) + 1
        raise InputError("the config file is not UTF-8 text", path=path, line=line,
                         code="F002", hint="save it as UTF-8") from None
    try:
        data = loads(text)
    except TOMLDecodeError as err:
        message = str(err)
        line = column = None
        if m := re.search(r"\s*\(at line (\d+), column (\d+)\)$", message):
            line, column = int(m.group(1)), int(m.group(2))
            message = message[: m.start()]
        raise InputError(f"config file: TOML syntax: {message}", path=path, line=line,
                         column=column, code="F003",
                         hint='write settings as key = "value", e.g. lang = "ja"') from None
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            raise InputError(f'unknown key "{key}" in the config file', path=path,
                             line=_line_of(text, key), code="F005",
                             hint=f'did you mean "{close[0]}"?' if close
                             else "known keys: " + ", ".join(KEYS))
        if key == "backups" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif key == "backups":
            raise InputError('"backups" must be a whole number, e.g. backups = 20', path=path,
                             line=_line_of(text, key), code="F007")
        if not isinstance(value, str):
            raise InputError(f'"{key}" must be text in quotes, e.g. {key} = "…"', path=path,
                             line=_line_of(text, key), code="F007")
        out[key] = value
    return out


def _line_of(text: str, key: str) -> int | None:
    m = re.search(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*[=.]', text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _check(key: str, value: str, source: str, path: Path) -> None:
    where = {"path": path} if source == "config" else {}
    origin = "" if source == "config" else f" ({source})"
    if key == "lang" and value not in LANGS:
        raise InputError(f'language "{value}"{origin} is not supported', code="F008",
                         hint=f"use one of: {', '.join(LANGS)}", **where)
    if key == "home_timezone" and not _is_zone(value):
        raise InputError(f'"{value}"{origin} is not an IANA time zone', code="F008",
                         hint="write a zone name such as Asia/Tokyo or Europe/Paris", **where)
    if key == "backups" and not _is_count(value):
        raise InputError(f'"{value}"{origin} is not a number of backups to keep', code="F008",
                         hint=f"give a whole number from 1 to {MAX_KEEP} (the default is "
                              f"{BACKUP_KEEP})", **where)
    if key == "itineraries" and not value.strip():
        raise InputError(f"the itineraries folder{origin} is empty", code="F008", **where)


def _is_count(text: str) -> bool:
    """A number of backups to keep, in digits: 1 to :data:`~tripplan.backupfiles.MAX_KEEP`."""
    return text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_KEEP


def _is_zone(name: str) -> bool:
    import zoneinfo

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*", name):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
