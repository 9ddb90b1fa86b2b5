"""The rule machinery: findings, the context a rule sees, the registry and the engine.

A rule module (:mod:`~tripplan.rules.core`, :mod:`~tripplan.rules.timezones`,
:mod:`~tripplan.rules.checklist`) registers its checks with :func:`rule`; the engine
(:func:`run_rules`) turns their :class:`Finding` objects into located diagnostics. The
catalogue of all rules (loading every rule module) is :mod:`tripplan.rules` itself.

Most rules look at one trip. A **catalogue rule** (:func:`catalog_rule`, in
:mod:`~tripplan.rules.catalog`) compares the trips a command was given with each other: it
sees one :class:`TripFacts` per trip (a few facts, made while the trip is loaded for its
own rules and cached with their findings, so that a run over unchanged files loads none),
and :func:`run_catalog_rules` locates its :class:`CatalogFinding` objects in the file of the
trip each is about.
"""


from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from tripplan.diagnostics import Diagnostic, Severity, format_key_path

if TYPE_CHECKING:
    from tripplan.load import LoadedTrip
    from tripplan.model import Trip
    from tripplan.zones import ItemTime


@dataclass(frozen=True)
class Finding:
    loc: tuple
    message: str
    help: str | None = None
    at_key: bool = False
    item: str | None = None
    related: tuple[str, ...] = ()
    severity: Severity | None = None  # overrides the rule's default


@dataclass
class Context:
    """What a rule may look at: the loaded trip, its zone resolution, options."""

    loaded: LoadedTrip
    today: dt.date | None = None
    days_before: int | None = None
    options: dict = field(default_factory=dict)

    @property
    def trip(self) -> Trip:
        return self.loaded.trip

    @cached_property
    def times(self) -> list[ItemTime]:
        from tripplan.zones import resolve

        return resolve(self.trip)


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class TripFacts:
    """What a catalogue rule knows of one trip: its id, file, dates, status, principal."""

    id: str
    file: str
    """The file as shown (findings are located in it)."""
    start: dt.date
    end: dt.date
    status: str
    principal: str | None = None
    """The person id of the delegation's principal (``None``: no principal)."""
    principal_names: tuple[str, ...] = ()
    """The principal's name as written, in each language the file gives it."""

    @classmethod
    def of(cls, loaded: LoadedTrip) -> TripFacts:
        trip = loaded.trip
        principal = trip.principal
        key, names = None, ()
        if principal is not None:
            key, person = principal
            root = person.name.root
            names = (root,) if isinstance(root, str) else tuple(root.values())
        return cls(trip.id, loaded.display_path, trip.start, trip.end, trip.status.value,
                   key, names)

    def to_json(self) -> dict:
        return {"id": self.id, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "status": self.status, "principal": self.principal,
                "principal_names": list(self.principal_names)}

    @classmethod
    def from_json(cls, data: dict, file: str) -> TripFacts:
        """The facts :meth:`to_json` gave (the file is the one shown now)."""
        return cls(data["id"], file, dt.date.fromisoformat(data["start"]),
                   dt.date.fromisoformat(data["end"]), data["status"], data["principal"],
                   tuple(data["principal_names"]))


@dataclass(frozen=True)
class CatalogFinding:
    """A finding of a catalogue rule: in the file of ``trips[trip]``, at key path ``loc``."""

    trip: int
    loc: tuple
    message: str
    help: str | None = None
    see: tuple[tuple[int, tuple], ...] = ()
    """Places in other trips' files the finding is about (trip index, key path): given as
    ``id: file:line:col`` lines."""


CatalogCheck = Callable[[Sequence[TripFacts]], Iterable[CatalogFinding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    help: str
    check: Check | CatalogCheck
    checklist: bool = False
    catalog: bool = False
    """A catalogue rule: it compares trips (:func:`run_catalog_rules`), not one trip."""

    @property
    def doc(self) -> str:
        """The rule's documentation: its docstring, indentation removed."""
        return inspect.cleandoc(self.check.__doc__ or self.summary)

    def to_json(self) -> dict:
        return {
            "code": self.code, "name": self.name, "severity": self.severity.value,
            "summary": self.summary, "help": self.help, "doc": self.doc,
            "checklist": self.checklist, "catalog": self.catalog,
        }


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, summary: str, help: str, *,
         checklist: bool = False) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if code in RULES:
            raise RuntimeError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, name, severity, summary, help, check, checklist)
        return check

    return register


def catalog_rule(code: str, name: str, severity: Severity, summary: str,
                 help: str) -> Callable[[CatalogCheck], CatalogCheck]:
    """Register a catalogue rule: ``check(trips)`` gets the facts of every trip given."""
    def register(check: CatalogCheck) -> CatalogCheck:
        if code in RULES:
            raise RuntimeError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, name, severity, summary, help, check, catalog=True)
        return check

    return register


def run_rules(ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Run ``rules`` on one trip; findings located in the trip's own file."""
    out: list[Diagnostic] = []
    for r in rules:
        for finding in r.check(ctx):
            line, column = ctx.loaded.locate(finding.loc, key=finding.at_key)
            out.append(Diagnostic(
                r.code, r.name, finding.severity or r.severity, finding.message,
                help=finding.help or r.help, file=ctx.loaded.display_path, line=line,
                column=column, key=format_key_path(finding.loc) or None, item=finding.item,
                related=finding.related,
            ))
    out.sort(key=Diagnostic.sort_key)
    return out


def check_trip(loaded: LoadedTrip, rules: Iterable[Rule], *, today: dt.date | None = None,
               days_before: int | None = None) -> list[Diagnostic]:
    """The findings of ``rules`` in one loaded trip, located and sorted (catalogue rules,
    which need the other trips, are not run here)."""
    own = [r for r in rules if not r.catalog]
    return run_rules(Context(loaded, today=today, days_before=days_before), own)


Locate = Callable[[TripFacts, tuple], tuple[int, int]]
"""Line and column of a key path in a trip's file (the caller reads the file)."""


def run_catalog_rules(trips: Sequence[TripFacts], rules: Iterable[Rule],
                      locate: Locate) -> list[Diagnostic]:
    """Run the catalogue rules among ``rules`` on ``trips``; each finding located in the
    file of the trip it is about, sorted."""
    out: list[Diagnostic] = []
    for r in rules:
        if not r.catalog:
            continue
        for finding in r.check(trips):
            facts = trips[finding.trip]
            line, column = locate(facts, finding.loc)
            related = tuple(f"{trips[other].id}: {trips[other].file}:"
                            + ":".join(map(str, locate(trips[other], loc)))
                            for other, loc in finding.see)
            out.append(Diagnostic(
                r.code, r.name, r.severity, finding.message, help=finding.help or r.help,
                file=facts.file, line=line, column=column,
                key=format_key_path(finding.loc) or None, related=related))
    out.sort(key=Diagnostic.sort_key)
    return out


def item_loc(index: int, *rest: str | int) -> tuple:
    return ("items", index, *rest)

