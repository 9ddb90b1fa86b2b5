"""Consistency rules of a trip (``R`` prefix)."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator

from tripplan.diagnostics import Severity
from tripplan.model import ItemStatus, Kind, TripStatus
from tripplan.rules.registry import Context, Finding, item_loc, rule
from tripplan.zones import airport


def _did_you_mean(name: str, known: list[str]) -> str | None:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    return ("known ids: " + ", ".join(known)) if known else None


@rule("R001", "duplicate-item-id", Severity.ERROR,
      "Two items have the same id.",
      "give each item its own id; ids are how calendars recognise an item after an update")
def duplicate_item_id(ctx: Context) -> Iterator[Finding]:
    """Item ids must be unique within a trip: calendar exports derive stable UIDs from them,
    and edit commands address items by id."""
    first: dict[str, int] = {}
    for i, item in enumerate(ctx.trip.items):
        if item.id in first:
            yield Finding(item_loc(i, "id"), f'item id "{item.id}" is already used by '
                          f"items[{first[item.id]}]", item=item.id)
        else:
            first[item.id] = i


@rule("R002", "unknown-place", Severity.ERROR,
      "An item refers to a place that is not defined.",
      "define the place under [places.<id>], or fix the id")
def unknown_place(ctx: Context) -> Iterator[Finding]:
    """``place``, ``origin`` and ``destination`` must name a place of the trip; ``origin`` and
    ``destination`` may also be an IATA airport code known to the airport database."""
    known = list(ctx.trip.places)
    for i, item in enumerate(ctx.trip.items):
        if item.place is not None and item.place not in ctx.trip.places:
            yield Finding(item_loc(i, "place"),
                          f'item "{item.id}" refers to place "{item.place}"',
                          help=_did_you_mean(item.place, known), item=item.id)
        for key in ("origin", "destination"):
            ref = getattr(item, key)
            if ref is None or ref in ctx.trip.places:
                continue
            if len(ref) == 3 and ref.isalpha() and ref.isupper():
                if airport(ref) is None:
                    yield Finding(item_loc(i, key), f'"{ref}" is not a known IATA airport code',
                                  help="check the code (e.g. HND, NRT, BKK, DMK)", item=item.id)
                continue
            yield Finding(item_loc(i, key), f'item "{item.id}" refers to place "{ref}" as its '
                          f"{key}", help=_did_you_mean(ref, known), item=item.id)


@rule("R003", "unknown-person", Severity.ERROR,
      "An item lists a participant who is not in the delegation.",
      "add the person under [people.<id>], or fix the id")
def unknown_person(ctx: Context) -> Iterator[Finding]:
    """Participants are ids of ``[people]`` entries (the delegation)."""
    known = list(ctx.trip.people)
    for i, item in enumerate(ctx.trip.items):
        for j, person in enumerate(item.participants or []):
            if person not in ctx.trip.people:
                yield Finding(item_loc(i, "participants", j),
                              f'item "{item.id}" lists participant "{person}"',
                              help=_did_you_mean(person, known), item=item.id)


@rule("R004", "end-before-start", Severity.ERROR,
      "An item ends before it starts.",
      "check the end; for travel that lands the next day, give the arrival's own date")
def end_before_start(ctx: Context) -> Iterator[Finding]:
    """Compares local times when start and end are in the same zone, and days for items known
    by date. Travel between zones is compared in UTC by TZ005."""
    for t in ctx.times:
        item = t.item
        same_zone = t.start_zone == t.end_zone
        if (item.start is not None and item.end is not None and same_zone
                and item.end.replace(tzinfo=None) < item.start.replace(tzinfo=None)):
            yield Finding(item_loc(t.index, "end"), f'item "{item.id}" ends at '
                          f"{item.end:%Y-%m-%d %H:%M}, before it starts at "
                          f"{item.start:%Y-%m-%d %H:%M}", item=item.id)
        if item.date is not None and item.end_date is not None and item.end_date < item.date:
            yield Finding(item_loc(t.index, "end_date"), f'item "{item.id}" ends on '
                          f"{item.end_date}, before it starts on {item.date}", item=item.id)


@rule("R005", "item-outside-trip", Severity.ERROR,
      "An item falls outside the trip's start and end dates.",
      "fix the item's date, or the trip's start/end")
def item_outside_trip(ctx: Context) -> Iterator[Finding]:
    """Every item's first and last day must lie within the trip's ``start``..``end``."""
    trip = ctx.trip
    for i, item in enumerate(trip.items):
        first, last = item.first_day, item.last_day
        if first is None:
            continue
        key = "start" if item.start is not None else "date"
        if first < trip.start or first > trip.end:
            yield Finding(item_loc(i, key), f'item "{item.id}" is on {first}, outside the trip '
                          f"({trip.start} to {trip.end})", item=item.id)
        elif last is not None and last > trip.end:
            end_key = "end" if item.end is not None else "end_date"
            yield Finding(item_loc(i, end_key), f'item "{item.id}" ends on {last}, after the '
                          f"trip ends ({trip.end})", item=item.id)


@rule("R006", "trip-dates-mismatch", Severity.WARNING,
      "The trip's start or end date has no item on it.",
      "set the trip's start/end to the first and last day of the schedule")
def trip_dates_mismatch(ctx: Context) -> Iterator[Finding]:
    """A trip's first day is usually the outbound travel and its last the return. A start or
    end with nothing scheduled often means the trip dates or an item's date were mistyped."""
    trip = ctx.trip
    days = [d for it in trip.items for d in (it.first_day, it.last_day) if d is not None]
    if not days:
        return
    if min(days) > trip.start:
        yield Finding(("start",), f"the trip starts on {trip.start} but its first item is on "
                      f"{min(days)}")
    if max(days) < trip.end:
        yield Finding(("end",), f"the trip ends on {trip.end} but its last item is on "
                      f"{max(days)}")


