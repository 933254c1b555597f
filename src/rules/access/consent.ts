/**
 * The client's disclosure consents as of `now` (D07-R63…R67): permissions and prohibitions are in force
 * from the time they were stored, never retroactively, until replaced (a later permission version) or revoked.
 */
import { atOrBefore } from "./relationship.js";
import type { DisclosureConsentFacts, ProhibitionTarget } from "./types.js";

export function kantaInformationGiven(consent: DisclosureConsentFacts | undefined, now: Date): boolean {
  return consent?.kantaInformationGivenAt !== undefined && atOrBefore(consent.kantaInformationGivenAt, now);
}

/** The permission version in force at `now`: the latest one stored at or before `now`. */
export function permissionInForce(consent: DisclosureConsentFacts | undefined, now: Date): { positive: boolean } | undefined {
  const stored = (consent?.permissions ?? []).filter((p) => atOrBefore(p.storedAt, now));
  stored.sort((a, b) => Date.parse(a.storedAt) - Date.parse(b.storedAt));
  return stored.at(-1);
}

/** Prohibitions in force at `now` (stored at or before now, not revoked at or before now). */
export function prohibitionsInForce(consent: DisclosureConsentFacts | undefined, now: Date): ProhibitionTarget[] {
  return (consent?.prohibitions ?? [])
    .filter((p) => atOrBefore(p.storedAt, now) && !(p.revokedAt !== undefined && atOrBefore(p.revokedAt, now)))
    .map((p) => p.target);
}

/** Simple disclosure needs stored Kanta-information and a positive permission in force (D07-R70). */
export function simpleDisclosureBasis(consent: DisclosureConsentFacts | undefined, now: Date): boolean {
  return kantaInformationGiven(consent, now) && permissionInForce(consent, now)?.positive === true;
}
