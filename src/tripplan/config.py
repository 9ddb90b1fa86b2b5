"""Defaults a person sets once: itineraries folder, home zone, language.

Read from, lowest priority first:

1. built-in defaults (``itineraries``, no home zone, ``en``);
2. the config file ``config.toml`` in the platform's config folder
   (Linux: ``~/.config/tripplan/config.toml``; macOS: ``~/Library/Application Support/tripplan``;
   Windows: ``%APPDATA%\\tripplan``), or the file named by ``$TRIPPLAN_CONFIG``;
3. environment variables ``TRIPPLAN_ITINERARIES``, ``TRIPPLAN_HOME_TIMEZONE``,
   ``TRIPPLAN_LANG``.

Command-line flags win over all of these.

Example ``config.toml``::

    itineraries = "~/protocol/itineraries"
    home_timezone = "Asia/Tokyo"
    lang = "ja"
"""

from __future__ import annotations

import functools
import os
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from tripplan.errors import InputError

LANGS = ("en", "ja")


@dataclass(frozen=True)
class Settings:
    itineraries: str = "itineraries"
    home_timezone: str | None = None
    lang: str = "en"
    config_file: str | None = None


def config_path() -> Path:
    explicit = os.environ.get("TRIPPLAN_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return platformdirs.user_config_path("tripplan") / "config.toml"


@functools.lru_cache(maxsize=1)
def settings() -> Settings:
    values: dict[str, str] = {}
    path = config_path()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
            raise InputError(f"the config file cannot be read: {err}", path=path,
                             hint="fix or remove it") from None
        known = {f.name for f in fields(Settings)} - {"config_file"}
        for key, value in data.items():
            if key not in known:
                raise InputError(f'unknown key "{key}" in the config file', path=path,
                                 hint="known keys: " + ", ".join(sorted(known)))
            if not isinstance(value, str):
                raise InputError(f'"{key}" must be text in quotes', path=path)
            values[key] = value
        values["config_file"] = str(path)
    for key, env in (("itineraries", "TRIPPLAN_ITINERARIES"),
                     ("home_timezone", "TRIPPLAN_HOME_TIMEZONE"), ("lang", "TRIPPLAN_LANG")):
        if os.environ.get(env):
            values[key] = os.environ[env]
    if "itineraries" in values:
        values["itineraries"] = str(Path(values["itineraries"]).expanduser())
    result = Settings(**values)
    if result.lang not in LANGS:
        raise InputError(f'language "{result.lang}" is not supported',
                         hint=f"use one of: {', '.join(LANGS)} (TRIPPLAN_LANG or config lang)")
    return result
