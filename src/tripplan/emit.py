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
import re
from collections.abc import Sequence
from typing import Any

from tripplan import __version__
from tripplan.diagnostics import Diagnostic, Severity

SCHEMA_VERSION = 1


_UNSAFE = re.compile(r"\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    r"""``text`` with nothing a terminal would obey: control characters in caret notation
    (ESC ``^[``, BEL ``^G``, a bare CR ``^M``, DEL ``^?``), C1 characters and broken
    surrogates as ``\u0085``/``\ud800``; tab and newline (and CRLF, as a newline) stay.

    The model refuses such characters at load (F012); this is the second line of defence
    for every text a command prints.

    >>> terminal_safe("Boss \x1b[2J\x1b]0;PWNED\x07 a\r\nb\x85\ud800")
    'Boss ^[[2J^[]0;PWNED^G a\nb\\u0085\\ud800'
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_shown, text)


def _shown(match: re.Match) -> str:
    char = match.group()
    if char == "\r\n":
        return "\n"
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 64)
    if code == 0x7F:
        return "^?"
    return f"\\u{code:04x}"


def envelope(command: str, **payload: Any) -> dict[str, Any]:
    """The JSON envelope every ``--format json`` output is wrapped in."""
    return {"tripplan": __version__, "schema": SCHEMA_VERSION, "command": command, **payload}


def dumps(data: Any) -> str:
    """JSON for scripts: UTF-8 text, with C1 controls, line separators and broken
    surrogates written as ``\\uXXXX`` escapes (so any strict UTF-8 output can take it)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if _JSON_UNSAFE.search(text):
        text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def text_line(d: Diagnostic) -> str:
    severity = "" if d.severity is Severity.ERROR else f"[{d.severity.value}] "
    return terminal_safe(f"{d.location}: {d.code} {d.name} {severity}{d.message}")


def text_lines(diagnostics: Sequence[Diagnostic]) -> str:
    out = []
    for d in diagnostics:
        out.append(text_line(d))
        out.extend(f"  {terminal_safe(extra)}" for extra in d.related)
        if d.help:
            out.append(f"  help: {terminal_safe(d.help)}")
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
        out.append(terminal_safe(f"::{level} {','.join(props)}::{_gh_escape(body)}"))
    return "\n".join(out)
