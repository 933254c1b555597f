/**
 * Time facts of the access rules: the request date, the state of a service-unit entry in a KRH, the
 * validity of a spärrmarkering. Pure; `now` is always injected.
 */
import type { ClientRelationshipFacts, NonDisclosureMarking, Principal, ServiceUnitEntry } from "./types.js";

const helsinkiDate = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" });

/** The request date as the Finnish archive sees it (YYYY-MM-DD in Europe/Helsinki). */
export function requestDate(now: Date): string {
  return helsinkiDate.format(now);
}

/** First ten characters of an ISO date or timestamp: the calendar date. */
function day(iso: string): string {
  return iso.slice(0, 10);
}

/** NONE/PRE/ACTIVE/ENDED of one entry; start and end dates are inclusive (domain/08 Q1 proposal). */
export type EntryState = "pre" | "active" | "ended";

export function entryState(entry: Pick<ServiceUnitEntry, "start" | "end">, today: string): EntryState {
  if (today < day(entry.start)) return "pre";
  if (entry.end !== undefined && today > day(entry.end)) return "ended";
  return "active";
}

/** The entries of the principal's own service unit in the KRH (the unit must belong to the principal's organisation). */
export function entriesOfPrincipal(krh: ClientRelationshipFacts | undefined, principal: Principal): ServiceUnitEntry[] {
  if (!krh) return [];
  return krh.units.filter((u) => u.serviceUnitOid === principal.serviceUnitOid && u.organisationOid === principal.organisationOid);
}

/**
 * Saklig anknytning as the archive can see it: the acting unit has an ACTIVE entry (any role) in the
 * client's KRH on the request date (D08-R52, D08-R55; domain/08 Q5 proposal).
 */
export function hasSakligAnknytning(krh: ClientRelationshipFacts | undefined, principal: Principal, today: string): boolean {
  return entriesOfPrincipal(krh, principal).some((e) => entryState(e, today) === "active");
}

/** A spärrmarkering is in force from validFrom to validUntil inclusive; no validUntil = indefinite (D08-R63). */
export function nonDisclosureInForce(markings: readonly NonDisclosureMarking[], personId: string, today: string): boolean {
  return markings.some((m) => m.personId === personId && day(m.validFrom) <= today && (m.validUntil === undefined || today <= day(m.validUntil)));
}

/** Timestamp comparison: `at` happened at or before `now`. */
export function atOrBefore(at: string, now: Date): boolean {
  const t = Date.parse(at);
  return !Number.isNaN(t) && t <= now.getTime();
}
