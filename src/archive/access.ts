/**
 * Access control in the archive: loads the facts one request needs from the database (the client's
 * relationship model, register-access agreements and grants, organisations, persons, the case and the
 * document's first version), asks the pure engine (src/rules/access decideAccess) and turns its decision
 * into findings and usage-log rows (D07-R54, D07-R56, D07-R60, domain/08; DESIGN §7 decisions 0, 1, 5, 8).
 *
 * Facts the simulator's world does not model are fixed here, and said so:
 * - joined-archive and phase come from the organisation register (organisations.joined_archive,
 *   archive_phase; fixture defaults: joined, phase 2; D08-R14, R15);
 * - a spärrmarkering (persons.non_disclosure) is in force indefinitely (no dates in the fixture, D08-R63);
 * - the organisation that created a document or case is the producer (#3) of its version 1, else its
 *   organiser (Q7: creator = version 1).
 */
import { sql, type Insertable, type Kysely } from "kysely";
import type { Database, UsageLogTable } from "../db/schema.js";
import { worldRead } from "../db/world-cache.js";
import { errorEntry, finding, type ErrorCode } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import { decideAccess } from "../rules/access/decide.js";
import type {
  AccessAction,
  AccessContext,
  AccessDecision,
  AccessResource,
  CaseFacts,
  ClientRelationshipFacts,
  LogEntry,
  NonDisclosureMarking,
  OrganisationFacts,
  Principal,
  UsageSituation,
} from "../rules/access/types.js";
import { loadRegisterAccess } from "../admin/world-facts.js";
import { extractClientRelationshipFacts, extractPersonalData, loadClientRelationship } from "./client-relationships.js";
import { loadDisclosureConsent } from "./will-expressions.js";
import { caseDocuments } from "./case-documents.js";
import { ceasedBy, listControllerChanges, registerOrganisersOf, type ControllerChange } from "./controller-changes.js";

/** The database or a transaction on it (a Transaction is a Kysely). */
type Db = Kysely<Database>;

/** One request as access control sees it: who acts, on whose register, for which client and document. */
export interface AccessRequest {
  action: AccessAction;
  usageSituation: string;
  /** The acting organisation: the frame's sending organisation. */
  organisationOid: string;
  /** The one acting service unit of the frame (controlActProcess/authorOrPerformer). */
  serviceUnitOid: string;
  professionalId?: string;
  /** Controller (organiser) of the target register. */
  registerOrganiserOid: string;
  clientId: string;
  caseId?: string;
  /** The document stored, versioned or cancelled. */
  document?: DocumentMetadata;
  /** Its structured body: a KR's new relationship facts come from it (D08-R28). */
  body?: DocumentBody;
  specialReasonCode?: string;
  /** Socialvård – Grund för omfattande informationssökning (extended-information, D07-R72). */
  extendedInformationBasisCode?: string;
  /** The request's archive time. */
  now: Date;
}

/** Where a refusal points in the request: the frame element the code is about. */
export interface AccessLocations {
  usageSituation: string;
  serviceUnit: string;
  specialReason: string;
  document: string;
}

export interface ArchiveAccessOutcome {
  decision: AccessDecision;
  /** The refusal (error) and the client-system duties (warnings; errors in strict mode). */
  findings: Finding[];
  /** The facts the decision was taken on (consents, spärrmarkeringar, organisations): a read path filters by the same. */
  context: AccessContext;
}

const ORGANISATION_CODES = new Set([
  "ACCESS-ACTING-UNIT-NOT-SINGLE",
  "ACCESS-NO-SAKLIG-ANKNYTNING",
  "ACCESS-ORGANISATION-NOT-JOINED",
  "ACCESS-NO-PRODUCTION-AGREEMENT",
  "ACCESS-PHASE-INCOMPATIBLE",
  "ACCESS-NO-REGISTER-ACCESS",
  "ACCESS-SUBCONTRACTOR-PRODUCER-ENDED",
  "ACCESS-SHARED-CONNECTION-NO-RIGHT",
  "ACCESS-NO-EXTENDED-GRANT",
]);
const USAGE_SITUATION_CODES = new Set(["ACCESS-USAGE-SITUATION-UNKNOWN", "ACCESS-ACTION-NOT-IN-USAGE-SITUATION", "ACCESS-USAGE-SITUATION-REGISTER-MISMATCH"]);

function locationOf(code: string, locations: AccessLocations): string {
  if (USAGE_SITUATION_CODES.has(code)) return locations.usageSituation;
  if (ORGANISATION_CODES.has(code)) return locations.serviceUnit;
  if (code === "ACCESS-SPECIAL-REASON-UNKNOWN") return locations.specialReason;
  return locations.document;
}

