"""The rule machinery: findings, the context a rule sees, the registry and the engine.

A rule module (:mod:`~tripplan.rules.core`, :mod:`~tripplan.rules.timezones`,
:mod:`~tripplan.rules.checklist`) registers its checks with :func:`rule`; the engine
(:func:`run_rules`) turns their :class:`Finding` objects into located diagnostics. The
catalogue of all rules (loading every rule module) is :mod:`tripplan.rules` itself.
"""


from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable
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
        """The rule's documentation: its docstring, indentation removed."""
        return inspect.cleandoc(self.check.__doc__ or self.summary)

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

