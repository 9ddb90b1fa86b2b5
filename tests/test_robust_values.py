"""Command-line values out of range end in exit 2 with a help line, never in exit 70."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import REFERENCE, run
from tripplan.errors import UsageError
from tripplan.rules.checklist import MAX_DAYS_BEFORE, check_days_before, due_state

HINT = "  hint: the checklist is due this many days before departure, e.g. --days-before 14"


@pytest.mark.parametrize("days", ["99999999999", "3661", str(10**40)])
def test_check_days_before_beyond_ten_years_is_a_usage_error(days):
    result = run("check", str(REFERENCE), "--days-before", days)
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"tripplan: --days-before must be at most 3660 days (about ten years), not {days}",
        HINT,
    ]
    assert result.stdout == ""


def test_check_days_before_at_the_bound_runs(in_repo):
    result = run("check", str(REFERENCE), "--days-before", str(MAX_DAYS_BEFORE),
                 "--today", "2024-06-01", "--json")
    assert result.exit_code == 1, result.stderr  # open points: due since ten years
    assert '"days_before": 3660' in result.stdout


def test_due_state_is_total_at_the_ends_of_the_calendar():
    first, last = dt.date.min, dt.date.max
    assert due_state(first, first, today=first, days_before=MAX_DAYS_BEFORE) == "due"
    assert due_state(last, last, today=first, days_before=MAX_DAYS_BEFORE) == "early"
    assert due_state(last, last, today=last - dt.timedelta(days=3660),
                     days_before=MAX_DAYS_BEFORE) == "due"
    assert due_state(first, first, today=last, days_before=0) == "over"


def test_check_days_before_names_the_argument():
    with pytest.raises(UsageError) as caught:
        check_days_before(-1)
    assert caught.value.argument == "days_before"
    assert caught.value.worded({"days_before": "--days-before"}) == (
        "--days-before must be 0 or more, not -1",
        "the checklist is due this many days before departure, e.g. --days-before 14")
    assert check_days_before(0) == 0 and check_days_before(MAX_DAYS_BEFORE) == MAX_DAYS_BEFORE

