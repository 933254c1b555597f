/**
 * The archive's read services for the query interactions (src/hl7/query.ts): the five own-register
 * search kinds of D07-R51 L29793-29803 over the database.
 *
 * What every search kind shares (the ATJ's normal search, not the archivist view):
 * - only the latest version of each document (D07-R32 L29266-29270, L29290-29293);
 * - never a document whose latest version is makulerad: "som om den aldrig funnits" (D07-R39 L29294-29300);
 * - never a document past its active-use period, measured at the request's archive time (D07-R49
 *   L29179-29191; periods D07-R45/R46 L29193-29205);
 * - one client per search (D07-R53 L29832-29836) in one register: the sender's own by default;
 * - every returned byte re-checked against its stored SHA-256 (readVersion in ./store.ts).
 *
 * Access control (saklig anknytning, usage situation → register, D07-R54, D07-R60) runs after the
 * operation is known and before any row is read, when `enforceAccess` is set (src/archive/access.ts).
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import { QUERY_PATHS } from "../hl7/query.js";
import { matchesCriteria } from "../hl7/query-criteria.js";
import { messageIdText } from "../hl7/wrapper.js";
import type { HandleQueryRequest, QueryRequestFrame, QueryRequestOutcome, QueryResultItem } from "../hl7/types.js";
import type { DocumentMetadata } from "../model/document.js";
import { addYears, calendarDate, helsinkiDate } from "../rules/visibility/dates.js";
import { decideArchiveAccess, writeUsageLog, type AccessLocations, type AccessRequest } from "./access.js";
import { loadClientRelationship } from "./client-relationships.js";
import { acknowledgementType } from "./pipeline.js";
import { activeRegisterOrganisers } from "./controller-changes.js";
import { prohibitionsInForce } from "../rules/access/consent.js";
import { filterDisclosableDocuments } from "../rules/access/disclosure.js";
import { redactNonDisclosure } from "../rules/access/non-disclosure.js";
import type { AccessDecision, ArchivedDocument } from "../rules/access/types.js";
import { readVersion, WILL_EXPRESSION_CONTROLLER_OID, WILL_EXPRESSION_REGISTER_ID } from "./store.js";

const QUERY_ROOT = "/hl7:RCMR_IN100016FI01";
/** Where access refusals of a query frame point (src/hl7/frame.ts FRAME_PATHS, QUERY_PATHS). */
const QUERY_ACCESS_LOCATIONS: AccessLocations = {
  usageSituation: `${QUERY_ROOT}/hl7:controlActProcess/hl7:reasonCode[@codeSystem='1.2.246.537.6.1289.201901']/@code`,
  serviceUnit: `${QUERY_ROOT}/hl7:controlActProcess/hl7:authorOrPerformer/hl7:assignedPerson/hl7:representedOrganization/hl7:id/@root`,
  specialReason: `${QUERY_ROOT}/${QUERY_PATHS.specialReason}/@code`,
  document: `${QUERY_ROOT}/${QUERY_PATHS.parameterList}`,
};

/**
 * The access request of a search: the sending organisation acts through the frame's one service unit
 * on the register it names (its own by default) for the one client of the search (D07-R53, R54). The
 * disclosure searches of usage situation 3 are refused before this point (not supported yet).
 */
function queryAccessRequest(frame: QueryRequestFrame, organiserOid: string, now: Date): AccessRequest {
  const professionalId = frame.actor.professionalId?.extension ?? frame.actor.professionalId?.root;
  return {
    // Reading the common will-expression data is judged as a search in the searcher's own use (DT-11.2).
    action: frame.serviceRequest.operation === "search-will-expressions" ? "search-metadata" : frame.serviceRequest.operation,
    usageSituation: frame.usageSituation.code,
    organisationOid: frame.sender.organisationOid,
    serviceUnitOid: frame.actor.serviceUnitOid,
    ...(professionalId && { professionalId }),
    registerOrganiserOid: organiserOid,
    clientId: frame.query.clientId,
    ...(frame.query.caseId && { caseId: frame.query.caseId }),
    ...(frame.query.specialReason && { specialReasonCode: frame.query.specialReason.code }),
    ...(frame.query.extendedInformationBasis && { extendedInformationBasisCode: frame.query.extendedInformationBasis.code }),
    now,
  };
}

