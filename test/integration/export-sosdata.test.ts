/**
 * Issue 10: the Sosdata export from the archive. Constructed archives are stored through the real store
 * path (storeVersion, signed-CDA bytes with structured content), then loadSosdataInput / exportSosdata
 * read them back from the database and give exactly the expected rows. Each scenario has its own
 * organiser (own register), so an export sees that scenario only. Seed 003 = THL's Sosdata notice (S003 Lnn).
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { storeVersion } from "../../src/archive/store.js";
import { buildCdaDocument } from "../../src/cda/build.js";
import { exportSosdata, loadSosdataInput } from "../../src/export/sosdata.js";
import type { Coded, DocumentMetadata } from "../../src/model/document.js";
import { CODE_SYSTEMS } from "../../src/rules/storage/code-systems.js";
import type { SosdataResult } from "../../src/rules/sosdata/index.js";
import { useTestDatabase } from "../support/database.js";
import { clientDocumentMetadata, TEST_SIGNER, testOid } from "../support/metadata.js";

const t = useTestDatabase();
const Q1_2023 = { from: "2023-01-01", to: "2023-03-31" };
const TASK = { childProtection: "10", elderly: "23", families: "24", workingAge: "26", disability: "27" } as const;
const SERVICE = { homeCare: "15", carerSupport: "30", socialWork: "47", intensifiedFamilyWork: "50" } as const;
const SCHEMA = { kr: "1.2.246.10.99990000.6.2", case: "1.2.246.10.99990000.6.3", journal: "1.2.246.10.99990000.6.4", decision: "1.2.246.10.99990000.6.5" } as const;
const task = (code: string): Coded => ({ code, codeSystem: CODE_SYSTEMS.serviceTask });
const service = (code: string): Coded => ({ code, codeSystem: CODE_SYSTEMS.socialService });

// ── a constructed archive: one organiser (own register) per scenario ──

class Archive {
  private clientSeq = 0;
  constructor(readonly organiser: string) {}

  static async create(): Promise<Archive> {
    const organiser = testOid("1.2.246.10.99990001.88");
    await t.database.db.insertInto("organisations").values({ oid: organiser, name: `Sosdata test organiser ${organiser}`, kind: "welfare_region", is_public: true }).execute();
    await t.database.db.insertInto("registers").values({ id: `${organiser}:1`, organiser_oid: organiser, register_code: "1", name: "Socialvårdens klientregister" }).execute();
    return new Archive(organiser);
  }

  /** A fictional client id unique to this archive (the export keys rows by it, it is not validated here). */
  client(): string {
    this.clientSeq += 1;
    return `${this.organiser.split(".").pop()!.slice(-6).padStart(6, "0")}-9${String(this.clientSeq).padStart(2, "0")}X`;
  }

  private base(overrides: Partial<DocumentMetadata>): DocumentMetadata {
    const setId = overrides.setId ?? testOid();
    return clientDocumentMetadata({
      organiser: { oid: this.organiser, name: "Testområde" },
      producer: { oid: this.organiser, name: "Testområde" },
      registerCode: { code: "1", codeSystem: CODE_SYSTEMS.register },
      documentId: `${setId}.1`,
      setId,
      ...overrides,
    });
  }

  /** Stores one version as the archive does: CDA bytes with the structured content, facts in the same transaction. */
  async store(metadata: DocumentMetadata, json: Record<string, unknown>, jsonSchemaOid: string, receivedAt = new Date("2023-04-01T08:00:00Z")): Promise<DocumentMetadata> {
    const body = { xhtml: "<paragraph>Testhandling.</paragraph>", json, jsonSchemaOid };
    const content = new TextEncoder().encode(buildCdaDocument(metadata, body));
    const stored = await storeVersion(t.database.db, { metadata, content, signer: TEST_SIGNER, messageId: randomUUID(), receivedAt, body });
    expect(stored.ok, JSON.stringify(stored.findings)).toBe(true);
    return metadata;
  }

  /** Ärendehandling: #13 opened, #14 closed, #15 status (1 open / 2 Stängd), #19 the one service task. */
  case(spec: { clients: string[]; task: string; opened: string; closed?: string; status: "open" | "closed" }): { metadata: DocumentMetadata; json: Record<string, unknown> } {
    const caseId = testOid("1.2.246.10.99990001.56");
    const metadata = this.base({
      documentGroup: "case",
      title: "Ärendehandling",
      clients: spec.clients,
      caseId,
      caseOpenedAt: spec.opened,
      ...(spec.closed && { caseClosedAt: spec.closed }),
      caseStatus: { code: spec.status === "closed" ? "2" : "1", codeSystem: CODE_SYSTEMS.caseStatus },
      serviceTasks: [task(spec.task)],
      createdAt: `${spec.opened}T09:00:00+02:00`,
    });
    const json = { asiakkaat: spec.clients, asiaAvattu: spec.opened, ...(spec.closed && { asiaSuljettu: spec.closed }), asianTila: spec.status === "closed" ? "suljettu" : "avoin" };
    return { metadata, json };
  }

  async storeCase(spec: Parameters<Archive["case"]>[0]): Promise<DocumentMetadata> {
    const { metadata, json } = this.case(spec);
    return this.store(metadata, json, SCHEMA.case);
  }

  /** Klientrelationshandling with the structured content of client-relationship.schema.json (+ unit social services). */
  async storeKr(client: string, content: Record<string, unknown>): Promise<DocumentMetadata> {
    const metadata = this.base({ documentGroup: "client-relationship", title: "Klientrelationshandling", clients: [client], serviceTasks: [], createdAt: "2023-01-02T09:00:00+02:00" });
    delete metadata.caseId;
    return this.store(metadata, { asiakkaat: [client], asiakkuusAlkanut: "2023-01-02", palvelutehtava: "23", ...content }, SCHEMA.kr);
  }

  /** A journal entry of service process 5 (Genomförande av tjänster) naming social services (#20). */
  async storeJournalEntry(spec: { client: string; createdAt: string; task: string; services: string[]; setId?: string; version?: number; replaces?: string; status?: "ready" | "cancelled"; receivedAt?: Date }): Promise<DocumentMetadata> {
    const setId = spec.setId ?? testOid();
    const versionNumber = spec.version ?? 1;
    const metadata = this.base({
      setId,
      documentId: `${setId}.${versionNumber}`,
      versionNumber,
      ...(spec.replaces && { replacesDocumentId: spec.replaces }),
      status: spec.status ?? "ready",
      documentGroup: "journal-entry",
      title: "Anteckning om möte",
      clients: [spec.client],
      createdAt: spec.createdAt,
      serviceProcess: { code: "5", codeSystem: CODE_SYSTEMS.serviceProcess },
      serviceTasks: [task(spec.task)],
      socialServices: spec.services.map(service),
      generalType: { code: "2", codeSystem: CODE_SYSTEMS.generalType },
    });
    return this.store(metadata, { asiakkaat: [spec.client], merkinta: "Möte med klienten.", merkintapaiva: spec.createdAt.slice(0, 10) }, SCHEMA.journal, spec.receivedAt);
  }

  /** A decision (#22 Beslut, #23 specifying type) with the content of decision.schema.json + validity period. */
  async storeDecision(spec: { client: string; type: string; task: string; services: string[]; paatos: string; decided: string; validFrom?: string; validTo?: string }): Promise<DocumentMetadata> {
    const metadata = this.base({
      documentGroup: "phase-2",
      title: "Beslut",
      clients: [spec.client],
      createdAt: `${spec.decided}T10:00:00+02:00`,
      serviceProcess: { code: "4", codeSystem: CODE_SYSTEMS.serviceProcess },
      serviceTasks: [task(spec.task)],
      socialServices: spec.services.map(service),
      generalType: { code: "12", codeSystem: CODE_SYSTEMS.generalType },
      specificType: { code: spec.type, codeSystem: CODE_SYSTEMS.specificType },
    });
    return this.store(
      metadata,
      {
        asiakkaat: [spec.client],
        paatos: spec.paatos,
        paatospaiva: spec.decided,
        perustelut: "Perustelut.",
        ...(spec.validFrom && { voimassaoloAlkaa: spec.validFrom }),
        ...(spec.validTo && { voimassaoloPaattyy: spec.validTo }),
      },
      SCHEMA.decision,
    );
  }

  async export(period = Q1_2023, at?: Date): Promise<SosdataResult> {
    const result = await exportSosdata(t.database.db, { ...period, organiserOid: this.organiser, format: "json", ...(at && { at }) });
    return result.result;
  }
}

