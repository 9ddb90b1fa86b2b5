"""Regenerate the rule table in README.md from the rules (run after adding a rule)."""

from __future__ import annotations

import re
from pathlib import Path

from tripplan.app.rules import rules_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = re.compile(r"(<!-- rules:start -->\n).*?(<!-- rules:end -->)", re.DOTALL)


def synced(text: str) -> str:
    return SECTION.sub(lambda m: m.group(1) + rules_markdown() + "\n" + m.group(2), text)


if __name__ == "__main__":
    README.write_text(synced(README.read_text(encoding="utf-8")), encoding="utf-8")
