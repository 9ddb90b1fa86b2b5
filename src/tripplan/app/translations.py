"""``tripplan translations``: which texts of a trip lack a language, which are translations.

Every text of the trip (titles, notes, names, footnotes, …) with its ``file:line``, the
languages it is given in, and where each wording comes from (the source's own wording, an
editorial translation, …) as the trip's ``[provenance]`` declares. ``require`` names
languages every text must have: a text without one is a finding (exit 1).

>>> result = translations(Environment.for_test(), "itineraries/2024-06-yokohama-bangkok.toml",
...                       require=["en"])
>>> result.outcome, result.translators, len(result.missing)
(<Outcome.OK: 'ok'>, {'en': 'editorial'}, 0)
>>> first = result.texts[0]
>>> first.key, first.origins
('title', {'ja': 'source', 'en': 'editorial'})
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tripplan.app.env import Environment
from tripplan.app.outcome import Outcome
from tripplan.app.pipeline import load_one
from tripplan.errors import UsageError
from tripplan.model import LANG_PATTERN
from tripplan.provenance import key_path, missing_languages, origin, texts, trip_languages


@dataclass
class TextEntry:
    """One text of the trip: where it is, its languages, what it lacks, where each comes from."""

    key: str
    line: int
    column: int
    languages: tuple[str, ...]  # () for a plain string: the same in every language
    missing: tuple[str, ...]
    origins: dict[str, str | None]

    @property
    def translated(self) -> bool:
        return any(o not in (None, "source") for o in self.origins.values())

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "line": self.line, "column": self.column,
                "languages": list(self.languages), "missing": list(self.missing),
                "origins": self.origins}


@dataclass
class TranslationsResult:
    file: str
    languages: tuple[str, ...]
    source_language: str | None
    translators: dict[str, str]
    texts: list[TextEntry]
    required: tuple[str, ...] = ()
    unknown_verbatim: list[str] = field(default_factory=list)
    outcome: Outcome = Outcome.OK

    @property
    def missing(self) -> list[TextEntry]:
        """The texts that lack a language (a required one, or one of the trip's)."""
        return [t for t in self.texts if t.missing]

    @property
    def translated(self) -> list[TextEntry]:
        return [t for t in self.texts if t.translated]

    def location(self, entry: TextEntry) -> str:
        return f"{self.file}:{entry.line}"

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "languages": list(self.languages),
                "source_language": self.source_language, "translations": self.translators,
                "required": list(self.required), "unknown_verbatim": self.unknown_verbatim,
                "missing": [t.key for t in self.missing],
                "texts": [t.to_json() for t in self.texts]}


def translations(env: Environment, trip: str, *,
                 require: Iterable[str] = ()) -> TranslationsResult:
    """The texts of the trip named by ``trip``; ``require``: languages each text must have."""
    required = tuple(dict.fromkeys(code.strip() for code in require))
    for code in required:
        if not LANG_PATTERN.match(code):
            raise UsageError(f'{{require}} "{code}" is not a language code',
                             hint="use codes such as {require} en", argument="require")
    loaded = load_one(env, trip)
    model = loaded.trip
    langs = trip_languages(model)
    entries = []
    for path, text in texts(model):
        line, column = loaded.locate(path, key=True)
        if isinstance(text.root, str):
            missing: tuple[str, ...] = ()
        else:
            wanted = (*missing_languages(model, text), *required)
            missing = tuple(dict.fromkeys(c for c in wanted if c not in text.root))
        entries.append(TextEntry(key_path(path), line, column, text.languages, missing,
                                 {lang: origin(model, path, lang) for lang in text.languages}))
    entries.sort(key=lambda e: (e.line, e.column))
    prov = model.provenance
    keys = {f"{e.key}.{lang}" for e in entries for lang in e.languages}
    result = TranslationsResult(
        loaded.display_path, langs, prov.source_language if prov else None,
        {k: v.value for k, v in prov.translations.items()} if prov else {}, entries, required,
        [p for p in (prov.verbatim if prov else []) if p not in keys])
    if any(set(required) & set(e.missing) for e in entries) or result.unknown_verbatim:
        result.outcome = Outcome.FINDINGS
    return result
