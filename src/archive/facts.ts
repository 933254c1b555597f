/**
 * Loads the facts the pure storage checks (src/rules/storage) take, from the database: every query
 * goes through an index (primary keys, documents_clients_idx, documents_case_idx,
 * documents_register_class_idx, document_versions_set_idx, document_versions_attachment_of_idx,
 * client_id_links). "Latest" always means the highest version number of a setId; a makulering is a
 * version with status cancelled, so a document whose latest version is cancelled is cancelled.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { readFixtures } from "../fixtures/load.js";
import type { Coded, DocumentBody, DocumentMetadata, SignerInfo } from "../model/document.js";
import { CODE_SYSTEMS } from "../rules/storage/code-systems.js";
import { professionalSignatureFromFixtures } from "../rules/storage/code-lookup.js";
import { classifyClientId } from "../rules/storage/identity.js";
import { isClosedStatus } from "../rules/storage/metadata-matrix.js";
import type { CaseFacts, CodeValidity, DependantFacts, IdentityLink, StorageCheckInput, StorageOperation } from "../rules/storage/types.js";
import { contentClientIds, defaultSchemaRegistry, type SchemaRegistry } from "./schemas.js";
import { registerIdOf, type StorageFactTables } from "./store.js";
import { activeRegisterOrganisers, listControllerChanges, registerOrganisersOf } from "./controller-changes.js";
import { clientRelationshipsQuery } from "./client-relationships.js";
import { worldRead } from "../db/world-cache.js";
import { caseDocuments, caseDocumentsQuery, type CaseDocument } from "./case-documents.js";
import { prefetchRows, readRows, type RowsQuery } from "./transaction-reads.js";

export interface StorageFactsRequest {
  operation: StorageOperation;
  metadata: DocumentMetadata;
  body: DocumentBody;
  /** From signature verification; absent when the signature did not verify. */
  signer?: SignerInfo;
  /** The archive's "now" for the request (storage date). */
  now: Date;
  /** Client ids of the HL7 frame; the archive frame carries none today. */
  frameClientIds?: string[];
  schemas?: SchemaRegistry;
}

interface LatestVersion {
  setId: string;
  versionId: string;
  versionNumber: number;
  cancelled: boolean;
  metadata: DocumentMetadata;
}

const CLASS = { clientRelationship: "KR", case: "AR" } as const;

/** The latest version of each setId (DISTINCT ON over document_versions_set_idx). */
async function latestVersions(db: Kysely<Database>, setIds: readonly string[]): Promise<Map<string, LatestVersion>> {
  if (setIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("document_versions")
    .distinctOn("set_id")
    .select(["set_id", "version_id", "version_number", "status", "metadata"])
    .where("set_id", "in", [...new Set(setIds)])
    .orderBy("set_id")
    .orderBy("version_number", "desc")
    .execute();
  return new Map(
    rows.map((r) => [r.set_id, { setId: r.set_id, versionId: r.version_id, versionNumber: r.version_number, cancelled: r.status === "cancelled", metadata: r.metadata as DocumentMetadata }]),
  );
}

/**
 * The latest version of each document of a class in the registers that names any of the clients: one
 * statement (documents_clients_idx, then document_versions_set_idx) instead of finding the sets first.
 */
function latestVersionsOfClientsQuery(registerIds: readonly string[], documentClass: string, clients: readonly string[]): RowsQuery {
  return {
    key: `latest-versions-of-clients:${JSON.stringify([registerIds, documentClass, clients])}`,
    sql: sql`SELECT DISTINCT ON (v.set_id) v.set_id, v.version_id, v.version_number, v.status, v.metadata
               FROM document_versions v JOIN documents d ON d.set_id = v.set_id
              WHERE d.register_id IN (${sql.join([...registerIds])}) AND d.document_class = ${documentClass}
                AND d.client_ids && ${sql.val([...clients])}::text[]
              ORDER BY v.set_id, v.version_number DESC`,
  };
}

async function latestVersionsOfClients(db: Kysely<Database>, registerIds: readonly string[], documentClass: string, clients: readonly string[]): Promise<LatestVersion[]> {
  if (clients.length === 0 || registerIds.length === 0) return [];
  const rows = await readRows<{ set_id: string; version_id: string; version_number: number; status: string; metadata: DocumentMetadata }>(db, latestVersionsOfClientsQuery(registerIds, documentClass, clients));
  return rows.map((r) => ({ setId: r.set_id, versionId: r.version_id, versionNumber: r.version_number, cancelled: r.status === "cancelled", metadata: r.metadata }));
}

/** Every coded value in the metadata (the code service is asked about each, D06-R24). */
function codedValues(value: unknown, out: Coded[] = []): Coded[] {
  if (Array.isArray(value)) for (const v of value) codedValues(v, out);
  else if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o["code"] === "string" && typeof o["codeSystem"] === "string") out.push({ code: o["code"], codeSystem: o["codeSystem"] });
    else for (const v of Object.values(o)) codedValues(v, out);
  }
  return out;
}

