"""Reading trip files: bytes → text → TOML/JSON → :class:`~tripplan.model.Trip`.

Every problem becomes a located :class:`~tripplan.diagnostics.Diagnostic` with a code
from :data:`INPUT_ERRORS` (``F`` prefix), and all of a file's problems are reported
together in one :class:`LoadError` (exit code 2). The model's own messages are
rewritten into words a protocol officer understands, and point at the key or value
the user wrote (``items[3].start``), never at a Python object.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.toml"
>>> _ = p.write_text('id = "t"\\ntitle = "T"\\nhome_timezone = "Asia/Tokyo"\\n'
...                  'start = 2024-06-20\\nend = 2024-06-19\\n', encoding="utf-8")
>>> try:
...     load_trip(p)
... except LoadError as err:
...     print(err.diagnostics[0].line, err.diagnostics[0].code, err.diagnostics[0].message)
1 F008 the trip ends (2024-06-19) before it starts (2024-06-20); swap start and end
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import json
import os
import re
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripplan.diagnostics import Diagnostic, Severity, format_key_path
from tripplan.errors import InputError
from tripplan.textpos import json_duplicate_at, toml_end_at

if TYPE_CHECKING:
    from pydantic import ValidationError

    from tripplan.model import Trip
    from tripplan.sourcemap import SourceMap

# The parser, the model and the source map are imported where they are used: reading a
# file (``read_text``) is all that ``validate`` and ``list`` need when their cache has the
# answer (see tripplan.cache).

MAX_FILE_BYTES = 5 * 1024 * 1024
TRIP_SUFFIXES = (".toml", ".json")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)

INPUT_ERRORS: dict[str, tuple[str, str]] = {
    "F001": ("unreadable-file", "The file does not exist, is not a regular file (a folder, a "
             "pipe, a device, a symbolic link loop), or cannot be read."),
    "F002": ("not-utf8", "The file is not UTF-8 text (binary, another encoding, or a BOM)."),
    "F003": ("toml-syntax", "The TOML is not well formed."),
    "F004": ("json-syntax", "The JSON is not well formed."),
    "F005": ("unknown-key", "A key the trip format does not have (often a typo)."),
    "F006": ("missing-field", "A required key is missing."),
    "F007": ("wrong-type", "A value of the wrong type (text where a date is expected, ...)."),
    "F008": ("invalid-value", "A value of the right type that is not allowed."),
    "F009": ("empty-file", "The file is empty."),
    "F010": ("file-too-large", f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MiB."),
    "F011": ("unsupported-file-type", "Trip files end in .toml or .json."),
    "F012": ("bad-text", "A text or key holds a control character (other than tab and "
             "newline), half of a broken character (JSON \\ud800), or is too long."),
}
"""Codes of input errors. They always stop the command with exit code 2 and cannot be ignored."""


def input_diagnostic(
    code: str,
    message: str,
    *,
    file: str | Path | None,
    line: int | None = None,
    column: int | None = None,
    help: str | None = None,
    key: str | None = None,
) -> Diagnostic:
    name = INPUT_ERRORS[code][0]
    return Diagnostic(
        code, name, Severity.ERROR, message, help=help,
        file=str(file) if file is not None else None, line=line, column=column, key=key,
    )


class LoadError(InputError):
    """A file could not be loaded; ``diagnostics`` holds every problem found in it."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        first = diagnostics[0]
        super().__init__(
            first.message, path=first.file, line=first.line, column=first.column,
            hint=first.help, code=first.code,
        )
        self.diagnostics = diagnostics


