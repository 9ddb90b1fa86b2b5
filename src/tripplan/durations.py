"""Durations as people type them: ``1h30m``, ``90min``, ``1:30``, ``PT1H30M``, ``1時間30分``.

Pure, like :mod:`tripplan.parse_input` (which re-exports :func:`parse_duration`): a leading
sign applies to the whole; units go from largest to smallest, each at most once; months
and years are rejected (no fixed length); a bare number is rejected.
"""

from __future__ import annotations

import datetime
import re
from fractions import Fraction

from tripplan.input_text import Reject, fail, normalize
from tripplan.ranges import MAX_DURATION_DAYS

DURATION_HINT = (
    "accepted: 30m, 90min, 1h, 1h30m, 1h 30m, 2d, 1d2h, 45s, 1.5h, 1:30 (h:mm), PT1H30M, "
    "1時間30分, 30分, -15m, +15m"
)

_UNIT_SECONDS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60, "s": 1}
_UNIT_WORDS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_UNITS = {
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "週", "週間"), "w"),
    **dict.fromkeys(("d", "day", "days", "日", "日間"), "d"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "時間"), "h"),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "分", "分間"), "m"),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "秒", "秒間"), "s"),
}
_NO_FIXED_LENGTH = {
    "mo", "mon", "mos", "month", "months", "y", "yr", "yrs", "year", "years",
    "ヶ月", "か月", "カ月", "ヵ月", "箇月", "ケ月", "年", "年間",
}  # fmt: skip
_ORDER = "wdhms"
_PART_RE = re.compile(
    r"\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]+|時間|週間?|日間?|分間?|秒間?"
    r"|[ヶかカヵケ箇]月|年間?)(?P<half>半)?\s*,?"
)
_ISO_DURATION = re.compile(
    r"P(?:(?P<Y>\d+(?:[.,]\d+)?)Y)?(?:(?P<Mo>\d+(?:[.,]\d+)?)M)?(?:(?P<W>\d+(?:[.,]\d+)?)W)?"
    r"(?:(?P<D>\d+(?:[.,]\d+)?)D)?"
    r"(?:(?P<T>T)(?:(?P<H>\d+(?:[.,]\d+)?)H)?(?:(?P<M>\d+(?:[.,]\d+)?)M)?"
    r"(?:(?P<S>\d+(?:[.,]\d+)?)S)?)?",
    re.IGNORECASE,
)


def _seconds_to_timedelta(total: Fraction, negative: bool) -> datetime.timedelta:
    if total > MAX_DURATION_DAYS * 86400:
        raise Reject(f"it is longer than {MAX_DURATION_DAYS} days (about ten years)")
    micro = round(total * 1_000_000)
    try:
        delta = datetime.timedelta(microseconds=micro)
    except OverflowError:
        raise Reject("it is too long") from None
    return -delta if negative else delta


def _read_iso_duration(body: str) -> Fraction:
    m = _ISO_DURATION.fullmatch(body)
    if m is None:
        raise Reject("not a valid ISO 8601 duration (e.g. PT1H30M)")
    if m.group("Y") or m.group("Mo"):
        raise Reject("years and months have no fixed length; give days, hours or minutes")
    fields = {"W": "w", "D": "d", "H": "h", "M": "m", "S": "s"}
    given = {k: m.group(k) for k in fields if m.group(k) is not None}
    if not given or (m.group("T") and not any(k in given for k in "HMS")):
        raise Reject("an ISO 8601 duration needs at least one number with a unit")
    return sum(
        (Fraction(v.replace(",", ".")) * _UNIT_SECONDS[fields[k]] for k, v in given.items()),
        Fraction(0),
    )


def _read_unit_duration(body: str) -> Fraction:
    pos = 0
    total = Fraction(0)
    last_rank = -1
    seen: set[str] = set()
    while pos < len(body):
        m = _PART_RE.match(body, pos)
        if m is None:
            rest = body[pos:].strip()
            if re.fullmatch(r"\d+(?:\.\d+)?", rest):
                raise Reject(
                    f"the number {rest} has no unit; write e.g. {rest}m (minutes) "
                    f"or {rest}h (hours)"
                )
            raise Reject(f'cannot read "{rest}"; expected a number and a unit such as 30m')
        raw_unit = m.group("unit")
        key = raw_unit if not raw_unit.isascii() else raw_unit.lower()
        if key in _NO_FIXED_LENGTH:
            raise Reject(
                f'"{raw_unit}" (months or years) has no fixed length; give days, hours or minutes'
            )
        unit = _UNITS.get(key)
        if unit is None:
            raise Reject(f'unknown unit "{raw_unit}" (use d, h, m, s or 日, 時間, 分, 秒)')
        if unit in seen:
            raise Reject(f"{_UNIT_WORDS[unit]} are given twice")
        rank = _ORDER.index(unit)
        if rank < last_rank:
            raise Reject("units must go from largest to smallest (e.g. 1h30m, not 30m1h)")
        seen.add(unit)
        last_rank = rank
        total += Fraction(m.group("num")) * _UNIT_SECONDS[unit]
        if m.group("half"):
            if unit not in ("d", "h", "m"):
                raise Reject(f"半 (half) after {raw_unit} is not understood")
            total += Fraction(_UNIT_SECONDS[unit], 2)
            smaller = _ORDER[rank + 1]
            seen.add(smaller)
            last_rank = rank + 1
        pos = m.end()
    return total


def _read_duration(s: str) -> datetime.timedelta:
    if not s:
        raise Reject("it is empty")
    negative = s[0] == "-"
    body = s[1:].strip() if s[0] in "+-" else s
    if not body:
        raise Reject("a sign without an amount")
    if body[0] in "+-":
        raise Reject("more than one sign")
    if re.search(r"[+-]", body):
        raise Reject("a sign may only come first and applies to the whole duration")
    if body[0] in "Pp":
        return _seconds_to_timedelta(_read_iso_duration(body), negative)
    hm = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", body)
    if hm:
        minutes, seconds = int(hm.group(2)), int(hm.group(3) or 0)
        if minutes > 59 or seconds > 59:
            raise Reject(
                f"in h:mm form minutes and seconds go from 0 to 59 (read {body} as hours:minutes)"
            )
        total = Fraction(int(hm.group(1)) * 3600 + minutes * 60 + seconds)
        return _seconds_to_timedelta(total, negative)
    return _seconds_to_timedelta(_read_unit_duration(body), negative)


def parse_duration(text: str) -> datetime.timedelta:
    """Read a length of time; a leading ``-`` makes it negative, ``+`` is allowed.

    >>> parse_duration("1h30m")
    datetime.timedelta(seconds=5400)
    >>> parse_duration("-15m")
    datetime.timedelta(days=-1, seconds=85500)
    >>> parse_duration("PT1H30M") == parse_duration("1時間30分") == parse_duration("90min")
    True
    >>> parse_duration("0m")
    datetime.timedelta(0)
    """
    try:
        return _read_duration(normalize(text))
    except Reject as exc:
        raise fail(text, "a duration", exc.reason, DURATION_HINT) from None
