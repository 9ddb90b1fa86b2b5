"""Structure-aware mutations of trip files, for the fuzz runner (``fuzz_run.py``).

A seed is a shipped trip or a test file. Each fuzzed input is that seed parsed to plain data,
changed by one to three *structural* mutations (a value swapped for one of another type, an
extreme date, a huge span, a long or broken string, a control character, a key removed,
added or renamed, a table duplicated), written back as TOML or JSON, and then sometimes
changed once more as *bytes* (a flip, a truncation, a line dropped or doubled, bad UTF-8).
Everything is drawn from one :class:`random.Random`, so a seed number replays a run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

EXTREME_DATES = [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1899, 12, 31),
                 dt.date(1900, 1, 1), dt.date(2200, 12, 31), dt.date(2201, 1, 1),
                 dt.date(2024, 2, 29), dt.date(1970, 1, 1), dt.date(2124, 6, 20)]
EXTREME_TIMES = [dt.time(0, 0), dt.time(23, 59, 59), dt.time(2, 30), dt.time(12, 0),
                 dt.time(23, 59, 59, 999999)]
EXTREME_NUMBERS: list[Any] = [0, -1, 1, 10**9, 10**9 + 1, 10**30, -(10**30), 2**63, 1e-300,
                              1e308, -0.0, 0.5, float("inf"), float("-inf"), float("nan"),
                              3.0, 2000.0, 2001.0]
NASTY_STRINGS = ["", " ", "\ud800", "a\udfffb", "\x1b[2J\x1b[31mRED\x1b]0;PWNED\x07",
                 "line\rbreak", "tab\there", "nl\nnl", "\x00", "\x7f", "\x85", "\u2028",
                 "\u202e", "\ufeff", "|pipe|", "<script>alert(1)</script>", "*_`#",
                 "BEGIN:VEVENT", "\\", '"', "é" * 3, "漢字テキスト", "🙂",
                 "Asia/Tokyo", "Europe/Paris", "America/New_York", "UTC", "Mars/Base",
                 "Asia/Tokyo\ud800", "../../etc/passwd", "2024-06-20", "10:00", "[/bold]",
                 "[link=https://example.org]x[/link]", "[red]x", "%s%n{0}"]


def seeds() -> list[Path]:
    """Every shipped trip and every TOML/JSON file of the test data, in a stable order."""
    found = sorted((ROOT / "itineraries").rglob("*.toml")) + sorted(
        (ROOT / "itineraries").rglob("*.json"))
    for suffix in ("*.toml", "*.json"):
        found += sorted((ROOT / "tests" / "data").rglob(suffix))
    return found


def parse_seed(path: Path) -> Any:
    """The seed's data, or its text when it does not parse (broken test files)."""
    import tomli

    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        return json.loads(text) if path.suffix == ".json" else tomli.loads(text)
    except (ValueError, UnicodeDecodeError):
        return raw


# --- structural mutations ----------------------------------------------------------------


