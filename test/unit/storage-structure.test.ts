import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { activeClientsAt, checkStructure } from "../../src/rules/storage/structure.js";
import { DEFAULT_STORAGE_SETTINGS, type CaseFacts, type StorageCheckInput, type StorageCheckSettings, type VersionFacts } from "../../src/rules/storage/types.js";
import { ADULT, ADULT_2, caseDocument, clientDocument, clientRelationshipDocument, code, codesOf, journalEntry, MINOR, oldDocument, ORGANISER, request } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[], settings?: Partial<StorageCheckSettings>];
const at = (date: string) => new Date(`${date}T12:00:00Z`);
const theCase = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({ ...request(clientDocument()).case!, ...overrides });
const closed = code(CODE_SYSTEMS.caseStatus, "2");
const name2017 = (value = "1001", text?: string) => ({ code: code(CODE_SYSTEMS.caseName2017, value), ...(text !== undefined ? { text } : {}) });
const name2023 = (value = "4", text?: string) => ({ code: code(CODE_SYSTEMS.caseName2023, value), ...(text !== undefined ? { text } : {}) });
const attachment = (attachmentOf?: string) =>
  clientDocument({ generalType: code(CODE_SYSTEMS.generalType, "9"), specificType: code(CODE_SYSTEMS.specificType, "203"), description: "Kvitton", ...(attachmentOf !== undefined ? { attachmentOf } : {}) });
const MAIN = "1.2.246.10.99990001.10.0.88.7";
const LINKED = "1.2.246.10.99990001.10.0.77.2";
function version(next: DocumentMetadata, latest: DocumentMetadata, extra: Partial<StorageCheckInput> = {}): StorageCheckInput {
  const versions: VersionFacts = { latestVersionNumber: 1, latestDocumentId: latest.documentId, latestCancelled: false, latest };
  return request({ ...next, versionNumber: 2, documentId: `${next.setId}.2`, replacesDocumentId: latest.documentId }, { operation: "version", versions, ...extra });
}
const cancel = (d: DocumentMetadata, dependants: StorageCheckInput["dependants"]) => request({ ...d, status: "cancelled", versionNumber: 2 }, { operation: "cancel", dependants });

// Storage order KR → ÄR → client documents (D06-R12 L25940-25948) and the client relationship document.
const orderRows: Row[] = [
  ["case document whose client has no KR [D06-R12 L25940-25948]", () => request(caseDocument(), { clientRelationships: [] }), ["STR-KR-MISSING"]],
  ["case document whose client's KR is cancelled [D06-R12 L25940-25948]", () =>
    request(caseDocument(), { clientRelationships: [{ setId: "kr", clientId: ADULT, organiserOid: ORGANISER, oldClientRelationship: false, cancelled: true }] }), ["STR-KR-MISSING"]],
  ["client document whose case is not archived [D06-R12 L25946-25948]", () => request(clientDocument(), { case: undefined }), ["STR-CASE-MISSING"]],
  ["client document whose case is cancelled [D06-R12 L25946-25948]", () => request(clientDocument(), { case: theCase({ cancelled: true }) }), ["STR-CASE-MISSING"]],
  ["client document naming a case of another register [D06-R12 L25946-25948]", () => request(clientDocument(), { case: theCase({ registerCode: "2" }) }), ["STR-CASE-MISSING"]],
  ["a second current KR for the same client and organiser [D06-R27 L26002] [D05-R26 L20323-20349]", () =>
    request(clientRelationshipDocument({ setId: "1.2.246.10.99990001.10.0.55.77" })), ["STR-KR-DUPLICATE"]],
  ["an old client relationship beside the current KR [D05-R27 L20423-20443]", () =>
    request(clientRelationshipDocument({ setId: "1.2.246.10.99990001.10.0.55.77", oldClientRelationship: true })), []],
  ["a KR with another organiser beside the current one [D05-R25 L20349-20353] [DESIGN §7.10]", () =>
    request(clientRelationshipDocument({ setId: "1.2.246.10.99990001.10.0.55.77", organiser: { oid: "1.2.246.10.99990002.10.0", name: "Exempelstad" } })), []],
  ["a new version of the current KR [D05-R29 L20568-20570]", () => version(clientRelationshipDocument({ setId: "1.2.246.10.99990001.10.0.55.1" }), clientRelationshipDocument({ setId: "1.2.246.10.99990001.10.0.55.1" })), []],
  ["open case on an old client relationship [D05-R24 L20433-20435] [07 E27 L31849-31851]", () =>
    request(caseDocument(), { clientRelationships: [{ setId: "kr", clientId: ADULT, organiserOid: ORGANISER, oldClientRelationship: true, cancelled: false }] }), ["STR-OPEN-CASE-ON-OLD-KR"]],
  ["closed case on an old client relationship [D05-R24 L20433-20435]", () =>
    request(caseDocument({ caseStatus: closed, caseClosedAt: "2020-01-01" }), { clientRelationships: [{ setId: "kr", clientId: ADULT, organiserOid: ORGANISER, oldClientRelationship: true, cancelled: false }] }), []],
];

