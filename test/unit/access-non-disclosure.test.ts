import { describe, expect, it } from "vitest";
import { decideAccess } from "../../src/rules/access/decide.js";
import { checkNonDisclosureStorage, redactNonDisclosure } from "../../src/rules/access/non-disclosure.js";
import { NON_DISCLOSURE_ITEMS } from "../../src/rules/access/policy.js";
import type { ClientRelationshipFacts, NonDisclosureItem, NonDisclosureMarking, PersonalDataEntry } from "../../src/rules/access/types.js";
import type { DocumentGroup } from "../../src/model/document.js";
import { A, A_SU1, B, K1, K2, NOW, P, P_SU1, context, doc, entry, principal, resource } from "./access-fixtures.js";

const SPARR_K2: NonDisclosureMarking[] = [{ personId: K2, validFrom: "2024-01-01", validUntil: "2028-12-31" }];
const ALL_COVERED = Object.fromEntries(NON_DISCLOSURE_ITEMS.map(({ item }) => [item, `value of ${item}`])) as Record<NonDisclosureItem, string>;
const k2Data = (items: PersonalDataEntry["items"] = { ...ALL_COVERED, phoneNumber: "040 1234567", name: "K2" }): PersonalDataEntry[] => [{ personId: K2, items }];
const krhK2 = (): ClientRelationshipFacts => ({ registerId: A, clientId: K2, units: [entry(A_SU1, A, "organiser", "2025-01-01")], personalData: k2Data() });

describe("the 15 spärr-covered items [D08-R64 L34389-34418]", () => {
  it("are listed verbatim as data, 15 of them, without the telephone number [L34420-34428]", () => {
    expect(NON_DISCLOSURE_ITEMS.map((i) => i.sv)).toEqual([
      "Stadigvarande adress i Finland",
      "Tillfällig adress i Finland",
      "Postadress",
      "Stadigvarande adress utomlands",
      "Tillfällig adress utomlands",
      "E-postadress",
      "Stadigvarande hemortskod",
      "Tillfällig hemortskod",
      "Hemkommun",
      "Tillfällig kommun",
      "Kommunens delområde",
      "Kommun vid årsskiftet",
      "Evangelisk-luthersk eller ortodox församling",
      "Registrerat religionssamfund eller dess församling",
      "Valuppgifter; uppgifter om röstningskommuner och röstningsställen",
    ]);
    expect(NON_DISCLOSURE_ITEMS.map((i) => i.item)).not.toContain("phoneNumber");
  });
});

describe("DT-10 what is returned to whom [D08-R66 L34495-34515]", () => {
  const rows: [string, string, NonDisclosureMarking[], boolean][] = [
    ["10.1/10.2 the controller itself (own register; the CIS masks by role)", A, SPARR_K2, false],
    ["10.3 a producer acting for the organiser reads as the organiser (viewer = A)", A, SPARR_K2, false],
    ["10.4/10.5 another organiser (simple or extended search)", B, SPARR_K2, true],
    ["10.6 no spärrmarkering", B, [], false],
    ["spärrmarkering ended before today [D08-R63 L34361-34387]", B, [{ personId: K2, validFrom: "2019-01-01", validUntil: "2023-12-31" }], false],
    ["spärrmarkering starting after today", B, [{ personId: K2, validFrom: "2027-01-01" }], false],
    ["spärrmarkering indefinite (special reasons)", B, [{ personId: K2, validFrom: "2010-01-01" }], true],
    ["spärrmarkering of another person", B, [{ personId: K1, validFrom: "2010-01-01" }], false],
  ];
  it.each(rows)("%s → withheld %s", (_row, viewer, markings, withheld) => {
    const { record, withheld: items } = redactNonDisclosure(krhK2(), viewer, { nonDisclosure: markings, now: NOW });
    const kept = record.personalData?.[0]?.items ?? {};
    if (withheld) {
      expect(Object.keys(kept).sort()).toEqual(["name", "phoneNumber"]);
      expect(items).toHaveLength(15);
    } else {
      expect(kept).toEqual(krhK2().personalData?.[0]?.items);
      expect(items).toEqual([]);
    }
  });

  it("a joint record: only the person with spärr loses items", () => {
    const both = { registerId: A, personalData: [...k2Data(), { personId: K1, items: { postalAddress: "Vägen 2" } }] };
    const { record } = redactNonDisclosure(both, B, { nonDisclosure: SPARR_K2, now: NOW });
    expect(record.personalData?.[1]?.items).toEqual({ postalAddress: "Vägen 2" });
    expect(record.personalData?.[0]?.items.postalAddress).toBeUndefined();
  });
});

describe("DT-9 where spärr-covered data may be stored [D08-R65 L34472-34494]", () => {
  const rows: [string, DocumentGroup, PersonalDataEntry[] | undefined, NonDisclosureMarking[], boolean][] = [
    ["9.1 KRH by the organiser, filled", "client-relationship", k2Data(), SPARR_K2, false],
    ["9.3 KH, filled address", "phase-2", k2Data({ permanentAddressFinland: "Gatan 1" }), SPARR_K2, true],
    ["9.3 journal entry, filled e-mail", "journal-entry", k2Data({ emailAddress: "k2@example.fi" }), SPARR_K2, true],
    ["9.4 KH, fields empty (spärr note in the text)", "phase-2", k2Data({ permanentAddressFinland: "" }), SPARR_K2, false],
    ["9.5 KH, filled, no spärrmarkering", "phase-2", k2Data({ permanentAddressFinland: "Gatan 1" }), [], false],
    ["9.6 document for another organiser, address filled", "case", k2Data({ postalAddress: "Box 1" }), SPARR_K2, true],
    ["9.7 phone number only", "phase-2", k2Data({ phoneNumber: "040 1234567" }), SPARR_K2, false],
  ];
  it.each(rows)("%s → warning %s", (_row, group, data, markings, warned) => {
    const warnings = checkNonDisclosureStorage(group, data, { nonDisclosure: markings, now: NOW });
    expect(warnings.map((w) => w.code)).toEqual(warned ? ["ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT"] : []);
  });

  it("decideAccess reports the storage rule as a client-system warning on a store (DESIGN §7.0)", () => {
    const d = decideAccess(principal(A, A_SU1), "store", resource({ clientId: K2, document: doc({ clients: [K2], producer: { oid: A } }), personalData: k2Data({ homeMunicipality: "Alfa" }) }), context({ clientRelationship: krhK2() }));
    expect(d.allow).toBe(true);
    expect(d.warnings.map((w) => w.code)).toEqual(["ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT"]);
  });

  it("… and a producer's store too (applies even when produced for another organiser)", () => {
    const krh = { ...krhK2(), units: [entry(P_SU1, P, "producer", "2026-01-01")] };
    const d = decideAccess(principal(P, P_SU1), "store", resource({ clientId: K2, document: doc({ clients: [K2] }), personalData: k2Data({ postalAddress: "Box 1" }) }), context({ usageSituation: "2", clientRelationship: krh, caseFacts: { caseId: doc().caseId!, registerId: A, clientIds: [K2], createdByOrganisationOid: A } }));
    expect(d.allow).toBe(true);
    expect(d.warnings.map((w) => w.code)).toContain("ACCESS-NON-DISCLOSURE-DATA-IN-DOCUMENT");
  });
});
