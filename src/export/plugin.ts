/**
 * Admin API of the Sosdata export: GET /admin/api/export/sosdata?from=&to=&organiser=&format=json|csv&family=
 * JSON (default) answers every family in one document; CSV answers one file per request, chosen by
 * `family` (clientRelationshipPeriods | childProtectionRelationships | socialServices | completeness), so
 * no archive format or multipart answer is needed. The archive's "now" of the request (X-Kanta-Sim-Now
 * when the test clock is enabled) decides which stored versions are seen. Registered under ENABLE_ADMIN.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { EXPORT_ERRORS, type ExportErrorCode } from "./errors.js";
import { checkExportRequest } from "./request.js";
import { exportSosdata } from "./sosdata.js";

/** The refusal body of the admin API: stable code, the three texts, a concrete detail. */
export function sendExportError(reply: FastifyReply, code: ExportErrorCode, detail: string): FastifyReply {
  const entry = EXPORT_ERRORS[code];
  return reply.code(entry.http).send({ error: code, message: entry.en, text: { fi: entry.fi, sv: entry.sv, en: entry.en }, detail });
}

/** True when the organiser keeps at least one register in the archive. */
export async function organiserHasRegister(app: FastifyInstance | { archiveDb: FastifyInstance["archiveDb"] }, organiserOid: string): Promise<boolean> {
  const row = await app.archiveDb.db.selectFrom("registers").select("id").where("organiser_oid", "=", organiserOid).executeTakeFirst();
  return row !== undefined;
}

export async function exportPlugin(app: FastifyInstance): Promise<void> {
  app.get("/admin/api/export/sosdata", async (request, reply) => {
    const check = checkExportRequest((request.query ?? {}) as Record<string, unknown>, { familyRequiredForCsv: true });
    if (!check.ok) return sendExportError(reply, check.code, check.detail);
    const { from, to, organiserOid, format, family } = check.request;
    if (!(await organiserHasRegister(app, organiserOid))) return sendExportError(reply, "EXPORT-ORGANISER-UNKNOWN", organiserOid);
    const result = await exportSosdata(app.archiveDb.db, { from, to, organiserOid, format, at: request.archiveNow });
    if (result.format === "json") return reply.type("application/json; charset=utf-8").send(result.json);
    return reply
      .type("text/csv; charset=utf-8; header=present")
      .header("content-disposition", `attachment; filename="sosdata-${family!}-${from}-${to}.csv"`)
      .send(result.files[family!]);
  });
}
