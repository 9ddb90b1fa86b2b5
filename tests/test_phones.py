"""Phone numbers: the country each contact's number is read in (never guessed), how every
output writes it (international in English, the office's own writing for home numbers in
Japanese), and rule R016 at the number when it has no reading."""

from __future__ import annotations

import json

import pytest

from conftest import REFERENCE, run
from tripplan.cache import _package_versions
from tripplan.load import load_trip
from tripplan.model import Trip
from tripplan.phones import contact_phone, home_country, read, region_of
from tripplan.present.formats import phone


def trip_with(contacts: dict, places: dict | None = None, items: list | None = None,
              home: str = "Asia/Tokyo") -> Trip:
    return Trip.model_validate({"id": "t", "title": "T", "home_timezone": home,
                                "start": "2024-06-20", "end": "2024-06-20",
                                "places": places or {}, "contacts": contacts,
                                "items": items or []})


JAPAN = {"japan": {"name": "Japan", "country": "JP", "timezone": "Asia/Tokyo"}}
BANGKOK = {"bangkok": {"name": "Bangkok", "country": "TH", "timezone": "Asia/Bangkok"}}


def test_the_reference_trip_reads_its_numbers_in_japan() -> None:
    trip = load_trip(REFERENCE).trip
    assert home_country(trip) == ("JP", "places.japan")
    readings = {key: contact_phone(c, trip) for key, c in trip.contacts.items()}
    assert {key: (r.e164, r.international) for key, r in readings.items()} == {
        "nakamura": ("+81456714396", "+81 45-671-4396"),
        "yokouchi": ("+81456714712", "+81 45-671-4712"),
        "chiba": ("+81456714711", "+81 45-671-4711"),
        "anyoji": ("+81456714933", "+81 45-671-4933"),
    }
    assert all(r.country == "JP" and r.kind == "voice" for r in readings.values())


def test_home_country_comes_only_from_the_trip() -> None:
    # no place in the home zone: no home country, and nothing is assumed from the zone name
    assert home_country(trip_with({}, BANGKOK)) is None
    # an airport the items name in the home zone says it
    flight = {"id": "f", "kind": "flight", "title": "F", "date": "2024-06-20",
              "origin": "HND", "destination": "bangkok"}
    assert home_country(trip_with({}, BANGKOK, [flight])) == ("JP", "items.0.origin (HND)")
    # a place given as an airport: its country and zone from the airport database
    assert home_country(trip_with({}, {"hnd": {"name": "Haneda", "airport": "HND"}})) == (
        "JP", "places.hnd")
    # two countries in the home zone: ambiguous, so none
    places = {"paris": {"name": "Paris", "country": "FR", "timezone": "Europe/Paris"},
              "monaco": {"name": "Monaco", "country": "MC", "timezone": "Europe/Paris"}}
    assert home_country(trip_with({}, places, home="Europe/Paris")) is None


def test_the_contacts_country_comes_before_the_home_country() -> None:
    trip = trip_with({"a": {"name": "A", "phone": "02 123 4567", "country": "TH"},
                      "b": {"name": "B", "phone": "02 123 4567"}}, JAPAN)
    assert region_of(trip.contacts["a"], trip) == "TH"
    assert contact_phone(trip.contacts["a"], trip).e164 == "+6621234567"
    assert region_of(trip.contacts["b"], trip) == "JP"
    assert contact_phone(trip.contacts["b"], trip).e164 is None  # not a number in Japan


@pytest.mark.parametrize(("written", "region", "e164", "uri", "kind"), [
    ("045-671-4396", "JP", "+81456714396", "tel:+81456714396", "voice"),
    ("(045) 671-4396", "JP", "+81456714396", "tel:+81456714396", "voice"),
    ("090-1234-5678", "JP", "+819012345678", "tel:+819012345678", "cell"),
    ("+66 2 123 4567", "JP", "+6621234567", "tel:+6621234567", "voice"),  # + wins
    ("+66 2 123 4567", None, "+6621234567", "tel:+6621234567", "voice"),
    ("045-671-4396 ext 12", "JP", "+81456714396", "tel:+81456714396;ext=12", "voice"),
    ("+800 1234 5678", None, "+80012345678", "tel:+80012345678", "voice"),  # no country
])
def test_a_valid_number_has_its_e164_form(written, region, e164, uri, kind) -> None:
    reading = read(written, region)
    assert (reading.e164, reading.tel_uri, reading.kind, reading.problem) == (e164, uri, kind,
                                                                               None)


