import { createHash } from "node:crypto";
import { sql, type Insertable, type Kysely, type QueryCreator, type Transaction } from "kysely";
import type { Database, UsageLogTable } from "../db/schema.js";
import { finding } from "../errors/catalogue.js";
import { stampWorldRevision, worldRead, WORLD_REVISION_SQL } from "../db/world-cache.js";
import type { Finding } from "../errors/types.js";
import type { DocumentBody, DocumentGroup, DocumentMetadata, SignerInfo } from "../model/document.js";
import { classifyClientId } from "../rules/storage/identity.js";
import { metadataPath } from "../rules/storage/paths.js";
import { extractClientRelationshipFacts, recordClientRelationshipFacts } from "./client-relationships.js";

/** The short class stored beside each document, for indexes and the archivist view. */
const DOCUMENT_CLASS: Readonly<Record<DocumentGroup, string>> = {
  "client-relationship": "KR",
  case: "AR",
  old: "GK",
  "phase-1": "KH1",
  "phase-2": "KH2",
  "journal-entry": "AKJ",
  "will-expression": "VYT",
};

/** The register of Viljeyttringstjänsten (fixtures/world/organisations.json): every will-expression document lives there (D07-R63). */
export const WILL_EXPRESSION_CONTROLLER_OID = "1.2.246.10.99990009.10.0";
export const WILL_EXPRESSION_REGISTER_ID = `${WILL_EXPRESSION_CONTROLLER_OID}:VYT`;

/** The register a document belongs to: the organiser's register of the given register code. */
export function registerIdOf(metadata: Pick<DocumentMetadata, "organiser" | "registerCode"> & { documentGroup?: DocumentGroup }): string {
  if (metadata.documentGroup === "will-expression") return WILL_EXPRESSION_REGISTER_ID;
  return `${metadata.organiser.oid}:${metadata.registerCode?.code ?? "1"}`;
}

export interface StoreVersionInput {
  metadata: DocumentMetadata;
  /** The exact document bytes received (what was signed). */
  content: Uint8Array;
  signer: SignerInfo;
  messageId: string;
  receivedAt: Date;
  /** The parsed body: a client-relationship document's structured content feeds the client-relationship model. */
  body?: DocumentBody;
}

export type StoreVersionResult =
  | { ok: true; versionId: string; registerId: string; sha256: string; findings: Finding[] }
  | { ok: false; findings: Finding[] }
  /** `guard.detectReplay`: a version was stored earlier under the input's message id — with these bytes for this document ("same"), or other ones. */
  | { ok: false; findings: []; replayOf: "same" | "other" };

/** The rows of migrations/0004 that only the archive's store and facts read. */
export type StorageFactTables = {
  client_id_links: {
    temporary_id: string;
    official_code: string;
    register_id: string;
    kr_set_id: string;
    version_id: string;
  };
};

/**
 * Checks run inside the store transaction, after the locks: they see every document committed
 * before them, and no conflicting document can commit until this transaction ends.
 */
export interface StoreGuard {
  /** Keys locked for the transaction (pg_advisory_xact_lock), taken in sorted order so two writers never deadlock. */
  lockKeys: readonly string[];
  /** Findings on the state inside the transaction; any error finding refuses and nothing is written. */
  check: (trx: Transaction<Database>) => Promise<GuardVerdict>;
  /** Look for a version stored earlier under the input's message id first (DESIGN §6 idempotency), under the locks. */
  detectReplay?: boolean;
}

export interface GuardVerdict {
  findings: Finding[];
  /** Usage-log rows that commit with the version: written in the same statement as its rows. */
  usageLog?: readonly Insertable<UsageLogTable>[];
}

/**
 * What two concurrent writers must not both decide on stale facts (DESIGN §6): the document itself
 * (versions, makulering of it), its main document (attachment vs. makulering of the main document),
 * its case (client document vs. makulering of the case; two case documents for one case id) and
 * each client in the register (two first client relationship documents; a case vs. makulering of
 * the KR; a temporary id switch).
 */
export function storageLockKeys(metadata: DocumentMetadata): string[] {
  const registerId = registerIdOf(metadata);
  const keys = new Set<string>([`set:${metadata.setId}`]);
  if (metadata.attachmentOf) keys.add(`set:${metadata.attachmentOf}`);
  if (metadata.caseId) keys.add(`case:${metadata.caseId}`);
  for (const clientId of metadata.clients) keys.add(`client:${registerId}:${clientId}`);
  return [...keys].sort();
}

