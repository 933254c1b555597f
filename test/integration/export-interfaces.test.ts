/**
 * Issue 10: the two doors to the Sosdata export — the admin API (GET /admin/api/export/sosdata) and the
 * CLI (`kanta-sim export sosdata`) — over one small archive stored through the real store path. Both give
 * the rows exportSosdata derives, and both refuse wrong parameters with the codes of src/export/errors.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { storeVersion } from "../../src/archive/store.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { registerExportCommands } from "../../src/export/cli.js";
import { EXPORT_ERRORS } from "../../src/export/errors.js";
import { exportPlugin } from "../../src/export/plugin.js";
import { exportSosdata } from "../../src/export/sosdata.js";
import type { DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { clientDocumentMetadata, TEST_SIGNER, testOid } from "../support/metadata.js";

const t = useTestDatabase();
const ORGANISER = "1.2.246.10.99990001.10.0"; // the seeded test world's welfare region
const CLIENT = "101093-9956";
const PERIOD = { from: "2023-01-01", to: "2023-03-31", organiserOid: ORGANISER };
const STORED_AT = new Date("2023-04-01T08:00:00Z");

async function store(metadata: DocumentMetadata, json: Record<string, unknown>, jsonSchemaOid: string): Promise<void> {
  const body = { xhtml: "<paragraph>Testhandling.</paragraph>", json, jsonSchemaOid };
  const stored = await storeVersion(t.database.db, { metadata, content: new TextEncoder().encode(buildCdaDocument(metadata, body)), signer: TEST_SIGNER, messageId: randomUUID(), receivedAt: STORED_AT, body });
  expect(stored.ok, JSON.stringify(stored.findings)).toBe(true);
}

/** A case (Äldreservice, opened in the period), the client's KR with a home-care unit, and a positive decision [S003 L45, L64, L114]. */
async function storeSmallArchive(): Promise<void> {
  const task = { code: "23", codeSystem: CODE_SYSTEMS.serviceTask };
  await store(
    clientDocumentMetadata({ documentGroup: "case", clients: [CLIENT], caseId: testOid("1.2.246.10.99990001.56"), caseOpenedAt: "2023-01-10", caseStatus: { code: "1", codeSystem: CODE_SYSTEMS.caseStatus }, serviceTasks: [task] }),
    { asiakkaat: [CLIENT], asiaAvattu: "2023-01-10", asianTila: "avoin" },
    "1.2.246.10.99990000.6.3",
  );
  const kr = clientDocumentMetadata({ documentGroup: "client-relationship", clients: [CLIENT], serviceTasks: [] });
  delete kr.caseId;
  await store(
    kr,
    { asiakkaat: [CLIENT], asiakkuusAlkanut: "2023-01-10", palvelutehtava: "23", serviceTasks: [{ serviceTask: task, organiserUnits: [{ serviceUnitOid: "1.2.246.10.99990001.10.104", start: "2023-01-12", socialServices: ["15"] }] }] },
    "1.2.246.10.99990000.6.2",
  );
  await store(
    clientDocumentMetadata({
      clients: [CLIENT],
      createdAt: "2023-01-11T10:00:00+02:00",
      serviceTasks: [task],
      socialServices: [{ code: "15", codeSystem: CODE_SYSTEMS.socialService }],
      generalType: { code: "12", codeSystem: CODE_SYSTEMS.generalType },
      specificType: { code: "308", codeSystem: CODE_SYSTEMS.specificType },
    }),
    { asiakkaat: [CLIENT], paatos: "myönteinen", paatospaiva: "2023-01-11", perustelut: "Behov av hemvård.", voimassaoloAlkaa: "2023-01-12" },
    "1.2.246.10.99990000.6.5",
  );
}

beforeAll(storeSmallArchive);

