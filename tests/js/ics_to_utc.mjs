#!/usr/bin/env node
// Read an .ics file the way Thunderbird does (Mozilla ical.js) and print every
// VEVENT's start and end as UTC instants, as JSON on standard output.
//
//   node tests/js/ics_to_utc.mjs FILE.ics
//
// Only the file's own VTIMEZONE components are used: the TimezoneService is
// reset (it then knows only the built-in UTC aliases Z/UTC/GMT) and each
// VTIMEZONE of the file is registered. ical.js would otherwise fall back
// silently in two ways, both turned into errors here:
//   * a TZID with no VTIMEZONE in the file and none registered becomes a
//     *floating* time, which toUnixTime() then reads as if it were UTC;
//   * a date-time with neither TZID nor "Z" is floating and is read as UTC.
// Errors are printed on standard error, one per line, and the exit code is 1
// (2 for a usage or parse error). Output for each VEVENT, in file order:
//   {uid, summary, start_utc, end_utc, start_is_date, end_is_date,
//    start_tzid, end_tzid}
// with date-times as "2024-06-20T01:00:00Z" and all-day values as
// "2024-06-20". end_* comes from DTEND, else DTSTART + DURATION, else (as
// ical.js does) DTSTART + 1 day for a DATE start and DTSTART itself otherwise.
// *_tzid is the TZID parameter of the property (null when there is none).

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(code, message) {
  process.stderr.write(`ics_to_utc: ${message}\n`);
  process.exit(code);
}

const pad = (n, width = 2) => String(n).padStart(width, "0");

function main(argv) {
  if (argv.length !== 1) {
    fail(2, "usage: node ics_to_utc.mjs FILE.ics");
  }
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(readFileSync(argv[0], "utf8")));
  } catch (err) {
    fail(2, `cannot parse ${argv[0]}: ${err.message}`);
  }
  if (root.name !== "vcalendar") {
    fail(2, `top-level component is ${root.name}, not vcalendar`);
  }

  // Only the file's own definitions: forget anything registered before.
  ICAL.TimezoneService.reset();
  const fileZones = new Map(); // tzid -> jCal array of the VTIMEZONE
  const errors = [];
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    const tzid = vtz.getFirstPropertyValue("tzid");
    if (!tzid) {
      errors.push("VTIMEZONE without TZID");
      continue;
    }
    if (fileZones.has(tzid)) {
      errors.push(`VTIMEZONE ${tzid} is defined twice`);
      continue;
    }
    fileZones.set(tzid, vtz.jCal);
    ICAL.TimezoneService.register(vtz);
  }

  // One DTSTART/DTEND value -> [utc string, isDate, tzid]; pushes errors.
  function instant(where, prop, time) {
    const tzid = prop.getParameter("tzid") ?? null;
    if (time.isDate) {
      return [`${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`, true, tzid];
    }
    const zone = time.zone;
    if (tzid === null) {
      if (zone !== ICAL.Timezone.utcTimezone) {
        errors.push(`${where}: floating date-time (no TZID, no Z) ${time.toString()}`);
        return [null, false, null];
      }
    } else if (!fileZones.has(tzid)) {
      errors.push(`${where}: TZID=${tzid} has no VTIMEZONE in the file`);
      return [null, false, tzid];
    } else if (
      !zone ||
      zone === ICAL.Timezone.localTimezone ||
      zone.tzid !== tzid ||
      !zone.component ||
      zone.component.jCal !== fileZones.get(tzid)
    ) {
      errors.push(`${where}: TZID=${tzid} was not resolved to the file's VTIMEZONE`);
      return [null, false, tzid];
    }
    const ms = time.toUnixTime() * 1000;
    if (!Number.isFinite(ms)) {
      errors.push(`${where}: cannot convert ${time.toString()} to UTC`);
      return [null, false, tzid];
    }
    return [new Date(ms).toISOString().replace(/\.000Z$/, "Z"), false, tzid];
  }

  const events = [];
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    const uid = event.uid ?? null;
    const where = `VEVENT ${uid ?? "(no UID)"}`;
    const dtstart = vevent.getFirstProperty("dtstart");
    if (!dtstart) {
      errors.push(`${where}: no DTSTART`);
      continue;
    }
    const [startUtc, startIsDate, startTzid] = instant(`${where} DTSTART`, dtstart, event.startDate);
    // endDate is DTEND, DTSTART+DURATION or ical.js's implied end; the TZID of
    // an implied end is the start's.
    const endProp = vevent.getFirstProperty("dtend") ?? dtstart;
    const [endUtc, endIsDate, endTzid] = instant(`${where} DTEND`, endProp, event.endDate);
    events.push({
      uid,
      summary: event.summary ?? null,
      start_utc: startUtc,
      end_utc: endUtc,
      start_is_date: startIsDate,
      end_is_date: endIsDate,
      start_tzid: startTzid,
      end_tzid: endTzid,
    });
  }

  if (errors.length) {
    fail(1, errors.join("\nics_to_utc: "));
  }
  process.stdout.write(JSON.stringify(events, null, 1) + "\n");
}

main(process.argv.slice(2));
