/**
 * Spärrmarkering (D08-R63…R66): the 15 covered items are withheld from every organiser other than the
 * controller of the register, on every read path, and may be stored only in a KRH kept by the organiser.
 */
import type { DocumentGroup } from "../../model/document.js";
import { NON_DISCLOSURE_ITEMS } from "./policy.js";
import { nonDisclosureInForce, requestDate } from "./relationship.js";
import type { AccessWarning, NonDisclosureItem, NonDisclosureMarking, PersonalDataEntry } from "./types.js";

/** Anything that carries person data and belongs to one register: a KRH's facts, an archived document. */
export interface RedactableRecord {
  registerId: string;
  personalData?: readonly PersonalDataEntry[];
}

export interface NonDisclosureFacts {
  nonDisclosure: readonly NonDisclosureMarking[];
  now: Date;
}

export interface Redacted<T> {
  record: T;
  withheld: { personId: string; item: NonDisclosureItem }[];
}

/**
 * Removes the spärr-covered items of every person with a spärrmarkering in force unless the viewer is
 * the controller of the record's register. `viewerControllerOid` is the organisation whose register
 * use the read belongs to: the principal itself (usage situation 1 and 3) or the organiser a producer
 * acts for (2 and 4, DT-10.3: the client system filters display there). The input is not changed.
 */
export function redactNonDisclosure<T extends RedactableRecord>(record: T, viewerControllerOid: string, facts: NonDisclosureFacts): Redacted<T> {
  if (record.registerId === viewerControllerOid || !record.personalData) return { record, withheld: [] };
  const today = requestDate(facts.now);
  const withheld: Redacted<T>["withheld"] = [];
  const personalData = record.personalData.map((entry) => {
    if (!nonDisclosureInForce(facts.nonDisclosure, entry.personId, today)) return entry;
    const items = { ...entry.items };
    for (const { item } of NON_DISCLOSURE_ITEMS) {
      if (items[item] !== undefined) {
        delete items[item];
        withheld.push({ personId: entry.personId, item });
      }
    }
    return { personId: entry.personId, items };
  });
  return { record: { ...record, personalData }, withheld };
}

/**
 * Storage rule for covered data (D08-R65, DT-9): a non-KRH document must leave the covered items
 * empty for a person with a spärrmarkering in force. The telephone number is not covered (DT-9.7).
 * A client-system duty in the seed (L34476-34494), hence a warning (DESIGN §7 decision 0).
 */
export function checkNonDisclosureStorage(
  group: DocumentGroup,
  personalData: readonly PersonalDataEntry[] | undefined,
  facts: NonDisclosureFacts,
): AccessWarning[] {
  if (group === "client-relationship" || !personalData) return [];
  const today = requestDate(facts.now);
  const warnings: AccessWarning[] = [];
  for (const entry of personalData) {
    if (!nonDisclosureInForce(facts.nonDisclosure, entry.personId, today)) continue;
    const filled = NON_DISCLOSURE_ITEMS.filter(({ item }) => (entry.items[item] ?? "") !== "").map(({ item }) => item);
    if (filled.length > 0) warnings.push({ code: "ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT", detail: `${entry.personId}: ${filled.join(", ")}` });
  }
  return warnings;
}