/** The organisation register fixture as the engine reads it. */
async function loadOrganisations(db: Db, oids: readonly string[]): Promise<OrganisationFacts[]> {
  const wanted = [...new Set(oids.filter((o) => o !== ""))];
  if (wanted.length === 0) return [];
  const rows = await worldRead(db, `organisations:${wanted.join(",")}`, () => db.selectFrom("organisations").select(["oid", "is_public", "joined_archive", "archive_phase"]).where("oid", "in", wanted).execute());
  return rows.map((r) => ({ oid: r.oid, kind: r.is_public ? "public" : "private", joinedArchive: r.joined_archive, phase: Number(r.archive_phase) === 1 ? 1 : 2 }));
}

/**
 * The KRH of a client in the organiser's register, keyed by the organiser OID as the engine compares
 * registers. After a model-1 controller change the registers transferred to the organiser count as its
 * own, and their units as its units (D08-R38; 08 §7 scenario 16).
 */
async function relationshipIn(db: Db, clientId: string, organiserOid: string, now: Date, changes: readonly ControllerChange[]): Promise<ClientRelationshipFacts | undefined> {
  const organisers = registerOrganisersOf(changes, organiserOid, now);
  const views = (await Promise.all(organisers.map((o) => loadClientRelationship(db, clientId, o, now)))).filter((v) => v !== undefined);
  const view = views.find((v) => !v.oldRelationship) ?? views[0];
  if (!view) return undefined;
  const transferred = new Set(organisers.slice(1));
  return {
    registerId: organiserOid,
    clientId: view.clientId,
    units: view.units.map((u) => (transferred.has(u.organisationOid) ? { ...u, organisationOid: organiserOid } : u)),
    ...(view.socialCareStart && { socialCareStart: view.socialCareStart }),
    ...(view.socialCareEnd && { socialCareEnd: view.socialCareEnd }),
    ...(view.responsibleWorkers && { responsibleWorkers: view.responsibleWorkers }),
    ...(view.oldRelationship !== undefined && { oldRelationship: view.oldRelationship }),
    ...(view.personalData && { personalData: view.personalData }),
  };
}

/** The relationship a stored KR version records, as the engine reads it (the same extraction the store keeps). */
function relationshipAfter(document: DocumentMetadata, body: DocumentBody, organiserOid: string): ClientRelationshipFacts {
  const facts = extractClientRelationshipFacts(document, body);
  return { registerId: organiserOid, clientId: facts.clientId, units: facts.units, oldRelationship: facts.oldRelationship };
}

interface FirstVersionRow {
  metadata: unknown;
}

const creatorOf = (metadata: Pick<DocumentMetadata, "producer" | "organiser">): string => metadata.producer?.oid ?? metadata.organiser.oid;
const parsed = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as DocumentMetadata;

/** Version 1 of a document set, in the organiser's register. */
async function firstVersionOf(db: Db, setId: string, organiserOids: readonly string[]): Promise<DocumentMetadata | undefined> {
  const result = await sql<FirstVersionRow>`
    SELECT v.metadata FROM document_versions v
      JOIN documents d ON d.set_id = v.set_id
      JOIN registers r ON r.id = d.register_id
     WHERE v.set_id = ${setId} AND v.version_number = 1 AND r.organiser_oid IN (${sql.join(organiserOids)})`.execute(db);
  const row = result.rows[0];
  return row ? parsed(row.metadata) : undefined;
}

/** The case (ärendehandling, latest not makulerad version) of caseId in the organiser's register. */
async function caseFactsOf(db: Db, caseId: string, organiserOid: string, organiserOids: readonly string[]): Promise<CaseFacts | undefined> {
  // The case in the organiser's registers that no version makulerar, the earliest created.
  const [theCase] = (await caseDocuments(db, caseId))
    .filter((c) => organiserOids.includes(c.organiserOid) && !c.versions.some((v) => v.cancelled))
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || (a.setId < b.setId ? -1 : 1));
  if (!theCase) return undefined;
  const firstVersion = theCase.versions.find((v) => v.versionNumber === 1);
  const first = firstVersion ? parsed(firstVersion.metadata) : undefined;
  // A case created by a controller that was merged into the organiser counts as the organiser's own (D08-R38).
  const creator = first ? creatorOf(first) : organiserOid;
  return { caseId, registerId: organiserOid, clientIds: theCase.clientIds, createdByOrganisationOid: organiserOids.includes(creator) ? organiserOid : creator };
}