describe("admin API GET /admin/api/export/sosdata", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    // Until the lead registers the plugin in buildApp (ENABLE_ADMIN), the test registers it itself.
    if (!app.hasRoute({ method: "GET", url: "/admin/api/export/sosdata" })) await app.register(exportPlugin);
    await app.ready();
  });
  afterAll(async () => app.close());
  const get = (query: string, headers: Record<string, string> = {}) => app.inject({ method: "GET", url: `/admin/api/export/sosdata?${query}`, headers });

  it("answers JSON by default with every family, the same rows exportSosdata derives [S003 L45, L64, L114]", async () => {
    const res = await get(`from=2023-01-01&to=2023-03-31&organiser=${ORGANISER}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const body = res.json();
    const expected = await exportSosdata(t.database.db, { ...PERIOD, format: "json" });
    expect(body).toEqual(JSON.parse(JSON.stringify(expected.format === "json" && expected.json)));
    expect(body).toMatchObject({ format: "kanta-sim/sosdata", formatVersion: 1, period: PERIOD });
    expect(body.clientRelationshipPeriods).toEqual([{ organiserOid: ORGANISER, client: CLIENT, serviceTask: "23", start: "2023-01-10", caseIds: [expect.any(String)] }]);
    expect(body.socialServices.map((r: { source: string; decisionCategory?: string }) => [r.source, r.decisionCategory ?? ""])).toEqual([
      ["service-decision", "positive-made-in-period"],
      ["service-unit-relationship", ""],
    ]);
  });

  it.each(["clientRelationshipPeriods", "childProtectionRelationships", "socialServices", "completeness"] as const)("format=csv&family=%s answers that one RFC 4180 file", async (family) => {
    const res = await get(`from=2023-01-01&to=2023-03-31&organiser=${ORGANISER}&format=csv&family=${family}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toBe(`attachment; filename="sosdata-${family}-2023-01-01-2023-03-31.csv"`);
    const expected = await exportSosdata(t.database.db, { ...PERIOD, format: "csv" });
    expect(res.body).toBe(expected.format === "csv" && expected.files[family]);
  });

  it("reads the archive as it stood at the request's archive time (X-Kanta-Sim-Now) [D05-R29 L20568-20570]", async () => {
    const res = await get(`from=2023-01-01&to=2023-03-31&organiser=${ORGANISER}`, { "x-kanta-sim-now": "2023-03-31T12:00:00Z" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ clientRelationshipPeriods: [], childProtectionRelationships: [], socialServices: [], completeness: [] });
  });

  it.each([
    ["to=2023-03-31&organiser=1.2.3", "EXPORT-PARAMETER-MISSING", 400],
    ["from=2023-01-01&to=2023-03-31", "EXPORT-PARAMETER-MISSING", 400],
    ["from=2023-02-30&to=2023-03-31&organiser=1.2.3", "EXPORT-DATE-INVALID", 400],
    ["from=2023-1-1&to=2023-03-31&organiser=1.2.3", "EXPORT-DATE-INVALID", 400],
    ["from=2023-01-01&from=2023-01-02&to=2023-03-31&organiser=1.2.3", "EXPORT-DATE-INVALID", 400],
    ["from=2023-04-01&to=2023-03-31&organiser=1.2.3", "EXPORT-PERIOD-REVERSED", 400],
    ["from=2023-01-01&to=2023-03-31&organiser=not-an-oid", "EXPORT-ORGANISER-INVALID", 400],
    ["from=2023-01-01&to=2023-03-31&organiser=1.2.246.10.99990001.999.0", "EXPORT-ORGANISER-UNKNOWN", 404],
    ["from=2023-01-01&to=2023-03-31&organiser=1.2.3&format=xml", "EXPORT-FORMAT-UNKNOWN", 400],
    ["from=2023-01-01&to=2023-03-31&organiser=1.2.3&format=csv", "EXPORT-PARAMETER-MISSING", 400],
    ["from=2023-01-01&to=2023-03-31&organiser=1.2.3&format=csv&family=periods", "EXPORT-FAMILY-UNKNOWN", 400],
    ["from=2023-01-01&to=2023-03-31&organiser=1.2.3&family=socialServices", "EXPORT-PARAMETER-UNKNOWN", 400],
    ["from=2023-01-01&to=2023-03-31&organiser=1.2.3&client=x", "EXPORT-PARAMETER-UNKNOWN", 400],
  ])("%s → %s", async (query, code, status) => {
    const res = await get(query);
    expect(res.statusCode).toBe(status);
    const entry = EXPORT_ERRORS[code as keyof typeof EXPORT_ERRORS];
    expect(res.json()).toMatchObject({ error: code, message: entry.en, text: { fi: entry.fi, sv: entry.sv, en: entry.en }, detail: expect.any(String) });
  });
});

