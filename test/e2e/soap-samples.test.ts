import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import * as soap from "soap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { readSampleManifest, sampleRequestBody, SAMPLES_DIR, type SampleEntry } from "../../src/samples/generate.js";
import { parseSoapFault } from "../../src/soap/envelope.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

/**
 * Every sample in hl7/samples/, in manifest order, through the `soap` npm package reading the served
 * WSDL: AA for each valid sample, the named error for each invalid one (the file name is the code).
 * The client's generated envelope is replaced by the sample's bytes (node-soap `postProcess`), so the
 * request on the wire is exactly the sample.
 */
describe("hl7/samples through the soap package (issue 3 acceptance)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let clients: Record<"1.1" | "1.2", soap.Client>;
  let base: string;
  const manifest = readSampleManifest();

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    base = await app.listen({ port: 0, host: "127.0.0.1" });
    const wsdl = `${base}/soap/archive?wsdl`;
    clients = {
      "1.1": await soap.createClientAsync(wsdl),
      "1.2": await soap.createClientAsync(wsdl, { forceSoap12Headers: true }),
    };
    for (const c of Object.values(clients)) c.setEndpoint(`${base}/soap/archive`);
  });
  afterAll(async () => app.close());

  it("the manifest names every sample file, and each invalid file is named after its code", () => {
    const files = ["valid", "invalid"].flatMap((d) => readdirSync(join(SAMPLES_DIR, d)).map((f) => `${d}/${f}`));
    expect(manifest.map((e) => e.file).sort()).toEqual(files.sort());
    expect(manifest.filter((e) => e.file.startsWith("invalid/")).length).toBeGreaterThanOrEqual(25);
    for (const entry of manifest.filter((e) => e.file.startsWith("invalid/"))) {
      const code = entry.expect.kind === "fault" || entry.expect.typeCode !== "AA" ? (entry.expect as { code: string }).code : undefined;
      expect(entry.file.replace(/^invalid\//, "").replace(/(--.*)?\.xml$/, "")).toBe(code);
    }
  });

  async function send(entry: SampleEntry): Promise<{ ack?: ReturnType<typeof parseAcknowledgement>; fault?: ReturnType<typeof parseSoapFault>; status?: number }> {
    const raw = sampleRequestBody(entry);
    const client = clients[entry.soapVersion];
    const operation = (client as unknown as Record<string, (args: unknown, options: unknown, headers: unknown) => Promise<[unknown, string]>>)["RCMR_IN200002FI01Async"]!;
    try {
      const [, rawResponse] = await operation.call(client, {}, { postProcess: () => raw }, { "Content-Type": entry.contentType });
      return { ack: parseAcknowledgement(rawResponse) };
    } catch (e) {
      const err = e as { body?: string; response?: { status?: number } };
      if (!err.body) throw e;
      return { fault: parseSoapFault(err.body), status: err.response?.status };
    }
  }

  for (const entry of manifest) {
    it(`${entry.file}: ${entry.description}`, { timeout: 60_000 }, async () => {
      const result = await send(entry);
      const expected = entry.expect;
      if (expected.kind === "fault") {
        expect(result.fault?.codes, JSON.stringify(result)).toContain(expected.code);
        return;
      }
      expect(result.ack, JSON.stringify(result.fault)).toBeDefined();
      const ack = result.ack!;
      if (expected.typeCode === "AA") {
        expect(ack.details.filter((d) => d.typeCode === "E"), JSON.stringify(ack.details)).toEqual([]);
        expect(ack.typeCode).toBe("AA");
      } else {
        expect({ typeCode: ack.typeCode, codes: ack.details.map((d) => d.code) }).toEqual({ typeCode: expected.typeCode, codes: expect.arrayContaining([expected.code]) });
        const detail = ack.details.find((d) => d.code === expected.code)!;
        // Every refusal is explained in three languages and located.
        expect(detail.text.fi.length * detail.text.sv.length * detail.text.en.length).toBeGreaterThan(0);
        expect(detail.location).toMatch(/^\//);
      }
    });
  }

  it("stored exactly the valid samples, as versions with their exact bytes, and nothing from the invalid ones", async () => {
    const versions = await t.database.db.selectFrom("document_versions").select(["version_id", "status"]).execute();
    expect(versions.length).toBe(manifest.filter((e) => e.file.startsWith("valid/")).length);
    expect(versions.filter((v) => v.status === "cancelled")).toHaveLength(1);
  });
});
