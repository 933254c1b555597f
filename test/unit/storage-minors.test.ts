import { describe, expect, it } from "vitest";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { checkMinors, isUnder18 } from "../../src/rules/storage/minors.js";
import type { StorageCheckInput } from "../../src/rules/storage/types.js";
import { ADULT, caseDocument, clientDocument, clientRelationshipDocument, code, codesOf, journalEntry, MINOR, oldDocument, request, TEMP_ID, TURNS_18 } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[]];
const reason = (value: string) => code(CODE_SYSTEMS.restrictionReason, value);
const at = (date: string) => new Date(`${date}T12:00:00Z`);

// 06 §5.4 (L25978-25980) and 03 table 5.5.1 rows 5-8: the guardian disclosure element for clients under 18.
const guardianRows: Row[] = [
  ["minor's KR without guardian disclosure [D06-R22 L25978-25980]", () => request(clientRelationshipDocument({ clients: [MINOR] })), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
  ["minor's client document (decision) without it [D06-R22 L25978-25980] [D03-R52 L8887-8899]", () => request(clientDocument({ clients: [MINOR] })), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
  ["minor's journal entry without it [D06-R22 L25978-25980]", () => request(journalEntry({ clients: [MINOR] })), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
  ["minor's old document without it [D03-R52 L8887-8899]", () => request(oldDocument({ clients: [MINOR] })), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
  ["minor's case document without it: not required by the text [06 §5.4 Q4]", () => request(caseDocument({ clients: [MINOR] })), []],
  ["joint document of an adult and a minor [D06-R22 L25978-25980]", () => request(journalEntry({ clients: [ADULT, MINOR] })), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
  ["adult's document without it [06 §5.4]", () => request(journalEntry()), []],
  ["minor's journal entry with code 1 [D03-R53 L8899-8907]", () => request(journalEntry({ clients: [MINOR], guardianDisclosure: "1" })), []],
  ["the day before the 18th birthday: still a minor [D06-R22 L25978-25980]", () => request(journalEntry({ clients: [TURNS_18] }), { now: at("2026-11-30") }), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
  ["on the 18th birthday: an adult [D06-R22 L25978-25980]", () => request(journalEntry({ clients: [TURNS_18] }), { now: at("2026-12-01") }), []],
  ["temporary id with a stated birth date under 18 [D06-R22 L25978-25980]", () =>
    request(journalEntry({ clients: [TEMP_ID] }), { clientIds: { frameClientIds: [TEMP_ID], statedBirthDates: { [TEMP_ID]: "2015-04-01" } } }), ["MIN-GUARDIAN-DISCLOSURE-MISSING"]],
];

// Table 5.4.1 codes and their mandatory companions (03 §2.5).
const codeRows: Row[] = [
  ["code 2 without the child's reasons as text [D03-R56 L8952-8964]", () => request(journalEntry({ clients: [MINOR], guardianDisclosure: "2" })), ["MIN-CHILD-REASON-TEXT-MISSING"]],
  ["code 2 with the child's reasons [D03-R56 L8952-8964]", () => request(journalEntry({ clients: [MINOR], guardianDisclosure: "2", restrictionText: "Barnet vill inte." })), []],
  ["code 3 without text and without a table 5.4.2 reason [D03-R57 L8966-8998]", () =>
    request(journalEntry({ clients: [MINOR], guardianDisclosure: "3" })), ["MIN-CHILD-REASON-TEXT-MISSING", "MIN-DISCLOSURE-DESPITE-BAN-REASON-MISSING"]],
  ["code 3 with text and reason 1 of table 5.4.2 [D03-R57 L8966-8998]", () =>
    request(journalEntry({ clients: [MINOR], guardianDisclosure: "3", restrictionText: "Inga skäl angavs.", disclosureDespiteBanReasons: [code(CODE_SYSTEMS.disclosureDespiteBan, "1")] })), []],
  ["code 4 without a table 5.3.1 reason [D03-R59 L10007-10029]", () => request(journalEntry({ clients: [MINOR], guardianDisclosure: "4" })), ["RESTRICTION-REASON-MISSING"]],
  ["code 4 with reason 2 [D03-R59 L10007-10029]", () => request(journalEntry({ clients: [MINOR], guardianDisclosure: "4", restrictionReasons: [reason("2")] })), []],
];

// Delay and specialinnehåll need a reason of table 5.3.1 (03 §2.4).
const restrictionRows: Row[] = [
  ["delay without a reason [D03-R41 L8316-8322]", () => request(clientDocument({ delayedUntil: "2027-01-01" })), ["RESTRICTION-REASON-MISSING"]],
  ["delay with reason 6 [D03-R41 L8316-8322] [table 5.3.1 L8620-8628]", () => request(clientDocument({ delayedUntil: "2027-01-01", restrictionReasons: [reason("6")] })), []],
  ["special content without a reason [D03-R42 L8409-8413]", () => request(clientDocument({ specialContent: true })), ["RESTRICTION-REASON-MISSING"]],
  ["special content set automatically for adoption counselling: no reason needed [D03-R42 L8480-8484]", () =>
    request(clientDocument({ specialContent: true, socialServices: [code(CODE_SYSTEMS.socialService, "1")] })), []],
  ["reason 6 without a delay [table 5.3.1 L8620-8628] [D06-R30 L26010-26012]", () => request(clientDocument({ specialContent: true, restrictionReasons: [reason("6")] })), ["RESTRICTION-REASON-DELAY-ONLY"]],
  ["reason text over 500 characters: client-system duty [D03-R43 L8960-8962]", () =>
    request(clientDocument({ specialContent: true, restrictionReasons: [reason("1")], restrictionText: "å".repeat(501) })), ["RESTRICTION-TEXT-TOO-LONG"]],
  ["reason text of exactly 500 characters [D03-R43 L8960-8962]", () => request(clientDocument({ specialContent: true, restrictionReasons: [reason("1")], restrictionText: "å".repeat(500) })), []],
  ["no restriction at all needs no reason [D03-R51 L8276-8278]", () => request(clientDocument()), []],
];

describe("minors and restriction reasons", () => {
  it.each([...guardianRows, ...codeRows, ...restrictionRows])("%s", (_, build, expected) => {
    expect(codesOf(checkMinors(build()))).toEqual(expected);
  });

  it.each([
    ["2008-12-01", "2026-11-30", true],
    ["2008-12-01", "2026-12-01", false],
    ["2012-09-05", "2026-11-28", true],
    ["1975-03-14", "2026-11-28", false],
  ])("born %s, on %s under 18: %s [D06-R22 L25978-25980]", (birth, date, expected) => {
    expect(isUnder18(birth, date)).toBe(expected);
  });
});
