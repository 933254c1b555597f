import { randomUUID } from "node:crypto";
import type { DocumentMetadata, SignerInfo } from "../../src/model/document.js";

/** A unique OID under the simulator's fictional test arc. */
export function testOid(prefix = "1.2.246.10.99990001.55"): string {
  return `${prefix}.${BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 15)}`).toString()}`;
}

/** Metadata of a client document (phase 2) of the test world's welfare region, for archive tests. */
export function clientDocumentMetadata(overrides: Partial<DocumentMetadata> = {}): DocumentMetadata {
  const setId = overrides.setId ?? testOid();
  return {
    documentId: `${setId}.1`,
    setId,
    versionNumber: 1,
    status: "ready",
    createdAt: "2026-11-02T10:00:00+02:00",
    organiser: { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" },
    producer: { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" },
    serviceUnit: { oid: "1.2.246.10.99990001.10.104" },
    storer: { givenName: "Sara", familyName: "Socialarbetare" },
    registerCode: { code: "1", codeSystem: "1.2.246.537.6.1264" },
    clients: ["190790-981S"],
    caseId: "1.2.246.10.99990001.56.1",
    serviceTasks: [{ code: "26", codeSystem: "1.2.246.537.6.1299" }],
    socialServices: [],
    documentGroup: "phase-2",
    ...overrides,
  };
}

export const TEST_SIGNER: SignerInfo = {
  kind: "system",
  subject: "CN=Testbyns välfärdsområde system",
  organisationOid: "1.2.246.10.99990001.10.0",
  certificateSerial: "01",
  notBefore: "2020-01-01T00:00:00Z",
  notAfter: "2045-01-01T00:00:00Z",
};
