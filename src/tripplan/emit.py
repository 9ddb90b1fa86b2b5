"""Emitters: one per output format, all fed the same diagnostics.

* ``text`` — ruff-style lines with a help line, for people;
* ``json`` — the versioned envelope, for scripts;
* ``github`` — GitHub Actions workflow commands (``::error file=…,line=…::…``).

>>> from tripplan.diagnostics import Diagnostic, Severity
>>> d = Diagnostic("R002", "unknown-place", Severity.ERROR, 'refers to place "b"',
...                help='try "c"', file="t.toml", line=4, column=9)
>>> print(text_lines([d]))
t.toml:4:9: R002 unknown-place refers to place "b"
  help: try "c"
>>> print(github_lines([d]))
::error file=t.toml,line=4,col=9,title=R002 unknown-place::refers to place "b"%0Ahelp: try "c"
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tripplan import __version__
from tripplan.diagnostics import Diagnostic, Severity

SCHEMA_VERSION = 1


def envelope(command: str, **payload: Any) -> dict[str, Any]:
    """The JSON envelope every ``--format json`` output is wrapped in."""
    return {"tripplan": __version__, "schema": SCHEMA_VERSION, "command": command, **payload}


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def text_line(d: Diagnostic) -> str:
    severity = "" if d.severity is Severity.ERROR else f"[{d.severity.value}] "
    return f"{d.location}: {d.code} {d.name} {severity}{d.message}"


def text_lines(diagnostics: Sequence[Diagnostic]) -> str:
    out = []
    for d in diagnostics:
        out.append(text_line(d))
        out.extend(f"  {extra}" for extra in d.related)
        if d.help:
            out.append(f"  help: {d.help}")
    return "\n".join(out)


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    if not diagnostics:
        return f"All checks passed ({files} file{'s' if files != 1 else ''})."
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    parts = [f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"Found {', '.join(parts)} in {files} file{'s' if files != 1 else ''}."


def json_report(command: str, diagnostics: Sequence[Diagnostic], files: int, exit_code: int,
                **extra: Any) -> str:
    counts = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    return dumps(envelope(
        command, files=files, exit_code=exit_code, counts=counts,
        diagnostics=[d.to_json() for d in diagnostics], **extra,
    ))


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_lines(diagnostics: Sequence[Diagnostic]) -> str:
    out = []
    for d in diagnostics:
        level = {"error": "error", "warning": "warning"}.get(d.severity.value, "notice")
        props = [f"file={_gh_escape(d.file or '', prop=True)}"]
        if d.line is not None:
            props.append(f"line={d.line}")
        if d.column is not None:
            props.append(f"col={d.column}")
        props.append(f"title={_gh_escape(f'{d.code} {d.name}', prop=True)}")
        body = d.message + "".join(f"\n{r}" for r in d.related)
        if d.help:
            body += f"\nhelp: {d.help}"
        out.append(f"::{level} {','.join(props)}::{_gh_escape(body)}")
    return "\n".join(out)
