/**
 * The MittKanta service functions shared by the JSON API (plugin.ts) and the web page (web.ts): test
 * login, the people I may act for, the landing page, the service-task view, the document view and
 * explain mode. Which documents are shown is decided by the pure engine in src/rules/visibility; this
 * module only loads the facts from the database and collects the decisions. Each function answers
 * plain data or a refusal `{ error: code }` with a code of the one error catalogue.
 *
 * Login is a SIMULATOR-ONLY test login (D03-R08 is out of scope). Sessions live in this process's memory.
 */
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { loadProxyRelation } from "../admin/world-facts.js";
import { parseCda } from "../cda/parse.js";
import type { Database } from "../db/schema.js";
import type { HandleArchiveRequest } from "../hl7/types.js";
import type { Coded, DocumentMetadata, OrganisationRef, SignerInfo } from "../model/document.js";
import { checkPersonalIdentityCode } from "../rules/identity.js";
import {
  decideClientRelationshipLandingData,
  decideProxyEligibility,
  decideVisibility,
  decideVisibilityOfAll,
  explainVisibility,
  INFO_TEXT,
  VISIBILITY_ERRORS,
  type ProxyRelationFacts,
  type SubjectClient,
  type Viewer,
  type VisibilityDocument,
} from "../rules/visibility/index.js";
import type { CaseFacts } from "../rules/visibility/types.js";
import type { ViewingContext, VisibilityExplanation } from "../rules/visibility/explain.js";
import { parseXmlSafely } from "../xml/safe-parse.js";
import { deepFreeze } from "../db/world-cache.js";
import { MITTKANTA_ERRORS } from "./errors.js";

export interface MittKantaOptions {
  /** DESIGN §7.7: the MittKanta rollout phase (1 hides journal notes, joint cases, adoption counselling, KR). */
  phase: 1 | 2;
  /** Explain mode: every document with the rule that showed or hid it. Off by default. */
  explain?: boolean;
  /** MITTKANTA_LOGS: the citizen's view of the disclosure and usage logs of their data. Off by default. */
  logs?: boolean;
  /** The archive handler of POST /soap/archive: will expressions given in MittKanta are stored through it. */
  handleArchiveRequest?: HandleArchiveRequest;
  /** Bound of the parsed-version cache, in characters of metadata JSON (default VERSION_CACHE_CHARS; 0 caches nothing). */
  versionCacheChars?: number;
}

/**
 * Default bound of the parsed-version cache: 32 M characters of metadata JSON. Parsed, that is about
 * 40 MB of heap (≈ 1.2 bytes per character, measured) and ~19 000 versions of ~1.7 KB; a client with
 * 1 000 documents needs ~1.8 M.
 */
export const VERSION_CACHE_CHARS = 32 * 1024 * 1024;

/**
 * A map bounded by a size the caller gives per entry, evicting by "second chance" (the clock
 * algorithm, close to least-recently-used): a read only marks the entry, so reading the 1 000
 * versions of a request does not reorder the map. It holds parsed document versions keyed by
 * version_id: the database refuses UPDATE and DELETE on document_versions, so an entry can never go
 * stale, and the bound only limits memory.
 */
export class VersionCache<T> {
  private readonly entries = new Map<string, { value: T; size: number; used: boolean }>();
  private total = 0;
  constructor(private readonly maxSize: number) {}
  /** The sum of the sizes held. */
  get size(): number {
    return this.total;
  }
  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.used = true;
    return entry.value;
  }
  set(key: string, value: T, size: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.size;
      this.entries.delete(key);
    }
    if (size > this.maxSize) return;
    this.entries.set(key, { value, size, used: false });
    this.total += size;
    while (this.total > this.maxSize) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      if (entry.used || oldest === key) {
        // Used since it was last looked at here (or just added): it moves to the newest end instead of leaving.
        entry.used = false;
        this.entries.set(oldest, entry);
      } else this.total -= entry.size;
    }
  }
}


