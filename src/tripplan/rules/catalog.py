"""Catalogue rules (``R`` prefix): the trips a command was given, compared with each other.

``validate`` and ``check`` run them over the trips they are given (by default the whole
itineraries folder), after each trip's own rules; see :func:`tripplan.rules.catalog_rule`.

>>> import datetime as dt
>>> a = TripFacts("a", "a.toml", dt.date(2024, 6, 20), dt.date(2024, 6, 22), "confirmed",
...               "mayor", ("山中 竹春", "Takeharu Yamanaka"))
>>> b = TripFacts("b", "b.toml", dt.date(2024, 6, 22), dt.date(2024, 6, 25), "draft",
...               "yamanaka", ("山中竹春",))
>>> [(f.trip, f.loc) for f in overlapping_trips([a, b])]
[(0, ('end',)), (1, ('start',))]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tripplan.diagnostics import Severity
from tripplan.rules.registry import CatalogFinding, TripFacts, catalog_rule
from tripplan.textmatch import name_key


def same_principal(a: TripFacts, b: TripFacts) -> bool:
    """Whether two trips have the same principal: a name of one is written like a name of
    the other (case, width and spaces aside: ``山中 竹春`` is ``山中竹春``). Person ids are
    the file's own and say nothing across files."""
    keys = {name_key(n) for n in a.principal_names} - {""}
    return any(name_key(n) in keys for n in b.principal_names)


@catalog_rule("R017", "overlapping-trips", Severity.WARNING,
              "Two trips of the same principal overlap in time.",
              "move or shorten one of the trips, or cancel the one that will not happen "
              "(status = \"cancelled\")")
def overlapping_trips(trips: Sequence[TripFacts]) -> Iterator[CatalogFinding]:
    """The principal (the delegation member with ``principal = true``) cannot be on two
    trips at once. Trips are compared by their dates, ``start`` to ``end``, both days
    included: a trip that ends on the day another begins overlaps it by that day (the
    principal would fly home and out again on the same day; worth a look). The principal is
    the same when their names are written alike in some language, however each file names
    the person (``[people.mayor]``, ``[people.yamanaka]``). Cancelled trips, trips without a
    principal and two files of the same trip id (a trip and its copy) are not compared.

    Each trip of a pair gets a finding: the one that starts first at its ``end``, the other
    at its ``start``."""
    order = sorted((i for i, t in enumerate(trips)
                    if t.principal_names and t.status != "cancelled"),
                   key=lambda i: (trips[i].start, trips[i].id, trips[i].file))
    for n, i in enumerate(order):
        first = trips[i]
        for j in order[n + 1:]:
            second = trips[j]
            if second.start > first.end:
                break
            if second.id == first.id or not same_principal(first, second):
                continue
            yield from _pair(trips, i, j)


def _pair(trips: Sequence[TripFacts], i: int, j: int) -> Iterator[CatalogFinding]:
    first, second = trips[i], trips[j]
    shared = (max(first.start, second.start), min(first.end, second.end))
    days = f"on {shared[0]}" if shared[0] == shared[1] else f"from {shared[0]} to {shared[1]}"
    for (me, key), (other, its_key) in (((i, "end"), (j, "start")), ((j, "start"), (i, "end"))):
        mine, theirs = trips[me], trips[other]
        yield CatalogFinding(
            me, (key,), f'the trip overlaps trip "{theirs.id}" ({theirs.start} to '
            f"{theirs.end}) of the same principal, {mine.principal_names[0]}: both {days}",
            see=((other, (its_key,)),))
