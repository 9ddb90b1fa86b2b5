"""One diagnostic model for every finding and every input error.

A :class:`Diagnostic` is what ``tripplan validate`` prints, ruff-style::

    itineraries/x.toml:42:9: R002 unknown-place item "governor-meeting" refers to place "bma2"
      help: add [places.bma2] or use one of: bangkok-city-hall, escap

Emitters (text, JSON, GitHub annotations) live in :mod:`tripplan.emit`; they all take
the same list of diagnostics.

>>> d = Diagnostic("R002", "unknown-place", Severity.ERROR, 'refers to place "bma2"',
...                file="x.toml", line=42, column=9)
>>> d.location
'x.toml:42:9'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    help: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    key: str | None = None
    """Key path in the document, e.g. ``items[3].start``."""
    item: str | None = None
    related: tuple[str, ...] = field(default=())
    """Extra lines of detail (e.g. both candidate instants of an ambiguous time)."""

    @property
    def location(self) -> str:
        parts = [self.file or "-"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def sort_key(self) -> tuple:
        return (self.file or "", self.line or 0, self.column or 0, self.code)

    def to_json(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["related"] = list(self.related)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Diagnostic:
        """The diagnostic :meth:`to_json` gave (used by :mod:`tripplan.cache`).

        >>> d = Diagnostic("R002", "unknown-place", Severity.ERROR, "x", related=("a",))
        >>> Diagnostic.from_json(d.to_json()) == d
        True
        """
        return cls(**{**data, "severity": Severity(data["severity"]),
                      "related": tuple(data["related"])})


def format_key_path(path: Sequence[str | int]) -> str:
    """``("items", 3, "start")`` → ``items[3].start``.

    >>> format_key_path(("items", 3, "counterparts", 0, "title", "en"))
    'items[3].counterparts[0].title.en'
    >>> format_key_path(("places", "bangkok-city-hall", "timezone"))
    'places.bangkok-city-hall.timezone'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if part and all(c.isalnum() or c in "-_" for c in part) else f'"{part}"'
            out += f".{text}" if out else text
    return out


def matches(code: str, prefixes: Iterable[str]) -> bool:
    """Whether ``code`` is selected by any prefix (``ALL`` selects everything).

    >>> matches("TZ003", ["TZ"]), matches("R002", ["TZ", "R00"]), matches("R010", ["R00"])
    (True, True, False)
    """
    return any(p == "ALL" or code.startswith(p) for p in prefixes)


def fails(diagnostics: Iterable[Diagnostic], *, strict: bool = False) -> bool:
    """Whether these findings make the command exit 1 (errors; warnings too when strict)."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing for d in diagnostics)
