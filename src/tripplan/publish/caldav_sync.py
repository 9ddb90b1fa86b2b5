"""A trip's calendar objects against a CalDAV collection: what to write, then writing it.

:class:`Server` is the collection as the ``caldav`` library reaches it (one HTTP session,
errors turned into :class:`PublishError`\\ s that name the collection, never the
credentials). :func:`plan` is pure: from the collection's objects of the trip and the
objects the export gives, one :class:`Action` per event:

``create``
    the event is not on the server: ``PUT`` with ``If-None-Match: *``;
``update`` / ``cancel``
    its content changed (or it was cancelled): ``PUT`` with ``If-Match: <etag>``, with a
    ``SEQUENCE`` above the server's copy, whatever the trip file says;
``cancel`` (from the server's copy)
    an event of the trip the export no longer has (item removed, or left out of this
    calendar): the server's copy as ``STATUS:CANCELLED``, ``SEQUENCE`` one higher;
``delete``
    with ``delete_removed``, instead of those cancellations: ``DELETE`` with ``If-Match``;
``unchanged``
    the same content but for ``DTSTAMP``/``SEQUENCE``: nothing is sent, the ETag stays;
``conflict``
    the server's copy was changed by someone else since tripplan wrote it (its
    ``X-TRIPPLAN-DIGEST`` no longer matches, see :mod:`tripplan.export.ics_objects`), or
    changed between reading and writing (``412 Precondition Failed``): not written.

Resources whose UID is not one of the trip's are never touched.
:func:`apply` sends the writes, one request each, and marks each action written or not.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from tripplan.errors import TripplanError
from tripplan.export import ics_objects
from tripplan.export.ics_objects import CalendarObject
from tripplan.publish.target import PASSWORD_VARIABLE, USER_VARIABLE, Collection, Credentials

TIMEOUT = 30
"""Seconds to wait for the server to answer one request."""
CALDAV_NS = "urn:ietf:params:xml:ns:caldav"
ICS_TYPE = "text/calendar; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"

PROPFIND_COLLECTION = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>"""
REPORT_EVENTS = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>
  </C:filter>
</C:calendar-query>"""
MKCALENDAR = """<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
  <D:displayname>{name}</D:displayname>
  <C:supported-calendar-component-set><C:comp name="VEVENT"/></C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>"""

Progress = Callable[[int, int], None]


class PublishError(TripplanError):
    """The server could not be reached or refused (exit 2)."""


class Kind(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    CANCEL = "cancel"
    DELETE = "delete"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


WRITES = (Kind.CREATE, Kind.UPDATE, Kind.CANCEL, Kind.DELETE)


@dataclass
class Remote:
    """One resource of the collection: where it is, its ETag, and what it holds."""

    href: str
    etag: str | None
    object: CalendarObject

    @property
    def own(self) -> bool:
        """Still exactly as tripplan wrote it."""
        return ics_objects.is_own(self.object.data)


@dataclass
class Action:
    """What happens (or happened) to one event."""

    uid: str
    kind: Kind
    summary: str
    href: str
    sequence: int | None = None
    """The ``SEQUENCE`` written (or already there, when unchanged)."""
    server_sequence: int | None = None
    etag: str | None = field(default=None, repr=False)
    """The ETag of the server's copy, which an update or delete is conditional on."""
    body: bytes | None = field(default=None, repr=False)
    reason: str | None = None
    written: bool = False
    new_etag: str | None = None
    foreign: bool = field(default=False, repr=False)
    """The server's copy is not as tripplan wrote it (edited in a calendar app, or not
    written by tripplan at all)."""

    @property
    def writes(self) -> bool:
        return self.kind in WRITES

    def to_json(self) -> dict[str, Any]:
        return {"uid": self.uid, "action": self.kind.value, "summary": self.summary,
                "href": self.href, "sequence": self.sequence,
                "server_sequence": self.server_sequence, "written": self.written,
                "etag": self.new_etag, "reason": self.reason}


# --- the plan (pure) -----------------------------------------------------------------------


def plan(remotes: dict[str, Remote], objects: list[CalendarObject], wanted: set[str], *,
         base: str, delete_removed: bool, overwrite: bool, stamp: dt.datetime,
         lang: str) -> list[Action]:
    """One action per event: each of ``objects`` (the export's, in its order), then each of
    ``remotes`` (the trip's events on the server, by UID) the export no longer has.

    ``wanted`` are the UIDs of the items this calendar shows; other objects of the export
    are cancellations of items removed or left out. A cancellation is only ever sent to
    take away a server's copy: an event cancelled before it was published is not created.
    """
    remotes = dict(remotes)
    actions = []
    for obj in objects:
        remote = remotes.pop(obj.uid, None)
        withdrawn = obj.uid not in wanted or (delete_removed and obj.cancelled)
        if remote is None:
            if not withdrawn and not obj.cancelled:  # nothing to take away
                actions.append(Action(obj.uid, Kind.CREATE, obj.summary,
                                      urljoin(base, obj.resource_name), obj.sequence,
                                      body=ics_objects.sealed(obj.data)))
            continue
        actions.append(_against(obj, remote, withdrawn=withdrawn,
                                delete_removed=delete_removed))
    for uid in sorted(remotes):
        actions.append(_left(remotes[uid], delete_removed=delete_removed, stamp=stamp,
                             lang=lang))
    return [_guarded(a, overwrite) for a in actions]


