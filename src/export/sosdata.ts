/**
 * The Sosdata export from the archive (issue 10): loads what THL would read from one organiser's
 * registers — the latest non-cancelled version of each document, the client-relationship facts and the
 * decision facts — and runs the pure derivation of src/rules/sosdata. Seed 003 = THL's Sosdata notice
 * (cited `S003 Lnn`), seed 002 = the handbook (`Lnnnnn`). See docs/sosdata.md §6.
 *
 * Content fields read (structured content hl7fi:json of the stored, signed bytes):
 * - Client-relationship document (fixtures/schemas/client-relationship.schema.json): child protection
 *   (`childProtectionRelationship`) from the client-relationship model (client_relationship_versions,
 *   written by the store from the same content); the service-task entries from `serviceTasks[]` with
 *   their `organiserUnits` / `producerUnits` / `subcontractorUnits` (`serviceUnitOid`, `start`, `end`)
 *   and each unit's `socialServices` (array of `{code, codeSystem}` or code strings, S003 L64). The compact
 *   form (`palvelutehtava`, `asiakkuusAlkanut`, `asiakkuusPaattynyt`, no `serviceTasks`) is one entry at the
 *   header's service unit (#7) with the KR's Socialservice (#20) — as the client-relationship model reads it.
 * - Decision (fixtures/schemas/decision.schema.json): `paatos` ("myönteinen" and "osittain myönteinen" →
 *   positive, "kielteinen" → negative), `paatospaiva` (decision date), and the validity period
 *   `voimassaoloAlkaa` / `voimassaoloPaattyy` (S003 L65, L67; not yet in the decision schema).
 */
import { sql, type Kysely } from "kysely";
import { parseCda } from "../cda/parse.js";
import type { Database } from "../db/schema.js";
import type { Coded, DocumentMetadata } from "../model/document.js";
import { deriveSosdata, toCsv, toJson } from "../rules/sosdata/index.js";
import type {
  ClientRelationshipFacts,
  DecisionFacts,
  ServiceTaskEntry,
  ServiceUnitRelationship,
  ServiceUnitRole,
  SosdataCsv,
  SosdataInput,
  SosdataJson,
  SosdataPeriod,
  SosdataResult,
} from "../rules/sosdata/index.js";
import { CODE_SYSTEMS, GENERAL_TYPE_DECISION } from "../rules/storage/code-systems.js";
import { DEFAULT_XML_LIMITS, parseXmlSafely } from "../xml/safe-parse.js";
import { SERVICE_TASK_CODE_SYSTEM } from "../archive/client-relationships.js";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

interface LatestVersionRow {
  version_id: string;
  metadata: unknown;
  content: Uint8Array;
  document_class: string;
}

/**
 * The latest version of each document of the organiser's registers stored at or before `at`, leaving
 * out documents made void by a makulering (D05-R29 L20568-20570; D06-R16 L25960). Content is fetched
 * only for client-relationship documents and decisions, the two whose structured content is read.
 */
async function loadLatestVersions(db: Kysely<Database>, organiserOid: string, at: Date): Promise<LatestVersionRow[]> {
  const rows = await sql<LatestVersionRow>`
    SELECT DISTINCT ON (v.set_id) v.version_id, v.metadata, d.document_class,
           CASE WHEN d.document_class = 'KR' OR v.metadata -> 'generalType' ->> 'code' = ${GENERAL_TYPE_DECISION}
                THEN v.content ELSE ''::bytea END AS content
      FROM documents d
      JOIN registers r ON r.id = d.register_id
      JOIN document_versions v ON v.set_id = d.set_id
     WHERE r.organiser_oid = ${organiserOid} AND v.received_at <= ${at}
       AND NOT EXISTS (SELECT 1 FROM document_versions x
                        WHERE x.set_id = d.set_id AND x.status = 'cancelled' AND x.received_at <= ${at})
     ORDER BY v.set_id, v.version_number DESC`.execute(db);
  return rows.rows;
}

/** The structured content of stored bytes, or undefined when it cannot be read (the derivation reports it). */
function structuredContent(content: Uint8Array): Record<string, unknown> | undefined {
  if (content.byteLength === 0) return undefined;
  const parsed = parseXmlSafely(content, DEFAULT_XML_LIMITS);
  if (!parsed.ok) return undefined;
  const body = parseCda(parsed.document).body.json;
  return isRecord(body) ? body : undefined;
}

function coded(v: unknown, codeSystem: string): Coded | undefined {
  if (typeof v === "string" && v.trim() !== "") return { code: v, codeSystem };
  if (!isRecord(v)) return undefined;
  const code = str(v.code);
  return code ? { code, codeSystem: str(v.codeSystem) ?? codeSystem } : undefined;
}

const UNIT_GROUPS: readonly (readonly [string, ServiceUnitRole])[] = [
  ["organiserUnits", "organiser"],
  ["producerUnits", "producer"],
  ["subcontractorUnits", "subcontractor"],
];

/**
 * The KR's service-task entries with the social services of each unit relationship (S003 L64, L122;
 * L20357-20369). Units without a start date are kept (the derivation reports them); the client-relationship
 * model skips them, which is why the entries are read from the content rather than the model's table.
 */