async function personFacts(db: Db, personIds: readonly string[]): Promise<{ nonDisclosure: NonDisclosureMarking[]; deceased: Set<string> }> {
  const ids = [...new Set(personIds)];
  if (ids.length === 0) return { nonDisclosure: [], deceased: new Set() };
  const rows = await worldRead(db, `persons:${ids.join(",")}`, () => db.selectFrom("persons").select(["person_id", "non_disclosure", "death_date"]).where("person_id", "in", ids).execute());
  return {
    // The population-register fixture keeps no dates for the marking: in force from the beginning, indefinitely.
    nonDisclosure: rows.filter((r) => r.non_disclosure).map((r) => ({ personId: r.person_id, validFrom: "0001-01-01" })),
    deceased: new Set(rows.filter((r) => r.death_date !== null).map((r) => r.person_id)),
  };
}

/** The engine's inputs for one request, every fact read from the database at `request.now`. */
export async function loadAccessInputs(db: Db, request: AccessRequest): Promise<{ principal: Principal; resource: AccessResource; context: AccessContext }> {
  const { now, clientId, registerOrganiserOid: organiserOid, document } = request;
  const principal: Principal = {
    organisationOid: request.organisationOid,
    serviceUnitOid: request.serviceUnitOid,
    ...(request.professionalId && { professional: { id: request.professionalId } }),
  };
  const caseId = request.caseId ?? document?.caseId;
  const writing = request.action === "new-version" || request.action === "cancel";
  // One read of the (small) controller-change register serves every lookup of the request.
  const changes = await listControllerChanges(db);
  const organisers = registerOrganisersOf(changes, organiserOid, now);
  const ceased = ceasedBy(changes, organiserOid, now);
  const first = writing && document ? await firstVersionOf(db, document.setId, organisers) : undefined;
  const resource: AccessResource = {
    registerId: organiserOid,
    organiserOid,
    clientId,
    ...(caseId && { caseId }),
    ...(document && { document }),
    ...(first && { creatorOrganisationOid: organisers.includes(creatorOf(first)) ? organiserOid : creatorOf(first) }),
    ...(document?.documentGroup === "client-relationship" && request.action !== "cancel" && { relationshipAfter: relationshipAfter(document, request.body ?? {}, organiserOid) }),
    // What the stored document says about persons, for the spärr storage rule (D08-R65).
    ...(document && request.body?.json !== undefined && { personalData: extractPersonalData(request.body.json) }),
  };
  const otherClients = (document?.clients ?? []).filter((c) => c !== clientId);
  const [clientRelationship, others, caseFacts, organisations, registerAccess, persons] = await Promise.all([
    relationshipIn(db, clientId, organiserOid, now, changes),
    Promise.all([...new Set(otherClients)].map((c) => relationshipIn(db, c, organiserOid, now, changes))),
    caseId ? caseFactsOf(db, caseId, organiserOid, organisers) : Promise.resolve(undefined),
    loadOrganisations(db, [organiserOid, request.organisationOid]),
    loadRegisterAccess(db, now),
    personFacts(db, [clientId, ...otherClients]),
  ]);
  const disclosing = request.usageSituation === "3";
  const searcherRelationship = disclosing ? await relationshipIn(db, clientId, request.organisationOid, now, changes) : undefined;
  // Stored will expressions count from the moment they were stored, never retroactively (D07-R65).
  const consent = disclosing ? await loadDisclosureConsent(db, clientId) : undefined;
  const context: AccessContext = {
    usageSituation: request.usageSituation as UsageSituation,
    now,
    requestServiceUnitOids: [request.serviceUnitOid],
    ...(request.specialReasonCode !== undefined && { specialReasonCode: request.specialReasonCode }),
    ...(request.extendedInformationBasisCode !== undefined && { extendedInformationBasisCode: request.extendedInformationBasisCode }),
    ...(consent && { consent }),
    ...(clientRelationship && { clientRelationship }),
    otherClientRelationships: others.filter((k): k is ClientRelationshipFacts => k !== undefined),
    ...(searcherRelationship && { searcherRelationship }),
    ...(caseFacts && { caseFacts }),
    organisations,
    registerAccess,
    nonDisclosure: persons.nonDisclosure,
    clientDeceased: persons.deceased.has(clientId),
    ...(ceased && { organiserCeased: { model: ceased.model, successorOid: ceased.toOid, effectiveDate: ceased.effectiveDate } }),
  };
  return { principal, resource, context };
}

/**
 * Decides one request: the engine's refusal becomes an error finding with its access code; its
 * client-system duties become warnings, errors in strict mode (DESIGN §7 decision 0).
 */