// Cases (04 §2.6, §5.2).
const caseRows: Row[] = [
  ["a second case document with an existing case id [D04-R33 L16045]", () => request(caseDocument(), { caseIdHeldBySetId: "1.2.246.10.99990001.10.0.66.9" }), ["STR-CASE-ID-TAKEN"]],
  ["a new version of the case document with its own case id (rename) [D04-R39 L17130-17134]", () =>
    version(caseDocument({ caseName: name2023("10") }), caseDocument(), { caseIdHeldBySetId: "1.2.246.10.99990001.10.0.66.1" }), []],
  ["new document in a closed case [D04-R35 L16075-16077]", () => request(journalEntry(), { case: theCase({ closed: true }) }), ["STR-CASE-CLOSED"]],
  ["old document packed into a closed case [D01-R71 L1692-1710] [D05-R24 L20433-20435]", () => request(oldDocument(), { case: theCase({ closed: true }) }), []],
  ["case name from another classification [D04-R36 L16081-16086]", () => request(caseDocument({ caseName: { code: code(CODE_SYSTEMS.serviceTask, "23") } })), ["CASE-NAME-CLASSIFICATION"]],
  ["case name 99 without text (2023) [D04-R38 L17118-17126]", () => request(caseDocument({ caseName: name2023("99") })), ["CASE-NAME-TEXT-MISSING"]],
  ["case name 99 with text (2023) [D04-R38 L17118-17126]", () => request(caseDocument({ caseName: name2023("99", "Ärende inlett via polisen") })), []],
  ["case name 99 without text (2017) [D04-R38 L17144-17148]", () => request(caseDocument({ caseName: name2017("99") }), { now: at("2024-01-10") }), ["CASE-NAME-TEXT-MISSING"]],
  ["2017 name on an open case on 31.8.2024 [D04-R37 L17154-17156]", () => request(caseDocument({ caseName: name2017() }), { now: at("2024-08-31") }), []],
  ["2017 name on an open case after 31.8.2024 [D04-R37 L17154-17156]", () => request(caseDocument({ caseName: name2017() }), { now: at("2024-09-01") }), ["CASE-NAME-2017-EXPIRED"]],
  ["2017 name kept on a closed case after 31.8.2024 [D04-R37 L16108-16110]", () => request(caseDocument({ caseName: name2017(), caseStatus: closed, caseClosedAt: "2020-05-01" })), []],
  ["reopening a 2017-named case after 31.8.2024 takes a 2023 name [D04-R37 L16110]", () =>
    version(caseDocument({ caseName: name2017() }), caseDocument({ caseName: name2017(), caseStatus: closed })), ["CASE-NAME-2017-EXPIRED"]],
  ["2023 name before 1.1.2023 [D04-R37 L16094]", () => request(caseDocument({ caseName: name2023() }), { now: at("2022-12-31") }), ["CASE-NAME-2023-NOT-YET"]],
  ["case linked to a case of the same register [D07-R106 L28127-28199]", () =>
    request(caseDocument({ caseLinks: [LINKED] }), { linkedCases: [{ caseId: LINKED, registerCode: "1", organiserOid: ORGANISER }] }), []],
  ["case linked to a case of another organiser's register [D07-R106 L28195-28197]", () =>
    request(caseDocument({ caseLinks: [LINKED] }), { linkedCases: [{ caseId: LINKED, registerCode: "2", organiserOid: "1.2.246.10.99990003.10.0" }] }), ["STR-CASE-LINK-OTHER-REGISTER"]],
  ["case linked to a case in the same organiser's other register [D07-R106 L28155-28159]", () =>
    request(caseDocument({ caseLinks: [LINKED] }), { linkedCases: [{ caseId: LINKED, registerCode: "2", organiserOid: ORGANISER }] }), ["STR-CASE-LINK-OTHER-REGISTER"]],
  ["the 2017 expiry date is configurable [D04-R37 L17154-17156]", () => request(caseDocument({ caseName: name2017() })), [], { caseName2017ValidTo: "2030-12-31" }],
];

