"""The baseline for ``export --ics``: icalendar alone building and serialising the same events.

Two steps, so that the baseline writes exactly the events tripplan writes:

``extract ICS_DIR EVENTS.json`` (not timed)
    reads the ``.ics`` files of a ``tripplan export --ics`` run and keeps, for every event,
    each property as a typed value (text, integer, aware date-time with its zone, date,
    category list, position) with its parameters.

``build EVENTS.json OUT_DIR`` (timed)
    builds one calendar per trip from those values with icalendar's own API (``add`` with
    typed values, so icalendar converts and escapes them), lets icalendar generate the
    ``VTIMEZONE`` components (``add_missing_timezones``), serialises and writes the files.
    No trip file is read and nothing is checked: the cost of the calendar library alone.

>>> import datetime as dt, zoneinfo
>>> ev = icalendar.Event()
>>> ev.add("dtstart", dt.datetime(2025, 1, 6, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Tokyo")))
>>> ev.add("summary", "Meeting")
>>> rebuilt = build_event([_typed(name, ev[name]) for name in ev])
>>> rebuilt.to_ical() == ev.to_ical()
True
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar


def _typed(name: str, prop) -> list:
    """``[name, kind, value, params]`` of one property, JSON-friendly."""
    params = dict(prop.params) if hasattr(prop, "params") else {}
    params.pop("TZID", None)  # comes back from the aware value
    if isinstance(prop, icalendar.vDDDTypes):
        value = prop.dt
        if isinstance(value, dt.datetime):
            zone = getattr(value.tzinfo, "key", None) or ("UTC" if value.utcoffset() is not None
                                                           else None)
            return [name, "datetime", value.replace(tzinfo=None).isoformat(), zone, params]
        return [name, "date", value.isoformat(), None, params]
    if isinstance(prop, icalendar.vGeo):
        return [name, "geo", [prop.latitude, prop.longitude], None, params]
    if isinstance(prop, icalendar.vCategory):
        return [name, "categories", [str(c) for c in prop.cats], None, params]
    if isinstance(prop, icalendar.vInt | int):
        return [name, "int", int(prop), None, params]
    return [name, "text", str(prop), None, params]


def _value(kind: str, value, zone: str | None):
    if kind == "datetime":
        moment = dt.datetime.fromisoformat(value)
        return moment.replace(tzinfo=dt.UTC if zone == "UTC" else ZoneInfo(zone)) \
            if zone else moment
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "geo":
        return tuple(value)
    return value


def build_event(props: list) -> icalendar.Event:
    event = icalendar.Event()
    for name, kind, value, zone, params in props:
        event.add(name, _value(kind, value, zone), parameters=params or None)
    return event


def extract(ics_dir: Path) -> dict[str, dict]:
    calendars = {}
    for path in sorted(ics_dir.glob("*.ics")):
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        head = [_typed(name, cal[name]) for name in cal]
        events = [[_typed(name, ev[name]) for name in ev] for ev in cal.walk("VEVENT")]
        calendars[path.stem] = {"calendar": head, "events": events}
    return calendars


def build(calendars: dict[str, dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for trip, data in calendars.items():
        cal = icalendar.Calendar()
        for name, kind, value, zone, params in data["calendar"]:
            cal.add(name, _value(kind, value, zone), parameters=params or None)
        for props in data["events"]:
            cal.add_component(build_event(props))
        cal.add_missing_timezones()
        (out / f"{trip}.ics").write_bytes(cal.to_ical())


def main() -> None:
    step, source, target = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    if step == "extract":
        target.write_text(json.dumps(extract(source), ensure_ascii=False), encoding="utf-8")
    else:
        build(json.loads(source.read_text(encoding="utf-8")), target)


if __name__ == "__main__":
    main()
