"""schema.org JSON-LD export: a real JSON-LD processor (pyld) expands it, every item has its
type and its instants (or date values, never an invented time), and a structured-data
extractor (extruct) finds the same document in the HTML agenda. No network: the schema.org
context is a small inline one, served by a local document loader."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conftest import DATA, ROOT
from tripplan.export import html, jsonld
from tripplan.export.view import ExportOptions, ExportView
from tripplan.load import load_trip
from tripplan.model import Kind, Timing, Visibility
from tripplan.present.vocabulary import Languages
from tripplan.zones import chronological

pyld = pytest.importorskip("pyld")
extruct = pytest.importorskip("extruct")

TRIPS = sorted([*(ROOT / "itineraries").rglob("*.toml"), *(DATA / "ics").glob("*.toml")])
NOW = dt.datetime(2025, 1, 15, 9, 0, tzinfo=dt.UTC)
SCHEMA = "https://schema.org/"
CONTEXT = {"@context": {
    "@vocab": SCHEMA, "schema": SCHEMA,
    **{key: {"@type": "@id"} for key in ("additionalType", "reservationStatus", "eventStatus")},
}}
TYPES = {Kind.FLIGHT: "FlightReservation", Kind.LODGING: "LodgingReservation"}


def loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise AssertionError(f"the test must not fetch {url}")


def expanded(document: dict) -> dict[str, dict]:
    from pyld import jsonld as processor

    nodes = processor.expand(document, {"documentLoader": loader})
    out = {}
    for node in nodes:
        [identifier] = node[SCHEMA + "identifier"]
        out[identifier["@value"].split("@")[0]] = node
    return out


def value(node: dict, *path: str) -> str | None:
    for key in path[:-1]:
        node = node[SCHEMA + key][0]
    found = node.get(SCHEMA + path[-1])
    return found[0]["@value"] if found else None


def instant(text: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(text)
    assert parsed.tzinfo is not None, f"{text} has no UTC offset"
    return parsed.astimezone(dt.UTC)


def starts(node: dict, kind: Kind) -> tuple[str | None, str | None]:
    if kind is Kind.FLIGHT:
        return (value(node, "reservationFor", "departureTime")
                or value(node, "reservationFor", "departureDay"),
                value(node, "reservationFor", "arrivalTime"))
    if kind is Kind.LODGING:
        return value(node, "checkinTime"), value(node, "checkoutTime")
    return value(node, "startDate"), value(node, "endDate")


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("path", TRIPS, ids=lambda p: p.stem)
def test_json_ld_expands_with_each_item_type_and_instants(path, lang):
    trip = load_trip(path).trip
    view = ExportView.of(trip)
    options = ExportOptions(Languages(lang), audience=Visibility.CONFIDENTIAL, now=NOW)
    document = json.loads(jsonld.render(view, options))
    nodes = expanded(document)
    dated = [t for t in chronological(view.schedule.times)
             if t.item.timing is not Timing.UNSCHEDULED]
    assert list(nodes) == [t.item.id for t in dated]
    for t in dated:
        node, item = nodes[t.item.id], t.item
        assert node["@type"] == [SCHEMA + TYPES.get(item.kind, "Event")]
        start, end = starts(node, item.kind)
        if item.timing is Timing.TIMED:
            assert instant(start) == t.start_utc
            if item.end is not None:
                assert instant(end) == t.end_utc
        else:
            assert start == item.date.isoformat()  # a date value, no invented time
            assert end is None or len(end) == 10
        if item.kind not in TYPES:
            assert node[SCHEMA + "additionalType"] == [{"@id": f"tripplan:{item.kind.value}"}]


def test_html_agenda_embeds_the_same_json_ld():
    trip = load_trip(ROOT / "itineraries" / "examples" / "2025-03-example-tokyo-bangkok.toml").trip
    view = ExportView.of(trip)
    options = ExportOptions(Languages.EN, now=NOW)
    page = html.render(view, options).decode()
    found = extruct.extract(page, syntaxes=["json-ld"], uniform=False)["json-ld"]
    assert found == [jsonld.document(view, options)]


def test_script_block_cannot_be_closed_by_trip_text():
    trip = load_trip(ROOT / "itineraries" / "2024-06-yokohama-bangkok.toml").trip
    evil = trip.model_copy(update={"items": [trip.items[1].model_copy(
        update={"title": trip.items[1].title.model_validate("</script><b>x & y</b>")})]})
    text = jsonld.script(ExportView.of(evil), ExportOptions(now=NOW))
    assert "</" not in text and "<b>" not in text
    assert json.loads(text)["@graph"][0]["name"] == "</script><b>x & y</b>"


def test_json_ld_reads_back(tmp_path):
    """``tripplan import`` reads the JSON-LD it writes: the same items and instants."""
    from tripplan.app.env import Environment
    from tripplan.app.importing import import_files
    from tripplan.zones import resolve

    source = ROOT / "itineraries" / "examples" / "2025-03-example-tokyo-bangkok.toml"
    trip = load_trip(source).trip
    out = tmp_path / "trip.jsonld"
    out.write_bytes(jsonld.render(ExportView.of(trip), ExportOptions(
        Languages.EN, audience=Visibility.CONFIDENTIAL, now=NOW)))
    env = Environment.for_test(now=NOW, environ={"TRIPPLAN_ITINERARIES": str(tmp_path)})
    again = load_trip(import_files(env, [out], new="again").path).trip
    before = {t.item.id: (t.item.kind, t.start_utc, t.end_utc) for t in resolve(trip)}
    after = {t.item.id: (t.item.kind, t.start_utc, t.end_utc) for t in resolve(again)}
    assert after == before
