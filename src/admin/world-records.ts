/**
 * The records of the test world, one definition per kind, shared by the fixture loader
 * (fixtures/world/*.json) and the admin API (/admin/api/world/…): the same JSON shape in a file and
 * over HTTP, the same JSON Schema checks both, and the same code writes it.
 * Field names are the database column names (snake_case), so a record reads like its row.
 */
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/schema.js";

// The database refuses an impossible day such as 2026-02-30 (reported as ADMIN-BODY-INVALID).
const date = { type: "string", pattern: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$" } as const;
const oid = { type: "string", pattern: "^[0-2](\\.(0|[1-9][0-9]*))+$", maxLength: 200 } as const;
const personId = { type: "string", minLength: 1, maxLength: 64 } as const;
const id = { type: "string", pattern: "^[A-Za-z0-9._:-]{1,100}$" } as const;
const text = { type: "string", minLength: 1, maxLength: 500 } as const;

type WorldTable = "persons" | "organisations" | "service_units" | "guardianships" | "information_rights" | "interest_guardianships" | "mandates" | "professionals" | "producer_agreements";

export interface WorldRecordKind {
  /** URL segment under /admin/api/world/ and the array name in the fixture file. */
  path: string;
  table: WorldTable;
  key: string;
  /** GET + POST only (organisations and service units: other rows and documents hang on them). */
  updatable: boolean;
  schema: { type: "object"; required: readonly string[]; properties: Record<string, unknown>; additionalProperties: false };
  /** Columns that are ISO dates: read back as text so no time zone can shift them. */
  dateColumns: readonly string[];
  /** Fills the defaults a record may leave out, giving a full row. */
  toRow(record: Record<string, unknown>): Record<string, unknown>;
}

function kind(path: string, table: WorldTable, key: string, updatable: boolean, required: string[], properties: Record<string, unknown>, defaults: Record<string, unknown>): WorldRecordKind {
  const dateColumns = Object.entries(properties)
    .filter(([, s]) => s === date)
    .map(([name]) => name);
  return {
    path,
    table,
    key,
    updatable,
    schema: { type: "object", required, properties, additionalProperties: false },
    dateColumns,
    toRow: (record) => {
      const row: Record<string, unknown> = {};
      for (const column of Object.keys(properties)) row[column] = record[column] ?? defaults[column] ?? null;
      return row;
    },
  };
}

export const PERSONS = kind("persons", "persons", "person_id", true, ["person_id", "given_name", "family_name", "birth_date"], {
  person_id: personId,
  given_name: text,
  family_name: text,
  birth_date: date,
  death_date: date,
  non_disclosure: { type: "boolean" },
  is_temporary_id: { type: "boolean" },
  municipality: text,
}, { non_disclosure: false, is_temporary_id: false });

export const ORGANISATIONS = kind("organisations", "organisations", "oid", false, ["oid", "name", "kind", "is_public"], {
  oid,
  name: text,
  kind: { enum: ["welfare_region", "municipality", "joint_authority", "private", "state"] },
  is_public: { type: "boolean" },
  business_id: { type: "string", pattern: "^\\d{7}-\\d$" },
  joined_archive: { type: "boolean" },
  archive_phase: { enum: [1, 2] },
}, { joined_archive: true, archive_phase: 2 });

export const SERVICE_UNITS = kind("service-units", "service_units", "oid", false, ["oid", "organisation_oid", "name"], {
  oid,
  organisation_oid: oid,
  name: text,
  service_tasks: { type: "array", items: { type: "string", pattern: "^[0-9]{1,4}$" }, maxItems: 50 },
  valid_from: date,
  valid_to: date,
}, { service_tasks: [] });

export const GUARDIANSHIPS = kind("guardianships", "guardianships", "id", true, ["id", "guardian_id", "child_id", "valid_from"], {
  id,
  guardian_id: personId,
  child_id: personId,
  kind: { enum: ["parent", "appointed"] },
  valid_from: date,
  valid_to: date,
  custody_arrangement: { enum: ["none", "housing-only", "structured-no-social-welfare-decisions", "unstructured-before-structured-recording"] },
}, { kind: "parent", custody_arrangement: "none" });

export const INFORMATION_RIGHTS = kind("information-rights", "information_rights", "id", true, ["id", "holder_id", "child_id", "valid_from"], {
  id,
  holder_id: personId,
  child_id: personId,
  scope: { enum: ["all", "named-matters"] },
  valid_from: date,
  valid_to: date,
}, { scope: "all" });

export const INTEREST_GUARDIANSHIPS = kind("interest-guardianships", "interest_guardianships", "id", true, ["id", "principal_id", "valid_from"], {
  id,
  principal_id: personId,
  interest_guardian_id: personId,
  declared_incapacitated: { type: "boolean" },
  valid_from: date,
  valid_to: date,
}, { declared_incapacitated: false });

export const MANDATES = kind("mandates", "mandates", "id", true, ["id", "principal_id", "agent_id", "scope", "valid_from"], {
  id,
  principal_id: personId,
  agent_id: personId,
  scope: text,
  valid_from: date,
  valid_to: date,
}, {});

export const PROFESSIONALS = kind("professionals", "professionals", "id", true, ["id", "given_name", "family_name", "organisation_oid"], {
  id: personId,
  registration_number: { type: "string", pattern: "^[0-9]{5,12}$" },
  given_name: text,
  family_name: text,
  organisation_oid: oid,
  service_unit_oid: oid,
  title: text,
  certificate_file: { type: "string", pattern: "^[A-Za-z0-9._/-]+\\.pem$", maxLength: 200 },
}, {});

export const AGREEMENTS = kind("agreements", "producer_agreements", "id", true, ["id", "organiser_oid", "producer_oid", "access", "valid_from"], {
  id,
  organiser_oid: oid,
  producer_oid: oid,
  access: { enum: ["normal", "extended"] },
  service_unit_oids: { type: "array", items: oid, maxItems: 50 },
  valid_from: date,
  valid_to: date,
  old_data_agreement: { type: "boolean" },
}, { service_unit_oids: [], old_data_agreement: false });

/** Every kind, in the order rows must be written (referenced rows first). */
export const WORLD_RECORD_KINDS: readonly WorldRecordKind[] = [ORGANISATIONS, SERVICE_UNITS, PERSONS, GUARDIANSHIPS, INFORMATION_RIGHTS, INTEREST_GUARDIANSHIPS, MANDATES, PROFESSIONALS, AGREEMENTS];

// The world tables are addressed by name here: one generic writer and reader for nine record kinds.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;
const loose = (db: Kysely<Database> | Transaction<Database>): AnyDb => db as unknown as AnyDb;

/** Inserts or updates rows of one kind (upsert on the key): writing the same rows twice changes nothing. */
export async function upsertWorldRecords(db: Kysely<Database> | Transaction<Database>, recordKind: WorldRecordKind, records: readonly Record<string, unknown>[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => recordKind.toRow(r));
  const columns = Object.keys(rows[0]!).filter((c) => c !== recordKind.key);
  await loose(db)
    .insertInto(recordKind.table)
    .values(rows)
    .onConflict((oc) => oc.column(recordKind.key).doUpdateSet(Object.fromEntries(columns.map((c) => [c, (eb: { ref(name: string): unknown }) => eb.ref(`excluded.${c}`)])) as never))
    .execute();
}

export async function insertWorldRecord(db: Kysely<Database>, recordKind: WorldRecordKind, record: Record<string, unknown>): Promise<void> {
  await loose(db).insertInto(recordKind.table).values(recordKind.toRow(record)).execute();
}

/** Replaces every column of an existing record; returns false when there is no such record. */
export async function updateWorldRecord(db: Kysely<Database>, recordKind: WorldRecordKind, record: Record<string, unknown>): Promise<boolean> {
  const row = recordKind.toRow(record);
  const key = row[recordKind.key];
  delete row[recordKind.key];
  const result = await loose(db).updateTable(recordKind.table).set(row).where(recordKind.key, "=", key).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Reads records back in their JSON shape (dates as YYYY-MM-DD, absent values left out). */
export async function readWorldRecords(db: Kysely<Database>, recordKind: WorldRecordKind, key?: string): Promise<Record<string, unknown>[]> {
  const columns = Object.keys(recordKind.schema.properties);
  let query = loose(db)
    .selectFrom(recordKind.table)
    .select((eb) => columns.map((c) => (recordKind.dateColumns.includes(c) ? eb.cast(eb.ref(c), "text").as(c) : eb.ref(c).as(c))))
    .orderBy(recordKind.key);
  if (key !== undefined) query = query.where(recordKind.key, "=", key);
  const rows = (await query.execute()) as Record<string, unknown>[];
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null)));
}
