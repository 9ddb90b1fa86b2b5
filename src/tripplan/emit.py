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


SGR = {"bold": "\x1b[1m", "dim": "\x1b[2m", "error": "\x1b[1;31m", "warning": "\x1b[1;33m",
       "info": "\x1b[1;36m", "tag": "\x1b[33m", "help": "\x1b[36m", "ok": "\x1b[32m",
       "reset": "\x1b[0m"}
"""The ANSI sequences of coloured findings: codes in their severity's colour (errors red,
warnings yellow, notes cyan), ``file:line:col`` bold, the rule's name dim."""


def _paint(text: str, key: str, color: bool) -> str:
    return f"{SGR[key]}{text}{SGR['reset']}" if color and text else text


def text_line(d: Diagnostic, *, color: bool = False) -> str:
    r"""One finding, ruff-style; with ``color``, ANSI colours (:data:`SGR`) around its parts.

    >>> from tripplan.diagnostics import Diagnostic, Severity
    >>> d = Diagnostic("R013", "x", Severity.WARNING, "m", file="t", line=3)
    >>> text_line(d, color=True)
    '\x1b[1mt:3\x1b[0m: \x1b[1;33mR013\x1b[0m \x1b[2mx\x1b[0m \x1b[33m[warning]\x1b[0m m'
    """
    if not color:
        severity = "" if d.severity is Severity.ERROR else f"[{d.severity.value}] "
        return terminal_safe(f"{d.location}: {d.code} {d.name} {severity}{d.message}")
    tag = "" if d.severity is Severity.ERROR else f"{_paint(f'[{d.severity.value}]', 'tag', True)} "
    return (f"{_paint(terminal_safe(d.location), 'bold', True)}: "
            f"{_paint(terminal_safe(d.code), d.severity.value, True)} "
            f"{_paint(terminal_safe(d.name), 'dim', True)} {tag}{terminal_safe(d.message)}")


def text_lines(diagnostics: Sequence[Diagnostic], *, color: bool = False) -> str:
    """The findings with their related lines and help, for people (``color``: see
    :func:`text_line`; without it, no escape sequence at all)."""
    out = []
    for d in diagnostics:
        out.append(text_line(d, color=color))
        out.extend(f"  {terminal_safe(extra)}" for extra in d.related)
        if d.help:
            out.append(f"  {_paint('help:', 'help', color)} {terminal_safe(d.help)}")
    return "\n".join(out)


def summary(diagnostics: Sequence[Diagnostic], files: int, *, color: bool = False) -> str:
    r"""The closing line: what was found in how many files (``color``: counts in their
    severity's colour, a clean run green).

    >>> summary([], 2, color=True)
    '\x1b[32mAll checks passed (2 files).\x1b[0m'
    """
    if not diagnostics:
        return _paint(f"All checks passed ({files} file{'s' if files != 1 else ''}).", "ok",
                      color)
    counts = {s: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    parts = [_paint(f"{n} {s.value}{'s' if n != 1 else ''}", s.value, color)
             for s, n in counts.items() if n]
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
