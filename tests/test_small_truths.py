"""Small truths of issue 15: commands do what their help says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import run

ROOT = Path(__file__).parent.parent
REFERENCE = ROOT / "itineraries" / "2024-06-yokohama-bangkok.toml"
EXAMPLE = ROOT / "itineraries" / "examples" / "2025-03-example-tokyo-bangkok.toml"


def test_fmt_diff_shows_the_change_and_writes_nothing(tmp_path) -> None:
    path = tmp_path / "trip.toml"
    titles = 'title.ja = "日本発、タイ着"\ntitle.en = "Depart Japan, arrive in Thailand"\n'
    text = REFERENCE.read_text(encoding="utf-8").replace(  # kind after the titles
        f'kind = "flight"\n{titles}', f'{titles}kind = "flight"\n')
    path.write_text(text, encoding="utf-8")
    result = run("fmt", "--diff", str(path))
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == text
    assert "-kind = \"flight\"\n" in result.stdout and "+kind = \"flight\"\n" in result.stdout
    assert result.stdout.splitlines()[-1] == f"would reformat {path}"
    assert not (tmp_path / ".tripplan-backup").exists()


@pytest.mark.parametrize("trip", [REFERENCE, EXAMPLE], ids=["reference", "example"])
def test_shipped_trips_are_in_canonical_layout(tmp_path, trip) -> None:
    copy = tmp_path / trip.name
    shutil.copy(trip, copy)
    result = run("fmt", "--check", str(copy))
    assert (result.exit_code, result.stdout) == (0, "1 file already formatted\n")


def test_export_infers_the_format_from_the_file_name(tmp_path) -> None:
    out = tmp_path / "agenda.pdf"
    result = run("export", str(REFERENCE), "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_export_refuses_a_format_the_file_name_contradicts(tmp_path) -> None:
    out = tmp_path / "x.pdf"
    result = run("export", str(REFERENCE), "--html", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"tripplan: -o {out} names a pdf file, not html",
                                          f"  hint: name the file {tmp_path / 'x.html'}"]
    assert not out.exists()


def test_export_without_format_or_telling_file_name(tmp_path) -> None:
    result = run("export", str(REFERENCE))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "tripplan: choose a format, or an -o file name that says one")


def test_export_says_when_it_creates_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(REFERENCE, tmp_path / "trip.toml")
    made = run("export", "trip.toml", "--md", "-o", "no/such/dir/agenda.md")
    assert made.exit_code == 0, made.stderr
    assert made.stderr.splitlines() == ["wrote no/such/dir/agenda.md",
                                        "tripplan: note: created the folder no/such/dir"]
    again = run("export", "trip.toml", "--md", "-o", "no/such/dir/agenda.md")
    assert again.stderr.splitlines() == ["wrote no/such/dir/agenda.md"]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    blocked = run("export", "trip.toml", "--md", "-o", "file/agenda.md")
    assert blocked.exit_code == 2 and "cannot create the folder file" in blocked.stderr
    assert "Traceback" not in blocked.stderr


def test_a_mistyped_command_gets_one_suggestion():
    result = run("shwo", "trip")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: No such command 'shwo'. Did you mean 'show'?"


def test_show_without_a_trip_lists_the_trips(in_repo):
    result = run("show")
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == ("tripplan: which trip? give its id or file, e.g. "
                        "`tripplan show 2024-06-yokohama-bangkok`; the trips:")
    assert [line.split()[0] for line in lines[2:]] == [
        "2024-06-yokohama-bangkok", "2025-03-example-tokyo-bangkok"]


def test_rules_code_is_clean_text():
    doc = run("rules", "R013").stdout
    assert "``" not in doc and ":func:" not in doc
    assert not any(line.startswith(" ") for line in doc.splitlines())
    assert "tripplan stamp records the change\n(every tripplan edit does it by itself)." in doc


def test_the_first_example_of_the_editing_guide_works_as_printed(tmp_path, monkeypatch):
    import re

    from conftest import ROOT

    shutil.copytree(ROOT / "itineraries" / "examples", tmp_path / "itineraries" / "examples")
    monkeypatch.chdir(tmp_path)
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ tripplan (.*?)\n(.*?)```", guide, re.DOTALL)
    result = run(*block.group(1).split())
    assert result.exit_code == 0, result.stderr
    assert result.stdout == block.group(2)
