"""``tripplan new``: flags for scripts, prompts on a terminal, never overwriting."""

from __future__ import annotations

import datetime as dt
import tomllib

from conftest import run
from test_edit_editor import Terminal
from tripplan.fmt import format_toml
from tripplan.load import load_trip


def test_new_with_flags_makes_a_valid_canonical_trip(tmp_path):
    result = run("new", "--title", "山中市長 バンコク訪問", "--title-en", "Visit to Bangkok",
                 "--start", "令和6年6月20日", "--end", "6月22日", "--home-timezone", "Asia/Tokyo",
                 "--principal", "Takeharu Yamanaka", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "2024-06-visit-to-bangkok.toml"
    assert f"created {path}" in result.stdout
    trip = load_trip(path).trip
    assert trip.title.root == {"ja": "山中市長 バンコク訪問", "en": "Visit to Bangkok"}
    assert (trip.start, trip.end) == (dt.date(2024, 6, 20), dt.date(2024, 6, 22))
    assert trip.revision == 1 and trip.status.value == "draft"
    assert trip.principal[0] == "takeharu-yamanaka"
    text = path.read_text(encoding="utf-8")
    assert "# Items: add them with `tripplan add 2024-06-visit-to-bangkok" in text
    assert format_toml(text) == text  # the template is in canonical form
    assert run("validate", str(path), "--select", "R").exit_code == 0


def test_new_refuses_to_overwrite(tmp_path):
    args = ["new", "visit", "--title", "Visit", "--start", "2024-06-20", "--end", "2024-06-21",
            "--home-timezone", "Asia/Tokyo", "--dir", str(tmp_path)]
    assert run(*args).exit_code == 0
    path = tmp_path / "visit.toml"
    path.write_text(path.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    before = path.read_bytes()
    result = run(*args)
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert path.read_bytes() == before


def test_new_off_a_terminal_names_the_missing_flags(tmp_path):
    result = run("new", "--title", "Visit", "--dir", str(tmp_path))
    assert result.exit_code == 2
    assert "missing --start, --end, --home-timezone" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_takes_the_home_zone_from_the_config(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_HOME_TIMEZONE", "Asia/Tokyo")
    from tripplan import config

    config.settings.cache_clear()
    result = run("new", "v", "--title", "V", "--start", "2024-06-20", "--end", "2024-06-20",
                 "--dir", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads((tmp_path / "v.toml").read_text())["home_timezone"] == "Asia/Tokyo"


def test_new_bad_values(tmp_path):
    base = ["new", "v", "--title", "V", "--dir", str(tmp_path)]
    result = run(*base, "--start", "2024-06-20", "--end", "2024-06-22",
                 "--home-timezone", "Asia/Tokio")
    assert result.exit_code == 2 and 'did you mean "Asia/Tokyo"?' in result.stderr
    result = run(*base, "--start", "2024-06-20", "--end", "6月19日", "--home-timezone", "UTC")
    assert result.exit_code == 2 and "before the first" in result.stderr
    result = run("new", "--title", "会談", "--start", "2024-06-20", "--end", "2024-06-20",
                 "--home-timezone", "UTC", "--dir", str(tmp_path))
    assert result.exit_code == 2 and "give the trip an id" in result.stderr
    result = run("new", "Bad Id", "--title", "V", "--start", "2024-06-20", "--end",
                 "2024-06-20", "--home-timezone", "UTC", "--dir", str(tmp_path))
    assert result.exit_code == 2 and "not a valid trip id" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_asks_on_a_terminal(tmp_path):
    term = Terminal(["new", "--dir", str(tmp_path)], {"TRIPPLAN_HOME_TIMEZONE": ""}, tmp_path)
    term.expect("Title in Japanese")
    term.send("横浜市長 バンコク訪問\n")
    term.expect("Title in English")
    term.send("Mayor's visit to Bangkok\n")
    term.expect("First day")
    term.send("2024/06/20 午後\n")  # not a date: asked again, with the accepted forms
    term.expect("accepted:")
    term.send("令和6年6月20日\n")
    term.expect("Last day")
    term.send("６月２２日\n")
    term.expect("Home time zone")
    term.send("Asia/Bangkock\n")
    term.expect('did you mean "Asia/Bangkok"?')
    term.send("Asia/Tokyo\n")
    term.expect("Principal")
    term.send("\n")
    term.expect("Trip id")
    term.send("\n")  # the suggested id
    assert term.finish() == 0, term.output
    path = tmp_path / "2024-06-mayor-s-visit-to-bangkok.toml"
    trip = load_trip(path).trip
    assert trip.end == dt.date(2024, 6, 22) and trip.home_timezone == "Asia/Tokyo"
    assert trip.people == {}
