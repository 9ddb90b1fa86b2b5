"""``tripplan publish`` against a real CalDAV server (Radicale on 127.0.0.1), never a mock.

The reference and example trips are copied to a temporary folder, published, edited with
the CLI (move, cancel, rm, a renamed id) and published again; a second client
(:class:`caldav_server.Reader`: raw HTTP and python icalendar) reads the collection back.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import uuid
from pathlib import Path

import pytest

from caldav_server import (
    OTHER_PASSWORD,
    OTHER_USER,
    PASSWORD,
    USER,
    Reader,
    free_port,
    start_radicale,
)
from conftest import REFERENCE, ROOT, in_fresh_process, run
from icaljs import icaljs_events

EXAMPLES = sorted((ROOT / "itineraries" / "examples").glob("*.toml"))
EXAMPLE_ID = "2025-03-example-tokyo-bangkok"
CREDENTIALS = {"TRIPPLAN_CALDAV_USER": USER, "TRIPPLAN_CALDAV_PASSWORD": PASSWORD}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_radicale(tmp_path_factory.mktemp("radicale")) as radicale:
        yield radicale


@pytest.fixture
def collection(server):
    """A fresh collection URL (not yet created) for each test."""
    return server.collection(f"cal-{uuid.uuid4().hex[:8]}")


@pytest.fixture
def trips(tmp_path):
    folder = tmp_path / "trips"
    folder.mkdir()
    for source in [REFERENCE, *EXAMPLES]:
        shutil.copyfile(source, folder / source.name)
    return folder


@pytest.fixture
def home(tmp_path, monkeypatch):
    """No netrc of the developer's: HOME is an empty folder."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("NETRC", raising=False)
    return folder


def publish(*args: str, env: dict[str, str] | None = None):
    return run("publish", *args, env=CREDENTIALS if env is None else env)


def example(trips: Path) -> str:
    return str(trips / f"{EXAMPLE_ID}.toml")


def uid(item: str, trip: str = EXAMPLE_ID) -> str:
    return f"{item}@{trip}.tripplan"


def show_instants(trip: Path) -> dict[str, tuple[str, str | None]]:
    done = run("show", str(trip), "--json")
    assert done.exit_code == 0, done.stderr
    out = {}
    for item in json.loads(done.stdout)["items"]:
        resolved = item.get("resolved") or {}
        if resolved.get("start_utc"):
            out[item["id"]] = (resolved["start_utc"], resolved.get("end_utc"))
    return out


def test_publish_edit_and_publish_again(home, trips, collection):
    reader = Reader()
    first = publish(str(trips), "--to", collection, "--create")
    assert first.exit_code == 0, first.stderr
    before = reader.by_uid(collection)
    exported = run("export", str(trips / REFERENCE.name), "--ics", "--no-state")
    assert len([u for u in before if u.endswith(f"@{REFERENCE.stem}.tripplan")]) \
        == exported.stdout.count("BEGIN:VEVENT")
    assert all(r.status != "CANCELLED" for r in before.values())

    trip = example(trips)
    for args in (["move", trip, "welcome-dinner", "--by", "30m"],
                 ["cancel", trip, "plant-visit"], ["rm", trip, "working-lunch", "--yes"],
                 ["set", trip, "embassy-call", "id=ambassador-call"]):
        assert run(*args).exit_code == 0, args
    second = publish(str(trips), "--to", collection)
    assert second.exit_code == 0, second.stderr
    after = reader.by_uid(collection)

    changed = {uid(i) for i in ("welcome-dinner", "plant-visit", "working-lunch",
                                "embassy-call")}
    assert set(after) == set(before) | {uid("ambassador-call")}
    for key, old in before.items():
        new = after[key]
        if key in changed:
            assert new.etag != old.etag and new.sequence > old.sequence, key
        else:
            assert (new.etag, new.sequence) == (old.etag, old.sequence), key
    for key in changed - {uid("welcome-dinner")}:
        assert after[key].status == "CANCELLED", key
    moved = after[uid("welcome-dinner")].event.decoded("DTSTART")
    assert moved - before[uid("welcome-dinner")].event.decoded("DTSTART") \
        == dt.timedelta(minutes=30)
    assert after[uid("ambassador-call")].status != "CANCELLED"

    again = publish(str(trips), "--to", collection)
    assert again.exit_code == 0 and "0 written" in again.stderr
    assert {k: r.etag for k, r in reader.by_uid(collection).items()} \
        == {k: r.etag for k, r in after.items()}

    removed = publish(str(trips), "--to", collection, "--delete-removed")
    assert removed.exit_code == 0, removed.stderr
    left = reader.by_uid(collection)
    assert set(left) == set(after) - (changed - {uid("welcome-dinner")})
    assert all(left[k].etag == after[k].etag for k in left)


