import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { finding } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { DocumentGroup, DocumentMetadata, SignerInfo } from "../model/document.js";

/** The short class stored beside each document, for indexes and the archivist view. */
const DOCUMENT_CLASS: Readonly<Record<DocumentGroup, string>> = {
  "client-relationship": "KR",
  case: "AR",
  old: "GK",
  "phase-1": "KH1",
  "phase-2": "KH2",
  "journal-entry": "AKJ",
};

/** The register a document belongs to: the organiser's register of the given register code. */
export function registerIdOf(metadata: Pick<DocumentMetadata, "organiser" | "registerCode">): string {
  return `${metadata.organiser.oid}:${metadata.registerCode?.code ?? "1"}`;
}

export interface StoreVersionInput {
  metadata: DocumentMetadata;
  /** The exact document bytes received (what was signed). */
  content: Uint8Array;
  signer: SignerInfo;
  messageId: string;
  receivedAt: Date;
}

export type StoreVersionResult = { ok: true; versionId: string; registerId: string; sha256: string } | { ok: false; findings: Finding[] };

interface PostgresError {
  code?: string;
  constraint?: string;
}

/** Maps a unique violation to the finding it means; anything else is not ours to explain. */
function uniqueViolation(e: unknown): Finding | undefined {
  const err = e as PostgresError;
  if (err?.code !== "23505") return undefined;
  switch (err.constraint) {
    case "document_versions_pkey":
      return finding("ARCHIVE-DOCUMENT-ID-EXISTS", "/ClinicalDocument/id");
    case "documents_pkey":
      return finding("ARCHIVE-DOCUMENT-EXISTS", "/ClinicalDocument/setId");
    case "document_versions_set_version_unique":
    case "document_versions_replaces_unique":
      return finding("ARCHIVE-VERSION-CONFLICT", "/ClinicalDocument/versionNumber");
    default:
      return undefined;
  }
}

/**
 * Appends one version in one transaction. The database decides races: two writers of the same next
 * version collide on a unique constraint and exactly one wins; the loser gets ARCHIVE-VERSION-CONFLICT.
 */
export async function storeVersion(db: Kysely<Database>, input: StoreVersionInput): Promise<StoreVersionResult> {
  const { metadata } = input;
  const registerId = registerIdOf(metadata);
  const sha256 = createHash("sha256").update(input.content).digest();
  try {
    return await db.transaction().execute(async (trx) => {
      const register = await trx.selectFrom("registers").select("id").where("id", "=", registerId).executeTakeFirst();
      if (!register) {
        return { ok: false, findings: [finding("ARCHIVE-UNKNOWN-REGISTER", "/ClinicalDocument/custodian", registerId)] } as const;
      }
      if (metadata.versionNumber === 1) {
        await trx
          .insertInto("documents")
          .values({
            set_id: metadata.setId,
            register_id: registerId,
            client_ids: metadata.clients,
            document_class: DOCUMENT_CLASS[metadata.documentGroup],
            case_oid: metadata.caseId ?? null,
          })
          .execute();
      }
      await trx
        .insertInto("document_versions")
        .values({
          version_id: metadata.documentId,
          set_id: metadata.setId,
          version_number: metadata.versionNumber,
          replaces_version_id: metadata.replacesDocumentId ?? null,
          status: metadata.status === "cancelled" ? "cancelled" : "active",
          message_id: input.messageId,
          received_at: input.receivedAt,
          metadata: JSON.stringify({ ...metadata, signer: input.signer }),
          content: input.content,
          content_sha256: new Uint8Array(sha256),
        })
        .execute();
      return { ok: true, versionId: metadata.documentId, registerId, sha256: sha256.toString("hex") } as const;
    });
  } catch (e) {
    const known = uniqueViolation(e);
    if (known) return { ok: false, findings: [known] };
    throw e;
  }
}

export interface StoredVersion {
  versionId: string;
  setId: string;
  versionNumber: number;
  status: "active" | "cancelled";
  receivedAt: Date;
  content: Uint8Array;
  metadata: unknown;
}

export class IntegrityError extends Error {
  override name = "IntegrityError";
}

/** Reads one version; the stored SHA-256 is checked again on every read (DESIGN §6). */
export async function readVersion(db: Kysely<Database>, versionId: string): Promise<StoredVersion | undefined> {
  const row = await db.selectFrom("document_versions").selectAll().where("version_id", "=", versionId).executeTakeFirst();
  if (!row) return undefined;
  const actual = createHash("sha256").update(row.content).digest();
  if (!actual.equals(Buffer.from(row.content_sha256))) throw new IntegrityError(`stored bytes of ${versionId} do not match their SHA-256`);
  return { versionId: row.version_id, setId: row.set_id, versionNumber: row.version_number, status: row.status, receivedAt: row.received_at, content: row.content, metadata: row.metadata };
}