/** Active use of ÄR and KH: 15 years from 2 years after the case closed (D07-R45 L29193-29195). */
export const CASE_ACTIVE_USE_START_OFFSET_YEARS = 2;
export const CASE_ACTIVE_USE_YEARS = 15;
/** Active use of a KR: 2 years from the client's death, or from archiving for a gammal klientrelation (D07-R46 L29195-29205). */
export const CLIENT_RELATIONSHIP_ACTIVE_USE_YEARS = 2;

/** General document types whose metadata the summary carries: bedömning, beslut, plan (D07-R52 L29816-29826). */
export const SUMMARY_GENERAL_TYPE_NAMES = ["Bedömning", "Beslut", "Plan"] as const;
/** Code systems of the general document type: 2017 and later, and 2016 for phase-1 and old documents (fixtures/code-lists). */
export const GENERAL_TYPE_CODE_SYSTEMS = ["1.2.246.10.99990000.3.4", "1.2.246.10.99990000.3.5"] as const;

/** Facts about a document that decide its active-use period, beside its own metadata. */
export interface ActiveUseFacts {
  /** When the first version of the document was archived (received). */
  firstArchivedAt: Date;
  /** Ärendets slutdatum of the document's case, from the case document (#14). */
  caseClosedAt?: string;
  /** Klientens dödsdag: the KR's own metadata or the population register (D07-R47 L29205-29217). */
  clientDeathDate?: string;
}

/**
 * The Helsinki calendar date on which a document's active use ends, or undefined while it has no end
 * yet (an open case, a living client). Pure.
 */
export function activeUseEndDate(metadata: Pick<DocumentMetadata, "documentGroup" | "oldClientRelationship">, facts: ActiveUseFacts): string | undefined {
  if (metadata.documentGroup === "client-relationship") {
    // A gammal klientrelation counts from archiving; a current KR from the client's death, not from the relationship's end.
    const start = metadata.oldClientRelationship ? helsinkiDate(facts.firstArchivedAt) : facts.clientDeathDate === undefined ? undefined : calendarDate(facts.clientDeathDate);
    return start === undefined ? undefined : addYears(start, CLIENT_RELATIONSHIP_ACTIVE_USE_YEARS);
  }
  const closed = facts.caseClosedAt === undefined ? undefined : calendarDate(facts.caseClosedAt);
  return closed === undefined ? undefined : addYears(closed, CASE_ACTIVE_USE_START_OFFSET_YEARS + CASE_ACTIVE_USE_YEARS);
}

/** True when the active use has ended on the Helsinki date of `now`. Pure. */
export function activeUseEnded(metadata: Pick<DocumentMetadata, "documentGroup" | "oldClientRelationship">, facts: ActiveUseFacts, now: Date): boolean {
  const end = activeUseEndDate(metadata, facts);
  return end !== undefined && helsinkiDate(now) >= end;
}

/** One latest version as the searches see it (no bytes yet). */
interface LatestVersion {
  versionId: string;
  setId: string;
  versionNumber: number;
  status: "active" | "cancelled";
  organiserOid: string;
  firstArchivedAt: Date;
  metadata: DocumentMetadata & Record<string, unknown>;
}

interface LatestRow {
  version_id: string;
  set_id: string;
  version_number: number;
  status: "active" | "cancelled";
  organiser_oid: string;
  first_received_at: Date | string;
  metadata: unknown;
}

function toLatest(row: LatestRow): LatestVersion {
  const metadata = (typeof row.metadata === "string" ? JSON.parse(row.metadata) : row.metadata) as LatestVersion["metadata"];
  return {
    versionId: row.version_id,
    setId: row.set_id,
    versionNumber: Number(row.version_number),
    status: row.status,
    organiserOid: row.organiser_oid,
    firstArchivedAt: new Date(row.first_received_at),
    metadata,
  };
}

/**
 * The latest version of every document of one client in one organiser's register, makulerade
 * included (the caller decides). The client is matched in the latest version's metadata: a joint case
 * may gain or lose clients in later versions. Indexed by migrations/0003 (GIN on metadata->'clients').
 */
