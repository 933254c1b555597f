import { describe, expect, it } from "vitest";
import { readFixtures } from "../../src/fixtures/load.js";
import * as codeSystems from "../../src/rules/storage/code-systems.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { checkCodes, inForce } from "../../src/rules/storage/codes.js";
import type { CodeLookup, StorageCheckInput } from "../../src/rules/storage/types.js";
import { caseDocument, clientDocument, code, codeLookup, codesOf, fixtures, PRODUCER, journalEntry, oldDocument, request } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[]];
/** The register as it would answer after the producer left THL's organisation register at the end of 2025. */
const producerExpired: CodeLookup = (system, value) => (system === CODE_SYSTEMS.organisationRegister && value === PRODUCER ? { validTo: "2025-12-31" } : codeLookup(system, value));
const at = (date: string) => new Date(`${date}T12:00:00Z`);

const rows: Row[] = [
  ["every code of a valid decision exists and is in force [D06-R24 L25988-25990]", () => request(clientDocument()), []],
  ["unknown service task code [D06-R24 L25988]", () => request(clientDocument({ serviceTasks: [code(CODE_SYSTEMS.serviceTask, "99")] })), ["MET-CODE-UNKNOWN"]],
  ["social service code from the service-task classification [D06-R24 L25988-25990]", () => request(clientDocument({ socialServices: [code(CODE_SYSTEMS.serviceTask, "23")] })), ["MET-CODE-SYSTEM-WRONG"]],
  ["unknown specifying type [D06-R24 L25988]", () => request(clientDocument({ specificType: code(CODE_SYSTEMS.specificType, "9999") })), ["MET-CODE-UNKNOWN"]],
  ["organisation not in the organisation register [D06-R24 L25988]", () => request(clientDocument({ producer: { oid: "1.2.246.10.99990099.10.0", name: "Okänd" } })), ["MET-CODE-UNKNOWN"]],
  ["social service 'Hemservice' ended 2022, used in 2026 [D06-R24 L25988-25990] [L11886-11892]", () => request(clientDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "71")] })), ["MET-CODE-NOT-IN-FORCE"]],
  ["'Hemservice' on a document stored in 2022, when it was in force [D06-R24 L25988-25990]", () =>
    request(clientDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "71")] }), { now: at("2022-06-01") }), []],
  ["'Gemenskapsboende' before it existed (1.1.2023) [D06-R24 L25988-25990] [L11800-11814]", () =>
    request(clientDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "68")] }), { now: at("2022-12-31") }), ["MET-CODE-NOT-IN-FORCE"]],
  ["'Gemenskapsboende' on its first day [D06-R24 L25988-25990]", () => request(clientDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "68")] }), { now: at("2023-01-01") }), []],
  ["journal subtype 'Anteckning om utlämnande av klientuppgifter' after 31.8.2024 [D06-R71 L23516-23520]", () =>
    request(journalEntry({ specificType: code(CODE_SYSTEMS.specificType, "110") })), ["MET-CODE-NOT-IN-FORCE"]],
  ["the same subtype on 31.8.2024 [D06-R71 L23516-23520]", () => request(journalEntry({ specificType: code(CODE_SYSTEMS.specificType, "110") }), { now: at("2024-08-31") }), []],
  ["a second bad social service is reported at its own position [D06-R24 L25988-25990]", () =>
    request(clientDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "15"), code(CODE_SYSTEMS.socialService, "72")] })), ["MET-CODE-NOT-IN-FORCE"]],
  ["restriction reason from table 5.3.1 [D06-R24 L25988] [D03-R41 L8316-8322]", () => request(clientDocument({ restrictionReasons: [code(CODE_SYSTEMS.restrictionReason, "7")] })), ["MET-CODE-UNKNOWN"]],
  ["makulering: an expired social service does not stop it [D06-R25 L25990-25994]", () =>
    request(clientDocument({ status: "cancelled", socialServices: [code(CODE_SYSTEMS.socialService, "71")] }), { operation: "cancel" }), []],
  ["store: a producer whose organisation code has expired [D06-R24 L25988-25990]", () => request(clientDocument(), { codes: producerExpired }), ["MET-CODE-NOT-IN-FORCE"]],
  ["makulering: a producer whose organisation code has expired [D06-R25 L25990-25994]", () =>
    request(clientDocument({ status: "cancelled" }), { operation: "cancel", codes: producerExpired }), []],
  ["makulering still needs codes that exist [D06-R25 L25990-25994]", () =>
    request(clientDocument({ status: "cancelled", serviceTasks: [code(CODE_SYSTEMS.serviceTask, "99")] }), { operation: "cancel" }), ["MET-CODE-UNKNOWN"]],
  ["closed case keeps its expired 2017 name: validity is the case-name rule's [D04-R37 L16108-16110]", () =>
    request(caseDocument({ caseName: { code: code(CODE_SYSTEMS.caseName2017, "1001") }, caseStatus: code(CODE_SYSTEMS.caseStatus, "2") })), []],
  ["old document's original 1989 service task exists [D07-R111 L28279-28297]", () => request(oldDocument()), []],
  ["old document's original 2011 task that is not in the list [D07-R111 L28279-28297]", () =>
    request(oldDocument({ serviceTasks: [code(CODE_SYSTEMS.serviceTask, "23"), code(CODE_SYSTEMS.serviceTask2011, "99")] })), ["MET-CODE-UNKNOWN"]],
  ["service task from an unrelated classification [D06-R24 L25988-25990]", () => request(clientDocument({ serviceTasks: [code(CODE_SYSTEMS.socialService, "15")] })), ["MET-CODE-SYSTEM-WRONG"]],
];

