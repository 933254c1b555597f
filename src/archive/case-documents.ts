/**
 * The case documents (ärendehandlingar) with a case id: every version of each, with its documents and
 * registers rows. Access control (the case's register, creator and clients) and the storage facts (the
 * case's state and participants) both need them inside the same store transaction, so within a
 * transaction they are read once (issue #8: one SQL round trip less per store). Outside a transaction
 * every call reads the database.
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export interface CaseDocumentVersion {
  set_id: string;
  register_id: string;
  organiser_oid: string;
  client_ids: string[];
  created_at: Date;
  version_id: string;
  version_number: number;
  status: "active" | "cancelled";
  metadata: unknown;
}

const perTransaction = new WeakMap<object, Map<string, Promise<CaseDocumentVersion[]>>>();

/** Ordered by document, then version number. */
export function caseDocumentVersions(db: Kysely<Database>, caseId: string): Promise<CaseDocumentVersion[]> {
  const read = () =>
    db
      .selectFrom("documents as d")
      .innerJoin("registers as r", "r.id", "d.register_id")
      .innerJoin("document_versions as v", "v.set_id", "d.set_id")
      .select(["d.set_id", "d.register_id", "r.organiser_oid", "d.client_ids", "d.created_at", "v.version_id", "v.version_number", "v.status", "v.metadata"])
      .where("d.case_oid", "=", caseId)
      .where("d.document_class", "=", "AR")
      .orderBy("d.set_id")
      .orderBy("v.version_number")
      .execute();
  if (!db.isTransaction) return read();
  let cases = perTransaction.get(db);
  if (!cases) perTransaction.set(db, (cases = new Map()));
  let rows = cases.get(caseId);
  if (!rows) cases.set(caseId, (rows = read()));
  return rows;
}
