"""Where to publish and as whom: the collection URL and the credentials for its host.

Credentials never come from the trip file or the command line: from the environment
(``TRIPPLAN_CALDAV_USER`` and ``TRIPPLAN_CALDAV_PASSWORD``), else from the ``~/.netrc``
entry for the URL's host (or the file ``NETRC`` names). A user name may stand in the URL
(``https://alice@host/...``); a password there is refused, since it would stay in the
shell's history. :func:`masked` is how a URL is shown: never with its user part.

>>> target = collection("https://alice@dav.example.org/cal/office")
>>> target.shown, target.host
('https://dav.example.org/cal/office/', 'dav.example.org')
>>> creds = find_credentials(target, {"TRIPPLAN_CALDAV_PASSWORD": "s3cret"})
>>> creds.username, creds.source, "s3cret" in repr(creds)
('alice', 'TRIPPLAN_CALDAV_PASSWORD', False)
"""

from __future__ import annotations

import netrc
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from tripplan.errors import UsageError

USER_VARIABLE = "TRIPPLAN_CALDAV_USER"
PASSWORD_VARIABLE = "TRIPPLAN_CALDAV_PASSWORD"


@dataclass(frozen=True)
class Collection:
    """A calendar collection's URL (always ending in ``/``), as given and as shown."""

    url: str
    shown: str
    host: str
    username: str | None = None
    """The user name written in the URL, if any (requests go to :attr:`shown`)."""


@dataclass(frozen=True)
class Credentials:
    username: str | None
    password: str | None = field(repr=False)
    source: str | None = None
    """Where they came from, to name in messages (never the values themselves)."""


def masked(url: str) -> str:
    """``url`` without its user name and password.

    >>> masked("https://bob:pw@example.org:8443/dav/"), masked("not a url")
    ('https://example.org:8443/dav/', 'not a url')
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "(an unreadable URL)"
    if "@" not in parts.netloc:
        return url
    if ":" in host:
        host = f"[{host}]"
    return urlunsplit((parts.scheme, host + port, parts.path, parts.query, parts.fragment))


def collection(url: str) -> Collection:
    """The collection URL ``url``, checked: http(s), a host, no password, no query."""
    shown = masked(url)
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError:
        raise UsageError(f"{{to}} {shown}: not a URL", argument="to",
                         hint="give the collection's URL, e.g. "
                         "https://HOST/remote.php/dav/calendars/USER/CALENDAR/") from None
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(f"{{to}} {shown}: not an http(s) URL", argument="to",
                         hint="give the collection's URL, e.g. https://HOST/dav/USER/CALENDAR/")
    if parts.password is not None:
        raise UsageError("{to}: the URL holds a password; it would stay in the shell's "
                         "history", argument="to",
                         hint=f"set {PASSWORD_VARIABLE}, or add a ~/.netrc entry for {host}")
    if parts.query or parts.fragment:
        raise UsageError(f"{{to}} {shown}: a collection URL has no query or fragment",
                         argument="to")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    full = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    username = unquote(parts.username) if parts.username else None
    return Collection(url=full, shown=masked(full), host=host, username=username)


def find_credentials(target: Collection, environ: Mapping[str, str]) -> Credentials:
    """The credentials for ``target``: the environment's, else the netrc entry of its host,
    else none (the server then says whether it needs some)."""
    user = environ.get(USER_VARIABLE) or target.username
    password = environ.get(PASSWORD_VARIABLE)
    if password:
        source = PASSWORD_VARIABLE if not environ.get(USER_VARIABLE) \
            else f"{USER_VARIABLE}/{PASSWORD_VARIABLE}"
        return Credentials(user, password, source)
    entry = _netrc_entry(target.host, environ)
    if entry is not None:
        login, _account, secret = entry
        if secret and (user is None or not login or login == user):
            return Credentials(user or login, secret, f"~/.netrc ({target.host})")
    return Credentials(user, None, None)


def netrc_path(environ: Mapping[str, str]) -> Path | None:
    """The netrc file: ``NETRC``, else ``.netrc`` in ``HOME``."""
    if environ.get("NETRC"):
        return Path(environ["NETRC"])
    home = environ.get("HOME")
    return Path(home) / ".netrc" if home else None


def _netrc_entry(host: str, environ: Mapping[str, str]) -> tuple[str, str, str] | None:
    path = netrc_path(environ)
    if path is None or not path.is_file():
        return None
    try:
        entries = netrc.netrc(str(path))
    except netrc.NetrcParseError as err:
        raise UsageError(f"{path}:{err.lineno}: cannot read this netrc file",
                         hint="fix the file (see `man netrc`), or set "
                         f"{USER_VARIABLE} and {PASSWORD_VARIABLE}") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot read this netrc file: {err.strerror}") from None
    return entries.authenticators(host)