describe("coded values exist, fit their element and are in force [D06-R24 L25988-25990]", () => {
  it.each(rows)("%s", (_, build, expected) => {
    expect(codesOf(checkCodes(build()))).toEqual(expected);
  });

  it("points at the repetition that failed [D06-R24 L25988-25990]", () => {
    const [f] = checkCodes(request(clientDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "15"), code(CODE_SYSTEMS.socialService, "72")] })));
    expect(f?.location).toBe("/ClinicalDocument/hl7fi:localHeader/hl7fi:socialService[2]");
  });

  it.each([
    [{}, "2026-01-01", true],
    [{ validFrom: "2026-01-02" }, "2026-01-01", false],
    [{ validTo: "2025-12-31" }, "2026-01-01", false],
    [{ validFrom: "2026-01-01", validTo: "2026-01-01" }, "2026-01-01", true],
  ])("in force %o on %s: %s (both ends inclusive) [D06-R24 L25988-25990]", (validity, date, expected) => {
    expect(inForce(validity, date)).toBe(expected);
  });
});

describe("fixtures/code-lists: the new lists load and carry the codes the rules name", () => {
  it("every code list passes the fixture schema (readFixtures) [DESIGN §7.9]", () => {
    const loaded = readFixtures();
    const oids = loaded.codeLists.map((l) => l.oid);
    expect(new Set(oids).size).toBe(oids.length);
    for (const oid of Object.values(CODE_SYSTEMS).filter((o) => o !== CODE_SYSTEMS.organisationRegister)) expect(oids).toContain(oid);
  });

  const listOf = (oid: string) => fixtures.codeLists.find((l) => l.oid === oid)!;
  const has = (oid: string, value: string) => listOf(oid).codes.some((c) => c.code === value);
  it.each([
    ["service process 'Genomförande av tjänster'", CODE_SYSTEMS.serviceProcess, codeSystems.SERVICE_PROCESS_IMPLEMENTATION, "Genomförande av tjänster"],
    ["case status 'Stängd'", CODE_SYSTEMS.caseStatus, codeSystems.CASE_STATUS_CLOSED, "Stängd"],
    ["case name 99 (2023)", CODE_SYSTEMS.caseName2023, codeSystems.CASE_NAME_OTHER, "Annat socialvårdsärende"],
    ["case name 99 (2017)", CODE_SYSTEMS.caseName2017, codeSystems.CASE_NAME_OTHER, "Annan"],
    ["specifying type 'Bilaga'", CODE_SYSTEMS.specificType, codeSystems.SPECIFIC_TYPE_ATTACHMENT, "Bilaga"],
    ["general type 'Beslut'", CODE_SYSTEMS.generalType, codeSystems.GENERAL_TYPE_DECISION, "Beslut"],
    ["2016 general type 'Klientjournal'", CODE_SYSTEMS.generalType2016, codeSystems.GENERAL_TYPE_2016_CLIENT_JOURNAL, "Klientjournal"],
    ["2016 general type 'Bilaga'", CODE_SYSTEMS.generalType2016, codeSystems.GENERAL_TYPE_2016_ATTACHMENT, "Bilaga"],
    ["social service 'Skyddshemsservice'", CODE_SYSTEMS.socialService, codeSystems.SOCIAL_SERVICE_SHELTER_HOME, "Skyddshemsservice"],
    ["restriction reason 6 (delay only)", CODE_SYSTEMS.restrictionReason, codeSystems.RESTRICTION_REASON_DELAY_ONLY, "I samband med visandet av handlingen ska tillräckligt stöd och vägledning erbjudas"],
  ])("%s", (_, oid, value, sv) => {
    expect(listOf(oid).codes.find((c) => c.code === value)?.sv).toBe(sv);
  });

  it("the automatic-specialinnehåll services are adoption counselling, parentage, paternity, maternity and shelter homes [D03-R73]", () => {
    const names = [...codeSystems.AUTOMATIC_SPECIAL_CONTENT_SOCIAL_SERVICES].map((c) => listOf(CODE_SYSTEMS.socialService).codes.find((x) => x.code === c)?.sv).sort();
    expect(names).toEqual(["Adoptionsrådgivning", "Moderskapsutredning", "Skyddshemsservice", "Utredning av faderskap", "Utredning av föräldraskap"]);
  });

  it("the 70 social services of table 6.3.1 plus three removed ones [04 §4.2 L11906-13322]", () => {
    expect(listOf(CODE_SYSTEMS.socialService).codes).toHaveLength(73);
    expect(has(CODE_SYSTEMS.socialService, "70")).toBe(true);
  });

  it("the 17 general types and the 6 restriction reasons, 4 guardian codes, 3 ban reasons [05 §4.1] [03 §4.4-4.6]", () => {
    expect(listOf(CODE_SYSTEMS.generalType).codes).toHaveLength(17);
    expect(listOf(CODE_SYSTEMS.restrictionReason).codes.map((c) => c.code)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(listOf(CODE_SYSTEMS.guardianDisclosure).codes.map((c) => c.code)).toEqual(["1", "2", "3", "4"]);
    expect(listOf(CODE_SYSTEMS.disclosureDespiteBan).codes.map((c) => c.code)).toEqual(["1", "2", "3"]);
  });
});
