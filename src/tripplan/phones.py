"""Phone numbers: in which country each contact's number is read, whether it is a number
there, and how to write it so that it can be dialled from abroad.

A contact's ``phone`` is the office's own writing (``"045-671-4396"``). libphonenumber
(Google's, as the ``phonenumbers`` package; imported when a number is first read) reads it
in one country, the first of:

1. the number's own country code, when it is written with ``+`` (``+66 2 123 4567``);
2. the contact's ``country`` (``country = "TH"``);
3. the delegation's home country: the one country of the trip's places in its
   ``home_timezone`` (a place's ``country``, or its airport's) and of the IATA airports in
   that zone its items name. The reference trip's ``places.japan`` (``country = "JP"``,
   ``timezone = "Asia/Tokyo"``) makes ``045-671-4396`` a number in Japan.

Nothing else is guessed: a number without ``+`` when none of these gives one country, a
number libphonenumber cannot read, and one it finds invalid in its country keep no reading
(:attr:`Reading.e164` is ``None``); every output then prints it exactly as written, and rule
R016 says why.

>>> r = read("045-671-4396", "JP")
>>> r.international, r.e164, r.tel_uri, r.country, r.kind
('+81 45-671-4396', '+81456714396', 'tel:+81456714396', 'JP', 'voice')
>>> read("+66 2 123 4567 ext 12", None).tel_uri
'tel:+6621234567;ext=12'
>>> read("045-671-4396", None).problem
'has no country code (+81 …) and no country to read it in'
>>> read("+81-3-0000-0000", None).problem
'is not a valid phone number of JP (+81)'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tripplan.zones import airport

if TYPE_CHECKING:
    from tripplan.model import Contact, Trip

KINDS = {"MOBILE": "cell", "PAGER": "pager"}
"""libphonenumber's number types that are not plain voice lines → vCard ``TEL`` types."""


@dataclass(frozen=True)
class Reading:
    """One phone number as written, and what libphonenumber makes of it."""

    written: str
    region: str | None
    """The country a number without ``+`` is read in (``None``: none known)."""
    e164: str | None = None
    """``+81456714396``: set only when the number is valid in its country."""
    international: str | None = None
    """``+81 45-671-4396`` (``… ext. 12`` with an extension)."""
    country: str | None = None
    """The country the number belongs to (ISO 3166-1 alpha-2)."""
    extension: str | None = None
    kind: str | None = None
    """``voice``, ``cell`` or ``pager`` (vCard ``TEL`` types)."""
    problem: str | None = None
    """Why the number has no reading, as the end of a sentence about it."""

    @property
    def tel_uri(self) -> str | None:
        """The RFC 3966 ``tel:`` URI of a valid number: ``tel:+81456714396``."""
        if self.e164 is None:
            return None
        return f"tel:{self.e164}" + (f";ext={self.extension}" if self.extension else "")


@functools.lru_cache(maxsize=1024)
def read(written: str, region: str | None) -> Reading:
    """``written`` as libphonenumber reads it in ``region`` (a number with ``+`` needs none)."""
    import phonenumbers

    international = written.lstrip().startswith("+")
    if not international and region is None:
        return Reading(written, None, problem="has no country code (+81 …) and no country "
                       "to read it in")
    try:
        number = phonenumbers.parse(written, None if international else region)
    except phonenumbers.NumberParseException:
        return Reading(written, region, problem="is not a phone number libphonenumber can read")
    country = phonenumbers.region_code_for_number(number)
    if country in (None, "001", "ZZ"):  # 001: a number of no country (+800 freephone)
        country = None
    if not phonenumbers.is_valid_number(number):
        where = region
        if international:
            code = f"+{number.country_code}"
            where = f"{country} ({code})" if country else code
        return Reading(written, region, problem=f"is not a valid phone number of {where}")
    kind = phonenumbers.PhoneNumberType.to_string(phonenumbers.number_type(number))
    fmt = phonenumbers.PhoneNumberFormat
    return Reading(written, region, e164=phonenumbers.format_number(number, fmt.E164),
                   international=phonenumbers.format_number(number, fmt.INTERNATIONAL),
                   country=country, extension=number.extension or None,
                   kind=KINDS.get(kind, "voice"))


def home_country(trip: Trip) -> tuple[str, str] | None:
    """The delegation's home country and what says so (``("JP", "places.japan")``): the one
    country of the trip's places, and of the IATA airports its items name, that lie in its
    ``home_timezone``; ``None`` when there is none, or more than one.

    >>> from tripplan.model import Trip
    >>> trip = Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
    ...     "start": "2025-03-10", "end": "2025-03-10", "items": [{"id": "f",
    ...     "kind": "flight", "title": "F", "origin": "HND", "destination": "BKK",
    ...     "date": "2025-03-10"}]})
    >>> home_country(trip)
    ('JP', 'items.0.origin (HND)')
    """
    found: dict[str, str] = {}
    for key, place in trip.places.items():
        ap = airport(place.airport) if place.airport else None
        zone = place.timezone or (ap.timezone if ap else None)
        country = place.country or (ap.country if ap else None)
        if zone == trip.home_timezone and country:
            found.setdefault(country, f"places.{key}")
    for i, item in enumerate(trip.items):
        for link in ("origin", "destination"):
            ref = getattr(item, link)
            if ref is None or ref in trip.places or not re.fullmatch(r"[A-Z]{3}", ref):
                continue
            ap = airport(ref)
            if ap is not None and ap.timezone == trip.home_timezone and ap.country:
                found.setdefault(ap.country, f"items.{i}.{link} ({ref})")
    return next(iter(found.items())) if len(found) == 1 else None


def region_of(contact: Contact, trip: Trip) -> str | None:
    """The country a contact's number without ``+`` is read in: the contact's ``country``,
    else the delegation's home country (:func:`home_country`)."""
    if contact.country is not None:
        return contact.country
    home = home_country(trip)
    return home[0] if home else None


def contact_phone(contact: Contact, trip: Trip) -> Reading | None:
    """The reading of a contact's phone number (``None`` when it has none)."""
    if contact.phone is None:
        return None
    return read(contact.phone, region_of(contact, trip))