export async function latestVersionsOfClient(db: Kysely<Database>, clientId: string, organiserOids: string | readonly string[]): Promise<LatestVersion[]> {
  const organisers = typeof organiserOids === "string" ? [organiserOids] : organiserOids;
  const result = await sql<LatestRow>`
    SELECT v.version_id, v.set_id, v.version_number, v.status, r.organiser_oid, v.metadata,
           (SELECT min(f.received_at) FROM document_versions f WHERE f.set_id = v.set_id) AS first_received_at
      FROM document_versions v
      JOIN documents d ON d.set_id = v.set_id
      JOIN registers r ON r.id = d.register_id
     WHERE v.metadata -> 'clients' @> ${JSON.stringify([clientId])}::jsonb
       AND r.organiser_oid IN (${sql.join(organisers)})
       AND NOT EXISTS (SELECT 1 FROM document_versions n WHERE n.set_id = v.set_id AND n.version_number > v.version_number)`.execute(db);
  return result.rows.map(toLatest);
}

/** The latest version of one document (by setId), makulerad or not. */
async function latestVersionOfSet(db: Kysely<Database>, setId: string): Promise<LatestVersion | undefined> {
  const result = await sql<LatestRow>`
    SELECT v.version_id, v.set_id, v.version_number, v.status, r.organiser_oid, v.metadata,
           (SELECT min(f.received_at) FROM document_versions f WHERE f.set_id = v.set_id) AS first_received_at
      FROM document_versions v
      JOIN documents d ON d.set_id = v.set_id
      JOIN registers r ON r.id = d.register_id
     WHERE v.set_id = ${setId}
     ORDER BY v.version_number DESC
     LIMIT 1`.execute(db);
  const row = result.rows[0];
  return row ? toLatest(row) : undefined;
}

/** Ärendets slutdatum of each case (latest, not makulerad case document) in the organiser's register. */
async function caseClosingDates(db: Kysely<Database>, organiserOid: string, caseIds: readonly string[]): Promise<Map<string, string | undefined>> {
  const closing = new Map<string, string | undefined>();
  if (caseIds.length === 0) return closing;
  const result = await sql<{ case_oid: string; closed_at: string | null }>`
    SELECT d.case_oid, v.metadata ->> 'caseClosedAt' AS closed_at
      FROM documents d
      JOIN registers r ON r.id = d.register_id
      JOIN document_versions v ON v.set_id = d.set_id
     WHERE d.case_oid IN (${sql.join(caseIds)})
       AND d.document_class = 'AR'
       AND r.organiser_oid = ${organiserOid}
       AND v.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM document_versions n WHERE n.set_id = v.set_id AND n.version_number > v.version_number)`.execute(db);
  for (const row of result.rows) closing.set(row.case_oid, row.closed_at ?? undefined);
  return closing;
}

/** The client's death date from the population register, as the archive knows it (D07-R47 L29205-29217). */
async function populationDeathDate(db: Kysely<Database>, clientId: string): Promise<string | undefined> {
  const result = await sql<{ death: string | null }>`SELECT to_char(death_date, 'YYYY-MM-DD') AS death FROM persons WHERE person_id = ${clientId}`.execute(db);
  return result.rows[0]?.death ?? undefined;
}

/** Drops makulerade documents and documents past their active use; what remains is what an ATJ search may see. */
async function inActiveUse(db: Kysely<Database>, versions: readonly LatestVersion[], clientId: string, now: Date): Promise<LatestVersion[]> {
  const live = versions.filter((v) => v.status === "active" && v.metadata.status !== "cancelled");
  const organisers = [...new Set(live.map((v) => v.organiserOid))];
  const closing = new Map<string, string | undefined>();
  for (const organiser of organisers) {
    const cases = [...new Set(live.filter((v) => v.organiserOid === organiser && v.metadata.caseId).map((v) => v.metadata.caseId!))];
    for (const [caseId, closedAt] of await caseClosingDates(db, organiser, cases)) closing.set(`${organiser} ${caseId}`, closedAt);
  }
  const deathFromRegister = live.some((v) => v.metadata.documentGroup === "client-relationship") ? await populationDeathDate(db, clientId) : undefined;
  return live.filter((v) => {
    const m = v.metadata;
    // The case document carries its own closing date; every other document takes its case's.
    const caseClosedAt = m.documentGroup === "case" ? m.caseClosedAt : m.caseId ? closing.get(`${v.organiserOid} ${m.caseId}`) : undefined;
    const clientDeathDate = m.clientDeathDate ?? deathFromRegister;
    const facts: ActiveUseFacts = { firstArchivedAt: v.firstArchivedAt, ...(caseClosedAt ? { caseClosedAt } : {}), ...(clientDeathDate ? { clientDeathDate } : {}) };
    return !activeUseEnded(m, facts, now);
  });
}

