/**
 * Viljeyttringstjänsten and the disclosure search over SOAP (issue 5): will-expression documents stored
 * through POST /soap/archive (SP1/SP2), then SP8 (simple) and SP9 (extended right to information)
 * searches of Exempelstad in Testby's register, with the utlämningslogg checked in the database.
 * Scenarios T14–T17 of domain/07 §7 and 13 of domain/08 §7.
 */
import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { parseCda } from "../../src/cda/parse.js";
import { parseXmlSafely } from "../../src/xml/safe-parse.js";
import { queryUsageLog } from "../../src/archive/access.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { documentsOf, EXTENDED_BASIS_SYSTEM, SHELTER_SERVICE, soapWorld, TASK_ELDERLY, willExpression, WORLD, type Actor } from "../support/soap-world.js";

const NOW = "2026-11-28T12:00:00Z";
const A = WORLD.testby;
const B = WORLD.exempelstad;
const P = WORLD.omsorg;
const ORGANISER_A: Actor = { organisation: A, usageSituation: "1" };
const ORGANISER_B: Actor = { organisation: B, usageSituation: "1" };
const DISCLOSURE_B: Actor = { organisation: B, usageSituation: "3" };
const DISCLOSURE_P: Actor = { organisation: P, usageSituation: "3" };

let individual = 900;
/** A fresh adult client (born 1980) with a valid personal identity code. */
const newAdult = () => makePersonalIdentityCode("1980-05-17", individual++);

