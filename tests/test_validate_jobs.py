"""Many files are checked by worker processes; the report must not change."""

from __future__ import annotations

import json

from conftest import REFERENCE, run
from tripplan.app.pipeline import PARALLEL_FROM


def test_workers_report_the_same_findings_in_the_same_order(tmp_path):
    text = REFERENCE.read_text(encoding="utf-8")
    for n in range(PARALLEL_FROM + 4):
        body = text
        if n % 5 == 1:
            body = text.replace('place = "eec-office"', 'place = "eec-ofice"')
        if n % 7 == 3:
            body = "id = \n" + text
        (tmp_path / f"trip-{n:02d}.toml").write_text(body, encoding="utf-8")
    sequential = run("validate", str(tmp_path), "--format", "json", "--jobs", "1")
    parallel = run("validate", str(tmp_path), "--format", "json", "--jobs", "2")
    assert sequential.exit_code == parallel.exit_code == 2
    one, two = json.loads(sequential.stdout), json.loads(parallel.stdout)
    assert one == two
    assert one["files"] == PARALLEL_FROM + 4
    codes = [d["code"] for d in one["diagnostics"]]
    assert codes.count("F003") == 3 and codes.count("R002") == 4
    files = [d["file"] for d in one["diagnostics"]]
    assert files == sorted(files)
