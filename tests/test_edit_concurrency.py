"""Two processes editing one trip at once: the lock serialises them and no edit is lost."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib

from conftest import DATA

SOURCE = DATA / "edit" / "commented.toml"

WORKER = """
import sys
from tripplan.edit import NewItem, add_item, set_fields
path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(count):
    add_item(path, NewItem("meal", title=f"{name} {n}", date="2024-06-21"), lock_timeout=60)
    set_fields(path, f"{name}-{n}", [f"notes.en=set by {name} {n}", "status=tentative"],
               lock_timeout=60)
print("done", name)
"""


def test_two_writers_lose_nothing(tmp_path):
    trip = tmp_path / "visit.toml"
    shutil.copy(SOURCE, trip)
    count = 12
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(trip), name, str(count)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for name in ("alpha", "beta")]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    data = tomllib.loads(trip.read_text(encoding="utf-8"))
    items = {it["id"]: it for it in data["items"]}
    for name in ("alpha", "beta"):
        for n in range(count):
            assert items[f"{name}-{n}"]["notes"] == {"en": f"set by {name} {n}"}
            assert items[f"{name}-{n}"]["status"] == "tentative"
    assert data["revision"] == 3 + 2 * 2 * count  # every saved change counted once
    # and every comment of the original is still there
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            assert line in trip.read_text(encoding="utf-8")
