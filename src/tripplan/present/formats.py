"""The one set of formatters: dates, times, people, organisations and phone numbers as every
output writes them.

``show``, ``tz``, the agendas and the calendar call these, so that a date, a counterpart or
an organisation reads the same in all of them. Dates and numbers come from babel's locale
data (imported when first needed: ``show --json`` never loads it).

>>> import datetime as dt
>>> weekday_date(dt.date(2024, 6, 21), "en"), weekday_date(dt.date(2024, 6, 21), "ja")
('Fri 21 June 2024', '2024年6月21日（金）')
>>> date_range(dt.date(2024, 6, 20), dt.date(2024, 6, 22), "ja")
'2024年6月20日（木）～6月22日（土）'
>>> date_range(dt.date(2024, 6, 20), dt.date(2024, 6, 22), "en")
'Thu 20 – Sat 22 June 2024'
>>> date_range(dt.date(2024, 6, 29), dt.date(2024, 7, 2), "en")
'Sat 29 June – Tue 2 July 2024'
>>> from tripplan.model import Counterpart, Text
>>> c = Counterpart(name=Text({"ja": "チャチャート", "en": "Chadchart Sittipunt"}),
...                 honorific=Text({"ja": "閣下", "en": "H.E."}),
...                 title=Text({"ja": "知事", "en": "Governor"}),
...                 organization=Text({"ja": "バンコク都", "en": "BMA"}))
>>> counterpart(c, "ja")
'知事 チャチャート 閣下（バンコク都）'
>>> counterpart(c, "en")
'H.E. Chadchart Sittipunt, Governor, BMA'
>>> join_list(["A", "B"], "ja"), join_list(["A", "B"], "en"), paren("UTC+07:00", "ja")
('A、B', 'A, B', '（UTC+07:00）')
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tripplan.present.vocabulary import word
from tripplan.zones import UTC, known_zone, offset_label

if TYPE_CHECKING:
    from tripplan.model import Contact, Counterpart, Item, Organization, Place, Text, Trip

WEEKDAY_DATE = {"ja": "y年M月d日（E）", "en": "EEE d MMMM y"}
"""The one way a day is written, weekday included (babel patterns)."""


def text_in(value: Text | None, lang: str) -> str:
    """A text of the trip file in ``lang`` (the other language when the file gives only that
    one); empty when the file has none."""
    return value.get(lang) if value is not None else ""


@functools.lru_cache(maxsize=4096)
def weekday_date(day: dt.date, lang: str) -> str:
    """``Fri 21 June 2024`` / ``2024年6月21日（金）``."""
    from babel.dates import format_date

    return format_date(day, WEEKDAY_DATE["ja" if lang == "ja" else "en"], locale=_locale(lang))


@functools.lru_cache(maxsize=4096)
def weekday(day: dt.date, lang: str) -> str:
    """The weekday alone: ``Fri`` / ``金``."""
    from babel.dates import format_date

    return format_date(day, "E", locale=_locale(lang))


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date, lang: str) -> str:
    """A date without its weekday (as of, generated): ``25 June 2024`` / ``2024年6月25日``."""
    from babel.dates import format_date

    return format_date(day, "y年M月d日" if lang == "ja" else "d MMMM y", locale=_locale(lang))


@functools.lru_cache(maxsize=4096)
def date_range(start: dt.date, end: dt.date, lang: str) -> str:
    """A trip's dates with weekdays, the shared parts written once (see module examples)."""
    from babel.dates import format_date

    if start == end:
        return weekday_date(start, lang)
    if lang == "ja":
        pattern = "M月d日（E）" if start.year == end.year else WEEKDAY_DATE["ja"]
        return f"{weekday_date(start, lang)}～{format_date(end, pattern, locale='ja')}"
    if (start.year, start.month) == (end.year, end.month):
        head = format_date(start, "EEE d", locale="en")
    elif start.year == end.year:
        head = format_date(start, "EEE d MMMM", locale="en")
    else:
        head = weekday_date(start, "en")
    return f"{head} – {weekday_date(end, 'en')}"


def clock_in_zone(moment: dt.datetime, zone: str | None) -> str:
    """A clock time in its zone, with the zone's name and offset when the zone is known:
    ``10:00 Asia/Tokyo (UTC+09:00)``; else in UTC, ``01:00 (UTC+00:00)``.

    >>> clock_in_zone(dt.datetime(2024, 6, 20, 1, tzinfo=UTC), "Asia/Tokyo")
    '10:00 Asia/Tokyo (UTC+09:00)'
    """
    from tripplan.zones import get_zone

    name = known_zone(zone)
    local = moment.astimezone(get_zone(name)) if name else moment.astimezone(UTC)
    where = f"{name} " if name else ""
    return f"{local:%H:%M} {where}({offset_label(local)})"


def paren(text: str, lang: str) -> str:
    """``（text）`` after Japanese, `` (text)`` after English."""
    return f"（{text}）" if lang == "ja" else f" ({text})"


