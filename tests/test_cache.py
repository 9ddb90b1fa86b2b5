"""The cache of ``validate`` and ``list``: a second run of an unchanged file gives the same
bytes and exit code as a run without the cache, without loading the model; any change to
what a result depends on is a new result; a broken or unwritable cache is never an error."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from conftest import REFERENCE, hand_written, in_fresh_process, run
from tripplan import cache as cache_module
from tripplan.app.listing import TripSummary
from tripplan.cache import ResultCache
from tripplan.terminal.listing import list_table, plain_table

MODEL = {"pydantic", "tripplan.model", "tomli", "tripplan.sourcemap", "tripplan.rules.core"}


def trip_with_finding(folder: Path) -> Path:
    text = hand_written(REFERENCE.read_text(encoding="utf-8")).replace(
        'place = "eec-office"', 'place = "eec-ofice"')
    path = folder / "bad.toml"
    path.write_text(text, encoding="utf-8")
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


# --- the same answer, without loading the model ------------------------------------------


@pytest.mark.parametrize("args", [
    ("validate",), ("validate", "--format", "json"), ("validate", "--format", "github"),
    ("validate", "--strict"), ("validate", "--select", "R002"), ("validate", "--ignore", "R"),
    ("list",), ("list", "--json"), ("list", "--lang", "ja"),
])
def test_second_run_is_the_same_without_the_model(tmp_path, args):
    trips = tmp_path / "trips"
    trips.mkdir()
    trip_with_finding(trips)
    (trips / "ref.toml").write_bytes(REFERENCE.read_bytes())
    env = {"TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    uncached = in_fresh_process(*args, str(trips), "--no-cache", env=env)
    assert entries(tmp_path / "cache") == []  # --no-cache writes nothing either
    first = in_fresh_process(*args, str(trips), env=env)
    second = in_fresh_process(*args, str(trips), env=env)
    assert len(entries(tmp_path / "cache")) == 2
    assert first[:2] == second[:2] == uncached[:2]
    assert "pydantic" in first[2]
    assert MODEL & second[2] == set()
    if args[0] == "list":  # piped: plain text, without rich's console
        assert "rich.console" not in second[2]


def test_findings_and_exit_code_come_back_from_the_cache(tmp_path):
    bad = trip_with_finding(tmp_path)
    for _ in range(2):
        result = run("validate", str(bad), "--json")
        assert result.exit_code == 1
        [finding] = json.loads(result.stdout)["diagnostics"]
        assert (finding["code"], finding["line"], finding["column"], finding["file"]) == (
            "R002", 279, 9, str(bad))


def test_unreadable_files_come_back_as_exit_2(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('id = "x"\ntitle = \n', encoding="utf-8")
    first, second = run("validate", str(broken)), run("validate", str(broken))
    assert first.exit_code == second.exit_code == 2
    assert first.stdout == second.stdout
    assert f"{broken}:2:" in second.stdout


def test_the_path_shown_is_the_one_of_this_run(tmp_path):
    """The cache is per file, the path in messages is per run (relative to where it runs)."""
    (tmp_path / "sub").mkdir()
    bad = trip_with_finding(tmp_path / "sub")
    env = {"TRIPPLAN_CACHE_DIR": str(tmp_path / "cache")}
    from_top = in_fresh_process("validate", "sub/bad.toml", env=env, cwd=tmp_path)
    from_sub = in_fresh_process("validate", "bad.toml", env=env, cwd=bad.parent)
    assert MODEL & from_sub[2] == set()  # really from the cache
    assert from_top[1].startswith("sub/bad.toml:279:9: R002 ")
    assert from_sub[1].startswith("bad.toml:279:9: R002 ")
    listed = in_fresh_process("list", "sub", env=env, cwd=tmp_path)
    listed_again = in_fresh_process("list", ".", env=env, cwd=tmp_path / "sub")
    assert "sub/bad.toml" in listed[1] and " bad.toml" in listed_again[1]


# --- every change is a new result --------------------------------------------------------


def test_an_edit_is_seen_even_with_the_same_size_and_time_stamp(tmp_path):
    bad = trip_with_finding(tmp_path)
    assert run("validate", str(bad)).exit_code == 1
    stamp = bad.stat()
    fixed = bad.read_text(encoding="utf-8").replace('place = "eec-ofice"',
                                                     'place= "eec-office"')  # same size
    bad.write_text(fixed, encoding="utf-8")
    os.utime(bad, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert bad.stat().st_size == stamp.st_size
    assert run("validate", str(bad)).exit_code == 0


def test_options_are_part_of_the_key(tmp_path):
    bad = trip_with_finding(tmp_path)
    assert run("validate", str(bad)).exit_code == 1
    assert run("validate", str(bad), "--ignore", "R002").exit_code == 0
    assert run("validate", str(bad), "--select", "TZ").exit_code == 0
    assert run("validate", str(bad)).exit_code == 1
    english = run("list", str(REFERENCE)).stdout
    japanese = run("list", str(REFERENCE), "--lang", "ja").stdout
    assert "Mayor Takeharu Yamanaka" in english and "山中竹春" in japanese


def test_an_unknown_code_is_still_a_usage_error_after_a_cached_run(tmp_path):
    bad = trip_with_finding(tmp_path)
    run("validate", str(bad), "--select", "R099")
    again = run("validate", str(bad), "--select", "R099")
    assert again.exit_code == 2
    assert '"R099" matches no rule code' in again.stderr


def test_code_stamp_changes_when_a_module_changes(tmp_path):
    (tmp_path / "rules.py").write_text("A = 1\n", encoding="utf-8")
    before = cache_module._code_stamp(tmp_path)
    (tmp_path / "rules.py").write_text("A = 22\n", encoding="utf-8")
    assert cache_module._code_stamp(tmp_path) != before
    stamp = (tmp_path / "rules.py").stat()
    os.utime(tmp_path / "rules.py", ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1))
    (tmp_path / "new.py").write_text("", encoding="utf-8")
    assert len(cache_module._code_stamp(tmp_path)) == 2


def test_environment_names_the_versions_that_decide_a_result():
    import pydantic
    import pydantic_core

    versions = cache_module._package_versions()
    assert f"pydantic-{pydantic.VERSION}.dist-info" in versions
    assert f"pydantic_core-{pydantic_core.__version__}.dist-info" in versions
    assert any(v.startswith("airportsdata-") for v in versions)


def test_a_changed_environment_is_a_miss(tmp_path, monkeypatch):
    store = ResultCache("t", {}, folder=tmp_path)
    store.put(Path("a.toml"), "text", {"x": 1})
    assert store.get(Path("a.toml"), "text") == {"x": 1}
    monkeypatch.setattr(cache_module, "environment", lambda: ["another tzdata"])
    assert ResultCache("t", {}, folder=tmp_path).get(Path("a.toml"), "text") is None


# --- a broken cache is no cache ------------------------------------------------------------


@pytest.mark.parametrize("garbage", [b"", b"\x00\xff", b"[]", b'{"key": 1}', b"[" * 100_000])
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path, monkeypatch, garbage):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    bad = trip_with_finding(tmp_path)
    expected = run("validate", str(bad))
    [entry] = entries(tmp_path / "cache")
    entry.write_bytes(garbage)
    again = run("validate", str(bad))
    assert (again.exit_code, again.stdout, again.stderr) == (
        expected.exit_code, expected.stdout, expected.stderr)
    assert json.loads(entry.read_bytes())["value"]["readable"] is True


def test_an_entry_of_the_wrong_shape_is_recomputed(tmp_path, monkeypatch):
    """Even under the right key, a value this code did not write is not trusted."""
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    bad = trip_with_finding(tmp_path)
    for namespace, options in (("validate", {"select": [], "ignore": []}),
                               ("list", {"lang": "en"})):
        store = ResultCache(namespace, options, folder=tmp_path / "cache")
        store.put(bad, bad.read_text(encoding="utf-8"), {"diagnostics": 3, "id": None})
    assert run("validate", str(bad)).exit_code == 1
    listed = run("list", str(bad), "--json")
    assert json.loads(listed.stdout)["trips"][0]["id"] == "2024-06-yokohama-bangkok"


@pytest.mark.parametrize("where", ["a-file", "read-only"])
def test_an_unusable_cache_folder_is_skipped_silently(tmp_path, monkeypatch, where):
    folder = tmp_path / "cache"
    if where == "a-file":
        folder.write_text("not a folder", encoding="utf-8")
    else:
        folder.mkdir()
        folder.chmod(0o500)
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(folder))
    try:
        for _ in range(2):
            result = run("validate", str(REFERENCE))
            assert (result.exit_code, result.stderr) == (0, "")
            assert run("list", str(REFERENCE)).exit_code == 0
        if where == "read-only" and os.geteuid() != 0:  # root writes anyway
            assert entries(folder) == []
    finally:
        if folder.is_dir():
            folder.chmod(0o700)


def test_no_cache_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TRIPPLAN_NO_CACHE", "1")
    assert run("validate", str(REFERENCE)).exit_code == 0
    assert run("list", str(REFERENCE)).exit_code == 0
    assert not (tmp_path / "cache").exists()
    monkeypatch.setenv("TRIPPLAN_NO_CACHE", "0")
    assert run("validate", str(REFERENCE)).exit_code == 0
    assert len(entries(tmp_path / "cache")) == 1


def test_check_is_never_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    assert run("check", str(REFERENCE), "--today", "2024-06-15").exit_code in (0, 1)
    assert not (tmp_path / "cache").exists()


def test_many_files_with_workers_fill_and_use_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIPPLAN_CACHE_DIR", str(tmp_path / "cache"))
    trips = tmp_path / "trips"
    trips.mkdir()
    text = REFERENCE.read_text(encoding="utf-8")
    for n in range(20):
        (trips / f"t{n:02}.toml").write_text(
            text.replace('id = "2024-06-yokohama-bangkok"', f'id = "t{n:02}"'), encoding="utf-8")
    trip_with_finding(trips)
    first = run("validate", str(trips), "--jobs", "2", "--json")
    assert len(entries(tmp_path / "cache")) == 21
    second = run("validate", str(trips), "--jobs", "2", "--json")
    assert first.stdout == second.stdout and first.exit_code == second.exit_code == 1
    assert json.loads(second.stdout)["files"] == 21


# --- the plain table of `list` is the one rich prints ---------------------------------


ROWS = [
    TripSummary("2024-06-yokohama-bangkok", "横浜市長のタイ王国バンコク都訪問",
                *map(__import__("datetime").date.fromisoformat, ("2024-06-20", "2024-06-22")),
                "completed", 11, "itineraries/2024-06-yokohama-bangkok.toml"),
    TripSummary("x", "A visit spanning the new year, with a long title " * 3,
                *map(__import__("datetime").date.fromisoformat, ("2024-12-30", "2025-01-02")),
                "draft", 123, "x.json"),
    TripSummary("emoji", "Expo 🎌 — ｆｕｌｌ ｗｉｄｔｈ", *map(
        __import__("datetime").date.fromisoformat, ("2025-03-10", "2025-03-13")),
        "confirmed", 0, "日本語/パス.toml"),
]


@pytest.mark.parametrize("rows", [ROWS[:1], ROWS, ROWS[1:]])
def test_plain_table_is_what_rich_prints_when_piped(rows):
    from rich.console import Console

    from tripplan.terminal import print_view

    out = io.StringIO()
    console = Console(file=out, width=1000, color_system=None, highlight=False)
    print_view(console, list_table(rows, plain=True), plain=True)
    assert plain_table(rows) + "\n" == out.getvalue()


def test_plain_table_keeps_one_line_per_trip():
    row = TripSummary("x", "two\nlines\tand a tab", ROWS[0].start, ROWS[0].end, "draft", 1,
                      "x.toml")
    assert plain_table([row]).splitlines()[1] == (
        "x   two lines and a tab  2024-06-20 – 06-22  draft       1  x.toml")
