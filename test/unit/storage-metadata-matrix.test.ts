import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { checkMetadataMatrix } from "../../src/rules/storage/metadata-matrix.js";
import { metadataPath } from "../../src/rules/storage/paths.js";
import { DEFAULT_STORAGE_SETTINGS, type StorageCheckInput, type StorageCheckSettings } from "../../src/rules/storage/types.js";
import { ADULT, ADULT_2, caseDocument, clientDocument, clientRelationshipDocument, code, codesOf, journalEntry, oldDocument, request } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[], settings?: Partial<StorageCheckSettings>];
const without = <K extends keyof DocumentMetadata>(d: DocumentMetadata, key: K): DocumentMetadata => {
  const copy = { ...d };
  delete copy[key];
  return copy;
};
const phase1 = () => clientDocument({ documentGroup: "phase-1", specificType: undefined, serviceUnit: undefined });

// Table 11.2.2 (07 §3.4, L27644-29151): one row per element × group where the seed says M or C.
const rows: Row[] = [
  ["#1 organiser missing on a case document [D07-R25 L27652-27676]", () => request(caseDocument({ organiser: { oid: "" } })), ["MET-MANDATORY-MISSING", "MET-MANDATORY-MISSING"]],
  ["#2 organiser name missing on a KR [D07-R25 L27678-27698]", () => request(clientRelationshipDocument({ organiser: { oid: "1.2.246.10.99990001.10.0" } })), ["MET-MANDATORY-MISSING"]],
  ["#1/#2 organiser optional on an old document [D07-R25 L27652-27698]", () => request(oldDocument({ organiser: { oid: "1.2.246.10.99990001.10.0" } })), []],
  ["#3 producer missing on a phase-2 document [D07-R25 L27700-27724]", () => request(without(clientDocument(), "producer")), ["MET-MANDATORY-MISSING", "MET-MANDATORY-MISSING"]],
  ["#3 producer not required on a case document [D07-R25 L27700-27724]", () => request(caseDocument()), []],
  ["#8 storer first name missing on a journal entry [D07-R25 L27869-27903]", () => request(journalEntry({ storer: { givenName: "", familyName: "Socialarbetare" } })), ["MET-MANDATORY-MISSING"]],
  ["#9 storer surname missing on a phase-1 document [D07-R25 L27905-27941]", () => request({ ...phase1(), storer: { givenName: "Sara", familyName: "" } }), ["MET-MANDATORY-MISSING"]],
  ["#10 no client at all [D07-R20 L27179-27187]", () => request(clientDocument({ clients: [] })), ["MET-MANDATORY-MISSING"]],
  ["#10 a KR names exactly one client [L27943-27962]", () => request(clientRelationshipDocument({ clients: [ADULT, ADULT_2] })), ["MET-CARDINALITY"]],
  ["#11 case id missing on a client document [D04-R33 L16051-16053]", () => request(without(clientDocument(), "caseId")), ["MET-MANDATORY-MISSING"]],
  ["#11 case id missing on an old document (\"alla klienthandlingar\") [L27964-28020]", () => request(without(oldDocument(), "caseId")), ["MET-MANDATORY-MISSING"]],
  ["#11 no case id on a KR [L16051-16053]", () => request(clientRelationshipDocument()), []],
  ["#12 case name missing [D04-R36 L16081-16084]", () => request(without(caseDocument(), "caseName")), ["MET-MANDATORY-MISSING"]],
  ["#13 case opening date missing [L28034-28044]", () => request(without(caseDocument(), "caseOpenedAt")), ["MET-MANDATORY-MISSING"]],
  ["#14 closing date missing on a closed case [L28046-28058]", () => request(caseDocument({ caseStatus: code(CODE_SYSTEMS.caseStatus, "2") })), ["MET-CASE-CLOSED-DATE-MISSING"]],
  ["#14 closing date not needed on an open case [L28046-28058]", () => request(caseDocument()), []],
  ["#15 case status missing [L28060-28068]", () => request(without(caseDocument(), "caseStatus")), ["MET-MANDATORY-MISSING"]],
  ["#18 service process missing on a phase-2 document [D07-R21b L26471-26473]", () => request(without(clientDocument(), "serviceProcess")), ["MET-SERVICE-PROCESS-MISSING"]],
  ["#18 service process missing on a journal entry [D07-R21b L26471-26473]", () => request(without(journalEntry(), "serviceProcess")), ["MET-SERVICE-PROCESS-MISSING"]],
  ["#18 service process optional on an old document [D07-R21b L28251-28269]", () => request(oldDocument()), []],
  ["#19 service task missing on a case document [D07-R21a L26471-26473]", () => request(caseDocument({ serviceTasks: [] })), ["MET-SERVICE-TASK-MISSING"]],
  ["#19 service task missing on a phase-2 document [D07-R21a L26471-26473]", () => request(clientDocument({ serviceTasks: [] })), ["MET-SERVICE-TASK-MISSING"]],
  ["#19 service task not mandatory on a KR [D07-R21a L28271-28337]", () => request(clientRelationshipDocument({ serviceTasks: [] })), []],
  ["#19 old document with its 2016 and original 1989 task [D07-R111 L28279-28297]", () => request(oldDocument()), []],
  ["#19 old document without its original 1989/2011 task [D07-R111 L28279-28297]", () =>
    request(oldDocument({ serviceTasks: [code(CODE_SYSTEMS.serviceTask, "23")] })), ["MET-MANDATORY-MISSING"]],
  ["#19 old document with only the original task [D07-R111 L28279-28297]", () =>
    request(oldDocument({ serviceTasks: [code(CODE_SYSTEMS.serviceTask2011, "10")] })), ["MET-MANDATORY-MISSING"]],
  ["#19 a case with two 2016 service tasks is a client-system duty [D04-R41 L15996]", () => request(caseDocument({ serviceTasks: [code(CODE_SYSTEMS.serviceTask, "23"), code(CODE_SYSTEMS.serviceTask, "10")] })), ["MET-CASE-ONE-SERVICE-TASK"]],
  ["#20 social service missing while implementing a service [D07-R21c L26473-26475 L28412-28428]", () => request(clientDocument({ serviceProcess: code(CODE_SYSTEMS.serviceProcess, "5") })), ["MET-SOCIAL-SERVICE-MISSING"]],
  ["#20 social service given while implementing a service [D07-R21c L28412-28428]", () => request(clientDocument({ serviceProcess: code(CODE_SYSTEMS.serviceProcess, "5"), socialServices: [code(CODE_SYSTEMS.socialService, "15")] })), []],
  ["#20 social service not required in another process [D07-R21c L28412-28428]", () => request(clientDocument({ serviceProcess: code(CODE_SYSTEMS.serviceProcess, "2") })), []],
  ["#22 general type missing on a phase-1 document [L28779-28807]", () => request(without(phase1(), "generalType")), ["MET-MANDATORY-MISSING"]],
  ["#23 specifying type missing on a phase-2 document [D05-R03 L20106-20120] [L28809-28845]", () => request(without(clientDocument(), "specificType")), ["MET-MANDATORY-MISSING"]],
  ["#23 specifying type optional on a phase-1 document [D05-R03 L20106-20120]", () => request(phase1()), []],
  ["#24-#26 incoming document without receipt time, arrival method and sender [L28861-28952]", () => request(clientDocument(), { incoming: true }), ["MET-INCOMING-MISSING", "MET-INCOMING-MISSING", "MET-INCOMING-MISSING"]],
  ["#24-#26 incoming document with all three [L28861-28952]", () => request(clientDocument({ receivedAt: "2026-11-20", arrivalMethod: code(CODE_SYSTEMS.arrivalMethod, "1"), senderOrAgent: "Förvaltningsdomstolen" }), { incoming: true }), []],
  ["#27-#32 professional e-signature without signer metadata on a phase-2 document [D07-R28 L28954-29151]", () => request(without(clientDocument(), "signatureMetadata")), ["MET-SIGNER-MISSING"]],
  ["#27/#28 signer's identity code instead of a registration number is enough [D07-R28 L28956-29041]", () =>
    request(clientDocument({ signatureMetadata: { ...clientDocument().signatureMetadata, registrationNumber: undefined, signerPersonId: ADULT } })), []],
  ["#27-#32 not applicable when a system signature was used [D07-R28 L28954-29151]", () => request(without(clientDocument(), "signatureMetadata"), { signature: { signer: { kind: "system" } } }), []],
  ["makulering is not held to the matrix [D06-R25 L25990-25994] [D07-R42 L26545]", () => request(without(clientDocument({ status: "cancelled" }), "serviceProcess"), { operation: "cancel" }), []],
];

