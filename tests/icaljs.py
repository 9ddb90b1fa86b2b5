"""Read .ics bytes with Mozilla ical.js (what Thunderbird uses), for tests.

``icaljs_events(ics_bytes)`` runs ``node tests/js/ics_to_utc.mjs`` on the bytes and
returns its JSON: one dict per VEVENT with ``uid``, ``summary``, ``start_utc``,
``end_utc`` (``"2024-06-20T01:00:00Z"``, or ``"2024-06-20"`` for an all-day value),
``start_is_date``, ``end_is_date``, ``start_tzid`` and ``end_tzid``. ical.js sees
only the VTIMEZONEs in the file; a TZID without one, or a floating date-time, makes
the script fail and this function raise :class:`IcalJsError` with its messages.

Importing this module fails loudly (never a skip) when node or the npm package is
missing: tests that need ical.js must not pass by not running.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

JS_DIR = Path(__file__).resolve().parent / "js"
SCRIPT = JS_DIR / "ics_to_utc.mjs"
INSTALL_HINT = (
    "install Node.js >= 18 and npm (Debian: `apt-get install nodejs npm`), then run "
    "`npm ci --prefix tests/js` from the repository root"
)


class IcalJsError(RuntimeError):
    """ical.js could not read the file, or found a TZID without its VTIMEZONE."""


def _check_setup() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(
            f"tests need Node.js to run ical.js, and `node` is not on PATH; {INSTALL_HINT}"
        )
    wanted = json.loads((JS_DIR / "package.json").read_text())["dependencies"]["ical.js"]
    installed_manifest = JS_DIR / "node_modules" / "ical.js" / "package.json"
    if not installed_manifest.is_file():
        raise RuntimeError(f"the npm package ical.js is not installed in {JS_DIR}; {INSTALL_HINT}")
    installed = json.loads(installed_manifest.read_text())["version"]
    if installed != wanted:
        raise RuntimeError(
            f"ical.js {installed} is installed in {JS_DIR} but package.json "
            f"pins {wanted}; {INSTALL_HINT}"
        )
    return node


NODE = _check_setup()


def icaljs_events(ics_bytes: bytes) -> list[dict]:
    """Parse ``ics_bytes`` with ical.js; return one dict per VEVENT (see module doc)."""
    fd, name = tempfile.mkstemp(suffix=".ics", prefix="tripplan-icaljs-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(ics_bytes)
        result = subprocess.run(
            [NODE, str(SCRIPT), name],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.unlink(name)
    if result.returncode != 0:
        raise IcalJsError(f"ical.js (exit {result.returncode}):\n{result.stderr.strip()}")
    return json.loads(result.stdout)
