"""Shared test helpers: run the CLI exactly as a user would (through ``tripplan.cli.main``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tripplan import config
from tripplan.cli import main

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "itineraries" / "2024-06-yokohama-bangkok.toml"
DATA = Path(__file__).resolve().parent / "data"


def hand_written(text: str) -> str:
    """A trip text without the calendar stamps tripplan writes (as a person would write it):
    for fixtures whose hand edits should bring only the finding they are about (an edited
    stamped item also brings R013 changed-since-stamp)."""
    return re.sub(r"^stamp = \{.*\}\n", "", text, flags=re.MULTILINE)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Run ``tripplan ARGS`` in-process; capture exit code, stdout and stderr separately."""
    runner = CliRunner()
    with runner.isolation(input=input, env=env) as streams:
        out, err = streams[0], streams[1]
        try:
            main(list(args))
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        stdout_bytes = out.getvalue()
        stderr = err.getvalue().decode("utf-8", "replace")
    return Result(code, stdout_bytes.decode("utf-8", "replace"), stderr, stdout_bytes)


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch, tmp_path_factory):
    """No test reads the developer's own config file or environment."""
    for name in list(os.environ):
        if name.startswith("TRIPPLAN_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRIPPLAN_CONFIG", str(tmp_path_factory.mktemp("cfg") / "none.toml"))
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    config.settings.cache_clear()
    yield
    config.settings.cache_clear()


@pytest.fixture
def in_repo(monkeypatch):
    """Run from the repository root, where ``itineraries/`` is."""
    monkeypatch.chdir(ROOT)
    return ROOT


_REPORT_MODULES = """
import json, sys
from tripplan.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.__stderr__)
"""


def in_fresh_process(*args: str, env: dict[str, str] | None = None,
                     cwd: Path = ROOT) -> tuple[int, str, set[str]]:
    """Run ``tripplan ARGS`` in a new interpreter: (exit code, stdout, modules it imported)."""
    done = subprocess.run([sys.executable, "-c", _REPORT_MODULES, *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], done.stdout, set(report["modules"])