/** The general-type codes (any of GENERAL_TYPE_CODE_SYSTEMS) named bedömning, beslut or plan, from the code tables. */
async function summaryGeneralTypes(db: Kysely<Database>): Promise<Set<string>> {
  const rows = await db
    .selectFrom("codes")
    .select(["code_system_oid", "code"])
    .where("code_system_oid", "in", [...GENERAL_TYPE_CODE_SYSTEMS])
    .where("display_sv", "in", [...SUMMARY_GENERAL_TYPE_NAMES])
    .execute();
  return new Set(rows.map((r) => `${r.code_system_oid}|${r.code}`));
}

function createdWithin(metadata: DocumentMetadata, from: string | undefined, to: string | undefined): boolean {
  if (from === undefined && to === undefined) return true;
  const created = calendarDate(metadata.createdAt);
  if (created === undefined) return false;
  return (from === undefined || created >= from) && (to === undefined || created <= to);
}

function byCreation(a: LatestVersion, b: LatestVersion): number {
  return a.metadata.createdAt.localeCompare(b.metadata.createdAt) || a.setId.localeCompare(b.setId);
}

/** A result with the stored bytes, re-checked against their SHA-256 by readVersion. */
async function withDocument(db: Kysely<Database>, version: LatestVersion): Promise<QueryResultItem> {
  const stored = await readVersion(db, version.versionId);
  if (!stored) throw new Error(`version ${version.versionId} vanished between two reads of an append-only table`);
  return { documentId: version.versionId, setId: version.setId, versionNumber: version.versionNumber, metadata: version.metadata, document: stored.content };
}

function metadataOnly(version: LatestVersion): QueryResultItem {
  return { documentId: version.versionId, setId: version.setId, versionNumber: version.versionNumber, metadata: version.metadata };
}

/** A refused search: AR when a refusal is a rejection in the catalogue (access control), else AE — the same rule as for stores. */
const refused = (findings: Finding[], summary: Record<string, unknown>): QueryRequestOutcome => ({ typeCode: acknowledgementType(findings), findings, results: [], summary });

export interface QueryOptions {
  /**
   * Enforce access control on searches (saklig anknytning, usage situation → register, register
   * access) and write the usage log (src/archive/access.ts). Off by default until the issue-4 query
   * fixtures carry a client relationship for the searching unit (see docs/access.md).
   */
  enforceAccess?: boolean;
}

/** Runs one query against the database. `now` is the request's archive time (request.archiveNow). */
export async function runQuery(db: Kysely<Database>, frame: QueryRequestFrame, now: Date, options: QueryOptions = {}): Promise<QueryRequestOutcome> {
  const { query } = frame;
  const operation = frame.serviceRequest.operation;
  const organiserOid = query.registerOrganiserOid ?? frame.sender.organisationOid;
  const summary: Record<string, unknown> = { operation, client: query.clientId, register: organiserOid };

  if (operation === "disclosure-search" || operation === "extended-information") return disclosureSearch(db, frame, organiserOid, now, summary);
  if (operation === "search-will-expressions") return willExpressionSearch(db, frame, now, summary);

  // Access control before any row is read, for every search kind; allowed or refused, the search is
  // logged with its basis or its refusal (D07-R54, D07-R56, D07-R60, D08-R52/R53).
  if (options.enforceAccess) {
    const access = await decideArchiveAccess(db, queryAccessRequest(frame, organiserOid, now), { strict: false, locations: QUERY_ACCESS_LOCATIONS });
    await writeUsageLog(db, access.decision, { messageId: messageIdText(frame.messageId) });
    if (!access.decision.allow) return refused(access.findings, { ...summary, access: access.decision.code });
  }


  // After a model-1 controller change the transferred registers are the successor's (D08-R38).
  const organisers = await activeRegisterOrganisers(db, organiserOid, now);
  if (operation === "fetch-document") return fetchDocument(db, frame, organisers, now, summary);
  const all = await inActiveUse(db, await latestVersionsOfClient(db, query.clientId, organisers), query.clientId, now);
  const matching = (v: LatestVersion) => createdWithin(v.metadata, query.createdFrom, query.createdTo) && matchesCriteria(v.metadata, query.criteria);
  const inCase = (v: LatestVersion) => query.caseId === undefined || v.metadata.caseId === query.caseId || (v.metadata.linkedCaseIds ?? []).includes(query.caseId);

  let results: QueryResultItem[];
  switch (operation) {
    case "search-client-relationship": {
      const found = all.filter((v) => v.metadata.documentGroup === "client-relationship" && matching(v)).sort(byCreation);
      results = await Promise.all(found.map((v) => withDocument(db, v)));
      break;
    }
    case "search-case": {
      const found = all.filter((v) => v.metadata.documentGroup === "case" && inCase(v) && matching(v)).sort(byCreation);
      results = await Promise.all(found.map((v) => withDocument(db, v)));
      break;
    }
    case "search-metadata":
      results = all.filter((v) => inCase(v) && matching(v)).sort(byCreation).map(metadataOnly);
      break;
    case "summary": {
      // D07-R52 L29816-29826: the client's KR, and the metadata of the client documents whose general type is bedömning, beslut or plan.
      const types = await summaryGeneralTypes(db);
      const relationships = all.filter((v) => v.metadata.documentGroup === "client-relationship").sort(byCreation);
      const key = (v: LatestVersion) => (v.metadata.generalType ? `${v.metadata.generalType.codeSystem}|${v.metadata.generalType.code}` : "");
      const documents = all.filter((v) => v.metadata.documentGroup !== "client-relationship" && v.metadata.documentGroup !== "case" && types.has(key(v))).sort(byCreation);
      results = [...(await Promise.all(relationships.map((v) => withDocument(db, v)))), ...documents.map(metadataOnly)];
      break;
    }
  }
  return { typeCode: "AA", findings: [], results: await withNonDisclosureBanner(db, results), summary: { ...summary, results: results.length } };
}

