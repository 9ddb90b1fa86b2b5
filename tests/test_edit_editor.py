"""``tripplan edit`` driven by a fake ``$EDITOR`` (a Python script that plays back edits).

Non-interactive runs go through the in-process CLI helper; the re-open / keep / abandon
prompt needs a terminal, so those runs start ``python -m tripplan`` on a real
pseudo-terminal and answer it.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from conftest import DATA, run
from tripplan import storage

SOURCE = DATA / "edit" / "commented.toml"

FAKE_EDITOR = r'''
import json, sys, pathlib
state, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[-1])
log = state / "calls"
log.write_text(log.read_text() + "x" if log.exists() else "x")
steps = sorted(state.glob("step-*.json"))
if not steps:
    sys.exit(0)
step = json.loads(steps[0].read_text(encoding="utf-8"))
steps[0].unlink()
if "replace" in step:
    old, new = step["replace"]
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new), encoding="utf-8")
if "write" in step:
    target.write_text(step["write"], encoding="utf-8")
if "touch_trip" in step:  # someone else saves the trip meanwhile
    trip = pathlib.Path(step["touch_trip"])
    trip.write_text(trip.read_text(encoding="utf-8") + "# edited elsewhere\n", encoding="utf-8")
sys.exit(step.get("exit", 0))
'''


@pytest.fixture
def setup(tmp_path):
    folder = tmp_path / "trips"
    folder.mkdir()
    trip = folder / "visit.toml"
    shutil.copy(SOURCE, trip)
    state = tmp_path / "editor"
    state.mkdir()
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} {shlex.quote(str(state))}"

    def steps(*items: dict) -> None:
        for n, item in enumerate(items):
            (state / f"step-{n:02d}.json").write_text(json.dumps(item), encoding="utf-8")

    def calls() -> int:
        log = state / "calls"
        return len(log.read_text()) if log.exists() else 0

    return trip, editor, steps, calls


BREAK = {"replace": ['place = "hotel"', 'place = "nowhere"']}


def drafts(trip: Path) -> list[Path]:
    return sorted(trip.parent.glob(f".{trip.stem}.draft-*{trip.suffix}"))


def test_valid_save_replaces_the_trip_and_raises_the_revision(setup):
    trip, editor, steps, calls = setup
    steps({"replace": ['status = "draft"', 'status = "confirmed"']})
    result = run("edit", str(trip), env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads(trip.read_text(encoding="utf-8"))
    assert data["status"] == "confirmed" and data["revision"] == 4
    assert 'status: "draft" → "confirmed"' in result.stdout
    assert storage.backups_of(trip)[0].read_bytes() == SOURCE.read_bytes()
    assert calls() == 1


def test_visual_wins_over_editor_and_no_change_writes_nothing(setup):
    trip, editor, steps, calls = setup
    result = run("edit", str(trip), env={"VISUAL": editor, "EDITOR": "/nonexistent/editor"})
    assert result.exit_code == 0, result.stderr
    assert "no changes" in result.stdout
    assert trip.read_bytes() == SOURCE.read_bytes()
    assert storage.backups_of(trip) == []
    assert calls() == 1


def test_broken_save_off_a_terminal_keeps_the_draft_and_exits_1(setup):
    trip, editor, steps, _ = setup
    steps(BREAK)
    result = run("edit", str(trip), env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 1
    assert 'R002 unknown-place item "breakfast" refers to place "nowhere"' in result.stderr
    assert trip.read_bytes() == SOURCE.read_bytes()
    (draft,) = drafts(trip)
    assert 'place = "nowhere"' in draft.read_text(encoding="utf-8")
    assert f"your version is kept in {draft}" in result.stderr
    # the hidden draft is not a trip for `tripplan list`
    listed = run("list", str(trip.parent), "--json")
    assert [t["id"] for t in json.loads(listed.stdout)["trips"]] == ["2024-06-test-visit"]


def test_syntax_error_is_shown_located(setup):
    trip, editor, steps, _ = setup
    steps({"replace": ['kind = "press"', 'kind = "press']})
    result = run("edit", str(trip), env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 1
    assert "F003 toml-syntax" in result.stderr
    assert trip.read_bytes() == SOURCE.read_bytes()
    assert len(drafts(trip)) == 1


def test_editor_that_cannot_start_is_a_usage_error(setup):
    trip, _, _, _ = setup
    result = run("edit", str(trip), env={"EDITOR": "/nonexistent/editor --wait", "VISUAL": ""})
    assert result.exit_code == 2
    assert 'cannot start the editor "/nonexistent/editor"' in result.stderr
    assert "$EDITOR" in result.stderr


def test_editor_failing_keeps_what_was_typed(setup):
    trip, editor, steps, _ = setup
    steps({**BREAK, "exit": 3})
    result = run("edit", str(trip), env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 1
    assert "the editor exited with status 3" in result.stderr
    assert trip.read_bytes() == SOURCE.read_bytes()
    assert len(drafts(trip)) == 1


def test_trip_changed_meanwhile_is_not_overwritten(setup):
    trip, editor, steps, _ = setup
    steps({"replace": ['status = "draft"', 'status = "confirmed"'], "touch_trip": str(trip)})
    result = run("edit", str(trip), env={"EDITOR": editor, "VISUAL": ""})
    assert result.exit_code == 1
    assert "was changed by someone else while you edited it" in result.stderr
    assert trip.read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    (draft,) = drafts(trip)
    assert 'status = "confirmed"' in draft.read_text(encoding="utf-8")


# --- on a terminal ------------------------------------------------------------------------


class Terminal:
    """``python -m tripplan ARGS`` on a pseudo-terminal."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        master, slave = pty.openpty()
        full_env = {**os.environ, **env}
        self.proc = subprocess.Popen([sys.executable, "-m", "tripplan", *args], stdin=slave,
                                     stdout=slave, stderr=slave, env=full_env, cwd=cwd,
                                     close_fds=True)
        os.close(slave)
        self.master = master
        self.output = ""

    def expect(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, f"timed out waiting for {text!r}; got:\n{self.output}"
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    assert text in self.output, f"{text!r} never came; got:\n{self.output}"
                self.output += chunk.decode("utf-8", "replace")

    def send(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def finish(self, timeout: float = 60.0) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.output += os.read(self.master, 4096).decode("utf-8", "replace")
                except OSError:
                    break
        code = self.proc.wait(timeout=max(deadline - time.monotonic(), 1))
        os.close(self.master)
        return code


def test_broken_save_then_abandon(setup):
    trip, editor, steps, calls = setup
    steps(BREAK)
    term = Terminal(["edit", str(trip)], {"EDITOR": editor, "VISUAL": ""}, trip.parent)
    term.expect("[r]e-open the editor, [k]eep the draft aside, [a]bandon")
    assert 'refers to place "nowhere"' in term.output
    term.send("a\n")
    assert term.finish() == 1
    assert "abandoned" in term.output
    assert trip.read_bytes() == SOURCE.read_bytes()
    assert drafts(trip) == [] and storage.backups_of(trip) == []
    assert calls() == 1


def test_broken_save_then_reopen_and_fix(setup):
    trip, editor, steps, calls = setup
    steps(BREAK, {"replace": ['place = "nowhere"', 'place = "city-hall"']})
    term = Terminal(["edit", str(trip)], {"EDITOR": editor, "VISUAL": ""}, trip.parent)
    term.expect("[a]bandon")
    term.send("maybe\n")  # not an answer: asked again
    term.expect("answer r, k or a")
    term.send("r\n")
    assert term.finish() == 0, term.output
    assert calls() == 2
    data = tomllib.loads(trip.read_text(encoding="utf-8"))
    assert data["revision"] == 4
    # the second round was saved on top of the first, and nothing else changed
    assert trip.read_text(encoding="utf-8") == SOURCE.read_text(encoding="utf-8").replace(
        "revision = 3", "revision = 4").replace('place = "hotel"', 'place = "city-hall"')
    assert drafts(trip) == []


def test_broken_save_then_reopen_and_undo_is_no_change(setup):
    trip, editor, steps, calls = setup
    steps(BREAK, {"replace": ['place = "nowhere"', 'place = "hotel"']})
    term = Terminal(["edit", str(trip)], {"EDITOR": editor, "VISUAL": ""}, trip.parent)
    term.expect("[a]bandon")
    term.send("r\n")
    assert term.finish() == 0, term.output
    assert "no changes" in term.output and calls() == 2
    assert trip.read_bytes() == SOURCE.read_bytes()


def test_broken_save_then_keep(setup):
    trip, editor, steps, _ = setup
    steps(BREAK)
    term = Terminal(["edit", str(trip)], {"EDITOR": editor, "VISUAL": ""}, trip.parent)
    term.expect("[a]bandon")
    term.send("k\n")
    assert term.finish() == 1
    (draft,) = drafts(trip)
    assert "kept in" in term.output and draft.name in term.output
    assert trip.read_bytes() == SOURCE.read_bytes()


def test_rm_asks_on_a_terminal(setup):
    trip, _, _, _ = setup
    term = Terminal(["rm", str(trip), "press"], {}, trip.parent)
    term.expect('Remove item "press" (Press availability)')
    term.send("n\n")
    assert term.finish() == 0
    assert "nothing removed" in term.output
    assert trip.read_bytes() == SOURCE.read_bytes()
    term = Terminal(["rm", str(trip), "press"], {}, trip.parent)
    term.expect("[y/N]")
    term.send("y\n")
    assert term.finish() == 0, term.output
    ids = [it["id"] for it in tomllib.loads(trip.read_text(encoding="utf-8"))["items"]]
    assert "press" not in ids and len(ids) == 4
