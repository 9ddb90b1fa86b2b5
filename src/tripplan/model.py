"""The trip model: what a trip file says, validated, with no I/O.

One pydantic model is behind both storage forms (TOML for people, JSON for programs).
Unknown keys are errors; every field a person may get wrong is described in words a
protocol officer understands (see :mod:`tripplan.load` for how errors are located).

When an item happens is always one of four honest states, never an invented clock time:

* **timed** — ``start`` (and usually ``end``) as local wall-clock time at the place,
  resolved to one instant by :mod:`tripplan.zones`;
* **part of day** — ``date`` plus ``part_of_day`` ("night", "early-morning", ...);
* **date only** — ``date`` alone: the day is known, the time is not fixed;
* **unscheduled** — neither: the item is planned but its day is not fixed yet.

>>> item = Item.model_validate({"id": "return-flight", "kind": "flight",
...     "title": {"ja": "タイ発（夜）"}, "date": "2024-06-21", "part_of_day": "night"})
>>> item.timing
<Timing.PART_OF_DAY: 'part-of-day'>
>>> item.title.get("en")
'タイ発（夜）'
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from tripplan.fields import (  # noqa: F401 - the model's value types, used here and re-exported
    _BAD_CHARACTER,
    DEFAULT_LANGS,
    LANG_PATTERN,
    SLUG_PATTERN,
    Basis,
    Date,
    DateTime,
    IataCode,
    Slug,
    Text,
    _date_not_datetime,
    _in_range,
    _no_number,
    _text_shape,
    _within,
    escaped_char,
    text_problem,
    text_problems,
)
from tripplan.ranges import (
    MAX_ITEM_DAYS,
    MAX_REVISION,
    MAX_TRIP_DAYS,
)


def _empty_list() -> list:
    """A new empty list: a default of the model's list fields.

    (A Python function rather than the builtin ``list``: pydantic inspects each default
    factory's signature, and a builtin's costs a tokenizer run, about 40 ms of start-up.)
    """
    return []


def _empty_dict() -> dict:
    """A new empty table: a default of the model's table fields (see :func:`_empty_list`)."""
    return {}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False)