@dataclass
class LoadedTrip:
    """A trip with the file it came from, able to locate any key path in that file."""

    path: Path
    text: str
    format: str
    trip: Trip

    @cached_property
    def sourcemap(self) -> SourceMap:
        from tripplan.sourcemap import SourceMap

        return SourceMap.for_json(self.text) if self.format == "json" else SourceMap.for_toml(
            self.text
        )

    def locate(self, loc: tuple, *, key: bool = False) -> tuple[int, int]:
        return self.sourcemap.locate(loc, key=key)

    @property
    def display_path(self) -> str:
        return display_path(self.path)


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when inside it.

    Symbolic links in the path are not followed (a link is shown as the link, also when it
    leads nowhere or round in a circle). Never fails: a path that cannot be placed is shown
    as given.
    """
    try:
        with contextlib.suppress(ValueError):
            return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
        with contextlib.suppress(ValueError):  # e.g. a path through a link to a folder here
            return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (OSError, RuntimeError):  # no current folder; a link loop (Python < 3.13)
        pass
    return str(path)


_NOT_A_TRIP_HELP = "give a .toml or .json trip file (a regular file, not a pipe or a device)"


def read_text(path: Path) -> str:
    """The file's text, or a :class:`LoadError` saying exactly why it cannot be read.

    Only a regular file is read (a symbolic link is followed to one; a link loop, a folder,
    a named pipe or a device is refused with ``F001``), and never more than
    :data:`MAX_FILE_BYTES`: the size is checked before reading and the read stops one byte
    past the limit, so a file that grows meanwhile cannot make it unbounded.
    """
    shown = display_path(path)
    return _decode(_read_bounded(Path(path), shown), shown)


def _fail(shown: str, code: str, message: str, help: str | None = None,
          line: int | None = 1, column: int | None = 1) -> LoadError:
    return LoadError([
        input_diagnostic(code, message, file=shown, line=line, column=column, help=help)
    ])


def _too_large(shown: str, size: int) -> LoadError:
    return _fail(shown, "F010", f"the file is {size / 1024 / 1024:.1f} MiB; a trip file is at "
                 f"most {MAX_FILE_BYTES // 1024 // 1024} MiB", "is this really a trip file?")


def _read_bounded(path: Path, shown: str) -> bytes:
    """At most :data:`MAX_FILE_BYTES` bytes of the regular file at ``path``."""
    try:
        info = os.stat(path)
        _check_kind(path, shown, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(shown, info.st_size)
        # O_NONBLOCK: if a pipe was put in the file's place since the stat, opening it must
        # not wait for a writer; the fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK | _O_BINARY)
        with os.fdopen(fd, "rb") as f:
            opened = os.fstat(f.fileno())
            _check_kind(path, shown, opened.st_mode)
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        if os.path.islink(path):
            raise _fail(shown, "F001", "this symbolic link leads to no file (a broken link)",
                        "point the link at the trip file, or remove it") from None
        raise _fail(shown, "F001", "no such file or folder",
                    "check the path, or give a trip id (see `tripplan list`)",
                    None, None) from None
    except PermissionError:
        raise _fail(shown, "F001", "permission denied", "check the file's permissions") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise _fail(shown, "F001", "this symbolic link leads round in a circle "
                        "(a link loop), not to a trip file",
                        "point the link at the trip file (ls -l shows where it leads), "
                        "or remove it") from None
        raise _fail(shown, "F001", f"cannot read the file: {err.strerror or err}",
                    "check the disk and the file's permissions") from None
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown, len(data))
    return data


def _check_kind(path: Path, shown: str, mode: int) -> None:
    """Refuse anything but a regular ``.toml``/``.json`` file (``mode`` from its stat)."""
    if stat.S_ISDIR(mode):
        raise _fail(shown, "F001", "this is a folder, not a trip file",
                    "give a .toml or .json file, or use `tripplan list` for a folder")
    if _trip_suffix(path.name) is None:
        raise _fail(shown, "F011", f"{path.name} is not a trip file",
                    "trip files end in .toml or .json (or are their backups, "
                    "NAME.toml.….bak in .tripplan-backup/)")
    if stat.S_ISREG(mode):
        return
    kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    this = "this symbolic link leads to" if os.path.islink(path) else "this is"
    raise _fail(shown, "F001", f"{this} {kind}, not a trip file", _NOT_A_TRIP_HELP)


def _trip_suffix(name: str) -> str | None:
    """``.toml``/``.json`` for a trip file's name, or a backup's (the suffix of the trip it is
    a backup of); ``None`` for any other name."""
    suffix = Path(name).suffix.lower()
    if suffix in TRIP_SUFFIXES:
        return suffix
    if suffix == ".bak":
        from tripplan.backupfiles import parse_name

        backup = parse_name(name)
        origin = Path(backup.origin).suffix.lower() if backup is not None else ""
        return origin if origin in TRIP_SUFFIXES else None
    return None


def trip_format(path: Path) -> str:
    """``json`` or ``toml``: the form of a trip file (or of a backup of one) by its name.

    >>> backup = Path(".tripplan-backup/visit.json.20250301T094512.123456Z.bak")
    >>> trip_format(Path("visit.json")), trip_format(backup), trip_format(Path("visit.toml"))
    ('json', 'json', 'toml')
    """
    return "json" if _trip_suffix(path.name) == ".json" else "toml"


def _decode(data: bytes, shown: str) -> str:
    """UTF-8 ``data`` as text; ``F009``/``F002`` located at the byte at fault."""
    if not data.strip():
        raise _fail(shown, "F009", "the file is empty",
                    "start a new trip with `tripplan new`, or restore the file from its backup")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(shown, "F002", "the file is UTF-16 text", "save it as UTF-8 (without BOM)")
    if data.startswith(b"\xef\xbb\xbf"):
        raise _fail(shown, "F002", "the file starts with a byte order mark (BOM)",
                    "save it as UTF-8 without BOM (in Notepad: Save as → Encoding: UTF-8)")
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        try:
            data[:nul].decode("utf-8")
        except UnicodeDecodeError as err:
            nul = err.start
        raise _fail(shown, "F002", "this is a binary file, not a trip file",
                    "give a .toml or .json trip file", *_position(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _fail(shown, "F002",
                    f"the file is not UTF-8: byte 0x{data[err.start]:02x} cannot be read",
                    "save the file as UTF-8 (files from older Japanese editors are often "
                    "Shift_JIS)", *_position(data, err.start)) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, from 1) of byte ``offset`` of ``data``.

    >>> _position("ab\\nc\u00e9d".encode(), 6)
    (2, 3)
    """
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


