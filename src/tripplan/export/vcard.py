"""vCard 4.0 (RFC 6350): the trip's contacts, for address books and phones.

One card per contact the export lists — those the items it selects name, as on the
agenda's contact sheet (:func:`~tripplan.export.view.listed_contacts`): ``--audience public``
leaves out a contact whom only internal or confidential items name — in the trip's order:

* ``UID``: ``urn:uuid:`` and a name-based UUID (RFC 9562 version 5) of
  ``<contact>@<trip>.<calendar_domain>`` (``.tripplan`` without one, as the calendar's UIDs),
  so that importing the file again updates each card instead of adding a second one;
* ``FN`` (the name), ``ORG`` (the department), ``TITLE`` and ``NOTE`` (the topic): a text
  the trip gives in several languages is written once per language, the alternatives tied
  by ``ALTID`` and told apart by ``LANGUAGE`` (RFC 6350 5.4), the export's leading language
  (``--lang``) first; a plain string (``name = "中村 恭揚"``) has no ``LANGUAGE``;
* ``N``: a name in kanji written with one space between its two parts (``中村 恭揚``) is
  family name first, as Japanese (and Chinese) names are written; any other name is not
  split (``N:;;;;``; ``FN`` holds it), since the order of its parts is not known;
* ``TEL;VALUE=uri;TYPE=work,voice`` (``cell`` for a mobile number): the number in E.164 as a
  ``tel:`` URI (``tel:+81456714396``); a number that has no reading
  (:mod:`tripplan.phones`) is kept as written, ``TEL;VALUE=text``;
* ``EMAIL;TYPE=work``.

Lines end in CRLF and are folded at 75 octets, never inside a UTF-8 character; text values
are escaped (``\\\\``, ``\\,``, ``\\;``, ``\\n``).

>>> from tripplan.model import Trip
>>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
...     "start": "2024-06-20", "end": "2024-06-20",
...     "places": {"japan": {"name": "Japan", "country": "JP", "timezone": "Asia/Tokyo"}},
...     "contacts": {"nakamura": {"name": "中村 恭揚", "phone": "045-671-4396",
...                               "title": {"ja": "課長", "en": "Director"}}},
...     "items": [{"id": "x", "title": "X", "kind": "meeting", "contact": "nakamura"}]})
>>> print(render(ExportView.of(trip), ExportOptions()).decode().replace("\\r\\n", "\\n"))
BEGIN:VCARD
VERSION:4.0
PRODID:-//tripplan//tripplan vCard export//EN
UID:urn:uuid:7e6184a0-6a32-5082-b55d-898c049519fc
KIND:individual
FN:中村 恭揚
N:中村;恭揚;;;
TITLE;ALTID=1;LANGUAGE=en:Director
TITLE;ALTID=1;LANGUAGE=ja:課長
TEL;VALUE=uri;TYPE=work,voice:tel:+81456714396
END:VCARD
<BLANKLINE>
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from tripplan.export.view import ExportOptions, ExportView, listed_contacts
from tripplan.model import Contact, Text, Trip
from tripplan.phones import contact_phone

SUFFIX = ".vcf"
MEDIA_TYPE = "text/vcard"
PRODID = "-//tripplan//tripplan vCard export//EN"
LINE_OCTETS = 75
"""RFC 6350 3.2: a line is folded when longer than 75 octets (the CRLF not counted)."""

_FAMILY_FIRST = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+)[ \u3000]"
                           r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶー]+)")
"""A name in kanji, one space, a given name in kanji or kana: family name first."""


def render(view: ExportView, options: ExportOptions) -> bytes:
    """The vCards of the contacts ``options`` let through, as UTF-8 (empty: none listed)."""
    options.check(view.trip)
    langs = options.languages.codes
    return "".join(card(view.trip, key, contact, langs)
                   for key, contact in listed_contacts(view, options)).encode("utf-8")


def card(trip: Trip, key: str, contact: Contact, langs: Iterable[str]) -> str:
    """One contact's vCard, every line folded and ended in CRLF."""
    langs = tuple(langs)
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}", f"UID:{uid(key, trip)}",
             "KIND:individual"]
    lines += texts("FN", contact.name, langs)
    lines.append(structured_name(contact.name, langs))
    lines += texts("ORG", contact.department, langs)
    lines += texts("TITLE", contact.title, langs)
    reading = contact_phone(contact, trip)
    if reading is not None and reading.tel_uri is not None:
        lines.append(f"TEL;VALUE=uri;TYPE=work,{reading.kind}:{reading.tel_uri}")
    elif reading is not None:
        lines.append(f"TEL;VALUE=text;TYPE=work:{escape(reading.written)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{escape(contact.email)}")
    lines += texts("NOTE", contact.topic, langs)
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


