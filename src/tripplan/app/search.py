"""``tripplan search``: a text in every trip of the catalogue, in every language.

The trips are those ``list`` finds (the itineraries folder, or the paths given). What is
searched is what a reader of ``show`` is told about a trip: its title, subtitle and purpose;
each item's title, counterparts (name, title, organisation), hosts and co-hosts, notes; the
places it is at or travels between (name, city, address; an airport code as written); and
the footnotes it names. Every language of a text is searched, and the comparison folds
case, width and compatibility forms (:mod:`tripplan.textmatch`): ``ＥＳＣＡＰ`` is found by
``escap``, ``ﾊﾞﾝｺｸ`` by ``バンコク``.

Like ``show``, the search is cut for an audience (default ``internal``): items above it are
not searched, nor what only they name (their places and footnotes), and internal notes only
at ``internal`` and above.

>>> found = search(Environment.for_test(), "ｅｓｃａｐ 事務局長",
...                ["itineraries/2024-06-yokohama-bangkok.toml"])
>>> [(h.item, h.key, h.line, h.text[slice(*h.spans[0])]) for h in found.hits]
... # doctest: +NORMALIZE_WHITESPACE
[('escap-meeting', 'items[7].title.ja', 250, 'ESCAP 事務局長'),
 ('escap-meeting', 'items[7].counterparts[0].title.ja', 255, 'ESCAP 事務局長'),
 ('escap-meeting', 'items[7].notes.ja', 260, 'ESCAP 事務局長')]
>>> found.outcome, search(Environment.for_test(), "Paris Hilton").outcome
(<Outcome.OK: 'ok'>, <Outcome.FINDINGS: 'findings'>)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import Work, run_files
from tripplan.diagnostics import Diagnostic, format_key_path

if TYPE_CHECKING:
    from tripplan.load import LoadedTrip
    from tripplan.model import Item, Text, Trip

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    """One text that holds the query: where it is, what it says, where the query is in it."""

    trip: str
    item: str | None
    """The item whose text it is (or that names the place or footnote); ``None``: the trip's."""
    field: str
    """What the text is of the item (or trip): ``title``, ``counterparts[0].title``, or the
    link through which the item names it: ``place``, ``origin``, ``destination``,
    ``footnotes``."""
    key: str
    """The text's key path in the file, language included: ``places.bangkok.name.en``."""
    lang: str | None
    """Its language (``None``: a plain string, the same in every language)."""
    text: str
    spans: tuple[tuple[int, int], ...]
    """Where the query is in ``text`` (start and end, in characters)."""
    file: str
    line: int
    column: int

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def to_json(self) -> dict[str, Any]:
        return {"trip": self.trip, "item": self.item, "field": self.field, "key": self.key,
                "lang": self.lang, "text": self.text, "matches": [list(s) for s in self.spans],
                "file": self.file, "line": self.line, "column": self.column}