/** The completeness report reduced to what a scenario asserts: reason, client, document. */
const issues = (r: SosdataResult) => r.completeness.map((i) => ({ family: i.family, reason: i.reason, client: i.client, ...(i.documentId && { documentId: i.documentId }) }));

describe("Sosdata export: client-relationship periods from stored case documents [S003 L45]", () => {
  it("one case opened before and closed in the period gives one period from its opening to its closing [S003 L45]", async () => {
    const a = await Archive.create();
    const client = a.client();
    const c = await a.storeCase({ clients: [client], task: TASK.elderly, opened: "2022-12-01", closed: "2023-02-10", status: "closed" });
    await a.storeKr(client, {});
    const r = await a.export();
    expect(r.clientRelationshipPeriods).toEqual([{ organiserOid: a.organiser, client, serviceTask: "23", start: "2022-12-01", end: "2023-02-10", caseIds: [c.caseId] }]);
  });

  // S003 L45: "… då ärendet öppnas på nytt efter att alla ärenden som tidigare behandlats inom serviceuppgiften har stängts"
  type CaseStep = { task: string; opened: string; closed?: string; status: "open" | "closed" };
  type ExpectedPeriod = { serviceTask: string; start: string; end?: string; cases: number[] };
  it.each<{ name: string; cases: CaseStep[]; periods: ExpectedPeriod[] }>([
    {
      name: "a case opened after all earlier cases closed starts a new period; an open case has no end",
      cases: [
        { task: TASK.workingAge, opened: "2023-01-02", closed: "2023-01-15", status: "closed" as const },
        { task: TASK.workingAge, opened: "2023-02-01", status: "open" as const },
      ],
      periods: [
        { serviceTask: "26", start: "2023-01-02", end: "2023-01-15", cases: [0] },
        { serviceTask: "26", start: "2023-02-01", cases: [1] },
      ],
    },
    {
      name: "a case opened while another is open joins its period; the period ends with the last closing",
      cases: [
        { task: TASK.elderly, opened: "2023-01-10", closed: "2023-02-20", status: "closed" as const },
        { task: TASK.elderly, opened: "2023-02-01", closed: "2023-03-05", status: "closed" as const },
      ],
      periods: [{ serviceTask: "23", start: "2023-01-10", end: "2023-03-05", cases: [0, 1] }],
    },
    {
      name: "a case opened on the day the last one closed continues the period (day precision)",
      cases: [
        { task: TASK.families, opened: "2023-01-05", closed: "2023-01-31", status: "closed" as const },
        { task: TASK.families, opened: "2023-01-31", status: "open" as const },
      ],
      periods: [{ serviceTask: "24", start: "2023-01-05", cases: [0, 1] }],
    },
    {
      name: "overlapping cases in different service tasks give one period per task [D04-R41 L16193-16197]",
      cases: [
        { task: TASK.elderly, opened: "2023-01-10", status: "open" as const },
        { task: TASK.disability, opened: "2023-01-20", closed: "2023-03-01", status: "closed" as const },
        { task: TASK.elderly, opened: "2023-02-01", closed: "2023-02-20", status: "closed" as const },
      ],
      periods: [
        { serviceTask: "23", start: "2023-01-10", cases: [0, 2] },
        { serviceTask: "27", start: "2023-01-20", end: "2023-03-01", cases: [1] },
      ],
    },
    {
      name: "a period that ended before the follow-up period is not reported",
      cases: [
        { task: TASK.elderly, opened: "2022-05-01", closed: "2022-12-31", status: "closed" as const },
        { task: TASK.elderly, opened: "2023-03-31", status: "open" as const },
      ],
      periods: [{ serviceTask: "23", start: "2023-03-31", cases: [1] }],
    },
  ])("$name [S003 L45]", async ({ cases, periods }) => {
    const a = await Archive.create();
    const client = a.client();
    const stored: DocumentMetadata[] = [];
    for (const c of cases) stored.push(await a.storeCase({ clients: [client], ...c }));
    await a.storeKr(client, {});
    const r = await a.export();
    expect(r.clientRelationshipPeriods).toEqual(
      periods.map((p) => ({ organiserOid: a.organiser, client, serviceTask: p.serviceTask, start: p.start, ...(p.end && { end: p.end }), caseIds: p.cases.map((i) => stored[i]!.caseId) })),
    );
  });

  it("a case reopened by a new version (status open, old closing date kept) is open: only the latest version counts [S003 L45; L16110; D05-R29 L20568-20570]", async () => {
    const a = await Archive.create();
    const client = a.client();
    const { metadata: v1, json } = a.case({ clients: [client], task: TASK.families, opened: "2022-10-01", closed: "2022-12-31", status: "closed" });
    await a.store(v1, json, SCHEMA.case, new Date("2023-01-02T08:00:00Z"));
    await a.storeKr(client, {});
    expect((await a.export()).clientRelationshipPeriods).toEqual([]); // closed before the period
    const v2: DocumentMetadata = { ...v1, documentId: `${v1.setId}.2`, versionNumber: 2, replacesDocumentId: v1.documentId, caseStatus: { code: "1", codeSystem: CODE_SYSTEMS.caseStatus }, createdAt: "2023-02-15T09:00:00+02:00" };
    await a.store(v2, { ...json, asianTila: "avoin" }, SCHEMA.case, new Date("2023-02-15T08:00:00Z"));
    expect((await a.export()).clientRelationshipPeriods).toEqual([{ organiserOid: a.organiser, client, serviceTask: "24", start: "2022-10-01", caseIds: [v1.caseId] }]);
    // The archive as it stood before the reopening version was stored: the case is still closed.
    expect((await a.export(Q1_2023, new Date("2023-02-01T00:00:00Z"))).clientRelationshipPeriods).toEqual([]);
  });

  it("a joint case gives each of its clients a period; a client without a KR is reported [S003 L45, L49]", async () => {
    const a = await Archive.create();
    const [parent, child] = [a.client(), a.client()];
    const c = await a.storeCase({ clients: [parent, child], task: TASK.families, opened: "2023-03-01", status: "open" });
    await a.storeKr(parent, {});
    const r = await a.export();
    expect(r.clientRelationshipPeriods).toEqual([
      { organiserOid: a.organiser, client: parent, serviceTask: "24", start: "2023-03-01", caseIds: [c.caseId] },
      { organiserOid: a.organiser, client: child, serviceTask: "24", start: "2023-03-01", caseIds: [c.caseId] },
    ].sort((x, y) => (x.client < y.client ? -1 : 1)));
    expect(issues(r).filter((i) => i.reason === "client-relationship-document-missing")).toEqual([{ family: "social-services", reason: "client-relationship-document-missing", client: child }]);
  });

  it("a makulerad case gives no period; the organiser's export sees no other organiser's register [D06-R16 L25960; S003 L49]", async () => {
    const a = await Archive.create();
    const other = await Archive.create();
    const client = a.client();
    const { metadata: v1, json } = a.case({ clients: [client], task: TASK.workingAge, opened: "2023-01-03", status: "open" });
    await a.store(v1, json, SCHEMA.case);
    await a.store({ ...v1, documentId: `${v1.setId}.2`, versionNumber: 2, replacesDocumentId: v1.documentId, status: "cancelled" }, json, SCHEMA.case);
    await other.storeCase({ clients: [client], task: TASK.workingAge, opened: "2023-01-03", status: "open" });
    const r = await a.export();
    expect(r).toEqual({ clientRelationshipPeriods: [], childProtectionRelationships: [], socialServices: [], completeness: [] });
    expect((await other.export()).clientRelationshipPeriods).toHaveLength(1);
  });
});