class TripStatus(enum.StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ItemStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class Visibility(enum.StrEnum):
    """Who may see an item. Ordered: public < internal < confidential."""

    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"

    @property
    def rank(self) -> int:
        return list(Visibility).index(self)


class Kind(enum.StrEnum):
    FLIGHT = "flight"
    GROUND_TRANSFER = "ground-transfer"
    LODGING = "lodging"
    MEETING = "meeting"
    COURTESY_CALL = "courtesy-call"
    WORKSHOP = "workshop"
    SPEECH = "speech"
    CEREMONY = "ceremony"
    MEAL = "meal"
    PRESS = "press"
    FREE_TIME = "free-time"
    OTHER = "other"

    @property
    def is_travel(self) -> bool:
        return self in (Kind.FLIGHT, Kind.GROUND_TRANSFER)


class PartOfDay(enum.StrEnum):
    """A part of the day, for items whose clock time is not fixed.

    Each maps to a documented window of local time, used only for ordering and
    checks, never shown as a time (see :data:`PART_OF_DAY_WINDOWS`).
    """

    EARLY_MORNING = "early-morning"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"


PART_OF_DAY_WINDOWS: dict[PartOfDay, tuple[dt.time, dt.timedelta]] = {
    PartOfDay.EARLY_MORNING: (dt.time(4, 0), dt.timedelta(hours=3)),  # 04:00–07:00
    PartOfDay.MORNING: (dt.time(7, 0), dt.timedelta(hours=5)),  # 07:00–12:00
    PartOfDay.AFTERNOON: (dt.time(12, 0), dt.timedelta(hours=5)),  # 12:00–17:00
    PartOfDay.EVENING: (dt.time(17, 0), dt.timedelta(hours=4)),  # 17:00–21:00
    PartOfDay.NIGHT: (dt.time(21, 0), dt.timedelta(hours=7)),  # 21:00–04:00 next day
}
"""Local-time window (start, length) of each part of day, for ordering and checks only."""


class Timing(enum.StrEnum):
    TIMED = "timed"
    PART_OF_DAY = "part-of-day"
    DATE_ONLY = "date-only"
    UNSCHEDULED = "unscheduled"


class Coordinates(_Strict):
    lat: StrictFloat = Field(ge=-90, le=90, description="Latitude in decimal degrees (WGS 84).")
    lon: StrictFloat = Field(ge=-180, le=180, description="Longitude in decimal degrees (WGS 84).")


class Organization(_Strict):
    name: Text
    short: Text | None = Field(None, description="Abbreviation, e.g. BMA, OECC.")
    role: Text | None = Field(None, description="Its part, e.g. co-host, inviting party.")
    inferred: Basis | None = Field(
        None, description="Not stated by the source: why it is believed (the basis).")


class Person(_Strict):
    """A member of the delegation."""

    name: Text
    role: Text | None = Field(None, description="Title or function, e.g. Mayor of Yokohama.")
    organization: Text | None = None
    principal: StrictBool = Field(False, description="The head of the delegation (exactly one).")


class Counterpart(_Strict):
    """Someone the delegation meets. Often known only by title."""

    name: Text | None = None
    title: Text | None = Field(None, description="e.g. Governor of Bangkok.")
    organization: Text | None = None
    honorific: Text | None = Field(None, description="Form of address, e.g. H.E.")
    inferred: Basis | None = Field(
        None, description="Not stated by the source: why it is believed (the basis).")

    @model_validator(mode="after")
    def _something_given(self) -> Counterpart:
        if self.name is None and self.title is None and self.organization is None:
            raise ValueError("a counterpart needs at least a name, a title or an organization")
        return self


class Contact(_Strict):
    """A person to call about the trip, for one topic."""

    name: Text
    department: Text | None = None
    title: Text | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="ISO 3166-1 alpha-2 code of the country whose numbering the phone "
        "number follows when written without +, e.g. TH; absent: the delegation's home.")
    phone: str | None = None
    email: str | None = None
    topic: Text | None = Field(None, description="What they answer for.")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[+0-9()\-.\s/ext]{3,40}", value):
            raise ValueError(
                "a phone number may contain only digits, spaces, +, -, (, ), . and /"
            )
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("not an e-mail address")
        return value


class Footnote(_Strict):
    """A numbered note of the trip (※1, ※2, ...), referenced by items."""

    title: Text | None = None
    text: Text


class Place(_Strict):
    name: Text
    city: Text | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="ISO 3166-1 alpha-2 code, e.g. TH, JP."
    )
    address: Text | None = None
    timezone: str | None = Field(None, description="IANA zone name, e.g. Asia/Bangkok.")
    coordinates: Coordinates | None = None
    airport: IataCode | None = Field(
        None, description="IATA code when the place is an airport (zone and position then known)."
    )


# --- provenance: where each text and fact comes from --------------------------------------


class Translator(enum.StrEnum):
    """Who translated the texts of one language (the footnote of the hand-outs says so)."""

    EDITORIAL = "editorial"
    OFFICIAL = "official"
    MACHINE = "machine"


LINKS = ("place", "origin", "destination", "contact")
"""An item's links to the trip's tables whose provenance ``inferred_links`` can give."""