def test_each_object_stands_alone_at_the_instants_show_gives(home, trips, collection):
    assert publish(str(trips), "--to", collection, "--create").exit_code == 0
    want = {}
    for path in trips.glob("*.toml"):
        want.update({uid(i, path.stem): t for i, t in show_instants(path).items()})
    found = Reader().by_uid(collection)
    timed = 0
    for key, resource in found.items():
        text = resource.data.decode("utf-8")
        assert "METHOD" not in text and text.count("BEGIN:VEVENT") == 1
        assert resource.href.endswith(key + ".ics") or resource.href.endswith(
            key.replace("@", "%40") + ".ics")
        [event] = icaljs_events(resource.data)  # only the object's own VTIMEZONEs
        if key in want and not event["start_is_date"]:
            timed += 1
            start, end = want[key]
            assert event["start_utc"] == start, key
            assert end is None or event["end_utc"] == end, key
    assert timed >= 8


def test_dry_run_changes_nothing(home, trips, collection):
    assert publish(str(trips), "--to", collection, "--create").exit_code == 0
    reader = Reader()
    before = {k: r.etag for k, r in reader.by_uid(collection).items()}
    trip = example(trips)
    assert run("move", trip, "welcome-dinner", "--by", "1h").exit_code == 0
    kept = sorted(p.name for p in trips.rglob("*"))  # nothing beside the trips either
    dry = publish(str(trips), "--to", collection, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert f"update     {uid('welcome-dinner')}" in dry.stdout
    assert f"unchanged  {uid('hotel')}" in dry.stdout
    assert "dry run, nothing changed" in dry.stderr
    assert {k: r.etag for k, r in reader.by_uid(collection).items()} == before
    assert sorted(p.name for p in trips.rglob("*")) == kept

    missing = collection.rstrip("/") + "-new/"
    dry = publish(str(trips), "--to", missing, "--create", "--dry-run")
    assert dry.exit_code == 0 and "collection would be created" in dry.stderr
    assert not reader.exists(missing)


def test_a_change_made_on_the_server_is_not_overwritten(home, trips, collection):
    assert publish(str(trips), "--to", collection, "--create").exit_code == 0
    reader = Reader()
    target = reader.by_uid(collection)[uid("welcome-dinner")]
    edited = target.data.replace(b"SUMMARY:Welcome dinner", b"SUMMARY:Dinner (moved by Sato)")
    assert edited != target.data
    assert reader.put(target.href, edited, target.etag) in (201, 204)
    behind = reader.by_uid(collection)[uid("welcome-dinner")]

    trip = example(trips)
    assert run("move", trip, "welcome-dinner", "--by", "30m").exit_code == 0
    assert run("move", trip, "workshop", "--by", "15m").exit_code == 0
    done = publish(str(trips), "--to", collection)
    assert done.exit_code == 2
    assert uid("welcome-dinner") in done.stderr and "--overwrite" in done.stderr
    assert "Traceback" not in done.stderr
    assert f"conflict   {uid('welcome-dinner')}" in done.stdout
    now = reader.by_uid(collection)
    assert now[uid("welcome-dinner")].etag == behind.etag  # not overwritten
    assert now[uid("workshop")].sequence > 0  # the rest was written

    forced = publish(str(trips), "--to", collection, "--overwrite")
    assert forced.exit_code == 0, forced.stderr
    replaced = reader.by_uid(collection)[uid("welcome-dinner")]
    assert b"Sato" not in replaced.data and replaced.sequence > behind.sequence


def test_a_change_made_while_publishing_is_a_412_conflict(home, trips, collection):
    from tripplan.app.env import Environment
    from tripplan.app.publish import publish as publish_use_case

    assert publish(str(trips), "--to", collection, "--create").exit_code == 0
    trip = example(trips)
    for item in ("airport-transfer", "workshop"):
        assert run("move", trip, item, "--by", "10m").exit_code == 0
    reader = Reader()
    second = reader.by_uid(collection)[uid("workshop")]
    calls = []

    def progress(done: int, total: int) -> None:  # edit the second event after the first
        calls.append((done, total))
        if done == 1:
            edited = second.data.replace(b"SUMMARY:", b"SUMMARY:[edited] ")
            assert reader.put(second.href, edited, second.etag) in (201, 204)

    env = Environment.for_test(environ=CREDENTIALS)
    result = publish_use_case(env, [str(trips)], to=collection, progress=progress)
    assert calls == [(1, 2), (2, 2)]
    assert result.outcome.value == "invalid" and "workshop" in result.error.message
    by_uid = {a.uid: a for a in result.actions}
    assert by_uid[uid("airport-transfer")].written
    assert by_uid[uid("workshop")].kind.value == "conflict"
    assert not by_uid[uid("workshop")].written
    assert b"[edited]" in reader.by_uid(collection)[uid("workshop")].data


def test_resources_of_others_are_never_touched(home, trips, collection):
    assert publish(str(trips), "--to", collection, "--create").exit_code == 0
    reader = Reader()
    other = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//EN\r\nBEGIN:VEVENT\r\n"
             b"UID:lunch@other-trip.tripplan\r\nDTSTAMP:20250101T000000Z\r\n"
             b"DTSTART:20250310T030000Z\r\nSUMMARY:Lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert reader.put(collection + "lunch.ics", other) == 201
    etag = reader.by_uid(collection)["lunch@other-trip.tripplan"].etag
    assert run("rm", example(trips), "hotel", "--yes").exit_code == 0
    done = publish(str(trips), "--to", collection, "--delete-removed")
    assert done.exit_code == 0, done.stderr
    found = reader.by_uid(collection)
    assert found["lunch@other-trip.tripplan"].etag == etag
    assert uid("hotel") not in found


def test_per_person_and_audience(home, trips, collection):
    trip = example(trips)
    done = publish(trip, "--to", collection, "--create", "--for", "interpreter",
                   "--audience", "public", "--lang", "ja", "--json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["command"] == "publish" and report["created_collection"]
    events = report["trips"][0]["events"]
    assert {e["action"] for e in events} == {"create"} and all(e["written"] for e in events)
    found = Reader().by_uid(collection)
    assert set(found) == {e["uid"] for e in events}
    everyone = run("export", trip, "--ics", "--no-state").stdout.count("BEGIN:VEVENT")
    assert 0 < len(found) < everyone
    assert all(str(r.event.get("CLASS")) == "PUBLIC" for r in found.values())
    assert any("\u3000" in str(r.event["SUMMARY"]) or not str(r.event["SUMMARY"]).isascii()
               for r in found.values())
    assert PASSWORD not in done.stdout + done.stderr


def test_credentials_from_netrc(home, trips, collection, server):
    (home / ".netrc").write_text(f'machine 127.0.0.1\n  login {USER}\n  password "{PASSWORD}"\n',
                                 encoding="utf-8")
    done = publish(example(trips), "--to", collection, "--create", env={})
    assert done.exit_code == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr


def test_bad_credentials_missing_collection_and_unreachable_server(home, trips, collection):
    trip = example(trips)
    wrong = publish(trip, "--to", collection, "--create",
                    env={**CREDENTIALS, "TRIPPLAN_CALDAV_PASSWORD": "wrong-pass"})
    assert wrong.exit_code == 2
    assert "did not accept the credentials from TRIPPLAN_CALDAV_USER/" in wrong.stderr
    assert collection in wrong.stderr and "wrong-pass" not in wrong.stderr + wrong.stdout

    none = publish(trip, "--to", collection, env={})
    assert none.exit_code == 2 and "asks for a user name and password" in none.stderr

    missing = publish(trip, "--to", collection)
    assert missing.exit_code == 2 and "no calendar collection" in missing.stderr
    assert "--create" in missing.stderr and not Reader().exists(collection)
    made = publish(trip, "--to", collection, "--create")
    assert made.exit_code == 0 and Reader().exists(collection)

    other = publish(trip, "--to", collection, env={"TRIPPLAN_CALDAV_USER": OTHER_USER,
                                                   "TRIPPLAN_CALDAV_PASSWORD": OTHER_PASSWORD})
    assert other.exit_code == 2 and "refused access" in other.stderr and "403" in other.stderr

    account = publish(trip, "--to", collection.rsplit("/", 2)[0] + "/")
    assert account.exit_code == 2 and "not a calendar collection" in account.stderr

    port = free_port()
    down = publish(trip, "--to", f"http://127.0.0.1:{port}/{USER}/cal/")
    assert down.exit_code == 2 and "connection refused" in down.stderr
    for done in (wrong, none, missing, other, account, down):
        assert "Traceback" not in done.stderr and PASSWORD not in done.stderr
        assert OTHER_PASSWORD not in done.stderr


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/cal/", "not an http(s) URL"),
    ("127.0.0.1/cal/", "not an http(s) URL"),
    (f"http://{USER}:hunter2@127.0.0.1/cal/", "holds a password"),
])
def test_urls_that_are_not_collection_urls(home, trips, url, message):
    done = publish(example(trips), "--to", url)
    assert done.exit_code == 2 and message in done.stderr
    assert "hunter2" not in done.stderr + done.stdout


