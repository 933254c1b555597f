import type { FastifyInstance } from "fastify";
import type { Clock } from "../clock.js";
import { errorEntry } from "../errors/catalogue.js";
import type { TrustStore } from "../signature/trust.js";
import { validateMessage } from "./validate.js";

export interface ValidatePluginOptions {
  trust: TrustStore;
  strictMode: boolean;
  clock: Clock;
}

/** The request shape of Kanta's public validation service: frame and document as separate XML strings. */
const kantaValidateBody = {
  type: "object",
  required: ["siirtokehysXml"],
  properties: {
    messageId: { type: "string" },
    palveluPyynto: { type: "string" },
    level: { anyOf: [{ type: "string" }, { type: "integer" }] },
    siirtokehysXml: { type: "string", minLength: 1 },
    asiakirjaXml: { type: "string" },
  },
} as const;

/**
 * `POST /validate`: the same JSON in and out as Kanta's public validation service, so scripts
 * written against it run offline against the simulator. Findings come back in `description` as
 * "1: …;2: …" (Finnish texts, as the real service answers), and also structured in `findings`.
 */
export async function validatePlugin(app: FastifyInstance, options: ValidatePluginOptions): Promise<void> {
  app.post<{ Body: { messageId?: string; palveluPyynto?: string; level?: string | number; siirtokehysXml: string; asiakirjaXml?: string } }>(
    "/validate",
    { schema: { body: kantaValidateBody } },
    async (request) => {
      const body = request.body;
      const outcome = await validateMessage({
        frame: body.siirtokehysXml,
        ...(body.asiakirjaXml && { document: body.asiakirjaXml }),
        trust: options.trust,
        at: request.archiveNow ?? options.clock(),
        strictMode: options.strictMode,
      });
      const description = outcome.findings.map((f, i) => `${i + 1}: ${f.code} ${f.location}: ${errorEntry(f.code).fi}`).join(";");
      return { description, messageId: body.messageId ?? null, result: outcome.result, findings: outcome.findings.map((f) => ({ ...f, text: { fi: errorEntry(f.code).fi, sv: errorEntry(f.code).sv, en: errorEntry(f.code).en } })) };
    },
  );
}