def _against(obj: CalendarObject, remote: Remote, *, withdrawn: bool,
             delete_removed: bool) -> Action:
    """The export's ``obj`` against the server's copy of the same event."""
    base = Action(obj.uid, Kind.UNCHANGED, obj.summary, remote.href, remote.object.sequence,
                  remote.object.sequence, etag=remote.etag, foreign=not remote.own)
    if withdrawn and delete_removed:
        base.kind = Kind.DELETE
        return base
    if ics_objects.same_content(obj.data, remote.object.data):
        return base
    sequence = max(obj.sequence, remote.object.sequence + 1)
    base.kind = Kind.CANCEL if obj.cancelled and not remote.object.cancelled else Kind.UPDATE
    base.sequence = sequence
    base.body = ics_objects.sealed(obj.data, sequence=sequence)
    return base


def _left(remote: Remote, *, delete_removed: bool, stamp: dt.datetime, lang: str) -> Action:
    """An event of the trip on the server that the export does not have at all."""
    obj = remote.object
    action = Action(obj.uid, Kind.UNCHANGED, obj.summary, remote.href, obj.sequence,
                    obj.sequence, etag=remote.etag, foreign=not remote.own)
    if delete_removed:
        action.kind = Kind.DELETE
    elif not obj.cancelled:
        action.kind = Kind.CANCEL
        action.sequence = obj.sequence + 1
        action.body = ics_objects.cancelled(obj.data, sequence=obj.sequence + 1, stamp=stamp,
                                            lang=lang)
    return action


def _guarded(action: Action, overwrite: bool) -> Action:
    """A write over a copy someone else changed is a conflict, unless ``overwrite``."""
    if action.writes and action.foreign and not overwrite:
        action.kind = Kind.CONFLICT
        action.reason = "changed on the server since tripplan published it"
        action.body = None
    return action


# --- the server ----------------------------------------------------------------------------


class Server:
    """One CalDAV collection, reached with the ``caldav`` library (imported here only)."""

    def __init__(self, target: Collection, credentials: Credentials, *,
                 timeout: int = TIMEOUT) -> None:
        import caldav

        self.target = target
        self.credentials = credentials
        self.client = caldav.DAVClient(url=target.shown, username=credentials.username,
                                       password=credentials.password, timeout=timeout,
                                       enable_rfc6764=False)

    def close(self) -> None:
        self.client.close()

    def exists(self) -> bool:
        """Whether the collection exists (and is a calendar: an error if it is not)."""
        with self._talking("read the collection"):
            response = self.client.request(self.target.shown, "PROPFIND", PROPFIND_COLLECTION,
                                           {"Depth": "0", "Content-Type": XML_TYPE})
        if response.status == 404:
            return False
        self._check(response, "read the collection")
        if not _is_calendar(response):
            raise PublishError(f"{{to}} {self.target.shown}: this is not a calendar "
                               "collection", argument="to",
                               hint="give the calendar's own URL, e.g. "
                               "https://HOST/remote.php/dav/calendars/USER/CALENDAR/")
        return True

    def make(self, name: str) -> None:
        """Create the collection (``MKCALENDAR``), displayed as ``name``."""
        from xml.sax.saxutils import escape

        with self._talking("create the collection"):
            response = self.client.request(self.target.shown, "MKCALENDAR",
                                           MKCALENDAR.format(name=escape(name)),
                                           {"Content-Type": XML_TYPE})
        self._check(response, "create the collection")

    def resources(self) -> list[Remote]:
        """Every event resource of the collection that holds one readable event."""
        with self._talking("list the collection"):
            response = self.client.request(self.target.shown, "REPORT", REPORT_EVENTS,
                                           {"Depth": "1", "Content-Type": XML_TYPE})
            self._check(response, "list the collection")
            listed = response.parse_calendar_query()
        out = []
        for found in listed:
            if not found.calendar_data or found.status >= 400:
                continue
            try:
                obj = ics_objects.describe(found.calendar_data.encode("utf-8"))
            except ValueError:
                continue  # not an event tripplan could have written: left alone
            out.append(Remote(urljoin(self.target.shown, found.href), found.etag, obj))
        return out

    def write(self, action: Action) -> bool:
        """Send ``action``'s write; ``False`` if the server's copy changed meanwhile (412)."""
        if action.kind is Kind.CREATE:
            headers = {"If-None-Match": "*"}
        else:  # a server that gave no ETag gets an unconditional write
            headers = {"If-Match": action.etag} if action.etag else {}
        with self._talking(f"write {action.uid}"):
            if action.kind is Kind.DELETE:
                response = self.client.request(action.href, "DELETE", "", headers)
            else:
                headers["Content-Type"] = ICS_TYPE
                response = self.client.request(action.href, "PUT", action.body, headers)
        if response.status == 412:
            return False
        self._check(response, f"write {action.uid}")
        action.new_etag = response.headers.get("ETag") if action.kind is not Kind.DELETE \
            else None
        return True

    def _check(self, response, doing: str) -> None:
        if response.status < 300:
            return
        if response.status in (401, 403):
            raise self._refused(response.status)
        if response.status == 404:
            raise PublishError(f"{{to}} {self.target.shown}: not found (HTTP 404) while "
                               f"trying to {doing}", argument="to")
        reason = getattr(response, "reason", "") or ""
        raise PublishError(f"{{to}} {self.target.shown}: the server answered "
                           f"{response.status} {reason}".rstrip() + f" when asked to {doing}",
                           argument="to")

    def _refused(self, status: int) -> PublishError:
        source = self.credentials.source
        where = f"the credentials from {source}" if source else "no credentials"
        if status == 401 and source:
            message = f"the server did not accept {where} (HTTP 401)"
        elif status == 401:
            message = "the server asks for a user name and password (HTTP 401)"
        else:
            message = f"the server refused access with {where} (HTTP 403)"
        return PublishError(f"{{to}} {self.target.shown}: {message}", argument="to",
                            hint=f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}, or add a "
                            f"~/.netrc entry for {self.target.host} (machine, login, "
                            "password); iCloud needs an app-specific password")

    @contextlib.contextmanager
    def _talking(self, doing: str) -> Iterator[None]:
        """Errors of the connection and of the library as :class:`PublishError`\\ s."""
        from caldav.lib import error

        try:
            yield
        except error.AuthorizationError as err:
            raise self._refused(err.status or 401) from None
        except error.DAVError as err:
            raise PublishError(f"{{to}} {self.target.shown}: the server's answer could not be "
                               f"used ({type(err).__name__}) when trying to {doing}",
                               argument="to") from None
        except OSError as err:  # niquests' errors are OSErrors; so are socket errors
            raise PublishError(f"{{to}} {self.target.shown}: cannot reach the server: "
                               f"{_why(err)}", argument="to",
                               hint="check the URL and that the server is running and "
                               "reachable from here") from None
        except PublishError:
            raise
        except Exception as err:  # noqa: BLE001 - an answer the library cannot parse
            raise PublishError(f"{{to}} {self.target.shown}: the server's answer could not be "
                               f"read ({type(err).__name__}) when trying to {doing}; is this "
                               "a CalDAV server?", argument="to") from None


