"""Each consistency rule (R…) on a trip that triggers it and on one that does not."""

from __future__ import annotations

import json

import pytest

from conftest import run
from tripplan.rules import all_rules

BASE = """\
id = "t"
title = "T"
status = "{status}"
home_timezone = "Asia/Tokyo"
start = 2024-06-20
end = 2024-06-21

[people.a]
name = "A"
principal = true

[people.b]
name = "B"

[places.hall]
name = "Hall"
timezone = "Asia/Bangkok"

[contacts.c]
name = "C"

[footnotes."1"]
text = "Note"
"""

ITEM = """
[[items]]
id = "{id}"
kind = "{kind}"
title = "{id}"
{extra}
"""

AT_HOME = BASE.replace("[contacts.c]", """[places.home]
name = "Home"
country = "JP"
timezone = "Asia/Tokyo"

[contacts.c]""")
"""A trip with a place in its home zone: the home country (JP) is known."""

COUNTERPART = 'counterparts = [{ title = "Governor" }]'


def trip(*items: tuple[str, str, str], status: str = "draft", base: str = BASE) -> str:
    text = base.format(status=status)
    for item_id, kind, extra in items:
        text += ITEM.format(id=item_id, kind=kind, extra=extra)
    return text


def validate(tmp_path, text: str, *args: str):
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return run("validate", str(path), "--select", "R", "--format", "json", *args)


def findings(result) -> list[tuple[str, int, int, str]]:
    data = json.loads(result.stdout)
    return [(d["code"], d["line"], d["column"], d["message"]) for d in data["diagnostics"]]


def stamped(text: str) -> str:
    """``text`` with each item stamped as tripplan stamps it (its current fingerprint)."""
    from tripplan.model import Trip
    from tripplan.sequence import fingerprints
    from tripplan.tomldoc import loads
    from tripplan.zones import resolve

    model = Trip.model_validate(loads(text))
    prints = iter(fingerprints(model, resolve(model)))
    return "\n".join(line + (f'\nstamp = {{ sequence = 3, fingerprint = "{next(prints)}" }}'
                             if line.startswith("kind = ") else "")
                      for line in text.split("\n"))


BILINGUAL = BASE + '\n[provenance]\nsource_language = "ja"\ntranslations.en = "editorial"\n'


DAY1 = "date = 2024-06-20\nplace = \"hall\""
DAY2 = "date = 2024-06-21\nplace = \"hall\""

