/**
 * The case documents (ärendehandlingar) with a case id: every version of each, with its documents and
 * registers rows. Access control (the case's register, creator and clients) and the storage facts (the
 * case's state and participants) both read them inside the same store transaction; through
 * `readRows` (src/archive/transaction-reads.ts) they are read once there.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { readRows, type RowsQuery } from "./transaction-reads.js";

export interface CaseDocumentVersion {
  set_id: string;
  register_id: string;
  organiser_oid: string;
  client_ids: string[];
  /** ISO timestamp. */
  created_at: string;
  version_id: string;
  version_number: number;
  status: "active" | "cancelled";
  metadata: unknown;
}

export function caseDocumentsQuery(caseId: string): RowsQuery {
  return {
    key: `case-documents:${caseId}`,
    sql: sql`SELECT d.set_id, d.register_id, r.organiser_oid, d.client_ids, d.created_at, v.version_id, v.version_number, v.status, v.metadata
               FROM documents d JOIN registers r ON r.id = d.register_id JOIN document_versions v ON v.set_id = d.set_id
              WHERE d.case_oid = ${caseId} AND d.document_class = 'AR'`,
  };
}

/** Ordered by document, then version number. */
export async function caseDocumentVersions(db: Kysely<Database>, caseId: string): Promise<CaseDocumentVersion[]> {
  const rows = await readRows<CaseDocumentVersion>(db, caseDocumentsQuery(caseId));
  return [...rows].sort((a, b) => (a.set_id < b.set_id ? -1 : a.set_id > b.set_id ? 1 : a.version_number - b.version_number));
}
