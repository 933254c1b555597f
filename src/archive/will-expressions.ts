/**
 * Viljeyttringstjänsten (VYT) in the archive: will-expression documents (Kanta-information, disclosure
 * permission, prohibition) travel the same SOAP endpoint as every document (SP1 store / new version,
 * SP2 makulering), are verified and archived the same way (document_versions, register "<Kela>:VYT"),
 * and their facts go to will_expressions in the same transaction (migrations/0006). Any connected
 * provider may store them for any client (D07-R105): no register access check, but the VYT rules of
 * src/rules/access/will-expression.ts.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { finding, type ErrorCode } from "../errors/catalogue.js";
import type { Finding } from "../errors/types.js";
import type { DocumentBody, DocumentMetadata } from "../model/document.js";
import { finnishDay } from "../admin/world-facts.js";
import type { DisclosureConsentFacts, ProhibitionTarget } from "../rules/access/types.js";
import { consentFactsOf, decideWillExpression, type StoredWillExpressionVersion, type WillExpression, type WillExpressionFacts, type WillOperation } from "../rules/access/will-expression.js";
import { ageOn } from "../rules/visibility/dates.js";
import { metadataPath } from "../rules/storage/paths.js";

type Db = Kysely<Database>;

/** The table of migrations/0006, beside the generated schema. */
export type WillExpressionTables = {
  will_expressions: {
    version_id: string;
    set_id: string;
    version_number: number;
    client_id: string;
    kind: WillExpression["kind"];
    sector: WillExpression["sector"];
    positive: boolean | null;
    in_force: boolean;
    target_kind: ProhibitionTarget["kind"] | null;
    target_value: string | null;
    target_code_system: string | null;
    issuer_role: WillExpression["issuer"]["role"];
    issuer_ids: string;
    channel: WillExpression["channel"];
    recorded_by: string;
    cancelled: boolean;
    stored_at: Date;
  };
};

const JSON_XPATH = metadataPath("body.json");
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function targetOf(kohde: unknown): ProhibitionTarget | undefined {
  if (!isRecord(kohde)) return undefined;
  switch (kohde.laji) {
    case "all":
      return { kind: "all" };
    case "controller":
      return typeof kohde.oid === "string" ? { kind: "controller", oid: kohde.oid } : undefined;
    case "service-task":
      return typeof kohde.koodi === "string" && typeof kohde.koodisto === "string" ? { kind: "service-task", code: kohde.koodi, codeSystem: kohde.koodisto } : undefined;
    case "document":
      return typeof kohde.setId === "string" ? { kind: "document", setId: kohde.setId } : undefined;
    default:
      return undefined;
  }
}

/** The will expression a document's structured content states (validated against will-expression.schema.json before). */
export function willExpressionOf(body: DocumentBody): WillExpression | undefined {
  const j = body.json;
  if (!isRecord(j) || !Array.isArray(j.asiakkaat) || typeof j.asiakkaat[0] !== "string" || !isRecord(j.antaja)) return undefined;
  const kind = j.tahdonilmaisu as WillExpression["kind"];
  const target = targetOf(j.kohde);
  if (kind === "disclosure-prohibition" && !target) return undefined;
  return {
    kind,
    sector: j.sektori as WillExpression["sector"],
    clientId: j.asiakkaat[0],
    ...(typeof j.myonteinen === "boolean" && { positive: j.myonteinen }),
    inForce: j.voimassa !== false,
    ...(target && { target }),
    issuer: { role: j.antaja.rooli as WillExpression["issuer"]["role"], personIds: Array.isArray(j.antaja.henkilot) ? (j.antaja.henkilot as string[]) : [] },
    channel: j.kanava as WillExpression["channel"],
  };
}

/** Every stored will-expression version of a client, oldest first. */
export async function loadWillExpressionVersions(db: Db, clientId: string): Promise<StoredWillExpressionVersion[]> {
  const rows = await db.withTables<WillExpressionTables>().selectFrom("will_expressions").selectAll().where("client_id", "=", clientId).orderBy("stored_at").orderBy("version_number").execute();
  return rows.map(toStored);
}

function toStored(r: WillExpressionTables["will_expressions"]): StoredWillExpressionVersion {
  const target: ProhibitionTarget | undefined =
    r.target_kind === "all" ? { kind: "all" }
    : r.target_kind === "controller" ? { kind: "controller", oid: r.target_value ?? "" }
    : r.target_kind === "service-task" ? { kind: "service-task", code: r.target_value ?? "", codeSystem: r.target_code_system ?? "" }
    : r.target_kind === "document" ? { kind: "document", setId: r.target_value ?? "" }
    : undefined;
  const ids = typeof r.issuer_ids === "string" ? (JSON.parse(r.issuer_ids) as string[]) : (r.issuer_ids as unknown as string[]);
  return {
    setId: r.set_id,
    versionNumber: Number(r.version_number),
    storedAt: new Date(r.stored_at).toISOString(),
    cancelled: r.cancelled,
    expression: {
      kind: r.kind,
      sector: r.sector,
      clientId: r.client_id,
      ...(r.positive !== null && { positive: r.positive }),
      inForce: r.in_force,
      ...(target && { target }),
      issuer: { role: r.issuer_role, personIds: ids },
      channel: r.channel,
    },
  };
}