export async function decideArchiveAccess(db: Db, request: AccessRequest, options: { strict: boolean; locations: AccessLocations }): Promise<ArchiveAccessOutcome> {
  const { principal, resource, context } = await loadAccessInputs(db, request);
  const decision = decideAccess(principal, request.action, resource, context);
  const findings: Finding[] = [];
  if (!decision.allow && decision.code) {
    findings.push(finding(decision.code as ErrorCode, locationOf(decision.code, options.locations), `${decision.reason} [${decision.rule} ${decision.seedLines}]`));
  }
  for (const warning of decision.warnings) {
    const strictError = options.strict && errorEntry(warning.code).enforcement === "client-system";
    findings.push(finding(warning.code as ErrorCode, locationOf(warning.code, options.locations), warning.detail, strictError ? "error" : "warning"));
  }
  return { decision, findings, context };
}

/**
 * Writes the decision's log rows (D07-R56, DESIGN §7.8). `refusal` overrides an allowed decision when
 * another check refused the request after access allowed it (a store refused by the storage checks is
 * logged as refused, with that code).
 */
export async function writeUsageLog(db: Db, decision: AccessDecision, options: UsageLogOptions = {}): Promise<void> {
  const rows = usageLogRows(decision, options);
  if (rows.length > 0) await db.insertInto("usage_log").values(rows).execute();
}

export interface UsageLogOptions {
  messageId?: string;
  refusal?: { code: string; reason: string };
}

/** The usage_log rows of a decision (a store writes them in the statement that writes the version). */
export function usageLogRows(decision: AccessDecision, options: UsageLogOptions = {}): Insertable<UsageLogTable>[] {
  return decision.log.map((entry: LogEntry) => {
    const refused = entry.outcome === "refused" || options.refusal !== undefined;
    return {
      log_kind: entry.log,
      logged_at: entry.at,
      register_oid: entry.registerId,
      client_id: entry.clientId,
      organisation_oid: entry.organisationOid,
      service_unit_oid: entry.serviceUnitOid,
      professional_id: entry.professionalId ?? null,
      action: entry.action,
      usage_situation: entry.usageSituation,
      outcome: refused ? ("refused" as const) : ("allowed" as const),
      basis: entry.basis ?? null,
      special_reason_code: entry.specialReasonCode ?? null,
      refusal_code: entry.refusalCode ?? options.refusal?.code ?? null,
      reason: options.refusal && entry.outcome === "allowed" ? options.refusal.reason : decision.reason,
      rule: `${decision.rule} ${decision.seedLines}`,
      document_id: entry.documentId ?? null,
      message_id: options.messageId ?? null,
    };
  });
}

export interface UsageLogFilter {
  /** usage = användningslogg, disclosure = utlämningslogg (D08-R59, R60). */
  log?: "usage" | "disclosure";
  client?: string;
  organisation?: string;
  /** Inclusive instants (ISO). */
  from?: string;
  to?: string;
}

export interface UsageLogRow {
  id: string;
  log: "usage" | "disclosure";
  at: string;
  registerOid: string;
  clientId: string;
  organisationOid: string;
  serviceUnitOid: string;
  professionalId?: string;
  action: string;
  usageSituation: string;
  outcome: "allowed" | "refused";
  basis?: string;
  specialReasonCode?: string;
  refusalCode?: string;
  reason: string;
  rule: string;
  documentId?: string;
  messageId?: string;
}

/** The usage log, oldest first, filtered by client, acting organisation and time (for GET /admin/api/usage-log). */
export async function queryUsageLog(db: Kysely<Database>, filter: UsageLogFilter = {}): Promise<UsageLogRow[]> {
  let query = db.selectFrom("usage_log").selectAll();
  if (filter.log !== undefined) query = query.where("log_kind", "=", filter.log);
  if (filter.client !== undefined) query = query.where("client_id", "=", filter.client);
  if (filter.organisation !== undefined) query = query.where("organisation_oid", "=", filter.organisation);
  if (filter.from !== undefined) query = query.where("logged_at", ">=", new Date(filter.from));
  if (filter.to !== undefined) query = query.where("logged_at", "<=", new Date(filter.to));
  const rows = await query.orderBy("id").execute();
  return rows.map((r) => ({
    id: String(r.id),
    log: r.log_kind,
    at: new Date(r.logged_at).toISOString(),
    registerOid: r.register_oid,
    clientId: r.client_id,
    organisationOid: r.organisation_oid,
    serviceUnitOid: r.service_unit_oid,
    ...(r.professional_id !== null && { professionalId: r.professional_id }),
    action: r.action,
    usageSituation: r.usage_situation,
    outcome: r.outcome,
    ...(r.basis !== null && { basis: r.basis }),
    ...(r.special_reason_code !== null && { specialReasonCode: r.special_reason_code }),
    ...(r.refusal_code !== null && { refusalCode: r.refusal_code }),
    reason: r.reason,
    rule: r.rule,
    ...(r.document_id !== null && { documentId: r.document_id }),
    ...(r.message_id !== null && { messageId: r.message_id }),
  }));
}