// Joint cases (04 §2.7; D06-R23; DESIGN §7.11 client-system duty).
const jointCase = () => theCase({ participants: [{ clientId: ADULT, joinedAt: "2026-01-01" }, { clientId: ADULT_2, joinedAt: "2026-01-01" }, { clientId: MINOR, joinedAt: "2026-06-01", leftAt: "2026-11-01" }] });
const jointRows: Row[] = [
  ["joint case document in a phase-1 register [D04-R49 L16636-16640]", () => request(caseDocument({ clients: [ADULT, ADULT_2] }), { registerPhase: 1 }), ["STR-JOINT-CASE-PHASE-1"]],
  ["joint case document in phase 2 [D04-R49 L16636-16640]", () => request(caseDocument({ clients: [ADULT, ADULT_2] })), []],
  ["document lists all current clients of the joint case [D06-R23 L25982-25984]", () => request(journalEntry({ clients: [ADULT, ADULT_2] }), { case: jointCase() }), []],
  ["document omits a current client of the joint case [D06-R23 L25982-25984] [D04-R50 L16962-16968]", () => request(journalEntry({ clients: [ADULT] }), { case: jointCase() }), ["STR-JOINT-CLIENTS-MISMATCH"]],
  ["document names a client who has left the case [D04-R50 L17020-17024]", () => request(journalEntry({ clients: [ADULT, ADULT_2, MINOR] }), { case: jointCase() }), ["STR-JOINT-CLIENTS-MISMATCH"]],
  ["document created while the left client was still in the case [D04-R40 L16962-16968]", () =>
    request(journalEntry({ clients: [ADULT, ADULT_2, MINOR], createdAt: "2026-07-01T10:00:00Z", guardianDisclosure: "1" }), { case: jointCase() }), []],
  ["phase-1 document may name only the applicant [D04-R49 L16648-16652]", () =>
    request(clientDocument({ documentGroup: "phase-1", specificType: undefined, clients: [ADULT] }), { case: jointCase() }), []],
];

// Attachments (06 §2.10).
const attachmentRows: Row[] = [
  ["attachment with an existing main document [D06-R64 L24505-24507]", () => request(attachment(MAIN), { mainDocument: { setId: MAIN, cancelled: false } }), []],
  ["attachment without a main document [D06-R64 L24505-24507]", () => request(attachment()), ["ATT-MAIN-MISSING"]],
  ["attachment whose main document is not archived [D06-R64 L24505-24507]", () => request(attachment(MAIN)), ["ATT-MAIN-NOT-FOUND"]],
  ["attachment whose main document is cancelled [D06-R64 L24505-24507]", () => request(attachment(MAIN), { mainDocument: { setId: MAIN, cancelled: true } }), ["ATT-MAIN-NOT-FOUND"]],
  ["a client plan attached to a decision [D06-R66 L24499-24505]", () =>
    request(clientDocument({ specificType: code(CODE_SYSTEMS.specificType, "503"), attachmentOf: MAIN }), { mainDocument: { setId: MAIN, cancelled: false } }), ["ATT-NOT-ATTACHMENT-TYPE"]],
  ["attachment to a journal entry [D06-R68 L23453-23455]", () => request(attachment(MAIN), { mainDocument: { setId: MAIN, cancelled: false } }), []],
];

