import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { sampleBody } from "../../src/cda/samples.js";
import { parseAcknowledgement } from "../../src/hl7/acknowledgement.js";
import { buildArchiveRequestFrame } from "../../src/hl7/frame.js";
import { loadServiceRequests } from "../../src/hl7/service-requests.js";
import { mittkantaPlugin } from "../../src/mittkanta/plugin.js";
import type { Coded, DocumentBody, DocumentMetadata } from "../../src/model/document.js";
import { makePersonalIdentityCode } from "../../src/rules/identity.js";
import { scenarioDocuments } from "../../src/samples/generate.js";
import { signCdaDocument } from "../../src/signature/sign.js";
import { buildSoapEnvelope, contentTypeOf } from "../../src/soap/envelope.js";
import { testConfig } from "../support/config.js";
import { useTestDatabase } from "../support/database.js";
import { PERSONS } from "../support/persons.js";

/**
 * Every MittKanta test scenario of domain/03 §7 (L540-633 of 03-mittkanta-visibility.md), end to end:
 * each document is signed with the committed test PKI and stored through the real SOAP endpoint, then
 * read through the MittKanta REST API, with the simulated clock moved by the X-Kanta-Sim-Now header
 * where the scenario needs it. Phase-2 scenarios use a second instance of the API (phase 2) under
 * /phase-2 over the same database. Storage refusals are the archive's own codes (docs/errors.md).
 */

const ORGANISER = "1.2.246.10.99990001.10.0";
const PKI = "certs/test/signers";
const SYSTEM_SIGNER = `${PKI}/system-1.2.246.10.99990001.10.0`;
const PROFESSIONAL_SIGNER = `${PKI}/professional-sara-socionom`;
const signerOf = (name: string) => ({ keyPem: readFileSync(`${name}.test-key.pem`, "utf8"), certPem: readFileSync(`${name}.pem`, "utf8") });

// Code values of the simulator's code lists (fixtures/code-lists/*.json).
const REASON = (code: string): Coded => ({ code, codeSystem: "1.2.246.10.99990000.3.7" });
const DESPITE_BAN = (code: string): Coded => ({ code, codeSystem: "1.2.246.10.99990000.3.9" });
const SOCIAL_SERVICE = (code: string, displayName: string): Coded => ({ code, codeSystem: "1.2.246.10.99990000.3.2", displayName });
const SERVICE_TASK = (code: string, displayName: string): Coded => ({ code, codeSystem: "1.2.246.537.6.1299", displayName });
const ELDERLY = SERVICE_TASK("23", "Äldreservice");
const FAMILIES = SERVICE_TASK("24", "Service för barnfamiljer");
const DECISION = { generalType: { code: "12", codeSystem: "1.2.246.10.99990000.3.4", displayName: "Beslut" }, specificType: { code: "308", codeSystem: "1.2.246.10.99990000.3.6", displayName: "Beslut om äldreservice" } };

/** The test world (fixtures/world): David (14) with guardians Anna and Bertil (housing-only agreement). */
/** Named persons of the test world (test/support/persons.ts). */
const { DAVID, ANNA, BERTIL, ELLA, FILIP, CECILIA, NOAH, GUSTAV, KARL } = PERSONS;

