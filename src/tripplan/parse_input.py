"""Dates, times, date-times and durations as people type them on the command line.

Used by ``tripplan add --date/--start``, ``tripplan move --to/--by`` and ``tripplan new``.
Every function here is pure: no I/O, no printing, no reading of the clock. Anything that
cannot be read raises :class:`tripplan.errors.UsageError` whose message says what was
understood and why it failed, and whose ``hint`` lists the accepted forms.

Input is first normalised with Unicode NFKC, so full-width digits and punctuation
(``２０２４年６月２１日``, ``１０：３０``, ``（金）``) and the era ligatures ``㍻``/``㋿``
read like their ASCII / plain forms. Typographic minus signs and dashes become ``-``.

Policies (a protocol office must never get 6 July when it meant 7 June):

* All-numeric dates are accepted only year first (``2024-06-21``, ``2024/6/21``,
  ``2024.6.21``, ``20240621``). ``06/07/2024``, ``21.06.2024``, ``06/07`` and two-digit
  years are rejected, even when only one reading is a real date, with a request for
  ISO ``YYYY-MM-DD``.
* Month names are English (through python-dateutil); dateutil is called with two
  different sentinel defaults so that any part it would have filled in by itself is
  detected. A missing year is an error unless ``default_year`` is given; a missing day is
  always an error. Two-digit years are rejected.
* Japanese 午前/午後 (and a prefixed ``AM``/``PM`` as in ``PM3:00``) take hours 0–11:
  午前0時 = 00:00, 午後0時 = 12:00. 午前12時 and 午後12時 are rejected as ambiguous (the
  1872 decree makes 午後12時 midnight, everyday use often means noon); write 12:00, 正午
  or 0:00. 午後13時 is rejected.
* A suffixed English ``am``/``pm`` takes hours 1–12 with the usual convention:
  ``12am`` = 00:00, ``12pm`` = 12:00. ``noon`` and ``正午`` are 12:00.
* Hour 24 and later (``24:00``, ``25時``) are rejected: use the next day's date.
* UTC offsets (``Z``, ``UTC``, ``+07:00``, ``+0700``, ``UTC+7``) give an aware datetime
  with a fixed :class:`datetime.timezone`. ``UTC+7`` means seven hours ahead of UTC (not
  the inverted POSIX sign dateutil would use). Time-zone names (``ICT``, ``JST``) are
  rejected: their meaning depends on the machine.
* Weekdays written with a date (``(金)``, ``金曜日``, ``(Fri)``, ``Fri, 21 Jun 2024``) are
  checked against the date.
* Japanese era dates are checked against the era's first and last day (Gregorian):
  明治 1868-10-23, 大正 1912-07-30, 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01.
  元年 is the first year. 明治5年 and earlier are rejected: Japan used the lunisolar
  calendar until 明治5年12月2日 (1872-12-31), so such month/day numbers are not Gregorian.
* Durations may be negative; a leading sign applies to the whole (``-1h30m`` is minus
  ninety minutes). Units go from largest to smallest, each at most once. ``H:MM`` is
  hours and minutes. Months and years are rejected (no fixed length). A bare number
  with no unit is rejected.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import re
import warnings
from dataclasses import dataclass

from dateutil import parser as _du_parser

from tripplan.durations import DURATION_HINT, parse_duration
from tripplan.eras import ERAS, GREGORIAN_IN_JAPAN, Era, to_wareki
from tripplan.input_text import Reject, fail, normalize
from tripplan.ranges import YEARS, in_years

__all__ = [
    "DATE_HINT",
    "DATETIME_HINT",
    "DURATION_HINT",
    "TIME_HINT",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_time",
]

DATE_HINT = (
    "accepted: 2024-06-21, 21 Jun 2024, June 21, 2024, 2024年6月21日(金), 令和6年6月21日, "
    "R6.6.21, 6月21日 or 21 Jun (with the trip's year); all-numeric dates only as YYYY-MM-DD"
)
TIME_HINT = (
    "accepted: 10:30, 10:30:15, 3pm, 3:30 pm, noon, 10時30分, 10時半, 午前10時, 午後3時30分, "
    "正午 (午前/午後 hours go from 0 to 11)"
)
DATETIME_HINT = (
    "accepted: 2024-06-21T10:30, 2024-06-21 10:30, 2024-06-21T10:30+07:00, 21 Jun 2024 10:00, "
    "Jun 21 2024 3pm, 2024年6月21日 10時30分, 令和6年6月21日 午後3時, "
    "6月21日10:30 (with the trip's year), 10:30 (on the trip day)"
)

_MONTH_NAMES = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_JP_WEEKDAYS = "月火水木金土日"

_EN_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_EN_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip


# Sentinel defaults for dateutil: every field differs, so a field that comes out equal
# in both results was really given. Both years are leap years and both days exist in
# every month, so neither default can make a real date fail.
_SENTINEL_A = datetime.datetime(1904, 1, 1, 0, 0, 0, 0)
_SENTINEL_B = datetime.datetime(1908, 2, 2, 1, 1, 1, 1)


# --------------------------------------------------------------------------- helpers


def _human_date(d: datetime.date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month]} {d.year}"


def _make_date(year: int, month: int, day: int, *, where: str = "") -> datetime.date:
    """A real calendar date or a Reject saying which part does not exist."""
    if not 1 <= month <= 12:
        raise Reject(f"month {month} does not exist")
    if not in_years(year):
        raise Reject(f"the year {year} is outside {YEARS}; check the year")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if day == 0:
            raise Reject("day 0 does not exist")
        raise Reject(
            f"day {day} does not exist in {_MONTH_NAMES[month]} {year}{where}; it has {last} days"
        )
    return datetime.date(year, month, day)


def _check_weekday(d: datetime.date, weekday: int | None, written: str | None) -> None:
    if weekday is None or weekday == d.weekday():
        return
    raise Reject(
        f"{d.isoformat()} is a {_WEEKDAY_NAMES[d.weekday()]} ({_JP_WEEKDAYS[d.weekday()]}), "
        f"not a {_WEEKDAY_NAMES[weekday]} ({written})"
    )


def _era_date(era: Era, era_year: int, month: int, day: int, written: str) -> datetime.date:
    if era_year < 1:
        raise Reject(f"{era.name}{era_year}年 does not exist (the first year is 元年 = 1年)")
    year = era.first_year + era_year - 1
    if year < GREGORIAN_IN_JAPAN.year:
        raise Reject(
            f"{written} is before 明治6年 (1873): Japan used the lunisolar calendar until "
            "明治5年12月2日, so the month and day cannot be read as Gregorian"
        )
    d = _make_date(year, month, day, where=f" ({era.name}{era_year}年)")
    index = ERAS.index(era)
    following = ERAS[index + 1] if index + 1 < len(ERAS) else None
    if d < era.start:
        raise Reject(
            f"{written} does not exist: {era.name} began on {era.start.isoformat()}; "
            f"{d.isoformat()} is {to_wareki(d)}"
        )
    if following is not None and d >= following.start:
        last = following.start - datetime.timedelta(days=1)
        raise Reject(
            f"{written} does not exist: {era.name} ended on {last.isoformat()} "
            f"({to_wareki(last)}); {d.isoformat()} is {to_wareki(d)}"
        )
    return d


# --------------------------------------------------------------------------- dates

_WD_SUFFIX = (
    r"(?:\s*\(\s*(?P<wd>[月火水木金土日](?:曜日?)?|[A-Za-z]{3,9}\.?)\s*\)"
    r"|\s*(?P<wd2>[月火水木金土日]曜日?))?"
)
_ERA_NAMES = "|".join(e.name for e in ERAS)
_ERA_LETTERS = "".join(e.letter for e in ERAS)

_DATE_PREFIXES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern + _WD_SUFFIX, re.IGNORECASE if kind == "era" else 0))
    for kind, pattern in (
        (
            "era",
            rf"(?P<era>{_ERA_NAMES}|[{_ERA_LETTERS}])\s*(?P<ey>元|\d{{1,3}})"
            r"(?:\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
            r"|(?P<sep>[./-])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})(?!\d))",
        ),
        ("jp", r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
        ("jp", r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
        ("iso", r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
        ("iso", r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?!\d)"),
    )
)

# Day or month first, all digits: 06/07/2024, 21.06.2024, 06-07-24, 06/07.
_AMBIGUOUS_NUMERIC = re.compile(
    r"(?P<a>\d{1,2})(?P<sep>[-/. ])(?P<b>\d{1,2})(?:(?P=sep)(?P<c>\d{1,4}))?(?=$|[\sT(])"
)


@dataclass(frozen=True)
class _DateMatch:
    date: datetime.date
    end: int
    kind: str


def _weekday_from(match: re.Match[str]) -> tuple[int | None, str | None]:
    token = match.group("wd") or match.group("wd2")
    if not token:
        return None, None
    if token[0] in _JP_WEEKDAYS:
        return _JP_WEEKDAYS.index(token[0]), token
    key = token.rstrip(".").lower()
    if key not in _EN_WEEKDAYS:
        raise Reject(f'"{token}" is not a weekday')
    return _EN_WEEKDAYS[key], token


def _no_year(month: int, day: int) -> Reject:
    return Reject(
        f"no year given (understood: {day} {_MONTH_NAMES[month]}); write the year, "
        f"e.g. 2024-{month:02d}-{day:02d}, or use it where the trip's year is known"
    )


def _check_ambiguous(s: str) -> None:
    m = _AMBIGUOUS_NUMERIC.match(s)
    if m is None:
        return
    written = m.group(0)
    a, b, c = int(m.group("a")), int(m.group("b")), m.group("c")
    if c is None and m.group("sep") in ". ":
        return  # 10.30 is more likely a badly typed time; left to the other readers
    if c is None or len(c) != 4:
        short = "a two-digit year" if c is not None else "no year"
        raise Reject(
            f'"{written}" is an all-numeric date with the day or month first and {short}, '
            "so day, month and year cannot be told apart; write the date as YYYY-MM-DD"
        )
    year = int(c)
    readings: list[tuple[str, datetime.date]] = []
    for label, day, month in (("day first", a, b), ("month first", b, a)):
        with contextlib.suppress(Reject):
            readings.append((label, _make_date(year, month, day)))
    only_year_first = "all-numeric dates are accepted only year first; write it as YYYY-MM-DD"
    if len(readings) == 2 and readings[0][1] != readings[1][1]:
        raise Reject(
            f'"{written}" is ambiguous: day first it is {_human_date(readings[0][1])}, '
            f"month first it is {_human_date(readings[1][1])}; write the date as YYYY-MM-DD"
        )
    if len(readings) == 2:
        raise Reject(
            f'"{written}" puts the day or month first (it reads {_human_date(readings[0][1])} '
            f"either way); {only_year_first}"
        )
    if readings:
        label, d = readings[0]
        raise Reject(
            f'"{written}" puts the day or month first (it can only be {_human_date(d)}, '
            f"{label}); {only_year_first}"
        )
    raise Reject(
        f'"{written}" is not a date day first or month first; write the date as YYYY-MM-DD'
    )


def _match_date_prefix(s: str, default_year: int | None) -> _DateMatch | None:
    """Read an ISO, year-first numeric, Japanese or era date at the start of ``s``."""
    for kind, pattern in _DATE_PREFIXES:
        m = pattern.match(s)
        if m is None:
            continue
        written = s[: m.end()].strip()
        weekday, wd_written = _weekday_from(m)
        if kind == "era":
            token = m.group("era")
            era = next(e for e in ERAS if token in (e.name, e.letter, e.letter.lower()))
            ey = m.group("ey")
            era_year = 1 if ey == "元" else int(ey)
            month = int(m.group("m") or m.group("m2"))
            day = int(m.group("d") or m.group("d2"))
            d = _era_date(era, era_year, month, day, written)
        else:
            month, day = int(m.group("m")), int(m.group("d"))
            if m.groupdict().get("y") is not None:
                d = _make_date(int(m.group("y")), month, day)
            elif default_year is None:
                if not 1 <= month <= 12:
                    raise Reject(f"month {month} does not exist")
                raise _no_year(month, day)
            else:
                d = _make_date(default_year, month, day, where=" (the trip's year)")
        _check_weekday(d, weekday, wd_written)
        return _DateMatch(d, m.end(), kind)
    return None


def _words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[A-Za-z]+", s)]


def _has_month_name(s: str) -> bool:
    return any(w in _EN_MONTHS for w in _words(s))


def _read_english_date(s: str, default_year: int | None) -> datetime.date:
    """Read a date with an English month name through dateutil, refusing guessed parts."""
    words = _words(s)
    weekdays = {_EN_WEEKDAYS[w] for w in words if w in _EN_WEEKDAYS}
    if len(weekdays) > 1:
        raise Reject("it names more than one weekday")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            a = _du_parser.parse(s, default=_SENTINEL_A)
            b = _du_parser.parse(s, default=_SENTINEL_B)
        except (ValueError, OverflowError, TypeError) as exc:
            reason = str(exc).split(":")[0].strip() or "not a recognised date"
            if reason.startswith("Unknown string format"):
                reason = "not a recognised date"
            raise Reject(reason) from None
    if any(issubclass(w.category, _du_parser.UnknownTimezoneWarning) for w in caught):
        raise Reject("time-zone names are not understood; give a UTC offset such as +07:00")
    if a.tzinfo is not None or b.tzinfo is not None:
        raise Reject("a time zone needs a time of day, e.g. 21 Jun 2024 10:00 +07:00")
    if (a.hour, a.minute, a.second, a.microsecond) != (0, 0, 0, 0) or (
        b.hour,
        b.minute,
        b.second,
        b.microsecond,
    ) != (1, 1, 1, 1):
        raise Reject("it has a time of day (or a number read as one); expected a date only")
    if a.month != b.month:  # cannot happen with a month name, kept as a guard
        raise Reject("no month given")
    if a.day != b.day:
        year = f" {a.year}" if a.year == b.year else ""
        raise Reject(f"no day given (understood: {_MONTH_NAMES[a.month]}{year})")
    if a.year == b.year:
        if not re.search(rf"(?<!\d){a.year:04d}(?!\d)", s):
            raise Reject("the year must be written in full with four digits (e.g. 2024)")
        d = _make_date(a.year, a.month, a.day)
    elif default_year is None:
        raise _no_year(a.month, a.day)
    else:
        d = _make_date(default_year, a.month, a.day, where=" (the trip's year)")
    if weekdays:
        (weekday,) = weekdays
        written = next(w for w in words if w in _EN_WEEKDAYS)
        _check_weekday(d, weekday, written.capitalize())
    return d


def _looks_like_time(s: str) -> bool:
    return bool(
        re.match(r"(午前|午後|正午|noon\b|[ap]\.?m\.?\s*\d|\d{1,2}\s*(:|時|[ap]\.?m))", s, re.I)
    )


def _read_date(s: str, default_year: int | None) -> datetime.date:
    if not s:
        raise Reject("it is empty")
    _check_ambiguous(s)
    found = _match_date_prefix(s, default_year)
    if found is not None:
        rest = s[found.end :].strip()
        if not rest:
            return found.date
        try:
            _read_time_and_offset(rest.removeprefix("T").removeprefix("t").strip())
        except Reject:
            raise Reject(f'unexpected "{rest}" after the date {found.date.isoformat()}') from None
        raise Reject(
            f"it has a time of day ({rest}) after the date {found.date.isoformat()}; "
            "expected a date only"
        )
    if _has_month_name(s):
        return _read_english_date(s, default_year)
    if _looks_like_time(s):
        raise Reject("it looks like a time of day, not a date")
    if re.search(rf"[年月日]|{_ERA_NAMES}", s):
        raise Reject(
            "not a complete Japanese date (expected year, month and day, e.g. 2024年6月21日 "
            "or 令和6年6月21日)"
        )
    raise Reject("not a recognised date")


def parse_date(text: str, *, default_year: int | None = None) -> datetime.date:
    """Read a calendar date as typed by a person.

    ``default_year`` supplies the year for forms without one (``6月21日``, ``21 Jun``);
    without it such forms are an error. Raises :class:`~tripplan.errors.UsageError`.

    >>> parse_date("2024-06-21")
    datetime.date(2024, 6, 21)
    >>> parse_date("June 21, 2024")
    datetime.date(2024, 6, 21)
    >>> parse_date("２０２４年６月２１日（金）")
    datetime.date(2024, 6, 21)
    >>> parse_date("令和元年5月1日")
    datetime.date(2019, 5, 1)
    >>> parse_date("R6.6.21")
    datetime.date(2024, 6, 21)
    >>> parse_date("6月21日", default_year=2024)
    datetime.date(2024, 6, 21)
    >>> parse_date("06/07/2024")
    Traceback (most recent call last):
    ...
    tripplan.errors.UsageError: could not read "06/07/2024" as a date: "06/07/2024" is \
