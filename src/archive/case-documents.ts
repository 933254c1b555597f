/**
 * The case documents (ärendehandlingar) with a case id: every version of each, with its documents and
 * registers rows. Access control (the case's register, creator and clients) and the storage facts (the
 * case's state and participants) both read them inside the same store transaction; through
 * `readRows` (src/archive/transaction-reads.ts) they are read once there.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { readRows, type RowsQuery } from "./transaction-reads.js";

/** One row of the query: a version with its document's and register's columns. */
interface CaseDocumentVersionRow {
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

/** One case document and all its versions, oldest first. */
export interface CaseDocument {
  setId: string;
  registerId: string;
  organiserOid: string;
  clientIds: string[];
  createdAt: string;
  versions: { versionId: string; versionNumber: number; cancelled: boolean; metadata: unknown }[];
}

export function caseDocumentsQuery(caseId: string): RowsQuery {
  return {
    key: `case-documents:${caseId}`,
    sql: sql`SELECT d.set_id, d.register_id, r.organiser_oid, d.client_ids, d.created_at, v.version_id, v.version_number, v.status, v.metadata
               FROM documents d JOIN registers r ON r.id = d.register_id JOIN document_versions v ON v.set_id = d.set_id
              WHERE d.case_oid = ${caseId} AND d.document_class = 'AR'`,
  };
}

/** The case documents with the case id, each with its versions in version order. */
export async function caseDocuments(db: Kysely<Database>, caseId: string): Promise<CaseDocument[]> {
  const rows = await readRows<CaseDocumentVersionRow>(db, caseDocumentsQuery(caseId));
  const documents = new Map<string, CaseDocument>();
  for (const r of [...rows].sort((a, b) => a.version_number - b.version_number)) {
    let document = documents.get(r.set_id);
    if (!document) documents.set(r.set_id, (document = { setId: r.set_id, registerId: r.register_id, organiserOid: r.organiser_oid, clientIds: r.client_ids, createdAt: r.created_at, versions: [] }));
    document.versions.push({ versionId: r.version_id, versionNumber: r.version_number, cancelled: r.status === "cancelled", metadata: r.metadata });
  }
  return [...documents.values()].sort((a, b) => (a.setId < b.setId ? -1 : a.setId > b.setId ? 1 : 0));
}
