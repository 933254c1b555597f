import { describe, expect, it } from "vitest";
import type { DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { checkClientIdentity, classifyClientId } from "../../src/rules/storage/identity.js";
import type { IdentityLink, StorageCheckInput, VersionFacts } from "../../src/rules/storage/types.js";
import { ADULT, ADULT_2, caseDocument, clientDocument, clientRelationshipDocument, code, codesOf, journalEntry, oldDocument, request, TEMP_ID } from "./storage-builders.js";

type Row = [title: string, build: () => StorageCheckInput, expected: string[]];
const KR_SET = "1.2.246.10.99990001.10.0.55.1";
const OTHER_KR_SET = "1.2.246.10.99990001.10.0.55.9";
const TEMP_ID_2 = "1.2.246.10.99990001.10.0.99.4712";
const switched: IdentityLink = { temporaryId: TEMP_ID, officialCode: ADULT, clientRelationshipSetId: KR_SET };

/** A version 2 of `next` whose latest stored version is `latest`. */
function version(next: DocumentMetadata, latest: DocumentMetadata, links: IdentityLink[] = [], contentClientIds?: string[]): StorageCheckInput {
  const versions: VersionFacts = { latestVersionNumber: 1, latestDocumentId: latest.documentId, latestCancelled: false, latest };
  const doc = { ...next, versionNumber: 2, documentId: `${next.setId}.2`, replacesDocumentId: latest.documentId };
  return request(doc, { operation: "version", versions, identityLinks: links, ...(contentClientIds ? { clientIds: { frameClientIds: doc.clients, contentClientIds } } : {}) });
}

describe("classifying a client id [D06-R18 L25968-25970] [D06-R52 L25719-25733]", () => {
  it.each([
    [ADULT, "official"],
    ["011208B904J", "official"],
    [TEMP_ID, "temporary"],
    ["140375-921A", "invalid-official"],
    ["abc", "invalid"],
    ["1.2.246..1", "invalid"],
  ])("%s is %s", (id, kind) => expect(classifyClientId(id).kind).toBe(kind));
});

const formRows: Row[] = [
  ["valid identity code [D06-R18 L25968-25970]", () => request(clientDocument()), []],
  ["wrong check character [D06-R18 L25968-25970]", () => request(clientDocument({ clients: ["140375-921A"] })), ["CLI-PIC-INVALID"]],
  ["impossible date in the code [D06-R18 L25968-25970]", () => request(clientDocument({ clients: ["310275-921H"] })), ["CLI-PIC-INVALID"]],
  ["neither identity code nor OID [D06-R52 L25719-25733]", () => request(clientDocument({ clients: ["asiakas-17"] })), ["CLI-ID-INVALID"]],
  ["temporary id as an OID [D06-R52 L25719-25733]", () => request(clientDocument({ clients: [TEMP_ID] })), []],
  ["stated birth date matches the code [D06-R19 L25972]", () => request(clientDocument(), { clientIds: { frameClientIds: [ADULT], contentClientIds: [ADULT], statedBirthDates: { [ADULT]: "1975-03-14" } } }), []],
  ["stated birth date differs from the code [D06-R19 L25972]", () => request(clientDocument(), { clientIds: { frameClientIds: [ADULT], contentClientIds: [ADULT], statedBirthDates: { [ADULT]: "1975-03-15" } } }), ["CLI-BIRTH-DATE-MISMATCH"]],
];

const sameClientRows: Row[] = [
  ["frame names another client than the metadata [D06-R21 L25976]", () => request(clientDocument(), { clientIds: { frameClientIds: [ADULT_2], contentClientIds: [ADULT] } }), ["CLI-ID-MISMATCH"]],
  ["content names another client than the metadata [D06-R21 L25976]", () => request(clientDocument(), { clientIds: { frameClientIds: [ADULT], contentClientIds: [ADULT_2] } }), ["CLI-ID-MISMATCH"]],
  ["frame without client ids: only metadata and content are compared [D06-R21 L25976]", () => request(clientDocument(), { clientIds: { contentClientIds: [ADULT] } }), []],
  ["joint document: same clients everywhere, any order [D06-R21 L25976]", () =>
    request(clientDocument({ clients: [ADULT, ADULT_2] }), { clientIds: { frameClientIds: [ADULT_2, ADULT], contentClientIds: [ADULT_2, ADULT] } }), []],
  ["structured document without any client id in the content [D06-R28 L26004]", () => request(clientDocument(), { clientIds: { frameClientIds: [ADULT], contentClientIds: [] } }), ["CLI-CONTENT-ID-MISSING"]],
  ["unstructured document: content ids not read, nothing to compare [D06-R61 L25794-25814]", () => request(oldDocument()), []],
];

// Decision table 06 §5.2 (L25719-25848): temporary id → official code.
const switchRows: Row[] = [
  ["TEMP_ONLY: new document with the temporary id [06 §5.2 L25719-25725]", () => request(journalEntry({ clients: [TEMP_ID] })), []],
  ["TEMP_ONLY: KR version moves temp → official, content keeps the temp id [D06-R54 L25747-25753] [D06-R55 L25816-25820]", () =>
    version(clientRelationshipDocument({ clients: [ADULT] }), clientRelationshipDocument({ clients: [TEMP_ID] }), [], [ADULT, TEMP_ID]), []],
  ["TEMP_ONLY: case document moves to the official code before the KR [D06-R55 L25818-25820]", () =>
    version(caseDocument({ clients: [ADULT] }), caseDocument({ clients: [TEMP_ID] })), ["CLI-SWITCH-NOT-FIRST-IN-KR"]],
  ["TEMP_ONLY: client document moves to the official code before the KR [D06-R55 L25818-25820]", () =>
    version(clientDocument({ clients: [ADULT] }), clientDocument({ clients: [TEMP_ID] })), ["CLI-SWITCH-NOT-FIRST-IN-KR"]],
  ["PIC_SET: new document with the temporary id [D06-R57 L25826-25837]", () => request(journalEntry({ clients: [TEMP_ID] }), { identityLinks: [switched] }), ["CLI-TEMP-ID-AFTER-SWITCH"]],
  ["PIC_SET: a producer's new document with the temporary id [D06-R78 L25834-25842]", () =>
    request(journalEntry({ clients: [TEMP_ID], producer: { oid: "1.2.246.10.99990005.10.0", name: "Familjestöd Producent Ab" } }), { identityLinks: [switched] }), ["CLI-TEMP-ID-AFTER-SWITCH"]],
  ["PIC_SET: new version keeping the temporary id [D06-R57 L25830-25832]", () =>
    version(clientDocument({ clients: [TEMP_ID], title: "rättad" }), clientDocument({ clients: [TEMP_ID] }), [switched]), ["CLI-TEMP-ID-AFTER-SWITCH"]],
  ["PIC_SET: case document version with the official code, content keeps the temp id [D06-R58 L25761-25768]", () =>
    version(caseDocument({ clients: [ADULT] }), caseDocument({ clients: [TEMP_ID] }), [switched], [ADULT, TEMP_ID]), []],
  ["PIC_SET: client document version switched to a different official code than the KR [D06-R60 L25844-25846]", () =>
    version(clientDocument({ clients: [ADULT_2] }), clientDocument({ clients: [TEMP_ID] }), [switched]), ["CLI-OFFICIAL-CODE-CHANGED"]],
  ["PIC_SET: second temp → official switch of the same KR [D06-R55 L25816]", () =>
    version(clientRelationshipDocument({ clients: [ADULT_2] }), clientRelationshipDocument({ clients: [TEMP_ID] }), [switched]), ["CLI-SWITCH-TWICE"]],
  ["PIC_SET: official code set in a second KR of the same controller (other temp id) [D06-R56 L25820-25826]", () =>
    version(clientRelationshipDocument({ setId: OTHER_KR_SET, clients: [ADULT] }), clientRelationshipDocument({ setId: OTHER_KR_SET, clients: [TEMP_ID_2] }), [switched]), ["CLI-SWITCH-TWICE"]],
  ["PIC_SET: KR official code changed to another official code [D06-R60 L25844-25848]", () =>
    version(clientRelationshipDocument({ clients: [ADULT_2] }), clientRelationshipDocument({ clients: [ADULT] })), ["CLI-OFFICIAL-CODE-CHANGED"]],
  ["single-client document: official code changed to another [D06-R60 L25844-25848]", () =>
    version(clientDocument({ clients: [ADULT_2] }), clientDocument({ clients: [ADULT] })), ["CLI-OFFICIAL-CODE-CHANGED"]],
  ["case document may change its clients (not a code change) [D04-R39 L17130-17134]", () => version(caseDocument({ clients: [ADULT, ADULT_2] }), caseDocument({ clients: [ADULT] })), []],
  ["closed case document switched to the official code: client-system duty [D06-R59 L25757-25759]", () =>
    version(
      caseDocument({ clients: [ADULT], caseStatus: code(CODE_SYSTEMS.caseStatus, "2"), caseClosedAt: "2026-10-01" }),
      caseDocument({ clients: [TEMP_ID], caseStatus: code(CODE_SYSTEMS.caseStatus, "2"), caseClosedAt: "2026-10-01" }),
      [switched],
      [ADULT, TEMP_ID],
    ), ["CLI-CLOSED-CASE-ID-CHANGE"]],
  ["PIC_SET: old documents keep their temporary id and stay valid; makulering of one is not refused [D06-R58 L25753-25757]", () =>
    request(clientDocument({ clients: [TEMP_ID], status: "cancelled", versionNumber: 2 }), { operation: "cancel", identityLinks: [switched] }), []],
];

describe("client identification on storage", () => {
  it.each([...formRows, ...sameClientRows, ...switchRows])("%s", (_, build, expected) => {
    expect(codesOf(checkClientIdentity(build()))).toEqual(expected);
  });

  it("the closed-case id switch is a warning, the others refusals [DESIGN §7.0]", () => {
    const closed = caseDocument({ clients: [TEMP_ID], caseStatus: code(CODE_SYSTEMS.caseStatus, "2") });
    const [f] = checkClientIdentity(version({ ...closed, clients: [ADULT] }, closed, [switched], [ADULT, TEMP_ID]));
    expect(f?.severity).toBe("warning");
  });
});
