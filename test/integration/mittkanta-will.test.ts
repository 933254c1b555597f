/**
 * MittKanta will expressions over REST (issue 11): the citizen receives Kanta-information, gives and revokes
 * the disclosure permission and gives and removes prohibitions; each action is a will-expression document
 * signed with Kela's VYT signer and stored through the same archive handler as POST /soap/archive, so the
 * disclosure search SP8 of another organiser (over SOAP) sees it at once. Who may do what is the archive's
 * decision (WILL-* codes). Domain/07 D07-R43, R63…R69, R86…R93, R104, R105; §7 T17/T18.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { TEST_CLOCK_HEADER } from "../../src/clock.js";
import { mittkantaPlugin } from "../../src/mittkanta/plugin.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { PERSONS } from "../support/persons.js";
import { documentsOf, soapWorld, TASK_ELDERLY, willExpression, WORLD, type Actor } from "../support/soap-world.js";

const NOW = "2026-11-28T12:00:00Z";
const A = WORLD.testby;
const B = WORLD.exempelstad;
const ORGANISER_A: Actor = { organisation: A, usageSituation: "1" };
const ORGANISER_B: Actor = { organisation: B, usageSituation: "1" };
const DISCLOSURE_B: Actor = { organisation: B, usageSituation: "3" };
const KELA = "1.2.246.10.99990009.10.0";
/** Test world (fixtures/world): Anna, guardian of Ella (10) and David (14, with Bertil); Bertil holds a §7 right for Ella; Lisa holds Jonas's mandate. */
const { ANNA, BERTIL, ELLA, DAVID, JONAS, LISA } = PERSONS;

let individual = 700;
const newAdult = () => makePersonalIdentityCode("1981-04-11", individual++);