@rule("R007", "participant-overlap", Severity.WARNING,
      "Two timed items overlap for the same participant.",
      "move one of them, or narrow their participants")
def participant_overlap(ctx: Context) -> Iterator[Finding]:
    """Timed items (with a start and an end, not cancelled, lodging excepted) whose intervals
    overlap in UTC for a delegation member. Sorted sweep per person: O(n log n)."""
    everyone = list(ctx.trip.people) or ["(delegation)"]
    by_person: dict[str, list] = defaultdict(list)
    for t in ctx.times:
        item = t.item
        if (t.start_utc is None or t.end_utc is None or item.status is ItemStatus.CANCELLED
                or item.kind is Kind.LODGING or t.end_utc <= t.start_utc):
            continue
        for person in item.participants if item.participants is not None else everyone:
            by_person[person].append(t)
    reported: set[tuple[int, int]] = set()
    for person, times in by_person.items():
        # compared in UTC: two wall times in one zone compare by wall clock, wrong at a DST fold
        times.sort(key=lambda t: (t.start_utc, t.index))
        latest = None
        for t in times:
            if latest is not None and t.start_utc < latest.end_utc:
                pair = (latest.index, t.index)
                if pair not in reported:
                    reported.add(pair)
                    who = "" if person == "(delegation)" else f" for {person}"
                    yield Finding(item_loc(t.index, "start"),
                                  f'item "{t.item.id}" overlaps "{latest.item.id}"{who}',
                                  item=t.item.id)
            if latest is None or t.end_utc > latest.end_utc:
                latest = t


@rule("R008", "missing-counterpart", Severity.WARNING,
      "A meeting or courtesy call has no counterpart.",
      "add counterparts = [{ title.en = \"…\", organization.en = \"…\" }]")
def missing_counterpart(ctx: Context) -> Iterator[Finding]:
    """Meetings and courtesy calls are with someone; the brief must say with whom."""
    for i, item in enumerate(ctx.trip.items):
        if item.kind in (Kind.MEETING, Kind.COURTESY_CALL) and not item.counterparts:
            yield Finding(item_loc(i), f'{item.kind.value} "{item.id}" has no counterpart',
                          at_key=True, item=item.id)