def colon(lang: str) -> str:
    """What follows a field name: ``：`` / ``: ``."""
    return "：" if lang == "ja" else ": "


def join_list(parts: Iterable[str], lang: str) -> str:
    """Names in a row: ``A、B`` / ``A, B`` (empty ones left out; the separator is the
    vocabulary's ``list_separator``)."""
    return word("list_separator", lang).join(p for p in parts if p)


def join_entries(parts: Iterable[str], lang: str) -> str:
    """Counterparts or organisations in a row: ``A、B`` / ``A, B`` as :func:`join_list`, or
    ``A／B`` / ``A; B`` (``entry_separator``) when an entry holds a comma itself (an
    organisation and its role: ``バンコク都、主催``).

    >>> join_entries(["横浜市", "バンコク都"], "ja"), join_entries(["BMA, host", "UN"], "en")
    ('横浜市、バンコク都', 'BMA, host; UN')
    """
    parts = [p for p in parts if p]
    separator = word("list_separator", lang)
    if any(separator.strip() in p for p in parts):
        separator = word("entry_separator", lang)
    return separator.join(parts)


def counterpart(c: Counterpart, lang: str) -> str:
    """A counterpart as protocol writes them: in Japanese the title before the name and the
    honorific after it, the organisation in brackets; in English honorific, name, title,
    organisation."""
    title, name = text_in(c.title, lang), text_in(c.name, lang)
    honorific, org = text_in(c.honorific, lang), text_in(c.organization, lang)
    if lang == "ja":
        who = " ".join(p for p in (title, name, honorific) if p)
        return f"{who}（{org}）" if who and org else who or org
    who = " ".join(p for p in (honorific, name) if p)
    return ", ".join(p for p in (who, title, org) if p)


def organization(o: Organization, lang: str) -> str:
    """``Bangkok Metropolitan Administration (BMA), host`` / ``バンコク都（BMA）、主催``."""
    name, short = text_in(o.name, lang), text_in(o.short, lang)
    text = name + paren(short, lang) if short and short != name else name
    role = text_in(o.role, lang)
    return f"{text}{word('list_separator', lang)}{role}" if role else text


def phone(contact: Contact, trip: Trip, lang: str) -> str:
    """A contact's phone number as every output writes it: in English in international
    format (``+81 45-671-4396``), so that it can be dialled from abroad; in Japanese a
    number of the delegation's home country as the office wrote it (``045-671-4396``) and
    any other in international format. A number that has no reading (no country to read it
    in, or not a valid number there: see :mod:`tripplan.phones`) is printed as written.

    >>> from tripplan.model import Trip
    >>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
    ...     "start": "2024-06-20", "end": "2024-06-20",
    ...     "places": {"japan": {"name": "Japan", "country": "JP", "timezone": "Asia/Tokyo"}},
    ...     "contacts": {"a": {"name": "A", "phone": "045-671-4396"},
    ...                  "b": {"name": "B", "phone": "02 123 4567", "country": "TH"},
    ...                  "c": {"name": "C", "phone": "12-34"}}})
    >>> [phone(trip.contacts[k], trip, "ja") for k in "abc"]
    ['045-671-4396', '+66 2 123 4567', '12-34']
    >>> [phone(trip.contacts[k], trip, "en") for k in "abc"]
    ['+81 45-671-4396', '+66 2 123 4567', '12-34']
    """
    from tripplan.phones import contact_phone, home_country

    reading = contact_phone(contact, trip)
    if reading is None:
        return ""
    if reading.international is None:
        return reading.written
    if lang == "ja":
        home = home_country(trip)
        if home is not None and reading.country == home[0]:
            return reading.written
    return reading.international


def place_name(place: Place, lang: str) -> str:
    """A place's name, with its city when the name does not hold it:
    ``Example Riverside Hotel (fictional), Bangkok``."""
    name, city = text_in(place.name, lang), text_in(place.city, lang)
    return join_list((name, city), lang) if city and city not in name else name


def item_place(trip: Trip, item: Item, lang: str) -> str:
    """Where an item happens, in one phrase: the route of travel (``HND → Bangkok``), the
    place of anything else; empty when the file names none.

    >>> from tripplan.model import Trip
    >>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
    ...     "start": "2024-06-20", "end": "2024-06-20", "places": {"bkk": {"name": "Bangkok"}},
    ...     "items": [{"id": "f", "kind": "flight", "title": "F", "date": "2024-06-20",
    ...                "origin": "HND", "destination": "bkk"}]})
    >>> item_place(trip, trip.items[0], "en")
    'HND → Bangkok'
    """
    if item.kind.is_travel and (item.origin or item.destination):
        return f"{trip.place_name(item.origin, lang)} → {trip.place_name(item.destination, lang)}"
    if item.place and item.place in trip.places:
        return place_name(trip.places[item.place], lang)
    return ""


def _locale(lang: str) -> str:
    return "ja" if lang == "ja" else "en"
