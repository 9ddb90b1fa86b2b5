"""``tripplan export --vcard``: one vCard 4.0 (RFC 6350) per contact the export lists, read
back by an independent parser (vobject) and compared field by field with the trip; the raw
bytes are checked for CRLF, folding at 75 octets and escaping, and the reference trip's
file against its golden copy (after an intended change of the output, regenerate it with
``UPDATE_GOLDEN=1 pytest tests/test_vcard.py`` and read the diff)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import vobject

from conftest import REFERENCE, run
from tripplan.load import load_trip
from tripplan.phones import contact_phone

GOLDEN = Path(__file__).parent / "golden" / "vcard" / "2024-06-yokohama-bangkok.ja+en.vcf"

TRIP = '''\
id = "2025-05-vcard-test"
title = "T"
home_timezone = "Asia/Tokyo"
start = 2025-05-12
end = 2025-05-12

[places.city-hall]
name = "City Hall"
country = "JP"
timezone = "Asia/Tokyo"

[contacts.tanaka]
name.ja = "田中 一郎"
name.en = "Ichiro Tanaka"
department.ja = "総務局；儀典課"
department.en = "General Affairs Bureau; Protocol, Ceremonies Division, which looks after guests"
title.ja = "課長"
title.en = "Director, Protocol"
phone = "090-1234-5678"
email = "tanaka@city.example.jp"
topic.ja = "全般"
topic.en = """Everything: the programme, cars; gifts\\\\and
the press"""

[contacts.somchai]
name = "Somchai Jaidee"
country = "TH"
phone = "02 123 4567"
topic = "Venue, Bangkok side"

[contacts.secret]
name.ja = "秘密 太郎"
phone = "045-671-4396"

[contacts.gone]
name = "Cancelled Only"
phone = "+33 1 42 76 40 40"

[contacts.odd]
name = "Odd Number"
phone = "12-34"

[contacts.unnamed]
name = "Named by no item"
phone = "045-671-4396"

[[items]]
id = "a"
kind = "ceremony"
title = "A"
date = 2025-05-12
place = "city-hall"
contact = "tanaka"
visibility = "public"

[[items]]
id = "b"
kind = "ceremony"
title = "B"
date = 2025-05-12
place = "city-hall"
contact = "somchai"
visibility = "public"

[[items]]
id = "c"
kind = "ceremony"
title = "C"
date = 2025-05-12
place = "city-hall"
contact = "secret"
visibility = "confidential"

[[items]]
id = "d"
kind = "ceremony"
title = "D"
date = 2025-05-12
place = "city-hall"
contact = "gone"
status = "cancelled"
visibility = "public"

[[items]]
id = "e"
kind = "ceremony"
title = "E"
date = 2025-05-12
place = "city-hall"
contact = "odd"
visibility = "internal"
'''


@pytest.fixture
def trip_file(tmp_path):
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    return path


def export(path, *args: str) -> bytes:
    result = run("export", str(path), "--vcard", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def cards(data: bytes) -> dict[str, vobject.base.Component]:
    """The cards of a vCard file by their FN (the first one), parsed by vobject."""
    parsed = list(vobject.readComponents(data.decode("utf-8")))
    assert all(c.name == "VCARD" and c.version.value == "4.0" for c in parsed)
    return {c.contents["fn"][0].value: c for c in parsed}


def by_language(card, name: str) -> dict[str | None, object]:
    """The values of property ``name`` by their LANGUAGE (``None``: no language)."""
    out = {}
    for prop in card.contents.get(name, []):
        out[prop.params.get("LANGUAGE", [None])[0]] = prop.value
    return out


def altids(card, name: str) -> set[str]:
    return {p.params.get("ALTID", [""])[0] for p in card.contents.get(name, [])}


def expected_texts(text, compound: bool = False) -> dict:
    if text is None:
        return {}
    if not text.languages:
        return {None: [text.root] if compound else text.root}
    return {lang: [text.get(lang)] if compound else text.get(lang) for lang in text.languages}


def test_every_field_of_every_reference_contact(tmp_path):
    trip = load_trip(REFERENCE).trip
    got = cards(export(REFERENCE, "--lang", "ja+en"))
    assert list(got) == [c.name.get("ja") for c in trip.contacts.values()]  # the trip's order
    for key, contact in trip.contacts.items():
        card = got[contact.name.get("ja")]
        assert card.uid.value == "urn:uuid:" + str(uuid.uuid5(
            uuid.NAMESPACE_URL, f"{key}@{trip.id}.tripplan"))
        assert card.kind.value == "individual"
        assert by_language(card, "fn") == {None: contact.name.root}  # a plain string
        family, given = contact.name.root.split(" ")
        assert (card.n.value.family, card.n.value.given) == (family, given)
        assert by_language(card, "org") == expected_texts(contact.department, compound=True)
        assert by_language(card, "title") == expected_texts(contact.title)
        assert by_language(card, "note") == expected_texts(contact.topic)
        for name in ("org", "title", "note"):
            assert altids(card, name) == {"1"}
            assert [p.params["LANGUAGE"] for p in card.contents[name]] == [["ja"], ["en"]]
        [tel] = card.contents["tel"]
        assert tel.params == {"VALUE": ["uri"], "TYPE": ["work", "voice"]}
        assert tel.value == contact_phone(contact, trip).tel_uri
        assert "email" not in card.contents
    assert [c.tel.value for c in got.values()] == [
        "tel:+81456714396", "tel:+81456714712", "tel:+81456714711", "tel:+81456714933"]


def test_texts_with_commas_semicolons_and_japanese_names(trip_file):
    trip = load_trip(trip_file).trip
    got = cards(export(trip_file, "--audience", "confidential", "--lang", "en"))
    tanaka = got["Ichiro Tanaka"]
    contact = trip.contacts["tanaka"]
    assert by_language(tanaka, "fn") == {"en": "Ichiro Tanaka", "ja": "田中 一郎"}
    assert [p.params["LANGUAGE"] for p in tanaka.contents["fn"]] == [["en"], ["ja"]]
    assert altids(tanaka, "fn") == {"1"}
    [name] = tanaka.contents["n"]
    assert name.params == {"LANGUAGE": ["ja"]}
    assert (name.value.family, name.value.given) == ("田中", "一郎")
    assert by_language(tanaka, "org") == {"en": [contact.department.get("en")],
                                          "ja": ["総務局；儀典課"]}
    assert by_language(tanaka, "title") == {"en": "Director, Protocol", "ja": "課長"}
    assert by_language(tanaka, "note") == {
        "en": "Everything: the programme, cars; gifts\\and\nthe press", "ja": "全般"}
    assert tanaka.tel.value == "tel:+819012345678"
    assert tanaka.tel.params["TYPE"] == ["work", "cell"]
    assert (tanaka.email.value, tanaka.email.params) == ("tanaka@city.example.jp",
                                                         {"TYPE": ["work"]})
    somchai = got["Somchai Jaidee"]  # a Thai number read in the contact's country
    assert somchai.tel.value == "tel:+6621234567"
    assert (somchai.n.value.family, somchai.n.value.given) == ("", "")  # order not known
    assert by_language(somchai, "note") == {None: "Venue, Bangkok side"}
    odd = got["Odd Number"]  # no reading: kept as written, as text
    assert (odd.tel.value, odd.tel.params) == ("12-34", {"VALUE": ["text"], "TYPE": ["work"]})
    assert got["秘密 太郎"].tel.value == "tel:+81456714396"


@pytest.mark.parametrize(("audience", "listed"), [
    ("public", ["Ichiro Tanaka", "Somchai Jaidee"]),
    ("internal", ["Ichiro Tanaka", "Somchai Jaidee", "Cancelled Only", "Odd Number"]),
    ("confidential", ["Ichiro Tanaka", "Somchai Jaidee", "秘密 太郎", "Cancelled Only",
                      "Odd Number"]),
])
def test_the_audience_cut_is_the_contact_sheets(trip_file, audience, listed):
    """A contact whom only confidential items name is in no public or internal file; one whom
    only a cancelled item names is not in the public one; one no item names is in none."""
    got = cards(export(trip_file, "--audience", audience, "--lang", "en"))
    assert list(got) == listed
    sheet = run("export", str(trip_file), "--txt", "--audience", audience, "--lang", "en")
    for name in ("Ichiro Tanaka", "Somchai Jaidee", "秘密 太郎", "Cancelled Only", "Odd Number"):
        assert (name in sheet.stdout) == (name in listed), name
    assert "Named by no item" not in sheet.stdout


def test_lines_are_crlf_folded_at_75_octets_and_escaped(trip_file):
    data = export(trip_file, "--audience", "confidential")
    assert data.endswith(b"END:VCARD\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    lines = data.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) == 75  # the long department is folded
    for line in lines:
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut by a fold
    text = data.decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    assert ("ORG;ALTID=1;LANGUAGE=en:General Affairs Bureau\\; Protocol\\, Ceremonies "
            "Division\\, which looks after guests\r\n") in unfolded
    assert "NOTE;ALTID=1;LANGUAGE=en:Everything: the programme\\, cars\\; gifts\\\\and\\nthe " \
           "press\r\n" in unfolded


def test_uids_are_stable_and_differ_by_trip_and_office(trip_file, tmp_path):
    first = {n: c.uid.value for n, c in cards(export(trip_file)).items()}
    assert first == {n: c.uid.value for n, c in cards(export(trip_file)).items()}
    assert len(set(first.values())) == len(first)
    other = tmp_path / "other.toml"
    other.write_text(TRIP.replace('id = "2025-05-vcard-test"', 'id = "2025-06-other"'),
                     encoding="utf-8")
    assert not set(first.values()) & {c.uid.value for c in cards(export(other)).values()}
    office = tmp_path / "office.toml"
    office.write_text(TRIP.replace('title = "T"\n', 'title = "T"\ncalendar_domain = '
                                   '"city.example.jp"\n'), encoding="utf-8")
    uids = {n: c.uid.value for n, c in cards(export(office)).items()}
    assert uids["Ichiro Tanaka"] == "urn:uuid:" + str(uuid.uuid5(
        uuid.NAMESPACE_URL, "tanaka@2025-05-vcard-test.city.example.jp"))


def test_the_file_name_says_the_format(trip_file, tmp_path):
    out = tmp_path / "contacts.vcf"
    result = run("export", str(trip_file), "-o", str(out))
    assert (result.exit_code, result.stderr) == (0, f"wrote {out}\n")
    assert out.read_bytes() == export(trip_file)
    refused = run("export", str(trip_file), "--vcard", "-o", str(tmp_path / "x.ics"))
    assert refused.exit_code == 2
    assert refused.stderr.splitlines() == [
        f"tripplan: -o {tmp_path / 'x.ics'} names a ics file, not vcard",
        f"  hint: name the file {tmp_path / 'x.vcf'}"]


def test_a_trip_without_listed_contacts_gives_an_empty_file_and_says_so(tmp_path):
    path = tmp_path / "trip.toml"
    path.write_text(TRIP.replace('contact = "tanaka"\n', "").replace('contact = "somchai"\n',
                                                                       ""), encoding="utf-8")
    out = tmp_path / "contacts.vcf"
    result = run("export", str(path), "-o", str(out), "--audience", "public")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == b""
    assert result.stderr.splitlines()[-1] == (
        f"tripplan: note: {path} lists no contacts for this export (none that its items "
        "shown to this audience name)")


def test_the_reference_contacts_match_the_golden_file():
    data = export(REFERENCE, "--lang", "ja+en")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(data)
    assert GOLDEN.is_file(), f"{GOLDEN} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert data == GOLDEN.read_bytes(), "the vCards differ from the golden file"