def uid(key: str, trip: Trip) -> str:
    """``urn:uuid:`` + the version 5 UUID of ``<contact>@<trip>.<domain>``: the same card on
    every export and machine, another one for each trip and office.

    >>> from tripplan.model import Trip
    >>> trip = Trip.model_validate({"id": "2024-06-x", "title": "T", "start": "2024-06-20",
    ...     "end": "2024-06-20", "home_timezone": "Asia/Tokyo"})
    >>> uid("nakamura", trip) == "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL,
    ...                                                         "nakamura@2024-06-x.tripplan"))
    True
    """
    name = f"{key}@{trip.id}.{trip.calendar_domain or 'tripplan'}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def ordered(text: Text, langs: tuple[str, ...]) -> list[str]:
    """The languages ``text`` is given in, the export's first (in its order), then the rest."""
    given = text.languages
    return [lang for lang in langs if lang in given] + [g for g in given if g not in langs]


def texts(name: str, text: Text | None, langs: tuple[str, ...]) -> list[str]:
    """One property per language of ``text`` (``ALTID`` and ``LANGUAGE`` when it has
    several, ``LANGUAGE`` alone when one), a plain string once without a language.

    >>> texts("NOTE", Text({"ja": "連携", "en": "Cooperation, ESCAP"}), ("en",))
    ['NOTE;ALTID=1;LANGUAGE=en:Cooperation\\\\, ESCAP', 'NOTE;ALTID=1;LANGUAGE=ja:連携']
    >>> texts("FN", Text("中村 恭揚"), ("ja",)), texts("FN", Text({"ja": "中村"}), ("en",))
    (['FN:中村 恭揚'], ['FN;LANGUAGE=ja:中村'])
    """
    if text is None:
        return []
    codes = ordered(text, langs)
    if not codes:
        return [f"{name}:{escape(text.get(langs[0]) or '')}"]
    alt = "ALTID=1;" if len(codes) > 1 else ""
    return [f"{name};{alt}LANGUAGE={lang}:{escape(text.get(lang) or '')}" for lang in codes]


def structured_name(text: Text, langs: tuple[str, ...]) -> str:
    """``N`` from the first wording of the name that is written family name first
    (``中村 恭揚`` → ``N:中村;恭揚;;;``), else ``N:;;;;``."""
    codes = ordered(text, langs) or [None]
    for lang in codes:
        match = _FAMILY_FIRST.fullmatch(text.get(lang or "") or "")
        if match:
            where = f";LANGUAGE={lang}" if lang else ""
            return f"N{where}:{escape(match[1])};{escape(match[2])};;;"
    return "N:;;;;"


def escape(value: str) -> str:
    r"""A text value as RFC 6350 3.4 writes it: ``\``, ``,`` and ``;`` escaped by a backslash,
    line breaks as ``\n``.

    >>> print(escape("A, B; C\\D\nE"))
    A\, B\; C\\D\nE
    """
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return re.sub(r"\r\n|\r|\n", r"\\n", value)


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets (RFC 6350 3.2): each continuation
    starts with a space, and no UTF-8 character is cut.

    >>> folded = fold("NOTE:" + "あ" * 30)
    >>> [len(part.encode()) for part in folded.split("\\r\\n")]
    [74, 22]
    """
    out: list[str] = []
    current, size = "", 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += char
        size += octets
    out.append(current)
    return "\r\n".join(out)