/** Sökning av handling (D07-R52 L29807-29812): one document, the latest version only. */
async function fetchDocument(db: Kysely<Database>, frame: QueryRequestFrame, organiserOids: readonly string[], now: Date, summary: Record<string, unknown>): Promise<QueryRequestOutcome> {
  const { query } = frame;
  const root = "/hl7:RCMR_IN100016FI01";
  let setId = query.setId;
  let askedVersion = query.versionNumber;
  let askedLocation = `${root}/${QUERY_PATHS.versionNumber}/hl7:value/@value`;
  if (query.documentId) {
    const row = await db.selectFrom("document_versions").select(["set_id", "version_number"]).where("version_id", "=", query.documentId).executeTakeFirst();
    setId = row?.set_id;
    askedVersion = row?.version_number;
    askedLocation = `${root}/${QUERY_PATHS.documentId}/hl7:value/@root`;
  }
  const nothing: QueryRequestOutcome = { typeCode: "AA", findings: [], results: [], summary: { ...summary, results: 0 } };
  const latest = setId ? await latestVersionOfSet(db, setId) : undefined;
  // Another register's or another client's document is not found, the same as one that does not exist.
  if (!latest || !organiserOids.includes(latest.organiserOid) || !latest.metadata.clients.includes(query.clientId)) return nothing;
  const [live] = await inActiveUse(db, [latest], query.clientId, now);
  if (!live) return nothing;
  // D07-R32 L29266-29270: an ATJ gets the latest version; earlier ones are the archivist's (admin view).
  if (askedVersion !== undefined && askedVersion > live.versionNumber) return nothing;
  if (askedVersion !== undefined && askedVersion < live.versionNumber) {
    return refused([finding("QUERY-VERSION-SUPERSEDED", askedLocation, `asked version ${askedVersion}; the latest is version ${live.versionNumber} (${live.versionId})`)], summary);
  }
  return { typeCode: "AA", findings: [], results: await withNonDisclosureBanner(db, [await withDocument(db, live)]), summary: { ...summary, setId: live.setId, versionNumber: live.versionNumber, results: 1 } };
}

/** The query handler the SOAP plugin calls (`handleQueryRequest`). */
export function createQueryHandler(options: { db: Kysely<Database> } & QueryOptions): HandleQueryRequest {
  return (frame, context) => runQuery(options.db, frame, context.receivedAt, { ...(options.enforceAccess !== undefined && { enforceAccess: options.enforceAccess }) });
}

/** The media type of the compilation (sammanställning) a disclosure search gives instead of the KR (D07-R75). */
export const COMPILATION_KIND = "sammanstallning";