describe("Sosdata export: child-protection relationships and service-unit relationships from stored KRs [S003 L53, L64]", () => {
  it("the child's KR records the child-protection relationship; a Barnskydd case alone makes no child-protection row [S003 L53; D05-R33 L20580-20592; D04-R27 L15673-15685]", async () => {
    const a = await Archive.create();
    const [child, sibling] = [a.client(), a.client()];
    const unitOid = "1.2.246.10.99990001.10.301";
    await a.storeCase({ clients: [child], task: TASK.childProtection, opened: "2023-02-01", status: "open" });
    await a.storeCase({ clients: [sibling], task: TASK.childProtection, opened: "2023-01-05", status: "open" });
    const childKr = await a.storeKr(child, {
      palvelutehtava: "10",
      childProtectionRelationship: { start: "2023-02-14" },
      serviceTasks: [{ serviceTask: { code: "10", codeSystem: CODE_SYSTEMS.serviceTask }, organiserUnits: [{ serviceUnitOid: unitOid, start: "2023-02-14", socialServices: [{ code: SERVICE.intensifiedFamilyWork, codeSystem: CODE_SYSTEMS.socialService }] }] }],
    });
    const siblingKr = await a.storeKr(sibling, {
      palvelutehtava: "10",
      serviceTasks: [{ serviceTask: { code: "10", codeSystem: CODE_SYSTEMS.serviceTask }, organiserUnits: [{ serviceUnitOid: unitOid, start: "2023-01-05" }] }],
    });
    const r = await a.export();
    expect(r.childProtectionRelationships).toEqual([{ organiserOid: a.organiser, client: child, start: "2023-02-14", documentId: childKr.documentId }]);
    expect(r.socialServices).toEqual([
      { organiserOid: a.organiser, client: child, socialService: "50", serviceTasks: ["10"], source: "service-unit-relationship", start: "2023-02-14", serviceUnitOid: unitOid, documentIds: [childKr.documentId] },
    ]);
    expect(issues(r)).toEqual([{ family: "social-services", reason: "service-unit-relationship-without-social-service", client: sibling, documentId: siblingKr.documentId }]);
  });

  it.each([
    { name: "ended before the period", relationship: { start: "2022-03-01", end: "2022-12-31" }, rows: 0 },
    { name: "ending in the period", relationship: { start: "2022-03-01", end: "2023-01-31" }, rows: 1 },
    { name: "starting after the period", relationship: { start: "2023-04-01" }, rows: 0 },
  ])("a child-protection relationship $name is reported only when it overlaps the period [S003 L53]", async ({ relationship, rows }) => {
    const a = await Archive.create();
    const child = a.client();
    const kr = await a.storeKr(child, { palvelutehtava: "10", childProtectionRelationship: relationship });
    const r = await a.export();
    expect(r.childProtectionRelationships).toEqual(rows === 0 ? [] : [{ organiserOid: a.organiser, client: child, ...relationship, documentId: kr.documentId }]);
  });

  it("the compact KR form is one relationship at the header's service unit with the KR's social services (#7, #20) [S003 L64, L122]", async () => {
    const a = await Archive.create();
    const client = a.client();
    const metadata = clientDocumentMetadata({
      organiser: { oid: a.organiser },
      documentGroup: "client-relationship",
      clients: [client],
      serviceTasks: [],
      socialServices: [service(SERVICE.homeCare)],
      serviceUnit: { oid: "1.2.246.10.99990001.10.104" },
    });
    delete metadata.caseId;
    await a.store(metadata, { asiakkaat: [client], asiakkuusAlkanut: "2022-11-07", palvelutehtava: "23" }, SCHEMA.kr);
    const r = await a.export();
    expect(r.socialServices).toEqual([
      { organiserOid: a.organiser, client, socialService: "15", serviceTasks: ["23"], source: "service-unit-relationship", start: "2022-11-07", serviceUnitOid: "1.2.246.10.99990001.10.104", documentIds: [metadata.documentId] },
    ]);
  });
});