const day = (offset: number, from = new Date()) => new Date(from.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const at = (date: string) => `${date}T12:00:00Z`;
const addYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

interface Story {
  client: string;
  prefix: string;
  caseId: string;
  kr: DocumentMetadata;
  theCase: DocumentMetadata;
  base: DocumentMetadata;
  journal: DocumentMetadata;
}

describe("MittKanta scenarios of domain/03 §7, end to end over SOAP and the REST API", () => {
  const t = useTestDatabase();
  let app: FastifyInstance;
  let url: string;
  const run = `${Date.now()}`;
  const today = day(0);
  let individual = 900;
  const adult = () => makePersonalIdentityCode("1950-05-05", individual++);

  const send = async (metadata: DocumentMetadata, body: DocumentBody = sampleBody(), options: { serviceRequest?: "SP1" | "SP2"; professional?: boolean } = {}) => {
    const frame = buildArchiveRequestFrame({
      messageId: { root: ORGANISER, extension: randomUUID() },
      creationTime: new Date(),
      senderDeviceId: { root: ORGANISER },
      senderOrganisationOid: ORGANISER,
      serviceRequest: { code: options.serviceRequest ?? "SP1", codeSystem: loadServiceRequests().codeSystem },
      usageSituation: "1",
      serviceUnitOid: "1.2.246.10.99990001.10.104",
      document: signCdaDocument(buildCdaDocument(metadata, body), signerOf(options.professional ? PROFESSIONAL_SIGNER : SYSTEM_SIGNER)),
    });
    const res = await fetch(`${url}/soap/archive`, { method: "POST", headers: { "content-type": contentTypeOf("1.1") }, body: buildSoapEnvelope("1.1", frame) });
    const ack = parseAcknowledgement(await res.text());
    // MK_DEBUG=1 prints the findings of every refusal (handy when a scenario's document is refused unexpectedly).
    if (process.env.MK_DEBUG && ack.typeCode !== "AA") console.log(ack.details.map((d) => `${d.code} ${d.text.en} @${d.location}`).join("\n"));
    // AA may carry warnings (the client system's duties, a refusal only with STRICT_MODE): "AA warning CODE".
    const codes = ack.details.map((d) => d.code).join(",");
    return ack.typeCode === "AA" ? (codes ? `AA warning ${codes}` : "AA") : `${ack.typeCode} ${codes}`;
  };
  const expectStored = async (...docs: (DocumentMetadata | [DocumentMetadata, DocumentBody])[]) => {
    for (const d of docs) {
      const [metadata, body] = Array.isArray(d) ? d : [d, undefined];
      expect(await send(metadata, body ?? bodyOf(metadata), { professional: metadata.generalType?.code === "12" }), `${metadata.title} ${metadata.setId}`).toMatch(/^AA/);
    }
  };

  const krBody = (clients: string[], extra: Record<string, unknown> = {}): DocumentBody => ({
    xhtml: "<paragraph>Klientrelationen inleddes 1.11.2026.</paragraph>",
    json: { asiakkaat: clients, asiakkuusAlkanut: "2026-11-01", palvelutehtava: "26", ...extra },
    jsonSchemaOid: "1.2.246.10.99990000.6.2",
  });
  const caseBody = (clients: string[], closed?: string): DocumentBody => ({
    xhtml: "<paragraph>Ärendet öppnades 1.11.2026.</paragraph>",
    json: { asiakkaat: clients, asiaAvattu: "2026-11-01", asianTila: closed ? "suljettu" : "avoin", ...(closed && { asiaSuljettu: closed }) },
    jsonSchemaOid: "1.2.246.10.99990000.6.3",
  });
  const journalBody = (clients: string[]): DocumentBody => ({
    xhtml: "<paragraph>Klienten besökte byrån.</paragraph>",
    json: { asiakkaat: clients, merkinta: "Klienten besökte byrån.", merkintapaiva: "2026-11-28" },
    jsonSchemaOid: "1.2.246.10.99990000.6.4",
  });
  const bodyOf = (m: DocumentMetadata): DocumentBody =>
    m.documentGroup === "client-relationship" ? krBody(m.clients) : m.documentGroup === "case" ? caseBody(m.clients, m.caseClosedAt?.slice(0, 10)) : m.documentGroup === "journal-entry" ? journalBody(m.clients) : sampleBody();

  /** A client's story: KR (phase-2 schema unless told) and an open case; documents numbered from 3. */
  const story = (scenario: string, client: string, marks: Partial<DocumentMetadata> = {}): Story => {
    const ids = { client, setIdPrefix: `1.2.246.10.99990001.23.${run}.${scenario}`, caseId: `1.2.246.10.99990001.33.${run}.${scenario}` };
    const docs = scenarioDocuments(ids);
    return {
      client,
      prefix: ids.setIdPrefix,
      caseId: ids.caseId,
      kr: { ...docs.KR, schemaVersion: "2023-01", ...marks },
      theCase: { ...docs.CASE, ...marks, guardianDisclosure: undefined } as DocumentMetadata,
      base: { ...docs.CLIENT_DOCUMENT, ...marks },
      journal: { ...docs.JOURNAL_ENTRY, ...marks },
    };
  };
  const doc = (s: Story, n: number, title: string, overrides: Partial<DocumentMetadata> = {}, from: DocumentMetadata = s.base): DocumentMetadata => ({
    ...from,
    documentId: `${s.prefix}.${n}.1`,
    setId: `${s.prefix}.${n}`,
    title,
    ...overrides,
  });
  /** The next version of a document (a correction, D07-R34), or its makulering with status "cancelled". */
  const nextVersion = (m: DocumentMetadata, overrides: Partial<DocumentMetadata> = {}): DocumentMetadata => ({
    ...m,
    documentId: `${m.setId}.${m.versionNumber + 1}`,
    versionNumber: m.versionNumber + 1,
    replacesDocumentId: m.documentId,
    description: "Socialarbetare",
    ...overrides,
  });

  const login = async (personId: string, options: { prefix?: string; now?: string } = {}) => {
    const headers = { "content-type": "application/json", ...(options.now && { "x-kanta-sim-now": options.now }) };
    const res = await fetch(`${url}${options.prefix ?? ""}/mittkanta/api/session`, { method: "POST", headers, body: JSON.stringify({ personId }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  const get = async (path: string, token: string, options: { prefix?: string; now?: string } = {}) => {
    const res = await fetch(`${url}${options.prefix ?? ""}/mittkanta/api${path}`, { headers: { authorization: `Bearer ${token}`, ...(options.now && { "x-kanta-sim-now": options.now }) } });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  /** The service-task view of `subject` as `viewer` sees it: title → notice codes (Ny left out), and the info text. */
  const view = async (viewer: string, subject: string, options: { prefix?: string; now?: string; query?: string } = {}) => {
    const token = await login(viewer, options);
    const res = await get(`/people/${subject}/documents${options.query ?? ""}`, token, options);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const documents = res.body.documents as { title: string; setId: string; notices: { code: string }[] }[];
    return {
      titles: documents.map((d) => d.title),
      notices: Object.fromEntries(documents.map((d) => [d.title, d.notices.map((n) => n.code).filter((c) => c !== "NEW")])),
      infoText: res.body.infoText as unknown,
      body: res.body,
      token,
    };
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { database: t.database });
    await app.register(mittkantaPlugin, { phase: 2, prefix: "/phase-2" } as never);
    url = await app.listen({ port: 0, host: "127.0.0.1" });
  }, 120_000);
  afterAll(async () => app.close());

  it("1. adult baseline: listed on the landing page and the service-task view with its details, no info text, Ny once [D03-R10 L7694-7698, D03-R18 L7731-7735, D03-R15 L7688-7692, D03-R06 L7660-7671]", async () => {
    const s = story("1", adult(), { serviceTasks: [ELDERLY] });
    const decision = doc(s, 3, "Beslut om hemvård", { ...DECISION, socialServices: [SOCIAL_SERVICE("15", "Hemvård")] });
    await login(s.client, { now: "2026-01-01T08:00:00Z" }); // a login before anything is stored
    await expectStored(s.kr, s.theCase, decision);

    const token = await login(s.client);
    const landing = await get(`/people/${s.client}/landing`, token);
    const elderly = (landing.body.serviceTasks as { serviceTask: string; newest: { title: string; createdAt: string; notices: string[] }[] }[]).find((x) => x.serviceTask === "23");
    expect(elderly?.newest).toContainEqual({ setId: decision.setId, title: "Beslut om hemvård", createdAt: decision.createdAt, notices: ["NEW"] });
    expect(landing.body.infoText).toBeNull();

    const list = await get(`/people/${s.client}/documents?serviceTask=23`, token);
    expect(list.body.documents).toContainEqual(
      expect.objectContaining({ title: "Beslut om hemvård", createdAt: decision.createdAt, attachments: 0, socialServices: [expect.objectContaining({ code: "15" })], controller: expect.objectContaining({ oid: ORGANISER }) }),
    );
    expect(list.body.infoText).toBeNull();
    // The next login: nothing is new any more.
    const again = await view(s.client, s.client);
    expect(again.body.documents.find((d: { title: string }) => d.title === "Beslut om hemvård").notices).toEqual([]);
  });

  it("2. top-5 landing page, all in the service-task view, sorting, date search lower bound [D03-R10 L7694-7698, D03-R16 L7723-7727, D03-R17 L7729-7731]", async () => {
    const s = story("2", adult());
    const secondCase = { ...s.theCase, documentId: `${s.prefix}.20.1`, setId: `${s.prefix}.20`, caseId: `${s.caseId}.2`, serviceTasks: [FAMILIES] };
    const first = [1, 2, 3, 4, 5, 6, 7].map((i) => doc(s, 2 + i, `Handling ${"GCAEBFD"[i - 1]}`, { createdAt: `2026-11-0${i}T10:00:00+02:00` }));
    const second = [1, 2].map((i) => doc(s, 10 + i, `Familjehandling ${i}`, { caseId: secondCase.caseId, serviceTasks: [FAMILIES], createdAt: `2026-11-1${i}T10:00:00+02:00` }));
    await expectStored(s.kr, s.theCase, secondCase, ...first, ...second);

    const token = await login(s.client);
    const landing = await get(`/people/${s.client}/landing`, token);
    const byTask = Object.fromEntries((landing.body.serviceTasks as { serviceTask: string; newest: { title: string }[] }[]).map((x) => [x.serviceTask, x.newest.map((d) => d.title)]));
    // The case documents are listed too; the 5 newest of task 26 are the client documents of 7.11 … 3.11.
    // The case documents (created 28.11) are the newest of each task; then the client documents of 7.11, 6.11 …
    expect(byTask["26"]).toEqual(["Ärendehandling", "Handling D", "Handling F", "Handling B", "Handling E"]);
    expect(byTask["24"]).toEqual(["Ärendehandling", "Familjehandling 2", "Familjehandling 1"]);

    const all = await get(`/people/${s.client}/documents?serviceTask=26`, token);
    expect(all.body.documents.filter((d: { title: string }) => d.title.startsWith("Handling "))).toHaveLength(7);
    const byName = await get(`/people/${s.client}/documents?serviceTask=26&sort=name`, token);
    expect(byName.body.documents.map((d: { title: string }) => d.title)).toEqual(["Handling A", "Handling B", "Handling C", "Handling D", "Handling E", "Handling F", "Handling G", "Ärendehandling"]);
    const byDate = await get(`/people/${s.client}/documents?serviceTask=26&sort=date`, token);
    expect(byDate.body.documents.map((d: { createdAt: string }) => d.createdAt)).toEqual([...byDate.body.documents.map((d: { createdAt: string }) => d.createdAt)].sort().reverse());
    const tooEarly = await get(`/people/${s.client}/documents?from=2022-06-01`, token);
    expect([tooEarly.status, tooEarly.body.error]).toEqual([400, "MK-DATE-BEFORE-LOWER-BOUND"]);
  });

  it("3. delay until a date: hidden and not found until then, info text; then shown with 'delay ended', never with its reasons [D03-R36 L8288-8308, D03-R37, D03-R38 L8308-8312, D03-R06 L7660-7671]", async () => {
    const s = story("3", adult());
    const delayed = doc(s, 3, "Bedömning av servicebehov", { delayedUntil: day(3), restrictionReasons: [REASON("6")] });
    await expectStored(s.kr, s.theCase, delayed);

    const before = await view(s.client, s.client);
    expect(before.titles).not.toContain("Bedömning av servicebehov");
    expect(before.infoText).toMatchObject({ rule: "D03-R06" });
    const byId = await get(`/people/${s.client}/documents/${delayed.setId}`, before.token);
    expect([byId.status, byId.body.error]).toEqual([404, "MK-DOCUMENT-NOT-FOUND"]);
    const dayBefore = await view(s.client, s.client, { now: at(day(2)) });
    expect(dayBefore.titles).not.toContain("Bedömning av servicebehov");

    const after = await view(s.client, s.client, { now: at(day(3)) });
    expect(after.notices["Bedömning av servicebehov"]).toEqual(["DELAY-ENDED"]);
    const shown = await get(`/people/${s.client}/documents/${delayed.setId}`, after.token, { now: at(day(3)) });
    expect(shown.status).toBe(200);
    const everything = JSON.stringify([after.body, shown.body]);
    expect(everything).not.toContain("1.2.246.10.99990000.3.7"); // the reason code system (M4) never reaches MittKanta
    expect(everything).not.toContain("restrictionReasons");
  });

  it("4. delay without a reason is refused; reason 6 without a delay is refused [D03-R41 L8318-8322, E5, E10, D03-R44 L8620-8628]", async () => {
    const s = story("4", adult());
    await expectStored(s.kr, s.theCase);
    expect(await send(doc(s, 3, "Utan motivering", { delayedUntil: day(3) }))).toBe("AE RESTRICTION-REASON-MISSING");
    expect(await send(doc(s, 4, "Motivering 6 utan fördröjning", { specialContent: true, restrictionReasons: [REASON("6")] }))).toBe("AE RESTRICTION-REASON-DELAY-ONLY");
  });

  it("5. specialinnehåll, then removed in version 2: hidden, then shown at version 2 only [D03-R35 L8266-8270, D03-R39, D03-R31 L8106-8110]", async () => {
    const s = story("5", adult());
    const v1 = doc(s, 3, "Barnskyddsanmälan", { specialContent: true, restrictionReasons: [REASON("3")], restrictionText: "anmälarens kontaktuppgifter" });
    await expectStored(s.kr, s.theCase, v1);
    const hidden = await view(s.client, s.client);
    expect(hidden.titles).not.toContain("Barnskyddsanmälan");
    expect(hidden.infoText).not.toBeNull();

    const v2 = nextVersion(v1, { specialContent: undefined, restrictionReasons: undefined, restrictionText: undefined });
    await expectStored(v2);
    const shown = await view(s.client, s.client);
    expect(shown.body.documents.find((d: { title: string }) => d.title === "Barnskyddsanmälan")).toMatchObject({ versionNumber: 2, corrected: true });
    expect(shown.infoText).toBeNull();
    const detail = await get(`/people/${s.client}/documents/${v1.setId}`, shown.token);
    expect(detail.body).toMatchObject({ versionNumber: 2, correction: { description: "Socialarbetare" } });
  });

  it("6. case-level specialinnehåll: a document without the mark is refused, with it hidden; unmarking the case does not unhide it until it is re-versioned [D03-R45 L8422-8432, D03-R47, E8]", async () => {
    const s = story("6", adult());
    const markedCase = { ...s.theCase, specialContent: true, restrictionReasons: [REASON("1")] };
    await expectStored(s.kr, markedCase);
    expect(await send(doc(s, 3, "Utan märkning"))).toBe("AE STR-CASE-MARK-MISSING");
    const marked = doc(s, 4, "Med märkning", { specialContent: true, restrictionReasons: [REASON("1")] });
    await expectStored(marked);
    expect((await view(s.client, s.client)).titles).not.toContain("Med märkning");

    await expectStored(nextVersion(markedCase, { specialContent: undefined, restrictionReasons: undefined }));
    expect((await view(s.client, s.client)).titles).not.toContain("Med märkning");
    await expectStored(nextVersion(marked, { specialContent: undefined, restrictionReasons: undefined }));
    expect((await view(s.client, s.client)).titles).toContain("Med märkning");
  });

  it("7. case-level delay: a document without the delay is refused; removing a document's delay while the case is delayed is refused [D03-R46 L8332-8345, E8]", async () => {
    const s = story("7", adult());
    const delayedCase = { ...s.theCase, delayedUntil: day(30), restrictionReasons: [REASON("6")] };
    await expectStored(s.kr, delayedCase);
    expect(await send(doc(s, 3, "Utan fördröjning"))).toBe("AE STR-CASE-MARK-MISSING");
    const delayed = doc(s, 4, "Med fördröjning", { delayedUntil: day(30), restrictionReasons: [REASON("6")] });
    await expectStored(delayed);
    expect(await send(nextVersion(delayed, { delayedUntil: undefined, restrictionReasons: undefined }))).toBe("AE STR-CASE-MARK-REMOVED");
    expect((await view(s.client, s.client)).titles).not.toContain("Med fördröjning");
    expect((await view(s.client, s.client, { now: at(day(30)) })).notices["Med fördröjning"]).toEqual(["DELAY-ENDED"]);
  });

  /**
   * The scenario's "Gammal klienthandling" stands in as a phase-1 document (same rule, D03-R22): an old
   * document needs the 1989/2011 service tasks and a reason for its specialinnehåll at storage, while the
   * engine treats the group's specialinnehåll as the automatic pre-restriction (see docs/coverage.md).
   */
  const PHASE_1_BODY: DocumentBody = { xhtml: "<paragraph>Skannad ansökan.</paragraph>" };
  const phase1Document = (s: Story, n: number) => doc(s, n, "Klienthandling i första fasen", {}, { ...scenarioDocuments({ client: s.client, setIdPrefix: s.prefix, caseId: s.caseId }).PDF_DOCUMENT });

  // Scenario 8 and 9 share their data: one client with one document of each automatic exclusion.
  const s8 = { client: "", other: "" };
  const exclusions = (s: Story, other: string) => [
    doc(s, 3, "Anteckning i klientjournal", { clients: [s.client] }, s.journal),
    doc(s, 4, "Gemensamt beslut", { clients: [s.client, other] }),
    doc(s, 5, "Adoptionsrådgivningens utlåtande", { socialServices: [SOCIAL_SERVICE("1", "Adoptionsrådgivning")], specialContent: true }),
    doc(s, 6, "Protokoll över utredning av föräldraskap", { socialServices: [SOCIAL_SERVICE("66", "Utredning av föräldraskap")], specialContent: true }),
    doc(s, 7, "Plan för skyddshemsservice", { socialServices: [SOCIAL_SERVICE("56", "Skyddshemsservice")], specialContent: true }),
    // The code lists hold no type for these two (Q1): specialinnehåll set by the client system, with a reason
    // because the archive only exempts the automatic social services from it (E6).
    doc(s, 8, "Säkerhetsplan", { specialContent: true, restrictionReasons: [REASON("1")] }),
    doc(s, 9, "Betalningsförbindelse för förebyggande utkomststöd", { socialServices: [SOCIAL_SERVICE("52", "Tjänst för utkomststöd")], specialContent: true, restrictionReasons: [REASON("4")] }),
    phase1Document(s, 10),
  ];
  const EXCLUDED = ["Anteckning i klientjournal", "Gemensamt beslut", "Adoptionsrådgivningens utlåtande", "Protokoll över utredning av föräldraskap", "Plan för skyddshemsservice", "Säkerhetsplan", "Betalningsförbindelse för förebyggande utkomststöd", "Klienthandling i första fasen"];

  it("8. automatic exclusions in phase 1: nothing shown, info text; only a journal note and an old document bring no info text [D03-R22–R30, R33 L7770-8124, D03-R06 L7660-7671, D03-R07 L7672-7676]", async () => {
    s8.client = adult();
    s8.other = adult();
    const s = story("8", s8.client);
    const o = story("81", s8.other);
    const jointCase = { ...s.theCase, clients: [s8.client, s8.other] };
    await expectStored(o.kr, s.kr, [jointCase, caseBody([s8.client, s8.other])]);
    for (const d of exclusions(s, s8.other)) await expectStored(d.clients.length > 1 ? [d, sampleBody()] : d.documentGroup === "phase-1" ? [d, PHASE_1_BODY] : d);
    // E7: the archive does not refuse a shelter or parenthood document without specialinnehåll (not built,
    // docs/coverage.md); MittKanta hides it anyway by its social service (D03-R28, R29).
    const unmarked = doc(s, 11, "Omärkt plan för skyddshemsservice", { socialServices: [SOCIAL_SERVICE("56", "Skyddshemsservice")] });
    await expectStored(unmarked);
    const seen = await view(s8.client, s8.client);
    for (const title of [...EXCLUDED, "Omärkt plan för skyddshemsservice"]) expect(seen.titles).not.toContain(title);
    expect(seen.infoText).toMatchObject({ rule: "D03-R06" });

    // A second client with only a journal note and an old document: hidden, and no info text (R7).
    const q = story("82", adult());
    await expectStored(q.kr, q.theCase, doc(q, 3, "Anteckning i klientjournal", {}, q.journal), [phase1Document(q, 4), PHASE_1_BODY]);
    const quiet = await view(q.client, q.client);
    expect(quiet.titles).not.toContain("Anteckning i klientjournal");
    expect(quiet.titles).not.toContain("Klienthandling i första fasen");
    expect(quiet.infoText).toBeNull();
  });

  it("9. phase switch: in phase 2 the journal note and the joint decision appear retroactively (joint marked), the rest stays hidden [D03-R25 L7794-7816, D03-R26 L7818-7840, D03-R20 L7737-7741, D03-R28–R30]", async () => {
    expect(s8.client).not.toBe(""); // scenario 8 stored the data
    const seen = await view(s8.client, s8.client, { prefix: "/phase-2" });
    expect(seen.notices["Anteckning i klientjournal"]).toEqual([]);
    expect(seen.notices["Gemensamt beslut"]).toEqual(["JOINTLY-CREATED"]);
    for (const title of EXCLUDED.slice(2)) expect(seen.titles).not.toContain(title);
  });

  it("10. revoked decision: makulerad it disappears; its replacement is shown [D03-R32 L8110-8118]", async () => {
    const s = story("10", adult());
    const decision = doc(s, 3, "Beslut om hemvård", { ...DECISION, socialServices: [SOCIAL_SERVICE("15", "Hemvård")] });
    await expectStored(s.kr, s.theCase, decision);
    expect((await view(s.client, s.client)).titles).toContain("Beslut om hemvård");
    const cancelled = nextVersion(decision, { status: "cancelled" });
    expect(await send(cancelled, sampleBody(), { serviceRequest: "SP2", professional: true })).toBe("AA");
    expect((await view(s.client, s.client)).titles).not.toContain("Beslut om hemvård");
    await expectStored(doc(s, 4, "Nytt beslut om hemvård", { ...DECISION, socialServices: [SOCIAL_SERVICE("15", "Hemvård")] }));
    const after = await view(s.client, s.client);
    expect(after.titles).toContain("Nytt beslut om hemvård");
    expect(after.titles).not.toContain("Beslut om hemvård");
  });

  it("11. client-relationship document: newest contact person and both date sets on the landing page, no KR in the list; hidden by specialinnehåll; a 2018 schema never used [D03-R11–R14 L7698-7717 L8385-8391, D03-R23 L7780-7785, D03-R24 L7941-7959]", async () => {
    const s = story("11", adult());
    const content = {
      childProtectionRelationship: { start: "2026-02-01", end: "2026-10-31" },
      responsibleWorkers: [
        { id: "150585-951A", name: "Anders Äldre", contact: "029 000 0001" },
        { id: "010180-9026", name: "Beata Nyare", contact: "029 000 0002" },
      ],
    };
    await expectStored([s.kr, krBody([s.client], content)], s.theCase);
    const token = await login(s.client);
    const landing = await get(`/people/${s.client}/landing`, token);
    expect(landing.body.clientRelationships).toEqual([
      expect.objectContaining({ shown: true, socialCare: { start: "2026-11-01", end: null }, childProtection: { start: "2026-02-01", end: "2026-10-31" }, ownContactPerson: { name: "Beata Nyare", contact: "029 000 0002" } }),
    ]);
    expect((await view(s.client, s.client)).titles).not.toContain("Klientrelationshandling");

    await expectStored([nextVersion(s.kr, { specialContent: true, restrictionReasons: [REASON("1")] }), krBody([s.client], content)]);
    const restricted = await get(`/people/${s.client}/landing`, await login(s.client));
    expect(restricted.body.clientRelationships).toEqual([expect.objectContaining({ shown: false, reason: "LANDING-DATA-SPECIAL-CONTENT", rule: "D03-R14" })]);
    expect(JSON.stringify(restricted.body)).not.toContain("Beata");

    const old = story("111", adult());
    await expectStored([{ ...old.kr, schemaVersion: "2018-01" }, krBody([old.client], content)]);
    const oldLanding = await get(`/people/${old.client}/landing`, await login(old.client));
    expect(oldLanding.body.clientRelationships).toEqual([expect.objectContaining({ shown: false, reason: "LANDING-DATA-PHASE-1-SCHEMA", rule: "D03-R23" })]);
  });

  // Scenarios 12–17: David (14) and his guardians Anna (G1) and Bertil (G2, housing-only agreement).
  const david = story("90", DAVID, { guardianDisclosure: "1" });
  let davidReady: Promise<void> | undefined;
  const davidStory = () => (davidReady ??= expectStored(david.kr, david.theCase));
  const seenBy = async (viewer: string, title: string, options: { prefix?: string; now?: string } = {}) => (await view(viewer, DAVID, options)).notices[title];

  it("12. a minor's document with code 1 is seen by the child and both guardians; without the code it is refused [D03-R52 L8887-8907, D03-R54, D03-R05 L7620-7624, E1]", async () => {
    await davidStory();
    await expectStored(doc(david, 12, "Bedömning kod 1", { guardianDisclosure: "1" }));
    for (const viewer of [DAVID, ANNA, BERTIL]) expect(await seenBy(viewer, "Bedömning kod 1"), viewer).toEqual([]);
    expect(await send(doc(david, 13, "Bedömning utan kod", { guardianDisclosure: undefined }))).toBe("AE MIN-GUARDIAN-DISCLOSURE-MISSING");
  });

  it("13. code 2: the child sees it marked 'not shown to guardian', the guardians do not; without text, or with 501 characters, refused [D03-R55 L8934-8950, D03-R19 L7735-7737, D03-R56, D03-R43, E2, E9]", async () => {
    await davidStory();
    await expectStored(doc(david, 14, "Samtal kod 2", { guardianDisclosure: "2", restrictionText: "Barnet vill inte att föräldrarna ser detta." }));
    expect(await seenBy(DAVID, "Samtal kod 2")).toEqual(["NOT-SHOWN-TO-GUARDIAN"]);
    for (const guardian of [ANNA, BERTIL]) expect(await seenBy(guardian, "Samtal kod 2"), guardian).toBeUndefined();
    expect(await send(doc(david, 15, "Kod 2 utan text", { guardianDisclosure: "2" }))).toBe("AE MIN-CHILD-REASON-TEXT-MISSING");
    // Over 500 characters is the client system's duty: a warning inside AA (a refusal with STRICT_MODE=true).
    expect(await send(doc(david, 16, "Kod 2 lång text", { guardianDisclosure: "2", restrictionText: "x".repeat(501) }))).toBe("AA warning RESTRICTION-TEXT-TOO-LONG");
  });

  it("14. code 3: shown to the child and the guardians despite the ban; without the table 5.4.2 reason refused [D03-R57 L8986-8996, E3]", async () => {
    await davidStory();
    await expectStored(doc(david, 17, "Beslut kod 3", { guardianDisclosure: "3", restrictionText: "Barnet förbjöd utan vägande skäl.", disclosureDespiteBanReasons: [DESPITE_BAN("1")] }));
    for (const viewer of [DAVID, ANNA, BERTIL]) expect(await seenBy(viewer, "Beslut kod 3"), viewer).toEqual([]);
    expect(await send(doc(david, 18, "Kod 3 utan motivering", { guardianDisclosure: "3", restrictionText: "Barnet förbjöd." }))).toBe("AE MIN-DISCLOSURE-DESPITE-BAN-REASON-MISSING");
  });

  it("15. code 4 (worker's own initiative): the child sees it with the note, the guardians do not; without a reason refused [D03-R58, D03-R59 L10007-10029, E4]", async () => {
    await davidStory();
    await expectStored(doc(david, 19, "Utredning kod 4", { guardianDisclosure: "4", restrictionReasons: [REASON("2")] }));
    expect(await seenBy(DAVID, "Utredning kod 4")).toEqual(["NOT-SHOWN-TO-GUARDIAN"]);
    for (const guardian of [ANNA, BERTIL]) expect(await seenBy(guardian, "Utredning kod 4"), guardian).toBeUndefined();
    expect(await send(doc(david, 20, "Kod 4 utan motivering", { guardianDisclosure: "4" }))).toBe("AE RESTRICTION-REASON-MISSING");
  });

  it("16. serious danger: specialinnehåll with code 4 hides the document from the child too [D03-R61 L9148-9158]", async () => {
    await davidStory();
    await expectStored(doc(david, 21, "Allvarlig fara", { guardianDisclosure: "4", specialContent: true, restrictionReasons: [REASON("1")] }));
    for (const viewer of [DAVID, ANNA, BERTIL]) expect(await seenBy(viewer, "Allvarlig fara"), viewer).toBeUndefined();
  });

  it("17. institution counsellor flow (phase 2): a delayed note re-versioned to code 2 never reaches the guardians; re-versioned to code 3 reaches everyone [D03-R63 L8843-8885, D03-R36]", async () => {
    await davidStory();
    const phase2 = { prefix: "/phase-2" };
    const delay = { delayedUntil: day(7), restrictionReasons: [REASON("6")] };
    const note = doc(david, 22, "Anteckning från institutionen", { guardianDisclosure: "1", ...delay }, david.journal);
    const other = doc(david, 23, "Anteckning från skolkuratorn", { guardianDisclosure: "1", ...delay }, david.journal);
    await expectStored(note, other);
    for (const viewer of [DAVID, ANNA, BERTIL]) expect(await seenBy(viewer, "Anteckning från institutionen", phase2), viewer).toBeUndefined();
    await expectStored(
      nextVersion(note, { guardianDisclosure: "2", restrictionText: "Barnet förbjuder att vårdnadshavarna ser anteckningen." }),
      nextVersion(other, { guardianDisclosure: "3", restrictionText: "Barnet förbjöd.", disclosureDespiteBanReasons: [DESPITE_BAN("2")] }),
    );
    const after = { ...phase2, now: at(day(7)) };
    expect(await seenBy(DAVID, "Anteckning från institutionen", after)).toEqual(expect.arrayContaining(["NOT-SHOWN-TO-GUARDIAN", "DELAY-ENDED"]));
    for (const guardian of [ANNA, BERTIL]) {
      expect(await seenBy(guardian, "Anteckning från institutionen", after), guardian).toBeUndefined();
      expect(await seenBy(guardian, "Anteckning från skolkuratorn", after), guardian).toEqual(["DELAY-ENDED"]);
    }
    expect(await seenBy(DAVID, "Anteckning från skolkuratorn", after)).toEqual(["DELAY-ENDED"]);
  });

  it("18. shared matter of the child and the resident parent (phase 2): the parent sees it, the distance parent acting for the child does not, even with code 2 [D03-R64 L8788-8792, D03-R65 L9279-9297]", async () => {
    await davidStory();
    const phase2 = { prefix: "/phase-2" };
    const anna = story("91", ANNA);
    const shared = (n: number, title: string, marks: Partial<DocumentMetadata>) => doc(david, n, title, { clients: [DAVID, ANNA], caseId: `${david.caseId}.7`, serviceTasks: [FAMILIES], ...marks });
    const jointCase: DocumentMetadata = { ...david.theCase, documentId: `${david.prefix}.30.1`, setId: `${david.prefix}.30`, caseId: `${david.caseId}.7`, clients: [DAVID, ANNA], serviceTasks: [FAMILIES] };
    await expectStored(anna.kr, [jointCase, caseBody([DAVID, ANNA])]);
    await expectStored([shared(31, "Beslut om familjearbete", { guardianDisclosure: "1" }), sampleBody()], [shared(32, "Plan för familjearbete kod 2", { guardianDisclosure: "2", restrictionText: "Barnet vill inte att pappa ser planen." }), sampleBody()]);

    expect((await view(ANNA, ANNA, phase2)).notices["Beslut om familjearbete"]).toEqual(["JOINTLY-CREATED"]);
    expect((await view(ANNA, ANNA, phase2)).titles).toContain("Plan för familjearbete kod 2");
    expect(await seenBy(ANNA, "Beslut om familjearbete", phase2)).toEqual(["JOINTLY-CREATED"]);
    expect(await seenBy(ANNA, "Plan för familjearbete kod 2", phase2)).toEqual(["JOINTLY-CREATED"]);
    expect(await seenBy(BERTIL, "Beslut om familjearbete", phase2)).toBeUndefined();
    expect(await seenBy(BERTIL, "Plan för familjearbete kod 2", phase2)).toBeUndefined();
  });

  it("19. proxy eligibility matrix from the population register [D08-R69 L34519-34529, D03-R67 L8722-8776, D03-R68 L8740-8742, D03-R66 L8711-8719, D07-R91 L30599-30605]", async () => {
    const refusal = async (viewer: string, subject: string, now?: string) => {
      const res = await get(`/people/${subject}/documents`, await login(viewer), now ? { now } : {});
      return [res.status, res.body.error, res.body.documents];
    };
    // The child has spärrmarkering: no guardian gets any data.
    expect(await refusal(CECILIA, FILIP)).toEqual([403, "MK-PROXY-CHILD-NON-DISCLOSURE", undefined]);
    // The other guardian has spärrmarkering: this guardian is denied.
    expect(await refusal(GUSTAV, NOAH)).toEqual([403, "MK-PROXY-OTHER-GUARDIAN-NON-DISCLOSURE", undefined]);
    // A guardian declared incapacitated is denied (a guardianship added to the register for the test).
    const child = makePersonalIdentityCode("2014-04-04", 977);
    await t.database.db.insertInto("persons").values({ person_id: child, given_name: "Olle", family_name: "Omyndigsson", birth_date: "2014-04-04", non_disclosure: false, is_temporary_id: false } as never).execute();
    await t.database.db.insertInto("guardianships").values({ id: `g-karl-${run}`, guardian_id: KARL, child_id: child, kind: "parent", valid_from: "2014-04-04", valid_to: null, custody_arrangement: "none" } as never).execute();
    expect(await refusal(KARL, child)).toEqual([403, "MK-PROXY-INCAPACITATED", undefined]);
    // A housing-only shared-custody agreement does not block (Bertil for David).
    expect((await get(`/people/${DAVID}/documents`, await login(BERTIL))).status).toBe(200);
    // "C omhändertaget → allowed": the fake register records no taking into care, so nothing can block on it;
    // the engine's row (childTakenIntoCare does not block) is covered by test/unit/visibility-eligibility.test.ts.
    // When the child turns 18, the guardian's access ends (David turns 18 on 5.9.2030).
    expect(await refusal(ANNA, DAVID, "2030-09-05T09:00:00Z")).toEqual([403, "MK-PROXY-CHILD-ADULT", undefined]);
    expect((await get(`/people/${DAVID}/documents`, await login(ANNA), { now: "2030-09-04T09:00:00Z" })).status).toBe(200);

    // A §7 information-right holder (Bertil for Ella) sees what the guardian (Anna) sees: codes 2 and 4 hidden.
    const ella = story("92", ELLA, { guardianDisclosure: "1" });
    await expectStored(
      ella.kr,
      ella.theCase,
      doc(ella, 3, "Ella kod 1", { guardianDisclosure: "1" }),
      doc(ella, 4, "Ella kod 2", { guardianDisclosure: "2", restrictionText: "Ella vill inte." }),
      doc(ella, 5, "Ella kod 4", { guardianDisclosure: "4", restrictionReasons: [REASON("2")] }),
    );
    const bertil = await view(BERTIL, ELLA);
    const anna = await view(ANNA, ELLA);
    expect(bertil.body.viewerRole).toBe("information-right");
    expect(bertil.titles).toEqual(anna.titles);
    expect(bertil.titles).toContain("Ella kod 1");
    expect(bertil.titles).not.toContain("Ella kod 2");
    expect(bertil.titles).not.toContain("Ella kod 4");
    expect((await view(ELLA, ELLA)).titles).toEqual(expect.arrayContaining(["Ella kod 1", "Ella kod 2", "Ella kod 4"]));
  });

  it("20. active-use period: listed while the case's active use runs, not after (15 years from 2 years after closing, DESIGN §7.3) [D03-R16 L7723-7727, D07-R45]", async () => {
    const s = story("20", adult());
    const assessment = doc(s, 3, "Bedömning i stängt ärende");
    await expectStored(s.kr, s.theCase, assessment);
    const closed = nextVersion(s.theCase, { caseStatus: { code: "2", codeSystem: "1.2.246.10.99990000.3.3", displayName: "Stängd" }, caseClosedAt: today });
    await expectStored([closed, caseBody([s.client], today)]);
    expect((await view(s.client, s.client, { now: at(addYears(today, 14)) })).titles).toContain("Bedömning i stängt ärende");
    expect((await view(s.client, s.client, { now: at(day(1, new Date(at(addYears(today, 15))))) })).titles).toContain("Bedömning i stängt ärende");
    expect((await view(s.client, s.client, { now: at(day(-1, new Date(at(addYears(today, 17))))) })).titles).toContain("Bedömning i stängt ärende");
    expect((await view(s.client, s.client, { now: at(day(1, new Date(at(addYears(today, 17))))) })).titles).not.toContain("Bedömning i stängt ärende");
  });
});