/**
 * Takes the advisory locks, in key order, and reads the world revision (src/db/world-cache.ts), in one
 * statement: Postgres evaluates a target list left to right, so the locks are taken in the order given.
 */
async function lockAndReadWorld(trx: Transaction<Database>, keys: readonly string[], replayOfMessage?: string): Promise<EarlierMessage | undefined> {
  const locks = [...keys].sort().map((key) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
  const earlier =
    replayOfMessage === undefined
      ? sql``
      : sql`, (SELECT json_build_object('versionId', version_id, 'sha256', encode(content_sha256, 'hex'))
                 FROM document_versions WHERE message_id = ${replayOfMessage} LIMIT 1) AS earlier`;
  const row = (await sql<{ revision: string; earlier?: EarlierMessage | string | null }>`SELECT ${WORLD_REVISION_SQL} AS revision${earlier}${locks.length ? sql`, ${sql.join(locks)}` : sql``}`.execute(trx)).rows[0];
  stampWorldRevision(trx, row?.revision);
  return typeof row?.earlier === "string" ? (JSON.parse(row.earlier) as EarlierMessage) : (row?.earlier ?? undefined);
}

/** The version stored earlier under a message id: its id and the SHA-256 of its bytes (hex). */
export interface EarlierMessage {
  versionId: string;
  sha256: string;
}

/** DESIGN §6: a message id seen before is a replay ("same": this document with these bytes) or a reuse ("other"). */
export function replayKind(earlier: EarlierMessage, documentId: string, sha256: string): "same" | "other" {
  return earlier.versionId === documentId && earlier.sha256 === sha256 ? "same" : "other";
}

const isOfficial = (id: string) => classifyClientId(id).kind === "official";
const isTemporaryId = (id: string) => classifyClientId(id).kind === "temporary";

/**
 * A client relationship version that replaces a temporary id by an official code records the switch
 * (06 §5.2, D06-R55, R56): from now on the temporary id is dead (D06-R57, R78).
 */
async function recordIdentitySwitch(trx: Transaction<Database>, metadata: DocumentMetadata, registerId: string): Promise<void> {
  if (metadata.documentGroup !== "client-relationship" || metadata.versionNumber === 1 || metadata.status === "cancelled" || !metadata.replacesDocumentId) return;
  const previous = await trx.selectFrom("document_versions").select("metadata").where("version_id", "=", metadata.replacesDocumentId).executeTakeFirst();
  const before = ((previous?.metadata as DocumentMetadata | undefined)?.clients ?? []);
  const removedTemporary = before.filter((id) => isTemporaryId(id) && !metadata.clients.includes(id));
  const addedOfficial = metadata.clients.filter((id) => isOfficial(id) && !before.includes(id));
  if (removedTemporary.length !== 1 || addedOfficial.length !== 1) return;
  await trx
    .withTables<StorageFactTables>()
    .insertInto("client_id_links")
    .values({ temporary_id: removedTemporary[0]!, official_code: addedOfficial[0]!, register_id: registerId, kr_set_id: metadata.setId, version_id: metadata.documentId })
    .execute();
}

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
    case "client_id_links_pkey":
      // Two switches of one temporary id raced; the loser is a second switch (D06-R56).
      return finding("CLI-SWITCH-TWICE", metadataPath("clients"));
    default:
      return undefined;
  }
}

/** One version ready to be written: its input, its register and the SHA-256 of its bytes. */
export interface PreparedVersion {
  input: StoreVersionInput;
  registerId: string;
  sha256: Buffer;
}

/**
 * The rows of versions that passed every check, written inside the caller's transaction: the
 * documents row of a first version, the version row, the documents row of a later version brought
 * up to date, an identity switch, the client-relationship facts of a KR. storeVersion writes one
 * version with it; `kanta-sim seed` writes a batch of first versions with it (one multi-row INSERT per
 * table), so seeded rows are the rows a real store writes.
 */
