"""What ``tripplan list`` shows in a real terminal (tmux) at 80 and 120 columns: ids and
dates never cut, the file column and then the title left out when there is no room for them,
paths broken only after a ``/``; and how ``tz``, ``agenda`` and ``next`` wrap item texts
under their column (``agenda`` with its trip as a heading when a column would not fit)."""

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


def screen(columns: int, *args: str) -> list[str]:
    """The lines a terminal of ``columns`` shows for ``tripplan ARGS`` (blank lines dropped)."""
    session = f"tripplan-{uuid.uuid4().hex[:8]}"
    done = Path(tempfile.mkdtemp(prefix="tripplan-tmux-")) / "done"
    command = " ".join(shlex.quote(a) for a in [*TRIPPLAN, *args])
    script = f"cd {shlex.quote(str(ROOT))} && clear && {command}; touch {shlex.quote(str(done))}"
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm-256color"}
    env.pop("COLUMNS", None)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(columns), "-y", "40",
                    "bash", "--norc", "-c", script + "; sleep 30"], check=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), "tripplan did not finish in the terminal"
        shown = subprocess.run(["tmux", "capture-pane", "-t", session, "-p"], check=True,
                               capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
        done.unlink(missing_ok=True)
    return [line.rstrip() for line in shown.splitlines() if line.strip()]


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
                        "2025-03-example-tokyo-bangkok  City-to-city cooperation workshop "
                        "(keynote)")
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