// #7 Serviceenhet (D07-R29 L27587-27591 L27823-27866): phase 2 and journal entries always; KR and ÄR from 09/2023 (configurable basis).
const serviceUnitRows: Row[] = [
  ["#7 service unit missing on a phase-2 document [D07-R29 L27823-27866] [D04-R11 L15845-15847]", () => request(without(clientDocument(), "serviceUnit")), ["MET-SERVICE-UNIT-MISSING"]],
  ["#7 service unit missing on a journal entry [D07-R29 L27823-27866]", () => request(without(journalEntry(), "serviceUnit")), ["MET-SERVICE-UNIT-MISSING"]],
  ["#7 service unit optional on a phase-1 document [D07-R29 L27823-27866]", () => request(phase1()), []],
  ["#7 service unit missing on a case stored after 09/2023 [D07-R29 L27587-27591]", () => request(without(caseDocument(), "serviceUnit")), ["MET-SERVICE-UNIT-MISSING"]],
  ["#7 service unit not yet required on a KR stored before 09/2023 [D07-R29 L27587-27591]", () => request(without(clientRelationshipDocument(), "serviceUnit"), { now: new Date("2023-08-31T12:00:00Z") }), []],
  ["#7 cut-over measured by creation date: an old KR created 2022 stored today [D07-R29 L27587-27591]", () =>
    request(without(clientRelationshipDocument({ createdAt: "2022-05-01T10:00:00Z" }), "serviceUnit")), [], { serviceUnitCutoverBasis: "created" }],
  ["#7 cut-over date is configurable [D07-R29 L27587-27591]", () => request(without(caseDocument(), "serviceUnit")), [], { serviceUnitCutover: "2027-01-01" }],
  ["#7 service unit on an old shelter-home document [L27823-27866]", () => request(oldDocument({ socialServices: [code(CODE_SYSTEMS.socialService, "56")] })), ["MET-SERVICE-UNIT-MISSING"]],
  ["#7 no service unit needed on another old document [L27823-27866]", () => request(oldDocument()), []],
];

describe("metadata matrix per document group (table 11.2.2)", () => {
  it.each([...rows, ...serviceUnitRows])("%s", (_, build, expected, settings) => {
    expect(codesOf(checkMetadataMatrix(build(), { ...DEFAULT_STORAGE_SETTINGS, ...settings }))).toEqual(expected);
  });

  it("names the missing element and points at it [D07-R25 L27591-27603]", () => {
    const [f] = checkMetadataMatrix(request(without(clientDocument(), "specificType")), DEFAULT_STORAGE_SETTINGS);
    expect(f).toEqual({ code: "MET-MANDATORY-MISSING", location: metadataPath("specificType"), detail: "#23 Handlingens preciserande handlingstyp (phase-2)", severity: "error" });
  });
});