describe("kanta-sim export sosdata", () => {
  let out: string | undefined;
  afterEach(() => {
    process.exitCode = undefined;
    if (out) rmSync(out, { recursive: true, force: true });
    out = undefined;
  });

  async function run(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
    let stdout = "";
    let stderr = "";
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
    registerExportCommands(program, {
      openArchive: async () => t.database,
      closeArchive: async () => undefined, // the test file's database stays open for the other tests
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
    });
    process.exitCode = undefined;
    await program.parseAsync(["export", "sosdata", ...args], { from: "user" });
    const exitCode = process.exitCode as number | undefined;
    process.exitCode = undefined;
    return { stdout, stderr, exitCode };
  }

  it("prints the JSON on stdout and a progress line on stderr", async () => {
    const r = await run(["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", ORGANISER]);
    expect(r.exitCode).toBeUndefined();
    const expected = await exportSosdata(t.database.db, { ...PERIOD, format: "json" });
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected.format === "json" && expected.json)));
    expect(r.stderr).toMatch(/^export sosdata: .*organiser 1\.2\.246\.10\.99990001\.10\.0, follow-up period 2023-01-01 – 2023-03-31, json\n/);
    expect(r.stderr).toContain("1 client-relationship periods, 0 child-protection relationships, 2 social-service rows");
  });

  it("--format csv --out DIR writes the four files", async () => {
    out = mkdtempSync(join(tmpdir(), "sosdata-"));
    const r = await run(["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", ORGANISER, "--format", "csv", "--out", out]);
    expect(r.exitCode).toBeUndefined();
    expect(r.stdout).toBe("");
    const expected = await exportSosdata(t.database.db, { ...PERIOD, format: "csv" });
    if (expected.format !== "csv") throw new Error("csv expected");
    expect(readdirSync(out).sort()).toEqual(["childProtectionRelationships", "clientRelationshipPeriods", "completeness", "socialServices"].map((f) => `sosdata-${f}-2023-01-01-2023-03-31.csv`));
    for (const [family, text] of Object.entries(expected.files)) expect(readFileSync(join(out, `sosdata-${family}-2023-01-01-2023-03-31.csv`), "utf8")).toBe(text);
  });

  it("--format csv --family F without --out prints that one file", async () => {
    const r = await run(["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", ORGANISER, "--format", "csv", "--family", "clientRelationshipPeriods"]);
    expect(r.stdout).toMatch(/^organiser_oid,client,service_task,start,end,case_ids\r\n1\.2\.246\.10\.99990001\.10\.0,101093-9956,23,2023-01-10,,/);
  });

  it.each([
    [["--from", "2023-13-01", "--to", "2023-03-31", "--organiser", ORGANISER], "EXPORT-DATE-INVALID", 2],
    [["--from", "2023-04-01", "--to", "2023-03-31", "--organiser", ORGANISER], "EXPORT-PERIOD-REVERSED", 2],
    [["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", "x"], "EXPORT-ORGANISER-INVALID", 2],
    [["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", ORGANISER, "--format", "xml"], "EXPORT-FORMAT-UNKNOWN", 2],
    [["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", "1.2.246.10.99990001.999.0"], "EXPORT-ORGANISER-UNKNOWN", 1],
    [["--from", "2023-01-01", "--to", "2023-03-31", "--organiser", ORGANISER, "--format", "csv"], "--out DIR", 2],
  ])("%j → %s, exit %d, nothing on stdout", async (args, message, exitCode) => {
    const r = await run(args);
    expect(r.exitCode).toBe(exitCode);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe("");
  });

  it("a missing required option is refused by the command line parser", async () => {
    await expect(run(["--from", "2023-01-01", "--to", "2023-03-31"])).rejects.toThrow(/--organiser/);
  });
});