@dataclass
class TripHits:
    """The hits in one trip, with its title (for the heading of a terminal view)."""

    trip: str
    title: Text
    hits: list[Hit] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    audience: str
    found: list[TripHits] = field(default_factory=list)
    trips: int = 0
    """How many trips were searched (files that could be loaded)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def hits(self) -> list[Hit]:
        return [hit for trip in self.found for hit in trip.hits]

    @property
    def outcome(self) -> Outcome:
        """``INVALID`` when a file could not be read, else ``OK`` with hits, ``FINDINGS``
        (exit 1) with none, as ``grep`` does."""
        if self.diagnostics:
            return Outcome.INVALID
        return Outcome.OK if self.found else Outcome.FINDINGS

    def to_json(self) -> dict[str, Any]:
        return {"query": self.query, "audience": self.audience, "trips": self.trips,
                "hits": [hit.to_json() for hit in self.hits],
                "diagnostics": [d.to_json() for d in self.diagnostics]}


def search(env: Environment, text: str, paths: Iterable[str] | None = None, *,
           audience: str = "internal", jobs: int = 0) -> SearchResult:
    """Every text holding ``text`` in the trips under ``paths`` (default: the itineraries
    folder) that ``audience`` may see."""
    from tripplan.app.show import audience_rank
    from tripplan.errors import UsageError
    from tripplan.textmatch import fold

    rank = audience_rank(audience)
    if not fold(text).strip():
        raise UsageError("{text} is empty: give the words to look for",
                         hint='e.g. tripplan search "Governor of Bangkok"', argument="text")
    result = SearchResult(text, audience)
    for done in run_files(env, paths, Work(trip_hits, text, rank), jobs=jobs):
        result.diagnostics.extend(done.diagnostics)
        if done.value is not None:
            result.trips += 1
            if done.value.hits:
                result.found.append(done.value)
    return result


def trip_hits(loaded: LoadedTrip, query: str, rank: int) -> TripHits:
    """The hits of ``query`` in one trip, for an audience of ``rank`` (0 public, 1 internal,
    2 confidential)."""
    from tripplan.textmatch import find

    trip = loaded.trip
    found = TripHits(trip.id, trip.title)
    for item, name, path, value in searched(trip, rank):
        for lang, text in _wordings(value):
            spans = find(text, query)
            if not spans:
                continue
            key = (*path, lang) if lang is not None else path
            line, column = loaded.locate(key)
            found.hits.append(Hit(trip.id, item.id if item else None, name,
                                  format_key_path(key), lang, text, tuple(spans),
                                  loaded.display_path, line, column))
    return found


def _wordings(value: Text) -> Iterator[tuple[str | None, str]]:
    if isinstance(value.root, str):
        yield None, value.root
    else:
        yield from value.root.items()


def searched(trip: Trip, rank: int) -> Iterator[tuple[Item | None, str, Path, Text]]:
    """Every text searched, in file order: (item or ``None``, field, key path, text)."""
    for key in ("title", "subtitle", "purpose"):
        if getattr(trip, key) is not None:
            yield None, key, (key,), getattr(trip, key)
    for i, item in enumerate(trip.items):
        if item.visibility.rank > rank:
            continue
        for path, value in _own_texts(item, rank):
            yield item, format_key_path(path), ("items", i, *path), value
        for link, path, value in _linked_texts(trip, i):
            yield item, link, path, value


def _own_texts(item: Item, rank: int) -> Iterator[tuple[Path, Text]]:
    yield ("title",), item.title
    for key, fields in (("counterparts", ("name", "title", "organization")),
                        ("hosts", ("name", "short")), ("co_hosts", ("name", "short"))):
        for j, each in enumerate(getattr(item, key)):
            for name in fields:
                if getattr(each, name) is not None:
                    yield (key, j, name), getattr(each, name)
    if item.notes is not None:
        yield ("notes",), item.notes
    if item.internal_notes is not None and rank >= 1:
        yield ("internal_notes",), item.internal_notes


def _linked_texts(trip: Trip, index: int) -> Iterator[tuple[str, Path, Text]]:
    """The texts of the places and footnotes the item at ``index`` names."""
    from tripplan.model import Text

    item = trip.items[index]
    for link in ("place", "origin", "destination"):
        ref = getattr(item, link)
        if ref is None or not ref.strip():  # nothing to find in an empty reference
            continue
        place = trip.places.get(ref)
        if place is None:  # an airport code, searched as written
            yield link, ("items", index, link), Text(ref)
            continue
        for name in ("name", "city", "address"):
            if getattr(place, name) is not None:
                yield link, ("places", ref, name), getattr(place, name)
    for note in dict.fromkeys(item.footnotes):
        footnote = trip.footnotes.get(note)
        if footnote is None:
            continue
        for name in ("title", "text"):
            if getattr(footnote, name) is not None:
                yield "footnotes", ("footnotes", note, name), getattr(footnote, name)