MAX_NESTING = 100
"""Deepest nesting of arrays and tables accepted (a trip needs about five levels)."""


def _too_deep(text: str, fmt: str, shown: str) -> LoadError:
    """A located error at the first bracket nested deeper than :data:`MAX_NESTING`, for a
    file the parser gave up on (``RecursionError``). Strings and comments are skipped
    roughly: enough to find the place."""
    depth, quote, i = 0, "", 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote or c == "\n":
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#" and fmt == "toml":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif c in "[{":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, i) + 1
                column = i - (text.rfind("\n", 0, i) + 1) + 1
                code = "F004" if fmt == "json" else "F003"
                return LoadError([input_diagnostic(
                    code, f"values are nested more than {MAX_NESTING} levels deep",
                    file=shown, line=line, column=column,
                    help="a trip file needs only a few levels of [ ] and { }")])
        elif c in "]}":
            depth -= 1
        i += 1
    return LoadError([input_diagnostic(
        "F004" if fmt == "json" else "F003", "values are nested too deeply", file=shown,
        line=1, column=1, help="a trip file needs only a few levels of [ ] and { }")])


def parse_document(text: str, fmt: str, shown: str) -> dict[str, Any]:
    """TOML or JSON text → plain data, or a located syntax :class:`LoadError`."""
    try:
        return _parse_document(text, fmt, shown)
    except RecursionError:
        raise _too_deep(text, fmt, shown) from None


def _parse_document(text: str, fmt: str, shown: str) -> dict[str, Any]:
    if fmt == "json":
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys,
                              parse_constant=_no_constant)
        except _NotJson as bad:
            m = re.search(rf"(?<![\w\"]){re.escape(bad.name)}", text)
            at = m.start() if m else 0
            raise LoadError([input_diagnostic(
                "F004", f"JSON syntax: {bad.name} is not a JSON value", file=shown,
                line=text.count("\n", 0, at) + 1, column=at - (text.rfind("\n", 0, at) + 1) + 1,
                help="JSON has no NaN or Infinity; write a number",
            )]) from None
        except json.JSONDecodeError as err:
            raise LoadError([input_diagnostic(
                "F004", f"JSON syntax: {err.msg[0].lower() + err.msg[1:]}", file=shown,
                line=err.lineno, column=err.colno,
                help="check for a missing comma or quote just before this point",
            )]) from None
        except _DuplicateKey as dup:
            line, column = json_duplicate_at(text, dup.key)
            raise LoadError([input_diagnostic(
                "F004", f'the key "{dup.key}" appears twice in one object', file=shown,
                line=line, column=column, help="remove one of them",
            )]) from None
        if not isinstance(data, dict):
            raise LoadError([input_diagnostic(
                "F007", "a trip file must hold one JSON object { ... }", file=shown, line=1,
                column=1,
            )])
        return data
    from tripplan.tomldoc.parse import TOMLDecodeError, loads  # the one TOML parser (tomli)

    try:
        return loads(text)
    except TOMLDecodeError as err:
        message = str(err)
        line = column = None
        if m := _TOML_POSITION.search(message):
            line, column = int(m.group(1)), int(m.group(2))
            message = message[: m.start()]
        elif m := _TOML_AT_END.search(message):
            message = message[: m.start()]
            line, column = toml_end_at(text)
        raise LoadError([input_diagnostic(
            "F003", f"TOML syntax: {message[0].lower() + message[1:]}", file=shown, line=line,
            column=column, help=_toml_hint(message),
        )]) from None


