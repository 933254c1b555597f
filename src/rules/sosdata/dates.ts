/** Day-precision date handling for Sosdata: every Sosdata date is a calendar date (YYYY-MM-DD). */

const ISO_DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;
const HL7_TS_PREFIX = /^(\d{4})(\d{2})(\d{2})(?:$|\d)/;

/**
 * The calendar date of a model date or date-time, as written by the sender: "2023-01-15T23:30:00+02:00"
 * → "2023-01-15" (the local date of the sender's offset, i.e. Finnish time as sent). HL7 TS values are
 * accepted too. Undefined for absent or unreadable values, which the caller reports as incomplete.
 */
export function calendarDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const iso = ISO_DATE_PREFIX.exec(value);
  if (iso) return iso[1];
  const ts = HL7_TS_PREFIX.exec(value);
  if (ts) return `${ts[1]}-${ts[2]}-${ts[3]}`;
  return undefined;
}

/** Inclusive containment of a calendar date in [from, to] (ISO dates compare as strings). */
export function isWithin(date: string, from: string, to: string): boolean {
  return date >= from && date <= to;
}

/** Does [start, end] (end absent = ongoing) share at least one day with [from, to]? */
export function overlapsPeriod(start: string, end: string | undefined, from: string, to: string): boolean {
  return start <= to && (end === undefined || end >= from);
}
