import { randomUUID } from "node:crypto";
import type { DocumentMetadata, SignerInfo } from "../../src/model/document.js";

/** A unique OID under the simulator's fictional test arc. */
export function testOid(prefix = "1.2.246.10.99990001.55"): string {
  return `${prefix}.${BigInt(`0x${randomUUID().replace(/-/g, "").slice(0, 15)}`).toString()}`;
}

/** The test world's welfare region, the organiser most tests store for. */
export const TESTBY = { oid: "1.2.246.10.99990001.10.0", name: "Testbyns välfärdsområde" } as const;

/**
 * A builder of document metadata in the welfare region's register: every field a valid document of
 * the register needs, the given defaults, then each call's overrides; a fresh setId under `setIdArc`.
 */
export function metadataFactory(setIdArc: string, defaults: Partial<DocumentMetadata> = {}): (overrides?: Partial<DocumentMetadata>) => DocumentMetadata {
  return (overrides = {}) => {
    const setId = overrides.setId ?? testOid(setIdArc);
    return {
      documentId: `${setId}.1`,
      setId,
      versionNumber: 1,
      status: "ready",
      createdAt: "2026-11-28T10:00:00+02:00",
      title: "Dokument",
      organiser: TESTBY,
      serviceUnit: { oid: "1.2.246.10.99990001.10.104" },
      storer: { givenName: "Sara", familyName: "Socionom" },
      registerCode: { code: "1", codeSystem: "1.2.246.537.6.1264" },
      clients: [],
      serviceTasks: [{ code: "26", codeSystem: "1.2.246.537.6.1299" }],
      socialServices: [],
      documentGroup: "phase-2",
      ...defaults,
      ...overrides,
    };
  };
}

/** Metadata of a client document (phase 2) of the test world's welfare region, for archive tests. */
export const clientDocumentMetadata = metadataFactory("1.2.246.10.99990001.55", {
  createdAt: "2026-11-02T10:00:00+02:00",
  storer: { givenName: "Sara", familyName: "Socialarbetare" },
  producer: TESTBY,
  clients: ["190790-981S"],
  caseId: "1.2.246.10.99990001.56.1",
});

export const TEST_SIGNER: SignerInfo = {
  kind: "system",
  subject: "CN=Testbyns välfärdsområde system",
  organisationOid: "1.2.246.10.99990001.10.0",
  certificateSerial: "01",
  notBefore: "2020-01-01T00:00:00Z",
  notAfter: "2045-01-01T00:00:00Z",
};
