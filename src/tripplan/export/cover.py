"""The cover of an agenda, and the small helpers every part of the agenda is built with.

A text in the agenda is a :data:`Txt`: a tuple of one string (``--lang ja`` or ``en``)
or, for ``--lang ja+en``, the Japanese and then the English wording — one string only
when both are the same (a name given in one language). :func:`bi` makes
one from a function of the language, :func:`text_of` from a text of the trip file.

>>> import datetime as dt, tomllib
>>> from tripplan.export.view import ExportOptions
>>> from tripplan.model import Trip
>>> from tripplan.present.vocabulary import Languages
>>> with open("itineraries/2024-06-yokohama-bangkok.toml", "rb") as file:
...     trip = Trip.model_validate(tomllib.load(file))
>>> cover = build_cover(trip, ExportOptions(Languages.JA_EN, now=dt.datetime(2024, 6, 25, 9)),
...                     ("ja", "en"))
>>> cover.dates
('2024年6月20日（木）～6月22日（土）（１泊３日）', 'Thu 20 – Sat 22 June 2024 (3 days, 1 night)')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel.numbers import format_decimal

from tripplan.export.view import ExportOptions
from tripplan.model import Text, Trip
from tripplan.present.formats import date_range, long_date, organization
from tripplan.present.vocabulary import cap, label, translation_note, word
from tripplan.provenance import translator
from tripplan.zones import short_label

Txt = tuple[str, ...]
"""One text in the agenda's languages: ``("会談",)``, ``("Meeting",)``, ``("会談", "Meeting")``."""


@dataclass
class Cover:
    title: Txt
    kind: Txt  # "日程表" / "携帯用日程表"
    dates: Txt
    purpose: Txt | None
    for_person: Txt | None
    delegation: list[Txt]
    hosts: list[Txt]
    co_hosts: list[Txt]
    organizer: Txt | None
    revision: Txt
    as_of: Txt | None
    status: Txt
    audience: Txt
    generated: Txt
    source: Txt | None
    subtitle: Txt | None = None
    translation: Txt | None = None  # "English: editorial translation" on English hand-outs

    @property
    def summary(self) -> Txt:
        """Revision, "as of" date and status in one line per language."""
        parts = [self.revision, *([self.as_of] if self.as_of else []), self.status]
        n = max(len(p) for p in parts)
        return tuple(dict.fromkeys(" · ".join(p[min(i, len(p) - 1)] for p in parts)
                                   for i in range(n)))

    def facts(self, brief: bool) -> list[tuple[str, list[Txt]]]:
        """The labelled lines under the title, in order, empty ones left out (the pocket
        card keeps only who it is for and the status)."""
        facts: list[tuple[str, list[Txt]]] = [("for", [self.for_person] if self.for_person
                                               else [])]
        if not brief:
            facts += [("subtitle", [self.subtitle] if self.subtitle else []),
                      ("purpose", [self.purpose] if self.purpose else []),
                      ("delegation", self.delegation), ("hosts", self.hosts),
                      ("co_hosts", self.co_hosts),
                      ("organizer", [self.organizer] if self.organizer else [])]
        status, note = self.summary, self.translation
        if brief and note and len(note) == len(status):  # the pocket card: on the same lines
            status, note = tuple(f"{s} · {n}" for s, n in zip(status, note, strict=True)), None
        facts.append(("status", [status]))
        if not brief:
            facts.append(("source", [self.source] if self.source else []))
        facts.append(("translation", [note] if note else []))
        return [(key, values) for key, values in facts if values]


