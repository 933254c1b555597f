import type { ColumnType, Generated } from "kysely";

/** The tables, as kysely sees them. Repositories turn rows into domain types. */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  code_systems: CodeSystemsTable;
  codes: CodesTable;
  organisations: OrganisationsTable;
  service_units: ServiceUnitsTable;
  registers: RegistersTable;
  persons: PersonsTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  message_log: MessageLogTable;
  guardianships: GuardianshipsTable;
  interest_guardianships: InterestGuardianshipsTable;
  information_rights: InformationRightsTable;
  mandates: MandatesTable;
  professionals: ProfessionalsTable;
  producer_agreements: ProducerAgreementsTable;
  client_relationship_versions: ClientRelationshipVersionsTable;
  client_relationship_units: ClientRelationshipUnitsTable;
  usage_log: UsageLogTable;
}

type DateColumn = ColumnType<Date, Date | string, Date | string>;

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface CodeSystemsTable {
  oid: string;
  name_sv: string;
  name_fi: string | null;
  source: "handbook" | "simulator";
  note: string | null;
}

export interface CodesTable {
  code_system_oid: string;
  code: string;
  display_sv: string;
  display_fi: string | null;
  valid_from: DateColumn | null;
  valid_to: DateColumn | null;
}

export interface OrganisationsTable {
  oid: string;
  name: string;
  kind: "welfare_region" | "municipality" | "joint_authority" | "private" | "state";
  is_public: boolean;
  business_id: string | null;
  /** migrations/0006: joined the archive, and the phase it uses (D08-R14, R15). */
  joined_archive: ColumnType<boolean, boolean | undefined, boolean>;
  archive_phase: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface ServiceUnitsTable {
  oid: string;
  organisation_oid: string;
  name: string;
  service_tasks: string[];
  valid_from: DateColumn | null;
  valid_to: DateColumn | null;
}

export interface RegistersTable {
  id: string;
  organiser_oid: string;
  register_code: string;
  name: string;
}

export interface PersonsTable {
  person_id: string;
  is_temporary_id: boolean;
  given_name: string;
  family_name: string;
  birth_date: DateColumn;
  death_date: DateColumn | null;
  non_disclosure: boolean;
  municipality: string | null;
}

export interface DocumentsTable {
  set_id: string;
  register_id: string;
  client_ids: string[];
  document_class: string;
  case_oid: string | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  /** The latest version and the number of versions (migration 0009: every inserted version moves them). */
  latest_version_id: ColumnType<string | null, string | undefined, never>;
  latest_version_number: ColumnType<number | null, number | undefined, never>;
  version_count: ColumnType<number, number | undefined, never>;
}

export interface DocumentVersionsTable {
  version_id: string;
  set_id: string;
  version_number: number;
  replaces_version_id: string | null;
  status: "active" | "cancelled";
  message_id: string | null;
  received_at: DateColumn;
  metadata: ColumnType<unknown, string, never>;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  content_sha256: ColumnType<Uint8Array, Uint8Array, never>;
}

export interface MessageLogTable {
  id: Generated<string>;
  received_at: DateColumn;
  message_id: string | null;
  sender_oid: string | null;
  endpoint: string;
  interaction: string | null;
  service_request: string | null;
  result: string | null;
  request_body: Uint8Array | null;
  request_sha256: Uint8Array | null;
  response_body: Uint8Array | null;
  summary: ColumnType<unknown, string | undefined, string>;
  findings: ColumnType<unknown, string | undefined, string>;
  duration_ms: number | null;
}

// ── 0002: test world and client-relationship model ──

export type CustodyArrangementColumn = "none" | "housing-only" | "structured-no-social-welfare-decisions" | "unstructured-before-structured-recording";

export interface GuardianshipsTable {
  id: string;
  guardian_id: string;
  child_id: string;
  kind: "parent" | "appointed";
  valid_from: DateColumn;
  valid_to: DateColumn | null;
  custody_arrangement: CustodyArrangementColumn;
  old_custody_agreement: ColumnType<boolean, never, never>;
}

export interface InterestGuardianshipsTable {
  id: string;
  principal_id: string;
  interest_guardian_id: string | null;
  declared_incapacitated: boolean;
  valid_from: DateColumn;
  valid_to: DateColumn | null;
}

export interface InformationRightsTable {
  id: string;
  holder_id: string;
  child_id: string;
  scope: "all" | "named-matters";
  valid_from: DateColumn;
  valid_to: DateColumn | null;
}

export interface MandatesTable {
  id: string;
  principal_id: string;
  agent_id: string;
  scope: string;
  valid_from: DateColumn;
  valid_to: DateColumn | null;
}

export interface ProfessionalsTable {
  id: string;
  registration_number: string | null;
  given_name: string;
  family_name: string;
  organisation_oid: string;
  service_unit_oid: string | null;
  title: string | null;
  certificate_file: string | null;
}

export interface ProducerAgreementsTable {
  id: string;
  organiser_oid: string;
  producer_oid: string;
  access: "normal" | "extended";
  service_unit_oids: string[];
  valid_from: DateColumn;
  valid_to: DateColumn | null;
  old_data_agreement: boolean;
}

export interface ClientRelationshipVersionsTable {
  version_id: string;
  set_id: string;
  version_number: number;
  register_id: string;
  organiser_oid: string;
  client_id: string;
  social_care_start: DateColumn | null;
  social_care_end: DateColumn | null;
  child_protection_start: DateColumn | null;
  child_protection_end: DateColumn | null;
  old_relationship: boolean;
  non_disclosure_note: string | null;
  responsible_workers: ColumnType<unknown, string, never>;
  personal_data: ColumnType<unknown, string, never>;
}

export interface ClientRelationshipUnitsTable {
  version_id: string;
  ordinal: number;
  service_task_code: string | null;
  service_task_code_system: string | null;
  service_unit_oid: string;
  organisation_oid: string;
  role: "organiser" | "producer" | "subcontractor";
  designated_by_service_unit_oid: string | null;
  start_date: DateColumn;
  end_date: DateColumn | null;
}

/** migrations/0005: the användningslogg / utlämningslogg, append-only (src/archive/access.ts writes and reads it). */
export interface UsageLogTable {
  id: Generated<string>;
  log_kind: "usage" | "disclosure";
  logged_at: DateColumn;
  register_oid: string;
  client_id: string;
  organisation_oid: string;
  service_unit_oid: string;
  professional_id: string | null;
  action: string;
  usage_situation: string;
  outcome: "allowed" | "refused";
  basis: string | null;
  special_reason_code: string | null;
  refusal_code: string | null;
  reason: string;
  rule: string;
  document_id: string | null;
  message_id: string | null;
}
