"""Colour for ``validate`` and ``check``: exact ANSI sequences when standard output is a
terminal (per the Environment), none with ``NO_COLOR`` or ``--color never``, and on a pipe the
same bytes as without colours at all."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from conftest import REFERENCE, ROOT, run
from tripplan.app.env import Environment
from tripplan.cli.entry import main

BOLD, DIM, RED, YELLOW, CYAN, GREEN, TAG, RESET = (
    "\x1b[1m", "\x1b[2m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[36m", "\x1b[32m", "\x1b[33m",
    "\x1b[0m")


def run_in(*args: str, terminal: bool, environ: dict[str, str] | None = None) -> tuple[int, str]:
    """``tripplan ARGS`` with standard output a terminal (or not), as the Environment says."""
    env = Environment.for_test(now=dt.datetime(2024, 6, 15, 9, tzinfo=dt.UTC),
                               environ=environ, stdout=io.StringIO(), cwd=ROOT)
    env.stdout_is_terminal = terminal
    with pytest.raises(SystemExit) as done:
        main(list(args), env)
    return done.value.code, env.stdout.getvalue()


@pytest.fixture
def flawed(tmp_path):
    """The reference trip with a mistyped place: an error (R002) and a warning (R013)."""
    trip = tmp_path / "trip.toml"
    trip.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        'place = "eec-office"', 'place = "eec-ofice"'), encoding="utf-8")
    return trip


def test_findings_in_colour_on_a_terminal(flawed):
    code, out = run_in("validate", str(flawed), terminal=True)
    assert code == 1
    assert out.splitlines() == [
        f'{BOLD}{flawed}:288:9{RESET}: {RED}R002{RESET} {DIM}unknown-place{RESET} '
        f'item "eec-meeting" refers to place "eec-ofice"',
        f'  {CYAN}help:{RESET} did you mean "eec-office"?',
        f"{BOLD}{flawed}:297:9{RESET}: {YELLOW}R013{RESET} {DIM}changed-since-stamp{RESET} "
        f'{TAG}[warning]{RESET} item "eec-meeting" changed since it was stamped: its calendar '
        "SEQUENCE is now 2",
        f"  {CYAN}help:{RESET} run `tripplan stamp` so that the next change raises SEQUENCE "
        "again",
        f"Found {RED}1 error{RESET}, {YELLOW}1 warning{RESET} in 1 file.",
    ]


def test_a_clean_run_is_green():
    assert run_in("validate", str(REFERENCE), terminal=True) == (
        0, f"{GREEN}All checks passed (1 file).{RESET}\n")


@pytest.mark.parametrize("value", ["1", "true", "0", "no"])
def test_no_color_set_to_anything_turns_colour_off(flawed, value):
    _, plain = run_in("validate", str(flawed), terminal=False)
    assert run_in("validate", str(flawed), terminal=True, environ={"NO_COLOR": value}) == (
        1, plain)
    assert "\x1b" not in plain


def test_an_empty_no_color_is_not_set(flawed):
    _, out = run_in("validate", str(flawed), terminal=True, environ={"NO_COLOR": ""})
    assert out.startswith(BOLD)


def test_the_flag_decides_over_the_terminal_and_no_color(flawed):
    _, plain = run_in("validate", str(flawed), terminal=False)
    _, coloured = run_in("validate", str(flawed), terminal=True)
    assert run_in("validate", str(flawed), "--color", "always", terminal=False,
                  environ={"NO_COLOR": "1"})[1] == coloured
    assert run_in("validate", str(flawed), "--color", "never", terminal=True)[1] == plain


def test_piped_output_is_the_plain_text_of_before(flawed):
    result = run("validate", str(flawed))
    assert result.stdout == (
        f'{flawed}:288:9: R002 unknown-place item "eec-meeting" refers to place "eec-ofice"\n'
        '  help: did you mean "eec-office"?\n'
        f'{flawed}:297:9: R013 changed-since-stamp [warning] item "eec-meeting" changed since '
        "it was stamped: its calendar SEQUENCE is now 2\n"
        "  help: run `tripplan stamp` so that the next change raises SEQUENCE again\n"
        "Found 1 error, 1 warning in 1 file.\n")


def test_check_colours_too(in_repo):
    code, out = run_in("check", "itineraries/examples/2025-03-example-tokyo-bangkok.toml",
                       "--today", "2025-03-08", terminal=True)
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{BOLD}itineraries/examples/2025-03-example-tokyo-bangkok.toml:16:10"
                            f"{RESET}: {RED}C001{RESET} {DIM}trip-not-confirmed{RESET} ")
    assert out.splitlines()[-1] == f"Found {RED}3 errors{RESET} in 1 file."
    assert "\x1b" not in run("check", "itineraries/examples/2025-03-example-tokyo-bangkok.toml",
                             "--today", "2025-03-08").stdout
