import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { SAMPLES_DIR } from "../../src/samples/generate.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const sample = (file: string) => readFileSync(join(SAMPLES_DIR, file), "utf8");

/** The frame and the document of a sample as two separate XML strings, as Kanta's validator takes them. */
function splitSample(file: string): { frame: string; document: string } {
  const envelope = sample(file);
  const frame = envelope.slice(envelope.indexOf("<RCMR_IN200002FI01"), envelope.indexOf("</RCMR_IN200002FI01>") + "</RCMR_IN200002FI01>".length);
  const base64 = /representation="B64"[^>]*>([^<]+)</.exec(frame)![1]!;
  return { frame: frame.replace(base64, ""), document: Buffer.from(base64, "base64").toString("utf8") };
}

describe("POST /validate: Kanta's validation-service JSON shape, offline", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
  });
  afterAll(async () => app.close());

  it("answers an empty description for a valid frame + document given apart, and stores nothing", async () => {
    const { frame, document } = splitSample("valid/03-client-document-professional.xml");
    const res = await app.inject({ method: "POST", url: "/validate", payload: { messageId: "m-1", palveluPyynto: "SP1", level: 1, siirtokehysXml: frame, asiakirjaXml: document } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ description: "", result: "AA", findings: [] });
    expect(await t.database.db.selectFrom("document_versions").select("version_id").execute()).toEqual([]);
  });

  it('numbers the findings "1: …;2: …" with code, location and Finnish text', async () => {
    const { frame, document } = splitSample("valid/03-client-document-professional.xml");
    const tampered = document.replace("Bedömningen är klar.", "Bedömningen är ändrad.");
    const res = await app.inject({ method: "POST", url: "/validate", payload: { siirtokehysXml: frame, asiakirjaXml: tampered } });
    const body = res.json() as { description: string; result: string; findings: { code: string }[] };
    expect(body.result).toBe("AE");
    expect(body.description).toMatch(/^1: SIG-DIGEST-MISMATCH \/ClinicalDocument\S*: \S.+/);
    expect(body.findings.map((f) => f.code)).toEqual(["SIG-DIGEST-MISMATCH"]);
  });

  it("takes a whole SOAP envelope with the document inside as the frame", async () => {
    const res = await app.inject({ method: "POST", url: "/validate", payload: { siirtokehysXml: sample("invalid/SIG-CERT-REVOKED.xml") } });
    expect(res.json()).toMatchObject({ result: "AE", findings: [expect.objectContaining({ code: "SIG-CERT-REVOKED" })] });
  });

  it("answers 400 when siirtokehysXml is missing", async () => {
    const res = await app.inject({ method: "POST", url: "/validate", payload: { asiakirjaXml: "<x/>" } });
    expect(res.statusCode).toBe(400);
  });
});
