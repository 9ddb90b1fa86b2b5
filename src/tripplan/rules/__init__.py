"""The registry of checks. Every rule has a stable code, a kebab-case name, a severity,
a one-line summary, a help line and documentation generated from the rule itself.

Rules are plain functions decorated with :func:`rule`; they receive a :class:`Context`
and yield :class:`Finding` objects that point at a key path of the trip file. The
engine turns findings into located :class:`~tripplan.diagnostics.Diagnostic` objects.

Prefixes: ``R`` consistency of the trip (and of the trips with each other:
:mod:`~tripplan.rules.catalog`), ``TZ`` time zones, ``C`` the pre-departure checklist
(``tripplan check``; not run by ``validate``). Input errors (``F``) come from
:mod:`tripplan.load` and cannot be ignored.

>>> {r.code: r for r in all_rules()}["R002"].name
'unknown-place'
"""

from __future__ import annotations

from collections.abc import Iterable

from tripplan.diagnostics import matches
from tripplan.errors import UsageError
from tripplan.rules.registry import (
    RULES,
    CatalogFinding,
    Check,
    Context,
    Finding,
    Rule,
    TripFacts,
    catalog_rule,
    check_trip,
    item_loc,
    rule,
    run_catalog_rules,
    run_rules,
)

__all__ = ["RULES", "CatalogFinding", "Check", "Context", "Finding", "Rule", "TripFacts",
           "all_rules", "catalog_rule", "check_trip", "item_loc", "rule", "run_catalog_rules",
           "run_rules", "select_rules", "catalog_rules"]


def _load_all() -> None:
    from tripplan.rules import catalog, checklist, core, timezones  # noqa: F401


def all_rules() -> list[Rule]:
    _load_all()
    return sorted(RULES.values(), key=lambda r: (_prefix_order(r.code), r.code))


def _prefix_order(code: str) -> int:
    return {"R": 0, "T": 1, "C": 2}.get(code[0], 3)


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, *,
                 checklist: bool = False, catalog: bool = False) -> list[Rule]:
    """Rules enabled by ``--select``/``--ignore`` prefixes; unknown prefixes are usage errors.

    The checklist rules come only with ``checklist``, the catalogue rules (which compare
    trips) only with ``catalog``: a command about one trip never gets them."""
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
        if (r.checklist and not checklist) or (r.catalog and not catalog):
            continue
        if select is not None and not matches(r.code, select):
            continue
        if matches(r.code, ignore):
            continue
        chosen.append(r)
    return chosen


def catalog_rules(select: Iterable[str] | None = None,
                  ignore: Iterable[str] | None = None) -> list[Rule]:
    """The catalogue rules that ``--select``/``--ignore`` enable, loading no other rule
    module (a run whose files all come from the cache needs only these).

    >>> [r.code for r in catalog_rules()], catalog_rules(["TZ"]), catalog_rules(ignore=["R"])
    (['R017'], [], [])
    """
    from tripplan.rules import catalog  # noqa: F401

    select = [s.strip().upper() for s in (select or []) if s.strip()] or None
    ignore = [s.strip().upper() for s in (ignore or []) if s.strip()]
    return [r for r in sorted(RULES.values(), key=lambda r: r.code) if r.catalog
            and (select is None or matches(r.code, select)) and not matches(r.code, ignore)]
