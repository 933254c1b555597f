/**
 * Calendar arithmetic for the visibility rules. MittKanta dates (delay end, birthdays, case closure)
 * are Finnish calendar dates, so "today" is the Europe/Helsinki date of `now` (domain/03 Q15).
 */
import { checkPersonalIdentityCode } from "../identity.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const helsinkiFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Helsinki",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The Europe/Helsinki calendar date (YYYY-MM-DD) of an instant. */
export function helsinkiDate(at: Date): string {
  return helsinkiFormat.format(at);
}

/**
 * A metadata date or timestamp as a Helsinki calendar date: a bare date stays as it is, a timestamp
 * is converted. Returns undefined for a value that is neither.
 */
export function calendarDate(value: string): string | undefined {
  if (ISO_DATE.test(value)) return value;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : helsinkiDate(instant);
}

/** Adds whole years to a calendar date; 29 February falls back to 28 February in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

/**
 * Age in completed years on the Helsinki date of `now`. Takes a birth date (YYYY-MM-DD) or a personal
 * identity code (birth date read by src/rules/identity.ts). Undefined when neither gives a birth date
 * (e.g. a temporary id that is not an identity code).
 */
export function ageOn(personIdOrBirthDate: string, now: Date): number | undefined {
  const birthDate = birthDateOf(personIdOrBirthDate);
  if (birthDate === undefined) return undefined;
  const today = helsinkiDate(now);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // Birthday not yet reached this year → one year less (string compare of MM-DD works).
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

function birthDateOf(personIdOrBirthDate: string): string | undefined {
  if (ISO_DATE.test(personIdOrBirthDate)) return personIdOrBirthDate;
  const check = checkPersonalIdentityCode(personIdOrBirthDate);
  return check.valid ? check.birthDate : undefined;
}

/** Age of a subject client: explicit birth date first, else the identity code. */
export function subjectAge(subject: { personId: string; birthDate?: string }, now: Date): number | undefined {
  return ageOn(subject.birthDate ?? subject.personId, now);
}

/**
 * A schema version as year + month. Accepts the forms the seed uses: "2022-01-10", "2019-06",
 * "6/2019". Undefined for anything else.
 */
export function schemaVersionMonth(version: string | undefined): { year: number; month: number } | undefined {
  if (version === undefined) return undefined;
  const iso = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(version.trim());
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]) };
  const slash = /^(\d{1,2})\/(\d{4})$/.exec(version.trim());
  if (slash) return { year: Number(slash[2]), month: Number(slash[1]) };
  return undefined;
}
