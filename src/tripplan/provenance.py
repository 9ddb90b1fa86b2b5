"""Where each text and fact of a trip comes from: the source's wording, a translation, an
inference (no I/O; the words that show it are in :mod:`tripplan.present.vocabulary`).

A trip says it in its ``[provenance]`` table (which language is the source's, who
translated the others, which translated-language texts the source prints as they are) and
with ``inferred = "…basis…"`` on items, counterparts and organisations, and
``inferred_links = { contact = "…" }`` on an item's links.

>>> trip = Trip.model_validate({"id": "t", "title": {"ja": "訪問", "en": "Visit"},
...     "home_timezone": "Asia/Tokyo", "start": "2024-06-20", "end": "2024-06-20",
...     "provenance": {"source_language": "ja", "translations": {"en": "editorial"}},
...     "items": [{"id": "h", "kind": "lodging", "title": {"ja": "宿泊"},
...                "inferred": "１泊３日"}]})
>>> [(key_path(p), t.languages) for p, t in texts(trip)]
[('title', ('ja', 'en')), ('items.0.title', ('ja',)), ('items.0.inferred', ())]
>>> origin(trip, ("title",), "en"), origin(trip, ("title",), "ja")
('editorial', 'source')
>>> missing_languages(trip, trip.items[0].title)
('en',)
>>> [(key_path(p), str(b)) for p, b in inferred_facts(trip)]
[('items.0', '１泊３日')]
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from tripplan.model import Text, Trip

SKIPPED = frozenset({"stamp", "removed", "provenance"})
"""Fields whose texts are bookkeeping, not the trip's content."""

Path = tuple[str | int, ...]


def key_path(path: Path) -> str:
    """``("items", 3, "title")`` → ``items.3.title`` (the form ``verbatim`` lists)."""
    return ".".join(str(p) for p in path)


def texts(trip: Trip) -> Iterator[tuple[Path, Text]]:
    """Every text of the trip with its key path, in file order."""
    yield from _walk(trip, ())


def _walk(value: object, path: Path) -> Iterator[tuple[Path, Text]]:
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in SKIPPED:
                yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for i, each in enumerate(value):
            yield from _walk(each, (*path, i))
    elif isinstance(value, dict):
        for key, each in value.items():
            yield from _walk(each, (*path, key))


def declared_languages(trip: Trip) -> tuple[str, ...]:
    """The languages the trip's ``[provenance]`` declares (source first), else none."""
    prov = trip.provenance
    if prov is None:
        return ()
    langs = ([prov.source_language] if prov.source_language else []) + list(prov.translations)
    return tuple(dict.fromkeys(langs))


def trip_languages(trip: Trip) -> tuple[str, ...]:
    """The languages the trip is written in: those its provenance declares, else its
    title's."""
    return declared_languages(trip) or trip.title.languages


def bilingual(trip: Trip) -> bool:
    """Whether the trip declares (in ``[provenance]``) that it is written in two languages
    or more: then every text should be in each (rule R014)."""
    return len(declared_languages(trip)) >= 2


def missing_languages(trip: Trip, text: Text) -> tuple[str, ...]:
    """The trip's languages a text lacks (none for a plain string: it reads the same in
    every language, like a name given in one script only)."""
    if isinstance(text.root, str):
        return ()
    return tuple(lang for lang in trip_languages(trip) if lang not in text.root)


def origin(trip: Trip, path: Path, lang: str) -> str | None:
    """Where the ``lang`` wording of the text at ``path`` comes from: ``"source"``, a
    translator (``"editorial"``, ``"official"``, ``"machine"``), or ``None`` (not said)."""
    prov = trip.provenance
    if prov is None:
        return None
    if lang == prov.source_language or key_path((*path, lang)) in prov.verbatim:
        return "source"
    translator = prov.translations.get(lang)
    return translator.value if translator is not None else None


def translator(trip: Trip, lang: str) -> str | None:
    """Who translated the trip's texts in ``lang`` (``None``: not a translation)."""
    prov = trip.provenance
    if prov is None or lang == prov.source_language:
        return None
    found = prov.translations.get(lang)
    return found.value if found is not None else None


def inferred_facts(trip: Trip) -> Iterator[tuple[Path, Text]]:
    """Every fact the trip marks as inferred, with its basis: items, their links (path
    ends with the link's key), counterparts and organisations."""
    for i, item in enumerate(trip.items):
        if item.inferred is not None:
            yield ("items", i), item.inferred
        for link, basis in (item.inferred_links or {}).items():
            yield ("items", i, link), basis
        for key in ("counterparts", "hosts", "co_hosts"):
            for j, linked in enumerate(getattr(item, key)):
                if linked.inferred is not None:
                    yield ("items", i, key, j), linked.inferred
    for key in ("hosts", "co_hosts"):
        for j, org in enumerate(getattr(trip, key)):
            if org.inferred is not None:
                yield (key, j), org.inferred
