"""The library behind the CLI: one function per read command.

>>> result = list_trips(["itineraries"], lang="en")  # doctest: +SKIP
>>> [t.id for t in result.trips]  # doctest: +SKIP
['2024-06-yokohama-bangkok', ...]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tripplan.catalog import load_ref, trip_files
from tripplan.diagnostics import Diagnostic
from tripplan.errors import UsageError
from tripplan.load import INPUT_ERRORS, LoadedTrip, LoadError, load_trip
from tripplan.rules import Rule, all_rules
from tripplan.schedule import Schedule, build
from tripplan.views import TripSummary, summarize


@dataclass
class TripList:
    trips: list[TripSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def list_trips(paths: Iterable[str] | None = None, *, lang: str = "en") -> TripList:
    """Every trip under ``paths``; files that cannot be loaded are reported, not fatal."""
    result = TripList()
    for path in trip_files(paths):
        try:
            result.trips.append(summarize(load_trip(path), lang))
        except LoadError as err:
            result.diagnostics.extend(err.diagnostics)
    result.trips.sort(key=lambda s: (s.start, s.id))
    return result


def show_trip(ref: str) -> tuple[LoadedTrip, Schedule]:
    loaded = load_ref(ref)
    return loaded, build(loaded.trip)


def rule_catalog(code: str | None = None) -> tuple[list[Rule], list[dict]]:
    rules = all_rules()
    inputs = [{"code": c, "name": n, "severity": "error", "summary": s}
              for c, (n, s) in INPUT_ERRORS.items()]
    if code is None:
        return rules, inputs
    wanted = code.upper()
    chosen = [r for r in rules if r.code == wanted or r.name == code]
    if not chosen:
        raise UsageError(f'no rule "{code}"', hint="see `tripplan rules` for the list")
    return chosen, []


def rules_markdown() -> str:
    """The rule table of README.md, generated from the rules themselves."""
    rules, inputs = rule_catalog()
    lines = ["| code | name | severity | what it finds |", "|---|---|---|---|"]
    for r in rules:
        lines.append(f"| `{r.code}` | `{r.name}` | {r.severity.value} | {r.summary} |")
    for entry in inputs:
        lines.append(f"| `{entry['code']}` | `{entry['name']}` | input error | "
                     f"{entry['summary']} |")
    return "\n".join(lines)