const dateText = (d: Date | string | null): string | undefined => (d === null ? undefined : typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * The code lookup for one document: the codes it uses, read from `codes`, and the organisations and
 * service units it names, read from `organisations` and `service_units` (they answer for THL's
 * organisation register).
 */
async function loadCodeLookup(db: Kysely<Database>, metadata: DocumentMetadata): Promise<StorageCheckInput["codes"]> {
  const table = new Map<string, CodeValidity>();
  const put = (system: string, code: string, from?: string, to?: string) => table.set(`${system}|${code}`, { ...(from && { validFrom: from }), ...(to && { validTo: to }) });
  const coded = codedValues(metadata);
  if (coded.length) {
    const key = `codes:${coded.map((c) => `${c.codeSystem}|${c.code}`).join(",")}`;
    const rows = await worldRead(db, key, () =>
      db
        .selectFrom("codes")
        .select(["code_system_oid", "code", "valid_from", "valid_to"])
        .where((eb) => eb.or(coded.map((c) => eb.and([eb("code_system_oid", "=", c.codeSystem), eb("code", "=", c.code)]))))
        .execute(),
    );
    for (const r of rows) put(r.code_system_oid, r.code, dateText(r.valid_from), dateText(r.valid_to));
  }
  const orgOids = [metadata.organiser?.oid, metadata.producer?.oid, metadata.subcontractor?.oid, metadata.serviceUnit?.oid].filter((o): o is string => typeof o === "string" && o !== "");
  if (orgOids.length) {
    const { organisations, units } = await worldRead(db, `organisation-register:${orgOids.join(",")}`, async () => ({
      organisations: await db.selectFrom("organisations").select("oid").where("oid", "in", orgOids).execute(),
      units: await db.selectFrom("service_units").select(["oid", "valid_from", "valid_to"]).where("oid", "in", orgOids).execute(),
    }));
    for (const o of organisations) put(CODE_SYSTEMS.organisationRegister, o.oid);
    for (const u of units) put(CODE_SYSTEMS.organisationRegister, u.oid, dateText(u.valid_from), dateText(u.valid_to));
  }
  return (codeSystem, code) => table.get(`${codeSystem}|${code}`);
}

let professionalSignature: StorageCheckInput["professionalSignatureOf"] | undefined;
/** Table 9.10.1 (professional_signature of each specifying type) is not a column of `codes`: read from the fixture once. */
function professionalSignatureOf(): StorageCheckInput["professionalSignatureOf"] {
  return (professionalSignature ??= professionalSignatureFromFixtures(readFixtures()));
}

/**
 * The case's clients over time from its versions: a client named from the first version joined with
 * the case; one added later joined when that version was created; one dropped left then (D04-R50, R51).
 */
function caseParticipants(versions: readonly { versionNumber: number; metadata: unknown }[]): CaseFacts["participants"] {
  const participants = new Map<string, { clientId: string; joinedAt?: string; leftAt?: string }>();
  let previous: string[] = [];
  for (const v of versions) {
    const m = v.metadata as DocumentMetadata;
    if (m.status === "cancelled") continue;
    for (const id of m.clients) {
      const p = participants.get(id);
      if (!p) participants.set(id, v.versionNumber === 1 ? { clientId: id } : { clientId: id, joinedAt: m.createdAt });
      else if (p.leftAt !== undefined && !previous.includes(id)) delete p.leftAt;
    }
    for (const id of previous) if (!m.clients.includes(id)) participants.get(id)!.leftAt = m.createdAt;
    previous = m.clients;
  }
  return [...participants.values()];
}

/**
 * The case documents (ärendehandlingar) with the case id, every version of each in one statement: the
 * latest version describes the case, all of them give its participants over time.
 */
async function loadCase(db: Kysely<Database>, caseId: string, registerIds: readonly string[], excludeSetId?: string): Promise<{ facts: CaseFacts; setId: string } | undefined> {
  const latestOf = (c: CaseDocument) => c.versions[c.versions.length - 1]!;
  // The case in the document's own register wins; a live one over a cancelled one.
  const [chosen] = (await caseDocuments(db, caseId))
    .filter((c) => c.setId !== excludeSetId)
    .sort((a, b) => Number(registerIds.includes(b.registerId)) - Number(registerIds.includes(a.registerId)) || Number(latestOf(a).cancelled) - Number(latestOf(b).cancelled));
  if (!chosen) return undefined;
  const latest = latestOf(chosen);
  const m = latest.metadata as DocumentMetadata;
  return {
    setId: chosen.setId,
    facts: {
      setId: chosen.setId,
      caseId,
      ...(m.registerCode && { registerCode: m.registerCode.code }),
      cancelled: latest.cancelled,
      closed: isClosedStatus(m),
      participants: caseParticipants(chosen.versions),
      ...(m.specialContent === true && { specialContent: true }),
      ...(m.delayedUntil !== undefined && { delayedUntil: m.delayedUntil }),
      ...(m.guardianDisclosure !== undefined && { guardianDisclosure: m.guardianDisclosure }),
    },
  };
}

/** Live documents that still reference the document being cancelled, in the makulering order (D07-R40 L29300-29308). */
async function loadDependants(db: Kysely<Database>, subject: DocumentMetadata, registerIds: readonly string[]): Promise<DependantFacts[]> {
  const dependants: DependantFacts[] = [];
  const attachmentRows = await db
    .selectFrom("document_versions")
    .select("set_id")
    .where(sql<boolean>`metadata ? 'attachmentOf'`)
    .where(sql<boolean>`metadata ->> 'attachmentOf' = ${subject.setId}`)
    .execute();
  for (const v of (await latestVersions(db, attachmentRows.map((r) => r.set_id))).values()) {
    if (!v.cancelled && v.metadata.attachmentOf === subject.setId) dependants.push({ setId: v.setId, kind: "attachment" });
  }
  if (subject.documentGroup === "case" && subject.caseId) {
    const rows = await db.selectFrom("documents").select("set_id").where("case_oid", "=", subject.caseId).where("document_class", "!=", CLASS.case).where("register_id", "in", [...registerIds]).execute();
    for (const v of (await latestVersions(db, rows.map((r) => r.set_id))).values()) {
      if (!v.cancelled && v.metadata.caseId === subject.caseId) dependants.push({ setId: v.setId, kind: "client-document" });
    }
  }
  if (subject.documentGroup === "client-relationship") {
    for (const v of await latestVersionsOfClients(db, registerIds, CLASS.case, subject.clients)) {
      if (!v.cancelled && v.metadata.clients.some((id) => subject.clients.includes(id))) dependants.push({ setId: v.setId, kind: "case" });
    }
  }
  return dependants;
}

function latestVersionAndIdQuery(setId: string, documentId: string): RowsQuery {
  return {
    key: `latest-version-and-id:${setId}:${documentId}`,
    sql: sql`SELECT EXISTS (SELECT 1 FROM document_versions WHERE version_id = ${documentId}) AS id_exists, l.*
               FROM (SELECT 1) AS one
               LEFT JOIN LATERAL (SELECT version_id, version_number, status, metadata FROM document_versions
                                   WHERE set_id = ${setId} ORDER BY version_number DESC LIMIT 1) AS l ON true`,
  };
}

/** The set's latest version (if any) and whether a version already has the document id, in one statement. */
async function latestVersionAndIdExists(db: Kysely<Database>, setId: string, documentId: string): Promise<{ versions: LatestVersion | undefined; documentIdExists: boolean }> {
  const [row] = await readRows<{ id_exists: boolean; version_id: string | null; version_number: number | null; status: string | null; metadata: DocumentMetadata | null }>(db, latestVersionAndIdQuery(setId, documentId));
  return {
    documentIdExists: row!.id_exists,
    versions: row!.version_id === null ? undefined : { setId, versionId: row!.version_id, versionNumber: Number(row!.version_number), cancelled: row!.status === "cancelled", metadata: row!.metadata! },
  };
}

function identityLinksQuery(ids: readonly string[]): RowsQuery {
  return {
    key: `identity-links:${JSON.stringify(ids)}`,
    sql: sql`SELECT temporary_id, official_code, kr_set_id FROM client_id_links
              WHERE temporary_id IN (${sql.join([...ids])}) OR official_code IN (${sql.join([...ids])})`,
  };
}

async function loadIdentityLinks(db: Kysely<Database>, ids: readonly string[]): Promise<IdentityLink[]> {
  if (ids.length === 0) return [];
  const rows = await readRows<{ temporary_id: string; official_code: string; kr_set_id: string }>(db, identityLinksQuery(ids));
  return rows.map((r) => ({ temporaryId: r.temporary_id, officialCode: r.official_code, clientRelationshipSetId: r.kr_set_id }));
}

/**
 * The document's register, and those transferred to its organiser by a model-1 controller change
 * (D08-R38): their KRs and cases are the organiser's own now. `organisers` are their organisers' OIDs.
 */
async function documentRegisters(db: Kysely<Database>, d: DocumentMetadata, now: Date): Promise<{ organisers: string[]; registerIds: string[] }> {
  const organisers = await activeRegisterOrganisers(db, d.organiser.oid, now);
  return { organisers, registerIds: organisers.map((oid) => registerIdOf({ ...d, organiser: { ...d.organiser, oid } })) };
}

/**
 * What a store's access decision and storage facts will read after the locks, asked in one statement
 * (src/archive/transaction-reads.ts): the client's (and co-clients') relationships in the register, the
 * case, the document's own latest version, the clients' KRs and identity links. Only inside the store
 * transaction; a read it did not foresee still goes to the database.
 */
export async function prefetchStoreReads(db: Kysely<Database>, request: { clientId: string; registerOrganiserOid: string; caseId?: string | undefined; now: Date; metadata: DocumentMetadata }): Promise<void> {
  if (!db.isTransaction) return;
  const d = request.metadata;
  const changes = await listControllerChanges(db);
  const relationshipOrganisers = registerOrganisersOf(changes, request.registerOrganiserOid, request.now);
  const clients = [...new Set([request.clientId, ...d.clients])];
  const { registerIds } = await documentRegisters(db, d, request.now);
  const caseId = request.caseId ?? d.caseId;
  await prefetchRows(db, [
    ...clients.flatMap((client) => relationshipOrganisers.map((organiser) => clientRelationshipsQuery(client, organiser, request.now))),
    ...(caseId !== undefined ? [caseDocumentsQuery(caseId)] : []),
    latestVersionAndIdQuery(d.setId, d.documentId),
    ...(d.clients.length > 0 && registerIds.length > 0 ? [latestVersionsOfClientsQuery(registerIds, CLASS.clientRelationship, d.clients)] : []),
    ...(d.clients.length > 0 ? [identityLinksQuery([...new Set(d.clients)])] : []),
  ]);
}

/** Everything runStorageChecks needs about one request, read from the database (or a transaction). */
export async function loadStorageFacts(db: Kysely<Database>, request: StorageFactsRequest): Promise<StorageCheckInput> {
  const d = request.metadata;
  const { organisers, registerIds } = await documentRegisters(db, d, request.now);
  const asActiveController = (oid: string) => (organisers.includes(oid) ? d.organiser.oid : oid);
  const schemas = request.schemas ?? defaultSchemaRegistry();

  const { versions, documentIdExists } = await latestVersionAndIdExists(db, d.setId, d.documentId);
  // A makulering names the document as stored: its references are the stored latest version's.
  const subject = request.operation === "cancel" && versions ? versions.metadata : d;

  const krs = (await latestVersionsOfClients(db, registerIds, CLASS.clientRelationship, d.clients)).flatMap((v) =>
    v.metadata.clients
      .filter((id) => d.clients.includes(id))
      .map((clientId) => ({ setId: v.setId, clientId, organiserOid: asActiveController(v.metadata.organiser.oid), oldClientRelationship: v.metadata.oldClientRelationship === true, cancelled: v.cancelled })),
  );

  const ownCase = d.caseId !== undefined && d.documentGroup !== "case" ? await loadCase(db, d.caseId, registerIds) : undefined;
  const otherCase = d.caseId !== undefined && d.documentGroup === "case" ? await loadCase(db, d.caseId, registerIds, d.setId) : undefined;

  const linkedCases: NonNullable<StorageCheckInput["linkedCases"]> = [];
  if (d.caseLinks?.length) {
    const rows = await db
      .selectFrom("documents")
      .innerJoin("registers", "registers.id", "documents.register_id")
      .select(["documents.case_oid", "registers.organiser_oid", "registers.register_code"])
      .where("documents.case_oid", "in", d.caseLinks)
      .where("documents.document_class", "=", CLASS.case)
      .execute();
    for (const r of rows) linkedCases.push({ caseId: r.case_oid!, registerCode: r.register_code, organiserOid: asActiveController(r.organiser_oid) });
  }

  const main = d.attachmentOf ? (await latestVersions(db, [d.attachmentOf])).get(d.attachmentOf) : undefined;

  const temporaryIds = d.clients.filter((id) => classifyClientId(id).kind === "temporary");
  const statedBirthDates: Record<string, string> = {};
  if (temporaryIds.length) {
    // A temporary id has no birth date in it: the population facts the archive holds give it (minors, D06-R22).
    for (const p of await db.selectFrom("persons").select(["person_id", "birth_date"]).where("person_id", "in", temporaryIds).execute()) {
      const date = dateText(p.birth_date);
      if (date) statedBirthDates[p.person_id] = date;
    }
  }
  const content = contentClientIds(request.body, schemas);

  return {
    operation: request.operation,
    now: request.now,
    document: d,
    body: request.body,
    // The test world's registers are all in phase 2 (no register records a phase yet).
    registerPhase: 2,
    // #24-#26 are sent only for documents that arrived from outside; sending one declares the document incoming.
    incoming: d.receivedAt !== undefined || d.arrivalMethod !== undefined || d.senderOrAgent !== undefined,
    clientIds: {
      ...(request.frameClientIds && { frameClientIds: request.frameClientIds }),
      ...(content && { contentClientIds: content }),
      ...(Object.keys(statedBirthDates).length && { statedBirthDates }),
    },
    identityLinks: await loadIdentityLinks(db, [...new Set([...d.clients, ...(versions?.metadata.clients ?? [])])]),
    ...(versions && {
      versions: { latestVersionNumber: versions.versionNumber, latestDocumentId: versions.versionId, latestCancelled: versions.cancelled, latest: await withOldRelationshipFlag(db, versions.versionId, versions.metadata) },
    }),
    documentIdExists,
    clientRelationships: krs,
    ...(ownCase && { case: ownCase.facts }),
    ...(otherCase && !otherCase.facts.cancelled && { caseIdHeldBySetId: otherCase.setId }),
    ...(linkedCases.length && { linkedCases }),
    ...(main && { mainDocument: { setId: main.setId, cancelled: main.cancelled } }),
    dependants: request.operation === "cancel" ? await loadDependants(db, subject, registerIds) : [],
    signature: { ...(request.signer && { signer: { kind: request.signer.kind } }) },
    codes: await loadCodeLookup(db, d),
    professionalSignatureOf: professionalSignatureOf(),
  };
}

/**
 * A KR is a gammal klientrelation when its header says so or its structured content does (D05-R27; the
 * client-relationship model keeps the union): the latest version's metadata gets the flag from the model.
 */
async function withOldRelationshipFlag(db: Kysely<Database>, versionId: string, metadata: DocumentMetadata): Promise<DocumentMetadata> {
  if (metadata.documentGroup !== "client-relationship" || metadata.oldClientRelationship === true) return metadata;
  const row = await db.selectFrom("client_relationship_versions").select("old_relationship").where("version_id", "=", versionId).executeTakeFirst();
  return row?.old_relationship ? { ...metadata, oldClientRelationship: true } : metadata;
}