class Provenance(_Strict):
    """Where the trip's texts come from (trip-level ``[provenance]``).

    Texts in ``source_language`` are the source's wording; texts in a language of
    ``translations`` are translations by that translator, except the key paths listed in
    ``verbatim`` (an English name the source itself prints, e.g. ``footnotes.2.title.en``).
    """

    source_language: str | None = Field(
        None, description="Language of the source's own wording, e.g. ja.")
    translations: dict[str, Translator] = Field(
        default_factory=_empty_dict,
        description='Per language, who translated it: en = "editorial".')
    verbatim: list[str] = Field(
        default_factory=_empty_list, description="Key paths of texts in a translated language that "
        "the source prints as they are, e.g. footnotes.2.title.en.")

    @field_validator("source_language")
    @classmethod
    def _language(cls, value: str | None) -> str | None:
        if value is not None and not LANG_PATTERN.match(value):
            raise ValueError(f'"{value}" is not a language code; use codes such as "ja", "en"')
        return value

    @field_validator("translations")
    @classmethod
    def _languages(cls, value: dict[str, Translator]) -> dict[str, Translator]:
        for lang in value:
            if not LANG_PATTERN.match(lang):
                raise ValueError(f'"{lang}" is not a language code; use codes such as "en"')
        return value


class Stamp(_Strict):
    """The calendar ``SEQUENCE`` an item was last given, and the fingerprint of what it was.

    Written by tripplan's edits (never by hand): an item whose content no longer matches
    its fingerprint is one ``SEQUENCE`` further on (see :mod:`tripplan.sequence`).
    """

    sequence: StrictInt = Field(ge=0, le=2**31 - 1, description="The calendar SEQUENCE.")
    fingerprint: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] = Field(
        description="What the item was when it got this SEQUENCE (12 hex digits).")
    reach: Visibility | None = Field(
        None, description="The widest audience whose calendars ever held the item.")
    reached: list[Slug] | None = Field(
        None, description="Everyone whose calendar ever held it (absent: the whole delegation).")


class Removed(_Strict):
    """An item taken out of the trip, kept so that every calendar can take it away."""

    sequence: StrictInt = Field(ge=0, le=2**31 - 1, description="SEQUENCE of its cancellation.")
    title: Text
    date: Date | None = Field(None, description="The day it was on (its calendars' copy).")
    end_date: Date | None = None
    visibility: Visibility = Visibility.INTERNAL
    reach: Visibility | None = None
    participants: list[Slug] | None = None