def _toml_hint(message: str) -> str:
    lowered = message.lower()
    if "illegal character '\\n'" in lowered or "unclosed" in lowered:
        return "a text value is not closed: add the closing quote (\") on this line"
    if "cannot overwrite" in lowered or "duplicate" in lowered or "defined" in lowered:
        return "each key may be given only once per table; remove or rename the repeated one"
    if "invalid value" in lowered:
        return 'put text in quotes ("…"); write dates as 2024-06-20 and times as 2024-06-20T10:00'
    if "unclosed" in lowered or "expected" in lowered:
        return "check the quotes and brackets on this line"
    return "see https://toml.io for the syntax"


class _NotJson(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _no_constant(name: str) -> Any:
    """Python's json reads NaN and Infinity; JSON (and a trip) has no such values."""
    raise _NotJson(name)


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def load_trip(path: str | Path) -> LoadedTrip:
    """Read, parse and validate one trip file; raise :class:`LoadError` with every problem."""
    path = Path(path)
    text = read_text(path)
    return load_text(text, path)


def load_bytes(data: bytes, path: Path, fmt: str | None = None) -> LoadedTrip:
    """Decode and load ``data`` as if read from ``path`` (a version already read: a backup)."""
    shown = display_path(path)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(shown, len(data))
    return load_text(_decode(data, shown), path, fmt)


def load_text(text: str, path: Path, fmt: str | None = None) -> LoadedTrip:
    """Parse and validate ``text`` as if read from ``path`` (used by editors before saving)."""
    fmt = fmt or trip_format(path)
    from pydantic import ValidationError

    from tripplan.model import Trip
    from tripplan.sourcemap import SourceMap

    shown = display_path(path)
    data = parse_document(text, fmt, shown)
    if bad := _bad_text(data, text, fmt, shown):
        raise LoadError(bad)
    try:
        trip = Trip.model_validate(data)
    except ValidationError as err:
        sourcemap = SourceMap.for_json(text) if fmt == "json" else SourceMap.for_toml(text)
        raise LoadError(_explain(err, data, sourcemap, shown)) from None
    return LoadedTrip(path=path, text=text, format=fmt, trip=trip)


def _bad_text(data: Any, text: str, fmt: str, shown: str) -> list[Diagnostic]:
    """``F012`` for every key and string of ``data`` the model refuses to hold (control
    characters, broken surrogates, too long), located, before the model sees (and
    repeats) them."""
    from tripplan.model import text_problems

    found = text_problems(data)
    if not found:
        return []
    from tripplan.sourcemap import SourceMap

    sourcemap = SourceMap.for_json(text) if fmt == "json" else SourceMap.for_toml(text)
    out = []
    for path, at_key, problem in found[:20]:
        where = safe_text(format_key_path(path)) or "a key"
        line, column = sourcemap.locate(path, key=at_key)
        out.append(input_diagnostic(
            "F012", f"{'the key ' if at_key else ''}{where} {problem}", file=shown, line=line,
            column=column, key=where,
            help="shorten the text" if "characters long" in problem else
            "remove the character (a copy from a terminal or another program may carry it)"))
    return out


def safe_text(value: str, limit: int = 60) -> str:
    r"""``value`` for a message: shortened, control characters and broken surrogates escaped.

    >>> safe_text("Boss\x1b[2J\ud800"), safe_text("x" * 100, 8)
    ('Boss\\x1b[2J\\ud800', 'xxxxxxx…')
    """
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]",
                  lambda m: m.group().encode("unicode_escape").decode("ascii"), value)


# --- turning pydantic's errors into located, plain-language diagnostics -----------------


def _data_path(loc: tuple, data: Any) -> tuple[tuple, bool]:
    """Map pydantic's loc to a path in the data, dropping union/validator tags.

    Returns (path, found) where found says whether the full path exists in the data.
    """
    path: list = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part.isidentifier():
            path.append(part)
            return tuple(path), False
    return tuple(path), True


def _explain(err: ValidationError, data: Any, sourcemap: SourceMap, shown: str) -> list[Diagnostic]:
    seen: set[tuple] = set()
    out: list[Diagnostic] = []
    for error in err.errors(include_url=False):
        path, found = _data_path(error["loc"], data)
        code, message, help, at_key = _describe(error, path, found)
        if (path, code) in seen:
            continue
        seen.add((path, code))
        line, column = sourcemap.locate(path, key=at_key)
        out.append(input_diagnostic(
            code, message, file=shown, line=line, column=column, help=help,
            key=format_key_path(path) or None,
        ))
    out.sort(key=Diagnostic.sort_key)
    return out