export async function writeVersionRows(trx: Transaction<Database>, versions: readonly PreparedVersion[], usageLog: readonly Insertable<UsageLogTable>[] = []): Promise<void> {
  if (versions.length === 0) return;
  const first = versions.filter((v) => v.input.metadata.versionNumber === 1);
  // One statement for the documents rows, the version rows and the usage log: one round trip instead of
  // three. Postgres runs the main statement first and then the data-modifying WITH parts, and checks the
  // foreign keys at the end, so the documents rows are the main statement: a second first version of a
  // set still fails on documents_pkey first (ARCHIVE-DOCUMENT-EXISTS, uniqueViolation). The WITH names
  // are never read back, so the creator keeps the plain Database type.
  const versionRows = versions.map(({ input, sha256 }) => ({
    version_id: input.metadata.documentId,
    set_id: input.metadata.setId,
    version_number: input.metadata.versionNumber,
    replaces_version_id: input.metadata.replacesDocumentId ?? null,
    status: input.metadata.status === "cancelled" ? ("cancelled" as const) : ("active" as const),
    message_id: input.messageId,
    received_at: input.receivedAt,
    metadata: JSON.stringify({ ...input.metadata, signer: input.signer }),
    content: input.content,
    content_sha256: new Uint8Array(sha256),
  }));
  let statement: QueryCreator<Database> = trx;
  if (usageLog.length > 0) statement = statement.with("written_usage_log", (db) => db.insertInto("usage_log").values([...usageLog])) as unknown as QueryCreator<Database>;
  if (first.length === 0) {
    await statement.insertInto("document_versions").values(versionRows).execute();
  } else {
    await (statement.with("written_versions", (db) => db.insertInto("document_versions").values(versionRows)) as unknown as QueryCreator<Database>)
      .insertInto("documents")
      .values(
        first.map(({ input: { metadata }, registerId }) => ({
          set_id: metadata.setId,
          register_id: registerId,
          client_ids: metadata.clients,
          document_class: DOCUMENT_CLASS[metadata.documentGroup],
          case_oid: metadata.caseId ?? null,
          // Set here so the version's insert trigger (0009) need not rewrite the row just written.
          latest_version_id: metadata.documentId,
          latest_version_number: 1,
          version_count: 1,
        })),
      )
      .execute();
  }
  for (const { input, registerId } of versions) {
    const { metadata } = input;
    if (metadata.versionNumber > 1) {
      // The documents row describes the document as its latest version does (clients may switch
      // ids, D06-R55; a version may move the document to another case only by the sender's say).
      await trx.updateTable("documents").set({ client_ids: metadata.clients, case_oid: metadata.caseId ?? null }).where("set_id", "=", metadata.setId).execute();
    }
    await recordIdentitySwitch(trx, metadata, registerId);
    // The client-relationship model is kept in the same transaction as the KR version it comes from
    // (makulering versions too: the reader drops a KR from the moment it is makulerad).
    if (metadata.documentGroup === "client-relationship") {
      await recordClientRelationshipFacts(trx, metadata.documentId, extractClientRelationshipFacts(metadata, input.body ?? {}));
    }
  }
}

/**
 * Appends one version in one transaction. The database decides races: two writers of the same next
 * version collide on a unique constraint and exactly one wins; the loser gets ARCHIVE-VERSION-CONFLICT.
 */
export async function storeVersion(db: Kysely<Database>, input: StoreVersionInput, guard?: StoreGuard): Promise<StoreVersionResult> {
  const { metadata } = input;
  const registerId = registerIdOf(metadata);
  const sha256 = createHash("sha256").update(input.content).digest();
  try {
    return await db.transaction().execute(async (trx) => {
      const earlier = await lockAndReadWorld(trx, guard?.lockKeys ?? [], guard?.detectReplay ? input.messageId : undefined);
      if (earlier) return { ok: false, findings: [], replayOf: replayKind(earlier, metadata.documentId, sha256.toString("hex")) } as const;
      const register = await worldRead(trx, `register:${registerId}`, () => trx.selectFrom("registers").select("id").where("id", "=", registerId).executeTakeFirst());
      if (!register) {
        return { ok: false, findings: [finding("ARCHIVE-UNKNOWN-REGISTER", "/ClinicalDocument/custodian", registerId)] } as const;
      }
      let checked: Finding[] = [];
      let usageLog: GuardVerdict["usageLog"];
      if (guard) {
        ({ findings: checked, usageLog } = await guard.check(trx));
        if (checked.some((f) => f.severity === "error")) return { ok: false, findings: checked } as const;
      }
      await writeVersionRows(trx, [{ input, registerId, sha256 }], usageLog);
      return { ok: true, versionId: metadata.documentId, registerId, sha256: sha256.toString("hex"), findings: checked } as const;
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