CASES = {
    "R001": (
        trip(("m", "meeting", DAY1 + "\n" + COUNTERPART),
             ("m", "meeting", DAY2 + "\n" + COUNTERPART)),
        trip(("m", "meeting", DAY1 + "\n" + COUNTERPART),
             ("n", "meeting", DAY2 + "\n" + COUNTERPART)),
        [("R001", 34, 6, 'item id "m" is already used by items[0]')],
    ),
    "R002": (
        trip(("m", "ceremony", "date = 2024-06-20\nplace = \"hal\""),
             ("f", "flight", "date = 2024-06-21\norigin = \"XQX\"\ndestination = \"nowhere\"")),
        trip(("m", "ceremony", DAY1), ("f", "flight", "date = 2024-06-21\norigin = \"BKK\"\n"
                                        "destination = \"hall\"")),
        [("R002", 30, 9, 'item "m" refers to place "hal"'),
         ("R002", 37, 10, '"XQX" is not a known IATA airport code'),
         ("R002", 38, 15, 'item "f" refers to place "nowhere" as its destination')],
    ),
    "R003": (
        trip(("m", "ceremony", DAY1 + '\nparticipants = ["a", "zz"]'), ("n", "ceremony", DAY2)),
        trip(("m", "ceremony", DAY1 + '\nparticipants = ["a", "b"]'), ("n", "ceremony", DAY2)),
        [("R003", 31, 22, 'item "m" lists participant "zz"')],
    ),
    "R004": (
        trip(("m", "ceremony", 'start = 2024-06-20T10:00:00\nend = 2024-06-20T09:00:00\n'
              'place = "hall"'),
             ("h", "lodging", 'date = 2024-06-21\nend_date = 2024-06-20\nplace = "hall"')),
        trip(("m", "ceremony", 'start = 2024-06-20T10:00:00\nend = 2024-06-20T11:00:00\n'
              'place = "hall"'),
             ("h", "lodging", 'date = 2024-06-20\nend_date = 2024-06-21\nplace = "hall"')),
        [("R004", 30, 7, 'item "m" ends at 2024-06-20 09:00, before it starts at 2024-06-20 10:00'),
         ("R004", 38, 12, 'item "h" ends on 2024-06-20, before it starts on 2024-06-21')],
    ),
    "R005": (
        trip(("m", "ceremony", DAY1), ("n", "ceremony", "date = 2024-06-25"),
             ("h", "lodging", "date = 2024-06-21\nend_date = 2024-06-22")),
        trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2)),
        [("R005", 36, 8, 'item "n" is on 2024-06-25, outside the trip (2024-06-20 to 2024-06-21)'),
         ("R005", 43, 12, 'item "h" ends on 2024-06-22, after the trip ends (2024-06-21)')],
    ),
    "R006": (
        trip(("m", "ceremony", DAY2)),
        trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2)),
        [("R006", 5, 9, "the trip starts on 2024-06-20 but its first item is on 2024-06-21")],
    ),
    "R007": (
        trip(("m", "ceremony", 'start = 2024-06-20T10:00:00\nend = 2024-06-20T11:00:00\n'
              'place = "hall"\nparticipants = ["a"]'),
             ("n", "ceremony", 'start = 2024-06-20T10:30:00\nend = 2024-06-20T12:00:00\n'
              'place = "hall"\nparticipants = ["a", "b"]'),
             ("o", "ceremony", DAY2)),
        trip(("m", "ceremony", 'start = 2024-06-20T10:00:00\nend = 2024-06-20T11:00:00\n'
              'place = "hall"\nparticipants = ["a"]'),
             ("n", "ceremony", 'start = 2024-06-20T10:30:00\nend = 2024-06-20T12:00:00\n'
              'place = "hall"\nparticipants = ["b"]'),
             ("o", "ceremony", DAY2)),
        [("R007", 38, 9, 'item "n" overlaps "m" for a')],
    ),
    "R008": (
        trip(("m", "meeting", DAY1), ("n", "courtesy-call", DAY2 + "\n" + COUNTERPART)),
        trip(("m", "meeting", DAY1 + "\n" + COUNTERPART),
             ("n", "courtesy-call", DAY2 + "\n" + COUNTERPART)),
        [("R008", 25, 1, 'meeting "m" has no counterpart')],
    ),
    "R009": (
        trip(("m", "ceremony", DAY1 + '\nstatus = "tentative"'), ("n", "ceremony", DAY2),
             status="confirmed"),
        trip(("m", "ceremony", DAY1 + '\nstatus = "tentative"'), ("n", "ceremony", DAY2),
             status="draft"),
        [("R009", 31, 10, 'item "m" is tentative but the trip is confirmed')],
    ),
    "R010": (
        trip(("m", "ceremony", DAY1 + '\ncontact = "d"'), ("n", "ceremony", DAY2)),
        trip(("m", "ceremony", DAY1 + '\ncontact = "c"'), ("n", "ceremony", DAY2)),
        [("R010", 31, 11, 'item "m" refers to contact "d"')],
    ),
    "R011": (
        trip(("m", "ceremony", DAY1 + '\nfootnotes = ["1", "2"]'), ("n", "ceremony", DAY2)),
        trip(("m", "ceremony", DAY1 + '\nfootnotes = ["1"]'), ("n", "ceremony", DAY2)),
        [("R011", 31, 19, 'item "m" refers to footnote "2"')],
    ),
    "R012": (
        trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2),
             base=BASE.replace('name = "B"', 'name = "B"\nprincipal = true')),
        trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2)),
        [("R012", 14, 13, '"b" is a second principal (the first is "a")')],
    ),
    "R013": (
        stamped(trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2))).replace(
            'title = "m"', 'title = "m, edited by hand"'),
        stamped(trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2))),
        [("R013", 28, 9, 'item "m" changed since it was stamped: its calendar SEQUENCE is now 4')],
    ),
    "R014": (
        trip(("m", "ceremony", DAY1 + '\nnotes = { ja = "メモ" }'), ("n", "ceremony", DAY2),
             base=BILINGUAL),
        trip(("m", "ceremony", DAY1 + '\nnotes = { ja = "メモ", en = "Memo" }'),
             ("n", "ceremony", DAY2), base=BILINGUAL),
        [("R014", 35, 1, "items.0.notes has no en text")],
    ),
    "R015": (
        trip(("m", "lodging", DAY1 + '\nend_date = 2024-06-21\ninferred = "1泊"'),
             ("n", "ceremony", DAY2), status="confirmed"),
        trip(("m", "lodging", DAY1 + '\nend_date = 2024-06-21\ninferred = "1泊"'),
             ("n", "ceremony", DAY2), status="draft"),
        [("R015", 32, 12, 'item "m" is inferred (1泊) but the trip is confirmed')],
    ),
    "R016": (
        trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2),
             base=AT_HOME.replace('name = "C"', 'name = "C"\nphone = "045-671-43"')),
        trip(("m", "ceremony", DAY1), ("n", "ceremony", DAY2),
             base=AT_HOME.replace('name = "C"', 'name = "C"\nphone = "045-671-4396"')),
        [("R016", 26, 9, 'the phone number "045-671-43" of contact "c" is not a valid phone '
          "number of JP (the delegation's home country, from places.home)")],
    ),
}


def test_every_r_rule_has_a_case():
    # catalogue rules compare several trips: tests/test_overlap.py
    assert sorted(CASES) == [r.code for r in all_rules()
                             if r.code.startswith("R") and not r.catalog]


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_triggers(tmp_path, code):
    bad, _, expected = CASES[code]
    result = validate(tmp_path, bad)
    assert findings(result) == expected
    severity = {r.code: r.severity.value for r in all_rules()}[code]
    assert result.exit_code == (1 if severity == "error" else 0)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_quiet_on_good_trip(tmp_path, code):
    _, good, _ = CASES[code]
    result = validate(tmp_path, good)
    assert findings(result) == []
    assert result.exit_code == 0


def test_strict_makes_warnings_fail(tmp_path):
    bad = CASES["R008"][0]
    assert validate(tmp_path, bad).exit_code == 0
    assert validate(tmp_path, bad, "--strict").exit_code == 1
    assert validate(tmp_path, bad, "--strict", "--exit-zero").exit_code == 0


def test_overlap_detection_scales(tmp_path):
    """A long day of back-to-back items: every overlap found once, in file order."""
    items = []
    for n in range(300):
        start = 8 * 60 + n * 2
        items.append((f"i{n}", "ceremony",
                      f"start = 2024-06-20T{start // 60:02d}:{start % 60:02d}:00\n"
                      f"end = 2024-06-20T{(start + 3) // 60:02d}:{(start + 3) % 60:02d}:00\n"
                      'place = "hall"\nparticipants = ["a"]'))
    items.append(("last", "ceremony", DAY2))
    result = validate(tmp_path, trip(*items), "--select", "R007")
    messages = [f[3] for f in findings(result)]
    assert messages == [f'item "i{n}" overlaps "i{n - 1}" for a' for n in range(1, 300)]