/**
 * Disclosure from another controller's register (usage situation 3, 07 §5.8, Table 11.4.4): simple
 * search (SP8) on Kanta-information + a positive permission, extended right to information (SP9) for a
 * public authority with a basis code. Access is always enforced here. The archive returns the documents
 * the filter lets through (never old, phase-1, shelter-service or prohibited ones in a simple search,
 * D07-R71) and, instead of the KR, a compilation of it with the spärr-covered items withheld (D07-R75,
 * D08-R66). The utlämningslogg gets one row per disclosed document (D08-R60, DT-8.4).
 */
async function disclosureSearch(db: Kysely<Database>, frame: QueryRequestFrame, organiserOid: string, now: Date, summary: Record<string, unknown>): Promise<QueryRequestOutcome> {
  const { query } = frame;
  const messageId = messageIdText(frame.messageId);
  const access = await decideArchiveAccess(db, queryAccessRequest(frame, organiserOid, now), { strict: false, locations: QUERY_ACCESS_LOCATIONS });
  if (!access.decision.allow) {
    await writeUsageLog(db, access.decision, { messageId });
    return refused(access.findings, { ...summary, access: access.decision.code });
  }
  // The consents, markings and organisation facts access control decided on (loadAccessInputs).
  const { consent, nonDisclosure, organisations } = access.context;
  const searcher = organisations.find((o) => o.oid === frame.sender.organisationOid);
  const context = {
    mode: frame.serviceRequest.operation === "extended-information" ? ("extended" as const) : ("simple" as const),
    now,
    clientId: query.clientId,
    searcherOrganisationOid: frame.sender.organisationOid,
    searcherKind: searcher?.kind === "public" ? ("public" as const) : ("private" as const),
    consent,
    nonDisclosure,
  };

  const all = await inActiveUse(db, await latestVersionsOfClient(db, query.clientId, await activeRegisterOrganisers(db, organiserOid, now)), query.clientId, now);
  const asked = all.filter(
    (v) =>
      createdWithin(v.metadata, query.createdFrom, query.createdTo) &&
      matchesCriteria(v.metadata, query.criteria) &&
      (query.caseId === undefined || v.metadata.caseId === query.caseId) &&
      (query.setId === undefined || v.setId === query.setId) &&
      (query.documentId === undefined || v.versionId === query.documentId),
  );
  const byVersion = new Map(asked.map((v) => [v.versionId, v]));
  const verdicts = filterDisclosableDocuments(
    // The register's own organiser: a prohibition of a ceased controller still covers its documents (D07-R66 L30159-30200).
    asked.map((v): ArchivedDocument => ({ registerId: v.organiserOid, metadata: v.metadata })),
    context,
  );
  const disclosed = verdicts.filter((d) => d.disclose).map((d) => byVersion.get(d.document.metadata.documentId)!).sort(byCreation);
  const results: QueryResultItem[] = await Promise.all(disclosed.map((v) => withDocument(db, v)));

  // D07-R75: the KR itself is never disclosed; its compilation is, without the spärr-covered items (D08-R66).
  const relationship = await loadClientRelationship(db, query.clientId, organiserOid, now);
  // A prohibition of the controller covers all its data, the compilation too (D07-R66); never under the extended right (D07-R72).
  const controllerProhibited = context.mode === "simple" && prohibitionsInForce(consent, now).some((p) => p.kind === "controller" && p.oid === organiserOid);
  if (relationship && !controllerProhibited && query.setId === undefined && query.documentId === undefined) {
    const { record, withheld } = redactNonDisclosure({ registerId: organiserOid, personalData: relationship.personalData ?? [] }, frame.sender.organisationOid, { nonDisclosure, now });
    const types = await summaryGeneralTypes(db);
    const key = (v: LatestVersion) => (v.metadata.generalType ? `${v.metadata.generalType.codeSystem}|${v.metadata.generalType.code}` : "");
    results.unshift({
      documentId: `${relationship.versionId}.sammanstallning`,
      setId: relationship.setId,
      versionNumber: relationship.versionNumber,
      metadata: {
        kind: COMPILATION_KIND,
        title: "Sammanställning av klientrelationen (D07-R75)",
        organiser: organiserOid,
        clientId: query.clientId,
        socialCareStart: relationship.socialCareStart ?? null,
        socialCareEnd: relationship.socialCareEnd ?? null,
        serviceTasks: [...new Map(relationship.units.filter((u) => u.serviceTask).map((u) => [`${u.serviceTask!.codeSystem}|${u.serviceTask!.code}`, u.serviceTask])).values()],
        personalData: record.personalData,
        withheld: withheld.map((w) => w.item),
        documents: disclosed.filter((v) => types.has(key(v))).map((v) => ({ documentId: v.versionId, title: v.metadata.title, createdAt: v.metadata.createdAt, generalType: v.metadata.generalType })),
      },
    });
  }
  await writeUsageLog(db, perDisclosedDocument(access.decision, disclosed.map((v) => v.versionId)), { messageId });
  const excluded = verdicts.filter((d) => !d.disclose);
  return {
    typeCode: "AA",
    findings: [],
    results,
    summary: { ...summary, results: results.length, disclosed: disclosed.length, excluded: excluded.map((d) => ({ documentId: d.document.metadata.documentId, exclusion: d.exclusion, rule: d.rule })) },
  };
}

