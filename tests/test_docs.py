"""The documentation cannot drift from the code: every command, option and rule is documented."""

from __future__ import annotations

import importlib.util
import re

import typer.main

from conftest import ROOT
from tripplan.app.rules import rules_markdown
from tripplan.cli import app

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


def _commands():
    group = typer.main.get_command(app)
    return group.commands


def test_every_command_is_in_the_readme():
    missing = [name for name in _commands() if f"tripplan {name}" not in README]
    assert missing == []


def test_every_option_is_documented():
    missing = []
    for name, command in _commands().items():
        for param in command.params:
            for opt in param.opts + param.secondary_opts:
                if opt.startswith("--") and opt not in ("--help",) and opt not in DOCS:
                    missing.append(f"tripplan {name} {opt}")
    assert missing == []


def test_readme_rule_table_is_generated_from_the_rules():
    section = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", README, re.DOTALL)
    assert section is not None
    assert section.group(1).strip() == rules_markdown(), (
        "README rule table is stale: run `python scripts/sync_readme.py`")


def test_linked_docs_exist():
    for target in re.findall(r"\]\(((?:docs|benchmarks|itineraries)/[^)#]*)\)", README):
        assert (ROOT / target).exists(), target


def test_readme_setup_commands_are_the_ones_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/run" in README
    assert ".venv/bin/python -m pytest" in README
    assert ci.rstrip().endswith(".venv/bin/python -m pytest")


def test_sync_script_is_importable():
    spec = importlib.util.spec_from_file_location("sync", ROOT / "scripts" / "sync_readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.synced(README) == README
