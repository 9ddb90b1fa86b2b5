"""The library behind the CLI: one function per read command.

>>> result = list_trips(["itineraries"], lang="en")  # doctest: +SKIP
>>> [t.id for t in result.trips]  # doctest: +SKIP
['2024-06-yokohama-bangkok', ...]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tripplan.catalog import load_ref, trip_files
from tripplan.diagnostics import Diagnostic
from tripplan.errors import UsageError
from tripplan.listing import TripSummary, summarize
from tripplan.load import INPUT_ERRORS, LoadedTrip, LoadError, display_path, load_text, read_text
from tripplan.rules import Rule, all_rules

if TYPE_CHECKING:
    from tripplan.schedule import Schedule


@dataclass
class TripList:
    trips: list[TripSummary] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def list_trips(paths: Iterable[str] | None = None, *, lang: str = "en",
               cache: bool = False) -> TripList:
    """Every trip under ``paths``; files that cannot be loaded are reported, not fatal.

    With ``cache``, the row of a file listed before with the same text comes from
    :mod:`tripplan.cache` and the file is not parsed again.
    """
    from tripplan.cache import ResultCache

    store = ResultCache.for_command("list", {"lang": lang}, enabled=cache)
    result = TripList()
    for path in trip_files(paths):
        try:
            text = read_text(path)
        except LoadError as err:
            result.diagnostics.extend(err.diagnostics)
            continue
        shown = display_path(path)
        row = _cached_row(store.get(path, text), shown) if store else None
        if row is None:
            try:
                row = summarize(load_text(text, path), lang)
            except LoadError as err:
                result.diagnostics.extend(err.diagnostics)
                continue  # (not kept: the message locates the error, and it is fixed next)
            if store and row.file == shown:
                store.put(path, text, {**row.to_json(), "file": None})
        result.trips.append(row)
    result.trips.sort(key=lambda s: (s.start, s.id))
    return result


def _cached_row(value: dict | None, shown: str) -> TripSummary | None:
    try:
        return TripSummary.from_json({**value, "file": shown})  # type: ignore[dict-item]
    except (TypeError, KeyError, ValueError):  # no entry, or not one this code wrote
        return None


def show_trip(ref: str) -> tuple[LoadedTrip, Schedule]:
    from tripplan.schedule import build

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
