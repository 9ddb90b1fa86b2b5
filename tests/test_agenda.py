"""The agenda model and its HTML, Markdown and text renderings (tripplan.export.agenda).

A small trip with clock times (written here) covers what the reference trip cannot:
zone abbreviations, home times, a zone change after a flight, an overnight flight,
tentative and cancelled items, internal notes, and a title full of markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt
from rich.cells import cell_len

from conftest import REFERENCE, run
from export_support import options, spaced_trip, view_of
from tripplan.errors import UsageError
from tripplan.export import html, markdown, text
from tripplan.export.agenda import build_agenda, offset_phrase
from tripplan.present.formats import date_range
from tripplan.present.linebreak import wrap

NOW = dt.datetime(2024, 6, 25, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
NASTY = "<script>alert('x')</script> A | B *c* _d_ `e` [f](g) ~~h~~ $i$"

TIMED_TRIP = '''
id = "timed-test"
title.ja = "時刻つきの試験出張"
title.en = "Timed test trip"
home_timezone = "Asia/Tokyo"
start = 2024-06-20
end = 2024-06-22
revision = 3
as_of = 2024-06-10

[people.a]
name.ja = "山田 太郎"
name.en = "Taro Yamada"
role.en = "Mayor"
principal = true

[people.b]
name = "Hanako Sato"

[places.hotel]
name = "Hotel | One"
address = "1 Road *A*, Bangkok"
timezone = "Asia/Bangkok"

[contacts.desk]
name = "Desk"
phone = "+81 45 000 0000"
topic = "Everything"

[footnotes."9"]
text = "A footnote no item refers to."

[footnotes."5"]
title = "Background"
text = "Why the talk matters."

[[items]]
id = "out"
kind = "flight"
title.ja = "羽田発バンコク行き"
title.en = "Flight to Bangkok"
start = 2024-06-20T10:00:00
end = 2024-06-20T14:30:00
origin = "HND"
destination = "BKK"
carrier = "ZZ"
number = "001"
visibility = "public"

[[items]]
id = "talk"
kind = "meeting"
title = @NASTY@
status = "tentative"
start = 2024-06-20T16:00:00
end = 2024-06-20T17:00:00
place = "hotel"
participants = ["a"]
interpreter = "Ms. Interpreter"
attire = "Business suit"
internal_notes = "Gift: box of sweets"
footnotes = ["5"]
contact = "desk"
visibility = "public"

[[items]]
id = "dinner"
kind = "meal"
title = "Cancelled dinner"
status = "cancelled"
start = 2024-06-21T19:00:00
place = "hotel"
visibility = "public"

[[items]]
id = "back"
kind = "flight"
title.ja = "夜行便で帰国"
title.en = "Night flight home"
start = 2024-06-21T23:00:00
end = 2024-06-22T07:00:00
origin = "BKK"
destination = "HND"
visibility = "public"
'''.replace("@NASTY@", json.dumps(NASTY))  # a JSON string is a TOML basic string


@pytest.fixture
def timed(tmp_path) -> Path:
    path = tmp_path / "timed-test.toml"
    path.write_text(TIMED_TRIP, encoding="utf-8")
    return path


def job_for(path: Path, fmt: str = "txt", lang: str = "en", **kw):
    """The (view, options) of an export of ``path``; ``fmt`` is not part of them."""
    return view_of(path), options(lang, now=NOW, **kw)


def rendered(path: Path, fmt: str, lang: str = "en", **kw) -> str:
    module = {"html": html, "md": markdown, "txt": text}[fmt]
    return module.render(*job_for(path, fmt, lang, **kw)).decode("utf-8")


# --- dates, numbers and zones through babel ----------------------------------------------


def test_trip_dates_as_the_issue_writes_them():
    start, end = dt.date(2024, 6, 20), dt.date(2024, 6, 22)
    assert date_range(start, end, "ja") == "2024年6月20日（木）～6月22日（土）"
    assert date_range(start, end, "en") == "Thu 20 – Sat 22 June 2024"
    assert date_range(dt.date(2024, 12, 30), dt.date(2025, 1, 2), "en") == \
        "Mon 30 December 2024 – Thu 2 January 2025"
    assert date_range(dt.date(2024, 12, 30), dt.date(2025, 1, 2), "ja") == \
        "2024年12月30日（月）～2025年1月2日（木）"
    assert date_range(start, start, "en") == "Thu 20 June 2024"


def test_offset_from_home_in_hours_and_minutes_both_ways():
    day = dt.date(2024, 6, 20)
    assert offset_phrase("Asia/Kolkata", "Asia/Tokyo", day, "en") == \
        "Local time: Asia/Kolkata (UTC+05:30), 3 h 30 min behind Tokyo"
    assert offset_phrase("Australia/Sydney", "Asia/Tokyo", day, "ja") == \
        "現地時間：Australia/Sydney（UTC+10:00）、東京より1時間進み"
    assert offset_phrase("Asia/Tokyo", "Asia/Tokyo", day, "en").endswith("same as Tokyo")
    # The offset of the day itself: Paris is 7 h behind Tokyo in June, 8 h in January.
    assert "7 h behind" in offset_phrase("Europe/Paris", "Asia/Tokyo", day, "en")
    assert "8 h behind" in offset_phrase("Europe/Paris", "Asia/Tokyo", dt.date(2024, 1, 9), "en")


def test_reference_trip_cover_and_days():
    agenda = build_agenda(*job_for(REFERENCE, lang="ja+en"))
    cover = agenda.cover
    # with the length as the release gives it (１泊３日) and its editorial translation
    assert cover.dates == ("2024年6月20日（木）～6月22日（土）（１泊３日）",
                           "Thu 20 – Sat 22 June 2024 (3 days, 1 night)")
    assert cover.delegation[0][1] == "Takeharu Yamanaka, Mayor of Yokohama (head of delegation)"
    assert cover.summary == ("第1版 · 2024年6月25日現在 · 実施済",
                             "Revision 1 · As of 25 June 2024 · Completed")
    assert [d.heading[1] for d in agenda.days] == [
        "Day 1 · Thu 20 June 2024", "Day 2 · Fri 21 June 2024",
        "Day 3 · Sat 22 June 2024"]
    assert [len(d.rows) for d in agenda.days] == [3, 9, 1]
    # No clock time anywhere: no zone abbreviation, no home time, honest wording.
    rows = [r for d in agenda.days for r in d.rows]
    assert all(r.zone is None and r.home is None for r in rows)
    night = next(r for r in rows if r.item_id == "return-flight" and not r.continuation)
    # a completed trip: the times were never given (a planned one says 時刻未定 / time TBC)
    assert night.when == ("夜（時刻の記載なし）", "Night (time not given)")
    arrival = agenda.days[2].rows[0]
    assert arrival.continuation and arrival.when == ("→ 早朝（時刻の記載なし）",
                                                     "→ Early morning (time not given)")
    assert [d.order_note for d in agenda.days] == [
        None, ("順序の記載なし", "Order of these items not given"), None]


def test_reference_trip_zone_notes_where_the_zone_changes():
    agenda = build_agenda(*job_for(REFERENCE, lang="en"))
    day1, day2, day3 = agenda.days
    assert day1.zone.text == ("Local time: Asia/Tokyo (UTC+09:00), same as Tokyo",)
    # right after the outbound flight, before the first meeting in Bangkok
    assert [e.item_id if not e.is_zone_note else "zone" for e in day1.entries] == [
        "outbound-flight", "zone", "governor-meeting", "hotel-bangkok"]
    assert day1.entries[1].text == ("Local time: Asia/Bangkok (UTC+07:00), 2 h behind Tokyo",)
    assert day2.zone.zone == "Asia/Bangkok" and not day2.zone.changed
    assert day3.zone.zone == "Asia/Tokyo" and day3.zone.changed


def test_footnotes_listed_after_the_day_that_first_refers_to_them():
    agenda = build_agenda(*job_for(REFERENCE, lang="ja"))
    assert [[n.mark for n in d.notes] for d in agenda.days] == [["※1", "※2"], ["※3", "※4"], []]
    meeting = agenda.days[0].rows[1]
    assert meeting.marks == ["※1", "※2"]
    assert agenda.notes == []  # every footnote of the trip belongs to an item
    english = build_agenda(*job_for(REFERENCE, lang="en"))
    assert english.days[0].rows[1].marks == ["[1]", "[2]"]


def test_contact_sheet_of_the_reference_trip():
    agenda = build_agenda(*job_for(REFERENCE, lang="en"))
    first = agenda.contacts[0]
    assert first.name == ("中村 恭揚",)  # given in Japanese only: shown as given
    assert first.phone == ("+81 45-671-4396",)  # dialled from abroad (Japan: places.japan)
    assert first.title == ("Director for International Technical Cooperation",)
    assert [c.phone for c in agenda.contacts] == [
        ("+81 45-671-4396",), ("+81 45-671-4712",), ("+81 45-671-4711",), ("+81 45-671-4933",)]
    japanese = build_agenda(*job_for(REFERENCE, lang="ja")).contacts
    assert [c.phone for c in japanese] == [  # home numbers as the office wrote them
        ("045-671-4396",), ("045-671-4712",), ("045-671-4711",), ("045-671-4933",)]
    both = build_agenda(*job_for(REFERENCE, lang="ja+en")).contacts
    assert both[0].phone == ("045-671-4396", "+81 45-671-4396")


# --- clock times, zones, status, audience -------------------------------------------------


def test_timed_items_show_local_time_zone_and_home_time(timed):
    agenda = build_agenda(*job_for(timed, lang="en"))
    rows = {(r.item_id, r.continuation): r for d in agenda.days for r in d.rows}
    out = rows[("out", False)]
    assert (out.when, out.zone, out.home) == (("10:00–14:30",), "JST → UTC+07:00",
                                              "Tokyo 10:00–16:30")
    talk = rows[("talk", False)]
    assert (talk.when, talk.zone, talk.home) == (("16:00–17:00",), "UTC+07:00", "Tokyo 18:00–19:00")
    back = rows[("back", False)]
    assert (back.when, back.zone, back.home) == (("23:00",), "UTC+07:00", "Tokyo Sat 01:00")
    arrival = rows[("back", True)]
    assert (arrival.when, arrival.zone, arrival.home) == (("→ 07:00",), "JST", None)
    assert arrival.kind == ("Flight (arrives)",)
    ja = build_agenda(*job_for(timed, lang="ja"))
    back_ja = next(r for d in ja.days for r in d.rows if r.item_id == "back")
    assert back_ja.home == "東京 土 01:00"


def test_zone_change_note_right_after_the_flight(timed):
    day1 = build_agenda(*job_for(timed, lang="en")).days[0]
    kinds = ["zone" if e.is_zone_note else e.item_id for e in day1.entries]
    assert kinds == ["out", "zone", "talk"]
    assert day1.entries[1].text == ("Local time: Asia/Bangkok (UTC+07:00), 2 h behind Tokyo",)


def test_internal_brief_strikes_cancelled_items_public_one_leaves_them_out(timed):
    internal = rendered(timed, "html")
    assert '<tr class="item cancelled" id="dinner">' in internal
    assert "[cancelled] Cancelled dinner" in rendered(timed, "txt")
    assert "~~Cancelled dinner~~" in rendered(timed, "md")
    for fmt in ("html", "md", "txt"):
        public = rendered(timed, fmt, audience="public")
        assert "Cancelled dinner" not in public, fmt


def test_internal_notes_only_for_internal_audiences(timed):
    for fmt in ("html", "md", "txt"):
        assert "Gift: box of sweets" in rendered(timed, fmt, audience="confidential"), fmt
        assert "Gift: box of sweets" in rendered(timed, fmt), fmt
        assert "Gift" not in rendered(timed, fmt, audience="public"), fmt


def test_tentative_items_are_marked(timed):
    assert "[tentative]" in rendered(timed, "txt")
    assert "[調整中]" in rendered(timed, "txt", "ja")
    assert '<tr class="item tentative" id="talk">' in rendered(timed, "html")
    assert "\\[tentative\\]" in rendered(timed, "md")


def test_details_of_an_item(timed):
    page = rendered(timed, "txt")
    for expected in ("Participants: Taro Yamada", "Interpreter: Ms. Interpreter",
                     "Attire: Business suit", "Address: 1 Road *A*, Bangkok",
                     "Contact: Desk +81 45-000-0000", "Route: HND → BKK", "Flight: ZZ 001"):
        assert expected in page


def test_unreferenced_footnotes_are_listed_at_the_end(timed):
    agenda = build_agenda(*job_for(timed, lang="ja"))
    assert [n.mark for n in agenda.notes] == ["※9"]
    assert [n.mark for n in agenda.days[0].notes] == ["※5"]
    assert "※5" in " ".join(agenda.days[0].rows[1].marks)


def test_for_person_keeps_their_items_and_names_them_on_the_cover(timed):
    agenda = build_agenda(*job_for(timed, person="b"))
    ids = [r.item_id for d in agenda.days for r in d.rows]
    assert "talk" not in ids and "out" in ids  # talk is for "a" only
    assert agenda.cover.for_person == ("Hanako Sato",)


def test_bilingual_titles_one_under_the_other(timed):
    agenda = build_agenda(*job_for(timed, lang="ja+en"))
    out = agenda.days[0].rows[0]
    assert out.title == ("羽田発バンコク行き", "Flight to Bangkok")
    assert agenda.labels["place"] == ("場所", "Place")
    page = rendered(timed, "txt", "ja+en")
    lines = page.splitlines()
    first = next(i for i, line in enumerate(lines) if "羽田発バンコク行き" in line)
    assert "Flight to Bangkok" in lines[first + 1]


def test_unknown_agenda_language_is_a_usage_error(timed):
    with pytest.raises(UsageError, match="not an agenda language"):
        build_agenda(*job_for(timed, lang="fr"))


# --- escaping -----------------------------------------------------------------------------


def test_html_escapes_every_text(timed):
    page = rendered(timed, "html")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; A | B *c*" in page
    assert "Hotel | One" in page


def test_markdown_title_with_markup_stays_text_and_keeps_the_table(timed):
    source = rendered(timed, "md")
    row = next(line for line in source.splitlines() if "alert" in line)
    unescaped_pipes = len(re.findall(r"(?<!\\)\|", row))
    assert unescaped_pipes == 4  # | time | kind | item |: the title's pipe is escaped
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(source)
    assert "<script>" not in page
    title = re.search(r"<strong>(.*?alert.*?)</strong>", page).group(1)
    assert title == ("&lt;script&gt;alert('x')&lt;/script&gt; A | B *c* _d_ `e` [f](g) "
                     "~~h~~ $i$")
    # every table row has exactly the header's number of cells
    for table in re.findall(r"<table>(.*?)</table>", page, re.DOTALL):
        heads = len(re.findall(r"<th>", table))
        for body_row in re.findall(r"<tr>\s*(<td.*?)</tr>", table, re.DOTALL):
            assert len(re.findall(r"<td>", body_row)) == heads


def test_markdown_of_the_reference_trip_is_github_tables():
    source = markdown.render(*job_for(REFERENCE, lang="ja")).decode()
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(source)
    assert page.count("<table>") == 4  # three days and the contact sheet
    assert "<td>夜（時刻の記載なし）</td>" in page
    assert "<p><em>順序の記載なし</em></p>" in page


# --- plain text: columns aligned with CJK counted two wide --------------------------------


def column_starts(line: str) -> list[int]:
    """Cell offsets where a column starts: text after two or more spaces (or at 0)."""
    starts, cells, previous_spaces = [], 0, 2
    for char in line:
        if char != " " and previous_spaces >= 2:
            starts.append(cells)
        previous_spaces = previous_spaces + 1 if char == " " else 0
        cells += cell_len(char)
    return starts


def cut(line: str, at: int) -> tuple[str, str]:
    """Split ``line`` at cell offset ``at``; fails when a wide character straddles it."""
    cells = 0
    for i, char in enumerate(line):
        if cells == at:
            return line[:i], line[i:]
        cells += cell_len(char)
        assert cells <= at, f"a wide character straddles column {at}: {line!r}"
    return line + " " * (at - cells), ""


@pytest.mark.parametrize("lang", ["ja", "en", "ja+en"])
@pytest.mark.parametrize("trip", ["reference", "timed"])
def test_text_columns_line_up_in_cells(trip, lang, timed):
    path = REFERENCE if trip == "reference" else timed
    page = text.render(*job_for(path, "txt", lang)).decode()
    assert all(cell_len(line) <= text.WIDTH for line in page.splitlines())
    tables = re.findall(r"^-{78}\n((?:時刻|Time).*?)\n-{78}\n(.*?)(?=\n-{78}|\n={78}|\Z)",
                        page, re.DOTALL | re.MULTILINE)
    assert len(tables) == 3  # one per day
    seen = [set(), set(), set()]
    for head, body in tables:
        kind_at, item_at = column_starts(head)[1:]
        for line in body.splitlines():
            if not line or line.startswith("→ ") or line.startswith("  ") and \
                    cell_len(line) - cell_len(line.lstrip()) < kind_at:
                continue  # blank separator or zone-change note (full width)
            time_part, rest = cut(line, kind_at)
            kind_part, item_part = cut(rest, item_at - kind_at)
            # every column's text starts exactly at its column and ends two cells before
            # the next one; only the item column indents its continuation lines
            assert time_part.endswith("  ") and kind_part.endswith("  "), line
            assert time_part.strip() == "" or not time_part.startswith(" "), line
            assert kind_part.strip() == "" or not kind_part.startswith(" "), line
            if time_part.strip() and not time_part.startswith("("):
                assert not item_part.startswith(" "), line
            for i, part in enumerate((time_part, kind_part, item_part)):
                if part.strip():
                    seen[i].add(part.strip())
    assert all(seen), seen  # text in all three columns


def test_text_wraps_long_titles_inside_the_item_column():
    page = text.render(*job_for(REFERENCE, lang="ja")).decode()
    lines = page.splitlines()
    i = next(i for i, line in enumerate(lines) if "バンコク都知事との両都市間" in line)
    assert lines[i].endswith("バンコク都知事との両都市間連携等にかかる")
    assert lines[i + 1].strip() == "トップ会談 ※1 ※2"
    assert column_starts(lines[i + 1]) == [column_starts(lines[i])[2]]


def test_wrap_never_starts_a_line_with_closing_punctuation():
    from rich.cells import cell_len as width

    sample = ("脱炭素化に向けて市民や企業に一番近い「都市」の果たす役割の重要性を共有し、"
              "両都市が進める。")
    for limit in range(6, 40):
        lines = wrap(sample, limit, width)
        assert "".join(lines) == sample
        assert all(width(line) <= limit for line in lines)
        assert not any(line[0] in "、。」）" for line in lines[1:]), (limit, lines)
        assert not any(line[-1] in "「（" for line in lines), (limit, lines)


# --- the command ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--html", "--md", "--txt"])
def test_export_command_writes_the_agenda(flag, timed, tmp_path):
    target = tmp_path / f"out{flag.replace('--', '.')}"
    result = run("export", str(timed), flag, "--lang", "ja+en", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert "羽田発バンコク行き" in target.read_text(encoding="utf-8")
    assert f"wrote {target}" in result.stderr


def test_export_to_standard_output(timed):
    result = run("export", str(timed), "--txt", "--lang", "en", "--brief")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Timed test trip\nPocket schedule")
    assert "Interpreter" not in result.stdout  # the pocket card: times, titles, places


def test_export_bad_trip_file_is_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\ntitle = 3\n', encoding="utf-8")
    result = run("export", str(bad), "--html")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr and "bad.toml" in result.stderr


def test_export_unknown_person_is_a_usage_error(timed):
    result = run("export", str(timed), "--md", "--for", "nobody")
    assert result.exit_code == 2
    assert '"nobody" is not a member of the delegation' in result.stderr


# --- long trips: a run of empty days is one line ------------------------------------------


def test_a_run_of_empty_days_is_one_line_in_every_format(tmp_path):
    trip = spaced_trip(tmp_path / "month.toml", 30, {1: 2, 3: 1, 16: 1, 30: 1})
    agenda = build_agenda(view_of(trip), options("ja+en", now=NOW))
    assert [(d.number, d.quiet) for d in agenda.days] == [
        (1, False), (2, True), (3, False), (4, True), (16, False), (17, True), (30, False)]
    run = agenda.days[3]
    assert (run.date, run.last, run.entries, run.zone) == (
        dt.date(2024, 6, 23), dt.date(2024, 7, 4), [], None)
    assert run.heading == ("4～15日目　2024年6月23日（日）～7月4日（木）：予定なし",
                           "Days 4–15 · Sun 23 June – Thu 4 July 2024: nothing scheduled")
    assert agenda.days[1].heading[1] == "Day 2 · Fri 21 June 2024: nothing scheduled"
    lines = {"Days 4–15 · Sun 23 June – Thu 4 July 2024: nothing scheduled",
             "Days 17–29 · Sat 6 – Thu 18 July 2024: nothing scheduled",
             "Day 2 · Fri 21 June 2024: nothing scheduled"}
    for fmt in ("txt", "md", "html"):
        out = rendered(trip, fmt, "en")
        for line in lines:
            assert out.count(line) == 1, (fmt, line)
        assert "Day 5 " not in out and "Day 29 " not in out, fmt  # no block of its own
        assert out.count("Day 16 · Fri 5 July 2024") == 1
    assert "\n*Days 4–15 · Sun 23 June – Thu 4 July 2024: nothing scheduled*\n" in \
        rendered(trip, "md", "en")
    assert ("\n=" + "=" * 77 + "\nDays 4–15 · Sun 23 June – Thu 4 July 2024: nothing scheduled\n"
            "\n=") in rendered(trip, "txt", "en")
    assert '<h2 class="quiet"><span>Days 4–15 · Sun 23 June – Thu 4 July 2024: nothing ' \
        'scheduled</span></h2>' in rendered(trip, "html", "en")


def test_untimed_rows_are_marked_so_renderers_set_them_apart(tmp_path):
    trip = spaced_trip(tmp_path / "two.toml", 1, {1: 2})
    rows = build_agenda(view_of(trip), options("en", now=NOW)).days[0].rows
    assert [(r.when, r.timed) for r in rows] == [
        (("10:00–11:00",), True), (("Afternoon (time TBC)",), False)]
    html_out = rendered(trip, "html", "en")
    assert '<span class="time-text">10:00–11:00</span>' in html_out
    assert '<span class="time-text untimed">Afternoon (time TBC)</span>' in html_out
    # plain text never breaks inside the words of an unknown time
    assert "\nAfternoon           Meeting" in rendered(trip, "txt", "en")
    assert "\n(time TBC)" in rendered(trip, "txt", "en")