@pytest.mark.parametrize(("written", "region", "problem"), [
    ("045-671-4396", None, "has no country code (+81 …) and no country to read it in"),
    ("045-671-43", "JP", "is not a valid phone number of JP"),
    ("+81-3-0000-0000", None, "is not a valid phone number of JP (+81)"),
    ("+44 20 1", None, "is not a valid phone number of +44"),
    ("+800 1234", None, "is not a valid phone number of +800"),
    ("+999 1234", None, "is not a phone number libphonenumber can read"),  # no such code
    ("ext", "JP", "is not a phone number libphonenumber can read"),
])
def test_a_number_without_a_reading_says_why(written, region, problem) -> None:
    reading = read(written, region)
    assert (reading.e164, reading.tel_uri, reading.international) == (None, None, None)
    assert reading.problem == problem


def test_every_language_writes_a_number_so_that_it_can_be_dialled() -> None:
    trip = trip_with({"home": {"name": "H", "phone": "045-671-4396"},
                      "plus": {"name": "P", "phone": "+81 45 671 4396"},
                      "thai": {"name": "T", "phone": "02-123-4567", "country": "TH"},
                      "bad": {"name": "B", "phone": "045-671-43"}}, JAPAN)

    def written(lang: str) -> list[str]:
        return [phone(c, trip, lang) for c in trip.contacts.values()]

    assert written("en") == ["+81 45-671-4396", "+81 45-671-4396", "+66 2 123 4567",
                             "045-671-43"]
    assert written("ja") == ["045-671-4396", "+81 45 671 4396", "+66 2 123 4567", "045-671-43"]


def test_without_a_home_country_japanese_output_dials_internationally() -> None:
    trip = trip_with({"a": {"name": "A", "phone": "045-671-4396", "country": "JP"},
                      "b": {"name": "B", "phone": "045-671-4396"}}, BANGKOK)
    assert phone(trip.contacts["a"], trip, "ja") == "+81 45-671-4396"
    assert phone(trip.contacts["b"], trip, "ja") == "045-671-4396"  # no country: as written


TRIP = """\
id = "t"
title = "T"
home_timezone = "Asia/Tokyo"
start = 2024-06-20
end = 2024-06-20

[places.hall]
name = "Hall"
timezone = "Asia/Bangkok"

[contacts.a]
name = "A"
phone = "045-671-4396"

[contacts.b]
name = "B"
country = "TH"
phone = "08-1234"

[contacts.c]
name = "C"
phone = "+81-3-0000-0000"

[contacts.d]
name = "D"
phone = "+81 45-671-4396"
"""


def test_r016_at_each_number_without_a_reading(tmp_path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(TRIP, encoding="utf-8")
    result = run("validate", str(path), "--select", "R016", "--format", "json")
    assert result.exit_code == 0  # warnings
    found = [(d["line"], d["column"], d["key"], d["message"], d["help"])
             for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [
        (13, 9, "contacts.a.phone", 'the phone number "045-671-4396" of contact "a" has no '
         "country code (+81 …) and no country to read it in", "write it with its country code "
         '(+81 45-671-4396), or give the contact its country = "JP"'),
        (18, 9, "contacts.b.phone", 'the phone number "08-1234" of contact "b" is not a valid '
         "phone number of TH (the contact's country)", "check the number; if it is a number "
         "of another country, write it with its country code (+66 2 123 4567) or give the "
         'contact its country = "TH"'),
        (22, 9, "contacts.c.phone", 'the phone number "+81-3-0000-0000" of contact "c" is not '
         "a valid phone number of JP (+81)", "check the number and its country code"),
    ]
    text = run("validate", str(path), "--select", "R016")
    assert text.stdout.splitlines()[0].startswith(f"{path}:13:9: R016 invalid-phone-number "
                                                  "[warning]")


def test_the_shipped_trips_have_no_r016(in_repo) -> None:
    result = run("validate", "--select", "R016")
    assert (result.exit_code, result.stdout) == (0, "All checks passed (2 files).\n")


def test_a_contacts_country_is_a_country_code(tmp_path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(TRIP.replace('country = "TH"', 'country = "th"'), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[:2] == [
        f'{path}:17:11: F008 invalid-value "th" is not a country code',
        "  help: write the ISO 3166 two-letter code in capitals, e.g. TH or JP"]


def test_cached_findings_depend_on_the_libphonenumber_release() -> None:
    assert any(name.startswith("phonenumbers-") for name in _package_versions())
