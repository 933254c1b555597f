import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { runDemo, type DemoResult } from "../../src/demo/demo.js";
import { mittkantaPlugin } from "../../src/mittkanta/plugin.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";

/**
 * The MittKanta citizen API over documents stored through the real SOAP endpoint by `kanta-sim demo`
 * (KR, case, assessment v1 → v2, three journal entries of which one makulerad, a scanned PDF).
 */
describe("MittKanta citizen API (/mittkanta/api)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  let demo: DemoResult;
  const GUARDIAN = makePersonalIdentityCode("1980-03-14", 931);
  const STRANGER = makePersonalIdentityCode("1975-07-02", 944);

  const login = async (personId: string, prefix = "", at?: string) => {
    const headers = { "content-type": "application/json", ...(at && { "x-kanta-sim-now": at }) };
    const res = await fetch(`${url}${prefix}/mittkanta/api/session`, { method: "POST", headers, body: JSON.stringify({ personId }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  const get = async (path: string, token?: string) => {
    const res = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const setIdOf = (title: string) => {
    const step = demo.steps.find((s) => s.title.includes(title));
    return step?.detail.match(/AA, (\S+) v/)?.[1];
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    // A second instance of the API with explain mode on, under its own prefix (the default app has it off).
    await app.register(mittkantaPlugin, { phase: 1, explain: true, prefix: "/explain-on" } as never);
    url = await app.listen({ port: 0, host: "127.0.0.1" });
    demo = await runDemo({ url });
    const person = (personId: string, given: string, birth: string) => ({ person_id: personId, given_name: given, family_name: "Testsson", birth_date: birth, non_disclosure: false, is_temporary_id: false });
    await t.database.db.insertInto("persons").values([person(GUARDIAN, "Gustav", "1980-03-14"), person(STRANGER, "Stina", "1975-07-02")]).execute();
    await t.database.db.insertInto("persons").values(person(demo.client, "Klient", "1960-01-01")).onConflict((oc) => oc.doNothing()).execute();
    await t.database.db.insertInto("guardianships").values({ id: "g-mk-1", guardian_id: GUARDIAN, child_id: demo.client, kind: "appointed", valid_from: "2000-01-01", valid_to: null, custody_arrangement: "none" } as never).execute();
  }, 120_000);
  afterAll(async () => app.close());

  it("the demo stored everything over SOAP (precondition)", () => {
    expect(demo.steps.filter((s) => !s.ok)).toEqual([]);
  });

  it("shows the client his own documents, each at its latest version only, newest first [D03-R02 L7630-7636, D03-R16 L7723-7727, D03-R32 L8110-8118]", async () => {
    const token = await login(demo.client);
    const { status, body } = await get(`/mittkanta/api/people/${demo.client}/documents`, token);
    expect(status).toBe(200);
    expect(body.viewerRole).toBe("client");
    const assessment = setIdOf("assessment, version 2");
    expect(body.documents.map((d: { setId: string }) => d.setId)).toEqual([assessment, setIdOf("case (ärendehandling)")]);
    // The earlier version 1 of the assessment never appears; version 2 carries the correction flag.
    expect(body.documents[0]).toMatchObject({ versionNumber: 2, corrected: true, title: "Bedömning av servicebehov", controller: { oid: "1.2.246.10.99990001.10.0" } });
  });

  it("never shows the makulerad journal entry and shows the info text because of it [D03-R32 L8110-8118, D03-R06 L7660-7671]", async () => {
    const { body } = await get(`/mittkanta/api/people/${demo.client}/documents`, await login(demo.client));
    const cancelled = setIdOf("makulering of a journal entry");
    expect(cancelled).toBeDefined();
    expect(body.documents.some((d: { setId: string }) => d.setId === cancelled)).toBe(false);
    expect(body.infoText).toMatchObject({ rule: "D03-R06", sv: expect.stringContaining("MittKanta") });
  });

  it("hides journal entries, the old-form scanned document and the KR document in phase 1 [D03-R25 L7794-7816, D03-R22 L7770-7780, D03-R23 L7780-7785]", async () => {
    const { body } = await get(`/mittkanta/api/people/${demo.client}/documents`, await login(demo.client));
    const shown = body.documents.map((d: { title: string }) => d.title);
    for (const hidden of ["Anteckning i klientjournal", "Anteckning om telefonsamtal", "Skannad ansökan", "Klientrelationshandling"]) expect(shown).not.toContain(hidden);
  });

  it("marks documents stored after the previous login as Ny, and not after a later login [D03-R15 L7688-7692]", async () => {
    // A login dated before the demo stored anything (the test clock moves the archive's "now").
    await login(demo.client, "", "2026-01-01T08:00:00Z");
    const first = await get(`/mittkanta/api/people/${demo.client}/documents`, await login(demo.client));
    expect(first.body.documents[0].notices.map((n: { code: string }) => n.code)).toContain("NEW");
    const later = await get(`/mittkanta/api/people/${demo.client}/documents`, await login(demo.client));
    expect(later.body.documents[0].notices.map((n: { code: string }) => n.code)).not.toContain("NEW");
  });

  it.each([
    ["service task 26", "?serviceTask=26", 2],
    ["another service task", "?serviceTask=27", 0],
    ["a date range holding the documents", "?from=2026-11-28&to=2026-11-28", 2],
    ["a date range before them", "?from=2023-01-01&to=2026-11-27", 0],
  ])("filters the service-task view by %s [D03-R16 L7723-7727, D03-R17 L7729-7731]", async (_, query, count) => {
    const { status, body } = await get(`/mittkanta/api/people/${demo.client}/documents${query}`, await login(demo.client));
    expect([status, body.documents.length]).toEqual([200, count]);
  });

  it("sorts alphabetically on request [D03-R17 L7729-7731]", async () => {
    const { body } = await get(`/mittkanta/api/people/${demo.client}/documents?sort=name`, await login(demo.client));
    expect(body.documents.map((d: { title: string }) => d.title)).toEqual(["Ärendehandling", "Bedömning av servicebehov"].sort((a, b) => a.localeCompare(b, "sv")));
  });

  it.each([
    ["a date search before 1.1.2023", "?from=2022-06-01", 400, "MK-DATE-BEFORE-LOWER-BOUND"],
    ["a date that is not a date", "?from=yesterday", 400, "MK-QUERY-INVALID"],
    ["an unknown sort", "?sort=size", 400, "MK-QUERY-INVALID"],
  ])("refuses %s [D03-R17 L7729-7731]", async (_, query, status, code) => {
    const res = await get(`/mittkanta/api/people/${demo.client}/documents${query}`, await login(demo.client));
    expect([res.status, res.body.error]).toEqual([status, code]);
    expect(res.body.fi && res.body.sv && res.body.en).toBeTruthy();
  });

  it("refuses every view without a session, and a login with an invalid identity code [D03-R08 L7610-7616]", async () => {
    for (const path of ["/mittkanta/api/people", `/mittkanta/api/people/${demo.client}/documents`]) {
      expect((await get(path)).body.error).toBe("MK-SESSION-MISSING");
      expect((await get(path, "not-a-token")).status).toBe(401);
    }
    const res = await fetch(`${url}/mittkanta/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ personId: "010101-0000" }) });
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, "MK-PERSON-ID-INVALID"]);
  });

  it("refuses a person who is neither the client nor his guardian, with no document data [D03-R67 L8722-8736]", async () => {
    const res = await get(`/mittkanta/api/people/${demo.client}/documents`, await login(STRANGER));
    expect([res.status, res.body.error]).toEqual([403, "MK-PROXY-NOT-GUARDIAN"]);
    expect(res.body.documents).toBeUndefined();
  });

  it("lists the person a guardian is registered for as not eligible once adult, and refuses his view [D07-R91 L30599-30605]", async () => {
    const token = await login(GUARDIAN);
    const people = await get("/mittkanta/api/people", token);
    expect(people.body.people).toEqual([
      expect.objectContaining({ personId: GUARDIAN, role: "client", eligible: true }),
      expect.objectContaining({ personId: demo.client, role: "guardian", eligible: false, reason: "MK-PROXY-CHILD-ADULT", rule: "D07-R91", sv: expect.any(String) }),
    ]);
    const res = await get(`/mittkanta/api/people/${demo.client}/documents`, token);
    expect([res.status, res.body.error]).toEqual([403, "MK-PROXY-CHILD-ADULT"]);
  });

  it("explains every document with the rule that showed or hid it, only when explain mode is on [D03-R06 L7660-7671, D03-R07]", async () => {
    const off = await get(`/mittkanta/api/people/${demo.client}/explain`, await login(demo.client));
    expect([off.status, off.body.error]).toEqual([404, "MK-EXPLAIN-OFF"]);
    const on = await get(`/explain-on/mittkanta/api/people/${demo.client}/explain`, await login(demo.client, "/explain-on"));
    expect(on.status).toBe(200);
    const byTitle = Object.fromEntries(on.body.documents.map((d: { title: string; decision: { reason: string; rule: string } }) => [d.title, [d.decision.reason, d.decision.rule]]));
    expect(byTitle).toEqual({
      Klientrelationshandling: ["HIDDEN-CLIENT-RELATIONSHIP-PHASE-1-SCHEMA", "D03-R23"],
      Ärendehandling: ["SHOWN", "D03-R02"],
      "Bedömning av servicebehov": ["SHOWN", "D03-R02"],
      "Anteckning i klientjournal": ["HIDDEN-JOURNAL-ENTRY-PHASE-1", "D03-R25"],
      "Anteckning om telefonsamtal": ["HIDDEN-JOURNAL-ENTRY-PHASE-1", "D03-R25"],
      "Skannad ansökan": ["HIDDEN-OLD-OR-PHASE-1-DOCUMENT", "D03-R22"],
      "Anteckning om hembesök": ["HIDDEN-CANCELLED", "D03-R32"],
    });
    expect(on.body.infoText).not.toBeNull();
  });

  it("returns the display form with correction and signature details of the latest version [D03-R21 L7741-7743]", async () => {
    const token = await login(demo.client);
    const { status, body } = await get(`/mittkanta/api/people/${demo.client}/documents/${setIdOf("assessment, version 2")}`, token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ versionNumber: 2, display: { format: "xhtml", xhtml: expect.stringContaining("<") }, correction: { description: "Socialarbetare" }, signature: { signer: { kind: "professional" } } });
    for (const hidden of [setIdOf("makulering of a journal entry"), setIdOf("scanned application"), "1.2.246.10.99990001.99.1"]) {
      const res = await get(`/mittkanta/api/people/${demo.client}/documents/${hidden}`, token);
      expect([res.status, res.body.error]).toEqual([404, "MK-DOCUMENT-NOT-FOUND"]);
    }
  });

  it("landing page: the shown documents per service task newest first, the Ny count, the info text [D03-R10 L7694-7698, D03-R15 L7688-7692, D03-R06 L7660-7671]", async () => {
    await login(demo.client, "", "2026-01-01T08:00:00Z");
    const { status, body } = await get(`/mittkanta/api/people/${demo.client}/landing`, await login(demo.client));
    expect(status).toBe(200);
    expect(body.serviceTasks).toEqual([{ serviceTask: "26", name: "Service för personer i arbetsför ålder", newest: [expect.objectContaining({ setId: setIdOf("assessment, version 2"), notices: ["NEW"] }), expect.objectContaining({ setId: setIdOf("case (ärendehandling)") })] }]);
    expect(body.newDocuments).toBe(2);
    expect(body.infoText).toMatchObject({ rule: "D03-R06" });
  });

  it("landing page: the demo's KR is in the phase-1 form, so its relationship dates are not used [D03-R23 L7780-7785]", async () => {
    const { body } = await get(`/mittkanta/api/people/${demo.client}/landing`, await login(demo.client));
    expect(body.clientRelationships).toEqual([{ setId: setIdOf("client relationship"), shown: false, reason: "LANDING-DATA-PHASE-1-SCHEMA", rule: "D03-R23", seedLines: "L7780-7785" }]);
  });

  it("serves its OpenAPI description", async () => {
    const res = await fetch(`${url}/mittkanta/api/openapi.json`);
    const body = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toContain("/mittkanta/api/people/{personId}/documents");
  });
});
