"""The registry of checks. Every rule has a stable code, a kebab-case name, a severity,
a one-line summary, a help line and documentation generated from the rule itself.

Rules are plain functions decorated with :func:`rule`; they receive a :class:`Context`
and yield :class:`Finding` objects that point at a key path of the trip file. The
engine turns findings into located :class:`~tripplan.diagnostics.Diagnostic` objects.

Prefixes: ``R`` consistency of the trip, ``TZ`` time zones, ``C`` the pre-departure
checklist (``tripplan check``; not run by ``validate``). Input errors (``F``) come from
:mod:`tripplan.load` and cannot be ignored.

>>> {r.code: r for r in all_rules()}["R002"].name
'unknown-place'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from tripplan.diagnostics import Diagnostic, Severity, format_key_path, matches
from tripplan.errors import UsageError

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
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    help: str
    check: Check
    checklist: bool = False

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or self.summary).strip()

    def to_json(self) -> dict:
        return {
            "code": self.code, "name": self.name, "severity": self.severity.value,
            "summary": self.summary, "help": self.help, "doc": self.doc,
            "checklist": self.checklist,
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


def _load_all() -> None:
    from tripplan.rules import checklist, core, timezones  # noqa: F401


def all_rules() -> list[Rule]:
    _load_all()
    return sorted(RULES.values(), key=lambda r: (_prefix_order(r.code), r.code))


def _prefix_order(code: str) -> int:
    return {"R": 0, "T": 1, "C": 2}.get(code[0], 3)


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, *,
                 checklist: bool = False) -> list[Rule]:
    """Rules enabled by ``--select``/``--ignore`` prefixes; unknown prefixes are usage errors."""
    rules = all_rules()
    select = [s.strip().upper() for s in (select or []) if s.strip()] or None
    ignore = [s.strip().upper() for s in (ignore or []) if s.strip()]
    for prefix in (select or []) + ignore:
        if prefix != "ALL" and not any(r.code.startswith(prefix) for r in rules):
            codes = ", ".join(r.code for r in rules)
            raise UsageError(f'"{prefix}" matches no rule code',
                             hint=f"rule codes: {codes} (see `tripplan rules`)")
    chosen = []
    for r in rules:
        if r.checklist and not checklist:
            continue
        if select is not None and not matches(r.code, select):
            continue
        if matches(r.code, ignore):
            continue
        chosen.append(r)
    return chosen


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
    """The findings of ``rules`` in one loaded trip, located and sorted."""
    return run_rules(Context(loaded, today=today, days_before=days_before), rules)


def item_loc(index: int, *rest: str | int) -> tuple:
    return ("items", index, *rest)

