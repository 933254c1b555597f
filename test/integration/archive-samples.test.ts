/**
 * The reference samples against the wired storage checks, in manifest order on a fresh archive
 * (buildApp + inject; test/e2e/soap-samples.test.ts sends the same bytes through the `soap` client).
 * The storage samples are each refused by exactly their own code and nothing else, so a vendor
 * reading one sees one rule; the valid ones pass every check with no warning either.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { readSampleManifest, sampleRequestBody } from "../../src/samples/generate.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

/** The sample files of the storage-check families (issue 4), named after their codes. */
const STORAGE_SAMPLES = [
  "STR-CASE-MISSING", // D06-R12 L25940-25948
  "VER-NUMBER-NOT-NEXT", // D06-R14 L25952-25954
  "STR-CANCEL-HAS-DEPENDANTS", // D07-R40 L29300-29314
  "CLI-PIC-INVALID", // D06-R18 L25968-25970
  "MET-MANDATORY-MISSING", // D07-R25 L27591-27603
  "MET-CODE-UNKNOWN", // D06-R24 L25988-25990
  "MIN-GUARDIAN-DISCLOSURE-MISSING", // D06-R22 L25978-25980
  "SCHEMA-INVALID", // D07-R01 L26539-26541
];

describe("hl7/samples on the wired archive", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  const manifest = readSampleManifest();
  const outcomes = new Map<string, ReturnType<typeof parseAcknowledgement>>();

  beforeAll(async () => {
    // Strict mode: the valid samples must not even carry a client-system warning.
    app = await buildApp(testConfig({ strictMode: true }), { database: t.database });
    for (const entry of manifest) {
      if (entry.expect.kind === "fault") continue;
      const res = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": entry.contentType }, payload: sampleRequestBody(entry) });
      outcomes.set(entry.file, parseAcknowledgement(res.body));
    }
  });
  afterAll(async () => app.close());

  it("every valid sample is accepted with no finding at all, in strict mode [D06-R12 L25940-25948]", () => {
    for (const entry of manifest.filter((e) => e.file.startsWith("valid/"))) {
      const ack = outcomes.get(entry.file)!;
      expect({ file: entry.file, typeCode: ack.typeCode, details: ack.details.map((d) => d.code) }).toEqual({ file: entry.file, typeCode: "AA", details: [] });
    }
  });

  it.each(STORAGE_SAMPLES)("invalid/%s.xml is refused with exactly its code", (code) => {
    const ack = outcomes.get(`invalid/${code}.xml`);
    expect(ack, `no sample invalid/${code}.xml`).toBeDefined();
    expect({ typeCode: ack!.typeCode, codes: ack!.details.map((d) => d.code) }).toEqual({ typeCode: "AE", codes: [code] });
  });
});