describe("MittKanta will expressions (/mittkanta/api/people/:id/will-expressions)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let world: ReturnType<typeof soapWorld>;
  const docsA = documentsOf(A);
  const docsB = documentsOf(B);

  beforeAll(async () => {
    app = await buildApp(testConfig({ mittkantaLogs: true }), { database: t.database });
    // The same API with the logs setting off, under its own prefix.
    await app.register(mittkantaPlugin, { phase: 1, prefix: "/logs-off" } as never);
    world = soapWorld(app, { at: NOW });
  });
  afterAll(async () => app.close());

  const login = async (personId: string, at = NOW) => {
    const res = await app.inject({ method: "POST", url: "/mittkanta/api/session", headers: { [TEST_CLOCK_HEADER]: at }, payload: { personId } });
    expect(res.statusCode).toBe(200);
    return (res.json() as { token: string }).token;
  };
  const call = async (method: "GET" | "POST", path: string, token?: string, payload?: unknown, at = NOW) => {
    const res = await app.inject({ method, url: path, headers: { [TEST_CLOCK_HEADER]: at, ...(token && { authorization: `Bearer ${token}` }) }, ...(payload !== undefined && { payload: payload as object }) });
    return { status: res.statusCode, body: res.json() as Record<string, any> };
  };
  const act = (token: string, personId: string, payload: unknown, at = NOW) => call("POST", `/mittkanta/api/people/${personId}/will-expressions`, token, payload, at);
  const overview = (token: string, personId: string, at = NOW) => call("GET", `/mittkanta/api/people/${personId}/will-expressions`, token, undefined, at);

  async function stored(doc: Parameters<typeof world.send>[0], actor: Actor) {
    const ack = await world.send(doc, actor);
    expect(ack.codes, JSON.stringify(ack.details)).toEqual([]);
    return doc.metadata;
  }
  /** C has at A a KR, a case, a plain entry and an elderly-service entry; B has its own KR for C (saklig anknytning). */
  async function clientAtA(client = newAdult()) {
    await stored(docsA.kr(client), ORGANISER_A);
    const caseDoc = docsA.case(client);
    await stored(caseDoc, ORGANISER_A);
    const plain = await stored(docsA.entry(client, caseDoc.metadata.caseId!, { title: "Vanlig anteckning" }), ORGANISER_A);
    const elderly = await stored(docsA.entry(client, caseDoc.metadata.caseId!, { title: "Äldreservice", serviceTasks: [TASK_ELDERLY] }), ORGANISER_A);
    await stored(docsB.kr(client), ORGANISER_B);
    return { client, caseDocument: caseDoc.metadata, plain, elderly };
  }
  const disclose = (client: string) => world.query("SP8", client, DISCLOSURE_B, { registerOrganiserOid: A.oid });
  const documentSets = (answer: { results: { metadata: Record<string, unknown>; setId: string }[] }) => answer.results.filter((r) => r.metadata.kind !== "sammanstallning").map((r) => r.setId).sort();

  it("the citizen's permission, given in MittKanta, is in force at once in another organiser's SP8; a service-task prohibition excludes that task; removing and revoking are new versions [D07-R86 L30123-30127, D07-R64 L30100-30108, D07-R66 L30159-30200, D07-R43 L30145-30151]", async () => {
    const { client, caseDocument, plain, elderly } = await clientAtA();
    const token = await login(client);
    const early = await act(token, client, { action: "give-permission" });
    expect(early.status).toBe(403);
    expect(early.body).toMatchObject({ error: "WILL-NO-KANTA-INFORMATION", rule: expect.stringContaining("D07-R63") });
    expect(early.body.fi).toContain("Kanta-informointia");
    expect(early.body.sv).toContain("Kanta-information");

    const kanta = await act(token, client, { action: "kanta-information" });
    expect(kanta.status).toBe(201);
    expect(kanta.body).toMatchObject({ action: "kanta-information", stored: true, versionNumber: 1 });
    expect((await disclose(client)).codes).toEqual(["ACCESS-DISCLOSURE-NO-PERMISSION"]);

    const permission = await act(token, client, { action: "give-permission" });
    expect(permission.status).toBe(201);
    expect(documentSets(await disclose(client))).toEqual([caseDocument.setId, plain.setId, elderly.setId].sort());

    const prohibition = await act(token, client, { action: "add-prohibition", target: { kind: "service-task", code: TASK_ELDERLY.code } });
    expect(prohibition.status).toBe(201);
    expect(documentSets(await disclose(client))).toEqual([caseDocument.setId, plain.setId].sort());
    // The same prohibition again: nothing stored.
    expect(await act(token, client, { action: "add-prohibition", target: { kind: "service-task", code: TASK_ELDERLY.code } })).toMatchObject({ status: 200, body: { stored: false, unchanged: true } });

    const removed = await act(token, client, { action: "remove-prohibition", setId: prohibition.body.setId });
    expect(removed.body).toMatchObject({ stored: true, setId: prohibition.body.setId, versionNumber: 2 });
    expect(documentSets(await disclose(client))).toEqual([caseDocument.setId, plain.setId, elderly.setId].sort());

    const revoked = await act(token, client, { action: "revoke-permission" });
    expect(revoked.body).toMatchObject({ stored: true, setId: permission.body.setId, versionNumber: 2 });
    expect((await disclose(client)).codes).toEqual(["ACCESS-DISCLOSURE-NO-PERMISSION"]);

    const list = await overview(token, client);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ viewerRole: "client", issuer: { role: "client", personIds: [client] }, minor: false, permission: { setId: permission.body.setId, positive: false } });
    expect(list.body.kantaInformation).toMatchObject({ sector: "social", issuerRole: "client" });
    expect(list.body.prohibitions).toEqual([expect.objectContaining({ setId: prohibition.body.setId, inForce: false, target: { kind: "service-task", code: "23", codeSystem: "1.2.246.537.6.1299" }, targetLabel: "Äldreservice" })]);
    expect(list.body.history).toHaveLength(5);
    expect(list.body.history.every((v: { channel: string; issuer: { role: string } }) => v.channel === "mittkanta" && v.issuer.role === "client")).toBe(true);

    // Stored by the archive itself: VYT's register, Kela's system signature, every version immutable.
    const rows = await t.database.db.selectFrom("documents").select(["register_id", "document_class"]).where(sql<boolean>`${client} = ANY(client_ids)`).where("document_class", "=", "VYT").execute();
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.register_id === `${KELA}:VYT`)).toBe(true);
    const signer = await sql<{ signer: string }>`SELECT metadata -> 'signer' ->> 'organisationOid' AS signer FROM document_versions WHERE set_id = ${permission.body.setId} ORDER BY version_number`.execute(t.database.db);
    expect(signer.rows.map((r) => r.signer)).toEqual([KELA, KELA]);
  });

  it("Kanta-information given in health care counts: nothing new is stored, and the permission can be given [D07-R104 L30076-30082, L30660-30664]", async () => {
    const { client } = await clientAtA();
    await stored(willExpression(A, client, { kind: "kanta-information", sector: "health" }), ORGANISER_A);
    const token = await login(client);
    expect(await act(token, client, { action: "kanta-information" })).toMatchObject({ status: 200, body: { stored: false, unchanged: true } });
    expect((await act(token, client, { action: "give-permission" })).status).toBe(201);
    expect((await overview(token, client)).body.kantaInformation).toMatchObject({ sector: "health" });
    expect((await disclose(client)).typeCode).toBe("AA");
  });

  it("prohibitions by controller, by document and of all data; any controller may be prohibited [D07-R66 L30159-30200, D07-R105 L30383-30387, D07-R67 L30369-30375]", async () => {
    const { client, caseDocument, plain, elderly } = await clientAtA();
    const token = await login(client);
    await act(token, client, { action: "kanta-information" });
    await act(token, client, { action: "give-permission" });
    expect((await act(token, client, { action: "add-prohibition", target: { kind: "document", setId: plain.setId } })).status).toBe(201);
    expect(documentSets(await disclose(client))).toEqual([caseDocument.setId, elderly.setId].sort());
    // A controller that holds nothing of the client's may be prohibited too.
    expect((await act(token, client, { action: "add-prohibition", target: { kind: "controller", oid: WORLD.hemhjalp.oid } })).status).toBe(201);
    expect((await act(token, client, { action: "add-prohibition", target: { kind: "controller", oid: A.oid } })).status).toBe(201);
    expect((await disclose(client)).results).toEqual([]);
    const all = await act(token, client, { action: "add-prohibition", target: { kind: "all" } });
    expect(all.status).toBe(201);
    const labels = (await overview(token, client)).body.prohibitions.map((p: { targetLabel: string }) => p.targetLabel);
    expect(labels).toEqual(expect.arrayContaining(["Vanlig anteckning", "Hemhjälp Producent Oy", "Testbyns välfärdsområde", "all"]));
  });

  it("a guardian receives Kanta-information and gives the permission for a child, both guardians in force recorded as issuers; prohibitions and revocation are refused; the permission stays in force at 18 [D07-R87 L30763-30767, L30785-30795, D07-R92 L30575-30597, D07-R91 L30599-30605, D07-R88 L30640-30652]", async () => {
    const token = await login(ANNA);
    const kanta = await act(token, ELLA, { action: "kanta-information" });
    expect(kanta.status, JSON.stringify(kanta.body)).toBe(201);
    expect((await act(token, ELLA, { action: "give-permission" })).status).toBe(201);
    for (const action of [{ action: "add-prohibition", target: { kind: "all" } }, { action: "revoke-permission" }]) {
      const refused = await act(token, ELLA, action);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: "WILL-MINOR-PROHIBITION-IN-MITTKANTA", rule: expect.stringContaining("D07-R87") });
      expect(refused.body.fi).toContain("OmaKannassa");
    }
    const seen = await overview(token, ELLA);
    expect(seen.body).toMatchObject({ viewerRole: "guardian", issuer: { role: "guardians", personIds: [ANNA] }, minor: true, prohibitionsHidden: true, prohibitions: [], permission: { positive: true } });
    expect(seen.body.history.map((v: { issuer: { personIds: string[] } }) => v.issuer.personIds)).toEqual([[ANNA], [ANNA]]);

    // Ella turns 18 on 2034-01-30: her guardian's permission is still hers, and the guardian no longer acts.
    const adult = "2034-02-01T12:00:00Z";
    const ella = await login(ELLA, adult);
    expect((await overview(ella, ELLA, adult)).body).toMatchObject({ minor: false, issuer: { role: "client" }, permission: { positive: true } });
    const late = await act(await login(ANNA, adult), ELLA, { action: "give-permission" }, adult);
    expect(late.status).toBe(403);
    expect(late.body.error).toMatch(/^MK-/); // the guardian's view of an adult is closed before any will expression
  });

  it("T18: David (14) received Kanta-information personally at the provider: he acts there, not in MittKanta, and his guardians no longer administer; David sees his prohibition, Anna does not [D07-R90 L30686-30715, D07-R87 L30785-30795, D07-R88 L30640-30652, D07-R92 L30575-30597]", async () => {
    const anna = await login(ANNA);
    expect((await overview(anna, DAVID)).body.issuer).toEqual({ role: "guardians", personIds: [BERTIL, ANNA].sort() });
    const david = await login(DAVID);
    expect((await act(david, DAVID, { action: "kanta-information" })).body.error).toBe("WILL-MINOR-SELF-IN-MITTKANTA");
    expect((await act(david, DAVID, { action: "add-prohibition", target: { kind: "all" } })).body.error).toBe("WILL-MINOR-PROHIBITION-IN-MITTKANTA");

    // At the provider, after a professional assessed his capacity: Kanta-information and a prohibition by David himself.
    await stored(willExpression(A, DAVID, { kind: "kanta-information" }), ORGANISER_A);
    await stored(willExpression(A, DAVID, { kind: "disclosure-prohibition", target: { laji: "controller", oid: B.oid } }), ORGANISER_A);
    const refused = await act(anna, DAVID, { action: "give-permission" });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: "WILL-GUARDIAN-NOT-ADMINISTERING", rule: expect.stringContaining("D07-R90") });
    // Kanta-information "again" by the guardians: nothing to store, and the archive's answer is the same refusal.
    expect((await act(anna, DAVID, { action: "kanta-information" })).body.error).toBe("WILL-GUARDIAN-NOT-ADMINISTERING");

    const mine = (await overview(david, DAVID)).body;
    expect(mine).toMatchObject({ minor: true, prohibitionsHidden: false, kantaInformation: { issuerRole: "client" } });
    expect(mine.prohibitions).toEqual([expect.objectContaining({ target: { kind: "controller", oid: B.oid }, targetLabel: B.name, inForce: true })]);
    const annas = (await overview(anna, DAVID)).body;
    expect(annas).toMatchObject({ prohibitionsHidden: true, prohibitions: [] });
    expect(annas.history.some((v: { kind: string }) => v.kind === "disclosure-prohibition")).toBe(false);
  });

  it("a holder of an electronic mandate acts for the principal; a §7 information right is no right to act [D07-R86 L30547-30563, L30605-30611]", async () => {
    const lisa = await login(LISA);
    const kanta = await act(lisa, JONAS, { action: "kanta-information" });
    expect(kanta.status, JSON.stringify(kanta.body)).toBe(201);
    expect((await act(lisa, JONAS, { action: "give-permission" })).status).toBe(201);
    expect((await overview(lisa, JONAS)).body).toMatchObject({ viewerRole: "proxy", issuer: { role: "mandate", personIds: [LISA] }, permission: { positive: true } });
    const bertil = await login(BERTIL);
    const refused = await act(bertil, ELLA, { action: "give-permission" });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/^MK-/);
  });

  it("refusals of the API itself: no session, an unknown action or target, an unknown prohibition [D03-R08 L7610-7616]", async () => {
    const client = newAdult();
    expect((await call("GET", `/mittkanta/api/people/${client}/will-expressions`)).status).toBe(401);
    const token = await login(client);
    for (const bad of [{}, { action: "delete-everything" }, { action: "add-prohibition", target: { kind: "controller", oid: "not an oid" } }, { action: "add-prohibition" }]) {
      const res = await act(token, client, bad);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: "MK-WILL-ACTION-INVALID", fi: expect.any(String), sv: expect.any(String), en: expect.any(String) });
    }
    expect((await act(token, client, { action: "remove-prohibition", setId: "1.2.3" })).body.error).toBe("MK-WILL-PROHIBITION-NOT-FOUND");
    const openapi = (await call("GET", "/mittkanta/api/openapi.json")).body;
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(["/mittkanta/api/people/{personId}/will-expressions", "/mittkanta/api/people/{personId}/logs"]));
  });

  it("the page: Swedish and Finnish, a form per action, a refusal shown with its reason and the HTTP status, post/redirect/get after a stored action; a mandate holder reaches the page from the landing page [D07-R87 L30763-30767, D07-R86 L30547-30563]", async () => {
    const cookieOf = async (personId: string) => {
      const res = await app.inject({ method: "POST", url: "/mittkanta/login?lang=sv", headers: { "content-type": "application/x-www-form-urlencoded", [TEST_CLOCK_HEADER]: NOW }, payload: `personId=${personId}` });
      return String(res.headers["set-cookie"]).split(";")[0]!;
    };
    const page = (cookie: string, method: "GET" | "POST", path: string, form?: string) =>
      app.inject({ method, url: path, headers: { cookie, [TEST_CLOCK_HEADER]: NOW, ...(form && { "content-type": "application/x-www-form-urlencoded" }) }, ...(form && { payload: form }) });
    const anna = await cookieOf(ANNA);
    const sv = await page(anna, "GET", `/mittkanta/p/${ELLA}/will-expressions?lang=sv`);
    expect(sv.statusCode).toBe(200);
    expect(sv.body).toContain('<html lang="sv">');
    expect(sv.body).toContain("<h1>Viljeyttringar</h1>");
    expect(sv.body).toContain('<label for="prohibit-service-task">');
    const refused = await page(anna, "POST", `/mittkanta/p/${ELLA}/will-expressions?lang=sv`, "action=add-prohibition&targetKind=all");
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('role="alert"');
    expect(refused.body).toContain("En minderårig eller hans eller hennes vårdnadshavare kan inte ge förbud");

    const client = newAdult();
    const own = await cookieOf(client);
    const done = await page(own, "POST", `/mittkanta/p/${client}/will-expressions?lang=fi`, "action=kanta-information");
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toContain("done=stored");
    const after = await page(own, "GET", String(done.headers.location));
    expect(after.body).toContain("Tahdonilmaisu on tallennettu.");
    expect(after.body).toMatch(/Vastaanotettu \d+\.\d+\.\d{4} \(sosiaalihuolto\)/);

    const lisa = await cookieOf(LISA);
    expect((await page(lisa, "GET", "/mittkanta/people?lang=fi")).body).toContain(`/mittkanta/p/${JONAS}?lang=fi`);
    const landing = await page(lisa, "GET", `/mittkanta/p/${JONAS}?lang=fi`);
    expect(landing.body).toContain(`/mittkanta/p/${JONAS}/will-expressions?lang=fi`);
    expect(landing.body).not.toContain(`/mittkanta/p/${JONAS}/logs`); // the logs are one's own only
  });

  it("MITTKANTA_LOGS: the citizen sees when which organisation received which document, never the professional or the service unit; off by default [domain/07 §5.13 L31131-31137, D08-R60]", async () => {
    const { client, plain } = await clientAtA();
    const token = await login(client);
    await act(token, client, { action: "kanta-information" });
    await act(token, client, { action: "give-permission" });
    await disclose(client);
    const logs = await call("GET", `/mittkanta/api/people/${client}/logs`, token);
    expect(logs.status).toBe(200);
    const disclosures = logs.body.entries.filter((e: { log: string }) => e.log === "disclosure");
    expect(disclosures.length).toBeGreaterThanOrEqual(3);
    expect(disclosures[0]).toMatchObject({ organisation: { oid: B.oid, name: B.name }, register: { oid: A.oid, name: A.name }, outcome: "allowed" });
    expect(disclosures.map((e: { document: { setId: string } }) => e.document.setId)).toContain(plain.setId);
    const text = JSON.stringify(logs.body);
    expect(text).not.toContain("PRO-WORLD");
    expect(text).not.toContain(B.unit);
    expect(text).not.toMatch(/professional|serviceUnit/);
    // Only one's own logs, and only with the setting.
    expect((await call("GET", `/mittkanta/api/people/${ELLA}/logs`, await login(ANNA))).body.error).toBe("MK-LOGS-OWN-ONLY");
    const off = await call("GET", `/logs-off/mittkanta/api/people/${client}/logs`, token);
    expect(off).toMatchObject({ status: 404, body: { error: "MK-LOGS-OFF" } });
  });
});