describe("Sosdata export: social services from implementation documents [S003 L63]", () => {
  it("journal entries of the implementation phase give one row per client × service, first/last date; a corrected version replaces, a makulerad one is gone [S003 L63; D05-R29 L20568-20570; D06-R16 L25960]", async () => {
    const a = await Archive.create();
    const client = a.client();
    const first = await a.storeJournalEntry({ client, createdAt: "2023-01-12T10:00:00+02:00", task: TASK.workingAge, services: [SERVICE.socialWork] });
    const corrected = await a.storeJournalEntry({ client, createdAt: "2023-01-12T10:00:00+02:00", task: TASK.workingAge, services: [SERVICE.socialWork], setId: first.setId, version: 2, replaces: first.documentId });
    const later = await a.storeJournalEntry({ client, createdAt: "2023-03-20T15:00:00+02:00", task: TASK.workingAge, services: [SERVICE.socialWork] });
    const voided = await a.storeJournalEntry({ client, createdAt: "2023-03-30T15:00:00+02:00", task: TASK.workingAge, services: [SERVICE.socialWork] });
    await a.storeJournalEntry({ client, createdAt: "2023-03-30T15:00:00+02:00", task: TASK.workingAge, services: [SERVICE.socialWork], setId: voided.setId, version: 2, replaces: voided.documentId, status: "cancelled" });
    await a.storeJournalEntry({ client, createdAt: "2023-04-03T15:00:00+03:00", task: TASK.workingAge, services: [SERVICE.socialWork] }); // after the period
    const r = await a.export();
    expect(r.socialServices).toEqual([
      { organiserOid: a.organiser, client, socialService: "47", serviceTasks: ["26"], source: "implementation-document", start: "2023-01-12", end: "2023-03-20", documentIds: [corrected.documentId, later.documentId].sort() },
    ]);
  });
});