def _is_calendar(response) -> bool:
    """Whether a ``PROPFIND`` answer's resource type says *calendar* (RFC 4791 §4.2)."""
    tree = getattr(response, "tree", None)
    return tree is not None and tree.find(f".//{{{CALDAV_NS}}}calendar") is not None


def _why(err: BaseException) -> str:
    """A short reason for a failed connection, from the exception and its causes."""
    text = " ".join(str(e) for e in _chain(err)).lower()
    for needle, reason in (("refused", "connection refused"),
                           ("timed out", "no answer in time"), ("timeout", "no answer in time"),
                           ("name or service not known", "unknown host name"),
                           ("nodename nor servname", "unknown host name"),
                           ("certificate", "its TLS certificate was not accepted"),
                           ("ssl", "the TLS connection failed"),
                           ("reset", "the connection was reset")):
        if needle in text:
            return reason
    return type(err).__name__


def _chain(err: BaseException | None) -> Iterator[BaseException]:
    seen = 0
    while err is not None and seen < 10:
        yield err
        err = err.__cause__ or err.__context__
        seen += 1


# --- applying ------------------------------------------------------------------------------


@dataclass
class Applied:
    """What :func:`apply` came to: the writes done, the conflicts met, the error that
    stopped it (the remaining writes then not sent)."""

    written: int = 0
    conflicts: list[Action] = field(default_factory=list)
    error: PublishError | None = None


def apply(server: Server, actions: list[Action], *, progress: Progress | None = None,
          done_before: int = 0, total: int | None = None) -> Applied:
    """Send each write of ``actions`` in order, marking each one written or not.

    A ``412`` turns that action into a conflict and the others go on (each write is
    conditional on its own ETag); a connection or server error stops the writes there.
    """
    result = Applied()
    writes = [a for a in actions if a.writes]
    total = total if total is not None else len(writes)
    for done, action in enumerate(writes, start=done_before + 1):
        try:
            ok = server.write(action)
        except PublishError as err:
            result.error = err
            break
        if ok:
            action.written = True
            result.written += 1
        else:
            action.kind = Kind.CONFLICT
            action.reason = "changed on the server while tripplan was publishing"
            result.conflicts.append(action)
        if progress is not None:
            progress(done, total)
    result.conflicts[:0] = [a for a in actions if a.kind is Kind.CONFLICT
                            and a not in result.conflicts]
    return result


def trip_resources(remotes: list[Remote], trip_id: str) -> dict[str, Remote]:
    """The resources holding events of trip ``trip_id``, by UID (the first of a UID)."""
    out: dict[str, Remote] = {}
    for remote in sorted(remotes, key=lambda r: r.href):
        if ics_objects.belongs_to_trip(remote.object.uid, trip_id):
            out.setdefault(remote.object.uid, remote)
    return out