@rule("R009", "tentative-in-confirmed-trip", Severity.WARNING,
      "A confirmed trip still holds tentative items.",
      "confirm or cancel the item, or set the trip's status back to draft")
def tentative_in_confirmed_trip(ctx: Context) -> Iterator[Finding]:
    """A trip marked confirmed should hold no tentative item."""
    if ctx.trip.status is not TripStatus.CONFIRMED:
        return
    for i, item in enumerate(ctx.trip.items):
        if item.status is ItemStatus.TENTATIVE:
            yield Finding(item_loc(i, "status"), f'item "{item.id}" is tentative but the trip is '
                          "confirmed", item=item.id)


@rule("R010", "unknown-contact", Severity.ERROR,
      "An item refers to a contact that is not defined.",
      "define the contact under [contacts.<id>], or fix the id")
def unknown_contact(ctx: Context) -> Iterator[Finding]:
    """An item's ``contact`` is the id of one of the trip's ``[contacts]``."""
    known = list(ctx.trip.contacts)
    for i, item in enumerate(ctx.trip.items):
        if item.contact is not None and item.contact not in ctx.trip.contacts:
            yield Finding(item_loc(i, "contact"),
                          f'item "{item.id}" refers to contact "{item.contact}"',
                          help=_did_you_mean(item.contact, known), item=item.id)


@rule("R011", "unknown-footnote", Severity.ERROR,
      "An item refers to a footnote that is not defined.",
      "define it under [footnotes.\"<id>\"], or fix the id")
def unknown_footnote(ctx: Context) -> Iterator[Finding]:
    """An item's ``footnotes`` are ids of the trip's ``[footnotes]``."""
    known = list(ctx.trip.footnotes)
    for i, item in enumerate(ctx.trip.items):
        for j, note in enumerate(item.footnotes):
            if note not in ctx.trip.footnotes:
                yield Finding(item_loc(i, "footnotes", j),
                              f'item "{item.id}" refers to footnote "{note}"',
                              help=_did_you_mean(note, known), item=item.id)


@rule("R012", "principal-count", Severity.ERROR,
      "The delegation has no principal, or more than one.",
      "mark exactly one person with principal = true")
def principal_count(ctx: Context) -> Iterator[Finding]:
    """Agendas list the principal first and pocket cards are made for them: a delegation has
    exactly one principal."""
    principals = [key for key, p in ctx.trip.people.items() if p.principal]
    if ctx.trip.people and not principals:
        yield Finding(("people",), "no one in the delegation is marked principal = true",
                      at_key=True)
    for key in principals[1:]:
        yield Finding(("people", key, "principal"), f'"{key}" is a second principal '
                      f'(the first is "{principals[0]}")')




@rule("R013", "changed-since-stamp", Severity.WARNING,
      "An item was changed by hand since tripplan stamped its calendar SEQUENCE.",
      "run `tripplan stamp` so that the next change raises SEQUENCE again")
def changed_since_stamp(ctx: Context) -> Iterator[Finding]:
    """Calendars take an update only when its ``SEQUENCE`` is higher than the one they hold,
    and every clone of the trip computes ``SEQUENCE`` from the file: an item's stamp, one
    more when the item no longer matches it (see docs/ics.md). An item edited by hand is
    already one further on; a *second* hand edit before it is stamped would go out under the
    same number, and calendars would keep the first. ``tripplan stamp`` records the change
    (every tripplan edit does it by itself)."""
    from tripplan.sequence import changed_since_stamp as changed

    for t in changed(ctx.trip, ctx.times):
        stamp = t.item.stamp
        assert stamp is not None
        yield Finding(item_loc(t.index, "stamp"), f'item "{t.item.id}" changed since it was '
                      f"stamped: its calendar SEQUENCE is now {stamp.sequence + 1}",
                      item=t.item.id)


