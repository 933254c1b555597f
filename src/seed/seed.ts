/**
 * `kanta-sim seed`: fills an archive with N documents of M synthetic clients through the archive's own
 * storage code (src/archive/store.ts writeVersionRows, the function storeVersion writes a checked
 * version with), in batches of one transaction each. For the benchmark's archive sizes and for trying
 * MittKanta on a big archive.
 *
 * What seed skips, and why (docs/performance.md): the SOAP envelope, the per-document checks (the
 * documents are built valid) and the per-document signature. Signing costs ~1–2 ms of RSA and
 * canonicalisation per document, which would cap seeding far below 2 000 docs/s on two cores. Every
 * seeded document still carries a real enveloped signature element of the same size (the signature of
 * one template document signed once per run, so it does not verify for the seeded bytes), and the
 * stored signer is what verification of that template reported. Rows are otherwise exactly what a
 * real store writes: documents, document_versions (bytes, SHA-256, metadata as the CDA parser reads
 * it) and the client-relationship facts of each KR.
 */
import { createHash } from "node:crypto";
import { buildCdaDocument } from "../cda/build.js";
import { resolveTrustDirs } from "../config.js";
import type { ArchiveDatabase } from "../db/database.js";
import type { DocumentBody, SignerInfo } from "../model/document.js";
import type { ScenarioIds } from "../samples/generate.js";
import { registerIdOf, writeVersionRows, type PreparedVersion } from "../archive/store.js";
import { loadTrustStore } from "../signature/trust.js";
import { verifyCdaSignature } from "../signature/verify.js";
import { clientDocument, clientDocumentBody, signedDocument, syntheticClient, type SignerName } from "./documents.js";

export interface SeedOptions {
  /** Documents in all (the focus client's included). */
  documents: number;
  /** Clients the other documents are spread over (round robin: KR, case, then client documents). */
  clients: number;
  /** One extra client who gets exactly this many documents (the MittKanta measurement's client); 0 = none. */
  clientWith?: number;
  /** Documents per transaction. */
  batch?: number;
  /** Batches in flight at once (Postgres: 2 keeps the server busy while the next batch is built; PGlite: 1). */
  parallel?: number;
  /** Extra display text per client document, in bytes (0 = the natural size, ~4 KB with the signature). */
  paddingBytes?: number;
  trustDirs?: string[];
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  documents: number;
  clients: number;
  /** The client with `clientWith` documents, when asked for. */
  focusClient?: string;
  seconds: number;
  docsPerSecond: number;
  /** setIds of this run start with this prefix. */
  setIdPrefix: string;
  /** The ids of the run's c-th round-robin client (0 ≤ c < clients): its identity code, setId prefix and case. */
  idsOf: (c: number) => ScenarioIds;
}

/** The signature element of a template signed once per run, and the signer verification reports for it. */
interface SignatureTemplate {
  tail: string;
  signer: SignerInfo;
}

function signatureTemplate(name: SignerName, sample: ReturnType<typeof clientDocument>, trustDirs: string[]): SignatureTemplate {
  const signed = signedDocument(sample.metadata, sample.body, name);
  const verified = verifyCdaSignature(signed, { trust: loadTrustStore(resolveTrustDirs(trustDirs)), at: new Date() });
  if (!verified.ok) throw new Error(`seed: the ${name} template signature does not verify: ${verified.findings.map((f) => f.code).join(", ")}`);
  const start = signed.indexOf("<hl7fi:signatures");
  const end = signed.lastIndexOf("</ClinicalDocument>");
  if (start < 0 || end < start) throw new Error("seed: cannot find the signature of the template");
  return { tail: signed.slice(start, end), signer: verified.signer };
}

let runCounter = 0;

