"""Tests for tripplan.parse_input: dates, times, date-times and durations as typed."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

from tripplan import parse_input
from tripplan.errors import EXIT_USAGE, UsageError
from tripplan.parse_input import (
    DATE_HINT,
    DATETIME_HINT,
    DURATION_HINT,
    TIME_HINT,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_time,
)

D = dt.date
T = dt.time
DT = dt.datetime
TD = dt.timedelta
TRIP_DAY = D(2024, 6, 21)


def tz(hours: int, minutes: int = 0) -> dt.timezone:
    return dt.timezone(dt.timedelta(hours=hours, minutes=minutes))


def reason_of(exc: pytest.ExceptionInfo[UsageError], text: str, what: str) -> str:
    """The part of the message after 'could not read "<text>" as <what>: '."""
    prefix = f'could not read "{text}" as {what}: '
    message = exc.value.message
    assert message.startswith(prefix), message
    assert str(exc.value) == message
    return message[len(prefix) :]


# --------------------------------------------------------------------------- dates

ACCEPTED_DATES = [
    # ISO and year-first numeric
    ("2024-06-21", {}, D(2024, 6, 21)),
    ("2024-6-21", {}, D(2024, 6, 21)),
    ("2024/06/21", {}, D(2024, 6, 21)),
    ("2024/6/21", {}, D(2024, 6, 21)),
    ("2024.06.21", {}, D(2024, 6, 21)),
    ("20240621", {}, D(2024, 6, 21)),
    ("  2024-06-21  ", {}, D(2024, 6, 21)),
    ("2024-02-29", {}, D(2024, 2, 29)),
    ("2024-06-21 (Fri)", {}, D(2024, 6, 21)),
    ("2024-06-21(金)", {}, D(2024, 6, 21)),
    # English through dateutil
    ("21 Jun 2024", {}, D(2024, 6, 21)),
    ("21 June 2024", {}, D(2024, 6, 21)),
    ("June 21, 2024", {}, D(2024, 6, 21)),
    ("Jun 21 2024", {}, D(2024, 6, 21)),
    ("jun 21 2024", {}, D(2024, 6, 21)),
    ("Jun 21st, 2024", {}, D(2024, 6, 21)),
    ("21-Jun-2024", {}, D(2024, 6, 21)),
    ("2024 Jun 21", {}, D(2024, 6, 21)),
    ("Sept 3 2024", {}, D(2024, 9, 3)),
    ("Fri, 21 Jun 2024", {}, D(2024, 6, 21)),
    ("Friday 21 June 2024", {}, D(2024, 6, 21)),
    ("21 Jun", {"default_year": 2024}, D(2024, 6, 21)),
    ("Jun 21", {"default_year": 2025}, D(2025, 6, 21)),
    ("21 Jun 2024", {"default_year": 1999}, D(2024, 6, 21)),
    ("Feb 29", {"default_year": 2024}, D(2024, 2, 29)),
    # Japanese, Gregorian years
    ("2024年6月21日", {}, D(2024, 6, 21)),
    ("2024年06月21日", {}, D(2024, 6, 21)),
    ("2024 年 6 月 21 日", {}, D(2024, 6, 21)),
    ("2024年6月21日（金）", {}, D(2024, 6, 21)),
    ("2024年6月21日(金)", {}, D(2024, 6, 21)),
    ("2024年6月21日 (金曜日)", {}, D(2024, 6, 21)),
    ("2024年6月21日(金曜)", {}, D(2024, 6, 21)),
    ("2024年6月21日金曜日", {}, D(2024, 6, 21)),
    ("2024年6月21日㈮", {}, D(2024, 6, 21)),
    ("6月21日", {"default_year": 2024}, D(2024, 6, 21)),
    ("6月21日(金)", {"default_year": 2024}, D(2024, 6, 21)),
    ("2024年6月21日", {"default_year": 2030}, D(2024, 6, 21)),
    # full-width input (NFKC)
    ("２０２４年６月２１日", {}, D(2024, 6, 21)),
    ("２０２４－０６－２１", {}, D(2024, 6, 21)),
    ("２０２４／６／２１", {}, D(2024, 6, 21)),
    ("６月２１日", {"default_year": 2024}, D(2024, 6, 21)),
    ("令和６年６月２１日（金）", {}, D(2024, 6, 21)),
    # Japanese eras
    ("令和6年6月21日", {}, D(2024, 6, 21)),
    ("令和6年6月21日(金)", {}, D(2024, 6, 21)),
    ("令和 6 年 6 月 21 日", {}, D(2024, 6, 21)),
    ("㋿6年6月21日", {}, D(2024, 6, 21)),
    ("令和元年5月1日", {}, D(2019, 5, 1)),
    ("令和1年5月1日", {}, D(2019, 5, 1)),
    ("令和2年1月1日", {}, D(2020, 1, 1)),
    ("R6.6.21", {}, D(2024, 6, 21)),
    ("R6/6/21", {}, D(2024, 6, 21)),
    ("R06.06.21", {}, D(2024, 6, 21)),
    ("r6.6.21", {}, D(2024, 6, 21)),
    ("Ｒ６．６．２１", {}, D(2024, 6, 21)),
    ("R元.5.1", {}, D(2019, 5, 1)),
    ("平成31年4月30日", {}, D(2019, 4, 30)),
    ("H31.4.30", {}, D(2019, 4, 30)),
    ("㍻31年4月30日", {}, D(2019, 4, 30)),
    ("平成元年1月8日", {}, D(1989, 1, 8)),
    ("昭和64年1月7日", {}, D(1989, 1, 7)),
    ("昭和元年12月25日", {}, D(1926, 12, 25)),
    ("S51.3.4", {}, D(1976, 3, 4)),
    ("大正15年12月24日", {}, D(1926, 12, 24)),
    ("大正元年7月30日", {}, D(1912, 7, 30)),
    ("明治45年7月29日", {}, D(1912, 7, 29)),
    ("明治33年1月1日", {}, D(1900, 1, 1)),
    ("M33.1.1", {}, D(1900, 1, 1)),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), ACCEPTED_DATES)
def test_parse_date_accepts(text: str, kwargs: dict, expected: dt.date) -> None:
    result = parse_date(text, **kwargs)
    assert result == expected
    assert type(result) is dt.date


REJECTED_DATES = [
    ("", {}, "it is empty"),
    ("   ", {}, "it is empty"),
    ("2024-13-01", {}, "month 13 does not exist"),
    ("2024-00-10", {}, "month 0 does not exist"),
    ("2024-02-30", {}, "day 30 does not exist in February 2024; it has 29 days"),
    ("2023-02-29", {}, "day 29 does not exist in February 2023; it has 28 days"),
    ("2024-04-31", {}, "day 31 does not exist in April 2024; it has 30 days"),
    ("2024-06-00", {}, "day 0 does not exist"),
    ("2024年13月1日", {}, "month 13 does not exist"),
    (
        "令和6年2月30日",
        {},
        "day 30 does not exist in February 2024 (令和6年); it has 29 days",
    ),
    (
        "6月31日",
        {"default_year": 2024},
        "day 31 does not exist in June 2024 (the trip's year); it has 30 days",
    ),
    (
        "2月29日",
        {"default_year": 2023},
        "day 29 does not exist in February 2023 (the trip's year); it has 28 days",
    ),
    (
        "Feb 29",
        {"default_year": 2023},
        "day 29 does not exist in February 2023 (the trip's year); it has 28 days",
    ),
    ("Feb 30 2024", {}, "day is out of range for month"),
    # ambiguous all-numeric forms
    (
        "06/07/2024",
        {},
        '"06/07/2024" is ambiguous: day first it is 6 July 2024, month first it is '
        "7 June 2024; write the date as YYYY-MM-DD",
    ),
    (
        "06.07.2024",
        {},
        '"06.07.2024" is ambiguous: day first it is 6 July 2024, month first it is '
        "7 June 2024; write the date as YYYY-MM-DD",
    ),
    (
        "7 6 2024",
        {},
        '"7 6 2024" is ambiguous: day first it is 7 June 2024, month first it is '
        "6 July 2024; write the date as YYYY-MM-DD",
    ),
    (
        "21/06/2024",
        {},
        '"21/06/2024" puts the day or month first (it can only be 21 June 2024, day first); '
        "all-numeric dates are accepted only year first; write it as YYYY-MM-DD",
    ),
    (
        "06/21/2024",
        {},
        '"06/21/2024" puts the day or month first (it can only be 21 June 2024, month first); '
        "all-numeric dates are accepted only year first; write it as YYYY-MM-DD",
    ),
    (
        "05/05/2024",
        {},
        '"05/05/2024" puts the day or month first (it reads 5 May 2024 either way); '
        "all-numeric dates are accepted only year first; write it as YYYY-MM-DD",
    ),
    (
        "31/31/2024",
        {},
        '"31/31/2024" is not a date day first or month first; write the date as YYYY-MM-DD',
    ),
    (
        "06/07",
        {"default_year": 2024},
        '"06/07" is an all-numeric date with the day or month first and no year, so day, '
        "month and year cannot be told apart; write the date as YYYY-MM-DD",
    ),
    (
        "06-07-24",
        {},
        '"06-07-24" is an all-numeric date with the day or month first and a two-digit year, '
        "so day, month and year cannot be told apart; write the date as YYYY-MM-DD",
    ),
    (
        "２１／０６／２０２４",
        {},
        '"21/06/2024" puts the day or month first (it can only be 21 June 2024, day first); '
        "all-numeric dates are accepted only year first; write it as YYYY-MM-DD",
    ),
    # missing parts: never filled in from today
    (
        "6月21日",
        {},
        "no year given (understood: 21 June); write the year, e.g. 2024-06-21, "
        "or use it where the trip's year is known",
    ),
    (
        "21 Jun",
        {},
        "no year given (understood: 21 June); write the year, e.g. 2024-06-21, "
        "or use it where the trip's year is known",
    ),
    (
        "June 21",
        {},
        "no year given (understood: 21 June); write the year, e.g. 2024-06-21, "
        "or use it where the trip's year is known",
    ),
    ("Jun 2024", {}, "no day given (understood: June 2024)"),
    ("June", {"default_year": 2024}, "no day given (understood: June)"),
    ("21 Jun 24", {}, "the year must be written in full with four digits (e.g. 2024)"),
    ("21 Jun 0024", {}, "the year must be written in full with four digits (e.g. 2024)"),
    ("Jun 21 10", {}, "the year must be written in full with four digits (e.g. 2024)"),
    (
        "2024年6月",
        {},
        "not a complete Japanese date (expected year, month and day, e.g. 2024年6月21日 "
        "or 令和6年6月21日)",
    ),
    (
        "令和6年",
        {},
        "not a complete Japanese date (expected year, month and day, e.g. 2024年6月21日 "
        "or 令和6年6月21日)",
    ),
    # weekday checks
    ("2024年6月21日(木)", {}, "2024-06-21 is a Friday (金), not a Thursday (木)"),
    ("2024年6月21日（土曜日）", {}, "2024-06-21 is a Friday (金), not a Saturday (土曜日)"),
    ("令和6年6月21日(月)", {}, "2024-06-21 is a Friday (金), not a Monday (月)"),
    ("6月21日(金)", {"default_year": 2025}, "2025-06-21 is a Saturday (土), not a Friday (金)"),
    ("2024-06-21 (Sat)", {}, "2024-06-21 is a Friday (金), not a Saturday (Sat)"),
    ("Thu, 21 Jun 2024", {}, "2024-06-21 is a Friday (金), not a Thursday (Thu)"),
    ("Mon 21 Jun 2024 Tue", {}, "it names more than one weekday"),
    ("2024-06-21 (Foo)", {}, '"Foo" is not a weekday'),
    # era boundaries
    (
        "平成31年5月1日",
        {},
        "平成31年5月1日 does not exist: 平成 ended on 2019-04-30 (平成31年4月30日); "
        "2019-05-01 is 令和元年5月1日",
    ),
    (
        "H31.5.1",
        {},
        "H31.5.1 does not exist: 平成 ended on 2019-04-30 (平成31年4月30日); "
        "2019-05-01 is 令和元年5月1日",
    ),
    (
        "平成32年1月1日",
        {},
        "平成32年1月1日 does not exist: 平成 ended on 2019-04-30 (平成31年4月30日); "
        "2020-01-01 is 令和2年1月1日",
    ),
    (
        "令和元年4月30日",
        {},
        "令和元年4月30日 does not exist: 令和 began on 2019-05-01; 2019-04-30 is 平成31年4月30日",
    ),
    (
        "昭和64年1月8日",
        {},
        "昭和64年1月8日 does not exist: 昭和 ended on 1989-01-07 (昭和64年1月7日); "
        "1989-01-08 is 平成元年1月8日",
    ),
    (
        "平成元年1月7日",
        {},
        "平成元年1月7日 does not exist: 平成 began on 1989-01-08; 1989-01-07 is 昭和64年1月7日",
    ),
    (
        "大正元年7月29日",
        {},
        "大正元年7月29日 does not exist: 大正 began on 1912-07-30; 1912-07-29 is 明治45年7月29日",
    ),
    (
        "昭和元年12月24日",
        {},
        "昭和元年12月24日 does not exist: 昭和 began on 1926-12-25; 1926-12-24 is 大正15年12月24日",
    ),
    ("令和0年5月1日", {}, "令和0年 does not exist (the first year is 元年 = 1年)"),
    # the years a trip may hold (tripplan.ranges)
    ("明治6年1月1日", {}, "the year 1873 is outside 1900–2200; check the year"),
    ("0001-01-01", {}, "the year 1 is outside 1900–2200; check the year"),
    ("2201-01-01", {}, "the year 2201 is outside 1900–2200; check the year"),
    (
        "明治5年12月2日",
        {},
        "明治5年12月2日 is before 明治6年 (1873): Japan used the lunisolar calendar until "
        "明治5年12月2日, so the month and day cannot be read as Gregorian",
    ),
    # wrong kind of input
    (
        "2024-06-21T10:30",
        {},
        "it has a time of day (T10:30) after the date 2024-06-21; expected a date only",
    ),
    (
        "2024年6月21日 10時",
        {},
        "it has a time of day (10時) after the date 2024-06-21; expected a date only",
    ),
    (
        "21 Jun 2024 10:00",
        {},
        "it has a time of day (or a number read as one); expected a date only",
    ),
    ("2024-06-21 foo", {}, 'unexpected "foo" after the date 2024-06-21'),
    ("10:30", {}, "it looks like a time of day, not a date"),
    ("tomorrow", {}, "not a recognised date"),
    ("21 Jun 2024 ICT", {}, "not a recognised date"),
    ("next Friday", {}, "not a recognised date"),
    ("2024", {}, "not a recognised date"),
]


@pytest.mark.parametrize(("text", "kwargs", "reason"), REJECTED_DATES)
def test_parse_date_rejects(text: str, kwargs: dict, reason: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_date(text, **kwargs)
    shown = " ".join(text.split())
    if text.startswith("２１"):
        shown = text  # the message quotes what was typed, full-width and all
    assert reason_of(exc, shown, "a date") == reason
    assert exc.value.hint == DATE_HINT
    assert exc.value.exit_code == EXIT_USAGE


def test_date_hint_lists_the_accepted_forms() -> None:
    for form in ("2024-06-21", "21 Jun 2024", "2024年6月21日", "令和6年6月21日", "6月21日"):
        assert form in DATE_HINT
    assert "with the trip's year" in DATE_HINT
    assert "YYYY-MM-DD" in DATE_HINT


def test_date_message_quotes_the_original_text() -> None:
    with pytest.raises(UsageError) as exc:
        parse_date("２０２４年１３月１日")
    assert (
        exc.value.message
        == 'could not read "２０２４年１３月１日" as a date: month 13 does not exist'
    )


def test_missing_year_is_never_taken_from_today() -> None:
    # Whatever today is, a date without a year is an error unless default_year is given.
    for text in ("21 Jun", "June 21", "6月21日", "６月２１日"):
        with pytest.raises(UsageError, match="no year given"):
            parse_date(text)
        assert parse_date(text, default_year=2031) == D(2031, 6, 21)


def test_default_year_does_not_override_a_written_year() -> None:
    assert parse_date("2024-06-21", default_year=2000) == D(2024, 6, 21)
    assert parse_date("令和6年6月21日", default_year=2000) == D(2024, 6, 21)
    assert parse_date("21 June 2024", default_year=2000) == D(2024, 6, 21)


def test_invalid_dates_are_never_rolled_over() -> None:
    for text in ("2024-02-30", "2024年2月30日", "令和6年2月30日", "Feb 30 2024", "R6.2.30"):
        with pytest.raises(UsageError):
            parse_date(text)


# --------------------------------------------------------------------------- times

ACCEPTED_TIMES = [
    ("10:30", T(10, 30)),
    ("9:05", T(9, 5)),
    ("09:05", T(9, 5)),
    ("00:00", T(0, 0)),
    ("23:59", T(23, 59)),
    ("10:30:15", T(10, 30, 15)),
    ("10:30:15.250", T(10, 30, 15, 250000)),
    ("15:30", T(15, 30)),
    ("１０：３０", T(10, 30)),
    ("１５：３０：４５", T(15, 30, 45)),
    ("10時30分", T(10, 30)),
    ("10時", T(10, 0)),
    ("10時5分", T(10, 5)),
    ("10時30分15秒", T(10, 30, 15)),
    ("10時半", T(10, 30)),
    ("１０時３０分", T(10, 30)),
    ("0時", T(0, 0)),
    ("23時59分", T(23, 59)),
    ("午前10時", T(10, 0)),
    ("午前10時30分", T(10, 30)),
    ("午前0時", T(0, 0)),
    ("午前0時30分", T(0, 30)),
    ("午前11時59分", T(11, 59)),
    ("午後0時", T(12, 0)),
    ("午後0時30分", T(12, 30)),
    ("午後3時", T(15, 0)),
    ("午後3時30分", T(15, 30)),
    ("午後3時半", T(15, 30)),
    ("午後 3時", T(15, 0)),
    ("午後11時59分", T(23, 59)),
    ("午後3:30", T(15, 30)),
    ("PM3:00", T(15, 0)),
    ("AM9:15", T(9, 15)),
    ("ＰＭ３：００", T(15, 0)),
    ("正午", T(12, 0)),
    ("noon", T(12, 0)),
    ("Noon", T(12, 0)),
    ("3pm", T(15, 0)),
    ("3 pm", T(15, 0)),
    ("3PM", T(15, 0)),
    ("3p.m.", T(15, 0)),
    ("3:30 pm", T(15, 30)),
    ("3:30pm", T(15, 30)),
    ("10am", T(10, 0)),
    ("10:30 a.m.", T(10, 30)),
    ("12am", T(0, 0)),
    ("12:30am", T(0, 30)),
    ("12pm", T(12, 0)),
    ("12:30 pm", T(12, 30)),
    ("11:59pm", T(23, 59)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_TIMES)
def test_parse_time_accepts(text: str, expected: dt.time) -> None:
    result = parse_time(text)
    assert result == expected
    assert result.tzinfo is None


REJECTED_TIMES = [
    ("", "it is empty"),
    (
        "24:00",
        "hour 24 does not exist (hours go from 0 to 23; after midnight use the next day's date)",
    ),
    (
        "25時",
        "hour 25 does not exist (hours go from 0 to 23; after midnight use the next day's date)",
    ),
    ("10:60", "minute 60 does not exist (minutes go from 0 to 59)"),
    ("10時75分", "minute 75 does not exist (minutes go from 0 to 59)"),
    ("10:30:60", "second 60 does not exist (seconds go from 0 to 59)"),
    ("午前12時", "午前12時 is ambiguous (noon or midnight); write 12:00 (正午) or 0:00"),
    ("午後12時", "午後12時 is ambiguous (noon or midnight); write 12:00 (正午) or 0:00"),
    ("午後12時30分", "午後12時30分 is ambiguous (noon or midnight); write 12:00 (正午) or 0:00"),
    ("PM12:30", "PM12:30 is ambiguous (noon or midnight); write 12:00 (正午) or 0:00"),
    (
        "午後13時",
        "午後 hours go from 0 to 11 (午後13時 does not exist; write 13時 or 13:00 without 午後)",
    ),
    (
        "午前15時",
        "午前 hours go from 0 to 11 (午前15時 does not exist; write 15時 or 15:00 without 午前)",
    ),
    ("0am", "with am/pm the hour goes from 1 to 12, not 0"),
    ("13pm", "with am/pm the hour goes from 1 to 12, not 13"),
    ("13:30 pm", "with am/pm the hour goes from 1 to 12, not 13"),
    ("午後3時pm", "it has both 午後 and pm"),
    ("10", "a bare number (10) is not a time; write 10:00 or 10時"),
    ("1030", "not a recognised time of day"),
    ("10.30", "not a recognised time of day"),
    ("half past ten", "not a recognised time of day"),
    (
        "10:30+07:00",
        "a UTC offset needs a date; write it with the date, e.g. 2024-06-21T10:30+07:00",
    ),
    ("10:30Z", "a UTC offset needs a date; write it with the date, e.g. 2024-06-21T10:30+07:00"),
    ("10:30 JST", "time-zone names (JST) are not understood; give a UTC offset such as +07:00"),
    ("2024-06-21 10:30", "it has a date; expected only a time of day"),
    ("6月21日10時", "it has a date; expected only a time of day"),
]


@pytest.mark.parametrize(("text", "reason"), REJECTED_TIMES)
def test_parse_time_rejects(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_time(text)
    assert reason_of(exc, text, "a time of day") == reason
    assert exc.value.hint == TIME_HINT


def test_time_hint_lists_the_accepted_forms() -> None:
    for form in ("10:30", "10:30:15", "3pm", "10時30分", "午前10時", "午後3時30分", "正午"):
        assert form in TIME_HINT


def test_gozen_gogo_zero_and_twelve_policy() -> None:
    # 午前0時 is midnight, 午後0時 is noon; the 12時 forms are ambiguous and refused.
    assert parse_time("午前0時") == T(0, 0)
    assert parse_time("午後0時") == T(12, 0)
    for text in ("午前12時", "午後12時"):
        with pytest.raises(UsageError, match="ambiguous"):
            parse_time(text)
    # English suffix: the usual convention.
    assert parse_time("12am") == T(0, 0)
    assert parse_time("12pm") == T(12, 0)


# --------------------------------------------------------------------------- date-times

ACCEPTED_DATETIMES = [
    ("2024-06-21T10:30", {}, DT(2024, 6, 21, 10, 30)),
    ("2024-06-21 10:30", {}, DT(2024, 6, 21, 10, 30)),
    ("2024-06-21t10:30", {}, DT(2024, 6, 21, 10, 30)),
    ("2024-06-21T10:30:15", {}, DT(2024, 6, 21, 10, 30, 15)),
    ("2024-06-21T10:30:00.5", {}, DT(2024, 6, 21, 10, 30, 0, 500000)),
    ("2024/6/21 9:05", {}, DT(2024, 6, 21, 9, 5)),
    ("20240621T10:30", {}, DT(2024, 6, 21, 10, 30)),
    ("2024-06-21 3pm", {}, DT(2024, 6, 21, 15, 0)),
    ("2024-06-21 at 3pm", {}, DT(2024, 6, 21, 15, 0)),
    ("2024-06-21 午後3時", {}, DT(2024, 6, 21, 15, 0)),
    # explicit offsets give aware datetimes
    ("2024-06-21T10:30:00+07:00", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(7))),
    ("2024-06-21T10:30+0700", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(7))),
    ("2024-06-21T10:30+07", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(7))),
    ("2024-06-21T10:30Z", {}, DT(2024, 6, 21, 10, 30, tzinfo=dt.UTC)),
    ("2024-06-21 10:30 UTC", {}, DT(2024, 6, 21, 10, 30, tzinfo=dt.UTC)),
    ("2024-06-21 10:30 UTC+7", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(7))),
    ("2024-06-21 10:30 GMT-3", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(-3))),
    ("2024-06-21 10:30 -03:30", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(-3, -30))),
    ("2024-06-21 10:30 +05:45", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(5, 45))),
    ("2024-06-21T10:30+14:00", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(14))),
    ("2024-06-21T10:30-12:00", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(-12))),
    # English through dateutil (date) and our own time reader
    ("21 Jun 2024 10:00", {}, DT(2024, 6, 21, 10, 0)),
    ("June 21, 2024 10:00", {}, DT(2024, 6, 21, 10, 0)),
    ("Jun 21 2024 3pm", {}, DT(2024, 6, 21, 15, 0)),
    ("Jun 21 2024 3 p.m.", {}, DT(2024, 6, 21, 15, 0)),
    ("June 21, 2024 at 3pm", {}, DT(2024, 6, 21, 15, 0)),
    ("June 21, 2024 at 3:30 PM", {}, DT(2024, 6, 21, 15, 30)),
    ("Fri 21 Jun 2024 12am", {}, DT(2024, 6, 21, 0, 0)),
    ("21 Jun 2024 noon", {}, DT(2024, 6, 21, 12, 0)),
    ("3pm Jun 21 2024", {}, DT(2024, 6, 21, 15, 0)),
    ("Jun-21-2024 10:00", {}, DT(2024, 6, 21, 10, 0)),
    ("21 Jun 2024 10:00 +0700", {}, DT(2024, 6, 21, 10, 0, tzinfo=tz(7))),
    ("21 Jun 2024 10:00 UTC+7", {}, DT(2024, 6, 21, 10, 0, tzinfo=tz(7))),
    ("21 Jun 2024 10:00Z", {}, DT(2024, 6, 21, 10, 0, tzinfo=dt.UTC)),
    ("21 Jun 10:00", {"default_year": 2024}, DT(2024, 6, 21, 10, 0)),
    # Japanese
    ("2024年6月21日 10時30分", {}, DT(2024, 6, 21, 10, 30)),
    ("2024年6月21日10時30分", {}, DT(2024, 6, 21, 10, 30)),
    ("2024年6月21日 10:30", {}, DT(2024, 6, 21, 10, 30)),
    ("2024年6月21日(金) 午後3時", {}, DT(2024, 6, 21, 15, 0)),
    ("2024年6月21日（金）午前10時", {}, DT(2024, 6, 21, 10, 0)),
    ("令和6年6月21日 午後3時30分", {}, DT(2024, 6, 21, 15, 30)),
    ("R6.6.21 10:30", {}, DT(2024, 6, 21, 10, 30)),
    ("２０２４年６月２１日　１０：３０", {}, DT(2024, 6, 21, 10, 30)),
    ("6月21日10:30", {"default_year": 2024}, DT(2024, 6, 21, 10, 30)),
    ("6月21日 10時", {"default_year": 2024}, DT(2024, 6, 21, 10, 0)),
    ("2024年6月21日 10:30+09:00", {}, DT(2024, 6, 21, 10, 30, tzinfo=tz(9))),
    # time only, on the trip day
    ("10:30", {"default_date": TRIP_DAY}, DT(2024, 6, 21, 10, 30)),
    ("午後3時", {"default_date": TRIP_DAY}, DT(2024, 6, 21, 15, 0)),
    ("3pm", {"default_date": TRIP_DAY}, DT(2024, 6, 21, 15, 0)),
    ("１０：３０", {"default_date": TRIP_DAY}, DT(2024, 6, 21, 10, 30)),
    ("10:30+07:00", {"default_date": TRIP_DAY}, DT(2024, 6, 21, 10, 30, tzinfo=tz(7))),
    # a written date wins over the defaults
    (
        "2024-06-22 10:30",
        {"default_date": TRIP_DAY, "default_year": 2000},
        DT(2024, 6, 22, 10, 30),
    ),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), ACCEPTED_DATETIMES)
def test_parse_datetime_accepts(text: str, kwargs: dict, expected: dt.datetime) -> None:
    result = parse_datetime(text, **kwargs)
    assert result == expected
    # equality of aware datetimes ignores the offset; check it explicitly
    assert result.utcoffset() == expected.utcoffset()
    assert (result.tzinfo is None) == (expected.tzinfo is None)


def test_parse_datetime_naive_unless_offset_given() -> None:
    assert parse_datetime("2024-06-21T10:30").tzinfo is None
    aware = parse_datetime("2024-06-21T10:30:00+07:00")
    assert aware.isoformat() == "2024-06-21T10:30:00+07:00"
    assert isinstance(aware.tzinfo, dt.timezone)


REJECTED_DATETIMES = [
    ("", {}, "it is empty"),
    (
        "2024-06-21",
        {},
        "no time of day given (understood the date 2024-06-21); add a time, e.g. 2024-06-21 10:30",
    ),
    (
        "June 21, 2024",
        {},
        "no time of day given (understood the date 2024-06-21); add a time, e.g. 2024-06-21 10:30",
    ),
    (
        "2024年6月21日(金)",
        {},
        "no time of day given (understood the date 2024-06-21); add a time, e.g. 2024-06-21 10:30",
    ),
    (
        "10:30",
        {},
        "no date given (understood the time 10:30); write the date too, e.g. 2024-06-21 10:30",
    ),
    (
        "午後3時",
        {},
        "no date given (understood the time 15:00); write the date too, e.g. 2024-06-21 15:00",
    ),
    (
        "6月21日10:30",
        {},
        "no year given (understood: 21 June); write the year, e.g. 2024-06-21, "
        "or use it where the trip's year is known",
    ),
    (
        "21 Jun 10:00",
        {"default_date": TRIP_DAY},
        "no year given (understood: 21 June); write the year, e.g. 2024-06-21, "
        "or use it where the trip's year is known",
    ),
    (
        "06/07/2024 10:00",
        {},
        '"06/07/2024" is ambiguous: day first it is 6 July 2024, month first it is '
        "7 June 2024; write the date as YYYY-MM-DD",
    ),
    (
        "6/21 10:00",
        {"default_year": 2024},
        '"6/21" is an all-numeric date with the day or month first and no year, so day, '
        "month and year cannot be told apart; write the date as YYYY-MM-DD",
    ),
    ("2024-02-30 10:00", {}, "day 30 does not exist in February 2024; it has 29 days"),
    ("2024-13-01T10:00", {}, "month 13 does not exist"),
    (
        "2024-06-21T25:00",
        {},
        "hour 25 does not exist (hours go from 0 to 23; after midnight use the next day's date)",
    ),
    (
        "25:00",
        {"default_date": TRIP_DAY},
        "hour 25 does not exist (hours go from 0 to 23; after midnight use the next day's date)",
    ),
    (
        "2024-06-21 午後12時",
        {},
        "午後12時 is ambiguous (noon or midnight); write 12:00 (正午) or 0:00",
    ),
    (
        "2024年6月21日(木) 10:00",
        {},
        "2024-06-21 is a Friday (金), not a Thursday (木)",
    ),
    (
        "平成31年5月1日 10:00",
        {},
        "平成31年5月1日 does not exist: 平成 ended on 2019-04-30 (平成31年4月30日); "
        "2019-05-01 is 令和元年5月1日",
    ),
    (
        "2024-06-21 10:30+15:00",
        {},
        "UTC offset +15:00 does not exist (offsets go from -12:00 to +14:00)",
    ),
    (
        "2024-06-21 10:30-13:00",
        {},
        "UTC offset -13:00 does not exist (offsets go from -12:00 to +14:00)",
    ),
    ("2024-06-21 10:30+07:75", {}, "UTC offset +07:75 has minute 75, which does not exist"),
    (
        "2024-06-21 10:30 ICT",
        {},
        "time-zone names (ICT) are not understood; give a UTC offset such as +07:00",
    ),
    (
        "21 Jun 2024 10:00 ICT",
        {},
        "time-zone names (ICT) are not understood; give a UTC offset such as +07:00",
    ),
    (
        "21 Jun 2024 10:00 EST",
        {},
        "time-zone names (EST) are not understood; give a UTC offset such as +07:00",
    ),
    ("Jun 21 2024 10", {}, "could not tell the time of day; write it as 10:00 or 10am"),
    ("Jun 21 2024 10:00 11:00", {}, "it has more than one time of day (10:00, 11:00)"),
    ("21 Jun 24 10:00", {}, "the year must be written in full with four digits (e.g. 2024)"),
    ("2024-06-21 soon", {}, "not a recognised time of day"),
    ("tomorrow 10:00", {"default_date": TRIP_DAY}, "not a recognised date and time"),
    ("next week", {}, "not a recognised date and time"),
    (
        "2024年6月 10:00",
        {},
        "not a complete Japanese date (expected year, month and day, e.g. 2024年6月21日 10時30分)",
    ),
]


@pytest.mark.parametrize(("text", "kwargs", "reason"), REJECTED_DATETIMES)
def test_parse_datetime_rejects(text: str, kwargs: dict, reason: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_datetime(text, **kwargs)
    assert reason_of(exc, text, "a date and time") == reason
    assert exc.value.hint == DATETIME_HINT


def test_datetime_hint_lists_the_accepted_forms() -> None:
    for form in (
        "2024-06-21T10:30",
        "2024-06-21 10:30",
        "+07:00",
        "21 Jun 2024 10:00",
        "Jun 21 2024 3pm",
        "2024年6月21日 10時30分",
        "6月21日10:30",
    ):
        assert form in DATETIME_HINT


def test_default_year_is_not_taken_from_default_date() -> None:
    # A trip day in late December must not silently put "2 Jan" in the same year.
    with pytest.raises(UsageError, match="no year given"):
        parse_datetime("1月2日 10:00", default_date=D(2024, 12, 30))
    result = parse_datetime("1月2日 10:00", default_date=D(2024, 12, 30), default_year=2025)
    assert result == DT(2025, 1, 2, 10, 0)


# --------------------------------------------------------------------------- durations

ACCEPTED_DURATIONS = [
    ("30m", TD(minutes=30)),
    ("30min", TD(minutes=30)),
    ("30 min", TD(minutes=30)),
    ("30mins", TD(minutes=30)),
    ("30 minutes", TD(minutes=30)),
    ("90min", TD(minutes=90)),
    ("1h", TD(hours=1)),
    ("1hr", TD(hours=1)),
    ("2 hours", TD(hours=2)),
    ("1h30m", TD(hours=1, minutes=30)),
    ("1h 30m", TD(hours=1, minutes=30)),
    ("1 hour 30 minutes", TD(hours=1, minutes=30)),
    ("1H30M", TD(hours=1, minutes=30)),
    ("2d", TD(days=2)),
    ("1d2h", TD(days=1, hours=2)),
    ("1d, 2h", TD(days=1, hours=2)),
    ("1w", TD(days=7)),
    ("45s", TD(seconds=45)),
    ("1m30s", TD(minutes=1, seconds=30)),
    ("1.5h", TD(minutes=90)),
    ("0.25h", TD(minutes=15)),
    ("0m", TD(0)),
    ("0s", TD(0)),
    ("-0m", TD(0)),
    ("1:30", TD(hours=1, minutes=30)),
    ("0:45", TD(minutes=45)),
    ("1:30:15", TD(hours=1, minutes=30, seconds=15)),
    ("PT1H30M", TD(hours=1, minutes=30)),
    ("pt1h30m", TD(hours=1, minutes=30)),
    ("PT45M", TD(minutes=45)),
    ("PT30S", TD(seconds=30)),
    ("PT0S", TD(0)),
    ("P1D", TD(days=1)),
    ("P1DT2H", TD(days=1, hours=2)),
    ("P2W", TD(days=14)),
    ("PT1.5H", TD(minutes=90)),
    ("PT0,5H", TD(minutes=30)),
    ("1時間30分", TD(hours=1, minutes=30)),
    ("1時間", TD(hours=1)),
    ("30分", TD(minutes=30)),
    ("30分間", TD(minutes=30)),
    ("1時間半", TD(hours=1, minutes=30)),
    ("2日", TD(days=2)),
    ("2日間", TD(days=2)),
    ("45秒", TD(seconds=45)),
    ("１時間３０分", TD(hours=1, minutes=30)),
    ("３０ｍ", TD(minutes=30)),
    ("-15m", TD(minutes=-15)),
    ("-30m", TD(minutes=-30)),
    ("+15m", TD(minutes=15)),
    ("- 15m", TD(minutes=-15)),
    ("-1h30m", -TD(hours=1, minutes=30)),
    ("-1:30", -TD(hours=1, minutes=30)),
    ("-PT15M", TD(minutes=-15)),
    ("-30分", TD(minutes=-30)),
    ("－１５ｍ", TD(minutes=-15)),
    ("\u221215m", TD(minutes=-15)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED_DURATIONS)
def test_parse_duration_accepts(text: str, expected: dt.timedelta) -> None:
    assert parse_duration(text) == expected


REJECTED_DURATIONS = [
    ("", "it is empty"),
    ("-", "a sign without an amount"),
    ("--15m", "more than one sign"),
    ("+-15m", "more than one sign"),
    ("1h-30m", "a sign may only come first and applies to the whole duration"),
    ("30", "the number 30 has no unit; write e.g. 30m (minutes) or 30h (hours)"),
    ("1h30", "the number 30 has no unit; write e.g. 30m (minutes) or 30h (hours)"),
    ("30x", 'unknown unit "x" (use d, h, m, s or 日, 時間, 分, 秒)'),
    ("1h30m10x", 'unknown unit "x" (use d, h, m, s or 日, 時間, 分, 秒)'),
    ("abc", 'cannot read "abc"; expected a number and a unit such as 30m'),
    ("h", 'cannot read "h"; expected a number and a unit such as 30m'),
    ("30m1h", "units must go from largest to smallest (e.g. 1h30m, not 30m1h)"),
    ("1h1h", "hours are given twice"),
    ("10m 5m", "minutes are given twice"),
    ("1mo", '"mo" (months or years) has no fixed length; give days, hours or minutes'),
    ("2 months", '"months" (months or years) has no fixed length; give days, hours or minutes'),
    ("1y", '"y" (months or years) has no fixed length; give days, hours or minutes'),
    ("1ヶ月", '"ヶ月" (months or years) has no fixed length; give days, hours or minutes'),
    ("P1M", "years and months have no fixed length; give days, hours or minutes"),
    ("P1Y", "years and months have no fixed length; give days, hours or minutes"),
    ("P", "an ISO 8601 duration needs at least one number with a unit"),
    ("PT", "an ISO 8601 duration needs at least one number with a unit"),
    ("P1DT", "an ISO 8601 duration needs at least one number with a unit"),
    ("PT1X", "not a valid ISO 8601 duration (e.g. PT1H30M)"),
    ("1:75", "in h:mm form minutes and seconds go from 0 to 59 (read 1:75 as hours:minutes)"),
    ("99999999999d", "it is longer than 3660 days (about ten years)"),
    ("3661d", "it is longer than 3660 days (about ten years)"),
    ("99999999h", "it is longer than 3660 days (about ten years)"),
]


@pytest.mark.parametrize(("text", "reason"), REJECTED_DURATIONS)
def test_parse_duration_rejects(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as exc:
        parse_duration(text)
    assert reason_of(exc, text, "a duration") == reason
    assert exc.value.hint == DURATION_HINT


def test_duration_hint_lists_the_accepted_forms() -> None:
    for form in ("30m", "90min", "1h30m", "2d", "45s", "PT1H30M", "1時間30分", "-15m", "+15m"):
        assert form in DURATION_HINT


def test_negative_durations_apply_to_the_whole() -> None:
    assert parse_duration("-1h30m") == TD(minutes=-90)
    assert parse_duration("-1h30m") == -parse_duration("1h30m")
    assert parse_duration("-1d2h").total_seconds() == -(86400 + 7200)


# --------------------------------------------------------------------------- general


@pytest.mark.parametrize(
    ("func", "text"),
    [
        (parse_date, "\x00"),
        (parse_date, "2024-06-21\n10:30"),
        (parse_date, "Jun " * 40),
        (parse_date, "99999-01-01"),
        (parse_date, "June 99999999999999999999"),
        (parse_time, "99999999999999999999:00"),
        (parse_datetime, "Jun 21 2024 99:99"),
        (parse_datetime, "((((()))))"),
        (parse_duration, "1e9h"),
        (parse_duration, "9" * 400 + "d"),
    ],
)
def test_garbage_gives_a_usage_error_not_a_traceback(func, text: str) -> None:
    with pytest.raises(UsageError) as exc:
        func(text)
    assert exc.value.message.startswith("could not read ")
    assert exc.value.hint


def test_long_input_is_shortened_in_the_message() -> None:
    with pytest.raises(UsageError) as exc:
        parse_date("x" * 200)
    assert exc.value.message == f'could not read "{"x" * 77}..." as a date: not a recognised date'


def test_errors_do_not_chain_internal_exceptions() -> None:
    with pytest.raises(UsageError) as exc:
        parse_date("2024-13-01")
    assert exc.value.__cause__ is None
    assert exc.value.__suppress_context__ is True


def test_doctests() -> None:
    result = doctest.testmod(parse_input, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 15
    assert result.failed == 0
