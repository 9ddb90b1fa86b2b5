"""Honest order: the day's facts place untimed items, and a day can say its order is unknown."""

from __future__ import annotations

from pathlib import Path

from conftest import run

PARIS = Path(__file__).parent / "data" / "order" / "paris-hotel-first.toml"


def test_show_puts_the_hotel_after_the_flight_and_says_the_order_is_unknown() -> None:
    result = run("show", str(PARIS), "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:] == [
        "Sat 10 May 2025",
        "10:25–17:00   Flight    Haneda to Paris",
        "JST → CEST              HND → CDG",
        "time TBC      Lodging   Hotel (Paris)",
        "                        Place: Hotel, Paris",
        "",
        "Sun 11 May 2025",
        "(Order of these items not given)",
        "time TBC      Meeting   Meeting one",
        "                        Place: Hotel, Paris",
        "time TBC      Meeting   Meeting two",
        "                        Place: Hotel, Paris",
        "",
        "Mon 12 May 2025",
        "→ time TBC    Lodging   Hotel (Paris)",
        "evening       Flight    Paris to Haneda",
        "(time TBC)              CDG → HND",
    ]


def test_tz_moves_to_paris_before_the_hotel() -> None:
    out = run("tz", str(PARIS)).stdout.splitlines()
    assert out[5:11] == [
        "Sat 10 May 2025  10:25               JST (UTC+09:00)   10:25            01:25  Flight"
        "   Haneda to Paris · HND → CDG",
        "Sat 10 May 2025  17:00               CEST (UTC+02:00)  00:00 +1         15:00       "
        "    arrives · 13 h 35 min",
        "── clocks −7 h: Asia/Tokyo → Europe/Paris ──",
        "Sat 10 May 2025  time TBC            CEST (UTC+02:00)  —                —      Lodging"
        "  Hotel (Paris) · until Mon 12 May 2025",
        "(order of these items not given)",
        "Sun 11 May 2025  time TBC            CEST (UTC+02:00)  —                —      Meeting"
        "  Meeting one",
    ]


def test_agenda_of_a_planned_trip_says_time_tbc_and_order_tbc_in_japanese() -> None:
    import datetime as dt

    from tripplan.export.agenda import build_agenda
    from tripplan.export.view import ExportOptions, ExportView
    from tripplan.load import load_trip
    from tripplan.present.vocabulary import Languages

    trip = load_trip(str(PARIS)).trip
    agenda = build_agenda(ExportView.of(trip), ExportOptions(Languages.JA,
                                                             now=dt.datetime(2025, 5, 1)))
    assert [[r.item_id for r in d.rows] for d in agenda.days] == [
        ["out", "hotel"], ["m1", "m2"], ["hotel", "back"]]
    assert [d.order_note for d in agenda.days] == [None, ("順序は未定",), None]
    assert agenda.days[2].rows[1].when == ("夕方（時刻未定）",)


def test_a_date_only_lodging_follows_the_days_arrival_whatever_the_file_order(tmp_path) -> None:
    text = (Path(__file__).parent.parent / "itineraries" / "2024-06-yokohama-bangkok.toml"
            ).read_text(encoding="utf-8")
    start = text.index('[[items]]\nid = "outbound-flight"')
    hotel = text.index('[[items]]\nid = "hotel-bangkok"')
    after = text.index("# -----", hotel)
    moved = text[:start] + text[hotel:after] + text[start:hotel] + text[after:]
    (tmp_path / "t.toml").write_text(moved, encoding="utf-8")
    from tripplan.load import load_trip
    from tripplan.schedule import build

    days = build(load_trip(str(tmp_path / "t.toml")).trip).days
    assert [e.item.id for e in days[0].entries] == [
        "outbound-flight", "governor-meeting", "hotel-bangkok"]
    assert [d.order_unknown for d in days] == [False, True, False]
