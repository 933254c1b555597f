import type { Kysely } from "kysely";
import { parseCda } from "../cda/parse.js";
import { validateCdaSchema } from "../cda/xsd.js";
import type { Database } from "../db/schema.js";
import { errorEntry } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { AckTypeCode, ArchiveRequestFrame, HandleArchiveRequest } from "../hl7/types.js";
import type { DocumentBody, DocumentMetadata, SignerInfo } from "../model/document.js";
import type { TrustStore } from "../signature/trust.js";
import { verifyCdaSignature } from "../signature/verify.js";
import { DEFAULT_XML_LIMITS, parseXmlSafely, type XmlLimits } from "../xml/safe-parse.js";
import { storeVersion } from "./store.js";

export interface DocumentCheckOptions {
  trust: TrustStore;
  /** The request time: certificates must be valid then. */
  at: Date;
  xmlLimits?: Partial<XmlLimits>;
}

export interface DocumentCheckResult {
  findings: Finding[];
  metadata?: DocumentMetadata;
  body?: DocumentBody;
  signer?: SignerInfo;
}

/**
 * Every check of one standalone CDA document that needs no archive state: safe parsing, the CDA
 * schema, the header metadata, the body forms and the signature. Once the bytes are safe XML, every
 * check runs and every finding is reported, most specific first, so a vendor fixes all in one round.
 */
export async function checkDocument(bytes: Uint8Array, options: DocumentCheckOptions): Promise<DocumentCheckResult> {
  const parsed = parseXmlSafely(bytes, { ...DEFAULT_XML_LIMITS, ...options.xmlLimits });
  if (!parsed.ok) return { findings: parsed.findings };
  const cda = parseCda(parsed.document);
  const schemaFindings = validateCdaSchema(bytes);
  const signature = verifyCdaSignature(bytes, { trust: options.trust, at: options.at });
  const findings = [...cda.findings, ...schemaFindings, ...(signature.ok ? [] : signature.findings)];
  return {
    findings,
    ...(cda.metadata && { metadata: cda.metadata }),
    body: cda.body,
    ...(signature.ok && { signer: signature.signer }),
  };
}

/**
 * Strict mode turns the client system's duties into refusals (DESIGN §7 decision 0); by default they
 * are warnings inside an AA.
 */
export function applyStrictMode(findings: readonly Finding[], strict: boolean): Finding[] {
  if (!strict) return [...findings];
  return findings.map((f) => (f.severity === "warning" && errorEntry(f.code).enforcement === "client-system" ? { ...f, severity: "error" } : f));
}

/** AA when nothing refuses; otherwise AR if any refusal is a rejection, else AE. */
export function acknowledgementType(findings: readonly Finding[]): AckTypeCode {
  const errors = findings.filter((f) => f.severity === "error");
  if (errors.length === 0) return "AA";
  return errors.some((f) => errorEntry(f.code).ack === "AR") ? "AR" : "AE";
}

export interface ArchiveHandlerDeps {
  db: Kysely<Database>;
  trust: TrustStore;
  strictMode: boolean;
  xmlLimits?: Partial<XmlLimits>;
}

function summaryOf(frame: ArchiveRequestFrame, metadata?: DocumentMetadata, signer?: SignerInfo): Record<string, unknown> {
  return {
    operation: frame.serviceRequest.operation,
    serviceRequest: frame.serviceRequest.code,
    usageSituation: frame.usageSituation.code,
    senderOrganisation: frame.sender.organisationOid,
    ...(metadata && {
      setId: metadata.setId,
      documentId: metadata.documentId,
      versionNumber: metadata.versionNumber,
      documentGroup: metadata.documentGroup,
      clients: metadata.clients,
      status: metadata.status,
    }),
    ...(signer && { signer: { kind: signer.kind, subject: signer.subject } }),
  };
}

/** The archive side of POST /soap/archive and /soap/validate. */
export function createArchiveHandler(deps: ArchiveHandlerDeps): HandleArchiveRequest {
  return async (frame, context) => {
    const checked = await checkDocument(frame.document, { trust: deps.trust, at: context.receivedAt, ...(deps.xmlLimits && { xmlLimits: deps.xmlLimits }) });
    const findings = applyStrictMode(checked.findings, deps.strictMode);
    const summary = summaryOf(frame, checked.metadata, checked.signer);
    if (acknowledgementType(findings) !== "AA" || context.validateOnly || !checked.metadata || !checked.signer) {
      return { typeCode: acknowledgementType(findings), findings, summary: { ...summary, stored: false } };
    }
    const stored = await storeVersion(deps.db, {
      metadata: checked.metadata,
      content: frame.document,
      signer: checked.signer,
      messageId: frame.messageId.extension ? `${frame.messageId.root}:${frame.messageId.extension}` : frame.messageId.root,
      receivedAt: context.receivedAt,
    });
    if (!stored.ok) {
      const all = [...findings, ...stored.findings];
      return { typeCode: acknowledgementType(all), findings: all, summary: { ...summary, stored: false } };
    }
    return { typeCode: "AA", findings, summary: { ...summary, stored: true, sha256: stored.sha256, registerId: stored.registerId } };
  };
}