def test_read_commands_do_not_import_the_publishing_code():
    code, _out, modules = in_fresh_process("show", str(REFERENCE))
    assert code == 0
    assert not {m for m in modules if m == "caldav" or m.startswith(("caldav.",
                                                                      "tripplan.publish"))}


def test_a_user_name_in_the_url_is_used_and_never_shown(home, trips, collection):
    with_user = collection.replace("http://", f"http://{USER}@")
    done = publish(example(trips), "--to", with_user, "--create", "--json",
                   env={"TRIPPLAN_CALDAV_PASSWORD": PASSWORD})
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["collection"] == collection
    assert f"{USER}@127" not in done.stdout + done.stderr
    assert Reader().exists(collection)


def test_calendar_objects_keep_only_their_own_zones_and_no_method(tmp_path):
    from tripplan.export import ics_objects

    trip = tmp_path / "trip.toml"
    shutil.copyfile(EXAMPLES[0], trip)
    data = run("export", str(trip), "--ics", "--method", "publish", "--organizer",
               "protocol@city.example").stdout_bytes
    assert b"METHOD:PUBLISH" in data  # even from an iTIP-style file, objects have no METHOD
    objects = {o.uid: o for o in ics_objects.split(data)}
    assert len(objects) == data.count(b"BEGIN:VEVENT")
    flight = objects[uid("outbound-flight")]
    assert flight.tzids == ("Asia/Bangkok", "Asia/Tokyo")
    assert flight.data.count(b"BEGIN:VTIMEZONE") == 2
    dinner = objects[uid("welcome-dinner")]
    assert dinner.tzids == ("Asia/Bangkok",) and dinner.data.count(b"BEGIN:VTIMEZONE") == 1
    for obj in objects.values():
        assert b"METHOD" not in obj.data and b"X-WR-CALNAME" not in obj.data
        assert ics_objects.belongs_to_trip(obj.uid, EXAMPLE_ID)
        assert not ics_objects.belongs_to_trip(obj.uid, "example-tokyo-bangkok")
    later = re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:20300101T000000Z", data)
    assert later != data
    restamped = {o.uid: o for o in ics_objects.split(later)}
    assert all(ics_objects.same_content(objects[k].data, restamped[k].data) for k in objects)
    assert not ics_objects.same_content(flight.data, dinner.data)