describe("Viljeyttringstjänsten and the disclosure search over SOAP (issue 5)", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let world: ReturnType<typeof soapWorld>;
  const docsA = documentsOf(A);
  const docsB = documentsOf(B);
  const docsP = documentsOf(P);
  beforeAll(async () => {
    app = await buildApp(testConfig(process.env.DEBUG_LOG ? { logLevel: "error" } : {}), { database: t.database });
    world = soapWorld(app, { at: NOW });
  });
  afterAll(async () => app.close());

  async function stored(doc: Parameters<typeof world.send>[0], actor: Actor, options: { cancel?: boolean; at?: string } = {}) {
    const ack = await world.send(doc, actor, options);
    expect(ack.codes, JSON.stringify(ack.details)).toEqual([]);
    expect(ack.typeCode).toBe("AA");
    return doc.metadata;
  }

  /** C has at A: a KR, a case, a plain journal entry, a shelter-service entry, an elderly-service entry; B has its own KR for C (saklig anknytning). */
  async function clientAtA(client = newAdult(), personalData?: unknown[]) {
    await stored(docsA.kr(client, personalData ? { personalData } : {}), ORGANISER_A);
    const caseDoc = docsA.case(client);
    await stored(caseDoc, ORGANISER_A);
    const caseId = caseDoc.metadata.caseId!;
    const plain = await stored(docsA.entry(client, caseId, { title: "Vanlig anteckning" }), ORGANISER_A);
    const shelter = await stored(docsA.entry(client, caseId, { title: "Skyddshem", socialServices: [SHELTER_SERVICE] }), ORGANISER_A);
    const elderly = await stored(docsA.entry(client, caseId, { title: "Äldreservice", serviceTasks: [TASK_ELDERLY] }), ORGANISER_A);
    await stored(docsB.kr(client), ORGANISER_B);
    return { client, caseId, caseDocument: caseDoc.metadata, plain, shelter, elderly };
  }
  const disclose = (client: string, actor: Actor = DISCLOSURE_B, extra = {}) => world.query("SP8", client, actor, { registerOrganiserOid: A.oid, ...extra });
  const documentSets = (answer: { results: { metadata: Record<string, unknown>; setId: string }[] }) => answer.results.filter((r) => r.metadata.kind !== "sammanstallning").map((r) => r.setId);

  describe("storing will expressions (T17)", () => {
    it("a permission without Kanta-information is refused; Kanta-information given in health care counts [D07-R63 L30058-30066, D07-R104 L30076-30082]", async () => {
      const client = newAdult();
      const refused = await world.send(willExpression(A, client, { kind: "disclosure-permission", positive: true }), ORGANISER_A);
      expect(refused.typeCode).toBe("AR");
      expect(refused.codes).toEqual(["WILL-NO-KANTA-INFORMATION"]);
      expect(refused.details[0]!.location).toContain("json");
      await stored(willExpression(A, client, { kind: "kanta-information", sector: "health" }), ORGANISER_A);
      await stored(willExpression(A, client, { kind: "disclosure-permission", positive: true }), ORGANISER_A);
    });

    it("revoking is a new version, not a makulering; only a first version without later versions can be makulerad [D07-R43 L30145-30151, L30236-30242]", async () => {
      const client = newAdult();
      await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
      const first = await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }), ORGANISER_B);
      const revocation = await stored(willExpression(B, client, { kind: "disclosure-permission", positive: false }, first), ORGANISER_B);
      expect(revocation.versionNumber).toBe(2);
      const cancelFirst = await world.send({ ...willExpression(B, client, { kind: "disclosure-permission", positive: false }, revocation), metadata: { ...revocation, documentId: `${revocation.setId}.3`, versionNumber: 3, replacesDocumentId: revocation.documentId, status: "cancelled" } }, ORGANISER_B, { cancel: true });
      expect(cancelFirst.codes).toEqual(["WILL-CANCEL-NOT-FIRST-VERSION"]);
      const wrongPerson = await stored(willExpression(B, client, { kind: "disclosure-prohibition", target: { laji: "all" } }), ORGANISER_B);
      const cancelled = willExpression(B, client, { kind: "disclosure-prohibition", target: { laji: "all" } }, wrongPerson);
      await stored({ ...cancelled, metadata: { ...cancelled.metadata, status: "cancelled" } }, ORGANISER_B, { cancel: true });
    });

    it("a new version cannot change the kind or the prohibition's target [D07-R43 L30145-30151, D07-R66 L30159-30200]", async () => {
      const client = newAdult();
      await stored(willExpression(A, client, { kind: "kanta-information" }), ORGANISER_A);
      const prohibition = await stored(willExpression(A, client, { kind: "disclosure-prohibition", target: { laji: "controller", oid: A.oid } }), ORGANISER_A);
      const moved = await world.send(willExpression(A, client, { kind: "disclosure-prohibition", target: { laji: "controller", oid: B.oid } }, prohibition), ORGANISER_A);
      expect(moved.codes).toEqual(["WILL-VERSION-CHANGES-SUBJECT"]);
    });

    it("any connected provider records a prohibition on another controller's document, and the will-expression register is VYT's [D07-R105 L30197-30203, L30210-30219]", async () => {
      const { client, plain } = await clientAtA();
      await stored(willExpression(P, client, { kind: "kanta-information" }), { organisation: P, usageSituation: "1" });
      await stored(willExpression(P, client, { kind: "disclosure-prohibition", target: { laji: "document", setId: plain.setId } }), { organisation: P, usageSituation: "1" });
      const rows = await t.database.db.selectFrom("documents").select(["register_id", "document_class"]).where(sql<boolean>`${client} = ANY(client_ids)`).where("document_class", "=", "VYT").execute();
      expect(rows).toEqual([
        { register_id: "1.2.246.10.99990009.10.0:VYT", document_class: "VYT" },
        { register_id: "1.2.246.10.99990009.10.0:VYT", document_class: "VYT" },
      ]);
    });

    it("guardians cannot act once the minor received Kanta-information personally; a guardian's prohibition in MittKanta is refused [D07-R90 L30686-30715, D07-R87 L30763-30767]", async () => {
      const minor = "050912A958F";
      const byGuardians = { rooli: "guardians" as const, henkilot: ["140375-921H", "021182-934E"] };
      const inMittKanta = await world.send(willExpression(A, minor, { kind: "kanta-information", issuer: byGuardians, channel: "mittkanta" }), ORGANISER_A);
      expect(inMittKanta.codes).toEqual([]);
      const prohibition = await world.send(willExpression(A, minor, { kind: "disclosure-prohibition", target: { laji: "all" }, issuer: byGuardians, channel: "mittkanta" }), ORGANISER_A);
      expect(prohibition.codes).toEqual(["WILL-MINOR-PROHIBITION-IN-MITTKANTA"]);
      const notGuardian = await world.send(willExpression(A, minor, { kind: "disclosure-permission", positive: true, issuer: { rooli: "guardians", henkilot: ["190790-981S"] } }), ORGANISER_A);
      expect(notGuardian.codes).toEqual(["WILL-ISSUER-NOT-GUARDIAN"]);
      const atProvider = await world.send(willExpression(A, minor, { kind: "disclosure-prohibition", target: { laji: "all" }, issuer: byGuardians }), ORGANISER_A);
      expect(atProvider.codes).toEqual([]);
    });
  });

  it("scenario 21: will expressions are common data in Kela's register; any controller with saklig anknytning reads them (SP10) and the read goes to the utlämningslogg [D08-R05 L32046-32052, DT-11]", async () => {
    const { client } = await clientAtA();
    const kanta = await stored(willExpression(A, client, { kind: "kanta-information" }), ORGANISER_A);
    const prohibition = await stored(willExpression(A, client, { kind: "disclosure-prohibition", target: { laji: "controller", oid: P.oid } }), ORGANISER_A);
    const read = await world.query("SP10", client, ORGANISER_B);
    expect(read.codes).toEqual([]);
    expect(read.sets.sort()).toEqual([kanta.setId, prohibition.setId].sort());
    expect(read.results.every((r) => r.document !== undefined && r.metadata.documentGroup === "will-expression")).toBe(true);
    const log = await queryUsageLog(t.database.db, { client, organisation: B.oid, log: "disclosure" });
    expect(log.filter((r) => r.action === "search-will-expressions").map((r) => [r.registerOid, r.documentId]).sort()).toEqual(
      [["1.2.246.10.99990009.10.0", kanta.documentId], ["1.2.246.10.99990009.10.0", prohibition.documentId]].sort(),
    );
    // Without a client relationship at the acting unit and without a special reason: refused.
    expect((await world.query("SP10", client, { organisation: P, usageSituation: "1" })).codes).toEqual(["ACCESS-NO-SAKLIG-ANKNYTNING"]);
    // The will expressions never appear in the recording controller's own register searches.
    expect((await world.query("SP5", client, ORGANISER_A)).sets).not.toContain(kanta.setId);
  });

  describe("simple disclosure search SP8 (T14, T16)", () => {
    it("T14: without Kanta-information, then with a negative permission, the search is not performed; with a positive one only the plain entry is disclosed, with the KR as a compilation [D07-R70 L31058-31064, D07-R71 L31064-31078, D07-R75 L30497-30501]", async () => {
      const { client, caseDocument, plain, elderly } = await clientAtA();
      expect((await disclose(client)).codes).toEqual(["ACCESS-DISCLOSURE-NO-KANTA-INFORMATION"]);
      await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
      const negative = await stored(willExpression(B, client, { kind: "disclosure-permission", positive: false }), ORGANISER_B);
      expect((await disclose(client)).codes).toEqual(["ACCESS-DISCLOSURE-NO-PERMISSION"]);
      await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }, negative), ORGANISER_B);
      const answer = await disclose(client);
      expect(answer.typeCode).toBe("AA");
      // Shelter service is never disclosed by a simple search; the case document and the elderly entry are plain too.
      expect(documentSets(answer).sort()).toEqual([caseDocument.setId, plain.setId, elderly.setId].sort());
      expect(answer.results.some((r) => r.setId === plain.setId && r.document !== undefined)).toBe(true);
      const compilation = answer.results.find((r) => r.metadata.kind === "sammanstallning");
      expect(compilation?.metadata).toMatchObject({ organiser: A.oid, clientId: client });
      expect(answer.results.filter((r) => r.metadata.documentGroup === "client-relationship")).toEqual([]);
    });

    it("the disclosure log names the receiving organisation and each disclosed document; refusals go to the usage log [D08-R60, DT-8.4, D07-R56]", async () => {
      const { client, caseDocument, plain, elderly } = await clientAtA();
      await disclose(client);
      await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
      await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }), ORGANISER_B);
      await disclose(client);
      const log = (await queryUsageLog(t.database.db, { client, organisation: B.oid })).filter((r) => r.action === "disclosure-search");
      expect(log.filter((r) => r.log === "usage")).toEqual([expect.objectContaining({ outcome: "refused", refusalCode: "ACCESS-DISCLOSURE-NO-KANTA-INFORMATION" })]);
      const disclosures = log.filter((r) => r.log === "disclosure");
      expect(disclosures.map((r) => r.documentId).sort()).toEqual([caseDocument.documentId, plain.documentId, elderly.documentId].sort());
      expect(disclosures.every((r) => r.registerOid === A.oid && r.organisationOid === B.oid && r.usageSituation === "3" && r.outcome === "allowed")).toBe(true);
    });

    it("the disclosure log is queryable through the admin API and shown in the inspector; the usage log filter keeps the two apart [D08-R59, D08-R60, D07-R56]", async () => {
      const { client, plain } = await clientAtA();
      await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
      await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }), ORGANISER_B);
      await disclose(client);
      const api = await app.inject({ method: "GET", url: `/admin/api/disclosure-log?client=${client}` });
      expect(api.statusCode).toBe(200);
      const entries = (api.json() as { entries: { log: string; documentId?: string; organisationOid: string }[] }).entries;
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.log === "disclosure" && e.organisationOid === B.oid)).toBe(true);
      expect(entries.map((e) => e.documentId)).toContain(plain.documentId);
      const usage = (await app.inject({ method: "GET", url: `/admin/api/usage-log?client=${client}&log=usage` })).json() as { entries: { log: string }[] };
      expect(usage.entries.every((e) => e.log === "usage")).toBe(true);
      const page = await app.inject({ method: "GET", url: `/inspector/logs?client=${client}&log=disclosure` });
      expect(page.headers["content-type"]).toContain("text/html");
      expect(page.body).toContain("<h1>Usage and disclosure logs</h1>");
      expect(page.body).toContain(plain.documentId);
      expect(page.body).toContain("utlämningslogg");
      expect((await app.inject({ method: "GET", url: "/admin/api/disclosure-log?log=usage" })).statusCode).toBe(400);
    });

    it("T16: prohibitions by controller, by service task and by document exclude exactly their documents; not retroactively [D07-R65 L30121-30123, D07-R66 L30159-30200]", async () => {
      const { client, caseDocument, plain, elderly } = await clientAtA();
      await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
      await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }), ORGANISER_B);
      expect(documentSets(await disclose(client)).sort()).toEqual([caseDocument.setId, plain.setId, elderly.setId].sort());

      const task = await stored(willExpression(B, client, { kind: "disclosure-prohibition", target: { laji: "service-task", koodi: TASK_ELDERLY.code, koodisto: TASK_ELDERLY.codeSystem } }), ORGANISER_B);
      expect(documentSets(await disclose(client)).sort()).toEqual([caseDocument.setId, plain.setId].sort());
      await stored(willExpression(B, client, { kind: "disclosure-prohibition", target: { laji: "document", setId: plain.setId } }), ORGANISER_B);
      expect(documentSets(await disclose(client))).toEqual([caseDocument.setId]);
      // Removing the service-task prohibition (a new version, voimassa = false) brings the task back.
      await stored(willExpression(B, client, { kind: "disclosure-prohibition", inForce: false, target: { laji: "service-task", koodi: TASK_ELDERLY.code, koodisto: TASK_ELDERLY.codeSystem } }, task), ORGANISER_B);
      expect(documentSets(await disclose(client)).sort()).toEqual([caseDocument.setId, elderly.setId].sort());
      // Not retroactive: a disclosure made before a prohibition stays in the log.
      const earlier = (await queryUsageLog(t.database.db, { client, organisation: B.oid })).filter((r) => r.log === "disclosure").map((r) => r.documentId);
      expect(earlier).toContain(plain.documentId);
      await stored(willExpression(B, client, { kind: "disclosure-prohibition", target: { laji: "controller", oid: A.oid } }), ORGANISER_B);
      const none = await disclose(client);
      expect(none.typeCode).toBe("AA");
      expect(none.results).toEqual([]); // no compilation of A's KR either
    });

    it("prohibitions do not touch the controller's own use or a producer's register access [D07-R68 L30250-30262, L30387-30403]", async () => {
      const { client, plain } = await clientAtA();
      await stored(willExpression(A, client, { kind: "kanta-information" }), ORGANISER_A);
      await stored(willExpression(A, client, { kind: "disclosure-prohibition", target: { laji: "all" } }), ORGANISER_A);
      const own = await world.query("SP5", client, ORGANISER_A);
      expect(own.sets).toContain(plain.setId);
      expect((await disclose(client)).codes).toEqual(["ACCESS-DISCLOSURE-NO-PERMISSION"]);
    });

    it("a search without saklig anknytning in the searcher's own register is refused even with consent [D07-R70 L31058-31064]", async () => {
      const client = newAdult();
      await stored(docsA.kr(client), ORGANISER_A);
      await stored(willExpression(A, client, { kind: "kanta-information" }), ORGANISER_A);
      await stored(willExpression(A, client, { kind: "disclosure-permission", positive: true }), ORGANISER_A);
      expect((await disclose(client)).codes).toEqual(["ACCESS-NO-SAKLIG-ANKNYTNING"]);
    });
  });

  describe("extended right to information SP9 (T15)", () => {
    it("a public authority with a basis code gets every document, without consents; a private organisation is refused [D07-R72 L31080-31107, D07-R73 L30535-30537]", async () => {
      const { client, caseDocument, plain, shelter, elderly } = await clientAtA();
      const basis = { extendedInformationBasis: { code: "1", codeSystem: EXTENDED_BASIS_SYSTEM } };
      const answer = await world.query("SP9", client, DISCLOSURE_B, { registerOrganiserOid: A.oid, ...basis });
      expect(answer.codes).toEqual([]);
      expect(documentSets(answer).sort()).toEqual([caseDocument.setId, plain.setId, shelter.setId, elderly.setId].sort());
      expect((await world.query("SP9", client, DISCLOSURE_B, { registerOrganiserOid: A.oid })).codes).toEqual(["ACCESS-EXTENDED-INFO-NO-BASIS"]);
      await stored(docsP.kr(client), { organisation: P, usageSituation: "1" });
      expect((await world.query("SP9", client, DISCLOSURE_P, { registerOrganiserOid: A.oid, ...basis })).codes).toEqual(["ACCESS-EXTENDED-INFO-PRIVATE-ORGANISATION"]);
    });
  });

  describe("spärrmarkering on disclosure (domain/08 §7 scenario 13)", () => {
    it("scenarios 13 and 14: the compilation of a client with a spärrmarkering comes without the covered items, the telephone number stays; the controller's own search gets them whole, flagged [D08-R63, D08-R66 L34389-34418, D08-R67, DT-10]", async () => {
      const client = "230684-946V"; // Cecilia: spärrmarkering in the population-register fixture
      const personalData = [{ personId: client, items: { permanentAddressFinland: "Hemlig gatan 1", homeMunicipality: "Testby", phoneNumber: "040 123 4567" } }];
      await clientAtA(client, personalData);
      await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
      await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }), ORGANISER_B);
      const answer = await disclose(client);
      const compilation = answer.results.find((r) => r.metadata.kind === "sammanstallning")!;
      expect(compilation.metadata.personalData).toEqual([{ personId: client, items: { phoneNumber: "040 123 4567" } }]);
      expect((compilation.metadata.withheld as string[]).sort()).toEqual(["homeMunicipality", "permanentAddressFinland"]);
      // Scenario 14: the controller itself gets its own KR whole (the archive returns the stored bytes) with the
      // spärrmarkering flagged for the client system, which masks the items for users without the spärr role
      // [D08-R67 L34432-34454, DT-10.1, DT-10.2].
      const own = await world.query("SP3", client, ORGANISER_A);
      expect(own.results).toHaveLength(1);
      expect(own.results[0]!.metadata.nonDisclosureMarking).toEqual([client]);
      // The spärrmarkering ends in the population register (admin world API): the same search returns the address.
      const person = (await app.inject({ method: "GET", url: `/admin/api/world/persons/${client}` })).json() as Record<string, unknown>;
      const { created_at: _created, ...record } = person;
      void _created;
      const ended = await app.inject({ method: "PUT", url: `/admin/api/world/persons/${client}`, payload: { ...record, non_disclosure: false } });
      expect(ended.statusCode, ended.body).toBe(200);
      const after = (await disclose(client)).results.find((r) => r.metadata.kind === "sammanstallning")!;
      expect(after.metadata.personalData).toEqual(personalData);
      expect(after.metadata.withheld).toEqual([]);
      const parsedKr = parseXmlSafely(own.results[0]!.document!);
      expect(parsedKr.ok && JSON.stringify(parseCda(parsedKr.document).body?.json)).toContain("Hemlig gatan 1");
    });
  });

  it("the disclosure search never returns another client's documents or a makulerad one [D07-R39 L29294-29300, D07-R53 L29832-29836]", async () => {
    const { client, plain } = await clientAtA();
    const other = await clientAtA();
    await stored(willExpression(B, client, { kind: "kanta-information" }), ORGANISER_B);
    await stored(willExpression(B, client, { kind: "disclosure-permission", positive: true }), ORGANISER_B);
    const cancelled = { metadata: { ...plain, documentId: `${plain.setId}.2`, versionNumber: 2, replacesDocumentId: plain.documentId, status: "cancelled" as const }, body: docsA.entry(client, plain.caseId!).body };
    await stored(cancelled, ORGANISER_A, { cancel: true });
    const sets = documentSets(await disclose(client));
    expect(sets).not.toContain(plain.setId);
    expect(sets.some((s) => [other.plain.setId, other.shelter.setId, other.elderly.setId].includes(s))).toBe(false);
  });
});