ambiguous: day first it is 6 July 2024, month first it is 7 June 2024; write the date as YYYY-MM-DD
    """
    try:
        return _read_date(normalize(text), default_year)
    except Reject as exc:
        raise fail(text, "a date", exc.reason, DATE_HINT) from None


# --------------------------------------------------------------------------- times

_AMPM = r"(?:午前|午後|[ap]\.?m\.?)"
_TIME_RE = re.compile(
    rf"(?P<pre>{_AMPM})?\s*"
    r"(?P<h>\d{1,2})"
    r"(?:(?P<colon>:(?P<m1>\d{2})(?::(?P<s1>\d{2})(?:\.(?P<f>\d{1,6}))?)?)"
    r"|(?P<ji>\s*時\s*(?:(?P<half>半)|(?P<m2>\d{1,2})\s*分\s*(?:(?P<s2>\d{1,2})\s*秒)?)?))?"
    r"\s*(?P<suf>[ap]\.?m\.?)?",
    re.IGNORECASE,
)
_OFFSET_RE = re.compile(
    r"(?P<body>.*?)\s*(?P<off>Z|UTC|GMT|(?:(?:UTC|GMT)\s*)?(?P<sign>[+-])(?P<oh>\d{1,2})"
    r"(?::?(?P<om>\d{2}))?)",
    re.IGNORECASE,
)


def _split_offset(s: str) -> tuple[str, datetime.timezone | None]:
    m = _OFFSET_RE.fullmatch(s)
    if m is None or not m.group("body"):
        return s, None
    if m.group("sign") is None:
        return m.group("body"), datetime.UTC
    hours, minutes = int(m.group("oh")), int(m.group("om") or 0)
    if minutes > 59:
        raise Reject(f"UTC offset {m.group('off')} has minute {minutes}, which does not exist")
    offset = datetime.timedelta(hours=hours, minutes=minutes)
    if m.group("sign") == "-":
        offset = -offset
    if not datetime.timedelta(hours=-12) <= offset <= datetime.timedelta(hours=14):
        raise Reject(
            f"UTC offset {m.group('off')} does not exist (offsets go from -12:00 to +14:00)"
        )
    return m.group("body"), datetime.timezone(offset)


def _check_hms(hour: int, minute: int, second: int) -> None:
    if hour > 23:
        raise Reject(
            f"hour {hour} does not exist (hours go from 0 to 23; after midnight use the "
            "next day's date)"
        )
    if minute > 59:
        raise Reject(f"minute {minute} does not exist (minutes go from 0 to 59)")
    if second > 59:
        raise Reject(f"second {second} does not exist (seconds go from 0 to 59)")


def _read_time(s: str) -> datetime.time:
    """A time of day without offset, or Reject."""
    if not s:
        raise Reject("it is empty")
    if s.lower() in ("noon", "正午"):
        return datetime.time(12, 0)
    m = _TIME_RE.fullmatch(s)
    if m is None:
        raise Reject("not a recognised time of day")
    pre, suf = m.group("pre"), m.group("suf")
    hour = int(m.group("h"))
    minute = int(m.group("m1") or m.group("m2") or (30 if m.group("half") else 0))
    second = int(m.group("s1") or m.group("s2") or 0)
    micro = int((m.group("f") or "0").ljust(6, "0"))
    if pre and suf:
        raise Reject(f"it has both {pre} and {suf}")
    if not (pre or suf or m.group("colon") or m.group("ji")):
        raise Reject(f"a bare number ({hour}) is not a time; write {hour}:00 or {hour}時")
    _check_hms(hour if not (pre or suf) else 0, minute, second)
    if pre:
        afternoon = pre in ("午後",) or pre.lower().startswith("p")
        if hour == 12:
            raise Reject(f"{s} is ambiguous (noon or midnight); write 12:00 (正午) or 0:00")
        if hour > 12:
            raise Reject(
                f"{pre} hours go from 0 to 11 ({s} does not exist; write {hour}時 or "
                f"{hour}:00 without {pre})"
            )
        if afternoon:
            hour += 12
    elif suf:
        if not 1 <= hour <= 12:
            raise Reject(f"with am/pm the hour goes from 1 to 12, not {hour}")
        afternoon = suf.lower().startswith("p")
        hour = hour % 12 + (12 if afternoon else 0)
    return datetime.time(hour, minute, second, micro)


def _fmt_time(t: datetime.time) -> str:
    if t.second or t.microsecond:
        return t.isoformat()
    return t.isoformat(timespec="minutes")


def _read_time_and_offset(s: str) -> tuple[datetime.time, datetime.timezone | None]:
    body, tz = _split_offset(s)
    named = re.fullmatch(r".*\d\s*([A-Za-z]{2,5})", body)
    if tz is None and named and not re.fullmatch(r"[ap]m", named.group(1), re.IGNORECASE):
        raise Reject(
            f"time-zone names ({named.group(1)}) are not understood; "
            "give a UTC offset such as +07:00"
        )
    return _read_time(body), tz


def parse_time(text: str) -> datetime.time:
    """Read a time of day (naive; a UTC offset needs a date, see :func:`parse_datetime`).

    午前/午後 take hours 0–11 (午前0時 = 00:00, 午後0時 = 12:00); 午前12時/午後12時 are
    ambiguous and rejected. ``12am`` = 00:00, ``12pm`` = 12:00.

    >>> parse_time("10:30")
    datetime.time(10, 30)
    >>> parse_time("１０：３０")
    datetime.time(10, 30)
    >>> parse_time("午後3時30分")
    datetime.time(15, 30)
    >>> parse_time("午後0時")
    datetime.time(12, 0)
    >>> parse_time("3pm")
    datetime.time(15, 0)
    """
    s = normalize(text)
    try:
        if s and _match_date_prefix_safe(s):
            raise Reject("it has a date; expected only a time of day")
        t, tz = _read_time_and_offset(s)
        if tz is not None:
            raise Reject(
                "a UTC offset needs a date; write it with the date, e.g. 2024-06-21T10:30+07:00"
            )
        return t
    except Reject as exc:
        raise fail(text, "a time of day", exc.reason, TIME_HINT) from None


def _match_date_prefix_safe(s: str) -> bool:
    try:
        return _match_date_prefix(s, 2000) is not None
    except Reject:
        return True


# --------------------------------------------------------------------------- date-times

_EN_TIME_TOKEN = re.compile(
    r"(?<![\w:.])(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:\s*[ap]\.?m\.?)?"
    r"|\d{1,2}\s*[ap]\.?m\.?|noon)"
    r"(?:\s*(?:(?:(?:UTC|GMT)\s*)?[+-]\d{1,2}(?::?\d{2})?|Z|UTC|GMT))?"
    r"(?![\w:])",
    re.IGNORECASE,
)


def _combine(d: datetime.date, t: datetime.time, tz: datetime.timezone | None) -> datetime.datetime:
    return datetime.datetime.combine(d, t).replace(tzinfo=tz)


def _read_english_datetime(s: str, default_year: int | None) -> datetime.datetime:
    tokens = list(_EN_TIME_TOKEN.finditer(s))
    if len(tokens) > 1:
        raise Reject(
            "it has more than one time of day ("
            + ", ".join(t.group(0).strip() for t in tokens)
            + ")"
        )
    if not tokens:
        try:
            d = _read_english_date(s, default_year)
        except Reject as exc:
            if exc.reason.startswith("it has a time of day"):
                raise Reject("could not tell the time of day; write it as 10:00 or 10am") from None
            raise
        raise _no_time(d)
    token = tokens[0]
    after = re.match(r"\s*([A-Za-z]{2,5})\b", s[token.end() :])
    if after and after.group(1).lower() not in {*_EN_MONTHS, *_EN_WEEKDAYS, "at", "on"}:
        raise Reject(
            f"time-zone names ({after.group(1)}) are not understood; "
            "give a UTC offset such as +07:00"
        )
    date_part = (s[: token.start()] + " " + s[token.end() :]).strip()
    date_part = re.sub(r"(?i)(?:[\s,]|\bat\b)+$", "", date_part).strip()
    d = _read_english_date(date_part, default_year)
    t, tz = _read_time_and_offset(token.group(0).strip())
    return _combine(d, t, tz)


def _no_time(d: datetime.date) -> Reject:
    return Reject(
        f"no time of day given (understood the date {d.isoformat()}); "
        f"add a time, e.g. {d.isoformat()} 10:30"
    )


def _read_datetime(
    s: str, default_date: datetime.date | None, default_year: int | None
) -> datetime.datetime:
    if not s:
        raise Reject("it is empty")
    _check_ambiguous(s)
    found = _match_date_prefix(s, default_year)
    if found is not None:
        rest = s[found.end :].strip()
        if rest[:1] in ("T", "t") and rest[1:2].isdigit():
            rest = rest[1:]
        rest = re.sub(r"(?i)^(?:,|at\b)\s*", "", rest)
        if not rest:
            raise _no_time(found.date)
        t, tz = _read_time_and_offset(rest)
        return _combine(found.date, t, tz)
    if _has_month_name(s):
        return _read_english_datetime(s, default_year)
    if _looks_like_time(s):
        t, tz = _read_time_and_offset(s)
        if default_date is None:
            raise Reject(
                f"no date given (understood the time {_fmt_time(t)}); write the date too, "
                f"e.g. 2024-06-21 {_fmt_time(t)}"
            )
        return _combine(default_date, t, tz)
    if re.search(rf"[年月日]|{_ERA_NAMES}", s):
        raise Reject(
            "not a complete Japanese date (expected year, month and day, e.g. "
            "2024年6月21日 10時30分)"
        )
    raise Reject("not a recognised date and time")


def parse_datetime(
    text: str,
    *,
    default_date: datetime.date | None = None,
    default_year: int | None = None,
) -> datetime.datetime:
    """Read a date and time of day.

    The result is naive (local wall-clock time) unless the text carries an explicit UTC
    offset (``Z``, ``UTC``, ``+07:00``), in which case it is aware with a fixed
    :class:`datetime.timezone`. ``default_date`` is used when only a time is given
    (``10:30``); ``default_year`` when the date has no year (``6月21日 10:30``). The year
    is never taken from ``default_date``. Raises :class:`~tripplan.errors.UsageError`.

    >>> parse_datetime("2024-06-21T10:30")
    datetime.datetime(2024, 6, 21, 10, 30)
    >>> parse_datetime("2024-06-21T10:30:00+07:00").isoformat()
    '2024-06-21T10:30:00+07:00'
    >>> parse_datetime("Jun 21 2024 3pm")
    datetime.datetime(2024, 6, 21, 15, 0)
    >>> parse_datetime("2024年6月21日 午後3時30分")
    datetime.datetime(2024, 6, 21, 15, 30)
    >>> parse_datetime("6月21日10:30", default_year=2024)
    datetime.datetime(2024, 6, 21, 10, 30)
    >>> parse_datetime("10:30", default_date=datetime.date(2024, 6, 21))
    datetime.datetime(2024, 6, 21, 10, 30)
    """
    try:
        return _read_datetime(normalize(text), default_date, default_year)
    except Reject as exc:
        raise fail(text, "a date and time", exc.reason, DATETIME_HINT) from None


# --------------------------------------------------------------------------- durations