/** The client's disclosure consents for the access engine (D07-R63…R69, R104), as stored up to now. */
export async function loadDisclosureConsent(db: Db, clientId: string): Promise<DisclosureConsentFacts> {
  return consentFactsOf(await loadWillExpressionVersions(db, clientId));
}

/** Facts the VYT rules need for one document, read at `now`. */
export async function loadWillExpressionFacts(db: Db, expression: WillExpression, setId: string, now: Date): Promise<WillExpressionFacts> {
  const day = finnishDay(now);
  const inForce = sql<boolean>`valid_from <= ${day}::date AND (valid_to IS NULL OR valid_to >= ${day}::date)`;
  const [all, guardians, mandates, documents] = await Promise.all([
    loadWillExpressionVersions(db, expression.clientId),
    db.selectFrom("guardianships").select("guardian_id").where("child_id", "=", expression.clientId).where(inForce).execute(),
    db.selectFrom("mandates").select("agent_id").where("principal_id", "=", expression.clientId).where(inForce).execute(),
    sql<{ set_id: string; guardian: string | null; delayed: string | null }>`
      SELECT v.set_id, v.metadata ->> 'guardianDisclosure' AS guardian, v.metadata ->> 'delayedUntil' AS delayed
        FROM document_versions v
       WHERE v.metadata -> 'clients' @> ${JSON.stringify([expression.clientId])}::jsonb
         AND NOT EXISTS (SELECT 1 FROM document_versions n WHERE n.set_id = v.set_id AND n.version_number > v.version_number)`.execute(db),
  ]);
  const live = all.filter((v) => !all.some((c) => c.cancelled && c.setId === v.setId));
  const kanta = live.find((v) => v.expression.kind === "kanta-information");
  return {
    clientAgeYears: ageOn(expression.clientId, now) ?? 0,
    ...(kanta && { kantaInformation: { issuerRole: kanta.expression.issuer.role, storedAt: kanta.storedAt } }),
    guardianIds: guardians.map((g) => g.guardian_id),
    mandateHolderIds: mandates.map((m) => m.agent_id),
    previousVersions: all.filter((v) => v.setId === setId),
    guardianHiddenSetIds: documents.rows.filter((d) => d.guardian === "2" || d.guardian === "4").map((d) => d.set_id),
    delayedDisplaySetIds: documents.rows.filter((d) => d.delayed !== null && d.delayed > day).map((d) => d.set_id),
  };
}

/**
 * The VYT checks of one will-expression document, on the state `db` sees. Returns the findings (an
 * error refuses) and, when allowed, a writer of its will_expressions row for the store transaction.
 */
export async function checkWillExpression(db: Db, metadata: DocumentMetadata, body: DocumentBody, operation: WillOperation, recordedBy: string, now: Date): Promise<{ findings: Finding[]; write?: (trx: Db) => Promise<void> }> {
  // A makulering re-sends the document; its content, when absent, is the stored first version's (D07-R43).
  const stored = operation === "cancel" ? (await loadWillExpressionVersions(db, metadata.clients[0] ?? "")).find((v) => v.setId === metadata.setId) : undefined;
  const expression = willExpressionOf(body) ?? stored?.expression;
  if (!expression) return { findings: [finding("WILL-CONTENT-INVALID", JSON_XPATH, "the will-expression content (asiakkaat, tahdonilmaisu, antaja, kohde) could not be read")] };
  if (!metadata.clients.includes(expression.clientId)) return { findings: [finding("WILL-CONTENT-INVALID", JSON_XPATH, `client ${expression.clientId} is not the document's client`)] };
  const facts = await loadWillExpressionFacts(db, expression, metadata.setId, now);
  const decision = decideWillExpression(operation, expression, facts);
  if (!decision.allow) {
    const code = decision.code as ErrorCode;
    return { findings: [finding(code, JSON_XPATH, `${decision.reason} [${decision.rule} ${decision.seedLines}]`)] };
  }
  // A makulering repeats the first version's content: its row marks the set cancelled.
  const stated = operation === "cancel" ? (facts.previousVersions[0]?.expression ?? expression) : expression;
  const target = stated.target;
  const write = async (trx: Db) => {
    await trx
      .withTables<WillExpressionTables>()
      .insertInto("will_expressions")
      .values({
        version_id: metadata.documentId,
        set_id: metadata.setId,
        version_number: metadata.versionNumber,
        client_id: stated.clientId,
        kind: stated.kind,
        sector: stated.sector,
        positive: stated.positive ?? null,
        in_force: stated.inForce,
        target_kind: target?.kind ?? null,
        target_value: target ? (target.kind === "controller" ? target.oid : target.kind === "service-task" ? target.code : target.kind === "document" ? target.setId : null) : null,
        target_code_system: target?.kind === "service-task" ? target.codeSystem : null,
        issuer_role: stated.issuer.role,
        issuer_ids: JSON.stringify(stated.issuer.personIds),
        channel: stated.channel,
        recorded_by: recordedBy,
        cancelled: operation === "cancel",
        stored_at: now,
      })
      .execute();
  };
  return { findings: [], write };
}