/** The utlämningslogg names the data disclosed: one row per disclosed document, one row when nothing was (D08-R60). */
function perDisclosedDocument(decision: AccessDecision, documentIds: readonly string[]): AccessDecision {
  if (documentIds.length === 0) return decision;
  return { ...decision, log: decision.log.flatMap((entry) => documentIds.map((documentId) => ({ ...entry, documentId }))) };
}

/**
 * SP10: the client's will expressions, common data in VYT (D08-R05, DT-11.2 L32046-32052): any joined
 * controller reads them for a client it has saklig anknytning to in its own register (or with a valid
 * special reason), under usage situation 1; the read goes to the utlämningslogg of the VYT register.
 * Latest versions of the documents that are not makulerade, Kanta-information of both sectors.
 */
async function willExpressionSearch(db: Kysely<Database>, frame: QueryRequestFrame, now: Date, summary: Record<string, unknown>): Promise<QueryRequestOutcome> {
  const messageId = messageIdText(frame.messageId);
  const access = await decideArchiveAccess(db, queryAccessRequest(frame, frame.sender.organisationOid, now), { strict: false, locations: QUERY_ACCESS_LOCATIONS });
  if (!access.decision.allow) {
    await writeUsageLog(db, access.decision, { messageId });
    return refused(access.findings, { ...summary, access: access.decision.code });
  }
  const registerOid = WILL_EXPRESSION_CONTROLLER_OID;
  const versions = (await latestVersionsOfClient(db, frame.query.clientId, registerOid)).filter((v) => v.status === "active" && v.metadata.status !== "cancelled").sort(byCreation);
  const results = await Promise.all(versions.map((v) => withDocument(db, v)));
  const log = access.decision.log.map((entry) => ({ ...entry, log: "disclosure" as const, registerId: registerOid, action: "search-will-expressions" as never }));
  await writeUsageLog(db, perDisclosedDocument({ ...access.decision, log }, versions.map((v) => v.versionId)), { messageId });
  return { typeCode: "AA", findings: [], results, summary: { ...summary, register: WILL_EXPRESSION_REGISTER_ID, results: results.length } };
}

/**
 * The archive returns covered data whole to the organiser's own use and to its producers (DT-10.1–10.3); the
 * client system must show that a client has a spärrmarkering and mask the items for users without the spärr
 * role (D08-R67 L34432-34454, L34495-34501). Each result names the persons of the document with a marking in
 * force in `nonDisclosureMarking` (a result field beside the stored metadata; the signed bytes are untouched).
 */
async function withNonDisclosureBanner(db: Kysely<Database>, results: QueryResultItem[]): Promise<QueryResultItem[]> {
  const persons = [...new Set(results.flatMap((r) => (Array.isArray(r.metadata.clients) ? (r.metadata.clients as string[]) : [])))];
  if (persons.length === 0) return results;
  const marked = new Set((await db.selectFrom("persons").select("person_id").where("person_id", "in", persons).where("non_disclosure", "=", true).execute()).map((r) => r.person_id));
  if (marked.size === 0) return results;
  return results.map((r) => {
    const covered = ((r.metadata.clients as string[] | undefined) ?? []).filter((c) => marked.has(c));
    return covered.length === 0 ? r : { ...r, metadata: { ...r.metadata, nonDisclosureMarking: covered } };
  });
}
