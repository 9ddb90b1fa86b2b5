"""tripplan as scripts see it: JSON envelopes, exit codes, annotations, colour only on a
terminal, configuration layers, pre-commit hooks, completion and ``python -m tripplan``."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE, ROOT, hand_written, run
from tripplan import __version__, config

REF = str(REFERENCE)
REF_SHOWN = "itineraries/2024-06-yokohama-bangkok.toml"
TRIPPLAN = str(Path(sys.executable).with_name("tripplan"))
ANSI = re.compile(rb"\x1b\[[0-9;]*m")

READ_COMMANDS = {
    "list": ("list", REF),
    "show": ("show", REF),
    "validate": ("validate", REF),
    "rules": ("rules",),
    "tz": ("tz", REF),
    "check": ("check", REF, "--today", "2024-06-15"),
}
"""Every read command and arguments that make it print something (``diff``: see report)."""


def bad_item_trip(tmp_path) -> Path:
    text = hand_written(REFERENCE.read_text(encoding="utf-8")).replace(
        'place = "eec-office"', 'place = "eec-ofice"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- JSON everywhere ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(READ_COMMANDS))
@pytest.mark.parametrize("flag", [("--json",), ("--format", "json")])
def test_every_read_command_prints_the_envelope(in_repo, name, flag):
    result = run(*READ_COMMANDS[name], *flag)
    assert result.exit_code in (0, 1)
    data = json.loads(result.stdout)  # stdout holds one JSON document and nothing else
    assert (data["tripplan"], data["schema"], data["command"]) == (__version__, 1, name)
    assert result.stderr == ""


def test_json_and_format_json_are_the_same(in_repo):
    assert run("validate", REF, "--json").stdout == run("validate", REF, "--format",
                                                         "json").stdout


def test_json_stays_on_stdout_when_a_file_is_broken(tmp_path):
    (tmp_path / "good.toml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.toml").write_text('id = "x"\ntitle = \n', encoding="utf-8")
    result = run("list", str(tmp_path), "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert [t["id"] for t in data["trips"]] == ["2024-06-yokohama-bangkok"]
    assert [(d["code"], d["line"]) for d in data["diagnostics"]] == [("F003", 2)]
    assert "bad.toml:2:" in result.stderr  # messages go to stderr


def test_validate_json_findings_and_exit_codes(tmp_path):
    bad = bad_item_trip(tmp_path)
    result = run("validate", str(bad), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["exit_code"], data["files"], data["counts"]) == (
        1, 1, {"error": 1, "warning": 0, "info": 0})
    d = data["diagnostics"][0]
    assert (d["code"], d["name"], d["key"], d["item"]) == (
        "R002", "unknown-place", "items[9].place", "eec-meeting")
    assert d["help"] == 'did you mean "eec-office"?'


# --- exit codes, --exit-zero, --quiet, --format github ------------------------------------


def test_validate_exit_zero(tmp_path):
    bad = bad_item_trip(tmp_path)
    assert run("validate", str(bad)).exit_code == 1
    assert run("validate", str(bad), "--exit-zero").exit_code == 0
    missing = run("validate", str(tmp_path / "nope.toml"), "--exit-zero")
    assert missing.exit_code == 2


def test_validate_quiet(tmp_path, in_repo):
    assert run("validate", REF, "--quiet").stdout == ""
    assert run("validate", REF).stdout == "All checks passed (1 file).\n"
    quiet = run("validate", str(bad_item_trip(tmp_path)), "-q").stdout
    assert quiet.splitlines()[-1] == '  help: did you mean "eec-office"?'


def test_validate_github_annotations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad_item_trip(tmp_path)
    result = run("validate", "bad.toml", "--format", "github")
    assert result.exit_code == 1
    lines = (tmp_path / "bad.toml").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if 'place = "eec-ofice"' in line)
    assert result.stdout == (
        f"::error file=bad.toml,line={number},col=9,title=R002 unknown-place::"
        'item "eec-meeting" refers to place "eec-ofice"%0Ahelp: did you mean "eec-office"?\n')


def test_github_annotations_escape_and_warn(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = REFERENCE.read_text(encoding="utf-8").replace("end = 2024-06-22 ", "end = 2024-06-23 ")
    (tmp_path / "late, trip.toml").write_text(text, encoding="utf-8")
    out = run("validate", "late, trip.toml", "--format", "github").stdout.splitlines()
    assert any(line.startswith("::warning file=late%2C trip.toml,line=") and
               "title=R006 trip-dates-mismatch::" in line for line in out)


def test_github_format_for_unreadable_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.toml").write_text('id = "t"\nstart = 2024-13-01\n', encoding="utf-8")
    result = run("validate", "t.toml", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.startswith("::error file=t.toml,line=2,col=")
    assert "title=F003 toml-syntax::" in result.stdout


def test_internal_error_is_one_message_and_exit_70(monkeypatch):
    import tripplan.app.validate

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(tripplan.app.validate, "validate", broken)
    result = run("validate", REF)
    assert result.exit_code == 70
    assert result.stderr.splitlines() == [
        "tripplan: internal error: RuntimeError: boom",
        "This is a bug in tripplan. Re-run with --debug for the traceback and report it."]
    debug = run("--debug", "validate", REF)
    assert debug.exit_code == 70
    assert "Traceback (most recent call last)" in debug.stderr


# --- colour only on a terminal ------------------------------------------------------------


def on_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run tripplan with stdin/stdout/stderr on a pseudo-terminal; return its output."""
    base = {k: v for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS")}
    base.update({"TERM": "xterm-256color", "COLUMNS": "200"}, **(env or {}))
    master, slave = pty.openpty()
    proc = subprocess.Popen([TRIPPLAN, *args], stdin=slave, stdout=slave, stderr=slave,
                            env=base, cwd=ROOT, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=60), out


@pytest.mark.parametrize("args", [("list",), ("show", "2024-06-yokohama-bangkok")])
def test_styles_on_a_terminal_only_and_never_with_no_color(args):
    code, styled = on_terminal(*args)
    assert code == 0
    assert ANSI.search(styled), "a terminal gets rich styling"
    code, plain = on_terminal(*args, env={"NO_COLOR": "1"})
    assert code == 0
    assert not ANSI.search(plain), "NO_COLOR: no escape codes at all"
    assert b"2024-06-yokohama-bangkok" in plain
    piped = subprocess.run([TRIPPLAN, *args], capture_output=True, cwd=ROOT,
                           env={k: v for k, v in os.environ.items() if k != "NO_COLOR"})
    assert piped.returncode == 0
    assert not ANSI.search(piped.stdout), "piped: plain text"


def test_findings_are_coloured_on_a_real_terminal_unless_no_color():
    code, out = on_terminal("validate", REF)
    assert (code, out) == (0, b"\x1b[32mAll checks passed (1 file).\x1b[0m\r\n")
    assert on_terminal("validate", REF, env={"NO_COLOR": "1"}) == (
        0, b"All checks passed (1 file).\r\n")
    assert on_terminal("validate", REF, "--color", "never") == (
        0, b"All checks passed (1 file).\r\n")


# --- python -m, --version, completion, pre-commit ------------------------------------------


def test_python_dash_m_runs_commands():
    done = subprocess.run([sys.executable, "-m", "tripplan", "validate", REF, "--json"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0
    assert json.loads(done.stdout)["command"] == "validate"


def test_version_from_the_installed_script():
    done = subprocess.run([TRIPPLAN, "--version"], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, f"tripplan {__version__}\n")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script(shell):
    done = subprocess.run([TRIPPLAN, "--show-completion", shell], capture_output=True,
                          text=True, env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_"
                                          "DETECTION": "1"})
    assert done.returncode == 0, done.stderr
    assert "_TRIPPLAN_COMPLETE" in done.stdout


def test_completion_completes_commands():
    env = {**os.environ, "_TRIPPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "tripplan ch",
           "COMP_CWORD": "1"}
    done = subprocess.run([TRIPPLAN], capture_output=True, text=True, env=env)
    assert "check" in done.stdout.split()


def test_pre_commit_hooks():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    hooks = {}
    for block in re.split(r"^- ", text, flags=re.MULTILINE)[1:]:
        fields = dict(re.findall(r"^\s*(\w+):\s*(.+?)\s*$", block, re.MULTILINE))
        hooks[fields["id"]] = fields
    assert set(hooks) == {"tripplan-validate", "tripplan-fmt"}
    assert hooks["tripplan-validate"]["entry"] == "tripplan validate"
    assert hooks["tripplan-fmt"]["entry"] == "tripplan fmt --check"
    for hook in hooks.values():
        assert hook["language"] == "python"
        files = re.compile(hook["files"].strip("'\""))
        assert files.search("itineraries/2024-06-yokohama-bangkok.toml")
        assert files.search("itineraries/examples/x.json")
        assert not files.search("pyproject.toml")
    # pre-commit appends the staged files to the entry: that is a plain validate run
    done = subprocess.run([*hooks["tripplan-validate"]["entry"].split(), REF],
                          capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PATH": f"{Path(TRIPPLAN).parent}:"
                               + os.environ.get("PATH", "")})
    assert done.returncode == 0, done.stdout + done.stderr


# --- configuration: defaults < config file < environment < flags --------------------------


@pytest.fixture
def cfg(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("TRIPPLAN_CONFIG", str(path))
    config.settings.cache_clear()
    return path


def trips_folder(tmp_path) -> Path:
    folder = tmp_path / "trips"
    folder.mkdir()
    (folder / "ref.toml").write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_defaults(cfg, tmp_path, monkeypatch):
    s = config.settings()
    assert (s.itineraries, s.home_timezone, s.lang, s.config_file) == (
        "itineraries", None, "en", None)
    assert set(s.sources.values()) == {"default"}
    monkeypatch.chdir(tmp_path)  # no ./itineraries here: the default folder is reported
    result = run("list")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2, "itineraries: F001 unreadable-file no such file or folder")


def test_platform_config_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("TRIPPLAN_CONFIG")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert config.config_path() == tmp_path / "xdg" / "tripplan" / "config.toml"
    (tmp_path / "xdg" / "tripplan").mkdir(parents=True)
    config.config_path().write_text('lang = "ja"\n', encoding="utf-8")
    config.settings.cache_clear()
    assert config.settings().lang == "ja"


def test_config_file_layer(cfg, tmp_path, monkeypatch):
    folder = trips_folder(tmp_path)
    cfg.write_text(f'itineraries = "{folder}"\nlang = "ja"\nhome_timezone = "Europe/Paris"\n',
                   encoding="utf-8")
    s = config.settings()
    assert (s.itineraries, s.lang, s.home_timezone, s.config_file) == (
        str(folder), "ja", "Europe/Paris", str(cfg))
    assert s.sources == {"itineraries": "config", "home_timezone": "config", "lang": "config",
                         "backups": "default"}
    monkeypatch.chdir(tmp_path)
    data = json.loads(run("list", "--json").stdout)  # folder and language from the file
    assert [t["title"] for t in data["trips"]] == ["山中竹春 横浜市長 タイ・バンコク訪問"]
    assert run("show", "2024-06-yokohama-bangkok").exit_code == 0  # ids found in that folder


def test_environment_beats_config_file(cfg, tmp_path, monkeypatch):
    cfg.write_text('lang = "ja"\nitineraries = "nowhere"\n', encoding="utf-8")
    folder = trips_folder(tmp_path)
    monkeypatch.setenv("TRIPPLAN_LANG", "en")
    monkeypatch.setenv("TRIPPLAN_ITINERARIES", str(folder))
    monkeypatch.setenv("TRIPPLAN_HOME_TIMEZONE", "Asia/Bangkok")
    config.settings.cache_clear()
    s = config.settings()
    assert (s.lang, s.itineraries, s.home_timezone) == ("en", str(folder), "Asia/Bangkok")
    assert s.sources["lang"] == "TRIPPLAN_LANG"
    data = json.loads(run("list", "--json").stdout)
    assert [t["title"] for t in data["trips"]] == [
        "Mayor Takeharu Yamanaka's visit to Bangkok, Thailand"]


def test_empty_environment_variable_counts_as_unset(cfg, monkeypatch):
    cfg.write_text('lang = "ja"\n', encoding="utf-8")
    monkeypatch.setenv("TRIPPLAN_LANG", "")
    config.settings.cache_clear()
    assert config.settings().lang == "ja"


def test_flags_beat_environment_and_config(cfg, tmp_path, monkeypatch):
    cfg.write_text('lang = "ja"\n', encoding="utf-8")
    monkeypatch.setenv("TRIPPLAN_LANG", "ja")
    monkeypatch.setenv("TRIPPLAN_ITINERARIES", str(tmp_path / "empty"))
    config.settings.cache_clear()
    data = json.loads(run("list", REF, "--json", "--lang", "en").stdout)  # paths and --lang
    assert [t["title"] for t in data["trips"]] == [
        "Mayor Takeharu Yamanaka's visit to Bangkok, Thailand"]


def test_tilde_is_expanded(cfg, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    cfg.write_text('itineraries = "~/trips"\n', encoding="utf-8")
    assert config.settings().itineraries == str(tmp_path / "trips")


@pytest.mark.parametrize(("content", "expected"), [
    ('lang = "ja"\nlang = "en"\n', r"config\.toml:2:\d+: F003 config file: TOML syntax"),
    ('lang = "ja\n', r"config\.toml:1:\d+: F003 config file: TOML syntax"),
    ('\nlanguage = "ja"\n', r'config\.toml:2: F005 unknown key "language" in the config file'),
    ("lang = 1\n", r'config\.toml:1: F007 "lang" must be text in quotes'),
    ('lang = "fr"\n', r'config\.toml: F008 language "fr" is not supported'),
    ('home_timezone = "Tokyo"\n', r'config\.toml: F008 "Tokyo" is not an IANA time zone'),
    (b"lang = '\xff'\n", r"config\.toml:1: F002 the config file is not UTF-8 text"),
])
def test_broken_config_file_is_a_located_message_and_exit_2(cfg, content, expected):
    if isinstance(content, bytes):
        cfg.write_bytes(content)
    else:
        cfg.write_text(content, encoding="utf-8")
    result = run("list", "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert re.match(rf"tripplan: {re.escape(str(cfg.parent))}/{expected}", result.stderr)
    assert "Traceback" not in result.stderr


def test_config_file_that_is_a_folder(cfg):
    cfg.mkdir()
    result = run("list")
    assert result.exit_code == 2
    assert "F001 the config file is a folder" in result.stderr


@pytest.mark.parametrize(("name", "value", "message"), [
    ("TRIPPLAN_LANG", "de", 'language "de" (TRIPPLAN_LANG) is not supported'),
    ("TRIPPLAN_HOME_TIMEZONE", "UTC+9", '"UTC+9" (TRIPPLAN_HOME_TIMEZONE) is not an IANA'),
])
def test_bad_environment_variable_exit_2(cfg, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    config.settings.cache_clear()
    result = run("list")
    assert result.exit_code == 2
    assert message in result.stderr


def test_version_and_help_need_no_config(cfg):
    cfg.write_text("broken = \n", encoding="utf-8")
    assert run("--version").exit_code == 0
    assert run("rules").exit_code == 0
    assert run("schema").exit_code == 0