/** Lower bound of the date search (D03-R17, L7729-7731). */
export const DATE_SEARCH_LOWER_BOUND = "2023-01-01";
/** How many newest documents the landing page shows per service task (domain/03 §2.1). */
export const LANDING_DOCUMENTS_PER_SERVICE_TASK = 5;

export const MITTKANTA_API_ERRORS = { ...VISIBILITY_ERRORS, ...MITTKANTA_ERRORS };
export type MittKantaErrorCode = keyof typeof MITTKANTA_API_ERRORS;
export interface Refusal {
  error: MittKantaErrorCode;
  detail?: string;
}
export const isRefusal = (value: unknown): value is Refusal => typeof value === "object" && value !== null && "error" in value && typeof (value as Refusal).error === "string";

export interface Session {
  token: string;
  personId: string;
  loginAt: string;
  /** The login before this one (D03-R15 "Ny"); absent on the first login. */
  previousLoginAt?: string;
}

interface StoredDocument {
  document: VisibilityDocument;
  versions: number;
  /** document_versions.version_id of the latest version. */
  versionId: string;
}

/** An opened view: who looks at whose MittKanta, as the engine's viewing context. */
export interface OpenView {
  session: Session;
  personId: string;
  context: ViewingContext;
}

export interface NoticeView {
  code: string;
  rule: string;
  seedLines: string;
  fi: string;
  sv: string;
  en: string;
}
export interface InfoTextView {
  rule: string;
  seedLines: string;
  fi: string;
  sv: string;
  en: string;
}

export interface PersonChoice {
  personId: string;
  role: Viewer["role"];
  eligible: boolean;
  reason: string;
  rule: string;
  seedLines: string;
  fi?: string;
  sv?: string;
  en?: string;
}

export interface LandingEntry {
  setId: string;
  title: string | null;
  createdAt: string;
  notices: string[];
}
export type ClientRelationshipView =
  | { setId: string; shown: false; reason: string; rule: string; seedLines: string }
  | {
      setId: string;
      shown: true;
      organiser: OrganisationRef;
      socialCare: { start: string; end: string | null } | null;
      childProtection: { start: string; end: string | null } | null;
      ownContactPerson: { name: string | null; contact: string | null } | null;
    };
export interface Landing {
  personId: string;
  viewerRole: Viewer["role"];
  newDocuments: number;
  serviceTasks: { serviceTask: string; name: string | null; newest: LandingEntry[] }[];
  clientRelationships: ClientRelationshipView[];
  infoText: InfoTextView | null;
}

export interface DocumentListEntry {
  setId: string;
  title: string | null;
  createdAt: string;
  versionNumber: number;
  corrected: boolean;
  /** Shown attachments of this document (D03-R18). */
  attachments: number;
  serviceTasks: Coded[];
  socialServices: Coded[];
  controller: OrganisationRef;
  notices: NoticeView[];
}
export interface DocumentList {
  personId: string;
  viewerRole: Viewer["role"];
  documents: DocumentListEntry[];
  infoText: InfoTextView | null;
}
export interface DocumentQuery {
  serviceTask?: string;
  from?: string;
  to?: string;
  sort?: string;
}

export interface DocumentView {
  setId: string;
  title: string | null;
  createdAt: string;
  versionNumber: number;
  display: { format: "pdf"; pdfBase64: string } | { format: "xhtml"; xhtml: string };
  correction: { correctedAt: string; description: string | null; reason: Coded | null } | null;
  signature: { signedAt: string | null; signer: { kind: SignerInfo["kind"]; subject: string; certificateSerial: string } | null };
  notices: NoticeView[];
}

