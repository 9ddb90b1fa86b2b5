"""A real Radicale CalDAV server for tests, and a second client that reads it back.

:func:`start_radicale` runs ``python -m radicale`` on 127.0.0.1 with a free port, a storage
folder of its own and htpasswd users (plain passwords), and waits (bounded) until it
answers. :class:`Reader` is an independent client: raw HTTP (``urllib``) and python
icalendar, nothing of tripplan and nothing of the ``caldav`` library.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import icalendar

USER, PASSWORD = "alice", "correct horse battery"
OTHER_USER, OTHER_PASSWORD = "bob", "another-secret"
START_TIMEOUT = 30.0

REPORT = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>"""
NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Radicale:
    url: str
    process: subprocess.Popen
    log: Path

    def collection(self, name: str) -> str:
        return f"{self.url}{USER}/{name}/"


@contextlib.contextmanager
def start_radicale(folder: Path) -> Iterator[Radicale]:
    port = free_port()
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n{OTHER_USER}:{OTHER_PASSWORD}\n", encoding="utf-8")
    config = folder / "config"
    config.write_text(f"""[server]
hosts = 127.0.0.1:{port}
[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
delay = 0
[rights]
type = owner_only
[storage]
filesystem_folder = {folder / "collections"}
[web]
type = none
[logging]
level = warning
""", encoding="utf-8")
    log = folder / "radicale.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, log)
        yield Radicale(f"http://127.0.0.1:{port}/", process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"radicale exited ({process.returncode}): {log.read_text()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"radicale did not answer on port {port} in {START_TIMEOUT} s")


@dataclass
class Resource:
    href: str
    etag: str
    data: bytes

    @property
    def calendar(self) -> icalendar.Calendar:
        return icalendar.Calendar.from_ical(self.data)

    @property
    def event(self) -> icalendar.Event:
        [event] = self.calendar.walk("VEVENT")
        return event

    @property
    def uid(self) -> str:
        return str(self.event["UID"])

    @property
    def sequence(self) -> int:
        return int(self.event.get("SEQUENCE", 0))

    @property
    def status(self) -> str:
        return str(self.event.get("STATUS", ""))


class Reader:
    """Reads (and, for tests of conflicts, writes behind tripplan's back) a collection."""

    def __init__(self, user: str = USER, password: str = PASSWORD) -> None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.auth = f"Basic {token}"

    def request(self, method: str, url: str, body: bytes = b"",
                headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url, data=body or None, method=method,
                                         headers={"Authorization": self.auth,
                                                  **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers), err.read()

    def exists(self, url: str) -> bool:
        status, _, _ = self.request("PROPFIND", url, headers={"Depth": "0"})
        return status == 207

    def resources(self, url: str) -> list[Resource]:
        status, _, body = self.request("REPORT", url, REPORT, {
            "Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
        assert status == 207, (status, body)
        out = []
        for response in ET.fromstring(body).findall("D:response", NS):
            href = response.findtext("D:href", namespaces=NS)
            etag = response.findtext(".//D:getetag", namespaces=NS)
            data = response.findtext(".//C:calendar-data", namespaces=NS)
            out.append(Resource(urljoin(url, href), etag, data.encode("utf-8")))
        return out

    def by_uid(self, url: str) -> dict[str, Resource]:
        found = self.resources(url)
        uids = [r.uid for r in found]
        assert len(uids) == len(set(uids)), f"duplicate UIDs: {sorted(uids)}"
        return {r.uid: r for r in found}

    def put(self, url: str, data: bytes, etag: str | None = None) -> int:
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        status, _, _ = self.request("PUT", url, data, headers)
        return status
