/**
 * Dates and times: the metadata model holds ISO 8601 strings, the CDA wire holds HL7 V3 TS values.
 *   "2026-11-28"                   ↔ "20261128"
 *   "2026-11-28T14:05"             ↔ "202611281405"
 *   "2026-11-28T14:05:09"          ↔ "20261128140509"
 *   "2026-11-28T14:05:09.250+02:00"↔ "20261128140509.250+0200"
 *   "…Z"                           ↔ "…+0000"  (the parser writes a zero offset as "Z")
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const TS = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(\.\d+)?)?)?([+-]\d{4})?$/;

function validCalendar(year: string, month: string, day: string, hour = "00", minute = "00", second = "00"): boolean {
  const y = Number(year), m = Number(month), d = Number(day);
  if (m < 1 || m > 12 || d < 1) return false;
  const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= daysInMonth && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

/** ISO 8601 (as the model holds it) → HL7 TS; undefined when the string is not one of the accepted forms. */
export function isoToHl7Ts(iso: string): string | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  if (!validCalendar(y!, mo!, d!, h, mi, s)) return undefined;
  if (h !== undefined && zone !== undefined && s === undefined) return undefined; // TS needs seconds before a zone
  let ts = `${y}${mo}${d}${h ?? ""}${mi ?? ""}${s ?? ""}${fraction ?? ""}`;
  if (zone === "Z") ts += "+0000";
  else if (zone) ts += zone.replace(":", "");
  return ts;
}

/** HL7 TS → ISO 8601; undefined when the value is not a valid point in time of day precision or finer. */
export function hl7TsToIso(ts: string): string | undefined {
  const m = TS.exec(ts);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  if (!validCalendar(y!, mo!, d!, h, mi, s)) return undefined;
  if (zone !== undefined && (s === undefined || Number(zone.slice(3)) >= 60)) return undefined;
  let iso = `${y}-${mo}-${d}`;
  if (h !== undefined) iso += `T${h}:${mi}`;
  if (s !== undefined) iso += `:${s}${fraction ?? ""}`;
  if (zone === "+0000" || zone === "-0000") iso += "Z";
  else if (zone) iso += `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return iso;
}
