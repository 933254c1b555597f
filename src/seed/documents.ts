/**
 * Documents for `kanta-sim seed` and `kanta-sim bench`: one client's documents (client relationship,
 * case, client documents) in the test world's welfare region, built with the real CDA builder and
 * signed with the committed test PKI. The ids come from the caller, so every run is unique.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildCdaDocument } from "../cda/build.js";
import { sampleBody } from "../cda/samples.js";
import { buildArchiveRequestFrame } from "../hl7/frame.js";
import { loadServiceRequests } from "../hl7/service-requests.js";
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import { makePersonalIdentityCode } from "../rules/identity.js";
import { scenarioDocuments, type ScenarioIds } from "../samples/generate.js";
import { signCdaDocument, type DocumentSigner } from "../signature/sign.js";
import { buildSoapEnvelope } from "../soap/envelope.js";

const PKI = fileURLToPath(new URL("../../certs/test/", import.meta.url));
export const ORGANISER_OID = "1.2.246.10.99990001.10.0";
export const SERVICE_UNIT_OID = "1.2.246.10.99990001.10.104";

export type SignerName = "system" | "professional";
const SIGNER_FILES: Record<SignerName, string> = {
  system: "signers/system-1.2.246.10.99990001.10.0",
  professional: "signers/professional-sara-socionom",
};

const signers = new Map<SignerName, DocumentSigner>();
export function testSigner(name: SignerName): DocumentSigner {
  let s = signers.get(name);
  if (!s) {
    const file = SIGNER_FILES[name];
    s = { keyPem: readFileSync(join(PKI, `${file}.test-key.pem`), "utf8"), certPem: readFileSync(join(PKI, `${file}.pem`), "utf8") };
    signers.set(name, s);
  }
  return s;
}

/** Days from 1900-01-01 to 1999-12-31: 100 individual numbers (900–999) each give 3.65 M distinct test clients. */
const CLIENT_DAYS = 36_524;
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1900, 0, 1);

/** The n-th synthetic test client: a valid personal identity code in the test range 900–999, born in the 1900s. */
export function syntheticClient(n: number): string {
  const index = ((n % (CLIENT_DAYS * 100)) + CLIENT_DAYS * 100) % (CLIENT_DAYS * 100);
  const birthDate = new Date(EPOCH_1900 + Math.floor(index / 100) * DAY_MS).toISOString().slice(0, 10);
  return makePersonalIdentityCode(birthDate, 900 + (index % 100), "-");
}

/** The structured content of a client relationship document (structure 1.2.246.10.99990000.6.2), as in the samples. */
export const krBody = (clients: string[]): DocumentBody => ({
  xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>",
  json: { asiakkaat: clients, asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26" },
  jsonSchemaOid: "1.2.246.10.99990000.6.2",
});

/** The structured content of a case document (structure 1.2.246.10.99990000.6.3), as in the samples. */
export const caseBody = (clients: string[]): DocumentBody => ({
  xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>",
  json: { asiakkaat: clients, asiaAvattu: "2026-11-01", asianTila: "avoin" },
  jsonSchemaOid: "1.2.246.10.99990000.6.3",
});

const FILLER = "Klienten och socialarbetaren gick igenom läget och kom överens om fortsatt stöd i vardagen. ";

/** The sample client-document body, its display text padded so the built document is about `bytes` long (0: unpadded). */
export function clientDocumentBody(paddingBytes = 0): DocumentBody {
  const body = sampleBody();
  if (paddingBytes <= 0) return body;
  const paragraphs: string[] = [];
  let size = 0;
  while (size < paddingBytes) {
    const p = `<paragraph>${FILLER.repeat(4)}</paragraph>`;
    paragraphs.push(p);
    size += Buffer.byteLength(p);
  }
  return { ...body, xhtml: `${body.xhtml}${paragraphs.join("")}` };
}

export interface ClientDocumentSpec {
  ids: ScenarioIds;
  /** 0: the client relationship document, 1: the case document, n ≥ 2: the n-th client document. */
  ordinal: number;
}

/** The metadata, body and signer of one client's ordinal-th document. */
export function clientDocument(spec: ClientDocumentSpec, body: DocumentBody): { metadata: DocumentMetadata; body: DocumentBody; signer: SignerName } {
  const docs = scenarioDocuments(spec.ids);
  if (spec.ordinal === 0) return { metadata: docs.KR, body: krBody([spec.ids.client]), signer: "system" };
  if (spec.ordinal === 1) return { metadata: docs.CASE, body: caseBody([spec.ids.client]), signer: "system" };
  const setId = `${spec.ids.setIdPrefix}.${spec.ordinal + 1}`;
  // Spread the creation dates over 2024–2026 (a client's documents come from several years).
  const created = new Date(Date.UTC(2024, 0, 1) + ((spec.ordinal * 7919) % 1000) * DAY_MS).toISOString().slice(0, 10);
  const metadata: DocumentMetadata = {
    ...docs.CLIENT_DOCUMENT,
    setId,
    documentId: `${setId}.1`,
    title: `Bedömning av servicebehov ${spec.ordinal - 1}`,
    createdAt: `${created}T10:00:00+02:00`,
    signatureMetadata: { ...docs.CLIENT_DOCUMENT.signatureMetadata!, signedAt: `${created}T09:59:00+02:00` },
  };
  return { metadata, body, signer: "professional" };
}

/** A signed CDA document (RSA-SHA256, exclusive c14n), as a client system sends it. */
export function signedDocument(metadata: DocumentMetadata, body: DocumentBody, signer: SignerName): string {
  return signCdaDocument(buildCdaDocument(metadata, body), testSigner(signer));
}

let serviceRequestCodeSystem: string | undefined;

/** A complete SOAP 1.1 store request (RCMR_IN200002FI01, SP1) around a signed document. */
export function storeRequest(document: string, messageId: string, creationTime = new Date()): string {
  const frame = buildArchiveRequestFrame({
    messageId: { root: ORGANISER_OID, extension: messageId },
    creationTime,
    senderDeviceId: { root: ORGANISER_OID },
    senderOrganisationOid: ORGANISER_OID,
    serviceRequest: { code: "SP1", codeSystem: (serviceRequestCodeSystem ??= loadServiceRequests().codeSystem) },
    usageSituation: "1",
    serviceUnitOid: SERVICE_UNIT_OID,
    document,
  });
  return buildSoapEnvelope("1.1", frame);
}