def _slots(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``data`` (tables and lists included)."""
    out = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _slots(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _slots(value, (*path, i))
    return out


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    _get(data, path[:-1])[path[-1]] = value
    return data


def _long_string(rng: random.Random) -> str:
    unit = rng.choice(["a", "長", "word ", "x" * 79 + " ", "\u3000", "🙂", "-"])
    return unit * (rng.choice([2_000, 20_000, 20_001, 100_000]) // len(unit) + 1)


def extreme_value(rng: random.Random, old: Any) -> Any:
    """A value at or past the edges of what a trip may hold, often of another type."""
    roll = rng.random()
    if isinstance(old, dt.datetime) and roll < 0.5:
        day = rng.choice(EXTREME_DATES)
        return dt.datetime.combine(day, rng.choice(EXTREME_TIMES))
    if isinstance(old, dt.date) and roll < 0.5:
        return rng.choice(EXTREME_DATES)
    if isinstance(old, str) and roll < 0.6:
        nasty = rng.choice(NASTY_STRINGS + [_long_string(rng)])
        return rng.choice([nasty, old + nasty, nasty + old])
    if isinstance(old, int | float) and not isinstance(old, bool) and roll < 0.6:
        return rng.choice(EXTREME_NUMBERS)
    return rng.choice([
        lambda: rng.choice(EXTREME_NUMBERS), lambda: rng.choice(NASTY_STRINGS),
        lambda: rng.choice(EXTREME_DATES),
        lambda: dt.datetime.combine(rng.choice(EXTREME_DATES), rng.choice(EXTREME_TIMES)),
        lambda: rng.choice([True, False]), lambda: [], lambda: {}, lambda: [old],
        lambda: {"en": old} if isinstance(old, str) else {"x": 1}, lambda: _long_string(rng),
    ])()


def _mutate_value(rng: random.Random, data: Any) -> Any:
    path = rng.choice(_slots(data))
    return _set(data, path, extreme_value(rng, _get(data, path)))


def _huge_span(rng: random.Random, data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("start"), dt.date):
        data["end"] = data["start"] + dt.timedelta(days=rng.choice([366, 367, 36525, 2_000_000]))
    return data


def _drop_key(rng: random.Random, data: Any) -> Any:
    tables = [p for p in _slots(data) if isinstance(_get(data, p), dict) and _get(data, p)]
    if tables:
        table = _get(data, rng.choice(tables))
        del table[rng.choice(list(table))]
    return data


def _add_key(rng: random.Random, data: Any) -> Any:
    tables = [p for p in _slots(data) if isinstance(_get(data, p), dict)]
    if tables:
        key = rng.choice(["x", "titel", "\ud800", "a\x1bb", "", "É", "end_tz", "start",
                          "items", "k" * 300])
        _get(data, rng.choice(tables))[key] = extreme_value(rng, "v")
    return data


def _rename_key(rng: random.Random, data: Any) -> Any:
    tables = [p for p in _slots(data) if isinstance(_get(data, p), dict) and _get(data, p)]
    if tables:
        table = _get(data, rng.choice(tables))
        key = rng.choice(list(table))
        table[key + rng.choice(["\ud800", "\x1b", "-2", "\u0085", " "])] = table.pop(key)
    return data


def _duplicate_element(rng: random.Random, data: Any) -> Any:
    lists = [p for p in _slots(data) if isinstance(_get(data, p), list) and _get(data, p)]
    if lists:
        target = _get(data, rng.choice(lists))
        target.extend([json_copy(rng.choice(target))] * rng.choice([1, 1, 50]))
    return data


def json_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_copy(v) for v in value]
    return value


def _shift_item(rng: random.Random, data: Any) -> Any:
    """An item moved to the calendar's edges, or lasting for years."""
    items = data.get("items") if isinstance(data, dict) else None
    if isinstance(items, list) and items and isinstance(items[0], dict):
        item = rng.choice(items)
        if isinstance(item, dict):
            for key in ("start", "end", "date", "end_date"):
                if key in item and isinstance(item[key], dt.date) and rng.random() < 0.7:
                    item[key] = _edge_like(rng, item[key])
    return data


def _edge_like(rng: random.Random, value: dt.date) -> dt.date:
    day = rng.choice(EXTREME_DATES)
    if isinstance(value, dt.datetime):
        return dt.datetime.combine(day, value.time())
    return day


IN_RANGE_DATES = [dt.date(1900, 1, 1), dt.date(1900, 1, 2), dt.date(2200, 12, 31),
                  dt.date(2200, 12, 30), dt.date(2024, 3, 10), dt.date(2024, 3, 31),
                  dt.date(2024, 10, 27), dt.date(2024, 11, 3), dt.date(2037, 12, 31),
                  dt.date(2038, 1, 19), dt.date(1970, 1, 1), dt.date(1901, 12, 13)]


def _edge_but_allowed(rng: random.Random, data: Any) -> Any:
    """Dates, spans and texts at the very edges of what the model accepts: these load, so
    they reach every command."""
    if not isinstance(data, dict):
        return data
    roll = rng.random()
    items = [i for i in data.get("items") or [] if isinstance(i, dict)]
    if roll < 0.4 and isinstance(data.get("start"), dt.date):
        day = rng.choice(IN_RANGE_DATES)
        span = rng.choice([0, 1, 364, 365])
        if day.year == 2200:
            day = min(day, dt.date(2200, 12, 31) - dt.timedelta(days=span))
        data["start"], data["end"] = day, day + dt.timedelta(days=span)
        for item in items:
            _move_item(rng, item, day, span)
    elif roll < 0.7 and items:
        item = rng.choice(items)
        key = rng.choice(["title", "notes", "internal_notes", "carrier", "number"])
        item[key] = rng.choice([_long_string(rng)[:20_000], "x" * 19_999 + "\t",
                                "漢" * 20_000, "a\tb\nc\r\nd", "|a|\nb", "🙂" * 5000])
    elif roll < 0.85 and items:
        item = rng.choice(items)
        if isinstance(item.get("start"), dt.datetime):
            item["end"] = item["start"] + dt.timedelta(days=rng.choice([59, 60]), hours=23)
    else:
        data["revision"] = rng.choice([0, 10**9])
        data["travel_speed_kmh"] = rng.choice([1.0, 1000.0, 1.5])
    return data


def _move_item(rng: random.Random, item: dict, day: dt.date, span: int) -> None:
    offset = dt.timedelta(days=rng.randint(0, span))
    for key in ("start", "end"):
        if isinstance(item.get(key), dt.datetime):
            item[key] = dt.datetime.combine(day + offset, item[key].time())
    for key in ("date", "end_date"):
        if isinstance(item.get(key), dt.date) and not isinstance(item[key], dt.datetime):
            item[key] = day + offset
    if isinstance(item.get("end"), dt.datetime) and rng.random() < 0.5:
        item["end"] = item["start"] + dt.timedelta(hours=rng.choice([1, 14, 26]))


STRUCTURAL: list[Callable[[random.Random, Any], Any]] = [
    _mutate_value, _mutate_value, _mutate_value, _huge_span, _drop_key, _add_key,
    _rename_key, _duplicate_element, _shift_item,
]


# --- writing and byte mutations ------------------------------------------------------------


def to_json(data: Any) -> str:
    def default(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)

    return json.dumps(data, ensure_ascii=False, indent=2,
                      default=default, allow_nan=True)


def to_toml(data: Any) -> str:
    from tripplan.fmt import SECTIONS
    from tripplan.tomldoc import render_toml

    if not isinstance(data, dict):
        raise TypeError("a TOML document is a table")
    sections = [s for s in SECTIONS if isinstance(data.get(s), dict)
                and all(isinstance(v, dict) for v in data[s].values())]
    items = data.get("items")
    arrays = ("items",) if isinstance(items, list) and all(isinstance(v, dict) for v in items) \
        else ()
    return render_toml(data, sections=sections, arrays=arrays)


def encode(text: str, rng: random.Random) -> bytes:
    """UTF-8, with lone surrogates written as the (invalid) bytes they would have."""
    return text.encode("utf-8", "surrogatepass" if rng.random() < 0.5 else "replace")


def byte_mutation(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    return rng.choice([
        lambda: data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:],
        lambda: data[:i],
        lambda: data[:i] + rng.choice([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\x1b[2J",
                                       b"\r", b'"', b"[", b"{", b"=", b"\n[[items]]\n"])
        + data[i:],
        lambda: _lines(rng, data, drop=True),
        lambda: _lines(rng, data, drop=False),
        lambda: data[:i] + data[i + rng.randrange(1, 64):],
    ])()


def _lines(rng: random.Random, data: bytes, *, drop: bool) -> bytes:
    lines = data.split(b"\n")
    k = rng.randrange(len(lines))
    lines[k:k + 1] = [] if drop else [lines[k], lines[k]]
    return b"\n".join(lines)


def mutant(rng: random.Random, seed_path: Path, seed_data: Any) -> tuple[str, bytes]:
    """One fuzzed input made from a seed: (suffix, bytes)."""
    suffix = rng.choice([".toml", ".json"])
    if isinstance(seed_data, bytes):  # a seed that does not parse: bytes only
        data = seed_data
        for _ in range(rng.randint(0, 2)):
            data = byte_mutation(rng, data)
        return seed_path.suffix, data
    data = json_copy(seed_data)
    gentle = rng.random() < 0.45
    for _ in range(rng.randint(1, 3)):
        change = _edge_but_allowed if gentle else rng.choice(STRUCTURAL)
        with contextlib.suppress(OverflowError):  # a date past Python's calendar: skip it
            data = change(rng, data)
    try:
        text = to_toml(data) if suffix == ".toml" else to_json(data)
    except (TypeError, ValueError, AttributeError, RecursionError):
        suffix, text = ".json", to_json(data)
    raw = encode(text, rng)
    if not gentle and rng.random() < 0.3:
        raw = byte_mutation(rng, raw)
    return suffix, raw
