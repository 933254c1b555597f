import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { parseCda } from "../cda/parse.js";
import { validateCdaSchema } from "../cda/xsd.js";
import type { Database } from "../db/schema.js";
import { errorEntry, finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { AckTypeCode, ArchiveRequestFrame, HandleArchiveRequest } from "../hl7/types.js";
import { messageIdText } from "../hl7/wrapper.js";
import type { DocumentBody, DocumentMetadata, SignerInfo } from "../model/document.js";
import type { TrustStore } from "../signature/trust.js";
import { verifyCdaSignature } from "../signature/verify.js";
import { DEFAULT_XML_LIMITS, parseXmlSafely, type XmlLimits } from "../xml/safe-parse.js";
import { runStorageChecks, type StorageOperation } from "../rules/storage/index.js";
import { decideArchiveAccess, usageLogRows, writeUsageLog, type AccessLocations, type AccessRequest } from "./access.js";
import { loadStorageFacts, prefetchStoreReads } from "./facts.js";
import { checkStructuredContent, defaultSchemaRegistry, type EnvironmentProfile, type SchemaRegistry } from "./schemas.js";
import { replayKind, storageLockKeys, storeVersion } from "./store.js";
import { checkWillExpression } from "./will-expressions.js";

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
  // The signature check reuses the safe parse of the same bytes (one parse of the document, not two).
  const signature = verifyCdaSignature(bytes, { trust: options.trust, at: options.at, parsed: parsed.document });
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
  /** config.strictMode: client-system duties become refusals. */
  strictMode: boolean;
  /** config.environmentProfile: which structure statuses are stored (D07-R02, R03); "test" when absent. */
  environmentProfile?: EnvironmentProfile;
  schemas?: SchemaRegistry;
  xmlLimits?: Partial<XmlLimits>;
}

/**
 * The storage operation the frame asks for, from its service request and the document: SP1 stores a
 * first version or a new version (D06-R13, R14), SP2 makulerar (D06-R16 L25960); a frame of any other
 * operation cannot carry a document to archive.
 */
export function storageOperationOf(frame: ArchiveRequestFrame, metadata: DocumentMetadata): StorageOperation | undefined {
  if (frame.serviceRequest.operation === "cancel") return "cancel";
  if (frame.serviceRequest.operation !== "store") return undefined;
  return metadata.versionNumber > 1 || metadata.replacesDocumentId !== undefined ? "version" : "store";
}

const OPERATION_XPATH = "/hl7:RCMR_IN200002FI01/hl7:controlActProcess/hl7:reasonCode[1]/@code";

/** Where access refusals of a store frame point (src/hl7/frame.ts FRAME_PATHS). */
const STORE_ACCESS_LOCATIONS: AccessLocations = {
  usageSituation: "/hl7:RCMR_IN200002FI01/hl7:controlActProcess/hl7:reasonCode[@codeSystem='1.2.246.537.6.1289.201901']/@code",
  serviceUnit: "/hl7:RCMR_IN200002FI01/hl7:controlActProcess/hl7:authorOrPerformer/hl7:assignedPerson/hl7:representedOrganization/hl7:id/@root",
  specialReason: "/hl7:RCMR_IN200002FI01/hl7:controlActProcess",
  document: "/ClinicalDocument",
};

const ACCESS_ACTION: Record<StorageOperation, AccessRequest["action"]> = { store: "store", version: "new-version", cancel: "cancel" };

/**
 * The access request of a store frame: the sending organisation acts through the frame's one service
 * unit on the register of the document's organiser (D07-R54, D07-R60); the document's first client is
 * the client, the others of a joint case are checked by the engine (D08-R25).
 */