def test_a_web_server_that_is_not_caldav(home, trips, tmp_path):
    import http.server
    import threading

    class Page(http.server.BaseHTTPRequestHandler):
        def do_PROPFIND(self):  # noqa: N802 - http.server's naming
            body = b"<html><body>Welcome</body></html>"
            self.send_response(207)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        done = publish(example(trips), "--to", f"http://127.0.0.1:{web.server_port}/cal/")
    finally:
        web.shutdown()
        web.server_close()
        thread.join(timeout=10)
    assert done.exit_code == 2, done.stderr
    assert "--to http://127.0.0.1" in done.stderr and "Traceback" not in done.stderr


def test_a_server_that_goes_away_half_way_is_reported(home, trips, tmp_path):
    from tripplan.app.env import Environment
    from tripplan.app.publish import publish as publish_use_case

    (tmp_path / "short-lived").mkdir()
    with start_radicale(tmp_path / "short-lived") as short:
        url = short.collection("cal")
        env = Environment.for_test(environ=CREDENTIALS)

        def stop_after_first(done: int, total: int) -> None:
            if done == 1:
                short.process.terminate()
                short.process.wait(timeout=10)

        result = publish_use_case(env, [example(trips)], to=url, create=True,
                                  progress=stop_after_first)
    writes = [a for a in result.actions if a.writes]
    assert result.outcome.value == "invalid" and len(writes) > 2
    assert [a.written for a in writes] == [True] + [False] * (len(writes) - 1)
    assert "cannot reach the server" in result.error.message
    assert f"(1 of {len(writes)} changes written, {len(writes) - 1} not)" in result.error.message