export function serviceTaskEntriesOf(metadata: DocumentMetadata, content: Record<string, unknown>): ServiceTaskEntry[] {
  if (!Array.isArray(content.serviceTasks)) {
    const task = str(content.palvelutehtava);
    if (!task) return [];
    const start = str(content.asiakkuusAlkanut);
    const end = str(content.asiakkuusPaattynyt);
    const unit = metadata.serviceUnit?.oid;
    return [
      {
        serviceTask: { code: task, codeSystem: SERVICE_TASK_CODE_SYSTEM },
        serviceUnits: unit ? [{ role: "organiser", serviceUnit: { oid: unit }, ...(start && { start }), ...(end && { end }), socialServices: metadata.socialServices }] : [],
      },
    ];
  }
  const entries: ServiceTaskEntry[] = [];
  for (const task of content.serviceTasks) {
    if (!isRecord(task)) continue;
    const serviceTask = coded(task.serviceTask, SERVICE_TASK_CODE_SYSTEM);
    if (!serviceTask) continue;
    const serviceUnits: ServiceUnitRelationship[] = [];
    for (const [group, role] of UNIT_GROUPS) {
      for (const unit of Array.isArray(task[group]) ? task[group] : []) {
        const oid = isRecord(unit) ? str(unit.serviceUnitOid) : undefined;
        if (!isRecord(unit) || !oid) continue;
        const start = str(unit.start);
        const end = str(unit.end);
        const socialServices = (Array.isArray(unit.socialServices) ? unit.socialServices : []).flatMap((s) => coded(s, CODE_SYSTEMS.socialService) ?? []);
        serviceUnits.push({ role, serviceUnit: { oid }, ...(start && { start }), ...(end && { end }), socialServices });
      }
    }
    entries.push({ serviceTask, serviceUnits });
  }
  return entries;
}

/** Decision facts from the decision's structured content (S003 L65, L67, L112-117). */
export function decisionFactsOf(documentId: string, content: Record<string, unknown>): DecisionFacts {
  const outcome = content.paatos === "kielteinen" ? "negative" : content.paatos === "myönteinen" || content.paatos === "osittain myönteinen" ? "positive" : undefined;
  const decidedAt = str(content.paatospaiva);
  const validFrom = str(content.voimassaoloAlkaa);
  const validTo = str(content.voimassaoloPaattyy);
  return { documentId, ...(outcome && { outcome }), ...(decidedAt && { decidedAt }), ...(validFrom && { validFrom }), ...(validTo && { validTo }) };
}

interface ChildProtectionRow {
  version_id: string;
  child_protection_start: string | null;
  child_protection_end: string | null;
}

/**
 * Everything the derivation needs from the archive as it stood at `at` (the archive's "now"): documents of
 * the organiser's registers (latest non-cancelled versions) and the facts of KR and decision content.
 */
export async function loadSosdataInput(db: Kysely<Database>, organiserOid: string, at: Date): Promise<SosdataInput> {
  const rows = await loadLatestVersions(db, organiserOid, at);
  const documents = rows.map((r) => json<DocumentMetadata>(r.metadata));
  const krVersionIds = rows.filter((r) => r.document_class === "KR").map((r) => r.version_id);
  // Child protection as the client-relationship model recorded it from the same KR version (D05-R33).
  const childProtection = new Map<string, ChildProtectionRow>();
  if (krVersionIds.length > 0) {
    const cp = await db
      .selectFrom("client_relationship_versions")
      .select((eb) => ["version_id", eb.cast<string | null>("child_protection_start", "text").as("child_protection_start"), eb.cast<string | null>("child_protection_end", "text").as("child_protection_end")])
      .where("version_id", "in", krVersionIds)
      .execute();
    for (const row of cp) childProtection.set(row.version_id, row);
  }
  const clientRelationships: ClientRelationshipFacts[] = [];
  const decisions: DecisionFacts[] = [];
  rows.forEach((row, i) => {
    const metadata = documents[i]!;
    if (row.content.byteLength === 0) return;
    const content = structuredContent(row.content);
    if (!content) return; // no facts: the derivation reports the document as unreadable
    if (row.document_class === "KR") {
      const cp = childProtection.get(row.version_id);
      const start = cp?.child_protection_start ?? undefined;
      const end = cp?.child_protection_end ?? undefined;
      clientRelationships.push({
        documentId: metadata.documentId,
        ...((start || end) && { childProtection: { ...(start && { start }), ...(end && { end }) } }),
        serviceTaskEntries: serviceTaskEntriesOf(metadata, content),
      });
    } else {
      decisions.push(decisionFactsOf(metadata.documentId, content));
    }
  });
  return { documents, clientRelationships, decisions };
}

export type SosdataFormat = "csv" | "json";

export interface SosdataExportOptions extends SosdataPeriod {
  format: SosdataFormat;
  /** The archive's "now": documents stored after it are not seen. Default: the real time. */
  at?: Date;
}

export type SosdataExport =
  | { format: "csv"; period: SosdataPeriod; result: SosdataResult; files: SosdataCsv }
  | { format: "json"; period: SosdataPeriod; result: SosdataResult; json: SosdataJson };

/** Loads the organiser's archive and derives the Sosdata rows of the follow-up period [from, to]. */
export async function exportSosdata(db: Kysely<Database>, options: SosdataExportOptions): Promise<SosdataExport> {
  const period: SosdataPeriod = { from: options.from, to: options.to, organiserOid: options.organiserOid };
  const input = await loadSosdataInput(db, options.organiserOid, options.at ?? new Date());
  const result = deriveSosdata(input, period);
  return options.format === "csv" ? { format: "csv", period, result, files: toCsv(result) } : { format: "json", period, result, json: toJson(result, period) };
}