function storeAccessRequest(frame: ArchiveRequestFrame, metadata: DocumentMetadata, body: DocumentBody, operation: StorageOperation, now: Date): AccessRequest {
  const professionalId = frame.actor.professionalId?.extension ?? frame.actor.professionalId?.root;
  return {
    action: ACCESS_ACTION[operation],
    usageSituation: frame.usageSituation.code,
    organisationOid: frame.sender.organisationOid,
    serviceUnitOid: frame.actor.serviceUnitOid,
    ...(professionalId && { professionalId }),
    registerOrganiserOid: metadata.organiser.oid,
    clientId: metadata.clients[0] ?? "",
    ...(metadata.caseId && { caseId: metadata.caseId }),
    document: metadata,
    body,
    now,
  };
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

/**
 * The archive side of POST /soap/archive and /soap/validate: the document checks (no archive state),
 * then the structured content against its structure, then the storage checks on facts from the
 * database. Every finding of a round goes into one acknowledgement. When storing, the facts are
 * loaded and checked again inside the store transaction under advisory locks (storageLockKeys), so
 * two conflicting documents cannot both pass on the same stale facts; /soap/validate checks against
 * the committed state without locks and stores nothing.
 */
export function createArchiveHandler(deps: ArchiveHandlerDeps): HandleArchiveRequest {
  const schemas = deps.schemas ?? defaultSchemaRegistry();
  const environmentProfile = deps.environmentProfile ?? "test";
  return async (frame, context) => {
    const checked = await checkDocument(frame.document, { trust: deps.trust, at: context.receivedAt, ...(deps.xmlLimits && { xmlLimits: deps.xmlLimits }) });
    const documentFindings = applyStrictMode(checked.findings, deps.strictMode);
    const summary = summaryOf(frame, checked.metadata, checked.signer);
    const refuse = (all: Finding[]) => ({ typeCode: acknowledgementType(all), findings: all, summary: { ...summary, stored: false } });
    if (acknowledgementType(documentFindings) !== "AA" || !checked.metadata || !checked.signer) return refuse(documentFindings);

    const metadata = checked.metadata;
    const body = checked.body ?? {};
    const operation = storageOperationOf(frame, metadata);
    if (!operation) return refuse([...documentFindings, finding("ARCHIVE-OPERATION-NOT-STORAGE", OPERATION_XPATH, `${frame.serviceRequest.code}: ${frame.serviceRequest.operation}`)]);
    const contentFindings = checkStructuredContent(body, { registry: schemas, environmentProfile, operation, date: context.receivedAt.toISOString().slice(0, 10) });
    const messageId = messageIdText(frame.messageId);
    // DESIGN §6: message ids are idempotent — the same id and bytes get the same acknowledgement, once;
    // the same id with other bytes is refused.
    type Answer = { typeCode: AckTypeCode; findings: Finding[]; summary: Record<string, unknown> };
    const replayed = async (): Promise<Answer | undefined> => (context.validateOnly ? undefined : replayAnswer(await earlierMessage(deps.db, messageId, frame.document, metadata.documentId)));
    const replayAnswer = (earlier: "same" | "other" | undefined): Answer | undefined => {
      if (earlier === "same") {
        const stateless = [...documentFindings, ...contentFindings];
        return { typeCode: acknowledgementType(stateless), findings: stateless, summary: { ...summary, stored: false, replay: true } };
      }
      if (earlier === "other") return refuse([...documentFindings, finding("MSG-ID-REUSED", MESSAGE_ID_XPATH, messageId)]);
      return undefined;
    };
    // The stores below look for an earlier message under their locks (storeVersion's detectReplay); the
    // refusals that store nothing look here, before their own findings.
    const refusedOrReplay = async (all: Finding[]) => (await replayed()) ?? refuse(all);

    if (metadata.documentGroup === "will-expression") {
      // VYT: any connected provider stores for any client (D07-R105); the VYT rules instead of register access.
      const willChecks = (db: Kysely<Database>) => checkWillExpression(db, metadata, body, operation, frame.sender.organisationOid, context.receivedAt);
      if (context.validateOnly || acknowledgementType(contentFindings) !== "AA") {
        const replay = await replayed();
        if (replay) return replay;
        const all = [...documentFindings, ...contentFindings, ...(await willChecks(deps.db)).findings];
        return { typeCode: acknowledgementType(all), findings: all, summary: { ...summary, stored: false } };
      }
      const stored = await storeVersion(
        deps.db,
        { metadata, content: frame.document, signer: checked.signer, messageId, receivedAt: context.receivedAt, body },
        {
          lockKeys: [`set:${metadata.setId}`, ...metadata.clients.map((c) => `vyt:${c}`)],
          detectReplay: true,
          check: async (trx) => {
            const checkedWill = await willChecks(trx);
            if (checkedWill.write && !checkedWill.findings.some((f) => f.severity === "error")) await checkedWill.write(trx);
            return { findings: checkedWill.findings };
          },
        },
      );
      if ("replayOf" in stored) return replayAnswer(stored.replayOf)!;
      const all = [...documentFindings, ...contentFindings, ...stored.findings];
      if (!stored.ok) return refusedOrReplay(all);
      return { typeCode: acknowledgementType(all), findings: all, summary: { ...summary, stored: true, sha256: stored.sha256, registerId: stored.registerId } };
    }
    const factsRequest = { operation, metadata, body, signer: checked.signer, now: context.receivedAt, schemas };
    const settings = { strict: deps.strictMode };
    const accessRequest = storeAccessRequest(frame, metadata, body, operation, context.receivedAt);
    const accessOptions = { strict: deps.strictMode, locations: STORE_ACCESS_LOCATIONS };
    /** Access and storage checks on the archive's state as `db` (the database, or the store transaction) sees it. */
    const stateChecks = async (db: Kysely<Database>) => {
      const access = await decideArchiveAccess(db, accessRequest, accessOptions);
      return { access, findings: [...access.findings, ...runStorageChecks(await loadStorageFacts(db, factsRequest), settings)] };
    };

    if (context.validateOnly) {
      const all = [...documentFindings, ...contentFindings, ...(await stateChecks(deps.db)).findings];
      return { typeCode: acknowledgementType(all), findings: all, summary: { ...summary, stored: false } };
    }
    if (acknowledgementType(contentFindings) !== "AA") {
      const replay = await replayed();
      if (replay) return replay;
      // The access and storage checks still run (without storing), so the vendor sees every refusal in one round.
      return refuse([...documentFindings, ...contentFindings, ...(await stateChecks(deps.db)).findings]);
    }
    const stored = await storeVersion(
      deps.db,
      {
        metadata,
        content: frame.document,
        signer: checked.signer,
        messageId,
        receivedAt: context.receivedAt,
        ...(checked.body && { body: checked.body }),
      },
      {
        lockKeys: storageLockKeys(metadata),
        detectReplay: true,
        // Access and storage facts are read under the same locks; the usage-log row commits with the
        // version (written in the same statement), or alone with the refusal (D07-R56, DESIGN §7.8).
        check: async (trx) => {
          await prefetchStoreReads(trx, { clientId: accessRequest.clientId, registerOrganiserOid: accessRequest.registerOrganiserOid, caseId: accessRequest.caseId, now: context.receivedAt, metadata });
          const { access, findings: found } = await stateChecks(trx);
          const firstError = found.find((f) => f.severity === "error");
          if (firstError) {
            await writeUsageLog(trx, access.decision, { messageId, refusal: { code: firstError.code, reason: firstError.detail ?? errorEntry(firstError.code).en } });
            return { findings: found };
          }
          return { findings: found, usageLog: usageLogRows(access.decision, { messageId }) };
        },
      },
    );
    if ("replayOf" in stored) return replayAnswer(stored.replayOf)!;
    const all = [...documentFindings, ...contentFindings, ...stored.findings];
    // A twin of this message that committed first makes this one a replay, not a conflict.
    if (!stored.ok) return refusedOrReplay(all);
    return { typeCode: acknowledgementType(all), findings: all, summary: { ...summary, stored: true, sha256: stored.sha256, registerId: stored.registerId } };
  };
}

const MESSAGE_ID_XPATH = "/hl7:RCMR_IN200002FI01/hl7:id/@extension";

/** Was this message id stored before — with these bytes for this document ("same"), or with others ("other")? */
async function earlierMessage(db: Kysely<Database>, messageId: string, bytes: Uint8Array, documentId: string): Promise<"same" | "other" | undefined> {
  const row = await db.selectFrom("document_versions").select(["version_id", "content_sha256"]).where("message_id", "=", messageId).executeTakeFirst();
  if (!row) return undefined;
  return replayKind({ versionId: row.version_id, sha256: Buffer.from(row.content_sha256).toString("hex") }, documentId, createHash("sha256").update(bytes).digest("hex"));
}