@rule("R014", "single-language-text", Severity.WARNING,
      "A text of a bilingual trip is given in one language only.",
      "add the missing language (marked as a translation in [provenance]), or write a "
      "name the same in every language as a plain string")
def single_language_text(ctx: Context) -> Iterator[Finding]:
    """A trip that declares two languages (its ``[provenance]`` names the source's and a
    translation's) gives every text in both: a hand-out in the other language would otherwise fall
    back to the first wording mid-sentence. A plain string (``name = "中村 恭揚"``) reads the
    same in every language and is not flagged."""
    from tripplan.provenance import bilingual, missing_languages, texts

    if not bilingual(ctx.trip):
        return
    for path, text in texts(ctx.trip):
        missing = missing_languages(ctx.trip, text)
        if missing:
            item = ctx.trip.items[path[1]].id if path[0] == "items" else None
            yield Finding(path, f"{'.'.join(map(str, path))} has no "
                          f"{' or '.join(missing)} text", at_key=True, item=item)


@rule("R015", "inferred-in-confirmed-trip", Severity.WARNING,
      "A confirmed trip still holds a fact that is only inferred.",
      "confirm the fact with the organiser and remove `inferred`, or set the trip back "
      "to draft")
def inferred_in_confirmed_trip(ctx: Context) -> Iterator[Finding]:
    """``inferred = "…basis…"`` marks an item, link, counterpart or organisation that the
    source does not state. A trip marked confirmed should rest on stated facts only."""
    from tripplan.provenance import inferred_facts

    if ctx.trip.status is not TripStatus.CONFIRMED:
        return
    for path, basis in inferred_facts(ctx.trip):
        item = ctx.trip.items[path[1]].id if path[0] == "items" else None
        where = ".".join(map(str, path))
        if item is not None and len(path) == 2:
            where = f'item "{item}"'
        elif item is not None and len(path) == 3:
            where = f'the {path[2]} of item "{item}"'
        loc = (*path, "inferred") if len(path) != 3 else (*path[:2], "inferred_links", path[2])
        yield Finding(loc, f"{where} is inferred ({basis}) but the trip is confirmed",
                      item=item)


@rule("R016", "invalid-phone-number", Severity.WARNING,
      "A contact's phone number is not a valid number of its country, or has no country.",
      "check the number; write a number abroad with its country code (+66 2 123 4567), or "
      'give the contact its country = "TH"')
def invalid_phone_number(ctx: Context) -> Iterator[Finding]:
    """Hand-outs and calendars write a contact's number in international format
    (``+81 45-671-4396``) so that it can be dialled from abroad, and vCards carry it as a
    ``tel:`` URI. libphonenumber reads the number in its country: its own country code when
    it is written with ``+``, else the contact's ``country``, else the delegation's home
    country (the one country of the trip's places in its ``home_timezone``). A number that
    has no country, or that is not a valid number there, is printed exactly as written; this
    rule says so, at the number."""
    from tripplan.phones import contact_phone, home_country

    home = home_country(ctx.trip)
    for key, contact in ctx.trip.contacts.items():
        reading = contact_phone(contact, ctx.trip)
        if reading is None or reading.problem is None:
            continue
        written = reading.written
        message = f'the phone number "{written}" of contact "{key}" {reading.problem}'
        if written.lstrip().startswith("+"):
            fix = "check the number and its country code"
        elif reading.region is None:
            fix = ("write it with its country code (+81 45-671-4396), or give the contact "
                   'its country = "JP"')
        else:
            basis = ("the contact's country" if contact.country is not None
                     else f"the delegation's home country, from {home[1]}" if home else "")
            message += f" ({basis})" if basis else ""
            fix = ("check the number; if it is a number of another country, write it with "
                   'its country code (+66 2 123 4567) or give the contact its country = "TH"')
        yield Finding(("contacts", key, "phone"), message, help=fix)