def bi(langs: Iterable[str], make: Callable[[str], str | None]) -> Txt:
    """``make(lang)`` for each language, without empty or repeated wordings.

    >>> bi(("ja", "en"), lambda lang: {"ja": "会談", "en": "Meeting"}[lang])
    ('会談', 'Meeting')
    >>> bi(("ja", "en"), lambda lang: "045-671-4396")
    ('045-671-4396',)
    """
    out: list[str] = []
    for lang in langs:
        text = make(lang)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def text_of(value: Text | None, langs: Iterable[str]) -> Txt | None:
    """A model :class:`~tripplan.model.Text` in the agenda's languages (None if absent).

    A language the file does not give falls back to the other one, once.

    >>> text_of(Text({"ja": "中村 恭揚"}), ("ja", "en"))
    ('中村 恭揚',)
    """
    if value is None:
        return None
    return bi(langs, value.get) or None


def number(n: int, lang: str) -> str:
    """An integer as the locale writes it (babel).

    >>> number(1234, "ja"), number(1234, "en")
    ('1,234', '1,234')
    """
    return format_decimal(n, locale=lang)


def _translation(trip: Trip, langs) -> Txt | None:
    """The footnote of a hand-out with translated texts, in each of its languages."""
    notes = [(code, translator(trip, code)) for code in langs]
    notes = [(code, who) for code, who in notes if who is not None]
    if not notes:
        return None
    return bi(langs, lambda lang: "; ".join(translation_note(code, who, lang)
                                            for code, who in notes))


def _dates(trip: Trip, langs) -> Txt:
    """The trip's dates, with its length as the source gives it (１泊３日)."""
    def one(lang: str) -> str:
        text = date_range(trip.start, trip.end, lang)
        if trip.duration is None:
            return text
        length = trip.duration.get(lang)
        return f"{text}（{length}）" if lang == "ja" else f"{text} ({length})"
    return bi(langs, one)


def _person(trip: Trip, key: str, langs) -> Txt:
    person = trip.people[key]

    def one(lang: str) -> str:
        name = person.name.get(lang)
        role = person.role.get(lang) if person.role else ""
        org = person.organization.get(lang) if person.organization else ""
        if lang == "ja":
            text = f"{role}　{name}" if role else name
            extra = [org] if org else []
            if person.principal:
                extra.append(word("head", lang))
            return text + "".join(f"（{e}）" for e in extra)
        text = ", ".join(p for p in (name, role, org) if p)
        return text + (f" ({word('head', lang)})" if person.principal else "")
    return bi(langs, one)


def build_cover(trip: Trip, options: ExportOptions, langs: tuple[str, ...]) -> Cover:
    """The cover of an agenda of ``trip``: its title, dates, people and status lines."""
    now = options.moment()

    def generated(lang: str) -> str:
        when = f"{long_date(now.date(), lang)} {now:%H:%M}"
        if now.tzinfo is not None:
            when += f" {short_label(now)}"
        return word("generated", lang, when=when)

    for_person = None
    if options.person is not None:
        for_person = _person(trip, options.person, langs)
    people = [key for key, _ in trip.delegation()]
    return Cover(
        title=text_of(trip.title, langs) or (trip.id,),
        kind=bi(langs, lambda lang: word("brief" if options.brief else "full", lang)),
        dates=_dates(trip, langs),
        purpose=text_of(trip.purpose, langs),
        for_person=for_person,
        delegation=[_person(trip, key, langs) for key in people],
        hosts=[bi(langs, lambda lang, o=o: organization(o, lang)) for o in trip.hosts],
        co_hosts=[bi(langs, lambda lang, o=o: organization(o, lang)) for o in trip.co_hosts],
        organizer=text_of(trip.organizer, langs),
        revision=bi(langs, lambda lang: word("revision", lang, n=number(trip.revision, lang))),
        as_of=bi(langs, lambda lang: word("as_of", lang, date=long_date(trip.as_of, lang)))
        if trip.as_of else None,
        status=bi(langs, lambda lang: cap(label("status", trip.status.value, lang), lang)),
        audience=bi(langs, lambda lang: word(f"audience.{options.audience.value}", lang)),
        generated=bi(langs, generated),
        source=text_of(trip.source, langs),
        subtitle=text_of(trip.subtitle, langs),
        translation=_translation(trip, langs),
    )
