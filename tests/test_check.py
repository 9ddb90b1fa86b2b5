"""``tripplan check`` (the pre-departure checklist, C rules) and ``tripplan schema``."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import REFERENCE, ROOT, run
from tripplan.rules import all_rules

REF = str(REFERENCE)
REF_SHOWN = "itineraries/2024-06-yokohama-bangkok.toml"

TRIP = """\
id = "t"
title = "T"
status = "{status}"
home_timezone = "Asia/Tokyo"
start = {start}
end = {end}

[people.a]
name = "A"
principal = true

[places.hall]
name = "Hall"
timezone = "Asia/Bangkok"

[contacts.c]
name = "C"
"""

HOTEL = """
[[items]]
id = "hotel"
kind = "lodging"
title = "Hotel"
date = {start}
end_date = {end}
place = "hall"
"""

MEETING = """
[[items]]
id = "{id}"
kind = "meeting"
title = "Meeting"
start = {start}T10:00:00
end = {start}T11:00:00
place = "hall"
counterparts = [{{ title = "Governor" }}]
contact = "c"
{extra}
"""


def write(tmp_path, *, status="confirmed", start="2024-06-20", end="2024-06-21", hotel=True,
          items=()):
    text = TRIP.format(status=status, start=start, end=end)
    if hotel:
        text += HOTEL.format(start=start, end=end)
    for item in items:
        text += item.format(start=start)
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def meeting(item_id="m", extra=""):
    return MEETING.replace("{id}", item_id).replace("{extra}", extra)


def check_json(*args):
    result = run("check", *args, "--format", "json")
    return result, json.loads(result.stdout)


def codes(data):
    return [(d["code"], d["item"], d["severity"]) for d in data["diagnostics"]]


# --- the reference trip -------------------------------------------------------------------


def test_reference_five_days_before_lists_every_untimed_item(in_repo):
    result, data = check_json("2024-06-yokohama-bangkok", "--today", "2024-06-15",
                              "--days-before", "7")
    assert result.exit_code == 1
    untimed = [d["item"] for d in data["diagnostics"] if d["code"] == "C003"]
    assert untimed == [
        "outbound-flight", "governor-meeting", "decarbonization-workshop", "bkk-expo-speech",
        "ambassador-call", "jica-call", "escap-meeting", "dip-meeting", "eec-meeting",
        "return-flight"]  # every item but the hotel (lodging is known by its nights)
    assert all(d["severity"] == "error" for d in data["diagnostics"])
    # every meeting has its counterpart and a contact (the EEC meeting's is the contact for
    # the whole itinerary, marked inferred): clock times are all that is open
    assert {d["code"] for d in data["diagnostics"]} == {"C003"}
    assert (data["command"], data["today"], data["days_before"]) == ("check", "2024-06-15", 7)
    assert data["trips"] == [{
        "id": "2024-06-yokohama-bangkok", "file": REF_SHOWN, "start": "2024-06-20",
        "end": "2024-06-22", "status": "completed", "checklist": "due",
        "due_from": "2024-06-13"}]


def test_reference_text_output_is_located(in_repo):
    result = run("check", "2024-06-yokohama-bangkok", "--today", "2024-06-15")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    first = lines[0]
    assert re.fullmatch(rf"{re.escape(REF_SHOWN)}:\d+:\d+: C003 time-not-fixed item "
                        r'"outbound-flight" has a date but no time, departure in 5 days', first)
    line_no = int(first.split(":")[1])
    assert REFERENCE.read_text(encoding="utf-8").splitlines()[line_no - 1].startswith("date = ")
    assert lines[1] == ("  help: give the local start time: start = 2024-06-20THH:MM:00 "
                        "(instead of date/part_of_day), or cancel the item")
    night = next(line for line in lines if '"return-flight"' in line)
    assert night.endswith('has only a part of day (night), departure in 5 days')
    assert lines[-2:] == [
        "2024-06-yokohama-bangkok: departs 2024-06-20 (in 5 days); checklist due since "
        "2024-06-13", "Found 10 errors in 1 file."]


def test_reference_weeks_before_is_a_to_do_list_of_warnings(in_repo):
    result, data = check_json(REF, "--today", "2024-05-01")
    assert result.exit_code == 0
    assert codes(data) == []  # times are not due yet, and nothing else is open
    assert data["trips"][0]["checklist"] == "early"
    assert run("check", REF, "--today", "2024-05-01", "--strict").exit_code == 0
    text = run("check", REF, "--today", "2024-05-01").stdout
    assert "2024-06-yokohama-bangkok: departs 2024-06-20 (in 50 days); checklist due from " \
           "2024-06-13" in text


def test_days_before_moves_the_window(in_repo):
    _, data = check_json(REF, "--today", "2024-06-15", "--days-before", "3")
    assert codes(data) == []
    _, data = check_json(REF, "--today", "2024-06-17", "--days-before", "3")
    assert {c for c, _, s in codes(data) if s == "error"} == {"C003"}
    _, data = check_json(REF, "--today", "2024-06-20", "--days-before", "0")
    assert data["diagnostics"][0]["message"].endswith("departure today")


def test_after_the_trip_the_checklist_no_longer_applies(in_repo):
    # default --today is the real date: the reference trip (June 2024) is over
    result = run("check", "2024-06-yokohama-bangkok")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "2024-06-yokohama-bangkok: ended 2024-06-22; the checklist no longer applies",
        "All checks passed (1 file)."]


def test_default_today_is_the_real_date(tmp_path):
    soon = dt.date.today() + dt.timedelta(days=3)
    path = write(tmp_path, status="draft", start=soon.isoformat(),
                 end=(soon + dt.timedelta(days=1)).isoformat())
    result, data = check_json(path)
    assert result.exit_code == 1
    assert data["today"] == dt.date.today().isoformat()
    assert codes(data) == [("C001", None, "error")]
    assert data["diagnostics"][0]["message"] == "the trip is still a draft, departure in 3 days"


# --- each C rule ------------------------------------------------------------------------------


def test_c001_draft_trip(tmp_path):
    _, data = check_json(write(tmp_path, status="draft"), "--today", "2024-06-18")
    assert codes(data) == [("C001", None, "error")]
    assert data["diagnostics"][0]["key"] == "status"
    assert data["diagnostics"][0]["line"] == 3
    for status in ("confirmed", "completed", "cancelled"):
        _, data = check_json(write(tmp_path, status=status), "--today", "2024-06-18")
        assert codes(data) == [], status


def test_c002_tentative_item_replaces_r009(tmp_path):
    path = write(tmp_path, items=[meeting("m", 'status = "tentative"')])
    result, data = check_json(path, "--today", "2024-06-18")
    assert result.exit_code == 1
    assert codes(data) == [("C002", "m", "error")]
    assert data["diagnostics"][0]["key"] == "items[1].status"
    # validate keeps its own (warning-level) rule
    validate = json.loads(run("validate", path, "--json").stdout)
    assert [d["code"] for d in validate["diagnostics"]] == ["R009"]
    # and a tentative item in a draft trip is a checklist point too (R009 says nothing there)
    draft = write(tmp_path, status="draft", items=[meeting("m", 'status = "tentative"')])
    _, data = check_json(draft, "--today", "2024-06-18")
    assert [c for c, _, _ in codes(data)] == ["C001", "C002"]


def test_c003_kinds_of_missing_time(tmp_path):
    items = [
        '\n[[items]]\nid = "day"\nkind = "speech"\ntitle = "S"\ndate = {start}\n',
        '\n[[items]]\nid = "part"\nkind = "meal"\ntitle = "M"\ndate = {start}\n'
        'part_of_day = "evening"\n',
        '\n[[items]]\nid = "someday"\nkind = "press"\ntitle = "P"\n',
        '\n[[items]]\nid = "off"\nkind = "press"\ntitle = "P"\ndate = {start}\n'
        'status = "cancelled"\n',
        meeting("timed"),
    ]
    _, data = check_json(write(tmp_path, items=items), "--today", "2024-06-13")
    messages = {d["item"]: d["message"] for d in data["diagnostics"]}
    assert messages == {
        "day": 'item "day" has a date but no time, departure in 7 days',
        "part": 'item "part" has only a part of day (evening), departure in 7 days',
        "someday": 'item "someday" has no day and no time, departure in 7 days',
    }
    keys = {d["item"]: d["key"] for d in data["diagnostics"]}
    assert keys == {"day": "items[1].date", "part": "items[2].part_of_day", "someday": "items[3]"}
    # one day earlier the window is not open: nothing
    _, data = check_json(write(tmp_path, items=items), "--today", "2024-06-12")
    assert codes(data) == []


def test_c004_meeting_needs_counterpart_and_contact(tmp_path):
    bare = ('\n[[items]]\nid = "bare"\nkind = "courtesy-call"\ntitle = "Call"\n'
            "start = {start}T09:00:00\nend = {start}T09:30:00\n")
    no_contact = meeting("nc").replace('contact = "c"\n', "")
    cancelled = bare.replace('"bare"', '"gone"') + 'status = "cancelled"\n'
    later = meeting("ok").replace("T10:00", "T14:00").replace("T11:00", "T15:00")
    path = write(tmp_path, items=[bare, no_contact, cancelled, later])
    result, data = check_json(path, "--today", "2024-06-19")
    assert result.exit_code == 1
    found = {d["item"]: (d["message"], d["help"]) for d in data["diagnostics"]}
    assert found == {
        "bare": ('courtesy-call "bare" has no counterpart and no contact',
                 'add counterparts = [{ title.en = "…", organization.en = "…" }] and '
                 'contact = "<id of one of [contacts]>"'),
        "nc": ('meeting "nc" has no contact', 'add contact = "<id of one of [contacts]>"'),
    }
    # R008 (missing counterpart) is replaced by C004 in a check run, kept by validate
    assert "R008" not in [d["code"] for d in data["diagnostics"]]
    validate = json.loads(run("validate", path, "--json").stdout)
    assert [d["code"] for d in validate["diagnostics"]] == ["R008", "R008"]


def test_c005_uncovered_night_reuses_tz011(tmp_path):
    last_day = meeting("n").replace("{start}T", "2024-06-21T")
    path = write(tmp_path, hotel=False, items=[meeting("m"), last_day])
    result, data = check_json(path, "--today", "2024-06-19")
    assert result.exit_code == 1
    assert codes(data) == [("C005", None, "error")]
    assert data["diagnostics"][0]["key"] == "items[0]"  # the last item of that day
    message = data["diagnostics"][0]["message"]
    validate = json.loads(run("validate", path, "--json").stdout)
    assert [(d["code"], d["message"]) for d in validate["diagnostics"]] == [("TZ011", message)]
    assert message.startswith("no lodging or overnight travel for the night of Thu 20 Jun")
    # early: the same point as a warning
    _, data = check_json(path, "--today", "2024-01-01")
    assert codes(data) == [("C005", None, "warning")]


def test_cancelled_trip_has_no_checklist(tmp_path):
    path = write(tmp_path, status="cancelled", hotel=False,
                 items=[meeting("m", 'status = "tentative"')])
    result = run("check", path, "--today", "2024-06-19")
    assert result.exit_code == 0
    assert "t: cancelled; the checklist no longer applies" in result.stdout


def test_check_includes_the_r_and_tz_rules(tmp_path):
    path = write(tmp_path, items=[meeting("m").replace('place = "hall"', 'place = "hal"')])
    _, data = check_json(path, "--today", "2024-06-19")
    assert [d["code"] for d in data["diagnostics"]] == ["R002"]


def test_validate_never_runs_the_checklist(tmp_path):
    path = write(tmp_path, status="draft", items=[meeting("m", 'status = "tentative"')])
    data = json.loads(run("validate", path, "--json").stdout)
    assert not [d for d in data["diagnostics"] if d["code"].startswith("C")]


# --- options --------------------------------------------------------------------------------


def test_select_and_ignore(in_repo):
    _, data = check_json(REF, "--today", "2024-06-15", "--select", "C003")
    assert {d["code"] for d in data["diagnostics"]} == {"C003"}
    _, data = check_json(REF, "--today", "2024-06-15", "--ignore", "C003,C004")
    assert data["diagnostics"] == []
    unknown = run("check", REF, "--select", "C9")
    assert unknown.exit_code == 2
    assert 'tripplan: "C9" matches no rule code' in unknown.stderr


def test_explicit_select_of_a_replaced_rule_runs_it(tmp_path):
    bare = '\n[[items]]\nid = "bare"\nkind = "meeting"\ntitle = "M"\ndate = {start}\n'
    _, data = check_json(write(tmp_path, items=[bare]), "--today", "2024-06-19",
                         "--select", "R008")
    assert [d["code"] for d in data["diagnostics"]] == ["R008"]


def test_exit_zero_and_strict(in_repo, tmp_path):
    assert run("check", REF, "--today", "2024-06-15", "--exit-zero").exit_code == 0
    assert run("check", REF, "--today", "2024-05-01", "--strict", "--exit-zero").exit_code == 0
    broken = tmp_path / "b.toml"
    broken.write_text("id = \n", encoding="utf-8")
    result = run("check", str(broken), "--exit-zero")
    assert result.exit_code == 2  # unreadable input is never turned into 0
    assert result.stdout.startswith(f"{broken}:1:6: F003 toml-syntax")


def test_quiet_prints_findings_only(in_repo):
    result = run("check", REF, "--today", "2024-06-15", "--quiet")
    assert result.stdout.splitlines()[-1].startswith("  help: ")
    assert "Found" not in result.stdout
    clean = run("check", REF, "--quiet")
    assert (clean.exit_code, clean.stdout) == (0, "")


def test_github_annotations(in_repo, tmp_path):
    result = run("check", REF, "--today", "2024-06-15", "--format", "github")
    lines = result.stdout.splitlines()
    assert len(lines) == 10
    assert re.fullmatch(
        rf"::error file={re.escape(REF_SHOWN)},line=\d+,col=\d+,title=C003 time-not-fixed::"
        r'item "outbound-flight" has a date but no time, departure in 5 days%0Ahelp: give the '
        r"local start time: start = 2024-06-20THH:MM:00 \(instead of date/part_of_day\), or "
        r"cancel the item", lines[0])
    # weeks before, an open point is a warning: the reference trip as a draft
    draft = tmp_path / "draft.toml"
    draft.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        'status = "completed"', 'status = "draft"'), encoding="utf-8")
    early = run("check", str(draft), "--today", "2024-05-01", "--format", "github").stdout
    assert early.startswith("::warning file=")


@pytest.mark.parametrize(("args", "message"), [
    (("--today", "15/06/2024"), 'tripplan: --today "15/06/2024" is not a date'),
    (("--today", "2024-02-30"), 'tripplan: --today "2024-02-30" is not a date'),
    (("--days-before", "-1"), "Invalid value for '--days-before'"),
    (("--days-before", "week"), "Invalid value for '--days-before'"),
])
def test_bad_options_exit_2(in_repo, args, message):
    result = run("check", REF, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_trip_id_exit_2(in_repo):
    result = run("check", "2024-06-yokohama-bangkokk")
    assert result.exit_code == 2
    assert 'did you mean "2024-06-yokohama-bangkok"?' in result.stderr


def test_rules_lists_and_documents_the_checklist():
    rules = {r.code: r for r in all_rules()}
    checklist = sorted(code for code, r in rules.items() if r.checklist)
    assert checklist == ["C001", "C002", "C003", "C004", "C005", "C006"]
    names = [r.name for r in rules.values()]
    assert len(names) == len(set(names))
    listing = run("rules").stdout
    assert re.search(r"^C003\s+time-not-fixed\s+error\s+An item has no clock time", listing,
                     re.MULTILINE)
    doc = run("rules", "C003").stdout
    assert "Lodging is exempt" in doc and "--days-before" in doc
    data = json.loads(run("rules", "--json").stdout)
    assert {r["code"]: r["checklist"] for r in data["rules"]}["C005"] is True


# --- schema -----------------------------------------------------------------------------------


def test_schema_prints_the_json_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "title", "home_timezone", "start", "end"}
    item = schema["$defs"]["Item"]
    assert "part_of_day" in item["properties"] and item["additionalProperties"] is False


def test_committed_schema_is_up_to_date():
    committed = (ROOT / "schema" / "trip.schema.json").read_text(encoding="utf-8")
    assert committed == run("schema").stdout, (
        "schema/trip.schema.json is stale: run `tripplan schema > schema/trip.schema.json`")


def test_reference_trip_points_editors_at_the_schema():
    directive = next(line for line in REFERENCE.read_text(encoding="utf-8").splitlines()
                     if line.startswith("#:schema "))
    target = (REFERENCE.parent / directive.split(" ", 1)[1]).resolve()
    assert target == (ROOT / "schema" / "trip.schema.json").resolve()