export interface TestPerson {
  personId: string;
  givenName: string;
  familyName: string;
  birthDate: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The orders of String#localeCompare (default locale) and localeCompare(…, "sv"), with one collator each. */
export const DEFAULT_ORDER = new Intl.Collator().compare;
export const SWEDISH_ORDER = new Intl.Collator("sv").compare;
const noticeView = (n: NoticeView): NoticeView => ({ code: n.code, rule: n.rule, seedLines: n.seedLines, fi: n.fi, sv: n.sv, en: n.en });

/**
 * The `limit` newest entries, newest first, ties in the given order: what a stable sort by createdAt
 * (descending) and slice(0, limit) answer, without sorting the whole list.
 */
export function newestFirst<T extends { createdAt: string }>(entries: readonly T[], limit: number): T[] {
  const newest: T[] = [];
  for (const entry of entries) {
    let at = newest.length;
    while (at > 0 && DEFAULT_ORDER(newest[at - 1]!.createdAt, entry.createdAt) < 0) at--;
    if (at >= limit) continue;
    newest.splice(at, 0, entry);
    if (newest.length > limit) newest.pop();
  }
  return newest;
}

export type MittKantaService = ReturnType<typeof createMittKantaService>;

export function createMittKantaService(db: Kysely<Database>, options: MittKantaOptions) {
  const sessions = new Map<string, Session>();
  const lastLogin = new Map<string, string>();
  const settings = { mittkantaPhase: options.phase };
  const versionCache = new VersionCache<VisibilityDocument>(options.versionCacheChars ?? VERSION_CACHE_CHARS);

  async function subjectOf(personId: string): Promise<SubjectClient> {
    const person = await db.selectFrom("persons").select(["non_disclosure"]).where("person_id", "=", personId).executeTakeFirst();
    return { personId, nonDisclosure: person?.non_disclosure ?? false };
  }

  /** The viewer's role towards the subject, from the registers: own view, guardian, §7 right, or mandate. */
  async function viewingOf(session: Session, personId: string, now: Date): Promise<{ viewer: Viewer; relation?: ProxyRelationFacts }> {
    if (personId === session.personId) return { viewer: { role: "client", personId } };
    const relation = await loadProxyRelation(db, session.personId, personId, now);
    const role: Viewer["role"] = relation.registeredGuardian ? "guardian" : relation.informationRight ? "information-right" : relation.electronicMandate ? "proxy" : "guardian";
    return { viewer: { role, personId: session.personId }, relation };
  }

  /** Latest version of every document naming the client, with the facts the engine needs (D07-R39: makulerad = latest cancelled). */
  async function documentsOf(personId: string): Promise<StoredDocument[]> {
    // Only each document's latest version is read (with the number of versions); will expressions (VYT)
    // are not client documents: they have their own view (will-expressions.ts). `@>` uses the GIN index
    // on client_ids (ANY() would scan the whole archive; docs/performance.md). Only the ids come back here:
    // a version's row never changes, so its parsed metadata comes from the cache (docs/mittkanta.md).
    // The documents row names its latest version and counts its versions (migration 0009), so only
    // `documents` is read.
    const latest = await sql<{ version_id: string; versions: string | number }>`
      SELECT d.latest_version_id AS version_id, d.version_count AS versions
        FROM documents d
       WHERE d.client_ids @> ARRAY[${personId}]::text[] AND d.document_class <> 'VYT' AND d.latest_version_id IS NOT NULL
       ORDER BY d.set_id`.execute(db);
    const documents = latest.rows.map((row) => versionCache.get(row.version_id));
    const missing = latest.rows.filter((_, i) => documents[i] === undefined).map((row) => row.version_id);
    const loaded = new Map<string, VisibilityDocument>();
    if (missing.length > 0) {
      // metadata as text: its length is what the cache's bound counts.
      const rows = await sql<{ version_id: string; version_number: number; status: "active" | "cancelled"; received_at: Date | string; metadata: string }>`
        SELECT version_id, version_number, status, received_at, metadata::text AS metadata
          FROM document_versions WHERE version_id = ANY(${missing}::text[])`.execute(db);
      for (const row of rows.rows) {
        const document: VisibilityDocument = deepFreeze({
          metadata: JSON.parse(row.metadata) as DocumentMetadata,
          version: { versionNumber: Number(row.version_number), isLatestVersion: true, cancelled: row.status === "cancelled", storedAt: new Date(row.received_at).toISOString() },
        });
        loaded.set(row.version_id, document);
        versionCache.set(row.version_id, document, row.metadata.length);
      }
    }
    return latest.rows.map((row, i) => ({ versionId: row.version_id, versions: Number(row.versions), document: documents[i] ?? loaded.get(row.version_id)! }));
  }

  /**
   * The facts the engine reads beside a document's own metadata: its case (the latest ärendehandling
   * with the same case id: closing date for the active-use period D03-R16, and the case's marks) and,
   * for an attachment, its main document (Q9).
   */
  function withMainDocuments(stored: StoredDocument[]): StoredDocument[] {
    const cases = new Map<string, DocumentMetadata>();
    for (const s of stored) if (s.document.metadata.documentGroup === "case" && s.document.metadata.caseId) cases.set(s.document.metadata.caseId, s.document.metadata);
    const caseFacts = new Map<string, CaseFacts>();
    const factsOf = (caseId: string, theCase: DocumentMetadata): CaseFacts => {
      let facts = caseFacts.get(caseId);
      if (!facts) {
        facts = {
          caseId,
          ...(theCase.caseClosedAt !== undefined && { closedAt: theCase.caseClosedAt }),
          ...(theCase.delayedUntil !== undefined && { delayedUntil: theCase.delayedUntil }),
          ...(theCase.specialContent !== undefined && { specialContent: theCase.specialContent }),
          ...(theCase.guardianDisclosure !== undefined && { guardianDisclosure: theCase.guardianDisclosure }),
        };
        caseFacts.set(caseId, facts);
      }
      return facts;
    };
    const withCase = stored.map((s): StoredDocument => {
      const m = s.document.metadata;
      const theCase = m.documentGroup !== "case" && m.caseId ? cases.get(m.caseId) : undefined;
      return theCase ? { ...s, document: { ...s.document, case: factsOf(m.caseId!, theCase) } } : s;
    });
    if (!withCase.some((s) => s.document.metadata.attachmentOf !== undefined)) return withCase;
    const bySet = new Map(withCase.map((s) => [s.document.metadata.setId, s.document]));
    return withCase.map((s) => {
      const main = s.document.metadata.attachmentOf ? bySet.get(s.document.metadata.attachmentOf) : undefined;
      return main ? { ...s, document: { ...s.document, mainDocument: main } } : s;
    });
  }

  return {
    options,

    /** The test persons of the population-register fixture (simulator-only login page). */
    async testPersons(): Promise<TestPerson[]> {
      const rows = await db
        .selectFrom("persons")
        .select((eb) => ["person_id", "given_name", "family_name", eb.cast<string>("birth_date", "text").as("birth_date")])
        .where("death_date", "is", null)
        .orderBy("family_name")
        .orderBy("given_name")
        .execute();
      return rows.map((r) => ({ personId: r.person_id, givenName: r.given_name, familyName: r.family_name, birthDate: r.birth_date }));
    },

    async personName(personId: string): Promise<string | undefined> {
      const row = await db.selectFrom("persons").select(["given_name", "family_name"]).where("person_id", "=", personId).executeTakeFirst();
      return row ? `${row.given_name} ${row.family_name}` : undefined;
    },

    /** Simulator test login: a new session for a valid personal identity code (D03-R08 is out of scope). */
    login(personId: unknown, now: Date): Session | Refusal {
      if (typeof personId !== "string" || !checkPersonalIdentityCode(personId).valid) return { error: "MK-PERSON-ID-INVALID" };
      const token = randomUUID();
      const loginAt = now.toISOString();
      const previousLoginAt = lastLogin.get(personId);
      const session: Session = { token, personId, loginAt, ...(previousLoginAt && { previousLoginAt }) };
      sessions.set(token, session);
      lastLogin.set(personId, loginAt);
      return session;
    },

    session(token: string | undefined): Session | undefined {
      return token ? sessions.get(token) : undefined;
    },

    logout(token: string | undefined): void {
      if (token) sessions.delete(token);
    },

    /** Me and the people I may act for, each with the eligibility decision (D03-R67). */
    async people(session: Session, now: Date): Promise<{ me: string; people: PersonChoice[] }> {
      const me = session.personId;
      const [children, rights, principals] = await Promise.all([
        db.selectFrom("guardianships").select("child_id as id").where("guardian_id", "=", me).execute(),
        db.selectFrom("information_rights").select("child_id as id").where("holder_id", "=", me).execute(),
        db.selectFrom("mandates").select("principal_id as id").where("agent_id", "=", me).execute(),
      ]);
      const others = [...new Set([...children, ...rights, ...principals].map((r) => r.id))].filter((id) => id !== me).sort();
      const people: PersonChoice[] = [{ personId: me, role: "client", eligible: true, reason: "ELIGIBLE-OWN-VIEW", rule: "D03-R02", seedLines: "L7630-7636" }];
      for (const personId of others) {
        const { viewer, relation } = await viewingOf(session, personId, now);
        const decision = decideProxyEligibility({ viewer, subject: await subjectOf(personId), ...(relation && { relation }), now });
        const refusal = decision.eligible ? undefined : MITTKANTA_API_ERRORS[decision.reason as MittKantaErrorCode];
        people.push({ personId, role: viewer.role, eligible: decision.eligible, reason: decision.reason, rule: decision.rule, seedLines: decision.seedLines, ...(refusal && { fi: refusal.fi, sv: refusal.sv, en: refusal.en }) });
      }
      return { me, people };
    },

    /** Opens the subject's view: the viewer's eligibility decides (a refusal with its MK-* code otherwise). */
    async openView(session: Session, personId: string, now: Date): Promise<OpenView | Refusal> {
      const { viewer, relation } = await viewingOf(session, personId, now);
      const subject = await subjectOf(personId);
      const eligibility = decideProxyEligibility({ viewer, subject, ...(relation && { relation }), now });
      if (!eligibility.eligible) return { error: eligibility.reason as MittKantaErrorCode };
      return { session, personId, context: { viewer, subject, ...(relation && { relation }), settings, ...(session.previousLoginAt && { viewerPreviousLoginAt: session.previousLoginAt }), now } };
    },

    /**
     * Opens the subject's view for will expressions (issue 11): as openView, and also for the holder of an
     * electronic mandate in force, whom the document views refuse (D03-R09) but who may give the principal's
     * permission and prohibitions in MittKanta (D07-R86 L30547-30563). The documents such a view lists are
     * still decided by the visibility engine.
     */
    async openWillView(session: Session, personId: string, now: Date): Promise<OpenView | Refusal> {
      const opened = await this.openView(session, personId, now);
      if (!isRefusal(opened) || personId === session.personId) return opened;
      const relation = await loadProxyRelation(db, session.personId, personId, now);
      if (!relation.electronicMandate || relation.registeredGuardian || relation.informationRight) return opened;
      const subject = await subjectOf(personId);
      return { session, personId, context: { viewer: { role: "proxy", personId: session.personId }, subject, relation, settings, now } };
    },

    /** Landing page (D03-R10–R15, R75): 5 newest per service task, KR data, Ny count, info text. */
    async landing(view: OpenView): Promise<Landing> {
      const stored = withMainDocuments(await documentsOf(view.personId));
      let hiddenForInfoText = false;
      const byTask = new Map<string, LandingEntry[]>();
      const taskNames = new Map<string, string>();
      let newCount = 0;
      const decisions = decideVisibilityOfAll(stored.map((s) => s.document), view.context);
      for (const [i, { document }] of stored.entries()) {
        const decision = decisions[i]!;
        if (!decision.shown) {
          hiddenForInfoText ||= decision.countsForInfoText;
          continue;
        }
        const m = document.metadata;
        const notices = decision.notices.map((n) => n.code);
        if (notices.includes("NEW")) newCount++;
        for (const task of m.serviceTasks) if (task.displayName && !taskNames.has(task.code)) taskNames.set(task.code, task.displayName);
        const entry: LandingEntry = { setId: m.setId, title: m.title ?? null, createdAt: m.createdAt, notices };
        for (const task of m.serviceTasks) {
          const entries = byTask.get(task.code);
          if (entries) entries.push(entry);
          else byTask.set(task.code, [entry]);
        }
      }
      const serviceTasks = [...byTask.entries()]
        .sort(([a], [b]) => DEFAULT_ORDER(a, b))
        .map(([serviceTask, documents]) => ({ serviceTask, name: taskNames.get(serviceTask) ?? null, newest: newestFirst(documents, LANDING_DOCUMENTS_PER_SERVICE_TASK) }));
      // KR landing data (D03-R11–R14, R75): dates and the own contact person, unless a restriction hides them.
      const clientRelationships: ClientRelationshipView[] = [];
      for (const { document, versionId } of stored.filter((s) => s.document.metadata.documentGroup === "client-relationship")) {
        const usable = decideClientRelationshipLandingData(document, view.context);
        if (!usable.usable) {
          clientRelationships.push({ setId: document.metadata.setId, shown: false, reason: usable.reason, rule: usable.rule, seedLines: usable.seedLines });
          continue;
        }
        const row = await db
          .selectFrom("client_relationship_versions")
          .select((eb) => [
            eb.cast<string | null>("social_care_start", "text").as("social_care_start"),
            eb.cast<string | null>("social_care_end", "text").as("social_care_end"),
            eb.cast<string | null>("child_protection_start", "text").as("child_protection_start"),
            eb.cast<string | null>("child_protection_end", "text").as("child_protection_end"),
            "responsible_workers",
          ])
          .where("version_id", "=", versionId)
          .where("client_id", "=", view.personId)
          .executeTakeFirst();
        const workers = (typeof row?.responsible_workers === "string" ? JSON.parse(row.responsible_workers) : (row?.responsible_workers ?? [])) as { name?: string; contact?: string }[];
        // "Only the newest is shown" (D03-R13): the KR lists no dates per worker, so the last recorded one counts as newest.
        const contact = workers[workers.length - 1];
        clientRelationships.push({
          setId: document.metadata.setId,
          shown: true,
          organiser: document.metadata.organiser,
          socialCare: row?.social_care_start ? { start: row.social_care_start, end: row.social_care_end ?? null } : null,
          childProtection: row?.child_protection_start ? { start: row.child_protection_start, end: row.child_protection_end ?? null } : null,
          ownContactPerson: contact ? { name: contact.name ?? null, contact: contact.contact ?? null } : null,
        });
      }
      return { personId: view.personId, viewerRole: view.context.viewer.role, newDocuments: newCount, serviceTasks, clientRelationships, infoText: hiddenForInfoText ? { ...INFO_TEXT } : null };
    },

    /** Checks a service-task query (D03-R17): dates as YYYY-MM-DD, sort date|name, from not before 1.1.2023. */
    checkQuery(query: DocumentQuery): Refusal | undefined {
      const { from, to, sort = "date" } = query;
      if ((from !== undefined && !ISO_DATE.test(from)) || (to !== undefined && !ISO_DATE.test(to)) || !["date", "name"].includes(sort)) return { error: "MK-QUERY-INVALID" };
      // The seed allows "rejected or clamped"; rejecting tells the caller plainly (D03-R17 L7729-7731).
      if (from !== undefined && from < DATE_SEARCH_LOWER_BOUND) return { error: "MK-DATE-BEFORE-LOWER-BOUND", detail: `from=${from}` };
      return undefined;
    },

    /** Service-task view (D03-R16–R19): the shown documents, filtered and sorted. Call checkQuery first. */
    async documents(view: OpenView, query: DocumentQuery): Promise<DocumentList> {
      const { serviceTask, from, to, sort = "date" } = query;
      const documents: DocumentListEntry[] = [];
      let hiddenForInfoText = false;
      const shownAttachments = new Map<string, number>();
      const stored = withMainDocuments(await documentsOf(view.personId));
      const decisions = decideVisibilityOfAll(stored.map((s) => s.document), view.context);
      for (const [i, { document }] of stored.entries()) {
        const main = document.metadata.attachmentOf;
        if (main && decisions[i]!.shown) shownAttachments.set(main, (shownAttachments.get(main) ?? 0) + 1);
      }
      for (const [i, { document, versions }] of stored.entries()) {
        const decision = decisions[i]!;
        if (!decision.shown) {
          hiddenForInfoText ||= decision.countsForInfoText;
          continue;
        }
        const m = document.metadata;
        const created = m.createdAt.slice(0, 10);
        if (serviceTask !== undefined && !m.serviceTasks.some((t) => t.code === serviceTask)) continue;
        if ((from !== undefined && created < from) || (to !== undefined && created > to)) continue;
        documents.push({
          setId: m.setId,
          title: m.title ?? null,
          createdAt: m.createdAt,
          versionNumber: m.versionNumber,
          corrected: versions > 1,
          attachments: shownAttachments.get(m.setId) ?? 0,
          serviceTasks: m.serviceTasks,
          socialServices: m.socialServices,
          controller: m.organiser,
          notices: decision.notices.map(noticeView),
        });
      }
      documents.sort((a, b) => (sort === "name" ? SWEDISH_ORDER(a.title ?? "", b.title ?? "") : DEFAULT_ORDER(b.createdAt, a.createdAt)) || DEFAULT_ORDER(a.setId, b.setId));
      return { personId: view.personId, viewerRole: view.context.viewer.role, documents, infoText: hiddenForInfoText ? { ...INFO_TEXT } : null };
    },

    /** Display form of one shown document (D03-R21): a hidden document answers exactly like a missing one. */
    async document(view: OpenView, setId: string): Promise<DocumentView | Refusal> {
      const found = withMainDocuments(await documentsOf(view.personId)).find((s) => s.document.metadata.setId === setId);
      const decision = found ? decideVisibility({ document: found.document, ...view.context }) : undefined;
      if (!found || !decision?.shown) return { error: "MK-DOCUMENT-NOT-FOUND" };
      const m = found.document.metadata as DocumentMetadata & { signer?: SignerInfo };
      const row = await db.selectFrom("document_versions").select("content").where("set_id", "=", m.setId).where("version_number", "=", m.versionNumber).executeTakeFirstOrThrow();
      const parsed = parseXmlSafely(row.content);
      const body = parsed.ok ? parseCda(parsed.document).body : {};
      return {
        setId: m.setId,
        title: m.title ?? null,
        createdAt: m.createdAt,
        versionNumber: m.versionNumber,
        // Display form: PDF or XHTML (D03-R21 L7741-7743).
        display: body.pdf ? { format: "pdf", pdfBase64: Buffer.from(body.pdf).toString("base64") } : { format: "xhtml", xhtml: body.xhtml ?? "" },
        // Correction details of the latest version (D07-R34): the corrector's position and the reason.
        correction: found.versions > 1 ? { correctedAt: m.createdAt, description: m.description ?? null, reason: m.correctionReason ?? null } : null,
        signature: {
          signedAt: m.signatureMetadata?.signedAt ?? null,
          signer: m.signer ? { kind: m.signer.kind, subject: m.signer.subject, certificateSerial: m.signer.certificateSerial } : null,
        },
        notices: decision.notices.map(noticeView),
      };
    },

    /** Explain mode (testers): every document with the rule that showed or hid it. */
    async explain(session: Session, personId: string, now: Date): Promise<(VisibilityExplanation & { personId: string; phase: 1 | 2 }) | Refusal> {
      if (options.explain !== true) return { error: "MK-EXPLAIN-OFF" };
      const { viewer, relation } = await viewingOf(session, personId, now);
      const subject = await subjectOf(personId);
      const context = { viewer, subject, ...(relation && { relation }), settings, now };
      const stored = withMainDocuments(await documentsOf(personId));
      return { personId, phase: options.phase, ...explainVisibility(stored.map((s) => s.document), context) };
    },
  };
}