/** Seeds the archive (migrated, fixtures loaded). Ids are unique per run, so seeding again adds documents. */
export async function seedArchive(database: ArchiveDatabase, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const batch = Math.max(1, options.batch ?? 500);
  const parallel = Math.max(1, options.parallel ?? (database.kind === "postgres" ? 2 : 1));
  const focusCount = Math.min(options.clientWith ?? 0, options.documents);
  const rest = options.documents - focusCount;
  const clients = Math.max(1, Math.min(options.clients, Math.max(rest, 1)));
  const trustDirs = options.trustDirs ?? ["certs/test", "certs"];

  const registerCheck = await database.db.selectFrom("registers").select("id").where("id", "=", "1.2.246.10.99990001.10.0:1").executeTakeFirst();
  if (!registerCheck) throw new Error("seed: the test world's welfare region register is missing; run `kanta-sim migrate` first");
  // Clients of earlier runs are numbered below the archive's document count (each has ≥ 1 document), so runs never share a client.
  const existing = await database.db.selectFrom("documents").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const clientOffset = Number(existing.n);
  const run = `${Date.now()}${String(process.pid % 1000).padStart(3, "0")}${++runCounter}`;
  const setIdPrefix = `1.2.246.10.99990001.23.${run}`;
  const casePrefix = `1.2.246.10.99990001.33.${run}`;
  const focusIndex = clients; // after the round-robin clients
  const focusClient = focusCount > 0 ? syntheticClient(clientOffset + focusIndex) : undefined;

  const clientBody: DocumentBody = clientDocumentBody(options.paddingBytes ?? 0);
  const idsOf = (c: number): ScenarioIds => ({ client: syntheticClient(clientOffset + c), setIdPrefix: `${setIdPrefix}.${c}`, caseId: `${casePrefix}.${c}` });
  const templateFor = (ordinal: number) => clientDocument({ ids: idsOf(0), ordinal }, clientBody);
  const templates: Record<SignerName, SignatureTemplate> = {
    system: signatureTemplate("system", templateFor(0), trustDirs),
    professional: signatureTemplate("professional", templateFor(2), trustDirs),
  };

  /** The k-th document of the run: the focus client's first, then round robin over the other clients. */
  const documentAt = (k: number, receivedAt: Date): PreparedVersion => {
    const [c, ordinal] = k < focusCount ? [focusIndex, k] : [(k - focusCount) % clients, Math.floor((k - focusCount) / clients)];
    const doc = clientDocument({ ids: idsOf(c), ordinal }, clientBody);
    const template = templates[doc.signer];
    const xml = buildCdaDocument(doc.metadata, doc.body);
    const closing = xml.lastIndexOf("</ClinicalDocument>");
    const content = Buffer.from(`${xml.slice(0, closing)}${template.tail}</ClinicalDocument>`, "utf8");
    const input = { metadata: doc.metadata, content: new Uint8Array(content.buffer, content.byteOffset, content.byteLength), signer: template.signer, messageId: `seed:${run}:${k}`, receivedAt, body: doc.body };
    return { input, registerId: registerIdOf(doc.metadata), sha256: createHash("sha256").update(content).digest() };
  };

  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < options.documents) {
      const from = next;
      const to = Math.min(options.documents, from + batch);
      next = to;
      const receivedAt = new Date();
      const rows: PreparedVersion[] = [];
      for (let k = from; k < to; k++) rows.push(documentAt(k, receivedAt));
      await database.db.transaction().execute((trx) => writeVersionRows(trx, rows));
      done += rows.length;
      options.onProgress?.(done, options.documents);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  // Fresh planner statistics, as autovacuum would gather them a little later: without them the first
  // reads after a big seed plan for an empty table (docs/performance.md).
  await database.exec("ANALYZE documents, document_versions, client_relationship_versions, client_relationship_units");
  const seconds = (performance.now() - started) / 1000;
  return {
    documents: options.documents,
    clients: Math.min(clients, rest) + (focusClient ? 1 : 0),
    ...(focusClient && { focusClient }),
    seconds,
    docsPerSecond: options.documents / Math.max(seconds, 1e-9),
    setIdPrefix,
    idsOf,
  };
}
