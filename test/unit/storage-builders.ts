/**
 * Builders for the storage-check tests: a consistent, valid request per document group over the real
 * fixtures (code lists and test world), which each table row then breaks in one way. Not a test file.
 */
import { readFixtures } from "../../src/fixtures/load.js";
import type { Finding } from "../../src/errors/types.js";
import type { Coded, DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { codeLookupFromFixtures, professionalSignatureFromFixtures } from "../../src/rules/storage/code-lookup.js";
import type { StorageCheckInput } from "../../src/rules/storage/types.js";

export const fixtures = readFixtures();
export const codeLookup = codeLookupFromFixtures(fixtures);
export const professionalSignatureOf = professionalSignatureFromFixtures(fixtures);

/** Storage time of most rows (the test world's ages are relative to this day). */
export const NOW = new Date("2026-11-28T12:00:00Z");
export const ORGANISER = "1.2.246.10.99990001.10.0";
export const PRODUCER = "1.2.246.10.99990004.10.0";
export const SERVICE_UNIT = "1.2.246.10.99990001.10.102";
export const ADULT = "140375-921H";
export const ADULT_2 = "021182-934E";
export const MINOR = "050912A958F"; // 14 on NOW
export const TURNS_18 = "011208B904J"; // 18 on 2026-12-01
export const TEMP_ID = "1.2.246.10.99990001.10.0.99.4711";
export const CASE_ID = "1.2.246.10.99990001.10.0.77.1";

export const code = (codeSystem: string, value: string): Coded => ({ codeSystem, code: value });
export const codesOf = (findings: readonly Finding[]): string[] => findings.map((f) => f.code);

const base = (clients: string[]): Omit<DocumentMetadata, "documentGroup"> => ({
  documentId: "1.2.246.10.99990001.10.0.88.1.1",
  setId: "1.2.246.10.99990001.10.0.88.1",
  versionNumber: 1,
  status: "ready",
  createdAt: "2026-11-27T10:00:00Z",
  organiser: { oid: ORGANISER, name: "Testbyns välfärdsområde" },
  serviceUnit: { oid: SERVICE_UNIT },
  registerCode: code(CODE_SYSTEMS.register, "1"),
  clients,
  serviceTasks: [code(CODE_SYSTEMS.serviceTask, "23")],
  socialServices: [],
});

/** A phase-2 decision on elderly services (table 9.10.1 "Beslut om äldreservice"), in case CASE_ID. */
export function clientDocument(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return {
    ...base([ADULT]),
    documentGroup: "phase-2",
    producer: { oid: PRODUCER, name: "Hemhjälp Producent Oy" },
    storer: { givenName: "Sara", familyName: "Socialarbetare" },
    caseId: CASE_ID,
    serviceProcess: code(CODE_SYSTEMS.serviceProcess, "4"),
    generalType: code(CODE_SYSTEMS.generalType, "12"),
    specificType: code(CODE_SYSTEMS.specificType, "308"),
    signatureMetadata: { registrationNumber: "SV-12345", givenName: "Sara", familyName: "Socialarbetare", identificationMethod: code("1.2.246.10.99990000.3.99", "1"), signedAt: "2026-11-27T10:05:00Z" },
    ...overrides,
  };
}

/** A journal entry "Anteckning om besök eller kontakt". */
export function journalEntry(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return clientDocument({ documentGroup: "journal-entry", generalType: code(CODE_SYSTEMS.generalType, "2"), specificType: code(CODE_SYSTEMS.specificType, "105"), ...overrides });
}

/** A case document (ärendehandling) for CASE_ID, open, named with the 2023 classification. */
export function caseDocument(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return {
    ...base([ADULT]),
    documentGroup: "case",
    setId: "1.2.246.10.99990001.10.0.66.1",
    documentId: "1.2.246.10.99990001.10.0.66.1.1",
    caseId: CASE_ID,
    caseName: { code: code(CODE_SYSTEMS.caseName2023, "4") },
    caseOpenedAt: "2026-11-01",
    caseStatus: code(CODE_SYSTEMS.caseStatus, "1"),
    ...overrides,
  };
}

/** A client relationship document (klientrelationshandling). */
export function clientRelationshipDocument(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const d: DocumentMetadata = { ...base([ADULT]), documentGroup: "client-relationship", setId: "1.2.246.10.99990001.10.0.55.1", documentId: "1.2.246.10.99990001.10.0.55.1.1", serviceTasks: [], ...overrides };
  return d;
}

/** An old client document (gammal klienthandling), PDF/A, 2016 general type. */
export function oldDocument(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  return { ...base([ADULT]), documentGroup: "old", serviceUnit: undefined, caseId: CASE_ID, generalType: code(CODE_SYSTEMS.generalType2016, "2"), serviceTasks: [code(CODE_SYSTEMS.serviceTask, "23"), code(CODE_SYSTEMS.serviceTask1989, "1")], ...overrides } as DocumentMetadata;
}

const JSON_BODY = { body: { xhtml: "<div>text</div>", json: { any: "content" } } };
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46]);

/** A consistent request around a document: every referenced thing exists and agrees. */
export function request(document: DocumentMetadata, overrides: Partial<StorageCheckInput> = {}): StorageCheckInput {
  const unstructured = document.documentGroup === "old" || document.documentGroup === "phase-1";
  return {
    operation: "store",
    now: NOW,
    document,
    body: unstructured ? { pdf: PDF } : JSON_BODY.body,
    registerPhase: 2,
    clientIds: { frameClientIds: [...document.clients], ...(unstructured ? {} : { contentClientIds: [...document.clients] }) },
    identityLinks: [],
    documentIdExists: false,
    clientRelationships: document.clients.map((clientId, i) => ({ setId: `1.2.246.10.99990001.10.0.55.${i + 1}`, clientId, organiserOid: ORGANISER, oldClientRelationship: false, cancelled: false })),
    case: { setId: "1.2.246.10.99990001.10.0.66.1", caseId: CASE_ID, registerCode: "1", cancelled: false, closed: false, participants: document.clients.map((clientId) => ({ clientId, joinedAt: "2026-11-01" })) },
    dependants: [],
    signature: { signer: { kind: "professional" } },
    codes: codeLookup,
    professionalSignatureOf,
    ...overrides,
  };
}

export const pdfBody = { pdf: PDF };
export const xhtmlBody = { xhtml: "<div>text</div>" };
export const jsonBody = JSON_BODY.body;
