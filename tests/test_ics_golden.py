"""Golden files: the exact bytes of the first export of the reference trip (both languages)
and of the European DST trip, with DTSTAMP fixed at 2024-06-25T09:00:00Z.

After an intended change of the output, regenerate and review the diff::

    UPDATE_GOLDEN=1 pytest tests/test_ics_golden.py && git diff tests/golden/ics
"""

from __future__ import annotations

import os

import pytest

from conftest import REFERENCE
from test_ics_support import DST_TRIPS, GOLDEN, copy_trip, export

CASES = {
    "2024-06-yokohama-bangkok.en.ics": (REFERENCE, {"lang": "en"}),
    "2024-06-yokohama-bangkok.ja.ics": (REFERENCE, {"lang": "ja"}),
    "2024-10-paris-london.en.ics": (DST_TRIPS[0], {"lang": "en", "alarms": ["30m"]}),
}


@pytest.fixture(scope="module")
def update() -> bool:
    # Not a TRIPPLAN_* variable: the autouse fixture in conftest.py leaves it alone.
    return os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_bytes(tmp_path, name, update) -> None:
    source, options = CASES[name]
    data = export(copy_trip(source, tmp_path), **options)
    golden = GOLDEN / name
    if update:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(data)
    assert golden.is_file(), f"{golden} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert data == golden.read_bytes(), f"{name} differs; see the module docstring"


def test_golden_export_is_reproducible(tmp_path) -> None:
    """Same trip, same now: same bytes, whatever the folder (no path or clock leaks in)."""
    one = export(copy_trip(REFERENCE, tmp_path / "a"))
    two = export(copy_trip(REFERENCE, tmp_path / "b" / "deeper"))
    assert one == two
