"""Candidates for shell completion: trip ids, item ids and person ids.

Completion runs on every press of Tab, so it reads as little as it can: trip ids come from
the first few kilobytes of each file of the itineraries folder (no parsing, no model), the
items and people of a trip from parsing the one file named (no model). A file that cannot
be read or parsed, or a trip that cannot be found, gives fewer candidates, never an error.
Each candidate carries a short description (a title, a name) that zsh and fish show.

>>> env = Environment.for_test(environ={"TRIPPLAN_ITINERARIES": "itineraries"})
>>> [c.value for c in trip_candidates(env, "2024")]
['2024-06-yokohama-bangkok']
>>> [(c.value, c.help) for c in item_candidates(env, "2024-06-yokohama-bangkok", "e")]
... # doctest: +NORMALIZE_WHITESPACE
[('escap-meeting', 'Meeting with the head of the ESCAP secretariat'),
 ('eec-meeting', 'Meeting with the head of the Eastern Economic Corridor (EEC) secretar…')]
>>> item_candidates(env, "no-such-trip", "")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tripplan.app.env import Environment

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_TITLE_LINE = re.compile(r'^\s*title(?:\.(?P<lang>[a-z]{2,3}))?\s*=\s*"(?P<text>[^"\\\n]*)"\s*$',
                         re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\s]+")
HELP_WIDTH = 70


@dataclass(frozen=True)
class Candidate:
    value: str
    help: str | None = None


def trip_candidates(env: Environment, incomplete: str, *,
                    given: Iterable[str] = ()) -> list[Candidate]:
    """The ids of the trips in the itineraries folder that start with ``incomplete`` (not
    those already ``given``), in id order, each with its title."""
    from tripplan.catalog import head, itineraries_folder, quick_id, trip_files

    folder = itineraries_folder(env.settings.itineraries)
    if not folder.is_dir():
        return []
    taken = set(given)
    found: dict[str, Candidate] = {}
    for path in trip_files([folder]):
        text = head(path)
        trip_id = quick_id(text)
        if (trip_id and _ID.match(trip_id) and trip_id.startswith(incomplete)
                and trip_id not in taken and trip_id not in found):
            found[trip_id] = Candidate(trip_id, _quick_title(text or "", env.lang()))
    return [found[key] for key in sorted(found)]


def item_candidates(env: Environment, trip: str | None, incomplete: str) -> list[Candidate]:
    """The ids of the items of ``trip`` (an id or a path) that start with ``incomplete``, in
    file order, each with its title."""
    data = _document(env, trip)
    items = data.get("items") if data else None
    if not isinstance(items, list):
        return []
    lang = env.lang()
    found: dict[str, Candidate] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        item_id = item.get("id")
        if isinstance(item_id, str) and _ID.match(item_id) and item_id.startswith(incomplete):
            found.setdefault(item_id, Candidate(item_id, _text(item.get("title"), lang)))
    return list(found.values())


def person_candidates(env: Environment, trips: Iterable[str], incomplete: str) -> list[Candidate]:
    """The ids of the delegation members of ``trips`` that start with ``incomplete``, each
    with their name."""
    lang = env.lang()
    found: dict[str, Candidate] = {}
    for trip in trips:
        people = (_document(env, trip) or {}).get("people")
        if not isinstance(people, dict):
            continue
        for key, person in people.items():
            if isinstance(key, str) and _ID.match(key) and key.startswith(incomplete):
                name = _text(person.get("name"), lang) if isinstance(person, dict) else None
                found.setdefault(key, Candidate(key, name))
    return list(found.values())


def _document(env: Environment, trip: str | None) -> dict[str, Any] | None:
    """The plain data of the trip file named by ``trip``, or ``None`` if there is none."""
    from tripplan.catalog import find_trip
    from tripplan.errors import TripplanError
    from tripplan.load import display_path, parse_document, read_text

    if not trip:
        return None
    try:
        path = Path(find_trip(trip, folder=lambda: env.settings.itineraries))
        fmt = "json" if path.suffix.lower() == ".json" else "toml"
        data = parse_document(read_text(path), fmt, display_path(path))
    except (TripplanError, OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _text(value: Any, lang: str) -> str | None:
    """A text of plain trip data in ``lang`` (else English, Japanese, the first), on one
    short line."""
    if isinstance(value, dict):
        value = next((value[k] for k in (lang, "en", "ja") if isinstance(value.get(k), str)),
                     next((v for v in value.values() if isinstance(v, str)), None))
    return _one_line(value) if isinstance(value, str) else None


def _quick_title(head: str, lang: str) -> str | None:
    """The trip's title from the head of a TOML file, when it is a plain one-line string
    before the first table (else none: a description is not worth a parse)."""
    top = re.split(r"^\s*\[", head, maxsplit=1, flags=re.MULTILINE)[0]
    titles = {m.group("lang"): m.group("text") for m in _TITLE_LINE.finditer(top)}
    for key in (lang, None, "en", "ja", *titles):
        if titles.get(key):
            return _one_line(titles[key])
    return None


def _one_line(text: str) -> str | None:
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > HELP_WIDTH:
        text = text[:HELP_WIDTH - 1].rstrip() + "…"
    return text or None
