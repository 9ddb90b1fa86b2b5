"""New trips (``new``): the commented template filled in, asked for on a terminal.

:func:`new_trip` reads what it was given, asks for the rest through a :class:`Prompter`
(or names the missing arguments), checks the result with every rule and writes it without
overwriting anything. :func:`render_new_trip` fills the template's ``{{ name }}`` slots.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Protocol

from tripplan import storage
from tripplan.catalog import itineraries_folder
from tripplan.config import settings
from tripplan.diagnostics import Severity
from tripplan.edit.values import language_of, slugify, text_value
from tripplan.errors import FindingsError, InputError, UsageError
from tripplan.load import display_path, load_text
from tripplan.parse_input import parse_date
from tripplan.rules import check_trip, select_rules
from tripplan.tomldoc import keyval_lines, toml_key, toml_string
from tripplan.zones import get_zone, suggest_zone


class Prompter(Protocol):
    """How :func:`new_trip` asks a person (the front end supplies a terminal prompter)."""

    def ask(self, label: str, default: str | None = None) -> str: ...

    def tell(self, message: str) -> None: ...


@dataclass
class NewTrip:
    """What ``new`` was given (as typed)."""

    id: str | None = None
    title: str | None = None
    title_ja: str | None = None
    title_en: str | None = None
    start: str | None = None
    end: str | None = None
    home_timezone: str | None = None
    principal: str | None = None
    folder: str | None = None


def _check_zone(name: str) -> str:
    name = name.strip()
    if get_zone(name) is not None:
        return name
    close = suggest_zone(name)
    raise UsageError(f'"{name}" is not a time zone',
                     hint=f'did you mean "{close}"?' if close else
                     "use an IANA zone name such as Asia/Tokyo (see `tripplan tz`)")


def _check_id(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        raise UsageError(f'"{value}" is not a valid trip id',
                         hint="lower-case letters, digits and '-', e.g. 2024-06-bangkok")
    return value


def _ask(prompter: Prompter | None, label: str, read: Callable[[str], Any],
         given: str | None, default: str | None = None, *, optional: bool = False) -> Any:
    """``given`` read with ``read``; else asked until it reads (or None if optional)."""
    if given is not None or prompter is None:
        return read(given) if given is not None else None
    while True:
        answer = prompter.ask(label, default).strip()
        if not answer:
            if optional:
                return None
            prompter.tell("  an answer is needed")
            continue
        try:
            return read(answer)
        except UsageError as err:
            prompter.tell(f"  {err}" + (f"\n  {err.hint}" if err.hint else ""))


@dataclass
class Created:
    path: Path
    id: str


def template_text() -> str:
    return (files("tripplan") / "templates" / "new-trip.toml").read_text(encoding="utf-8")


def _ask_titles(titles: dict[str, str], prompter: Prompter | None) -> dict[str, str]:
    while not titles and prompter is not None:
        ja = _ask(prompter, "Title in Japanese (empty to skip)", str, None, optional=True)
        en = _ask(prompter, "Title in English (empty to skip)", str, None, optional=True)
        titles = {k: v for k, v in (("ja", ja), ("en", en)) if v}
        if not titles:
            prompter.tell("  a trip needs a title in at least one language")
    return titles


def _ask_id(spec: NewTrip, prompter: Prompter | None, titles: dict[str, str],
            start: dt.date) -> str:
    slug = slugify(titles.get("en", ""))
    suggested = f"{start:%Y-%m}-{slug}" if slug else None
    if spec.id is None and prompter is None and suggested is None:
        raise UsageError("give the trip an id (no English title to make one from)",
                         hint="e.g. tripplan new 2024-06-bangkok ...")
    if spec.id is not None or prompter is not None:
        return _ask(prompter, "Trip id (the file name)", _check_id, spec.id, default=suggested)
    return _check_id(suggested or "")


@dataclass
class _Answers:
    titles: dict[str, str]
    start: dt.date
    end: dt.date
    zone: str
    principal: str | None
    trip_id: str


def _answers(spec: NewTrip, prompter: Prompter | None, default_zone: str) -> _Answers:
    """What the new trip says: as given, else asked (missing arguments are usage errors)."""
    given_titles = text_value(spec.title, spec.title_ja, spec.title_en) or {}
    zone = spec.home_timezone or default_zone
    if prompter is None:
        missing = [f"{{{name}}}" for name, value in (
            ("title", given_titles), ("start", spec.start), ("end", spec.end),
            ("home_timezone", zone)) if not value]
        if missing:
            raise UsageError("missing " + ", ".join(missing), argument=missing[0][1:-1],
                             hint="give them as options, or run `tripplan new` in a terminal "
                                  "to be asked")
    titles = _ask_titles(given_titles, prompter)
    start = _ask(prompter, "First day (2024-06-20, 2024年6月20日, 令和6年6月20日)",
                 parse_date, spec.start)

    def read_end(raw: str) -> dt.date:
        end = parse_date(raw, default_year=start.year)
        if end < start:
            raise UsageError(f"the last day ({end}) is before the first ({start})")
        return end

    end = _ask(prompter, "Last day", read_end, spec.end)
    zone = _ask(prompter, "Home time zone (e.g. Asia/Tokyo)", _check_zone,
                spec.home_timezone, default=default_zone) \
        if spec.home_timezone or prompter is not None else _check_zone(zone)
    principal = _ask(prompter, "Principal, the head of the delegation (name; empty to skip)",
                     str, spec.principal, optional=True)
    return _Answers(titles, start, end, zone, principal, _ask_id(spec, prompter, titles, start))


def new_trip(spec: NewTrip, *, prompter: Prompter | None = None,
             default_zone: str | None = None) -> Created:
    """``new``: a new trip file from the commented template.

    Values not given are asked through ``prompter`` (a terminal); without one, missing
    values are a usage error naming the arguments. ``default_zone``: the home time zone
    when none is given (default: the settings'). Refuses to overwrite an existing file.
    """
    answers = _answers(spec, prompter, default_zone or settings().home_timezone)
    folder = Path(spec.folder) if spec.folder else itineraries_folder()
    path = folder / f"{answers.trip_id}.toml"
    if path.exists():
        raise UsageError(f"{display_path(path)} already exists; nothing was written",
                         hint="choose another id, or edit it: tripplan edit " + answers.trip_id)
    text = render_new_trip(answers.trip_id, answers.titles, answers.start, answers.end,
                           answers.zone, answers.principal)
    loaded = load_text(text, path)
    errors = [d for d in check_trip(loaded, select_rules()) if d.severity is Severity.ERROR]
    if errors:  # pragma: no cover - the template and the checks above prevent this
        raise FindingsError("the new trip would not be valid; nothing was written", errors)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create the folder: {err.strerror or err}", path=folder) from None
    with storage.locked(path):
        if path.exists():
            raise UsageError(f"{display_path(path)} already exists; nothing was written")
        storage.atomic_write(path, text.encode("utf-8"), backup=False)
    return Created(path, answers.trip_id)


def render_new_trip(trip_id: str, titles: dict[str, str], start: dt.date, end: dt.date,
                    zone: str, principal: str | None) -> str:
    """The template with its ``{{ name }}`` slots filled (values written as TOML).

    >>> text = render_new_trip("2024-06-bangkok", {"en": "Visit to Bangkok"},
    ...     dt.date(2024, 6, 20), dt.date(2024, 6, 22), "Asia/Tokyo", "Takeharu Yamanaka")
    >>> print("\\n".join(line for line in text.splitlines() if line.startswith(("id", "[people",
    ...     "start", "name"))))
    id = "2024-06-bangkok"
    start = 2024-06-20
    [people.takeharu-yamanaka]
    name.en = "Takeharu Yamanaka"
    """
    heading = " / ".join(titles.values()).replace("\n", " ")
    if principal:
        person = slugify(principal) or "principal"
        people = "\n".join([
            "# The delegation: exactly one person is the principal (listed first in agendas).",
            f"[people.{toml_key(person)}]",
            *keyval_lines(("name",), {language_of(principal): principal}),
            '# role.en = "…"',
            "principal = true",
        ])
    else:
        people = "\n".join([
            "# The delegation: exactly one person is the principal (listed first in agendas).",
            "# [people.principal]",
            '# name.en = "…"',
            '# role.en = "…"',
            "# principal = true",
        ])
    slots = {
        "heading": heading,
        "id": toml_string(trip_id),
        "trip": trip_id,
        "title": "\n".join(keyval_lines(("title",), titles)),
        "home_timezone": toml_string(zone),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "people": people,
    }
    text = template_text()
    for name, value in slots.items():
        text = text.replace("{{ " + name + " }}", value)
    return text

