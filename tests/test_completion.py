"""Shell completion, driven as a shell drives it: the real ``tripplan`` script in a new
process with ``_TRIPPLAN_COMPLETE`` and the shell's variables; and bash itself sourcing the
script ``--show-completion`` prints."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT

TRIPPLAN = str(Path(sys.executable).with_name("tripplan"))
REF_ID = "2024-06-yokohama-bangkok"
EXAMPLE_ID = "2025-03-example-tokyo-bangkok"
REF_ITEMS = ["outbound-flight", "governor-meeting", "hotel-bangkok", "decarbonization-workshop",
             "bkk-expo-speech", "ambassador-call", "jica-call", "escap-meeting", "dip-meeting",
             "eec-meeting", "return-flight"]


def complete(line: str, *, shell: str = "bash", cwd: Path = ROOT,
             env: dict[str, str] | None = None) -> list[str]:
    """The candidates for ``line`` (a trailing space: a new word), as the shell gets them;
    nothing may reach standard error."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("_TRIPPLAN")}
    if shell == "bash":
        words = line.split()
        cword = len(words) if line.endswith(" ") else len(words) - 1
        extra = {"COMP_WORDS": line, "COMP_CWORD": str(cword)}
    else:
        extra = {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    done = subprocess.run([TRIPPLAN], capture_output=True, text=True, cwd=cwd, timeout=60,
                          env={**base, **extra, **(env or {}),
                               "_TRIPPLAN_COMPLETE": f"complete_{shell}"})
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout.rstrip("\n").splitlines()  # none: an empty line


@pytest.mark.parametrize("command", ["show", "tz", "translations", "add", "set", "move", "cancel",
                                     "rm", "edit", "convert", "diff", "list", "validate",
                                     "check", "fmt", "stamp", "search x"])
def test_trip_ids_wherever_a_trip_goes(command):
    assert complete(f"tripplan {command} ") == [REF_ID, EXAMPLE_ID]
    assert complete(f"tripplan {command} 2025") == [EXAMPLE_ID]


def test_trip_ids_for_lists_and_options():
    assert complete(f"tripplan export {REF_ID} ") == [EXAMPLE_ID]  # not the one given
    assert complete("tripplan publish --to https://dav.example/cal/ 2024") == [REF_ID]
    assert complete("tripplan import flight.ics --into 2024") == [REF_ID]
    assert complete(f"tripplan diff {REF_ID} 2025") == [EXAMPLE_ID]


@pytest.mark.parametrize("command", ["move", "cancel", "rm"])
def test_item_ids_of_the_trip_given(command):
    assert complete(f"tripplan {command} {REF_ID} ") == REF_ITEMS
    assert complete(f"tripplan {command} {REF_ID} e") == ["escap-meeting", "eec-meeting"]
    assert complete(f"tripplan {command} itineraries/examples/{EXAMPLE_ID}.toml w") == [
        "welcome-dinner", "workshop", "working-lunch"]


def test_set_completes_the_item_only_as_its_first_word():
    assert complete(f"tripplan set {REF_ID} gov") == ["governor-meeting"]
    assert complete(f"tripplan set {REF_ID} governor-meeting ") == []
    assert complete(f"tripplan set {REF_ID} --trip ") == []


def test_stamp_bump_and_for():
    assert complete(f"tripplan stamp {REF_ID} --bump h") == ["hotel-bangkok"]
    assert complete("tripplan stamp --bump h") == []  # --bump needs the one trip first
    assert complete(f"tripplan export {EXAMPLE_ID} --ics --for ") == [
        "mayor", "director", "interpreter"]
    assert complete(f"tripplan publish {REF_ID} --to https://x/ --for ") == ["yamanaka"]


def test_zsh_and_fish_get_titles():
    assert complete("tripplan show ", shell="zsh") == [
        "_arguments '*: :((\"2024-06-yokohama-bangkok\":\"Mayor Takeharu Yamanaka''s visit to "
        "Bangkok, Thailand\"",
        "\"2025-03-example-tokyo-bangkok\":\"Fictional example\\\\: the Mayor''s visit to "
        "Bangkok, March 2025\"))'"]
    assert complete(f"tripplan cancel {REF_ID} j", shell="fish") == [
        "jica-call\tMeeting with the head of the JICA Thailand Office"]
    assert complete(f"tripplan cancel {REF_ID} j", shell="fish",
                    env={"TRIPPLAN_LANG": "ja"}) == ["jica-call\tJICA タイ事務所長との面会"]


def test_nothing_to_offer_lets_the_shell_complete_file_names():
    assert complete("tripplan validate itineraries/") == []
    assert complete("tripplan show ", shell="zsh") != ["_files"]
    assert complete("tripplan validate itineraries/", shell="zsh") == ["_files"]


def test_broken_files_give_fewer_candidates_never_an_error(tmp_path):
    folder = tmp_path / "trips"
    folder.mkdir()
    shutil.copy(REFERENCE, folder / "ref.toml")
    (folder / "binary.toml").write_bytes(b"\x00\xff\xfe" * 100)
    (folder / "broken.toml").write_text('id = "broken-trip"\n[[items]\nid = "x"\n',
                                        encoding="utf-8")
    (folder / "odd.toml").write_text('id = "Not An Id\x1b[2J"\n', encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")  # never waited on
    env = {"TRIPPLAN_ITINERARIES": str(folder)}
    assert complete("tripplan show ", cwd=tmp_path, env=env) == [REF_ID, "broken-trip"]
    assert complete("tripplan move broken-trip ", cwd=tmp_path, env=env) == []
    assert complete("tripplan move no-such-trip ", cwd=tmp_path, env=env) == []
    assert complete(f"tripplan move {REF_ID} o", cwd=tmp_path, env=env) == ["outbound-flight"]
    assert complete("tripplan move binary.toml ", cwd=tmp_path, env=env) == []
    missing = {"TRIPPLAN_ITINERARIES": str(tmp_path / "nowhere")}
    assert complete("tripplan show ", cwd=tmp_path, env=missing) == []


def test_a_broken_config_file_gives_no_candidates_and_no_message(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("language = \n", encoding="utf-8")
    assert complete("tripplan show ", env={"TRIPPLAN_CONFIG": str(config)}) == []
    assert complete("tripplan sh", env={"TRIPPLAN_CONFIG": str(config)}) == ["show"]


def test_a_broken_completion_request_is_quiet():
    base = {k: v for k, v in os.environ.items() if not k.startswith("_TRIPPLAN")}
    done = subprocess.run([TRIPPLAN], capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**base, "_TRIPPLAN_COMPLETE": "complete_bash",
                               "COMP_WORDS": "tripplan show", "COMP_CWORD": "x"})
    assert (done.stdout, done.stderr) == ("", "")
    assert done.returncode != 0


def test_commands_and_options_still_complete():
    assert complete("tripplan sea") == ["search"]
    assert complete(f"tripplan show {REF_ID} --aud") == ["--audience"]
    assert complete(f"tripplan show {REF_ID} --audience p") == ["public"]


def test_bash_sources_the_script_and_completes(tmp_path):
    """The real round trip: bash sources ``--show-completion bash`` and asks its function."""
    bash = shutil.which("bash")
    assert bash, "bash is needed"
    script = subprocess.run([TRIPPLAN, "--show-completion", "bash"], capture_output=True,
                            text=True, check=True,
                            env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION":
                                 "1"}).stdout
    (tmp_path / "completion.bash").write_text(script, encoding="utf-8")
    ask = (f"source {tmp_path / 'completion.bash'}; COMP_WORDS=(tripplan cancel {REF_ID} j); "
           "COMP_CWORD=3; _tripplan_completion tripplan; printf '%s\\n' \"${COMPREPLY[@]}\"; "
           "COMP_WORDS=(tripplan show ''); COMP_CWORD=2; _tripplan_completion tripplan; "
           "printf '%s\\n' \"${COMPREPLY[@]}\"")
    done = subprocess.run([bash, "--norc", "-c", ask], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PATH": f"{Path(TRIPPLAN).parent}:"
                               + os.environ.get("PATH", "")}, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == ["jica-call", REF_ID, EXAMPLE_ID]
