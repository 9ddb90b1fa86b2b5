"""What ``tripplan list``, ``show``, ``tz``, ``agenda``, ``next`` and ``validate`` show in a real
terminal (tmux) at 80 and 120 columns: ids, dates and times never cut, columns left out when
there is no room for them (``agenda`` with its trip as a heading when a column would not fit),
text wrapped under its column at words and Japanese phrases (kinsoku kept), paths broken only
after a ``/``, findings in colour. Whole screens are compared with tests/golden/terminal
(``TRIPPLAN_UPDATE_GOLDEN=1`` rewrites them: read the diff)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from conftest import ROOT

TRIPPLAN = [sys.executable, "-m", "tripplan"]
GOLDEN = Path(__file__).parent / "golden" / "terminal"
UPDATE = bool(os.environ.get("TRIPPLAN_UPDATE_GOLDEN"))


def screen(columns: int, *args: str, rows: int = 40, blank: bool = False,
           color: bool = False) -> list[str]:
    """The lines a terminal of ``columns`` shows for ``tripplan ARGS`` (blank lines dropped
    unless ``blank``; trailing ones always); ``color``: without NO_COLOR, and the escape
    sequences tmux shows (``capture-pane -e``)."""
    session = f"tripplan-{uuid.uuid4().hex[:8]}"
    done = Path(tempfile.mkdtemp(prefix="tripplan-tmux-")) / "done"
    command = " ".join(shlex.quote(a) for a in [*TRIPPLAN, *args])
    script = f"cd {shlex.quote(str(ROOT))} && clear && {command}; touch {shlex.quote(str(done))}"
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    if color:
        env.pop("NO_COLOR")
    tmux = ["tmux", "-L", session]  # a server of its own: none shuts down under another test
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", str(columns), "-y",
                    str(rows), "bash", "--norc", "-c", script + "; sleep 30"], check=True,
                   env=env)
    try:
        deadline = time.monotonic() + 60
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), "tripplan did not finish in the terminal"
        shown = subprocess.run([*tmux, "capture-pane", "-t", session, "-p",
                                *(["-e"] if color else [])], check=True,
                               capture_output=True, text=True).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], check=False)
        done.unlink(missing_ok=True)
    lines = [line.rstrip() for line in shown.splitlines() if blank or line.strip()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches_golden(lines: list[str], name: str) -> None:
    """``lines`` are the screen in tests/golden/terminal/NAME, and fit its width."""
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with TRIPPLAN_UPDATE_GOLDEN=1"
    assert lines == path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module", autouse=True)
def _tmux():
    if subprocess.run(["tmux", "-V"], capture_output=True).returncode != 0:
        pytest.fail("tmux is needed (installed by .ci/run)")


def test_list_at_80_columns_keeps_ids_and_dates_whole():
    assert screen(80, "list") == [
        " ID                              DATES                STATUS      ITEMS",
        " " + "─" * 70,
        " 2024-06-yokohama-bangkok        2024-06-20 – 06-22   completed      11",
        " 2025-03-example-tokyo-bangkok   2025-03-10 – 03-13   draft          11",
    ]


def test_list_at_120_columns_wraps_titles_at_words():
    lines = screen(120, "list")
    assert lines[0].split() == ["ID", "TITLE", "DATES", "STATUS", "ITEMS"]
    assert lines[2] == (" 2024-06-yokohama-bangkok        Mayor Takeharu Yamanaka's visit to "
                        "Bangkok,     2024-06-20 – 06-22   completed      11")
    assert lines[3].strip() == "Thailand"
    assert all(len(line) <= 120 for line in lines)


def test_list_at_160_columns_breaks_paths_after_a_slash():
    lines = screen(160, "list")
    assert lines[0].split()[-1] == "FILE"
    assert lines[2].endswith("   itineraries/")
    assert lines[3].endswith("   2024-06-yokohama-bangkok.toml")
    assert lines[5].endswith("   2025-03-example-tokyo-bangkok.toml")


def test_tz_at_120_columns_wraps_item_text_under_its_column():
    from rich.cells import cell_len

    lines = screen(120, "tz", "2024-06-yokohama-bangkok", "--lang", "ja")
    assert all(cell_len(line) <= 120 for line in lines)
    header = next(line for line in lines if line.startswith("日付"))
    column = cell_len(header[:header.index("内容")])
    continued = [line for line in lines if line.startswith(" ")]
    assert continued and all(cell_len(line) - cell_len(line.lstrip()) == column
                             for line in continued)
    assert not any(line.lstrip()[0] in "、。）」』】・ー" for line in continued)
    # words and brackets stay whole: "（BKK EXPO）" is never cut inside
    assert any("（BKK EXPO）" in line for line in lines)


AGENDA = ("agenda", "--from", "2025-03-12", "--days", "2")


def test_agenda_at_80_columns_puts_the_trip_over_its_items():
    assert screen(80, *AGENDA) == [
        "Agenda · Wed 12 – Thu 13 March 2025 · home Asia/Tokyo",
        "home time; local time beside it where it differs",
        "Wed 12 March 2025",
        "  2025-03-example-tokyo-bangkok",
        "  11:30–14:00  09:30–12:00 UTC+07:00          City-to-city cooperation workshop",
        "                                              (keynote) · United Nations",
        "                                              Conference Centre, Bangkok",
        "  14:30–16:00  12:30–14:00 UTC+07:00          Working lunch with the workshop",
        "                                              speakers · Example Thai Restaurant",
        "                                              (fictional), Bangkok",
        "  → 21:00      → 19:00 UTC+07:00              Hotel in Bangkok (2 nights) · ends",
        "  21:00–22:00  19:00–20:00 UTC+07:00          Transfer from the hotel to the",
        "                                              airport · Example Riverside Hotel",
        "                                              (fictional) → BKK",
        "Thu 13 March 2025",
        "  2025-03-example-tokyo-bangkok",
        "  00:45–06:55  Wed 22:45 UTC+07:00–06:55 JST  Night flight Bangkok → Tokyo",
        "                                              Haneda · BKK → HND",
    ]


def test_agenda_at_120_columns_has_a_trip_column():
    lines = screen(120, *AGENDA)
    assert all(len(line) <= 120 for line in lines)
    assert lines[3] == ("  11:30–14:00  09:30–12:00 UTC+07:00          "
                        "2025-03-example-tokyo-bangkok  City-to-city cooperation workshop")
    # "·" between parts stays at the end of a line, never starts one (kinsoku, as "、")
    assert lines[4].strip() == "(keynote) · United Nations Conference"
    column = lines[3].index("City-to-city")
    continued = [line for line in lines if line.startswith("   ")]
    assert continued and all(len(line) - len(line.lstrip()) == column for line in continued)
    assert "  2025-03-example-tokyo-bangkok" not in lines  # no heading: the column says it


def test_next_at_80_columns_in_japanese():
    from rich.cells import cell_len

    lines = screen(80, "next", "--today", "2025-03-12", "--lang", "ja")
    assert lines[:4] == [
        "実施中（4日間の3日目）：2025-03-example-tokyo-bangkok",
        "【架空の例】市長のバンコク訪問（2025年3月）",
        "2025年3月10日（月）～3月13日（木） · 案 · 本国 Asia/Tokyo",
        "次の予定：2025年3月12日（水）",
    ]
    assert lines[4].startswith("  11:30–14:00  09:30–12:00 UTC+07:00  都市間協力ワークショップ")
    assert len(lines) == 6 and all(cell_len(line) <= 80 for line in lines)
    assert cell_len(lines[5]) - cell_len(lines[5].lstrip()) == cell_len(
        lines[4][:lines[4].index("都市間")])


# --- tz and show: whole screens at 80 and 120 columns ----------------------------------------

NO_LINE_START = "、。）」』】・ーっゃゅょぁぃぅぇぉッャュョァィゥェォ"


def fits_and_keeps_kinsoku(lines: list[str], columns: int) -> None:
    from rich.cells import cell_len  # CJK characters count two columns, as on the screen

    assert all(cell_len(line) <= columns for line in lines), max(lines, key=cell_len)
    continued = [line.lstrip() for line in lines if line.startswith(" ") and line.strip()]
    assert not [line for line in continued if line[0] in NO_LINE_START]


TZ_CASES = [(trip, lang, columns) for trip in ("2024-06-yokohama-bangkok",
                                               "2025-03-example-tokyo-bangkok")
            for lang in ("ja", "en") for columns in (80, 120)]


@pytest.mark.parametrize(("trip", "lang", "columns"), TZ_CASES)
def test_tz_fits_the_terminal(trip, lang, columns):
    lines = screen(columns, "tz", trip, "--lang", lang, rows=60, blank=True)
    fits_and_keeps_kinsoku(lines, columns)
    matches_golden(lines, f"tz-{trip[:7]}-{lang}-{columns}.txt")


def test_tz_at_80_columns_leaves_out_what_adds_nothing():
    """The reference trip gives no clock time: HOME and UTC would be "—" on every row."""
    lines = screen(80, "tz", "2024-06-yokohama-bangkok", "--lang", "ja", rows=60)
    assert lines[3] == "本国、UTCの列は省略（現地時刻以外の情報なし）"
    assert lines[4] == "現地時刻            時間帯     種別            内容"
    assert lines[5] == "2024年6月20日（木）"  # the date heads its day
    i = lines.index("時刻の記載なし      UTC+07:00  会談            バンコク都知事との")
    assert lines[i + 1] == " " * 47 + "両都市間連携等にかかるトップ会談"  # never "ト/ップ"
    i = next(i for i, line in enumerate(lines) if line.startswith("夜 "))
    assert lines[i:i + 2] == [
        "夜                  UTC+07:00  フライト        タイ発（夜）、日本着（早朝） ·",
        "（時刻の記載なし）                             バンコク → 日本"]


def test_tz_at_80_columns_keeps_every_time_of_a_timed_trip():
    lines = screen(80, "tz", "2025-03-example-tokyo-bangkok", rows=60)
    assert lines[3] == "LOCAL        ZONE       HOME         UTC          ITEM"
    assert lines[4] == "Mon 10 March 2025"
    assert lines[5:8] == [
        "10:30        JST        10:30        01:30        Flight · Flight Tokyo Haneda →",
        "                                                  Bangkok · HND → BKK · XA 101",
        "15:00        UTC+07:00  17:00        08:00        arrives · 6 h 30 min"]
    # a date and time stay on one line
    assert " " * 50 + "Wed 12 March 2025 19:00" in lines
    assert ("22:45        UTC+07:00  00:45 +1     15:45        Flight · Night flight Bangkok"
            in lines)


SHOW_CASES = [(lang, columns) for lang in ("ja", "en") for columns in (80, 120)]


@pytest.mark.parametrize(("lang", "columns"), SHOW_CASES)
def test_show_fits_the_terminal(lang, columns):
    lines = screen(columns, "show", "2024-06-yokohama-bangkok", "--lang", lang, rows=120,
                   blank=True)
    fits_and_keeps_kinsoku(lines, columns)
    matches_golden(lines, f"show-2024-06-{lang}-{columns}.txt")


def test_show_at_80_columns_breaks_japanese_by_phrase():
    from rich.cells import cell_len

    lines = screen(80, "show", "2024-06-yokohama-bangkok", "--lang", "ja", rows=120)
    at = {cell_len(line[:line.index("バンコク都知事との")]) for line in lines
          if "バンコク都知事との両都市間" in line}
    assert at == {38}
    i = next(i for i, line in enumerate(lines) if "バンコク都知事との両都市間" in line)
    assert lines[i].endswith("バンコク都知事との両都市間連携等にかかる")
    assert lines[i + 1] == " " * 38 + "トップ会談"
    i = next(i for i, line in enumerate(lines) if "相手方：タイ工業省" in line)
    assert lines[i:i + 2] == [" " * 38 + "相手方：タイ工業省産業振興局長",
                              " " * 38 + "（タイ工業省）"]
    assert " " * 38 + "共催：横浜市、バンコク都、日本国環境省、" in lines  # 、 between names


def test_validate_colours_its_findings_on_a_terminal(tmp_path):
    text = (ROOT / "itineraries" / "2024-06-yokohama-bangkok.toml").read_text(encoding="utf-8")
    trip = tmp_path / "trip.toml"
    trip.write_text(text.replace('place = "eec-office"', 'place = "eec-ofice"'),
                    encoding="utf-8")
    lines = screen(200, "validate", str(trip), color=True)
    esc = "\x1b["
    # tmux writes bold red as two sequences, and resets the colours after each part
    assert lines[0].startswith(f"{esc}1m{trip}:288:9{esc}0m")
    assert f"{esc}1m{esc}31mR002" in lines[0] and f"{esc}2munknown-place" in lines[0]
    assert f"{esc}1m{esc}33mR013" in lines[2] and f"{esc}33m[warning]" in lines[2]
    assert lines[1].startswith(f"  {esc}36mhelp:")
    plain = screen(200, "validate", str(trip))  # NO_COLOR=1
    assert esc not in "".join(plain)
    assert plain[0] == (f'{trip}:288:9: R002 unknown-place item "eec-meeting" refers to '
                        'place "eec-ofice"')


def test_list_breaks_japanese_titles_by_phrase():
    lines = screen(100, "list", "--lang", "ja")
    assert lines[2:6] == [
        " 2024-06-yokohama-bangkok        山中竹春 横浜市長           2024-06-20 – 06-22   "
        "completed      11",
        "                                 タイ・バンコク訪問",
        " 2025-03-example-tokyo-bangkok   【架空の例】市長の          2025-03-10 – 03-13   "
        "draft          11",
        "                                 バンコク訪問（2025年3月）",  # not "バンコ" / "ク訪問"
    ]
