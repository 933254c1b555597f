/**
 * The client-relationship model: the facts of each stored klientrelationshandling (KR) version, kept in
 * client_relationship_versions / client_relationship_units so the access rules (saklig anknytning, D05-R30,
 * D08-R10/R12) and MittKanta's front page (D05-R34) read them without parsing documents.
 *
 * The KR's structured content (hl7fi:json) is read in this shape — field names are English renderings of
 * the handbook's information groups (domain/05 §3.4, seed 002 L20307-20742); unknown fields are ignored:
 *
 * ```json
 * {
 *   "socialCareRelationship": { "start": "2026-01-10", "end": "2026-10-31" },      // Datum då klientrelationen inom socialvården har inletts och avslutats (D05-R32)
 *   "childProtectionRelationship": { "start": "2026-02-01" },                     // Klientrelation inom barnskyddet (D05-R33, child's KR only)
 *   "serviceTasks": [{                                                            // Serviceuppgift inom socialvården (cumulative, D05-R31)
 *     "serviceTask": { "code": "10", "codeSystem": "1.2.246.537.6.1299" },
 *     "organiserUnits":     [{ "serviceUnitOid": "…", "start": "2026-01-10", "end": "…" }],                          // Tjänsteanordnarens serviceenhet
 *     "producerUnits":      [{ "serviceUnitOid": "…", "organisationOid": "…", "start": "…" }],                       // Tjänsteproducentens serviceenhet
 *     "subcontractorUnits": [{ "serviceUnitOid": "…", "organisationOid": "…", "designatedByServiceUnitOid": "…", "start": "…" }]
 *   }],
 *   "responsibleWorkers": [{ "id": "150585-951A", "name": "Sara Socionom", "serviceUnitOid": "…", "contact": "…" }], // Den arbetstagare som ansvarar för servicen
 *   "personalData": [{ "personId": "…", "items": { "permanentAddressFinland": "…", "phoneNumber": "…" } }],            // person data of the KR (D08-R65)
 *   "nonDisclosure": { "note": "…" },                                             // spärrmarkering started/ended (update trigger, D05-R37)
 *   "oldClientRelationship": true                                                 // brytare "gammal klientrelation" (D05-R27); the CDA header flag counts too
 * }
 * ```
 * Riskuppgift, addresses, citizenship and related persons are part of the KR but no rule reads them from
 * the archive, so they are not extracted (Riskuppgift is never shown to the citizen, D05-R34).
 *
 * The compact Finnish-keyed structure of fixtures/schemas/client-relationship.schema.json (asiakkuusAlkanut,
 * asiakkuusPaattynyt, palvelutehtava, vastuutyontekija) is read as well: its dates are the social-care
 * relationship, and — having no service-unit group — its service task is taken to be handled at the header's
 * service unit (#7) of the organiser from asiakkuusAlkanut on.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../db/schema.js";
import type { Coded, DocumentBody, DocumentMetadata } from "../model/document.js";
import { NON_DISCLOSURE_ITEM_KEYS } from "../rules/access/policy.js";
import type { ClientRelationshipFacts, PersonalDataEntry, PersonalDataItem, ServiceUnitEntry } from "../rules/access/types.js";
import { registerIdOf } from "./store.js";
import { readRows, type RowsQuery } from "./transaction-reads.js";

/** What one KR version records, ready to be written by recordClientRelationshipFacts. */
export interface ClientRelationshipVersionFacts {
  setId: string;
  versionNumber: number;
  registerId: string;
  organiserOid: string;
  clientId: string;
  socialCareStart?: string;
  socialCareEnd?: string;
  childProtectionStart?: string;
  childProtectionEnd?: string;
  oldRelationship: boolean;
  nonDisclosureNote?: string;
  units: ServiceUnitEntry[];
  responsibleWorkers: { id: string; name?: string; serviceUnitOid?: string; contact?: string }[];
  personalData: PersonalDataEntry[];
  /** Entries of the content that could not be read (JSON pointer + why); the schema check reports them to the sender. */
  skipped: { pointer: string; reason: string }[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
/** A date as the KR gives it; a date-time is cut to its date (the relationship is kept by day). */
const isoDate = (v: unknown): string | undefined => {
  const s = str(v)?.slice(0, 10);
  return s && ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? s : undefined;
};
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function period(v: unknown): { start?: string; end?: string } {
  if (!isRecord(v)) return {};
  const start = isoDate(v.start);
  const end = isoDate(v.end);
  return { ...(start && { start }), ...(end && { end }) };
}

function coded(v: unknown): Coded | undefined {
  if (!isRecord(v)) return undefined;
  const code = str(v.code);
  const codeSystem = str(v.codeSystem);
  if (!code || !codeSystem) return undefined;
  const displayName = str(v.displayName);
  return { code, codeSystem, ...(displayName && { displayName }) };
}

/** Service-task code system (Socialvård – Serviceuppgift, fixtures/code-lists/service-task.json). */
export const SERVICE_TASK_CODE_SYSTEM = "1.2.246.537.6.1299";

const UNIT_GROUPS = [
  ["organiserUnits", "organiser"],
  ["producerUnits", "producer"],
  ["subcontractorUnits", "subcontractor"],
] as const;

/**
 * Reads the facts of one KR version from its metadata and structured body. Pure: no I/O, no clock.
 * A makulering version (status cancelled) records no relationship: the reader drops the whole set.
 */
export function extractClientRelationshipFacts(metadata: DocumentMetadata, body: DocumentBody): ClientRelationshipVersionFacts {
  const content = isRecord(body.json) ? body.json : {};
  const skipped: ClientRelationshipVersionFacts["skipped"] = [];
  const compact = { start: isoDate(content.asiakkuusAlkanut), end: isoDate(content.asiakkuusPaattynyt), task: str(content.palvelutehtava), worker: str(content.vastuutyontekija) };
  const socialCare = isRecord(content.socialCareRelationship) ? period(content.socialCareRelationship) : { ...(compact.start && { start: compact.start }), ...(compact.end && { end: compact.end }) };
  const childProtection = period(content.childProtectionRelationship);

  const units: ServiceUnitEntry[] = [];
  array(content.serviceTasks).forEach((task, t) => {
    if (!isRecord(task)) return skipped.push({ pointer: `/serviceTasks/${t}`, reason: "not an object" });
    const serviceTask = coded(task.serviceTask);
    if (!serviceTask) skipped.push({ pointer: `/serviceTasks/${t}/serviceTask`, reason: "service task code and codeSystem missing" });
    for (const [group, role] of UNIT_GROUPS) {
      array(task[group]).forEach((unit, u) => {
        const pointer = `/serviceTasks/${t}/${group}/${u}`;
        if (!isRecord(unit)) return skipped.push({ pointer, reason: "not an object" });
        const serviceUnitOid = str(unit.serviceUnitOid);
        const start = isoDate(unit.start);
        // Organiser units belong to the organiser; a producer's or subcontractor's may fall back to the header's (#3, #5).
        const fallback = role === "organiser" ? metadata.organiser.oid : role === "producer" ? metadata.producer?.oid : metadata.subcontractor?.oid;
        const organisationOid = str(unit.organisationOid) ?? fallback;
        if (!serviceUnitOid || !start || !organisationOid) {
          return skipped.push({ pointer, reason: `${!serviceUnitOid ? "serviceUnitOid" : !start ? "start (YYYY-MM-DD)" : "organisationOid"} missing` });
        }
        const end = isoDate(unit.end);
        const designatedBy = str(unit.designatedByServiceUnitOid);
        units.push({
          serviceUnitOid,
          organisationOid,
          role,
          ...(designatedBy && role === "subcontractor" && { designatedByServiceUnitOid: designatedBy }),
          ...(serviceTask && { serviceTask }),
          start,
          ...(end && { end }),
        });
      });
    }
  });

  if (!Array.isArray(content.serviceTasks) && compact.task && compact.start && metadata.serviceUnit?.oid) {
    units.push({
      serviceUnitOid: metadata.serviceUnit.oid,
      organisationOid: metadata.organiser.oid,
      role: "organiser",
      serviceTask: { code: compact.task, codeSystem: SERVICE_TASK_CODE_SYSTEM },
      start: compact.start,
      ...(compact.end && { end: compact.end }),
    });
  }

  const responsibleWorkers: ClientRelationshipVersionFacts["responsibleWorkers"] = [];
  if (!Array.isArray(content.responsibleWorkers) && compact.worker) responsibleWorkers.push({ id: compact.worker });
  array(content.responsibleWorkers).forEach((w, i) => {
    const id = isRecord(w) ? str(w.id) : undefined;
    if (!isRecord(w) || !id) return skipped.push({ pointer: `/responsibleWorkers/${i}`, reason: "id missing" });
    const name = str(w.name);
    const serviceUnitOid = str(w.serviceUnitOid);
    const contact = str(w.contact);
    responsibleWorkers.push({ id, ...(name && { name }), ...(serviceUnitOid && { serviceUnitOid }), ...(contact && { contact }) });
  });

  const personalData = extractPersonalData(content, skipped);

  const nonDisclosureNote = isRecord(content.nonDisclosure) ? str(content.nonDisclosure.note) : undefined;
  return {
    setId: metadata.setId,
    versionNumber: metadata.versionNumber,
    registerId: registerIdOf(metadata),
    organiserOid: metadata.organiser.oid,
    // A KR is the document of one client (D05-R25); the first client is the one it belongs to.
    clientId: metadata.clients[0] ?? "",
    ...(socialCare.start && { socialCareStart: socialCare.start }),
    ...(socialCare.end && { socialCareEnd: socialCare.end }),
    ...(childProtection.start && { childProtectionStart: childProtection.start }),
    ...(childProtection.end && { childProtectionEnd: childProtection.end }),
    oldRelationship: metadata.oldClientRelationship === true || content.oldClientRelationship === true,
    ...(nonDisclosureNote && { nonDisclosureNote }),
    units: metadata.status === "cancelled" ? [] : units,
    responsibleWorkers,
    personalData,
    skipped,
  };
}

/**
 * Writes the facts of one stored KR version. Call it inside the store transaction, after the
 * document_versions row is inserted (the facts reference it), so facts and version commit together.
 */
export async function recordClientRelationshipFacts(trx: Transaction<Database> | Kysely<Database>, versionId: string, facts: ClientRelationshipVersionFacts): Promise<void> {
  await trx
    .insertInto("client_relationship_versions")
    .values({
      version_id: versionId,
      set_id: facts.setId,
      version_number: facts.versionNumber,
      register_id: facts.registerId,
      organiser_oid: facts.organiserOid,
      client_id: facts.clientId,
      social_care_start: facts.socialCareStart ?? null,
      social_care_end: facts.socialCareEnd ?? null,
      child_protection_start: facts.childProtectionStart ?? null,
      child_protection_end: facts.childProtectionEnd ?? null,
      old_relationship: facts.oldRelationship,
      non_disclosure_note: facts.nonDisclosureNote ?? null,
      responsible_workers: JSON.stringify(facts.responsibleWorkers),
      personal_data: JSON.stringify(facts.personalData),
    })
    .execute();
  if (facts.units.length === 0) return;
  await trx
    .insertInto("client_relationship_units")
    .values(
      facts.units.map((u, ordinal) => ({
        version_id: versionId,
        ordinal,
        service_task_code: u.serviceTask?.code ?? null,
        service_task_code_system: u.serviceTask?.codeSystem ?? null,
        service_unit_oid: u.serviceUnitOid,
        organisation_oid: u.organisationOid,
        role: u.role,
        designated_by_service_unit_oid: u.designatedByServiceUnitOid ?? null,
        start_date: u.start,
        end_date: u.end ?? null,
      })),
    )
    .execute();
}

/** A client's relationship in one organiser's register, as the rules and MittKanta's front page read it. */
export interface ClientRelationshipView extends ClientRelationshipFacts {
  setId: string;
  versionId: string;
  versionNumber: number;
  organiserOid: string;
  childProtectionStart?: string;
  childProtectionEnd?: string;
  nonDisclosureNote?: string;
}

interface VersionRow {
  version_id: string;
  set_id: string;
  version_number: number;
  register_id: string;
  organiser_oid: string;
  client_id: string;
  social_care_start: string | null;
  social_care_end: string | null;
  child_protection_start: string | null;
  child_protection_end: string | null;
  old_relationship: boolean;
  non_disclosure_note: string | null;
  responsible_workers: unknown;
  personal_data: unknown;
  received_at: Date | string;
  /** The version's client_relationship_units rows, in ordinal order (json_agg). */
  units: unknown;
}

interface UnitRow {
  service_task_code: string | null;
  service_task_code_system: string | null;
  service_unit_oid: string;
  organisation_oid: string;
  role: ServiceUnitEntry["role"];
  designated_by_service_unit_oid: string | null;
  start: string;
  end: string | null;
}

const json = <T>(v: unknown): T => (typeof v === "string" ? (JSON.parse(v) as T) : (v as T));

export function clientRelationshipsQuery(clientId: string, organiserOid: string, at: Date): RowsQuery {
  return {
    key: `client-relationships:${clientId}:${organiserOid}:${at.toISOString()}`,
    sql: sql`
    SELECT DISTINCT ON (c.set_id)
           c.version_id, c.set_id, c.version_number, c.register_id, c.organiser_oid, c.client_id,
           c.social_care_start::text AS social_care_start, c.social_care_end::text AS social_care_end,
           c.child_protection_start::text AS child_protection_start, c.child_protection_end::text AS child_protection_end,
           c.old_relationship, c.non_disclosure_note, c.responsible_workers, c.personal_data, v.received_at,
           (SELECT coalesce(json_agg(json_build_object(
                     'service_task_code', u.service_task_code, 'service_task_code_system', u.service_task_code_system,
                     'service_unit_oid', u.service_unit_oid, 'organisation_oid', u.organisation_oid, 'role', u.role,
                     'designated_by_service_unit_oid', u.designated_by_service_unit_oid,
                     'start', u.start_date::text, 'end', u.end_date::text) ORDER BY u.ordinal), '[]'::json)
              FROM client_relationship_units u WHERE u.version_id = c.version_id) AS units
      FROM client_relationship_versions c
      JOIN document_versions v ON v.version_id = c.version_id
     WHERE c.client_id = ${clientId} AND c.organiser_oid = ${organiserOid} AND v.received_at <= ${at}
       AND NOT EXISTS (SELECT 1 FROM document_versions x
                        WHERE x.set_id = c.set_id AND x.status = 'cancelled' AND x.received_at <= ${at})
     ORDER BY c.set_id, c.version_number DESC`,
  };
}

/**
 * The client's relationships in the organiser's registers as stored up to `at`: for each KR set the latest
 * version received at or before `at` (D05-R29); a set with a makulering version by then is dropped.
 * Current relationships first, then those flagged "gammal klientrelation" (D05-R27); the most recently
 * stored first within each.
 */
export async function loadClientRelationships(db: Kysely<Database>, clientId: string, organiserOid: string, at: Date): Promise<ClientRelationshipView[]> {
  const rows = await readRows<VersionRow>(db, clientRelationshipsQuery(clientId, organiserOid, at));
  // Current before old; among equals, the most recently stored version first.
  const chosen = [...rows].sort((a, b) => Number(a.old_relationship) - Number(b.old_relationship) || new Date(b.received_at).getTime() - new Date(a.received_at).getTime() || (a.set_id < b.set_id ? 1 : -1));
  return chosen.map((r) => {
    const units: ServiceUnitEntry[] = json<UnitRow[]>(r.units).map((u) => ({
        serviceUnitOid: u.service_unit_oid,
        organisationOid: u.organisation_oid,
        role: u.role,
        ...(u.designated_by_service_unit_oid && { designatedByServiceUnitOid: u.designated_by_service_unit_oid }),
        ...(u.service_task_code && u.service_task_code_system && { serviceTask: { code: u.service_task_code, codeSystem: u.service_task_code_system } }),
        start: u.start,
        ...(u.end && { end: u.end }),
      }));
    const workers = json<ClientRelationshipVersionFacts["responsibleWorkers"]>(r.responsible_workers);
    const personalData = json<PersonalDataEntry[]>(r.personal_data);
    return {
      setId: r.set_id,
      versionId: r.version_id,
      versionNumber: r.version_number,
      organiserOid: r.organiser_oid,
      registerId: r.register_id,
      clientId: r.client_id,
      units,
      ...(r.social_care_start && { socialCareStart: r.social_care_start }),
      ...(r.social_care_end && { socialCareEnd: r.social_care_end }),
      ...(r.child_protection_start && { childProtectionStart: r.child_protection_start }),
      ...(r.child_protection_end && { childProtectionEnd: r.child_protection_end }),
      responsibleWorkers: workers.map((w) => ({ id: w.id, ...(w.serviceUnitOid && { serviceUnitOid: w.serviceUnitOid }) })),
      oldRelationship: r.old_relationship,
      ...(personalData.length > 0 && { personalData }),
      ...(r.non_disclosure_note && { nonDisclosureNote: r.non_disclosure_note }),
    };
  });
}

/**
 * The client's current relationship in the organiser's register at `at` — the facts the access rules take as
 * `AccessContext.clientRelationship` — or undefined when the client has none there. A relationship flagged
 * "gammal klientrelation" is returned only when the client has no current one (D05-R27).
 */
export async function loadClientRelationship(db: Kysely<Database>, clientId: string, organiserOid: string, at: Date): Promise<ClientRelationshipView | undefined> {
  return (await loadClientRelationships(db, clientId, organiserOid, at))[0];
}

/**
 * The person data a document's structured content records (`personalData`: [{ personId, items }]), the
 * items the spärr rules know (D08-R63 list, phone, name); what cannot be read is reported in `skipped`.
 */
export function extractPersonalData(content: unknown, skipped: { pointer: string; reason: string }[] = []): PersonalDataEntry[] {
  const personalData: PersonalDataEntry[] = [];
  if (!isRecord(content)) return personalData;
  array(content.personalData).forEach((p, i) => {
    const personId = isRecord(p) ? str(p.personId) : undefined;
    if (!isRecord(p) || !personId || !isRecord(p.items)) return skipped.push({ pointer: `/personalData/${i}`, reason: "personId or items missing" });
    const items: Partial<Record<PersonalDataItem, string>> = {};
    for (const [item, value] of Object.entries(p.items)) {
      if ((NON_DISCLOSURE_ITEM_KEYS.has(item) || item === "phoneNumber" || item === "name") && typeof value === "string") items[item as PersonalDataItem] = value;
    }
    personalData.push({ personId, items });
  });
  return personalData;
}