_KIND_OF_VALUE = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "float_type": "a number",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "list_type": "a list [ ... ]",
    "date_type": "a date like 2024-06-20",
    "datetime_type": "a date and time like 2024-06-21T10:00:00",
}


def _describe(error: dict, path: tuple, found: bool) -> tuple[str, str, str | None, bool]:
    kind = error["type"]
    name = path[-1] if path else "trip"
    where = format_key_path(path)
    given = error.get("input")
    if isinstance(given, str):
        given = safe_text(given)
    if kind == "missing" or (not found and kind != "extra_forbidden"):
        missing = error["loc"][-1]
        table = format_key_path(path[:-1]) if path and path[-1] == missing else where
        return ("F006", f'missing required key "{missing}"' + (f" in {table}" if table else ""),
                f"add {missing} = … here", True)
    if kind == "extra_forbidden":
        from tripplan.model import model_at

        model = model_at(path[:-1])
        allowed = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        help = f'did you mean "{close[0]}"?' if close else None
        if help is None and allowed:
            help = "allowed keys here: " + ", ".join(allowed)
        return "F005", f'unknown key "{name}"' + _in(path[:-1]), help, True
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']+)'", expected)
        close = difflib.get_close_matches(str(given), choices, n=1, cutoff=0.5)
        help = f'did you mean "{close[0]}"?' if close else None
        return ("F008", f'"{given}" is not a valid {name}; expected one of: '
                + ", ".join(choices), help, False)
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "A-Z]{3}" in pattern:
            return ("F008", f'"{given}" is not an IATA airport code',
                    "write three capital letters, e.g. BKK or HND", False)
        if "A-Z]{2}" in pattern:
            return ("F008", f'"{given}" is not a country code',
                    "write the ISO 3166 two-letter code in capitals, e.g. TH or JP", False)
        return ("F008", f'"{given}" is not a valid id for {where}',
                "ids use lower-case letters, digits, '-', '_' and '.', e.g. governor-meeting",
                False)
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return ("F008", f'{where}: "{given}" is not a valid date',
                "write dates as 2024-06-20 (in TOML, without quotes)", False)
    if kind in ("datetime_parsing", "datetime_from_date_parsing"):
        return ("F008", f'{where}: "{given}" is not a valid date and time',
                "write 2024-06-21T10:00:00 (local time at the place)", False)
    if kind in _KIND_OF_VALUE:
        return ("F007", f"{where} must be {_KIND_OF_VALUE[kind]}, not {_describe_value(given)}",
                _type_hint(kind), False)
    if kind in ("value_error", "assertion_error"):
        message = re.sub(r"^(Value|Assertion) error, ", "", error["msg"])
        return "F008", f"{where}: {message}" if where else message, _value_hint(message), False
    message = error["msg"]
    return ("F008", f"{where}: {message[0].lower() + message[1:]}", _bound_hint(error, name),
            False)


def _value_hint(message: str) -> str | None:
    """The help line of one of the model's own range messages."""
    if " is outside 1900" in message:
        return "dates lie between 1900 and 2200: check the year"
    if "may end at most" in message:
        return "check the year and month of the end (a typo such as 2124 for 2024?)"
    if " holds " in message or "characters long" in message:
        return "remove the control character, or shorten the text"
    return None


_BOUNDS = ("ge", "gt", "le", "lt")


def _bound_hint(error: dict, name: Any) -> str | None:
    """What a number outside its range may be, e.g. ``revision is a number from 0 to …``."""
    if "than" not in error["type"]:
        return "shorten it" if error["type"] == "string_too_long" else None
    from tripplan.model import model_at

    model = model_at(error["loc"][:-1])
    field = model.model_fields.get(str(name)) if model else None
    bounds: dict[str, Any] = {}
    for meta in field.metadata if field else ():
        bounds.update({b: getattr(meta, b) for b in _BOUNDS if getattr(meta, b, None) is not None})
    low, high = bounds.get("ge", bounds.get("gt")), bounds.get("le", bounds.get("lt"))
    if low is None or high is None:
        return "write a number within the allowed range"
    return f"{name} is a number from {low} to {high}"


def _in(path: tuple) -> str:
    shown = format_key_path(path)
    return f" in {shown}" if shown else " at the top level"


def _type_hint(kind: str) -> str | None:
    return {
        "string_type": 'put text in quotes: "…"',
        "bool_type": "write true or false without quotes",
        "date_type": "write 2024-06-20 without quotes",
        "datetime_type": "write 2024-06-21T10:00:00 without quotes",
        "list_type": 'write a list in brackets: ["a", "b"]',
    }.get(kind)


def _describe_value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"' if len(value) < 40 else "text"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__.replace("datetime", "date and time")

