import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import type { Finding } from "../errors/types.js";

/** Result of one wire exchange as the message log stores it. */
export type MessageResult = "AA" | "AE" | "AR" | "fault";

export interface MessageRecord {
  receivedAt: Date;
  endpoint: string;
  messageId?: string | undefined;
  senderOid?: string | undefined;
  interaction?: string | undefined;
  serviceRequest?: string | undefined;
  result: MessageResult;
  requestBody?: Uint8Array | undefined;
  responseBody?: Uint8Array | string | undefined;
  summary?: Record<string, unknown>;
  findings?: readonly Finding[];
  durationMs?: number;
}

export interface MessageFilter {
  sender?: string;
  from?: Date;
  to?: Date;
  result?: MessageResult;
  /** Default 50, at most 500. */
  limit?: number;
}

export interface LoggedMessage {
  id: number;
  receivedAt: string;
  messageId: string | null;
  senderOid: string | null;
  endpoint: string;
  interaction: string | null;
  serviceRequest: string | null;
  result: string | null;
  requestSha256: string | null;
  summary: Record<string, unknown>;
  findings: Finding[];
  durationMs: number | null;
}

export interface LoggedMessageWithBodies extends LoggedMessage {
  requestBody: string | null;
  responseBody: string | null;
}

/** Observer of recorded exchanges (the rehearsal sessions, src/rehearsal/): called after each insert, errors ignored. */
export type MessageObserver = (db: Kysely<Database>, id: number, record: MessageRecord) => void | Promise<void>;
const observers = new Set<MessageObserver>();
/** Registers an observer of every recorded exchange; returns the function that removes it. */
export function observeMessages(observer: MessageObserver): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

/**
 * Appends one exchange (request, response, parsed summary, findings) to message_log; returns its id
 * once the row is written (an answer is never sent before its exchange is logged).
 */
export async function recordMessage(db: Kysely<Database>, record: MessageRecord): Promise<number> {
  const id = await groupInsert(db, record);
  for (const observer of observers) {
    try {
      await observer(db, id, record);
    } catch {
      // an observer never breaks the wire
    }
  }
  return id;
}

/**
 * Group insert: while one INSERT is on its way, the exchanges that finish meanwhile wait and then go
 * together in one multi-row INSERT. Alone, an exchange is written at once; under load (issue #8) the
 * log costs one round trip per batch instead of one per request.
 */
interface Pending {
  record: MessageRecord;
  resolve: (id: number) => void;
  reject: (e: unknown) => void;
}
interface Queue {
  pending: Pending[];
  writing: boolean;
}
const queues = new WeakMap<Kysely<Database>, Queue>();
/** Rows per INSERT at most (a row carries two bodies; bounded so one statement stays a few MB). */
const GROUP_LIMIT = 64;

function groupInsert(db: Kysely<Database>, record: MessageRecord): Promise<number> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], writing: false }));
  const promise = new Promise<number>((resolve, reject) => queue.pending.push({ record, resolve, reject }));
  if (!queue.writing) void drain(db, queue);
  return promise;
}

async function drain(db: Kysely<Database>, queue: Queue): Promise<void> {
  queue.writing = true;
  try {
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, GROUP_LIMIT);
      try {
        const ids = await insertMessages(db, batch.map((p) => p.record));
        batch.forEach((p, i) => p.resolve(ids[i]!));
      } catch {
        // One bad row must not cost the others their log entry: write them one by one.
        for (const p of batch) await insertMessages(db, [p.record]).then(([id]) => p.resolve(id!), p.reject);
      }
    }
  } finally {
    queue.writing = false;
  }
}

function messageRow(record: MessageRecord) {
  const request = record.requestBody ? Buffer.from(record.requestBody) : null;
  const response = record.responseBody === undefined ? null : typeof record.responseBody === "string" ? Buffer.from(record.responseBody, "utf8") : Buffer.from(record.responseBody);
  return {
    received_at: record.receivedAt,
    endpoint: record.endpoint,
    message_id: record.messageId ?? null,
    sender_oid: record.senderOid ?? null,
    interaction: record.interaction ?? null,
    service_request: record.serviceRequest ?? null,
    result: record.result,
    request_body: request,
    request_sha256: request ? createHash("sha256").update(request).digest() : null,
    response_body: response,
    summary: JSON.stringify(record.summary ?? {}),
    findings: JSON.stringify(record.findings ?? []),
    duration_ms: record.durationMs ?? null,
  };
}

/** The ids in the order of `records`: the id sequence numbers the VALUES rows in their order. */
async function insertMessages(db: Kysely<Database>, records: readonly MessageRecord[]): Promise<number[]> {
  const rows = await db.insertInto("message_log").values(records.map(messageRow)).returning("id").execute();
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

const LIST_COLUMNS = [
  "id",
  "received_at",
  "message_id",
  "sender_oid",
  "endpoint",
  "interaction",
  "service_request",
  "result",
  "request_sha256",
  "summary",
  "findings",
  "duration_ms",
] as const;

type ListRow = {
  id: string | number;
  received_at: Date | string;
  message_id: string | null;
  sender_oid: string | null;
  endpoint: string;
  interaction: string | null;
  service_request: string | null;
  result: string | null;
  request_sha256: Uint8Array | null;
  summary: unknown;
  findings: unknown;
  duration_ms: number | null;
};

function toMessage(row: ListRow): LoggedMessage {
  return {
    id: Number(row.id),
    receivedAt: new Date(row.received_at).toISOString(),
    messageId: row.message_id,
    senderOid: row.sender_oid,
    endpoint: row.endpoint,
    interaction: row.interaction,
    serviceRequest: row.service_request,
    result: row.result,
    requestSha256: row.request_sha256 ? Buffer.from(row.request_sha256).toString("hex") : null,
    summary: (typeof row.summary === "string" ? JSON.parse(row.summary) : row.summary ?? {}) as Record<string, unknown>,
    findings: (typeof row.findings === "string" ? JSON.parse(row.findings) : row.findings ?? []) as Finding[],
    durationMs: row.duration_ms,
  };
}

/** Messages matching the filter, newest first. */
export async function queryMessages(db: Kysely<Database>, filter: MessageFilter = {}): Promise<LoggedMessage[]> {
  let query = db.selectFrom("message_log").select(LIST_COLUMNS);
  if (filter.sender) query = query.where("sender_oid", "=", filter.sender);
  if (filter.from) query = query.where("received_at", ">=", filter.from);
  if (filter.to) query = query.where("received_at", "<=", filter.to);
  if (filter.result) query = query.where("result", "=", filter.result);
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const rows = await query.orderBy("received_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => toMessage(r as ListRow));
}

/** One message with its request and response bodies as text; undefined when there is no such id. */
export async function getMessage(db: Kysely<Database>, id: number): Promise<LoggedMessageWithBodies | undefined> {
  const row = await db
    .selectFrom("message_log")
    .select([...LIST_COLUMNS, "request_body", "response_body"])
    .where("id", "=", String(id))
    .executeTakeFirst();
  if (!row) return undefined;
  const text = (b: Uint8Array | null) => (b ? Buffer.from(b).toString("utf8") : null);
  return { ...toMessage(row as ListRow), requestBody: text(row.request_body), responseBody: text(row.response_body) };
}
