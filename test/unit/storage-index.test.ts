import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RULES_STORAGE_ERRORS } from "../../src/rules/storage/errors.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { refuses, runStorageChecks } from "../../src/rules/storage/index.js";
import type { StorageCheckInput } from "../../src/rules/storage/types.js";
import { caseDocument, clientDocument, clientRelationshipDocument, code, codesOf, journalEntry, oldDocument, request } from "./storage-builders.js";
import { LOCAL_HEADER_ELEMENTS } from "../../src/cda/profile.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { METADATA_FIELDS, metadataPath } from "../../src/rules/storage/paths.js";

describe("runStorageChecks: a complete, consistent request is stored without findings", () => {
  it.each([
    ["client relationship document", () => request(clientRelationshipDocument(), { clientRelationships: [] })],
    ["case document", () => request(caseDocument())],
    ["phase-2 decision", () => request(clientDocument())],
    ["journal entry", () => request(journalEntry())],
    ["old client document in a closed case", () => request(oldDocument(), { case: { ...request(oldDocument()).case!, closed: true } })],
  ] as [string, () => StorageCheckInput][])("%s", (_, build) => {
    expect(runStorageChecks(build(), { strict: true })).toEqual([]);
  });
});

// DESIGN §7 decision 0: client-system duties are warnings inside an AA; strict mode refuses them.
describe("strict mode turns client-system warnings into refusals [DESIGN §7.0]", () => {
  const systemSigned = () => request(clientDocument(), { signature: { signer: { kind: "system" } } });
  it("default: SIG-PROF-REQUIRED is a warning and the request is not refused [D06-R38 L24572-24578]", () => {
    const findings = runStorageChecks(systemSigned(), { strict: false });
    expect(findings).toEqual([expect.objectContaining({ code: "SIG-PROF-REQUIRED", severity: "warning" })]);
    expect(refuses(findings)).toBe(false);
  });
  it("strict: the same finding refuses [D06-R38 L24572-24578]", () => {
    const findings = runStorageChecks(systemSigned(), { strict: true });
    expect(findings).toEqual([expect.objectContaining({ code: "SIG-PROF-REQUIRED", severity: "error" })]);
    expect(refuses(findings)).toBe(true);
  });
  it("an archive-enforced finding is a refusal in both modes [D06-R13 L25950]", () => {
    for (const strict of [false, true]) {
      const findings = runStorageChecks(request(clientDocument({ versionNumber: 2 })), { strict });
      expect(findings).toEqual([expect.objectContaining({ code: "VER-FIRST-NOT-ONE", severity: "error" })]);
    }
  });
});

// Explicitly not checked by the archive (DESIGN §7.0): names, free text, date logic, service task ×
// social service combinations. None of these is a finding, in strict mode either.
describe("never a finding: what the archive does not check", () => {
  it.each([
    ["nonsense person names of the storer [D06-R33 L25881-25883]", () => request(clientDocument({ storer: { givenName: "x", familyName: "123" } }))],
    ["free text title and description [D06-R33 L25881-25883] [D07-R19 L27314-27320]", () => request(clientDocument({ title: "???", description: "" }))],
    ["case closed before it was opened: date logic [D06-R33 L26079-26095]", () =>
      request(caseDocument({ caseOpenedAt: "2026-11-20", caseClosedAt: "2026-01-01", caseStatus: code(CODE_SYSTEMS.caseStatus, "2") }))],
    ["document created in the future: date logic [D06-R33 L26079-26095]", () => request(clientDocument({ createdAt: "2030-01-01T00:00:00Z" }))],
    ["adoption counselling under elderly services: task × service combination [D07-R22 L26475-26477] [D04-R04 L13400] [D06-R35 L24176-24194]", () =>
      request(clientDocument({ serviceProcess: code(CODE_SYSTEMS.serviceProcess, "5"), socialServices: [code(CODE_SYSTEMS.socialService, "1")], specialContent: true }))],
    ["therapeutic-work journal entry under any service task: not restricted on storage [D06-R79 L23698-23704]", () =>
      request(journalEntry({ specificType: code(CODE_SYSTEMS.specificType, "112"), serviceTasks: [code(CODE_SYSTEMS.serviceTask, "26")] }))],
    ["a client with a different name in content: names not checked [D06-R33 L25881-25883]", () => request(clientDocument({ senderOrAgent: "Förvaltningsdomstolen i ingenstans" }))],
  ] as [string, () => StorageCheckInput][])("%s", (_, build) => {
    expect(codesOf(runStorageChecks(build(), { strict: true }))).toEqual([]);
  });
});


// The finding locations follow docs/profile/cda.md: every hl7fi:localHeader child we point at is one the CDA profile knows.
describe("finding locations match the CDA profile's placements", () => {
  it.each(METADATA_FIELDS)("%s", (field) => {
    const path = metadataPath(field);
    const local = /hl7fi:localHeader\/hl7fi:([A-Za-z]+)/.exec(path)?.[1];
    if (local !== undefined) expect(Object.keys(LOCAL_HEADER_ELEMENTS)).toContain(local);
    expect(path.startsWith("/ClinicalDocument/")).toBe(true);
  });
});

// Property: whatever optional metadata is dropped and whatever the operation, the checks do not throw,
// emit only catalogued codes with a location in the document, and strict mode leaves no warning.
describe("runStorageChecks over arbitrary incomplete documents", () => {
  const optional: (keyof DocumentMetadata)[] = ["producer", "storer", "serviceUnit", "registerCode", "caseId", "caseName", "caseOpenedAt", "caseStatus", "serviceProcess", "generalType", "specificType", "signatureMetadata", "guardianDisclosure"];
  const builders = [clientDocument, journalEntry, caseDocument, clientRelationshipDocument, oldDocument];
  it("is total and stays inside the catalogue", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: builders.length - 1 }), fc.subarray(optional), fc.constantFrom("store", "version", "cancel" as const), fc.boolean(), (b, dropped, operation, strict) => {
        const d: DocumentMetadata = { ...builders[b]!() };
        for (const key of dropped) delete d[key];
        const findings = runStorageChecks(request(d, { operation }), { strict });
        for (const f of findings) {
          expect(Object.keys(RULES_STORAGE_ERRORS)).toContain(f.code);
          expect(f.location.startsWith("/ClinicalDocument")).toBe(true);
          if (strict) expect(f.severity).toBe("error");
        }
      }),
      { numRuns: 300 },
    );
  });
});
