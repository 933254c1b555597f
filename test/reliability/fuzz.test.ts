/**
 * Fuzzing, quick set (issue #9): ~300 generated malformed and hostile messages (every family of
 * scripts/reliability/lib/fuzz-cases.ts: mutations of the valid samples, broken XML, deep nesting,
 * huge attributes, wrong namespaces, truncated base64, invalid JSON, invalid UTF-8, oversize, XXE,
 * billion laughs, SOAP 1.1/1.2 confusion, fast-check bytes and XML trees) sent to the in-process app
 * over its real database. Each is answered with a SOAP Fault or AE/AR (or a 4xx JSON answer on
 * /validate); nothing is stored; the app still answers afterwards. The full set (10 000 cases against
 * a real server process, with RSS) is `npm run reliability` (scripts/reliability/fuzz.ts).
 * DESIGN §9 (hostile input), D02-R02 L6045-6053 (SOAP versions and Content-Types).
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { FAMILIES, fuzzCases, judge, validSamples } from "../../scripts/reliability/lib/fuzz-cases.js";
import { classifyAnswer } from "../../scripts/reliability/lib/wire.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

const BODY_LIMIT = 1024 * 1024;
const COUNT = Number(process.env.FUZZ_QUICK_CASES ?? 300);

describe("fuzzing: hostile and malformed messages are refused, never stored [DESIGN §9]", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;

  const countVersions = async () => Number((await t.database.db.selectFrom("document_versions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    app = await buildApp(testConfig({ maxBodyBytes: BODY_LIMIT }), { database: t.database });
    // The valid samples first: a mutation that leaves a store request intact is then a duplicate (AE), not a new store.
    for (const sample of validSamples()) {
      const response = await app.inject({ method: "POST", url: "/soap/archive", headers: { "content-type": sample.contentType }, payload: sample.content });
      expect(classifyAnswer(response.statusCode, response.body), sample.file).toMatchObject({ kind: "ack", typeCode: "AA" });
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`${COUNT} cases over ${FAMILIES.length} families: every answer a Fault or AE/AR, document_versions unchanged, the app alive`, { timeout: 240_000 }, async () => {
    const cases = fuzzCases({ seed: 9, count: COUNT, bodyLimit: BODY_LIMIT });
    const before = await countVersions();
    const failures: string[] = [];
    const perFamily = new Map<string, number>();
    for (const [i, c] of cases.entries()) {
      const response = await app.inject({ method: "POST", url: c.path, headers: c.contentType ? { "content-type": c.contentType } : {}, payload: c.body });
      const problem = judge(c, response.statusCode, response.body, classifyAnswer);
      if (problem) failures.push(`#${i} [${c.family}] ${c.name}: ${problem}`);
      perFamily.set(c.family, (perFamily.get(c.family) ?? 0) + 1);
    }
    expect(failures).toEqual([]);
    expect(new Set(perFamily.keys())).toEqual(new Set(FAMILIES));
    expect(await countVersions()).toBe(before);
    const health = await app.inject({ method: "GET", url: "/health" });
    expect(health.json()).toMatchObject({ status: "ok" });
  });
});