// Makulering order (D07-R40 L29300-29314; D06-R17 L25962-25964).
const cancelRows: Row[] = [
  ["client document with an active attachment [D07-R40 L29300-29314]", () => cancel(clientDocument(), [{ setId: "att", kind: "attachment" }]), ["STR-CANCEL-HAS-DEPENDANTS"]],
  ["case document with active client documents [D06-R17 L25962-25964]", () => cancel(caseDocument(), [{ setId: "kh", kind: "client-document" }]), ["STR-CANCEL-HAS-DEPENDANTS"]],
  ["KR with an active case document [D07-R40 L29300-29314]", () => cancel(clientRelationshipDocument(), [{ setId: "är", kind: "case" }]), ["STR-CANCEL-HAS-DEPENDANTS"]],
  ["case document whose client documents are all cancelled [D07-R40 L29300-29314]", () => cancel(caseDocument(), []), []],
  ["attachment: nothing depends on it [D07-R40 L29300-29308]", () => cancel(attachment(MAIN), []), []],
  ["makulering of a document in a closed case is not 'adding' [D04-R35 L16075-16077]", () => ({ ...cancel(journalEntry(), []), case: theCase({ closed: true }) }), []],
];

// Case-level marks are never propagated (DESIGN §7.12; 03 R45-R48, R62).
const markRows: Row[] = [
  ["document added to a case marked special content, without the mark [D03-R46 L8422-8432]", () =>
    request(journalEntry({ specialContent: false }), { case: theCase({ specialContent: true }) }), ["STR-CASE-MARK-MISSING"]],
  ["document added to a delayed case, without a delay [D03-R45 L8332-8340]", () => request(journalEntry(), { case: theCase({ delayedUntil: "2027-06-01" }) }), ["STR-CASE-MARK-MISSING"]],
  ["document added to a delayed case with its own delay [D03-R45 L8332-8340]", () =>
    request(journalEntry({ delayedUntil: "2027-06-01", restrictionReasons: [code(CODE_SYSTEMS.restrictionReason, "6")] }), { case: theCase({ delayedUntil: "2027-06-01" }) }), []],
  ["minor's document with another guardian restriction than the case [D03-R62 L8804-8829]", () =>
    request(journalEntry({ clients: [MINOR], guardianDisclosure: "1" }), { case: theCase({ guardianDisclosure: "4", participants: [{ clientId: MINOR }] }) }), ["STR-CASE-MARK-MISSING"]],
  ["mark removed from a document while the case is still marked [D03-R48 L8341-8349 L8448-8466]", () =>
    version(journalEntry({ specialContent: false }), journalEntry({ specialContent: true }), { case: theCase({ specialContent: true }) }), ["STR-CASE-MARK-REMOVED"]],
  ["mark removed from a document after the case mark was removed [D03-R48 L8448-8466]", () =>
    version(journalEntry({ specialContent: false }), journalEntry({ specialContent: true }), { case: theCase({ specialContent: false }) }), []],
];

describe("order and structure of the client's documents", () => {
  it.each([...orderRows, ...caseRows, ...jointRows, ...attachmentRows, ...cancelRows, ...markRows])("%s", (_, build, expected, settings) => {
    expect(codesOf(checkStructure(build(), { ...DEFAULT_STORAGE_SETTINGS, ...settings }))).toEqual(expected);
  });

  it("names what must be cancelled first, attachments before client documents [D07-R40 L29300-29308]", () => {
    const [f] = checkStructure(cancel(caseDocument(), [{ setId: "kh-1", kind: "client-document" }, { setId: "att-1", kind: "attachment" }]), DEFAULT_STORAGE_SETTINGS);
    expect(f?.detail).toBe("cancel first the attachment document(s) att-1");
  });

  it("the joint-case client list is a client-system warning [DESIGN §7.11]", () => {
    const [f] = checkStructure(request(journalEntry({ clients: [ADULT] }), { case: jointCase() }), DEFAULT_STORAGE_SETTINGS);
    expect(f?.severity).toBe("warning");
  });

  it.each([
    ["2026-03-01", [ADULT, ADULT_2]],
    ["2026-07-01", [ADULT, ADULT_2, MINOR]],
    ["2026-11-01", [ADULT, ADULT_2]],
  ])("the joint case's clients on %s [D04-R51 L16917-16927]", (date, expected) => {
    expect(activeClientsAt(jointCase(), date)).toEqual(expected);
  });
});