describe("Sosdata export: service decisions read from the decision content [S003 L65, L67, L96-106, L112-117]", () => {
  const decisions = [
    { key: "madeInPeriod", type: "308", service: SERVICE.homeCare, paatos: "myönteinen", decided: "2023-02-01", validFrom: "2023-02-15", category: "positive-made-in-period" },
    { key: "inForce", type: "308", service: SERVICE.homeCare, paatos: "myönteinen", decided: "2022-06-01", validFrom: "2022-06-01", category: "positive-in-force-through-period" },
    { key: "ending", type: "390", service: SERVICE.homeCare, paatos: "myönteinen", decided: "2022-09-01", validFrom: "2022-09-01", validTo: "2023-03-15", category: "positive-ending-in-period" },
    { key: "negative", type: "308", service: SERVICE.carerSupport, paatos: "kielteinen", decided: "2023-03-01", category: "negative" },
    { key: "partly", type: "308", service: SERVICE.carerSupport, paatos: "osittain myönteinen", decided: "2023-01-20", validFrom: "2023-02-01", validTo: "2023-12-31", category: "positive-made-in-period" },
    { key: "notAServiceDecision", type: "364", service: SERVICE.homeCare, paatos: "myönteinen", decided: "2023-02-01", validFrom: "2023-02-01" },
    { key: "negativeBefore", type: "308", service: SERVICE.homeCare, paatos: "kielteinen", decided: "2022-12-01" },
    { key: "madeAfter", type: "308", service: SERVICE.homeCare, paatos: "myönteinen", decided: "2023-04-02", validFrom: "2023-04-02" },
    { key: "expiredBefore", type: "308", service: SERVICE.homeCare, paatos: "myönteinen", decided: "2022-01-10", validFrom: "2022-01-10", validTo: "2022-12-31" },
    { key: "withoutValidity", type: "308", service: SERVICE.carerSupport, paatos: "myönteinen", decided: "2023-03-10" },
  ] as const;
  let archive: Archive;
  let client: string;
  let result: SosdataResult;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    archive = await Archive.create();
    client = archive.client();
    for (const d of decisions) {
      const stored = await archive.storeDecision({ client, type: d.type, task: TASK.elderly, services: [d.service], paatos: d.paatos, decided: d.decided, ...("validFrom" in d && { validFrom: d.validFrom }), ...("validTo" in d && { validTo: d.validTo }) });
      ids[d.key] = stored.documentId;
    }
    result = await archive.export();
  });

  it.each(decisions.filter((d) => "category" in d))("$key: $paatos decision of type $type made $decided is $category [S003 L114-117]", (d) => {
    const rows = result.socialServices.filter((r) => r.documentIds.includes(ids[d.key]!));
    expect(rows).toEqual([
      {
        organiserOid: archive.organiser,
        client,
        socialService: d.service,
        serviceTasks: ["23"],
        source: "service-decision",
        decisionCategory: "category" in d ? d.category : undefined,
        decisionType: d.type,
        decidedAt: d.decided,
        ...("validFrom" in d && { validFrom: d.validFrom }),
        ...("validTo" in d && { validTo: d.validTo }),
        documentIds: [ids[d.key]],
      },
    ]);
  });

  it("decisions of other types, negative ones before the period, ones made after it or expired before it give no row [S003 L96-106, L114-117]", () => {
    expect(result.socialServices).toHaveLength(decisions.filter((d) => "category" in d).length);
    for (const key of ["notAServiceDecision", "negativeBefore", "madeAfter", "expiredBefore"]) {
      expect(result.socialServices.filter((r) => r.documentIds.includes(ids[key]!))).toEqual([]);
    }
  });

  it("a positive decision without a validity period is reported, not guessed [S003 L65, L67]", () => {
    expect(issues(result)).toEqual([{ family: "social-services", reason: "decision-without-validity-period", client, documentId: ids.withoutValidity }]);
  });

  it("a decision whose content cannot say positive or negative is reported [S003 L112-117]", async () => {
    const a = await Archive.create();
    const c = a.client();
    const d = await a.storeDecision({ client: c, type: "308", task: TASK.elderly, services: [SERVICE.homeCare], paatos: "ehkä", decided: "2023-02-01", validFrom: "2023-02-01" });
    expect(issues(await a.export())).toEqual([{ family: "social-services", reason: "decision-outcome-missing", client: c, documentId: d.documentId }]);
  });
});

describe("loadSosdataInput reads the archive as it stood at the given time [D05-R29 L20568-20570]", () => {
  it("a version stored after `at` is not seen; before it, the earlier version is", async () => {
    const a = await Archive.create();
    const client = a.client();
    const spec = { client, createdAt: "2023-01-12T10:00:00+02:00", task: TASK.workingAge, services: [SERVICE.socialWork] };
    const first = await a.storeJournalEntry({ ...spec, receivedAt: new Date("2023-01-12T09:00:00Z") });
    const second = await a.storeJournalEntry({ ...spec, setId: first.setId, version: 2, replaces: first.documentId, receivedAt: new Date("2023-03-01T09:00:00Z") });
    const ids = async (at: string) => (await loadSosdataInput(t.database.db, a.organiser, new Date(at))).documents.map((d) => d.documentId);
    expect(await ids("2023-01-11T00:00:00Z")).toEqual([]);
    expect(await ids("2023-02-01T00:00:00Z")).toEqual([first.documentId]);
    expect(await ids("2023-03-02T00:00:00Z")).toEqual([second.documentId]);
  });
});