class Item(_Strict):
    """One line of the schedule."""

    id: Slug
    kind: Kind
    title: Text
    status: ItemStatus = ItemStatus.CONFIRMED
    visibility: Visibility = Visibility.INTERNAL

    date: Date | None = Field(None, description="Day of the item when no exact start is given.")
    part_of_day: PartOfDay | None = None
    start: DateTime | None = Field(
        None, description="Local wall-clock start at the place (or origin for travel)."
    )
    end: DateTime | None = Field(
        None, description="Local wall-clock end at the place (or destination for travel)."
    )
    end_date: Date | None = Field(None, description="Day the item ends when no exact end.")
    end_part_of_day: PartOfDay | None = None
    timezone: str | None = Field(
        None, description="Zone of start (and end) overriding the place's."
    )
    end_timezone: str | None = Field(None, description="Zone of the end, when it differs.")

    place: Slug | None = None
    origin: str | None = Field(None, description="Travel: a place id or an IATA airport code.")
    destination: str | None = Field(None, description="Travel: a place id or an IATA airport code.")
    carrier: str | None = None
    number: str | None = Field(None, description="Flight or train number, when known.")

    participants: list[Slug] | None = Field(
        None, description="Delegation members taking part; absent means the whole delegation."
    )
    counterparts: list[Counterpart] = Field(default_factory=_empty_list)
    hosts: list[Organization] = Field(default_factory=_empty_list)
    co_hosts: list[Organization] = Field(default_factory=_empty_list)
    contact: Slug | None = Field(None, description="Id of the trip contact for this item.")
    interpreter: Text | None = None
    attire: Text | None = None
    notes: Text | None = None
    internal_notes: Text | None = Field(
        None, description="Notes for the office only: left out of public exports."
    )
    footnotes: list[str] = Field(default_factory=_empty_list,
                                 description="Ids of the trip's footnotes.")
    tags: list[str] = Field(default_factory=_empty_list)
    source_uid: str | None = Field(
        None, description="UID of the calendar event or reservation this item was imported "
        "from, so that importing it again updates the item in place.")
    stamp: Stamp | None = Field(None, description="Kept by tripplan: the calendar SEQUENCE.")
    inferred: Basis | None = Field(
        None, description="The item is not stated by the source but inferred: the basis, "
        "e.g. １泊３日.")
    inferred_links: dict[typing.Literal[LINKS], Basis] | None = Field(
        None, description="Links (place, origin, destination, contact) the "
        "source does not state, each with its basis.")

    @field_validator("end", "end_date")
    @classmethod
    def _not_too_long(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        begin = info.data.get("start" if info.field_name == "end" else "date")
        if value is not None and begin is not None:
            _within(begin, value, MAX_ITEM_DAYS, "an item")
        return value

    @model_validator(mode="after")
    def _consistent_timing(self) -> Item:
        if self.start is not None:
            if self.date is not None and self.date != self.start.date():
                raise ValueError(
                    "give either start (date and time) or date, not both with different days"
                )
            if self.part_of_day is not None:
                raise ValueError("an item with an exact start cannot also have a part_of_day")
        elif self.end is not None:
            raise ValueError("end (a date and time) needs start; for a day only, use end_date")
        if self.part_of_day is not None and self.date is None:
            raise ValueError("part_of_day needs a date")
        if self.end_part_of_day is not None and self.end_date is None:
            raise ValueError("end_part_of_day needs end_date")
        if self.end_date is not None and self.start is None and self.date is None:
            raise ValueError("end_date needs date")
        if self.end_date is not None and self.end is not None:
            raise ValueError("give either end (date and time) or end_date, not both")
        return self

    @property
    def timing(self) -> Timing:
        if self.start is not None:
            return Timing.TIMED
        if self.date is None:
            return Timing.UNSCHEDULED
        if self.part_of_day is not None:
            return Timing.PART_OF_DAY
        return Timing.DATE_ONLY

    @property
    def first_day(self) -> dt.date | None:
        return self.start.date() if self.start is not None else self.date

    @property
    def last_day(self) -> dt.date | None:
        if self.end is not None:
            return self.end.date()
        if self.end_date is not None:
            return self.end_date
        return self.first_day

    def involves(self, person: str) -> bool:
        return self.participants is None or person in self.participants


class Trip(_Strict):
    """A whole trip: who goes, where, and the schedule."""

    id: Slug
    title: Text
    purpose: Text | None = None
    status: TripStatus = TripStatus.DRAFT
    home_timezone: str = Field(description="IANA zone of the delegation's home, e.g. Asia/Tokyo.")
    start: Date
    end: Date
    revision: StrictInt = Field(0, ge=0, le=MAX_REVISION,
                                description="Raised by every saved change.")
    calendar_domain: Annotated[str, StringConstraints(
        pattern=r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", max_length=200)] | None = \
        Field(None, description="The office's domain, on the right of every calendar UID "
              "(<item>@<trip>.<domain>), so that UIDs are unique across offices; set it before "
              "the first export. Absent: <item>@<trip>.tripplan.")
    as_of: Date | None = Field(None, description="Date the information was current.")
    organizer: Text | None = Field(None, description="The office that prepares the trip.")
    hosts: list[Organization] = Field(default_factory=_empty_list)
    co_hosts: list[Organization] = Field(default_factory=_empty_list)
    tags: list[str] = Field(default_factory=_empty_list, description="Labels to find the trip by, "
                            "e.g. bangkok: tripplan list --tag bangkok.")
    source: Text | None = Field(None, description="Where the information comes from.")
    travel_speed_kmh: StrictFloat | None = Field(
        None, ge=1, le=1000, description="Ground speed used to estimate time between places."
    )
    order_unknown: list[Date] = Field(
        default_factory=_empty_list,
        description="Days whose items without a clock time are in no known order.")
    subtitle: Text | None = Field(None, description="The source's subtitle, as printed.")
    duration: Text | None = Field(
        None, description="The length as the source gives it, e.g. １泊３日.")
    provenance: Provenance | None = Field(
        None, description="Which language is the source's wording, who translated the others.")

    people: dict[Slug, Person] = Field(default_factory=_empty_dict)
    places: dict[Slug, Place] = Field(default_factory=_empty_dict)
    contacts: dict[Slug, Contact] = Field(default_factory=_empty_dict)
    footnotes: dict[str, Footnote] = Field(default_factory=_empty_dict)
    items: list[Item] = Field(default_factory=_empty_list)
    removed: dict[Slug, Removed] = Field(
        default_factory=_empty_dict, description="Items taken out, kept for calendars (by id).")

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, data: Any) -> Any:
        for path, _at_key, problem in text_problems(data)[:1]:
            where = ".".join(str(part).encode("ascii", "backslashreplace").decode()
                             for part in path)
            raise ValueError(f"{where or 'a key'} {problem}")
        return data

    @field_validator("end")
    @classmethod
    def _not_too_long(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        if (start := info.data.get("start")) is not None:
            _within(start, value, MAX_TRIP_DAYS - 1, "a trip")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Trip:
        if self.end < self.start:
            raise ValueError(
                f"the trip ends ({self.end}) before it starts ({self.start}); swap start and end"
            )
        return self

    @property
    def principal(self) -> tuple[str, Person] | None:
        for key, person in self.people.items():
            if person.principal:
                return key, person
        return None

    def delegation(self) -> list[tuple[str, Person]]:
        """Delegation members, the principal first, otherwise in file order."""
        return sorted(self.people.items(), key=lambda kv: not kv[1].principal)

    def days(self) -> list[dt.date]:
        n = (self.end - self.start).days
        return [self.start + dt.timedelta(days=i) for i in range(n + 1)]

    def place_name(self, ref: str | None, lang: str) -> str:
        """How a place id or IATA code reads in ``lang`` (the code itself when not a place).

        >>> Trip.model_validate({"id": "t", "title": "T", "home_timezone": "Asia/Tokyo",
        ...     "start": "2024-06-20", "end": "2024-06-20",
        ...     "places": {"bkk": {"name": {"ja": "バンコク", "en": "Bangkok"}}}}
        ... ).place_name("bkk", "ja")
        'バンコク'
        """
        if ref is None:
            return "?"
        if ref in self.places:
            return self.places[ref].name.get(lang) or ref
        return ref

    def item(self, item_id: str) -> Item | None:
        return next((it for it in self.items if it.id == item_id), None)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the trip format, generated from the model."""
    schema = Trip.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tripplan trip"
    return schema


def model_at(path: tuple[str | int, ...] | list[str | int]) -> type[BaseModel] | None:
    """The model class describing the table at ``path`` of a trip (``None`` if not a model).

    >>> model_at(("items", 3)).__name__, model_at(("places", "bangkok")).__name__
    ('Item', 'Place')
    >>> model_at(("items", 0, "title")) is None
    True
    """
    annotation: Any = Trip
    for part in path:
        annotation = unwrap_annotation(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = annotation.model_fields
            if not isinstance(part, str) or part not in fields:
                return None
            annotation = fields[part].annotation
            continue
        origin, args = typing.get_origin(annotation), typing.get_args(annotation)
        if origin is list and args and isinstance(part, int):
            annotation = args[0]
        elif origin is dict and len(args) == 2 and isinstance(part, str):
            annotation = args[1]
        else:
            return None
    annotation = unwrap_annotation(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return None if annotation is Text else annotation
    return None


def unwrap_annotation(annotation: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` → ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation
